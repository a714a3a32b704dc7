package server_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/samstyr/samstyr/internal/policy"
	"github.com/samstyr/samstyr/internal/portfolio"
	"github.com/samstyr/samstyr/internal/testutil/apptest"
)

// scenarioMatrixFixture creates what the scenario rows act on:
//
//	{pfsc} a scenario over 2045, whose frame is approved
//
// (the frame is set approved directly: the approval by decision is
// TestBudgetFrameApproval's).
func scenarioMatrixFixture(t testing.TB, a *apptest.App) []string {
	ctx := context.Background()
	f := &portfolio.Frame{Year: 2045, Source: "ks", AmountNOK: 5_000_000}
	if err := a.Portfolio.CreateFrame(ctx, policy.SystemActor, f); err != nil {
		t.Fatal(err)
	}
	if _, err := a.DB.ExecForTest(ctx, `UPDATE budget_frames SET state = 'approved' WHERE id = ?`, f.ID); err != nil {
		t.Fatal(err)
	}
	sc, err := a.Portfolio.SaveScenario(ctx, policy.SystemActor, portfolio.LiveRequest{Name: "Matrisescenario", FromYear: 2045, Years: 1},
		portfolio.Request{TimeLimit: portfolio.DefaultTimeLimit})
	if err != nil {
		t.Fatal(err)
	}
	return []string{"{pfsc}", fmt.Sprint(sc.ID)}
}

var _ = addFixture(scenarioMatrixFixture)

// Roles, in order: anonymous member vendor secretariat user_council
// strategic_council working_committee admin.
var _ = addRows(
	matrixRow{route: "GET /portfolio/live", path: "/portfolio/live?from_year=2045&years=1", want: "lffooofo"},
	matrixRow{route: "POST /portfolio/live", path: "/portfolio/live", form: "from_year=2045&years=1&time_limit=2", want: "lffooofo"},
	matrixRow{route: "GET /portfolio/scenarios", path: "/portfolio/scenarios", want: "lffooofo"},
	matrixRow{route: "POST /portfolio/scenarios", path: "/portfolio/scenarios", form: "name=Scenario+{role}&from_year=2045&years=1&time_limit=2", want: "lffoooff"},
	matrixRow{route: "GET /portfolio/scenarios/compare", path: "/portfolio/scenarios/compare?a={pfsc}&b={pfsc}", want: "lffooofo"},
	matrixRow{route: "GET /portfolio/scenarios/{id}", path: "/portfolio/scenarios/{pfsc}", want: "lffooofo"},
	matrixRow{route: "GET /portfolio/scenarios/{id}/paper.pdf", path: "/portfolio/scenarios/{pfsc}/paper.pdf", want: "lffooofo"},
	matrixRow{route: "GET /api/v1/portfolio/scenarios", path: "/api/v1/portfolio/scenarios", want: "lffooofo"},
	matrixRow{route: "POST /api/v1/portfolio/scenarios", path: "/api/v1/portfolio/scenarios", json: `{"name":"API {role}","from_year":2045,"years":1,"time_limit_seconds":2}`, want: "lffoooff"},
	matrixRow{route: "GET /api/v1/portfolio/scenarios/{id}", path: "/api/v1/portfolio/scenarios/{pfsc}", want: "lffooofo"},
)
