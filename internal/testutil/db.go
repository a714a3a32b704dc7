// Package testutil holds what tests share: a fresh database per test (SQLite
// by default, PostgreSQL when SAMSTYR_TEST_DATABASE_URL is set), builders for
// common records and a fake clock.
package testutil

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib"

	"github.com/samstyr/samstyr/internal/store"
)

// EnvPostgres names the variable that switches tests to PostgreSQL.
const EnvPostgres = "SAMSTYR_TEST_DATABASE_URL"

// PostgresURL returns the test PostgreSQL URL, or "".
func PostgresURL() string { return os.Getenv(EnvPostgres) }

// NewDB returns a migrated, empty database for one test, removed when the
// test ends. On PostgreSQL each test gets its own schema.
func NewDB(t testing.TB) *store.DB {
	t.Helper()
	ctx := context.Background()
	opts := NewDBOptions(t)
	db, err := store.Open(ctx, opts)
	if err != nil {
		t.Fatalf("open test database: %v", err)
	}
	t.Cleanup(func() { db.Close() })
	if err := db.Migrate(ctx); err != nil {
		t.Fatalf("migrate test database: %v", err)
	}
	return db
}

// NewDBOptions returns store options for a fresh, unmigrated database of one
// test: a temp SQLite file, or a new PostgreSQL schema (dropped at cleanup).
func NewDBOptions(t testing.TB) store.Options {
	t.Helper()
	if base := PostgresURL(); base != "" {
		return store.Options{URL: NewPostgresSchema(t, base), ReadConns: 8}
	}
	return store.Options{Path: filepath.Join(t.TempDir(), "samstyr.db")}
}

// NewPostgresSchema creates a schema with a random name in the database of
// base and returns a URL whose search_path is that schema.
func NewPostgresSchema(t testing.TB, base string) string {
	t.Helper()
	admin, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatalf("open postgres: %v", err)
	}
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	schema := "t_" + hex.EncodeToString(b)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if _, err := admin.ExecContext(ctx, `CREATE SCHEMA `+schema); err != nil {
		admin.Close()
		t.Fatalf("create schema (is PostgreSQL running at %s?): %v", base, err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		_, _ = admin.ExecContext(ctx, `DROP SCHEMA `+schema+` CASCADE`)
		admin.Close()
	})
	u, err := url.Parse(base)
	if err != nil {
		t.Fatalf("parse %s: %v", EnvPostgres, err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

// Clock is a settable fake clock.
type Clock struct {
	mu sync.Mutex
	t  time.Time
}

// NewClock returns a clock at t.
func NewClock(t time.Time) *Clock { return &Clock{t: t} }

// Now returns the clock's time.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

// Advance moves the clock forward by d.
func (c *Clock) Advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// Set moves the clock to t.
func (c *Clock) Set(t time.Time) {
	c.mu.Lock()
	c.t = t
	c.mu.Unlock()
}
