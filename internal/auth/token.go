package auth

import (
	"context"
	"strings"
	"time"

	"github.com/samstyr/samstyr/internal/audit"
	"github.com/samstyr/samstyr/internal/errs"
	"github.com/samstyr/samstyr/internal/policy"
)

// TokenPrefix starts every API token, so leaked tokens are easy to find.
const TokenPrefix = "sst_"

// Token is an API token. Only its hash is stored; Prefix is shown so people
// can tell their tokens apart.
type Token struct {
	ID         int64     `json:"id"`
	PersonID   int64     `json:"person_id"`
	Name       string    `json:"name"`
	Prefix     string    `json:"prefix"`
	CreatedAt  time.Time `json:"created_at"`
	LastUsedAt time.Time `json:"last_used_at,omitzero"`
	RevokedAt  time.Time `json:"revoked_at,omitzero"`
	Hash       string    `json:"-"`
}

// CreateToken makes a new API token for person personID (oneself, or anyone
// for the system actor) and returns the raw token, shown once. Errors:
// Forbidden, Invalid (name), NotFound.
func (s *Service) CreateToken(ctx context.Context, a *policy.Actor, personID int64, name string) (string, *Token, error) {
	if err := policy.Check(a, policy.TokenCreate, policy.Resource{OwnerID: personID}); err != nil {
		return "", nil, err
	}
	if !a.System && a.ID() != personID {
		return "", nil, errs.E(errs.Forbidden, "error.forbidden")
	}
	name = strings.TrimSpace(name)
	if name == "" {
		name = "API"
	}
	if len([]rune(name)) > 100 {
		return "", nil, invalid("name", "error.too_long", "max", 100)
	}
	p, err := s.store.FindPersonByID(ctx, personID)
	if err != nil {
		return "", nil, err
	}
	if p.Disabled() {
		return "", nil, invalid("email", "auth.error.disabled")
	}
	raw, hash := newSecret(TokenPrefix, 32)
	t := &Token{PersonID: personID, Name: name, Prefix: raw[:len(TokenPrefix)+6], CreatedAt: s.Now(), Hash: hash}
	err = s.store.WithTx(ctx, func(ctx context.Context) error {
		if err := s.store.CreateToken(ctx, t); err != nil {
			return err
		}
		return s.store.Record(ctx, audit.Entry{ActorID: a.ID(), Action: "token.create", ObjectType: "api_token", ObjectID: t.ID, After: t})
	})
	if err != nil {
		return "", nil, err
	}
	return raw, t, nil
}

// Tokens lists a person's tokens. Errors: Forbidden.
func (s *Service) Tokens(ctx context.Context, a *policy.Actor, personID int64) ([]*Token, error) {
	if a.ID() != personID {
		if err := policy.Check(a, policy.PersonView, policy.Resource{OwnerID: personID}); err != nil {
			return nil, err
		}
	} else if err := policy.Check(a, policy.PersonSelf, policy.Resource{OwnerID: personID}); err != nil {
		return nil, err
	}
	return s.store.FindTokens(ctx, personID)
}

// RevokeToken revokes a token: its owner, an administrator or the system
// may. Errors: Forbidden, NotFound.
func (s *Service) RevokeToken(ctx context.Context, a *policy.Actor, id int64) error {
	t, err := s.store.FindTokenByID(ctx, id)
	if err != nil {
		return err
	}
	if err := policy.Check(a, policy.TokenRevoke, policy.Resource{OwnerID: t.PersonID}); err != nil {
		return err
	}
	if !t.RevokedAt.IsZero() {
		return nil
	}
	return s.store.WithTx(ctx, func(ctx context.Context) error {
		if err := s.store.RevokeToken(ctx, id, s.Now()); err != nil {
			return err
		}
		return s.store.Record(ctx, audit.Entry{ActorID: a.ID(), Action: "token.revoke", ObjectType: "api_token", ObjectID: id, Before: t})
	})
}

// AuthenticateToken returns the actor of a raw API token. A token counts as
// a verified second factor only when its person has one set up (TOTP):
// an administrator without it gets no admin rights by token, as their web
// session gets none before they set it up. Making a person an
// administrator revokes their tokens (UpdatePerson). Errors:
// Unauthenticated.
func (s *Service) AuthenticateToken(ctx context.Context, raw string) (*policy.Actor, error) {
	if !strings.HasPrefix(raw, TokenPrefix) || len(raw) > 128 {
		return nil, errs.E(errs.Unauthenticated, "auth.error.token")
	}
	t, err := s.store.FindTokenByHash(ctx, HashSecret(raw))
	if errs.Is(err, errs.NotFound) {
		return nil, errs.E(errs.Unauthenticated, "auth.error.token")
	}
	if err != nil {
		return nil, err
	}
	if !t.RevokedAt.IsZero() {
		return nil, errs.E(errs.Unauthenticated, "auth.error.token")
	}
	a, err := s.Actor(ctx, t.PersonID, false)
	if err != nil {
		return nil, err
	}
	a.MFA = a.TOTP
	now := s.Now()
	if now.Sub(t.LastUsedAt) > touchEvery {
		if err := s.store.TouchToken(ctx, t.ID, now); err != nil {
			return nil, err
		}
	}
	return a, nil
}
