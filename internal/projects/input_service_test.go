package projects_test

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/samstyr/samstyr/internal/errs"
	"github.com/samstyr/samstyr/internal/governance"
	"github.com/samstyr/samstyr/internal/needs"
	"github.com/samstyr/samstyr/internal/policy"
	"github.com/samstyr/samstyr/internal/projects"
	"github.com/samstyr/samstyr/internal/testutil/apptest"
)

// inputProject is a control project with a member on its staffing plan.
func inputProject(t *testing.T, a *apptest.App, name string) (*apptest.ControlProject, *apptest.Person) {
	t.Helper()
	cp := a.NewControlProject(name, apptest.ControlContent())
	m := a.NewPerson("expert", "oslo", "", false)
	must(t, a.DB.EnsureProjectRole(context.Background(), cp.Project.ID, m.ID, "expert", time.Now().AddDate(0, -1, 0)))
	return cp, m
}

// TestProjectInputs walks participants' input on SQLite or PostgreSQL:
// who may record and handle; refusals naming the field with nothing
// stored; a fact acknowledged; a veivalg put before the steering group as
// a case and decided there with the chosen option; an out-of-scope
// challenge referred to another project (a missing one refused) and one
// referred as a new need, pre-filled and linked both ways.
func TestProjectInputs(t *testing.T) {
	a := apptest.New(t)
	ctx := context.Background()
	cp, mem := inputProject(t, a, "Planinnsyn")
	other := a.NewControlProject("Byggsøk", apptest.ControlContent())
	p := cp.Project
	pm, chair, steer, member := a.ActorOf(cp.Manager), a.ActorOf(cp.Chair), a.ActorOf(cp.Steer), a.ActorOf(mem)
	sec, outsider, council := a.ActorOf(a.People["secretariat"]), a.ActorOf(a.People["member"]), a.ActorOf(a.People["user_council"])

	// Who may record; bad input stores nothing.
	code(t, a.Control.CreateInput(ctx, outsider, p.ID, &projects.Input{Kind: "fact", Title: "T", Text: "x"}), errs.Forbidden, "")
	code(t, a.Control.CreateInput(ctx, nil, p.ID, &projects.Input{Kind: "fact", Title: "T", Text: "x"}), errs.Unauthenticated, "")
	before := a.AuditCount()
	code(t, a.Control.CreateInput(ctx, member, p.ID, &projects.Input{Kind: "fact", Title: "T", Text: " "}), errs.Invalid, "text")
	code(t, a.Control.CreateInput(ctx, member, p.ID, &projects.Input{Kind: "veivalg", Title: "T", Text: "x",
		Options: []projects.InputOption{{Description: "A", Consequence: "B"}}}), errs.Invalid, "options")
	if ins, _, _ := a.Control.Inputs(ctx, pm, p.ID, projects.InputFilter{}); len(ins) != 0 || a.AuditCount() != before {
		t.Fatalf("refused input stored: %d inputs, audit %d → %d", len(ins), before, a.AuditCount())
	}

	// A fact by a staffing-plan member, acknowledged by the manager (not by the member).
	fact := &projects.Input{Kind: "fact", Title: "Kommunene bruker tre ulike saksarkiv", Text: "Se **kartleggingen**."}
	must(t, a.Control.CreateInput(ctx, member, p.ID, fact))
	if fact.State != projects.InputRecorded || fact.AuthorID != mem.ID {
		t.Fatalf("fact: %+v", fact)
	}
	code(t, errOf(a.Control.MoveInput(ctx, member, p.ID, fact.ID, projects.InputAcknowledged, projects.Referral{})), errs.Forbidden, "")
	code(t, errOf(a.Control.MoveInput(ctx, pm, p.ID, fact.ID, projects.InputPutBefore, projects.Referral{})), errs.Conflict, "")
	got, err := a.Control.MoveInput(ctx, pm, p.ID, fact.ID, projects.InputAcknowledged, projects.Referral{})
	must(t, err)
	if got.State != projects.InputAcknowledged || got.HandledBy != cp.Manager.ID {
		t.Fatalf("acknowledged: %+v", got)
	}
	// Readers: the steering group, the councils; not an outsider, not the public.
	for _, r := range []*policy.Actor{steer, council, sec} {
		if _, _, err := a.Control.Inputs(ctx, r, p.ID, projects.InputFilter{}); err != nil {
			t.Fatalf("reader refused: %v", err)
		}
	}
	code(t, errOf2(a.Control.Inputs(ctx, outsider, p.ID, projects.InputFilter{})), errs.Forbidden, "")
	code(t, errOf2(a.Control.Inputs(ctx, nil, p.ID, projects.InputFilter{})), errs.Unauthenticated, "")
	ins, _, err := a.Control.Inputs(ctx, steer, p.ID, projects.InputFilter{Kind: "fact", State: "acknowledged"})
	must(t, err)
	if len(ins) != 1 || ins[0].ID != fact.ID {
		t.Fatalf("filtered list: %+v", ins)
	}

	// A veivalg by a steering-group member goes before the steering group.
	vv := &projects.Input{Kind: "veivalg", Title: "Felles eller egen innsynsløsning?", Text: "Vi må velge.",
		Options: []projects.InputOption{{Description: "Felles løsning", Consequence: "Avhengig av Fiks"}, {Description: "Egen løsning", Consequence: "Dyrere drift"}}}
	must(t, a.Control.CreateInput(ctx, steer, p.ID, vv))
	vv2, err := a.Control.MoveInput(ctx, pm, p.ID, vv.ID, projects.InputPutBefore, projects.Referral{})
	must(t, err)
	c, err := a.Meetings.Case(ctx, chair, vv2.CaseID)
	must(t, err)
	if c.BodyID != p.SteeringBodyID || len(c.Links) != 1 || c.Links[0].ItemType != "project_input" || c.Links[0].ItemID != vv.ID ||
		!strings.Contains(c.Consequences, "Egen løsning") {
		t.Fatalf("veivalg case: %+v", c)
	}
	ref := governance.DecisionRef{BodyID: p.SteeringBodyID}
	code(t, a.Control.ChooseDirection(ctx, sec, []int64{vv.ID}, ref, 2), errs.Forbidden, "")
	code(t, a.Control.ChooseDirection(ctx, chair, []int64{vv.ID}, ref, 3), errs.Invalid, "choice")
	code(t, a.Control.ChooseDirection(ctx, chair, []int64{vv.ID}, governance.DecisionRef{BodyID: a.Bodies[policy.BodyUserCouncil].ID}, 2), errs.Invalid, "effects")
	must(t, a.Control.ChooseDirection(ctx, chair, []int64{vv.ID}, ref, 2))
	d, _, err := a.Control.Input(ctx, member, p.ID, vv.ID)
	must(t, err)
	if d.State != projects.InputDecided || d.ChosenOption != 2 {
		t.Fatalf("decided veivalg: %+v", d)
	}
	code(t, a.Control.ChooseDirection(ctx, chair, []int64{vv.ID}, ref, 1), errs.Conflict, "")

	// Out of scope: documented as recorded; referral to a missing project
	// is 422 naming the field and stores nothing; to another project works.
	oos := &projects.Input{Kind: "out_of_scope", Title: "Matrikkelen mangler bruksenhetsnummer", Text: "Gjelder alle kommuner."}
	must(t, a.Control.CreateInput(ctx, member, p.ID, oos))
	if oos.State != projects.InputDocumented {
		t.Fatalf("out of scope starts %s", oos.State)
	}
	before = a.AuditCount()
	code(t, errOf(a.Control.MoveInput(ctx, pm, p.ID, oos.ID, projects.InputReferred, projects.Referral{To: "project", ProjectID: 999999})), errs.Invalid, "referred_project_id")
	code(t, errOf(a.Control.MoveInput(ctx, pm, p.ID, oos.ID, projects.InputReferred, projects.Referral{To: "project", ProjectID: p.ID})), errs.Invalid, "referred_project_id")
	code(t, errOf(a.Control.MoveInput(ctx, pm, p.ID, oos.ID, projects.InputReferred, projects.Referral{To: "nowhere"})), errs.Invalid, "referred_to")
	if x, _, _ := a.Control.Input(ctx, pm, p.ID, oos.ID); x.State != projects.InputDocumented || a.AuditCount() != before {
		t.Fatalf("refused referral stored: %+v", x)
	}
	r, err := a.Control.MoveInput(ctx, sec, p.ID, oos.ID, projects.InputReferred, projects.Referral{To: "project", ProjectID: other.Project.ID, Note: "Hører hjemme der"})
	must(t, err)
	if r.State != projects.InputReferred || r.ReferredProjectID != other.Project.ID {
		t.Fatalf("referred to project: %+v", r)
	}

	// Referred as a new need: a draft of the project owner's organisation,
	// pre-filled, linked both ways.
	oos2 := &projects.Input{Kind: "out_of_scope", Title: "Felles adresseregister for tiltak", Text: "Tiltaksadresser finnes ikke i matrikkelen."}
	must(t, a.Control.CreateInput(ctx, member, p.ID, oos2))
	r2, err := a.Control.MoveInput(ctx, pm, p.ID, oos2.ID, projects.InputReferred, projects.Referral{To: "need"})
	must(t, err)
	n, err := a.DB.FindNeedByID(ctx, r2.NeedID)
	must(t, err)
	if n.State != needs.Draft || n.Title != oos2.Title || !strings.Contains(n.Problem, "Tiltaksadresser") || !strings.Contains(n.Problem, p.Name) ||
		n.OrgID != cp.Chair.OrgID || n.SubmitterID != cp.Manager.ID {
		t.Fatalf("need from the input: %+v", n)
	}
	back, err := a.Control.InputForNeed(ctx, pm, n.ID)
	must(t, err)
	if back.ID != oos2.ID {
		t.Fatalf("need → input: %+v", back)
	}
	code(t, errOf(a.Control.InputForNeed(ctx, outsider, n.ID)), errs.NotFound, "")
	if res := a.VerifyAudit(); !res.OK {
		t.Fatalf("audit chain: %+v", res)
	}
}

// TestParallelReferrals: two referrals of the same challenge at once —
// exactly one succeeds, the other is a conflict, and only one need exists.
func TestParallelReferrals(t *testing.T) {
	a := apptest.New(t)
	ctx := context.Background()
	cp, mem := inputProject(t, a, "Samtidig")
	pm, sec := a.ActorOf(cp.Manager), a.ActorOf(a.People["secretariat"])
	oos := &projects.Input{Kind: "out_of_scope", Title: "Utenfor", Text: "Gjelder et annet område."}
	must(t, a.Control.CreateInput(ctx, a.ActorOf(mem), cp.Project.ID, oos))
	var wg sync.WaitGroup
	results := make([]error, 2)
	start := make(chan struct{})
	for i, who := range []*policy.Actor{pm, sec} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			_, results[i] = a.Control.MoveInput(ctx, who, cp.Project.ID, oos.ID, projects.InputReferred, projects.Referral{To: "need"})
		}()
	}
	close(start)
	wg.Wait()
	ok, conflict := 0, 0
	for _, err := range results {
		switch errs.CodeOf(err) {
		case "":
			if err == nil {
				ok++
			}
		case errs.Conflict:
			conflict++
		default:
			t.Fatalf("unexpected error: %v", err)
		}
	}
	if ok != 1 || conflict != 1 {
		t.Fatalf("results %v: %d succeeded, %d conflicts", results, ok, conflict)
	}
	n, err := a.DB.CountRowsForTest(ctx, "needs", "title = 'Utenfor'")
	must(t, err)
	if n != 1 {
		t.Fatalf("needs made: %d", n)
	}
	got, _, _ := a.Control.Input(ctx, pm, cp.Project.ID, oos.ID)
	if got.State != projects.InputReferred || got.NeedID == 0 {
		t.Fatalf("after the race: %+v", got)
	}
}

func errOf[T any](_ T, err error) error { return err }

func errOf2[T, U any](_ T, _ U, err error) error { return err }
