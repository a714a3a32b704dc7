package seed

import (
	"context"
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/samstyr/samstyr/internal/policy"
	"github.com/samstyr/samstyr/internal/projects"
	"github.com/samstyr/samstyr/internal/testutil"
)

// TestBenchProjectPlans runs the plan part over three projects (the
// concept phase's part writes them in the full dataset) and checks what
// it wrote through the store and the domain: the count, valid dates,
// chains without a cycle, a dependency across projects, slipped and done
// items.
func TestBenchProjectPlans(t *testing.T) {
	db := testutil.NewDB(t)
	ctx := context.Background()
	var ids []int64
	for i := range 3 {
		id, err := db.EnsureProject(ctx, fmt.Sprintf("Benkprosjekt %d", i+1))
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, id)
	}
	var g *benchGen
	err := db.BulkLoad(ctx, func(ctx context.Context) error {
		g = &benchGen{ctx: ctx, db: db, pipe: db.NewBulkPipeline(ctx), r: rand.New(rand.NewPCG(7, 0x5a3d7f1c)), scale: 0.05,
			today: time.Now().UTC().AddDate(1, 0, 0), rows: map[string]int64{}}
		if err := benchProjectPlans(g); err != nil {
			return err
		}
		return g.pipe.Wait()
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := db.AfterBulkLoad(ctx); err != nil {
		t.Fatal(err)
	}
	per := max(6, g.times(2_000)/3)
	if n := g.rows["project_activities"]; n != int64(3*per) {
		t.Fatalf("%d activities, want %d", n, 3*per)
	}
	edges, err := db.FindActivityEdges(ctx)
	if err != nil || len(edges) != 3*(per-1)+2 {
		t.Fatalf("%d edges, want %d (%v)", len(edges), 3*(per-1)+2, err)
	}
	var slipped, done, milestones int
	for _, pid := range ids {
		acts, err := db.FindActivities(ctx, pid, false)
		if err != nil || len(acts) != per {
			t.Fatalf("project %d: %d activities, %v", pid, len(acts), err)
		}
		for _, x := range acts {
			y := *x
			y.Normalize()
			if err := y.Validate(nil); err != nil {
				t.Fatalf("%s: %v (%+v)", x.Name, err, x)
			}
			if projects.ActivityCycle(edges, x.ID, x.DependsOn) != nil {
				t.Fatalf("%s is in a cycle", x.Name)
			}
			if x.Slipped() {
				slipped++
			}
			if x.Done() {
				done++
			}
			if x.Kind == projects.KindMilestone {
				milestones++
			}
		}
	}
	if slipped == 0 || done == 0 || milestones == 0 {
		t.Errorf("slipped %d, done %d, milestones %d: want some of each", slipped, done, milestones)
	}
	deps, err := db.FindDependencies(ctx, ids[2])
	if err != nil {
		t.Fatal(err)
	}
	across := false
	for _, d := range deps {
		across = across || d.DependsOnProject == ids[1]
	}
	if !across {
		t.Errorf("the third project waits for no milestone of the second")
	}
	// A new activity after the load gets an id past the loaded ones.
	x := &projects.Activity{Kind: "activity", Name: "Etter lasting", PlannedStart: "2027-01-01", PlannedEnd: "2027-01-02"}
	if err := projects.NewPlanService(db).CreateActivity(ctx, policy.SystemActor, ids[0], x); err != nil {
		t.Fatal(err)
	}
}
