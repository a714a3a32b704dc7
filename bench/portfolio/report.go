package main

import (
	"cmp"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"
)

// printTable writes the results as a Markdown table: median wall time and
// median CPU time of each solver, their ratios, and both objectives.
func printTable(w io.Writer, results []outcome) {
	fmt.Fprintln(w, "| instance | N | T | CBC wall (s) | samstyr wall (s) | CBC / samstyr (wall) | target | CBC CPU (s) | samstyr CPU (s) | CBC / samstyr (CPU) | CBC objective | samstyr objective | agree |")
	fmt.Fprintln(w, "|---|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|---|")
	for _, o := range results {
		cbc, ours := median(o.cbcTimes), median(o.ourTimes)
		agree := "yes"
		switch {
		case !o.cbcOK || !o.ourOK:
			agree = "FAILED: " + o.failureReason
		case o.cbcObj != o.ourObj:
			agree = "NO"
		case !o.ourOptimal:
			agree = "yes (samstyr not proven optimal)"
		}
		cbcCPU, ourCPU := median(o.cbcCPU), median(o.ourCPU)
		fmt.Fprintf(w, "| %s | %d | %d | %s | %s | %.1f | %s | %s | %s | %s | %d | %d | %s |\n",
			o.inst.name, o.inst.n, o.inst.t, fmtDur(cbc), fmtDur(ours), wallRatio(o), verdict(o),
			fmtDur(cbcCPU), fmtDur(ourCPU), cpuRatio(cbcCPU, ourCPU), o.cbcObj, o.ourObj, agree)
	}
	slowest := slices.Clone(results)
	slices.SortStableFunc(slowest, func(a, b outcome) int { return cmp.Compare(wallRatio(a), wallRatio(b)) })
	var names []string
	for _, o := range slowest[:min(5, len(slowest))] {
		names = append(names, fmt.Sprintf("%s (%.1f×)", o.inst.name, wallRatio(o)))
	}
	misses := 0
	for _, o := range results {
		if !strings.HasPrefix(verdict(o), "met") {
			misses++
		}
	}
	fmt.Fprintf(w, "\nSlowest rows (lowest CBC / samstyr wall ratio): %s. Rows missing their target: %d of %d.\n",
		strings.Join(names, ", "), misses, len(results))
}

// wallRatio is CBC / samstyr median wall time.
func wallRatio(o outcome) float64 {
	return median(o.cbcTimes).Seconds() / max(median(o.ourTimes).Seconds(), 1e-9)
}

// target is the wall ratio a row must reach: 5 from N = 200 up, 2 below,
// where process start-up dominates both solvers.
func target(n int) float64 {
	if n >= 200 {
		return 5
	}
	return 2
}

// verdict says whether a row met its target: the same objective, proven
// optimal, and fast enough.
func verdict(o outcome) string {
	t := target(o.inst.n)
	switch {
	case !o.cbcOK || !o.ourOK || o.cbcObj != o.ourObj || !o.ourOptimal:
		return "MISSED (optimum)"
	case wallRatio(o) < t:
		return fmt.Sprintf("MISSED (≥ %g×)", t)
	}
	return fmt.Sprintf("met (≥ %g×)", t)
}

// cpuRatio formats CBC / samstyr CPU time; a samstyr time below the
// kernel's accounting resolution counts as 1 ms and gives a lower bound.
func cpuRatio(cbc, ours time.Duration) string {
	if ours <= 0 {
		return fmt.Sprintf("> %.0f", cbc.Seconds()/0.001)
	}
	return fmt.Sprintf("%.1f", cbc.Seconds()/ours.Seconds())
}

// median returns the median of ds (the mean of the middle two for an even
// count).
func median(ds []time.Duration) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

func fmtDur(d time.Duration) string {
	return fmt.Sprintf("%.3f", d.Seconds())
}
