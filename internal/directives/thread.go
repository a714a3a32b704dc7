package directives

import (
	"context"
	"slices"
	"time"

	"github.com/samstyr/samstyr/internal/governance"
	"github.com/samstyr/samstyr/internal/policy"
)

// The golden thread (DESIGN.md §2, issue 11 item 7): from a need to the
// idea, the concept, the directive and the project it went into, and back
// from a project to the needs and the people, each step pointing at the
// decision that took it.

// ThreadStore is the storage the golden thread reads.
type ThreadStore interface {
	FindNeedSteps(ctx context.Context, needIDs []int64) ([]*NeedStep, error)
	FindOrgNeedSteps(ctx context.Context, orgID int64) ([]*NeedStep, error)
	FindProjectRoles(ctx context.Context, projectID int64) ([]ProjectRole, error)
	FindProjectBackers(ctx context.Context, ideaID int64) ([]OrgRef, error)
	FindMemberships(ctx context.Context, f governance.MembershipFilter) ([]*governance.Membership, error)
	NeedStandards(ctx context.Context, needIDs []int64) ([]string, error)
}

// NeedStep is how far a need got in the concept phase, for lists (an
// organisation's "what happened to our needs"), as the actor may see it:
// the idea only for the readers of ideas, the directive only when they
// may read it (the approved version for the public), the project always.
type NeedStep struct {
	NeedID           int64  `json:"need_id"`
	IdeaID           int64  `json:"idea_id,omitempty"`
	IdeaTitle        string `json:"idea_title,omitempty"`
	IdeaState        string `json:"idea_state,omitempty"`
	DirectiveID      int64  `json:"directive_id,omitempty"`
	DirectiveTitle   string `json:"directive_title,omitempty"`
	DirectiveState   string `json:"directive_state,omitempty"`
	DirectiveVersion int64  `json:"directive_version,omitempty"`
	ProjectID        int64  `json:"project_id,omitempty"`
	ProjectName      string `json:"project_name,omitempty"`
	ProjectState     string `json:"project_state,omitempty"`

	// As stored, before the actor's view is applied.
	ApprovedVersion    int64 `json:"-"`
	DirectiveManagerID int64 `json:"-"`
}

// StepsOfNeeds returns how far each of the needs got (by need id; needs
// that went into no idea the actor may see are left out). One query for
// all of them.
func (s *Service) StepsOfNeeds(ctx context.Context, a *policy.Actor, needIDs []int64) (map[int64]*NeedStep, error) {
	out := map[int64]*NeedStep{}
	if len(needIDs) == 0 {
		return out, nil
	}
	rows, err := s.store.FindNeedSteps(ctx, needIDs)
	if err != nil {
		return nil, err
	}
	for _, st := range s.visibleSteps(a, rows) {
		out[st.NeedID] = st
	}
	return out, nil
}

// StepsOfOrg returns how far the needs an organisation submitted or backs
// got, for those that went into an idea the actor may see: those that
// got furthest first (a project, a directive, an idea), newest first
// within each.
func (s *Service) StepsOfOrg(ctx context.Context, a *policy.Actor, orgID int64) ([]*NeedStep, error) {
	rows, err := s.store.FindOrgNeedSteps(ctx, orgID)
	if err != nil {
		return nil, err
	}
	out := s.visibleSteps(a, rows)
	slices.SortStableFunc(out, func(x, y *NeedStep) int {
		if r := stepRank(y) - stepRank(x); r != 0 {
			return r
		}
		return int(y.NeedID - x.NeedID)
	})
	return out, nil
}

// visibleSteps applies who may see what to the stored steps and keeps one
// per need, the one that got furthest (a need in two ideas, one rejected
// and one carried on, shows the one carried on), in the order first seen.
func (s *Service) visibleSteps(a *policy.Actor, rows []*NeedStep) []*NeedStep {
	mayIdeas := policy.Can(a, policy.IdeaView, policy.Resource{})
	var out []*NeedStep
	at := map[int64]int{}
	for _, st := range rows {
		if !mayIdeas {
			st.IdeaID, st.IdeaTitle, st.IdeaState = 0, "", ""
		}
		if st.DirectiveID != 0 {
			d := &Directive{State: st.DirectiveState, ManagerID: st.DirectiveManagerID, ApprovedVersion: st.ApprovedVersion}
			switch {
			case s.mayReadVersions(a, d):
			case policy.Can(a, policy.DirectiveView, directiveRes(d)):
				st.DirectiveVersion = st.ApprovedVersion
			default:
				st.DirectiveID, st.DirectiveTitle, st.DirectiveState, st.DirectiveVersion = 0, "", "", 0
			}
		}
		if st.IdeaID == 0 && st.DirectiveID == 0 && st.ProjectID == 0 {
			continue
		}
		if i, ok := at[st.NeedID]; ok {
			if stepRank(st) > stepRank(out[i]) {
				out[i] = st
			}
			continue
		}
		at[st.NeedID] = len(out)
		out = append(out, st)
	}
	return out
}

func stepRank(st *NeedStep) int {
	switch {
	case st.ProjectID != 0:
		return 3
	case st.DirectiveID != 0:
		return 2
	}
	return 1
}

// ProjectRole is a person's role in a project.
type ProjectRole struct {
	PersonID int64     `json:"person_id"`
	Name     string    `json:"name"`
	Role     string    `json:"role"`
	From     time.Time `json:"term_from"`
	To       time.Time `json:"term_to,omitzero"`
}

// Team is a project's people: its roles and its steering group's
// members, each pointing at the approving decision.
type Team struct {
	Roles    []ProjectRole            `json:"roles"`
	Steering []*governance.Membership `json:"steering_group"`
}

// ProjectTeam returns the people of a project, for those who may see
// them (policy project.people); the public sees only the names of the
// owner and the manager on the project itself. Errors: Forbidden,
// NotFound.
func (s *Service) ProjectTeam(ctx context.Context, a *policy.Actor, p *Project) (*Team, error) {
	if err := policy.Check(a, policy.ProjectPeople, policy.Resource{}); err != nil {
		return nil, err
	}
	t := &Team{Steering: []*governance.Membership{}}
	var err error
	if t.Roles, err = s.store.FindProjectRoles(ctx, p.ID); err != nil {
		return nil, err
	}
	if p.SteeringBodyID == 0 {
		return t, nil
	}
	ms, err := s.store.FindMemberships(ctx, governance.MembershipFilter{BodyID: p.SteeringBodyID})
	if err != nil {
		return nil, err
	}
	refs := map[int64]*governance.DecisionRef{}
	for _, m := range ms {
		if m.DecisionID != 0 {
			if refs[m.DecisionID] == nil {
				if refs[m.DecisionID], err = s.store.FindDecisionRef(ctx, m.DecisionID); err != nil {
					return nil, err
				}
			}
			m.Decision = refs[m.DecisionID]
		}
		t.Steering = append(t.Steering, m)
	}
	return t, nil
}

// Standards returns the standards the needs an idea covers name, in the
// order first named, for a new directive's "standards to follow".
// Errors: Forbidden, NotFound.
func (s *Service) Standards(ctx context.Context, a *policy.Actor, ideaID int64) ([]string, error) {
	if err := policy.Check(a, policy.DirectiveEdit, policy.Resource{}); err != nil {
		return nil, err
	}
	i, err := s.store.FindIdeaByID(ctx, ideaID)
	if err != nil {
		return nil, err
	}
	return s.standardsOf(ctx, i)
}

func (s *Service) standardsOf(ctx context.Context, i *Idea) ([]string, error) {
	if len(i.NeedIDs) == 0 {
		return nil, nil
	}
	all, err := s.store.NeedStandards(ctx, i.NeedIDs)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, x := range all {
		if x != "" && !slices.Contains(out, x) {
			out = append(out, x)
		}
	}
	return out, nil
}

// OrgRef names an organisation.
type OrgRef struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
}

// Backers returns the organisations backing (or having submitted) the
// needs a project answers, by name, for links to their pages (public, as
// the project is). Errors: Forbidden.
func (s *Service) Backers(ctx context.Context, a *policy.Actor, p *Project) ([]OrgRef, error) {
	if err := policy.Check(a, policy.ProjectView, policy.Resource{}); err != nil {
		return nil, err
	}
	if p.IdeaID == 0 {
		return []OrgRef{}, nil
	}
	return s.store.FindProjectBackers(ctx, p.IdeaID)
}
