package main

import (
	"fmt"
	"io"
	"slices"
	"time"
)

// printTable writes the results as a Markdown table: median wall time and
// median CPU time of each solver, their ratios, and both objectives.
func printTable(w io.Writer, results []outcome) {
	fmt.Fprintln(w, "| instance | N | T | CBC wall (s) | samstyr wall (s) | CBC / samstyr (wall) | CBC CPU (s) | samstyr CPU (s) | CBC / samstyr (CPU) | CBC objective | samstyr objective | agree |")
	fmt.Fprintln(w, "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|")
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
		fmt.Fprintf(w, "| %s | %d | %d | %s | %s | %.1f | %s | %s | %s | %d | %d | %s |\n",
			o.inst.name, o.inst.n, o.inst.t, fmtDur(cbc), fmtDur(ours), cbc.Seconds()/max(ours.Seconds(), 1e-9),
			fmtDur(cbcCPU), fmtDur(ourCPU), cpuRatio(cbcCPU, ourCPU), o.cbcObj, o.ourObj, agree)
	}
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
