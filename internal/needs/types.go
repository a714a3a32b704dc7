package needs

import (
	"context"
	"math"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/samstyr/samstyr/internal/errs"
	"github.com/samstyr/samstyr/internal/governance"
	"github.com/samstyr/samstyr/internal/listing"
	"github.com/samstyr/samstyr/internal/notify"
)

// Backing is an organisation's backing (tilslutning) of a need. A withdrawn
// backing is kept with its withdrawal time; nothing is deleted.
type Backing struct {
	ID                 int64     `json:"id"`
	NeedID             int64     `json:"need_id"`
	OrgID              int64     `json:"organisation_id"`
	OrgName            string    `json:"organisation_name"`
	OrgKind            string    `json:"organisation_kind"`
	MunicipalityNumber string    `json:"municipality_number,omitempty"`
	CountyNumber       string    `json:"county_number,omitempty"`
	CountyName         string    `json:"county_name,omitempty"`
	Population         int64     `json:"population,omitempty"`
	PersonID           int64     `json:"person_id,omitempty"`
	PersonName         string    `json:"person_name,omitempty"`
	Comment            string    `json:"comment,omitempty"`
	MovedFrom          int64     `json:"moved_from,omitempty"` // the merged need it came from
	CreatedAt          time.Time `json:"created_at"`
	WithdrawnAt        time.Time `json:"withdrawn_at,omitzero"`
}

// Stats sums up a need's current backing.
type Stats struct {
	Organisations   int64         `json:"organisations"`
	Municipalities  int64         `json:"municipalities"`
	Population      int64         `json:"population"`
	PopulationShare float64       `json:"population_share"` // of all municipalities' population
	Counties        []CountyCount `json:"counties"`
}

// CountyCount is one county's part of a need's backing.
type CountyCount struct {
	Number         string `json:"number"`
	Name           string `json:"name"`
	Municipalities int64  `json:"municipalities"`
	Population     int64  `json:"population"`
}

// Event is one move in a need's history.
type Event struct {
	ID          int64     `json:"id"`
	NeedID      int64     `json:"need_id"`
	From        string    `json:"from,omitempty"`
	To          string    `json:"to"`
	ActorID     int64     `json:"actor_id,omitempty"`
	ActorName   string    `json:"actor_name,omitempty"`
	Comment     string    `json:"comment,omitempty"`
	Reason      string    `json:"reason,omitempty"`
	ReviewDate  time.Time `json:"review_date,omitzero"`
	BodyID      int64     `json:"body_id,omitempty"`
	DecisionID  int64     `json:"decision_id,omitempty"`
	DecisionRef string    `json:"decision_ref,omitempty"` // the decision as text when the move was made
	// Decision is the decision the move cites, when it is a recorded one.
	Decision *governance.DecisionRef `json:"decision,omitempty"`
	// DecisionUnmatched: DecisionRef is free text (from before decisions
	// were linked) that matches no recorded decision.
	DecisionUnmatched bool      `json:"decision_unmatched,omitempty"`
	MergedInto        int64     `json:"merged_into,omitempty"`
	At                time.Time `json:"at"`
}

// Redact removes personal data and free text for the public.
func (e *Event) Redact() { e.ActorID, e.ActorName, e.Comment = 0, "", "" }

// Transition asks for a move of a need's state.
type Transition struct {
	To         string    `json:"to"`
	Comment    string    `json:"comment"`
	Reason     string    `json:"reason"`      // required for rejected
	ReviewDate time.Time `json:"review_date"` // required for parked
	// DecisionID is required for prioritised: the recorded decision (a
	// case of the user council or the strategic council) that prioritised
	// the need. BodyID, when given, must be its body.
	DecisionID int64 `json:"decision_id"`
	BodyID     int64 `json:"body_id"`
	Into       int64 `json:"into"` // required for merged
	// DecisionRef is the decision as text, filled from the decision.
	DecisionRef string `json:"-"`

	// trustDecision is set by PrioritiseByDecision: the caller has just
	// recorded the decision in the same transaction.
	trustDecision bool
}

// Attachment is a file added to a need; its content is stored in the
// database.
type Attachment struct {
	ID          int64     `json:"id"`
	NeedID      int64     `json:"need_id"`
	Name        string    `json:"name"`
	ContentType string    `json:"content_type"`
	Size        int64     `json:"size"`
	UploadedBy  int64     `json:"uploaded_by,omitempty"`
	CreatedAt   time.Time `json:"created_at"`
	Data        []byte    `json:"-"`
}

// Filter selects needs for lists and export. Visibility is added by the
// service from the actor.
type Filter struct {
	State   string
	Area    string
	County  string // needs backed by an organisation in this county (the submitter backs its own need)
	OrgID   int64  // needs submitted or backed by this organisation
	RoundID int64  // needs in this round
	Backing int64  // at least this many backing organisations
	Q       string // full-text search
	Sort    string // one of Sorts; "" is newest
	Limit   int
	After   *listing.Cursor

	// Set by the service.
	ViewerOrgID  int64    // drafts of this organisation are visible
	SignedIn     bool     // signed-in people see every state but others' drafts
	PublicStates []string // what the public sees
}

// Validate checks the filter.
func (f *Filter) Validate() error {
	var v errs.Validation
	if f.State != "" && !contains(States, f.State) {
		v.Add("state", "needs.error.state")
	}
	if f.Area != "" && !contains(Areas, f.Area) {
		v.Add("area", "needs.error.area")
	}
	if f.County != "" && (len(f.County) != 2 || strings.Trim(f.County, "0123456789") != "") {
		v.Add("county", "org.error.county_number")
	}
	if f.Sort != "" && !contains(Sorts, f.Sort) {
		v.Add("sort", "needs.error.sort")
	}
	if f.Backing < 0 {
		v.Add("backing", "error.not_negative")
	}
	if len(f.Q) > 200 {
		v.Add("q", "error.too_long", "max", 200)
	}
	if f.Limit < 0 || f.Limit > listing.MaxLimit {
		v.Add("limit", "error.limit", "max", listing.MaxLimit)
	}
	return v.Err()
}

// SortKey is the keyset key of n under the filter's sort (ascending; the
// store computes the same expression).
func SortKey(n *Need, sort string) string {
	var k int64
	switch sort {
	case "oldest":
		k = n.ID
	case "priority":
		k = PriorityKey(n.Rank, n.Score)
	case "backing":
		k = -n.Backers
	case "reach":
		k = -n.Reach
	default:
		k = -n.ID
	}
	return strconv.FormatInt(k, 10)
}

// PriorityKey orders by the latest closed round's rank, then by score;
// needs never ranked come last.
func PriorityKey(rank int64, score float64) int64 {
	if rank == 0 {
		return 1 << 50
	}
	return rank*100000 + (100000 - int64(math.Round(score*100)))
}

func contains(xs []string, s string) bool {
	for _, x := range xs {
		if x == s {
			return true
		}
	}
	return false
}

// Notifier queues notices inside the caller's transaction
// (notify.Service).
type Notifier interface {
	Notify(ctx context.Context, recipients []int64, n notify.Notice) error
}

// NopNotifier sends nothing.
type NopNotifier struct{}

// Notify does nothing.
func (NopNotifier) Notify(context.Context, []int64, notify.Notice) error { return nil }

// Decisions tells whether a decision exists; the meetings area provides
// it. Without it, a decision_id on a manual move to prioritised is refused.
type Decisions interface {
	// FindDecisionRef returns the decision with its body, case number and
	// meeting, or NotFound.
	FindDecisionRef(ctx context.Context, id int64) (*governance.DecisionRef, error)
}

// ParseFilter reads a list's filters from a query string — the same for
// the pages and the API (paging, limit and cursor, is each transport's
// own). A number that does not parse is an Invalid error naming it.
func ParseFilter(q url.Values) (Filter, error) {
	f := Filter{State: strings.TrimSpace(q.Get("state")), Area: strings.TrimSpace(q.Get("area")), County: strings.TrimSpace(q.Get("county")),
		Q: strings.TrimSpace(q.Get("q")), Sort: strings.TrimSpace(q.Get("sort"))}
	var v errs.Validation
	for _, p := range []struct {
		name string
		dst  *int64
	}{{"organisation", &f.OrgID}, {"round", &f.RoundID}, {"backing", &f.Backing}} {
		if x := strings.TrimSpace(q.Get(p.name)); x != "" {
			n, err := strconv.ParseInt(x, 10, 64)
			if err != nil || n < 0 {
				v.Add(p.name, "error.number")
			}
			*p.dst = n
		}
	}
	return f, v.Err()
}
