package store

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"time"
)

// Write health for /readyz. A node whose every write fails (the disk is
// full, the database went read-only or away) must not report itself ready
// while reads still work. Two signals:
//
//   - passive: each write's outcome is noted; a storage failure (see
//     storageFailure) with no successful write since makes the node not
//     ready for a minute;
//   - active: CheckWrites writes this node's row of health_probe, at most
//     every probeEvery, so that an idle node finds out too.
type writeHealth struct {
	lastOK   atomic.Int64 // unix nanoseconds of the last successful write
	lastFail atomic.Pointer[writeFailure]

	mu       sync.Mutex
	probedAt time.Time
	probeErr error
}

type writeFailure struct {
	at  time.Time
	err error
}

// probeEvery is how often /readyz writes the probe row at most.
const probeEvery = 5 * time.Second

// failureMemory is how long a write failure without a later success keeps
// the node not ready.
const failureMemory = time.Minute

// noteWrite records the outcome of a write (a commit or a statement
// outside a transaction).
func (db *DB) noteWrite(err error) {
	if err == nil {
		db.health.lastOK.Store(time.Now().UnixNano())
		return
	}
	if storageFailure(err) {
		db.health.lastFail.Store(&writeFailure{at: time.Now(), err: err})
	}
}

// ErrWritesFailing is returned by CheckWrites when the database does not
// take writes.
var ErrWritesFailing = errors.New("the database does not take writes")

// CheckWrites reports whether writes work: nil, or an error wrapping
// ErrWritesFailing with the cause.
func (db *DB) CheckWrites(ctx context.Context) error {
	if f := db.health.lastFail.Load(); f != nil && time.Since(f.at) < failureMemory &&
		f.at.UnixNano() > db.health.lastOK.Load() {
		return fmt.Errorf("%w: %v", ErrWritesFailing, f.err)
	}
	h := &db.health
	h.mu.Lock()
	defer h.mu.Unlock()
	if !h.probedAt.IsZero() && time.Since(h.probedAt) < probeEvery && h.probeErr == nil {
		return nil
	}
	_, err := db.execOnly(ctx, `INSERT INTO health_probe (node, at) VALUES (?, ?)
		ON CONFLICT (node) DO UPDATE SET at = excluded.at`, db.node, timeArg(time.Now()))
	h.probedAt, h.probeErr = time.Now(), nil
	if err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		h.probeErr = fmt.Errorf("%w: %v", ErrWritesFailing, err)
	}
	return h.probeErr
}
