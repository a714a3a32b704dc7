package portfolio

import (
	"fmt"
	"math"
	"slices"
	"sort"
	"strconv"
	"time"

	"github.com/samstyr/samstyr/internal/errs"
	"github.com/samstyr/samstyr/internal/optimize"
)

// The optimiser on the live portfolio (issue 13, item 3). The candidates
// are the running projects (mandatory), the directives in draft or
// recommended, and the ideas and concepts without a directive. Each is
// one project of a portfolio-instance/v1 document:
//
//   - benefit: the sum over the idea's needs assessed in a round of the
//     need's score S = 100 · (Σ w_c·x_c + w_B·B) / W (the method's formula:
//     x_c the criterion score normalised to 0–1, B the backing score, W
//     the total weight; the mean over the assessors), rounded;
//   - cost per year (kNOK, rounded up): a directive's budget lines, a
//     project's approved budget, an idea's rough cost spread evenly over
//     its duration in whole years from the first year;
//   - prerequisites: a project whose plan depends on another project's
//     milestone needs that project;
//   - exclusive groups: ideas sharing an alternative group;
//   - mandatory: running projects, and items with a need whose legal
//     deadline falls in the horizon;
//   - budget per year: the approved frames, summed over the funding
//     sources (the instance has one budget per year).
//
// A candidate whose figures are missing is listed as excluded with the
// reason, never silently dropped.

// CostUnit is the unit of the live instance's costs and budgets.
const CostUnit = "kNOK"

// MaxHorizon is the longest planning horizon of a live instance.
const MaxHorizon = 10

// Reasons a candidate is left out of the live instance (i18n keys).
const (
	ExcludedNoNeeds    = "portfolio.live.excluded.no_needs"
	ExcludedNoCost     = "portfolio.live.excluded.no_cost"
	ExcludedNoDuration = "portfolio.live.excluded.no_duration"
	ExcludedNoBudget   = "portfolio.live.excluded.no_budget"
)

// NeedInput is one need behind a candidate: what its benefit is made of.
type NeedInput struct {
	ID            int64      `json:"id"`
	Title         string     `json:"title"`
	Rank          int64      `json:"rank"`  // in the latest round; 0: not assessed
	Score         float64    `json:"score"` // the method's score 0–100 (backing included)
	Backing       float64    `json:"backing"`
	LegalDeadline *time.Time `json:"legal_deadline,omitempty"`
}

// IdeaFacts are what the live instance needs about an idea beyond the
// overview's row.
type IdeaFacts struct {
	Needs            []NeedInput
	DurationMonths   int64
	EstimateNOK      int64
	AlternativeGroup string
}

// LiveFacts are the records the live instance is built from.
type LiveFacts struct {
	Items  []*Item             // the overview's rows (FindPortfolioItems)
	Ideas  map[int64]IdeaFacts // by idea id
	Frames []*Frame
	// ProjectDeps are pairs {project, depends on project} from the plans'
	// cross-project dependencies.
	ProjectDeps [][2]int64
}

// Candidate is one candidate of the live portfolio, with its inputs.
type Candidate struct {
	ID       string      `json:"id"` // the instance's project id: idea-3, directive-2, project-1
	Kind     string      `json:"kind"`
	RecordID int64       `json:"record_id"`
	IdeaID   int64       `json:"idea_id,omitempty"`
	Title    string      `json:"title"`
	StateKey string      `json:"state_key"`
	Path     string      `json:"path"`
	Needs    []NeedInput `json:"needs"`
	Benefit  int64       `json:"benefit"`
	CostNOK  []int64     `json:"cost_nok"` // per year of the horizon
	Cost     []int64     `json:"cost"`     // the same in kNOK, rounded up
	// EstimateNOK and DurationMonths are an idea's rough figures.
	EstimateNOK    int64    `json:"estimate_nok,omitempty"`
	DurationMonths int64    `json:"duration_months,omitempty"`
	Prerequisites  []string `json:"prerequisites,omitempty"`
	Group          string   `json:"alternative_group,omitempty"`
	// Mandatory says why it must be chosen: "running" or "legal_deadline".
	Mandatory string `json:"mandatory,omitempty"`
	// Excluded is the reason (an i18n key) it is not in the instance.
	Excluded string `json:"excluded,omitempty"`
}

// Live is the instance built from the live portfolio and its inputs.
type Live struct {
	FromYear   int64              `json:"from_year"`
	Years      []int64            `json:"years"`
	BudgetNOK  []int64            `json:"budget_nok"`
	Instance   *optimize.Instance `json:"instance"`
	Candidates []*Candidate       `json:"candidates"` // in the instance
	Excluded   []*Candidate       `json:"excluded"`
}

// Candidate returns the candidate with the instance id, or nil.
func (l *Live) Candidate(id string) *Candidate {
	for _, c := range l.Candidates {
		if c.ID == id {
			return c
		}
	}
	return nil
}

// IsRunning reports whether a project in state is running: it is a
// mandatory candidate.
func IsRunning(state string) bool { return state == "planning" || state == "executing" }

// BuildLive builds the instance for years from … from+years-1. Errors:
// Invalid (field from_year or years: outside 2000–2100 or 1–MaxHorizon;
// years: a year without an approved frame, naming the year).
func BuildLive(f LiveFacts, from, years int64) (*Live, error) {
	var v errs.Validation
	if from < 2000 || from > 2100 {
		v.Add("from_year", "portfolio.live.error.from_year")
	}
	if years < 1 || years > MaxHorizon {
		v.Add("years", "portfolio.live.error.years", "max", MaxHorizon)
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	l := &Live{FromYear: from, Candidates: []*Candidate{}, Excluded: []*Candidate{}}
	for y := from; y < from+years; y++ {
		var sum int64
		found := false
		for _, fr := range f.Frames {
			if fr.Year == y && fr.State == FrameApproved {
				sum, found = sum+fr.AmountNOK, true
			}
		}
		if !found {
			return nil, errs.InvalidField("years", "portfolio.live.error.no_frame", "year", strconv.FormatInt(y, 10))
		}
		l.Years, l.BudgetNOK = append(l.Years, y), append(l.BudgetNOK, sum)
	}
	for _, it := range f.Items {
		c := l.candidate(it, f.Ideas[it.IdeaID])
		if c == nil {
			continue
		}
		if c.Excluded != "" {
			l.Excluded = append(l.Excluded, c)
		} else {
			l.Candidates = append(l.Candidates, c)
		}
	}
	l.link(f.ProjectDeps)
	l.Instance = l.instance()
	return l, nil
}

// candidate makes the candidate of an overview row, or nil if the row is
// not a candidate (a project not running, a directive approved, rejected
// or being revised).
func (l *Live) candidate(it *Item, idea IdeaFacts) *Candidate {
	c := &Candidate{Kind: it.Kind, RecordID: it.ID, IdeaID: it.IdeaID, Title: it.Title, StateKey: it.StateKey, Path: it.Path,
		ID: it.Kind + "-" + strconv.FormatInt(it.ID, 10), Needs: []NeedInput{}, Group: idea.AlternativeGroup}
	switch it.Kind {
	case KindProject:
		if !IsRunning(it.State) {
			return nil
		}
		c.Mandatory = "running"
		c.Group = "" // a running project is no longer an alternative
	case KindDirective:
		if it.State != "draft" && it.State != "recommended" {
			return nil
		}
	case KindIdea, KindConcept:
		c.ID = "idea-" + strconv.FormatInt(it.ID, 10)
		c.EstimateNOK, c.DurationMonths = idea.EstimateNOK, idea.DurationMonths
	default:
		return nil
	}
	var score float64
	for _, n := range idea.Needs {
		if n.Rank > 0 {
			c.Needs = append(c.Needs, n)
			score += n.Score
			if d := n.LegalDeadline; d != nil && c.Mandatory == "" && int64(d.Year()) < l.FromYear+int64(len(l.Years)) {
				c.Mandatory = "legal_deadline"
			}
		}
	}
	c.Benefit = int64(math.Round(score))
	if len(c.Needs) == 0 && c.Mandatory == "" {
		c.Excluded = ExcludedNoNeeds
		return c
	}
	c.CostNOK = make([]int64, len(l.Years))
	switch it.Kind {
	case KindIdea, KindConcept:
		c.Excluded = l.spread(c)
	default:
		for _, b := range it.Budget {
			if i := b.Year - l.FromYear; i >= 0 && i < int64(len(l.Years)) {
				c.CostNOK[i] += b.AmountNOK
			}
		}
		if it.Kind == KindDirective && slices.Max(c.CostNOK) == 0 {
			c.Excluded = ExcludedNoBudget
		}
	}
	c.Cost = make([]int64, len(c.CostNOK))
	for i, x := range c.CostNOK {
		c.Cost[i] = (x + 999) / 1000
	}
	return c
}

// spread puts an idea's rough cost evenly over its duration in whole
// years from the first year (what falls after the horizon is left out);
// it returns the reason when a figure is missing.
func (l *Live) spread(c *Candidate) string {
	if c.EstimateNOK <= 0 {
		return ExcludedNoCost
	}
	if c.DurationMonths <= 0 {
		return ExcludedNoDuration
	}
	n := (c.DurationMonths + 11) / 12
	for i := int64(0); i < n && i < int64(len(c.CostNOK)); i++ {
		c.CostNOK[i] = c.EstimateNOK / n
		if i < c.EstimateNOK%n {
			c.CostNOK[i]++
		}
	}
	return ""
}

// link sets the prerequisites from the projects' dependencies (among
// candidates only).
func (l *Live) link(deps [][2]int64) {
	for _, d := range deps {
		a, b := l.Candidate(fmt.Sprintf("%s-%d", KindProject, d[0])), l.Candidate(fmt.Sprintf("%s-%d", KindProject, d[1]))
		if a != nil && b != nil && a != b && !slices.Contains(a.Prerequisites, b.ID) {
			a.Prerequisites = append(a.Prerequisites, b.ID)
		}
	}
}

// instance writes the candidates as a portfolio-instance/v1 document.
func (l *Live) instance() *optimize.Instance {
	inst := &optimize.Instance{Format: optimize.FormatV1, Name: fmt.Sprintf("live %d–%d", l.FromYear, l.FromYear+int64(len(l.Years))-1),
		CostUnit: CostUnit, Years: len(l.Years), Projects: []optimize.Project{}, ExclusiveGroups: [][]string{}}
	for _, b := range l.BudgetNOK {
		inst.Budget = append(inst.Budget, b/1000)
	}
	groups := map[string][]string{}
	for _, c := range l.Candidates {
		inst.Projects = append(inst.Projects, optimize.Project{ID: c.ID, Benefit: c.Benefit, Cost: c.Cost,
			Prerequisites: c.Prerequisites, Mandatory: c.Mandatory != ""})
		if c.Group != "" {
			groups[c.Group] = append(groups[c.Group], c.ID)
		}
	}
	names := make([]string, 0, len(groups))
	for g := range groups {
		names = append(names, g)
	}
	sort.Strings(names)
	for _, g := range names {
		if len(groups[g]) > 1 {
			inst.ExclusiveGroups = append(inst.ExclusiveGroups, groups[g])
		}
	}
	return inst
}
