package optimize

import (
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"time"
)

// FrontierPoint is the optimum at one budget level.
type FrontierPoint struct {
	// Scale multiplies every year's budget of the instance.
	Scale float64 `json:"scale"`
	// Budget is the scaled budget per year (rounded down).
	Budget []int64 `json:"budget"`
	// Feasible is false when the mandatory projects (with their
	// prerequisites) do not fit the scaled budget; the other fields are
	// then zero.
	Feasible    bool     `json:"feasible"`
	Objective   int64    `json:"objective"`
	Bound       int64    `json:"bound"`
	Optimal     bool     `json:"optimal"`
	Selected    []string `json:"selected"`
	CostPerYear []int64  `json:"cost_per_year"`
	Seconds     float64  `json:"seconds"`
}

// FrontierLevels returns k budget scales evenly spaced from 0.1 to 1.5
// (one level, 1.0, when k is 1).
func FrontierLevels(k int) []float64 {
	if k <= 0 {
		return nil
	}
	if k == 1 {
		return []float64{1}
	}
	out := make([]float64, k)
	for i := range out {
		out[i] = math.Round((0.1+1.4*float64(i)/float64(k-1))*1e6) / 1e6
	}
	return out
}

// Frontier solves the instance with every budget multiplied by each of the
// scales (see FrontierLevels) and returns one point per scale, in the order
// given. Levels are solved from the smallest budget up, and the optimum of
// each level is the starting incumbent of the next: it stays feasible when
// budgets grow, so larger levels start with a good selection and a valid
// lower bound, and the objectives are non-decreasing in the budget.
// opts.TimeLimit bounds the whole frontier; opts.BudgetScale is ignored.
// When the time limit or ctx stops the work, the level being solved keeps
// its best selection (Optimal false) and the larger levels not yet reached
// are left out, so fewer points than scales come back.
// Invalid instances, options or scales give an *InputError.
func Frontier(ctx context.Context, inst *Instance, scales []float64, opts Options) ([]FrontierPoint, error) {
	return frontier(inst, scales, opts, newStopper(ctx, time.Now(), opts.TimeLimit))
}

// frontier is Frontier under stop.
func frontier(inst *Instance, scales []float64, opts Options, stop *stopper) ([]FrontierPoint, error) {
	if err := inst.Validate(); err != nil {
		return nil, err
	}
	for k, s := range scales {
		if math.IsNaN(s) || s <= 0 || s > 1e6 {
			return nil, inputErr(fmt.Sprintf("scales[%d]", k), CodeBudgetScale, map[string]any{"value": s},
				"budget scale must be above 0 and at most 1000000, got %g", s)
		}
	}
	order := make([]int, len(scales))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmpFloat(scales[a], scales[b]) })
	points := make([]FrontierPoint, len(scales))
	reached := make([]bool, len(scales))
	var warm []bool
	for _, i := range order {
		if stop.check() {
			break
		}
		pt, sel, err := frontierPoint(inst, scales[i], opts, stop, warm)
		if err != nil {
			return nil, err
		}
		if sel != nil {
			warm = sel
		}
		points[i], reached[i] = pt, true
	}
	out := points[:0]
	for i, pt := range points {
		if reached[i] {
			out = append(out, pt)
		}
	}
	return out, nil
}

// frontierPoint solves one level; it returns the selection (instance
// indices) to warm-start the next level, or nil when the level is
// infeasible.
func frontierPoint(inst *Instance, scale float64, opts Options, stop *stopper, warm []bool) (FrontierPoint, []bool, error) {
	start := time.Now()
	opts.BudgetScale = scale
	budget, err := scaleBudget(inst.Budget, scale)
	if err != nil {
		return FrontierPoint{}, nil, err
	}
	pt := FrontierPoint{Scale: scale, Budget: budget}
	t, err := newTask(inst, opts)
	var in *InputError
	if errors.As(err, &in) && (in.Code == CodeMandatoryInfeasible || in.Code == CodeForceInfeasible) {
		pt.Seconds = time.Since(start).Seconds()
		return pt, nil, nil
	}
	if err != nil {
		return pt, nil, err
	}
	res, err := t.run(stop, warm)
	if err != nil {
		return pt, nil, err
	}
	pt.Feasible = true
	pt.Objective, pt.Bound, pt.Optimal = res.Objective, res.Bound, res.Optimal
	pt.Selected, pt.CostPerYear = res.Selected, res.CostPerYear
	pt.Seconds = time.Since(start).Seconds()
	sel := make([]bool, len(inst.Projects))
	for _, id := range res.Selected {
		sel[t.index[id]] = true
	}
	return pt, sel, nil
}

func cmpFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}
