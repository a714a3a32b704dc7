// Package apptest starts the whole samstyr application on a fresh test
// database behind an httptest server, creates a person for every role of
// the policy matrix, and gives tests clients that sign in through the real
// pages (with CSRF tokens and the second factor) or call the API with a
// real token.
package apptest

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/samstyr/samstyr/internal/audit"
	"github.com/samstyr/samstyr/internal/auth"
	"github.com/samstyr/samstyr/internal/config"
	"github.com/samstyr/samstyr/internal/governance"
	"github.com/samstyr/samstyr/internal/org"
	"github.com/samstyr/samstyr/internal/policy"
	"github.com/samstyr/samstyr/internal/server"
	"github.com/samstyr/samstyr/internal/store"
	"github.com/samstyr/samstyr/internal/testutil"
)

// Password is the password of every fixture person.
const Password = "correct horse battery staple"

// Roles are the roles of the policy matrix, in the matrix's column order.
var Roles = []string{"anonymous", "member", "vendor", "secretariat", "user_council", "strategic_council", "working_committee", "admin"}

// App is a running samstyr for one test.
type App struct {
	*server.App
	T      testing.TB
	Server *httptest.Server
	URL    string
	// People holds the fixture person of every role but anonymous.
	People map[string]*Person
	// Organisations holds fixture organisations by short name: oslo, bergen,
	// dibk, ks, vendor.
	Organisations map[string]*org.Organisation
	// Bodies holds the fixture bodies by kind.
	Bodies map[string]*governance.Body

	codesMu   sync.Mutex
	lastStep  map[string]int64 // per e-mail: the TOTP step handed out last
	recovered map[string]int   // per e-mail: recovery codes handed out
}

// Person is a fixture person with an API token.
type Person struct {
	*auth.Person
	Role  string
	Token string
}

// Options adjusts the application under test.
type Options struct {
	Config func(*config.Config)
	// Log receives the application's log (discarded by default).
	Log *slog.Logger
}

// New starts the application on a fresh migrated database with the role
// fixture. It is stopped when the test ends.
func New(t testing.TB) *App { return NewWith(t, Options{}) }

// NewWith is New with options.
func NewWith(t testing.TB, o Options) *App {
	t.Helper()
	ctx := context.Background()
	opts := testutil.NewDBOptions(t)
	cfg := config.Default()
	cfg.DatabaseURL, cfg.DataDir = opts.URL, ""
	if opts.Path != "" {
		cfg.DataDir = strings.TrimSuffix(opts.Path, "/samstyr.db")
	} else {
		cfg.DataDir = t.TempDir() // the upload folder
	}
	cfg.LoginMaxPerAddress = 1000
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	cfg.BaseURL = "http://" + ln.Addr().String()
	if o.Config != nil {
		o.Config(&cfg)
	}
	log := slog.New(slog.DiscardHandler)
	if o.Log != nil {
		log = o.Log
	} else if os.Getenv("SAMSTYR_TEST_LOG") != "" {
		log = slog.New(slog.NewTextHandler(os.Stderr, nil))
	}
	a, err := server.Open(ctx, cfg, log)
	if err != nil {
		t.Fatalf("open app: %v", err)
	}
	t.Cleanup(func() { a.Close() })
	h, err := a.Handler(ctx)
	if err != nil {
		t.Fatalf("handler: %v", err)
	}
	srv := httptest.NewUnstartedServer(h)
	srv.Listener.Close()
	srv.Listener = ln
	srv.Start()
	t.Cleanup(srv.Close)
	app := &App{App: a, T: t, Server: srv, URL: srv.URL, People: map[string]*Person{}, Organisations: map[string]*org.Organisation{}, Bodies: map[string]*governance.Body{},
		lastStep: map[string]int64{}, recovered: map[string]int{}}
	app.fixture(ctx)
	return app
}

// fixture creates organisations, bodies and one person per role.
func (a *App) fixture(ctx context.Context) {
	t := a.T
	sys := policy.SystemActor
	mustOrg := func(key string, o *org.Organisation) {
		if err := a.App.Orgs.Create(ctx, sys, o); err != nil {
			t.Fatalf("fixture org %s: %v", key, err)
		}
		a.Organisations[key] = o
	}
	mustOrg("oslo", &org.Organisation{Kind: "municipality", Name: "Oslo", OrgNumber: "958935420", MunicipalityNumber: "0301", CountyNumber: "03", CountyName: "Oslo", Population: 717710, PopulationDate: day(2024, 1, 1)})
	mustOrg("bergen", &org.Organisation{Kind: "municipality", Name: "Bergen", OrgNumber: "964338531", MunicipalityNumber: "4601", CountyNumber: "46", CountyName: "Vestland", Population: 291940, PopulationDate: day(2024, 1, 1)})
	mustOrg("dibk", &org.Organisation{Kind: "state_agency", Name: "Direktoratet for byggkvalitet", OrgNumber: "974760223"})
	mustOrg("ks", &org.Organisation{Kind: "ks", Name: "KS", OrgNumber: "971032146"})
	mustOrg("vendor", &org.Organisation{Kind: "vendor", Name: "Test Leverandør AS"})
	for _, k := range []string{policy.BodySecretariat, policy.BodyUserCouncil, policy.BodyStrategicCouncil, policy.BodyWorkingCommittee} {
		b := &governance.Body{Kind: k, Slug: strings.ReplaceAll(k, "_", "-"), NameNB: k, NameNN: k, NameEN: k, Active: true}
		if err := a.DB.CreateBody(ctx, b); err != nil {
			t.Fatalf("fixture body %s: %v", k, err)
		}
		a.Bodies[k] = b
	}
	people := []struct{ role, org, body string }{
		{"member", "oslo", ""}, {"vendor", "vendor", ""}, {"secretariat", "ks", policy.BodySecretariat},
		{"user_council", "bergen", policy.BodyUserCouncil}, {"strategic_council", "oslo", policy.BodyStrategicCouncil},
		{"working_committee", "bergen", policy.BodyWorkingCommittee}, {"admin", "ks", ""},
	}
	for _, p := range people {
		a.People[p.role] = a.NewPerson(p.role, p.org, p.body, p.role == "admin")
	}
}

// NewPerson creates a person of an organisation (by fixture key) with a
// membership of the body kind (if any) and an API token. Administrators
// get a second factor set up with a known secret.
func (a *App) NewPerson(role, orgKey, bodyKind string, admin bool) *Person {
	t := a.T
	t.Helper()
	ctx := context.Background()
	// The password is set from one hash per test process: argon2id under the
	// race detector costs most of a second per person.
	in := auth.PersonInput{Email: role + "-" + randSuffix() + "@test.samstyr.no", Name: "Test " + role, OrgID: a.Organisations[orgKey].ID, Admin: admin}
	p, err := a.Auth.CreatePerson(ctx, policy.SystemActor, in, false)
	if err != nil {
		t.Fatalf("create %s: %v", role, err)
	}
	p.PasswordHash, p.HasPassword = passwordHash(t), true
	if admin {
		p.TOTPSecret, p.TOTPEnabled = TOTPSecret, true
	}
	if err := a.DB.UpdatePerson(ctx, p); err != nil {
		t.Fatal(err)
	}
	if admin {
		var hashes []string
		for i := range 20 {
			hashes = append(hashes, auth.HashSecret(recoveryCode(i)))
		}
		if err := a.DB.ReplaceRecoveryCodes(ctx, p.ID, hashes); err != nil {
			t.Fatal(err)
		}
	}
	if bodyKind != "" {
		m := &governance.Membership{BodyID: a.Bodies[bodyKind].ID, PersonID: p.ID, OrgID: p.OrgID, Function: policy.FuncMember,
			Sector: "municipal", TermFrom: time.Now().AddDate(-1, 0, 0), TermTo: time.Now().AddDate(1, 0, 0), Status: "active"}
		if bodyKind == policy.BodySecretariat {
			m.Function = policy.FuncSecretary
		}
		if err := a.DB.CreateMembership(ctx, m); err != nil {
			t.Fatal(err)
		}
	}
	raw, _, err := a.Auth.CreateToken(ctx, policy.SystemActor, p.ID, "test")
	if err != nil {
		t.Fatal(err)
	}
	return &Person{Person: p, Role: role, Token: raw}
}

var fixtureHash struct {
	once sync.Once
	hash string
	err  error
}

// passwordHash is the argon2id hash of Password, computed once.
func passwordHash(t testing.TB) string {
	fixtureHash.once.Do(func() { fixtureHash.hash, fixtureHash.err = auth.HashPassword(Password) })
	if fixtureHash.err != nil {
		t.Fatal(fixtureHash.err)
	}
	return fixtureHash.hash
}

// Credentials returns the e-mail address and password of the fixture
// person of role, for signing in through a real browser.
func (a *App) Credentials(role string) (email, password string) {
	p := a.People[role]
	if p == nil {
		a.T.Fatalf("no fixture person for role %q", role)
	}
	return p.Email, Password
}

// SecondFactorCode returns a second-factor code for a fixture administrator
// that no earlier sign-in of this App used: the TOTP code of the current
// 30-second step the first time in that step, else the next unused recovery
// code. Codes are accepted once only, so browser tests and clients that sign
// the same administrator in several times take their codes from here.
func (a *App) SecondFactorCode(email string) string {
	a.codesMu.Lock()
	defer a.codesMu.Unlock()
	step := time.Now().Unix() / 30
	if step > a.lastStep[email] {
		code, err := auth.TOTPCode(TOTPSecret, time.Unix(step*30, 0))
		if err != nil {
			a.T.Fatal(err)
		}
		a.lastStep[email] = step
		return code
	}
	i := a.recovered[email]
	if i >= 20 {
		a.T.Fatalf("second factor for %s: every recovery code is used", email)
	}
	a.recovered[email] = i + 1
	return recoveryCode(i)
}

// recoveryCode returns the i-th recovery code of fixture administrators.
func recoveryCode(i int) string { return fmt.Sprintf("aaaa%c-bbbb%c", 'a'+i%26, 'a'+i/26) }

// TOTPSecret is the second-factor secret of fixture administrators.
const TOTPSecret = "KRSXG5CTMVRXEZLUKRSXG5CTMVRXEZLU"

var (
	suffixMu sync.Mutex
	suffixN  int
)

func randSuffix() string {
	suffixMu.Lock()
	defer suffixMu.Unlock()
	suffixN++
	return strings.ToLower(time.Now().Format("150405.000000")) + "-" + string(rune('a'+suffixN%26)) + itoa(suffixN)
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var b []byte
	for n > 0 {
		b = append([]byte{byte('0' + n%10)}, b...)
		n /= 10
	}
	return string(b)
}

func day(y, m, d int) time.Time { return time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC) }

// AuditCount returns the number of audit events.
func (a *App) AuditCount() int64 {
	seq, _, err := a.DB.AuditHead(context.Background())
	if err != nil {
		a.T.Fatal(err)
	}
	return seq
}

// ChangeCount returns the number of audit events that record a change:
// all but the refusals (403) the log also keeps.
func (a *App) ChangeCount() int64 {
	n := a.AuditCount()
	refused, err := a.DB.FindAuditEvents(context.Background(), audit.Filter{Action: audit.ActionRefused, Limit: 100000})
	if err != nil {
		a.T.Fatal(err)
	}
	return n - int64(len(refused))
}

// VerifyAudit fails the test when the audit chain is broken.
func (a *App) VerifyAudit() audit.Result {
	res, err := a.DB.VerifyAudit(context.Background())
	if err != nil || !res.OK {
		a.T.Fatalf("audit chain: %+v, %v", res, err)
	}
	return res
}

// DBOf exposes the store for tests that inspect rows directly.
func (a *App) DBOf() *store.DB { return a.DB }

var reCSRF = regexp.MustCompile(`name="csrf_token" value="([^"]+)"`)

// Response is a read HTTP response.
type Response struct {
	*http.Response
	Body string
}

// Client is a browser-like client: it keeps cookies (also Secure ones over
// plain HTTP, like a browser on localhost) and sends the CSRF token.
type Client struct {
	a       *App
	http    *http.Client
	mu      sync.Mutex
	cookies map[string]*http.Cookie
	csrf    string
	Token   string // API token for API calls, "" for none
	Lang    string
}

// Client returns a client signed in as role ("anonymous" for none).
func (a *App) Client(role string) *Client {
	c := a.NewClient()
	if role == "anonymous" {
		return c
	}
	p := a.People[role]
	if p == nil {
		a.T.Fatalf("no fixture person for role %q", role)
	}
	c.Token = p.Token
	c.Login(p.Email, Password)
	return c
}

// NewClient returns a client with no session.
func (a *App) NewClient() *Client {
	c := &Client{a: a, cookies: map[string]*http.Cookie{}, Lang: "nb"}
	c.http = &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }, Timeout: 30 * time.Second}
	return c
}

// Login signs in through the login page (and the second factor for
// administrators); it fails the test when sign-in does not succeed.
func (c *Client) Login(email, password string) {
	t := c.a.T
	t.Helper()
	res := c.PostForm("/login", url.Values{"email": {email}, "password": {password}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("login %s: status %d: %s", email, res.StatusCode, res.Body)
	}
	if loc := res.Header.Get("Location"); strings.HasPrefix(loc, "/login/totp") {
		// A code can be used once: SecondFactorCode hands out each once.
		for range 3 {
			res = c.PostForm("/login/totp", url.Values{"code": {c.a.SecondFactorCode(email)}})
			if res.StatusCode == http.StatusSeeOther && !strings.HasPrefix(res.Header.Get("Location"), "/login") {
				c.refreshCSRF()
				return
			}
		}
		t.Fatalf("second factor for %s: status %d %s", email, res.StatusCode, res.Header.Get("Location"))
	}
	c.refreshCSRF() // as a browser following the redirect gets a page with the new token
}

// Do sends a request with the client's cookies and reads the answer.
func (c *Client) Do(req *http.Request) *Response {
	t := c.a.T
	t.Helper()
	c.mu.Lock()
	for _, ck := range c.cookies {
		req.AddCookie(ck)
	}
	c.mu.Unlock()
	if req.Header.Get("Accept-Language") == "" {
		req.Header.Set("Accept-Language", c.Lang)
	}
	res, err := c.http.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", req.Method, req.URL, err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	c.mu.Lock()
	for _, ck := range res.Cookies() {
		if strings.HasSuffix(ck.Name, "samstyr-csrf") && (c.cookies[ck.Name] == nil || c.cookies[ck.Name].Value != ck.Value) {
			c.csrf = "" // a new CSRF cookie (at sign-in): the token is fetched anew
		}
		if ck.MaxAge < 0 || ck.Value == "" {
			delete(c.cookies, ck.Name)
		} else {
			c.cookies[ck.Name] = &http.Cookie{Name: ck.Name, Value: ck.Value}
		}
	}
	c.mu.Unlock()
	if m := reCSRF.FindSubmatch(b); m != nil {
		c.mu.Lock()
		c.csrf = string(m[1])
		c.mu.Unlock()
	}
	return &Response{Response: res, Body: string(b)}
}

// Get fetches a page.
func (c *Client) Get(path string) *Response {
	req, _ := http.NewRequest(http.MethodGet, c.a.URL+path, nil)
	return c.Do(req)
}

// PostForm posts a form with the CSRF token (fetching a page first to get
// one when the client has none).
func (c *Client) PostForm(path string, v url.Values) *Response {
	c.refreshCSRF()
	if v == nil {
		v = url.Values{}
	}
	if v.Get("csrf_token") == "" {
		v.Set("csrf_token", c.CSRF())
	}
	req, _ := http.NewRequest(http.MethodPost, c.a.URL+path, strings.NewReader(v.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return c.Do(req)
}

// API calls the JSON API with the client's token (none for anonymous).
func (c *Client) API(method, path, body string) *Response {
	var r io.Reader
	if body != "" {
		r = strings.NewReader(body)
	}
	req, _ := http.NewRequest(method, c.a.URL+path, r)
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	if c.Token != "" {
		req.Header.Set("Authorization", "Bearer "+c.Token)
	}
	cl := &http.Client{Timeout: 30 * time.Second, CheckRedirect: c.http.CheckRedirect}
	res, err := cl.Do(req)
	if err != nil {
		c.a.T.Fatalf("%s %s: %v", method, path, err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return &Response{Response: res, Body: string(b)}
}

// Cookies returns the client's cookies (the session among them), for
// tests that send requests of their own.
func (c *Client) Cookies() []*http.Cookie {
	c.mu.Lock()
	defer c.mu.Unlock()
	var out []*http.Cookie
	for _, ck := range c.cookies {
		out = append(out, &http.Cookie{Name: ck.Name, Value: ck.Value})
	}
	return out
}

// refreshCSRF fetches a page with the CSRF token when the client has none
// (none yet, or the cookie changed at sign-in, as a browser following the
// redirect would): the sign-in page for the public, the second-factor page
// while it is pending, else my page.
func (c *Client) refreshCSRF() {
	for _, p := range []string{"/login", "/login/totp", "/account"} {
		if c.CSRF() != "" {
			return
		}
		c.Get(p)
	}
}

// CSRF returns the client's current CSRF token.
func (c *Client) CSRF() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.csrf
}
