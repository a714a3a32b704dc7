package server_test

import (
	"fmt"
	"testing"

	"github.com/samstyr/samstyr/internal/testutil/apptest"
)

// benefitFixture creates a project with a baselined benefit ({benefit})
// and an identified one with its plan filled in ({benefit2}).
func benefitFixture(t testing.TB, a *apptest.App) []string {
	bp := a.NewBenefitProject("Matrise gevinst")
	id := func(x int64) string { return fmt.Sprint(x) }
	return []string{"{bproject}", id(bp.Project.ID), "{benefit2}", id(bp.Benefits[1].ID), "{benefit}", id(bp.Benefits[0].ID)}
}

var _ = addFixture(benefitFixture)

// Roles, in order: anonymous member vendor secretariat user_council
// strategic_council working_committee admin. The benefit owner and the
// project manager are no matrix role: their rights to measure are walked
// in benefits_test.go.
var _ = addRows(
	matrixRow{route: "GET /benefits", path: "/benefits", want: "oooooooo"},
	matrixRow{route: "GET /benefits/{id}", path: "/benefits/{benefit}", want: "lffooooo"},
	matrixRow{route: "GET /projects/{id}/benefits", path: "/projects/{bproject}/benefits", want: "lffooooo"},
	matrixRow{route: "POST /projects/{id}/benefits/import", path: "/projects/{bproject}/benefits/import", want: "lffoffff"},
	matrixRow{route: "POST /benefits/{id}/measurements", path: "/benefits/{benefit}/measurements", form: "value=38&date=2027-03-01", want: "lffoffff"},
	matrixRow{route: "GET /benefits/{id}/edit", path: "/benefits/{benefit}/edit", want: "lffoffff"},
	matrixRow{route: "POST /benefits/{id}", path: "/benefits/{benefit2}", form: "description=Endret&type=nok&target_date=2026-01-01&baseline_date=2027-01-01", want: "lffiffff"},
	matrixRow{route: "POST /benefits/{id}/move", path: "/benefits/{benefit2}/move", form: "to=planned", want: "lffoffff"},
	matrixRow{route: "POST /benefits/{id}/propose", path: "/benefits/{benefit}/propose", form: "proposed_outcome=partly_realised&explanation=Halvveis", want: "lffoffff"},
	matrixRow{route: "GET /api/v1/benefits", path: "/api/v1/benefits", want: "oooooooo"},
	matrixRow{route: "GET /api/v1/benefits/{id}", path: "/api/v1/benefits/{benefit}", want: "lffooooo"},
	matrixRow{route: "POST /api/v1/benefits/{id}/measurements", path: "/api/v1/benefits/{benefit}/measurements", json: `{"value":36.5,"date":"2027-04-01","unit":"døgn"}`, want: "lffoffff"},
)
