package seed_test

import (
	"context"
	"testing"

	"github.com/samstyr/samstyr/internal/catalog"
	"github.com/samstyr/samstyr/internal/policy"
	"github.com/samstyr/samstyr/internal/seed"
	"github.com/samstyr/samstyr/internal/stakeholders"
	"github.com/samstyr/samstyr/internal/testutil"
)

// TestBenchStakeholders loads a small dataset and reads this area's rows
// back through the services: gap-free references per year, a queue, the
// FAQ, and declarations for the standard versions (expired for retired
// ones).
func TestBenchStakeholders(t *testing.T) {
	ctx := context.Background()
	db := testutil.NewDB(t)
	res, err := seed.Bench(ctx, db, seed.BenchOptions{Scale: 0.05, Seed: 7})
	if err != nil {
		t.Fatal(err)
	}
	if res.Rows["inquiries"] != 1000 || res.Rows["conformance_declarations"] != 150 {
		t.Fatalf("rows: %d inquiries, %d declarations", res.Rows["inquiries"], res.Rows["conformance_declarations"])
	}
	inq := stakeholders.NewService(db)
	is, st, err := inq.Queue(ctx, policy.SystemActor, stakeholders.Filter{Limit: 500})
	if err != nil || len(is) == 0 || st.Open == 0 {
		t.Fatalf("queue: %d, %+v, %v", len(is), st, err)
	}
	if next, err := db.NextInquirySeq(ctx, is[0].Year); err != nil || next < 2 {
		t.Fatalf("next number of %d: %d %v", is[0].Year, next, err)
	}
	if faq, err := inq.FAQ(ctx, nil); err != nil || len(faq) == 0 {
		t.Fatalf("FAQ: %d %v", len(faq), err)
	}
	cat := catalog.NewService(db)
	vs, err := cat.Versions(ctx, nil)
	if err != nil || len(vs) != 7 {
		t.Fatalf("versions: %d %v", len(vs), err)
	}
	ds, err := cat.Declarations(ctx, policy.SystemActor, catalog.DeclarationFilter{})
	if err != nil || len(ds) != 150 {
		t.Fatalf("declarations: %d %v", len(ds), err)
	}
	for _, d := range ds {
		v, _ := db.FindStandardVersion(ctx, d.StandardVersionID)
		if (v.Status == catalog.Retired) != (d.State == catalog.Expired) {
			t.Fatalf("declaration %d is %s for a %s version", d.ID, d.State, v.Status)
		}
	}
}
