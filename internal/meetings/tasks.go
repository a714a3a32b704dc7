package meetings

import (
	"context"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/samstyr/samstyr/internal/errs"
	"github.com/samstyr/samstyr/internal/listing"
	"github.com/samstyr/samstyr/internal/policy"
)

// Tasks is what a person has to do in meetings, for their home page.
type Tasks struct {
	// Upcoming are the coming meetings (planned or with the notice out)
	// of the bodies the person belongs to, or of every body for those who
	// run them all (the secretariat), soonest first.
	Upcoming []*Meeting `json:"upcoming"`
	// Actions are the person's own open follow-up actions, by deadline.
	Actions []*Action `json:"actions"`
	// MinutesToApprove are held meetings whose minutes are not yet
	// approved, of the bodies whose minutes the person approves.
	MinutesToApprove []*Meeting `json:"minutes_to_approve"`
}

// taskLimit caps each list of the home page; the lists link on.
const taskLimit = 10

// Tasks returns the actor's meeting tasks, each list under the actor's
// visibility. Errors: Unauthenticated.
func (s *Service) Tasks(ctx context.Context, a *policy.Actor) (*Tasks, error) {
	if err := policy.Check(a, policy.PersonSelf, policy.Resource{OwnerID: a.ID()}); err != nil {
		return nil, err
	}
	t := &Tasks{Upcoming: []*Meeting{}, Actions: []*Action{}, MinutesToApprove: []*Meeting{}}
	sc := scope(a)
	up := MeetingFilter{Upcoming: true, From: s.Now().Add(-time.Hour), States: []string{MeetingPlanned, MeetingNoticePublished},
		Scope: sc, Limit: taskLimit}
	if !sc.All {
		up.BodyIDs = memberBodies(a)
	}
	if sc.All || len(up.BodyIDs) > 0 {
		rows, err := s.store.FindMeetings(ctx, up)
		if err != nil {
			return nil, err
		}
		t.Upcoming = append(t.Upcoming, rows...)
	}
	actions, err := s.store.FindActions(ctx, ActionFilter{OwnerID: a.ID(), State: ActionOpen})
	if err != nil {
		return nil, err
	}
	t.Actions = append(t.Actions, actions...)
	if bodies, all := bodiesWhere(a, policy.MinutesApprove); all || len(bodies) > 0 {
		rows, err := s.store.FindMeetings(ctx, MeetingFilter{BodyIDs: bodies, States: []string{MeetingHeld}, Scope: sc, Limit: taskLimit})
		if err != nil {
			return nil, err
		}
		t.MinutesToApprove = append(t.MinutesToApprove, rows...)
	}
	return t, nil
}

// memberBodies returns the bodies the actor holds a current membership of
// (observers included).
func memberBodies(a *policy.Actor) []int64 {
	var ids []int64
	for _, m := range a.Memberships {
		if !slices.Contains(ids, m.BodyID) {
			ids = append(ids, m.BodyID)
		}
	}
	return ids
}

// bodiesWhere returns the bodies in which the actor may take act: all (true)
// when the right does not hang on a membership, else those of the actor's
// memberships that allow it.
func bodiesWhere(a *policy.Actor, act policy.Action) ([]int64, bool) {
	// BodyID -1 matches no membership: only the body-independent rules allow it.
	if policy.Can(a, act, policy.Resource{BodyID: -1}) {
		return nil, true
	}
	var ids []int64
	for _, id := range memberBodies(a) {
		if policy.Can(a, act, policy.Resource{BodyID: id}) {
			ids = append(ids, id)
		}
	}
	return ids, false
}

// DecisionFilter selects the decisions of the register.
type DecisionFilter struct {
	BodyID int64
	Year   int
	Limit  int
	After  *listing.Cursor
}

// Decisions is the decisions register: the cases with a recorded decision
// the actor may see, across bodies, newest case number first, each with its
// decision (exempt content redacted for those outside the body). Errors:
// Invalid (a year out of range).
func (s *Service) Decisions(ctx context.Context, a *policy.Actor, f DecisionFilter) (listing.Page[*Case], error) {
	var page listing.Page[*Case]
	if err := policy.Check(a, policy.MeetingList, policy.Resource{}); err != nil {
		return page, err
	}
	if f.Year != 0 && (f.Year < 1900 || f.Year > 9999) {
		return page, errs.InvalidField("year", "decisions.error.year")
	}
	if f.Limit <= 0 || f.Limit > listing.MaxLimit {
		f.Limit = listing.DefaultLimit
	}
	want := f.Limit
	rows, err := s.store.FindCases(ctx, CaseFilter{BodyID: f.BodyID, Year: f.Year, Decided: true, Scope: scope(a), Limit: want + 1, After: f.After})
	if err != nil {
		return page, err
	}
	for _, c := range rows {
		if c.Decision, err = s.store.FindDecisionByCase(ctx, c.ID); err != nil {
			return page, err
		}
		if !internal(a, c.BodyID) {
			redactCase(c)
		}
	}
	return listing.Trim(rows, want, func(c *Case) listing.Cursor {
		return listing.Cursor{Key: itoa(int64(c.Year*100000 + c.Seq)), ID: c.ID}
	}), nil
}

// ParseDecisionFilter reads the register's filter from a query (body, year,
// cursor); pages and API share it. Errors: Invalid naming the parameter.
func ParseDecisionFilter(q url.Values) (DecisionFilter, error) {
	var f DecisionFilter
	var err error
	if v := strings.TrimSpace(q.Get("body")); v != "" {
		if f.BodyID, err = strconv.ParseInt(v, 10, 64); err != nil {
			return f, errs.InvalidField("body", "error.number")
		}
	}
	if v := strings.TrimSpace(q.Get("year")); v != "" {
		if f.Year, err = strconv.Atoi(v); err != nil {
			return f, errs.InvalidField("year", "decisions.error.year")
		}
	}
	f.After, err = listing.DecodeCursor(q.Get("cursor"))
	return f, err
}
