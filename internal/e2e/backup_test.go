package e2e

import (
	"context"
	"maps"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/samstyr/samstyr/internal/store"
)

// open opens the target's database directly.
func (tg target) open(t *testing.T) *store.DB {
	t.Helper()
	db, err := store.Open(context.Background(), store.Options{URL: tg.URL, Path: filepath.Join(tg.Data, "samstyr.db")})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// checksums returns the per-table checksums of the target's database.
func (tg target) checksums(t *testing.T) map[string]string {
	t.Helper()
	db := tg.open(t)
	sums, err := db.Checksums(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	return sums
}

// sameTables fails the test when two sets of table checksums differ.
func sameTables(t *testing.T, what string, want, got map[string]string) {
	t.Helper()
	names := sorted(maps.Keys(want))
	for _, n := range sorted(maps.Keys(got)) {
		if _, ok := want[n]; !ok {
			names = append(names, n)
		}
	}
	for _, n := range names {
		if want[n] != got[n] {
			t.Errorf("%s: table %s is %q, want %q", what, n, got[n], want[n])
		}
	}
}

func sorted(seq func(func(string) bool)) []string {
	var out []string
	for k := range seq {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// TestBackupRestoreUnderLoad takes a backup with `samstyr backup` while
// writers keep writing, checks that restoring over the live (non-empty)
// database is refused while the writes go on, restores the backup into an
// empty data directory or database, and checks that every table holds
// exactly what the backup holds and that the audit chain verifies; finally
// --force restores it over the old, non-empty database.
func TestBackupRestoreUnderLoad(t *testing.T) {
	tg := newTarget(t)
	f := newFixture(t, tg)
	s := startServer(t, tg)
	f.addMembers(t, s)
	next := make([]int, writers)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan []ack, 1)
	go func() { done <- stream(ctx, f, next, nil) }()
	time.Sleep(500 * time.Millisecond)

	file := filepath.Join(t.TempDir(), "samstyr.backup")
	out := mustCLI(t, tg, "", "backup", file)
	if !strings.Contains(out, "backup of the") {
		t.Errorf("backup said %q", out)
	}
	// Restoring over the live database is refused, and the writers go on.
	code, _, errOut := cli(t, tg, "", "restore", file)
	if code != 2 || !strings.Contains(errOut, "already holds data") {
		t.Errorf("restore over the live database: exit %d, %q; want 2, refused", code, errOut)
	}
	time.Sleep(300 * time.Millisecond)
	cancel()
	acks := <-done
	s.stop()
	if len(acks) < 10 {
		t.Fatalf("only %d writes acknowledged around the backup", len(acks))
	}
	want, err := store.BackupChecksums(context.Background(), file)
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.SplitN(want["organisations"], ":", 2)[0]; n == "0" {
		t.Fatalf("the backup holds no organisations: %v", want)
	}
	if want["organisations"] == tg.checksums(t)["organisations"] {
		t.Errorf("the backup equals the database after the writes went on: it was not taken under load")
	}

	// Restore into an empty target.
	fresh := newTarget(t)
	out = mustCLI(t, fresh, "", "restore", file)
	if !strings.Contains(out, "audit log intact") {
		t.Errorf("restore said %q", out)
	}
	sameTables(t, "restored into an empty target", want, fresh.checksums(t))
	mustCLI(t, fresh, "", "audit", "verify")
	// The restored copy serves: every write in it is readable through the API.
	s2 := startServer(t, fresh)
	f.point(s2)
	verifyAcks(t, f, ackedIn(t, fresh, acks))
	s2.stop()

	// --force restores over the old, non-empty database.
	mustCLI(t, tg, "", "restore", "--force", file)
	sameTables(t, "restored with --force", want, tg.checksums(t))
	mustCLI(t, tg, "", "audit", "verify")
	_ = os.Remove(file)
}

// ackedIn returns the acknowledged writes that the restored database holds
// (those made before the backup).
func ackedIn(t *testing.T, tg target, acks []ack) []ack {
	t.Helper()
	db := tg.open(t)
	var in []ack
	table := map[string]string{"organisation": "organisations", "need": "needs", "backing": "need_backings", "case": "cases"}
	for _, a := range acks {
		n, err := db.CountRowsForTest(context.Background(), table[a.kind], "id = "+itoa(a.id))
		if err != nil {
			t.Fatal(err)
		}
		if n == 1 {
			in = append(in, a)
		}
	}
	if len(in) == 0 {
		t.Fatalf("the restored database holds none of the %d acknowledged writes", len(acks))
	}
	return in
}

func itoa(n int64) string {
	if n < 0 {
		return "-" + itoa(-n)
	}
	if n < 10 {
		return string(rune('0' + n))
	}
	return itoa(n/10) + string(rune('0'+n%10))
}
