package optimizecli

import (
	"context"

	"github.com/samstyr/samstyr/internal/optimize"
)

// solve parses and solves the instance, adding the frontier and the
// explanation when asked for. The time limit applies to each part.
func solve(data []byte, f solveFlags) (*optimize.Report, error) {
	inst, err := optimize.ParseInstance(data)
	if err != nil {
		return nil, err
	}
	return optimize.SolveReport(context.Background(), inst, optimize.Options{TimeLimit: f.timeLimit}, f.frontier, f.explain)
}
