package auth

import (
	"bytes"
	"context"
	"encoding/base64"
	"fmt"
	"image/png"
	"regexp"
	"strings"
	"sync"
	"time"

	"github.com/pquerna/otp"
	"github.com/pquerna/otp/totp"

	"github.com/samstyr/samstyr/internal/audit"
	"github.com/samstyr/samstyr/internal/errs"
	"github.com/samstyr/samstyr/internal/policy"
)

// RecoveryCodeCount is how many one-time recovery codes a person gets.
const RecoveryCodeCount = 10

// totpOpts are the TOTP parameters every authenticator app understands.
var totpOpts = totp.ValidateOpts{Period: 30, Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1}

// Enrolment is a TOTP secret being set up.
type Enrolment struct {
	Secret  string // base32, for typing into an app
	URL     string // otpauth:// URL
	QRCode  string // data: URL of a PNG QR code of URL
	Account string
}

// BeginTOTP creates a new secret for the actor and keeps it until it is
// confirmed with a code. Errors: Unauthenticated, Invalid (already enabled).
func (s *Service) BeginTOTP(ctx context.Context, a *policy.Actor) (*Enrolment, error) {
	if err := policy.Check(a, policy.PersonSelf, policy.Resource{OwnerID: a.ID()}); err != nil {
		return nil, err
	}
	p, err := s.store.FindPersonByID(ctx, a.ID())
	if err != nil {
		return nil, err
	}
	if p.TOTPEnabled {
		return nil, invalid("code", "auth.error.totp_enabled")
	}
	key, err := totp.Generate(totp.GenerateOpts{Issuer: "samstyr", AccountName: p.Email, Period: 30, Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1})
	if err != nil {
		return nil, fmt.Errorf("totp generate: %w", err)
	}
	p.TOTPSecret = key.Secret()
	err = s.store.WithTx(ctx, func(ctx context.Context) error {
		if err := s.store.UpdatePerson(ctx, p); err != nil {
			return err
		}
		return s.store.Record(ctx, audit.Entry{ActorID: a.ID(), Action: "person.totp_begin", ObjectType: "person", ObjectID: p.ID})
	})
	if err != nil {
		return nil, err
	}
	return enrolment(key, p.Email)
}

// PendingTOTP returns the enrolment in progress (to show the form again
// after a wrong code), or nil.
func (s *Service) PendingTOTP(ctx context.Context, a *policy.Actor) (*Enrolment, error) {
	p, err := s.store.FindPersonByID(ctx, a.ID())
	if err != nil || p.TOTPEnabled || p.TOTPSecret == "" {
		return nil, err
	}
	key, err := otp.NewKeyFromURL(fmt.Sprintf("otpauth://totp/samstyr:%s?secret=%s&issuer=samstyr&period=30&digits=6&algorithm=SHA1", p.Email, p.TOTPSecret))
	if err != nil {
		return nil, err
	}
	return enrolment(key, p.Email)
}

func enrolment(key *otp.Key, account string) (*Enrolment, error) {
	img, err := key.Image(220, 220)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		return nil, err
	}
	return &Enrolment{Secret: key.Secret(), URL: key.URL(), Account: account,
		QRCode: "data:image/png;base64," + base64.StdEncoding.EncodeToString(buf.Bytes())}, nil
}

// ConfirmTOTP enables the second factor when code matches the pending
// secret, marks the session as verified and returns new recovery codes,
// shown once. Errors: Unauthenticated, Invalid (wrong code, nothing pending).
func (s *Service) ConfirmTOTP(ctx context.Context, a *policy.Actor, sessionHash, code string) ([]string, error) {
	if err := policy.Check(a, policy.PersonSelf, policy.Resource{OwnerID: a.ID()}); err != nil {
		return nil, err
	}
	p, err := s.store.FindPersonByID(ctx, a.ID())
	if err != nil {
		return nil, err
	}
	if p.TOTPEnabled || p.TOTPSecret == "" {
		return nil, invalid("code", "auth.error.totp_not_pending")
	}
	step, ok := s.matchTOTP(p.TOTPSecret, code, 0)
	if !ok {
		return nil, invalid("code", "auth.error.totp_code")
	}
	codes, hashes := newRecoveryCodes()
	err = s.store.WithTx(ctx, func(ctx context.Context) error {
		p.TOTPEnabled, p.TOTPLastStep = true, step
		if err := s.store.UpdatePerson(ctx, p); err != nil {
			return err
		}
		if err := s.store.ReplaceRecoveryCodes(ctx, p.ID, hashes); err != nil {
			return err
		}
		if sessionHash != "" {
			if err := s.markSessionMFA(ctx, sessionHash); err != nil {
				return err
			}
		}
		return s.store.Record(ctx, audit.Entry{ActorID: a.ID(), Action: "person.totp_enable", ObjectType: "person", ObjectID: p.ID})
	})
	if err != nil {
		return nil, err
	}
	return codes, nil
}

// VerifySecondFactor checks a TOTP code or a recovery code for the person
// of the session raw and, when it matches, replaces the session with a new
// one (a new id) that is marked as verified. It returns the new raw id.
// Errors: Unauthenticated, Invalid (wrong code), TooMany.
func (s *Service) VerifySecondFactor(ctx context.Context, raw, code, addr, ua string) (string, error) {
	sess, err := s.store.FindSession(ctx, HashSecret(raw))
	if err != nil {
		return "", errs.E(errs.Unauthenticated, "auth.error.session_expired")
	}
	p, err := s.store.FindPersonByID(ctx, sess.PersonID)
	if err != nil {
		return "", err
	}
	key := fmt.Sprintf("totp:%d", p.ID)
	if err := s.checkThrottle(ctx, key, ""); err != nil {
		return "", err
	}
	if !p.TOTPEnabled {
		return "", invalid("code", "auth.error.totp_not_pending")
	}
	code = strings.TrimSpace(code)
	method := "totp"
	step, ok := s.matchTOTP(p.TOTPSecret, code, p.TOTPLastStep)
	if !ok && reRecovery().MatchString(strings.ToLower(code)) {
		ok, err = s.store.UseRecoveryCode(ctx, p.ID, HashSecret(strings.ToLower(code)), s.Now())
		if err != nil {
			return "", err
		}
		method = "recovery_code"
	}
	if !ok {
		if err := s.recordFailure(ctx, key, ""); err != nil {
			return "", err
		}
		return "", invalid("code", "auth.error.totp_code")
	}
	var newID string
	err = s.store.WithTx(ctx, func(ctx context.Context) error {
		if method == "totp" {
			p.TOTPLastStep = step
			if err := s.store.UpdatePerson(ctx, p); err != nil {
				return err
			}
		}
		if err := s.store.DeleteSession(ctx, sess.IDHash); err != nil {
			return err
		}
		newID, err = s.startSession(ctx, p.ID, true, addr, ua)
		if err != nil {
			return err
		}
		return s.store.Record(ctx, audit.Entry{ActorID: p.ID, Action: "auth.second_factor", ObjectType: "person", ObjectID: p.ID,
			After: map[string]any{"method": method}})
	})
	return newID, err
}

// ResetTOTP removes a person's second factor (a lost phone); the person sets
// it up again at next sign-in. Administrators may reset others; people may
// reset their own only if they are not administrators. Errors: Forbidden,
// NotFound.
func (s *Service) ResetTOTP(ctx context.Context, a *policy.Actor, personID int64) error {
	p, err := s.store.FindPersonByID(ctx, personID)
	if err != nil {
		return err
	}
	if a.ID() == personID && !p.Admin {
		err = policy.Check(a, policy.PersonSelf, policy.Resource{OwnerID: personID})
	} else {
		err = policy.Check(a, policy.PersonUpdate, policy.Resource{OwnerID: personID})
	}
	if err != nil {
		return err
	}
	return s.store.WithTx(ctx, func(ctx context.Context) error {
		p.TOTPEnabled, p.TOTPSecret, p.TOTPLastStep = false, "", 0
		if err := s.store.UpdatePerson(ctx, p); err != nil {
			return err
		}
		if err := s.store.ReplaceRecoveryCodes(ctx, p.ID, nil); err != nil {
			return err
		}
		return s.store.Record(ctx, audit.Entry{ActorID: a.ID(), Action: "person.totp_reset", ObjectType: "person", ObjectID: p.ID})
	})
}

// RegenerateRecoveryCodes replaces the actor's recovery codes after checking
// a current code from the authenticator app, and returns the new codes
// (shown once). Errors: Unauthenticated, Invalid (wrong code, no second
// factor).
func (s *Service) RegenerateRecoveryCodes(ctx context.Context, a *policy.Actor, code string) ([]string, error) {
	if err := policy.Check(a, policy.PersonSelf, policy.Resource{OwnerID: a.ID()}); err != nil {
		return nil, err
	}
	p, err := s.store.FindPersonByID(ctx, a.ID())
	if err != nil {
		return nil, err
	}
	if !p.TOTPEnabled {
		return nil, invalid("code", "auth.error.totp_not_pending")
	}
	step, ok := s.matchTOTP(p.TOTPSecret, code, p.TOTPLastStep)
	if !ok {
		return nil, invalid("code", "auth.error.totp_code")
	}
	codes, hashes := newRecoveryCodes()
	err = s.store.WithTx(ctx, func(ctx context.Context) error {
		p.TOTPLastStep = step
		if err := s.store.UpdatePerson(ctx, p); err != nil {
			return err
		}
		if err := s.store.ReplaceRecoveryCodes(ctx, p.ID, hashes); err != nil {
			return err
		}
		return s.store.Record(ctx, audit.Entry{ActorID: a.ID(), Action: "person.recovery_codes", ObjectType: "person", ObjectID: p.ID})
	})
	if err != nil {
		return nil, err
	}
	return codes, nil
}

// RecoveryCodesLeft returns how many unused recovery codes the actor has.
func (s *Service) RecoveryCodesLeft(ctx context.Context, a *policy.Actor) (int, error) {
	if err := policy.Check(a, policy.PersonSelf, policy.Resource{OwnerID: a.ID()}); err != nil {
		return 0, err
	}
	return s.store.CountRecoveryCodes(ctx, a.ID())
}

// matchTOTP checks code against the secret for the current time step and
// one step either side, accepting only steps after lastStep (no replay). It
// returns the matching step.
func (s *Service) matchTOTP(secret, code string, lastStep int64) (int64, bool) {
	code = strings.ReplaceAll(strings.TrimSpace(code), " ", "")
	if len(code) != 6 {
		return 0, false
	}
	now := s.Now().Unix() / 30
	for _, step := range []int64{now - 1, now, now + 1} {
		if step <= lastStep {
			continue
		}
		want, err := totp.GenerateCodeCustom(secret, time.Unix(step*30, 0).UTC(), totpOpts)
		if err == nil && want == code {
			return step, true
		}
	}
	return 0, false
}

var reRecovery = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[a-z2-7]{5}-[a-z2-7]{5}$`) })

// newRecoveryCodes returns fresh codes like "k3xq7-m2pta" and their hashes.
func newRecoveryCodes() (codes, hashes []string) {
	for range RecoveryCodeCount {
		raw, _ := newSecret("", 7)
		c := raw[:5] + "-" + raw[5:10]
		codes = append(codes, c)
		hashes = append(hashes, HashSecret(c))
	}
	return codes, hashes
}

// TOTPCode returns the current code for a secret; for tests and the demo.
func TOTPCode(secret string, at time.Time) (string, error) {
	return totp.GenerateCodeCustom(secret, at, totpOpts)
}
