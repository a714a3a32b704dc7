package server_test

import (
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/samstyr/samstyr/internal/config"
	"github.com/samstyr/samstyr/internal/testutil/apptest"
)

func TestSecurityHeadersEverywhere(t *testing.T) {
	a := apptest.New(t)
	c := a.Client("anonymous")
	home := c.Get("/")
	static := c.Get(staticURL(t, home.Body, "css/app.css"))
	for _, res := range []*apptest.Response{home, c.Get("/no/such"), c.API("GET", "/api/v1/organisations", ""), c.Get("/healthz"), static} {
		h := res.Header
		for k, want := range map[string]string{
			"X-Content-Type-Options": "nosniff", "Referrer-Policy": "strict-origin-when-cross-origin", "X-Frame-Options": "DENY",
		} {
			if h.Get(k) != want {
				t.Errorf("%s: %s = %q", res.Request.URL.Path, k, h.Get(k))
			}
		}
		csp := h.Get("Content-Security-Policy")
		if !strings.Contains(csp, "default-src 'self'") || !strings.Contains(csp, "frame-ancestors 'none'") || strings.Contains(csp, "unsafe") {
			t.Errorf("%s: CSP %q", res.Request.URL.Path, csp)
		}
		if len(h.Get("X-Request-Id")) < 8 {
			t.Errorf("%s: no request id", res.Request.URL.Path)
		}
		if h.Get("Strict-Transport-Security") != "" {
			t.Errorf("%s: HSTS over plain HTTP", res.Request.URL.Path)
		}
	}
	if static.StatusCode != 200 || !strings.Contains(static.Header.Get("Cache-Control"), "immutable") || !strings.HasPrefix(static.Header.Get("Content-Type"), "text/css") {
		t.Errorf("static: %d %v", static.StatusCode, static.Header)
	}
}

func staticURL(t *testing.T, page, file string) string {
	i := strings.Index(page, "/static/")
	if i < 0 {
		t.Fatal("no static URL in the page")
	}
	j := strings.Index(page[i+8:], "/")
	return page[i:i+8+j+1] + file
}

func TestCookiesAndCSRF(t *testing.T) {
	a := apptest.New(t)
	c := a.NewClient()
	res := c.PostForm("/login", url.Values{"email": {a.People["member"].Email}, "password": {apptest.Password}})
	var session *http.Cookie
	for _, ck := range res.Cookies() {
		if ck.Name == "samstyr-session" {
			session = ck
		}
	}
	if session == nil || !session.HttpOnly || session.SameSite != http.SameSiteLaxMode || session.Path != "/" || session.Secure {
		t.Fatalf("session cookie over plain HTTP = %+v", session)
	}
	// A state-changing form without the token is refused and changes nothing.
	before := a.ChangeCount()
	req, _ := http.NewRequest("POST", a.URL+"/account/settings", strings.NewReader("locale=en&notify_mode=digest"))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if res := c.Do(req); res.StatusCode != http.StatusForbidden {
		t.Fatalf("POST without CSRF token: %d", res.StatusCode)
	}
	if res := c.PostForm("/account/settings", url.Values{"locale": {"en"}, "notify_mode": {"digest"}, "csrf_token": {"forged"}}); res.StatusCode != http.StatusForbidden {
		t.Fatalf("POST with a forged token: %d", res.StatusCode)
	}
	// A cross-site POST with the right token is refused too (Sec-Fetch-Site).
	req, _ = http.NewRequest("POST", a.URL+"/account/settings", strings.NewReader(url.Values{"locale": {"en"}, "notify_mode": {"digest"}, "csrf_token": {c.CSRF()}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	if res := c.Do(req); res.StatusCode != http.StatusForbidden {
		t.Fatalf("cross-site POST: %d", res.StatusCode)
	}
	if a.ChangeCount() != before {
		t.Fatal("a refused POST changed something")
	}
	if res := c.PostForm("/account/settings", url.Values{"locale": {"en"}, "notify_mode": {"digest"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("POST with the token: %d", res.StatusCode)
	}
	if res := c.Get("/account"); !strings.Contains(res.Body, `<html lang="en"`) {
		t.Fatal("the language setting did not stick")
	}
}

func TestBehindTLSCookiesAreHostPrefixedAndSecure(t *testing.T) {
	a := apptest.NewWith(t, apptest.Options{Config: func(c *config.Config) { c.BaseURL = "https://samstyr.example" }})
	c := a.NewClient()
	c.Get("/login")
	res := c.PostForm("/login", url.Values{"email": {a.People["member"].Email}, "password": {apptest.Password}})
	var names []string
	for _, ck := range res.Cookies() {
		names = append(names, ck.Name)
		if ck.Name == "__Host-samstyr-session" && (!ck.Secure || !ck.HttpOnly || ck.Path != "/" || ck.Domain != "") {
			t.Fatalf("session cookie = %+v", ck)
		}
	}
	if !strings.Contains(strings.Join(names, " "), "__Host-samstyr-session") {
		t.Fatalf("cookies %v: want __Host-samstyr-session", names)
	}
	if res.Header.Get("Strict-Transport-Security") == "" {
		t.Fatal("no HSTS behind TLS")
	}
	if res := c.Get("/account"); res.StatusCode != 200 {
		t.Fatalf("signed-in page with the __Host- cookie: %d", res.StatusCode)
	}
}

func TestLoginThrottledWith429AndRetryAfter(t *testing.T) {
	a := apptest.NewWith(t, apptest.Options{Config: func(c *config.Config) { c.LoginMaxPerAccount = 2 }})
	c := a.NewClient()
	email := a.People["member"].Email
	for range 2 {
		if res := c.PostForm("/login", url.Values{"email": {email}, "password": {"not the password"}}); res.StatusCode != 401 ||
			!strings.Contains(res.Body, "Feil e-postadresse eller passord") {
			t.Fatalf("wrong password: %d", res.StatusCode)
		}
	}
	res := c.PostForm("/login", url.Values{"email": {email}, "password": {apptest.Password}})
	if res.StatusCode != http.StatusTooManyRequests || res.Header.Get("Retry-After") == "" || !strings.Contains(res.Body, "For mange") {
		t.Fatalf("throttled login: %d, Retry-After %q", res.StatusCode, res.Header.Get("Retry-After"))
	}
}

func TestHealthReadyMetrics(t *testing.T) {
	a := apptest.NewWith(t, apptest.Options{Config: func(c *config.Config) { c.MetricsToken = "metrics-secret-token" }})
	for path, want := range map[string]string{"/healthz": "ok", "/readyz": "ok", "/metrics": "samstyr_http_requests_total"} {
		a.Client("anonymous").Get("/")
		req, _ := http.NewRequest(http.MethodGet, a.URL+path, nil)
		req.Header.Set("Authorization", "Bearer metrics-secret-token")
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != 200 || !strings.Contains(string(b), want) {
			t.Errorf("%s: %d %q", path, res.StatusCode, string(b)[:min(len(b), 200)])
		}
	}
	a.DB.Close()
	res, _ := http.Get(a.URL + "/readyz")
	if res.StatusCode != http.StatusServiceUnavailable {
		t.Errorf("readyz with the database closed: %d", res.StatusCode)
	}
}

func TestOversizedFormIsRefused(t *testing.T) {
	a := apptest.New(t)
	c := a.Client("member")
	big := strings.Repeat("x", 2<<20)
	res := c.PostForm("/account/tokens", url.Values{"name": {big}})
	if res.StatusCode != http.StatusRequestEntityTooLarge {
		t.Fatalf("2 MiB form: %d", res.StatusCode)
	}
}
