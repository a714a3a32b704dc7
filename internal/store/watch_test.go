package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/samstyr/samstyr/internal/auth"
	"github.com/samstyr/samstyr/internal/org"
	"github.com/samstyr/samstyr/internal/store"
	"github.com/samstyr/samstyr/internal/testutil"
)

// TestWritesOfOtherProcessesEndCaches: a write through another handle on
// the same database (another process on the SQLite file, another node on
// PostgreSQL) changes this handle's write generation, and nothing else
// does.
func TestWritesOfOtherProcessesEndCaches(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	a, b := watchedPair(ctx, t)
	const every = watchEvery
	waitFor := func(what string, ok func() bool) {
		t.Helper()
		for end := time.Now().Add(10 * time.Second); !ok(); time.Sleep(every) {
			if time.Now().After(end) {
				t.Fatalf("waited 10 s for %s", what)
			}
		}
	}
	// Quiet: no write anywhere, no change.
	g0 := a.WriteGeneration()
	time.Sleep(10 * every)
	if g := a.WriteGeneration(); g != g0 {
		t.Fatalf("generation moved from %d to %d with no write", g0, g)
	}
	// A's own write counts once, at its commit, not again by the watcher.
	if _, err := a.EnsureSetting(ctx, "watch-own", "1"); err != nil {
		t.Fatal(err)
	}
	time.Sleep(10 * every)
	g1 := a.WriteGeneration()
	if g1 != g0+1 {
		t.Fatalf("after one own write the generation is %d, want %d (counted once, at the write)", g1, g0+1)
	}
	// B's write (another process or node) shows in A.
	if _, err := b.EnsureSetting(ctx, "watch-other", "1"); err != nil {
		t.Fatal(err)
	}
	waitFor("the other handle's write to show", func() bool { return a.WriteGeneration() != g1 })
	// And B's transaction too.
	g2 := a.WriteGeneration()
	if err := b.WithTx(ctx, func(ctx context.Context) error {
		_, err := b.EnsureSetting(ctx, "watch-tx", "1")
		return err
	}); err != nil {
		t.Fatal(err)
	}
	waitFor("the other handle's transaction to show", func() bool { return a.WriteGeneration() != g2 })
}

// watchEvery is how often the watcher of watchedPair asks SQLite.
const watchEvery = 20 * time.Millisecond

// watchedPair opens two handles on one new database, as two processes or
// nodes would, migrated, with a's watcher of the other's writes running
// until ctx ends.
func watchedPair(ctx context.Context, t *testing.T) (a, b *store.DB) {
	t.Helper()
	opts := testutil.NewDBOptions(t)
	open := func() *store.DB {
		db, err := store.Open(ctx, opts)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		return db
	}
	a, b = open(), open()
	if err := a.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	go a.WatchWrites(ctx, watchEvery)
	for end := time.Now().Add(10 * time.Second); !a.WatchingWritesForTest(); time.Sleep(watchEvery) {
		if time.Now().After(end) {
			t.Fatal("the watcher did not start")
		}
	}
	return a, b
}

// TestBookkeepingLeavesCaches: writes no cached answer reads (a session's
// or token's last use, the job queue) and statements that change nothing
// leave the write generation; other writes move it.
func TestBookkeepingLeavesCaches(t *testing.T) {
	db := testutil.NewDB(t)
	ctx := context.Background()
	at := time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC)
	o := &org.Organisation{Kind: "municipality", Name: "Bodø", MunicipalityNumber: "1804", CountyNumber: "18"}
	must(t, db.CreateOrganisation(ctx, o))
	p := &auth.Person{Email: "a@bodo.kommune.no", Name: "Anne", OrgID: o.ID, Locale: "nb", NotifyMode: "digest", PasswordHash: "x"}
	must(t, db.CreatePerson(ctx, p))
	must(t, db.CreateSession(ctx, &auth.Session{IDHash: "h1", PersonID: p.ID, CreatedAt: at, LastSeenAt: at, ExpiresAt: at.Add(time.Hour)}))
	if _, err := db.EnqueueJob(ctx, "notify.digest", []byte(`{}`), at, "digest@1"); err != nil {
		t.Fatal(err)
	}
	g := db.WriteGeneration()
	must(t, db.TouchSession(ctx, "h1", at.Add(time.Minute)))
	if _, err := db.EnqueueJob(ctx, "notify.digest", []byte(`{}`), at, "digest@1"); err != nil { // already there
		t.Fatal(err)
	}
	if got := db.WriteGeneration(); got != g {
		t.Fatalf("bookkeeping moved the generation from %d to %d", g, got)
	}
	if s, err := db.FindSession(ctx, "h1"); err != nil || !s.LastSeenAt.Equal(at.Add(time.Minute)) {
		t.Fatalf("the session's last use was not stored: %+v %v", s, err)
	}
	p.Name = "Anne B."
	must(t, db.UpdatePerson(ctx, p))
	if db.WriteGeneration() == g {
		t.Fatal("a change to a person did not move the generation")
	}
}
