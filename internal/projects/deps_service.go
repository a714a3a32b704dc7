package projects

import (
	"context"

	"github.com/samstyr/samstyr/internal/directives"
	"github.com/samstyr/samstyr/internal/errs"
	"github.com/samstyr/samstyr/internal/policy"
)

// The use cases of cross-project dependencies (issue 12, item 7), on the
// plan's service: they read and write the same plan records.

// DependencyView returns the portfolio-wide dependency view, for everyone
// signed in. Errors: Unauthenticated, Conflict (a cycle in the records).
func (s *PlanService) DependencyView(ctx context.Context, a *policy.Actor) (*DependencyView, error) {
	if err := policy.Check(a, policy.DepsView, policy.Resource{}); err != nil {
		return nil, err
	}
	g, err := s.store.FindPlanGraph(ctx)
	if err != nil {
		return nil, err
	}
	return BuildDependencyView(g)
}

// SlippedDependencies returns what a project waits for that has slipped
// (another project's milestone or a component), for its page: milestones
// are public, so is this. Errors: NotFound.
func (s *PlanService) SlippedDependencies(ctx context.Context, a *policy.Actor, projectID int64) ([]*SlippedDependency, error) {
	if err := policy.Check(a, policy.ProjectMilestoneList, policy.Resource{ProjectID: projectID}); err != nil {
		return nil, err
	}
	g, err := s.store.FindPlanGraph(ctx)
	if err != nil {
		return nil, err
	}
	return SlippedFor(projectID, g), nil
}

// Components lists the register of national components. Errors:
// Unauthenticated.
func (s *PlanService) Components(ctx context.Context, a *policy.Actor) ([]*Component, error) {
	if err := policy.Check(a, policy.ComponentList, policy.Resource{}); err != nil {
		return nil, err
	}
	return s.store.FindComponents(ctx)
}

// MayManageComponents reports whether the actor keeps the register.
func (s *PlanService) MayManageComponents(a *policy.Actor) bool {
	return policy.Can(a, policy.ComponentManage, policy.Resource{})
}

// Component returns one component. Errors: Unauthenticated, NotFound.
func (s *PlanService) Component(ctx context.Context, a *policy.Actor, id int64) (*Component, error) {
	if err := policy.Check(a, policy.ComponentList, policy.Resource{}); err != nil {
		return nil, err
	}
	return s.store.FindComponentByID(ctx, id)
}

// CreateComponent adds a component to the register (the secretariat).
// Errors: Unauthenticated, Forbidden, Invalid, Conflict (the name is
// taken).
func (s *PlanService) CreateComponent(ctx context.Context, a *policy.Actor, c *Component) error {
	if err := policy.Check(a, policy.ComponentManage, policy.Resource{}); err != nil {
		return err
	}
	c.ID = 0
	c.Normalize()
	if err := c.Validate(); err != nil {
		return err
	}
	return s.store.WithTx(ctx, func(ctx context.Context) error {
		if err := s.store.CreateComponent(ctx, c); err != nil {
			return err
		}
		return s.record(ctx, a, "component.create", "component", c.ID, nil, c)
	})
}

// ComponentPatch is a change of a component; nil fields stay.
type ComponentPatch struct {
	Name         *string `json:"name"`
	Owner        *string `json:"owner"`
	Status       *string `json:"status"`
	Description  *string `json:"description"`
	PlannedDate  *string `json:"planned_date"`
	ForecastDate *string `json:"forecast_date"`
}

func (p *ComponentPatch) apply(c *Component) {
	for _, f := range []struct {
		dst *string
		v   *string
	}{{&c.Name, p.Name}, {&c.Owner, p.Owner}, {&c.Status, p.Status}, {&c.Description, p.Description},
		{&c.PlannedDate, p.PlannedDate}, {&c.ForecastDate, p.ForecastDate}} {
		if f.v != nil {
			*f.dst = *f.v
		}
	}
}

// UpdateComponent changes the fields given of a component (the
// secretariat), read and written in one transaction (on PostgreSQL under
// the store's write lock, so concurrent changes do not overwrite each
// other). Errors:
// as CreateComponent, NotFound.
func (s *PlanService) UpdateComponent(ctx context.Context, a *policy.Actor, id int64, p *ComponentPatch) (*Component, error) {
	if err := policy.Check(a, policy.ComponentManage, policy.Resource{}); err != nil {
		return nil, err
	}
	var out *Component
	err := s.store.WithTx(ctx, func(ctx context.Context) error {
		c, err := s.store.FindComponentByID(ctx, id)
		if err != nil {
			return err
		}
		before := *c
		p.apply(c)
		c.Normalize()
		if err := c.Validate(); err != nil {
			return err
		}
		if err := s.store.UpdateComponent(ctx, c); err != nil {
			return err
		}
		out = c
		return s.record(ctx, a, "component.update", "component", c.ID, before, c)
	})
	return out, err
}

// ComponentDeps lists a project's dependencies on components, for those
// who read its plan. Errors: Unauthenticated, Forbidden, NotFound.
func (s *PlanService) ComponentDeps(ctx context.Context, a *policy.Actor, projectID int64) ([]*ComponentDep, error) {
	p, err := s.project(ctx, projectID)
	if err != nil {
		return nil, err
	}
	if err := policy.Check(a, policy.ProjectPlanView, PlanResource(p)); err != nil {
		return nil, err
	}
	return s.store.FindComponentDeps(ctx, p.ID)
}

// MayEditComponentDeps reports whether the actor records the project's
// component dependencies.
func (s *PlanService) MayEditComponentDeps(a *policy.Actor, projectID int64) bool {
	return policy.Can(a, policy.ProjectComponentDepEdit, policy.Resource{ProjectID: projectID})
}

// AddComponentDep records that an activity of the project waits for a
// component (the project's manager or the secretariat). Errors:
// Unauthenticated, Forbidden, NotFound, Invalid (activity_id: not this
// project's; component_id: no such component; note too long), Conflict
// (already recorded).
func (s *PlanService) AddComponentDep(ctx context.Context, a *policy.Actor, projectID int64, d *ComponentDep) error {
	p, err := s.project(ctx, projectID)
	if err != nil {
		return err
	}
	if err := policy.Check(a, policy.ProjectComponentDepEdit, PlanResource(p)); err != nil {
		return err
	}
	d.ID, d.ProjectID, d.CreatedBy = 0, p.ID, a.ID()
	return s.store.WithTx(ctx, func(ctx context.Context) error {
		x, err := s.store.FindActivityByID(ctx, d.ActivityID)
		if errs.Is(err, errs.NotFound) || err == nil && x.ProjectID != p.ID {
			return errs.InvalidField("activity_id", "plan.error.activity")
		}
		if err != nil {
			return err
		}
		c, err := s.store.FindComponentByID(ctx, d.ComponentID)
		if errs.Is(err, errs.NotFound) {
			return errs.InvalidField("component_id", "deps.error.component")
		}
		if err != nil {
			return err
		}
		if len([]rune(d.Note)) > 1000 {
			return errs.InvalidField("note", "plan.error.too_long")
		}
		d.ActivityName, d.ComponentName, d.ProjectName = x.Name, c.Name, p.Name
		if err := s.store.CreateComponentDep(ctx, d); err != nil {
			return err
		}
		return s.record(ctx, a, "component_dep.create", "component_dep", d.ID, nil, d)
	})
}

// RemoveComponentDep removes a project's component dependency. Errors:
// Unauthenticated, Forbidden, NotFound.
func (s *PlanService) RemoveComponentDep(ctx context.Context, a *policy.Actor, projectID, id int64) error {
	p, err := s.project(ctx, projectID)
	if err != nil {
		return err
	}
	if err := policy.Check(a, policy.ProjectComponentDepEdit, PlanResource(p)); err != nil {
		return err
	}
	return s.store.WithTx(ctx, func(ctx context.Context) error {
		d, err := s.store.DeleteComponentDep(ctx, p.ID, id)
		if err != nil {
			return err
		}
		return s.record(ctx, a, "component_dep.delete", "component_dep", d.ID, d, nil)
	})
}

// componentDeps returns a project's component dependencies, and the
// register when the actor may record them (for the plan page's form).
func (s *PlanService) componentDeps(ctx context.Context, a *policy.Actor, p *directives.Project) ([]*ComponentDep, []*Component, error) {
	ds, err := s.store.FindComponentDeps(ctx, p.ID)
	if err != nil || !policy.Can(a, policy.ProjectComponentDepEdit, PlanResource(p)) {
		return ds, nil, err
	}
	cs, err := s.store.FindComponents(ctx)
	return ds, cs, err
}
