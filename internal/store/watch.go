package store

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
)

// Writes by other processes (a command such as `samstyr user create` on the
// same SQLite file) or by other nodes (PostgreSQL) must end this process's
// caches too, or they would serve answers from before such a write until
// their time limit. WatchWrites counts those writes in the write
// generation, as this process's own commits are counted:
//
//   - SQLite: PRAGMA data_version on the one write connection changes when
//     another connection — so another process, as every write of this one
//     goes through that connection — has committed. It is read every
//     interval.
//   - PostgreSQL: every commit sends NOTIFY on the channel writesChannel
//     (one per schema) with the node's id (notifyWrite); a listening
//     connection counts the notices of other nodes at once. While it is not
//     listening (at start, after a lost connection) every interval counts
//     as a write.

// writesChannel is the PostgreSQL channel of commit notices, one per
// schema (nodes share a schema; tests each have their own).
func writesChannel(schema string) string {
	return "samstyr_writes_" + strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '_' {
			return r
		}
		return '_'
	}, strings.ToLower(schema))
}

// newNodeID names this process in its commit notices.
func newNodeID() string {
	b := make([]byte, 8)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// notifyWrite tells the other nodes of a write: inside a transaction the
// notice goes out at its commit, and not at all if it rolls back.
func (db *DB) notifyWrite(ctx context.Context, q querier, tags []string) error {
	if db.dialect != Postgres {
		return nil
	}
	_, err := q.ExecContext(ctx, `SELECT pg_notify($1, $2)`, db.channel, db.notice(tags))
	return err
}

// WatchWrites counts the writes of other processes and nodes in the write
// generation until ctx ends; interval is how often SQLite is asked (and
// how long PostgreSQL waits before listening again after a lost
// connection). `serve` runs it.
func (db *DB) WatchWrites(ctx context.Context, interval time.Duration) {
	if db.dialect == Postgres {
		db.listenWrites(ctx, interval)
		return
	}
	t := time.NewTicker(interval)
	defer t.Stop()
	var last int64
	for {
		var v int64
		if err := db.write.QueryRowContext(ctx, `PRAGMA data_version`).Scan(&v); err == nil {
			if last != 0 && v != last {
				db.bump(nil)
			}
			last = v
			db.watching.Store(true)
		} else if ctx.Err() == nil {
			db.log.Warn("reading data_version", "err", err)
			db.bump(nil)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// listenWrites listens for the commit notices of other nodes.
func (db *DB) listenWrites(ctx context.Context, interval time.Duration) {
	for ctx.Err() == nil {
		err := db.listenOnce(ctx)
		if ctx.Err() != nil {
			return
		}
		db.log.Warn("listening for other nodes' writes", "err", err)
		// Not listening: whatever was written meanwhile is unknown.
		t := time.NewTimer(interval)
		select {
		case <-ctx.Done():
			t.Stop()
			return
		case <-t.C:
		}
		db.bump(nil)
	}
}

// listenOnce holds one listening connection until it fails or ctx ends.
func (db *DB) listenOnce(ctx context.Context) error {
	conn, err := pgx.Connect(ctx, db.url)
	if err != nil {
		return err
	}
	defer conn.Close(context.WithoutCancel(ctx))
	if _, err := conn.Exec(ctx, "LISTEN "+pgx.Identifier{db.channel}.Sanitize()); err != nil {
		return err
	}
	db.bump(nil) // writes before LISTEN took effect are not known
	db.watching.Store(true)
	defer db.watching.Store(false)
	for {
		n, err := conn.WaitForNotification(ctx)
		if err != nil {
			return err
		}
		if node, tags := parseNotice(n.Payload); node != db.node {
			db.bump(tags)
		}
	}
}
