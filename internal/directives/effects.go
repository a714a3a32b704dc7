package directives

import (
	"context"
	"fmt"
	"strconv"

	"github.com/samstyr/samstyr/internal/errs"
	"github.com/samstyr/samstyr/internal/governance"
	"github.com/samstyr/samstyr/internal/policy"
)

// The decisions of the concept phase run as effects of a decision
// recorded in a meeting, inside its transaction (internal/meetings checks
// decision.record on the body); each checks the deciding body's kind and
// the state machine, and points the item at the decision.

// StartConcept is the user council's decision to study ideas (BP1):
// idea → concept, with the mandate kept with it. Errors: Invalid (not the
// user council), NotFound, Conflict (not an idea waiting).
func (s *Service) StartConcept(ctx context.Context, a *policy.Actor, ids []int64, ref governance.DecisionRef) error {
	return s.store.WithTx(ctx, func(ctx context.Context) error {
		if err := s.bodyIs(ctx, ref.BodyID, policy.BodyUserCouncil, "effects", "idea.error.concept_body"); err != nil {
			return err
		}
		for _, id := range ids {
			i, err := s.store.FindIdeaByID(ctx, id)
			if err != nil {
				return err
			}
			if i.State != IdeaIdea {
				return errs.E(errs.Conflict, "idea.error.not_idea")
			}
			before := *i
			i.State, i.ConceptDecisionID = IdeaConcept, ref.DecisionID
			if err := s.store.UpdateIdea(ctx, i); err != nil {
				return err
			}
			if err := s.record(ctx, a, "idea.concept", "idea", i.ID, map[string]any{"state": before.State},
				map[string]any{"state": i.State, "decision_id": ref.DecisionID, "decision": ref.String()}); err != nil {
				return err
			}
		}
		return nil
	})
}

// move loads a directive for a decision effect, checks the body and the
// state machine, and applies f before writing and auditing it.
func (s *Service) decide(ctx context.Context, a *policy.Actor, ids []int64, ref governance.DecisionRef, bodyKind, bodyKey, to string,
	f func(ctx context.Context, d *Directive) error) error {
	return s.store.WithTx(ctx, func(ctx context.Context) error {
		if err := s.bodyIs(ctx, ref.BodyID, bodyKind, "effects", bodyKey); err != nil {
			return err
		}
		for _, id := range ids {
			d, err := s.store.FindDirectiveByID(ctx, id)
			if err != nil {
				return err
			}
			if to == Approved && (d.State == Draft || d.State == Revise) {
				return conflictField("effects", "directive.error.not_recommended", "version", d.Version)
			}
			if !CanMove(d.State, to) {
				return errs.E(errs.Conflict, "directive.error.move", "from", d.State, "to", to)
			}
			before := map[string]any{"state": d.State}
			if err := f(ctx, d); err != nil {
				return err
			}
			d.State = to
			if err := s.store.UpdateDirective(ctx, d); err != nil {
				return err
			}
			if err := s.record(ctx, a, "directive."+to, "directive", d.ID, before,
				map[string]any{"state": to, "version": d.Version, "decision_id": ref.DecisionID, "decision": ref.String(), "project_id": d.ProjectID, "priority": d.Priority}); err != nil {
				return err
			}
		}
		return nil
	})
}

// Recommend is the user council's recommendation of the directive's
// current version: draft → recommended; the version is frozen. A
// directive with a required role neither filled nor waived cannot be
// recommended. Errors: Invalid (not the user council; roles missing;
// fields), NotFound, Conflict.
func (s *Service) Recommend(ctx context.Context, a *policy.Actor, ids []int64, ref governance.DecisionRef) error {
	return s.decide(ctx, a, ids, ref, policy.BodyUserCouncil, "directive.error.recommend_body", Recommended, func(ctx context.Context, d *Directive) error {
		v, err := s.store.FindDirectiveVersion(ctx, d.ID, d.Version)
		if err != nil {
			return err
		}
		if missing := v.Content.MissingRoles(); len(missing) > 0 {
			return errs.InvalidField("staffing", "directive.error.roles_missing", "directive", d.Title, "count", len(missing))
		}
		if err := v.Content.Validate(); err != nil {
			return err
		}
		// Linking the case froze the version it concerns: a later version
		// (unfrozen) was never put on a case, and is not what is decided.
		if !v.Frozen {
			return conflictField("effects", "directive.error.version_not_on_case", "version", v.Number)
		}
		d.RecommendedVersion, d.RecommendDecisionID = d.Version, ref.DecisionID
		return nil
	})
}

// Return is the strategic council's decision to send the recommended
// version back for revision: recommended → revise.
func (s *Service) Return(ctx context.Context, a *policy.Actor, ids []int64, ref governance.DecisionRef) error {
	return s.decide(ctx, a, ids, ref, policy.BodyStrategicCouncil, "directive.error.approve_body", Revise, func(_ context.Context, d *Directive) error {
		d.ReturnDecisionID = ref.DecisionID
		return nil
	})
}

// Reject is the strategic council's rejection: recommended → rejected.
func (s *Service) Reject(ctx context.Context, a *policy.Actor, ids []int64, ref governance.DecisionRef) error {
	return s.decide(ctx, a, ids, ref, policy.BodyStrategicCouncil, "directive.error.approve_body", Rejected, func(_ context.Context, d *Directive) error {
		d.ReturnDecisionID = ref.DecisionID
		return nil
	})
}

// Approve is the strategic council's approval of the recommended version
// (BP2/BP3), the only way a project comes into being: the project in
// planning with the approved budget per year, its steering group as a
// body with the owner as chair, the owner's, the manager's and the named
// participants' project roles; the covered needs move to in_project and
// the idea to project. Each points at the decision. Errors: Invalid (not
// the strategic council), NotFound, Conflict (not recommended).
func (s *Service) Approve(ctx context.Context, a *policy.Actor, ids []int64, ref governance.DecisionRef) error {
	return s.ApproveWithPriority(ctx, a, ids, ref, 0)
}

// ApproveWithPriority is Approve with the priority the strategic council
// gives the project in its decision (1 is highest; 0 keeps the
// directive's). Errors: as Approve; Invalid (priority negative).
func (s *Service) ApproveWithPriority(ctx context.Context, a *policy.Actor, ids []int64, ref governance.DecisionRef, priority int64) error {
	if priority < 0 {
		return errs.InvalidField("priority", "directive.error.priority")
	}
	return s.decide(ctx, a, ids, ref, policy.BodyStrategicCouncil, "directive.error.approve_body", Approved, func(ctx context.Context, d *Directive) error {
		if priority > 0 {
			d.Priority = priority
		}
		v, err := s.store.FindDirectiveVersion(ctx, d.ID, d.RecommendedVersion)
		if err != nil {
			return err
		}
		i, err := s.store.FindIdeaByID(ctx, d.IdeaID)
		if err != nil {
			return err
		}
		c := v.Content
		p := &Project{Name: d.Title, State: ProjectPlanning, IdeaID: i.ID, DirectiveID: d.ID, DecisionID: ref.DecisionID,
			OwnerID: c.OwnerID, ManagerID: c.ManagerID, Priority: d.Priority, Budget: c.Budget}
		if err := s.store.CreateApprovedProject(ctx, p); err != nil {
			return err
		}
		if err := s.record(ctx, a, "project.create", "project", p.ID, nil, p); err != nil {
			return err
		}
		if err := s.establish(ctx, a, p, &c, ref); err != nil {
			return err
		}
		d.ApprovedVersion, d.ApproveDecisionID, d.ProjectID = d.RecommendedVersion, ref.DecisionID, p.ID
		if i.Source == SourceNeeds {
			if err := s.Needs.AdvanceNeeds(ctx, a, i.NeedIDs, needInProject); err != nil {
				return err
			}
		}
		i.State = IdeaProject
		if err := s.store.UpdateIdea(ctx, i); err != nil {
			return err
		}
		return s.record(ctx, a, "idea.project", "idea", i.ID, map[string]any{"state": IdeaConcept}, map[string]any{"state": IdeaProject, "project_id": p.ID})
	})
}

// establish creates an approved project's steering group (owner as chair)
// and its project roles, from the decision's date.
func (s *Service) establish(ctx context.Context, a *policy.Actor, p *Project, c *Content, ref governance.DecisionRef) error {
	from := ref.MeetingStart
	if from.IsZero() {
		from = s.Now()
	}
	b := &governance.Body{Kind: policy.BodySteeringGroup, Slug: "styringsgruppe-prosjekt-" + strconv.FormatInt(p.ID, 10),
		NameNB: "Styringsgruppe for " + p.Name, NameNN: "Styringsgruppe for " + p.Name, NameEN: "Steering group of " + p.Name,
		Active: true, DecisionID: ref.DecisionID}
	if err := s.store.CreateBody(ctx, b); err != nil {
		return err
	}
	if err := s.record(ctx, a, "body.create", "body", b.ID, nil, b); err != nil {
		return err
	}
	if err := s.store.SetProjectSteeringBody(ctx, p.ID, b.ID); err != nil {
		return err
	}
	p.SteeringBodyID = b.ID
	members := []struct {
		id       int64
		function string
	}{{c.OwnerID, policy.FuncChair}}
	for _, id := range c.SteeringIDs {
		if id != c.OwnerID {
			members = append(members, struct {
				id       int64
				function string
			}{id, policy.FuncMember})
		}
	}
	for _, m := range members {
		if m.id == 0 {
			continue
		}
		ms := &governance.Membership{BodyID: b.ID, PersonID: m.id, Function: m.function, Sector: "municipal", TermFrom: from,
			Status: "active", AppointedBy: ref.String(), DecisionID: ref.DecisionID}
		if err := s.store.CreateMembership(ctx, ms); err != nil {
			return err
		}
		if err := s.record(ctx, a, "membership.create", "membership", ms.ID, nil, ms); err != nil {
			return err
		}
	}
	roles := [][2]any{{c.OwnerID, "owner"}, {c.ManagerID, "manager"}}
	for _, st := range c.Staffing {
		roles = append(roles, [2]any{st.PersonID, st.Role})
	}
	for _, r := range roles {
		id, role := r[0].(int64), r[1].(string)
		if id == 0 {
			continue
		}
		if err := s.store.EnsureProjectRole(ctx, p.ID, id, role, from); err != nil {
			return fmt.Errorf("project role %s: %w", role, err)
		}
	}
	return nil
}
