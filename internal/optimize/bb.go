package optimize

import (
	"cmp"
	"context"
	"errors"
	"math"
	"slices"
	"time"
)

// boundSlack returns the allowance for floating-point error in LP bounds
// of a problem whose benefits sum to total: a subtree is pruned when its
// bound is below incumbent + 1 − slack, which is safe because objective
// values are integers. Rounding errors of the bound grow with the benefits
// involved, hence the relative term.
func boundSlack(total int64) float64 {
	return 1e-6 + 1e-11*float64(total)
}

// incumbent is the best selection found, in instance indices, and the
// target of the current search round: only selections worth at least
// target are sought.
type incumbent struct {
	sel    []bool
	val    int64
	target int64
	slack  float64 // boundSlack of the instance
	// ub is a proven upper bound on the optimum; once val reaches it the
	// search is over.
	ub int64
}

// proven reports that the incumbent is optimal.
func (inc *incumbent) proven() bool { return inc.val >= inc.ub }

// offer records sel (a feasible selection of p's projects worth value on top
// of p.base) if it beats the incumbent.
func (inc *incumbent) offer(p *problem, sel []bool, value int64) bool {
	total := p.base + value
	if total <= inc.val {
		return false
	}
	clear(inc.sel)
	for _, i := range p.fixedIn {
		inc.sel[i] = true
	}
	for i, s := range sel {
		if s {
			inc.sel[p.orig[i]] = true
		}
	}
	inc.val = total
	return true
}

// cutoff is the smallest LP bound (relative to p.base) a subtree of p must
// have to possibly hold a selection better than the incumbent and worth at
// least the target.
func (inc *incumbent) cutoff(p *problem) float64 {
	return float64(max(inc.target, inc.val+1)-p.base) - inc.slack
}

// stopper tells the search when to give up: context cancelled or time out.
type stopper struct {
	ctx      context.Context
	deadline time.Time
	stopped  bool
	calls    int
}

// newStopper returns a stopper for ctx that also stops limit after start
// (never when limit is 0).
func newStopper(ctx context.Context, start time.Time, limit time.Duration) *stopper {
	s := &stopper{ctx: ctx}
	if limit > 0 {
		s.deadline = start.Add(limit)
	}
	return s
}

// until returns a stopper for the same context that stops at deadline d,
// or at s's own deadline when that comes first (zero d: s's deadline).
func (s *stopper) until(d time.Time) *stopper {
	c := &stopper{ctx: s.ctx, deadline: s.deadline}
	if !d.IsZero() && (c.deadline.IsZero() || d.Before(c.deadline)) {
		c.deadline = d
	}
	return c
}

func (s *stopper) check() bool {
	if s.stopped {
		return true
	}
	s.calls++
	if s.ctx.Err() != nil || (!s.deadline.IsZero() && time.Now().After(s.deadline)) {
		s.stopped = true
	}
	return s.stopped
}

// reason says why s stopped: StoppedCancelled when the context was
// cancelled (not by its own deadline), StoppedTimeLimit for a deadline, ""
// when it has not stopped.
func (s *stopper) reason() string {
	switch {
	case !s.stopped:
		return ""
	case errors.Is(s.ctx.Err(), context.Canceled):
		return StoppedCancelled
	}
	return StoppedTimeLimit
}

// searcher runs LP-based depth-first branch and bound on one problem.
type searcher struct {
	p         *problem
	fx        *fixer
	lp        *lp
	red       []float64
	synced    []int8
	pk        *packer
	inc       *incumbent
	stop      *stopper
	nodes     int64
	openBound float64 // best bound of subtrees left open by a stop
	order     []int32
	snap      lpSnapshot
	red2      []float64
	ps        *pseudocosts
	cands     []branchCand
}

func newSearcher(p *problem, fx *fixer, inc *incumbent, stop *stopper, ps *pseudocosts) *searcher {
	s := &searcher{p: p, fx: fx, inc: inc, stop: stop, ps: ps, openBound: math.Inf(-1)}
	s.lp = buildLP(p)
	// Through s.stop, so that a searcher reused with another stopper (the
	// explainer's root) polls the new one.
	s.lp.stop = func() bool { return s.stop.check() }
	s.red = make([]float64, p.n)
	s.red2 = make([]float64, p.n)
	s.synced = make([]int8, p.n)
	for i := range s.synced {
		s.synced[i] = -1
	}
	s.pk = newPacker(p, fx)
	return s
}

// syncBounds copies the fixer's decisions into the LP's column bounds.
func (s *searcher) syncBounds() {
	for j, v := range s.fx.val {
		if s.synced[j] == v {
			continue
		}
		s.synced[j] = v
		switch v {
		case 0:
			s.lp.setBounds(j, 0, 0)
		case 1:
			s.lp.setBounds(j, 1, 1)
		default:
			s.lp.setBounds(j, 0, 1)
		}
	}
}

// solveLP solves the node LP under the fixer's decisions. ok is false when
// the node cannot hold a better selection.
func (s *searcher) solveLP() (bound float64, ok bool) {
	s.syncBounds()
	maxIter := 50*(s.lp.n+s.lp.m) + 1000
	st, bound := s.lp.solve(s.inc.cutoff(s.p), maxIter, s.red)
	switch st {
	case lpInfeasible, lpCutoff:
		return bound, false
	}
	return bound, true
}

// branchInfo describes the branching that created a node, so that the
// node's LP bound can update the pseudocosts.
type branchInfo struct {
	bound float64
	j     int32
	dir   int8
	dist  float64
}

// node explores the subtree under the current decisions.
func (s *searcher) node(from branchInfo) {
	if s.stop.check() || s.inc.proven() {
		return
	}
	s.nodes++
	mark := len(s.fx.trail)
	defer s.fx.undo(mark)
	bound, j, first, ok := s.evaluate(from)
	if !ok {
		return
	}
	x := s.lp.x[j]
	for _, v := range []int8{first, 1 - first} {
		m := len(s.fx.trail)
		if s.fx.set(j, v) {
			s.node(branchInfo{bound, j, v, math.Abs(float64(v) - x)})
		}
		s.fx.undo(m)
		if s.stop.stopped {
			s.openBound = math.Max(s.openBound, bound)
			return
		}
	}
}

// evaluate solves the node LP, improves the incumbent, fixes columns by
// reduced cost and picks the branching column, solving again whenever
// strong branching fixes a column. ok is false when the node needs no
// branching: pruned, integral, or stopped (then its bound is recorded).
func (s *searcher) evaluate(from branchInfo) (bound float64, j int32, first int8, ok bool) {
	for {
		bound, ok = s.solveLP()
		if from.j >= 0 && ok {
			s.ps.observe(s.p.orig[from.j], from.dir, from.bound-bound, from.dist)
		}
		from.j = -1
		if !ok {
			return bound, 0, 0, false
		}
		if s.stop.stopped {
			s.openBound = math.Max(s.openBound, bound)
			return bound, 0, 0, false
		}
		s.roundLP()
		cut := s.inc.cutoff(s.p)
		if s.inc.proven() || bound < cut || !s.fixByReducedCost(bound, cut) {
			return bound, 0, 0, false
		}
		var st branchStatus
		j, first, st = s.chooseBranch(bound)
		switch st {
		case branchOn:
			return bound, j, first, true
		case branchNone:
			return bound, 0, 0, false
		}
	}
}

// fixByReducedCost fixes every undecided column whose move away from its
// Lagrangian-preferred bound would drop the bound below cut. It returns
// false when the fixings contradict each other (no better selection here).
func (s *searcher) fixByReducedCost(bound, cut float64) bool {
	for j := range int32(s.p.n) {
		if s.fx.val[j] != -1 {
			continue
		}
		r := s.red[j]
		switch {
		case r > 0 && bound-r < cut:
			if !s.fx.setOne(j) {
				return false
			}
		case r < 0 && bound+r < cut:
			if !s.fx.setZero(j) {
				return false
			}
		}
	}
	return true
}

// roundLP rounds the LP solution down, fills it greedily in order of LP
// value and Lagrangian profit, and offers the result as incumbent.
func (s *searcher) roundLP() {
	s.order = s.order[:0]
	for j := range int32(s.p.n) {
		if s.fx.val[j] == -1 {
			s.order = append(s.order, j)
		}
	}
	x := s.lp.x
	slices.SortFunc(s.order, func(a, b int32) int {
		if c := cmp.Compare(x[b], x[a]); c != 0 {
			return c
		}
		return cmp.Compare(s.red[b], s.red[a])
	})
	s.pk.reset()
	for _, j := range s.order {
		if x[j] < 1-1e-6 {
			break
		}
		s.pk.tryAdd(j)
	}
	s.pk.fill(s.order)
	s.inc.offer(s.p, s.pk.sel, s.pk.value)
}
