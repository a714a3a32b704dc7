package seed_test

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/samstyr/samstyr/internal/listing"
	"github.com/samstyr/samstyr/internal/meetings"
	"github.com/samstyr/samstyr/internal/needs"
	"github.com/samstyr/samstyr/internal/policy"
	"github.com/samstyr/samstyr/internal/seed"
	"github.com/samstyr/samstyr/internal/store"
	"github.com/samstyr/samstyr/internal/testutil"
)

// testScale keeps the dataset small enough for the race detector (the
// command takes whole numbers; scale 10 is timed by the benchmark).
const testScale = 0.05

// TestBenchDataset writes the small dataset three times (seeds 3, 3 and
// 4) and checks it: the invariants, the same rows for the same seed, other
// rows for another seed, and no second load into a database with data.
func TestBenchDataset(t *testing.T) {
	dbs := []*store.DB{testutil.NewDB(t), testutil.NewDB(t), testutil.NewDB(t)}
	t.Run("load", func(t *testing.T) {
		for i, s := range []uint64{3, 3, 4} {
			t.Run(fmt.Sprint(i), func(t *testing.T) {
				t.Parallel()
				// The second load writes seven rows per statement: its tables'
				// batches interleave as a full-size load's do, so a row written
				// before the row it refers to fails (on PostgreSQL), and the
				// result must not depend on the batch size (deterministic).
				o := seed.BenchOptions{Scale: testScale, Seed: s}
				if i == 1 {
					o.BatchRows = 7
				}
				if _, err := seed.Bench(context.Background(), dbs[i], o); err != nil {
					t.Fatal(err)
				}
			})
		}
	})
	if t.Failed() {
		return
	}
	t.Run("invariants", func(t *testing.T) { checkBenchInvariants(t, dbs[0]) })
	t.Run("deterministic", func(t *testing.T) { checkDeterministic(t, dbs[0], dbs[1], dbs[2]) })
	t.Run("refuses data", func(t *testing.T) {
		if _, err := seed.Bench(context.Background(), dbs[0], seed.BenchOptions{Scale: testScale, Seed: 1}); err == nil {
			t.Fatal("seed bench wrote into a database that holds data")
		}
	})
}

// checkBenchInvariants checks the dataset as the services would have left
// it: an intact audit chain, every municipality, needs whose histories
// follow the state machine and whose state is their last move, one current
// backing per organisation, merged needs without backing, searchable text,
// and ranked round results.
func checkBenchInvariants(t *testing.T, db *store.DB) {
	ctx := context.Background()
	res, err := db.VerifyAudit(ctx)
	if err != nil || !res.OK || res.Count < 5000 {
		t.Fatalf("audit chain: %+v %v", res, err)
	}
	count := func(table, where string) int {
		n, err := db.CountRowsForTest(ctx, table, where)
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	if n := count("organisations", "kind = 'municipality'"); n != 357 {
		t.Errorf("%d municipalities", n)
	}
	if n := count("organisations", "kind = 'county'"); n != 15 {
		t.Errorf("%d counties", n)
	}
	// Every standing body has members on the dataset's last day, so its
	// people can act (the secretariat moves needs, the councils decide).
	for _, kind := range []string{"secretariat", "user_council", "strategic_council", "working_committee"} {
		where := fmt.Sprintf("status = 'active' AND term_from <= '%s' AND (term_to IS NULL OR term_to >= '%s') AND body_id IN (SELECT id FROM bodies WHERE kind = '%s')",
			seed.BenchToday.Format(time.DateOnly), seed.BenchToday.Format(time.DateOnly), kind)
		if n := count("memberships", where); n == 0 {
			t.Errorf("no %s member on %s", kind, seed.BenchToday.Format(time.DateOnly))
		}
	}
	if n := count("needs", ""); n != 250 {
		t.Errorf("%d needs, want 250 at scale %g", n, testScale)
	}
	// Each need's state is the state its history ends in, and every move
	// of the history is one the state machine allows.
	svc := needs.NewService(db)
	page, err := svc.List(ctx, policy.SystemActor, needs.Filter{Limit: 500})
	if err != nil {
		t.Fatal(err)
	}
	states := map[string]int{}
	for _, n := range page.Items {
		states[n.State]++
		hist, err := db.FindNeedEvents(ctx, n.ID)
		if err != nil || len(hist) == 0 {
			t.Fatalf("need %d: history %v %v", n.ID, hist, err)
		}
		if hist[0].From != "" || hist[0].To != needs.Draft {
			t.Errorf("need %d starts with %q → %q", n.ID, hist[0].From, hist[0].To)
		}
		for i, e := range hist[1:] {
			if e.From != hist[i].To {
				t.Errorf("need %d: move %d starts at %q, the state before was %q", n.ID, i+1, e.From, hist[i].To)
			}
			if _, ok := needs.MoveFor(e.From, e.To); !ok {
				t.Errorf("need %d: %q → %q is not a move of the state machine", n.ID, e.From, e.To)
			}
			if e.At.Before(hist[i].At) {
				t.Errorf("need %d: history goes back in time", n.ID)
			}
		}
		if last := hist[len(hist)-1].To; last != n.State {
			t.Errorf("need %d is %q but its history ends in %q", n.ID, n.State, last)
		}
		if n.State == needs.Merged && (n.MergedInto == 0 || n.Backers != 0) {
			t.Errorf("merged need %d: into %d, %d current backings", n.ID, n.MergedInto, n.Backers)
		}
	}
	if len(states) < 8 {
		t.Errorf("needs in only %d states: %v", len(states), states)
	}
	if n := count("need_backings", "withdrawn_at IS NULL AND org_id IN (SELECT org_id FROM need_backings b2 WHERE b2.need_id = need_backings.need_id AND b2.withdrawn_at IS NULL AND b2.id <> need_backings.id)"); n != 0 {
		t.Errorf("%d current backings doubled", n)
	}
	// The long tail: most needs have a handful of backers, a few many.
	var backers []int
	for _, n := range page.Items {
		if n.State != needs.Draft && n.State != needs.Merged {
			backers = append(backers, int(n.Backers))
		}
	}
	slices.Sort(backers)
	if med, top := backers[len(backers)/2], backers[len(backers)-1]; med > 5 || top < 15 {
		t.Errorf("backing is not a long tail: median %d, most %d", med, top)
	}
	// Lists: for every sort, with and without a filter and a search, the
	// pages (of 7) put together are the one long page, in the order of
	// needs.SortKey, each need once.
	for _, sort := range needs.Sorts {
		for _, f := range []needs.Filter{{}, {Area: "bygg"}, {Q: "byggesøknader"}, {State: needs.Prioritised}, {Backing: 3}} {
			f.Sort = sort
			checkPaging(t, svc, f)
		}
	}
	// Full-text search finds the needs by their words.
	found, err := svc.List(ctx, policy.SystemActor, needs.Filter{Q: "byggesøknader", Limit: 5})
	if err != nil || len(found.Items) == 0 {
		t.Errorf("search for a word of the texts: %v %v", found.Items, err)
	}
	// Closed rounds have a ranked list 1..n over their needs.
	if n := count("rounds", "state = 'closed'"); n < 15 {
		t.Errorf("%d closed rounds", n)
	}
	if n := count("round_results r", "rank > (SELECT COUNT(*) FROM round_needs rn WHERE rn.round_id = r.round_id)"); n != 0 {
		t.Errorf("%d results ranked beyond their round's size", n)
	}
	// Each ranked need carries its latest closed round's rank and score.
	if n := count("needs n", `n.latest_rank <> COALESCE((SELECT rr.rank FROM round_results rr JOIN rounds r ON r.id = rr.round_id
		WHERE rr.need_id = n.id ORDER BY r.closed_at DESC, r.id DESC LIMIT 1), 0)`); n != 0 {
		t.Errorf("%d needs whose latest rank is not their latest round's", n)
	}
	if n := count("needs", "latest_rank > 0"); n == 0 {
		t.Error("no need carries a rank")
	}
	if n := count("round_scores", ""); n == 0 {
		t.Error("no assessments")
	}
	// Meetings: case numbers per body and year run 1…n without gaps, the
	// counter at n; approved minutes are frozen and approved by a decision;
	// prioritised needs point at a priority decision.
	if n := count("meetings", "state = 'minutes_approved'"); n < 100 {
		t.Errorf("%d meetings with approved minutes", n)
	}
	if n := count("case_counters k", "k.last_number <> (SELECT COUNT(*) FROM cases c WHERE c.body_id = k.body_id AND c.year = k.year) OR k.last_number <> (SELECT MAX(number) FROM cases c WHERE c.body_id = k.body_id AND c.year = k.year)"); n != 0 {
		t.Errorf("%d case counters out of step with the case numbers", n)
	}
	if n := count("minutes m", "m.state = 'approved' AND (m.frozen = '' OR NOT EXISTS (SELECT 1 FROM decisions d WHERE d.id = m.approval_decision_id))"); n != 0 {
		t.Errorf("%d approved minutes without frozen content or approving decision", n)
	}
	if n := count("needs n", "n.state = 'prioritised' AND NOT EXISTS (SELECT 1 FROM decisions d WHERE d.id = n.decision_id AND d.kind = 'priority')"); n != 0 {
		t.Errorf("%d prioritised needs without their priority decision", n)
	}
	ms, err := db.FindMeetings(ctx, meetings.MeetingFilter{Scope: meetings.Scope{All: true}, Limit: 500})
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range ms {
		if m.State != meetings.MeetingMinutesApproved {
			continue
		}
		_, frozen, err := db.FindMinutes(ctx, m.ID)
		var doc meetings.Document
		if err == nil {
			err = json.Unmarshal(frozen, &doc)
		}
		if err != nil || doc.Meeting == nil || doc.Meeting.ID != m.ID || len(doc.Cases) == 0 || doc.Minutes == nil {
			t.Errorf("meeting %d: frozen minutes do not read back: %v", m.ID, err)
		}
		break
	}
}

// checkDeterministic: the same seed gives the same rows in every table;
// another seed gives others.
func checkDeterministic(t *testing.T, a3, b3, c4 *store.DB) {
	ctx := context.Background()
	sums := func(db *store.DB) map[string]string {
		s, err := db.Checksums(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	a, b, c := sums(a3), sums(b3), sums(c4)
	if !maps.Equal(a, b) {
		for k := range a {
			if a[k] != b[k] {
				t.Errorf("table %s differs between two runs with the same seed: %s and %s", k, a[k], b[k])
			}
		}
	}
	if a["needs"] == c["needs"] || a["audit_events"] == c["audit_events"] {
		t.Errorf("another seed gave the same needs and audit log")
	}
}

// checkPaging pages through a need list and compares it with one page.
func checkPaging(t *testing.T, svc *needs.Service, f needs.Filter) {
	t.Helper()
	ctx := context.Background()
	all := f
	all.Limit = 500
	whole, err := svc.List(ctx, nil, all)
	if err != nil {
		t.Fatalf("%+v: %v", f, err)
	}
	var paged []*needs.Need
	f.Limit = 7
	for range 100 {
		page, err := svc.List(ctx, nil, f)
		if err != nil {
			t.Fatalf("%+v: %v", f, err)
		}
		paged = append(paged, page.Items...)
		if page.Next == "" {
			break
		}
		if f.After, err = listing.DecodeCursor(page.Next); err != nil {
			t.Fatal(err)
		}
	}
	if len(paged) != len(whole.Items) {
		t.Errorf("sort %q filter %+v: %d needs in pages, %d in one page", f.Sort, f, len(paged), len(whole.Items))
		return
	}
	for i, n := range paged {
		if n.ID != whole.Items[i].ID {
			t.Errorf("sort %q filter %+v: need %d at %d in pages, %d in one page", f.Sort, f, n.ID, i, whole.Items[i].ID)
			return
		}
		if i > 0 {
			a, b := needs.SortKey(paged[i-1], f.Sort), needs.SortKey(n, f.Sort)
			ka, _ := strconv.ParseInt(a, 10, 64)
			kb, _ := strconv.ParseInt(b, 10, 64)
			if ka > kb || ka == kb && paged[i-1].ID > n.ID {
				t.Errorf("sort %q filter %+v: need %d (key %s) before need %d (key %s)", f.Sort, f, paged[i-1].ID, a, n.ID, b)
				return
			}
		}
	}
}
