package governance

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/samstyr/samstyr/internal/audit"
	"github.com/samstyr/samstyr/internal/errs"
	"github.com/samstyr/samstyr/internal/policy"
)

// singleSeats are functions only one person holds at a time in a body.
var singleSeats = []string{policy.FuncChair, policy.FuncDeputyChair}

// Normalize trims the membership's texts.
func (m *Membership) Normalize() {
	m.AppointedBy = strings.TrimSpace(m.AppointedBy)
	if m.Sector == "" {
		m.Sector = "municipal"
	}
}

// Validate checks a membership's fields: function, sector and a term that
// does not end before it starts.
func (m *Membership) Validate() error {
	var v errs.Validation
	if m.PersonID <= 0 && strings.TrimSpace(m.PersonEmail) == "" {
		v.Add("person_email", "error.required")
	}
	if !slices.Contains(Functions, m.Function) {
		v.Add("function", "membership.error.function")
	}
	if !slices.Contains(Sectors, m.Sector) {
		v.Add("sector", "membership.error.sector")
	}
	if m.TermFrom.IsZero() {
		v.Add("term_from", "error.required")
	}
	if !m.TermTo.IsZero() && !m.TermFrom.IsZero() && m.TermTo.Before(m.TermFrom) {
		v.Add("term_to", "membership.error.term_order")
	}
	if len([]rune(m.AppointedBy)) > 300 {
		v.Add("appointed_by", "error.too_long", "max", 300)
	}
	return v.Err()
}

// overlaps reports whether two terms share a day (an open end runs on).
func overlaps(aFrom, aTo, bFrom, bTo time.Time) bool {
	far := time.Date(9999, 1, 1, 0, 0, 0, 0, time.UTC)
	if aTo.IsZero() {
		aTo = far
	}
	if bTo.IsZero() {
		bTo = far
	}
	return !aFrom.After(bTo) && !bFrom.After(aTo)
}

// seated reports whether a membership holds (or may come to hold) its seat.
func seated(m *Membership) bool { return m.Status == StatusProposed || m.Status == StatusActive }

// checkSeat refuses a term that overlaps another term of the same seat: the
// same person in the same body, or a chair or deputy chair held by another.
func (s *Service) checkSeat(ctx context.Context, m *Membership) error {
	others, err := s.store.FindMemberships(ctx, MembershipFilter{BodyID: m.BodyID})
	if err != nil {
		return err
	}
	for _, o := range others {
		if o.ID == m.ID || !seated(o) || !overlaps(m.TermFrom, m.TermTo, o.TermFrom, o.TermTo) {
			continue
		}
		if o.PersonID == m.PersonID {
			return errs.InvalidField("term_from", "membership.error.overlap", "from", o.TermFrom, "function", o.Function)
		}
		if o.Function == m.Function && slices.Contains(singleSeats, m.Function) {
			return errs.InvalidField("function", "membership.error.seat_taken", "name", o.PersonName)
		}
	}
	return nil
}

// CreateMembership adds a membership. In the user council it is proposed
// until a decision of the strategic council approves it; elsewhere it is
// active at once. Errors: Forbidden, NotFound (body), Invalid.
func (s *Service) CreateMembership(ctx context.Context, a *policy.Actor, m *Membership) error {
	if err := policy.Check(a, policy.MembershipManage, policy.Resource{BodyID: m.BodyID}); err != nil {
		return err
	}
	m.Normalize()
	m.DecisionID = 0
	if err := m.Validate(); err != nil {
		return err
	}
	return s.store.WithTx(ctx, func(ctx context.Context) error {
		b, err := s.store.FindBodyByID(ctx, m.BodyID)
		if err != nil {
			return err
		}
		m.Status = StatusActive
		if b.Kind == policy.BodyUserCouncil {
			m.Status = StatusProposed
		}
		if err := s.checkPeople(ctx, m); err != nil {
			return err
		}
		if err := s.checkSeat(ctx, m); err != nil {
			return err
		}
		if err := s.store.CreateMembership(ctx, m); err != nil {
			return err
		}
		return s.store.Record(ctx, audit.Entry{ActorID: a.ID(), Action: "membership.create", ObjectType: "membership", ObjectID: m.ID, After: m})
	})
}

func (s *Service) checkPeople(ctx context.Context, m *Membership) error {
	var v errs.Validation
	if e := strings.TrimSpace(m.PersonEmail); m.PersonID == 0 && e != "" {
		id, err := s.store.FindPersonIDByEmail(ctx, strings.ToLower(e))
		if errs.Is(err, errs.NotFound) {
			return errs.InvalidField("person_email", "membership.error.person_email")
		} else if err != nil {
			return err
		}
		m.PersonID = id
	}
	if n := strings.ReplaceAll(strings.TrimSpace(m.OrgNumber), " ", ""); m.OrgID == 0 && n != "" {
		id, err := s.store.FindOrganisationIDByNumber(ctx, n)
		if errs.Is(err, errs.NotFound) {
			return errs.InvalidField("organisation_number", "membership.error.org_number")
		} else if err != nil {
			return err
		}
		m.OrgID = id
	}
	if ok, err := s.store.PersonExists(ctx, m.PersonID); err != nil {
		return err
	} else if !ok {
		v.Add("person_id", "error.reference")
	}
	if m.OrgID != 0 {
		if ok, err := s.store.OrganisationExists(ctx, m.OrgID); err != nil {
			return err
		} else if !ok {
			v.Add("organisation_id", "error.reference")
		}
	}
	return v.Err()
}

// MembershipUpdate is a change to a membership's seat and term.
type MembershipUpdate struct {
	OrgID       int64
	OrgNumber   string // organisation or municipality number; replaces OrgID when given
	Function    string
	Sector      string
	TermFrom    time.Time
	TermTo      time.Time
	AppointedBy string
	// EndStatus ends the membership (ended, resigned or replaced); "" keeps the status.
	EndStatus string
}

// UpdateMembership changes a membership's organisation, function, sector,
// term and appointing reference, or ends it. The status of a user-council
// membership cannot be made active here. Errors: Forbidden, NotFound, Invalid.
func (s *Service) UpdateMembership(ctx context.Context, a *policy.Actor, id int64, u MembershipUpdate) (*Membership, error) {
	var m *Membership
	err := s.store.WithTx(ctx, func(ctx context.Context) error {
		before, err := s.store.FindMembershipByID(ctx, id)
		if err != nil {
			return err
		}
		if err := policy.Check(a, policy.MembershipManage, policy.Resource{BodyID: before.BodyID}); err != nil {
			return err
		}
		after := *before
		after.OrgID, after.Function, after.Sector, after.TermFrom, after.TermTo, after.AppointedBy = u.OrgID, u.Function, u.Sector, u.TermFrom, u.TermTo, u.AppointedBy
		if after.OrgNumber = u.OrgNumber; strings.TrimSpace(u.OrgNumber) != "" {
			after.OrgID = 0
		}
		after.Normalize()
		if u.EndStatus != "" {
			if !slices.Contains(EndStates, u.EndStatus) {
				return errs.InvalidField("end_status", "membership.error.end_status")
			}
			after.Status = u.EndStatus
			if after.TermTo.IsZero() {
				after.TermTo = dateOf(s.Now())
			}
		}
		if err := after.Validate(); err != nil {
			return err
		}
		if err := s.checkPeople(ctx, &after); err != nil {
			return err
		}
		if seated(&after) {
			if err := s.checkSeat(ctx, &after); err != nil {
				return err
			}
		}
		if err := s.store.UpdateMembership(ctx, &after); err != nil {
			return err
		}
		m = &after
		return s.store.Record(ctx, audit.Entry{ActorID: a.ID(), Action: "membership.update", ObjectType: "membership", ObjectID: id, Before: before, After: after})
	})
	return m, err
}

// PickMemberships finds memberships whose person or body matches q (of
// status when given), for a search-and-pick field: what a case links to
// for a decision to approve. Memberships are public facts (BodyView).
// Errors: Invalid (too long a query).
func (s *Service) PickMemberships(ctx context.Context, a *policy.Actor, q, status string, limit int) ([]*Membership, error) {
	if err := policy.Check(a, policy.BodyView, policy.Resource{}); err != nil {
		return nil, err
	}
	if len([]rune(q)) > 200 {
		return nil, errs.InvalidField("q", "error.too_long", "max", 200)
	}
	if limit <= 0 || limit > 20 {
		limit = 10
	}
	return s.store.FindMemberships(ctx, MembershipFilter{Q: q, Status: status, Limit: limit})
}

// Membership returns one membership. Errors: NotFound.
func (s *Service) Membership(ctx context.Context, a *policy.Actor, id int64) (*Membership, error) {
	m, err := s.store.FindMembershipByID(ctx, id)
	if err != nil {
		return nil, err
	}
	if err := policy.Check(a, policy.BodyView, policy.Resource{BodyID: m.BodyID}); err != nil {
		return nil, err
	}
	return m, nil
}

// ApproveMemberships is a decision effect: it makes the proposed
// memberships active, pointing at the decision. It runs inside the
// transaction that records the decision. Only a decision of the strategic
// council approves memberships of the user council. Errors: Forbidden,
// NotFound, Invalid (not proposed, wrong deciding body).
func (s *Service) ApproveMemberships(ctx context.Context, a *policy.Actor, ids []int64, ref DecisionRef) error {
	if err := policy.Check(a, policy.MembershipApprove, policy.Resource{BodyID: ref.BodyID}); err != nil {
		return err
	}
	decider, err := s.store.FindBodyByID(ctx, ref.BodyID)
	if err != nil {
		return err
	}
	return s.store.WithTx(ctx, func(ctx context.Context) error {
		for _, id := range ids {
			m, err := s.store.FindMembershipByID(ctx, id)
			if err != nil {
				return err
			}
			if m.Status != StatusProposed {
				return errs.InvalidField("effects", "membership.error.not_proposed", "name", m.PersonName)
			}
			if m.BodyKind == policy.BodyUserCouncil && decider.Kind != policy.BodyStrategicCouncil {
				return errs.InvalidField("effects", "membership.error.approver")
			}
			before := *m
			m.Status, m.DecisionID = StatusActive, ref.DecisionID
			if err := s.store.UpdateMembership(ctx, m); err != nil {
				return err
			}
			if err := s.store.Record(ctx, audit.Entry{ActorID: a.ID(), Action: "membership.approve", ObjectType: "membership", ObjectID: id, Before: before, After: m}); err != nil {
				return err
			}
		}
		return nil
	})
}

// AppointWorkingGroups is a decision effect: a decision of the user council
// appoints working groups, which become active and point at the decision.
// Errors: Forbidden, NotFound, Invalid (not a working group, already
// appointed, wrong deciding body).
func (s *Service) AppointWorkingGroups(ctx context.Context, a *policy.Actor, ids []int64, ref DecisionRef) error {
	if err := policy.Check(a, policy.WorkingGroupAppoint, policy.Resource{BodyID: ref.BodyID}); err != nil {
		return err
	}
	decider, err := s.store.FindBodyByID(ctx, ref.BodyID)
	if err != nil {
		return err
	}
	if decider.Kind != policy.BodyUserCouncil {
		return errs.InvalidField("effects", "body.error.appointer")
	}
	return s.store.WithTx(ctx, func(ctx context.Context) error {
		for _, id := range ids {
			b, err := s.store.FindBodyByID(ctx, id)
			if err != nil {
				return err
			}
			if b.Kind != policy.BodyWorkingGroup || b.DecisionID != 0 {
				return errs.InvalidField("effects", "body.error.not_appointable", "name", b.NameNB)
			}
			before := *b
			b.Active, b.DecisionID = true, ref.DecisionID
			if err := s.store.UpdateBody(ctx, b); err != nil {
				return err
			}
			if err := s.store.Record(ctx, audit.Entry{ActorID: a.ID(), Action: "working_group.appoint", ObjectType: "body", ObjectID: id, Before: before, After: b}); err != nil {
				return err
			}
		}
		return nil
	})
}

// Composition is a body's current make-up.
type Composition struct {
	Municipal int      `json:"municipal_seats"`
	State     int      `json:"state_seats"`
	Other     int      `json:"other_seats"`
	Counties  []string `json:"counties"`
	// Ending are current memberships whose term ends within 90 days.
	Ending []*Membership `json:"ending_soon"`
}

// CompositionOf sums up the current members: seats per sector (observers
// and secretaries do not hold seats), counties represented, and terms that
// end within 90 days of today.
func CompositionOf(current []*Membership, today time.Time) Composition {
	var c Composition
	counties := map[string]bool{}
	limit := dateOf(today).AddDate(0, 0, 90)
	for _, m := range current {
		if m.Function != policy.FuncObserver && m.Function != policy.FuncSecretary {
			switch m.Sector {
			case "municipal":
				c.Municipal++
			case "state":
				c.State++
			default:
				c.Other++
			}
			if m.CountyName != "" {
				counties[m.CountyName] = true
			}
		}
		if !m.TermTo.IsZero() && !m.TermTo.After(limit) {
			c.Ending = append(c.Ending, m)
		}
	}
	for k := range counties {
		c.Counties = append(c.Counties, k)
	}
	sort.Strings(c.Counties)
	sort.SliceStable(c.Ending, func(i, j int) bool { return c.Ending[i].TermTo.Before(c.Ending[j].TermTo) })
	if c.Counties == nil {
		c.Counties = []string{}
	}
	return c
}

// dateOf returns the calendar day of t (in UTC, as dates are stored).
func dateOf(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// CaseNumber formats a case number as N/YY.
func CaseNumber(number, year int) string { return fmt.Sprintf("%d/%02d", number, year%100) }
