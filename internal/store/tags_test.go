package store_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/samstyr/samstyr/internal/audit"
	"github.com/samstyr/samstyr/internal/needs"
	"github.com/samstyr/samstyr/internal/org"
	"github.com/samstyr/samstyr/internal/store"
	"github.com/samstyr/samstyr/internal/testutil"
)

// tagsFixture makes an organisation and two submitted needs.
func tagsFixture(t *testing.T, db *store.DB) (o *org.Organisation, n1, n2 *needs.Need) {
	t.Helper()
	ctx := context.Background()
	o = &org.Organisation{Kind: "municipality", Name: "Bodø", MunicipalityNumber: "1804", CountyNumber: "18"}
	must(t, db.CreateOrganisation(ctx, o))
	mk := func(title string) *needs.Need {
		n := &needs.Need{Title: title, Problem: "p", Area: "bygg",
			OrgID: o.ID, State: needs.Submitted}
		must(t, db.CreateNeed(ctx, n))
		return n
	}
	return o, mk("Byggesak"), mk("Plan")
}

// TestWritesEndOnlyWhatTheyChange: a backing of one need, with its audit
// event, changes that need and the lists of needs, not another need; a
// transaction with one statement that names nothing changes everything;
// a transaction rolled back changes nothing.
func TestWritesEndOnlyWhatTheyChange(t *testing.T) {
	db := testutil.NewDB(t)
	ctx := context.Background()
	o, n1, n2 := tagsFixture(t, db)

	g := db.WriteGeneration()
	must(t, db.WithTx(ctx, func(ctx context.Context) error {
		b := &needs.Backing{NeedID: n1.ID, OrgID: o.ID}
		if err := db.CreateBacking(ctx, b); err != nil {
			return err
		}
		return db.Record(ctx, audit.Entry{Action: "need.back", ObjectType: "need", ObjectID: n1.ID})
	}))
	if !db.Changed(g) {
		t.Fatal("a committed backing is not a write")
	}
	if !db.Changed(g, needs.Tag(n1.ID)) || !db.Changed(g, needs.TagLists) {
		t.Fatal("a backing of need 1 did not change need 1 or the lists")
	}
	if db.Changed(g, needs.SimilarTag(n1.ID)) {
		t.Fatal("a backing of need 1 changed its similar needs")
	}
	if db.Changed(g, needs.Tag(n2.ID)) {
		t.Fatal("a backing of need 1 changed need 2")
	}

	// Withdrawing outside a transaction is tagged the same way.
	bs, err := db.FindBackings(ctx, n1.ID, false)
	must(t, err)
	g = db.WriteGeneration()
	must(t, db.WithdrawBacking(ctx, n1.ID, bs[0].ID, 0))
	if !db.Changed(g, needs.Tag(n1.ID)) || db.Changed(g, needs.Tag(n2.ID)) {
		t.Fatal("withdrawing a backing of need 1: need 1 unchanged or need 2 changed")
	}

	// One untagged statement in the transaction: everything may have changed.
	g = db.WriteGeneration()
	must(t, db.WithTx(ctx, func(ctx context.Context) error {
		if err := db.CreateBacking(ctx, &needs.Backing{NeedID: n1.ID, OrgID: o.ID}); err != nil {
			return err
		}
		_, err := db.EnsureSetting(ctx, "tags-untagged", "1")
		return err
	}))
	if !db.Changed(g, needs.Tag(n2.ID)) {
		t.Fatal("a transaction with an untagged write left need 2's answers standing")
	}

	// An edit of need 1 changes need 1 and the lists, and what the
	// transaction touches besides (Touch): need 2, not a third.
	g = db.WriteGeneration()
	n1.Title = "Byggesak i kommunen"
	must(t, db.WithTx(ctx, func(ctx context.Context) error {
		if err := db.UpdateNeed(ctx, n1); err != nil {
			return err
		}
		db.Touch(ctx, needs.SimilarTag(n2.ID))
		return nil
	}))
	if !db.Changed(g, needs.Tag(n1.ID)) || !db.Changed(g, needs.SimilarTag(n1.ID)) || !db.Changed(g, needs.TagLists) ||
		!db.Changed(g, needs.SimilarTag(n2.ID)) {
		t.Fatal("an edit of need 1 that touched need 2's similar needs: need 1, its similar needs, the lists or need 2's similar needs unchanged")
	}
	if db.Changed(g, needs.Tag(n2.ID)) {
		t.Fatal("an edit of need 1 changed need 2 itself")
	}
	if db.Changed(g, needs.Tag(n2.ID+1000)) {
		t.Fatal("an edit of need 1 changed a need it did not touch")
	}

	// Rolled back: nothing changed.
	g = db.WriteGeneration()
	boom := errors.New("boom")
	if err := db.WithTx(ctx, func(ctx context.Context) error {
		if _, err := db.EnsureSetting(ctx, "tags-rolled-back", "1"); err != nil {
			return err
		}
		return boom
	}); !errors.Is(err, boom) {
		t.Fatalf("rollback: %v", err)
	}
	if db.Changed(g) || db.Changed(g, needs.Tag(n2.ID)) {
		t.Fatal("a rolled-back transaction changed answers")
	}
}

// TestOtherNodesWritesCarryTheirTags: another handle's tagged write ends
// only what it changed here too (PostgreSQL commit notices carry the tags);
// on SQLite another process's write changes everything.
func TestOtherNodesWritesCarryTheirTags(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	a, b := watchedPair(ctx, t)
	o, n1, n2 := tagsFixture(t, b)
	time.Sleep(5 * watchEvery)
	g := a.WriteGeneration()
	must(t, b.CreateBacking(ctx, &needs.Backing{NeedID: n1.ID, OrgID: o.ID}))
	for end := time.Now().Add(10 * time.Second); !a.Changed(g, needs.Tag(n1.ID)); time.Sleep(watchEvery) {
		if time.Now().After(end) {
			t.Fatal("the other handle's backing of need 1 did not show")
		}
	}
	if a.Dialect() == store.Postgres && a.Changed(g, needs.Tag(n2.ID)) {
		t.Fatal("another node's backing of need 1 ended need 2's answers")
	}
	if a.Dialect() == store.SQLite && !a.Changed(g, needs.Tag(n2.ID)) {
		t.Fatal("another process's write on SQLite must change everything (it cannot say what)")
	}
}
