// Command load is samstyr's load benchmark.
//
// It builds samstyr, loads the benchmark dataset (`samstyr seed bench
// --scale 10`) into a data directory (or a PostgreSQL database with
// -postgres) unless it is there already, starts `samstyr serve` on it as a
// child process, and measures requests per second and p50/p95/p99 latency
// at 1, 8, 32 and 128 connections for: a need page, the needs list
// filtered and sorted by priority, full-text search, the organisation
// list, their API equivalents, and a mixed load of 80 % reads and 20 %
// writes (needs submitted and backed through the API with the tokens of
// several people). In the same run it measures a bare net/http handler
// that writes a fixed 1 KiB body (in a child process of its own, like
// samstyr), and reports every figure also as a ratio to it. It records the
// server's peak RSS (VmHWM), counts errors and "database is locked", and
// writes the results, the machine and the command as the "Load" section
// of docs/BENCHMARKS.md (-update).
//
// Usage (from the repository root):
//
//	go run ./bench/load [-scale 10] [-data DIR] [-postgres URL] [-duration 5s] [-conns 1,8,32,128] [-update docs/BENCHMARKS.md]
//
// With -nodes 2 (and -postgres) it runs two `samstyr serve` processes on
// the one database behind a round-robin proxy instead and checks that a
// write on one shows on the other within 1 s, that sessions work across
// them and that a job runs once, and measures the pair beside one node
// (nodes.go).
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// config is the command line.
type config struct {
	scale     int
	seed      uint64
	data      string
	postgres  string
	bin       string
	duration  time.Duration
	warmup    time.Duration
	conns     []int
	scenarios string
	update    string
	tokens    int
	nodes     int
}

func main() {
	if len(os.Args) == 3 && os.Args[1] == "-bare-server" {
		bareServer(os.Args[2])
		return
	}
	var c config
	var conns string
	flag.IntVar(&c.scale, "scale", 10, "dataset scale (seed bench --scale)")
	flag.Uint64Var(&c.seed, "seed", 1, "dataset seed")
	flag.StringVar(&c.data, "data", "bench-data/load", "SQLite data `directory` (the dataset is loaded there when it is empty)")
	flag.StringVar(&c.postgres, "postgres", "", "run on PostgreSQL at this `URL` (the dataset is loaded when the database is empty)")
	flag.StringVar(&c.bin, "bin", "", "samstyr `binary` (default: built with go build)")
	flag.DurationVar(&c.duration, "duration", 5*time.Second, "measuring time per scenario and concurrency")
	flag.DurationVar(&c.warmup, "warmup", time.Second, "warm-up before each measurement")
	flag.StringVar(&conns, "conns", "1,8,32,128", "concurrent connections to measure, comma-separated")
	flag.StringVar(&c.scenarios, "scenarios", "", "only these scenarios (comma-separated names), default all")
	flag.StringVar(&c.update, "update", "", "write the results as the Load section of this Markdown `file` (e.g. docs/BENCHMARKS.md)")
	flag.IntVar(&c.tokens, "tokens", 8, "people whose API tokens the writes use")
	flag.IntVar(&c.nodes, "nodes", 1, "2: run the two-node checks and measurements instead (PostgreSQL; issue 16 item 7)")
	flag.Parse()
	for _, s := range strings.Split(conns, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || n < 1 {
			fatalf("-conns: %q is not a number of connections", s)
		}
		c.conns = append(c.conns, n)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, c); err != nil {
		fatalf("%v", err)
	}
}

func fatalf(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "bench/load: "+format+"\n", args...)
	os.Exit(1)
}

func logf(format string, args ...any) {
	fmt.Fprintf(os.Stderr, time.Now().Format("15:04:05 ")+format+"\n", args...)
}

// run prepares the dataset and the servers, runs every scenario and
// reports.
func run(ctx context.Context, c config) error {
	bin, cleanup, err := samstyrBinary(c.bin)
	if err != nil {
		return err
	}
	defer cleanup()
	env := targetEnv(c)
	rep := &report{cfg: c, started: time.Now()}
	if b, err := os.ReadFile("/proc/loadavg"); err == nil {
		rep.load = string(b)
	}
	if rep.seedTime, rep.seedOut, err = ensureDataset(ctx, bin, env, c); err != nil {
		return err
	}
	tokens, err := makeTokens(ctx, bin, env, c.tokens)
	if err != nil {
		return err
	}
	if c.nodes == 2 {
		return runNodes(ctx, c, bin, env, tokens)
	}
	srv, err := startChild(ctx, bin, env, "serve")
	if err != nil {
		return err
	}
	defer srv.stop()
	self, err := os.Executable()
	if err != nil {
		return err
	}
	bare, err := startChild(ctx, self, nil, "-bare-server")
	if err != nil {
		return err
	}
	defer bare.stop()
	fx, err := loadFixture(ctx, srv.url, tokens)
	if err != nil {
		return err
	}
	scenarios := buildScenarios(fx, bare.url, srv.url)
	only := strings.Split(c.scenarios, ",")
	selected := func(name string) bool { return c.scenarios == "" || name == "bare" || contains(only, name) }
	for _, sc := range scenarios {
		if !selected(sc.name) && !((sc.name == "need-page-first" || sc.name == "need-page-changed") && selected("need-page")) {
			continue
		}
		if sc.pass != nil {
			if sc.prepare != nil {
				if err := sc.prepare(ctx); err != nil {
					return err
				}
			}
			res := measurePass(ctx, sc, passConns)
			logf("%-22s %4d conns: %8.0f req/s  p50 %7.2f ms  p95 %7.2f ms  p99 %7.2f ms  errors %d",
				sc.name, passConns, res.rps, ms(res.p50), ms(res.p95), ms(res.p99), res.errors)
			rep.add(sc, passConns, res)
			continue
		}
		for _, n := range c.conns {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			res := measure(ctx, sc, n, c.warmup, c.duration)
			res.locked += srv.lockedSince()
			logf("%-22s %4d conns: %8.0f req/s  p50 %7.2f ms  p95 %7.2f ms  p99 %7.2f ms  errors %d  locked %d",
				sc.name, n, res.rps, ms(res.p50), ms(res.p95), ms(res.p99), res.errors, res.locked)
			rep.add(sc, n, res)
		}
	}
	rep.rss, rep.rssNow = srv.rss()
	rep.serverLog = srv.tail()
	rep.machine = machineInfo()
	md := rep.markdown()
	fmt.Println(md)
	if c.update != "" {
		return updateSection(c.update, rep.title(), md)
	}
	return nil
}

func contains(xs []string, s string) bool {
	for _, x := range xs {
		if strings.TrimSpace(x) == s {
			return true
		}
	}
	return false
}

// samstyrBinary builds cmd/samstyr unless a binary is given.
func samstyrBinary(given string) (string, func(), error) {
	if given != "" {
		return given, func() {}, nil
	}
	dir, err := os.MkdirTemp("", "samstyr-load")
	if err != nil {
		return "", nil, err
	}
	bin := filepath.Join(dir, "samstyr")
	logf("building samstyr")
	cmd := exec.Command("go", "build", "-o", bin, "./cmd/samstyr")
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	if err := cmd.Run(); err != nil {
		os.RemoveAll(dir)
		return "", nil, fmt.Errorf("go build ./cmd/samstyr (run from the repository root): %w", err)
	}
	return bin, func() { os.RemoveAll(dir) }, nil
}

// targetEnv is the environment of every samstyr command: the database and
// quiet logs.
func targetEnv(c config) []string {
	env := append(os.Environ(), "SAMSTYR_LOG_LEVEL=warn", "SAMSTYR_DATA="+c.data, "SAMSTYR_DATABASE_URL="+c.postgres)
	return env
}

// ensureDataset loads the dataset unless the database holds it already.
func ensureDataset(ctx context.Context, bin string, env []string, c config) (time.Duration, string, error) {
	start := time.Now()
	out, err := samstyr(ctx, bin, env, "", "seed", "bench", "--scale", strconv.Itoa(c.scale), "--seed", strconv.FormatUint(c.seed, 10))
	if err != nil {
		if strings.Contains(out, "already holds data") {
			logf("dataset already loaded")
			return 0, "", nil
		}
		return 0, "", fmt.Errorf("seed bench: %w\n%s", err, out)
	}
	d := time.Since(start)
	logf("dataset loaded in %.1f s", d.Seconds())
	return d, out, nil
}

// makeTokens creates API tokens for people of municipalities of the dataset
// (person000004 … are the first people of the municipalities).
func makeTokens(ctx context.Context, bin string, env []string, n int) ([]string, error) {
	var tokens []string
	for i := range n {
		email := fmt.Sprintf("person%06d@bench.samstyr.no", 4+i*37)
		out, err := samstyr(ctx, bin, env, "", "token", "create", "--email", email, "--name", "load benchmark")
		if err != nil {
			return nil, fmt.Errorf("token create --email %s: %w\n%s", email, err, out)
		}
		lines := strings.Split(strings.TrimSpace(out), "\n")
		tokens = append(tokens, lines[len(lines)-1])
	}
	return tokens, nil
}

// samstyr runs a samstyr command and returns its combined output.
func samstyr(ctx context.Context, bin string, env []string, stdin string, args ...string) (string, error) {
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Env = env
	cmd.Stdin = strings.NewReader(stdin)
	out, err := cmd.CombinedOutput()
	return string(out), err
}

// child is a server running as a child process.
type child struct {
	cmd    *exec.Cmd
	url    string
	log    *lineLog
	seen   int // "database is locked" lines already counted
	waited chan struct{}
}

// startChild starts bin with args plus --addr (or the bare server's
// address) on a free port and waits until it answers.
func startChild(ctx context.Context, bin string, env []string, args ...string) (*child, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	addr := ln.Addr().String()
	ln.Close()
	if args[0] == "-bare-server" {
		args = append(args, addr)
	} else {
		args = append(args, "--addr", addr)
	}
	c := &child{url: "http://" + addr, log: &lineLog{}, waited: make(chan struct{})}
	c.cmd = exec.Command(bin, args...)
	c.cmd.Env = env
	c.cmd.Stdout, c.cmd.Stderr = c.log, c.log
	c.cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	if err := c.cmd.Start(); err != nil {
		return nil, err
	}
	go func() { c.cmd.Wait(); close(c.waited) }()
	path := "/readyz"
	if args[0] == "-bare-server" {
		path = "/"
	}
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) {
		if res, err := http.Get(c.url + path); err == nil {
			io.Copy(io.Discard, res.Body)
			res.Body.Close()
			if res.StatusCode == 200 {
				return c, nil
			}
		}
		select {
		case <-c.waited:
			return nil, fmt.Errorf("%s %v exited: %s", bin, args, c.log.String())
		case <-ctx.Done():
			c.stop()
			return nil, ctx.Err()
		case <-time.After(50 * time.Millisecond):
		}
	}
	c.stop()
	return nil, fmt.Errorf("%s %v did not answer within 60 s", bin, args)
}

func (c *child) stop() {
	select {
	case <-c.waited:
		return
	default:
	}
	c.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-c.waited:
	case <-time.After(20 * time.Second):
		c.cmd.Process.Kill()
		<-c.waited
	}
}

// rss reads the child's peak and current resident set size (VmHWM, VmRSS).
func (c *child) rss() (peak, now int64) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", c.cmd.Process.Pid))
	if err != nil {
		return 0, 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		f := strings.Fields(line)
		if len(f) >= 2 {
			kb, _ := strconv.ParseInt(f[1], 10, 64)
			switch f[0] {
			case "VmHWM:":
				peak = kb * 1024
			case "VmRSS:":
				now = kb * 1024
			}
		}
	}
	return peak, now
}

// lockedSince counts "database is locked" in the server's log since the
// last call.
func (c *child) lockedSince() int {
	n := strings.Count(c.log.String(), "database is locked")
	d := n - c.seen
	c.seen = n
	return d
}

func (c *child) tail() string {
	s := c.log.String()
	if len(s) > 2000 {
		s = s[len(s)-2000:]
	}
	return s
}

// bareServer serves a fixed 1 KiB body: the limit of this machine's
// net/http, which every figure is compared with.
func bareServer(addr string) {
	body := []byte(strings.Repeat("samstyr load benchmark: the bare handler writes this fixed body of 1 KiB.\n", 15))[:1024]
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.Write(body)
	})
	srv := &http.Server{Addr: addr, Handler: h, ReadHeaderTimeout: 10 * time.Second}
	go func() {
		ch := make(chan os.Signal, 1)
		signal.Notify(ch, syscall.SIGTERM, os.Interrupt)
		<-ch
		srv.Close()
	}()
	if err := srv.ListenAndServe(); err != nil && err != http.ErrServerClosed {
		fatalf("bare server: %v", err)
	}
}
