package optimize

// presolve fixes what can be decided before any search, on top of the
// decisions already in f: a project whose own prerequisite closure breaks a
// budget or holds two members of one exclusive group is out, and a project
// without benefit that no undecided project needs is out. It returns false
// if the decisions in f contradict each other.
func presolve(f *fixer) bool {
	p := f.p
	remaining := committedBudget(f)
	for _, b := range remaining {
		if b < 0 {
			return false
		}
	}
	mark := make([]bool, p.n)
	groupSeen := make([]bool, len(p.groups))
	var buf []int32
	for i := range int32(p.n) {
		if f.val[i] != -1 {
			continue
		}
		buf = f.closure(i, mark, buf[:0])
		if !closureFits(p, buf, remaining) || closureBreaksGroup(p, buf, groupSeen) {
			if !f.setZero(i) {
				return false
			}
		}
	}
	dropUseless(f)
	return true
}

// committedBudget returns the budget left per year after the projects fixed
// in.
func committedBudget(f *fixer) []int64 {
	p := f.p
	left := append([]int64(nil), p.budget...)
	for i, v := range f.val {
		if v == 1 {
			for t := range p.years {
				left[t] -= p.cost[i*p.years+t]
			}
		}
	}
	return left
}

func closureFits(p *problem, items []int32, left []int64) bool {
	for t := range p.years {
		var sum int64
		for _, v := range items {
			sum += p.cost[int(v)*p.years+t]
		}
		if sum > left[t] {
			return false
		}
	}
	return true
}

// closureBreaksGroup reports whether items hold two members of one group.
// seen is scratch space, cleared before returning.
func closureBreaksGroup(p *problem, items []int32, seen []bool) bool {
	broken := false
	var touched []int32
	for _, v := range items {
		for _, g := range p.groupsOf[v] {
			if seen[g] {
				broken = true
			}
			seen[g] = true
			touched = append(touched, g)
		}
	}
	for _, g := range touched {
		seen[g] = false
	}
	return broken
}

// dropUseless takes out undecided projects with zero benefit that no
// undecided project requires, repeating while new ones appear. Such a
// project never raises the objective and only uses budget.
func dropUseless(f *fixer) {
	p := f.p
	var queue []int32
	needed := func(i int32) bool {
		for _, d := range p.dep[i] {
			if f.val[d] != 0 {
				return true
			}
		}
		return false
	}
	for i := range int32(p.n) {
		if f.val[i] == -1 && p.benefit[i] == 0 && !needed(i) {
			queue = append(queue, i)
		}
	}
	for len(queue) > 0 {
		i := queue[len(queue)-1]
		queue = queue[:len(queue)-1]
		if f.val[i] != -1 || needed(i) {
			continue
		}
		f.setZero(i)
		for _, q := range p.pre[i] {
			if f.val[q] == -1 && p.benefit[q] == 0 && !needed(q) {
				queue = append(queue, q)
			}
		}
	}
}
