package benefits

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/samstyr/samstyr/internal/audit"
	"github.com/samstyr/samstyr/internal/directives"
	"github.com/samstyr/samstyr/internal/errs"
	"github.com/samstyr/samstyr/internal/governance"
	"github.com/samstyr/samstyr/internal/i18n"
	"github.com/samstyr/samstyr/internal/jobs"
	"github.com/samstyr/samstyr/internal/notify"
	"github.com/samstyr/samstyr/internal/policy"
)

// EffectConclude is the BP6 decision on further benefit work: KommIT-rådet
// (the programme's leadership, which approved the directive; the
// project's own steering group is dissolved at BP5) concludes the linked
// benefits as the secretariat proposed, with the explanation, pointing at
// the decision.
const EffectConclude = "conclude_benefits"

// JobRemind is the daily reminder job's kind.
const JobRemind = "benefits.remind"

// Filter selects benefits. Public keeps the realised ones (the public's
// view); Active those being measured; else ProjectID's (0: all).
type Filter struct {
	ProjectID int64
	Public    bool
	Active    bool
}

// Store is the storage benefit realisation needs (internal/store).
type Store interface {
	WithTx(ctx context.Context, fn func(ctx context.Context) error) error
	Record(ctx context.Context, e audit.Entry) error
	BodyKind(ctx context.Context, id int64) (string, error)
	PersonExists(ctx context.Context, id int64) (bool, error)
	FindProjectByID(ctx context.Context, id int64) (*directives.Project, error)
	FindDirectiveByID(ctx context.Context, id int64) (*directives.Directive, error)
	FindDirectiveVersion(ctx context.Context, directiveID, n int64) (*directives.Version, error)

	// CreateBenefit inserts a benefit; false when the project has the
	// directive's benefit (Source) already.
	CreateBenefit(ctx context.Context, b *Benefit) (bool, error)
	// UpdateBenefit writes the benefit if it is still in state from;
	// Conflict otherwise (a concurrent move).
	UpdateBenefit(ctx context.Context, b *Benefit, from string) error
	FindBenefitByID(ctx context.Context, id int64) (*Benefit, error)
	FindBenefits(ctx context.Context, f Filter) ([]*Benefit, error)
	CreateMeasurement(ctx context.Context, m *Measurement) error
	MarkReminded(ctx context.Context, kind string, objectID int64, period string) (bool, error)
}

// Notifier queues notices inside the caller's transaction.
type Notifier interface {
	Notify(ctx context.Context, recipients []int64, n notify.Notice) error
}

// Service is benefit realisation's use cases.
type Service struct {
	store    Store
	Notifier Notifier
	// ReminderDays is how many days before a measurement is due its owner
	// is reminded.
	ReminderDays int
	Now          func() time.Time
}

// NewService returns the service over a store.
func NewService(s Store) *Service { return &Service{store: s, Now: time.Now, ReminderDays: 7} }

// Register adds the daily reminder job (06:30 Europe/Oslo) to a runner.
func (s *Service) Register(r *jobs.Runner) {
	r.Handle(JobRemind, func(ctx context.Context, _ []byte) error {
		_, err := s.Remind(ctx)
		return err
	})
	r.Every(jobs.Periodic{Kind: JobRemind, Next: jobs.DailyAt(i18n.Oslo(), 6)})
}

// Today is today's date in Norway (YYYY-MM-DD).
func (s *Service) Today() string { return s.Now().In(i18n.Oslo()).Format(time.DateOnly) }

func (s *Service) record(ctx context.Context, a *policy.Actor, action string, id int64, before, after any) error {
	return s.store.Record(ctx, audit.Entry{ActorID: a.ID(), Action: action, ObjectType: "benefit", ObjectID: id, Before: before, After: after})
}

// Resource is a benefit as policy sees it: its project and steering
// group, its owner, and public once realised.
func Resource(b *Benefit, p *directives.Project) policy.Resource {
	r := policy.Resource{ProjectID: b.ProjectID, OwnerID: b.OwnerID, State: b.State, Public: b.State == Realised || b.State == PartlyRealised}
	if p != nil {
		r.BodyID = p.SteeringBodyID
	}
	return r
}

// ProjectResource is a project's benefits as policy sees them.
func ProjectResource(p *directives.Project) policy.Resource {
	return policy.Resource{ProjectID: p.ID, BodyID: p.SteeringBodyID}
}

// load finds a benefit and its project and checks the action on it.
func (s *Service) load(ctx context.Context, a *policy.Actor, act policy.Action, id int64) (*Benefit, *directives.Project, error) {
	b, err := s.store.FindBenefitByID(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	p, err := s.store.FindProjectByID(ctx, b.ProjectID)
	if err != nil {
		return nil, nil, err
	}
	if err := policy.Check(a, act, Resource(b, p)); err != nil {
		return nil, nil, err
	}
	return b, p, nil
}

// Benefit returns one benefit with its measurements and project. Errors:
// Unauthenticated, Forbidden, NotFound.
func (s *Service) Benefit(ctx context.Context, a *policy.Actor, id int64) (*Benefit, *directives.Project, error) {
	return s.load(ctx, a, policy.BenefitView, id)
}

// ProjectBenefits returns a project's benefits. Errors: Unauthenticated,
// Forbidden, NotFound.
func (s *Service) ProjectBenefits(ctx context.Context, a *policy.Actor, projectID int64) (*directives.Project, []*Benefit, error) {
	p, err := s.store.FindProjectByID(ctx, projectID)
	if err != nil {
		return nil, nil, err
	}
	if err := policy.Check(a, policy.BenefitView, ProjectResource(p)); err != nil {
		return nil, nil, err
	}
	bs, err := s.store.FindBenefits(ctx, Filter{ProjectID: projectID})
	return p, bs, err
}

// Import creates the benefits of the project's approved directive that it
// lacks, as identified (the secretariat; idempotent: each directive
// benefit once). It returns how many it created. Errors: Forbidden,
// NotFound, Conflict (no approved directive).
func (s *Service) Import(ctx context.Context, a *policy.Actor, projectID int64) (int, error) {
	n := 0
	err := s.store.WithTx(ctx, func(ctx context.Context) error {
		p, err := s.store.FindProjectByID(ctx, projectID)
		if err != nil {
			return err
		}
		if err := policy.Check(a, policy.BenefitManage, ProjectResource(p)); err != nil {
			return err
		}
		if p.DirectiveID == 0 {
			return errs.E(errs.Conflict, "benefit.error.no_directive")
		}
		d, err := s.store.FindDirectiveByID(ctx, p.DirectiveID)
		if err != nil {
			return err
		}
		if d.ApprovedVersion == 0 {
			return errs.E(errs.Conflict, "benefit.error.no_directive")
		}
		v, err := s.store.FindDirectiveVersion(ctx, d.ID, d.ApprovedVersion)
		if err != nil {
			return err
		}
		for i, db := range v.Content.Benefits {
			b := &Benefit{ProjectID: p.ID, Source: i + 1, Description: db.Text, Type: db.Type, OwnerNote: db.Owner, State: Identified}
			if !slices.Contains(Types, b.Type) {
				b.Type = "quality"
			}
			ok, err := s.store.CreateBenefit(ctx, b)
			if err != nil {
				return err
			}
			if !ok {
				continue
			}
			n++
			if err := s.record(ctx, a, "benefit.create", b.ID, nil, b); err != nil {
				return err
			}
		}
		return nil
	})
	return n, err
}

// Plan changes a benefit's plan: description, type, indicator and unit,
// baseline (until baselined), target, method, frequency and owner.
// Errors: Forbidden, NotFound, Conflict (concluded), Invalid (fields;
// a target date before the baseline date; an unknown owner).
func (s *Service) Plan(ctx context.Context, a *policy.Actor, id int64, in PlanInput) (*Benefit, error) {
	var out *Benefit
	err := s.store.WithTx(ctx, func(ctx context.Context) error {
		b, _, err := s.load(ctx, a, policy.BenefitManage, id)
		if err != nil {
			return err
		}
		if Final(b.State) {
			return errs.E(errs.Conflict, "benefit.error.concluded")
		}
		before := *b
		before.Measurements = nil
		if err := in.Apply(b); err != nil {
			return err
		}
		if b.OwnerID != 0 {
			if ok, err := s.store.PersonExists(ctx, b.OwnerID); err != nil {
				return err
			} else if !ok {
				return errs.InvalidField("owner_id", "error.reference")
			}
		}
		if err := s.store.UpdateBenefit(ctx, b, b.State); err != nil {
			return err
		}
		out = b
		after := *b
		after.Measurements = nil
		return s.record(ctx, a, "benefit.update", b.ID, before, after)
	})
	return out, err
}

// Move moves a benefit to planned or baselined (the secretariat), when it
// has what that state needs. Errors: Forbidden, NotFound, Conflict (the
// state machine), Invalid (the missing fields).
func (s *Service) Move(ctx context.Context, a *policy.Actor, id int64, to string) (*Benefit, error) {
	var out *Benefit
	err := s.store.WithTx(ctx, func(ctx context.Context) error {
		b, _, err := s.load(ctx, a, policy.BenefitManage, id)
		if err != nil {
			return err
		}
		if (to != Planned && to != Baselined) || !CanMove(b.State, to) {
			return errs.E(errs.Conflict, "benefit.error.move", "from", b.State, "to", to)
		}
		if err := b.Ready(to); err != nil {
			return err
		}
		from := b.State
		b.State = to
		if err := s.store.UpdateBenefit(ctx, b, from); err != nil {
			return err
		}
		out = b
		return s.record(ctx, a, "benefit."+to, b.ID, map[string]any{"state": from}, map[string]any{"state": to})
	})
	return out, err
}

// Propose records the secretariat's proposal for the BP6 decision: the
// final state and its explanation. Errors: Forbidden, NotFound, Conflict
// (not baselined or measuring), Invalid (outcome, explanation).
func (s *Service) Propose(ctx context.Context, a *policy.Actor, id int64, outcome, explanation string) (*Benefit, error) {
	var out *Benefit
	err := s.store.WithTx(ctx, func(ctx context.Context) error {
		b, _, err := s.load(ctx, a, policy.BenefitManage, id)
		if err != nil {
			return err
		}
		if !CanMove(b.State, Realised) {
			return errs.E(errs.Conflict, "benefit.error.move", "from", b.State, "to", Realised)
		}
		var v errs.Validation
		explanation = strings.TrimSpace(explanation)
		if !slices.Contains(Outcomes, outcome) {
			v.Add("proposed_outcome", "benefit.error.outcome")
		}
		if explanation == "" {
			v.Add("explanation", "benefit.error.required")
		} else if utf8.RuneCountInString(explanation) > 10000 {
			v.Add("explanation", "error.too_long", "max", 10000)
		}
		if err := v.Err(); err != nil {
			return err
		}
		before := map[string]any{"proposed_outcome": b.Proposed, "explanation": b.Explanation}
		b.Proposed, b.Explanation = outcome, explanation
		if err := s.store.UpdateBenefit(ctx, b, b.State); err != nil {
			return err
		}
		out = b
		return s.record(ctx, a, "benefit.propose", b.ID, before, map[string]any{"proposed_outcome": outcome, "explanation": explanation})
	})
	return out, err
}

// MayMeasure reports whether the actor may record measurements of b.
func MayMeasure(a *policy.Actor, b *Benefit, p *directives.Project) bool {
	return policy.Can(a, policy.BenefitMeasure, Resource(b, p))
}

// Measure records a measurement (the owner, the project manager or the
// secretariat); the first moves a baselined benefit to measuring.
// Errors: Forbidden, NotFound, Conflict (not baselined or measuring),
// Invalid (value not a number, no date or not a date, before the
// baseline, another unit).
func (s *Service) Measure(ctx context.Context, a *policy.Actor, id int64, in MeasurementInput) (*Measurement, error) {
	var out *Measurement
	err := s.store.WithTx(ctx, func(ctx context.Context) error {
		b, _, err := s.load(ctx, a, policy.BenefitMeasure, id)
		if err != nil {
			return err
		}
		if b.State != Baselined && b.State != Measuring {
			return errs.E(errs.Conflict, "benefit.error.not_measuring")
		}
		m, err := in.Parse(b)
		if err != nil {
			return err
		}
		m.ByID = a.ID()
		if err := s.store.CreateMeasurement(ctx, m); err != nil {
			return err
		}
		if b.State == Baselined {
			b.State = Measuring
			if err := s.store.UpdateBenefit(ctx, b, Baselined); err != nil {
				return err
			}
			if err := s.record(ctx, a, "benefit.measuring", b.ID, map[string]any{"state": Baselined}, map[string]any{"state": Measuring}); err != nil {
				return err
			}
		}
		out = m
		return s.record(ctx, a, "benefit.measure", b.ID, nil, m)
	})
	return out, err
}

// Conclude is the conclude_benefits effect: KommIT-rådet's BP6 decision
// sets each linked benefit to the final state the secretariat proposed,
// with its explanation, pointing at the decision. It runs in the
// transaction recording the decision. Errors: Invalid (not KommIT-rådet;
// a benefit without a proposal), NotFound, Conflict (state).
func (s *Service) Conclude(ctx context.Context, a *policy.Actor, ids []int64, ref governance.DecisionRef) error {
	return s.store.WithTx(ctx, func(ctx context.Context) error {
		k, err := s.store.BodyKind(ctx, ref.BodyID)
		if err != nil {
			return err
		}
		if k != policy.BodyStrategicCouncil {
			return errs.InvalidField("effects", "benefit.error.conclude_body")
		}
		for _, id := range ids {
			b, err := s.store.FindBenefitByID(ctx, id)
			if err != nil {
				return err
			}
			if b.Proposed == "" || b.Explanation == "" {
				return errs.InvalidField("effects", "benefit.error.no_proposal", "benefit", b.Description)
			}
			if !CanMove(b.State, b.Proposed) {
				return errs.E(errs.Conflict, "benefit.error.move", "from", b.State, "to", b.Proposed)
			}
			from := b.State
			b.State, b.DecisionID = b.Proposed, ref.DecisionID
			if err := s.store.UpdateBenefit(ctx, b, from); err != nil {
				return err
			}
			if err := s.record(ctx, a, "benefit.conclude", b.ID, map[string]any{"state": from},
				map[string]any{"state": b.State, "explanation": b.Explanation, "decision_id": ref.DecisionID, "decision": ref.String()}); err != nil {
				return err
			}
		}
		return nil
	})
}

// Remind tells the owner of each benefit being measured that a
// measurement is due within ReminderDays (or overdue), once per due date
// (the daily job). It returns how many reminders it queued.
func (s *Service) Remind(ctx context.Context) (int, error) {
	n := 0
	limit := s.Now().In(i18n.Oslo()).AddDate(0, 0, s.ReminderDays).Format(time.DateOnly)
	err := s.store.WithTx(ctx, func(ctx context.Context) error {
		bs, err := s.store.FindBenefits(ctx, Filter{Active: true})
		if err != nil {
			return err
		}
		for _, b := range bs {
			due := b.NextDue()
			if due == "" || due > limit || b.OwnerID == 0 {
				continue
			}
			if ok, err := s.store.MarkReminded(ctx, "benefit_measure", b.ID, due); err != nil {
				return err
			} else if !ok {
				continue
			}
			if err := s.record(ctx, policy.SystemActor, "benefit.remind", b.ID, nil, map[string]any{"due": due, "owner_id": b.OwnerID}); err != nil {
				return err
			}
			if s.Notifier != nil {
				if err := s.Notifier.Notify(ctx, []int64{b.OwnerID}, notify.Notice{Kind: "benefit.measure",
					SubjectKey: "benefit.mail.due_subject", BodyKey: "benefit.mail.due_body",
					Args: map[string]any{"benefit": b.Description, "project": b.ProjectName, "indicator": b.Indicator, "unit": b.Unit, "date": due},
					Link: fmt.Sprintf("/benefits/%d", b.ID), ObjectType: "benefit", ObjectID: b.ID}); err != nil {
					return err
				}
			}
			n++
		}
		return nil
	})
	return n, err
}
