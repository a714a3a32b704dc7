package server_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/samstyr/samstyr/internal/projects"
	"github.com/samstyr/samstyr/internal/testutil/apptest"
)

// inputFixture creates what the project-input rows act on: a project
// ({iproject}) with two recorded facts ({ifact}, {ifact2}).
func inputFixture(t testing.TB, a *apptest.App) []string {
	ctx := context.Background()
	cp := a.NewControlProject("Matrise innspill", apptest.ControlContent())
	pm := a.ActorOf(cp.Manager)
	fact := func() int64 {
		in := &projects.Input{Kind: "fact", Title: "Matrisefaktum", Text: "Tekst"}
		if err := a.Control.CreateInput(ctx, pm, cp.Project.ID, in); err != nil {
			t.Fatal(err)
		}
		return in.ID
	}
	f1, f2 := fact(), fact()
	return []string{"{iproject}", fmt.Sprint(cp.Project.ID), "{ifact2}", fmt.Sprint(f2), "{ifact}", fmt.Sprint(f1)}
}

var _ = addFixture(inputFixture)

// Roles, in order: anonymous member vendor secretariat user_council
// strategic_council working_committee admin. Project members, the manager
// and the steering group are no matrix role: their rights are walked in
// internal/projects (TestProjectInputs) and project_inputs_test.go. None
// of the matrix roles is a member, so none may record an input; the
// secretariat handles; the councils and admin read; the public nothing.
var _ = addRows(
	matrixRow{route: "GET /projects/{id}/inputs", path: "/projects/{iproject}/inputs", want: "lffooooo"},
	matrixRow{route: "POST /projects/{id}/inputs", path: "/projects/{iproject}/inputs", form: "kind=fact&title=Fra+{role}&text=x", want: "lfffffff"},
	matrixRow{route: "GET /projects/{id}/inputs/{n}", path: "/projects/{iproject}/inputs/{ifact}", want: "lffooooo"},
	matrixRow{route: "POST /projects/{id}/inputs/{n}/move", path: "/projects/{iproject}/inputs/{ifact}/move", form: "to=acknowledged", want: "lffoffff"},

	matrixRow{route: "GET /api/v1/projects/{id}/inputs", path: "/api/v1/projects/{iproject}/inputs", want: "lffooooo"},
	matrixRow{route: "POST /api/v1/projects/{id}/inputs", path: "/api/v1/projects/{iproject}/inputs", json: `{"kind":"fact","title":"API {role}","text":"x"}`, want: "lfffffff"},
	matrixRow{route: "GET /api/v1/projects/{id}/inputs/{rid}", path: "/api/v1/projects/{iproject}/inputs/{ifact}", want: "lffooooo"},
	matrixRow{route: "POST /api/v1/projects/{id}/inputs/{rid}/move", path: "/api/v1/projects/{iproject}/inputs/{ifact2}/move", json: `{"to":"acknowledged"}`, want: "lffoffff"},
)
