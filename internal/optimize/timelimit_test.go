package optimize

import (
	"context"
	"path/filepath"
	"testing"
	"time"
)

// TestTimeLimit stops big solves early: the answer must still be a feasible
// selection with a valid bound and a non-negative gap.
func TestTimeLimit(t *testing.T) {
	inst := loadInstance(t, filepath.Join("testdata", "portfolio", "pf-n2000-t5-s3-k0.3-p1.5.json"))
	want := referenceOptima(t)["pf-n2000-t5-s3-k0.3-p1.5"]
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	cases := []struct {
		name string
		ctx  context.Context
		opts Options
	}{
		{"1ms limit", context.Background(), Options{TimeLimit: time.Millisecond}},
		{"20ms limit", context.Background(), Options{TimeLimit: 20 * time.Millisecond}},
		{"cancelled context", cancelled, Options{}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			start := time.Now()
			res, err := Solve(c.ctx, inst, c.opts)
			if err != nil {
				t.Fatal(err)
			}
			if elapsed := time.Since(start); elapsed > 2*time.Second {
				t.Errorf("took %v", elapsed)
			}
			checkResult(t, inst, res)
			if res.Objective > want || res.Bound < want {
				t.Errorf("objective %d and bound %d must bracket the optimum %d", res.Objective, res.Bound, want)
			}
			if res.Optimal != (res.Objective == want && res.Bound == want) {
				t.Errorf("optimal %v with objective %d bound %d", res.Optimal, res.Objective, res.Bound)
			}
			t.Logf("objective %d bound %d gap %.5f optimal %v in %v", res.Objective, res.Bound, res.Gap, res.Optimal, time.Since(start))
		})
	}
}

// TestReportTimeLimit: the time limit bounds the whole report, frontier and
// explanations included, and a report cut short says so. On a large
// instance each part alone takes longer than the limit.
func TestReportTimeLimit(t *testing.T) {
	if testing.Short() {
		t.Skip("generates a large instance")
	}
	inst := Generate(DefaultGenParams(8000, 5, 11))
	const limit = 300 * time.Millisecond
	start := time.Now()
	r, err := SolveReport(context.Background(), inst, Options{TimeLimit: limit}, 15, true)
	if err != nil {
		t.Fatal(err)
	}
	took := time.Since(start)
	if took > limit+2*time.Second { // generous: a busy machine, not the solver
		t.Errorf("took %v with a limit of %v", took, limit)
	}
	if r.Stopped != StoppedTimeLimit {
		t.Errorf("stopped = %q, want %q", r.Stopped, StoppedTimeLimit)
	}
	if len(r.Frontier) >= 15 && r.Explanations != nil && !r.Explanations.Stopped {
		t.Errorf("everything computed (%d levels, explanations complete) and still marked stopped", len(r.Frontier))
	}
	if r.Objective <= 0 || r.Bound < r.Objective {
		t.Errorf("objective %d bound %d: want the best selection found and a valid bound", r.Objective, r.Bound)
	}
	t.Logf("%v: stopped %q, objective %d bound %d, %d frontier levels, total %.3fs", took, r.Stopped, r.Objective, r.Bound, len(r.Frontier), r.TotalSeconds)
}

// TestReportCancelled: cancelling the context ends every part of the
// report, and the report says it was cancelled.
func TestReportCancelled(t *testing.T) {
	if testing.Short() {
		t.Skip("generates a large instance")
	}
	inst := Generate(DefaultGenParams(8000, 5, 12))
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(200*time.Millisecond, cancel)
	start := time.Now()
	r, err := SolveReport(ctx, inst, Options{}, 15, true) // no time limit at all
	if err != nil {
		t.Fatal(err)
	}
	if took := time.Since(start); took > 3*time.Second {
		t.Errorf("took %v after a cancel at 200ms", took)
	}
	if r.Stopped != StoppedCancelled {
		t.Errorf("stopped = %q, want %q", r.Stopped, StoppedCancelled)
	}
}

// TestReportComplete: a report that computes everything is not marked.
func TestReportComplete(t *testing.T) {
	inst := loadInstance(t, filepath.Join("testdata", "portfolio", "pf-n100-t3-s42-k0.3-p1.5.json"))
	r, err := SolveReport(context.Background(), inst, Options{TimeLimit: 30 * time.Second}, 5, true)
	if err != nil {
		t.Fatal(err)
	}
	if r.Stopped != "" || !r.Optimal || len(r.Frontier) != 5 || r.Explanations == nil || r.Explanations.Stopped {
		t.Errorf("stopped %q optimal %v, %d levels, explanations %v", r.Stopped, r.Optimal, len(r.Frontier), r.Explanations != nil)
	}
}
