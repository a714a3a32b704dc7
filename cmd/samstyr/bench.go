package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"sort"
	"time"

	"github.com/samstyr/samstyr/internal/seed"
	"github.com/samstyr/samstyr/internal/server"
)

func cmdSeedBench(ctx context.Context, env *environment, args []string) error {
	var scale int
	var seedValue uint64
	sp := spec{path: "seed bench", synopsis: "--scale N [--seed S] [--data DIR | --database-url URL]",
		about:    "Writes the benchmark dataset, N times the real size of the programme, into an empty database.",
		examples: []string{"samstyr seed bench --scale 10 --data bench-data/load", "samstyr seed bench --scale 1 --seed 7 --database-url 'postgres://postgres@127.0.0.1/samstyr_bench'"}}
	return appCommand{spec: sp,
		flags: func(fs *flag.FlagSet) {
			fs.IntVar(&scale, "scale", 0, "`N`: the dataset is N times the real size (municipalities and counties are not multiplied)")
			fs.Uint64Var(&seedValue, "seed", 1, "random seed `S`: the same scale and seed give the same data")
		},
		check: func([]string) error {
			if scale < 1 || scale > 1000 {
				return sp.usageError("give the scale with --scale N (1 to 1000)")
			}
			return nil
		},
		run: func(ctx context.Context, a *server.App, _ []string) error {
			start := time.Now()
			progress, done := benchProgress(env.stderr)
			res, err := seed.Bench(ctx, a.DB, seed.BenchOptions{Scale: float64(scale), Seed: seedValue, Progress: progress})
			done()
			if err != nil {
				return err
			}
			fmt.Fprintf(env.stdout, "benchmark dataset at scale %d (seed %d) written to the %s database in %.1f s: %d rows\n",
				scale, seedValue, a.DB.Dialect(), time.Since(start).Seconds(), res.Total)
			var tables []string
			for t := range res.Rows {
				tables = append(tables, t)
			}
			sort.Strings(tables)
			for _, t := range tables {
				fmt.Fprintf(env.stdout, "  %-18s %9d\n", t, res.Rows[t])
			}
			fmt.Fprintf(env.stdout, "Everyone's password is %s; the administrators are benchadmin1@bench.samstyr.no to benchadmin3@… (TOTP secret %s).\n",
				seed.BenchPassword, seed.DemoAdminTOTPSecret)
			return nil
		}}.exec(ctx, env, args)
}

// benchProgress returns a progress callback that keeps one line on w up
// to date (rows written, share of the rows expected, rate) when w is a
// terminal, at most ten times a second, and a func that clears the line.
// (A hand-written line rather than a progress-bar library, whose package
// initialisation every command of the binary would pay.)
func benchProgress(w io.Writer) (func(done, total int64), func()) {
	f, ok := w.(*os.File)
	if !ok {
		return nil, func() {}
	}
	if fi, err := f.Stat(); err != nil || fi.Mode()&os.ModeCharDevice == 0 {
		return nil, func() {}
	}
	start := time.Now()
	var last time.Time
	shown := false
	return func(done, total int64) {
			now := time.Now()
			if now.Sub(last) < 100*time.Millisecond && done < total {
				return
			}
			last, shown = now, true
			pct := 100.0
			if total > 0 {
				pct = 100 * float64(done) / float64(total)
			}
			fmt.Fprintf(w, "\rseed bench: %d of %d rows (%.0f %%, %.0f rows/s)\033[K", done, total, pct, float64(done)/max(now.Sub(start).Seconds(), 1e-3))
		}, func() {
			if shown {
				fmt.Fprint(w, "\r\033[K")
			}
		}
}
