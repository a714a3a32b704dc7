package server_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"unicode"

	"github.com/samstyr/samstyr/internal/config"
	"github.com/samstyr/samstyr/internal/testutil/apptest"
)

// offSite are return values that lead a browser off the site when taken
// as they are: browsers drop TAB, CR and LF, strip leading blanks and read
// a backslash as a slash.
var offSite = []string{"/\t/evil.example", "/\n/evil.example", "\t//evil.example", "//evil.example", "/\\evil.example",
	"/\t\\evil.example", " //evil.example", "https://evil.example/", "/\x00/evil.example"}

// onSite reports whether a browser stays on the site following loc.
func onSite(loc string) bool {
	loc = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return -1
		}
		if r == '\\' {
			return '/'
		}
		return r
	}, strings.TrimSpace(loc))
	return strings.HasPrefix(loc, "/") && !strings.HasPrefix(loc, "//")
}

// The return value of /login, /login/totp, /language and the OpenID
// sign-in never leads off the site; a local one is kept.
func TestReturnNeverLeavesTheSite(t *testing.T) {
	a := apptest.New(t)
	email, password := a.Credentials("member")
	adminEmail, _ := a.Credentials("admin")
	for _, ret := range append(offSite, "/bodies") {
		want := func(what string, res *apptest.Response) {
			t.Helper()
			loc := res.Header.Get("Location")
			if res.StatusCode != http.StatusSeeOther || !onSite(loc) || (ret == "/bodies" && loc != "/bodies") {
				t.Errorf("%s with return %q: status %d, Location %q", what, ret, res.StatusCode, loc)
			}
		}
		want("/login", a.NewClient().PostForm("/login", url.Values{"email": {email}, "password": {password}, "return": {ret}}))
		want("/language", a.NewClient().PostForm("/language", url.Values{"lang": {"nn"}, "return": {ret}}))
		admin := a.NewClient()
		res := admin.PostForm("/login", url.Values{"email": {adminEmail}, "password": {apptest.Password}, "return": {ret}})
		if !strings.HasPrefix(res.Header.Get("Location"), "/login/totp") {
			t.Fatalf("admin sign-in: %d %s", res.StatusCode, res.Header.Get("Location"))
		}
		want("/login/totp", admin.PostForm("/login/totp", url.Values{"code": {a.SecondFactorCode(adminEmail)}, "return": {ret}}))
	}
}

// The OpenID sign-in's return: a browser ends on the site.
func TestOIDCReturnNeverLeavesTheSite(t *testing.T) {
	issuer := startProvider(t)
	a := oidcApp(t, issuer, config.OIDCProvider{AutoCreate: true})
	host, provider := strings.TrimPrefix(a.URL, "http://"), strings.TrimPrefix(issuer, "http://")
	for _, ret := range offSite {
		b := newBrowser(t)
		var last string
		b.c.CheckRedirect = func(req *http.Request, via []*http.Request) error {
			last = req.Response.Header.Get("Location")
			if req.URL.Host != host && req.URL.Host != provider {
				return http.ErrUseLastResponse // off to somewhere else
			}
			return nil
		}
		res := b.signInReturning(a.URL, ret)
		readAll(t, res)
		if res.Request.URL.Host != host || res.StatusCode != http.StatusOK {
			t.Errorf("return %q: ended at %s with %d (last Location %q)", ret, res.Request.URL, res.StatusCode, last)
		}
	}
}
