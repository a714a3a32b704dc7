package server_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/samstyr/samstyr/internal/optimize"
	"github.com/samstyr/samstyr/internal/portfolio"
	"github.com/samstyr/samstyr/internal/testutil/apptest"
)

// countingBody yields n bytes of a JSON-looking document and counts what
// is read of it.
type countingBody struct {
	n    int64
	read atomic.Int64
}

func (b *countingBody) Read(p []byte) (int, error) {
	left := b.n - b.read.Load()
	if left <= 0 {
		return 0, io.EOF
	}
	k := min(int64(len(p)), left)
	for i := range p[:k] {
		p[i] = ' '
	}
	b.read.Add(k)
	return int(k), nil
}

func (b *countingBody) Close() error { return nil }

// TestPortfolioRefusesBeforeReading: a caller who may not run the
// optimiser, and a declared body over the limit, are answered without the
// body being read, on the API and on the page.
func TestPortfolioRefusesBeforeReading(t *testing.T) {
	a := apptest.New(t)
	const size = 16 << 20
	session := func(role string) []*http.Cookie { return a.Client(role).Cookies() }
	cases := []struct {
		name, path, contentType, token string
		cookies                        []*http.Cookie
		status                         int
	}{
		{"API, anonymous", "/api/v1/portfolio/optimize", "application/json", "", nil, http.StatusUnauthorized},
		{"API, may not optimise", "/api/v1/portfolio/optimize", "application/json", a.People["member"].Token, nil, http.StatusForbidden},
		{"API, too large", "/api/v1/portfolio/optimize", "application/json", a.People["secretariat"].Token, nil, http.StatusRequestEntityTooLarge},
		{"page, anonymous", "/portfolio", "multipart/form-data; boundary=x", "", nil, 0},
		{"page, may not optimise", "/portfolio", "multipart/form-data; boundary=x", "", session("member"), http.StatusForbidden},
		{"page, too large", "/portfolio", "multipart/form-data; boundary=x", "", session("secretariat"), http.StatusRequestEntityTooLarge},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			body := &countingBody{n: size}
			req := httptest.NewRequest(http.MethodPost, c.path, body)
			req.ContentLength = size
			req.Header.Set("Content-Type", c.contentType)
			req.Host = strings.TrimPrefix(a.URL, "http://") // same origin: only the guard may refuse
			req.Header.Set("Origin", a.URL)
			req.Header.Set("Sec-Fetch-Site", "same-origin")
			if c.token != "" {
				req.Header.Set("Authorization", "Bearer "+c.token)
			}
			for _, ck := range c.cookies {
				req.AddCookie(ck)
			}
			rec := httptest.NewRecorder()
			a.Server.Config.Handler.ServeHTTP(rec, req)
			if c.status != 0 && rec.Code != c.status || c.status == 0 && rec.Code < 300 {
				t.Errorf("status %d, want %d: %.300s", rec.Code, c.status, rec.Body.String())
			}
			if n := body.read.Load(); n != 0 {
				t.Errorf("read %d bytes of the body before refusing", n)
			}
			if c.status == http.StatusRequestEntityTooLarge && !strings.Contains(rec.Body.String(), "4 MiB") {
				t.Errorf("no message naming the limit: %.300s", rec.Body.String())
			}
		})
	}
}

// TestPortfolioInstanceLimits: instances over the size limits get 422 with
// the field named and the limit in the message.
func TestPortfolioInstanceLimits(t *testing.T) {
	a := apptest.New(t)
	c := a.Client("secretariat")
	var b strings.Builder
	b.WriteString(`{"format":"portfolio-instance/v1","years":1,"budget":[10],"projects":[`)
	for i := range portfolio.MaxProjects + 1 {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `{"id":"p%d","benefit":1,"cost":[1]}`, i)
	}
	b.WriteString(`]}`)
	cases := []struct{ name, body, field, code string }{
		{"projects", b.String(), "projects", "portfolio.error.too_many_projects"},
		{"years", `{"format":"portfolio-instance/v1","years":21,"budget":[` + strings.Repeat("1,", 20) + `1],"projects":[{"id":"a","benefit":1,"cost":[` + strings.Repeat("1,", 20) + `1]}]}`,
			"years", "portfolio.error.too_many_years"},
	}
	for _, cs := range cases {
		res := c.API("POST", "/api/v1/portfolio/optimize", cs.body)
		p := decodeProblem(t, res)
		if p.Status != 422 || len(p.Errors) == 0 || p.Errors[0].Field != cs.field || p.Errors[0].Code != cs.code || !strings.Contains(p.Errors[0].Message, "ikke") {
			t.Errorf("%s: %+v", cs.name, p)
		}
	}
}

var bigInstance = sync.OnceValue(func() string {
	b, err := json.Marshal(optimize.Generate(optimize.DefaultGenParams(8000, 5, 21)))
	if err != nil {
		panic(err)
	}
	return string(b)
})

// TestPortfolioTimeLimitBoundsTheRequest: a large instance with frontier
// and explanations answers within a bound of its time limit, says it was
// stopped by the limit, and leaves nothing running.
func TestPortfolioTimeLimitBoundsTheRequest(t *testing.T) {
	a := apptest.New(t)
	c := a.Client("secretariat")
	inst := bigInstance()
	start := time.Now()
	res := c.API("POST", "/api/v1/portfolio/optimize?time_limit=1s&frontier=15&explain=true", inst)
	took := time.Since(start)
	wantStatus(t, "optimise", res, http.StatusOK)
	var out struct {
		Stopped  string  `json:"stopped"`
		Optimal  bool    `json:"optimal"`
		Total    float64 `json:"total_seconds"`
		Frontier []any   `json:"frontier"`
	}
	if err := json.Unmarshal([]byte(res.Body), &out); err != nil {
		t.Fatal(err)
	}
	if out.Stopped != "time_limit" {
		t.Errorf("stopped = %q, want time_limit (optimal %v, %d levels)", out.Stopped, out.Optimal, len(out.Frontier))
	}
	// The limit is checked between steps of the search; on a loaded machine
	// a step may run on past it, so the bound is loose: what matters is
	// that the limit stopped the run (above) well before it would end.
	if out.Total > 4 {
		t.Errorf("the optimiser worked %.2fs with a limit of 1s", out.Total)
	}
	if took > 8*time.Second { // parsing and a busy machine, not the optimiser
		t.Errorf("answer after %v", took)
	}
	if n := a.Portfolio.Running(); n != 0 {
		t.Errorf("%d runs still going after the answer", n)
	}
}

// waitRunning waits until n optimisations are running.
func waitRunning(t *testing.T, a *apptest.App, n int, within time.Duration) {
	t.Helper()
	for end := time.Now().Add(within); a.Portfolio.Running() != n; time.Sleep(10 * time.Millisecond) {
		if time.Now().After(end) {
			t.Fatalf("%d runs, want %d", a.Portfolio.Running(), n)
		}
	}
}

// TestPortfolioClientGoneStopsTheRun: when the client goes, the run stops
// well before its time limit.
func TestPortfolioClientGoneStopsTheRun(t *testing.T) {
	a := apptest.New(t)
	inst := bigInstance()
	ctx, cancel := context.WithCancel(context.Background())
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, a.URL+"/api/v1/portfolio/optimize?time_limit=60s&frontier=25&explain=true", strings.NewReader(inst))
	req.Header.Set("Authorization", "Bearer "+a.People["secretariat"].Token)
	done := make(chan struct{})
	go func() {
		defer close(done)
		if res, err := http.DefaultClient.Do(req); err == nil {
			res.Body.Close()
		}
	}()
	waitRunning(t, a, 1, 10*time.Second)
	time.Sleep(300 * time.Millisecond) // into the solve
	gone := time.Now()
	cancel()
	<-done
	waitRunning(t, a, 0, 5*time.Second)
	t.Logf("run ended %v after the client left", time.Since(gone))
}

// TestPortfolioRunsBeyondTheLimitGet429: with every run slot busy, the API
// and the page answer 429 with Retry-After.
func TestPortfolioRunsBeyondTheLimitGet429(t *testing.T) {
	a := apptest.New(t)
	inst := bigInstance()
	slots := a.Portfolio.MaxRuns()
	var wg sync.WaitGroup
	codes := make(chan int, slots)
	for range slots {
		wg.Add(1)
		go func() {
			defer wg.Done()
			codes <- a.Client("secretariat").API("POST", "/api/v1/portfolio/optimize?time_limit=4s", inst).StatusCode
		}()
	}
	waitRunning(t, a, slots, 20*time.Second)
	res := a.Client("strategic_council").API("POST", "/api/v1/portfolio/optimize", `{}`)
	p := decodeProblem(t, res)
	if p.Status != http.StatusTooManyRequests || res.Header.Get("Retry-After") == "" || res.Header.Get("Retry-After") == "0" {
		t.Errorf("API beyond %d runs: %d, Retry-After %q: %+v", slots, res.StatusCode, res.Header.Get("Retry-After"), p)
	}
	page := a.Client("strategic_council").PostForm("/portfolio", map[string][]string{"example": {"pf-n50-t3"}})
	if page.StatusCode != http.StatusTooManyRequests || page.Header.Get("Retry-After") == "" {
		t.Errorf("page beyond %d runs: %d, Retry-After %q", slots, page.StatusCode, page.Header.Get("Retry-After"))
	}
	wg.Wait()
	close(codes)
	for code := range codes {
		if code != http.StatusOK {
			t.Errorf("a run within the limit answered %d", code)
		}
	}
}
