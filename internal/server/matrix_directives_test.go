package server_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/samstyr/samstyr/internal/directives"
	"github.com/samstyr/samstyr/internal/needs"
	"github.com/samstyr/samstyr/internal/policy"
	"github.com/samstyr/samstyr/internal/testutil/apptest"
)

// directivesFixture creates what the concept-phase rows act on:
//
//	{pneed}     a prioritised need (the secretariat's idea row takes it)
//	{idea}      an idea waiting for the user council (edited by the rows)
//	{idea3}     an idea in the concept phase without a directive (the create row)
//	{directive} a draft directive (not public), version 1
//	{project}   a project with an approved directive
//	{pneed2}, {idea5}, {apidirective}: the same for the API rows
func directivesFixture(t testing.TB, a *apptest.App) []string {
	ctx := context.Background()
	member, err := a.DB.FindActor(ctx, a.People["member"].ID, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	n, err := a.Needs.Create(ctx, member, needs.Input{Title: "Matrise konseptbehov", Problem: "P", Area: "plan", Affected: []string{"citizens"}})
	if err != nil {
		t.Fatal(err)
	}
	n.State = needs.Prioritised
	must := func(err error) {
		if err != nil {
			t.Fatal(err)
		}
	}
	must(a.DB.UpdateNeed(ctx, n))
	n2, err := a.Needs.Create(ctx, member, needs.Input{Title: "Matrise konseptbehov API", Problem: "P", Area: "plan", Affected: []string{"citizens"}})
	must(err)
	n2.State = needs.Prioritised
	must(a.DB.UpdateNeed(ctx, n2))
	covered, err := a.Needs.Create(ctx, member, needs.Input{Title: "Matrise dekket behov", Problem: "P", Area: "plan", Affected: []string{"citizens"}})
	must(err)
	idea := func(title, state string) *directives.Idea {
		i := &directives.Idea{Title: title, Source: directives.SourceNeeds, NeedIDs: []int64{covered.ID}, Purpose: "Formål", State: state}
		must(a.DB.CreateIdea(ctx, i))
		return i
	}
	i1, i2, i3, i4 := idea("Matrise idé", directives.IdeaIdea), idea("Matrise konsept", directives.IdeaConcept),
		idea("Matrise konsept uten dokument", directives.IdeaConcept), idea("Matrise prosjekt", directives.IdeaConcept)
	c := func() *directives.Content { return &directives.Content{Purpose: "Formål", Reporting: "monthly"} }
	d := &directives.Directive{IdeaID: i2.ID}
	must(a.Directives.CreateDirective(ctx, policy.SystemActor, d, c()))
	d4 := &directives.Directive{IdeaID: i4.ID}
	must(a.Directives.CreateDirective(ctx, policy.SystemActor, d4, c()))
	p := &directives.Project{Name: "Matrise prosjekt", State: directives.ProjectPlanning, IdeaID: i4.ID, DirectiveID: d4.ID}
	must(a.DB.CreateApprovedProject(ctx, p))
	d4.State, d4.ApprovedVersion, d4.ProjectID = directives.Approved, 1, p.ID
	must(a.DB.UpdateDirective(ctx, d4))
	i5, i6 := idea("Matrise konsept API", directives.IdeaConcept), idea("Matrise konsept API-utkast", directives.IdeaConcept)
	d6 := &directives.Directive{IdeaID: i6.ID}
	must(a.Directives.CreateDirective(ctx, policy.SystemActor, d6, c()))
	id := func(x int64) string { return fmt.Sprint(x) }
	return []string{"{pneed2}", id(n2.ID), "{idea5}", id(i5.ID), "{apidirective}", id(d6.ID), "{pneed}", id(n.ID), "{idea}", id(i1.ID), "{idea3}", id(i3.ID), "{directive}", id(d.ID), "{project}", id(p.ID)}
}

var _ = addFixture(directivesFixture)

// Roles, in order: anonymous member vendor secretariat user_council
// strategic_council working_committee admin.
var _ = addRows(
	matrixRow{route: "GET /ideas", path: "/ideas", want: "lffooooo"},
	matrixRow{route: "GET /ideas/new", path: "/ideas/new", want: "lffoffff"},
	matrixRow{route: "POST /ideas", path: "/ideas", form: "title=Idé+{role}&source=needs&need_ids={pneed}&purpose=Formål", want: "lffoffff"},
	matrixRow{route: "GET /ideas/{id}", path: "/ideas/{idea}", want: "lffooooo"},
	matrixRow{route: "GET /ideas/{id}/edit", path: "/ideas/{idea}/edit", want: "lffoffff"},
	matrixRow{route: "POST /ideas/{id}", path: "/ideas/{idea}", form: "title=Idé+{role}&purpose=Nytt+formål", want: "lffoffff"},
	matrixRow{route: "GET /directives", path: "/directives", want: "oooooooo"},
	matrixRow{route: "GET /directives/new", path: "/directives/new", want: "lffoffff"},
	matrixRow{route: "POST /directives", path: "/directives", form: "idea_id={idea3}&purpose=Formål&reporting=monthly", want: "lffoffff"},
	matrixRow{route: "GET /directives/{id}", path: "/directives/{directive}", want: "nnnooooo"},
	matrixRow{route: "GET /directives/{id}/edit", path: "/directives/{directive}/edit", want: "lffoffff"},
	matrixRow{route: "POST /directives/{id}", path: "/directives/{directive}", form: "version=1&purpose=Endret&reporting=monthly", want: "lffoffff"},
	matrixRow{route: "POST /directives/{id}/versions", path: "/directives/{directive}/versions", want: "lffoffff"},
	matrixRow{route: "GET /projects", path: "/projects", want: "oooooooo"},
	matrixRow{route: "GET /projects/{id}", path: "/projects/{project}", want: "oooooooo"},

	matrixRow{route: "GET /api/v1/ideas", path: "/api/v1/ideas", want: "lffooooo"},
	matrixRow{route: "POST /api/v1/ideas", path: "/api/v1/ideas", json: `{"title":"API {role}","source":"needs","need_ids":[{pneed2}],"purpose":"Formål"}`, want: "lffoffff"},
	matrixRow{route: "GET /api/v1/ideas/{id}", path: "/api/v1/ideas/{idea}", want: "lffooooo"},
	matrixRow{route: "GET /api/v1/directives", path: "/api/v1/directives", want: "oooooooo"},
	matrixRow{route: "POST /api/v1/directives", path: "/api/v1/directives", json: `{"idea_id":{idea5},"content":{"purpose":"Formål"}}`, want: "lffoffff"},
	matrixRow{route: "GET /api/v1/directives/{id}", path: "/api/v1/directives/{apidirective}", want: "nnnooooo"},
	matrixRow{route: "GET /api/v1/directives/{id}/versions/{n}", path: "/api/v1/directives/{apidirective}/versions/1", want: "nnnooooo"},
	matrixRow{route: "PUT /api/v1/directives/{id}/versions/{n}", path: "/api/v1/directives/{apidirective}/versions/1", json: `{"purpose":"Endret {role}"}`, want: "lffoffff"},
	matrixRow{route: "GET /api/v1/directives/{id}/diff", path: "/api/v1/directives/{apidirective}/diff?from=1&to=1", want: "nnnooooo"},
	matrixRow{route: "POST /api/v1/directives/{id}/versions", path: "/api/v1/directives/{apidirective}/versions", want: "lffoffff"},
	matrixRow{route: "GET /api/v1/projects", path: "/api/v1/projects", want: "oooooooo"},
	matrixRow{route: "GET /api/v1/projects/{id}", path: "/api/v1/projects/{project}", want: "oooooooo"},
)
