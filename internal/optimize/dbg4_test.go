package optimize

import (
	"context"
	"testing"
	"time"
)

func TestDbgHard(t *testing.T) {
	for _, g := range []GenParams{DefaultGenParams(2000, 3, 4), DefaultGenParams(500, 3, 4), DefaultGenParams(2000, 3, 5)} {
		inst := Generate(g)
		st := time.Now()
		res, _ := Solve(context.Background(), inst, Options{})
		t.Log(g.Stem(), res.Objective, res.RootBound, res.Nodes, res.LPIterations, time.Since(st))
	}
}
