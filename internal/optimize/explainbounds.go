package optimize

import (
	"cmp"
	"errors"
	"math"
	"slices"
)

// rootRelaxation is the LP relaxation of a task's presolved problem, with
// the Lagrangian profit −c_j − yᵀA_j of every column mapped to instance
// indices. Fixing a set S of columns away from their preferred bounds lowers
// the LP bound by at least Σ_{j∈S} |profit_j|, which bounds the optimum of
// the problem with S forbidden or forced.
type rootRelaxation struct {
	bound  float64
	profit []float64
	inLP   []bool
	prices []float64
	order  []int32 // instance projects by decreasing profit, then benefit
}

func solveRelaxation(root *searcher, inst *Instance) *rootRelaxation {
	n := len(inst.Projects)
	p0 := root.p
	b, _ := root.solveLP()
	rr := &rootRelaxation{
		bound: b + float64(p0.base), profit: make([]float64, n), inLP: make([]bool, n),
		prices: root.lp.budgetPrices(p0.years),
	}
	for j, i := range p0.orig {
		rr.profit[i], rr.inLP[i] = root.red[j], true
	}
	rr.order = make([]int32, n)
	for i := range rr.order {
		rr.order[i] = int32(i)
	}
	slices.SortStableFunc(rr.order, func(a, b int32) int {
		if c := cmp.Compare(rr.profit[b], rr.profit[a]); c != 0 {
			return c
		}
		return cmp.Compare(inst.Projects[b].Benefit, inst.Projects[a].Benefit)
	})
	return rr
}

// loss returns the LP bound lost by forcing the projects in ones to 1 and
// those in zeros to 0.
func (rr *rootRelaxation) loss(ones, zeros []int32) float64 {
	var s float64
	for _, i := range ones {
		if rr.inLP[i] {
			s += math.Max(0, -rr.profit[i])
		}
	}
	for _, i := range zeros {
		if rr.inLP[i] {
			s += math.Max(0, rr.profit[i])
		}
	}
	return s
}

func (e *explainer) selectedReason(i int32) SelectedReason {
	p := e.t.inst.Projects[i]
	r := SelectedReason{ID: p.ID, Benefit: p.Benefit, Source: "required"}
	if e.t.in[i] {
		r.Required, r.Exact = true, true
		return r
	}
	out := e.reach(i, e.full.dep)
	for _, d := range out[1:] {
		if e.sel[d] {
			r.AlsoOut = append(r.AlsoOut, e.t.inst.Projects[d].ID)
		}
	}
	ub := floorBound(e.lpRes.bound-e.lpRes.loss(nil, out), e.t.boundSlack)
	r.LossLow = max(0, e.obj-ub)
	r.LossHigh = max(r.LossLow, e.obj)
	if _, v := e.repaired(i, true); v >= 0 {
		r.LossHigh = max(r.LossLow, e.obj-v)
	}
	r.Exact = r.LossLow == r.LossHigh
	r.Source = sourceOf(r.Exact)
	return r
}

func (e *explainer) rejectedReason(j int32) RejectedReason {
	inst := e.t.inst
	p := inst.Projects[j]
	r := RejectedReason{ID: p.ID, Benefit: p.Benefit, ExtraBudget: make([]int64, inst.Years)}
	if e.t.out[j] {
		r.Blocked, r.Exact, r.Source = "forbidden", true, "blocked"
		return r
	}
	closure := e.reach(j, e.full.pre)
	for _, c := range closure {
		if !e.sel[c] {
			r.Missing = append(r.Missing, inst.Projects[c].ID)
			for y := range inst.Years {
				r.ExtraBudget[y] += inst.Projects[c].Cost[y]
			}
		}
	}
	for y := range inst.Years {
		r.ExtraBudget[y] = max(0, r.ExtraBudget[y]-e.out.Years[y].Slack)
	}
	if blocked := e.blocked(closure); blocked != "" {
		r.Blocked, r.Exact, r.Source = blocked, true, "blocked"
		return r
	}
	ub := floorBound(e.lpRes.bound-e.lpRes.loss(closure, e.pushedOut(closure)), e.t.boundSlack)
	r.DropLow = max(0, e.obj-ub)
	r.DropHigh = max(r.DropLow, e.obj)
	if _, v := e.repaired(j, false); v >= 0 {
		r.DropHigh = max(r.DropLow, e.obj-v)
	}
	r.Exact = r.DropLow == r.DropHigh
	r.Source = sourceOf(r.Exact)
	r.BenefitNeededLow, r.BenefitNeededHi = p.Benefit+r.DropLow, p.Benefit+r.DropHigh
	return r
}

func sourceOf(exact bool) string {
	if exact {
		return "bounds"
	}
	return "estimate"
}

// blocked tells why the projects of closure can never be chosen together
// with the required ones, or "".
func (e *explainer) blocked(closure []int32) string {
	in := slices.Clone(e.t.in)
	for _, c := range closure {
		in[c] = true
	}
	err := checkForcedSet(e.t.inst, e.t.index, e.t.budget, in, true)
	var ie *InputError
	if errors.As(err, &ie) {
		if ie.Code == CodeForceConflict {
			return "exclusive"
		}
		return "budget"
	}
	return ""
}

// pushedOut returns the projects that choosing all of closure takes out:
// exclusive-group mates and everything that needs them.
func (e *explainer) pushedOut(closure []int32) []int32 {
	fx := newFixer(e.full)
	for _, c := range closure {
		fx.setOne(c)
	}
	var out []int32
	for i, v := range fx.val {
		if v == 0 {
			out = append(out, int32(i))
		}
	}
	return out
}

// reach returns i followed by every project reachable from it along next
// (full.pre for prerequisites, full.dep for dependants).
func (e *explainer) reach(i int32, next [][]int32) []int32 {
	seen := map[int32]bool{i: true}
	out := []int32{i}
	for k := 0; k < len(out); k++ {
		for _, q := range next[out[k]] {
			if !seen[q] {
				seen[q] = true
				out = append(out, q)
			}
		}
	}
	return out
}

// repaired builds a good feasible selection with project i forbidden
// (forbid) or forced: the required projects, then as much of the current
// selection as still fits, then other projects, each in order of LP profit.
// It returns the selection (instance indices) and its value, or value −1
// when the decision contradicts the required projects.
func (e *explainer) repaired(i int32, forbid bool) ([]bool, int64) {
	fx := e.baseFixer()
	if fx == nil {
		return nil, -1
	}
	var ok bool
	if forbid {
		ok = fx.setZero(i)
	} else {
		ok = fx.setOne(i)
	}
	if !ok {
		return nil, -1
	}
	pk := e.packer
	pk.fx = fx
	pk.reset()
	// What is left of the selection keeps prerequisites and groups (the
	// fixer took out what the decision excludes); only budgets can break.
	for k, s := range e.sel {
		if s && fx.val[k] != 0 && !pk.sel[k] {
			pk.take(int32(k))
			pk.claimGroups([]int32{int32(k)})
		}
	}
	e.dropUntilFits(pk)
	pk.fill(e.fillOrder)
	return slices.Clone(pk.sel), pk.value
}

// dropUntilFits removes undecided projects, lowest LP profit first and
// with the chosen projects that need them, until every budget holds.
func (e *explainer) dropUntilFits(pk *packer) {
	over := func() bool {
		for _, l := range pk.left {
			if l < 0 {
				return true
			}
		}
		return false
	}
	order := e.lpRes.order
	for k := len(order) - 1; k >= 0 && over(); k-- {
		v := order[k]
		if !pk.sel[v] || pk.fx.val[v] != -1 {
			continue
		}
		for _, d := range e.reach(v, e.full.dep) {
			if pk.sel[d] {
				pk.drop(d)
			}
		}
	}
}

// fillCandidates bounds how many left-out projects a repair tries to add,
// best LP profit first; the rest rarely fit profitably.
const fillCandidates = 400

// baseFixer returns a fixer over the full problem holding the task's
// required and forbidden projects, copied from a cached one.
func (e *explainer) baseFixer() *fixer {
	if e.base == nil {
		e.base = newFixer(e.full)
		for k := range int32(e.full.n) {
			if (e.t.in[k] && !e.base.setOne(k)) || (e.t.out[k] && !e.base.setZero(k)) {
				return nil
			}
		}
		e.packer = newPacker(e.full, e.base)
		for _, k := range e.lpRes.order {
			if !e.sel[k] && len(e.fillOrder) < fillCandidates {
				e.fillOrder = append(e.fillOrder, k)
			}
		}
	}
	fx := &fixer{p: e.full, val: slices.Clone(e.base.val)}
	return fx
}
