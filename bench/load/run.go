package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// lineLog keeps a child's output.
type lineLog struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lineLog) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.b.Len() > 8<<20 {
		l.b.Reset()
	}
	return l.b.Write(p)
}

func (l *lineLog) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// fixture is what the scenarios pick from: public needs, open needs to
// back, search words, and the tokens of people in municipalities.
type fixture struct {
	needs []int64 // public needs, for the need pages
	open  []int64 // open needs, for backing
	// The new areas' public records (issue 16, item 5): projects, forums
	// and elections.
	projects, forums, elections []int64
	words                       []string
	tokens                      []string
	// backed remembers, per token, the needs its organisation backs now,
	// so the writes never back a need twice (the service would refuse).
	backedMu sync.Mutex
	backed   []map[int64]bool
}

// loadFixture reads need ids through the API.
func loadFixture(ctx context.Context, base string, tokens []string) (*fixture, error) {
	fx := &fixture{tokens: tokens, words: []string{"byggesøknader", "reguleringsplaner", "matrikkelføring", "situasjonskart",
		"nabovarsel", "ferdigattester", "planregisteret", "dispensasjonssøknader", "høydedata", "flomsonekart", "Geonorge",
		"eByggeSak", "planforslag", "gebyrberegning", "adresseforslag", "kulturminnedata", "tilsynsrapporter", "radonmålinger"}}
	// What each token's organisation backs (or submitted) already.
	for _, tk := range tokens {
		var me struct {
			OrgID int64 `json:"organisation_id"`
		}
		if err := getJSON(ctx, base+"/api/v1/me", tk, &me); err != nil {
			return nil, err
		}
		backed := map[int64]bool{}
		cursor := ""
		for {
			var page struct {
				Items []struct {
					ID int64 `json:"id"`
				} `json:"items"`
				Next string `json:"next_cursor"`
			}
			if err := getJSON(ctx, fmt.Sprintf("%s/api/v1/needs?limit=500&organisation=%d&cursor=%s", base, me.OrgID, url.QueryEscape(cursor)), tk, &page); err != nil {
				return nil, err
			}
			for _, n := range page.Items {
				backed[n.ID] = true
			}
			if cursor = page.Next; cursor == "" {
				break
			}
		}
		fx.backed = append(fx.backed, backed)
	}
	for _, state := range []string{"submitted", "in_triage", "under_assessment", "assessed", "parked", "prioritised", "in_concept", "in_project", "resolved"} {
		var page struct {
			Items []struct {
				ID int64 `json:"id"`
			} `json:"items"`
		}
		if err := getJSON(ctx, base+"/api/v1/needs?limit=500&state="+state, tokens[0], &page); err != nil {
			return nil, err
		}
		for _, n := range page.Items {
			fx.needs = append(fx.needs, n.ID)
			if state != "resolved" {
				fx.open = append(fx.open, n.ID)
			}
		}
	}
	for _, l := range []struct {
		path string
		ids  *[]int64
	}{{"/api/v1/projects", &fx.projects}, {"/api/v1/forums", &fx.forums}, {"/api/v1/elections", &fx.elections}} {
		var items []struct {
			ID int64 `json:"id"`
		}
		if err := getJSON(ctx, base+l.path, tokens[0], &items); err != nil {
			return nil, err
		}
		for _, it := range items {
			*l.ids = append(*l.ids, it.ID)
		}
		if len(*l.ids) == 0 {
			return nil, fmt.Errorf("the dataset has no records at %s: is it loaded?", l.path)
		}
	}
	if len(fx.needs) < 100 || len(fx.open) < 100 {
		return nil, fmt.Errorf("the dataset has too few needs (%d public, %d open): is it loaded?", len(fx.needs), len(fx.open))
	}
	return fx, nil
}

func getJSON(ctx context.Context, u, token string, v any) error {
	req, _ := http.NewRequestWithContext(ctx, "GET", u, nil)
	req.Header.Set("Authorization", "Bearer "+token)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	if res.StatusCode != 200 {
		b, _ := io.ReadAll(res.Body)
		return fmt.Errorf("GET %s: %d %s", u, res.StatusCode, b)
	}
	return json.NewDecoder(res.Body).Decode(v)
}

// request is one request of a scenario.
type request struct {
	method, url, token, body string
	ok                       func(status int) bool // nil: 2xx
}

// scenario makes the requests of one measured case.
type scenario struct {
	name, title string
	api         bool
	next        func(r *rand.Rand, worker int) request
	// pass, when set, is sent once, each request once, at passConns
	// connections (instead of next for a duration at each concurrency).
	pass []request
	// prepare, when set, runs (untimed) before a one-pass scenario.
	prepare func(ctx context.Context) error
	// writer, when set, runs beside the measured reads (from the warm-up
	// to the end) and returns its writes and their errors.
	writer func(ctx context.Context) (writes, errors int, first string)
}

// changedCount is how many needs "need-page-changed" backs and then views.
const changedCount = 400

// backAll backs each need (untimed) as the organisations of the tokens, in
// turn, skipping those already backed.
func (fx *fixture) backAll(ctx context.Context, base string, ids []int64) error {
	client := &http.Client{Timeout: 60 * time.Second}
	for i, id := range ids {
		t := i % len(fx.tokens)
		fx.backedMu.Lock()
		done := fx.backed[t][id]
		fx.backed[t][id] = true
		fx.backedMu.Unlock()
		if done {
			continue
		}
		status, body, err := do(ctx, client, request{method: "POST", url: fmt.Sprintf("%s/api/v1/needs/%d/backings", base, id), token: fx.tokens[t], body: `{}`})
		if err != nil || status >= 300 {
			return fmt.Errorf("back need %d: %d %v %.200s", id, status, err, body)
		}
	}
	return nil
}

// writesPerSecond is the pace of the writer beside "need-page-writes".
const writesPerSecond = 10

// trickle backs and withdraws backings of random needs, and now and then
// submits a need, at writesPerSecond through the API, as the
// municipalities of the tokens: the writes of a prioritisation round.
func (fx *fixture) trickle(base string) func(ctx context.Context) (int, int, string) {
	return func(ctx context.Context) (writes, errors int, first string) {
		r := rand.New(rand.NewPCG(7, uint64(time.Now().UnixNano())))
		client := &http.Client{Timeout: 60 * time.Second}
		tick := time.NewTicker(time.Second / writesPerSecond)
		defer tick.Stop()
		mine := make([][]int64, len(fx.tokens)) // per token: needs backed by this writer, to withdraw
		for i := 0; ; i++ {
			select {
			case <-ctx.Done():
				return writes, errors, first
			case <-tick.C:
			}
			t := i % len(fx.tokens)
			var req request
			withdrawn := int64(0)
			switch {
			case i%10 == 9:
				req = request{method: "POST", url: base + "/api/v1/needs", token: fx.tokens[t],
					body: fmt.Sprintf(`{"title":"Skriveprøve %d: digital ferdigattest","problem":"Ferdigattester sendes i posten.","area":"bygg","affected":["citizens"]}`, i)}
			case len(mine[t]) > 0 && r.IntN(2) == 0:
				id := mine[t][0]
				mine[t] = mine[t][1:]
				req = request{method: "DELETE", url: fmt.Sprintf("%s/api/v1/needs/%d/backings", base, id), token: fx.tokens[t]}
				withdrawn = id
			default:
				id := fx.unbacked(r, t)
				mine[t] = append(mine[t], id)
				req = request{method: "POST", url: fmt.Sprintf("%s/api/v1/needs/%d/backings", base, id), token: fx.tokens[t], body: `{}`}
			}
			status, body, err := do(ctx, client, req)
			if ctx.Err() != nil {
				return writes, errors, first
			}
			writes++
			if withdrawn != 0 && err == nil && status < 300 {
				fx.forget(t, withdrawn)
			}
			if err != nil || status >= 300 {
				errors++
				if first == "" {
					first = fmt.Sprintf("%s %s: %d %v %.200s", req.method, req.url, status, err, body)
				}
			}
		}
	}
}

// forget marks a need as no longer backed by token t's organisation.
func (fx *fixture) forget(t int, id int64) {
	fx.backedMu.Lock()
	defer fx.backedMu.Unlock()
	delete(fx.backed[t], id)
}

// passConns is the concurrency of a one-pass scenario.
const passConns = 8

var areas = []string{"plan", "bygg", "geodata", "cross_cutting"}

func buildScenarios(fx *fixture, bare, base string) []scenario {
	needPage := func(r *rand.Rand, _ int) request {
		return request{method: "GET", url: fmt.Sprintf("%s/needs/%d", base, fx.needs[r.IntN(len(fx.needs))])}
	}
	list := func(r *rand.Rand, _ int) request {
		return request{method: "GET", url: base + "/needs?sort=priority&area=" + areas[r.IntN(len(areas))]}
	}
	search := func(r *rand.Rand, _ int) request {
		return request{method: "GET", url: base + "/needs?q=" + url.QueryEscape(fx.words[r.IntN(len(fx.words))])}
	}
	orgs := func(r *rand.Rand, _ int) request {
		q := []string{"", "?kind=municipality", "?county=46", "?q=berg"}[r.IntN(4)]
		return request{method: "GET", url: base + "/organisations" + q}
	}
	api := func(f func(*rand.Rand, int) request) func(*rand.Rand, int) request {
		return func(r *rand.Rand, w int) request {
			req := f(r, w)
			req.url = strings.Replace(req.url, base, base+"/api/v1", 1)
			req.token = fx.tokens[w%len(fx.tokens)]
			return req
		}
	}
	pick := func(format string, ids []int64) func(*rand.Rand, int) request {
		return func(r *rand.Rand, _ int) request {
			return request{method: "GET", url: base + fmt.Sprintf(format, ids[r.IntN(len(ids))])}
		}
	}
	fixed := func(path string) func(*rand.Rand, int) request {
		return func(*rand.Rand, int) request { return request{method: "GET", url: base + path} }
	}
	reads := []func(*rand.Rand, int) request{needPage, list, search, orgs, api(needPage), api(list), api(search), api(orgs)}
	var submitted atomic.Int64
	mixed := func(r *rand.Rand, w int) request {
		if r.IntN(5) > 0 {
			return reads[r.IntN(len(reads))](r, w)
		}
		t := w % len(fx.tokens)
		if r.IntN(2) == 0 {
			n := submitted.Add(1)
			return request{method: "POST", url: base + "/api/v1/needs", token: fx.tokens[t],
				body: fmt.Sprintf(`{"title":"Lastprøve %d: digitale nabovarsel","problem":"Nabovarsel sendes på papir og må registreres for hånd.","area":"bygg","affected":["citizens","case_officers"]}`, n)}
		}
		return request{method: "POST", url: fmt.Sprintf("%s/api/v1/needs/%d/backings", base, fx.unbacked(r, t)), token: fx.tokens[t],
			body: `{"comment":"Lastprøve"}`}
	}
	// Every need once, before the need page is measured: these are the
	// pages' first views (nothing of them cached), and after them the
	// measurement finds the server as it is when the needs have been
	// seen (the public's pages cached until the next write).
	var first []request
	for _, id := range fx.needs {
		first = append(first, request{method: "GET", url: fmt.Sprintf("%s/needs/%d", base, id)})
	}
	// The first view of a page since a write changed it: after the pass
	// above, a backing of each of changedCount needs, then each of their
	// pages once.
	changed := fx.open[:min(changedCount, len(fx.open))]
	var changedPages []request
	for _, id := range changed {
		changedPages = append(changedPages, request{method: "GET", url: fmt.Sprintf("%s/needs/%d", base, id)})
	}
	return []scenario{
		{name: "bare", title: "bare net/http handler, 1 KiB", next: func(*rand.Rand, int) request { return request{method: "GET", url: bare + "/"} }},
		{name: "need-page-first", title: fmt.Sprintf("need page, first view of each of %d needs", len(first)), pass: first},
		{name: "need-page", title: "need page (`/needs/{id}`)", next: needPage},
		{name: "need-page-changed", title: fmt.Sprintf("need page, first view after a backing changed it (%d needs)", len(changed)), pass: changedPages,
			prepare: func(ctx context.Context) error { return fx.backAll(ctx, base, changed) }},
		{name: "needs-list", title: "needs list, filtered by area, sorted by priority", next: list},
		{name: "search", title: "full-text search (`/needs?q=`)", next: search},
		{name: "orgs", title: "organisation list", next: orgs},
		{name: "api-need", title: "API: need", api: true, next: api(needPage)},
		{name: "api-needs-list", title: "API: needs list, filtered, by priority", api: true, next: api(list)},
		{name: "api-search", title: "API: full-text search", api: true, next: api(search)},
		{name: "api-orgs", title: "API: organisation list", api: true, next: api(orgs)},
		// The new areas' public pages (issue 16, item 5), held to the need
		// page's bars.
		{name: "project-page", title: fmt.Sprintf("project page (`/projects/{id}`, %d projects)", len(fx.projects)), next: pick("/projects/%d", fx.projects)},
		{name: "project-plan", title: "project plan with its Gantt chart (`/projects/{id}/plan`)", next: pick("/projects/%d/plan", fx.projects)},
		{name: "projects-list", title: "project list (`/projects`)", next: fixed("/projects")},
		{name: "portfolio", title: "portfolio overview, public (`/portfolio/overview`)", next: fixed("/portfolio/overview")},
		{name: "forum-page", title: fmt.Sprintf("forum page (`/forum/{id}`, %d forums)", len(fx.forums)), next: pick("/forum/%d", fx.forums)},
		{name: "election-page", title: fmt.Sprintf("election page (`/elections/{id}`, %d elections)", len(fx.elections)), next: pick("/elections/%d", fx.elections)},
		{name: "standards", title: "standards catalogue (`/standards`)", next: fixed("/standards")},
		{name: "conformance", title: "product conformance (`/conformance`)", next: fixed("/conformance")},
		{name: "faq", title: "answered questions (`/faq`)", next: fixed("/faq")},
		{name: "mixed", title: "mixed: 80 % reads (the need, list, search and organisation reads above), 20 % writes (submit, back)", next: mixed},
		{name: "need-page-writes", title: fmt.Sprintf("need page while %d writes/s back, withdraw and submit", writesPerSecond), next: needPage,
			writer: fx.trickle(base)},
	}
}

// unbacked picks an open need the token's organisation does not back yet.
func (fx *fixture) unbacked(r *rand.Rand, t int) int64 {
	fx.backedMu.Lock()
	defer fx.backedMu.Unlock()
	for {
		id := fx.open[r.IntN(len(fx.open))]
		if !fx.backed[t][id] {
			fx.backed[t][id] = true
			return id
		}
	}
}

// result is what one measurement found.
type result struct {
	rps           float64
	p50, p95, p99 time.Duration
	requests      int
	errors        int
	locked        int
	firstError    string
	writes        int // by the writer beside the reads (warm-up included)
}

// measure runs a scenario with n connections: each worker has an HTTP
// client with one kept-alive connection and sends requests back to back,
// first for the warm-up (not counted), then for the duration.
func measure(ctx context.Context, sc scenario, n int, warmup, duration time.Duration) result {
	var mu sync.Mutex
	var lat []time.Duration
	var errors, locked int
	var firstError string
	var counting atomic.Bool
	stop := make(chan struct{})
	var wg sync.WaitGroup
	var writes, writeErrors int
	var writeFirst string
	if sc.writer != nil {
		wctx, cancel := context.WithCancel(ctx)
		defer cancel()
		wg.Go(func() {
			<-stop
			cancel()
		})
		wg.Go(func() { writes, writeErrors, writeFirst = sc.writer(wctx) })
	}
	for w := range n {
		wg.Go(func() {
			r := rand.New(rand.NewPCG(uint64(w), uint64(time.Now().UnixNano())))
			client := &http.Client{Timeout: 60 * time.Second, Transport: &http.Transport{MaxConnsPerHost: 1, MaxIdleConnsPerHost: 1,
				DisableCompression: true, IdleConnTimeout: time.Minute}, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
			defer client.CloseIdleConnections()
			var mine []time.Duration
			var bad, lockedHere int
			var firstBad string
			for {
				select {
				case <-stop:
					mu.Lock()
					lat = append(lat, mine...)
					errors += bad
					locked += lockedHere
					if firstError == "" {
						firstError = firstBad
					}
					mu.Unlock()
					return
				default:
				}
				req := sc.next(r, w)
				t0 := time.Now()
				status, body, err := do(ctx, client, req)
				d := time.Since(t0)
				if !counting.Load() {
					continue
				}
				ok := err == nil && (status >= 200 && status < 300 || req.ok != nil && req.ok(status))
				if strings.Contains(body, "database is locked") {
					lockedHere++
				}
				if !ok {
					bad++
					if firstBad == "" {
						firstBad = fmt.Sprintf("%s %s: %d %v %.200s", req.method, req.url, status, err, body)
					}
					continue
				}
				mine = append(mine, d)
			}
		})
	}
	time.Sleep(warmup)
	counting.Store(true)
	start := time.Now()
	select {
	case <-time.After(duration):
	case <-ctx.Done():
	}
	counting.Store(false)
	elapsed := time.Since(start)
	close(stop)
	wg.Wait()
	res := result{errors: errors + writeErrors, locked: locked, firstError: firstError, writes: writes}
	if res.firstError == "" {
		res.firstError = writeFirst
	}
	res.latencies(lat, elapsed)
	return res
}

// latencies sets the rate and the percentiles of the requests that took
// lat over elapsed.
func (res *result) latencies(lat []time.Duration, elapsed time.Duration) {
	slices.Sort(lat)
	res.requests, res.rps = len(lat), float64(len(lat))/elapsed.Seconds()
	if len(lat) > 0 {
		q := func(p float64) time.Duration { return lat[min(len(lat)-1, int(p*float64(len(lat))))] }
		res.p50, res.p95, res.p99 = q(0.50), q(0.95), q(0.99)
	}
}

// measurePass sends each request of sc.pass once over n connections.
func measurePass(ctx context.Context, sc scenario, n int) result {
	var mu sync.Mutex
	var lat []time.Duration
	var res result
	var next atomic.Int64
	start := time.Now()
	var wg sync.WaitGroup
	for range n {
		wg.Go(func() {
			client := &http.Client{Timeout: 60 * time.Second, Transport: &http.Transport{MaxConnsPerHost: 1, MaxIdleConnsPerHost: 1,
				DisableCompression: true, IdleConnTimeout: time.Minute}}
			defer client.CloseIdleConnections()
			for i := next.Add(1) - 1; i < int64(len(sc.pass)) && ctx.Err() == nil; i = next.Add(1) - 1 {
				req := sc.pass[i]
				t0 := time.Now()
				status, body, err := do(ctx, client, req)
				d := time.Since(t0)
				mu.Lock()
				if err != nil || status != http.StatusOK {
					res.errors++
					if res.firstError == "" {
						res.firstError = fmt.Sprintf("%s %s: %d %v %.200s", req.method, req.url, status, err, body)
					}
				} else {
					lat = append(lat, d)
				}
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	res.latencies(lat, time.Since(start))
	return res
}

// do sends one request and reads the whole answer.
func do(ctx context.Context, c *http.Client, r request) (int, string, error) {
	var body io.Reader
	if r.body != "" {
		body = strings.NewReader(r.body)
	}
	req, err := http.NewRequestWithContext(ctx, r.method, r.url, body)
	if err != nil {
		return 0, "", err
	}
	if r.body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	// As every browser does. The answer is read as it comes, not inflated,
	// as wrk and vegeta do: the load generator shares the machine.
	req.Header.Set("Accept-Encoding", "gzip")
	if r.token != "" {
		req.Header.Set("Authorization", "Bearer "+r.token)
	}
	res, err := c.Do(req)
	if err != nil {
		return 0, "", err
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if res.StatusCode >= 300 {
		return res.StatusCode, string(b), err
	}
	return res.StatusCode, "", err
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
