package main

import (
	"fmt"
	"io"
	"slices"
	"time"
)

// printTable writes the results as a Markdown table.
func printTable(w io.Writer, results []outcome) {
	fmt.Fprintln(w, "| instance | N | T | CBC median (s) | samstyr median (s) | CBC / samstyr | CBC objective | samstyr objective | agree |")
	fmt.Fprintln(w, "|---|---:|---:|---:|---:|---:|---:|---:|---|")
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
		fmt.Fprintf(w, "| %s | %d | %d | %s | %s | %.1f | %d | %d | %s |\n",
			o.inst.name, o.inst.n, o.inst.t, fmtDur(cbc), fmtDur(ours),
			cbc.Seconds()/max(ours.Seconds(), 1e-9), o.cbcObj, o.ourObj, agree)
	}
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
