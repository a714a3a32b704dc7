package server_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/samstyr/samstyr/internal/policy"
	"github.com/samstyr/samstyr/internal/portfolio"
	"github.com/samstyr/samstyr/internal/testutil/apptest"
)

// portfolioFixture creates what the overview rows act on:
//
//	{pfproject} a project (the actor row names its actor)
//	{pfks}      the KS organisation (an actor)
//	{pfframe}   a draft budget frame (changed by the rows)
func portfolioFixture(t testing.TB, a *apptest.App) []string {
	ctx := context.Background()
	p, err := a.DB.EnsureProject(ctx, "Matrise porteføljeprosjekt")
	if err != nil {
		t.Fatal(err)
	}
	f := &portfolio.Frame{Year: 2030, Source: "digifin", AmountNOK: 1000}
	if err := a.Portfolio.CreateFrame(ctx, policy.SystemActor, f); err != nil {
		t.Fatal(err)
	}
	return []string{"{pfproject}", fmt.Sprint(p), "{pfks}", fmt.Sprint(a.Organisations["ks"].ID), "{pfframe}", fmt.Sprint(f.ID)}
}

var _ = addFixture(portfolioFixture)

// Roles, in order: anonymous member vendor secretariat user_council
// strategic_council working_committee admin.
var _ = addRows(
	matrixRow{route: "GET /portfolio", path: "/portfolio", want: "lffooooo"},
	matrixRow{route: "POST /portfolio", path: "/portfolio", form: "example=pf-n50-t3&time_limit=10&frontier=0", want: "lffooooo"},
	matrixRow{route: "POST /api/v1/portfolio/optimize", path: "/api/v1/portfolio/optimize?time_limit=5s",
		json: `{"format":"portfolio-instance/v1","years":1,"budget":[10],"projects":[{"id":"a","benefit":3,"cost":[6]},{"id":"b","benefit":2,"cost":[5]}]}`,
		want: "lffooooo"},
	// The overview is open to all; what it shows depends on the role
	// (TestPortfolioOverview checks the rows).
	matrixRow{route: "GET /portfolio/overview", path: "/portfolio/overview?sort=title", want: "oooooooo"},
	matrixRow{route: "GET /portfolio/overview.xlsx", path: "/portfolio/overview.xlsx?source=digifin", want: "oooooooo"},
	matrixRow{route: "POST /portfolio/actors", path: "/portfolio/actors", form: "item=project:{pfproject}&actor_id={pfks}", want: "lffoffff"},
	matrixRow{route: "GET /portfolio/frames", path: "/portfolio/frames", want: "lffooooo"},
	matrixRow{route: "POST /portfolio/frames", path: "/portfolio/frames", form: "year=2031&source=own&amount_nok=5", want: "lffoffff"},
	matrixRow{route: "POST /portfolio/frames/{id}", path: "/portfolio/frames/{pfframe}", form: "amount_nok=7", want: "lffoffff"},
	matrixRow{route: "GET /portfolio/guidelines", path: "/portfolio/guidelines", want: "lffooooo"},
	matrixRow{route: "POST /portfolio/guidelines", path: "/portfolio/guidelines", form: "title=Retningslinjer+{role}&share_plan=40", want: "lffoffff"},
	matrixRow{route: "GET /api/v1/portfolio", path: "/api/v1/portfolio?year=2030", want: "oooooooo"},
	matrixRow{route: "GET /api/v1/portfolio/frames", path: "/api/v1/portfolio/frames", want: "lffooooo"},
	matrixRow{route: "POST /api/v1/portfolio/frames", path: "/api/v1/portfolio/frames", json: `{"year":2032,"source":"own","amount_nok":5}`, want: "lffoffff"},
	matrixRow{route: "PUT /api/v1/portfolio/frames/{id}", path: "/api/v1/portfolio/frames/{pfframe}", json: `{"amount_nok":9}`, want: "lffoffff"},
)
