package seed_test

import (
	"context"
	"testing"

	"github.com/samstyr/samstyr/internal/forum"
	"github.com/samstyr/samstyr/internal/policy"
	"github.com/samstyr/samstyr/internal/seed"
	"github.com/samstyr/samstyr/internal/testutil"
)

// TestBenchForum: ten years of forums, five closed elections whose
// published ballots recount to the stored result, and the inputs.
func TestBenchForum(t *testing.T) {
	db := testutil.NewDB(t)
	ctx := context.Background()
	if _, err := seed.Bench(ctx, db, seed.BenchOptions{Scale: testScale, Seed: 7}); err != nil {
		t.Fatal(err)
	}
	svc := forum.NewService(db, nil)
	fs, err := svc.Forums(ctx, nil)
	if err != nil || len(fs) != 10 {
		t.Fatalf("%d forums, %v", len(fs), err)
	}
	es, err := svc.Elections(ctx, nil, 0)
	if err != nil || len(es) != 5 {
		t.Fatalf("%d elections, %v", len(es), err)
	}
	for _, e := range es {
		p, err := svc.Published(ctx, nil, e.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(p.Ballots) == 0 {
			t.Fatalf("election %d has no ballots", e.ID)
		}
		if _, err := forum.Recount(p); err != nil {
			t.Fatalf("election %d: %v", e.ID, err)
		}
	}
	ins, err := svc.Inputs(ctx, policy.SystemActor, forum.InputFilter{Limit: 500})
	if err != nil || len(ins) == 0 {
		t.Fatalf("%d inputs, %v", len(ins), err)
	}
	if res, err := db.VerifyAudit(ctx); err != nil || !res.OK {
		t.Fatalf("audit: %+v %v", res, err)
	}
}
