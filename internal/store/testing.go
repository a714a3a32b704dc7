package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"
	"io/fs"
)

// ExecForTest runs a raw statement (tests only: to prove the database
// refuses what the application never does).
func (db *DB) ExecForTest(ctx context.Context, q string, args ...any) (sql.Result, error) {
	defer db.bump(nil)
	return db.write.ExecContext(ctx, db.rebind(q), args...)
}

// ExecUncountedForTest runs a raw statement that no cache hears of (tests
// only: to see which cached answers a later write ends, change the data
// behind the caches first).
func (db *DB) ExecUncountedForTest(ctx context.Context, q string, args ...any) (sql.Result, error) {
	return db.write.ExecContext(ctx, db.rebind(q), args...)
}

// TamperForTest runs statements with the audit table's append-only triggers
// switched off, in one transaction, as someone with direct database access
// could. Tests use it to show that verification detects such changes.
func (db *DB) TamperForTest(ctx context.Context, stmts ...string) error {
	tx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var off, on []string
	if db.dialect == Postgres {
		off = []string{`ALTER TABLE audit_events DISABLE TRIGGER audit_events_no_update`}
		on = []string{`ALTER TABLE audit_events ENABLE TRIGGER audit_events_no_update`}
	} else {
		off = []string{`DROP TRIGGER audit_events_no_update`, `DROP TRIGGER audit_events_no_delete`}
		on = []string{
			`CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events BEGIN SELECT RAISE(ABORT, 'audit_events is append-only'); END`,
			`CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events BEGIN SELECT RAISE(ABORT, 'audit_events is append-only'); END`,
		}
	}
	for _, q := range append(append(off, stmts...), on...) {
		if _, err := tx.ExecContext(ctx, db.rebind(q)); err != nil {
			return err
		}
	}
	defer db.bump(nil)
	return tx.Commit()
}

// CountRowsForTest counts the rows of a table matching a condition (tests
// only: to check that nothing was lost, doubled or stored partially).
func (db *DB) CountRowsForTest(ctx context.Context, table, where string) (int, error) {
	q := `SELECT COUNT(*) FROM ` + table
	if where != "" {
		q += ` WHERE ` + where
	}
	var n int
	err := db.read.QueryRowContext(ctx, db.rebind(q)).Scan(&n)
	return n, err
}

// SetSmallCollectionForTest sets the collection size below which similar
// needs are found by scoring every need that shares a word (SQLite), so
// that a test's few needs can take the path of a large collection.
func (db *DB) SetSmallCollectionForTest(n int64) {
	db.smallCollection.Store(n)
	db.terms.mu.Lock()
	db.terms.docs = nil // count the words again
	db.terms.mu.Unlock()
}

// WatchingWritesForTest reports whether WatchWrites has started watching
// (SQLite: has read data_version once; PostgreSQL: listens).
func (db *DB) WatchingWritesForTest() bool { return db.watching.Load() }

// QueryRowForTest runs a raw one-row query on the write connection (tests
// only: PRAGMAs of the connection that writes).
func (db *DB) QueryRowForTest(ctx context.Context, q string, args ...any) *sql.Row {
	return db.write.QueryRowContext(ctx, db.rebind(q), args...)
}

// HoldWriteLockForTest takes the write lock from a connection of its own,
// as another process or node holding a long write transaction would, and
// returns what releases it (tests only: writes of the application then
// wait for it).
func (db *DB) HoldWriteLockForTest(ctx context.Context) (release func(), err error) {
	if db.dialect == SQLite {
		// The write pool has one connection: a second SQLite handle on the
		// same file holds the lock as another process would.
		var path string
		if err := db.read.QueryRowContext(ctx, `SELECT file FROM pragma_database_list WHERE name = 'main'`).Scan(&path); err != nil {
			return nil, err
		}
		other, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(1000)")
		if err != nil {
			return nil, err
		}
		c, err := other.Conn(ctx)
		if err != nil {
			other.Close()
			return nil, err
		}
		if _, err := c.ExecContext(ctx, `BEGIN IMMEDIATE`); err != nil {
			c.Close()
			other.Close()
			return nil, err
		}
		return func() { _, _ = c.ExecContext(context.Background(), `ROLLBACK`); c.Close(); other.Close() }, nil
	}
	conn, err := db.write.Conn(ctx)
	if err != nil {
		return nil, err
	}
	if _, err := conn.ExecContext(ctx, `SELECT pg_advisory_lock($1)`, db.lockKey); err != nil {
		conn.Close()
		return nil, err
	}
	return func() {
		_, _ = conn.ExecContext(context.Background(), `SELECT pg_advisory_unlock($1)`, db.lockKey)
		conn.Close()
	}, nil
}

// MigrationsDigest is a hash of the embedded migrations of both dialects.
// Test helpers key their migrated template databases by it, so a changed
// migration builds a new template.
func MigrationsDigest() string {
	h := sha256.New()
	_ = fs.WalkDir(migrations, ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := migrations.ReadFile(path)
		if err != nil {
			return err
		}
		fmt.Fprintf(h, "%s\x00%d\x00", path, len(b))
		h.Write(b)
		return nil
	})
	return hex.EncodeToString(h.Sum(nil))
}
