package web

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"net/http"
	"strings"

	"github.com/samstyr/samstyr/internal/errs"
	"github.com/samstyr/samstyr/internal/httpx"
	"github.com/samstyr/samstyr/internal/i18n"
)

// Cookie base names; behind TLS they carry the __Host- prefix and Secure.
const (
	cookieSession = "samstyr-session"
	cookieCSRF    = "samstyr-csrf"
	cookieFlash   = "samstyr-flash"
	cookieLang    = "samstyr-lang"
	cookieOIDC    = "samstyr-oidc"
)

// cookieName returns the cookie's name: __Host-name behind TLS. Browsers
// refuse __Host- cookies without Secure, which plain HTTP cannot carry.
func (s *Server) cookieName(base string) string {
	if s.Secure {
		return "__Host-" + base
	}
	return base
}

func (s *Server) setCookie(w http.ResponseWriter, base, value string, maxAge int) {
	http.SetCookie(w, &http.Cookie{Name: s.cookieName(base), Value: value, Path: "/", MaxAge: maxAge,
		HttpOnly: true, Secure: s.Secure, SameSite: http.SameSiteLaxMode})
}

func (s *Server) cookie(r *http.Request, base string) string {
	c, err := r.Cookie(s.cookieName(base))
	if err != nil {
		return ""
	}
	return c.Value
}

type sessionKey struct{}
type langKey struct{}

// sessionHash returns the hash of the request's session id, or "".
func sessionHash(ctx context.Context) string {
	s, _ := ctx.Value(sessionKey{}).(string)
	return s
}

// langOf returns the language chosen for the request.
func langOf(r *http.Request) string {
	if l, ok := r.Context().Value(langKey{}).(string); ok {
		return l
	}
	return i18n.Default
}

// pending is where a person who has signed in with a password but not yet
// passed the second factor, or an administrator without one, may go.
var pendingPaths = map[string]bool{"/login/totp": true, "/logout": true, "/language": true, "/account/totp": true}

// Middleware loads the session and the language, enforces the second
// factor, and checks the CSRF token of every state-changing request. It
// wraps the page routes.
func (s *Server) Middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		lang := ""
		if raw := s.cookie(r, cookieSession); raw != "" {
			a, sess, err := s.Auth.Authenticate(ctx, raw)
			switch {
			case err == nil && a.TOTP && !a.MFA:
				// Password given, second factor not yet: only the code page.
				if !pendingPaths[r.URL.Path] && !strings.HasPrefix(r.URL.Path, "/static/") {
					http.Redirect(w, r, "/login/totp", http.StatusSeeOther)
					return
				}
				ctx = context.WithValue(ctx, sessionKey{}, sess.IDHash)
			case err == nil && a.Admin && !a.MFA:
				// An administrator must set up a second factor first.
				ctx = httpx.WithActor(context.WithValue(ctx, sessionKey{}, sess.IDHash), a)
				lang = a.Locale
				if !pendingPaths[r.URL.Path] && !strings.HasPrefix(r.URL.Path, "/static/") {
					http.Redirect(w, r, "/account/totp", http.StatusSeeOther)
					return
				}
			case err == nil:
				ctx = httpx.WithActor(context.WithValue(ctx, sessionKey{}, sess.IDHash), a)
				lang = a.Locale
			case errs.CodeOf(err) == errs.Unauthenticated:
				s.setCookie(w, cookieSession, "", -1)
			default:
				s.fail(w, r, err)
				return
			}
		}
		if lang == "" {
			lang = s.cookie(r, cookieLang)
		}
		if !contains(i18n.Languages, lang) {
			lang = i18n.Match(r.Header.Get("Accept-Language"))
		}
		ctx = context.WithValue(ctx, langKey{}, lang)
		if len(s.cookie(r, cookieCSRF)) < 20 {
			b := make([]byte, 24)
			_, _ = rand.Read(b)
			v := base64.RawURLEncoding.EncodeToString(b)
			s.setCookie(w, cookieCSRF, v, 0)
			ctx = context.WithValue(ctx, csrfNewKey{}, v)
		}
		r = r.WithContext(ctx)
		if g := s.guards[r.Pattern]; g != nil {
			if err := g(r); err != nil { // who calls, before the body is read
				s.fail(w, r, err)
				return
			}
		}
		if r.Method != http.MethodGet && r.Method != http.MethodHead && r.Method != http.MethodOptions {
			checked, up, err := s.checkWrite(w, r)
			r = checked
			if up != nil {
				defer up.remove()
			}
			if err != nil {
				s.fail(w, r, err)
				return
			}
		}
		next.ServeHTTP(w, r)
	})
}

// checkWrite checks a state-changing request before its body is read: the
// size it announces, its origin, that a multipart form (an upload) comes
// from a signed-in person, and then the CSRF token (multipart.go reads it
// first). It returns the request with its form read once; the uploads'
// files are removed by the caller when the request ends.
func (s *Server) checkWrite(w http.ResponseWriter, r *http.Request) (*http.Request, *uploads, error) {
	limit := maxBody(r)
	if r.ContentLength > limit {
		return r, nil, errs.E(errs.TooLarge, "error.body_too_large")
	}
	r.Body = http.MaxBytesReader(w, r.Body, limit)
	if err := http.NewCrossOriginProtection().Check(r); err != nil {
		return r, nil, errs.E(errs.Forbidden, "error.csrf")
	}
	if !isMultipart(r) {
		return r, nil, s.checkCSRF(r)
	}
	if httpx.Actor(r.Context()) == nil {
		return r, nil, errs.E(errs.Unauthenticated, "error.unauthenticated")
	}
	return s.readMultipart(r)
}

// csrfToken returns the CSRF token of the browser, creating its random
// cookie when it has none. The token is an HMAC of the cookie, so a form
// posted from elsewhere cannot carry it.
func (s *Server) csrfToken(r *http.Request) string {
	v := s.cookie(r, cookieCSRF)
	if len(v) < 20 {
		v, _ = r.Context().Value(csrfNewKey{}).(string)
	}
	return s.csrfFor(v)
}

type csrfNewKey struct{}

// rotateCSRF gives the browser a new CSRF cookie (and so a new token) when
// a session starts, so a token seen before sign-in is worth nothing after.
func (s *Server) rotateCSRF(w http.ResponseWriter) {
	b := make([]byte, 24)
	_, _ = rand.Read(b)
	s.setCookie(w, cookieCSRF, base64.RawURLEncoding.EncodeToString(b), 0)
}

func (s *Server) csrfFor(cookie string) string {
	m := hmac.New(sha256.New, s.Secret)
	m.Write([]byte("csrf:" + cookie))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}

// maxBody is the most a state-changing request may send: MaxUpload for a
// multipart form, 1 MiB otherwise.
func maxBody(r *http.Request) int64 {
	if isMultipart(r) {
		return MaxUpload
	}
	return 1 << 20
}

// checkCSRF parses a form that is not multipart (at most 1 MiB, kept in
// memory) and checks its csrf_token (or the X-CSRF-Token header) against
// the browser's cookie. A body over the limit is TooLarge.
func (s *Server) checkCSRF(r *http.Request) error {
	if err := r.ParseForm(); err != nil {
		return s.bodyError(err, errs.E(errs.Forbidden, "error.csrf"))
	}
	got := r.Header.Get("X-CSRF-Token")
	if got == "" {
		got = r.PostFormValue("csrf_token")
	}
	if !s.csrfValid(r, got) {
		return errs.E(errs.Forbidden, "error.csrf")
	}
	return nil
}

// setFlash stores a message key to show on the next page.
func (s *Server) setFlash(w http.ResponseWriter, _ *http.Request, key string) {
	s.setCookie(w, cookieFlash, key, 120)
}

// takeFlash returns the translated flash message and clears it.
func (s *Server) takeFlash(w http.ResponseWriter, r *http.Request, p *i18n.Printer) string {
	key := s.cookie(r, cookieFlash)
	if key == "" || w == nil {
		return ""
	}
	s.setCookie(w, cookieFlash, "", -1)
	if !s.Catalog.Has(p.Lang, key) {
		return ""
	}
	return p.T(key)
}

// requireSignIn wraps a handler that needs a signed-in person.
func (s *Server) requireSignIn(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if httpx.Actor(r.Context()) == nil {
			s.fail(w, r, errs.E(errs.Unauthenticated, "error.unauthenticated"))
			return
		}
		h(w, r)
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
