// Package jobs runs background work from a table in the database: services
// enqueue jobs inside their business transaction (so a rollback sends
// nothing), and a Runner in every `samstyr serve` claims due jobs, runs the
// handler registered for the kind, and retries failures with backoff.
// Periodic work (weekly digests, daily reminders) is scheduled as jobs with
// a unique key per period, so several nodes never run it twice.
package jobs

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"math"
	"sync"
	"time"

	"github.com/samstyr/samstyr/internal/errs"
)

// MaxAttempts is how often a job is tried before it is marked failed.
const MaxAttempts = 8

// Job is one unit of background work.
type Job struct {
	ID       int64
	Kind     string
	Payload  []byte
	Attempts int
	RunAt    time.Time
}

// Store is what the runner needs from storage.
type Store interface {
	// EnqueueJob adds a job; with a unique key it adds nothing (and returns
	// false) when a job with that key exists.
	EnqueueJob(ctx context.Context, kind string, payload []byte, runAt time.Time, uniqueKey string) (bool, error)
	// ClaimJob leases the next due job until now+lease; NotFound when none.
	ClaimJob(ctx context.Context, now time.Time, lease time.Duration) (*Job, error)
	CompleteJob(ctx context.Context, id int64, at time.Time) error
	RetryJob(ctx context.Context, id int64, lastErr string, runAt time.Time) error
	FailJob(ctx context.Context, id int64, lastErr string, at time.Time) error
}

// Enqueue marshals payload and adds a job to run at runAt (now when zero).
// Call it inside the business transaction.
func Enqueue(ctx context.Context, s Store, kind string, payload any, runAt time.Time, uniqueKey string) error {
	b, err := json.Marshal(payload)
	if err != nil {
		return fmt.Errorf("job %s: %w", kind, err)
	}
	if runAt.IsZero() {
		runAt = time.Now()
	}
	_, err = s.EnqueueJob(ctx, kind, b, runAt, uniqueKey)
	return err
}

// Handler runs one job. Returning an error retries it later.
type Handler func(ctx context.Context, payload []byte) error

// Periodic describes recurring work: Next returns the next run time after t.
type Periodic struct {
	Kind string
	Next func(t time.Time) time.Time
}

// Runner claims and runs jobs.
type Runner struct {
	store    Store
	log      *slog.Logger
	mu       sync.Mutex
	handlers map[string]Handler
	periodic []Periodic
	// Now is the clock; Poll how often to look for work when idle.
	Now  func() time.Time
	Poll time.Duration
	// Lease is how long a claimed job is reserved for one runner.
	Lease time.Duration
}

// NewRunner returns a runner on the store.
func NewRunner(s Store, log *slog.Logger) *Runner {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Runner{store: s, log: log, handlers: map[string]Handler{}, Now: time.Now, Poll: time.Second, Lease: 5 * time.Minute}
}

// Handle registers the handler of a kind.
func (r *Runner) Handle(kind string, h Handler) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.handlers[kind] = h
}

// Every registers periodic work of a kind (which must also have a handler).
func (r *Runner) Every(p Periodic) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.periodic = append(r.periodic, p)
}

// Schedule makes sure the next run of every periodic kind is enqueued.
func (r *Runner) Schedule(ctx context.Context) error {
	r.mu.Lock()
	ps := append([]Periodic(nil), r.periodic...)
	r.mu.Unlock()
	for _, p := range ps {
		at := p.Next(r.Now())
		key := p.Kind + "@" + at.UTC().Format(time.RFC3339)
		if _, err := r.store.EnqueueJob(ctx, p.Kind, []byte(`{"at":"`+at.UTC().Format(time.RFC3339)+`"}`), at, key); err != nil {
			return err
		}
	}
	return nil
}

// Run works until ctx ends: it schedules periodic work every minute and
// runs due jobs, sleeping Poll when there are none.
func (r *Runner) Run(ctx context.Context) {
	lastSchedule := time.Time{}
	for ctx.Err() == nil {
		if r.Now().Sub(lastSchedule) > time.Minute {
			if err := r.Schedule(ctx); err != nil && ctx.Err() == nil {
				r.log.Warn("job schedule", "err", err)
			}
			lastSchedule = r.Now()
		}
		ran, err := r.RunOne(ctx)
		if err != nil && ctx.Err() == nil {
			r.log.Warn("job claim", "err", err)
		}
		if !ran {
			select {
			case <-ctx.Done():
			case <-time.After(r.Poll):
			}
		}
	}
}

// RunDue runs every job due now and returns how many ran (tests, CLI).
func (r *Runner) RunDue(ctx context.Context) (int, error) {
	n := 0
	for {
		ran, err := r.RunOne(ctx)
		if err != nil || !ran {
			return n, err
		}
		n++
	}
}

// RunOne claims and runs one due job; false when there was none.
func (r *Runner) RunOne(ctx context.Context) (bool, error) {
	j, err := r.store.ClaimJob(ctx, r.Now(), r.Lease)
	if errs.Is(err, errs.NotFound) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	r.mu.Lock()
	h := r.handlers[j.Kind]
	r.mu.Unlock()
	if h == nil {
		return true, r.store.FailJob(ctx, j.ID, "no handler for kind "+j.Kind, r.Now())
	}
	jctx, cancel := context.WithTimeout(ctx, r.Lease)
	err = safeRun(jctx, h, j.Payload)
	cancel()
	if err == nil {
		return true, r.store.CompleteJob(ctx, j.ID, r.Now())
	}
	attempts := j.Attempts + 1
	r.log.Warn("job failed", "id", j.ID, "kind", j.Kind, "attempt", attempts, "err", err)
	if attempts >= MaxAttempts {
		return true, r.store.FailJob(ctx, j.ID, err.Error(), r.Now())
	}
	return true, r.store.RetryJob(ctx, j.ID, err.Error(), r.Now().Add(Backoff(attempts)))
}

// Backoff is the wait before attempt n+1: 30 s, 2 min, 4.5 min … capped at
// six hours.
func Backoff(n int) time.Duration {
	d := time.Duration(math.Pow(float64(n), 2)) * 30 * time.Second
	return min(d, 6*time.Hour)
}

func safeRun(ctx context.Context, h Handler, payload []byte) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("panic: %v", p)
		}
	}()
	return h(ctx, payload)
}

// WeeklyAt returns a Next function for a weekday and hour in Europe/Oslo.
func WeeklyAt(loc *time.Location, day time.Weekday, hour int) func(time.Time) time.Time {
	return func(t time.Time) time.Time {
		l := t.In(loc)
		next := time.Date(l.Year(), l.Month(), l.Day(), hour, 0, 0, 0, loc)
		for next.Weekday() != day || !next.After(l) {
			next = next.AddDate(0, 0, 1)
		}
		return next.UTC()
	}
}

// DailyAt returns a Next function for an hour each day in loc.
func DailyAt(loc *time.Location, hour int) func(time.Time) time.Time {
	return func(t time.Time) time.Time {
		l := t.In(loc)
		next := time.Date(l.Year(), l.Month(), l.Day(), hour, 0, 0, 0, loc)
		if !next.After(l) {
			next = next.AddDate(0, 0, 1)
		}
		return next.UTC()
	}
}
