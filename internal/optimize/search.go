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
	inc := &incumbent{sel: make([]bool, len(t.inst.Projects)), val: -1, target: math.MinInt64, slack: t.boundSlack, ub: math.MaxInt64}
	inc.offer(p0, make([]bool, p0.n), 0)
	return inc
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

// branchAndBound solves the root LP and then searches in rounds of
// falling targets: first only for selections worth ub = ⌊LP bound⌋, then,
// each time a round proves there is none, for ub − step + 1 with the new
// ub. A high target makes reduced-cost fixing and pruning as strong as a
// near-optimal incumbent would. Rounds whose target lies above the optimum
// are proofs that get dearer as the target falls; a target below the
// optimum is much dearer still, because pruning stays weak until the
// optimum is found. So the step is 1 for the first rounds and after an
// expensive one, and doubles only while rounds stay cheap (see nextStep).
// A round ends as soon as the incumbent reaches ub. It returns an upper
// bound on the objective that is valid when the search is stopped.
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
	mark := len(s0.fx.trail)
	defer func() {
		s0.fx.undo(mark)
		inc.target, inc.ub = math.MinInt64, math.MaxInt64
	}()
	inc.ub = int64(math.Floor(res.RootBound + inc.slack))
	for step, rounds := int64(1), 1; !inc.proven(); rounds++ {
		inc.target = max(inc.ub-step+1, inc.val+1)
		if rounds >= maxRounds {
			inc.target = inc.val + 1 // plain branch and bound
		}
		s0.fx.undo(mark)
		nodes := res.Nodes
		open := t.round(s0, bound, res)
		if stop.stopped {
			return min(float64(inc.ub), max(float64(inc.target-1), open))
		}
		if inc.val >= inc.target {
			break // the round searched everything at or above its target
		}
		inc.ub = inc.target - 1
		step = nextStep(step, res.Nodes-nodes, rounds)
	}
	return float64(inc.val)
}

// maxRounds bounds the number of target rounds; the last one searches for
// anything better than the incumbent. It matters only when benefits are
// so large that unit steps mean nothing.
const maxRounds = 16

// nextStep returns the next target step after a round that used nodes
// nodes without reaching its target.
func nextStep(step, nodes int64, rounds int) int64 {
	if rounds < stepLinear {
		return 1
	}
	if nodes > stepNodes {
		return 1
	}
	return 2 * step
}

// Target steps: the first stepLinear rounds lower the target by one (the
// optimum is usually within a few units of the LP bound); later rounds
// double the step while a round takes at most stepNodes nodes.
const (
	stepLinear = 6
	stepNodes  = 20
)

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
