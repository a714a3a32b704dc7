package optimize

import (
	"cmp"
	"slices"
)

// packer builds feasible selections of a problem greedily: a project is
// added together with its unselected prerequisites when the whole bundle
// fits every remaining budget, breaks no exclusive group and contains no
// project decided out.
type packer struct {
	p         *problem
	fx        *fixer
	sel       []bool
	left      []int64
	groupUsed []bool
	mark      []bool
	buf       []int32
	touched   []int32
	value     int64
}

func newPacker(p *problem, fx *fixer) *packer {
	return &packer{
		p: p, fx: fx,
		sel:       make([]bool, p.n),
		left:      make([]int64, p.years),
		groupUsed: make([]bool, len(p.groups)),
		mark:      make([]bool, p.n),
	}
}

// reset empties the selection and then adds every project decided in.
func (k *packer) reset() {
	clear(k.sel)
	clear(k.groupUsed)
	copy(k.left, k.p.budget)
	k.value = 0
	for i, v := range k.fx.val {
		if v == 1 {
			k.add(int32(i))
		}
	}
}

// tryAdd adds i with its missing prerequisites if that stays feasible.
func (k *packer) tryAdd(i int32) bool {
	if k.sel[i] || k.fx.val[i] == 0 {
		return k.sel[i]
	}
	k.buf = k.bundle(i, k.buf[:0])
	if k.buf == nil {
		return false
	}
	for t := range k.p.years {
		var sum int64
		for _, v := range k.buf {
			sum += k.p.cost[int(v)*k.p.years+t]
		}
		if sum > k.left[t] {
			return false
		}
	}
	if !k.claimGroups(k.buf) {
		return false
	}
	for _, v := range k.buf {
		k.take(v)
	}
	return true
}

// bundle returns i with its unselected transitive prerequisites, or nil if
// one of them is decided out.
func (k *packer) bundle(i int32, out []int32) []int32 {
	out = append(out, i)
	k.mark[i] = true
	bad := false
	for n := 0; n < len(out); n++ {
		for _, q := range k.p.pre[out[n]] {
			if k.sel[q] || k.mark[q] {
				continue
			}
			if k.fx.val[q] == 0 {
				bad = true
			}
			k.mark[q] = true
			out = append(out, q)
		}
	}
	for _, v := range out {
		k.mark[v] = false
	}
	if bad {
		return nil
	}
	return out
}

// claimGroups marks the exclusive groups of items as used, or marks nothing
// and returns false if one is already used (also by another item in items).
func (k *packer) claimGroups(items []int32) bool {
	k.touched = k.touched[:0]
	for _, v := range items {
		for _, g := range k.p.groupsOf[v] {
			if k.groupUsed[g] {
				for _, h := range k.touched {
					k.groupUsed[h] = false
				}
				return false
			}
			k.groupUsed[g] = true
			k.touched = append(k.touched, g)
		}
	}
	return true
}

// add selects i and its prerequisites without checks (used for projects
// decided in, which are feasible together by construction).
func (k *packer) add(i int32) {
	if k.sel[i] {
		return
	}
	for _, v := range k.bundle(i, k.buf[:0]) {
		k.take(v)
		for _, g := range k.p.groupsOf[v] {
			k.groupUsed[g] = true
		}
	}
}

func (k *packer) take(v int32) {
	k.sel[v] = true
	k.value += k.p.benefit[v]
	for t := range k.p.years {
		k.left[t] -= k.p.cost[int(v)*k.p.years+t]
	}
}

// drop deselects v (the caller keeps prerequisites consistent).
func (k *packer) drop(v int32) {
	k.sel[v] = false
	k.value -= k.p.benefit[v]
	for t := range k.p.years {
		k.left[t] += k.p.cost[int(v)*k.p.years+t]
	}
	for _, g := range k.p.groupsOf[v] {
		k.groupUsed[g] = false
	}
}

// fill tries to add every project in order.
func (k *packer) fill(order []int32) {
	for _, i := range order {
		k.tryAdd(i)
	}
}

// efficiencyOrder ranks projects by the benefit of their prerequisite
// closure per unit of closure cost, each year's cost weighted by weight[t]
// (for instance 1/budget, or LP dual prices).
func efficiencyOrder(p *problem, fx *fixer, weight []float64) []int32 {
	score := make([]float64, p.n)
	mark := make([]bool, p.n)
	var buf []int32
	for i := range int32(p.n) {
		buf = fx.closure(i, mark, buf[:0])
		var b int64
		w := 1e-12
		for _, v := range buf {
			b += p.benefit[v]
			for t := range p.years {
				w += weight[t] * float64(p.cost[int(v)*p.years+t])
			}
		}
		score[i] = float64(b) / w
	}
	order := make([]int32, p.n)
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortStableFunc(order, func(a, b int32) int { return cmp.Compare(score[b], score[a]) })
	return order
}

// budgetWeights returns 1/budget per year (budgets of 0 get a large weight).
func budgetWeights(p *problem) []float64 {
	w := make([]float64, p.years)
	for t, b := range p.budget {
		w[t] = 1 / float64(max(b, 1))
	}
	return w
}
