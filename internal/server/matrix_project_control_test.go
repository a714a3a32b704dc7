package server_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/samstyr/samstyr/internal/policy"
	"github.com/samstyr/samstyr/internal/projects"
	"github.com/samstyr/samstyr/internal/testutil/apptest"
)

// controlFixture creates what the project-control rows act on: a project
// in execution ({cproject}) with draft reports ({report}, {report2},
// {report4}) and a submitted one ({report3}), reported deviations ({dev},
// {dev2}) and identified risks ({risk}, {risk2}).
func controlFixture(t testing.TB, a *apptest.App) []string {
	ctx := context.Background()
	sys := policy.SystemActor
	cp := a.NewControlProject("Matrise styring", apptest.ControlContent())
	pid := cp.Project.ID
	must := func(err error) {
		if err != nil {
			t.Fatal(err)
		}
	}
	report := func(period string) int64 {
		r := &projects.StatusReport{Period: period, Overall: "green", Rating: map[string]string{"time": "green", "cost": "green", "scope": "green",
			"quality": "green", "risk": "green", "benefits": "green"}}
		must(a.Control.CreateReport(ctx, sys, pid, r))
		return r.ID
	}
	r1, r2, r3, r4 := report("2027-01"), report("2027-02"), report("2027-03"), report("2027-05")
	_, err := a.Control.SubmitReport(ctx, sys, r3)
	must(err)
	dev := func() int64 {
		d := &projects.Deviation{Type: "scope", Description: "Matriseavvik"}
		must(a.Control.CreateDeviation(ctx, sys, pid, d))
		return d.ID
	}
	d1, d2 := dev(), dev()
	risk := func() int64 {
		k := &projects.Risk{ProjectID: pid, Title: "Matriserisiko", Probability: 2, Consequence: 3, OwnerID: cp.Manager.ID}
		must(a.Control.CreateRisk(ctx, sys, k))
		return k.ID
	}
	k1, k2 := risk(), risk()
	id := func(x int64) string { return fmt.Sprint(x) }
	return []string{"{cproject}", id(pid), "{report2}", id(r2), "{report3}", id(r3), "{report4}", id(r4), "{report}", id(r1),
		"{dev2}", id(d2), "{dev}", id(d1), "{risk2}", id(k2), "{risk}", id(k1), "{cmanager}", id(cp.Manager.ID)}
}

var _ = addFixture(controlFixture)

// Roles, in order: anonymous member vendor secretariat user_council
// strategic_council working_committee admin. Project managers and the
// steering group are no matrix role: their rights are walked in
// project_control_test.go and internal/projects.
var _ = addRows(
	matrixRow{route: "GET /projects/{id}/status-reports", path: "/projects/{cproject}/status-reports", want: "lffooooo"},
	matrixRow{route: "GET /projects/{id}/status-reports/new", path: "/projects/{cproject}/status-reports/new", want: "lffoffff"},
	matrixRow{route: "POST /projects/{id}/status-reports", path: "/projects/{cproject}/status-reports", form: "period=2027-13&overall=green", want: "lffiffff"},
	matrixRow{route: "GET /status-reports/late", path: "/status-reports/late", want: "lffofffo"},
	matrixRow{route: "GET /status-reports/{id}", path: "/status-reports/{report}", want: "lffooooo"},
	matrixRow{route: "GET /status-reports/{id}/edit", path: "/status-reports/{report}/edit", want: "lffoffff"},
	matrixRow{route: "POST /status-reports/{id}", path: "/status-reports/{report}", form: "overall=blue", want: "lffiffff"},
	matrixRow{route: "POST /status-reports/{id}/submit", path: "/status-reports/{report2}/submit", want: "lffoffff"},
	matrixRow{route: "POST /status-reports/{id}/review", path: "/status-reports/{report3}/review", want: "lfffffff"},
	matrixRow{route: "GET /projects/{id}/deviations", path: "/projects/{cproject}/deviations", want: "lffooooo"},
	matrixRow{route: "POST /projects/{id}/deviations", path: "/projects/{cproject}/deviations", form: "type=time&description=Avvik+{role}", want: "lffoffff"},
	matrixRow{route: "GET /projects/{pid}/deviations/{id}", path: "/projects/{cproject}/deviations/{dev}", want: "lffooooo"},
	matrixRow{route: "POST /projects/{pid}/deviations/{id}/move", path: "/projects/{cproject}/deviations/{dev}/move", form: "to=assessed", want: "lffoffff"},
	matrixRow{route: "GET /projects/{id}/risks", path: "/projects/{cproject}/risks", want: "lffooooo"},
	matrixRow{route: "POST /projects/{id}/risks", path: "/projects/{cproject}/risks", form: "title=Risiko+{role}&probability=2&consequence=3&owner_id={cmanager}", want: "lffoffff"},
	matrixRow{route: "GET /risks", path: "/risks", want: "lffooooo"},
	matrixRow{route: "POST /risks", path: "/risks", form: "title=Porteføljerisiko+{role}&probability=2&consequence=3&owner_id={cmanager}", want: "lffoffff"},
	matrixRow{route: "GET /risks/{id}/edit", path: "/risks/{risk}/edit", want: "lffoffff"},
	matrixRow{route: "POST /risks/{id}", path: "/risks/{risk}", form: "title=Endret&probability=9&consequence=2&owner_id={cmanager}", want: "lffiffff"},
	matrixRow{route: "POST /risks/{id}/move", path: "/risks/{risk}/move", form: "to=assessed", want: "lffoffff"},

	matrixRow{route: "GET /api/v1/projects/{id}/status-reports", path: "/api/v1/projects/{cproject}/status-reports", want: "oooooooo"},
	matrixRow{route: "POST /api/v1/projects/{id}/status-reports", path: "/api/v1/projects/{cproject}/status-reports", json: `{"period":"2027-13","overall":"green"}`, want: "lffiffff"},
	matrixRow{route: "GET /api/v1/projects/{id}/status-reports/{rid}", path: "/api/v1/projects/{cproject}/status-reports/{report}", want: "lffooooo"},
	matrixRow{route: "PUT /api/v1/projects/{id}/status-reports/{rid}", path: "/api/v1/projects/{cproject}/status-reports/{report}", json: `{"overall":"blue"}`, want: "lffiffff"},
	matrixRow{route: "POST /api/v1/projects/{id}/status-reports/{rid}/submit", path: "/api/v1/projects/{cproject}/status-reports/{report4}/submit", want: "lffoffff"},
	matrixRow{route: "POST /api/v1/projects/{id}/status-reports/{rid}/review", path: "/api/v1/projects/{cproject}/status-reports/{report3}/review", want: "lfffffff"},
	matrixRow{route: "GET /api/v1/status-reports/late", path: "/api/v1/status-reports/late", want: "lffofffo"},
	matrixRow{route: "GET /api/v1/projects/{id}/deviations", path: "/api/v1/projects/{cproject}/deviations", want: "lffooooo"},
	matrixRow{route: "POST /api/v1/projects/{id}/deviations", path: "/api/v1/projects/{cproject}/deviations", json: `{"type":"scope","description":"API {role}"}`, want: "lffoffff"},
	matrixRow{route: "GET /api/v1/projects/{id}/deviations/{rid}", path: "/api/v1/projects/{cproject}/deviations/{dev}", want: "lffooooo"},
	matrixRow{route: "POST /api/v1/projects/{id}/deviations/{rid}/move", path: "/api/v1/projects/{cproject}/deviations/{dev2}/move", json: `{"to":"assessed"}`, want: "lffoffff"},
	matrixRow{route: "GET /api/v1/projects/{id}/risks", path: "/api/v1/projects/{cproject}/risks", want: "lffooooo"},
	matrixRow{route: "POST /api/v1/projects/{id}/risks", path: "/api/v1/projects/{cproject}/risks", json: `{"title":"API {role}","probability":2,"consequence":2,"owner_id":{cmanager}}`, want: "lffoffff"},
	matrixRow{route: "PUT /api/v1/projects/{id}/risks/{rid}", path: "/api/v1/projects/{cproject}/risks/{risk}", json: `{"title":"Endret {role}","probability":3,"consequence":2,"owner_id":{cmanager}}`, want: "lffoffff"},
	matrixRow{route: "POST /api/v1/projects/{id}/risks/{rid}/move", path: "/api/v1/projects/{cproject}/risks/{risk2}/move", json: `{"to":"assessed"}`, want: "lffoffff"},
	matrixRow{route: "GET /api/v1/risks", path: "/api/v1/risks", want: "lffooooo"},
	matrixRow{route: "POST /api/v1/risks", path: "/api/v1/risks", json: `{"title":"API-portefølje {role}","probability":2,"consequence":2,"owner_id":{cmanager}}`, want: "lffoffff"},
)
