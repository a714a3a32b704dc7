package portfolio

import (
	"context"
	"slices"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/samstyr/samstyr/internal/errs"
	"github.com/samstyr/samstyr/internal/governance"
	"github.com/samstyr/samstyr/internal/policy"
)

// EffectSetPriorities is the decision of the user council or the
// strategic council on a case linking a scenario: the scenario is adopted
// (pointing at the decision) and its priority order is written onto the
// candidates it covers.
const EffectSetPriorities = "set_priorities"

// Scenario states.
const (
	ScenarioDraft   = "draft"
	ScenarioAdopted = "adopted"
)

// ScenarioStore is the storage of the live instance and the scenarios
// (internal/store).
type ScenarioStore interface {
	// FindLiveFacts returns the ideas' needs, estimates and alternative
	// groups, and the projects' cross-project dependencies.
	FindLiveFacts(ctx context.Context) (map[int64]IdeaFacts, [][2]int64, error)
	FindScenarios(ctx context.Context) ([]*Scenario, error)
	// FindScenarioByID returns a scenario with its instance and result;
	// lock takes a row lock (PostgreSQL) for a read-modify-write.
	FindScenarioByID(ctx context.Context, id int64, lock bool) (*Scenario, error)
	CreateScenario(ctx context.Context, sc *Scenario) error
	// AdoptScenario marks a draft scenario adopted by the decision;
	// Conflict if it is no longer a draft.
	AdoptScenario(ctx context.Context, id, decisionID int64) error
	// SetPortfolioPriority writes a candidate's place in the order (0:
	// none) onto its directive, project or idea.
	SetPortfolioPriority(ctx context.Context, kind string, id, priority int64) error
}

// Scenario is a saved run of the optimiser on the live portfolio: the
// frozen instance with its inputs and the result.
type Scenario struct {
	ID         int64                   `json:"id"`
	Name       string                  `json:"name"`
	FromYear   int64                   `json:"from_year"`
	Years      int64                   `json:"years"`
	Live       *Live                   `json:"live,omitempty"`
	Result     *Outcome                `json:"result,omitempty"`
	State      string                  `json:"state"`
	DecisionID int64                   `json:"decision_id,omitempty"`
	Decision   *governance.DecisionRef `json:"decision,omitempty"`
	CreatedBy  int64                   `json:"created_by,omitempty"`
	Creator    string                  `json:"created_by_name,omitempty"`
	CreatedAt  time.Time               `json:"created_at"`
	// Objective is the result's total benefit (in lists too).
	Objective int64 `json:"objective"`
}

// LiveRequest is the horizon of a live instance and, to save it, the
// scenario's name.
type LiveRequest struct {
	FromYear, Years int64
	Name            string
}

func (s *Service) scenarios() ScenarioStore { return s.store }

// Live builds the optimiser's instance from the live portfolio for the
// horizon. Errors: Unauthenticated, Forbidden, Invalid (from_year, years;
// a year without an approved frame).
func (s *Service) Live(ctx context.Context, a *policy.Actor, from, years int64) (*Live, error) {
	if err := policy.Check(a, policy.PortfolioScenarioView, policy.Resource{}); err != nil {
		return nil, err
	}
	return s.live(ctx, from, years)
}

func (s *Service) live(ctx context.Context, from, years int64) (*Live, error) {
	items, err := s.store.FindPortfolioItems(ctx, false)
	if err != nil {
		return nil, err
	}
	frames, err := s.store.FindBudgetFrames(ctx)
	if err != nil {
		return nil, err
	}
	ideas, deps, err := s.scenarios().FindLiveFacts(ctx)
	if err != nil {
		return nil, err
	}
	return BuildLive(LiveFacts{Items: items, Ideas: ideas, Frames: frames, ProjectDeps: deps}, from, years)
}

// SaveScenario builds the live instance, solves it under req and stores
// both as a named scenario. The caller holds a run slot (Begin). Errors:
// Unauthenticated, Forbidden, Invalid (name, from_year, years — a year
// without an approved frame —, the request); nothing is stored then.
func (s *Service) SaveScenario(ctx context.Context, a *policy.Actor, in LiveRequest, req Request) (*Scenario, error) {
	if err := policy.Check(a, policy.PortfolioScenarioSave, policy.Resource{}); err != nil {
		return nil, err
	}
	name := strings.TrimSpace(in.Name)
	if name == "" || utf8.RuneCountInString(name) > 200 {
		return nil, errs.InvalidField("name", "portfolio.scenario.error.name")
	}
	l, err := s.live(ctx, in.FromYear, in.Years)
	if err != nil {
		return nil, err
	}
	if err := checkSize(l.Instance); err != nil {
		return nil, err
	}
	out, err := s.Optimize(ctx, a, l.Instance, req)
	if err != nil {
		return nil, err
	}
	sc := &Scenario{Name: name, FromYear: in.FromYear, Years: in.Years, Live: l, Result: out, State: ScenarioDraft,
		CreatedBy: a.ID(), Objective: out.Objective}
	err = s.store.WithTx(ctx, func(ctx context.Context) error {
		if err := s.scenarios().CreateScenario(ctx, sc); err != nil {
			return err
		}
		return s.record(ctx, a, "portfolio_scenario.create", "portfolio_scenario", sc.ID, nil,
			map[string]any{"name": sc.Name, "from_year": sc.FromYear, "years": sc.Years, "objective": out.Objective, "selected": out.Selected})
	})
	return sc, err
}

// Scenarios lists the saved scenarios, newest first (without instance and
// result). Errors: Unauthenticated, Forbidden.
func (s *Service) Scenarios(ctx context.Context, a *policy.Actor) ([]*Scenario, error) {
	if err := policy.Check(a, policy.PortfolioScenarioView, policy.Resource{}); err != nil {
		return nil, err
	}
	return s.scenarios().FindScenarios(ctx)
}

// Scenario returns one scenario with its instance and result. Errors:
// Unauthenticated, Forbidden, NotFound.
func (s *Service) Scenario(ctx context.Context, a *policy.Actor, id int64) (*Scenario, error) {
	if err := policy.Check(a, policy.PortfolioScenarioView, policy.Resource{}); err != nil {
		return nil, err
	}
	return s.scenarios().FindScenarioByID(ctx, id, false)
}

// Comparison sets two scenarios side by side.
type Comparison struct {
	A, B               *Scenario
	Both, OnlyA, OnlyB []*Candidate
	// Years are the union of both horizons; CostA and CostB the selected
	// cost per year (kNOK), 0 outside a scenario's horizon.
	Years        []int64
	CostA, CostB []int64
}

// Compare returns the comparison of scenarios a and b. Errors:
// Unauthenticated, Forbidden, NotFound.
func (s *Service) Compare(ctx context.Context, ac *policy.Actor, a, b int64) (*Comparison, error) {
	sa, err := s.Scenario(ctx, ac, a)
	if err != nil {
		return nil, err
	}
	sb, err := s.Scenario(ctx, ac, b)
	if err != nil {
		return nil, err
	}
	return CompareScenarios(sa, sb), nil
}

// CompareScenarios puts the selections of a and b side by side: in both,
// only in a, only in b (each by benefit), and the cost per year.
func CompareScenarios(a, b *Scenario) *Comparison {
	c := &Comparison{A: a, B: b, Both: []*Candidate{}, OnlyA: []*Candidate{}, OnlyB: []*Candidate{}}
	inA, inB := map[string]bool{}, map[string]bool{}
	for _, id := range a.Result.Selected {
		inA[id] = true
	}
	for _, id := range b.Result.Selected {
		inB[id] = true
	}
	for _, x := range a.Live.Candidates {
		switch {
		case inA[x.ID] && inB[x.ID]:
			c.Both = append(c.Both, x)
		case inA[x.ID]:
			c.OnlyA = append(c.OnlyA, x)
		}
	}
	for _, x := range b.Live.Candidates {
		if inB[x.ID] && !inA[x.ID] {
			c.OnlyB = append(c.OnlyB, x)
		}
	}
	for _, l := range [][]*Candidate{c.Both, c.OnlyA, c.OnlyB} {
		sort.SliceStable(l, func(i, j int) bool { return l[i].Benefit > l[j].Benefit })
	}
	for _, y := range append(slices.Clone(a.Live.Years), b.Live.Years...) {
		if !slices.Contains(c.Years, y) {
			c.Years = append(c.Years, y)
		}
	}
	slices.Sort(c.Years)
	c.CostA, c.CostB = costByYear(a, c.Years), costByYear(b, c.Years)
	return c
}

func costByYear(s *Scenario, years []int64) []int64 {
	out := make([]int64, len(years))
	for i, y := range years {
		if j := slices.Index(s.Live.Years, y); j >= 0 && j < len(s.Result.CostPerYear) {
			out[i] = s.Result.CostPerYear[j]
		}
	}
	return out
}

// Order is the priority order a scenario sets: its selected candidates,
// the mandatory ones first, then by benefit (ties by id).
func (sc *Scenario) Order() []*Candidate {
	var out []*Candidate
	for _, id := range sc.Result.Selected {
		if c := sc.Live.Candidate(id); c != nil {
			out = append(out, c)
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if (a.Mandatory != "") != (b.Mandatory != "") {
			return a.Mandatory != ""
		}
		if a.Benefit != b.Benefit {
			return a.Benefit > b.Benefit
		}
		return a.ID < b.ID
	})
	return out
}

// SetPriorities is the set_priorities effect: each draft scenario linked
// is adopted by the decision and its order is written onto the
// candidates it covers (the selected ones numbered from 1, the others
// cleared to 0). It runs in the transaction recording the decision.
// Errors: Invalid (effects: not the user council or the strategic
// council), NotFound, Conflict (already adopted).
func (s *Service) SetPriorities(ctx context.Context, a *policy.Actor, ids []int64, ref governance.DecisionRef) error {
	return s.store.WithTx(ctx, func(ctx context.Context) error {
		k, err := s.store.BodyKind(ctx, ref.BodyID)
		if err != nil {
			return err
		}
		if k != policy.BodyStrategicCouncil && k != policy.BodyUserCouncil {
			return errs.InvalidField("effects", "portfolio.scenario.error.adopt_body")
		}
		for _, id := range ids {
			if err := s.adopt(ctx, a, id, ref); err != nil {
				return err
			}
		}
		return nil
	})
}

func (s *Service) adopt(ctx context.Context, a *policy.Actor, id int64, ref governance.DecisionRef) error {
	st := s.scenarios()
	sc, err := st.FindScenarioByID(ctx, id, true)
	if err != nil {
		return err
	}
	if sc.State != ScenarioDraft {
		return errs.E(errs.Conflict, "portfolio.scenario.error.adopted")
	}
	if err := st.AdoptScenario(ctx, id, ref.DecisionID); err != nil {
		return err
	}
	order := map[string]int64{}
	for i, c := range sc.Order() {
		order[c.ID] = int64(i + 1)
	}
	for _, c := range sc.Live.Candidates {
		if err := st.SetPortfolioPriority(ctx, c.Kind, c.RecordID, order[c.ID]); err != nil {
			return err
		}
	}
	return s.record(ctx, a, "portfolio_scenario.adopt", "portfolio_scenario", id, map[string]any{"state": ScenarioDraft},
		map[string]any{"state": ScenarioAdopted, "decision_id": ref.DecisionID, "decision": ref.String(), "priorities": order})
}

// ToYear is the last year of the scenario's horizon.
func (sc *Scenario) ToYear() int64 { return sc.FromYear + sc.Years - 1 }
