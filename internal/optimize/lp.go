package optimize

import "math"

// Column states of the LP.
const (
	atLower int8 = iota
	atUpper
	basic
)

// Numerical tolerances of the simplex code. Rows are scaled so that their
// largest coefficient is 1, so absolute tolerances are meaningful.
const (
	primalTol = 1e-9
	dualTol   = 1e-9
	pivotTol  = 1e-9
)

// lp is the LP relaxation  min c·x  s.t.  A x ≤ rhs,  lo ≤ x ≤ up  with every
// column boxed. It is solved by a bounded dual simplex whose basis is kept
// implicitly: W is the working set of rows whose slack is nonbasic (tight
// rows) and F the set of basic structural columns, |W| = |F| = k. Every other
// row has a basic slack. Only the k×k matrix A[W,F] is inverted, so a
// portfolio LP with thousands of precedence rows costs O(k² + nnz(A)) per
// iteration with k small (budget rows, group rows and the precedence rows
// that tie fractional projects together).
type lp struct {
	n, m     int
	c        []float64
	lo, up   []float64
	rhs      []float64
	rowScale []float64 // original row = scaled row × rowScale
	rowNorm  []float64
	rowStart []int32
	rowIdx   []int32
	rowVal   []float64
	colStart []int32
	colIdx   []int32
	colVal   []float64

	stat    []int8
	x       []float64
	fPos    []int32 // column → position in F, or -1
	wPos    []int32 // row → position in W, or -1
	F, W    []int32
	lu      basisLU
	y       []float64 // row duals of the minimisation, zero outside W
	d       []float64 // reduced costs
	act     []float64 // row activities
	nb      []float64 // row activities of the nonbasic columns alone
	sinceNB int       // computes since nb was rebuilt from scratch
	iters   int64

	// M = A[W,F] by columns, rebuilt for every factorisation.
	mStart, mRow []int32
	mVal         []float64

	// stop, when set, is polled every few iterations; a true answer ends
	// solve with lpIterLimit.
	stop        func() bool
	iterLimited bool // the last solve ended without an optimal basis

	// scratch
	rw, u, v, sF, alpha, alphaW []float64
	cands                       []ratioCand
}

// newLP builds the LP from row lists. rows[r] holds (column, value) pairs;
// every row is scaled to a largest coefficient of 1.
func newLP(c []float64, rows [][]lpEntry, rhs []float64) *lp {
	n, m := len(c), len(rows)
	l := &lp{n: n, m: m, c: c, rhs: make([]float64, m), rowNorm: make([]float64, m), rowScale: make([]float64, m)}
	l.lo = make([]float64, n)
	l.up = make([]float64, n)
	colCount := make([]int32, n+1)
	l.rowStart = make([]int32, m+1)
	for r, row := range rows {
		scale := 0.0
		for _, e := range row {
			scale = math.Max(scale, math.Abs(e.val))
		}
		if scale == 0 {
			scale = 1
		}
		norm := 0.0
		for _, e := range row {
			v := e.val / scale
			l.rowIdx = append(l.rowIdx, e.col)
			l.rowVal = append(l.rowVal, v)
			colCount[e.col+1]++
			norm += v * v
		}
		l.rhs[r] = rhs[r] / scale
		l.rowScale[r] = scale
		l.rowNorm[r] = math.Sqrt(math.Max(norm, 1e-30))
		l.rowStart[r+1] = int32(len(l.rowIdx))
	}
	l.buildColumns(colCount)
	l.stat = make([]int8, n)
	l.x = make([]float64, n)
	l.fPos = make([]int32, n)
	l.wPos = make([]int32, m)
	l.y = make([]float64, m)
	l.d = make([]float64, n)
	l.act = make([]float64, m)
	l.nb = make([]float64, m)
	l.alpha = make([]float64, n)
	l.reset()
	return l
}

// lpEntry is one nonzero of a row.
type lpEntry struct {
	col int32
	val float64
}

func (l *lp) buildColumns(colCount []int32) {
	for j := 0; j < l.n; j++ {
		colCount[j+1] += colCount[j]
	}
	l.colStart = colCount
	l.colIdx = make([]int32, len(l.rowIdx))
	l.colVal = make([]float64, len(l.rowIdx))
	next := append([]int32(nil), colCount[:l.n]...)
	for r := 0; r < l.m; r++ {
		for e := l.rowStart[r]; e < l.rowStart[r+1]; e++ {
			j := l.rowIdx[e]
			l.colIdx[next[j]] = int32(r)
			l.colVal[next[j]] = l.rowVal[e]
			next[j]++
		}
	}
}

// reset drops the basis: every row slack basic, every column nonbasic at the
// bound its cost prefers. This basis is always dual feasible.
func (l *lp) reset() {
	for j := range l.n {
		l.fPos[j] = -1
		l.stat[j] = atLower
		if l.c[j] < 0 {
			l.stat[j] = atUpper
		}
		l.x[j] = l.boundOf(j)
	}
	for r := range l.m {
		l.wPos[r] = -1
	}
	l.F, l.W = l.F[:0], l.W[:0]
	l.refreshNB()
}

// refreshNB recomputes the nonbasic row activities from scratch.
func (l *lp) refreshNB() {
	clear(l.nb)
	for j := range l.n {
		if l.fPos[j] < 0 {
			l.addColumn(int32(j), l.x[j])
		}
	}
	l.sinceNB = 0
}

// addColumn adds v times column j to the nonbasic row activities.
func (l *lp) addColumn(j int32, v float64) {
	if v == 0 {
		return
	}
	for e := l.colStart[j]; e < l.colStart[j+1]; e++ {
		l.nb[l.colIdx[e]] += v * l.colVal[e]
	}
}

// moveNonbasic puts nonbasic column j at the bound given by st.
func (l *lp) moveNonbasic(j int32, st int8) {
	old := l.x[j]
	l.stat[j] = st
	l.x[j] = l.boundOf(int(j))
	l.addColumn(j, l.x[j]-old)
}

func (l *lp) boundOf(j int) float64 {
	if l.stat[j] == atUpper {
		return l.up[j]
	}
	return l.lo[j]
}

// setBounds changes the bounds of column j, keeping a nonbasic column on one
// of its bounds.
func (l *lp) setBounds(j int, lo, up float64) {
	l.lo[j], l.up[j] = lo, up
	if l.stat[j] != basic {
		l.moveNonbasic(int32(j), l.stat[j])
	}
}

// factor factorises the working basis A[W,F], built from the basic
// columns so that dense budget rows are not scanned.
func (l *lp) factor() error {
	l.mStart = append(l.mStart[:0], 0)
	l.mRow, l.mVal = l.mRow[:0], l.mVal[:0]
	for _, j := range l.F {
		for e := l.colStart[j]; e < l.colStart[j+1]; e++ {
			if a := l.wPos[l.colIdx[e]]; a >= 0 {
				l.mRow = append(l.mRow, a)
				l.mVal = append(l.mVal, l.colVal[e])
			}
		}
		l.mStart = append(l.mStart, int32(len(l.mRow)))
	}
	return l.lu.factor(len(l.W), l.mStart, l.mRow, l.mVal)
}

// compute recomputes the primal values of basic columns, the row
// activities, the duals and the reduced costs from the factorised basis.
func (l *lp) compute() {
	if l.sinceNB++; l.sinceNB > 100 {
		l.refreshNB()
	}
	k := len(l.W)
	l.rw = grow(l.rw, k)
	l.u = grow(l.u, k)
	l.v = grow(l.v, k)
	l.sF = grow(l.sF, k)
	for a, r := range l.W {
		l.rw[a] = l.rhs[r] - l.nb[r]
	}
	l.lu.ftran(l.rw, l.u)
	copy(l.act, l.nb)
	for b, j := range l.F {
		x := l.u[b]
		l.x[j] = x
		l.sF[b] = l.c[j]
		for e := l.colStart[j]; e < l.colStart[j+1]; e++ {
			l.act[l.colIdx[e]] += x * l.colVal[e]
		}
	}
	l.lu.btran(l.sF, l.v)
	clear(l.y)
	for a, r := range l.W {
		l.y[r] = l.v[a]
	}
	copy(l.d, l.c)
	for _, r := range l.W {
		yr := l.y[r]
		for e := l.rowStart[r]; e < l.rowStart[r+1]; e++ {
			l.d[l.rowIdx[e]] -= yr * l.rowVal[e]
		}
	}
	for _, j := range l.F {
		l.d[j] = 0
	}
}

// fixDualSigns moves nonbasic columns whose reduced cost prefers the other
// bound onto that bound; it reports whether anything moved.
func (l *lp) fixDualSigns() bool {
	moved := false
	for j := range l.n {
		if l.stat[j] == basic || l.lo[j] == l.up[j] {
			continue
		}
		if l.stat[j] == atLower && l.d[j] < -dualTol {
			l.moveNonbasic(int32(j), atUpper)
			moved = true
		} else if l.stat[j] == atUpper && l.d[j] > dualTol {
			l.moveNonbasic(int32(j), atLower)
			moved = true
		}
	}
	return moved
}

// dualBound returns an upper bound on max −c·x over the LP's feasible set
// that is valid for any duals: the Lagrangian bound with the row duals
// clipped to the right sign. At an optimal basis it equals the LP optimum.
// red receives the Lagrangian profit −c_j − yᵀA_j of every column.
func (l *lp) dualBound(red []float64) float64 {
	bound := 0.0
	clipped := false
	for _, r := range l.W {
		if yr := -l.y[r]; yr > 0 {
			bound += yr * l.rhs[r]
		} else if yr < 0 {
			clipped = true
		}
	}
	if clipped {
		for j := range l.n {
			red[j] = -l.c[j]
		}
		for _, r := range l.W {
			if yr := -l.y[r]; yr > 0 {
				for e := l.rowStart[r]; e < l.rowStart[r+1]; e++ {
					red[l.rowIdx[e]] -= yr * l.rowVal[e]
				}
			}
		}
	} else {
		// −d_j = −c_j − yᵀA_j, except for basic columns where d is zeroed.
		for j := range l.n {
			red[j] = -l.d[j]
		}
		for _, j := range l.F {
			red[j] = l.basicProfit(j)
		}
	}
	for j := range l.n {
		bound += math.Max(red[j]*l.lo[j], red[j]*l.up[j])
	}
	return bound
}

// basicProfit returns −c_j − yᵀA_j for a basic column (zero up to rounding).
func (l *lp) basicProfit(j int32) float64 {
	v := -l.c[j]
	for e := l.colStart[j]; e < l.colStart[j+1]; e++ {
		v += l.y[l.colIdx[e]] * l.colVal[e]
	}
	return v
}

// budgetPrices returns the dual prices of the first rows (the budget rows)
// in benefit per unscaled unit.
func (l *lp) budgetPrices(rows int) []float64 {
	out := make([]float64, rows)
	for r := range min(rows, l.m) {
		out[r] = math.Max(0, -l.y[r]) / l.rowScale[r]
	}
	return out
}

func grow(s []float64, n int) []float64 {
	if cap(s) < n {
		return make([]float64, n, 2*n)
	}
	return s[:n]
}
