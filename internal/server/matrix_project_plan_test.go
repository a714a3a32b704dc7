package server_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/samstyr/samstyr/internal/directives"
	"github.com/samstyr/samstyr/internal/policy"
	"github.com/samstyr/samstyr/internal/projects"
	"github.com/samstyr/samstyr/internal/testutil/apptest"
)

// planFixture creates an approved project with a plan:
//
//	{pproject}   the project (a directive with the deliverable "Register")
//	{pact}       an activity of it, {pact2} a second one (API dependency rows)
//	{pline}      a staffing line (the secretariat's delete row removes it)
func planFixture(t testing.TB, a *apptest.App) []string {
	ctx := context.Background()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	p := planTestProject(t, a, "Matrise plan")
	x := &projects.Activity{Kind: "activity", Name: "Matrise aktivitet", PlannedStart: "2027-01-01", PlannedEnd: "2027-02-01", Deliverable: "Register"}
	must(a.Plan.CreateActivity(ctx, policy.SystemActor, p.ID, x))
	x2 := &projects.Activity{Kind: "milestone", Name: "Matrise milepæl", PlannedEnd: "2027-03-01"}
	must(a.Plan.CreateActivity(ctx, policy.SystemActor, p.ID, x2))
	l := &projects.StaffLine{Role: "expert", Organisation: "Oslo kommune", SharePct: 20, From: "2027-01-01", To: "2027-12-31"}
	must(a.Plan.AddStaffLine(ctx, policy.SystemActor, p.ID, l))
	id := func(x int64) string { return fmt.Sprint(x) }
	return []string{"{pproject}", id(p.ID), "{pact2}", id(x2.ID), "{pact}", id(x.ID), "{pline}", id(l.ID)}
}

// planTestProject creates an approved project whose directive names the
// deliverable "Register", with a steering group body.
func planTestProject(t testing.TB, a *apptest.App, name string) *directives.Project {
	ctx := context.Background()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	i := &directives.Idea{Title: name, Source: directives.SourceGuideline, Purpose: "Formål", State: directives.IdeaProject}
	must(a.DB.CreateIdea(ctx, i))
	d := &directives.Directive{IdeaID: i.ID, Title: name, State: directives.Draft, Version: 1}
	must(a.DB.CreateDirective(ctx, d))
	c := directives.Content{Purpose: "Formål", Deliverables: []directives.Deliverable{{Name: "Register"}}}
	must(a.DB.CreateDirectiveVersion(ctx, &directives.Version{DirectiveID: d.ID, Number: 1, Content: c}))
	p := &directives.Project{Name: name, State: directives.ProjectPlanning, IdeaID: i.ID, DirectiveID: d.ID}
	must(a.DB.CreateApprovedProject(ctx, p))
	d.State, d.ProjectID, d.ApprovedVersion = directives.Approved, p.ID, 1
	must(a.DB.UpdateDirective(ctx, d))
	return p
}

var _ = addFixture(planFixture)

// Roles, in order: anonymous member vendor secretariat user_council
// strategic_council working_committee admin. The project manager (a
// project role, not a matrix column) is walked in TestProjectPlanFlow.
var _ = addRows(
	matrixRow{route: "GET /projects/{id}/plan", path: "/projects/{pproject}/plan", want: "oooooooo"},
	matrixRow{route: "GET /projects/{id}/plan.xlsx", path: "/projects/{pproject}/plan.xlsx", want: "oooooooo"},
	matrixRow{route: "GET /projects/{id}/activities/new", path: "/projects/{pproject}/activities/new", want: "lffoffff"},
	matrixRow{route: "POST /projects/{id}/activities", path: "/projects/{pproject}/activities",
		form: "kind=activity&name=Aktivitet+{role}&planned_start=2027-01-01&planned_end=2027-01-31", want: "lffoffff"},
	matrixRow{route: "GET /projects/{id}/activities/{aid}/edit", path: "/projects/{pproject}/activities/{pact}/edit", want: "lffoffff"},
	matrixRow{route: "POST /projects/{id}/activities/{aid}", path: "/projects/{pproject}/activities/{pact}",
		form: "kind=activity&name=Endret+{role}&planned_start=2027-01-01&planned_end=2027-02-15", want: "lffoffff"},
	matrixRow{route: "GET /projects/{id}/staffing", path: "/projects/{pproject}/staffing", want: "lffooooo"},
	matrixRow{route: "POST /projects/{id}/staffing", path: "/projects/{pproject}/staffing",
		form: "role=architect&organisation=KS&share_pct=50&from=2027-01-01&to=2027-12-31", want: "lffoffff"},
	matrixRow{route: "POST /projects/{id}/staffing/{lid}/delete", path: "/projects/{pproject}/staffing/{pline}/delete", want: "lffoffff"},
	matrixRow{route: "GET /projects/{id}/meetings", path: "/projects/{pproject}/meetings", want: "oooooooo"},
	matrixRow{route: "POST /projects/{id}/meetings", path: "/projects/{pproject}/meetings",
		form: "title=Arbeidsmøte+{role}&starts_at=2027-02-01T09:00&ends_at=2027-02-01T11:00", want: "lffoffff"},
	matrixRow{route: "GET /projects/{id}/calendar.ics", path: "/projects/{pproject}/calendar.ics", want: "oooooooo"},
	matrixRow{route: "GET /account/projects", path: "/account/projects", want: "looooooo"},

	matrixRow{route: "GET /api/v1/projects/{id}/activities", path: "/api/v1/projects/{pproject}/activities", want: "oooooooo"},
	matrixRow{route: "POST /api/v1/projects/{id}/activities", path: "/api/v1/projects/{pproject}/activities",
		json: `{"kind":"milestone","name":"API {role}","planned_end":"2027-05-01"}`, want: "lffoffff"},
	matrixRow{route: "PATCH /api/v1/projects/{id}/activities/{aid}", path: "/api/v1/projects/{pproject}/activities/{pact}",
		json: `{"forecast_start":"2027-01-10","forecast_end":"2027-02-20"}`, want: "lffoffff"},
	matrixRow{route: "GET /api/v1/projects/{id}/dependencies", path: "/api/v1/projects/{pproject}/dependencies", want: "lffooooo"},
	matrixRow{route: "POST /api/v1/projects/{id}/dependencies", path: "/api/v1/projects/{pproject}/dependencies",
		json: `{"activity_id":{pact2},"depends_on_id":{pact}}`, want: "lffoffff"},
	matrixRow{route: "GET /api/v1/projects/{id}/staffing", path: "/api/v1/projects/{pproject}/staffing", want: "lffooooo"},
	matrixRow{route: "POST /api/v1/projects/{id}/staffing", path: "/api/v1/projects/{pproject}/staffing",
		json: `{"role":"state_rep","organisation":"DiBK","share_pct":10,"from":"2027-01-01","to":"2027-06-30"}`, want: "lffoffff"},
)
