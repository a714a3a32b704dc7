package optimize

import (
	"context"
	"encoding/csv"
	"os"
	"path/filepath"
	"strconv"
	"testing"
)

// referenceOptima reads testdata/portfolio/expected.csv.
func referenceOptima(t *testing.T) map[string]int64 {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", "portfolio", "expected.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	out := make(map[string]int64)
	for _, row := range rows[1:] {
		v, err := strconv.ParseInt(row[3], 10, 64)
		if err != nil {
			t.Fatal(err)
		}
		out[row[0]] = v
	}
	return out
}

func loadInstance(t testing.TB, path string) *Instance {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	inst, err := ParseInstance(data)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return inst
}

func TestReferenceInstances(t *testing.T) {
	for name, want := range referenceOptima(t) {
		t.Run(name, func(t *testing.T) {
			inst := loadInstance(t, filepath.Join("testdata", "portfolio", name+".json"))
			res, err := Solve(context.Background(), inst, Options{})
			if err != nil {
				t.Fatal(err)
			}
			t.Logf("obj %d bound %d root %.2f nodes %d iters %d %.3fs", res.Objective, res.Bound, res.RootBound, res.Nodes, res.LPIterations, res.Seconds)
			if !res.Optimal || res.Objective != want {
				t.Errorf("objective %d optimal %v, want %d", res.Objective, res.Optimal, want)
			}
			checkResult(t, inst, res)
		})
	}
}

// checkResult verifies a result independently of the solver.
func checkResult(t *testing.T, inst *Instance, res *Result) {
	t.Helper()
	scaled := *inst
	scaled.Budget = res.Budget
	if err := Check(&scaled, res.Selected); err != nil {
		t.Fatalf("infeasible selection: %v", err)
	}
	byID := make(map[string]Project)
	for _, p := range inst.Projects {
		byID[p.ID] = p
	}
	var sum int64
	cost := make([]int64, inst.Years)
	for _, id := range res.Selected {
		sum += byID[id].Benefit
		for y, c := range byID[id].Cost {
			cost[y] += c
		}
	}
	if sum != res.Objective {
		t.Errorf("objective %d, sum of benefits %d", res.Objective, sum)
	}
	for y := range cost {
		if cost[y] != res.CostPerYear[y] {
			t.Errorf("cost year %d: %d, result says %d", y+1, cost[y], res.CostPerYear[y])
		}
	}
	if res.Bound < res.Objective || res.Gap < 0 {
		t.Errorf("bound %d objective %d gap %g", res.Bound, res.Objective, res.Gap)
	}
}
