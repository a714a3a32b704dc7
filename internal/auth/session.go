package auth

import (
	"context"
	"math"
	"strings"
	"time"

	"github.com/samstyr/samstyr/internal/audit"
	"github.com/samstyr/samstyr/internal/errs"
	"github.com/samstyr/samstyr/internal/policy"
)

// Session is a signed-in browser. Only the hash of its id is stored.
type Session struct {
	IDHash     string
	PersonID   int64
	MFAOK      bool // the second factor was passed in this session
	CreatedAt  time.Time
	LastSeenAt time.Time
	ExpiresAt  time.Time // absolute end
	Address    string
	UserAgent  string
}

// touchEvery limits how often a session's last-seen time is written.
const touchEvery = time.Minute

// Login is one sign-in attempt with a password.
type Login struct {
	Email     string
	Password  string
	Address   string // client address, for throttling
	UserAgent string
}

// LoginResult is a successful password sign-in.
type LoginResult struct {
	SessionID string // raw id for the cookie
	Person    *Person
	// NeedTOTP is set when the person must now give a TOTP or recovery code.
	NeedTOTP bool
	// MustEnrol is set for an administrator without a second factor, who
	// must set one up before doing anything else.
	MustEnrol bool
}

// Login checks an e-mail address and password and starts a new session
// (a new session id every time). Errors: Invalid (missing fields),
// Unauthenticated (wrong address or password, or a disabled account; one
// message for all, so addresses cannot be probed), TooMany (throttled, with
// RetryAfter).
func (s *Service) Login(ctx context.Context, in Login) (*LoginResult, error) {
	in.Email = strings.ToLower(strings.TrimSpace(in.Email))
	var v errs.Validation
	if in.Email == "" {
		v.Add("email", "error.required")
	}
	if in.Password == "" {
		v.Add("password", "error.required")
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	if err := s.checkThrottle(ctx, in.Email, in.Address); err != nil {
		return nil, err
	}
	p, err := s.store.FindPersonByEmail(ctx, in.Email)
	if err != nil && !errs.Is(err, errs.NotFound) {
		return nil, err
	}
	hash := dummyHash()
	if p != nil && p.PasswordHash != "" {
		hash = p.PasswordHash
	}
	ok := VerifyPassword(hash, in.Password)
	if !ok || p == nil || p.PasswordHash == "" || p.Disabled() {
		if err := s.recordFailure(ctx, in.Email, in.Address); err != nil {
			return nil, err
		}
		return nil, errs.E(errs.Unauthenticated, "auth.error.login_failed")
	}
	res := &LoginResult{Person: p, NeedTOTP: p.TOTPEnabled, MustEnrol: p.Admin && !p.TOTPEnabled}
	err = s.store.WithTx(ctx, func(ctx context.Context) error {
		if err := s.store.ClearLoginFailures(ctx, "account", in.Email); err != nil {
			return err
		}
		id, err := s.startSession(ctx, p.ID, false, in.Address, in.UserAgent)
		res.SessionID = id
		if err != nil {
			return err
		}
		return s.store.Record(ctx, audit.Entry{ActorID: p.ID, Action: "auth.login", ObjectType: "person", ObjectID: p.ID,
			After: map[string]any{"method": "password", "address": in.Address}})
	})
	if err != nil {
		return nil, err
	}
	return res, nil
}

func (s *Service) startSession(ctx context.Context, personID int64, mfa bool, addr, ua string) (string, error) {
	raw, hash := newSecret("", 32)
	now := s.Now()
	if len(ua) > 300 {
		ua = ua[:300]
	}
	sess := &Session{IDHash: hash, PersonID: personID, MFAOK: mfa, CreatedAt: now, LastSeenAt: now,
		ExpiresAt: now.Add(s.opt.SessionAbsolute), Address: addr, UserAgent: ua}
	return raw, s.store.CreateSession(ctx, sess)
}

// Authenticate returns the actor and session of a session id. An unknown,
// idle-expired or absolutely expired session, or a disabled person, gives
// Unauthenticated and the session is removed.
func (s *Service) Authenticate(ctx context.Context, raw string) (*policy.Actor, *Session, error) {
	if raw == "" || len(raw) > 128 {
		return nil, nil, errs.E(errs.Unauthenticated, "error.unauthenticated")
	}
	hash := HashSecret(raw)
	sess, err := s.store.FindSession(ctx, hash)
	if errs.Is(err, errs.NotFound) {
		return nil, nil, errs.E(errs.Unauthenticated, "auth.error.session_expired")
	}
	if err != nil {
		return nil, nil, err
	}
	now := s.Now()
	if now.After(sess.ExpiresAt) || now.Sub(sess.LastSeenAt) > s.opt.SessionIdle {
		_ = s.store.DeleteSession(ctx, hash)
		return nil, nil, errs.E(errs.Unauthenticated, "auth.error.session_expired")
	}
	a, err := s.Actor(ctx, sess.PersonID, sess.MFAOK)
	if errs.Is(err, errs.Unauthenticated) {
		_ = s.store.DeleteSession(ctx, hash)
	}
	if err != nil {
		return nil, nil, err
	}
	if now.Sub(sess.LastSeenAt) > touchEvery {
		if err := s.store.TouchSession(ctx, hash, now); err != nil {
			return nil, nil, err
		}
	}
	return a, sess, nil
}

// Logout ends the session with the raw id.
func (s *Service) Logout(ctx context.Context, raw string) error {
	if raw == "" {
		return nil
	}
	hash := HashSecret(raw)
	sess, err := s.store.FindSession(ctx, hash)
	if errs.Is(err, errs.NotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	return s.store.WithTx(ctx, func(ctx context.Context) error {
		if err := s.store.DeleteSession(ctx, hash); err != nil {
			return err
		}
		return s.store.Record(ctx, audit.Entry{ActorID: sess.PersonID, Action: "auth.logout", ObjectType: "person", ObjectID: sess.PersonID})
	})
}

// ChangePassword replaces the actor's password after checking the current
// one, and ends the person's other sessions. Errors: Unauthenticated,
// Invalid (wrong current password, or a new one breaking the rules).
func (s *Service) ChangePassword(ctx context.Context, a *policy.Actor, sessionHash, current, next string) error {
	if err := policy.Check(a, policy.PersonSelf, policy.Resource{OwnerID: a.ID()}); err != nil {
		return err
	}
	p, err := s.store.FindPersonByID(ctx, a.ID())
	if err != nil {
		return err
	}
	if p.PasswordHash != "" && !VerifyPassword(p.PasswordHash, current) {
		return invalid("current_password", "auth.error.current_password")
	}
	if err := CheckPassword("new_password", next, p.Email); err != nil {
		return err
	}
	h, err := HashPassword(next)
	if err != nil {
		return err
	}
	return s.store.WithTx(ctx, func(ctx context.Context) error {
		p.PasswordHash, p.HasPassword = h, true
		if err := s.store.UpdatePerson(ctx, p); err != nil {
			return err
		}
		if err := s.store.DeleteSessionsOfPerson(ctx, p.ID, sessionHash); err != nil {
			return err
		}
		return s.store.Record(ctx, audit.Entry{ActorID: a.ID(), Action: "person.password", ObjectType: "person", ObjectID: p.ID})
	})
}

// SetPassword sets a person's password without the current one (command
// line and administrators). Errors: Forbidden, NotFound, Invalid.
func (s *Service) SetPassword(ctx context.Context, a *policy.Actor, id int64, pw string) error {
	if err := policy.Check(a, policy.PersonUpdate, policy.Resource{OwnerID: id}); err != nil {
		return err
	}
	p, err := s.store.FindPersonByID(ctx, id)
	if err != nil {
		return err
	}
	if err := CheckPassword("password", pw, p.Email); err != nil {
		return err
	}
	h, err := HashPassword(pw)
	if err != nil {
		return err
	}
	return s.store.WithTx(ctx, func(ctx context.Context) error {
		p.PasswordHash, p.HasPassword = h, true
		if err := s.store.UpdatePerson(ctx, p); err != nil {
			return err
		}
		if err := s.store.DeleteSessionsOfPerson(ctx, p.ID, ""); err != nil {
			return err
		}
		return s.store.Record(ctx, audit.Entry{ActorID: a.ID(), Action: "person.password_reset", ObjectType: "person", ObjectID: p.ID})
	})
}

// checkThrottle refuses a sign-in when the account or the address has had
// too many failures within the window. There is no permanent lock-out: the
// window slides, and RetryAfter says when the oldest failure leaves it.
func (s *Service) checkThrottle(ctx context.Context, email, addr string) error {
	now := s.Now()
	since := now.Add(-s.opt.LoginWindow)
	check := func(scope, key string, max int) error {
		if key == "" {
			return nil
		}
		n, oldest, err := s.store.CountLoginFailures(ctx, scope, key, since)
		if err != nil {
			return err
		}
		if n < max {
			return nil
		}
		wait := oldest.Add(s.opt.LoginWindow).Sub(now)
		e := errs.E(errs.TooMany, "auth.error.throttled", "minutes", int(math.Ceil(wait.Minutes())))
		e.RetryAfter = int(math.Max(1, math.Ceil(wait.Seconds())))
		return e
	}
	if err := check("account", email, s.opt.LoginMaxPerAccount); err != nil {
		return err
	}
	return check("address", addr, s.opt.LoginMaxPerAddress)
}

func (s *Service) recordFailure(ctx context.Context, email, addr string) error {
	return s.store.WithTx(ctx, func(ctx context.Context) error {
		now := s.Now()
		if err := s.store.AddLoginFailure(ctx, "account", email, now); err != nil {
			return err
		}
		if addr != "" {
			if err := s.store.AddLoginFailure(ctx, "address", addr, now); err != nil {
				return err
			}
		}
		return s.store.Record(ctx, audit.Entry{Action: "auth.login_failed", ObjectType: "login", ObjectKey: email,
			After: map[string]any{"address": addr}})
	})
}

// markSessionMFA records that the session passed the second factor.
func (s *Service) markSessionMFA(ctx context.Context, hash string) error {
	return s.store.SetSessionMFA(ctx, hash)
}
