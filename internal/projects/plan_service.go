package projects

import (
	"context"
	"slices"
	"time"

	"github.com/samstyr/samstyr/internal/audit"
	"github.com/samstyr/samstyr/internal/directives"
	"github.com/samstyr/samstyr/internal/errs"
	"github.com/samstyr/samstyr/internal/policy"
)

// PlanService is the use cases of a project's plan, staffing plan and
// meeting plan.
type PlanService struct {
	store PlanStore
	Now   func() time.Time
}

// NewPlanService returns the service over a store.
func NewPlanService(s PlanStore) *PlanService { return &PlanService{store: s, Now: time.Now} }

func (s *PlanService) record(ctx context.Context, a *policy.Actor, action, typ string, id int64, before, after any) error {
	return s.store.Record(ctx, audit.Entry{ActorID: a.ID(), Action: action, ObjectType: typ, ObjectID: id, Before: before, After: after})
}

// PlanResource is what the policy needs to know of a project: its id and its
// steering group.
func PlanResource(p *directives.Project) policy.Resource {
	return policy.Resource{ProjectID: p.ID, BodyID: p.SteeringBodyID}
}

// project returns a project (NotFound when missing).
func (s *PlanService) project(ctx context.Context, id int64) (*directives.Project, error) {
	return s.store.FindProjectByID(ctx, id)
}

// MayEdit reports whether the actor may change the project's plans.
func (s *PlanService) MayEdit(a *policy.Actor, p *directives.Project) bool {
	return policy.Can(a, policy.ProjectPlanEdit, PlanResource(p))
}

// MayRead reports whether the actor reads the whole plan.
func (s *PlanService) MayRead(a *policy.Actor, p *directives.Project) bool {
	return policy.Can(a, policy.ProjectPlanView, PlanResource(p))
}

// content returns the approved directive's content (nil when the
// project has none).
func (s *PlanService) content(ctx context.Context, p *directives.Project) (*directives.Content, error) {
	if p.DirectiveID == 0 {
		return nil, nil
	}
	d, err := s.store.FindDirectiveByID(ctx, p.DirectiveID)
	if err != nil {
		return nil, err
	}
	n := d.ApprovedVersion
	if n == 0 {
		n = d.Version
	}
	v, err := s.store.FindDirectiveVersion(ctx, d.ID, n)
	if err != nil {
		return nil, err
	}
	return &v.Content, nil
}

// deliverables returns the names of the directive's deliverables.
func (s *PlanService) deliverables(ctx context.Context, p *directives.Project) ([]string, error) {
	c, err := s.content(ctx, p)
	if err != nil || c == nil {
		return []string{}, err
	}
	out := []string{}
	for _, d := range c.Deliverables {
		out = append(out, d.Name)
	}
	return out, nil
}

// Plan returns a project's plan: everything for those who may read it
// (the project's manager and members, its steering group, the
// secretariat and the councils), the milestones' names and dates for
// everyone else. Errors: NotFound.
func (s *PlanService) Plan(ctx context.Context, a *policy.Actor, projectID int64) (*Plan, error) {
	if err := policy.Check(a, policy.ProjectMilestoneList, policy.Resource{ProjectID: projectID}); err != nil {
		return nil, err
	}
	p, err := s.project(ctx, projectID)
	if err != nil {
		return nil, err
	}
	pl := &Plan{Project: p, Full: s.MayRead(a, p), MayEdit: s.MayEdit(a, p)}
	if pl.Activities, err = s.store.FindActivities(ctx, p.ID, !pl.Full); err != nil {
		return nil, err
	}
	if !pl.Full {
		for _, x := range pl.Activities {
			*x = Activity{ID: x.ID, ProjectID: x.ProjectID, Kind: x.Kind, Name: x.Name, PlannedStart: x.PlannedStart,
				PlannedEnd: x.PlannedEnd, ForecastStart: x.ForecastStart, ForecastEnd: x.ForecastEnd,
				ActualStart: x.ActualStart, ActualEnd: x.ActualEnd, DependsOn: []int64{}}
		}
		return pl, nil
	}
	if pl.Dependencies, err = s.store.FindDependencies(ctx, p.ID); err != nil {
		return nil, err
	}
	if pl.ComponentDeps, pl.Components, err = s.componentDeps(ctx, a, p); err != nil {
		return nil, err
	}
	pl.Deliverables, err = s.deliverables(ctx, p)
	return pl, err
}

// Activity returns one activity of a project, for those who read the
// whole plan. Errors: Unauthenticated, Forbidden, NotFound.
func (s *PlanService) Activity(ctx context.Context, a *policy.Actor, projectID, id int64) (*Activity, error) {
	p, err := s.project(ctx, projectID)
	if err != nil {
		return nil, err
	}
	if err := policy.Check(a, policy.ProjectPlanView, PlanResource(p)); err != nil {
		return nil, err
	}
	x, err := s.store.FindActivityByID(ctx, id)
	if err != nil {
		return nil, err
	}
	if x.ProjectID != projectID {
		return nil, planNotFound("activity", id)
	}
	return x, nil
}

// CreateActivity adds an activity or milestone to a project's plan.
// Errors: Unauthenticated, Forbidden, NotFound, Invalid (a field, a
// dependency that is not this project's or another project's milestone,
// a cycle: field depends_on).
func (s *PlanService) CreateActivity(ctx context.Context, a *policy.Actor, projectID int64, x *Activity) error {
	p, err := s.project(ctx, projectID)
	if err != nil {
		return err
	}
	if err := policy.Check(a, policy.ProjectPlanEdit, PlanResource(p)); err != nil {
		return err
	}
	x.ID, x.ProjectID, x.CreatedBy = 0, p.ID, a.ID()
	return s.store.WithTx(ctx, func(ctx context.Context) error {
		if err := s.check(ctx, p, x); err != nil {
			return err
		}
		if err := s.store.CreateActivity(ctx, x); err != nil {
			return err
		}
		if err := s.setDeps(ctx, x); err != nil {
			return err
		}
		return s.record(ctx, a, "activity.create", "activity", x.ID, nil, x)
	})
}

// ActivityPatch is a change of an activity; nil fields stay.
type ActivityPatch struct {
	Kind          *string  `json:"kind"`
	Name          *string  `json:"name"`
	Deliverable   *string  `json:"deliverable"`
	PlannedStart  *string  `json:"planned_start"`
	PlannedEnd    *string  `json:"planned_end"`
	ForecastStart *string  `json:"forecast_start"`
	ForecastEnd   *string  `json:"forecast_end"`
	ActualStart   *string  `json:"actual_start"`
	ActualEnd     *string  `json:"actual_end"`
	DependsOn     *[]int64 `json:"depends_on"`
}

// apply sets the given fields on x.
func (c *ActivityPatch) apply(x *Activity) {
	set := func(dst *string, v *string) {
		if v != nil {
			*dst = *v
		}
	}
	set(&x.Kind, c.Kind)
	set(&x.Name, c.Name)
	set(&x.Deliverable, c.Deliverable)
	set(&x.PlannedStart, c.PlannedStart)
	set(&x.PlannedEnd, c.PlannedEnd)
	set(&x.ForecastStart, c.ForecastStart)
	set(&x.ForecastEnd, c.ForecastEnd)
	set(&x.ActualStart, c.ActualStart)
	set(&x.ActualEnd, c.ActualEnd)
	if c.DependsOn != nil {
		x.DependsOn = slices.Clone(*c.DependsOn)
	}
}

// UpdateActivity changes an activity (the fields given). Errors as
// CreateActivity.
func (s *PlanService) UpdateActivity(ctx context.Context, a *policy.Actor, projectID, id int64, c *ActivityPatch) (*Activity, error) {
	p, err := s.project(ctx, projectID)
	if err != nil {
		return nil, err
	}
	if err := policy.Check(a, policy.ProjectPlanEdit, PlanResource(p)); err != nil {
		return nil, err
	}
	var out *Activity
	err = s.store.WithTx(ctx, func(ctx context.Context) error {
		x, err := s.store.FindActivityByID(ctx, id)
		if err != nil {
			return err
		}
		if x.ProjectID != p.ID {
			return planNotFound("activity", id)
		}
		before := *x
		c.apply(x)
		if err := s.check(ctx, p, x); err != nil {
			return err
		}
		if err := s.store.UpdateActivity(ctx, x); err != nil {
			return err
		}
		if err := s.setDeps(ctx, x); err != nil {
			return err
		}
		out = x
		return s.record(ctx, a, "activity.update", "activity", x.ID, before, x)
	})
	return out, err
}

// AddDependency makes an activity of the project wait for another (an
// activity of the project or another project's milestone). Errors as
// CreateActivity.
func (s *PlanService) AddDependency(ctx context.Context, a *policy.Actor, projectID, activityID, on int64) (*Activity, error) {
	p, err := s.project(ctx, projectID)
	if err != nil {
		return nil, err
	}
	if err := policy.Check(a, policy.ProjectPlanEdit, PlanResource(p)); err != nil {
		return nil, err
	}
	x, err := s.store.FindActivityByID(ctx, activityID)
	if errs.Is(err, errs.NotFound) || err == nil && x.ProjectID != p.ID {
		return nil, errs.InvalidField("activity_id", "plan.error.activity")
	}
	if err != nil {
		return nil, err
	}
	deps := append(slices.Clone(x.DependsOn), on)
	return s.UpdateActivity(ctx, a, projectID, activityID, &ActivityPatch{DependsOn: &deps})
}

// check normalises and validates an activity in the transaction: its
// fields, its deliverable, and each dependency (exists; this project's,
// or another project's milestone; no cycle).
func (s *PlanService) check(ctx context.Context, p *directives.Project, x *Activity) error {
	x.Normalize()
	dl, err := s.deliverables(ctx, p)
	if err != nil {
		return err
	}
	if err := x.Validate(dl); err != nil {
		return err
	}
	for _, on := range x.DependsOn {
		y, err := s.store.FindActivityByID(ctx, on)
		if errs.Is(err, errs.NotFound) {
			return errs.InvalidField("depends_on", "plan.error.dependency")
		}
		if err != nil {
			return err
		}
		if y.ProjectID != p.ID && y.Kind != KindMilestone {
			return errs.InvalidField("depends_on", "plan.error.foreign_activity")
		}
	}
	edges, err := s.store.FindActivityEdges(ctx)
	if err != nil {
		return err
	}
	if x.ID != 0 && ActivityCycle(edges, x.ID, x.DependsOn) != nil {
		return errs.InvalidField("depends_on", "plan.error.cycle")
	}
	return nil
}

func (s *PlanService) setDeps(ctx context.Context, x *Activity) error {
	if x.DependsOn == nil {
		x.DependsOn = []int64{}
	}
	return s.store.SetActivityDeps(ctx, x.ID, x.DependsOn)
}

// Dependencies lists what the project's activities depend on. Errors:
// Unauthenticated, Forbidden, NotFound.
func (s *PlanService) Dependencies(ctx context.Context, a *policy.Actor, projectID int64) ([]*PlanDependency, error) {
	p, err := s.project(ctx, projectID)
	if err != nil {
		return nil, err
	}
	if err := policy.Check(a, policy.ProjectPlanView, PlanResource(p)); err != nil {
		return nil, err
	}
	return s.store.FindDependencies(ctx, p.ID)
}

// Milestones searches other projects' milestones (public: names and
// dates), for picking a dependency.
func (s *PlanService) Milestones(ctx context.Context, a *policy.Actor, q string, excludeProject int64) ([]*Activity, error) {
	if err := policy.Check(a, policy.ProjectMilestoneList, policy.Resource{}); err != nil {
		return nil, err
	}
	return s.store.FindMilestones(ctx, q, excludeProject, 10)
}
