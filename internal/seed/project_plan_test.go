package seed_test

import (
	"context"
	"testing"
	"time"

	"github.com/samstyr/samstyr/internal/projects"
	"github.com/samstyr/samstyr/internal/seed"
	"github.com/samstyr/samstyr/internal/testutil"
)

// TestDemoPlan gives the demo project its plan once: six activities in a
// chain, some slipped, and a staffing plan; a second run writes nothing.
func TestDemoPlan(t *testing.T) {
	db := testutil.NewDB(t)
	ctx := context.Background()
	id, err := db.EnsureProject(ctx, "Digital plandialog")
	if err != nil {
		t.Fatal(err)
	}
	today := time.Date(2026, 12, 5, 0, 0, 0, 0, time.UTC)
	if n, err := seed.DemoPlan(ctx, db, id, today); err != nil || n != 6 {
		t.Fatalf("first run: %d %v", n, err)
	}
	if n, err := seed.DemoPlan(ctx, db, id, today); err != nil || n != 0 {
		t.Fatalf("second run: %d %v", n, err)
	}
	acts, err := db.FindActivities(ctx, id, false)
	if err != nil || len(acts) != 6 {
		t.Fatalf("activities: %d %v", len(acts), err)
	}
	slipped := 0
	for i, a := range acts {
		if a.Slipped() {
			slipped++
		}
		if i > 0 && len(a.DependsOn) != 1 {
			t.Errorf("%s depends on %v", a.Name, a.DependsOn)
		}
	}
	if slipped < 3 {
		t.Errorf("%d slipped items, want at least 3", slipped)
	}
	lines, err := db.FindStaffLines(ctx, id)
	if err != nil || len(lines) != 2 {
		t.Fatalf("staffing: %d %v", len(lines), err)
	}
}

// TestDemoDeps gives the demo project a slipped milestone of another
// project and a slipped component to wait for, once: the project is
// flagged and its chain is critical.
func TestDemoDeps(t *testing.T) {
	db := testutil.NewDB(t)
	ctx := context.Background()
	id, err := db.EnsureProject(ctx, "Digital plandialog")
	if err != nil {
		t.Fatal(err)
	}
	today := time.Date(2026, 12, 5, 0, 0, 0, 0, time.UTC)
	if _, err := seed.DemoPlan(ctx, db, id, today); err != nil {
		t.Fatal(err)
	}
	for range 2 {
		if err := seed.DemoDeps(ctx, db, id, today); err != nil {
			t.Fatal(err)
		}
	}
	g, err := db.FindPlanGraph(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(g.Components) != 4 || len(g.ComponentDeps) != 1 {
		t.Fatalf("register %d components, %d component dependencies (a second run must add nothing)", len(g.Components), len(g.ComponentDeps))
	}
	s := projects.SlippedFor(id, g)
	if len(s) != 2 {
		t.Fatalf("the demo project waits for %d slipped items, want the other project's milestone and Fellestjenester PLAN: %+v", len(s), s)
	}
	v, err := projects.BuildDependencyView(g)
	if err != nil || len(v.Chains) != 1 || !v.Chains[0].Critical {
		t.Fatalf("view: %v %+v", err, v)
	}
}
