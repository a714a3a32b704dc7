package server_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/samstyr/samstyr/internal/policy"
	"github.com/samstyr/samstyr/internal/portfolio"
	"github.com/samstyr/samstyr/internal/testutil/apptest"
)

// roadmapFixture creates what the roadmap rows act on:
//
//	{rminit}  an initiative (changed by the rows)
//	{rmver}   a frozen version, not endorsed (the public may not see it)
//	{rmactor} the KS organisation (an actor)
func roadmapFixture(t testing.TB, a *apptest.App) []string {
	ctx := context.Background()
	in, err := a.Portfolio.CreateInitiative(ctx, policy.SystemActor, portfolio.InitiativeInput{Title: "Matrise tiltak", Area: "plan",
		ActorID: a.Organisations["ks"].ID, Start: "2027H1", End: "2027H2"})
	if err != nil {
		t.Fatal(err)
	}
	v, err := a.Portfolio.FreezeRoadmap(ctx, policy.SystemActor, "Matriseversjon")
	if err != nil {
		t.Fatal(err)
	}
	return []string{"{rminit}", fmt.Sprint(in.ID), "{rmver}", fmt.Sprint(v.Number), "{rmactor}", fmt.Sprint(a.Organisations["ks"].ID)}
}

var _ = addFixture(roadmapFixture)

// Roles, in order: anonymous member vendor secretariat user_council
// strategic_council working_committee admin.
var _ = addRows(
	matrixRow{route: "GET /roadmap", path: "/roadmap", want: "oooooooo"},
	matrixRow{route: "GET /roadmap/versions", path: "/roadmap/versions", want: "oooooooo"},
	// A frozen version not endorsed: only its readers know it exists.
	matrixRow{route: "GET /roadmap/versions/{n}", path: "/roadmap/versions/{rmver}", want: "nnnooooo"},
	matrixRow{route: "GET /roadmap/diff", path: "/roadmap/diff?from={rmver}&to={rmver}", want: "nnnooooo"},
	matrixRow{route: "GET /roadmap/manage", path: "/roadmap/manage", want: "lffoffff"},
	matrixRow{route: "POST /roadmap/initiatives", path: "/roadmap/initiatives",
		form: "title=Tiltak+{role}&area=plan&actor_id={rmactor}&start=2027H1&end=2027H2", want: "lffoffff"},
	matrixRow{route: "POST /roadmap/initiatives/{id}", path: "/roadmap/initiatives/{rminit}",
		form: "title=Endret+{role}&area=bygg&actor_id={rmactor}&start=2027H1&end=2028H1", want: "lffoffff"},
	matrixRow{route: "POST /roadmap/versions", path: "/roadmap/versions", form: "version_title=Versjon+{role}", want: "lffoffff"},
	matrixRow{route: "GET /api/v1/roadmap", path: "/api/v1/roadmap", want: "oooooooo"},
	matrixRow{route: "GET /api/v1/roadmap", path: "/api/v1/roadmap?version={rmver}", want: "nnnooooo"},
	matrixRow{route: "GET /api/v1/roadmap/versions", path: "/api/v1/roadmap/versions", want: "oooooooo"},
	matrixRow{route: "POST /api/v1/roadmap/versions", path: "/api/v1/roadmap/versions", json: `{"title":"API-versjon"}`, want: "lffoffff"},
	matrixRow{route: "POST /api/v1/roadmap/initiatives", path: "/api/v1/roadmap/initiatives",
		json: `{"title":"API-tiltak","area":"geodata","actor_id":{rmactor},"start":"2028H1","end":"2028H2"}`, want: "lffoffff"},
	matrixRow{route: "PUT /api/v1/roadmap/initiatives/{id}", path: "/api/v1/roadmap/initiatives/{rminit}",
		json: `{"title":"API-endret","area":"geodata","actor_id":{rmactor},"start":"2028H1","end":"2028H2"}`, want: "lffoffff"},
)
