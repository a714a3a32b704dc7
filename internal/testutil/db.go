// Package testutil holds what tests share: a fresh database per test (SQLite
// by default, PostgreSQL when SAMSTYR_TEST_DATABASE_URL is set), builders for
// common records and a fake clock.
package testutil

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"strings"
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
// test ends: a copy of a template migrated once (see NewDBOptions).
func NewDB(t testing.TB) *store.DB {
	t.Helper()
	ctx := context.Background()
	opts := NewDBOptions(t)
	db, err := store.Open(ctx, opts)
	if err != nil {
		t.Fatalf("open test database: %v", err)
	}
	t.Cleanup(func() { db.Close() })
	if err := db.Migrate(ctx); err != nil { // a no-op on the copy; fails if the template is stale
		t.Fatalf("migrate test database: %v", err)
	}
	return db
}

// NewDBOptions returns store options for a fresh, migrated and empty
// database of one test: a copy of a template SQLite file, or a PostgreSQL
// database created from a template database (dropped at cleanup). The
// templates are migrated once per set of migrations (keyed by
// store.MigrationsDigest) and shared by test processes; migrating every
// test's database from nothing took most of a test's time under the race
// detector. Tests that need an unmigrated PostgreSQL schema use
// NewPostgresSchema.
func NewDBOptions(t testing.TB) store.Options {
	t.Helper()
	if base := PostgresURL(); base != "" {
		return store.Options{URL: newPostgresDatabase(t, base), ReadConns: 8}
	}
	tmpl, err := sqliteTemplate()
	if err != nil {
		t.Fatalf("template database: %v", err)
	}
	path := filepath.Join(t.TempDir(), "samstyr.db")
	if err := copyFile(tmpl, path); err != nil {
		t.Fatalf("copy template database: %v", err)
	}
	return store.Options{Path: path}
}

var sqliteTmpl struct {
	once sync.Once
	path string
	err  error
}

// sqliteTemplate returns the path of a migrated SQLite file in the
// temporary folder, building it when this set of migrations has none yet.
// It is built in a folder of its own and renamed into place, so test
// processes running side by side never see half a template.
func sqliteTemplate() (string, error) {
	sqliteTmpl.once.Do(func() {
		dir := filepath.Join(os.TempDir(), "samstyr-test-template-"+store.MigrationsDigest()[:16])
		final := filepath.Join(dir, "samstyr.db")
		if _, err := os.Stat(final); err == nil {
			sqliteTmpl.path = final
			return
		}
		tmp, err := os.MkdirTemp(os.TempDir(), "samstyr-test-template-build-")
		if err != nil {
			sqliteTmpl.err = err
			return
		}
		defer os.RemoveAll(tmp)
		ctx := context.Background()
		db, err := store.Open(ctx, store.Options{Path: filepath.Join(tmp, "samstyr.db")})
		if err != nil {
			sqliteTmpl.err = err
			return
		}
		err = db.Migrate(ctx)
		if _, cerr := db.ExecUncountedForTest(ctx, `PRAGMA wal_checkpoint(TRUNCATE)`); err == nil {
			err = cerr
		}
		if cerr := db.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			sqliteTmpl.err = err
			return
		}
		for _, side := range []string{"-wal", "-shm"} {
			_ = os.Remove(filepath.Join(tmp, "samstyr.db"+side))
		}
		if err := os.Rename(tmp, dir); err != nil {
			// Another process built it first.
			if _, serr := os.Stat(final); serr != nil {
				sqliteTmpl.err = err
				return
			}
		}
		sqliteTmpl.path = final
	})
	return sqliteTmpl.path, sqliteTmpl.err
}

func copyFile(from, to string) error {
	in, err := os.Open(from)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(to, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

var pgTmpl struct {
	mu    sync.Mutex
	built map[string]string // base URL → template database name
}

// postgresTemplate returns the name of a migrated template database on the
// server of base, building it under an advisory lock when this set of
// migrations has none yet. Templates of other migrations are dropped.
func postgresTemplate(base string) (string, error) {
	pgTmpl.mu.Lock()
	defer pgTmpl.mu.Unlock()
	if name, ok := pgTmpl.built[base]; ok {
		return name, nil
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	admin, err := sql.Open("pgx", base)
	if err != nil {
		return "", err
	}
	defer admin.Close()
	conn, err := admin.Conn(ctx)
	if err != nil {
		return "", fmt.Errorf("is PostgreSQL running at %s? %w", base, err)
	}
	defer conn.Close()
	const lockKey = 0x5a3157_7e3a
	if _, err := conn.ExecContext(ctx, `SELECT pg_advisory_lock($1)`, lockKey); err != nil {
		return "", err
	}
	defer conn.ExecContext(context.Background(), `SELECT pg_advisory_unlock($1)`, lockKey) //nolint:errcheck
	name := "samstyr_tmpl_" + store.MigrationsDigest()[:16]
	var exists bool
	if err := conn.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)`, name).Scan(&exists); err != nil {
		return "", err
	}
	if !exists {
		rows, err := conn.QueryContext(ctx, `SELECT datname FROM pg_database WHERE datname LIKE 'samstyr\_tmpl\_%'`)
		if err != nil {
			return "", err
		}
		var old []string
		for rows.Next() {
			var n string
			if err := rows.Scan(&n); err != nil {
				rows.Close()
				return "", err
			}
			old = append(old, n)
		}
		rows.Close()
		for _, n := range old { // a template of other migrations, or a build that died
			_, _ = conn.ExecContext(ctx, `DROP DATABASE IF EXISTS `+n+` WITH (FORCE)`)
		}
		build := name + "_build"
		if _, err := conn.ExecContext(ctx, `CREATE DATABASE `+build); err != nil {
			return "", err
		}
		db, err := store.Open(ctx, store.Options{URL: databaseURL(base, build), ReadConns: 2})
		if err != nil {
			return "", err
		}
		err = db.Migrate(ctx)
		if cerr := db.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return "", fmt.Errorf("migrate template: %w", err)
		}
		if err := retryBusy(func() error {
			_, err := conn.ExecContext(ctx, `ALTER DATABASE `+build+` RENAME TO `+name)
			return err
		}); err != nil {
			return "", err
		}
	}
	if pgTmpl.built == nil {
		pgTmpl.built = map[string]string{}
	}
	pgTmpl.built[base] = name
	return name, nil
}

// newPostgresDatabase creates a database with a random name from the
// migrated template and returns its URL; it is dropped when the test ends.
func newPostgresDatabase(t testing.TB, base string) string {
	t.Helper()
	tmpl, err := postgresTemplate(base)
	if err != nil {
		t.Fatalf("template database: %v", err)
	}
	admin, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatalf("open postgres: %v", err)
	}
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	name := "samstyr_t_" + hex.EncodeToString(b)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	if err := retryBusy(func() error {
		_, err := admin.ExecContext(ctx, `CREATE DATABASE `+name+` TEMPLATE `+tmpl)
		return err
	}); err != nil {
		admin.Close()
		t.Fatalf("create database from %s: %v", tmpl, err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
		defer cancel()
		if _, err := admin.ExecContext(ctx, `DROP DATABASE IF EXISTS `+name+` WITH (FORCE)`); err != nil {
			t.Logf("drop test database %s: %v", name, err)
		}
		admin.Close()
	})
	return databaseURL(base, name)
}

// retryBusy runs f again for a few seconds while PostgreSQL refuses it
// because another session is still connected to the database involved (a
// closed pool's sessions end a moment after Close returns).
func retryBusy(f func() error) error {
	for i := 0; ; i++ {
		err := f()
		if err == nil || i == 50 || !strings.Contains(err.Error(), "is being accessed by other users") {
			return err
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// databaseURL is base with its database replaced by name.
func databaseURL(base, name string) string {
	u, err := url.Parse(base)
	if err != nil {
		return base
	}
	u.Path = "/" + name
	q := u.Query()
	q.Del("search_path")
	u.RawQuery = q.Encode()
	return u.String()
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
