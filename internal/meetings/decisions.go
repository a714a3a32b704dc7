package meetings

import (
	"context"
	"slices"
	"sort"
	"strings"

	"github.com/samstyr/samstyr/internal/errs"
	"github.com/samstyr/samstyr/internal/governance"
	"github.com/samstyr/samstyr/internal/policy"
)

// Effect kinds of decisions.
const (
	EffectApproveMemberships   = "approve_memberships"
	EffectAppointWorkingGroups = "appoint_working_groups"
	EffectPrioritiseNeeds      = "prioritise_needs"
)

// EffectFunc carries out what a decision decides for the items it names.
// It runs inside the transaction that records the decision (the
// transaction travels in ctx), so a refusal stores nothing at all.
type EffectFunc func(ctx context.Context, a *policy.Actor, d *Decision, ref governance.DecisionRef, itemIDs []int64) error

// Effect is one kind of decision effect: the type of linked item it acts
// on and what it does to them.
type Effect struct {
	ItemType string
	Run      EffectFunc
}

// Effects is the registry of decision effects by kind, wired in
// internal/server: each area contributes the effects it carries out.
type Effects map[string]Effect

// Kinds returns the registered effect kinds, sorted.
func (e Effects) Kinds() []string {
	out := make([]string, 0, len(e))
	for k := range e {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// For returns the kinds of effect a decision of case c can have: those
// whose item type the case links to (an effect acts on the linked items,
// so one without any would do nothing).
func (e Effects) For(c *Case) []string {
	out := []string{}
	for _, k := range e.Kinds() {
		for _, l := range c.Links {
			if l.ItemType == e[k].ItemType {
				out = append(out, k)
				break
			}
		}
	}
	return out
}

// NeedPrioritiser is what the needs area offers to decisions: it moves the
// needs to prioritised, pointing at the decision, inside the caller's
// transaction.
type NeedPrioritiser interface {
	PrioritiseByDecision(ctx context.Context, actor *policy.Actor, needIDs []int64, bodyID, decisionID int64, decisionRef string) error
}

// PrioritiseNeeds is the prioritise_needs effect over the needs area.
func PrioritiseNeeds(p NeedPrioritiser) Effect {
	return Effect{ItemType: "need", Run: func(ctx context.Context, a *policy.Actor, d *Decision, ref governance.DecisionRef, ids []int64) error {
		return p.PrioritiseByDecision(ctx, a, ids, ref.BodyID, ref.DecisionID, ref.String())
	}}
}

// RecordDecision records the decision of a case on the agenda of a held
// meeting, marks the case handled and runs the decision's effects on the
// case's linked items, all in one transaction. A decision on the standing
// item "approval of the previous minutes" approves those minutes.
// Errors: Forbidden, NotFound, Invalid (fields, unknown effect, effect
// refused), Conflict (not on the agenda of a held meeting, already decided).
func (s *Service) RecordDecision(ctx context.Context, a *policy.Actor, caseID int64, d *Decision) error {
	c, err := s.store.FindCaseByID(ctx, caseID)
	if err != nil {
		return err
	}
	if err := policy.Check(a, policy.DecisionRecord, policy.Resource{BodyID: c.BodyID}); err != nil {
		return err
	}
	d.Normalize()
	if err := d.Validate(); err != nil {
		return err
	}
	for _, k := range d.Effects {
		if _, ok := s.Effects[k]; !ok {
			return errs.InvalidField("effects", "decision.error.effect", "effect", k)
		}
	}
	return s.store.WithTx(ctx, func(ctx context.Context) error {
		c, err := s.store.FindCaseByID(ctx, caseID)
		if err != nil {
			return err
		}
		if err := policy.Check(a, policy.DecisionRecord, policy.Resource{BodyID: c.BodyID}); err != nil {
			return err
		}
		if ma, err := s.minutesApproval(ctx, c); err != nil {
			return err
		} else if ma != nil {
			return errs.E(errs.Conflict, "case.error.minutes_approved")
		}
		m, err := s.decidable(ctx, c)
		if err != nil {
			return err
		}
		if err := s.checkDisqualified(ctx, d); err != nil {
			return err
		}
		d.CaseID, d.MeetingID, d.BodyID, d.DecidedAt, d.CreatedBy = c.ID, m.ID, c.BodyID, m.StartsAt, a.ID()
		d.CaseNumber = c.Number
		if err := s.store.CreateDecision(ctx, d); err != nil {
			if errs.Is(err, errs.Conflict) {
				return errs.E(errs.Conflict, "decision.error.exists")
			}
			return err
		}
		if err := s.record(ctx, a, "decision.create", "decision", d.ID, nil, d); err != nil {
			return err
		}
		before := *c
		c.State = CaseHandled
		if err := s.store.UpdateCase(ctx, c); err != nil {
			return err
		}
		if err := s.record(ctx, a, "case.handled", "case", c.ID, before, c); err != nil {
			return err
		}
		if c.Standing == StandingPreviousMinutes {
			if err := s.approveMinutes(ctx, a, c.MinutesMeetingID, d.ID, nil); err != nil {
				return err
			}
		}
		return s.runEffects(ctx, a, c, d)
	})
}

// decidable returns the held meeting whose agenda has the case, or refuses.
func (s *Service) decidable(ctx context.Context, c *Case) (*Meeting, error) {
	if c.MeetingID == 0 || c.State != CaseOnAgenda {
		return nil, errs.E(errs.Conflict, "decision.error.not_on_agenda")
	}
	m, err := s.store.FindMeetingByID(ctx, c.MeetingID)
	if err != nil {
		return nil, err
	}
	if m.State != MeetingHeld {
		return nil, errs.E(errs.Conflict, "decision.error.not_held")
	}
	return m, nil
}

func (s *Service) checkDisqualified(ctx context.Context, d *Decision) error {
	for i, q := range d.Disqualified {
		ok, err := s.store.PersonExists(ctx, q.PersonID)
		if err != nil {
			return err
		}
		if !ok {
			return errs.InvalidField("disqualified", "error.reference")
		}
		d.Disqualified[i].Reason = strings.TrimSpace(q.Reason)
	}
	return nil
}

// runEffects runs each effect of the decision on the case's linked items
// of the effect's item type.
func (s *Service) runEffects(ctx context.Context, a *policy.Actor, c *Case, d *Decision) error {
	if len(d.Effects) == 0 {
		return nil
	}
	links, err := s.store.FindCaseLinks(ctx, c.ID)
	if err != nil {
		return err
	}
	ref, err := s.store.FindDecisionRef(ctx, d.ID)
	if err != nil {
		return err
	}
	for _, kind := range d.Effects {
		e := s.Effects[kind]
		var ids []int64
		for _, l := range links {
			if l.ItemType == e.ItemType && !slices.Contains(ids, l.ItemID) {
				ids = append(ids, l.ItemID)
			}
		}
		if len(ids) == 0 {
			return errs.InvalidField("effects", "decision.error.no_items", "effect", kind)
		}
		if err := e.Run(ctx, a, d, *ref, ids); err != nil {
			return err
		}
	}
	return nil
}

// Decision returns a decision the actor may read; for an exempt case the
// text is removed for readers without access. Errors: NotFound,
// Unauthenticated, Forbidden.
func (s *Service) Decision(ctx context.Context, a *policy.Actor, id int64) (*Decision, error) {
	d, err := s.store.FindDecisionByID(ctx, id)
	if err != nil {
		return nil, err
	}
	c, err := s.Case(ctx, a, d.CaseID)
	if err != nil {
		return nil, err
	}
	return c.Decision, nil
}

// DecisionRef returns the reference (case number, body, meeting) of a
// decision, for items that point at it.
func (s *Service) DecisionRef(ctx context.Context, id int64) (*governance.DecisionRef, error) {
	return s.store.FindDecisionRef(ctx, id)
}
