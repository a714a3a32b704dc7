package optimize

import (
	"context"
	"path/filepath"
	"testing"
)

func TestFrontierLevels(t *testing.T) {
	got := FrontierLevels(15)
	if len(got) != 15 || got[0] != 0.1 || got[14] != 1.5 || got[9] != 1.0 {
		t.Fatalf("levels %v", got)
	}
	if l := FrontierLevels(1); len(l) != 1 || l[0] != 1 {
		t.Fatalf("one level: %v", l)
	}
}

// TestFrontier checks monotonicity and every point against an independent
// solve with the same budget scale.
func TestFrontier(t *testing.T) {
	insts := []*Instance{
		loadInstance(t, filepath.Join("testdata", "portfolio", "pf-n50-t3-s42-k0.3-p1.5.json")),
		Generate(DefaultGenParams(80, 5, 4)),
	}
	for _, inst := range insts {
		scales := FrontierLevels(8)
		// Out of order on purpose: points must come back in the order asked.
		scales[2], scales[5] = scales[5], scales[2]
		points, err := Frontier(context.Background(), inst, scales, Options{})
		if err != nil {
			t.Fatal(err)
		}
		prev := int64(-1)
		for _, k := range []int{0, 1, 5, 3, 4, 2, 6, 7} { // increasing scale
			pt := points[k]
			if pt.Scale != scales[k] {
				t.Fatalf("point %d has scale %g, want %g", k, pt.Scale, scales[k])
			}
			res, err := Solve(context.Background(), inst, Options{BudgetScale: pt.Scale})
			if !pt.Feasible {
				if err == nil {
					t.Fatalf("%s scale %g: frontier says infeasible, Solve gives %d", inst.Name, pt.Scale, res.Objective)
				}
				continue
			}
			if err != nil {
				t.Fatal(err)
			}
			if !pt.Optimal || pt.Objective != res.Objective || pt.Bound != pt.Objective {
				t.Fatalf("%s scale %g: frontier %d (optimal %v), solve %d", inst.Name, pt.Scale, pt.Objective, pt.Optimal, res.Objective)
			}
			if pt.Objective < prev {
				t.Fatalf("%s: objective falls from %d to %d at scale %g", inst.Name, prev, pt.Objective, pt.Scale)
			}
			prev = pt.Objective
			scaled := *inst
			scaled.Budget = pt.Budget
			if err := Check(&scaled, pt.Selected); err != nil {
				t.Fatalf("scale %g: %v", pt.Scale, err)
			}
		}
	}
}
