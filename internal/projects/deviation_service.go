package projects

import (
	"context"
	"slices"
	"strconv"
	"strings"

	"github.com/samstyr/samstyr/internal/directives"
	"github.com/samstyr/samstyr/internal/errs"
	"github.com/samstyr/samstyr/internal/governance"
	"github.com/samstyr/samstyr/internal/i18n"
	"github.com/samstyr/samstyr/internal/notify"
	"github.com/samstyr/samstyr/internal/policy"
)

// Decision effects on deviations, carried out when the steering group's
// decision is recorded (wired in internal/server).
const (
	EffectDeviationAccept          = "deviation_accept"
	EffectDeviationReplan          = "deviation_replan"
	EffectDeviationChangeDirective = "deviation_change_directive"
	EffectDeviationStop            = "deviation_stop"
)

// EffectOutcomes maps each effect to its outcome.
var EffectOutcomes = map[string]string{
	EffectDeviationAccept:          OutcomeAccept,
	EffectDeviationReplan:          OutcomeReplan,
	EffectDeviationChangeDirective: OutcomeChangeDirective,
	EffectDeviationStop:            OutcomeStop,
}

// Deviations returns a project's deviations (open ones only when asked).
// Errors: Unauthenticated, Forbidden, NotFound.
func (s *ControlService) Deviations(ctx context.Context, a *policy.Actor, projectID int64, openOnly bool) ([]*Deviation, error) {
	if _, err := s.project(ctx, a, policy.ControlView, projectID); err != nil {
		return nil, err
	}
	return s.store.FindDeviations(ctx, DeviationFilter{ProjectID: projectID, Open: openOnly})
}

// Deviation returns one deviation with its project. Errors:
// Unauthenticated, Forbidden, NotFound.
func (s *ControlService) Deviation(ctx context.Context, a *policy.Actor, id int64) (*Deviation, *directives.Project, error) {
	d, err := s.store.FindDeviationByID(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	p, err := s.project(ctx, a, policy.ControlView, d.ProjectID)
	if err != nil {
		return nil, nil, err
	}
	if d.DecisionID != 0 {
		if ref, err := s.store.FindDecisionRef(ctx, d.DecisionID); err == nil {
			d.DecisionRef = ref.String()
		}
	}
	return d, p, nil
}

// OutsideApproval reports whether the project has a deviation that
// breached a tolerance and is not yet decided: it is then outside its
// approval. Anyone may know (the project page is public).
func (s *ControlService) OutsideApproval(ctx context.Context, projectID int64) (bool, error) {
	ds, err := s.store.FindDeviations(ctx, DeviationFilter{ProjectID: projectID, Open: true})
	if err != nil {
		return false, err
	}
	return slices.ContainsFunc(ds, func(d *Deviation) bool { return d.ToleranceBreached }), nil
}

// CreateDeviation reports a deviation. Errors: Forbidden, NotFound,
// Conflict (closed project), Invalid.
func (s *ControlService) CreateDeviation(ctx context.Context, a *policy.Actor, projectID int64, d *Deviation) error {
	return s.store.WithTx(ctx, func(ctx context.Context) error {
		p, err := s.project(ctx, a, policy.DeviationWrite, projectID)
		if err != nil {
			return err
		}
		if err := open(p); err != nil {
			return err
		}
		d.Normalize()
		if err := d.Validate(); err != nil {
			return err
		}
		d.ID, d.ProjectID, d.State, d.CreatedBy, d.ToleranceBreached, d.CaseID, d.DecisionID, d.Outcome = 0, p.ID, DevReported, a.ID(), false, 0, 0, ""
		d.ReportID = 0
		if err := s.store.CreateDeviation(ctx, d); err != nil {
			return err
		}
		return s.record(ctx, a, "deviation.create", "deviation", d.ID, nil, d)
	})
}

// MoveDeviation assesses, handles (within tolerance), closes a handled
// one, documents or refers (out of scope, to referredTo) a deviation;
// escalating goes through Escalate. Errors: Forbidden, NotFound,
// Conflict, Invalid (referral without its owner).
func (s *ControlService) MoveDeviation(ctx context.Context, a *policy.Actor, id int64, to, referredTo string) (*Deviation, error) {
	if to == DevEscalated {
		return s.Escalate(ctx, a, id)
	}
	var d *Deviation
	err := s.store.WithTx(ctx, func(ctx context.Context) error {
		var err error
		if d, err = s.store.FindDeviationByID(ctx, id); err != nil {
			return err
		}
		if _, err := s.project(ctx, a, policy.DeviationWrite, d.ProjectID); err != nil {
			return err
		}
		if to == DevDecided || !CanMoveDeviation(d, to) {
			return errs.E(errs.Conflict, "deviation.error.move", "from", d.State, "to", to)
		}
		before := map[string]any{"state": d.State}
		if to == DevReferred {
			d.ReferredTo = referredTo
			d.Normalize()
			if d.ReferredTo == "" {
				return errs.InvalidField("referred_to", "deviation.error.referred_to")
			}
		}
		d.State = to
		if err := s.store.UpdateDeviation(ctx, d); err != nil {
			return err
		}
		return s.record(ctx, a, "deviation."+to, "deviation", d.ID, before, map[string]any{"state": to, "referred_to": d.ReferredTo})
	})
	return d, err
}

// Escalate puts a deviation before the project's steering group: an
// exception case is opened on its agenda list, linking the deviation.
// Errors: Forbidden, NotFound, Conflict (state; no steering group).
func (s *ControlService) Escalate(ctx context.Context, a *policy.Actor, id int64) (*Deviation, error) {
	var d *Deviation
	err := s.store.WithTx(ctx, func(ctx context.Context) error {
		var err error
		if d, err = s.store.FindDeviationByID(ctx, id); err != nil {
			return err
		}
		p, err := s.project(ctx, a, policy.DeviationWrite, d.ProjectID)
		if err != nil {
			return err
		}
		if !CanMoveDeviation(d, DevEscalated) {
			return errs.E(errs.Conflict, "deviation.error.move", "from", d.State, "to", DevEscalated)
		}
		return s.escalate(ctx, a, p, d)
	})
	return d, err
}

// raise stores a deviation the system found and escalates it at once to
// the project's steering group.
func (s *ControlService) raise(ctx context.Context, a *policy.Actor, p *directives.Project, d *Deviation) error {
	d.State, d.CreatedBy = DevReported, a.ID()
	if err := s.store.CreateDeviation(ctx, d); err != nil {
		return err
	}
	if err := s.record(ctx, a, "deviation.create", "deviation", d.ID, nil, d); err != nil {
		return err
	}
	if p.SteeringBodyID == 0 {
		// Nobody to escalate to: the deviation stays reported (and the
		// project outside its approval) until a steering group exists.
		return nil
	}
	return s.escalate(ctx, a, p, d)
}

func (s *ControlService) escalate(ctx context.Context, a *policy.Actor, p *directives.Project, d *Deviation) error {
	if p.SteeringBodyID == 0 {
		return errs.E(errs.Conflict, "deviation.error.no_steering_group")
	}
	before := map[string]any{"state": d.State}
	year := s.Now().In(i18n.Oslo()).Year()
	proposal := d.Options
	if proposal == "" {
		proposal = s.Text("deviation.case_proposal", nil)
	}
	caseID, err := s.store.OpenExceptionCase(ctx, p.SteeringBodyID, year, s.Text("deviation.case_title", map[string]any{"project": p.Name, "type": d.Type}),
		strings.TrimSpace(d.Description+"\n\n"+d.Cause), d.Consequence, proposal, a.ID(), d.ID)
	if err != nil {
		return err
	}
	d.State, d.CaseID = DevEscalated, caseID
	if err := s.store.UpdateDeviation(ctx, d); err != nil {
		return err
	}
	if err := s.record(ctx, a, "deviation.escalated", "deviation", d.ID, before, map[string]any{"state": d.State, "case_id": caseID,
		"body_id": p.SteeringBodyID, "tolerance_breached": d.ToleranceBreached}); err != nil {
		return err
	}
	if s.Notifier == nil || p.ManagerID == 0 {
		return nil
	}
	return s.Notifier.Notify(ctx, []int64{p.ManagerID, p.OwnerID}, notify.Notice{Kind: "deviation.escalated",
		SubjectKey: "deviation.mail.escalated_subject", BodyKey: "deviation.mail.escalated_body",
		Args: map[string]any{"project": p.Name, "type": d.Type},
		Link: "/projects/" + strconv.FormatInt(p.ID, 10) + "/deviations/" + strconv.FormatInt(d.ID, 10), ObjectType: "deviation", ObjectID: d.ID})
}

// Decide is the effect of the steering group's decision on escalated
// deviations: each is decided with the outcome and closed, pointing at the
// decision. A change of the directive opens a new version of it (a copy of
// the approved one, to be drafted and approved again); a stop cancels the
// project. Errors: Forbidden (the person recording is not a member of the
// project's steering group), Invalid (another body decided), NotFound,
// Conflict (not escalated).
func (s *ControlService) Decide(ctx context.Context, a *policy.Actor, ids []int64, ref governance.DecisionRef, outcome string) error {
	return s.store.WithTx(ctx, func(ctx context.Context) error {
		for _, id := range ids {
			d, err := s.store.FindDeviationByID(ctx, id)
			if err != nil {
				return err
			}
			p, err := s.project(ctx, a, policy.DeviationDecide, d.ProjectID)
			if err != nil {
				return err
			}
			if ref.BodyID != p.SteeringBodyID {
				return errs.InvalidField("effects", "deviation.error.body")
			}
			if !CanMoveDeviation(d, DevDecided) {
				return errs.E(errs.Conflict, "deviation.error.move", "from", d.State, "to", DevDecided)
			}
			if err := s.decideOne(ctx, a, p, d, ref, outcome); err != nil {
				return err
			}
		}
		return nil
	})
}

func (s *ControlService) decideOne(ctx context.Context, a *policy.Actor, p *directives.Project, d *Deviation, ref governance.DecisionRef, outcome string) error {
	before := map[string]any{"state": d.State}
	d.State, d.Outcome, d.DecisionID, d.DecidedAt = DevDecided, outcome, ref.DecisionID, s.Now()
	after := map[string]any{"state": DevDecided, "outcome": outcome, "decision_id": ref.DecisionID, "decision": ref.String()}
	if err := s.record(ctx, a, "deviation.decided", "deviation", d.ID, before, after); err != nil {
		return err
	}
	switch outcome {
	case OutcomeChangeDirective:
		n, err := s.openDirectiveVersion(ctx, a, p)
		if err != nil {
			return err
		}
		after["directive_version"] = n
	case OutcomeStop:
		if err := s.store.SetProjectState(ctx, p.ID, "cancelled"); err != nil {
			return err
		}
		if err := s.record(ctx, a, "project.cancelled", "project", p.ID, map[string]any{"state": p.State},
			map[string]any{"state": "cancelled", "decision_id": ref.DecisionID, "decision": ref.String()}); err != nil {
			return err
		}
	}
	d.State = DevClosed
	if err := s.store.UpdateDeviation(ctx, d); err != nil {
		return err
	}
	return s.record(ctx, a, "deviation.closed", "deviation", d.ID, map[string]any{"state": DevDecided}, map[string]any{"state": DevClosed})
}

// openDirectiveVersion starts a new version of the project's directive, a
// copy of the approved one; the approved version stays the baseline until
// the new one is approved.
func (s *ControlService) openDirectiveVersion(ctx context.Context, a *policy.Actor, p *directives.Project) (int64, error) {
	if p.DirectiveID == 0 {
		return 0, errs.E(errs.Conflict, "deviation.error.no_directive")
	}
	dir, err := s.store.FindDirectiveByID(ctx, p.DirectiveID)
	if err != nil {
		return 0, err
	}
	v, err := s.store.FindDirectiveVersion(ctx, dir.ID, dir.ApprovedVersion)
	if err != nil {
		return 0, err
	}
	nv := &directives.Version{DirectiveID: dir.ID, Number: dir.Version + 1, Content: v.Content, CreatedBy: a.ID()}
	if err := s.store.CreateDirectiveVersion(ctx, nv); err != nil {
		return 0, err
	}
	dir.Version = nv.Number
	if err := s.store.UpdateDirective(ctx, dir); err != nil {
		return 0, err
	}
	return nv.Number, s.record(ctx, a, "directive.version", "directive", dir.ID, nil, map[string]any{"version": nv.Number, "from": v.Number, "reason": "deviation"})
}
