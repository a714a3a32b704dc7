package server_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/samstyr/samstyr/internal/config"
	"github.com/samstyr/samstyr/internal/policy"
	"github.com/samstyr/samstyr/internal/portfolio"
	"github.com/samstyr/samstyr/internal/seed"
	"github.com/samstyr/samstyr/internal/server"
	"github.com/samstyr/samstyr/internal/testutil"
)

// TestDemoRoadmap: the demo roadmap spans the four need areas and five
// actors, links the demo project, has a first version endorsed by a real
// KommIT-rådet decision and a second frozen one that differs (moved,
// changed, added); a second run adds nothing, and the audit chain holds.
func TestDemoRoadmap(t *testing.T) {
	ctx := context.Background()
	opts := testutil.NewDBOptions(t)
	cfg := config.Default()
	cfg.DatabaseURL, cfg.DataDir = opts.URL, ""
	if opts.Path != "" {
		cfg.DataDir = strings.TrimSuffix(opts.Path, "/samstyr.db")
	}
	app, err := server.Open(ctx, cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer app.Close()
	if _, err := seed.Demo(ctx, app.DB, app.Orgs, app.Auth, time.Now()); err != nil {
		t.Fatal(err)
	}
	n, err := seed.DemoRoadmap(ctx, app.DB, app.Meetings, app.Portfolio, time.Now())
	if err != nil || n != 10 {
		t.Fatalf("demo roadmap: %d %v", n, err)
	}
	sys := policy.SystemActor
	ins, err := app.Portfolio.Roadmap(ctx, sys)
	if err != nil {
		t.Fatal(err)
	}
	areas, actors, linked := map[string]bool{}, map[string]bool{}, 0
	for _, in := range ins {
		areas[in.Area], actors[in.ActorName] = true, true
		if in.ProjectID != 0 {
			linked++
		}
	}
	if len(areas) != 4 || len(actors) < 5 || linked != 1 {
		t.Errorf("areas %v, actors %v, linked %d", areas, actors, linked)
	}
	v1, err := app.Portfolio.RoadmapVersion(ctx, sys, 1)
	if err != nil || v1.State != portfolio.VersionEndorsed || v1.Decision == nil || len(v1.Initiatives) != 9 {
		t.Fatalf("v1: %+v %v", v1, err)
	}
	_, v2, diff, err := app.Portfolio.RoadmapDiff(ctx, sys, 1, 2)
	if err != nil || v2.State != portfolio.VersionFrozen {
		t.Fatalf("v2: %+v %v", v2, err)
	}
	kinds := map[string]int{}
	for _, r := range diff {
		kinds[r.Kind]++
	}
	if kinds[portfolio.DiffMoved] != 1 || kinds[portfolio.DiffChanged] != 1 || kinds[portfolio.DiffAdded] != 1 {
		t.Errorf("diff: %v", kinds)
	}
	if n, err := seed.DemoRoadmap(ctx, app.DB, app.Meetings, app.Portfolio, time.Now()); err != nil || n != 0 {
		t.Errorf("second run: %d %v", n, err)
	}
	if res, err := app.DB.VerifyAudit(ctx); err != nil || !res.OK {
		t.Errorf("audit chain: %+v %v", res, err)
	}
}
