package portfolio

import (
	"slices"
	"testing"

	"github.com/samstyr/samstyr/internal/optimize"
)

func TestCompareAndOrder(t *testing.T) {
	cand := func(id string, benefit int64, mandatory string) *Candidate {
		return &Candidate{ID: id, Title: id, Benefit: benefit, Mandatory: mandatory}
	}
	a := &Scenario{Live: &Live{Years: []int64{2027, 2028}, Candidates: []*Candidate{cand("p", 0, "running"), cand("x", 50, ""), cand("y", 70, "")}},
		Result: &optimize.Report{Selected: []string{"y", "p", "x"}, CostPerYear: []int64{10, 20}}}
	b := &Scenario{Live: &Live{Years: []int64{2028, 2029}, Candidates: []*Candidate{cand("p", 0, "running"), cand("x", 50, ""), cand("z", 80, "")}},
		Result: &optimize.Report{Selected: []string{"p", "z"}, CostPerYear: []int64{5, 6}}}
	var order []string
	for _, c := range a.Order() {
		order = append(order, c.ID)
	}
	if !slices.Equal(order, []string{"p", "y", "x"}) {
		t.Errorf("order %v, want the mandatory p first, then by benefit", order)
	}
	c := CompareScenarios(a, b)
	ids := func(cs []*Candidate) (out []string) {
		for _, c := range cs {
			out = append(out, c.ID)
		}
		return out
	}
	if !slices.Equal(ids(c.Both), []string{"p"}) || !slices.Equal(ids(c.OnlyA), []string{"y", "x"}) || !slices.Equal(ids(c.OnlyB), []string{"z"}) {
		t.Errorf("both %v only a %v only b %v", ids(c.Both), ids(c.OnlyA), ids(c.OnlyB))
	}
	if !slices.Equal(c.Years, []int64{2027, 2028, 2029}) || !slices.Equal(c.CostA, []int64{10, 20, 0}) || !slices.Equal(c.CostB, []int64{0, 5, 6}) {
		t.Errorf("years %v cost a %v cost b %v", c.Years, c.CostA, c.CostB)
	}
}
