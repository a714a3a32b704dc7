// Command portfolio benchmarks the samstyr portfolio optimiser against CBC.
//
// It generates instances (optimize.Generate) for every N × T asked for,
// adds the reference instances, writes each as .json and .lp into a
// temporary directory, and runs both solvers as whole processes several
// times:
//
//	cbc X.lp solve solu out.txt
//	samstyr portfolio solve X.json      (or: pfsolve solve X.json)
//
// It prints a Markdown table with the median wall times, both objectives
// (which must agree) and the ratio CBC / samstyr.
//
// Usage (from the repository root):
//
//	go run ./bench/portfolio [-samstyr PATH] [-cbc cbc] [-reps 3] [-sizes 50,100,...] [-years 3,5] [-seeds 1,2]
//	    [-prereq 1.5] [-tightness 0.3] [-groups 2]
//
// -prereq, -tightness and -groups add shapes: mean prerequisites per
// project, budget as a share of the total cost, and the size of the
// exclusive groups (one group per 40 projects). -grid sets the grid of
// issue 16 at once: N ∈ {100, 200, 400, 1000, 2000, 5000}, T ∈ {3, 5},
// prerequisites ∈ {0.5, 1.5, 3}, tightness ∈ {0.15, 0.3, 0.5}, groups of 2
// and 4, seed 101 (not one the solver was tuned on), no reference
// instances. The table marks each row against its target (CBC / samstyr
// wall ≥ 5 for N ≥ 200, ≥ 2 below) and names the slowest rows after it.
package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/samstyr/samstyr/internal/optimize"
)

// config holds the command-line flags.
type config struct {
	samstyr string
	cbc     string
	reps    int
	sizes   []int
	years   []int
	seeds   []int64
	refDir  string
	timeout time.Duration
	keep    string
	// Shapes of the generated instances.
	prereqs    []float64
	tightness  []float64
	groupSizes []int
}

// instance is one benchmark case written to disk.
type instance struct {
	name string
	n, t int
	json string
	lp   string
}

// outcome is the measurement of one instance.
type outcome struct {
	inst          instance
	cbcTimes      []time.Duration
	ourTimes      []time.Duration
	cbcCPU        []time.Duration
	ourCPU        []time.Duration
	cbcObj        int64
	ourObj        int64
	cbcOK, ourOK  bool
	ourOptimal    bool
	failureReason string
}

func main() {
	cfg, err := parseFlags(os.Args[1:])
	if err != nil {
		fmt.Fprintln(os.Stderr, "portfolio bench:", err)
		os.Exit(2)
	}
	if err := run(cfg, os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "portfolio bench:", err)
		os.Exit(1)
	}
}

func parseFlags(args []string) (config, error) {
	var cfg config
	var sizes, years, seeds, prereqs, tightness, groups string
	var grid bool
	fs := flag.NewFlagSet("portfolio", flag.ContinueOnError)
	fs.StringVar(&cfg.samstyr, "samstyr", "", "samstyr binary, run as `PATH portfolio solve X.json` (default: build bench/portfolio/pfsolve into a temp dir and run `pfsolve solve X.json`)")
	fs.StringVar(&cfg.cbc, "cbc", "cbc", "CBC binary")
	fs.IntVar(&cfg.reps, "reps", 3, "runs per instance and solver; the median is reported")
	fs.StringVar(&sizes, "sizes", "50,100,200,500,1000,2000", "numbers of projects of the generated instances")
	fs.StringVar(&years, "years", "3,5", "numbers of years of the generated instances")
	fs.StringVar(&seeds, "seeds", "1", "generator seeds, one instance per seed and N × T")
	fs.StringVar(&cfg.refDir, "ref", "internal/optimize/testdata/portfolio", "directory of reference instances (empty: none)")
	fs.DurationVar(&cfg.timeout, "timeout", 10*time.Minute, "limit per solver run")
	fs.StringVar(&cfg.keep, "dir", "", "write instances here instead of a temp dir (kept)")
	fs.StringVar(&prereqs, "prereq", "1.5", "mean prerequisites per project of the generated instances")
	fs.StringVar(&tightness, "tightness", "0.3", "budgets as a share of the total cost of the generated instances")
	fs.StringVar(&groups, "groups", "2", "sizes of the exclusive groups of the generated instances")
	fs.BoolVar(&grid, "grid", false, "the grid of issue 16 (overrides -sizes, -years, -seeds, -prereq, -tightness, -groups and -ref)")
	if err := fs.Parse(args); err != nil {
		return cfg, err
	}
	if grid {
		sizes, years, seeds = "100,200,400,1000,2000,5000", "3,5", "101"
		prereqs, tightness, groups, cfg.refDir = "0.5,1.5,3", "0.15,0.3,0.5", "2,4", ""
	}
	var err error
	if cfg.prereqs, err = parseFloats(prereqs); err != nil {
		return cfg, fmt.Errorf("-prereq: %w", err)
	}
	if cfg.tightness, err = parseFloats(tightness); err != nil {
		return cfg, fmt.Errorf("-tightness: %w", err)
	}
	if cfg.groupSizes, err = parseInts[int](groups); err != nil {
		return cfg, fmt.Errorf("-groups: %w", err)
	}
	if cfg.sizes, err = parseInts[int](sizes); err != nil {
		return cfg, fmt.Errorf("-sizes: %w", err)
	}
	if cfg.years, err = parseInts[int](years); err != nil {
		return cfg, fmt.Errorf("-years: %w", err)
	}
	if cfg.seeds, err = parseInts[int64](seeds); err != nil {
		return cfg, fmt.Errorf("-seeds: %w", err)
	}
	if cfg.reps < 1 {
		return cfg, errors.New("-reps must be at least 1")
	}
	return cfg, nil
}

func parseFloats(s string) ([]float64, error) {
	var out []float64
	for f := range strings.SplitSeq(s, ",") {
		if f = strings.TrimSpace(f); f == "" {
			continue
		}
		v, err := strconv.ParseFloat(f, 64)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, nil
}

func parseInts[T int | int64](s string) ([]T, error) {
	var out []T
	for f := range strings.SplitSeq(s, ",") {
		if f = strings.TrimSpace(f); f == "" {
			continue
		}
		v, err := strconv.ParseInt(f, 10, 64)
		if err != nil {
			return nil, err
		}
		out = append(out, T(v))
	}
	return out, nil
}

func run(cfg config, stdout, stderr io.Writer) error {
	dir := cfg.keep
	if dir == "" {
		tmp, err := os.MkdirTemp("", "portfolio-bench-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(tmp)
		dir = tmp
	} else if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	solver, err := solverCommand(cfg, dir)
	if err != nil {
		return err
	}
	insts, err := writeInstances(cfg, dir)
	if err != nil {
		return err
	}
	var results []outcome
	for _, in := range insts {
		fmt.Fprintf(stderr, "%s: ", in.name)
		o := measure(cfg, solver, in, dir)
		fmt.Fprintf(stderr, "cbc %s (%d), samstyr %s (%d)\n",
			fmtDur(median(o.cbcTimes)), o.cbcObj, fmtDur(median(o.ourTimes)), o.ourObj)
		results = append(results, o)
	}
	printTable(stdout, results)
	return nil
}

// solverCommand returns the argv prefix that solves a JSON file.
func solverCommand(cfg config, dir string) ([]string, error) {
	if cfg.samstyr != "" {
		return []string{cfg.samstyr, "portfolio", "solve"}, nil
	}
	bin := filepath.Join(dir, "pfsolve")
	cmd := exec.Command("go", "build", "-o", bin, "./bench/portfolio/pfsolve")
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("building pfsolve (run from the repository root or pass -samstyr): %w", err)
	}
	return []string{bin, "solve"}, nil
}

// writeInstances writes the generated and reference instances as .json
// and .lp files.
func writeInstances(cfg config, dir string) ([]instance, error) {
	var out []instance
	for _, g := range gridParams(cfg) {
		in, err := writeInstance(dir, fmt.Sprintf("%s-g%d", g.Stem(), g.GroupSize), optimize.Generate(g))
		if err != nil {
			return nil, err
		}
		out = append(out, in)
	}
	refs, err := referenceInstances(cfg.refDir)
	if err != nil {
		return nil, err
	}
	for _, path := range refs {
		data, err := os.ReadFile(path)
		if err != nil {
			return nil, err
		}
		inst, err := optimize.ParseInstance(data)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		name := "ref " + strings.TrimSuffix(filepath.Base(path), ".json")
		in, err := writeInstance(dir, strings.ReplaceAll(name, " ", "-"), inst)
		if err != nil {
			return nil, err
		}
		in.name = name
		out = append(out, in)
	}
	return out, nil
}

// gridParams returns the generator parameters of every generated instance:
// N × T × prerequisites × tightness × group size × seed.
func gridParams(cfg config) []optimize.GenParams {
	var out []optimize.GenParams
	for _, n := range cfg.sizes {
		for _, t := range cfg.years {
			for _, p := range cfg.prereqs {
				for _, k := range cfg.tightness {
					for _, gs := range cfg.groupSizes {
						for _, seed := range cfg.seeds {
							g := optimize.DefaultGenParams(n, t, seed)
							g.PrereqDensity, g.BudgetTightness, g.GroupSize = p, k, gs
							out = append(out, g)
						}
					}
				}
			}
		}
	}
	return out
}

func referenceInstances(dir string) ([]string, error) {
	if dir == "" {
		return nil, nil
	}
	paths, err := filepath.Glob(filepath.Join(dir, "*.json"))
	if err != nil {
		return nil, err
	}
	size := func(p string) int {
		var n int
		fmt.Sscanf(filepath.Base(p), "pf-n%d", &n)
		return n
	}
	slices.SortFunc(paths, func(a, b string) int { return size(a) - size(b) })
	return paths, nil
}

func writeInstance(dir, stem string, inst *optimize.Instance) (instance, error) {
	in := instance{name: stem, n: len(inst.Projects), t: inst.Years,
		json: filepath.Join(dir, stem+".json"), lp: filepath.Join(dir, stem+".lp")}
	data, err := json.MarshalIndent(inst, "", " ")
	if err != nil {
		return in, err
	}
	if err := os.WriteFile(in.json, append(data, '\n'), 0o644); err != nil {
		return in, err
	}
	var lp bytes.Buffer
	if err := optimize.WriteLP(&lp, inst); err != nil {
		return in, err
	}
	return in, os.WriteFile(in.lp, lp.Bytes(), 0o644)
}

// measure runs both solvers cfg.reps times, alternating them.
func measure(cfg config, solver []string, in instance, dir string) outcome {
	o := outcome{inst: in, cbcOK: true, ourOK: true}
	sol := filepath.Join(dir, "cbc-solution.txt")
	for range cfg.reps {
		d, cpu, out, err := timed(cfg.timeout, cfg.cbc, in.lp, "solve", "solu", sol)
		o.cbcTimes, o.cbcCPU = append(o.cbcTimes, d), append(o.cbcCPU, cpu)
		if obj, perr := cbcObjective(sol); err != nil || perr != nil {
			o.cbcOK, o.failureReason = false, fmt.Sprint("cbc: ", err, perr, " ", lastLine(out))
		} else {
			o.cbcObj = obj
		}
		args := append(slices.Clone(solver[1:]), in.json)
		d, cpu, out, err = timed(cfg.timeout, solver[0], args...)
		o.ourTimes, o.ourCPU = append(o.ourTimes, d), append(o.ourCPU, cpu)
		var res struct {
			Objective int64 `json:"objective"`
			Optimal   bool  `json:"optimal"`
		}
		if err != nil || json.Unmarshal(out, &res) != nil {
			o.ourOK, o.failureReason = false, fmt.Sprint("samstyr: ", err, " ", lastLine(out))
		} else {
			o.ourObj, o.ourOptimal = res.Objective, res.Optimal
		}
	}
	return o
}

// timed runs a command and returns its wall time, its CPU time (user +
// system, which shared machines disturb less) and its output.
func timed(limit time.Duration, name string, args ...string) (time.Duration, time.Duration, []byte, error) {
	ctx, cancel := context.WithTimeout(context.Background(), limit)
	defer cancel()
	cmd := exec.CommandContext(ctx, name, args...)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	start := time.Now()
	err := cmd.Run()
	wall := time.Since(start)
	var cpu time.Duration
	if cmd.ProcessState != nil {
		cpu = cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
	}
	return wall, cpu, out.Bytes(), err
}

// cbcObjective reads "Optimal - objective value 123.00000000" from the
// first line of a CBC solution file.
func cbcObjective(path string) (int64, error) {
	f, err := os.Open(path)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	line, err := bufio.NewReader(f).ReadString('\n')
	if err != nil && line == "" {
		return 0, err
	}
	if !strings.HasPrefix(line, "Optimal") {
		return 0, fmt.Errorf("cbc status: %s", strings.TrimSpace(line))
	}
	fields := strings.Fields(line)
	v, err := strconv.ParseFloat(fields[len(fields)-1], 64)
	if err != nil {
		return 0, err
	}
	return int64(math.Round(v)), nil
}

func lastLine(b []byte) string {
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	return lines[len(lines)-1]
}
