package optimize

import "math"

// lpStatus is the outcome of lp.solve.
type lpStatus int

const (
	lpOptimal lpStatus = iota
	lpInfeasible
	lpCutoff
	lpIterLimit
)

// ratioCand is a candidate of the dual ratio test: a structural column
// (j ≥ 0) or the slack of the row at W position −j−1.
type ratioCand struct {
	j     int32
	ratio float64
	absA  float64
}

// leaving identifies the basic variable chosen to leave: a structural column
// at F position b, or (b < 0) the slack of row r. sign is +1 when the
// variable is above its upper bound and −1 when below its lower bound.
type leaving struct {
	b     int
	r     int32
	sign  float64
	delta float64
}

// solve runs the dual simplex from the current (dual feasible) basis until
// the LP is optimal, proven infeasible, its dual bound falls below cutoff, or
// maxIter iterations have passed. red receives the Lagrangian profits of the
// last dual bound; the bound itself is returned.
func (l *lp) solve(cutoff float64, maxIter int, red []float64) (lpStatus, float64) {
	st, bound := l.run(cutoff, maxIter, red)
	l.iterLimited = st == lpIterLimit
	return st, bound
}

func (l *lp) run(cutoff float64, maxIter int, red []float64) (lpStatus, float64) {
	fresh := true
	for it := 0; ; it++ {
		if err := l.recompute(fresh); err != nil {
			l.reset()
			fresh = true
			continue
		}
		fresh = false
		lv, ok := l.price()
		if !ok {
			bound := l.dualBound(red)
			if bound < cutoff {
				return lpCutoff, bound
			}
			return lpOptimal, bound
		}
		if !math.IsInf(cutoff, -1) {
			if bound := l.dualBound(red); bound < cutoff {
				return lpCutoff, bound
			}
		}
		if it >= maxIter || (it%32 == 31 && l.stop != nil && l.stop()) {
			return lpIterLimit, l.dualBound(red)
		}
		l.iters++
		if !l.iterate(lv) {
			return lpInfeasible, math.Inf(-1)
		}
	}
}

// recompute factorises the basis and recomputes primal and dual values.
// When fresh (bounds may have changed), nonbasic columns are first moved to
// the bound their reduced cost prefers, which restores dual feasibility.
func (l *lp) recompute(fresh bool) error {
	if err := l.factor(); err != nil {
		return err
	}
	l.compute()
	if fresh && l.fixDualSigns() {
		l.compute()
	}
	return nil
}

// price picks the most infeasible basic variable (rows weighted by their
// norm); ok is false when the basis is primal feasible.
func (l *lp) price() (leaving, bool) {
	best := leaving{b: -1, r: -1}
	score := primalTol
	for b, j := range l.F {
		x := l.x[j]
		if x < l.lo[j]-primalTol && l.lo[j]-x > score {
			score, best = l.lo[j]-x, leaving{b: b, r: -1, sign: -1, delta: l.lo[j] - x}
		} else if x > l.up[j]+primalTol && x-l.up[j] > score {
			score, best = x-l.up[j], leaving{b: b, r: -1, sign: 1, delta: x - l.up[j]}
		}
	}
	for r := range l.m {
		if l.wPos[r] >= 0 {
			continue
		}
		viol := l.act[r] - l.rhs[r]
		if viol > primalTol && viol/l.rowNorm[r] > score {
			score, best = viol/l.rowNorm[r], leaving{b: -1, r: int32(r), sign: -1, delta: viol}
		}
	}
	return best, score > primalTol
}

// tableauRow fills l.alpha (structural columns) and l.alphaW (slacks of W
// rows) with the row of the simplex tableau of the leaving variable.
func (l *lp) tableauRow(lv leaving) {
	k := len(l.W)
	clear(l.alpha)
	l.alphaW = grow(l.alphaW, k)
	clear(l.sF[:k])
	if lv.b >= 0 {
		l.sF[lv.b] = 1
		l.lu.btran(l.sF, l.alphaW)
	} else {
		for e := l.rowStart[lv.r]; e < l.rowStart[lv.r+1]; e++ {
			j := l.rowIdx[e]
			if b := l.fPos[j]; b >= 0 {
				l.sF[b] = l.rowVal[e]
			}
			l.alpha[j] += l.rowVal[e]
		}
		l.lu.btran(l.sF, l.alphaW)
		for a := range k {
			l.alphaW[a] = -l.alphaW[a]
		}
	}
	// In both cases α_j = Σ_a alphaW[a]·A[W[a],j] (+ A[r,j] for a row).
	for a, r := range l.W {
		rho := l.alphaW[a]
		if rho == 0 {
			continue
		}
		for e := l.rowStart[r]; e < l.rowStart[r+1]; e++ {
			l.alpha[l.rowIdx[e]] += rho * l.rowVal[e]
		}
	}
}

// iterate performs one dual simplex iteration with the bound-flipping ratio
// test. It returns false when the LP is infeasible.
func (l *lp) iterate(lv leaving) bool {
	l.tableauRow(lv)
	l.collectCandidates(lv.sign)
	if len(l.cands) == 0 {
		return false
	}
	// Bound-flipping ratio test: pass breakpoints in ratio order (a heap,
	// since usually only a few are passed), flipping boxed columns while the
	// leaving variable stays infeasible.
	h := candHeap(l.cands)
	h.init()
	slope := lv.delta
	var flips []int32
	for len(h) > 0 {
		cd := h.pop()
		if cd.j >= 0 {
			slope -= cd.absA * (l.up[cd.j] - l.lo[cd.j])
			if slope > primalTol {
				flips = append(flips, cd.j)
				continue
			}
		}
		for _, j := range flips {
			l.flip(j)
		}
		l.pivot(lv, cd.j)
		return true
	}
	return false
}

// candHeap is a binary min-heap of ratio test candidates ordered by ratio,
// larger pivots first among equal ratios.
type candHeap []ratioCand

func (h candHeap) less(a, b int) bool {
	if h[a].ratio != h[b].ratio {
		return h[a].ratio < h[b].ratio
	}
	return h[a].absA > h[b].absA
}

func (h candHeap) init() {
	for i := len(h)/2 - 1; i >= 0; i-- {
		h.down(i)
	}
}

func (h *candHeap) pop() ratioCand {
	old := *h
	top := old[0]
	last := len(old) - 1
	old[0] = old[last]
	*h = old[:last]
	h.down(0)
	return top
}

func (h candHeap) down(i int) {
	for {
		c := 2*i + 1
		if c >= len(h) {
			return
		}
		if c+1 < len(h) && h.less(c+1, c) {
			c++
		}
		if !h.less(c, i) {
			return
		}
		h[i], h[c] = h[c], h[i]
		i = c
	}
}

// collectCandidates gathers the columns and W slacks that limit the dual
// step, with their ratios.
func (l *lp) collectCandidates(sign float64) {
	l.cands = l.cands[:0]
	for j := range l.n {
		if l.stat[j] == basic || l.lo[j] == l.up[j] {
			continue
		}
		a := sign * l.alpha[j]
		if l.stat[j] == atLower && a > pivotTol {
			l.cands = append(l.cands, ratioCand{int32(j), math.Max(l.d[j], 0) / a, a})
		} else if l.stat[j] == atUpper && a < -pivotTol {
			l.cands = append(l.cands, ratioCand{int32(j), math.Min(l.d[j], 0) / a, -a})
		}
	}
	for a, r := range l.W {
		if al := sign * l.alphaW[a]; al > pivotTol {
			l.cands = append(l.cands, ratioCand{int32(-a - 1), math.Max(-l.y[r], 0) / al, al})
		}
	}
}

func (l *lp) flip(j int32) {
	if l.stat[j] == atLower {
		l.moveNonbasic(j, atUpper)
	} else {
		l.moveNonbasic(j, atLower)
	}
}

// pivot exchanges the leaving variable with the entering one (a column
// q ≥ 0, or the slack of the W row at position −q−1).
func (l *lp) pivot(lv leaving, q int32) {
	switch {
	case lv.b >= 0 && q >= 0:
		p := l.F[lv.b]
		l.fPos[p] = -1
		l.F[lv.b], l.fPos[q] = q, int32(lv.b)
		l.leaveColumn(p, lv.sign)
		l.enterColumn(q)
	case lv.b >= 0:
		p := l.F[lv.b]
		l.F = removeAt(l.F, l.fPos, lv.b)
		l.W = removeAt(l.W, l.wPos, int(-q-1))
		l.leaveColumn(p, lv.sign)
	case q >= 0:
		l.wPos[lv.r], l.fPos[q] = int32(len(l.W)), int32(len(l.F))
		l.W, l.F = append(l.W, lv.r), append(l.F, q)
		l.enterColumn(q)
	default:
		a := int(-q - 1)
		l.wPos[l.W[a]] = -1
		l.W[a], l.wPos[lv.r] = lv.r, int32(a)
	}
}

// removeAt removes list[i] by moving the last element into its place and
// keeps pos (element → index, −1 when absent) up to date.
func removeAt(list, pos []int32, i int) []int32 {
	last := len(list) - 1
	pos[list[i]] = -1
	if i != last {
		list[i] = list[last]
		pos[list[i]] = int32(i)
	}
	return list[:last]
}

// leaveColumn makes the basic column p nonbasic at the bound it violated.
func (l *lp) leaveColumn(p int32, sign float64) {
	if sign > 0 {
		l.stat[p], l.x[p] = atUpper, l.up[p]
	} else {
		l.stat[p], l.x[p] = atLower, l.lo[p]
	}
	l.addColumn(p, l.x[p])
}

// enterColumn makes the nonbasic column q basic.
func (l *lp) enterColumn(q int32) {
	l.addColumn(q, -l.x[q])
	l.stat[q] = basic
}
