package portfolio

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/samstyr/samstyr/internal/errs"
	"github.com/samstyr/samstyr/internal/governance"
)

// The roadmap (veikart, issue 13 item 5; DOMAIN.md §5): initiatives by
// need area and responsible actor, placed in half-years, with
// dependencies, status and the standards they rest on. An initiative is a
// samstyr project (its dates, status and slip come from the project's
// plan) or another actor's delivery entered by the secretariat. A version
// is a frozen snapshot; KommIT-rådet endorses one (endorse_roadmap).

// EffectEndorseRoadmap endorses the roadmap versions linked to the case.
const EffectEndorseRoadmap = "endorse_roadmap"

// Initiative statuses.
const (
	InitiativePlanned   = "planned"
	InitiativeOngoing   = "ongoing"
	InitiativeDone      = "done"
	InitiativePaused    = "paused"
	InitiativeCancelled = "cancelled"
)

// InitiativeStatuses lists the statuses in order.
var InitiativeStatuses = []string{InitiativePlanned, InitiativeOngoing, InitiativeDone, InitiativePaused, InitiativeCancelled}

// Horizons of an initiative relative to today.
const (
	HorizonPast  = "past"
	HorizonNow   = "now"
	HorizonNext  = "next"
	HorizonLater = "later"
)

// Roadmap version states.
const (
	VersionFrozen   = "frozen"
	VersionEndorsed = "endorsed"
)

// Half is a half-year: 2027H1 is January–June 2027.
type Half struct {
	Year int
	H    int // 1 or 2
}

// ParseHalf reads "2027H1" (also "2027h2", "2027-H1").
func ParseHalf(s string) (Half, bool) {
	s = strings.ToUpper(strings.ReplaceAll(strings.TrimSpace(s), "-", ""))
	if len(s) != 6 || s[4] != 'H' {
		return Half{}, false
	}
	y, err := strconv.Atoi(s[:4])
	if err != nil || y < 2000 || y > 2100 || (s[5] != '1' && s[5] != '2') {
		return Half{}, false
	}
	return Half{Year: y, H: int(s[5] - '0')}, true
}

// HalfOf is the half-year a date falls in.
func HalfOf(t time.Time) Half {
	if t.Month() <= time.June {
		return Half{t.Year(), 1}
	}
	return Half{t.Year(), 2}
}

// Index orders half-years: consecutive ones differ by 1.
func (h Half) Index() int { return h.Year*2 + h.H - 1 }

// HalfAt is the half-year with the given Index.
func HalfAt(i int) Half { return Half{Year: i / 2, H: i%2 + 1} }

// String is the canonical form, "2027H1".
func (h Half) String() string {
	if h.Year == 0 {
		return ""
	}
	return fmt.Sprintf("%dH%d", h.Year, h.H)
}

// Horizon places the span start–end relative to today's half-year: past
// when it ended before, now when it has started, next when it starts in
// the coming half-year, later beyond.
func Horizon(start, end, today Half) string {
	switch {
	case end.Index() < today.Index():
		return HorizonPast
	case start.Index() <= today.Index():
		return HorizonNow
	case start.Index() == today.Index()+1:
		return HorizonNext
	}
	return HorizonLater
}

// ProjectSchedule is what a linked project's plan says: its state, the
// earliest planned start and, of its last milestone (latest planned end),
// the planned and the forecast end (actual, else forecast, else planned).
type ProjectSchedule struct {
	ProjectID   int64
	Name        string
	State       string
	Start       time.Time // zero without a plan
	PlannedEnd  time.Time // zero without milestones
	ForecastEnd time.Time
}

// ProjectStatus maps a project state to an initiative status.
func ProjectStatus(state string) string {
	switch state {
	case "planning":
		return InitiativePlanned
	case "executing", "closing":
		return InitiativeOngoing
	case "closed", "realising":
		return InitiativeDone
	case "on_hold":
		return InitiativePaused
	case "cancelled":
		return InitiativeCancelled
	}
	return InitiativePlanned
}

// SlipDays is the days the last milestone's forecast lies after its plan
// (0 when on time or early, or without milestones).
func (p *ProjectSchedule) SlipDays() int {
	if p == nil || p.PlannedEnd.IsZero() || !p.ForecastEnd.After(p.PlannedEnd) {
		return 0
	}
	return int(p.ForecastEnd.Sub(p.PlannedEnd).Hours() / 24)
}

// Initiative is one initiative of the roadmap.
type Initiative struct {
	ID          int64  `json:"id"`
	Title       string `json:"title"`
	Description string `json:"description"`
	Area        string `json:"area"`
	ActorID     int64  `json:"actor_id"`
	ActorName   string `json:"actor"`
	// Start and End are half-years ("2027H1"); for a project with a plan
	// they come from the plan.
	Start string `json:"start"`
	End   string `json:"end"`
	// ForecastEnd is, for another actor's delivery, the half-year the
	// secretariat now expects it ("" = on plan).
	ForecastEnd string        `json:"forecast_end,omitempty"`
	Status      string        `json:"status"`
	ProjectID   int64         `json:"project_id,omitempty"`
	ProjectName string        `json:"project,omitempty"`
	DependsOn   []int64       `json:"depends_on"`
	Standards   []StandardTag `json:"standards"`
	// Horizon is now, next, later or past (computed against today).
	Horizon string `json:"horizon"`
	// SlipDays is a project's slip from its milestones; SlipHalves the
	// half-years a delivery's forecast lies after its end.
	SlipDays   int              `json:"slip_days"`
	SlipHalves int              `json:"slip_halves"`
	Slipped    bool             `json:"slipped"`
	CreatedBy  int64            `json:"-"`
	CreatedAt  time.Time        `json:"-"`
	UpdatedAt  time.Time        `json:"-"`
	Schedule   *ProjectSchedule `json:"-"`
}

// StandardTag is a standard an initiative rests on.
type StandardTag struct {
	ID   int64  `json:"id"`
	Code string `json:"code"`
	Name string `json:"name"`
}

// Resolve fills the derived fields: a project's half-years, status and
// slip from its plan, a delivery's slip from its forecast, and the
// horizon against today.
func (in *Initiative) Resolve(today time.Time) {
	if p := in.Schedule; p != nil {
		in.ProjectName, in.Status = p.Name, ProjectStatus(p.State)
		if !p.Start.IsZero() {
			in.Start = HalfOf(p.Start).String()
		}
		if !p.PlannedEnd.IsZero() {
			in.End = HalfOf(p.PlannedEnd).String()
			in.ForecastEnd = HalfOf(p.ForecastEnd).String()
		}
		in.SlipDays = p.SlipDays()
	}
	s, _ := ParseHalf(in.Start)
	e, _ := ParseHalf(in.End)
	if f, ok := ParseHalf(in.ForecastEnd); ok && f.Index() > e.Index() {
		in.SlipHalves = f.Index() - e.Index()
	}
	in.Slipped = in.SlipDays > 0 || in.SlipHalves > 0
	in.Horizon = Horizon(s, e, HalfOf(today))
}

// InitiativeInput is an initiative as typed in the form or the API.
type InitiativeInput struct {
	Title, Description, Area, Start, End, ForecastEnd, Status string
	ActorID, ProjectID                                        int64
	DependsOn, Standards                                      []int64
}

// Parse checks the fields that need no database: title, area, the
// half-years (format, end not before start), status. Field errors name
// title, area, start, end, forecast_end, status, actor_id.
func (in InitiativeInput) Parse() (*Initiative, error) {
	var v errs.Validation
	it := in.parse(&v)
	return it, v.Err()
}

func (in InitiativeInput) parse(v *errs.Validation) *Initiative {
	it := &Initiative{Title: strings.TrimSpace(in.Title), Description: strings.TrimSpace(in.Description), Area: in.Area,
		Status: in.Status, ActorID: in.ActorID, ProjectID: in.ProjectID, DependsOn: uniq(in.DependsOn), Standards: []StandardTag{}}
	if it.Title == "" || utf8.RuneCountInString(it.Title) > 200 {
		v.Add("title", "roadmap.error.title")
	}
	if utf8.RuneCountInString(it.Description) > 5000 {
		v.Add("description", "roadmap.error.description")
	}
	if !slices.Contains(FocusAreas, it.Area) {
		v.Add("area", "roadmap.error.area")
	}
	if it.Status == "" {
		it.Status = InitiativePlanned
	}
	if !slices.Contains(InitiativeStatuses, it.Status) {
		v.Add("status", "roadmap.error.status")
	}
	if it.ActorID <= 0 {
		v.Add("actor_id", "roadmap.error.actor")
	}
	s, okS := ParseHalf(in.Start)
	e, okE := ParseHalf(in.End)
	if !okS {
		v.Add("start", "roadmap.error.half")
	}
	if !okE {
		v.Add("end", "roadmap.error.half")
	}
	if okS && okE && e.Index() < s.Index() {
		v.Add("end", "roadmap.error.end_before_start")
	}
	it.Start, it.End = s.String(), e.String()
	if strings.TrimSpace(in.ForecastEnd) != "" {
		f, ok := ParseHalf(in.ForecastEnd)
		if !ok {
			v.Add("forecast_end", "roadmap.error.half")
		}
		it.ForecastEnd = f.String()
	}
	for _, st := range uniq(in.Standards) {
		it.Standards = append(it.Standards, StandardTag{ID: st})
	}
	return it
}

func uniq(ids []int64) []int64 {
	out := []int64{}
	for _, id := range ids {
		if id > 0 && !slices.Contains(out, id) {
			out = append(out, id)
		}
	}
	return out
}

// DependencyCycle reports whether giving initiative id the dependencies
// deps closes a cycle in the graph edges (initiative → what it depends
// on; id 0 is a new initiative, which nothing depends on yet).
func DependencyCycle(edges map[int64][]int64, id int64, deps []int64) bool {
	if id == 0 {
		return false
	}
	seen := map[int64]bool{}
	stack := slices.Clone(deps)
	for len(stack) > 0 {
		n := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if n == id {
			return true
		}
		if seen[n] {
			continue
		}
		seen[n] = true
		stack = append(stack, edges[n]...)
	}
	return false
}

// RoadmapVersion is a frozen roadmap: the snapshot of every initiative
// when it was frozen, endorsed by a decision of the strategic council.
type RoadmapVersion struct {
	ID          int64                   `json:"id"`
	Number      int64                   `json:"number"`
	Title       string                  `json:"title"`
	State       string                  `json:"state"`
	Initiatives []*Initiative           `json:"initiatives"`
	DecisionID  int64                   `json:"decision_id,omitempty"`
	Decision    *governance.DecisionRef `json:"decision,omitempty"`
	CreatedBy   int64                   `json:"-"`
	CreatedAt   time.Time               `json:"created_at"`
	UpdatedAt   time.Time               `json:"updated_at"`
}

// Diff kinds.
const (
	DiffAdded   = "added"
	DiffRemoved = "removed"
	DiffMoved   = "moved"
	DiffChanged = "changed"
)

// DiffRow is one initiative's difference between two versions.
type DiffRow struct {
	Kind  string      `json:"kind"`
	From  *Initiative `json:"from,omitempty"`
	To    *Initiative `json:"to,omitempty"`
	Moved bool        `json:"moved"`
	// Fields are the other fields that changed (title, area, actor,
	// status, standards, depends_on, project).
	Fields []string `json:"fields"`
}

// DiffVersions compares two snapshots by initiative: added, removed,
// moved (start or end half-year changed, possibly with other changes)
// and changed (other fields only). Unchanged initiatives are left out.
func DiffVersions(from, to []*Initiative) []DiffRow {
	old := map[int64]*Initiative{}
	for _, in := range from {
		old[in.ID] = in
	}
	out := []DiffRow{}
	seen := map[int64]bool{}
	for _, n := range to {
		seen[n.ID] = true
		o, ok := old[n.ID]
		if !ok {
			out = append(out, DiffRow{Kind: DiffAdded, To: n, Fields: []string{}})
			continue
		}
		moved := o.Start != n.Start || o.End != n.End
		fields := changedFields(o, n)
		switch {
		case moved:
			out = append(out, DiffRow{Kind: DiffMoved, From: o, To: n, Moved: true, Fields: fields})
		case len(fields) > 0:
			out = append(out, DiffRow{Kind: DiffChanged, From: o, To: n, Fields: fields})
		}
	}
	for _, o := range from {
		if !seen[o.ID] {
			out = append(out, DiffRow{Kind: DiffRemoved, From: o, Fields: []string{}})
		}
	}
	return out
}

func changedFields(o, n *Initiative) []string {
	f := []string{}
	add := func(name string, changed bool) {
		if changed {
			f = append(f, name)
		}
	}
	add("title", o.Title != n.Title)
	add("area", o.Area != n.Area)
	add("actor", o.ActorID != n.ActorID)
	add("status", o.Status != n.Status)
	add("project", o.ProjectID != n.ProjectID)
	add("depends_on", !slices.Equal(sortedIDs(o.DependsOn), sortedIDs(n.DependsOn)))
	var os, ns []int64
	for _, s := range o.Standards {
		os = append(os, s.ID)
	}
	for _, s := range n.Standards {
		ns = append(ns, s.ID)
	}
	add("standards", !slices.Equal(sortedIDs(os), sortedIDs(ns)))
	return f
}

func sortedIDs(ids []int64) []int64 {
	c := slices.Clone(ids)
	slices.Sort(c)
	return c
}
