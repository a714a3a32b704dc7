package optimize

import (
	"context"
	"fmt"
	"math"
	"time"
)

// Options tunes Solve. The zero value solves the instance as given to
// proven optimality without a time limit.
type Options struct {
	// TimeLimit ends the search after this long (0: no limit). The best
	// selection found is returned with Optimal false and a gap.
	TimeLimit time.Duration
	// Force lists ids that must be chosen, with their prerequisites.
	Force []string
	// Forbid lists ids that must not be chosen; projects that need them
	// are left out too.
	Forbid []string
	// BudgetScale, when > 0, multiplies every year's budget (rounded down
	// to whole units). 0 means 1.
	BudgetScale float64
}

// Result is a selection with its proof status.
type Result struct {
	// Selected lists the chosen ids in instance order.
	Selected []string `json:"selected"`
	// Objective is the total benefit of Selected.
	Objective int64 `json:"objective"`
	// Bound is a proven upper bound on the optimal total benefit; it equals
	// Objective when Optimal.
	Bound int64 `json:"bound"`
	// Budget is the budget per year that was used (after BudgetScale).
	Budget []int64 `json:"budget"`
	// CostPerYear is the cost of Selected per year.
	CostPerYear []int64 `json:"cost_per_year"`
	// Optimal reports that Selected is proven optimal.
	Optimal bool `json:"optimal"`
	// Gap is (Bound − Objective) / max(1, Bound).
	Gap float64 `json:"gap"`
	// Seconds is the wall time of the solve.
	Seconds float64 `json:"seconds"`
	// Nodes counts branch-and-bound nodes; LPIterations dual simplex
	// iterations.
	Nodes        int64 `json:"nodes"`
	LPIterations int64 `json:"lp_iterations"`
	// RootBound is the LP relaxation value after presolve.
	RootBound float64 `json:"root_bound"`
	// DualPrices holds, per year, the LP relaxation's marginal benefit of
	// one more unit of budget (0 where the budget does not bind).
	DualPrices []float64 `json:"dual_prices"`
}

// Solve finds a selection of maximum total benefit within the budgets,
// respecting prerequisites, exclusive groups, mandatory projects and the
// options. Without a time limit or cancellation the answer is proven
// optimal. Invalid instances or options give an *InputError.
func Solve(ctx context.Context, inst *Instance, opts Options) (*Result, error) {
	start := time.Now()
	return solve(inst, opts, newStopper(ctx, start, opts.TimeLimit))
}

// solve is Solve under stop.
func solve(inst *Instance, opts Options, stop *stopper) (*Result, error) {
	start := time.Now()
	if err := inst.Validate(); err != nil {
		return nil, err
	}
	t, err := newTask(inst, opts)
	if err != nil {
		return nil, err
	}
	res, err := t.run(stop, nil)
	if err != nil {
		return nil, err
	}
	res.Seconds = time.Since(start).Seconds()
	return res, nil
}

// task is one validated solve request in index form.
type task struct {
	inst       *Instance
	index      map[string]int
	pre        [][]int32
	budget     []int64
	in, out    []bool
	boundSlack float64 // floating-point allowance for LP bounds (see boundSlack)
}

func newTask(inst *Instance, opts Options) (*task, error) {
	t := &task{inst: inst, index: make(map[string]int, len(inst.Projects))}
	var total int64
	for i, p := range inst.Projects {
		t.index[p.ID] = i
		total += p.Benefit
	}
	t.boundSlack = boundSlack(total)
	t.pre = prereqIndices(inst, t.index)
	budget, err := scaleBudget(inst.Budget, opts.BudgetScale)
	if err != nil {
		return nil, err
	}
	t.budget = budget
	seed := make([]bool, len(inst.Projects))
	for i, p := range inst.Projects {
		seed[i] = p.Mandatory
	}
	if err := t.markIDs("force", opts.Force, seed); err != nil {
		return nil, err
	}
	t.in = closureOf(t.pre, seed)
	t.out = make([]bool, len(inst.Projects))
	if err := t.markIDs("forbid", opts.Forbid, t.out); err != nil {
		return nil, err
	}
	for k, id := range opts.Forbid {
		if t.in[t.index[id]] {
			return nil, inputErr(fmt.Sprintf("forbid[%d]", k), CodeForceConflict, map[string]any{"id": id},
				"project %q is forbidden but mandatory or forced, directly or as a prerequisite", id)
		}
	}
	if err := checkForcedSet(inst, t.index, t.budget, t.in, len(opts.Force) > 0); err != nil {
		return nil, err
	}
	return t, nil
}

// markIDs sets mark for every id, or reports the first unknown one.
func (t *task) markIDs(field string, ids []string, mark []bool) error {
	for k, id := range ids {
		i, ok := t.index[id]
		if !ok {
			return inputErr(fmt.Sprintf("%s[%d]", field, k), CodeUnknownID, map[string]any{"id": id},
				"%q is not a project", id)
		}
		mark[i] = true
	}
	return nil
}

// scaleBudget multiplies budgets by scale (0 means 1), rounding down.
func scaleBudget(budget []int64, scale float64) ([]int64, error) {
	if scale == 0 {
		return append([]int64(nil), budget...), nil
	}
	if math.IsNaN(scale) || scale < 0 || scale > 1e6 {
		return nil, inputErr("budget_scale", CodeBudgetScale, map[string]any{"value": scale},
			"budget scale must be between 0 and 1000000, got %g", scale)
	}
	out := make([]int64, len(budget))
	for t, b := range budget {
		out[t] = int64(math.Floor(float64(b)*scale + 1e-9))
	}
	return out, nil
}
