package audit

import (
	"context"

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
}

// Service lets people read and verify the log.
type Service struct{ store Store }

// NewService returns the audit service.
func NewService(s Store) *Service { return &Service{store: s} }

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
