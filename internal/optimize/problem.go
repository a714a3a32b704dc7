package optimize

// problem is an instance in index form, restricted to the projects that are
// still undecided. Projects decided "in" are folded into base and budget.
type problem struct {
	n, years int
	benefit  []int64
	cost     []int64 // cost[i*years+t]
	budget   []int64 // remaining budget per year
	pre, dep [][]int32
	groups   [][]int32
	groupsOf [][]int32
	orig     []int32 // index of each project in the instance
	fixedIn  []int32 // instance indices of the projects decided in
	base     int64   // benefit of the projects decided in
}

// newProblem builds the full index form of a validated instance, with the
// budgets given (normally inst.Budget, scaled for a frontier).
func newProblem(inst *Instance, index map[string]int, budget []int64) *problem {
	n, years := len(inst.Projects), inst.Years
	p := &problem{n: n, years: years, budget: append([]int64(nil), budget...)}
	p.benefit = make([]int64, n)
	p.cost = make([]int64, n*years)
	p.orig = make([]int32, n)
	for i, pr := range inst.Projects {
		p.benefit[i] = pr.Benefit
		copy(p.cost[i*years:], pr.Cost)
		p.orig[i] = int32(i)
	}
	p.pre = prereqIndices(inst, index)
	for _, g := range inst.ExclusiveGroups {
		ids := make([]int32, len(g))
		for k, id := range g {
			ids[k] = int32(index[id])
		}
		p.groups = append(p.groups, ids)
	}
	p.link()
	return p
}

// link derives dep and groupsOf from pre and groups.
func (p *problem) link() {
	p.dep = make([][]int32, p.n)
	for i, ps := range p.pre {
		for _, q := range ps {
			p.dep[q] = append(p.dep[q], int32(i))
		}
	}
	p.groupsOf = make([][]int32, p.n)
	for g, members := range p.groups {
		for _, i := range members {
			p.groupsOf[i] = append(p.groupsOf[i], int32(g))
		}
	}
}

// restrict returns the problem over the projects with val −1, folding the
// projects with val 1 into base and budget. val must be closed under the
// fixer's propagation, so that dropped precedence and group rows are
// satisfied by every completion.
func (p *problem) restrict(val []int8) *problem {
	q := &problem{years: p.years, budget: append([]int64(nil), p.budget...), base: p.base}
	q.fixedIn = append([]int32(nil), p.fixedIn...)
	newIdx := make([]int32, p.n)
	for i := range p.n {
		newIdx[i] = -1
		switch val[i] {
		case 1:
			q.fixedIn = append(q.fixedIn, p.orig[i])
			q.base += p.benefit[i]
			for t := range p.years {
				q.budget[t] -= p.cost[i*p.years+t]
			}
		case -1:
			newIdx[i] = int32(q.n)
			q.n++
			q.benefit = append(q.benefit, p.benefit[i])
			q.cost = append(q.cost, p.cost[i*p.years:(i+1)*p.years]...)
			q.orig = append(q.orig, p.orig[i])
		}
	}
	q.pre = make([][]int32, q.n)
	for i := range p.n {
		if newIdx[i] < 0 {
			continue
		}
		for _, j := range p.pre[i] {
			if newIdx[j] >= 0 {
				q.pre[newIdx[i]] = append(q.pre[newIdx[i]], newIdx[j])
			}
		}
	}
	for _, g := range p.groups {
		var members []int32
		for _, i := range g {
			if newIdx[i] >= 0 {
				members = append(members, newIdx[i])
			}
		}
		if len(members) >= 2 {
			q.groups = append(q.groups, members)
		}
	}
	q.link()
	return q
}

// fixer decides projects in (1) or out (0) together with everything that
// follows logically: a project in brings its prerequisites in and its
// exclusive-group mates out; a project out takes every project that needs it
// out. Changes are recorded on a trail so that they can be undone.
type fixer struct {
	p     *problem
	val   []int8
	trail []int32
	stack []int32
}

func newFixer(p *problem) *fixer {
	f := &fixer{p: p, val: make([]int8, p.n)}
	for i := range f.val {
		f.val[i] = -1
	}
	return f
}

// set fixes project i to v (0 or 1) and propagates; it returns false on a
// contradiction, leaving partial changes on the trail.
func (f *fixer) set(i int32, v int8) bool {
	if v == 0 {
		return f.setZero(i)
	}
	return f.setOne(i)
}

func (f *fixer) setOne(i int32) bool {
	ones := []int32{i}
	for len(ones) > 0 {
		v := ones[len(ones)-1]
		ones = ones[:len(ones)-1]
		switch f.val[v] {
		case 1:
			continue
		case 0:
			return false
		}
		f.val[v] = 1
		f.trail = append(f.trail, v)
		ones = append(ones, f.p.pre[v]...)
		for _, g := range f.p.groupsOf[v] {
			for _, m := range f.p.groups[g] {
				if m != v && !f.setZero(m) {
					return false
				}
			}
		}
	}
	return true
}

func (f *fixer) setZero(i int32) bool {
	f.stack = append(f.stack[:0], i)
	for len(f.stack) > 0 {
		v := f.stack[len(f.stack)-1]
		f.stack = f.stack[:len(f.stack)-1]
		switch f.val[v] {
		case 0:
			continue
		case 1:
			return false
		}
		f.val[v] = 0
		f.trail = append(f.trail, v)
		f.stack = append(f.stack, f.p.dep[v]...)
	}
	return true
}

// undo reverts every fixing made after the trail had length mark.
func (f *fixer) undo(mark int) {
	for _, v := range f.trail[mark:] {
		f.val[v] = -1
	}
	f.trail = f.trail[:mark]
}

// closure appends to out the undecided projects that choosing i brings in
// (i and its undecided transitive prerequisites), using mark as a scratch
// set that is cleared again before returning.
func (f *fixer) closure(i int32, mark []bool, out []int32) []int32 {
	start := len(out)
	if f.val[i] == -1 {
		out = append(out, i)
		mark[i] = true
	}
	for k := start; k < len(out); k++ {
		for _, q := range f.p.pre[out[k]] {
			if f.val[q] == -1 && !mark[q] {
				mark[q] = true
				out = append(out, q)
			}
		}
	}
	for _, v := range out[start:] {
		mark[v] = false
	}
	return out
}
