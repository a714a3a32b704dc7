package store_test

import (
	"context"
	"strings"
	"testing"

	"github.com/samstyr/samstyr/internal/audit"
	"github.com/samstyr/samstyr/internal/store"
	"github.com/samstyr/samstyr/internal/testutil"
)

// seedEvents writes n audit events through the normal path.
func seedEvents(t *testing.T, db *store.DB, n int) {
	t.Helper()
	ctx := context.Background()
	for i := 1; i <= n; i++ {
		if err := db.Record(ctx, audit.Entry{ActorID: int64(i % 3), Action: "test.event", ObjectType: "thing", ObjectID: int64(i),
			Before: map[string]int{"v": i - 1}, After: map[string]int{"v": i}}); err != nil {
			t.Fatal(err)
		}
	}
}

func TestAuditTableRefusesUpdateAndDelete(t *testing.T) {
	db := testutil.NewDB(t)
	seedEvents(t, db, 3)
	ctx := context.Background()
	for _, q := range []string{
		`UPDATE audit_events SET action = 'forged' WHERE seq = 2`,
		`DELETE FROM audit_events WHERE seq = 3`,
	} {
		if _, err := db.ExecForTest(ctx, q); err == nil || !strings.Contains(err.Error(), "append-only") {
			t.Errorf("%s: got %v, want the append-only refusal", q, err)
		}
	}
	res, err := db.VerifyAudit(ctx)
	if err != nil || !res.OK || res.Count != 3 {
		t.Fatalf("after refused tampering: %+v %v", res, err)
	}
}

// TestAuditVerifyDetectsTampering bypasses the triggers (as an attacker with
// database access would) and checks that verification names the first bad
// event for each kind of tampering.
func TestAuditVerifyDetectsTampering(t *testing.T) {
	cases := []struct {
		name    string
		tamper  []string
		badSeq  int64
		problem string
	}{
		{"changed", []string{`UPDATE audit_events SET after = '{"v":99}' WHERE seq = 3`}, 3, "changed"},
		{"removed", []string{`DELETE FROM audit_events WHERE seq = 2`}, 3, "sequence"},
		{"removed at the end", []string{`DELETE FROM audit_events WHERE seq = 5`}, 5, "removed from the end"},
		{"inserted", []string{`UPDATE audit_events SET seq = seq + 100 WHERE seq >= 3`, `UPDATE audit_events SET seq = seq - 99 WHERE seq >= 103`,
			`INSERT INTO audit_events (seq, at, action, object_type, object_id, prev_hash, hash) SELECT 3, at, 'forged', 'thing', '0', hash, hash FROM audit_events WHERE seq = 2`},
			3, "changed"},
		{"reordered", []string{`UPDATE audit_events SET seq = 100 WHERE seq = 2`, `UPDATE audit_events SET seq = 2 WHERE seq = 3`, `UPDATE audit_events SET seq = 3 WHERE seq = 100`}, 2, "link"},
		{"rehashed but unlinked", []string{`UPDATE audit_events SET prev_hash = 'x' WHERE seq = 4`}, 4, "link"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			db := testutil.NewDB(t)
			seedEvents(t, db, 5)
			ctx := context.Background()
			if err := db.TamperForTest(ctx, tc.tamper...); err != nil {
				t.Fatal(err)
			}
			res, err := db.VerifyAudit(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if res.OK || res.BadSeq != tc.badSeq || !strings.Contains(res.Problem, tc.problem) {
				t.Fatalf("verify = %+v; want bad event %d with %q", res, tc.badSeq, tc.problem)
			}
		})
	}
}

func TestAuditChainAcrossManyEvents(t *testing.T) {
	db := testutil.NewDB(t)
	seedEvents(t, db, 120)
	res, err := db.VerifyAudit(context.Background())
	if err != nil || !res.OK || res.Count != 120 || len(res.Head) != 64 {
		t.Fatalf("%+v %v", res, err)
	}
	seq, head, _ := db.AuditHead(context.Background())
	if seq != 120 || head != res.Head {
		t.Fatalf("head %d %s vs %s", seq, head, res.Head)
	}
}
