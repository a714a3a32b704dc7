package projects

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/samstyr/samstyr/internal/directives"
	"github.com/samstyr/samstyr/internal/errs"
	"github.com/samstyr/samstyr/internal/governance"
	"github.com/samstyr/samstyr/internal/i18n"
	"github.com/samstyr/samstyr/internal/needs"
	"github.com/samstyr/samstyr/internal/policy"
)

// InputStore is the storage participants' input needs (internal/store).
type InputStore interface {
	CreateProjectInput(ctx context.Context, in *Input) error
	FindProjectInputByID(ctx context.Context, id int64) (*Input, error)
	FindProjectInputs(ctx context.Context, f InputFilter) ([]*Input, error)
	FindProjectInputByNeed(ctx context.Context, needID int64) (*Input, error)
	// MoveInput writes the input's state and handling when it is still in
	// state from; Conflict when another writer moved it first.
	MoveProjectInput(ctx context.Context, in *Input, from string) error
	// OpenInputCase registers a decision case of the body linking the
	// input (item type "project_input"), and returns its id.
	OpenInputCase(ctx context.Context, bodyID int64, year int, title, background, consequences, proposal string, createdBy, inputID int64) (int64, error)
	CreateNeed(ctx context.Context, n *needs.Need) error
	CreateNeedEvent(ctx context.Context, e *needs.Event) error
	FindPersonOrg(ctx context.Context, personID int64) (int64, string, error)
}

// InputRights is what the person may do with a project's inputs.
type InputRights struct {
	MayCreate bool `json:"may_create"`
	MayHandle bool `json:"may_handle"`
}

// InputRightsFor says what the actor may do with the project's inputs.
func InputRightsFor(a *policy.Actor, p *directives.Project) InputRights {
	return InputRights{MayCreate: policy.Can(a, policy.ProjectInputCreate, res(p)), MayHandle: policy.Can(a, policy.ProjectInputHandle, res(p))}
}

// Inputs returns a project's inputs (filtered by kind and state), with what
// the actor may do. Errors: Unauthenticated, Forbidden, NotFound, Invalid
// (unknown filter).
func (s *ControlService) Inputs(ctx context.Context, a *policy.Actor, projectID int64, f InputFilter) ([]*Input, InputRights, error) {
	p, err := s.project(ctx, a, policy.ProjectInputView, projectID)
	if err != nil {
		return nil, InputRights{}, err
	}
	if f.Kind != "" && !slices.Contains(InputKinds, f.Kind) {
		return nil, InputRights{}, errs.InvalidField("kind", "pinput.error.kind")
	}
	if f.State != "" && !slices.Contains(InputStates, f.State) {
		return nil, InputRights{}, errs.InvalidField("state", "pinput.error.state")
	}
	f.ProjectID = p.ID
	ins, err := s.store.FindProjectInputs(ctx, f)
	return ins, InputRightsFor(a, p), err
}

// Input returns one input of a project with the project. Errors:
// Unauthenticated, Forbidden, NotFound (also when it belongs to another
// project).
func (s *ControlService) Input(ctx context.Context, a *policy.Actor, projectID, id int64) (*Input, *directives.Project, error) {
	in, err := s.store.FindProjectInputByID(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	if projectID != 0 && in.ProjectID != projectID {
		return nil, nil, errs.E(errs.NotFound, "error.not_found")
	}
	p, err := s.project(ctx, a, policy.ProjectInputView, in.ProjectID)
	if err != nil {
		return nil, nil, err
	}
	if in.DecisionID != 0 {
		if ref, err := s.store.FindDecisionRef(ctx, in.DecisionID); err == nil {
			in.DecisionRef = ref.String()
		}
	}
	return in, p, nil
}

// InputForNeed returns the input a need came from, for the need's page;
// NotFound when it came from none or the actor may not read the project's
// inputs.
func (s *ControlService) InputForNeed(ctx context.Context, a *policy.Actor, needID int64) (*Input, error) {
	in, err := s.store.FindProjectInputByNeed(ctx, needID)
	if err != nil {
		return nil, err
	}
	if _, err := s.project(ctx, a, policy.ProjectInputView, in.ProjectID); err != nil {
		return nil, errs.E(errs.NotFound, "error.not_found")
	}
	return in, nil
}

// CreateInput records a member's input on a project; the actor is its
// author. Errors: Unauthenticated, Forbidden, NotFound, Invalid.
func (s *ControlService) CreateInput(ctx context.Context, a *policy.Actor, projectID int64, in *Input) error {
	return s.store.WithTx(ctx, func(ctx context.Context) error {
		p, err := s.project(ctx, a, policy.ProjectInputCreate, projectID)
		if err != nil {
			return err
		}
		in.Normalize()
		if err := in.Validate(); err != nil {
			return err
		}
		in.ID, in.ProjectID, in.State, in.AuthorID = 0, p.ID, InitialInputState(in.Kind), a.ID()
		in.CaseID, in.DecisionID, in.ChosenOption, in.ReferredTo, in.ReferredProjectID, in.NeedID, in.ReferralNote, in.HandledBy = 0, 0, 0, "", 0, 0, "", 0
		if err := s.store.CreateProjectInput(ctx, in); err != nil {
			return err
		}
		return s.record(ctx, a, "project_input.create", "project_input", in.ID, nil, in)
	})
}

// Referral says where an out-of-scope challenge goes.
type Referral struct {
	To        string `json:"referred_to"`                   // project, secretariat, need
	ProjectID int64  `json:"referred_project_id,omitempty"` // with To = project
	Note      string `json:"note,omitempty"`
}

// MoveInput acknowledges a fact or problem, puts a veivalg before the
// steering group (a case on its list), or refers an out-of-scope
// challenge. Errors: Unauthenticated, Forbidden, NotFound, Conflict (state,
// kind, no steering group, moved by someone else), Invalid (referral).
func (s *ControlService) MoveInput(ctx context.Context, a *policy.Actor, projectID, id int64, to string, r Referral) (*Input, error) {
	var in *Input
	err := s.store.WithTx(ctx, func(ctx context.Context) error {
		var err error
		if in, err = s.store.FindProjectInputByID(ctx, id); err != nil {
			return err
		}
		if projectID != 0 && in.ProjectID != projectID {
			return errs.E(errs.NotFound, "error.not_found")
		}
		p, err := s.project(ctx, a, policy.ProjectInputHandle, in.ProjectID)
		if err != nil {
			return err
		}
		if to == InputDecided || !CanMoveInput(in, to) {
			return errs.E(errs.Conflict, "pinput.error.move", "from", in.State, "to", to)
		}
		from := in.State
		before := map[string]any{"state": from}
		after := map[string]any{"state": to}
		in.State, in.HandledBy = to, a.ID()
		switch to {
		case InputPutBefore:
			if err := s.putBefore(ctx, a, p, in); err != nil {
				return err
			}
			after["case_id"], after["body_id"] = in.CaseID, p.SteeringBodyID
		case InputReferred:
			if err := s.refer(ctx, a, p, in, r); err != nil {
				return err
			}
			after["referred_to"], after["referred_project_id"], after["need_id"], after["note"] = in.ReferredTo, in.ReferredProjectID, in.NeedID, in.ReferralNote
		}
		if err := s.store.MoveProjectInput(ctx, in, from); err != nil {
			return err
		}
		return s.record(ctx, a, "project_input."+to, "project_input", in.ID, before, after)
	})
	return in, err
}

// putBefore opens the veivalg's case for the project's steering group.
func (s *ControlService) putBefore(ctx context.Context, a *policy.Actor, p *directives.Project, in *Input) error {
	if p.SteeringBodyID == 0 {
		return errs.E(errs.Conflict, "pinput.error.no_steering_group")
	}
	var opts strings.Builder
	for i, o := range in.Options {
		fmt.Fprintf(&opts, "%d. %s\n   %s: %s\n", i+1, o.Description, s.Text("pinput.field.consequence", nil), o.Consequence)
	}
	year := s.Now().In(i18n.Oslo()).Year()
	caseID, err := s.store.OpenInputCase(ctx, p.SteeringBodyID, year, s.Text("pinput.case_title", map[string]any{"project": p.Name, "title": in.Title}),
		in.Text, strings.TrimSpace(opts.String()), s.Text("pinput.case_proposal", nil), a.ID(), in.ID)
	if err != nil {
		return err
	}
	in.CaseID = caseID
	return nil
}

// refer checks the referral and carries it out: a new need is a draft of
// the project owner's organisation (else the referrer's), pre-filled from
// the input.
func (s *ControlService) refer(ctx context.Context, a *policy.Actor, p *directives.Project, in *Input, r Referral) error {
	r.To, r.Note = strings.TrimSpace(r.To), strings.TrimSpace(r.Note)
	if !slices.Contains(ReferTargets, r.To) {
		return errs.InvalidField("referred_to", "pinput.error.referred_to")
	}
	if utf8.RuneCountInString(r.Note) > maxInputText {
		return errs.InvalidField("note", "error.too_long", "max", maxInputText)
	}
	in.ReferredTo, in.ReferralNote, in.ReferredProjectID, in.NeedID = r.To, r.Note, 0, 0
	switch r.To {
	case ReferToProject:
		if r.ProjectID == 0 || r.ProjectID == p.ID {
			return errs.InvalidField("referred_project_id", "pinput.error.project")
		}
		other, err := s.store.FindProjectByID(ctx, r.ProjectID)
		if errs.Is(err, errs.NotFound) {
			return errs.InvalidField("referred_project_id", "pinput.error.project")
		}
		if err != nil {
			return err
		}
		in.ReferredProjectID, in.ReferredProjectName = other.ID, other.Name
	case ReferToNeed:
		return s.needFromInput(ctx, a, p, in)
	}
	return nil
}

func (s *ControlService) needFromInput(ctx context.Context, a *policy.Actor, p *directives.Project, in *Input) error {
	org := int64(0)
	if p.OwnerID != 0 {
		o, _, err := s.store.FindPersonOrg(ctx, p.OwnerID)
		if err != nil && !errs.Is(err, errs.NotFound) {
			return err
		}
		org = o
	}
	if org == 0 {
		org = a.OrgID
	}
	if org == 0 {
		return errs.E(errs.Conflict, "pinput.error.no_org")
	}
	problem := in.Text + "\n\n" + s.Text("pinput.need_origin", map[string]any{"project": p.Name, "title": in.Title})
	n := &needs.Need{Title: in.Title, Problem: problem, OrgID: org, SubmitterID: a.ID(), State: needs.Draft}
	if err := s.store.CreateNeed(ctx, n); err != nil {
		return err
	}
	if err := s.record(ctx, a, "need.create", "need", n.ID, nil, map[string]any{"title": n.Title, "org_id": n.OrgID, "from_input": in.ID}); err != nil {
		return err
	}
	if err := s.store.CreateNeedEvent(ctx, &needs.Event{NeedID: n.ID, To: needs.Draft, ActorID: a.ID()}); err != nil {
		return err
	}
	in.NeedID = n.ID
	return nil
}

// ChooseDirection is the choose_direction effect of the steering group's
// decision on the veivalg the case links: the chosen option (1-based) is
// kept and the input points at the decision. Errors: Forbidden (the person
// recording is not in the project's steering group), Invalid (another
// body; no such option), NotFound, Conflict (not before the steering
// group).
func (s *ControlService) ChooseDirection(ctx context.Context, a *policy.Actor, ids []int64, ref governance.DecisionRef, choice int64) error {
	return s.store.WithTx(ctx, func(ctx context.Context) error {
		for _, id := range ids {
			in, err := s.store.FindProjectInputByID(ctx, id)
			if err != nil {
				return err
			}
			p, err := s.project(ctx, a, policy.ProjectInputDecide, in.ProjectID)
			if err != nil {
				return err
			}
			if ref.BodyID != p.SteeringBodyID {
				return errs.InvalidField("effects", "pinput.error.body")
			}
			if !CanMoveInput(in, InputDecided) {
				return errs.E(errs.Conflict, "pinput.error.move", "from", in.State, "to", InputDecided)
			}
			if choice < 1 || int(choice) > len(in.Options) {
				return errs.InvalidField("choice", "pinput.error.choice", "max", len(in.Options))
			}
			from := in.State
			in.State, in.ChosenOption, in.DecisionID = InputDecided, int(choice), ref.DecisionID
			if err := s.store.MoveProjectInput(ctx, in, from); err != nil {
				return err
			}
			if err := s.record(ctx, a, "project_input.decided", "project_input", in.ID, map[string]any{"state": from},
				map[string]any{"state": InputDecided, "chosen_option": choice, "decision_id": ref.DecisionID, "decision": ref.String()}); err != nil {
				return err
			}
		}
		return nil
	})
}
