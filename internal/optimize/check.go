package optimize

import "fmt"

// Check verifies that selected (ids) is a feasible selection of the
// instance: known ids, every budget kept, every prerequisite of a chosen
// project chosen, at most one project per exclusive group, and every
// mandatory project chosen. The instance must be valid.
func Check(inst *Instance, selected []string) error {
	index := make(map[string]int, len(inst.Projects))
	for i, p := range inst.Projects {
		index[p.ID] = i
	}
	sel := make([]bool, len(inst.Projects))
	for _, id := range selected {
		i, ok := index[id]
		if !ok {
			return fmt.Errorf("selected id %q is not a project", id)
		}
		sel[i] = true
	}
	in := make([]bool, len(inst.Projects))
	for i, p := range inst.Projects {
		in[i] = p.Mandatory
	}
	return checkSelection(inst, sel, inst.Budget, in, nil)
}

// checkSelection checks sel against budget, prerequisites, groups, the
// projects that must be in (in) and those that must be out (out, may be nil).
func checkSelection(inst *Instance, sel []bool, budget []int64, in, out []bool) error {
	index := make(map[string]int, len(inst.Projects))
	for i, p := range inst.Projects {
		index[p.ID] = i
	}
	for t, b := range budget {
		var sum int64
		for i, p := range inst.Projects {
			if sel[i] {
				sum += p.Cost[t]
			}
		}
		if sum > b {
			return fmt.Errorf("year %d: cost %d exceeds budget %d", t+1, sum, b)
		}
	}
	for i, p := range inst.Projects {
		if in[i] && !sel[i] {
			return fmt.Errorf("required project %q is not selected", p.ID)
		}
		if out != nil && out[i] && sel[i] {
			return fmt.Errorf("forbidden project %q is selected", p.ID)
		}
		for _, q := range p.Prerequisites {
			if sel[i] && !sel[index[q]] {
				return fmt.Errorf("project %q is selected without its prerequisite %q", p.ID, q)
			}
		}
	}
	for g, group := range inst.ExclusiveGroups {
		n := 0
		for _, id := range group {
			if sel[index[id]] {
				n++
			}
		}
		if n > 1 {
			return fmt.Errorf("exclusive group %d has %d selected projects", g+1, n)
		}
	}
	return nil
}
