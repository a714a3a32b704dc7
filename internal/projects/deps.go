package projects

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/samstyr/samstyr/internal/errs"
)

// Cross-project dependencies (issue 12, item 7; DOMAIN.md §5): the
// register of national components and external systems that projects
// depend on (Fellestjenester BYGG and PLAN, Fiks, matrikkel …), a
// project's dependencies on them, and the portfolio-wide dependency graph
// with its critical chains and slipped dependencies.

// Component statuses.
const (
	ComponentPlanned     = "planned"
	ComponentDevelopment = "development"
	ComponentProduction  = "production"
	ComponentRetiring    = "retiring"
)

// ComponentStatuses lists the statuses of a national component.
var ComponentStatuses = []string{ComponentPlanned, ComponentDevelopment, ComponentProduction, ComponentRetiring}

// ComponentOwners are the actors that own national components (DOMAIN.md
// §5); "other" is any other.
var ComponentOwners = []string{"KDD", "DiBK", "Kartverket", "SSB", "KS", "Digdir", "DFØ", "Arkivverket", "other"}

// Component is a national component or external system projects depend
// on. PlannedDate and ForecastDate (YYYY-MM-DD, optional) are when it is
// (to be) available: a forecast after the planned date is a slip.
type Component struct {
	ID           int64     `json:"id"`
	Name         string    `json:"name"`
	Owner        string    `json:"owner"`
	Status       string    `json:"status"`
	Description  string    `json:"description,omitempty"`
	PlannedDate  string    `json:"planned_date,omitempty"`
	ForecastDate string    `json:"forecast_date,omitempty"`
	CreatedAt    time.Time `json:"created_at"`
	UpdatedAt    time.Time `json:"updated_at"`
}

// Normalize trims the texts.
func (c *Component) Normalize() {
	for _, p := range []*string{&c.Name, &c.Owner, &c.Status, &c.Description, &c.PlannedDate, &c.ForecastDate} {
		*p = strings.TrimSpace(*p)
	}
	if c.Status == "" {
		c.Status = ComponentProduction
	}
}

// Validate checks a component: a name, an owner and a status from the
// lists, dates that parse. Errors: Invalid.
func (c *Component) Validate() error {
	var v errs.Validation
	if c.Name == "" {
		v.Add("name", "deps.error.name")
	} else if utf8.RuneCountInString(c.Name) > 200 {
		v.Add("name", "plan.error.too_long")
	}
	if !slices.Contains(ComponentOwners, c.Owner) {
		v.Add("owner", "deps.error.owner")
	}
	if !slices.Contains(ComponentStatuses, c.Status) {
		v.Add("status", "deps.error.status")
	}
	if utf8.RuneCountInString(c.Description) > 2000 {
		v.Add("description", "plan.error.too_long")
	}
	if _, ok := parsePlanDate(c.PlannedDate); !ok {
		v.Add("planned_date", "plan.error.date")
	}
	if _, ok := parsePlanDate(c.ForecastDate); !ok {
		v.Add("forecast_date", "plan.error.date")
	}
	if c.ForecastDate != "" && c.PlannedDate == "" {
		v.Add("planned_date", "plan.error.date_required")
	}
	return v.Err()
}

// Slipped reports whether the forecast is after the planned date.
func (c *Component) Slipped() bool {
	p, _ := parsePlanDate(c.PlannedDate)
	f, _ := parsePlanDate(c.ForecastDate)
	return !p.IsZero() && !f.IsZero() && f.After(p)
}

// SlipDays is how many days the component slipped (0 if none).
func (c *Component) SlipDays() int {
	if !c.Slipped() {
		return 0
	}
	p, _ := parsePlanDate(c.PlannedDate)
	f, _ := parsePlanDate(c.ForecastDate)
	return int(f.Sub(p).Hours() / 24)
}

// Date is when the component is expected: the forecast, else the planned
// date (zero: available now, no date).
func (c *Component) Date() time.Time { return firstPlanDate(c.ForecastDate, c.PlannedDate) }

// ComponentDep is a project's dependency on a component: the activity of
// its plan that waits for the component.
type ComponentDep struct {
	ID            int64     `json:"id"`
	ProjectID     int64     `json:"project_id"`
	ProjectName   string    `json:"project_name,omitempty"`
	ActivityID    int64     `json:"activity_id"`
	ActivityName  string    `json:"activity_name,omitempty"`
	ComponentID   int64     `json:"component_id"`
	ComponentName string    `json:"component_name,omitempty"`
	Note          string    `json:"note,omitempty"`
	CreatedBy     int64     `json:"-"`
	CreatedAt     time.Time `json:"created_at"`
}

// DepsStore is the storage of the component register and the dependency
// graph (internal/store).
type DepsStore interface {
	CreateComponent(ctx context.Context, c *Component) error
	UpdateComponent(ctx context.Context, c *Component) error
	FindComponentByID(ctx context.Context, id int64) (*Component, error)
	FindComponents(ctx context.Context) ([]*Component, error)
	CreateComponentDep(ctx context.Context, d *ComponentDep) error
	DeleteComponentDep(ctx context.Context, projectID, id int64) (*ComponentDep, error)
	FindComponentDeps(ctx context.Context, projectID int64) ([]*ComponentDep, error)
	// FindPlanGraph returns every activity of every project (with what
	// each waits for), the component register and every component
	// dependency.
	FindPlanGraph(ctx context.Context) (*PlanGraph, error)
}

// PlanGraph is the records the dependency view is computed from.
type PlanGraph struct {
	Activities    []*Activity     `json:"-"`
	Components    []*Component    `json:"-"`
	ComponentDeps []*ComponentDep `json:"-"`
}

// Node kinds of the dependency graph.
const (
	NodeActivity  = "activity"
	NodeComponent = "component"
)

// Link is one dependency of the portfolio view: an activity of a project
// waits for a milestone of another project or for a component.
type Link struct {
	ProjectID    int64  `json:"project_id"`
	ProjectName  string `json:"project_name"`
	ActivityID   int64  `json:"activity_id"`
	ActivityName string `json:"activity_name"`
	// NeededBy is when the waiting activity is to start (forecast, else
	// planned).
	NeededBy string `json:"needed_by"`
	// OnKind is milestone or component.
	OnKind        string `json:"on_kind"`
	OnID          int64  `json:"on_id"`
	OnName        string `json:"on_name"`
	OnProjectID   int64  `json:"on_project_id,omitempty"`
	OnProjectName string `json:"on_project_name,omitempty"`
	OnOwner       string `json:"on_owner,omitempty"`
	Planned       string `json:"planned,omitempty"`
	Forecast      string `json:"forecast,omitempty"`
	Done          bool   `json:"done"`
	Slipped       bool   `json:"slipped"`
	SlipDays      int    `json:"slip_days"`
	// Late: the item is expected after the waiting activity is to start.
	Late bool `json:"late"`
	// Critical: the link lies on a critical chain (see Chain).
	Critical bool `json:"critical"`
}

// ChainStep is one item of a chain: an activity or milestone of a project,
// or a component.
type ChainStep struct {
	Kind        string `json:"kind"` // activity or component
	ID          int64  `json:"id"`
	Name        string `json:"name"`
	ProjectID   int64  `json:"project_id,omitempty"`
	ProjectName string `json:"project_name,omitempty"`
	// Date is the expected end: actual, else forecast, else planned, or
	// later when what it waits for ends later (the chain pushes it).
	Date    string `json:"date"`
	Slipped bool   `json:"slipped"`
	// Tight: the next step (the one that waits for this) cannot start
	// before this one ends, so a slip of this one moves it.
	Tight bool `json:"tight"`
}

// Chain is the longest chain of dependencies that ends in a project's end
// milestone (its last planned item): from the end milestone back through
// the item each one waits for that is expected last, listed from the
// first (upstream) item to the end milestone. Critical: the chain reaches
// another project or a component, and every step from there on is tight,
// so a slip of that item delays the project's end milestone.
type Chain struct {
	ProjectID   int64       `json:"project_id"`
	ProjectName string      `json:"project_name"`
	Steps       []ChainStep `json:"steps"`
	Critical    bool        `json:"critical"`
	External    bool        `json:"external"` // reaches another project or a component
}

// ProjectNode is a project of the graph and its milestones others wait for.
type ProjectNode struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
	// SlippedDeps: the project waits for a slipped milestone or component.
	SlippedDeps bool `json:"slipped_deps"`
}

// DependencyView is the portfolio-wide dependency view.
type DependencyView struct {
	Projects   []ProjectNode `json:"projects"`
	Components []*Component  `json:"components"`
	Links      []*Link       `json:"links"`
	Chains     []*Chain      `json:"chains"`
	// Full is false for readers who see names and states only.
	Full bool `json:"full"`
}

// graphNode is a node of the computation: an activity or a component.
type graphNode struct {
	key     string
	step    ChainStep
	start   time.Time // when it is to start (components: zero)
	end     time.Time // expected end (actual, forecast, planned)
	planEnd time.Time
	on      []string
}

func actKey(id int64) string  { return fmt.Sprint("a", id) }
func compKey(id int64) string { return fmt.Sprint("c", id) }

// ErrDependencyCycle is returned by Chains for a graph with a cycle (the
// plan refuses them, so this means records written around the service).
var ErrDependencyCycle = errs.E(errs.Conflict, "deps.error.cycle")

// buildNodes turns the records into nodes keyed by actKey/compKey.
func buildNodes(g *PlanGraph) map[string]*graphNode {
	nodes := map[string]*graphNode{}
	for _, c := range g.Components {
		d := c.Date()
		nodes[compKey(c.ID)] = &graphNode{key: compKey(c.ID), end: d, planEnd: firstPlanDate(c.PlannedDate),
			step: ChainStep{Kind: NodeComponent, ID: c.ID, Name: c.Name, Date: planDateText(d), Slipped: c.Slipped()}}
	}
	for _, x := range g.Activities {
		n := &graphNode{key: actKey(x.ID), start: x.Start(), end: x.End(), planEnd: firstPlanDate(x.PlannedEnd),
			step: ChainStep{Kind: NodeActivity, ID: x.ID, Name: x.Name, ProjectID: x.ProjectID, ProjectName: x.ProjectName,
				Date: planDateText(x.End()), Slipped: x.Slipped() && !x.Done()}}
		for _, on := range x.DependsOn {
			n.on = append(n.on, actKey(on))
		}
		nodes[n.key] = n
	}
	for _, d := range g.ComponentDeps {
		if n := nodes[actKey(d.ActivityID)]; n != nil {
			n.on = append(n.on, compKey(d.ComponentID))
		}
	}
	return nodes
}

func planDateText(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(PlanDateLayout)
}

// Chains computes, per project, the chain that ends in its end milestone
// (see Chain), sorted critical first, then by project name. Errors:
// ErrDependencyCycle.
func Chains(g *PlanGraph) ([]*Chain, error) {
	nodes := buildNodes(g)
	// driver[k]: the node k waits for that is expected to end last (its
	// longest chain by forecast dates). Computed depth-first, refusing
	// cycles; each node's start and end are pushed by its driver's end
	// (a critical-path forward pass).
	driver := map[string]string{}
	state := map[string]int{} // 1 visiting, 2 done
	var visit func(k string) error
	visit = func(k string) error {
		switch state[k] {
		case 1:
			return ErrDependencyCycle
		case 2:
			return nil
		}
		state[k] = 1
		n := nodes[k]
		for _, on := range n.on {
			m := nodes[on]
			if m == nil {
				continue
			}
			if err := visit(on); err != nil {
				return err
			}
			if d, ok := driver[k]; !ok || later(m, nodes[d]) {
				driver[k] = on
			}
		}
		// What it waits for pushes it: it starts when the last of them
		// ends, if that is after its own start, and keeps its duration.
		if d := nodes[driver[k]]; d != nil && !n.start.IsZero() && d.end.After(n.start) {
			dur := n.end.Sub(n.start)
			n.start = d.end
			n.end = n.start.Add(dur)
		}
		state[k] = 2
		return nil
	}
	keys := make([]string, 0, len(nodes))
	for k := range nodes {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		if err := visit(k); err != nil {
			return nil, err
		}
	}
	var out []*Chain
	for _, end := range endMilestones(g) {
		out = append(out, chainOf(nodes, driver, actKey(end.ID), end))
	}
	slices.SortFunc(out, func(a, b *Chain) int {
		if a.Critical != b.Critical {
			if a.Critical {
				return -1
			}
			return 1
		}
		return cmp.Or(cmp.Compare(a.ProjectName, b.ProjectName), cmp.Compare(a.ProjectID, b.ProjectID))
	})
	return out, nil
}

// later reports whether a is expected after b (ties: the longer key order
// keeps the choice stable).
func later(a, b *graphNode) bool {
	if !a.end.Equal(b.end) {
		return a.end.After(b.end)
	}
	return a.key < b.key
}

// endMilestones returns each project's end milestone: its milestone with
// the latest planned end, else its activity with the latest planned end.
func endMilestones(g *PlanGraph) []*Activity {
	best := map[int64]*Activity{}
	rank := func(x *Activity) (int, time.Time) {
		k := 0
		if x.Kind == KindMilestone {
			k = 1
		}
		return k, firstPlanDate(x.PlannedEnd)
	}
	for _, x := range g.Activities {
		b := best[x.ProjectID]
		if b == nil {
			best[x.ProjectID] = x
			continue
		}
		xk, xd := rank(x)
		bk, bd := rank(b)
		if xk > bk || xk == bk && (xd.After(bd) || xd.Equal(bd) && x.ID > b.ID) {
			best[x.ProjectID] = x
		}
	}
	out := make([]*Activity, 0, len(best))
	for _, x := range best {
		out = append(out, x)
	}
	slices.SortFunc(out, func(a, b *Activity) int { return cmp.Compare(a.ProjectID, b.ProjectID) })
	return out
}

// chainOf follows the drivers back from the end milestone.
func chainOf(nodes map[string]*graphNode, driver map[string]string, k string, end *Activity) *Chain {
	c := &Chain{ProjectID: end.ProjectID, ProjectName: end.ProjectName}
	var rev []*graphNode
	for n := nodes[k]; n != nil; n = nodes[driver[n.key]] {
		rev = append(rev, n)
		if _, ok := driver[n.key]; !ok {
			break
		}
	}
	slices.Reverse(rev)
	// A step is tight when it ends on or after the day the step after it
	// starts (after the forward pass): it has no slack, so its slip moves
	// the next step.
	firstExternal := -1
	for i, n := range rev {
		s := n.step
		s.Date = planDateText(n.end)
		if i+1 < len(rev) {
			next := rev[i+1]
			s.Tight = next.start.IsZero() || !n.end.Before(next.start)
		}
		if firstExternal < 0 && (s.Kind == NodeComponent || s.ProjectID != end.ProjectID) {
			firstExternal = i
		}
		c.Steps = append(c.Steps, s)
	}
	if firstExternal >= 0 {
		c.External = true
		c.Critical = true
		for _, s := range c.Steps[firstExternal : len(c.Steps)-1] {
			c.Critical = c.Critical && s.Tight
		}
	}
	return c
}

// Links returns the dependencies of the portfolio view: each activity's
// dependency on another project's milestone, and each component
// dependency, by waiting project. A link is critical when its item is a
// step of a critical chain.
func Links(g *PlanGraph, chains []*Chain) []*Link {
	byID := map[int64]*Activity{}
	for _, x := range g.Activities {
		byID[x.ID] = x
	}
	comps := map[int64]*Component{}
	for _, c := range g.Components {
		comps[c.ID] = c
	}
	critical := map[string]bool{}
	for _, c := range chains {
		if c.Critical {
			for _, s := range c.Steps {
				if s.Kind == NodeComponent {
					critical[compKey(s.ID)] = true
				} else {
					critical[actKey(s.ID)] = true
				}
			}
		}
	}
	var out []*Link
	for _, x := range g.Activities {
		for _, on := range x.DependsOn {
			m := byID[on]
			if m == nil || m.ProjectID == x.ProjectID {
				continue
			}
			l := waitingLink(x)
			l.OnKind, l.OnID, l.OnName, l.OnProjectID, l.OnProjectName = KindMilestone, m.ID, m.Name, m.ProjectID, m.ProjectName
			l.Planned, l.Forecast, l.Done = m.PlannedEnd, planDateText(m.End()), m.Done()
			l.Slipped, l.SlipDays = m.Slipped(), m.SlipDays()
			l.Late = m.End().After(x.Start())
			l.Critical = critical[actKey(m.ID)] && critical[actKey(x.ID)]
			out = append(out, l)
		}
	}
	for _, d := range g.ComponentDeps {
		x, c := byID[d.ActivityID], comps[d.ComponentID]
		if x == nil || c == nil {
			continue
		}
		l := waitingLink(x)
		l.OnKind, l.OnID, l.OnName, l.OnOwner = NodeComponent, c.ID, c.Name, c.Owner
		l.Planned, l.Forecast, l.Done = c.PlannedDate, planDateText(c.Date()), c.Status == ComponentProduction
		l.Slipped, l.SlipDays = c.Slipped(), c.SlipDays()
		l.Late = !c.Date().IsZero() && c.Date().After(x.Start())
		l.Critical = critical[compKey(c.ID)] && critical[actKey(x.ID)]
		out = append(out, l)
	}
	slices.SortFunc(out, func(a, b *Link) int {
		return cmp.Or(cmp.Compare(a.ProjectName, b.ProjectName), cmp.Compare(a.ActivityID, b.ActivityID),
			cmp.Compare(a.OnKind, b.OnKind), cmp.Compare(a.OnID, b.OnID))
	})
	return out
}

func waitingLink(x *Activity) *Link {
	return &Link{ProjectID: x.ProjectID, ProjectName: x.ProjectName, ActivityID: x.ID, ActivityName: x.Name,
		NeededBy: planDateText(x.Start())}
}

// BuildDependencyView computes the view from the records: the projects
// that take part in a cross-project or component dependency, the
// components, the links and the chains. Errors: ErrDependencyCycle.
func BuildDependencyView(g *PlanGraph) (*DependencyView, error) {
	chains, err := Chains(g)
	if err != nil {
		return nil, err
	}
	v := &DependencyView{Components: g.Components, Links: Links(g, chains), Full: true}
	if v.Components == nil {
		v.Components = []*Component{}
	}
	if v.Links == nil {
		v.Links = []*Link{}
	}
	in := map[int64]*ProjectNode{}
	add := func(id int64, name string) *ProjectNode {
		if in[id] == nil {
			in[id] = &ProjectNode{ID: id, Name: name}
		}
		return in[id]
	}
	for _, l := range v.Links {
		p := add(l.ProjectID, l.ProjectName)
		if l.Slipped && !l.Done {
			p.SlippedDeps = true
		}
		if l.OnProjectID != 0 {
			add(l.OnProjectID, l.OnProjectName)
		}
	}
	for _, p := range in {
		v.Projects = append(v.Projects, *p)
	}
	slices.SortFunc(v.Projects, func(a, b ProjectNode) int { return cmp.Or(cmp.Compare(a.Name, b.Name), cmp.Compare(a.ID, b.ID)) })
	v.Chains = []*Chain{}
	for _, c := range chains {
		if c.External {
			v.Chains = append(v.Chains, c)
		}
	}
	return v, nil
}

// SlippedDependency is something a project waits for that has slipped: a
// milestone of another project or a component.
type SlippedDependency struct {
	ActivityID   int64  `json:"activity_id"`
	ActivityName string `json:"activity_name"`
	// Kind is milestone or component.
	Kind        string `json:"kind"`
	ID          int64  `json:"id"`
	Name        string `json:"name"`
	ProjectID   int64  `json:"project_id,omitempty"`
	ProjectName string `json:"project_name,omitempty"`
	Planned     string `json:"planned"`
	Forecast    string `json:"forecast"`
	SlipDays    int    `json:"slip_days"`
}

// SlippedFor returns what the project's activities wait for that has
// slipped and is not done: another project's milestone whose forecast is
// after its planned date, or a component whose forecast is. It is
// computed from the records, so it is gone once the forecast is back.
func SlippedFor(projectID int64, g *PlanGraph) []*SlippedDependency {
	out := []*SlippedDependency{}
	for _, l := range Links(g, nil) {
		if l.ProjectID != projectID || !l.Slipped || l.Done {
			continue
		}
		kind := l.OnKind
		out = append(out, &SlippedDependency{ActivityID: l.ActivityID, ActivityName: l.ActivityName, Kind: kind, ID: l.OnID,
			Name: l.OnName, ProjectID: l.OnProjectID, ProjectName: l.OnProjectName, Planned: l.Planned, Forecast: l.Forecast, SlipDays: l.SlipDays})
	}
	return out
}
