package directives

import (
	"fmt"
	"math"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/samstyr/samstyr/internal/errs"
)

// Goal levels (societal goal, effect goal, result goal).
var GoalLevels = []string{"societal", "effect", "result"}

// Funding sources of a budget line.
var FundingSources = []string{"digifin", "ks", "state", "own"}

// Benefit types (DFØ): money, quality, gains for other actors.
var BenefitTypes = []string{"nok", "quality", "others"}

// ReportingFrequencies lists how often the project reports.
var ReportingFrequencies = []string{"monthly", "bimonthly", "quarterly"}

// RequiredRoles are the roles every project must fill, or consciously
// waive with a reason (the seed's rule: a process lead from the municipal
// side, ICT architects, subject-matter experts, and representatives of
// citizens, businesses and the state).
var RequiredRoles = []string{"process_leader", "architect", "expert", "citizen_rep", "business_rep", "state_rep"}

// StaffRoles are the roles a staffing line may name (the required roles,
// the project manager and other participants).
var StaffRoles = append(slices.Clone(RequiredRoles), "manager", "participant")

// Goal is a goal of one level with its indicator.
type Goal struct {
	Level     string `json:"level"`
	Text      string `json:"text"`
	Indicator string `json:"indicator"`
}

// Deliverable is a product of the project with its acceptance criteria.
type Deliverable struct {
	Name       string `json:"name"`
	Acceptance string `json:"acceptance"`
}

// Milestone is a dated milestone (YYYY-MM-DD).
type Milestone struct {
	Name string `json:"name"`
	Date string `json:"date"`
}

// BudgetLine is the amount of one year from one funding source.
type BudgetLine struct {
	Year      int64  `json:"year"`
	Source    string `json:"source"`
	AmountNOK int64  `json:"amount_nok"`
}

// Staff is one line of the staffing plan: a role filled by an
// organisation, with the estimated effort in hours. PersonID, when given,
// gets the project role when the directive is approved.
type Staff struct {
	Role         string `json:"role"`
	Organisation string `json:"organisation"`
	Name         string `json:"name"`
	PersonID     int64  `json:"person_id,omitempty"`
	EffortHours  int64  `json:"effort_hours"`
}

// Waiver consciously leaves a required role unfilled, with the reason.
type Waiver struct {
	Role   string `json:"role"`
	Reason string `json:"reason"`
}

// Benefit is an expected benefit with its owner (DFØ).
type Benefit struct {
	Text  string `json:"text"`
	Type  string `json:"type"`
	Owner string `json:"owner"`
}

// Tolerances are the limits of the project's approval, in per cent of
// time, cost and scope; exceeding one loses the approval until an
// exception report is accepted.
type Tolerances struct {
	TimePct  float64 `json:"time_pct"`
	CostPct  float64 `json:"cost_pct"`
	ScopePct float64 `json:"scope_pct"`
}

// Content is a directive version's content, in structured fields
// (DOMAIN.md §9). Long texts are Markdown, rendered sanitised.
type Content struct {
	Background   string        `json:"background"`
	Purpose      string        `json:"purpose"`
	Goals        []Goal        `json:"goals"`
	Deliverables []Deliverable `json:"deliverables"`
	Scope        string        `json:"scope"`
	Exclusions   string        `json:"exclusions"`
	Start        string        `json:"start"`
	End          string        `json:"end"`
	Milestones   []Milestone   `json:"milestones"`
	Budget       []BudgetLine  `json:"budget"`
	// BudgetTotal must equal the sum of the budget lines.
	BudgetTotal int64    `json:"budget_total"`
	Staffing    []Staff  `json:"staffing"`
	Waivers     []Waiver `json:"waivers"`
	// OwnerID chairs the steering group; ManagerID is the project
	// manager; SteeringIDs are the other members of the steering group.
	OwnerID     int64   `json:"owner_id"`
	ManagerID   int64   `json:"manager_id"`
	SteeringIDs []int64 `json:"steering_ids"`
	// UserCouncilReference makes the user council the reference group.
	UserCouncilReference bool       `json:"user_council_reference"`
	Dependencies         string     `json:"dependencies"`
	Risks                string     `json:"risks"`
	Benefits             []Benefit  `json:"benefits"`
	Standards            []string   `json:"standards"`
	Stakeholders         string     `json:"stakeholders"`
	Vendors              string     `json:"vendors"`
	Reporting            string     `json:"reporting"`
	Tolerances           Tolerances `json:"tolerances"`
}

// Normalize trims texts and drops empty list rows (a form sends blank rows
// to fill in).
func (c *Content) Normalize() {
	for _, p := range []*string{&c.Background, &c.Purpose, &c.Scope, &c.Exclusions, &c.Start, &c.End,
		&c.Dependencies, &c.Risks, &c.Stakeholders, &c.Vendors, &c.Reporting} {
		*p = strings.TrimSpace(*p)
	}
	c.Goals = keep(c.Goals, func(g *Goal) bool {
		g.Level, g.Text, g.Indicator = trim3(g.Level, g.Text, g.Indicator)
		return g.Text != "" || g.Indicator != ""
	})
	c.Deliverables = keep(c.Deliverables, func(d *Deliverable) bool {
		d.Name, d.Acceptance = strings.TrimSpace(d.Name), strings.TrimSpace(d.Acceptance)
		return d.Name != "" || d.Acceptance != ""
	})
	c.Milestones = keep(c.Milestones, func(m *Milestone) bool {
		m.Name, m.Date = strings.TrimSpace(m.Name), strings.TrimSpace(m.Date)
		return m.Name != "" || m.Date != ""
	})
	c.Budget = keep(c.Budget, func(b *BudgetLine) bool {
		b.Source = strings.TrimSpace(b.Source)
		return b.Year != 0 || b.AmountNOK != 0
	})
	c.Staffing = keep(c.Staffing, func(s *Staff) bool {
		s.Role, s.Organisation, s.Name = trim3(s.Role, s.Organisation, s.Name)
		return s.Organisation != "" || s.Name != "" || s.EffortHours != 0
	})
	c.Waivers = keep(c.Waivers, func(w *Waiver) bool {
		w.Role, w.Reason = strings.TrimSpace(w.Role), strings.TrimSpace(w.Reason)
		return w.Reason != ""
	})
	c.Benefits = keep(c.Benefits, func(b *Benefit) bool {
		b.Text, b.Type, b.Owner = trim3(b.Text, b.Type, b.Owner)
		return b.Text != "" || b.Owner != ""
	})
	c.Standards = keep(c.Standards, func(s *string) bool { *s = strings.TrimSpace(*s); return *s != "" })
	c.SteeringIDs = keep(c.SteeringIDs, func(id *int64) bool { return *id != 0 })
}

func trim3(a, b, c string) (string, string, string) {
	return strings.TrimSpace(a), strings.TrimSpace(b), strings.TrimSpace(c)
}

// keep returns the elements for which f (which may normalise them) is
// true, never nil.
func keep[T any](in []T, f func(*T) bool) []T {
	out := make([]T, 0, len(in))
	for i := range in {
		if f(&in[i]) {
			out = append(out, in[i])
		}
	}
	return out
}

func sumBudget(lines []BudgetLine) int64 {
	var n int64
	for _, b := range lines {
		n += b.AmountNOK
	}
	return n
}

// BudgetSum is the sum of the budget lines.
func (c *Content) BudgetSum() int64 { return sumBudget(c.Budget) }

// BudgetByYear sums the budget lines per year, years in order.
func (c *Content) BudgetByYear() []BudgetLine {
	var out []BudgetLine
	for _, b := range c.Budget {
		i := slices.IndexFunc(out, func(o BudgetLine) bool { return o.Year == b.Year })
		if i < 0 {
			out = append(out, BudgetLine{Year: b.Year})
			i = len(out) - 1
		}
		out[i].AmountNOK += b.AmountNOK
	}
	slices.SortFunc(out, func(a, b BudgetLine) int { return int(a.Year - b.Year) })
	return out
}

const maxText = 20000

// Validate checks a draft's fields: texts without script, goals of the
// three levels, budget lines that add up to the total, milestones inside
// the project period, tolerances that are numbers of 0–100. Field names
// are the form's and the JSON's (goals.0.level).
func (c *Content) Validate() error {
	var v errs.Validation
	c.Check(&v)
	return v.Err()
}

// Check adds the content's field errors to v (Validate, for callers that
// check more fields at once).
func (c *Content) Check(v *errs.Validation) {
	for field, s := range map[string]string{"background": c.Background, "purpose": c.Purpose, "scope": c.Scope,
		"exclusions": c.Exclusions, "dependencies": c.Dependencies, "risks": c.Risks, "stakeholders": c.Stakeholders, "vendors": c.Vendors} {
		if utf8.RuneCountInString(s) > maxText {
			v.Add(field, "directive.error.too_long")
		}
	}
	if c.Purpose == "" {
		v.Add("purpose", "directive.error.purpose")
	}
	for i, g := range c.Goals {
		if !slices.Contains(GoalLevels, g.Level) {
			v.Add(fmt.Sprintf("goals.%d.level", i), "directive.error.goal_level")
		}
		if g.Text == "" {
			v.Add(fmt.Sprintf("goals.%d.text", i), "directive.error.required")
		}
	}
	for i, d := range c.Deliverables {
		if d.Name == "" {
			v.Add(fmt.Sprintf("deliverables.%d.name", i), "directive.error.required")
		}
	}
	start, end := c.period(v)
	for i, m := range c.Milestones {
		f := fmt.Sprintf("milestones.%d.date", i)
		d, err := time.Parse(time.DateOnly, m.Date)
		switch {
		case m.Name == "":
			v.Add(fmt.Sprintf("milestones.%d.name", i), "directive.error.required")
		case err != nil:
			v.Add(f, "directive.error.date")
		case !start.IsZero() && !end.IsZero() && (d.Before(start) || d.After(end)):
			v.Add(f, "directive.error.milestone_period", "start", c.Start, "end", c.End)
		}
	}
	c.validateBudget(v)
	c.validateStaffing(v)
	for i, b := range c.Benefits {
		if !slices.Contains(BenefitTypes, b.Type) {
			v.Add(fmt.Sprintf("benefits.%d.type", i), "directive.error.benefit_type")
		}
		if b.Text == "" {
			v.Add(fmt.Sprintf("benefits.%d.text", i), "directive.error.required")
		}
	}
	if c.Reporting != "" && !slices.Contains(ReportingFrequencies, c.Reporting) {
		v.Add("reporting", "directive.error.reporting")
	}
	for field, x := range map[string]float64{"tolerances.time_pct": c.Tolerances.TimePct, "tolerances.cost_pct": c.Tolerances.CostPct,
		"tolerances.scope_pct": c.Tolerances.ScopePct} {
		if math.IsNaN(x) || math.IsInf(x, 0) || x < 0 || x > 100 {
			v.Add(field, "directive.error.tolerance")
		}
	}
}

// period parses the project period; both or neither are given.
func (c *Content) period(v *errs.Validation) (start, end time.Time) {
	var err error
	if c.Start != "" {
		if start, err = time.Parse(time.DateOnly, c.Start); err != nil {
			v.Add("start", "directive.error.date")
		}
	}
	if c.End != "" {
		if end, err = time.Parse(time.DateOnly, c.End); err != nil {
			v.Add("end", "directive.error.date")
		}
	}
	if !start.IsZero() && !end.IsZero() && end.Before(start) {
		v.Add("end", "directive.error.end_before_start")
	}
	return start, end
}

func (c *Content) validateBudget(v *errs.Validation) {
	seen := map[string]bool{}
	for i, b := range c.Budget {
		if b.Year < 2000 || b.Year > 2100 {
			v.Add(fmt.Sprintf("budget.%d.year", i), "directive.error.year")
		}
		if !slices.Contains(FundingSources, b.Source) {
			v.Add(fmt.Sprintf("budget.%d.source", i), "directive.error.source")
		}
		if b.AmountNOK < 0 {
			v.Add(fmt.Sprintf("budget.%d.amount_nok", i), "directive.error.amount")
		}
		k := strconv.FormatInt(b.Year, 10) + b.Source
		if seen[k] {
			v.Add(fmt.Sprintf("budget.%d.source", i), "directive.error.budget_duplicate")
		}
		seen[k] = true
	}
	if c.BudgetTotal < 0 {
		v.Add("budget_total", "directive.error.amount")
	} else if sum := c.BudgetSum(); sum != c.BudgetTotal {
		v.Add("budget_total", "directive.error.budget_total", "sum", sum, "total", c.BudgetTotal)
	}
}

func (c *Content) validateStaffing(v *errs.Validation) {
	for i, s := range c.Staffing {
		if !slices.Contains(StaffRoles, s.Role) {
			v.Add(fmt.Sprintf("staffing.%d.role", i), "directive.error.staff_role")
		}
		if s.Organisation == "" {
			v.Add(fmt.Sprintf("staffing.%d.organisation", i), "directive.error.required")
		}
		if s.EffortHours < 0 {
			v.Add(fmt.Sprintf("staffing.%d.effort_hours", i), "directive.error.effort")
		}
	}
	for i, w := range c.Waivers {
		if !slices.Contains(RequiredRoles, w.Role) {
			v.Add(fmt.Sprintf("waivers.%d.role", i), "directive.error.staff_role")
		}
	}
}

// Role check statuses.
const (
	RoleFilled  = "filled"
	RoleMissing = "missing"
	RoleWaived  = "waived"
)

// RoleCheck is the check of one required role.
type RoleCheck struct {
	Role   string `json:"role"`
	Status string `json:"status"`
	Reason string `json:"reason,omitempty"`
}

// RoleChecks checks every required role: filled by a staffing line,
// waived with a reason, or missing.
func (c *Content) RoleChecks() []RoleCheck {
	out := make([]RoleCheck, 0, len(RequiredRoles))
	for _, r := range RequiredRoles {
		rc := RoleCheck{Role: r, Status: RoleMissing}
		if slices.ContainsFunc(c.Staffing, func(s Staff) bool { return s.Role == r }) {
			rc.Status = RoleFilled
		} else if i := slices.IndexFunc(c.Waivers, func(w Waiver) bool { return w.Role == r && w.Reason != "" }); i >= 0 {
			rc.Status, rc.Reason = RoleWaived, c.Waivers[i].Reason
		}
		out = append(out, rc)
	}
	return out
}

// MissingRoles lists the required roles neither filled nor waived.
func (c *Content) MissingRoles() []string {
	var out []string
	for _, rc := range c.RoleChecks() {
		if rc.Status == RoleMissing {
			out = append(out, rc.Role)
		}
	}
	return out
}

// Change is the difference of one field between two versions, each side
// as lines of text.
type Change struct {
	Field string   `json:"field"`
	From  []string `json:"from"`
	To    []string `json:"to"`
}

// Diff compares two versions field by field and returns the fields that
// differ, in the order of Content.
func Diff(a, b Content) []Change {
	out := []Change{}
	va, vb := reflect.ValueOf(a), reflect.ValueOf(b)
	t := va.Type()
	for i := range t.NumField() {
		name, _, _ := strings.Cut(t.Field(i).Tag.Get("json"), ",")
		if name == "-" {
			continue
		}
		from, to := lines(va.Field(i)), lines(vb.Field(i))
		if !slices.Equal(from, to) {
			out = append(out, Change{Field: name, From: from, To: to})
		}
	}
	return out
}

// lines renders a field as lines: a list one element a line (a struct's
// fields joined by " · "), anything else one line, empty as none.
func lines(v reflect.Value) []string {
	if v.Kind() == reflect.Slice {
		out := []string{}
		for i := range v.Len() {
			out = append(out, line(v.Index(i)))
		}
		return out
	}
	s := line(v)
	if s == "" || s == "0" || s == "false" {
		return []string{}
	}
	return strings.Split(s, "\n")
}

func line(v reflect.Value) string {
	if v.Kind() == reflect.Struct {
		var parts []string
		for i := range v.NumField() {
			if s := line(v.Field(i)); s != "" && s != "0" {
				parts = append(parts, s)
			}
		}
		return strings.Join(parts, " · ")
	}
	return fmt.Sprint(v.Interface())
}
