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
