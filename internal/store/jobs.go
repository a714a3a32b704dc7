package store

import (
	"context"
	"time"

	"github.com/samstyr/samstyr/internal/jobs"
)

// EnqueueJob adds a job; with a unique key an existing job of that key
// makes it a no-op (false).
func (db *DB) EnqueueJob(ctx context.Context, kind string, payload []byte, runAt time.Time, uniqueKey string) (bool, error) {
	ctx = Tagged(ctx, tagNotifications)
	res, err := db.exec(ctx, `INSERT INTO jobs (kind, payload, unique_key, run_at, created_at) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (unique_key) DO NOTHING`, kind, string(payload), nullStr(uniqueKey), timeArg(runAt), db.now())
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, mapError(err)
}

// ClaimJob leases the oldest due job. On PostgreSQL several nodes claim
// concurrently, so the row is locked with SKIP LOCKED; SQLite has one
// writer and needs no more than the transaction.
func (db *DB) ClaimJob(ctx context.Context, now time.Time, lease time.Duration) (*jobs.Job, error) {
	var j jobs.Job
	var payload string
	// Look first without a write transaction: runners poll every second and
	// most polls find nothing, which should not take SQLite's write lock.
	var due int
	if err := db.queryRow(ctx, `SELECT COUNT(*) FROM (SELECT 1 FROM jobs WHERE done_at IS NULL AND run_at <= ?
		AND (locked_until IS NULL OR locked_until < ?) LIMIT 1) d`, timeArg(now), timeArg(now)).Scan(&due); err != nil {
		return nil, mapError(err)
	}
	if due == 0 {
		return nil, notFound("job", "")
	}
	err := db.WithTx(ctx, func(ctx context.Context) error {
		q := `SELECT id FROM jobs WHERE done_at IS NULL AND run_at <= ? AND (locked_until IS NULL OR locked_until < ?)
			ORDER BY run_at, id LIMIT 1`
		if db.dialect == Postgres {
			q += ` FOR UPDATE SKIP LOCKED`
		}
		if err := db.queryRow(ctx, q, timeArg(now), timeArg(now)).Scan(&j.ID); err != nil {
			return orNotFound(mapError(err), "job", "")
		}
		return db.queryRow(ctx, `UPDATE jobs SET locked_until = ? WHERE id = ? RETURNING kind, payload, attempts, run_at`,
			timeArg(now.Add(lease)), j.ID).Scan(&j.Kind, &payload, &j.Attempts, tm(&j.RunAt))
	})
	if err != nil {
		return nil, err
	}
	j.Payload = []byte(payload)
	return &j, nil
}

// CompleteJob marks a job done.
func (db *DB) CompleteJob(ctx context.Context, id int64, at time.Time) error {
	return db.bookkeep(ctx, `UPDATE jobs SET done_at = ?, locked_until = NULL, attempts = attempts + 1 WHERE id = ?`, timeArg(at), id)
}

// RetryJob records a failure and schedules the next attempt.
func (db *DB) RetryJob(ctx context.Context, id int64, lastErr string, runAt time.Time) error {
	return db.bookkeep(ctx, `UPDATE jobs SET attempts = attempts + 1, last_error = ?, run_at = ?, locked_until = NULL WHERE id = ?`,
		lastErr, timeArg(runAt), id)
}

// FailJob gives up on a job.
func (db *DB) FailJob(ctx context.Context, id int64, lastErr string, at time.Time) error {
	return db.bookkeep(ctx, `UPDATE jobs SET attempts = attempts + 1, last_error = ?, failed = ?, done_at = ?, locked_until = NULL WHERE id = ?`,
		lastErr, true, timeArg(at), id)
}
