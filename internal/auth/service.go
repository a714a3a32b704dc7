// Package auth holds people and how they sign in: local accounts with
// argon2id passwords, database sessions with idle and absolute timeouts,
// TOTP second factor with recovery codes, OpenID Connect, API tokens and
// throttling of failed sign-ins.
package auth

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base32"
	"encoding/hex"
	"strings"
	"time"

	"github.com/samstyr/samstyr/internal/audit"
	"github.com/samstyr/samstyr/internal/errs"
	"github.com/samstyr/samstyr/internal/listing"
	"github.com/samstyr/samstyr/internal/notify"
	"github.com/samstyr/samstyr/internal/policy"
)

// Store is what the auth service needs from storage.
type Store interface {
	WithTx(ctx context.Context, fn func(ctx context.Context) error) error
	audit.Recorder

	FindPersonByID(ctx context.Context, id int64) (*Person, error)
	FindPersonByEmail(ctx context.Context, email string) (*Person, error)
	FindPeople(ctx context.Context, f PersonFilter) ([]*Person, error)
	CreatePerson(ctx context.Context, p *Person) error
	UpdatePerson(ctx context.Context, p *Person) error
	// FindActor loads a person's organisation, current memberships and
	// project roles as a policy actor; today decides which terms count.
	// A disabled or missing person gives NotFound.
	FindActor(ctx context.Context, personID int64, today time.Time) (*policy.Actor, error)
	OrganisationExists(ctx context.Context, id int64) (bool, error)

	CreateSession(ctx context.Context, s *Session) error
	FindSession(ctx context.Context, idHash string) (*Session, error)
	TouchSession(ctx context.Context, idHash string, at time.Time) error
	SetSessionMFA(ctx context.Context, idHash string) error
	DeleteSession(ctx context.Context, idHash string) error
	DeleteSessionsOfPerson(ctx context.Context, personID int64, except string) error

	CreateToken(ctx context.Context, t *Token) error
	FindTokenByHash(ctx context.Context, hash string) (*Token, error)
	FindTokenByID(ctx context.Context, id int64) (*Token, error)
	FindTokens(ctx context.Context, personID int64) ([]*Token, error)
	RevokeToken(ctx context.Context, id int64, at time.Time) error
	TouchToken(ctx context.Context, id int64, at time.Time) error

	ReplaceRecoveryCodes(ctx context.Context, personID int64, hashes []string) error
	UseRecoveryCode(ctx context.Context, personID int64, hash string, at time.Time) (bool, error)
	CountRecoveryCodes(ctx context.Context, personID int64) (int, error)

	AddLoginFailure(ctx context.Context, scope, key string, at time.Time) error
	CountLoginFailures(ctx context.Context, scope, key string, since time.Time) (int, time.Time, error)
	ClearLoginFailures(ctx context.Context, scope, key string) error

	CreateOIDCLogin(ctx context.Context, l *OIDCLogin) error
	TakeOIDCLogin(ctx context.Context, stateHash string) (*OIDCLogin, error)
	FindOIDCIdentity(ctx context.Context, issuer, subject string) (int64, error)
	CreateOIDCIdentity(ctx context.Context, personID int64, provider, issuer, subject string) error
}

// Options configures the service.
type Options struct {
	SessionIdle        time.Duration
	SessionAbsolute    time.Duration
	LoginWindow        time.Duration
	LoginMaxPerAccount int
	LoginMaxPerAddress int
	Providers          []Provider // OpenID Connect providers
	BaseURL            string     // for OpenID redirect URLs
}

// Service holds sign-in and people use cases.
type Service struct {
	store Store
	opt   Options
	oidc  *oidcClients
	// Notifier mails invitations; NopNotifier by default.
	Notifier Notifier
	// Now is the clock; tests replace it.
	Now func() time.Time
}

// Notifier tells people what happened (internal/notify).
type Notifier interface {
	Notify(ctx context.Context, recipients []int64, n notify.Notice) error
}

// NopNotifier sends nothing.
type NopNotifier struct{}

// Notify does nothing.
func (NopNotifier) Notify(context.Context, []int64, notify.Notice) error { return nil }

// NewService returns the auth service.
func NewService(s Store, o Options) *Service {
	svc := &Service{store: s, opt: o, Notifier: NopNotifier{}, Now: time.Now}
	svc.oidc = newOIDCClients(o.Providers, o.BaseURL)
	return svc
}

// Actor loads the policy actor of a person, with MFA as given. A missing
// or disabled person gives Unauthenticated.
func (s *Service) Actor(ctx context.Context, personID int64, mfa bool) (*policy.Actor, error) {
	a, err := s.store.FindActor(ctx, personID, s.Now())
	if errs.Is(err, errs.NotFound) {
		return nil, errs.E(errs.Unauthenticated, "auth.error.session_expired")
	}
	if err != nil {
		return nil, err
	}
	a.MFA = mfa
	return a, nil
}

// ListPeople returns a page of people. Errors: Forbidden.
func (s *Service) ListPeople(ctx context.Context, a *policy.Actor, f PersonFilter) (listing.Page[*Person], error) {
	var page listing.Page[*Person]
	if err := policy.Check(a, policy.PersonList, policy.Resource{}); err != nil {
		return page, err
	}
	if f.Limit <= 0 || f.Limit > listing.MaxLimit {
		f.Limit = listing.DefaultLimit
	}
	want := f.Limit
	f.Limit++
	rows, err := s.store.FindPeople(ctx, f)
	if err != nil {
		return page, err
	}
	return listing.Trim(rows, want, func(p *Person) listing.Cursor {
		return listing.Cursor{Key: strings.ToLower(p.Name), ID: p.ID}
	}), nil
}

// GetPerson returns one person; people may always see themselves. Errors:
// Forbidden, NotFound.
func (s *Service) GetPerson(ctx context.Context, a *policy.Actor, id int64) (*Person, error) {
	if a.ID() != id {
		if err := policy.Check(a, policy.PersonView, policy.Resource{OwnerID: id}); err != nil {
			return nil, err
		}
	}
	return s.store.FindPersonByID(ctx, id)
}

// FindPersonByEmail looks a person up by address (command line). Errors:
// Forbidden, NotFound.
func (s *Service) FindPersonByEmail(ctx context.Context, a *policy.Actor, email string) (*Person, error) {
	if err := policy.Check(a, policy.PersonView, policy.Resource{}); err != nil {
		return nil, err
	}
	return s.store.FindPersonByEmail(ctx, strings.ToLower(strings.TrimSpace(email)))
}

// accountState is the policy state of an account: AdminAccount when it has
// (or is to get) the administrator flag.
func accountState(admin bool) string {
	if admin {
		return policy.AdminAccount
	}
	return ""
}

// CreatePerson creates a person with a local password (or none, for
// OpenID-only accounts). A person created by someone (not the command line)
// is invited: told by mail, through the notification jobs, in the same
// transaction. Only administrators create administrators. Errors:
// Forbidden, Invalid, Conflict (e-mail in use).
func (s *Service) CreatePerson(ctx context.Context, a *policy.Actor, in PersonInput, passwordRequired bool) (*Person, error) {
	if err := policy.Check(a, policy.PersonCreate, policy.Resource{State: accountState(in.Admin)}); err != nil {
		return nil, err
	}
	in.Normalize()
	if err := in.Validate(passwordRequired); err != nil {
		return nil, err
	}
	p := &Person{Email: in.Email, Name: in.Name, OrgID: in.OrgID, Admin: in.Admin, Locale: in.Locale, NotifyMode: in.NotifyMode, Demo: in.Demo}
	if in.Password != "" {
		h, err := HashPassword(in.Password)
		if err != nil {
			return nil, err
		}
		p.PasswordHash, p.HasPassword = h, true
	}
	err := s.store.WithTx(ctx, func(ctx context.Context) error {
		if err := s.checkOrg(ctx, in.OrgID); err != nil {
			return err
		}
		if err := s.store.CreatePerson(ctx, p); err != nil {
			return emailConflict(err)
		}
		if err := s.store.Record(ctx, audit.Entry{ActorID: a.ID(), Action: "person.create", ObjectType: "person", ObjectID: p.ID, After: p}); err != nil {
			return err
		}
		if a.ID() == 0 {
			return nil
		}
		return s.Notifier.Notify(ctx, []int64{p.ID}, notify.Notice{Kind: "person.invite", SubjectKey: "people.invite.subject", BodyKey: "people.invite.body",
			Args: map[string]any{"name": p.Name, "inviter": a.Name, "email": p.Email}, Link: "/login", ObjectType: "person", ObjectID: p.ID})
	})
	if err != nil {
		return nil, err
	}
	return p, nil
}

// UpdatePerson changes a person's name, address, organisation, language
// and administrator flag. Errors: Forbidden, NotFound, Invalid, Conflict.
func (s *Service) UpdatePerson(ctx context.Context, a *policy.Actor, id int64, in PersonInput) (*Person, error) {
	if err := policy.Check(a, policy.PersonUpdate, policy.Resource{OwnerID: id}); err != nil {
		return nil, err
	}
	in.Normalize()
	in.Password = ""
	if err := in.Validate(false); err != nil {
		return nil, err
	}
	var p *Person
	err := s.store.WithTx(ctx, func(ctx context.Context) error {
		before, err := s.store.FindPersonByID(ctx, id)
		if err != nil {
			return err
		}
		if err := s.checkOrg(ctx, in.OrgID); err != nil {
			return err
		}
		after := *before
		after.Email, after.Name, after.OrgID, after.Admin = in.Email, in.Name, in.OrgID, in.Admin
		after.Locale, after.NotifyMode = in.Locale, in.NotifyMode
		if err := s.store.UpdatePerson(ctx, &after); err != nil {
			return emailConflict(err)
		}
		p = &after
		if err := s.store.Record(ctx, audit.Entry{ActorID: a.ID(), Action: "person.update", ObjectType: "person", ObjectID: id, Before: before, After: p}); err != nil {
			return err
		}
		if !before.Admin && after.Admin {
			return s.revokeTokensOnPromotion(ctx, a, id)
		}
		return nil
	})
	return p, err
}

// revokeTokensOnPromotion revokes a person's API tokens when they are made
// an administrator, so that a token made for lesser work never becomes an
// administrator's credential; they make a new one (with their second
// factor set up, as AuthenticateToken requires for admin rights).
func (s *Service) revokeTokensOnPromotion(ctx context.Context, a *policy.Actor, personID int64) error {
	tokens, err := s.store.FindTokens(ctx, personID)
	if err != nil {
		return err
	}
	for _, t := range tokens {
		if !t.RevokedAt.IsZero() {
			continue
		}
		if err := s.store.RevokeToken(ctx, t.ID, s.Now()); err != nil {
			return err
		}
		if err := s.store.Record(ctx, audit.Entry{ActorID: a.ID(), Action: "token.revoke", ObjectType: "api_token", ObjectID: t.ID,
			Before: t, After: map[string]any{"reason": "promoted_to_admin"}}); err != nil {
			return err
		}
	}
	return nil
}

// SetDisabled disables or re-enables an account; disabling ends its
// sessions and its tokens stop working. Errors: Forbidden, NotFound,
// Invalid (disabling oneself).
func (s *Service) SetDisabled(ctx context.Context, a *policy.Actor, id int64, disabled bool) error {
	if err := policy.Check(a, policy.PersonDisable, policy.Resource{OwnerID: id}); err != nil {
		return err
	}
	target, err := s.store.FindPersonByID(ctx, id)
	if err != nil {
		return err
	}
	if err := policy.Check(a, policy.PersonDisable, policy.Resource{OwnerID: id, State: accountState(target.Admin)}); err != nil {
		return err
	}
	if disabled && a.ID() == id {
		return invalid("disabled", "auth.error.disable_self")
	}
	return s.store.WithTx(ctx, func(ctx context.Context) error {
		before, err := s.store.FindPersonByID(ctx, id)
		if err != nil {
			return err
		}
		after := *before
		after.DisabledAt = time.Time{}
		action := "person.enable"
		if disabled {
			after.DisabledAt = s.Now()
			action = "person.disable"
			if err := s.store.DeleteSessionsOfPerson(ctx, id, ""); err != nil {
				return err
			}
		}
		if err := s.store.UpdatePerson(ctx, &after); err != nil {
			return err
		}
		return s.store.Record(ctx, audit.Entry{ActorID: a.ID(), Action: action, ObjectType: "person", ObjectID: id, Before: before, After: &after})
	})
}

// UpdatePreferences changes the actor's own language and notification mode.
// Errors: Unauthenticated, Invalid.
func (s *Service) UpdatePreferences(ctx context.Context, a *policy.Actor, locale, notify string) error {
	if err := policy.Check(a, policy.PersonSelf, policy.Resource{OwnerID: a.ID()}); err != nil {
		return err
	}
	return s.store.WithTx(ctx, func(ctx context.Context) error {
		before, err := s.store.FindPersonByID(ctx, a.ID())
		if err != nil {
			return err
		}
		in := PersonInput{Email: before.Email, Name: before.Name, Locale: locale, NotifyMode: notify}
		if err := in.Validate(false); err != nil {
			return err
		}
		after := *before
		after.Locale, after.NotifyMode = locale, notify
		if err := s.store.UpdatePerson(ctx, &after); err != nil {
			return err
		}
		return s.store.Record(ctx, audit.Entry{ActorID: a.ID(), Action: "person.preferences", ObjectType: "person", ObjectID: a.ID(), Before: before, After: &after})
	})
}

func (s *Service) checkOrg(ctx context.Context, orgID int64) error {
	if orgID == 0 {
		return nil
	}
	ok, err := s.store.OrganisationExists(ctx, orgID)
	if err != nil {
		return err
	}
	if !ok {
		return invalid("organisation_id", "auth.error.organisation")
	}
	return nil
}

// newSecret returns a random token and the hex SHA-256 hash that is stored.
func newSecret(prefix string, n int) (raw, hash string) {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		panic("auth: no randomness: " + err.Error())
	}
	raw = prefix + strings.ToLower(base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(b))
	return raw, HashSecret(raw)
}

// HashSecret returns the hex SHA-256 of a session id, token or code; these
// are random with enough entropy that a fast hash is safe.
func HashSecret(raw string) string {
	sum := sha256.Sum256([]byte(raw))
	return hex.EncodeToString(sum[:])
}
