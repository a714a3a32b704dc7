package server_test

// Availability (issue 9, item 2): every request has a deadline; when the
// database stops answering or cannot store, requests end with 503 and
// Retry-After (problem+json in the API) instead of hanging or failing with
// 500, and /readyz says so.

import (
	"context"
	"database/sql"
	"encoding/json"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/samstyr/samstyr/internal/config"
	"github.com/samstyr/samstyr/internal/testutil"
	"github.com/samstyr/samstyr/internal/testutil/apptest"
)

// stallProxy passes TCP bytes between clients and target until stalled:
// then it keeps every connection open but passes nothing, as a network
// that drops packets does.
type stallProxy struct {
	ln      net.Listener
	target  string
	stalled atomic.Bool
	mu      sync.Mutex
	conns   []net.Conn
}

func newStallProxy(t *testing.T, target string) *stallProxy {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &stallProxy{ln: ln, target: target}
	t.Cleanup(func() {
		ln.Close()
		p.mu.Lock()
		for _, c := range p.conns {
			c.Close()
		}
		p.mu.Unlock()
	})
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go p.serve(c)
		}
	}()
	return p
}

func (p *stallProxy) serve(c net.Conn) {
	up, err := net.Dial("tcp", p.target)
	if err != nil {
		c.Close()
		return
	}
	p.mu.Lock()
	p.conns = append(p.conns, c, up)
	p.mu.Unlock()
	pipe := func(dst, src net.Conn) {
		buf := make([]byte, 32<<10)
		for {
			n, err := src.Read(buf)
			for p.stalled.Load() { // hold the bytes: nothing passes
				time.Sleep(10 * time.Millisecond)
			}
			if n > 0 {
				if _, werr := dst.Write(buf[:n]); werr != nil {
					return
				}
			}
			if err != nil {
				dst.Close()
				return
			}
		}
	}
	go pipe(up, c)
	go pipe(c, up)
}

// timedGet fetches url and reports how long the answer took.
func timedDo(t *testing.T, c *http.Client, req *http.Request) (*http.Response, string, time.Duration) {
	t.Helper()
	start := time.Now()
	res, err := c.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v after %v", req.Method, req.URL.Path, err, time.Since(start))
	}
	b, _ := io.ReadAll(res.Body)
	res.Body.Close()
	return res, string(b), time.Since(start)
}

// TestPostgresStallAnswers503WithinTheDeadline runs the application on
// PostgreSQL through a proxy that stops passing bytes: every request ends
// at its deadline with 503 and Retry-After, /readyz says the database is
// unreachable, and the application recovers when the network does.
func TestPostgresStallAnswers503WithinTheDeadline(t *testing.T) {
	base := testutil.PostgresURL()
	if base == "" {
		t.Skip("PostgreSQL only (a network to stall); SQLite's stall is TestSQLiteLockedAnswers503")
	}
	const deadline = 5 * time.Second
	var proxy *stallProxy
	a := apptest.NewWith(t, apptest.Options{Config: func(cfg *config.Config) {
		u, err := url.Parse(cfg.DatabaseURL)
		if err != nil {
			t.Fatal(err)
		}
		proxy = newStallProxy(t, u.Host)
		u.Host = proxy.ln.Addr().String()
		cfg.DatabaseURL = u.String()
		cfg.RequestTimeout = deadline
	}})
	token := a.People["secretariat"].Token
	api := func(method, path, body string) *http.Request {
		req, _ := http.NewRequest(method, a.URL+path, strings.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+token)
		req.Header.Set("Content-Type", "application/json")
		return req
	}
	hc := &http.Client{Timeout: 30 * time.Second}
	if res, body, _ := timedDo(t, hc, api("GET", "/api/v1/audit?limit=1", "")); res.StatusCode != 200 {
		t.Fatalf("before the stall: %d %s", res.StatusCode, body)
	}

	proxy.stalled.Store(true)
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Go(func() {
			req := api("GET", "/api/v1/audit?limit=1", "")
			if i%2 == 1 {
				req = api("POST", "/api/v1/organisations", `{"kind":"vendor","name":"Under brudd AS"}`)
			}
			res, body, took := timedDo(t, hc, req)
			if res.StatusCode != http.StatusServiceUnavailable || res.Header.Get("Retry-After") == "" ||
				!strings.HasPrefix(res.Header.Get("Content-Type"), "application/problem+json") {
				t.Errorf("%s during the stall: %d, Retry-After %q, %s", req.Method, res.StatusCode, res.Header.Get("Retry-After"), body)
			}
			var pr struct{ Code, Detail string }
			_ = json.Unmarshal([]byte(body), &pr)
			if pr.Code != "unavailable" || !strings.Contains(pr.Detail, "Prøv igjen") {
				t.Errorf("problem during the stall: %s", body)
			}
			if took > deadline+3*time.Second {
				t.Errorf("%s answered after %v, past its %v deadline", req.Method, took, deadline)
			}
		})
	}
	wg.Wait()
	res, body, took := timedDo(t, hc, mustRequest(t, "GET", a.URL+"/readyz"))
	if res.StatusCode != http.StatusServiceUnavailable || took > 5*time.Second {
		t.Errorf("readyz during the stall: %d after %v: %s", res.StatusCode, took, body)
	}

	proxy.stalled.Store(false)
	ok := false
	for end := time.Now().Add(20 * time.Second); time.Now().Before(end) && !ok; time.Sleep(200 * time.Millisecond) {
		res, _, _ := timedDo(t, hc, api("GET", "/api/v1/audit?limit=1", ""))
		ok = res.StatusCode == 200
	}
	if !ok {
		t.Fatal("the application did not recover after the network did")
	}
}

func mustRequest(t *testing.T, method, url string) *http.Request {
	t.Helper()
	req, err := http.NewRequest(method, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	return req
}

// TestSQLiteLockedAnswers503 holds SQLite's write lock from another
// process's connection: a write waits at most until its deadline and ends
// with 503 and Retry-After, in a page and in the API.
func TestSQLiteLockedAnswers503(t *testing.T) {
	if testutil.PostgresURL() != "" {
		t.Skip("SQLite only; PostgreSQL's stall is TestPostgresStallAnswers503WithinTheDeadline")
	}
	const deadline = 5 * time.Second
	a := apptest.NewWith(t, apptest.Options{Config: func(cfg *config.Config) { cfg.RequestTimeout = deadline }})
	admin := a.Client("admin")
	other, err := sql.Open("sqlite", "file:"+a.Config.SQLitePath()+"?_pragma=busy_timeout(1000)")
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	ctx := context.Background()
	conn, err := other.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, `BEGIN IMMEDIATE`); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	res := admin.API("POST", "/api/v1/organisations", `{"kind":"vendor","name":"Låst AS"}`)
	if res.StatusCode != http.StatusServiceUnavailable || res.Header.Get("Retry-After") == "" || !strings.Contains(res.Body, `"code":"unavailable"`) {
		t.Errorf("API write while locked: %d %q %s", res.StatusCode, res.Header.Get("Retry-After"), res.Body)
	}
	page := admin.PostForm("/organisations", url.Values{"kind": {"vendor"}, "name": {"Låst side AS"}})
	if page.StatusCode != http.StatusServiceUnavailable || page.Header.Get("Retry-After") == "" || !strings.Contains(page.Body, "midlertidig utilgjengelig") {
		t.Errorf("page write while locked: %d %q", page.StatusCode, page.Header.Get("Retry-After"))
	}
	if took := time.Since(start); took > 2*(deadline+3*time.Second) {
		t.Errorf("two writes took %v with a %v deadline each", took, deadline)
	}
	if _, err := conn.ExecContext(ctx, `ROLLBACK`); err != nil {
		t.Fatal(err)
	}
	if res := admin.API("POST", "/api/v1/organisations", `{"kind":"vendor","name":"Ulåst AS"}`); res.StatusCode != http.StatusCreated {
		t.Errorf("write after the lock: %d %s", res.StatusCode, res.Body)
	}
}

// TestReadyzReportsFailingWrites fills SQLite up (a page limit, as a full
// disk does): writes answer 503 and /readyz turns 503 while reads still
// work; once writes succeed again it is ready again.
func TestReadyzReportsFailingWrites(t *testing.T) {
	if testutil.PostgresURL() != "" {
		t.Skip("SQLite only: PostgreSQL's disk cannot be filled from a test; its failures are covered by TestPostgresStallAnswers503WithinTheDeadline")
	}
	a := apptest.New(t)
	admin := a.Client("admin")
	ready := func() int {
		res, err := http.Get(a.URL + "/readyz")
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		return res.StatusCode
	}
	if s := ready(); s != 200 {
		t.Fatalf("readyz before: %d", s)
	}
	ctx := context.Background()
	var pages int64
	if err := a.DB.QueryRowForTest(ctx, `PRAGMA page_count`).Scan(&pages); err != nil {
		t.Fatal(err)
	}
	if _, err := a.DB.ExecForTest(ctx, `PRAGMA max_page_count = `+itoa(int(pages))); err != nil {
		t.Fatal(err)
	}
	// Writes fill the pages there are; the first that needs a new page fails.
	var res *apptest.Response
	for i := 0; i < 500; i++ {
		res = admin.API("POST", "/api/v1/organisations", `{"kind":"vendor","name":"Full disk `+itoa(i)+` AS"}`)
		if res.StatusCode != http.StatusCreated {
			break
		}
	}
	if res.StatusCode != http.StatusServiceUnavailable || res.Header.Get("Retry-After") == "" {
		t.Fatalf("write on a full database: %d %s", res.StatusCode, res.Body)
	}
	if s := ready(); s != http.StatusServiceUnavailable {
		t.Errorf("readyz while writes fail: %d, want 503", s)
	}
	if res := a.NewClient().Get("/organisations"); res.StatusCode != 200 {
		t.Errorf("reads while writes fail: %d", res.StatusCode)
	}
	if _, err := a.DB.ExecForTest(ctx, `PRAGMA max_page_count = 1000000`); err != nil {
		t.Fatal(err)
	}
	if res := admin.API("POST", "/api/v1/organisations", `{"kind":"vendor","name":"Plass igjen AS"}`); res.StatusCode != http.StatusCreated {
		t.Fatalf("write with room again: %d %s", res.StatusCode, res.Body)
	}
	if s := ready(); s != 200 {
		t.Errorf("readyz after writes work again: %d", s)
	}
}

// lockedBuffer is a log destination safe for concurrent writers.
type lockedBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// TestClientGoneIsNoError: a write the person gives up on while it waits
// for the database (another click, a closed tab) ends quietly — no
// "internal error" in the log, no 500 counted — on both databases.
func TestClientGoneIsNoError(t *testing.T) {
	logs := &lockedBuffer{}
	a := apptest.NewWith(t, apptest.Options{Log: slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))})
	admin := a.Client("admin")
	release, err := a.DB.HoldWriteLockForTest(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, page := range []bool{false, true} {
		ctx, cancel := context.WithTimeout(context.Background(), 500*time.Millisecond)
		var req *http.Request
		if page {
			form := url.Values{"kind": {"vendor"}, "name": {"Avbrutt side AS"}, "csrf_token": {admin.CSRF()}}
			req, _ = http.NewRequestWithContext(ctx, "POST", a.URL+"/organisations", strings.NewReader(form.Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			req.Header.Set("Origin", a.URL)
		} else {
			req, _ = http.NewRequestWithContext(ctx, "POST", a.URL+"/api/v1/organisations", strings.NewReader(`{"kind":"vendor","name":"Avbrutt AS"}`))
			req.Header.Set("Authorization", "Bearer "+a.People["admin"].Token)
			req.Header.Set("Content-Type", "application/json")
		}
		for _, ck := range admin.Cookies() {
			req.AddCookie(ck)
		}
		res, err := http.DefaultClient.Do(req)
		cancel()
		if err == nil {
			res.Body.Close()
			t.Fatalf("page %v: the write answered %d while the database was locked", page, res.StatusCode)
		}
	}
	release()
	// The server notices the cancellation when its database call gives up.
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) && strings.Count(logs.String(), "request cancelled by the client") < 2 {
		time.Sleep(50 * time.Millisecond)
	}
	out := logs.String()
	if n := strings.Count(out, "request cancelled by the client"); n != 2 {
		t.Errorf("%d cancelled requests logged as such, want 2:\n%s", n, out)
	}
	if strings.Contains(out, "internal error") || strings.Contains(out, "status=500") {
		t.Errorf("a request the client left was logged as an error:\n%s", out)
	}
}
