package optimize

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

var long = flag.Bool("long", false, "also solve big generated instances (N up to 2000)")

func TestGenerateDeterministicAndValid(t *testing.T) {
	g := DefaultGenParams(300, 5, 17)
	a, _ := json.Marshal(Generate(g))
	b, _ := json.Marshal(Generate(g))
	if !bytes.Equal(a, b) {
		t.Fatal("same parameters gave different instances")
	}
	inst := Generate(g)
	if err := inst.Validate(); err != nil {
		t.Fatal(err)
	}
	var back GenParams
	if err := json.Unmarshal(inst.Generator, &back); err != nil || back != g {
		t.Fatalf("generator object %s", inst.Generator)
	}
	if g.Stem() != "pf-n300-t5-s17-k0.3-p1.5" || inst.Name != "pf-n300-t5-s17" {
		t.Fatalf("stem %q name %q", g.Stem(), inst.Name)
	}
}

// TestGenerateShape checks the features copied from the reference
// instances: costs within bounds, benefits 1..100 growing with cost,
// prerequisites pointing both to lower and higher ids, disjoint groups,
// 2 % mandatory projects and budgets at the tightness.
func TestGenerateShape(t *testing.T) {
	g := DefaultGenParams(1000, 3, 5)
	inst := Generate(g)
	index := map[string]int{}
	for i, p := range inst.Projects {
		index[p.ID] = i
	}
	var up, down, mandatory, edges int
	var cheap, dear, nCheap, nDear int64
	total := make([]int64, g.T)
	for i, p := range inst.Projects {
		for t0, c := range p.Cost {
			if c < g.MinCost || c > g.MaxCost {
				t.Fatalf("%s cost %d out of range", p.ID, c)
			}
			total[t0] += c
		}
		if p.Benefit < 1 || p.Benefit > 100 {
			t.Fatalf("%s benefit %d", p.ID, p.Benefit)
		}
		if p.Cost[0] < 1000 {
			cheap, nCheap = cheap+p.Benefit, nCheap+1
		} else if p.Cost[0] > 10000 {
			dear, nDear = dear+p.Benefit, nDear+1
		}
		for _, q := range p.Prerequisites {
			edges++
			if index[q] > i {
				up++
			} else {
				down++
			}
		}
		if p.Mandatory {
			mandatory++
		}
	}
	density := float64(edges) / float64(g.N)
	if up < edges/4 || down < edges/4 || density < 1.2 || density > 1.8 {
		t.Errorf("prerequisites: %d up, %d down, %.2f per project", up, down, density)
	}
	if cheap/nCheap+20 > dear/nDear {
		t.Errorf("mean benefit cheap %d vs dear %d", cheap/nCheap, dear/nDear)
	}
	if mandatory != 20 || len(inst.ExclusiveGroups) != 25 {
		t.Errorf("%d mandatory, %d groups", mandatory, len(inst.ExclusiveGroups))
	}
	for t0, b := range inst.Budget {
		if want := int64(0.3 * float64(total[t0])); b != want {
			t.Errorf("budget year %d = %d, want %d", t0+1, b, want)
		}
	}
}

func TestWriteLPGenerated(t *testing.T) {
	inst := Generate(DefaultGenParams(60, 3, 2))
	inst.Projects[0].ID = "1st project" // not a valid LP name
	inst.Projects[1].Benefit = 0
	var buf bytes.Buffer
	if err := WriteLP(&buf, inst); err != nil {
		t.Fatal(err)
	}
	lp := buf.String()
	for _, want := range []string{"Maximize\n", "Subject To\n", " budget_y3: ", "Binaries\n", "End\n", `\ x1 = "1st project"`, " mand_"} {
		if !strings.Contains(lp, want) {
			t.Errorf("LP lacks %q", want)
		}
	}
	for line := range strings.SplitSeq(lp, "\n") {
		if len(line) > lpLineWidth {
			t.Fatalf("line longer than %d: %q", lpLineWidth, line)
		}
	}
	objective := lp[strings.Index(lp, "Maximize"):strings.Index(lp, "Subject To")]
	if strings.Contains(lp, " 1st project") || slices.Contains(strings.Fields(objective), "p2") {
		t.Error("unsafe name or zero benefit term written")
	}
}

// TestGeneratedOptima solves generated instances and compares them with
// the optima CBC 2.10.8 proved for the same instances (written by the
// benchmark into testdata/generated-optima.csv). By default it covers
// N ≤ 200; with -long every size up to N = 2000.
func TestGeneratedOptima(t *testing.T) {
	f, err := os.Open(filepath.Join("testdata", "generated-optima.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	for _, row := range rows[1:] {
		n, _ := strconv.Atoi(row[1])
		years, _ := strconv.Atoi(row[2])
		seed, _ := strconv.ParseInt(row[3], 10, 64)
		want, _ := strconv.ParseInt(row[4], 10, 64)
		if n > 200 && !*long {
			continue
		}
		t.Run(row[0], func(t *testing.T) {
			g := DefaultGenParams(n, years, seed)
			if g.Stem() != row[0] {
				t.Fatalf("stem %q, want %q", g.Stem(), row[0])
			}
			inst := Generate(g)
			res, err := Solve(context.Background(), inst, Options{})
			if err != nil {
				t.Fatal(err)
			}
			if !res.Optimal || res.Objective != want || res.Bound != want {
				t.Fatalf("objective %d bound %d optimal %v, CBC proved %d", res.Objective, res.Bound, res.Optimal, want)
			}
			checkResult(t, inst, res)
		})
	}
}

// TestOtherShapes solves generated instances of shapes outside the
// default (tight and loose budgets, dense prerequisites, bigger groups,
// more mandatory projects) and checks them against brute force where that
// is possible.
func TestOtherShapes(t *testing.T) {
	for _, g := range []GenParams{
		{Seed: 1, N: 200, T: 3, PrereqDensity: 3, ExclusiveGroups: 10, GroupSize: 3, BudgetTightness: 0.15, MandatoryFraction: 0.05, MinCost: 200, MaxCost: 20000},
		{Seed: 2, N: 150, T: 5, PrereqDensity: 0.5, ExclusiveGroups: 0, GroupSize: 2, BudgetTightness: 0.6, MandatoryFraction: 0, MinCost: 1, MaxCost: 100},
		{Seed: 3, N: 16, T: 2, PrereqDensity: 2, ExclusiveGroups: 2, GroupSize: 3, BudgetTightness: 0.4, MandatoryFraction: 0.1, MinCost: 10, MaxCost: 1000},
	} {
		t.Run(g.Stem(), func(t *testing.T) {
			inst := Generate(g)
			res, err := Solve(context.Background(), inst, Options{})
			if err != nil {
				t.Fatal(err)
			}
			if !res.Optimal {
				t.Fatalf("not proven optimal")
			}
			checkResult(t, inst, res)
			if g.N <= 18 {
				if want := bruteForce(inst, Options{}); want != res.Objective {
					t.Fatalf("objective %d, brute force %d", res.Objective, want)
				}
			}
		})
	}
}
