package server_test

import (
	"context"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/zitadel/oidc/v3/example/server/exampleop"
	"github.com/zitadel/oidc/v3/example/server/storage"
	"github.com/zitadel/oidc/v3/pkg/op"

	"github.com/samstyr/samstyr/internal/auth"
	"github.com/samstyr/samstyr/internal/config"
	"github.com/samstyr/samstyr/internal/policy"
	"github.com/samstyr/samstyr/internal/testutil/apptest"
)

// startProvider starts zitadel/oidc's OpenID provider (a certified
// implementation; its example storage has the user test-user@127.0.0.1 with
// password verysecure and e-mail test-user@zitadel.ch) and returns its
// issuer URL.
func startProvider(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	issuer := "http://" + ln.Addr().String()
	st := storage.NewStorage(storage.NewUserStore(issuer))
	router := exampleop.SetupServer(issuer, st, nil, false, op.WithAllowInsecure())
	srv := &http.Server{Handler: router}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	return issuer
}

func oidcApp(t *testing.T, issuer string, p config.OIDCProvider) *apptest.App {
	p.ID, p.Name, p.Issuer, p.ClientID, p.ClientSecret = "test", "Test-ID", issuer, "samstyr-"+t.Name(), "secret"
	p.Scopes = []string{"profile", "email"}
	a := apptest.NewWith(t, apptest.Options{Config: func(c *config.Config) { c.OIDC = []config.OIDCProvider{p} }})
	storage.RegisterClients(storage.WebClient(p.ClientID, "secret", a.URL+"/login/oidc/test/callback"))
	return a
}

var reLoginID = regexp.MustCompile(`name="id" value="([^"]+)"`)

// browser is a plain client with a cookie jar that follows redirects, like
// a browser going back and forth between samstyr and the provider.
type browser struct {
	t *testing.T
	c *http.Client
}

func newBrowser(t *testing.T) *browser {
	jar, _ := cookiejar.New(nil)
	return &browser{t: t, c: &http.Client{Jar: jar}}
}

// signIn starts at samstyr, signs in at the provider's own login form and
// returns the final response (after following every redirect).
func (b *browser) signIn(appURL string) *http.Response {
	b.t.Helper()
	return b.signInReturning(appURL, "/bodies")
}

// signInReturning is signIn asking to return to ret.
func (b *browser) signInReturning(appURL, ret string) *http.Response {
	b.t.Helper()
	res, err := b.c.Get(appURL + "/login/oidc/test?return=" + url.QueryEscape(ret))
	if err != nil {
		b.t.Fatal(err)
	}
	page := readAll(b.t, res)
	m := reLoginID.FindStringSubmatch(page)
	if m == nil {
		b.t.Fatalf("no provider login form at %s: %s", res.Request.URL, page)
	}
	res, err = b.c.PostForm(res.Request.URL.Scheme+"://"+res.Request.URL.Host+"/login/username",
		url.Values{"id": {m[1]}, "username": {"test-user@127.0.0.1"}, "password": {"verysecure"}})
	if err != nil {
		b.t.Fatal(err)
	}
	return res
}

func readAll(t *testing.T, res *http.Response) string {
	t.Helper()
	defer res.Body.Close()
	var b strings.Builder
	buf := make([]byte, 4096)
	for {
		n, err := res.Body.Read(buf)
		b.Write(buf[:n])
		if err != nil {
			break
		}
	}
	return b.String()
}

func TestOIDCUnknownPersonIsRefused(t *testing.T) {
	issuer := startProvider(t)
	a := oidcApp(t, issuer, config.OIDCProvider{})
	res := newBrowser(t).signIn(a.URL)
	body := readAll(t, res)
	if res.StatusCode != http.StatusUnauthorized || !strings.Contains(body, "kjenner ikke igjen kontoen din") {
		t.Fatalf("status %d at %s: %s", res.StatusCode, res.Request.URL, body)
	}
}

func TestOIDCLinksVerifiedEmailThenKeysOnSubject(t *testing.T) {
	issuer := startProvider(t)
	a := oidcApp(t, issuer, config.OIDCProvider{TrustEmail: true})
	ctx := context.Background()
	p, err := a.Auth.CreatePerson(ctx, policy.SystemActor, auth.PersonInput{Email: "test-user@zitadel.ch", Name: "Tess Test"}, false)
	if err != nil {
		t.Fatal(err)
	}
	b := newBrowser(t)
	res := b.signIn(a.URL)
	body := readAll(t, res)
	if res.StatusCode != http.StatusOK || res.Request.URL.Path != "/bodies" || !strings.Contains(body, "Tess Test") {
		t.Fatalf("status %d at %s (want /bodies, signed in as Tess Test)", res.StatusCode, res.Request.URL)
	}
	// The identity is now keyed on (issuer, subject): changing the
	// person's e-mail does not break the next sign-in.
	if _, err := a.Auth.UpdatePerson(ctx, policy.SystemActor, p.ID, auth.PersonInput{Email: "tess@ks.no", Name: "Tess Test"}); err != nil {
		t.Fatal(err)
	}
	res = newBrowser(t).signIn(a.URL)
	if body := readAll(t, res); res.StatusCode != http.StatusOK || !strings.Contains(body, "Tess Test") {
		t.Fatalf("second sign-in: status %d at %s", res.StatusCode, res.Request.URL)
	}
	events, _ := a.DB.FindAuditEvents(ctx, auditFilter("person.oidc_link"))
	if len(events) != 1 {
		t.Fatalf("%d link events, want 1", len(events))
	}
}

func TestOIDCAutoCreate(t *testing.T) {
	issuer := startProvider(t)
	a := oidcApp(t, issuer, config.OIDCProvider{AutoCreate: true})
	res := newBrowser(t).signIn(a.URL)
	if body := readAll(t, res); res.StatusCode != http.StatusOK || !strings.Contains(body, "Test User") {
		t.Fatalf("status %d at %s", res.StatusCode, res.Request.URL)
	}
	p, err := a.DB.FindPersonByEmail(context.Background(), "test-user@zitadel.ch")
	if err != nil || p.HasPassword {
		t.Fatalf("created person = %+v, %v", p, err)
	}
}

func TestOIDCStateMustMatchTheBrowserAndBeUsedOnce(t *testing.T) {
	issuer := startProvider(t)
	a := oidcApp(t, issuer, config.OIDCProvider{AutoCreate: true})
	b := newBrowser(t)
	// Stop at the redirect back to samstyr, to replay and tamper with it.
	b.c.CheckRedirect = func(req *http.Request, via []*http.Request) error {
		if strings.HasPrefix(req.URL.String(), a.URL+"/login/oidc/test/callback") {
			return http.ErrUseLastResponse
		}
		return nil
	}
	res := b.signIn(a.URL)
	callback := res.Header.Get("Location")
	if !strings.HasPrefix(callback, a.URL+"/login/oidc/test/callback?") {
		t.Fatalf("no redirect to the callback: %d %q", res.StatusCode, callback)
	}
	// Another browser (without the state cookie) cannot complete it.
	other := newBrowser(t)
	if res, _ := other.c.Get(callback); res.StatusCode != http.StatusUnauthorized {
		t.Fatalf("callback without the browser's state cookie: %d", res.StatusCode)
	}
	// The right browser can, once.
	b.c.CheckRedirect = nil
	res, err := b.c.Get(callback)
	if err != nil || res.StatusCode != http.StatusOK || res.Request.URL.Path != "/bodies" {
		t.Fatalf("callback: %v %d %s", err, res.StatusCode, res.Request.URL)
	}
	res, _ = b.c.Get(callback)
	if res.StatusCode != http.StatusUnauthorized {
		t.Fatalf("replayed callback: %d", res.StatusCode)
	}
}
