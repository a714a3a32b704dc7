package auth_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/samstyr/samstyr/internal/auth"
	"github.com/samstyr/samstyr/internal/errs"
	"github.com/samstyr/samstyr/internal/policy"
	"github.com/samstyr/samstyr/internal/store"
	"github.com/samstyr/samstyr/internal/testutil"
)

const pw = "a long enough passphrase"

type fix struct {
	db    *store.DB
	svc   *auth.Service
	clock *testutil.Clock
}

func newFix(t *testing.T) *fix {
	db := testutil.NewDB(t)
	clock := testutil.NewClock(time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC))
	svc := auth.NewService(db, auth.Options{SessionIdle: 30 * time.Minute, SessionAbsolute: 8 * time.Hour,
		LoginWindow: 15 * time.Minute, LoginMaxPerAccount: 3, LoginMaxPerAddress: 5})
	svc.Now = clock.Now
	db.Now = clock.Now
	return &fix{db: db, svc: svc, clock: clock}
}

func (f *fix) person(t *testing.T, email string, admin bool) *auth.Person {
	t.Helper()
	p, err := f.svc.CreatePerson(context.Background(), policy.SystemActor, auth.PersonInput{Email: email, Name: "N " + email, Password: pw, Admin: admin}, true)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func TestPasswordRules(t *testing.T) {
	for _, tc := range []struct {
		pw, email, key string
	}{
		{"short", "", "auth.error.password_short"},
		{"password1", "", "auth.error.password_common"},
		{"Passord123", "", "auth.error.password_common"},
		{"anne@kommune.no", "anne@kommune.no", "auth.error.password_email"},
		{"fine long passphrase", "", ""},
		{"æøå-ÆØÅ-ok", "", ""},
	} {
		err := auth.CheckPassword("password", tc.pw, tc.email)
		got := ""
		if e := errs.As(err); e != nil {
			got = e.Fields[0].Key
		}
		if got != tc.key {
			t.Errorf("CheckPassword(%q) = %q, want %q", tc.pw, got, tc.key)
		}
	}
	h, err := auth.HashPassword(pw)
	if err != nil || !strings.HasPrefix(h, "$argon2id$v=19$m=19456,t=2,p=1$") {
		t.Fatalf("hash = %q, %v", h, err)
	}
	if !auth.VerifyPassword(h, pw) || auth.VerifyPassword(h, pw+"x") || auth.VerifyPassword("garbage", pw) {
		t.Fatal("verify is wrong")
	}
}

func TestLoginNewSessionAndTimeouts(t *testing.T) {
	f := newFix(t)
	ctx := context.Background()
	p := f.person(t, "kari@oslo.kommune.no", false)
	r1, err := f.svc.Login(ctx, auth.Login{Email: " KARI@oslo.kommune.no ", Password: pw, Address: "10.0.0.1"})
	if err != nil || r1.NeedTOTP || r1.MustEnrol {
		t.Fatalf("login: %+v, %v", r1, err)
	}
	r2, err := f.svc.Login(ctx, auth.Login{Email: "kari@oslo.kommune.no", Password: pw, Address: "10.0.0.1"})
	if err != nil || r2.SessionID == r1.SessionID || len(r2.SessionID) < 40 {
		t.Fatalf("second login must get a new session id: %q vs %q, %v", r1.SessionID, r2.SessionID, err)
	}
	a, _, err := f.svc.Authenticate(ctx, r1.SessionID)
	if err != nil || a.PersonID != p.ID {
		t.Fatalf("authenticate: %+v %v", a, err)
	}
	// Idle timeout: activity every 20 minutes keeps it alive…
	for range 3 {
		f.clock.Advance(20 * time.Minute)
		if _, _, err := f.svc.Authenticate(ctx, r1.SessionID); err != nil {
			t.Fatalf("active session expired: %v", err)
		}
	}
	// …31 idle minutes end it.
	f.clock.Advance(31 * time.Minute)
	if _, _, err := f.svc.Authenticate(ctx, r1.SessionID); errs.CodeOf(err) != errs.Unauthenticated {
		t.Fatalf("idle session: %v", err)
	}
	// Absolute timeout ends even an active session.
	r3, _ := f.svc.Login(ctx, auth.Login{Email: "kari@oslo.kommune.no", Password: pw})
	for i := 0; i < 17; i++ {
		f.clock.Advance(29 * time.Minute)
		_, _, err = f.svc.Authenticate(ctx, r3.SessionID)
	}
	if errs.CodeOf(err) != errs.Unauthenticated {
		t.Fatalf("session older than 8 hours still valid: %v", err)
	}
	// Logout ends the session.
	r4, _ := f.svc.Login(ctx, auth.Login{Email: "kari@oslo.kommune.no", Password: pw})
	if err := f.svc.Logout(ctx, r4.SessionID); err != nil {
		t.Fatal(err)
	}
	if _, _, err := f.svc.Authenticate(ctx, r4.SessionID); errs.CodeOf(err) != errs.Unauthenticated {
		t.Fatalf("after logout: %v", err)
	}
}

func TestLoginFailuresAreThrottledWithoutLockout(t *testing.T) {
	f := newFix(t)
	ctx := context.Background()
	f.person(t, "ola@bergen.kommune.no", false)
	for i := range 3 {
		_, err := f.svc.Login(ctx, auth.Login{Email: "ola@bergen.kommune.no", Password: "wrong password " + string(rune('a'+i)), Address: "10.0.0.2"})
		if errs.CodeOf(err) != errs.Unauthenticated {
			t.Fatalf("attempt %d: %v", i, err)
		}
		f.clock.Advance(time.Minute)
	}
	// Now even the right password is refused, with a Retry-After.
	_, err := f.svc.Login(ctx, auth.Login{Email: "ola@bergen.kommune.no", Password: pw, Address: "10.0.0.3"})
	e := errs.As(err)
	if e == nil || e.Code != errs.TooMany || e.RetryAfter < 1 || e.RetryAfter > 13*60 {
		t.Fatalf("throttled: %v", err)
	}
	// An unknown address is throttled the same way (no probing).
	for range 3 {
		f.svc.Login(ctx, auth.Login{Email: "nobody@nowhere.no", Password: "whatever it is", Address: "10.0.0.9"})
	}
	if _, err := f.svc.Login(ctx, auth.Login{Email: "nobody@nowhere.no", Password: "whatever", Address: "10.0.0.9"}); errs.CodeOf(err) != errs.TooMany {
		t.Fatalf("unknown account not throttled: %v", err)
	}
	// No permanent lock-out: after the window the right password works.
	f.clock.Advance(16 * time.Minute)
	if _, err := f.svc.Login(ctx, auth.Login{Email: "ola@bergen.kommune.no", Password: pw, Address: "10.0.0.3"}); err != nil {
		t.Fatalf("after the window: %v", err)
	}
	// Per address: five failures from one address on different accounts.
	for i := range 5 {
		f.svc.Login(ctx, auth.Login{Email: "x" + string(rune('a'+i)) + "@y.no", Password: "wrong password", Address: "10.9.9.9"})
	}
	if _, err := f.svc.Login(ctx, auth.Login{Email: "ola@bergen.kommune.no", Password: pw, Address: "10.9.9.9"}); errs.CodeOf(err) != errs.TooMany {
		t.Fatalf("address not throttled: %v", err)
	}
}

func TestDisabledPersonCannotSignInAndTokensStop(t *testing.T) {
	f := newFix(t)
	ctx := context.Background()
	p := f.person(t, "per@x.no", false)
	raw, _, err := f.svc.CreateToken(ctx, policy.SystemActor, p.ID, "t")
	if err != nil || !strings.HasPrefix(raw, auth.TokenPrefix) {
		t.Fatal(raw, err)
	}
	if _, err := f.svc.AuthenticateToken(ctx, raw); err != nil {
		t.Fatal(err)
	}
	r, _ := f.svc.Login(ctx, auth.Login{Email: "per@x.no", Password: pw})
	if err := f.svc.SetDisabled(ctx, policy.SystemActor, p.ID, true); err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.AuthenticateToken(ctx, raw); errs.CodeOf(err) != errs.Unauthenticated {
		t.Fatalf("token of disabled person: %v", err)
	}
	if _, _, err := f.svc.Authenticate(ctx, r.SessionID); errs.CodeOf(err) != errs.Unauthenticated {
		t.Fatalf("session of disabled person: %v", err)
	}
	if _, err := f.svc.Login(ctx, auth.Login{Email: "per@x.no", Password: pw}); errs.CodeOf(err) != errs.Unauthenticated {
		t.Fatalf("login of disabled person: %v", err)
	}
	// Re-enabled, and a revoked token stops working.
	if err := f.svc.SetDisabled(ctx, policy.SystemActor, p.ID, false); err != nil {
		t.Fatal(err)
	}
	toks, _ := f.svc.Tokens(ctx, policy.SystemActor, p.ID)
	if err := f.svc.RevokeToken(ctx, policy.SystemActor, toks[0].ID); err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.AuthenticateToken(ctx, raw); errs.CodeOf(err) != errs.Unauthenticated {
		t.Fatalf("revoked token: %v", err)
	}
}

func TestTOTPEnrolVerifyReplayAndRecovery(t *testing.T) {
	f := newFix(t)
	ctx := context.Background()
	p := f.person(t, "admin@ks.no", true)
	res, err := f.svc.Login(ctx, auth.Login{Email: "admin@ks.no", Password: pw})
	if err != nil || !res.MustEnrol || res.NeedTOTP {
		t.Fatalf("admin without a second factor must enrol: %+v %v", res, err)
	}
	a, sess, err := f.svc.Authenticate(ctx, res.SessionID)
	if err != nil || a.Has(policy.Admin) || !a.Has(policy.AdminUnverified) {
		t.Fatalf("unverified admin roles = %v, %v", a.Roles(), err)
	}
	e, err := f.svc.BeginTOTP(ctx, a)
	if err != nil || !strings.HasPrefix(e.URL, "otpauth://totp/samstyr:admin@ks.no") || !strings.HasPrefix(e.QRCode, "data:image/png;base64,") {
		t.Fatalf("enrolment: %+v %v", e, err)
	}
	if _, err := f.svc.ConfirmTOTP(ctx, a, sess.IDHash, "000000"); errs.CodeOf(err) != errs.Invalid {
		t.Fatalf("wrong code accepted: %v", err)
	}
	code, _ := auth.TOTPCode(e.Secret, f.clock.Now())
	codes, err := f.svc.ConfirmTOTP(ctx, a, sess.IDHash, code)
	if err != nil || len(codes) != auth.RecoveryCodeCount {
		t.Fatalf("confirm: %v %v", codes, err)
	}
	a, _, _ = f.svc.Authenticate(ctx, res.SessionID)
	if !a.Has(policy.Admin) {
		t.Fatalf("after enrolment the session is verified: roles %v", a.Roles())
	}
	// Next sign-in asks for a code; the code used at enrolment is refused
	// (no replay), the next one works and gives a new session id.
	res2, _ := f.svc.Login(ctx, auth.Login{Email: "admin@ks.no", Password: pw})
	if !res2.NeedTOTP {
		t.Fatal("sign-in did not ask for the second factor")
	}
	if a2, _, _ := f.svc.Authenticate(ctx, res2.SessionID); a2.MFA {
		t.Fatal("session verified before the code")
	}
	if _, err := f.svc.VerifySecondFactor(ctx, res2.SessionID, code, "", ""); errs.CodeOf(err) != errs.Invalid {
		t.Fatalf("replayed code accepted: %v", err)
	}
	f.clock.Advance(30 * time.Second)
	next, _ := auth.TOTPCode(e.Secret, f.clock.Now())
	id, err := f.svc.VerifySecondFactor(ctx, res2.SessionID, next, "", "")
	if err != nil || id == res2.SessionID {
		t.Fatalf("verify: %q %v", id, err)
	}
	if _, _, err := f.svc.Authenticate(ctx, res2.SessionID); err == nil {
		t.Fatal("the pre-verification session id still works")
	}
	// A recovery code works once.
	res3, _ := f.svc.Login(ctx, auth.Login{Email: "admin@ks.no", Password: pw})
	if _, err := f.svc.VerifySecondFactor(ctx, res3.SessionID, strings.ToUpper(codes[0]), "", ""); err != nil {
		t.Fatalf("recovery code: %v", err)
	}
	res4, _ := f.svc.Login(ctx, auth.Login{Email: "admin@ks.no", Password: pw})
	if _, err := f.svc.VerifySecondFactor(ctx, res4.SessionID, codes[0], "", ""); errs.CodeOf(err) != errs.Invalid {
		t.Fatalf("recovery code used twice: %v", err)
	}
	left, _ := f.svc.RecoveryCodesLeft(ctx, &policy.Actor{PersonID: p.ID})
	if left != auth.RecoveryCodeCount-1 {
		t.Fatalf("codes left = %d", left)
	}
}

func TestChangePasswordEndsOtherSessions(t *testing.T) {
	f := newFix(t)
	ctx := context.Background()
	p := f.person(t, "liv@x.no", false)
	r1, _ := f.svc.Login(ctx, auth.Login{Email: "liv@x.no", Password: pw})
	r2, _ := f.svc.Login(ctx, auth.Login{Email: "liv@x.no", Password: pw})
	a, s2, _ := f.svc.Authenticate(ctx, r2.SessionID)
	if err := f.svc.ChangePassword(ctx, a, s2.IDHash, "not it", "another long passphrase"); errs.CodeOf(err) != errs.Invalid {
		t.Fatalf("wrong current password: %v", err)
	}
	if err := f.svc.ChangePassword(ctx, a, s2.IDHash, pw, "another long passphrase"); err != nil {
		t.Fatal(err)
	}
	if _, _, err := f.svc.Authenticate(ctx, r1.SessionID); err == nil {
		t.Fatal("other session survived the password change")
	}
	if _, _, err := f.svc.Authenticate(ctx, r2.SessionID); err != nil {
		t.Fatalf("own session ended: %v", err)
	}
	if _, err := f.svc.Login(ctx, auth.Login{Email: "liv@x.no", Password: "another long passphrase"}); err != nil {
		t.Fatal(err)
	}
	_ = p
}

func TestCreatePersonValidationStoresNothing(t *testing.T) {
	f := newFix(t)
	ctx := context.Background()
	f.person(t, "taken@x.no", false)
	before, _, _ := f.db.AuditHead(ctx)
	for _, in := range []auth.PersonInput{
		{Email: "not an address", Name: "X", Password: pw},
		{Email: "a@b.no", Name: "", Password: pw},
		{Email: "a@b.no", Name: "X", Password: "short"},
		{Email: "a@b.no", Name: "X", Password: pw, Locale: "sv"},
		{Email: "a@b.no", Name: "X", Password: pw, OrgID: 999},
		{Email: "TAKEN@x.no", Name: "X", Password: pw},
	} {
		if _, err := f.svc.CreatePerson(ctx, policy.SystemActor, in, true); err == nil || errs.As(err) == nil || len(errs.As(err).Fields) == 0 {
			t.Errorf("%+v: want a field error, got %v", in, err)
		}
	}
	after, _, _ := f.db.AuditHead(ctx)
	page, _ := f.svc.ListPeople(ctx, policy.SystemActor, auth.PersonFilter{})
	if after != before || len(page.Items) != 1 {
		t.Fatalf("bad input stored something: audit %d→%d, people %d", before, after, len(page.Items))
	}
	// Only administrators may create people.
	if _, err := f.svc.CreatePerson(ctx, &policy.Actor{PersonID: 1, OrgKind: "municipality"}, auth.PersonInput{Email: "c@d.no", Name: "C"}, false); errs.CodeOf(err) != errs.Forbidden {
		t.Fatalf("non-admin create: %v", err)
	}
}

func TestRegenerateRecoveryCodes(t *testing.T) {
	f := newFix(t)
	ctx := context.Background()
	p := f.person(t, "rc@x.no", false)
	a := &policy.Actor{PersonID: p.ID}
	if _, err := f.svc.RegenerateRecoveryCodes(ctx, a, "123456"); errs.CodeOf(err) != errs.Invalid {
		t.Fatalf("without a second factor: %v", err)
	}
	e, _ := f.svc.BeginTOTP(ctx, a)
	code, _ := auth.TOTPCode(e.Secret, f.clock.Now())
	old, err := f.svc.ConfirmTOTP(ctx, a, "", code)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.RegenerateRecoveryCodes(ctx, a, code); errs.CodeOf(err) != errs.Invalid {
		t.Fatalf("replayed code: %v", err)
	}
	f.clock.Advance(30 * time.Second)
	code, _ = auth.TOTPCode(e.Secret, f.clock.Now())
	fresh, err := f.svc.RegenerateRecoveryCodes(ctx, a, code)
	if err != nil || len(fresh) != auth.RecoveryCodeCount || fresh[0] == old[0] {
		t.Fatalf("regenerate: %v %v", fresh, err)
	}
	r, _ := f.svc.Login(ctx, auth.Login{Email: "rc@x.no", Password: pw})
	if _, err := f.svc.VerifySecondFactor(ctx, r.SessionID, old[1], "", ""); errs.CodeOf(err) != errs.Invalid {
		t.Fatalf("an old recovery code still works: %v", err)
	}
	if _, err := f.svc.VerifySecondFactor(ctx, r.SessionID, fresh[1], "", ""); err != nil {
		t.Fatalf("a new recovery code: %v", err)
	}
}
