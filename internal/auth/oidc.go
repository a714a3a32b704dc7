package auth

import (
	"context"
	"crypto/subtle"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"
	"unicode"

	"github.com/coreos/go-oidc/v3/oidc"
	"golang.org/x/oauth2"

	"github.com/samstyr/samstyr/internal/audit"
	"github.com/samstyr/samstyr/internal/errs"
	"github.com/samstyr/samstyr/internal/policy"
)

// Provider is one configured OpenID Connect provider.
type Provider struct {
	ID           string
	Name         string
	Issuer       string
	ClientID     string
	ClientSecret string
	Scopes       []string
	AutoCreate   bool // create a person on first sign-in
	TrustEmail   bool // link to an existing person by verified e-mail
	MFA          bool // the provider enforces multi-factor sign-in
}

// OIDCLogin is a sign-in in progress, stored between the redirect to the
// provider and the callback.
type OIDCLogin struct {
	StateHash string
	Provider  string
	Nonce     string
	Verifier  string // PKCE code verifier
	ReturnTo  string
	CreatedAt time.Time
}

// oidcLoginTTL bounds how long a person may take at the provider.
const oidcLoginTTL = 10 * time.Minute

type oidcClients struct {
	baseURL   string
	providers map[string]Provider
	order     []string
	mu        sync.Mutex
	ready     map[string]*oidcClient
	// HTTPClient is used for discovery, token and key requests (tests).
	HTTPClient *http.Client
}

type oidcClient struct {
	provider *oidc.Provider
	config   oauth2.Config
	verifier *oidc.IDTokenVerifier
}

func newOIDCClients(ps []Provider, baseURL string) *oidcClients {
	c := &oidcClients{baseURL: strings.TrimSuffix(baseURL, "/"), providers: map[string]Provider{}, ready: map[string]*oidcClient{}}
	for _, p := range ps {
		c.providers[p.ID] = p
		c.order = append(c.order, p.ID)
	}
	return c
}

// Providers returns the configured providers in order.
func (s *Service) Providers() []Provider {
	out := make([]Provider, 0, len(s.oidc.order))
	for _, id := range s.oidc.order {
		out = append(out, s.oidc.providers[id])
	}
	return out
}

// SetOIDCHTTPClient sets the HTTP client used to talk to providers.
func (s *Service) SetOIDCHTTPClient(c *http.Client) { s.oidc.HTTPClient = c }

// client discovers the provider on first use (so a provider that is down at
// start-up does not stop samstyr) and caches it.
func (c *oidcClients) client(ctx context.Context, id string) (*oidcClient, Provider, error) {
	p, ok := c.providers[id]
	if !ok {
		return nil, p, errs.E(errs.NotFound, "auth.error.oidc_provider")
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if cl, ok := c.ready[id]; ok {
		return cl, p, nil
	}
	if c.HTTPClient != nil {
		ctx = oidc.ClientContext(ctx, c.HTTPClient)
	}
	prov, err := oidc.NewProvider(ctx, p.Issuer)
	if err != nil {
		return nil, p, &errs.Error{Code: errs.Internal, Key: "auth.error.oidc_unavailable", Err: fmt.Errorf("discover %s: %w", p.Issuer, err)}
	}
	scopes := p.Scopes
	if len(scopes) == 0 {
		scopes = []string{"profile", "email"}
	}
	cl := &oidcClient{
		provider: prov,
		config: oauth2.Config{ClientID: p.ClientID, ClientSecret: p.ClientSecret, Endpoint: prov.Endpoint(),
			RedirectURL: c.baseURL + "/login/oidc/" + id + "/callback", Scopes: append([]string{oidc.ScopeOpenID}, scopes...)},
		verifier: prov.Verifier(&oidc.Config{ClientID: p.ClientID}),
	}
	c.ready[id] = cl
	return cl, p, nil
}

// BeginOIDC starts a sign-in at the provider: it stores a random state,
// nonce and PKCE verifier and returns the raw state (for a cookie binding
// the browser to this sign-in) and the provider's authorisation URL.
func (s *Service) BeginOIDC(ctx context.Context, providerID, returnTo string) (state, authURL string, err error) {
	cl, _, err := s.oidc.client(ctx, providerID)
	if err != nil {
		return "", "", err
	}
	state, stateHash := newSecret("", 24)
	nonce, _ := newSecret("", 24)
	verifier := oauth2.GenerateVerifier()
	l := &OIDCLogin{StateHash: stateHash, Provider: providerID, Nonce: nonce, Verifier: verifier, ReturnTo: SafeReturn(returnTo), CreatedAt: s.Now()}
	if err := s.store.CreateOIDCLogin(ctx, l); err != nil {
		return "", "", err
	}
	return state, cl.config.AuthCodeURL(state, oidc.Nonce(nonce), oauth2.S256ChallengeOption(verifier)), nil
}

// OIDCCallback is what the provider's redirect brings back.
type OIDCCallback struct {
	Provider    string
	State       string // from the query
	CookieState string // from the browser's cookie
	Code        string
	Error       string // error parameter from the provider
	Address     string
	UserAgent   string
}

// CompleteOIDC finishes a sign-in: it checks the state against the stored
// sign-in and the browser's cookie, exchanges the code with the PKCE
// verifier, verifies the ID token and its nonce, finds (or, where the
// provider allows, links or creates) the person keyed on issuer and subject,
// and starts a new session. Errors: Unauthenticated.
func (s *Service) CompleteOIDC(ctx context.Context, cb OIDCCallback) (*LoginResult, string, error) {
	fail := func(why string, err error) (*LoginResult, string, error) {
		return nil, "", &errs.Error{Code: errs.Unauthenticated, Key: "auth.error.oidc_failed", Err: fmt.Errorf("oidc %s: %s: %w", cb.Provider, why, err)}
	}
	if _, ok := s.oidc.providers[cb.Provider]; !ok {
		return nil, "", errs.E(errs.NotFound, "auth.error.oidc_provider")
	}
	if cb.Error != "" {
		return fail("provider error", errors.New(cb.Error))
	}
	if cb.State == "" || subtle.ConstantTimeCompare([]byte(cb.State), []byte(cb.CookieState)) != 1 {
		return fail("state does not match the browser", errors.New("state mismatch"))
	}
	l, err := s.store.TakeOIDCLogin(ctx, HashSecret(cb.State))
	if err != nil {
		return fail("unknown state", err)
	}
	if l.Provider != cb.Provider || s.Now().Sub(l.CreatedAt) > oidcLoginTTL {
		return fail("state for another provider or expired", errors.New("stale state"))
	}
	cl, p, err := s.oidc.client(ctx, cb.Provider)
	if err != nil {
		return nil, "", err
	}
	hctx := ctx
	if s.oidc.HTTPClient != nil {
		hctx = context.WithValue(ctx, oauth2.HTTPClient, s.oidc.HTTPClient)
	}
	tok, err := cl.config.Exchange(hctx, cb.Code, oauth2.VerifierOption(l.Verifier))
	if err != nil {
		return fail("code exchange", err)
	}
	rawID, _ := tok.Extra("id_token").(string)
	idt, err := cl.verifier.Verify(oidc.ClientContext(ctx, s.oidc.HTTPClient), rawID)
	if err != nil {
		return fail("id token", err)
	}
	if subtle.ConstantTimeCompare([]byte(idt.Nonce), []byte(l.Nonce)) != 1 {
		return fail("nonce", errors.New("nonce mismatch"))
	}
	var claims struct {
		Email         string `json:"email"`
		EmailVerified bool   `json:"email_verified"`
		Name          string `json:"name"`
	}
	if err := idt.Claims(&claims); err != nil {
		return fail("claims", err)
	}
	if claims.Email == "" || claims.Name == "" {
		// Providers may keep profile claims out of the ID token; ask the
		// UserInfo endpoint, whose subject must be the token's.
		ui, err := cl.provider.UserInfo(hctx, oauth2.StaticTokenSource(tok))
		if err != nil {
			return fail("userinfo", err)
		}
		if ui.Subject != idt.Subject {
			return fail("userinfo", errors.New("userinfo subject differs from the ID token's"))
		}
		var more struct {
			Name string `json:"name"`
		}
		_ = ui.Claims(&more)
		if claims.Email == "" {
			claims.Email, claims.EmailVerified = ui.Email, ui.EmailVerified
		}
		if claims.Name == "" {
			claims.Name = more.Name
		}
	}
	person, err := s.oidcPerson(ctx, p, idt.Issuer, idt.Subject, claims.Email, claims.EmailVerified, claims.Name)
	if err != nil {
		return nil, "", err
	}
	res := &LoginResult{Person: person, NeedTOTP: person.TOTPEnabled && !p.MFA, MustEnrol: person.Admin && !person.TOTPEnabled && !p.MFA}
	err = s.store.WithTx(ctx, func(ctx context.Context) error {
		id, err := s.startSession(ctx, person.ID, p.MFA, cb.Address, cb.UserAgent)
		res.SessionID = id
		if err != nil {
			return err
		}
		return s.store.Record(ctx, audit.Entry{ActorID: person.ID, Action: "auth.login", ObjectType: "person", ObjectID: person.ID,
			After: map[string]any{"method": "oidc", "provider": p.ID, "address": cb.Address}})
	})
	return res, l.ReturnTo, err
}

// oidcPerson finds the person of (issuer, subject), linking or creating one
// where the provider's settings allow.
func (s *Service) oidcPerson(ctx context.Context, p Provider, issuer, subject, email string, verified bool, name string) (*Person, error) {
	id, err := s.store.FindOIDCIdentity(ctx, issuer, subject)
	if err == nil {
		person, err := s.store.FindPersonByID(ctx, id)
		if err != nil {
			return nil, err
		}
		if person.Disabled() {
			return nil, errs.E(errs.Unauthenticated, "auth.error.login_failed")
		}
		return person, nil
	}
	if !errs.Is(err, errs.NotFound) {
		return nil, err
	}
	email = strings.ToLower(strings.TrimSpace(email))
	var person *Person
	err = s.store.WithTx(ctx, func(ctx context.Context) error {
		if p.TrustEmail && verified && email != "" {
			found, err := s.store.FindPersonByEmail(ctx, email)
			if err != nil && !errs.Is(err, errs.NotFound) {
				return err
			}
			person = found
		}
		if person == nil && p.AutoCreate && ValidEmail(email) == "" {
			if name == "" {
				name = email
			}
			var err error
			person, err = s.CreatePerson(ctx, policy.SystemActor, PersonInput{Email: email, Name: name}, false)
			if err != nil {
				return err
			}
		}
		if person == nil {
			return errs.E(errs.Unauthenticated, "auth.error.oidc_unknown")
		}
		if person.Disabled() {
			return errs.E(errs.Unauthenticated, "auth.error.login_failed")
		}
		if err := s.store.CreateOIDCIdentity(ctx, person.ID, p.ID, issuer, subject); err != nil {
			return err
		}
		return s.store.Record(ctx, audit.Entry{ActorID: person.ID, Action: "person.oidc_link", ObjectType: "person", ObjectID: person.ID,
			After: map[string]any{"provider": p.ID, "issuer": issuer, "subject": subject}})
	})
	return person, err
}

// SafeReturn keeps only local paths as a place to return to (after
// sign-in, the second factor, an OpenID provider, a change of language), so
// none of them can send a person elsewhere. Browsers drop TAB, CR and LF
// anywhere in a URL, and leading spaces and control characters, and read
// a backslash as a slash, so "/\t/evil.example" and "/\\evil.example"
// lead off the site; SafeReturn therefore removes control characters
// first, refuses backslashes, and accepts only what then parses as a path
// of this site (one leading slash, no scheme, no host). Anything else
// gives "", which callers treat as "no return".
func SafeReturn(s string) string {
	s = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return -1
		}
		return r
	}, s)
	if !strings.HasPrefix(s, "/") || strings.HasPrefix(s, "//") || strings.ContainsRune(s, '\\') {
		return ""
	}
	u, err := url.Parse(s)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil || u.Opaque != "" || !strings.HasPrefix(u.Path, "/") {
		return ""
	}
	return u.String()
}
