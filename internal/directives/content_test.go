package directives_test

import (
	"math"
	"slices"
	"testing"

	"github.com/samstyr/samstyr/internal/directives"
	"github.com/samstyr/samstyr/internal/errs"
)

func goodContent() directives.Content {
	return directives.Content{
		Purpose: "Felles planregister", Start: "2027-01-01", End: "2028-12-31",
		Goals:        []directives.Goal{{Level: "societal", Text: "Bedre planer"}, {Level: "effect", Text: "Kortere saksbehandling", Indicator: "dager"}},
		Deliverables: []directives.Deliverable{{Name: "API", Acceptance: "Testet av tre kommuner"}},
		Milestones:   []directives.Milestone{{Name: "Pilot", Date: "2027-06-01"}},
		Budget:       []directives.BudgetLine{{Year: 2027, Source: "digifin", AmountNOK: 2000000}, {Year: 2028, Source: "ks", AmountNOK: 500000}},
		BudgetTotal:  2500000,
		Staffing:     []directives.Staff{{Role: "process_leader", Organisation: "Bergen kommune", EffortHours: 400}},
		Tolerances:   directives.Tolerances{TimePct: 10, CostPct: 5, ScopePct: 0},
		Reporting:    "monthly",
	}
}

// TestContentValidate refuses each kind of bad input the issue names, with
// the field that is wrong.
func TestContentValidate(t *testing.T) {
	c := goodContent()
	if err := c.Validate(); err != nil {
		t.Fatalf("good content: %v", err)
	}
	cases := map[string]struct {
		change func(c *directives.Content)
		field  string
	}{
		"budget does not add up": {func(c *directives.Content) { c.BudgetTotal = 1 }, "budget_total"},
		"milestone after end":    {func(c *directives.Content) { c.Milestones[0].Date = "2029-01-01" }, "milestones.0.date"},
		"milestone before start": {func(c *directives.Content) { c.Milestones[0].Date = "2026-12-31" }, "milestones.0.date"},
		"tolerance not a number": {func(c *directives.Content) { c.Tolerances.CostPct = math.NaN() }, "tolerances.cost_pct"},
		"tolerance negative":     {func(c *directives.Content) { c.Tolerances.TimePct = -1 }, "tolerances.time_pct"},
		"unknown source":         {func(c *directives.Content) { c.Budget[1].Source = "bank" }, "budget.1.source"},
		"duplicate budget line":  {func(c *directives.Content) { c.Budget[1].Source = "digifin"; c.Budget[1].Year = 2027 }, "budget.1.source"},
		"goal level":             {func(c *directives.Content) { c.Goals[0].Level = "vision" }, "goals.0.level"},
		"end before start":       {func(c *directives.Content) { c.End = "2026-01-01"; c.Milestones = nil }, "end"},
		"no purpose":             {func(c *directives.Content) { c.Purpose = "" }, "purpose"},
		"staff role":             {func(c *directives.Content) { c.Staffing[0].Role = "boss" }, "staffing.0.role"},
	}
	for name, tc := range cases {
		c := goodContent()
		tc.change(&c)
		err := c.Validate()
		e := errs.As(err)
		if e == nil || e.Code != errs.Invalid {
			t.Errorf("%s: %v, want Invalid", name, err)
			continue
		}
		if !slices.ContainsFunc(e.Fields, func(f errs.FieldError) bool { return f.Field == tc.field }) {
			t.Errorf("%s: fields %+v, want %s", name, e.Fields, tc.field)
		}
	}
}

// TestRoleChecks: a role is filled by a staffing line, waived with a
// reason, or missing.
func TestRoleChecks(t *testing.T) {
	c := goodContent()
	c.Waivers = []directives.Waiver{{Role: "business_rep", Reason: "Ingen næringsinteresser"}, {Role: "citizen_rep", Reason: ""}}
	c.Normalize()
	got := map[string]string{}
	for _, rc := range c.RoleChecks() {
		got[rc.Role] = rc.Status
	}
	want := map[string]string{"process_leader": "filled", "business_rep": "waived", "citizen_rep": "missing", "architect": "missing",
		"expert": "missing", "state_rep": "missing"}
	for r, s := range want {
		if got[r] != s {
			t.Errorf("%s: %s, want %s", r, got[r], s)
		}
	}
	if m := c.MissingRoles(); len(m) != 4 {
		t.Errorf("missing = %v", m)
	}
}

// TestDiff names the fields that differ and nothing else.
func TestDiff(t *testing.T) {
	a, b := goodContent(), goodContent()
	if d := directives.Diff(a, b); len(d) != 0 {
		t.Fatalf("equal versions differ: %+v", d)
	}
	b.Budget[0].AmountNOK = 3000000
	b.BudgetTotal = 3500000
	b.Scope = "Plan og bygg"
	var fields []string
	for _, c := range directives.Diff(a, b) {
		fields = append(fields, c.Field)
	}
	if !slices.Equal(fields, []string{"scope", "budget", "budget_total"}) {
		t.Fatalf("diff fields = %v", fields)
	}
	d := directives.Diff(a, b)[1]
	if d.From[0] != "2027 · digifin · 2000000" || d.To[0] != "2027 · digifin · 3000000" {
		t.Fatalf("budget lines: %+v", d)
	}
}

func TestStateMachine(t *testing.T) {
	for _, m := range [][2]string{{"draft", "recommended"}, {"recommended", "approved"}, {"recommended", "revise"}, {"revise", "draft"}} {
		if !directives.CanMove(m[0], m[1]) {
			t.Errorf("%s → %s refused", m[0], m[1])
		}
	}
	for _, m := range [][2]string{{"draft", "approved"}, {"approved", "draft"}, {"rejected", "draft"}, {"revise", "approved"}} {
		if directives.CanMove(m[0], m[1]) {
			t.Errorf("%s → %s allowed", m[0], m[1])
		}
	}
}
