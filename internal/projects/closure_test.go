package projects

import (
	"testing"

	"github.com/samstyr/samstyr/internal/directives"
)

// TestProjectTransitions is the project state machine (DOMAIN.md §8C) as
// a table: every pair of states, allowed or not.
func TestProjectTransitions(t *testing.T) {
	allowed := map[[2]string]bool{
		{directives.ProjectPlanning, directives.ProjectExecuting}:  true,
		{directives.ProjectOnHold, directives.ProjectExecuting}:    true,
		{directives.ProjectPlanning, directives.ProjectOnHold}:     true,
		{directives.ProjectExecuting, directives.ProjectOnHold}:    true,
		{directives.ProjectOnHold, directives.ProjectPlanning}:     true,
		{directives.ProjectExecuting, directives.ProjectClosing}:   true,
		{directives.ProjectClosing, directives.ProjectClosed}:      true,
		{directives.ProjectClosed, directives.ProjectRealising}:    true,
		{directives.ProjectPlanning, directives.ProjectCancelled}:  true,
		{directives.ProjectExecuting, directives.ProjectCancelled}: true,
		{directives.ProjectOnHold, directives.ProjectCancelled}:    true,
		{directives.ProjectClosing, directives.ProjectCancelled}:   true,
	}
	for _, from := range directives.ProjectStates {
		for _, to := range directives.ProjectStates {
			if got := CanMoveProject(from, to); got != allowed[[2]string{from, to}] {
				t.Errorf("%s → %s: got %v", from, to, got)
			}
		}
	}
	moves := []struct {
		move, from, hold, to string
		ok                   bool
	}{
		{MoveStart, directives.ProjectPlanning, "", directives.ProjectExecuting, true},
		{MoveStart, directives.ProjectExecuting, "", "", false},
		{MoveStart, directives.ProjectOnHold, "", "", false},
		{MoveHold, directives.ProjectExecuting, "", directives.ProjectOnHold, true},
		{MoveHold, directives.ProjectPlanning, "", directives.ProjectOnHold, true},
		{MoveHold, directives.ProjectClosing, "", "", false},
		{MoveHold, directives.ProjectOnHold, "", "", false},
		{MoveResume, directives.ProjectOnHold, directives.ProjectPlanning, directives.ProjectPlanning, true},
		{MoveResume, directives.ProjectOnHold, directives.ProjectExecuting, directives.ProjectExecuting, true},
		{MoveResume, directives.ProjectOnHold, "", directives.ProjectExecuting, true},
		{MoveResume, directives.ProjectExecuting, "", "", false},
		{"close", directives.ProjectExecuting, "", "", false},
	}
	for _, m := range moves {
		to, ok := MoveTarget(m.move, m.from, m.hold)
		if ok != m.ok || ok && to != m.to {
			t.Errorf("%s from %s (hold %q): got %s %v, want %s %v", m.move, m.from, m.hold, to, ok, m.to, m.ok)
		}
	}
}

// TestClosureValidate: a draft may be partial; a submission needs every
// item answered, a comment on each "no", and the remaining work.
func TestClosureValidate(t *testing.T) {
	c := &Closure{Checklist: []CheckItem{{Key: "line_ready", Answer: "maybe"}, {Key: "bogus", Answer: "yes"}}}
	c.Normalize()
	if len(c.Checklist) != len(ChecklistItems) || c.Checklist[3].Key != "line_ready" {
		t.Fatalf("normalized: %+v", c.Checklist)
	}
	if err := c.Validate(false); err == nil {
		t.Fatal("an answer other than yes or no passed")
	}
	c.Checklist[3].Answer = ""
	if err := c.Validate(false); err != nil {
		t.Fatalf("partial draft refused: %v", err)
	}
	if err := c.Validate(true); err == nil {
		t.Fatal("incomplete submission passed")
	}
	for i := range c.Checklist {
		c.Checklist[i].Answer = "yes"
	}
	c.Checklist[2].Answer = "no"
	c.RemainingWork = "Overlevere forvaltning"
	if err := c.Validate(true); err == nil {
		t.Fatal("a no without a comment passed")
	}
	c.Checklist[2].Comment = "Gevinsteier byttet"
	if err := c.Validate(true); err != nil {
		t.Fatal(err)
	}
}

// TestComputeFinalReport compares the directive with the plan and the
// newest submitted report (a newer draft is ignored).
func TestComputeFinalReport(t *testing.T) {
	c := &directives.Content{Goals: []directives.Goal{{Level: "effect", Text: "Raskere saker"}},
		Deliverables: []directives.Deliverable{{Name: "API"}, {Name: "Veileder"}},
		Milestones:   []directives.Milestone{{Name: "Pilot", Date: "2027-09-01"}, {Name: "Lansering", Date: "2028-06-01"}}}
	plan := []*Activity{
		{Kind: KindActivity, Name: "Bygge API", Deliverable: "API", ActualEnd: "2027-08-01"},
		{Kind: KindActivity, Name: "Teste API", Deliverable: "API", ActualEnd: "2027-08-20"},
		{Kind: KindActivity, Name: "Skrive veileder", Deliverable: "Veileder"},
		{Kind: KindMilestone, Name: "Pilot", PlannedEnd: "2027-09-01", ActualEnd: "2027-09-11"},
	}
	reports := []*StatusReport{
		{Period: "2028-07", State: ReportDraft, Costs: []CostLine{{Year: 2027, ActualNOK: 1}}},
		{Period: "2028-06", State: ReportReviewed, Costs: []CostLine{{Year: 2027, ActualNOK: 3100000}, {Year: 2028, ActualNOK: 800000}}},
	}
	budget := []directives.BudgetLine{{Year: 2027, AmountNOK: 3000000}, {Year: 2028, AmountNOK: 1000000}}
	f := ComputeFinalReport(c, budget, plan, reports)
	if len(f.Goals) != 1 || len(f.Deliverables) != 2 || !f.Deliverables[0].Delivered() || f.Deliverables[0].FinishedOn != "2027-08-20" || f.Deliverables[1].Delivered() {
		t.Fatalf("goals/deliverables: %+v %+v", f.Goals, f.Deliverables)
	}
	if len(f.Milestones) != 2 || f.Milestones[0].SlipDays != 10 || f.Milestones[1].Name != "Lansering" || f.Milestones[1].Planned != "" {
		t.Fatalf("milestones: %+v", f.Milestones)
	}
	if f.CostPeriod != "2028-06" || f.BudgetNOK != 4000000 || f.ActualNOK != 3900000 || f.DiffNOK() != -100000 || f.Costs[0].DiffNOK != 100000 {
		t.Fatalf("costs: %+v", f)
	}
}
