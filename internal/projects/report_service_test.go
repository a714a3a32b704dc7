package projects_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/samstyr/samstyr/internal/errs"
	"github.com/samstyr/samstyr/internal/governance"
	"github.com/samstyr/samstyr/internal/meetings"
	"github.com/samstyr/samstyr/internal/policy"
	"github.com/samstyr/samstyr/internal/projects"
	"github.com/samstyr/samstyr/internal/testutil/apptest"
)

func code(t *testing.T, err error, want errs.Code, field string) {
	t.Helper()
	if errs.CodeOf(err) != want {
		t.Fatalf("got %v, want %s", err, want)
	}
	if field != "" && !slices.ContainsFunc(errs.As(err).Fields, func(fe errs.FieldError) bool { return fe.Field == field }) {
		t.Fatalf("fields %+v, want %s", errs.As(err).Fields, field)
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func draft(period string, f2027 int64) *projects.StatusReport {
	return &projects.StatusReport{Period: period, Overall: "amber", WorkDone: "Pilot i gang",
		Rating: map[string]string{"time": "green", "cost": "amber", "scope": "green", "quality": "green", "risk": "amber", "benefits": "green"},
		// The budget typed here is ignored: it comes from the records.
		Costs:      []projects.CostLine{{Year: 2027, BudgetNOK: 1, ActualNOK: 1200000, ForecastNOK: f2027}, {Year: 2028, ForecastNOK: 1000000}},
		Milestones: []projects.MilestoneForecast{{Name: "Pilot", Planned: "1999-01-01", Forecast: "2027-09-15"}}}
}

// TestStatusReportsAndBreach walks a project's reports on SQLite or
// PostgreSQL: drafting with the records' numbers, refusals (outsider,
// second report of a period, closed project), a submission whose cost
// forecast breaches the tolerance and escalates, the steering group's
// review and decision.
func TestStatusReportsAndBreach(t *testing.T) {
	a := apptest.New(t)
	ctx := context.Background()
	cp := a.NewControlProject("Planregister", apptest.ControlContent())
	p := cp.Project
	pm, chair, steer, member := a.ActorOf(cp.Manager), a.ActorOf(cp.Chair), a.ActorOf(cp.Steer), a.ActorOf(a.People["member"])
	sec := a.ActorOf(a.People["secretariat"])

	code(t, a.Control.CreateReport(ctx, member, p.ID, draft("2027-03", 3000000)), errs.Forbidden, "")
	bad := draft("2027-3", 3000000)
	bad.Overall = "purple"
	code(t, a.Control.CreateReport(ctx, pm, p.ID, bad), errs.Invalid, "period")
	r1 := draft("2027-03", 3000000)
	must(t, a.Control.CreateReport(ctx, pm, p.ID, r1))
	got, _, err := a.Control.Report(ctx, steer, r1.ID)
	must(t, err)
	if got.Budget() != 4000000 || got.Costs[0].BudgetNOK != 3000000 || got.Milestones[0].Planned != "2027-09-01" || got.Milestones[1].Forecast != "2028-06-01" {
		t.Fatalf("records' numbers not filled in: %+v %+v", got.Costs, got.Milestones)
	}
	before := a.AuditCount()
	err = a.Control.CreateReport(ctx, pm, p.ID, draft("2027-03", 1))
	code(t, err, errs.Invalid, "period")
	if errs.As(err).Fields[0].Args["period"] != "2027-03" {
		t.Fatalf("second report does not name the period: %+v", errs.As(err).Fields)
	}
	if a.AuditCount() != before {
		t.Fatal("refused report audited something")
	}

	// Within tolerance: submitted, nothing raised; review by the steering group.
	code(t, a.Control.ReviewReport(ctx, steer, r1.ID, ""), errs.Conflict, "")
	raised, err := a.Control.SubmitReport(ctx, pm, r1.ID)
	must(t, err)
	if len(raised) != 0 {
		t.Fatalf("raised within tolerance: %+v", raised)
	}
	code(t, a.Control.ReviewReport(ctx, sec, r1.ID, ""), errs.Forbidden, "")
	code(t, a.Control.ReviewReport(ctx, pm, r1.ID, ""), errs.Forbidden, "")
	must(t, a.Control.ReviewReport(ctx, steer, r1.ID, "Godt"))
	if rating, period, err := a.Control.PublicRating(ctx, nil, p.ID); err != nil || rating != "amber" || period != "2027-03" {
		t.Fatalf("public rating: %q %q %v", rating, period, err)
	}

	// A risk shows among the top risks of the next report's facts.
	k := &projects.Risk{ProjectID: p.ID, Title: "Leverandøren forsinkes", Probability: 4, Consequence: 5, OwnerID: cp.Manager.ID}
	must(t, a.Control.CreateRisk(ctx, pm, k))

	// Over the cost tolerance (4 500 000 against 4 000 000 + 5 %).
	r2 := draft("2027-04", 3500000)
	must(t, a.Control.CreateReport(ctx, pm, p.ID, r2))
	raised, err = a.Control.SubmitReport(ctx, pm, r2.ID)
	must(t, err)
	if len(raised) != 1 || raised[0].Type != "cost" || !raised[0].ToleranceBreached || raised[0].State != projects.DevEscalated || raised[0].CaseID == 0 {
		t.Fatalf("raised: %+v", raised)
	}
	dev := raised[0]
	if out, _ := a.Control.OutsideApproval(ctx, p.ID); !out {
		t.Fatal("project not outside its approval")
	}
	got, _, _ = a.Control.Report(ctx, pm, r2.ID)
	if len(got.Facts.TopRisks) != 1 || got.Facts.TopRisks[0].Score != 20 {
		t.Fatalf("facts kept with the report: %+v", got.Facts)
	}
	c, err := a.Meetings.Case(ctx, chair, dev.CaseID)
	must(t, err)
	if c.BodyID != p.SteeringBodyID || c.Kind != meetings.KindDecision || len(c.Links) != 1 || c.Links[0].ItemType != "deviation" || c.Links[0].ItemID != dev.ID {
		t.Fatalf("exception case: %+v", c)
	}

	// The decision: not by someone outside the steering group, not by
	// another body; accepted by the steering group, the deviation closes.
	ref := governance.DecisionRef{DecisionID: 0, BodyID: p.SteeringBodyID}
	code(t, a.Control.Decide(ctx, sec, []int64{dev.ID}, ref, projects.OutcomeAccept), errs.Forbidden, "")
	code(t, a.Control.Decide(ctx, chair, []int64{dev.ID}, governance.DecisionRef{BodyID: a.Bodies[policy.BodyUserCouncil].ID}, projects.OutcomeAccept), errs.Invalid, "effects")
	must(t, a.Control.Decide(ctx, chair, []int64{dev.ID}, ref, projects.OutcomeChangeDirective))
	d, _, err := a.Control.Deviation(ctx, pm, dev.ID)
	must(t, err)
	if d.State != projects.DevClosed || d.Outcome != projects.OutcomeChangeDirective {
		t.Fatalf("decided deviation: %+v", d)
	}
	if out, _ := a.Control.OutsideApproval(ctx, p.ID); out {
		t.Fatal("still outside its approval after the decision")
	}
	dir, err := a.DB.FindDirectiveByID(ctx, p.DirectiveID)
	must(t, err)
	if dir.Version != 2 || dir.ApprovedVersion != 1 {
		t.Fatalf("change of directive: version %d, approved %d", dir.Version, dir.ApprovedVersion)
	}

	// A risk that occurs becomes a deviation, linked both ways.
	code(t, a.Control.CreateRisk(ctx, pm, &projects.Risk{ProjectID: p.ID, Title: "X", Probability: 6, Consequence: 1, OwnerID: cp.Manager.ID}), errs.Invalid, "probability")
	code(t, a.Control.CreateRisk(ctx, member, &projects.Risk{ProjectID: p.ID, Title: "X", Probability: 1, Consequence: 1, OwnerID: cp.Manager.ID}), errs.Forbidden, "")
	k2, err := a.Control.MoveRisk(ctx, pm, k.ID, projects.RiskOccurred, "time")
	must(t, err)
	rd, _, err := a.Control.Deviation(ctx, pm, k2.DeviationID)
	must(t, err)
	if k2.State != projects.RiskOccurred || rd.RiskID != k.ID || rd.Type != "time" || rd.State != projects.DevReported {
		t.Fatalf("occurred risk %+v → deviation %+v", k2, rd)
	}

	// Stopping the project closes it to reports.
	esc, err := a.Control.Escalate(ctx, pm, rd.ID)
	must(t, err)
	must(t, a.Control.Decide(ctx, steer, []int64{esc.ID}, ref, projects.OutcomeStop))
	code(t, a.Control.CreateReport(ctx, pm, p.ID, draft("2027-05", 1)), errs.Conflict, "")
	pp, _ := a.DB.FindProjectByID(ctx, p.ID)
	if pp.State != "cancelled" {
		t.Fatalf("stopped project: %s", pp.State)
	}
	if res := a.VerifyAudit(); !res.OK {
		t.Fatalf("audit chain: %+v", res)
	}
	_ = time.Now
}

// TestLateAndReminders: the secretariat sees a late report; the manager
// is reminded once before the deadline; a risk owner before a review.
func TestLateAndReminders(t *testing.T) {
	a := apptest.New(t)
	ctx := context.Background()
	cp := a.NewControlProject("Byggesak", apptest.ControlContent())
	clock := time.Date(2027, 5, 7, 9, 0, 0, 0, time.UTC) // April's report is due 10 May
	a.Control.Now = func() time.Time { return clock }
	sec := a.ActorOf(a.People["secretariat"])
	code(t, func() error { _, err := a.Control.LateReports(ctx, a.ActorOf(cp.Manager)); return err }(), errs.Forbidden, "")
	late, err := a.Control.LateReports(ctx, sec)
	must(t, err)
	if slices.ContainsFunc(late, func(l projects.LateReport) bool { return l.ProjectID == cp.Project.ID }) {
		t.Fatal("late before the deadline")
	}
	n, err := a.Control.RemindReports(ctx)
	must(t, err)
	if n != 1 {
		t.Fatalf("reminders: %d", n)
	}
	if n, _ = a.Control.RemindReports(ctx); n != 0 {
		t.Fatalf("reminded twice: %d", n)
	}
	clock = time.Date(2027, 5, 11, 9, 0, 0, 0, time.UTC)
	late, err = a.Control.LateReports(ctx, sec)
	must(t, err)
	if !slices.ContainsFunc(late, func(l projects.LateReport) bool { return l.ProjectID == cp.Project.ID && l.Period == "2027-04" }) {
		t.Fatalf("late list: %+v", late)
	}
	k := &projects.Risk{ProjectID: cp.Project.ID, Title: "Nøkkelperson slutter", Probability: 2, Consequence: 4, OwnerID: cp.Manager.ID, NextReview: "2027-05-13"}
	must(t, a.Control.CreateRisk(ctx, a.ActorOf(cp.Manager), k))
	if n, _ := a.Control.RemindRiskReviews(ctx); n != 1 {
		t.Fatalf("risk reminders: %d", n)
	}
	if n, _ := a.Control.RemindRiskReviews(ctx); n != 0 {
		t.Fatalf("risk reminded twice: %d", n)
	}
}
