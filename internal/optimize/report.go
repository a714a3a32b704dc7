package optimize

import "context"

// Report is the answer to "solve this instance" as samstyr gives it on the
// command line, in the API and on the page: the best selection, whether it
// is proven, and optionally the efficient frontier and explanations.
type Report struct {
	Objective    int64           `json:"objective"`
	Selected     []string        `json:"selected"`
	CostPerYear  []int64         `json:"cost_per_year"`
	Optimal      bool            `json:"optimal"`
	Gap          float64         `json:"gap"`
	Bound        int64           `json:"bound"`
	Seconds      float64         `json:"seconds"`
	Frontier     []FrontierPoint `json:"frontier,omitempty"`
	Explanations *Explanation    `json:"explanations,omitempty"`
}

// SolveReport solves inst and adds the frontier at frontier budget levels
// (none when 0) and the explanations when explain is set. The time limit of
// opts applies to each part.
func SolveReport(ctx context.Context, inst *Instance, opts Options, frontier int, explain bool) (*Report, error) {
	res, err := Solve(ctx, inst, opts)
	if err != nil {
		return nil, err
	}
	out := &Report{Objective: res.Objective, Selected: res.Selected, CostPerYear: res.CostPerYear, Optimal: res.Optimal,
		Gap: res.Gap, Bound: res.Bound, Seconds: res.Seconds}
	if out.Selected == nil {
		out.Selected = []string{}
	}
	if frontier > 0 {
		if out.Frontier, err = Frontier(ctx, inst, FrontierLevels(frontier), opts); err != nil {
			return nil, err
		}
	}
	if explain {
		if out.Explanations, err = Explain(ctx, inst, res, ExplainOptions{Options: opts}); err != nil {
			return nil, err
		}
	}
	return out, nil
}
