package projects

import (
	"context"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/samstyr/samstyr/internal/directives"
	"github.com/samstyr/samstyr/internal/errs"
	"github.com/samstyr/samstyr/internal/governance"
	"github.com/samstyr/samstyr/internal/i18n"
	"github.com/samstyr/samstyr/internal/policy"
)

// Decision effects of the steering group on a project's closure, carried
// out when its decision is recorded (wired in internal/server).
const (
	EffectApproveClosure    = "approve_closure"     // BP4: the closing recommendation is approved
	EffectAcceptFinalReport = "accept_final_report" // BP5: the final report is accepted, the project realises its benefits
)

// Item types a closure case links to; the item's id is the project's.
const (
	ItemClosure     = "project_closure"
	ItemFinalReport = "final_report"
)

// Closure steps each store method takes; each is a conditional update
// that fails with Conflict when the step was taken already (or its
// predecessor was not).
const (
	StepSubmit      = "submit"       // the recommendation is put before the steering group
	StepApprove     = "approve"      // BP4 approved
	StepFinalSubmit = "final_submit" // the final report is put before the steering group
	StepFinalAccept = "final_accept" // BP5 accepted
)

// ClosureStore is the storage the closure needs (internal/store).
type ClosureStore interface {
	// FindClosure returns a project's closure or NotFound.
	FindClosure(ctx context.Context, projectID int64) (*Closure, error)
	// SaveClosureDraft writes the recommendation's draft (Conflict once
	// it is submitted).
	SaveClosureDraft(ctx context.Context, c *Closure) error
	// SaveFinalTexts writes the final report's texts (Conflict unless BP4
	// is approved and the report not submitted).
	SaveFinalTexts(ctx context.Context, projectID int64, evaluation, lessons string) error
	// ClosureStep records a step with its case or decision (Conflict when
	// the closure is not at the step's turn).
	ClosureStep(ctx context.Context, projectID int64, step string, ref int64, at time.Time) error
	// MoveProjectState moves a project from one state to another (Conflict
	// when it is no longer in from); holdFrom is kept for a resume.
	MoveProjectState(ctx context.Context, id int64, from, to, holdFrom string) error
	// ProjectHoldFrom returns the state a project on hold was in.
	ProjectHoldFrom(ctx context.Context, id int64) (string, error)
	// OpenItemCase registers a decision case of the body linking one item.
	OpenItemCase(ctx context.Context, bodyID int64, year int, title, background, proposal string, createdBy int64, itemType string, itemID int64) (int64, error)
	FindActivities(ctx context.Context, projectID int64, milestonesOnly bool) ([]*Activity, error)
}

// ClosureView is a project's closure page: the record, the computed final
// report, and what the person may do now.
type ClosureView struct {
	Project *directives.Project `json:"project"`
	Closure *Closure            `json:"closure"`
	Final   *FinalReport        `json:"final_report"`
	// Moves are the direct state moves the person may make now.
	Moves          []string `json:"moves"`
	MayEdit        bool     `json:"may_edit"`
	MaySubmit      bool     `json:"may_submit"`
	MayEditFinal   bool     `json:"may_edit_final"`
	MaySubmitFinal bool     `json:"may_submit_final"`
}

// Approved reports whether BP4 is approved.
func (c *Closure) Approved() bool { return !c.ApprovedAt.IsZero() }

// Submitted reports whether the recommendation is before the steering group.
func (c *Closure) Submitted() bool { return !c.SubmittedAt.IsZero() }

func (s *ControlService) closure(ctx context.Context, projectID int64) (*Closure, error) {
	c, err := s.store.FindClosure(ctx, projectID)
	if errs.Is(err, errs.NotFound) {
		c, err = &Closure{ProjectID: projectID}, nil
	}
	if err != nil {
		return nil, err
	}
	c.Normalize()
	for _, x := range []struct {
		id  int64
		ref *string
	}{{c.DecisionID, &c.DecisionRef}, {c.FinalDecisionID, &c.FinalDecisionRef}} {
		if x.id != 0 {
			if ref, err := s.store.FindDecisionRef(ctx, x.id); err == nil {
				*x.ref = ref.String()
			}
		}
	}
	return c, nil
}

// Closure returns a project's closure with the final report computed from
// the records and what the person may do. Errors: Unauthenticated,
// Forbidden, NotFound.
func (s *ControlService) Closure(ctx context.Context, a *policy.Actor, projectID int64) (*ClosureView, error) {
	p, err := s.project(ctx, a, policy.ClosureView, projectID)
	if err != nil {
		return nil, err
	}
	c, err := s.closure(ctx, p.ID)
	if err != nil {
		return nil, err
	}
	f, err := s.finalReport(ctx, p)
	if err != nil {
		return nil, err
	}
	v := &ClosureView{Project: p, Closure: c, Final: f, Moves: []string{}}
	if policy.Can(a, policy.ProjectMove, res(p)) {
		hold, err := s.store.ProjectHoldFrom(ctx, p.ID)
		if err != nil {
			return nil, err
		}
		for _, m := range ProjectMoves {
			if _, ok := MoveTarget(m, p.State, hold); ok {
				v.Moves = append(v.Moves, m)
			}
		}
	}
	if policy.Can(a, policy.ClosureWrite, res(p)) {
		v.MayEdit = p.State == directives.ProjectExecuting && !c.Submitted()
		v.MaySubmit = v.MayEdit
		v.MayEditFinal = p.State == directives.ProjectClosing && c.Approved()
		v.MaySubmitFinal = v.MayEditFinal
	}
	return v, nil
}

// finalReport computes the final report from the approved directive, the
// plan and the newest submitted status report.
func (s *ControlService) finalReport(ctx context.Context, p *directives.Project) (*FinalReport, error) {
	var content *directives.Content
	if p.DirectiveID != 0 {
		d, err := s.store.FindDirectiveByID(ctx, p.DirectiveID)
		if err != nil {
			return nil, err
		}
		if d.ApprovedVersion != 0 {
			v, err := s.store.FindDirectiveVersion(ctx, d.ID, d.ApprovedVersion)
			if err != nil {
				return nil, err
			}
			content = &v.Content
		}
	}
	plan, err := s.store.FindActivities(ctx, p.ID, false)
	if err != nil {
		return nil, err
	}
	reports, err := s.store.FindStatusReports(ctx, p.ID)
	if err != nil {
		return nil, err
	}
	return ComputeFinalReport(content, p.Budget, plan, reports), nil
}

// MoveProject starts execution, puts a project on hold (with a reason) or
// resumes it. Errors: Forbidden, NotFound, Conflict (the state does not
// allow the move), Invalid (a hold without a reason).
func (s *ControlService) MoveProject(ctx context.Context, a *policy.Actor, projectID int64, move, reason string) (*directives.Project, error) {
	var p *directives.Project
	err := s.store.WithTx(ctx, func(ctx context.Context) error {
		var err error
		if p, err = s.project(ctx, a, policy.ProjectMove, projectID); err != nil {
			return err
		}
		hold, err := s.store.ProjectHoldFrom(ctx, p.ID)
		if err != nil {
			return err
		}
		to, ok := MoveTarget(move, p.State, hold)
		if !ok {
			return errs.E(errs.Conflict, "project.error.move", "from", p.State, "move", move)
		}
		reason = strings.TrimSpace(reason)
		if move == MoveHold && reason == "" {
			return errs.InvalidField("reason", "project.error.hold_reason")
		}
		if utf8.RuneCountInString(reason) > 2000 {
			return errs.InvalidField("reason", "error.too_long", "max", 2000)
		}
		holdFrom := ""
		if to == directives.ProjectOnHold {
			holdFrom = p.State
		}
		if err := s.store.MoveProjectState(ctx, p.ID, p.State, to, holdFrom); err != nil {
			return err
		}
		before := p.State
		p.State = to
		return s.record(ctx, a, "project."+move, "project", p.ID, map[string]any{"state": before},
			map[string]any{"state": to, "reason": reason})
	})
	return p, err
}

// SaveClosure stores the closing recommendation's draft while the project
// executes. Errors: Forbidden, NotFound, Conflict (not executing, already
// submitted), Invalid.
func (s *ControlService) SaveClosure(ctx context.Context, a *policy.Actor, projectID int64, in *Closure) error {
	return s.store.WithTx(ctx, func(ctx context.Context) error {
		p, err := s.project(ctx, a, policy.ClosureWrite, projectID)
		if err != nil {
			return err
		}
		c, err := s.closure(ctx, p.ID)
		if err != nil {
			return err
		}
		if p.State != directives.ProjectExecuting || c.Submitted() {
			return errs.E(errs.Conflict, "closure.error.state", "state", p.State)
		}
		in.Normalize()
		if err := in.Validate(false); err != nil {
			return err
		}
		before := *c
		c.Checklist, c.RemainingWork, c.CreatedBy = in.Checklist, in.RemainingWork, a.ID()
		if err := s.store.SaveClosureDraft(ctx, c); err != nil {
			return err
		}
		*in = *c
		return s.record(ctx, a, "project_closure.save", "project", p.ID, before, c)
	})
}

// SubmitClosure submits the closing recommendation (saving in first when
// given): it must be complete; the project moves from executing to
// closing and a case is put before its steering group, whose decision
// with the approve_closure effect approves BP4. Errors: Forbidden,
// NotFound, Conflict (state; no steering group), Invalid (incomplete).
func (s *ControlService) SubmitClosure(ctx context.Context, a *policy.Actor, projectID int64, in *Closure) (*Closure, error) {
	var c *Closure
	err := s.store.WithTx(ctx, func(ctx context.Context) error {
		p, err := s.project(ctx, a, policy.ClosureWrite, projectID)
		if err != nil {
			return err
		}
		if c, err = s.closure(ctx, p.ID); err != nil {
			return err
		}
		if p.State != directives.ProjectExecuting || c.Submitted() {
			return errs.E(errs.Conflict, "closure.error.state", "state", p.State)
		}
		if p.SteeringBodyID == 0 {
			return errs.E(errs.Conflict, "deviation.error.no_steering_group")
		}
		if in != nil {
			in.Normalize()
			c.Checklist, c.RemainingWork = in.Checklist, in.RemainingWork
		}
		if err := c.Validate(true); err != nil {
			return err
		}
		c.CreatedBy = a.ID()
		if err := s.store.SaveClosureDraft(ctx, c); err != nil {
			return err
		}
		if err := s.store.MoveProjectState(ctx, p.ID, p.State, directives.ProjectClosing, ""); err != nil {
			return err
		}
		year := s.Now().In(i18n.Oslo()).Year()
		caseID, err := s.store.OpenItemCase(ctx, p.SteeringBodyID, year, s.Text("closure.case_title", map[string]any{"project": p.Name}),
			c.RemainingWork, s.Text("closure.case_proposal", map[string]any{"project": p.Name}), a.ID(), ItemClosure, p.ID)
		if err != nil {
			return err
		}
		c.CaseID, c.SubmittedAt = caseID, s.Now()
		if err := s.store.ClosureStep(ctx, p.ID, StepSubmit, caseID, c.SubmittedAt); err != nil {
			return err
		}
		return s.record(ctx, a, "project.closing", "project", p.ID, map[string]any{"state": p.State},
			map[string]any{"state": directives.ProjectClosing, "case_id": caseID, "checklist": c.Checklist, "remaining_work": c.RemainingWork})
	})
	return c, err
}

// SaveFinalReport stores the final report's texts once BP4 is approved.
// Errors: Forbidden, NotFound, Conflict (state), Invalid.
func (s *ControlService) SaveFinalReport(ctx context.Context, a *policy.Actor, projectID int64, in *Closure) error {
	return s.store.WithTx(ctx, func(ctx context.Context) error {
		p, c, err := s.finalTurn(ctx, a, projectID)
		if err != nil {
			return err
		}
		in.Normalize()
		c.Evaluation, c.Lessons = in.Evaluation, in.Lessons
		if err := c.Validate(false); err != nil {
			return err
		}
		if err := s.store.SaveFinalTexts(ctx, p.ID, c.Evaluation, c.Lessons); err != nil {
			return err
		}
		*in = *c
		return s.record(ctx, a, "final_report.save", "project", p.ID, nil, map[string]any{"evaluation": c.Evaluation, "lessons_learned": c.Lessons})
	})
}

// finalTurn loads the project and its closure when the final report may
// be written: the person may, the project is closing and BP4 approved.
func (s *ControlService) finalTurn(ctx context.Context, a *policy.Actor, projectID int64) (*directives.Project, *Closure, error) {
	p, err := s.project(ctx, a, policy.ClosureWrite, projectID)
	if err != nil {
		return nil, nil, err
	}
	c, err := s.closure(ctx, p.ID)
	if err != nil {
		return nil, nil, err
	}
	if p.State != directives.ProjectClosing || !c.Approved() {
		return nil, nil, errs.E(errs.Conflict, "closure.error.final_state", "state", p.State)
	}
	return p, c, nil
}

// SubmitFinalReport submits the final report (its texts saved first when
// given): the project moves from closing to closed and the report is put
// before the steering group, whose decision with the accept_final_report
// effect moves the project to realising. Errors: Forbidden, NotFound,
// Conflict (state), Invalid (texts missing).
func (s *ControlService) SubmitFinalReport(ctx context.Context, a *policy.Actor, projectID int64, in *Closure) (*Closure, error) {
	var c *Closure
	err := s.store.WithTx(ctx, func(ctx context.Context) error {
		p, cl, err := s.finalTurn(ctx, a, projectID)
		if err != nil {
			return err
		}
		c = cl
		if in != nil {
			in.Normalize()
			c.Evaluation, c.Lessons = in.Evaluation, in.Lessons
		}
		if err := c.Validate(false); err != nil {
			return err
		}
		if err := c.ValidateFinal(); err != nil {
			return err
		}
		if err := s.store.SaveFinalTexts(ctx, p.ID, c.Evaluation, c.Lessons); err != nil {
			return err
		}
		if err := s.store.MoveProjectState(ctx, p.ID, p.State, directives.ProjectClosed, ""); err != nil {
			return err
		}
		f, err := s.finalReport(ctx, p)
		if err != nil {
			return err
		}
		year := s.Now().In(i18n.Oslo()).Year()
		caseID, err := s.store.OpenItemCase(ctx, p.SteeringBodyID, year, s.Text("closure.final_case_title", map[string]any{"project": p.Name}),
			c.Evaluation, s.Text("closure.final_case_proposal", map[string]any{"project": p.Name}), a.ID(), ItemFinalReport, p.ID)
		if err != nil {
			return err
		}
		c.FinalCaseID, c.FinalSubmittedAt = caseID, s.Now()
		if err := s.store.ClosureStep(ctx, p.ID, StepFinalSubmit, caseID, c.FinalSubmittedAt); err != nil {
			return err
		}
		return s.record(ctx, a, "project.closed", "project", p.ID, map[string]any{"state": p.State},
			map[string]any{"state": directives.ProjectClosed, "case_id": caseID, "evaluation": c.Evaluation, "lessons_learned": c.Lessons, "final_report": f})
	})
	return c, err
}

// ApproveClosure is the approve_closure effect: the steering group
// approves BP4 for each project. Errors: Forbidden (the person recording
// is not a member of the project's steering group), Invalid (another body
// decided), NotFound, Conflict (not closing or approved already).
func (s *ControlService) ApproveClosure(ctx context.Context, a *policy.Actor, ids []int64, ref governance.DecisionRef) error {
	return s.decideClosure(ctx, a, ids, ref, directives.ProjectClosing, "", StepApprove, "project_closure.approved")
}

// AcceptFinalReport is the accept_final_report effect: the steering group
// accepts the final report (BP5) and the project moves from closed to
// realising. Errors as ApproveClosure.
func (s *ControlService) AcceptFinalReport(ctx context.Context, a *policy.Actor, ids []int64, ref governance.DecisionRef) error {
	return s.decideClosure(ctx, a, ids, ref, directives.ProjectClosed, directives.ProjectRealising, StepFinalAccept, "project.realising")
}

func (s *ControlService) decideClosure(ctx context.Context, a *policy.Actor, ids []int64, ref governance.DecisionRef, from, to, step, action string) error {
	return s.store.WithTx(ctx, func(ctx context.Context) error {
		for _, id := range ids {
			p, err := s.project(ctx, a, policy.ClosureDecide, id)
			if err != nil {
				return err
			}
			if ref.BodyID != p.SteeringBodyID {
				return errs.InvalidField("effects", "closure.error.body")
			}
			if p.State != from {
				return errs.E(errs.Conflict, "closure.error.decide_state", "state", p.State)
			}
			if err := s.store.ClosureStep(ctx, p.ID, step, ref.DecisionID, s.Now()); err != nil {
				return err
			}
			after := map[string]any{"state": p.State, "decision_id": ref.DecisionID, "decision": ref.String()}
			if to != "" {
				if err := s.store.MoveProjectState(ctx, p.ID, from, to, ""); err != nil {
					return err
				}
				after["state"] = to
			}
			if err := s.record(ctx, a, action, "project", p.ID, map[string]any{"state": from}, after); err != nil {
				return err
			}
		}
		return nil
	})
}
