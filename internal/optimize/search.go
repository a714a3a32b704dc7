package optimize

import (
	"errors"
	"math"
)

// errInternal reports a selection that fails the final exact check, which
// would be a solver bug.
var errInternal = errors.New("optimize: internal error: selection violates a constraint")

// run solves the task. warm, when not nil, is a selection (instance
// indices) tried as the first incumbent.
func (t *task) run(stop *stopper, warm []bool) (*Result, error) {
	p0, err := t.prepare()
	if err != nil {
		return nil, err
	}
	inc := t.newIncumbent(p0)
	if warm != nil {
		t.offerWarm(p0, inc, warm)
	}
	s0 := newSearcher(p0, newFixer(p0), inc, stop, newPseudocosts(len(t.inst.Projects)))
	pk := newPacker(p0, s0.fx)
	pk.reset()
	pk.fill(efficiencyOrder(p0, s0.fx, budgetWeights(p0)))
	inc.offer(p0, pk.sel, pk.value)

	res := &Result{Budget: append([]int64(nil), t.budget...)}
	bound := t.branchAndBound(s0, res)
	return t.finish(res, inc, bound, stop.stopped)
}

// newIncumbent returns an incumbent holding the projects p0 decided in,
// which are feasible together.
func (t *task) newIncumbent(p0 *problem) *incumbent {
	inc := &incumbent{sel: make([]bool, len(t.inst.Projects)), val: -1, target: math.MinInt64, slack: t.slack()}
	inc.offer(p0, make([]bool, p0.n), 0)
	return inc
}

// slack is the floating-point allowance for LP bounds of the task.
func (t *task) slack() float64 {
	var total int64
	for _, p := range t.inst.Projects {
		total += p.Benefit
	}
	return boundSlack(total)
}

// prepare builds the index form, applies the task's decisions and presolve,
// and returns the problem over the projects left undecided.
func (t *task) prepare() (*problem, error) {
	full := newProblem(t.inst, t.index, t.budget)
	fx := newFixer(full)
	for i := range int32(full.n) {
		if (t.in[i] && !fx.setOne(i)) || (t.out[i] && !fx.setZero(i)) {
			return nil, errInternal // excluded by newTask's checks
		}
	}
	if !presolve(fx) {
		return nil, errInternal
	}
	return full.restrict(fx.val), nil
}

// branchAndBound solves the root LP of p0 and then searches in rounds of
// falling targets: first only for selections worth ⌊LP bound⌋, then
// ⌊LP bound⌋−1, −3, −7, …, until a round finds a selection worth its
// target or the target meets the incumbent. A high target makes reduced-cost
// fixing and pruning as strong as a near-optimal incumbent would. It returns
// an upper bound on the objective that is valid when the search is stopped.
func (t *task) branchAndBound(s0 *searcher, res *Result) float64 {
	inc, stop, p0 := s0.inc, s0.stop, s0.p
	iters := s0.lp.iters
	bound, ok := s0.solveLP()
	res.LPIterations += s0.lp.iters - iters
	res.Nodes++
	res.RootBound = bound + float64(p0.base)
	res.DualPrices = s0.lp.budgetPrices(p0.years)
	if !ok {
		return float64(inc.val)
	}
	if stop.stopped {
		return res.RootBound
	}
	s0.roundLP()
	ub := int64(math.Floor(res.RootBound + inc.slack))
	mark := len(s0.fx.trail)
	defer func() {
		s0.fx.undo(mark)
		inc.target = math.MinInt64
	}()
	for delta := int64(1); inc.val < ub; delta *= 2 {
		inc.target = max(ub-delta+1, inc.val+1)
		s0.fx.undo(mark)
		open := t.round(s0, bound, res)
		if stop.stopped {
			return min(float64(ub), max(float64(inc.target-1), open))
		}
		if inc.val >= inc.target {
			break
		}
		ub = inc.target - 1
	}
	return float64(inc.val)
}

// round fixes columns of the root problem by reduced cost against the
// current cutoff and runs branch and bound on what is left. It returns the
// best bound of the subtrees a stop left open.
func (t *task) round(s0 *searcher, bound float64, res *Result) float64 {
	p0 := s0.p
	cut := s0.inc.cutoff(p0)
	if bound < cut || !s0.fixByReducedCost(bound, cut) {
		return math.Inf(-1)
	}
	p1 := p0.restrict(s0.fx.val)
	s1 := newSearcher(p1, newFixer(p1), s0.inc, s0.stop, s0.ps)
	s1.node(branchInfo{j: -1})
	res.Nodes += s1.nodes
	res.LPIterations += s1.lp.iters
	if s1.nodes == 0 {
		return res.RootBound
	}
	return s1.openBound + float64(p1.base)
}

// offerWarm offers warm (instance indices) as incumbent if it is feasible
// for p0. Projects of warm that presolve decided out are dropped; the check
// afterwards catches any that something still needs.
func (t *task) offerWarm(p0 *problem, inc *incumbent, warm []bool) {
	for _, i := range p0.fixedIn {
		if !warm[i] {
			return
		}
	}
	sel := make([]bool, p0.n)
	var value int64
	for i := range p0.n {
		if sel[i] = warm[p0.orig[i]]; sel[i] {
			value += p0.benefit[i]
		}
	}
	if feasible(p0, sel) {
		inc.offer(p0, sel, value)
	}
}

// feasible checks sel against p's budgets, prerequisites and groups.
func feasible(p *problem, sel []bool) bool {
	for t := range p.years {
		var sum int64
		for i, s := range sel {
			if s {
				sum += p.cost[i*p.years+t]
			}
		}
		if sum > p.budget[t] {
			return false
		}
	}
	for i, s := range sel {
		for _, q := range p.pre[i] {
			if s && !sel[q] {
				return false
			}
		}
	}
	for _, g := range p.groups {
		n := 0
		for _, i := range g {
			if sel[i] {
				n++
			}
		}
		if n > 1 {
			return false
		}
	}
	return true
}

// finish fills the result from the incumbent after an exact check.
func (t *task) finish(res *Result, inc *incumbent, bound float64, stopped bool) (*Result, error) {
	if err := checkSelection(t.inst, inc.sel, t.budget, t.in, t.out); err != nil {
		return nil, errors.Join(errInternal, err)
	}
	res.CostPerYear = make([]int64, t.inst.Years)
	for i, p := range t.inst.Projects {
		if !inc.sel[i] {
			continue
		}
		res.Selected = append(res.Selected, p.ID)
		res.Objective += p.Benefit
		for y, c := range p.Cost {
			res.CostPerYear[y] += c
		}
	}
	res.Bound = res.Objective
	res.Optimal = !stopped
	if stopped {
		res.Bound = max(res.Objective, int64(math.Floor(bound+inc.slack)))
	}
	res.Gap = float64(res.Bound-res.Objective) / float64(max(1, res.Bound))
	return res, nil
}
