package projects_test

import (
	"context"
	"testing"

	"github.com/samstyr/samstyr/internal/directives"
	"github.com/samstyr/samstyr/internal/errs"
	"github.com/samstyr/samstyr/internal/governance"
	"github.com/samstyr/samstyr/internal/policy"
	"github.com/samstyr/samstyr/internal/projects"
	"github.com/samstyr/samstyr/internal/testutil/apptest"
)

func checklist(answer string) []projects.CheckItem {
	out := []projects.CheckItem{}
	for _, k := range projects.ChecklistItems {
		out = append(out, projects.CheckItem{Key: k, Answer: answer})
	}
	return out
}

func state(t *testing.T, a *apptest.App, id int64, want string) {
	t.Helper()
	p, err := a.DB.FindProjectByID(context.Background(), id)
	if err != nil || p.State != want {
		t.Fatalf("state %v %v, want %s", p, err, want)
	}
}

// TestProjectMoves: start, hold with a reason, resume to where it was;
// an outsider is refused before the state is looked at.
func TestProjectMoves(t *testing.T) {
	a := apptest.New(t)
	ctx := context.Background()
	cp := a.NewControlProject("Flytt", apptest.ControlContent())
	id := cp.Project.ID
	must(t, a.DB.SetProjectState(ctx, id, directives.ProjectPlanning))
	pm, member := a.ActorOf(cp.Manager), a.ActorOf(a.People["member"])
	sec := a.ActorOf(a.People["secretariat"])

	_, err := a.Control.MoveProject(ctx, member, id, projects.MoveResume, "")
	code(t, err, errs.Forbidden, "")
	_, err = a.Control.MoveProject(ctx, pm, id, projects.MoveResume, "")
	code(t, err, errs.Conflict, "")
	before := a.AuditCount()
	_, err = a.Control.MoveProject(ctx, pm, id, projects.MoveHold, "  ")
	code(t, err, errs.Invalid, "reason")
	if a.AuditCount() != before {
		t.Fatal("refused hold audited")
	}
	_, err = a.Control.MoveProject(ctx, pm, id, projects.MoveStart, "")
	must(t, err)
	state(t, a, id, directives.ProjectExecuting)
	_, err = a.Control.MoveProject(ctx, sec, id, projects.MoveHold, "Venter på finansiering")
	must(t, err)
	state(t, a, id, directives.ProjectOnHold)
	must(t, a.Control.CreateReport(ctx, pm, id, draft("2027-03", 3000000))) // a project on hold still reports
	_, err = a.Control.MoveProject(ctx, pm, id, projects.MoveResume, "")
	must(t, err)
	state(t, a, id, directives.ProjectExecuting)
	if a.AuditCount() != before+4 { // three moves and the report
		t.Fatalf("moves audited: %d", a.AuditCount()-before)
	}
}

// TestClosure walks BP4 and BP5 on SQLite or PostgreSQL: refusals (wrong
// person before wrong state, incomplete checklist, another body's
// decision), the recommendation before the steering group, its approval,
// the final report computed from the records, acceptance → realising; a
// closed project takes no more reports.
func TestClosure(t *testing.T) {
	a := apptest.New(t)
	ctx := context.Background()
	c := apptest.ControlContent()
	c.Goals = []directives.Goal{{Level: "effect", Text: "Kortere saksbehandling", Indicator: "dager"}}
	c.Deliverables = []directives.Deliverable{{Name: "Planregister-API", Acceptance: "Godkjent av pilotkommunene"}}
	cp := a.NewControlProject("Avslutning", c)
	id := cp.Project.ID
	pm, chair, member := a.ActorOf(cp.Manager), a.ActorOf(cp.Chair), a.ActorOf(a.People["member"])
	ref := governance.DecisionRef{BodyID: cp.Project.SteeringBodyID}

	must(t, a.Plan.CreateActivity(ctx, pm, id, &projects.Activity{Kind: projects.KindActivity, Name: "Bygge", Deliverable: "Planregister-API",
		PlannedStart: "2027-01-10", PlannedEnd: "2027-08-01", ActualStart: "2027-01-10", ActualEnd: "2027-08-15"}))
	must(t, a.Plan.CreateActivity(ctx, pm, id, &projects.Activity{Kind: projects.KindMilestone, Name: "Pilot", PlannedEnd: "2027-09-01", ActualEnd: "2027-09-20"}))
	r := draft("2027-03", 3000000)
	must(t, a.Control.CreateReport(ctx, pm, id, r))
	_, err := a.Control.SubmitReport(ctx, pm, r.ID)
	must(t, err)

	// Wrong person before wrong state; incomplete; nothing stored.
	_, err = a.Control.SubmitFinalReport(ctx, member, id, nil)
	code(t, err, errs.Forbidden, "")
	_, err = a.Control.SubmitFinalReport(ctx, pm, id, nil)
	code(t, err, errs.Conflict, "")
	code(t, a.Control.ApproveClosure(ctx, chair, []int64{id}, ref), errs.Conflict, "")
	before := a.AuditCount()
	in := &projects.Closure{Checklist: checklist("yes"), RemainingWork: ""}
	in.Checklist[2].Answer = ""
	_, err = a.Control.SubmitClosure(ctx, pm, id, in)
	code(t, err, errs.Invalid, "checklist.benefit_owner_believes.answer")
	if a.AuditCount() != before {
		t.Fatal("refused submission audited")
	}
	if _, err := a.DB.FindClosure(ctx, id); !errs.Is(err, errs.NotFound) {
		t.Fatalf("refused submission stored: %v", err)
	}
	state(t, a, id, directives.ProjectExecuting)

	// A draft, then the submission: closing, a case before the steering group.
	draftIn := &projects.Closure{Checklist: checklist("yes"), RemainingWork: "Overføre forvaltningen til Fellestjenester PLAN"}
	draftIn.Checklist[1] = projects.CheckItem{Key: "remaining_work_clear", Answer: "no", Comment: "Dokumentasjon gjenstår"}
	must(t, a.Control.SaveClosure(ctx, pm, id, draftIn))
	got, err := a.Control.SubmitClosure(ctx, pm, id, nil)
	must(t, err)
	state(t, a, id, directives.ProjectClosing)
	cs, err := a.Meetings.Case(ctx, chair, got.CaseID)
	must(t, err)
	if cs.BodyID != cp.Project.SteeringBodyID || len(cs.Links) != 1 || cs.Links[0].ItemType != projects.ItemClosure || cs.Links[0].ItemID != id {
		t.Fatalf("closure case: %+v", cs)
	}
	code(t, a.Control.SaveClosure(ctx, pm, id, draftIn), errs.Conflict, "")
	_, err = a.Control.SubmitClosure(ctx, pm, id, nil)
	code(t, err, errs.Conflict, "")

	// The final report waits for BP4; BP4 only by the steering group.
	code(t, a.Control.SaveFinalReport(ctx, pm, id, &projects.Closure{Evaluation: "x"}), errs.Conflict, "")
	code(t, a.Control.ApproveClosure(ctx, pm, []int64{id}, ref), errs.Forbidden, "")
	code(t, a.Control.ApproveClosure(ctx, chair, []int64{id}, governance.DecisionRef{BodyID: a.Bodies[policy.BodyUserCouncil].ID}), errs.Invalid, "effects")
	must(t, a.Control.ApproveClosure(ctx, chair, []int64{id}, ref))
	code(t, a.Control.ApproveClosure(ctx, chair, []int64{id}, ref), errs.Conflict, "")

	// The final report: computed, its texts required.
	v, err := a.Control.Closure(ctx, pm, id)
	must(t, err)
	if !v.MaySubmitFinal || v.MayEdit || len(v.Moves) != 0 {
		t.Fatalf("view flags: %+v", v)
	}
	f := v.Final
	if len(f.Goals) != 1 || len(f.Deliverables) != 1 || !f.Deliverables[0].Delivered() || f.Deliverables[0].FinishedOn != "2027-08-15" {
		t.Fatalf("final report goals/deliverables: %+v %+v", f.Goals, f.Deliverables)
	}
	if len(f.Milestones) != 2 || f.Milestones[0].Name != "Pilot" || f.Milestones[0].Directive != "2027-09-01" || f.Milestones[0].SlipDays != 19 {
		t.Fatalf("final report milestones: %+v", f.Milestones)
	}
	if f.CostPeriod != "2027-03" || f.BudgetNOK != 4000000 || f.ActualNOK != 1200000 || f.Costs[0].ActualNOK != 1200000 {
		t.Fatalf("final report costs: %+v", f)
	}
	_, err = a.Control.SubmitFinalReport(ctx, pm, id, &projects.Closure{Evaluation: "Målene er nådd"})
	code(t, err, errs.Invalid, "lessons_learned")
	state(t, a, id, directives.ProjectClosing)
	got, err = a.Control.SubmitFinalReport(ctx, pm, id, &projects.Closure{Evaluation: "Målene er nådd", Lessons: "Tidlig pilot lønner seg"})
	must(t, err)
	state(t, a, id, directives.ProjectClosed)
	code(t, a.Control.CreateReport(ctx, pm, id, draft("2027-04", 1)), errs.Conflict, "")
	code(t, a.Control.AcceptFinalReport(ctx, a.ActorOf(a.People["secretariat"]), []int64{id}, ref), errs.Forbidden, "")
	must(t, a.Control.AcceptFinalReport(ctx, chair, []int64{id}, ref))
	state(t, a, id, directives.ProjectRealising)
	_, err = a.Control.Closure(ctx, member, id)
	code(t, err, errs.Forbidden, "")
	v, err = a.Control.Closure(ctx, chair, id)
	must(t, err)
	if v.Closure.AcceptedAt.IsZero() || v.Closure.FinalCaseID != got.FinalCaseID || v.Closure.Lessons != "Tidlig pilot lønner seg" {
		t.Fatalf("accepted closure: %+v", v.Closure)
	}
	if res := a.VerifyAudit(); !res.OK {
		t.Fatalf("audit chain: %+v", res)
	}
}
