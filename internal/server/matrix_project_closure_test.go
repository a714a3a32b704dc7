package server_test

import (
	"fmt"
	"testing"

	"github.com/samstyr/samstyr/internal/testutil/apptest"
)

// closureFixture creates a project in execution ({clproject}) for the
// closure rows; every write row sends input the service refuses (422) or
// asks for a step the state does not allow (409; a page re-renders the
// form with the message, 422), so that the rows do not
// change what the next role sees.
func closureFixture(t testing.TB, a *apptest.App) []string {
	cp := a.NewControlProject("Matrise avslutning", apptest.ControlContent())
	return []string{"{clproject}", fmt.Sprint(cp.Project.ID)}
}

var _ = addFixture(closureFixture)

// Roles, in order: anonymous member vendor secretariat user_council
// strategic_council working_committee admin. The project manager and the
// steering group are walked in project_closure_test.go and
// internal/projects/closure_service_test.go.
var _ = addRows(
	matrixRow{route: "GET /projects/{id}/closure", path: "/projects/{clproject}/closure", want: "lffooooo"},
	matrixRow{route: "POST /projects/{id}/closure", path: "/projects/{clproject}/closure", form: "action=save&checklist.line_ready.answer=maybe", want: "lffiffff"},
	matrixRow{route: "GET /projects/{id}/final-report", path: "/projects/{clproject}/final-report", want: "lffooooo"},
	matrixRow{route: "POST /projects/{id}/final-report", path: "/projects/{clproject}/final-report", form: "action=save&evaluation=x", want: "lffiffff"},
	matrixRow{route: "POST /projects/{id}/move", path: "/projects/{clproject}/move", form: "move=hold&reason=", want: "lffiffff"},

	matrixRow{route: "POST /api/v1/projects/{id}/move", path: "/api/v1/projects/{clproject}/move", json: `{"move":"start"}`, want: "lffcffff"},
	matrixRow{route: "GET /api/v1/projects/{id}/closure", path: "/api/v1/projects/{clproject}/closure", want: "lffooooo"},
	matrixRow{route: "PUT /api/v1/projects/{id}/closure", path: "/api/v1/projects/{clproject}/closure", json: `{"checklist":[{"key":"line_ready","answer":"maybe"}]}`, want: "lffiffff"},
	matrixRow{route: "POST /api/v1/projects/{id}/closure/submit", path: "/api/v1/projects/{clproject}/closure/submit", json: `{"remaining_work":""}`, want: "lffiffff"},
	matrixRow{route: "GET /api/v1/projects/{id}/final-report", path: "/api/v1/projects/{clproject}/final-report", want: "lffooooo"},
	matrixRow{route: "PUT /api/v1/projects/{id}/final-report", path: "/api/v1/projects/{clproject}/final-report", json: `{"evaluation":"x"}`, want: "lffcffff"},
	matrixRow{route: "POST /api/v1/projects/{id}/final-report/submit", path: "/api/v1/projects/{clproject}/final-report/submit", json: `{"evaluation":"x","lessons_learned":"y"}`, want: "lffcffff"},
)
