package optimize

import (
	"context"
	"fmt"
	"math/rand/v2"
	"testing"
)

// randomSmall builds a random valid instance with n projects. Prerequisites
// point to lower indices after a random relabelling, so the graph is acyclic.
func randomSmall(r *rand.Rand, n, years int) *Instance {
	inst := &Instance{Format: FormatV1, Name: "small", Years: years, ExclusiveGroups: [][]string{}}
	perm := r.Perm(n)
	ids := make([]string, n)
	for i := range ids {
		ids[i] = fmt.Sprintf("p%d", i+1)
	}
	total := make([]int64, years)
	for i := range n {
		p := Project{ID: ids[i], Benefit: int64(r.IntN(30))}
		for t := range years {
			c := int64(r.IntN(20))
			p.Cost = append(p.Cost, c)
			total[t] += c
		}
		inst.Projects = append(inst.Projects, p)
	}
	// prerequisites along the hidden order perm
	for k := 1; k < n; k++ {
		i := perm[k]
		for range r.IntN(3) {
			j := perm[r.IntN(k)]
			dup := false
			for _, q := range inst.Projects[i].Prerequisites {
				dup = dup || q == ids[j]
			}
			if !dup && r.IntN(2) == 0 {
				inst.Projects[i].Prerequisites = append(inst.Projects[i].Prerequisites, ids[j])
			}
		}
	}
	for range r.IntN(4) {
		members := r.Perm(n)[:2+r.IntN(2)]
		var group []string
		for _, m := range members {
			group = append(group, ids[m])
		}
		inst.ExclusiveGroups = append(inst.ExclusiveGroups, group)
	}
	for t := range years {
		inst.Budget = append(inst.Budget, total[t]*int64(2+r.IntN(5))/10)
	}
	if r.IntN(3) == 0 {
		inst.Projects[r.IntN(n)].Mandatory = true
		if inst.Validate() != nil {
			for i := range inst.Projects {
				inst.Projects[i].Mandatory = false
			}
		}
	}
	return inst
}

// bruteForce returns the optimum by enumerating every subset as a bit
// mask, or -1 if nothing is feasible.
func bruteForce(inst *Instance, opts Options) int64 {
	t, err := newTask(inst, opts)
	if err != nil {
		return -1
	}
	n := len(inst.Projects)
	var inMask, outMask uint64
	preMask := make([]uint64, n)
	for i := range n {
		for _, q := range t.pre[i] {
			preMask[i] |= 1 << q
		}
		if t.in[i] {
			inMask |= 1 << i
		}
		if t.out[i] {
			outMask |= 1 << i
		}
	}
	var groups []uint64
	for _, g := range inst.ExclusiveGroups {
		var m uint64
		for _, id := range g {
			m |= 1 << t.index[id]
		}
		groups = append(groups, m)
	}
	best := int64(-1)
	for mask := uint64(0); mask < 1<<n; mask++ {
		if mask&inMask != inMask || mask&outMask != 0 || !maskFeasible(inst, t.budget, preMask, groups, mask) {
			continue
		}
		var v int64
		for i := range n {
			if mask&(1<<i) != 0 {
				v += inst.Projects[i].Benefit
			}
		}
		best = max(best, v)
	}
	return best
}

func maskFeasible(inst *Instance, budget []int64, preMask, groups []uint64, mask uint64) bool {
	for i, pm := range preMask {
		if mask&(1<<i) != 0 && pm&^mask != 0 {
			return false
		}
	}
	for _, g := range groups {
		if m := g & mask; m&(m-1) != 0 {
			return false
		}
	}
	for y, b := range budget {
		var sum int64
		for i, p := range inst.Projects {
			if mask&(1<<i) != 0 {
				sum += p.Cost[y]
			}
		}
		if sum > b {
			return false
		}
	}
	return true
}

func TestAgainstBruteForce(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for k := range 400 {
		n := 4 + r.IntN(11)
		if k%40 == 0 {
			n = 18
		}
		inst := randomSmall(r, n, 1+r.IntN(3))
		if k%7 == 0 {
			hugeValues(r, inst)
		}
		if err := inst.Validate(); err != nil {
			continue
		}
		opts := randomOptions(r, inst)
		want := bruteForce(inst, opts)
		res, err := Solve(context.Background(), inst, opts)
		if want < 0 {
			if err == nil {
				t.Fatalf("case %d: brute force finds no selection, Solve gives %d", k, res.Objective)
			}
			continue
		}
		if err != nil {
			t.Fatalf("case %d: %v", k, err)
		}
		if res.Objective != want || !res.Optimal || res.Bound != want {
			t.Fatalf("case %d (n=%d, %+v): objective %d bound %d, brute force %d\n%+v",
				k, n, opts, res.Objective, res.Bound, want, inst)
		}
		checkResult(t, inst, res)
	}
}

// randomOptions forces, forbids and scales the budget at random.
func randomOptions(r *rand.Rand, inst *Instance) Options {
	var opts Options
	n := len(inst.Projects)
	if r.IntN(3) == 0 {
		opts.Force = []string{inst.Projects[r.IntN(n)].ID}
	}
	if r.IntN(3) == 0 {
		opts.Forbid = []string{inst.Projects[r.IntN(n)].ID}
	}
	if r.IntN(4) == 0 {
		opts.BudgetScale = 0.5 + r.Float64()
	}
	return opts
}

// hugeValues scales benefits and costs close to the accepted maximum, so
// that floating-point error in the LP matters.
func hugeValues(r *rand.Rand, inst *Instance) {
	for i := range inst.Projects {
		p := &inst.Projects[i]
		p.Benefit = p.Benefit*10_000_000_000 + int64(r.IntN(1000))
		for t := range p.Cost {
			p.Cost[t] = p.Cost[t]*10_000_000_000 + int64(r.IntN(1000))
		}
	}
	for t := range inst.Budget {
		inst.Budget[t] *= 10_000_000_000
	}
}
