package needs

import (
	"github.com/samstyr/samstyr/internal/policy"
)

// The one home of who may see a need and what they may do with it. The
// service, the pages and the API ask these functions (the pages through
// View's Allowed) and restate none of it; the store's list filter
// (needVisible) is the SQL form of Visible, held to it by
// TestListVisibilityAgreesWithVisible.

// Visible reports whether actor a may see need n when the method makes
// publicStates public: a draft only its own organisation; everything else
// every signed-in person; the public only what is public.
func Visible(a *policy.Actor, n *Need, publicStates []string) bool {
	switch {
	case a != nil && a.System:
		return true
	case n.State == Draft:
		return a != nil && a.OrgID != 0 && a.OrgID == n.OrgID
	case signedIn(a):
		return true
	}
	return PublicIn(n.State, publicStates)
}

// Editable reports whether a need's text may still change (draft, or
// returned to its organisation for more information).
func Editable(state string) bool { return state == Draft || state == Returned }

// Backable reports whether a need in state may be backed or unbacked.
func Backable(state string) bool { return state != Draft && IsOpen(state) }

// Allowed is what one person may do with one need now: the need page shows
// exactly these actions and fields, and the services refuse the rest.
type Allowed struct {
	Edit        bool   `json:"edit"`        // change the text
	Back        bool   `json:"back"`        // back it as one's organisation (not backing yet)
	Unback      bool   `json:"unback"`      // withdraw one's organisation's backing
	Attach      bool   `json:"attach"`      // add an attachment
	Attachments bool   `json:"attachments"` // read its attachments
	History     bool   `json:"history"`     // names and comments in its history
	Merge       bool   `json:"merge"`       // merge it into another need
	Moves       []Move `json:"moves"`       // the state moves this person may take now (not merge)
}

// Move returns the allowed move to state to, if any.
func (al Allowed) Move(to string) (Move, bool) {
	for _, m := range al.Moves {
		if m.To == to {
			return m, true
		}
	}
	return Move{}, false
}

// Any reports whether the person may change anything about the need.
func (al Allowed) Any() bool {
	return al.Edit || al.Back || al.Unback || al.Attach || al.Merge || len(al.Moves) > 0
}

// allowed works out what a may do with n; backing says whether a's
// organisation backs n now.
func allowed(a *policy.Actor, n *Need, backing bool) Allowed {
	r := res(n)
	can := func(act policy.Action) bool { return policy.Can(a, act, r) }
	open := IsOpen(n.State)
	al := Allowed{
		Edit:        Editable(n.State) && can(policy.NeedUpdate),
		Attach:      open && can(policy.NeedAttach),
		Attachments: can(policy.NeedAttachments),
		History:     can(policy.NeedHistory),
		Merge:       open && n.State != Draft && can(policy.NeedMerge),
	}
	if Backable(n.State) && can(policy.NeedBack) && a != nil && a.OrgID != 0 {
		al.Back, al.Unback = !backing, backing
	}
	for _, m := range MovesFrom(n.State) {
		if m.To != Merged && can(m.Action) {
			al.Moves = append(al.Moves, m)
		}
	}
	return al
}
