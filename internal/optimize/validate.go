package optimize

import (
	"fmt"
	"strings"
)

// Validate checks the instance and returns the first problem found as an
// *InputError, or nil. The checks run in a fixed order: format, years,
// budget, projects (ids, benefit, costs, prerequisites), prerequisite
// cycles, exclusive groups, and finally whether the mandatory projects with
// all their prerequisites can be chosen together at all.
func (inst *Instance) Validate() error {
	if err := inst.validateHeader(); err != nil {
		return err
	}
	index, err := inst.validateProjects()
	if err != nil {
		return err
	}
	if err := inst.validatePrerequisites(index); err != nil {
		return err
	}
	if err := inst.validateGroups(index); err != nil {
		return err
	}
	pre := prereqIndices(inst, index)
	mand := make([]bool, len(inst.Projects))
	for i, p := range inst.Projects {
		mand[i] = p.Mandatory
	}
	return checkForcedSet(inst, index, inst.Budget, closureOf(pre, mand), false)
}

func (inst *Instance) validateHeader() *InputError {
	if inst.Format != FormatV1 {
		return inputErr("format", CodeFormat, map[string]any{"want": FormatV1, "got": inst.Format},
			"format must be %q, got %q", FormatV1, inst.Format)
	}
	if inst.Years < 1 || inst.Years > MaxYears {
		return inputErr("years", CodeYears, map[string]any{"min": 1, "max": MaxYears, "got": inst.Years},
			"years must be between 1 and %d, got %d", MaxYears, inst.Years)
	}
	if len(inst.Budget) != inst.Years {
		return inputErr("budget", CodeBudgetLength, map[string]any{"want": inst.Years, "got": len(inst.Budget)},
			"budget must have one entry per year (%d), got %d", inst.Years, len(inst.Budget))
	}
	for t, b := range inst.Budget {
		if err := checkAmount(func() string { return fmt.Sprintf("budget[%d]", t) }, CodeBudgetNegative, "budget", t, b); err != nil {
			return err
		}
	}
	if len(inst.Projects) > MaxProjects {
		return inputErr("projects", CodeTooManyProjects, map[string]any{"max": MaxProjects, "got": len(inst.Projects)},
			"at most %d projects are allowed, got %d", MaxProjects, len(inst.Projects))
	}
	return nil
}

func badAmount(v int64) bool { return v < 0 || v > MaxValue }

// checkAmount rejects negative and too large money or benefit values. year
// is 0-based, or -1 for values that are not per year. field builds the
// JSON path, only when there is an error.
func checkAmount(field func() string, negCode, what string, year int, v int64) *InputError {
	if !badAmount(v) {
		return nil
	}
	args := map[string]any{"value": v}
	where := ""
	if year >= 0 {
		args["year"] = year + 1
		where = fmt.Sprintf(" in year %d", year+1)
	}
	if v < 0 {
		return inputErr(field(), negCode, args, "%s%s must not be negative, got %d", what, where, v)
	}
	args["max"] = int64(MaxValue)
	return inputErr(field(), CodeValueTooLarge, args, "%s%s must be at most %d, got %d", what, where, int64(MaxValue), v)
}

// validateProjects checks ids, benefits and costs and returns id → index.
func (inst *Instance) validateProjects() (map[string]int, *InputError) {
	index := make(map[string]int, len(inst.Projects))
	for i, p := range inst.Projects {
		path := func(suffix string) func() string {
			return func() string { return fmt.Sprintf("projects[%d]%s", i, suffix) }
		}
		if strings.TrimSpace(p.ID) == "" {
			return nil, inputErr(path(".id")(), CodeEmptyID, map[string]any{"index": i},
				"project %d has an empty id", i+1)
		}
		if j, dup := index[p.ID]; dup {
			return nil, inputErr(path(".id")(), CodeDuplicateID, map[string]any{"id": p.ID, "first": j},
				"id %q is used by projects %d and %d", p.ID, j+1, i+1)
		}
		index[p.ID] = i
		if badAmount(p.Benefit) {
			return nil, checkAmount(path(".benefit"), CodeBenefitNegative, "benefit of "+p.ID, -1, p.Benefit)
		}
		if len(p.Cost) != inst.Years {
			return nil, inputErr(path(".cost")(), CodeCostLength,
				map[string]any{"id": p.ID, "want": inst.Years, "got": len(p.Cost)},
				"project %q must have one cost per year (%d), got %d", p.ID, inst.Years, len(p.Cost))
		}
		for t, c := range p.Cost {
			if badAmount(c) {
				err := checkAmount(path(fmt.Sprintf(".cost[%d]", t)), CodeCostNegative, "cost of "+p.ID, t, c)
				err.Args["id"] = p.ID
				return nil, err
			}
		}
	}
	return index, nil
}

func (inst *Instance) validatePrerequisites(index map[string]int) *InputError {
	for i, p := range inst.Projects {
		for k, q := range p.Prerequisites {
			field := func() string { return fmt.Sprintf("projects[%d].prerequisites[%d]", i, k) }
			if _, ok := index[q]; !ok {
				return inputErr(field(), CodeUnknownID, map[string]any{"id": q, "project": p.ID},
					"prerequisite %q of project %q is not a project", q, p.ID)
			}
		}
		if k := firstDuplicate(p.Prerequisites); k >= 0 {
			q := p.Prerequisites[k]
			return inputErr(fmt.Sprintf("projects[%d].prerequisites[%d]", i, k), CodeDuplicatePrereq,
				map[string]any{"id": q, "project": p.ID},
				"prerequisite %q of project %q is listed twice", q, p.ID)
		}
	}
	if cycle := findCycle(inst, index); cycle != nil {
		first := index[cycle[0]]
		return inputErr(fmt.Sprintf("projects[%d].prerequisites", first), CodePrerequisiteCycle,
			map[string]any{"cycle": cycle},
			"prerequisites form a cycle: %s", strings.Join(cycle, " → "))
	}
	return nil
}

// findCycle returns the ids of one prerequisite cycle, first id repeated at
// the end, or nil when the prerequisite graph is acyclic. It walks projects
// in instance order with an iterative depth-first search.
func findCycle(inst *Instance, index map[string]int) []string {
	const (
		white = iota
		grey
		black
	)
	n := len(inst.Projects)
	color := make([]uint8, n)
	for s := range n {
		if color[s] != white {
			continue
		}
		stack := []dfsFrame{{s, 0}}
		color[s] = grey
		for len(stack) > 0 {
			top := &stack[len(stack)-1]
			pre := inst.Projects[top.node].Prerequisites
			if top.next == len(pre) {
				color[top.node] = black
				stack = stack[:len(stack)-1]
				continue
			}
			v := index[pre[top.next]]
			top.next++
			switch color[v] {
			case grey:
				return cyclePath(inst, stack, v)
			case white:
				color[v] = grey
				stack = append(stack, dfsFrame{v, 0})
			}
		}
	}
	return nil
}

// dfsFrame is one level of the iterative depth-first search in findCycle.
type dfsFrame struct{ node, next int }

func cyclePath(inst *Instance, stack []dfsFrame, v int) []string {
	var ids []string
	for k := len(stack) - 1; k >= 0; k-- {
		node := stack[k].node
		ids = append(ids, inst.Projects[node].ID)
		if node == v {
			break
		}
	}
	// ids runs from the deepest project back to v; reverse it so that each id
	// requires the next one, and close the cycle.
	for a, b := 0, len(ids)-1; a < b; a, b = a+1, b-1 {
		ids[a], ids[b] = ids[b], ids[a]
	}
	return append(ids, ids[0])
}

func (inst *Instance) validateGroups(index map[string]int) *InputError {
	for g, group := range inst.ExclusiveGroups {
		if len(group) == 0 {
			return inputErr(fmt.Sprintf("exclusive_groups[%d]", g), CodeGroupEmpty, map[string]any{"group": g + 1},
				"exclusive group %d is empty", g+1)
		}
		for k, id := range group {
			if _, ok := index[id]; !ok {
				return inputErr(fmt.Sprintf("exclusive_groups[%d][%d]", g, k), CodeUnknownID,
					map[string]any{"id": id, "group": g + 1},
					"exclusive group %d names %q, which is not a project", g+1, id)
			}
		}
		if k := firstDuplicate(group); k >= 0 {
			return inputErr(fmt.Sprintf("exclusive_groups[%d][%d]", g, k), CodeDuplicateGroupMember,
				map[string]any{"id": group[k], "group": g + 1},
				"exclusive group %d lists %q twice", g+1, group[k])
		}
	}
	return nil
}

// firstDuplicate returns the index of the first id that repeats an earlier
// one, or -1.
func firstDuplicate(ids []string) int {
	if len(ids) <= 16 {
		for k := range ids {
			for _, prev := range ids[:k] {
				if ids[k] == prev {
					return k
				}
			}
		}
		return -1
	}
	seen := make(map[string]bool, len(ids))
	for k, id := range ids {
		if seen[id] {
			return k
		}
		seen[id] = true
	}
	return -1
}

// prereqIndices converts prerequisite ids to indices. The instance must have
// passed validateProjects and validatePrerequisites.
func prereqIndices(inst *Instance, index map[string]int) [][]int32 {
	pre := make([][]int32, len(inst.Projects))
	for i, p := range inst.Projects {
		for _, q := range p.Prerequisites {
			pre[i] = append(pre[i], int32(index[q]))
		}
	}
	return pre
}

// closureOf returns the set marked in seed together with all transitive
// prerequisites.
func closureOf(pre [][]int32, seed []bool) []bool {
	in := make([]bool, len(pre))
	var stack []int32
	for i, s := range seed {
		if s && !in[i] {
			in[i] = true
			stack = append(stack, int32(i))
		}
	}
	for len(stack) > 0 {
		v := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		for _, q := range pre[v] {
			if !in[q] {
				in[q] = true
				stack = append(stack, q)
			}
		}
	}
	return in
}

// checkForcedSet reports whether the set `in` (mandatory or forced projects
// with their prerequisites) breaks an exclusive group or a budget. forced
// selects the codes used for Options.Force instead of mandatory projects.
func checkForcedSet(inst *Instance, index map[string]int, budget []int64, in []bool, forced bool) error {
	what, codeEx, codeBud := "mandatory projects", CodeMandatoryExclusive, CodeMandatoryInfeasible
	if forced {
		what, codeEx, codeBud = "mandatory and forced projects", CodeForceConflict, CodeForceInfeasible
	}
	for g, group := range inst.ExclusiveGroups {
		var hit []string
		for _, id := range group {
			if in[index[id]] {
				hit = append(hit, id)
			}
		}
		if len(hit) >= 2 {
			return inputErr(fmt.Sprintf("exclusive_groups[%d]", g), codeEx,
				map[string]any{"group": g + 1, "first": hit[0], "second": hit[1]},
				"%s with their prerequisites include both %q and %q of exclusive group %d",
				what, hit[0], hit[1], g+1)
		}
	}
	for t, b := range budget {
		var sum int64
		for i, p := range inst.Projects {
			if in[i] {
				sum += p.Cost[t]
			}
		}
		if sum > b {
			return inputErr(fmt.Sprintf("budget[%d]", t), codeBud,
				map[string]any{"year": t + 1, "cost": sum, "budget": b, "excess": sum - b},
				"%s with their prerequisites cost %d in year %d, which exceeds the budget %d by %d",
				what, sum, t+1, b, sum-b)
		}
	}
	return nil
}
