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
	for range r.IntN(3) {
		a, b := r.IntN(n), r.IntN(n)
		if a != b {
			inst.ExclusiveGroups = append(inst.ExclusiveGroups, []string{ids[a], ids[b]})
		}
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

// bruteForce returns the optimum by enumeration, or -1 if infeasible.
func bruteForce(inst *Instance, opts Options) int64 {
	n := len(inst.Projects)
	t, err := newTask(inst, opts)
	if err != nil {
		return -1
	}
	best := int64(-1)
	sel := make([]bool, n)
	for mask := 0; mask < 1<<n; mask++ {
		var v int64
		for i := range n {
			sel[i] = mask&(1<<i) != 0
			if sel[i] {
				v += inst.Projects[i].Benefit
			}
		}
		if v > best && checkSelection(inst, sel, t.budget, t.in, t.out) == nil {
			best = v
		}
	}
	return best
}

func TestAgainstBruteForce(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for k := range 300 {
		n := 4 + r.IntN(11)
		inst := randomSmall(r, n, 1+r.IntN(3))
		if err := inst.Validate(); err != nil {
			continue
		}
		var opts Options
		if r.IntN(3) == 0 {
			opts.Force = []string{inst.Projects[r.IntN(n)].ID}
		}
		if r.IntN(3) == 0 {
			opts.Forbid = []string{inst.Projects[r.IntN(n)].ID}
		}
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
		if res.Objective != want || !res.Optimal {
			t.Fatalf("case %d (n=%d): objective %d, brute force %d\n%+v", k, n, res.Objective, want, inst)
		}
	}
}
