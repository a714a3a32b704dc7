package optimize

import (
	"math"
	"slices"
)

// lpSnapshot is a saved basis of an lp.
type lpSnapshot struct {
	W, F []int32
	stat []int8
	x    []float64
	nb   []float64
}

func (l *lp) save(s *lpSnapshot) {
	s.W = append(s.W[:0], l.W...)
	s.F = append(s.F[:0], l.F...)
	s.stat = append(s.stat[:0], l.stat...)
	s.x = append(s.x[:0], l.x...)
	s.nb = append(s.nb[:0], l.nb...)
}

func (l *lp) restore(s *lpSnapshot) {
	for _, r := range l.W {
		l.wPos[r] = -1
	}
	for _, j := range l.F {
		l.fPos[j] = -1
	}
	l.W = append(l.W[:0], s.W...)
	l.F = append(l.F[:0], s.F...)
	for a, r := range l.W {
		l.wPos[r] = int32(a)
	}
	for b, j := range l.F {
		l.fPos[j] = int32(b)
	}
	copy(l.stat, s.stat)
	copy(l.x, s.x)
	copy(l.nb, s.nb)
}

// Reliability branching parameters: a column's pseudocosts are trusted
// after reliable observations in each direction; otherwise its branches are
// tried (strong branching) for at most strongIters dual simplex iterations,
// and strong branching stops after lookahead tries without a better score.
const (
	reliable    = 4
	strongIters = 40
	lookahead   = 4
)

// pseudocosts keeps, per instance project, the observed bound loss per
// unit of change when a branch fixes it down (0) or up (1).
type pseudocosts struct {
	sum [2][]float64
	cnt [2][]int32
	// totals over all projects, for the mean
	total [2]float64
	count [2]int32
}

func newPseudocosts(n int) *pseudocosts {
	ps := &pseudocosts{}
	for d := range 2 {
		ps.sum[d] = make([]float64, n)
		ps.cnt[d] = make([]int32, n)
	}
	return ps
}

// observe records a bound loss of loss for moving project i by dist in
// direction d.
func (ps *pseudocosts) observe(i int32, d int8, loss, dist float64) {
	if dist < 1e-9 || math.IsNaN(loss) || math.IsInf(loss, 0) {
		return
	}
	v := math.Max(loss, 0) / dist
	ps.sum[d][i] += v
	ps.cnt[d][i]++
	ps.total[d] += v
	ps.count[d]++
}

// unit returns the mean loss per unit for project i in direction d, or
// fallback when nothing was observed.
func (ps *pseudocosts) unit(i int32, d int8, fallback float64) float64 {
	if ps.cnt[d][i] == 0 {
		return fallback
	}
	return ps.sum[d][i] / float64(ps.cnt[d][i])
}

// mean returns the mean unit loss over all observations in direction d.
func (ps *pseudocosts) mean(d int8) float64 {
	if ps.count[d] == 0 {
		return 1
	}
	return ps.total[d] / float64(ps.count[d])
}

func branchScore(down, up float64) float64 {
	return math.Max(down, 1e-6) * math.Max(up, 1e-6)
}

type branchCand struct {
	j     int32
	x     float64
	prior float64
}

// branchStatus is the outcome of chooseBranch.
type branchStatus int

const (
	branchOn    branchStatus = iota // branch on the column returned
	branchFixed                     // a column was fixed: solve the node again
	branchNone                      // nothing to branch on: integral, or no side left
)

// chooseBranch picks the column to branch on by reliability branching and
// the value to try first. When a strong-branching trial proves one side of
// a column empty, the column is fixed to the other side (branchFixed), or
// the node is empty if that fails too (branchNone). An integral LP solution
// also gives branchNone.
func (s *searcher) chooseBranch(bound float64) (j int32, first int8, st branchStatus) {
	cands := s.branchCandidates()
	if len(cands) == 0 {
		return -1, 0, branchNone
	}
	s.lp.save(&s.snap)
	best, bestScore, sinceBest := cands[0], -1.0, 0
	var bestBnd [2]float64
	for _, c := range cands {
		i := s.p.orig[c.j]
		var bnd [2]float64
		var score float64
		if s.ps.cnt[0][i] >= reliable && s.ps.cnt[1][i] >= reliable {
			bnd[0] = bound - s.ps.unit(i, 0, 0)*c.x
			bnd[1] = bound - s.ps.unit(i, 1, 0)*(1-c.x)
		} else {
			if sinceBest >= lookahead {
				continue
			}
			for v := range int8(2) {
				b, alive := s.trial(c.j, v)
				if !alive {
					s.lp.restore(&s.snap)
					if !s.fx.set(c.j, 1-v) {
						return -1, 0, branchNone
					}
					return c.j, 1 - v, branchFixed
				}
				bnd[v] = b
			}
			s.ps.observe(i, 0, bound-bnd[0], c.x)
			s.ps.observe(i, 1, bound-bnd[1], 1-c.x)
		}
		score = branchScore(bound-bnd[0], bound-bnd[1])
		sinceBest++
		if score > bestScore {
			best, bestScore, bestBnd, sinceBest = c, score, bnd, 0
		}
	}
	s.lp.restore(&s.snap)
	first = 0
	if bestBnd[1] > bestBnd[0] {
		first = 1
	}
	return best.j, first, branchOn
}

// branchCandidates returns the undecided fractional columns, most
// promising first by pseudocost (mean pseudocosts for unseen columns).
func (s *searcher) branchCandidates() []branchCand {
	m0, m1 := s.ps.mean(0), s.ps.mean(1)
	cands := s.cands[:0]
	for j := range int32(s.p.n) {
		if s.fx.val[j] != -1 {
			continue
		}
		x := s.lp.x[j]
		if math.Min(x, 1-x) <= 1e-6 {
			continue
		}
		i := s.p.orig[j]
		prior := branchScore(s.ps.unit(i, 0, m0)*x, s.ps.unit(i, 1, m1)*(1-x))
		cands = append(cands, branchCand{j, x, prior})
	}
	if len(cands) == 0 && s.lp.iterLimited {
		// The LP stopped at its iteration limit, so an integral-looking x
		// proves nothing: branch on any undecided column.
		for j := range int32(s.p.n) {
			if s.fx.val[j] == -1 {
				cands = append(cands, branchCand{j, s.lp.x[j], 0})
				break
			}
		}
	}
	slices.SortFunc(cands, func(a, b branchCand) int {
		if a.prior > b.prior {
			return -1
		}
		if a.prior < b.prior {
			return 1
		}
		return int(a.j - b.j)
	})
	s.cands = cands
	return cands
}

// trial solves the node LP with column j fixed to v; alive is false when
// that branch cannot hold a better selection.
func (s *searcher) trial(j int32, v int8) (float64, bool) {
	m := len(s.fx.trail)
	defer func() {
		s.fx.undo(m)
		s.syncBounds()
		s.lp.restore(&s.snap)
	}()
	if !s.fx.set(j, v) {
		return 0, false
	}
	s.syncBounds()
	st, b := s.lp.solve(s.inc.cutoff(s.p), strongIters, s.red2)
	if st == lpInfeasible || st == lpCutoff {
		return 0, false
	}
	return b, true
}
