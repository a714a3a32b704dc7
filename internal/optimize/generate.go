package optimize

import (
	"encoding/json"
	"fmt"
	"math"
	"slices"
)

// GenParams are the parameters of Generate. The JSON names match the
// "generator" object of the reference instances.
type GenParams struct {
	Seed              int64   `json:"seed"`
	N                 int     `json:"n"`
	T                 int     `json:"t"`
	PrereqDensity     float64 `json:"prereq_density"`
	ExclusiveGroups   int     `json:"exclusive_groups"`
	GroupSize         int     `json:"group_size"`
	BudgetTightness   float64 `json:"budget_tightness"`
	MandatoryFraction float64 `json:"mandatory_fraction"`
	MinCost           int64   `json:"min_cost"`
	MaxCost           int64   `json:"max_cost"`
}

// DefaultGenParams returns the parameters of most reference instances for
// n projects over t years: 1.5 prerequisites per project on average, one
// exclusive pair per 40 projects, budgets at 30 % of the total cost, 2 %
// mandatory projects and costs between 200 and 20000.
func DefaultGenParams(n, t int, seed int64) GenParams {
	return GenParams{
		Seed: seed, N: n, T: t, PrereqDensity: 1.5,
		ExclusiveGroups: int(math.Round(float64(n) / 40)), GroupSize: 2,
		BudgetTightness: 0.3, MandatoryFraction: 0.02, MinCost: 200, MaxCost: 20000,
	}
}

// Stem returns the file name stem used for reference instances, such as
// "pf-n500-t5-s7-k0.15-p1.5".
func (g GenParams) Stem() string {
	return fmt.Sprintf("pf-n%d-t%d-s%d-k%s-p%s", g.N, g.T, g.Seed, fmtParam(g.BudgetTightness), fmtParam(g.PrereqDensity))
}

func fmtParam(v float64) string {
	s := fmt.Sprintf("%g", v)
	if v == math.Trunc(v) {
		s += ".0"
	}
	return s
}

// Generate builds a deterministic instance of the same shape as the
// reference ones (the same seed and parameters always give the same
// instance):
//   - a base cost per project, log-uniform in [MinCost, MaxCost], spread
//     over the years as a ramp up, a ramp down or a hump, with noise,
//     each yearly cost clamped to [MinCost, MaxCost];
//   - benefit ≈ 15 + 70·(position of the mean cost on the log scale) plus
//     normal noise (sd 11), clamped to [1, 100], so dearer projects tend to
//     bring more;
//   - prerequisites along a hidden random order, so ids point both up and
//     down: about 35 % of projects have none, the others 1 + Poisson more,
//     chosen half uniformly and half by preferential attachment, which
//     creates a few hub projects many others need;
//   - disjoint exclusive groups of random projects, ids in ascending order;
//   - budget per year ⌊BudgetTightness × total cost of that year⌋;
//   - mandatory projects chosen at random among those that keep the
//     mandatory set (with prerequisites) feasible.
func Generate(g GenParams) *Instance {
	r := newRNG(uint64(g.Seed))
	inst := &Instance{
		Format: FormatV1, Name: fmt.Sprintf("pf-n%d-t%d-s%d", g.N, g.T, g.Seed),
		CostUnit: "kNOK", Years: g.T, ExclusiveGroups: [][]string{},
	}
	inst.Generator, _ = json.Marshal(g)
	for i := range g.N {
		p := Project{ID: fmt.Sprintf("p%d", i+1), Cost: genCosts(r, g)}
		p.Benefit = genBenefit(r, g, p.Cost)
		inst.Projects = append(inst.Projects, p)
	}
	genPrerequisites(r, g, inst)
	genGroups(r, g, inst)
	inst.Budget = make([]int64, g.T)
	for t := range g.T {
		var total int64
		for _, p := range inst.Projects {
			total += p.Cost[t]
		}
		inst.Budget[t] = int64(g.BudgetTightness * float64(total))
	}
	genMandatory(r, g, inst)
	return inst
}

func genCosts(r *rng, g GenParams) []int64 {
	lo, hi := float64(g.MinCost), float64(max(g.MaxCost, g.MinCost))
	base := lo * math.Pow(hi/lo, r.float())
	shape := r.intn(3)
	amp := 0.2 + 0.7*r.float()
	cost := make([]int64, g.T)
	for t := range g.T {
		s := 0.5
		if g.T > 1 {
			s = float64(t) / float64(g.T-1)
		}
		var f float64
		switch shape {
		case 0: // ramp up
			f = amp * (s - 0.5)
		case 1: // ramp down
			f = amp * (0.5 - s)
		default: // hump
			f = amp * (0.5 - 4*(s-0.5)*(s-0.5))
		}
		c := base * math.Exp(f+0.12*r.normal())
		cost[t] = int64(math.Round(math.Min(hi, math.Max(lo, c))))
	}
	return cost
}

func genBenefit(r *rng, g GenParams, cost []int64) int64 {
	var sum float64
	for _, c := range cost {
		sum += float64(c)
	}
	mean := sum / float64(len(cost))
	u := 0.5
	if g.MaxCost > g.MinCost {
		u = math.Log(mean/float64(g.MinCost)) / math.Log(float64(g.MaxCost)/float64(g.MinCost))
	}
	b := math.Round(15 + 70*u + 11*r.normal())
	return int64(math.Min(100, math.Max(1, b)))
}

// genPrerequisites draws an acyclic prerequisite graph along a hidden order.
func genPrerequisites(r *rng, g GenParams, inst *Instance) {
	n := g.N
	order := r.perm(n)
	const noPrereq = 0.35
	lambda := math.Max(0, g.PrereqDensity/(1-noPrereq)-1)
	var targets []int // one entry per edge, for preferential attachment
	for pos := 1; pos < n; pos++ {
		if r.float() < noPrereq {
			continue
		}
		k := min(1+r.poisson(lambda), pos)
		chosen := map[int]bool{}
		for tries := 0; len(chosen) < k && tries < 10*k; tries++ {
			var j int
			if len(targets) > 0 && r.float() < 0.5 {
				j = targets[r.intn(len(targets))]
			} else {
				j = order[r.intn(pos)]
			}
			chosen[j] = true
		}
		ids := make([]int, 0, len(chosen))
		for j := range chosen {
			ids = append(ids, j)
		}
		slices.Sort(ids)
		targets = append(targets, ids...)
		p := &inst.Projects[order[pos]]
		for _, j := range ids {
			p.Prerequisites = append(p.Prerequisites, inst.Projects[j].ID)
		}
	}
}

func genGroups(r *rng, g GenParams, inst *Instance) {
	size := max(g.GroupSize, 2)
	if g.ExclusiveGroups*size > g.N {
		return
	}
	pool := r.perm(g.N)
	for k := range g.ExclusiveGroups {
		members := slices.Clone(pool[k*size : (k+1)*size])
		slices.Sort(members)
		group := make([]string, size)
		for m, i := range members {
			group[m] = inst.Projects[i].ID
		}
		inst.ExclusiveGroups = append(inst.ExclusiveGroups, group)
	}
}

// genMandatory marks projects mandatory in random order, skipping any that
// would make the mandatory set infeasible.
func genMandatory(r *rng, g GenParams, inst *Instance) {
	want := int(math.Round(g.MandatoryFraction * float64(g.N)))
	for _, i := range r.perm(g.N) {
		if want == 0 {
			return
		}
		inst.Projects[i].Mandatory = true
		if inst.Validate() != nil {
			inst.Projects[i].Mandatory = false
			continue
		}
		want--
	}
}

// rng is a small deterministic generator (SplitMix64), so generated
// instances do not depend on the standard library's generators.
type rng struct{ s uint64 }

func newRNG(seed uint64) *rng { return &rng{s: seed} }

func (r *rng) next() uint64 {
	r.s += 0x9E3779B97F4A7C15
	z := r.s
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9
	z = (z ^ (z >> 27)) * 0x94D049BB133111EB
	return z ^ (z >> 31)
}

// float returns a uniform value in [0, 1).
func (r *rng) float() float64 { return float64(r.next()>>11) / (1 << 53) }

// intn returns a value in [0, n).
func (r *rng) intn(n int) int { return int(r.next() % uint64(n)) }

// normal returns a standard normal value (Box–Muller).
func (r *rng) normal() float64 {
	u := 1 - r.float()
	return math.Sqrt(-2*math.Log(u)) * math.Cos(2*math.Pi*r.float())
}

// poisson returns a Poisson value with mean lambda (Knuth's method).
func (r *rng) poisson(lambda float64) int {
	limit, k, p := math.Exp(-lambda), 0, r.float()
	for p > limit {
		k++
		p *= r.float()
	}
	return k
}

// perm returns a random permutation of 0..n−1 (Fisher–Yates).
func (r *rng) perm(n int) []int {
	p := make([]int, n)
	for i := range p {
		p[i] = i
	}
	for i := n - 1; i > 0; i-- {
		j := r.intn(i + 1)
		p[i], p[j] = p[j], p[i]
	}
	return p
}
