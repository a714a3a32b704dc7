package audit

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/samstyr/samstyr/internal/listing"
	"github.com/samstyr/samstyr/internal/policy"
)

// Filter selects events; lists are newest first.
type Filter struct {
	ObjectType string
	ObjectID   string
	ActorID    int64
	Action     string
	Limit      int
	Before     int64 // events with a sequence number below this; 0 for the newest
}

// Store is what the audit service needs from storage.
type Store interface {
	FindAuditEvents(ctx context.Context, f Filter) ([]*Event, error)
	VerifyAudit(ctx context.Context) (Result, error)
	Record(ctx context.Context, e Entry) error
}

// Service lets people read and verify the log, and records refusals.
type Service struct {
	store Store
	Now   func() time.Time

	mu      sync.Mutex
	refused map[string]time.Time // person and route → last recorded refusal
}

// NewService returns the audit service.
func NewService(s Store) *Service {
	return &Service{store: s, Now: time.Now, refused: map[string]time.Time{}}
}

// RefusalEvery is how often at most a refusal of one person on one route
// is recorded, so that a script hammering a forbidden route cannot fill
// the log.
const RefusalEvery = time.Minute

// ActionRefused is the audit action of a refused request (403).
const ActionRefused = "access.refused"

// Refused records that a request of personID (0 for the public) on route
// ("METHOD /pattern") was refused with 403, at most once per person and
// route within RefusalEvery. It reports whether it wrote an event. The
// record is written even when the request's context has ended.
func (s *Service) Refused(ctx context.Context, personID int64, route string) (bool, error) {
	key := fmt.Sprintf("%d %s", personID, route)
	now := s.Now()
	s.mu.Lock()
	if last, ok := s.refused[key]; ok && now.Sub(last) < RefusalEvery {
		s.mu.Unlock()
		return false, nil
	}
	if len(s.refused) > 10000 {
		for k, t := range s.refused {
			if now.Sub(t) >= RefusalEvery {
				delete(s.refused, k)
			}
		}
	}
	s.refused[key] = now
	s.mu.Unlock()
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
	defer cancel()
	err := s.store.Record(ctx, Entry{ActorID: personID, Action: ActionRefused, ObjectType: "route", ObjectKey: route})
	return err == nil, err
}

// List returns a page of events, newest first. The cursor is the sequence
// number to continue below. Errors: Forbidden.
func (s *Service) List(ctx context.Context, a *policy.Actor, f Filter) (listing.Page[*Event], error) {
	var page listing.Page[*Event]
	act := policy.AuditList
	if f.ObjectType != "" && f.ObjectID != "" {
		act = policy.AuditItem
	}
	if err := policy.Check(a, act, policy.Resource{}); err != nil {
		return page, err
	}
	if f.Limit <= 0 || f.Limit > listing.MaxLimit {
		f.Limit = listing.DefaultLimit
	}
	want := f.Limit
	f.Limit++
	rows, err := s.store.FindAuditEvents(ctx, f)
	if err != nil {
		return page, err
	}
	return listing.Trim(rows, want, func(e *Event) listing.Cursor { return listing.Cursor{ID: e.Seq} }), nil
}

// Verify checks the whole chain. Errors: Forbidden.
func (s *Service) Verify(ctx context.Context, a *policy.Actor) (Result, error) {
	if err := policy.Check(a, policy.AuditVerify, policy.Resource{}); err != nil {
		return Result{}, err
	}
	return s.store.VerifyAudit(ctx)
}
