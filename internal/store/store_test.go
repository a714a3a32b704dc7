package store_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/samstyr/samstyr/internal/audit"
	"github.com/samstyr/samstyr/internal/auth"
	"github.com/samstyr/samstyr/internal/errs"
	"github.com/samstyr/samstyr/internal/governance"
	"github.com/samstyr/samstyr/internal/org"
	"github.com/samstyr/samstyr/internal/store"
	"github.com/samstyr/samstyr/internal/testutil"
)

func TestMigrationsMatchAcrossDialects(t *testing.T) {
	lite, err := store.MigrationFiles(store.SQLite)
	if err != nil {
		t.Fatal(err)
	}
	pg, err := store.MigrationFiles(store.Postgres)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(lite, pg) {
		t.Fatalf("migration files differ:\nsqlite:   %v\npostgres: %v", lite, pg)
	}
	for i, name := range lite {
		want := fmt.Sprintf("%04d_", i+1)
		if !strings.HasPrefix(name, want) {
			t.Errorf("migration %d is %q, want a name starting %q (numbers without gaps)", i+1, name, want)
		}
	}
}

func TestMigrateTwiceIsNoop(t *testing.T) {
	db := testutil.NewDB(t)
	ctx := context.Background()
	if err := db.Migrate(ctx); err != nil {
		t.Fatalf("second migrate: %v", err)
	}
	cur, latest, err := db.MigrationStatus(ctx)
	if err != nil || cur != latest || cur == 0 {
		t.Fatalf("status = %d, %d, %v; want equal and non-zero", cur, latest, err)
	}
}

func TestOrganisationRoundTrip(t *testing.T) {
	db := testutil.NewDB(t)
	ctx := context.Background()
	o := &org.Organisation{Kind: "municipality", Name: "Ålesund", OfficialName: "Ålesund", OrgNumber: "929911709",
		MunicipalityNumber: "1508", CountyNumber: "15", CountyName: "Møre og Romsdal", Population: 67114,
		PopulationDate: time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC), Active: true}
	if err := db.CreateOrganisation(ctx, o); err != nil {
		t.Fatal(err)
	}
	got, err := db.FindOrganisationByID(ctx, o.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Name != "Ålesund" || got.Population != 67114 || !got.PopulationDate.Equal(o.PopulationDate) || !got.Active ||
		!got.CreatedAt.Equal(o.CreatedAt) || got.OrgNumber != "929911709" {
		t.Fatalf("round trip: got %+v, want %+v", got, o)
	}
	// Search is case-insensitive also for Norwegian letters.
	list, err := db.FindOrganisations(ctx, org.Filter{Q: "ÅLE", Limit: 10})
	if err != nil || len(list) != 1 {
		t.Fatalf("search ÅLE: %v %v", list, err)
	}
	// A duplicate organisation number is a conflict.
	dup := *o
	dup.MunicipalityNumber = "9999"
	if err := db.CreateOrganisation(ctx, &dup); errs.CodeOf(err) != errs.Conflict {
		t.Fatalf("duplicate org number: got %v, want Conflict", err)
	}
	if _, err := db.FindOrganisationByID(ctx, 987654); errs.CodeOf(err) != errs.NotFound {
		t.Fatalf("missing: got %v, want NotFound", err)
	}
}

func TestTransactionRollsBack(t *testing.T) {
	db := testutil.NewDB(t)
	ctx := context.Background()
	err := db.WithTx(ctx, func(ctx context.Context) error {
		if err := db.CreateOrganisation(ctx, &org.Organisation{Kind: "vendor", Name: "Rollback AS"}); err != nil {
			return err
		}
		if err := db.Record(ctx, audit.Entry{Action: "test", ObjectType: "x", ObjectID: 1}); err != nil {
			return err
		}
		return errs.E(errs.Invalid, "test")
	})
	if errs.CodeOf(err) != errs.Invalid {
		t.Fatalf("got %v", err)
	}
	list, _ := db.FindOrganisations(ctx, org.Filter{Q: "Rollback", Limit: 10})
	if len(list) != 0 {
		t.Fatal("organisation survived the rollback")
	}
	if seq, _, _ := db.AuditHead(ctx); seq != 0 {
		t.Fatalf("audit head moved to %d in a rolled-back transaction", seq)
	}
}

func TestPersonSessionAndActor(t *testing.T) {
	db := testutil.NewDB(t)
	ctx := context.Background()
	o := &org.Organisation{Kind: "municipality", Name: "Bodø", MunicipalityNumber: "1804", CountyNumber: "18"}
	must(t, db.CreateOrganisation(ctx, o))
	p := &auth.Person{Email: "a@bodo.kommune.no", Name: "Anne", OrgID: o.ID, Locale: "nn", NotifyMode: "digest", PasswordHash: "x"}
	must(t, db.CreatePerson(ctx, p))
	b := &governance.Body{Kind: "user_council", Slug: "brukerradet", NameNB: "Brukerrådet", NameNN: "Brukarrådet", NameEN: "User council", Active: true}
	must(t, db.CreateBody(ctx, b))
	today := time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC)
	must(t, db.CreateMembership(ctx, &governance.Membership{BodyID: b.ID, PersonID: p.ID, OrgID: o.ID, Function: "member",
		Sector: "municipal", TermFrom: today.AddDate(-1, 0, 0), TermTo: today.AddDate(1, 0, 0), Status: "active"}))
	must(t, db.CreateMembership(ctx, &governance.Membership{BodyID: b.ID, PersonID: p.ID, Function: "chair",
		Sector: "municipal", TermFrom: today.AddDate(-3, 0, 0), TermTo: today.AddDate(-1, 0, -1), Status: "active"}))
	a, err := db.FindActor(ctx, p.ID, today)
	if err != nil {
		t.Fatal(err)
	}
	if a.OrgKind != "municipality" || a.Locale != "nn" || len(a.Memberships) != 1 || a.Memberships[0].Function != "member" {
		t.Fatalf("actor = %+v", a)
	}
	s := &auth.Session{IDHash: "h1", PersonID: p.ID, CreatedAt: today, LastSeenAt: today, ExpiresAt: today.Add(time.Hour)}
	must(t, db.CreateSession(ctx, s))
	got, err := db.FindSession(ctx, "h1")
	if err != nil || !got.ExpiresAt.Equal(s.ExpiresAt) || got.MFAOK {
		t.Fatalf("session = %+v, %v", got, err)
	}
	must(t, db.SetSessionMFA(ctx, "h1"))
	got, _ = db.FindSession(ctx, "h1")
	if !got.MFAOK {
		t.Fatal("mfa flag not stored")
	}
	// Disabling the person hides the actor.
	p.DisabledAt = today
	must(t, db.UpdatePerson(ctx, p))
	if _, err := db.FindActor(ctx, p.ID, today); errs.CodeOf(err) != errs.NotFound {
		t.Fatalf("disabled actor: %v", err)
	}
}

func TestLoginFailureWindow(t *testing.T) {
	db := testutil.NewDB(t)
	ctx := context.Background()
	t0 := time.Date(2026, 1, 1, 10, 0, 0, 0, time.UTC)
	for i := range 3 {
		must(t, db.AddLoginFailure(ctx, "account", "x@y.no", t0.Add(time.Duration(i)*time.Minute)))
	}
	n, oldest, err := db.CountLoginFailures(ctx, "account", "x@y.no", t0.Add(30*time.Second))
	if err != nil || n != 2 || !oldest.Equal(t0.Add(time.Minute)) {
		t.Fatalf("count = %d, oldest %v, %v", n, oldest, err)
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
