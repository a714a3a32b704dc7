// Package projects is project execution (issue 12, DOMAIN.md §3, §8C–E):
// the project plan (activities and milestones with their dependencies),
// the staffing plan and the meeting plan of an approved project, and
// (in other files) status reports, deviations and risks.
//
// A project exists only once its directive is approved
// (internal/directives); this package refers to projects by id.
package projects

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
)

// Activity kinds.
const (
	KindActivity  = "activity"
	KindMilestone = "milestone"
)

// ActivityKinds lists the activity kinds.
var ActivityKinds = []string{KindActivity, KindMilestone}

// PlanDateLayout is how plan dates are written (YYYY-MM-DD).
const PlanDateLayout = "2006-01-02"

// Activity is one activity or milestone of a project plan. Dates are
// YYYY-MM-DD; a milestone has one date (its end: Start equals End).
// Forecast and actual dates are optional ("" is none: a missing forecast
// means "as planned").
type Activity struct {
	ID          int64  `json:"id"`
	ProjectID   int64  `json:"project_id"`
	ProjectName string `json:"project_name,omitempty"`
	Kind        string `json:"kind"`
	Name        string `json:"name"`
	// Deliverable names a deliverable of the approved directive ("" none).
	Deliverable   string `json:"deliverable,omitempty"`
	PlannedStart  string `json:"planned_start"`
	PlannedEnd    string `json:"planned_end"`
	ForecastStart string `json:"forecast_start,omitempty"`
	ForecastEnd   string `json:"forecast_end,omitempty"`
	ActualStart   string `json:"actual_start,omitempty"`
	ActualEnd     string `json:"actual_end,omitempty"`
	// DependsOn are the activities this one waits for: activities or
	// milestones of the same project, or milestones of other projects.
	DependsOn []int64   `json:"depends_on"`
	CreatedBy int64     `json:"-"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// PlanDependency is one edge of the plan: Activity waits for DependsOn (which
// may belong to another project).
type PlanDependency struct {
	ActivityID       int64  `json:"activity_id"`
	ActivityName     string `json:"activity_name"`
	DependsOnID      int64  `json:"depends_on_id"`
	DependsOnName    string `json:"depends_on_name"`
	DependsOnProject int64  `json:"depends_on_project_id"`
	ProjectName      string `json:"depends_on_project_name,omitempty"`
}

// ActivityEdge is a dependency as stored: From waits for To.
type ActivityEdge struct{ From, To int64 }

// PlanStore is the storage the plan, staffing and meeting plan need
// (internal/store).
type PlanStore interface {
	DepsStore
	WithTx(ctx context.Context, fn func(ctx context.Context) error) error
	Record(ctx context.Context, e audit.Entry) error

	FindProjectByID(ctx context.Context, id int64) (*directives.Project, error)
	FindDirectiveByID(ctx context.Context, id int64) (*directives.Directive, error)
	FindDirectiveVersion(ctx context.Context, directiveID, n int64) (*directives.Version, error)
	EnsureProjectRole(ctx context.Context, projectID, personID int64, role string, from time.Time) error
	PersonContact(ctx context.Context, id int64) (name, email string, err error)

	CreateActivity(ctx context.Context, x *Activity) error
	UpdateActivity(ctx context.Context, x *Activity) error
	FindActivityByID(ctx context.Context, id int64) (*Activity, error)
	// FindActivities lists a project's plan (MilestonesOnly: milestones).
	FindActivities(ctx context.Context, projectID int64, milestonesOnly bool) ([]*Activity, error)
	// SetActivityDeps replaces what an activity depends on.
	SetActivityDeps(ctx context.Context, activityID int64, on []int64) error
	// FindActivityEdges returns every dependency edge of every project
	// (the cycle check walks them across projects).
	FindActivityEdges(ctx context.Context) ([]ActivityEdge, error)
	FindDependencies(ctx context.Context, projectID int64) ([]*PlanDependency, error)
	// FindMilestones searches other projects' milestones by words of
	// their or their project's name (for the pick).
	FindMilestones(ctx context.Context, q string, excludeProject int64, limit int) ([]*Activity, error)

	// FindPeopleByName searches active people by words of their name
	// (for picking a person of a staffing line).
	FindPeopleByName(ctx context.Context, q string, limit int) ([]*StaffLine, error)
	CreateStaffLine(ctx context.Context, l *StaffLine) error
	DeleteStaffLine(ctx context.Context, projectID, id int64) (*StaffLine, error)
	FindStaffLines(ctx context.Context, projectID int64) ([]*StaffLine, error)
	FindMyProjects(ctx context.Context, personID int64) ([]*MyProject, error)

	CreateProjectMeeting(ctx context.Context, m *ProjectMeeting) error
	FindProjectMeetings(ctx context.Context, projectID int64) ([]*ProjectMeeting, error)
}

// parseDate parses an optional date; ok is false for bad text.
func parsePlanDate(s string) (time.Time, bool) {
	if s == "" {
		return time.Time{}, true
	}
	t, err := time.Parse(PlanDateLayout, s)
	return t, err == nil
}

// Normalize trims the texts and makes a milestone's start its date.
func (x *Activity) Normalize() {
	for _, p := range []*string{&x.Name, &x.Deliverable, &x.PlannedStart, &x.PlannedEnd, &x.ForecastStart, &x.ForecastEnd, &x.ActualStart, &x.ActualEnd} {
		*p = strings.TrimSpace(*p)
	}
	if x.Kind == "" {
		x.Kind = KindActivity
	}
	if x.Kind == KindMilestone {
		x.PlannedStart, x.ForecastStart, x.ActualStart = x.PlannedEnd, x.ForecastEnd, x.ActualEnd
	}
	slices.Sort(x.DependsOn)
	x.DependsOn = slices.Compact(x.DependsOn)
}

// Validate checks the fields: a kind, a name, a planned period, dates
// that parse, each start not after its end, and a deliverable of the
// directive (deliverables nil: not checked). Errors: Invalid.
func (x *Activity) Validate(deliverables []string) error {
	var v errs.Validation
	if !slices.Contains(ActivityKinds, x.Kind) {
		v.Add("kind", "plan.error.kind")
	}
	if x.Name == "" {
		v.Add("name", "plan.error.name")
	} else if utf8.RuneCountInString(x.Name) > 300 {
		v.Add("name", "plan.error.too_long")
	}
	if x.PlannedEnd == "" {
		v.Add("planned_end", "plan.error.date_required")
	}
	if x.Kind == KindActivity && x.PlannedStart == "" {
		v.Add("planned_start", "plan.error.date_required")
	}
	x.checkPair(&v, "planned", x.PlannedStart, x.PlannedEnd)
	x.checkPair(&v, "forecast", x.ForecastStart, x.ForecastEnd)
	x.checkPair(&v, "actual", x.ActualStart, x.ActualEnd)
	if x.Deliverable != "" && deliverables != nil && !slices.Contains(deliverables, x.Deliverable) {
		v.Add("deliverable", "plan.error.deliverable")
	}
	if slices.Contains(x.DependsOn, x.ID) && x.ID != 0 {
		v.Add("depends_on", "plan.error.cycle")
	}
	return v.Err()
}

// checkPair checks one start–end pair: both parse, start ≤ end.
func (x *Activity) checkPair(v *errs.Validation, prefix, start, end string) {
	s, okS := parsePlanDate(start)
	e, okE := parsePlanDate(end)
	if !okS && x.Kind == KindActivity {
		v.Add(prefix+"_start", "plan.error.date")
	}
	if !okE {
		v.Add(prefix+"_end", "plan.error.date")
	}
	if okS && okE && !s.IsZero() && !e.IsZero() && e.Before(s) {
		v.Add(prefix+"_end", "plan.error.end_before_start")
	}
}

// Start and End return the dates the plan now expects: the actual, else
// the forecast, else the planned date.
func (x *Activity) Start() time.Time {
	return firstPlanDate(x.ActualStart, x.ForecastStart, x.PlannedStart)
}

// End returns the expected end (see Start).
func (x *Activity) End() time.Time { return firstPlanDate(x.ActualEnd, x.ForecastEnd, x.PlannedEnd) }

func firstPlanDate(ds ...string) time.Time {
	for _, d := range ds {
		if t, ok := parsePlanDate(d); ok && !t.IsZero() {
			return t
		}
	}
	return time.Time{}
}

// Slipped reports whether the forecast (or actual) end is after the
// planned end.
func (x *Activity) Slipped() bool {
	p, _ := parsePlanDate(x.PlannedEnd)
	e := firstPlanDate(x.ActualEnd, x.ForecastEnd)
	return !p.IsZero() && !e.IsZero() && e.After(p)
}

// SlipDays is how many days the end slipped (0 if none).
func (x *Activity) SlipDays() int {
	if !x.Slipped() {
		return 0
	}
	p, _ := parsePlanDate(x.PlannedEnd)
	return int(firstPlanDate(x.ActualEnd, x.ForecastEnd).Sub(p).Hours() / 24)
}

// Done reports whether the activity has an actual end.
func (x *Activity) Done() bool { return x.ActualEnd != "" }

// ActivityCycle reports whether adding the edges from id to each of on would
// close a cycle in the graph of edges (id's own old edges are replaced):
// it returns the path of the cycle, or nil.
func ActivityCycle(edges []ActivityEdge, id int64, on []int64) []int64 {
	next := map[int64][]int64{}
	for _, e := range edges {
		if e.From != id {
			next[e.From] = append(next[e.From], e.To)
		}
	}
	next[id] = append(next[id], on...)
	// Depth-first from id: a path back to id is a cycle.
	seen := map[int64]bool{}
	var path []int64
	var walk func(n int64) bool
	walk = func(n int64) bool {
		path = append(path, n)
		for _, m := range next[n] {
			if m == id {
				path = append(path, m)
				return true
			}
			if !seen[m] {
				seen[m] = true
				if walk(m) {
					return true
				}
			}
		}
		path = path[:len(path)-1]
		return false
	}
	if walk(id) {
		return path
	}
	return nil
}

// Plan is a project's plan as one reader sees it: Full is false for
// those who see the milestones only (name and dates).
type Plan struct {
	Project      *directives.Project `json:"project"`
	Activities   []*Activity         `json:"activities"`
	Dependencies []*PlanDependency   `json:"dependencies,omitempty"`
	Deliverables []string            `json:"deliverables,omitempty"`
	// ComponentDeps are what the plan's activities wait for in the
	// register of national components; Components is the register (for
	// the form, to those who may edit).
	ComponentDeps []*ComponentDep `json:"component_dependencies,omitempty"`
	Components    []*Component    `json:"-"`
	Full          bool            `json:"full"`
	MayEdit       bool            `json:"may_edit"`
}

// Span returns the first start and last end of the plan's items (and
// today, so that it is always drawn).
func (p *Plan) Span(today time.Time) (from, to time.Time) {
	from, to = today, today
	for _, x := range p.Activities {
		for _, d := range []time.Time{firstPlanDate(x.PlannedStart), firstPlanDate(x.PlannedEnd), x.Start(), x.End()} {
			if d.IsZero() {
				continue
			}
			if d.Before(from) {
				from = d
			}
			if d.After(to) {
				to = d
			}
		}
	}
	return from, to
}

func planNotFound(kind string, id int64) error {
	return errs.E(errs.NotFound, "error.not_found", "kind", kind, "id", fmt.Sprint(id))
}
