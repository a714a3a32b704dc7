package server_test

import (
	"bytes"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/samstyr/samstyr/internal/config"
	"github.com/samstyr/samstyr/internal/testutil/apptest"
)

// syncBuffer is a log sink safe for the server's goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// Request logs name the person who made the request, by session and by
// token; the public is person=0.
func TestRequestLogNamesThePerson(t *testing.T) {
	var buf syncBuffer
	a := apptest.NewWith(t, apptest.Options{Log: slog.New(slog.NewTextHandler(&buf, nil))})
	member := a.Client("member")
	member.Get("/account?from=session")
	member.API(http.MethodGet, "/api/v1/me?from=token", "")
	a.Client("anonymous").Get("/bodies?from=public")
	id := a.People["member"].ID
	for _, c := range []struct{ path, person string }{
		{"path=/account ", fmt.Sprintf("person=%d", id)},
		{"path=/api/v1/me ", fmt.Sprintf("person=%d", id)},
		{"path=/bodies ", "person=0"},
	} {
		found := false
		for _, line := range strings.Split(buf.String(), "\n") {
			if strings.Contains(line, "msg=request") && strings.Contains(line, c.path) {
				found = true
				if !strings.Contains(line, c.person+" ") && !strings.HasSuffix(line, c.person) {
					t.Errorf("log line without %s: %s", c.person, line)
				}
			}
		}
		if !found {
			t.Errorf("no request log line for %s", c.path)
		}
	}
}

func cookieValue(c *apptest.Client, suffix string) string {
	for _, ck := range c.Cookies() {
		if strings.HasSuffix(ck.Name, suffix) {
			return ck.Value
		}
	}
	return ""
}

// Signing in again ends the browser's previous session, and the CSRF
// cookie (so the token) is new at every sign-in.
func TestSignInAgainEndsTheSessionAndRotatesCSRF(t *testing.T) {
	a := apptest.New(t)
	email, password := a.Credentials("member")
	c := a.NewClient()
	c.Get("/login")
	csrfBefore := cookieValue(c, "samstyr-csrf")
	c.Login(email, password)
	csrfAfter, firstSession := cookieValue(c, "samstyr-csrf"), cookieValue(c, "samstyr-session")
	if csrfBefore == "" || csrfAfter == csrfBefore {
		t.Fatalf("CSRF cookie not rotated at sign-in: %q then %q", csrfBefore, csrfAfter)
	}
	c.Get("/account")
	c.Login(email, password)
	if s := cookieValue(c, "samstyr-session"); s == "" || s == firstSession {
		t.Fatalf("second sign-in kept the session cookie")
	}
	if cookieValue(c, "samstyr-csrf") == csrfAfter {
		t.Fatal("CSRF cookie not rotated at the second sign-in")
	}
	req, _ := http.NewRequest(http.MethodGet, a.URL+"/account", nil)
	req.AddCookie(&http.Cookie{Name: "samstyr-session", Value: firstSession})
	res := a.NewClient().Do(req)
	if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/login") {
		t.Fatalf("the first session still works after signing in again: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	if res := c.Get("/account"); res.StatusCode != http.StatusOK {
		t.Fatalf("the new session: %d", res.StatusCode)
	}
}

// A throttled second-factor attempt answers 429 with Retry-After.
func TestThrottledTOTPHasRetryAfter(t *testing.T) {
	a := apptest.New(t)
	email, password := a.Credentials("admin")
	c := a.NewClient()
	res := c.PostForm("/login", url.Values{"email": {email}, "password": {password}})
	if !strings.HasPrefix(res.Header.Get("Location"), "/login/totp") {
		t.Fatalf("admin sign-in: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	for range 30 {
		res = c.PostForm("/login/totp", url.Values{"code": {"000000"}})
		if res.StatusCode == http.StatusTooManyRequests {
			break
		}
	}
	if res.StatusCode != http.StatusTooManyRequests || res.Header.Get("Retry-After") == "" {
		t.Fatalf("after 30 wrong codes: %d, Retry-After %q", res.StatusCode, res.Header.Get("Retry-After"))
	}
}

// /metrics is off without SAMSTYR_METRICS_TOKEN and asks for the token
// with it.
func TestMetricsAreNotPublic(t *testing.T) {
	get := func(a *apptest.App, auth string) int {
		req, _ := http.NewRequest(http.MethodGet, a.URL+"/metrics", nil)
		if auth != "" {
			req.Header.Set("Authorization", auth)
		}
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		return res.StatusCode
	}
	if got := get(apptest.New(t), ""); got != http.StatusNotFound {
		t.Errorf("no token configured: %d, want 404", got)
	}
	a := apptest.NewWith(t, apptest.Options{Config: func(c *config.Config) { c.MetricsToken = "m-token-123" }})
	for auth, want := range map[string]int{"": 401, "Bearer wrong": 401, "m-token-123": 401, "Bearer m-token-123": 200} {
		if got := get(a, auth); got != want {
			t.Errorf("Authorization %q: %d, want %d", auth, got, want)
		}
	}
}
