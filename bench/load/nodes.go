package main

// Two nodes (issue 16, item 7): two `samstyr serve` processes on one
// PostgreSQL database behind a round-robin proxy in this program. The run
// checks what a second node must not break — a write on one node shows in
// the other's public pages within a second, a session begun on one works on
// the other, a job runs once — and measures the pair's throughput beside
// one node's, with each node's CPU time per request, so the scaling can be
// judged on a machine with more cores than this one.

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/http/httputil"
	"net/url"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/emersion/go-smtp"
	_ "github.com/jackc/pgx/v5/stdlib"

	"github.com/samstyr/samstyr/internal/seed"
)

// visibilityRounds is how many writes the visibility check makes, half on
// each node.
const visibilityRounds = 20

// jobNeeds is how many needs the job check moves, each of which notifies
// its submitter and backers by e-mail (one job per notification).
const jobNeeds = 30

// nodesReport is what the two-node run found.
type nodesReport struct {
	started    time.Time
	cfg        config
	machine    string
	load       string
	visible    []time.Duration // per write: until the other node's page showed it
	notVisible int             // writes the other node never showed (within 5 s)
	session    []string        // what the session check saw, step by step
	sessionOK  bool
	jobs       jobCheck
	one, two   result
	cpu        [2]float64 // CPU ms per request of node A and B in the pair run
	cpuOne     float64    // CPU ms per request of node A alone
	served     [2]int64   // requests each node served in the pair run
	mixedOne   result
	mixedTwo   result
}

// jobCheck counts the notification jobs of the run and the mail they sent.
type jobCheck struct {
	notifications, emailed, jobs, done, twice, failed int
	messages                                          int
	duplicates                                        int // messages with the same recipient and subject beyond the first
	err                                               string
}

// runNodes runs the two-node checks and measurements (PostgreSQL only).
func runNodes(ctx context.Context, c config, bin string, env []string, tokens []string) error {
	if c.postgres == "" {
		return errors.New("-nodes 2 needs -postgres: two processes share one database only on PostgreSQL")
	}
	sink, err := startSink()
	if err != nil {
		return err
	}
	defer sink.close()
	host, port, _ := net.SplitHostPort(sink.addr)
	env = append(slices.Clone(env), "SAMSTYR_SMTP_HOST="+host, "SAMSTYR_SMTP_PORT="+port, "SAMSTYR_SMTP_TLS=none")
	var nodes [2]*child
	for i := range nodes {
		if nodes[i], err = startChild(ctx, bin, env, "serve"); err != nil {
			return err
		}
		defer nodes[i].stop()
	}
	rep := &nodesReport{started: time.Now(), cfg: c, machine: machineInfo()}
	if b, err := os.ReadFile("/proc/loadavg"); err == nil {
		rep.load = string(b)
	}
	fx, err := loadFixture(ctx, nodes[0].url, tokens)
	if err != nil {
		return err
	}
	logf("two nodes: %s and %s", nodes[0].url, nodes[1].url)
	if err := rep.checkVisibility(ctx, fx, nodes); err != nil {
		return err
	}
	rep.checkSession(ctx, nodes)
	sec, err := secretariatToken(ctx, bin, env, c.postgres)
	if err != nil {
		return err
	}
	rep.jobs = checkJobs(ctx, c.postgres, sec, nodes, sink)
	if rep.jobs.err != "" {
		logf("jobs: %s", rep.jobs.err)
	}
	rep.measure(ctx, fx, nodes)
	md := rep.markdown()
	fmt.Println(md)
	if c.update != "" {
		return updateSection(c.update, nodesTitle, md)
	}
	return nil
}

// checkVisibility backs a need through one node's API and asks the other
// node's public page for it until the page changes.
func (rep *nodesReport) checkVisibility(ctx context.Context, fx *fixture, nodes [2]*child) error {
	client := &http.Client{Timeout: 30 * time.Second}
	r := rand.New(rand.NewPCG(11, 12))
	page := func(base string, id int64) (string, error) {
		status, body, err := getPage(ctx, client, fmt.Sprintf("%s/needs/%d", base, id))
		if err != nil || status != 200 {
			return "", fmt.Errorf("GET %s/needs/%d: %d %v", base, id, status, err)
		}
		return body, nil
	}
	for i := range visibilityRounds {
		writer, reader := nodes[i%2], nodes[1-i%2]
		t := i % len(fx.tokens)
		id := fx.unbacked(r, t)
		before, err := page(reader.url, id)
		if err != nil {
			return err
		}
		status, body, err := do(ctx, client, request{method: "POST", url: fmt.Sprintf("%s/api/v1/needs/%d/backings", writer.url, id), token: fx.tokens[t], body: `{}`})
		if err != nil || status >= 300 {
			return fmt.Errorf("back need %d on %s: %d %v %.200s", id, writer.url, status, err, body)
		}
		wrote := time.Now()
		seen := false
		for time.Since(wrote) < 5*time.Second {
			after, err := page(reader.url, id)
			if err != nil {
				return err
			}
			if after != before {
				rep.visible = append(rep.visible, time.Since(wrote))
				seen = true
				break
			}
			time.Sleep(5 * time.Millisecond)
		}
		if !seen {
			rep.notVisible++
		}
	}
	slices.Sort(rep.visible)
	logf("visibility: %d of %d writes seen on the other node, slowest %.0f ms", len(rep.visible), visibilityRounds, ms(last(rep.visible)))
	return nil
}

// getPage reads a page as a browser without a session does (uncompressed,
// so two answers compare by their text).
func getPage(ctx context.Context, c *http.Client, u string) (int, string, error) {
	req, err := http.NewRequestWithContext(ctx, "GET", u, nil)
	if err != nil {
		return 0, "", err
	}
	res, err := c.Do(req)
	if err != nil {
		return 0, "", err
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	return res.StatusCode, string(b), err
}

var csrfInput = regexp.MustCompile(`name="csrf_token" value="([^"]+)"`)

// checkSession signs in on node A, uses the session on node B, signs out on
// B and checks that A no longer knows the session.
func (rep *nodesReport) checkSession(ctx context.Context, nodes [2]*child) {
	jar, _ := cookiejar.New(nil) // cookies ignore the port: both nodes get them, as behind one address
	c := &http.Client{Jar: jar, Timeout: 30 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	step := func(format string, args ...any) { rep.session = append(rep.session, fmt.Sprintf(format, args...)) }
	post := func(base, formPage, path string, form url.Values) (int, string) {
		_, page, err := getPage(ctx, c, base+formPage)
		m := csrfInput.FindStringSubmatch(page)
		if err != nil || m == nil {
			return 0, "no form"
		}
		form.Set("csrf_token", m[1])
		req, _ := http.NewRequestWithContext(ctx, "POST", base+path, strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Origin", base)
		res, err := c.Do(req)
		if err != nil {
			return 0, err.Error()
		}
		defer res.Body.Close()
		return res.StatusCode, res.Header.Get("Location")
	}
	email := "person000004@bench.samstyr.no"
	status, loc := post(nodes[0].url, "/login", "/login", url.Values{"email": {email}, "password": {seed.BenchPassword}})
	step("sign in on node A: %d → %s", status, loc)
	okIn := status == http.StatusSeeOther && !strings.HasPrefix(loc, "/login")
	status, body, _ := getPage(ctx, c, nodes[1].url+"/account")
	okB := status == 200 && strings.Contains(body, email)
	step("`/account` on node B: %d, shows the person: %t", status, okB)
	status, loc = post(nodes[1].url, "/account", "/logout", url.Values{})
	step("sign out on node B: %d → %s", status, loc)
	res, err := c.Get(nodes[0].url + "/account")
	okOut := false
	if err == nil {
		res.Body.Close()
		okOut = res.StatusCode == http.StatusSeeOther && strings.HasPrefix(res.Header.Get("Location"), "/login")
		step("`/account` on node A after signing out on B: %d → %s", res.StatusCode, res.Header.Get("Location"))
	}
	rep.sessionOK = okIn && okB && okOut
	logf("sessions across nodes: %t (%s)", rep.sessionOK, strings.Join(rep.session, "; "))
}

// secretariatToken makes an API token for a member of the secretariat
// today, who may move needs.
func secretariatToken(ctx context.Context, bin string, env []string, dsn string) (string, error) {
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		return "", err
	}
	defer db.Close()
	var email string
	err = db.QueryRowContext(ctx, `SELECT p.email FROM memberships m JOIN bodies b ON b.id = m.body_id JOIN people p ON p.id = m.person_id
		WHERE b.kind = 'secretariat' AND m.status = 'active' AND m.term_from <= CURRENT_DATE AND (m.term_to IS NULL OR m.term_to >= CURRENT_DATE)
		ORDER BY m.id LIMIT 1`).Scan(&email)
	if err != nil {
		return "", fmt.Errorf("a member of the secretariat today: %w", err)
	}
	out, err := samstyr(ctx, bin, env, "", "token", "create", "--email", email, "--name", "load benchmark, two nodes")
	if err != nil {
		return "", fmt.Errorf("token create for %s: %w\n%s", email, err, out)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	return lines[len(lines)-1], nil
}

// checkJobs moves submitted needs into triage through both nodes in turn;
// each move notifies the need's people, and each notification is mailed by
// a job that either node may claim. Every job must run once and every
// notification be mailed once.
func checkJobs(ctx context.Context, dsn, token string, nodes [2]*child, sink *sink) jobCheck {
	var jc jobCheck
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		jc.err = err.Error()
		return jc
	}
	defer db.Close()
	var since time.Time
	if err := db.QueryRowContext(ctx, `SELECT now()`).Scan(&since); err != nil {
		jc.err = err.Error()
		return jc
	}
	var ids []int64
	var page struct {
		Items []struct {
			ID int64 `json:"id"`
		} `json:"items"`
	}
	if err := getJSON(ctx, nodes[0].url+"/api/v1/needs?limit="+strconv.Itoa(jobNeeds)+"&state=submitted", token, &page); err != nil {
		jc.err = err.Error()
		return jc
	}
	for _, it := range page.Items {
		ids = append(ids, it.ID)
	}
	client := &http.Client{Timeout: 30 * time.Second}
	for i, id := range ids {
		status, body, err := do(ctx, client, request{method: "POST", url: fmt.Sprintf("%s/api/v1/needs/%d/transitions", nodes[i%2].url, id),
			token: token, body: `{"to":"in_triage","comment":"Tatt inn til vurdering (to noder)."}`})
		if err != nil || status >= 300 {
			jc.err = fmt.Sprintf("move need %d: %d %v %.200s", id, status, err, body)
			return jc
		}
	}
	deadline := time.Now().Add(2 * time.Minute)
	for time.Now().Before(deadline) {
		err := db.QueryRowContext(ctx, `SELECT COUNT(*), COUNT(done_at), COUNT(*) FILTER (WHERE attempts > 1), COUNT(*) FILTER (WHERE failed)
			FROM jobs WHERE kind = 'notify.send' AND created_at >= $1`, since).Scan(&jc.jobs, &jc.done, &jc.twice, &jc.failed)
		if err != nil {
			jc.err = err.Error()
			return jc
		}
		if jc.done+jc.failed == jc.jobs {
			break
		}
		time.Sleep(200 * time.Millisecond)
	}
	time.Sleep(time.Second) // a job run twice would send its mail again now
	if err := db.QueryRowContext(ctx, `SELECT COUNT(*), COUNT(emailed_at) FROM notifications WHERE created_at >= $1`, since).Scan(&jc.notifications, &jc.emailed); err != nil {
		jc.err = err.Error()
	}
	moved := map[string]bool{}
	for _, id := range ids {
		moved[fmt.Sprintf("/needs/%d", id)] = true
	}
	link := regexp.MustCompile(`/needs/[0-9]+`)
	jc.messages, jc.duplicates = sink.counts(func(text string) bool {
		for _, l := range link.FindAllString(strings.ReplaceAll(text, "=\r\n", ""), -1) {
			if moved[l] {
				return true
			}
		}
		return false
	})
	logf("jobs: %d notifications (%d mailed at once), %d jobs, %d done, %d run more than once, %d failed; %d messages, %d duplicates",
		jc.notifications, jc.emailed, jc.jobs, jc.done, jc.twice, jc.failed, jc.messages, jc.duplicates)
	return jc
}

// ok reports whether every job ran once and every notification was mailed
// once.
func (jc jobCheck) ok() bool {
	return jc.err == "" && jc.jobs > 0 && jc.done == jc.jobs && jc.twice == 0 && jc.failed == 0 &&
		jc.messages == jc.jobs && jc.duplicates == 0 && jc.emailed == jc.jobs
}

// measure runs the need page and the mixed load through the proxy with one
// node behind it and then with both.
func (rep *nodesReport) measure(ctx context.Context, fx *fixture, nodes [2]*child) {
	one := newProxy(nodes[0].url)
	defer one.close()
	two := newProxy(nodes[0].url, nodes[1].url)
	defer two.close()
	n := 32
	sc := func(base string) (scenario, scenario) {
		all := buildScenarios(fx, "", base)
		var page, mixed scenario
		for _, s := range all {
			switch s.name {
			case "need-page":
				page = s
			case "mixed":
				mixed = s
			}
		}
		return page, mixed
	}
	pageOne, mixedOne := sc(one.url)
	pageTwo, mixedTwo := sc(two.url)
	cpu0 := cpuTime(nodes[0])
	rep.one = measure(ctx, pageOne, n, rep.cfg.warmup, rep.cfg.duration)
	served := one.served[0].Load()
	if served > 0 {
		rep.cpuOne = float64((cpuTime(nodes[0]) - cpu0).Milliseconds()) / float64(served)
	}
	logf("need page, one node:  %8.0f req/s  p99 %.2f ms (%.3f ms CPU per request)", rep.one.rps, ms(rep.one.p99), rep.cpuOne)
	c0, c1 := cpuTime(nodes[0]), cpuTime(nodes[1])
	rep.two = measure(ctx, pageTwo, n, rep.cfg.warmup, rep.cfg.duration)
	rep.served = [2]int64{two.served[0].Load(), two.served[1].Load()}
	for i, c := range []time.Duration{cpuTime(nodes[0]) - c0, cpuTime(nodes[1]) - c1} {
		if rep.served[i] > 0 {
			rep.cpu[i] = float64(c.Milliseconds()) / float64(rep.served[i])
		}
	}
	logf("need page, two nodes: %8.0f req/s  p99 %.2f ms (%.3f / %.3f ms CPU per request)", rep.two.rps, ms(rep.two.p99), rep.cpu[0], rep.cpu[1])
	rep.mixedOne = measure(ctx, mixedOne, n, rep.cfg.warmup, rep.cfg.duration)
	rep.mixedTwo = measure(ctx, mixedTwo, n, rep.cfg.warmup, rep.cfg.duration)
	logf("mixed, one node %8.0f req/s p99 %.2f ms; two nodes %8.0f req/s p99 %.2f ms",
		rep.mixedOne.rps, ms(rep.mixedOne.p99), rep.mixedTwo.rps, ms(rep.mixedTwo.p99))
}

// cpuTime is the user and system CPU time a child has used so far
// (/proc/PID/stat, in clock ticks of 10 ms).
func cpuTime(c *child) time.Duration {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", c.cmd.Process.Pid))
	if err != nil {
		return 0
	}
	s := string(b)
	f := strings.Fields(s[strings.LastIndexByte(s, ')')+2:]) // fields from the third on
	if len(f) < 13 {
		return 0
	}
	utime, _ := strconv.ParseInt(f[11], 10, 64)
	stime, _ := strconv.ParseInt(f[12], 10, 64)
	return time.Duration(utime+stime) * 10 * time.Millisecond
}

// proxy sends requests to its backends in turn and counts them per backend.
type proxy struct {
	url    string
	srv    *http.Server
	served [2]atomic.Int64
}

func newProxy(backends ...string) *proxy {
	p := &proxy{}
	var next atomic.Uint64
	var rps []*httputil.ReverseProxy
	for _, b := range backends {
		u, _ := url.Parse(b)
		rp := httputil.NewSingleHostReverseProxy(u)
		rp.Transport = &http.Transport{MaxIdleConnsPerHost: 256, IdleConnTimeout: time.Minute, DisableCompression: true}
		rps = append(rps, rp)
	}
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		i := int((next.Add(1) - 1) % uint64(len(rps)))
		p.served[i].Add(1)
		rps[i].ServeHTTP(w, r)
	})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		fatalf("proxy: %v", err)
	}
	p.url = "http://" + ln.Addr().String()
	p.srv = &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}
	go p.srv.Serve(ln)
	return p
}

func (p *proxy) close() { p.srv.Close() }

// sink is an SMTP server that keeps what it is sent: the mail the nodes'
// jobs send.
type sink struct {
	addr string
	srv  *smtp.Server
	mu   sync.Mutex
	msgs []sunk
}

// sunk is one message the sink received.
type sunk struct {
	key  string // recipient and a hash of the text after the headers
	text string
}

func startSink() (*sink, error) {
	s := &sink{}
	s.srv = smtp.NewServer(sinkBackend{s})
	s.srv.Domain = "localhost"
	s.srv.AllowInsecureAuth = true
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	s.addr = ln.Addr().String()
	go s.srv.Serve(ln)
	return s, nil
}

func (s *sink) close() { s.srv.Close() }

// counts returns the messages received that match and how many of them
// repeat an earlier one's recipient and text. (The nodes' other jobs, such
// as the dataset's inquiry reminders, send mail of their own meanwhile.)
func (s *sink) counts(match func(text string) bool) (messages, duplicates int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	seen := map[string]bool{}
	for _, m := range s.msgs {
		if !match(m.text) {
			continue
		}
		messages++
		if seen[m.key] {
			duplicates++
		}
		seen[m.key] = true
	}
	return messages, duplicates
}

type sinkBackend struct{ s *sink }

func (b sinkBackend) NewSession(*smtp.Conn) (smtp.Session, error) { return &sinkSession{s: b.s}, nil }

type sinkSession struct {
	s  *sink
	to string
}

func (x *sinkSession) AuthMechanisms() []string                  { return nil }
func (x *sinkSession) Mail(string, *smtp.MailOptions) error      { return nil }
func (x *sinkSession) Rcpt(to string, _ *smtp.RcptOptions) error { x.to = to; return nil }
func (x *sinkSession) Reset()                                    {}
func (x *sinkSession) Logout() error                             { return nil }

func (x *sinkSession) Data(r io.Reader) error {
	b, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	// The text after the headers names the need and links to it; each need
	// notifies a person once, so the same text twice to one person is a
	// job run twice.
	text := string(b)
	if i := strings.Index(text, "\r\n\r\n"); i >= 0 {
		text = text[i:]
	}
	h := sha256.Sum256([]byte(text))
	x.s.mu.Lock()
	x.s.msgs = append(x.s.msgs, sunk{key: fmt.Sprintf("%s %x", x.to, h[:8]), text: text})
	x.s.mu.Unlock()
	return nil
}

func last(d []time.Duration) time.Duration {
	if len(d) == 0 {
		return 0
	}
	return d[len(d)-1]
}

// nodesTitle is the subsection the two-node run writes.
const nodesTitle = "### Two nodes on PostgreSQL"

// markdown renders the two-node subsection.
func (rep *nodesReport) markdown() string {
	var b strings.Builder
	yes := func(ok bool) string {
		if ok {
			return "yes"
		}
		return "**no**"
	}
	fmt.Fprintf(&b, "%s\n\n", nodesTitle)
	fmt.Fprintf(&b, "Run on %s: the scale-%d dataset on PostgreSQL (on the same machine). Two `samstyr serve` processes on the one database behind a round-robin proxy in the benchmark program; %s per measurement after %s of warm-up, 32 connections. Machine: %s. Load average at the start: %s.\n\n",
		rep.started.UTC().Format("2006-01-02 15:04 UTC"), rep.cfg.scale, rep.cfg.duration, rep.cfg.warmup, rep.machine, loadAverage(rep.load))
	fmt.Fprintf(&b, "Reproduce:\n\n    go run ./bench/load -nodes 2 -scale %d -postgres 'postgres://USER@HOST/DB' -update docs/BENCHMARKS.md\n\n", rep.cfg.scale)
	b.WriteString("| check | seen | holds |\n|---|---|---|\n")
	p50 := time.Duration(0)
	if len(rep.visible) > 0 {
		p50 = rep.visible[len(rep.visible)/2]
	}
	fmt.Fprintf(&b, "| a backing through one node's API shows on the other node's public need page within 1 s | %d of %d writes seen; median %.0f ms, slowest %.0f ms | %s |\n",
		len(rep.visible), visibilityRounds, ms(p50), ms(last(rep.visible)), yes(rep.notVisible == 0 && last(rep.visible) <= time.Second))
	fmt.Fprintf(&b, "| a session begun on one node works on the other, and ends on both | %s | %s |\n", strings.Join(rep.session, "; "), yes(rep.sessionOK))
	jc := rep.jobs
	seen := fmt.Sprintf("%d needs moved through both nodes in turn: %d notifications (%d marked mailed; the others wait for a digest), %d mail jobs, %d done, %d run more than once, %d failed; %d messages received, %d repeated",
		jobNeeds, jc.notifications, jc.emailed, jc.jobs, jc.done, jc.twice, jc.failed, jc.messages, jc.duplicates)
	if jc.err != "" {
		seen += "; error: " + strings.ReplaceAll(jc.err, "|", "/")
	}
	fmt.Fprintf(&b, "| every job runs once (either node may claim it) | %s | %s |\n\n", seen, yes(jc.ok()))
	b.WriteString("| load (32 connections) | one node req/s | two nodes req/s | pair / one | p99 one / two ms | errors |\n|---|---:|---:|---:|---|---:|\n")
	row := func(name string, one, two result) {
		ratio := 0.0
		if one.rps > 0 {
			ratio = two.rps / one.rps
		}
		fmt.Fprintf(&b, "| %s | %.0f | %.0f | %.2f | %.2f / %.2f | %d / %d |\n", name, one.rps, two.rps, ratio, ms(one.p99), ms(two.p99), one.errors, two.errors)
	}
	row("need page", rep.one, rep.two)
	row("mixed: 80 % reads, 20 % writes", rep.mixedOne, rep.mixedTwo)
	fmt.Fprintf(&b, "\nCPU time per need-page request: %.3f ms on one node alone; %.3f ms (node A, %d requests) and %.3f ms (node B, %d requests) in the pair. ",
		rep.cpuOne, rep.cpu[0], rep.served[0], rep.cpu[1], rep.served[1])
	b.WriteString("This machine has 2 cores shared by both nodes, PostgreSQL, the proxy and the load generator, so the pair cannot be faster here; the CPU time per request says what a node costs, and a pair on machines of their own should approach twice one node's rate while the database keeps up.\n")
	return b.String()
}
