// Command startup measures what it costs to start the samstyr binary: the
// wall and CPU time of whole processes and Go's package initialisation
// before main (GODEBUG=inittrace=1), for one or more builds of the binary.
//
// The builds run in turn, one process each, n times, so that a machine
// whose load changes during the run treats them alike; the figures are
// medians. CPU time (user + system of the child, from wait4) is less
// disturbed by other work on the machine than wall time.
//
// Usage (from the repository root):
//
//	go run ./bench/startup [-n 100] [-top 10] BINARY[,BINARY…] [ARGS…]
//	go run ./bench/startup -n 100 /tmp/samstyr-main,./bin/samstyr --help
//	go run ./bench/startup ./bin/samstyr portfolio solve internal/optimize/testdata/portfolio/pf-n50-t3-s42-k0.3-p1.5.json
//
// It prints a Markdown table (ratios to the first binary) and, with -top,
// the packages whose initialisation took longest in each build.
package main

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
)

// sample is one binary's measurements, one entry per run.
type sample struct {
	wall, cpu, init []float64 // milliseconds
	allocs, bytes   int64     // of package initialisation (the same in every run)
	packages        int
	perPackage      map[string][]float64
}

var reInit = regexp.MustCompile(`(?m)^init (\S+) @[0-9.]+ ms, ([0-9.]+) ms clock, ([0-9]+) bytes, ([0-9]+) allocs`)

func main() {
	n := flag.Int("n", 50, "runs of each binary")
	top := flag.Int("top", 0, "list the `N` packages with the longest initialisation per binary")
	flag.Usage = func() {
		fmt.Fprintln(os.Stderr, "usage: go run ./bench/startup [-n 50] [-top N] BINARY[,BINARY…] [ARGS…]")
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() < 1 {
		flag.Usage()
		os.Exit(2)
	}
	bins := strings.Split(flag.Arg(0), ",")
	args := flag.Args()[1:]
	samples := make([]*sample, len(bins))
	for i := range samples {
		samples[i] = &sample{perPackage: map[string][]float64{}}
	}
	for r := 0; r < *n; r++ {
		for k := range bins {
			i := (k + r) % len(bins) // each binary in every position in turn
			if err := samples[i].run(bins[i], args); err != nil {
				fmt.Fprintf(os.Stderr, "startup: %s: %v\n", bins[i], err)
				os.Exit(1)
			}
		}
	}
	load, _ := os.ReadFile("/proc/loadavg")
	fmt.Printf("%d runs of each, in turn; args: %s; load average after: %s\n\n", *n, strings.Join(args, " "), strings.Join(strings.Fields(string(load))[:3], " "))
	fmt.Println("| binary | wall (ms) | ratio | CPU (ms) | ratio | init, inittrace (ms) | ratio | init allocations | init bytes | packages |")
	fmt.Println("|---|---|---|---|---|---|---|---|---|---|")
	base := samples[0]
	for i, s := range samples {
		fmt.Printf("| %s | %.1f | %.2f | %.1f | %.2f | %.1f | %.2f | %d | %d | %d |\n", bins[i],
			median(s.wall), median(s.wall)/median(base.wall), median(s.cpu), median(s.cpu)/median(base.cpu),
			median(s.init), median(s.init)/median(base.init), s.allocs, s.bytes, s.packages)
	}
	if *top > 0 {
		for i, s := range samples {
			fmt.Printf("\n%s, longest package initialisation (median ms):\n", bins[i])
			names := make([]string, 0, len(s.perPackage))
			for p := range s.perPackage {
				names = append(names, p)
			}
			sort.Slice(names, func(a, b int) bool { return median(s.perPackage[names[a]]) > median(s.perPackage[names[b]]) })
			for _, p := range names[:min(*top, len(names))] {
				fmt.Printf("  %7.3f  %s\n", median(s.perPackage[p]), p)
			}
		}
	}
}

// run starts bin twice: once timed, once with inittrace (whose output
// would otherwise add to the time).
func (s *sample) run(bin string, args []string) error {
	cmd := exec.Command(bin, args...)
	start := time.Now()
	if err := cmd.Run(); err != nil {
		return err
	}
	s.wall = append(s.wall, ms(time.Since(start)))
	s.cpu = append(s.cpu, ms(cmd.ProcessState.UserTime()+cmd.ProcessState.SystemTime()))

	var stderr bytes.Buffer
	cmd = exec.Command(bin, args...)
	cmd.Env = append(os.Environ(), "GODEBUG=inittrace=1")
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		return err
	}
	total, allocs, size, pkgs := 0.0, int64(0), int64(0), 0
	for _, m := range reInit.FindAllStringSubmatch(stderr.String(), -1) {
		clock, _ := strconv.ParseFloat(m[2], 64)
		b, _ := strconv.ParseInt(m[3], 10, 64)
		a, _ := strconv.ParseInt(m[4], 10, 64)
		total, size, allocs, pkgs = total+clock, size+b, allocs+a, pkgs+1
		s.perPackage[m[1]] = append(s.perPackage[m[1]], clock)
	}
	s.init = append(s.init, total)
	s.allocs, s.bytes, s.packages = allocs, size, pkgs
	return nil
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

func median(v []float64) float64 {
	if len(v) == 0 {
		return 0
	}
	s := slices.Sorted(slices.Values(v))
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}
