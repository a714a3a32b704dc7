package projects_test

import (
	"context"
	"testing"

	"github.com/samstyr/samstyr/internal/errs"
	"github.com/samstyr/samstyr/internal/projects"
	"github.com/samstyr/samstyr/internal/testutil/apptest"
)

// TestCrossProjectDependencies walks the dependencies of two projects and
// a national component on SQLite or PostgreSQL: the register kept by the
// secretariat, a project's component dependency recorded by its manager
// (refusals first), a milestone of the other project slipping (the
// project is flagged, its report draft names it, its chain is critical),
// the forecast coming back (the flag is gone), and a cycle across the
// projects refused.
func TestCrossProjectDependencies(t *testing.T) {
	a := apptest.New(t)
	ctx := context.Background()
	pa, pb := a.NewControlProject("Byggesak", apptest.ControlContent()), a.NewControlProject("Planregister", apptest.ControlContent())
	pmA, pmB := a.ActorOf(pa.Manager), a.ActorOf(pb.Manager)
	sec, member := a.ActorOf(a.People["secretariat"]), a.ActorOf(a.People["member"])

	api := &projects.Activity{Kind: projects.KindMilestone, Name: "Planregister API", PlannedEnd: "2027-02-15"}
	must(t, a.Plan.CreateActivity(ctx, pmB, pb.Project.ID, api))
	build := &projects.Activity{Kind: projects.KindActivity, Name: "Bygg integrasjon", PlannedStart: "2027-03-01", PlannedEnd: "2027-05-01", DependsOn: []int64{api.ID}}
	must(t, a.Plan.CreateActivity(ctx, pmA, pa.Project.ID, build))
	end := &projects.Activity{Kind: projects.KindMilestone, Name: "Byggesak i drift", PlannedEnd: "2027-05-01", DependsOn: []int64{build.ID}}
	must(t, a.Plan.CreateActivity(ctx, pmA, pa.Project.ID, end))

	// The register: only the secretariat writes; bad input stores nothing.
	fiks := &projects.Component{Name: "Fiks", Owner: "KS", Status: projects.ComponentDevelopment, PlannedDate: "2027-02-01"}
	code(t, a.Plan.CreateComponent(ctx, member, fiks), errs.Forbidden, "")
	code(t, a.Plan.CreateComponent(ctx, pmA, fiks), errs.Forbidden, "")
	code(t, a.Plan.CreateComponent(ctx, sec, &projects.Component{Name: "Matrikkel", Owner: "Statens vegvesen"}), errs.Invalid, "owner")
	if cs, err := a.Plan.Components(ctx, member); err != nil || len(cs) != 0 {
		t.Fatalf("register after refusals: %d %v", len(cs), err)
	}
	must(t, a.Plan.CreateComponent(ctx, sec, fiks))
	code(t, a.Plan.CreateComponent(ctx, sec, &projects.Component{Name: "Fiks", Owner: "KS"}), errs.Conflict, "")
	if _, err := a.Plan.Components(ctx, nil); errs.CodeOf(err) != errs.Unauthenticated {
		t.Errorf("the public reads the register: %v", err)
	}

	// A project's component dependency: its manager or the secretariat.
	dep := func() *projects.ComponentDep {
		return &projects.ComponentDep{ActivityID: build.ID, ComponentID: fiks.ID}
	}
	code(t, a.Plan.AddComponentDep(ctx, pmB, pa.Project.ID, dep()), errs.Forbidden, "")
	code(t, a.Plan.AddComponentDep(ctx, pmA, pa.Project.ID, &projects.ComponentDep{ActivityID: api.ID, ComponentID: fiks.ID}), errs.Invalid, "activity_id")
	code(t, a.Plan.AddComponentDep(ctx, pmA, pa.Project.ID, &projects.ComponentDep{ActivityID: build.ID, ComponentID: fiks.ID + 99}), errs.Invalid, "component_id")
	must(t, a.Plan.AddComponentDep(ctx, pmA, pa.Project.ID, dep()))
	code(t, a.Plan.AddComponentDep(ctx, sec, pa.Project.ID, dep()), errs.Conflict, "")

	slipped := func() []*projects.SlippedDependency {
		t.Helper()
		s, err := a.Plan.SlippedDependencies(ctx, nil, pa.Project.ID)
		must(t, err)
		return s
	}
	if s := slipped(); len(s) != 0 {
		t.Fatalf("nothing slipped yet, flagged %+v", s)
	}
	v, err := a.Plan.DependencyView(ctx, member)
	must(t, err)
	if len(v.Links) != 2 || len(v.Projects) != 2 || len(v.Chains) != 1 || v.Chains[0].Critical {
		t.Fatalf("view on plan: %d links, %d projects, chains %+v", len(v.Links), len(v.Projects), v.Chains)
	}

	// B's milestone slips six weeks (a plan write): A is flagged, its
	// report draft names the slip, and its chain to the end is critical.
	f := "2027-04-01"
	_, err = a.Plan.UpdateActivity(ctx, pmB, pb.Project.ID, api.ID, &projects.ActivityPatch{ForecastEnd: &f})
	must(t, err)
	s := slipped()
	if len(s) != 1 || s[0].ID != api.ID || s[0].ProjectID != pb.Project.ID || s[0].SlipDays != 45 || s[0].ActivityName != "Bygg integrasjon" {
		t.Fatalf("flagged %+v, want the API milestone of %d slipped 45 days", s, pb.Project.ID)
	}
	if s, _ := a.Plan.SlippedDependencies(ctx, nil, pb.Project.ID); len(s) != 0 {
		t.Errorf("B depends on nothing, flagged %+v", s)
	}
	r, err := a.Control.NewReport(ctx, pmA, pa.Project.ID)
	must(t, err)
	if d := r.Facts.SlippedDependencies; len(d) != 1 || d[0].Name != "Planregister API" || d[0].ProjectName != "Planregister" {
		t.Errorf("report draft's slipped dependencies %+v", d)
	}
	v, err = a.Plan.DependencyView(ctx, member)
	must(t, err)
	if len(v.Chains) != 1 || !v.Chains[0].Critical || v.Chains[0].Steps[0].Name != "Planregister API" {
		t.Errorf("chain after the slip: %+v", v.Chains)
	}
	if _, err := a.Plan.DependencyView(ctx, nil); errs.CodeOf(err) != errs.Unauthenticated {
		t.Errorf("the public reads the view: %v", err)
	}

	// The forecast is back on plan: the flag is gone.
	back := ""
	_, err = a.Plan.UpdateActivity(ctx, pmB, pb.Project.ID, api.ID, &projects.ActivityPatch{ForecastEnd: &back})
	must(t, err)
	if s := slipped(); len(s) != 0 {
		t.Errorf("forecast back, still flagged %+v", s)
	}

	// The component slips: flagged as well; the secretariat's change.
	cf := "2027-03-15"
	code(t, func() error {
		_, err := a.Plan.UpdateComponent(ctx, pmA, fiks.ID, &projects.ComponentPatch{ForecastDate: &cf})
		return err
	}(), errs.Forbidden, "")
	_, err = a.Plan.UpdateComponent(ctx, sec, fiks.ID, &projects.ComponentPatch{ForecastDate: &cf})
	must(t, err)
	if s := slipped(); len(s) != 1 || s[0].Kind != projects.NodeComponent || s[0].SlipDays != 42 {
		t.Errorf("component slipped, flagged %+v", s)
	}

	// A cycle across the projects is refused: B's API would wait for
	// A's end milestone, which waits (through A's work) for B's API.
	wait := &projects.Activity{Kind: projects.KindActivity, Name: "Vent på Byggesak", PlannedStart: "2027-01-01", PlannedEnd: "2027-02-01", DependsOn: []int64{end.ID}}
	must(t, a.Plan.CreateActivity(ctx, pmB, pb.Project.ID, wait))
	on := []int64{wait.ID}
	_, err = a.Plan.UpdateActivity(ctx, pmB, pb.Project.ID, api.ID, &projects.ActivityPatch{DependsOn: &on})
	code(t, err, errs.Invalid, "depends_on")
	if _, err := a.Plan.DependencyView(ctx, member); err != nil {
		t.Errorf("view after the refused cycle: %v", err)
	}

	ds, err := a.Plan.ComponentDeps(ctx, pmA, pa.Project.ID)
	must(t, err)
	code(t, a.Plan.RemoveComponentDep(ctx, pmB, pa.Project.ID, ds[0].ID), errs.Forbidden, "")
	must(t, a.Plan.RemoveComponentDep(ctx, pmA, pa.Project.ID, ds[0].ID))
	code(t, a.Plan.RemoveComponentDep(ctx, pmA, pa.Project.ID, ds[0].ID), errs.NotFound, "")
	a.VerifyAudit()
}
