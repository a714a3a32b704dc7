package optimize

import (
	"context"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// TestExplainConsistency re-solves every explained project independently:
// an exact loss or drop must be what forbidding or forcing really costs,
// and every interval must contain it.
func TestExplainConsistency(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	insts := []*Instance{Generate(DefaultGenParams(40, 3, 11))}
	for range 6 {
		if inst := randomSmall(r, 8+r.IntN(8), 1+r.IntN(3)); inst.Validate() == nil {
			insts = append(insts, inst)
		}
	}
	ctx := context.Background()
	for _, inst := range insts {
		res, err := Solve(ctx, inst, Options{})
		if err != nil {
			t.Fatal(err)
		}
		for _, maxResolves := range []int{-1, 5, 1000} {
			ex, err := Explain(ctx, inst, res, ExplainOptions{MaxResolves: maxResolves})
			if err != nil {
				t.Fatal(err)
			}
			if len(ex.Selected)+len(ex.Rejected) != len(inst.Projects) || len(ex.Years) != inst.Years {
				t.Fatalf("explanation covers %d+%d projects, %d years", len(ex.Selected), len(ex.Rejected), len(ex.Years))
			}
			checkYears(t, inst, res, ex)
			exact := 0
			for _, s := range ex.Selected {
				checkSelectedReason(t, inst, res, s)
				exact += b2i(s.Exact)
			}
			for _, rj := range ex.Rejected {
				checkRejectedReason(t, inst, res, rj)
				exact += b2i(rj.Exact)
			}
			if maxResolves == 1000 && exact != len(inst.Projects) {
				t.Fatalf("%s: with unlimited re-solves only %d of %d values are exact", inst.Name, exact, len(inst.Projects))
			}
			if maxResolves < 0 && ex.Resolves != 0 || maxResolves == 5 && ex.Resolves > 5 {
				t.Fatalf("%d re-solves with MaxResolves %d", ex.Resolves, maxResolves)
			}
			t.Logf("%s (n=%d) max %d: %d exact, %d re-solves", inst.Name, len(inst.Projects), maxResolves, exact, ex.Resolves)
		}
	}
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

func checkYears(t *testing.T, inst *Instance, res *Result, ex *Explanation) {
	t.Helper()
	for y, u := range ex.Years {
		if u.Year != y+1 || u.Cost != res.CostPerYear[y] || u.Slack != inst.Budget[y]-u.Cost || u.DualPrice < 0 {
			t.Fatalf("year %d: %+v", y+1, u)
		}
	}
}

func checkSelectedReason(t *testing.T, inst *Instance, res *Result, s SelectedReason) {
	t.Helper()
	other, err := Solve(context.Background(), inst, Options{Forbid: []string{s.ID}})
	if s.Required {
		if err == nil {
			t.Fatalf("%s is required but forbidding it works", s.ID)
		}
		return
	}
	if err != nil {
		t.Fatal(err)
	}
	loss := res.Objective - other.Objective
	if loss < s.LossLow || loss > s.LossHigh || (s.Exact && s.LossLow != s.LossHigh) {
		t.Fatalf("%s: forbidding it costs %d, explanation says [%d, %d] exact %v (%s)",
			s.ID, loss, s.LossLow, s.LossHigh, s.Exact, s.Source)
	}
	for _, id := range s.AlsoOut {
		if slices.Contains(other.Selected, id) {
			t.Fatalf("%s: %s needs it but stays in", s.ID, id)
		}
	}
}

func checkRejectedReason(t *testing.T, inst *Instance, res *Result, rj RejectedReason) {
	t.Helper()
	other, err := Solve(context.Background(), inst, Options{Force: []string{rj.ID}})
	if rj.Blocked != "" {
		if err == nil {
			t.Fatalf("%s is blocked (%s) but forcing it works", rj.ID, rj.Blocked)
		}
		return
	}
	if err != nil {
		t.Fatal(err)
	}
	drop := res.Objective - other.Objective
	if drop < rj.DropLow || drop > rj.DropHigh || (rj.Exact && rj.DropLow != rj.DropHigh) {
		t.Fatalf("%s: forcing it costs %d, explanation says [%d, %d] exact %v (%s)",
			rj.ID, drop, rj.DropLow, rj.DropHigh, rj.Exact, rj.Source)
	}
	if rj.BenefitNeededLow != rj.Benefit+rj.DropLow || rj.BenefitNeededHi != rj.Benefit+rj.DropHigh {
		t.Fatalf("%s: benefit needed %d..%d", rj.ID, rj.BenefitNeededLow, rj.BenefitNeededHi)
	}
	// With the extra budget, it fits on top of the current selection.
	bigger := *inst
	bigger.Budget = slices.Clone(inst.Budget)
	for y := range bigger.Budget {
		bigger.Budget[y] += rj.ExtraBudget[y]
	}
	if err := Check(&bigger, append(slices.Clone(res.Selected), rj.Missing...)); err != nil && !exclusiveErr(err) {
		t.Fatalf("%s: with extra budget %v: %v", rj.ID, rj.ExtraBudget, err)
	}
}

// exclusiveErr reports a group violation, which extra budget cannot fix.
func exclusiveErr(err error) bool {
	return strings.Contains(err.Error(), "exclusive group")
}
