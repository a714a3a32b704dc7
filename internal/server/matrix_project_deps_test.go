package server_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/samstyr/samstyr/internal/policy"
	"github.com/samstyr/samstyr/internal/projects"
	"github.com/samstyr/samstyr/internal/testutil/apptest"
)

// depsFixture creates a project with two activities, two components and
// two component dependencies:
//
//	{dproject}         the project; {dact}, {dact2} its activities
//	{comp}, {comp2}    components of the register
//	{cdep}, {cdep2}    component dependencies (the delete rows remove them)
func depsFixture(t testing.TB, a *apptest.App) []string {
	ctx := context.Background()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	p := planTestProject(t, a, "Matrise avhengigheter")
	x := &projects.Activity{Kind: "activity", Name: "Integrasjon", PlannedStart: "2027-01-01", PlannedEnd: "2027-02-01"}
	must(a.Plan.CreateActivity(ctx, policy.SystemActor, p.ID, x))
	x2 := &projects.Activity{Kind: "milestone", Name: "I drift", PlannedEnd: "2027-03-01"}
	must(a.Plan.CreateActivity(ctx, policy.SystemActor, p.ID, x2))
	c := &projects.Component{Name: "Matrikkel Matrise", Owner: "Kartverket", Status: "production"}
	must(a.Plan.CreateComponent(ctx, policy.SystemActor, c))
	c2 := &projects.Component{Name: "Fiks Matrise", Owner: "KS", Status: "development", PlannedDate: "2027-01-01"}
	must(a.Plan.CreateComponent(ctx, policy.SystemActor, c2))
	d := &projects.ComponentDep{ActivityID: x.ID, ComponentID: c.ID}
	must(a.Plan.AddComponentDep(ctx, policy.SystemActor, p.ID, d))
	d2 := &projects.ComponentDep{ActivityID: x2.ID, ComponentID: c.ID}
	must(a.Plan.AddComponentDep(ctx, policy.SystemActor, p.ID, d2))
	id := func(x int64) string { return fmt.Sprint(x) }
	return []string{"{dproject}", id(p.ID), "{dact2}", id(x2.ID), "{dact}", id(x.ID), "{comp2}", id(c2.ID), "{comp}", id(c.ID),
		"{cdep2}", id(d2.ID), "{cdep}", id(d.ID)}
}

var _ = addFixture(depsFixture)

// Roles, in order: anonymous member vendor secretariat user_council
// strategic_council working_committee admin. The project manager (a
// project role) is walked in TestCrossProjectDependencies.
var _ = addRows(
	matrixRow{route: "GET /portfolio/dependencies", path: "/portfolio/dependencies", want: "looooooo"},
	matrixRow{route: "GET /portfolio/components", path: "/portfolio/components", want: "looooooo"},
	matrixRow{route: "POST /portfolio/components", path: "/portfolio/components",
		form: "name=Komponent+{role}&owner=KS&status=production", want: "lffoffff"},
	matrixRow{route: "GET /portfolio/components/{cid}/edit", path: "/portfolio/components/{comp}/edit", want: "lffoffff"},
	matrixRow{route: "POST /portfolio/components/{cid}", path: "/portfolio/components/{comp}",
		form: "name=Matrikkel+{role}&owner=Kartverket&status=production", want: "lffoffff"},
	matrixRow{route: "GET /projects/{id}/component-dependencies", path: "/projects/{dproject}/component-dependencies", want: "lffooooo"},
	matrixRow{route: "POST /projects/{id}/component-dependencies", path: "/projects/{dproject}/component-dependencies",
		form: "activity_id={dact}&component_id={comp2}", want: "lffoffff"},
	matrixRow{route: "POST /projects/{id}/component-dependencies/{did}/delete", path: "/projects/{dproject}/component-dependencies/{cdep}/delete", want: "lffoffff"},

	matrixRow{route: "GET /api/v1/portfolio/dependencies", path: "/api/v1/portfolio/dependencies", want: "looooooo"},
	matrixRow{route: "GET /api/v1/components", path: "/api/v1/components", want: "looooooo"},
	matrixRow{route: "POST /api/v1/components", path: "/api/v1/components",
		json: `{"name":"API {role}","owner":"DiBK","status":"planned","planned_date":"2027-06-01"}`, want: "lffoffff"},
	matrixRow{route: "PATCH /api/v1/components/{id}", path: "/api/v1/components/{comp2}", json: `{"forecast_date":"2027-02-01"}`, want: "lffoffff"},
	matrixRow{route: "GET /api/v1/projects/{id}/component-dependencies", path: "/api/v1/projects/{dproject}/component-dependencies", want: "lffooooo"},
	matrixRow{route: "POST /api/v1/projects/{id}/component-dependencies", path: "/api/v1/projects/{dproject}/component-dependencies",
		json: `{"activity_id":{dact2},"component_id":{comp2}}`, want: "lffoffff"},
	matrixRow{route: "DELETE /api/v1/projects/{id}/component-dependencies/{did}", path: "/api/v1/projects/{dproject}/component-dependencies/{cdep2}", want: "lffoffff"},
)
