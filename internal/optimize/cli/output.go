package optimizecli

import (
	"context"

	"github.com/samstyr/samstyr/internal/optimize"
)

// output is the JSON object printed by "portfolio solve".
type output struct {
	Objective    int64                    `json:"objective"`
	Selected     []string                 `json:"selected"`
	CostPerYear  []int64                  `json:"cost_per_year"`
	Optimal      bool                     `json:"optimal"`
	Gap          float64                  `json:"gap"`
	Bound        int64                    `json:"bound"`
	Seconds      float64                  `json:"seconds"`
	Frontier     []optimize.FrontierPoint `json:"frontier,omitempty"`
	Explanations *optimize.Explanation    `json:"explanations,omitempty"`
}

// solve parses and solves the instance, adding the frontier and the
// explanation when asked for. The time limit applies to each part.
func solve(data []byte, f solveFlags) (*output, error) {
	inst, err := optimize.ParseInstance(data)
	if err != nil {
		return nil, err
	}
	ctx := context.Background()
	res, err := optimize.Solve(ctx, inst, optimize.Options{TimeLimit: f.timeLimit})
	if err != nil {
		return nil, err
	}
	out := &output{
		Objective: res.Objective, Selected: res.Selected, CostPerYear: res.CostPerYear,
		Optimal: res.Optimal, Gap: res.Gap, Bound: res.Bound, Seconds: res.Seconds,
	}
	if out.Selected == nil {
		out.Selected = []string{}
	}
	if f.frontier > 0 {
		out.Frontier, err = optimize.Frontier(ctx, inst, optimize.FrontierLevels(f.frontier),
			optimize.Options{TimeLimit: f.timeLimit})
		if err != nil {
			return nil, err
		}
	}
	if f.explain {
		out.Explanations, err = optimize.Explain(ctx, inst, res,
			optimize.ExplainOptions{Options: optimize.Options{TimeLimit: f.timeLimit}})
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}
