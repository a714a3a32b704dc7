package main

import (
	"fmt"
	"os"
	"runtime"
	"strings"
	"time"
)

// report collects the results and writes them as Markdown.
type report struct {
	cfg       config
	started   time.Time
	seedTime  time.Duration
	seedOut   string
	rss       int64
	rssNow    int64
	serverLog string
	machine   string
	rows      []row
	load      string // /proc/loadavg at the start
}

type row struct {
	sc    scenario
	conns int
	res   result
}

func (r *report) add(sc scenario, n int, res result) { r.rows = append(r.rows, row{sc, n, res}) }

// bare returns the bare handler's result at n connections.
func (r *report) bare(n int) result {
	for _, x := range r.rows {
		if x.sc.name == "bare" && x.conns == n {
			return x.res
		}
	}
	return result{}
}

func (r *report) find(name string, n int) (result, bool) {
	for _, x := range r.rows {
		if x.sc.name == name && x.conns == n {
			return x.res, true
		}
	}
	return result{}, false
}

// title is the subsection of the Load section this run writes.
func (r *report) title() string {
	if r.cfg.postgres != "" {
		return "### Load on PostgreSQL"
	}
	return "### Load on SQLite"
}

// command is the one command that reproduces the run.
func (r *report) command() string {
	cmd := "go run ./bench/load"
	if r.cfg.postgres != "" {
		cmd += " -postgres 'postgres://USER@HOST/DB?search_path=SCHEMA'"
	} else if r.cfg.data != "bench-data/load" {
		cmd += " -data " + r.cfg.data
	}
	if r.cfg.scale != 10 {
		cmd += fmt.Sprintf(" -scale %d", r.cfg.scale)
	}
	if r.cfg.duration != 5*time.Second {
		cmd += " -duration " + r.cfg.duration.String()
	}
	return cmd + " -update docs/BENCHMARKS.md"
}

// markdown renders this run's subsection of the Load section.
func (r *report) markdown() string {
	var b strings.Builder
	db := "SQLite (embedded, WAL, 4 read connections)"
	if r.cfg.postgres != "" {
		db = "PostgreSQL (on the same machine, pool of 16)"
	}
	fmt.Fprintf(&b, "%s\n\n", r.title())
	fmt.Fprintf(&b, "Run on %s: the scale-%d dataset (`samstyr seed bench --scale %d --seed %d`) on %s. ",
		r.started.UTC().Format("2006-01-02 15:04 UTC"), r.cfg.scale, r.cfg.scale, r.cfg.seed, db)
	fmt.Fprintf(&b, "%s per measurement after %s of warm-up. Machine: %s. Load average at the start: %s.\n\n",
		r.cfg.duration, r.cfg.warmup, r.machine, loadAverage(r.load))
	if r.seedTime > 0 {
		fmt.Fprintf(&b, "The dataset was loaded in this run in %.1f s.\n\n", r.seedTime.Seconds())
	}
	fmt.Fprintf(&b, "Reproduce (from the repository root; loads the dataset first when the database is empty):\n\n    %s\n\n", r.command())
	fmt.Fprintf(&b, "| scenario | conns | req/s | ratio | p50 ms | p95 ms | p99 ms | errors |\n|---|---:|---:|---:|---:|---:|---:|---:|\n")
	for _, x := range r.rows {
		ratio := "–"
		if bare := r.bare(x.conns); bare.rps > 0 && x.sc.name != "bare" {
			ratio = fmt.Sprintf("%.1f %%", 100*x.res.rps/bare.rps)
		}
		errs := fmt.Sprint(x.res.errors)
		if x.res.locked > 0 {
			errs += fmt.Sprintf(" (%d locked)", x.res.locked)
		}
		fmt.Fprintf(&b, "| %s | %d | %.0f | %s | %.2f | %.2f | %.2f | %s |\n", x.sc.title, x.conns, x.res.rps, ratio, ms(x.res.p50), ms(x.res.p95), ms(x.res.p99), errs)
	}
	fmt.Fprintf(&b, "\nPeak RSS of the samstyr server (VmHWM) over the whole run: **%.0f MB** (%.0f MB at the end).\n\n", mb(r.rss), mb(r.rssNow))
	b.WriteString(r.targets())
	for _, x := range r.rows {
		if x.res.firstError != "" {
			fmt.Fprintf(&b, "\nFirst error of %s at %d connections: `%s`\n", x.sc.name, x.conns, strings.ReplaceAll(x.res.firstError, "`", "'"))
		}
	}
	return b.String()
}

// targets checks the figures against the targets of issue 3.
func (r *report) targets() string {
	var b strings.Builder
	b.WriteString("Targets of issues 3 and 16:\n\n| target | measured | met |\n|---|---|---|\n")
	mark := func(ok bool) string {
		if ok {
			return "yes"
		}
		return "**no**"
	}
	// Need page ≥ 25 % of the bare handler at every concurrency.
	var parts []string
	ok := true
	for _, n := range r.cfg.conns {
		if res, found := r.find("need-page", n); found && r.bare(n).rps > 0 {
			share := res.rps / r.bare(n).rps
			parts = append(parts, fmt.Sprintf("%.1f %% at %d", 100*share, n))
			ok = ok && share >= 0.25
		}
	}
	fmt.Fprintf(&b, "| need page ≥ 25 %% of the bare handler's req/s | %s | %s |\n", strings.Join(parts, ", "), mark(ok && len(parts) > 0))
	for _, name := range []string{"needs-list", "search", "api-needs-list", "api-search"} {
		if res, found := r.find(name, 32); found {
			fmt.Fprintf(&b, "| %s p99 ≤ 50 ms at 32 connections | %.1f ms | %s |\n", name, ms(res.p99), mark(res.p99 <= 50*time.Millisecond))
		}
	}
	// Issue 16: speed while people write, and the API.
	if res, found := r.find("need-page-writes", 32); found && r.bare(32).rps > 0 {
		share := res.rps / r.bare(32).rps
		fmt.Fprintf(&b, "| need page under %d writes/s ≥ 10 %% of the bare handler at 32 connections (%d writes done) | %.1f %% | %s |\n",
			writesPerSecond, res.writes, 100*share, mark(share >= 0.10))
		fmt.Fprintf(&b, "| need page under writes p99 ≤ 50 ms at 32 connections | %.1f ms | %s |\n", ms(res.p99), mark(res.p99 <= 50*time.Millisecond))
	}
	if res, found := r.find("need-page-changed", passConns); found {
		fmt.Fprintf(&b, "| first view of a need page since a write changed it p50 ≤ 3 ms at %d connections | %.1f ms | %s |\n", passConns, ms(res.p50), mark(res.p50 <= 3*time.Millisecond))
	}
	for _, name := range []string{"api-need", "api-needs-list"} {
		if res, found := r.find(name, 32); found && r.bare(32).rps > 0 {
			share := res.rps / r.bare(32).rps
			fmt.Fprintf(&b, "| %s ≥ 20 %% of the bare handler at 32 connections | %.1f %% | %s |\n", name, 100*share, mark(share >= 0.20))
		}
	}
	if res, found := r.find("mixed", 32); found {
		fmt.Fprintf(&b, "| mixed p99 ≤ 50 ms at 32 connections | %.1f ms | %s |\n", ms(res.p99), mark(res.p99 <= 50*time.Millisecond))
	}
	fmt.Fprintf(&b, "| peak RSS ≤ 200 MB | %.0f MB | %s |\n", mb(r.rss), mark(r.rss > 0 && r.rss <= 200<<20))
	errs, locked := 0, 0
	for _, x := range r.rows {
		errs += x.res.errors
		locked += x.res.locked
	}
	fmt.Fprintf(&b, "| zero errors | %d | %s |\n", errs, mark(errs == 0))
	fmt.Fprintf(&b, "| zero \"database is locked\" | %d | %s |\n", locked, mark(locked == 0))
	return b.String()
}

func mb(n int64) float64 { return float64(n) / (1 << 20) }

// machineInfo describes the machine: CPUs, CPU model, memory, kernel, Go.
func machineInfo() string {
	model := ""
	if b, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for _, line := range strings.Split(string(b), "\n") {
			if strings.HasPrefix(line, "model name") {
				model = strings.TrimSpace(strings.SplitN(line, ":", 2)[1])
				break
			}
		}
	}
	mem := ""
	if b, err := os.ReadFile("/proc/meminfo"); err == nil {
		for _, line := range strings.Split(string(b), "\n") {
			if f := strings.Fields(line); len(f) >= 2 && f[0] == "MemTotal:" {
				var kb int64
				fmt.Sscan(f[1], &kb)
				mem = fmt.Sprintf("%.0f GiB RAM", float64(kb)/(1<<20))
			}
		}
	}
	kernel := ""
	if b, err := os.ReadFile("/proc/sys/kernel/osrelease"); err == nil {
		kernel = "Linux " + strings.TrimSpace(string(b))
	}
	return fmt.Sprintf("%d CPUs (`nproc`), %s, %s, %s, %s", runtime.NumCPU(), model, mem, kernel, runtime.Version())
}

// updateSection writes md as the subsection title of the "## Load"
// section of a Markdown file: it replaces that subsection (up to the next
// "### " or "## " heading), or adds it at the end of the Load section,
// which it adds when missing. Everything else stays as it is.
func updateSection(path, title, md string) error {
	old, err := os.ReadFile(path)
	if err != nil && !os.IsNotExist(err) {
		return err
	}
	text := string(old)
	if text == "" {
		text = "# Benchmarks\n"
	}
	start := strings.Index(text, "\n## Load\n")
	if start < 0 {
		text = strings.TrimRight(text, "\n") + "\n\n## Load\n\nMeasured by `bench/load` (see the package comment of bench/load/main.go).\n"
		start = strings.Index(text, "\n## Load\n")
	}
	start++
	end := len(text)
	if i := strings.Index(text[start+1:], "\n## "); i >= 0 {
		end = start + 1 + i + 1
	}
	section := text[start:end]
	if i := strings.Index(section, title+"\n"); i >= 0 {
		j := len(section)
		rest := section[i+len(title):]
		for _, h := range []string{"\n### ", "\n## "} {
			if k := strings.Index(rest, h); k >= 0 && i+len(title)+k+1 < j {
				j = i + len(title) + k + 1
			}
		}
		section = section[:i] + md + "\n" + section[j:]
	} else {
		section = strings.TrimRight(section, "\n") + "\n\n" + md + "\n"
	}
	return os.WriteFile(path, []byte(text[:start]+section+text[end:]), 0o644)
}

// loadAverage is the 1, 5 and 15 minute load averages.
func loadAverage(s string) string {
	f := strings.Fields(s)
	if len(f) < 3 {
		return "unknown"
	}
	return strings.Join(f[:3], ", ")
}
