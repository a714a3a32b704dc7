package portfolio

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/samstyr/samstyr/internal/errs"
	"github.com/samstyr/samstyr/internal/governance"
	"github.com/samstyr/samstyr/internal/policy"
)

// Main guidelines (issue 13, item 2): KommIT-rådet's strategic goals and
// the share of the budget per focus area, drafted by the secretariat and
// adopted by a decision (the adopt_guideline effect). The overview holds
// the portfolio's budget per area against the latest adopted guideline.

// EffectAdoptGuideline adopts the guidelines linked to the case.
const EffectAdoptGuideline = "adopt_guideline"

// Guideline states.
const (
	GuidelineDraft   = "draft"
	GuidelineAdopted = "adopted"
)

// FocusAreas are the areas a guideline shares the budget between: the
// need areas (an item's area is that of most of its idea's needs).
var FocusAreas = []string{"plan", "bygg", "geodata", "cross_cutting"}

// AreaShare is a focus area's share of the budget, in whole per cent.
type AreaShare struct {
	Area     string `json:"area"`
	SharePct int64  `json:"share_pct"`
}

// Guideline is a set of main guidelines.
type Guideline struct {
	ID         int64                   `json:"id"`
	Title      string                  `json:"title"`
	Goals      string                  `json:"goals"`
	Areas      []AreaShare             `json:"areas"`
	State      string                  `json:"state"`
	DecisionID int64                   `json:"decision_id,omitempty"`
	Decision   *governance.DecisionRef `json:"decision,omitempty"`
	CreatedBy  int64                   `json:"created_by,omitempty"`
	CreatedAt  time.Time               `json:"created_at"`
	UpdatedAt  time.Time               `json:"updated_at"`
}

// Share returns the guideline's share of an area (0 when none).
func (g *Guideline) Share(area string) int64 {
	for _, a := range g.Areas {
		if a.Area == area {
			return a.SharePct
		}
	}
	return 0
}

// GuidelineInput is a guideline as typed in the form: the shares as
// strings by area, so a word is named as the field's error.
type GuidelineInput struct {
	Title, Goals string
	Shares       map[string]string
}

// Parse turns the input into a guideline or field errors (title, goals,
// share.AREA for a share that is not a whole number 0–100, shares when
// they add up to more than 100).
func (in GuidelineInput) Parse() (*Guideline, error) {
	g := &Guideline{Title: strings.TrimSpace(in.Title), Goals: strings.TrimSpace(in.Goals), Areas: []AreaShare{}}
	var v errs.Validation
	if g.Title == "" || utf8.RuneCountInString(g.Title) > 200 {
		v.Add("title", "portfolio.guideline.error.title")
	}
	if utf8.RuneCountInString(g.Goals) > 20000 {
		v.Add("goals", "portfolio.guideline.error.goals")
	}
	var sum int64
	for _, area := range FocusAreas {
		s := strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(in.Shares[area]), "%"))
		if s == "" {
			continue
		}
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil || n < 0 || n > 100 {
			v.Add("share_"+area, "portfolio.guideline.error.share")
			continue
		}
		sum += n
		g.Areas = append(g.Areas, AreaShare{Area: area, SharePct: n})
	}
	if sum > 100 {
		v.Add("share_"+FocusAreas[0], "portfolio.guideline.error.sum", "sum", sum)
	}
	return g, v.Err()
}

// Guidelines returns every guideline, newest first. Errors:
// Unauthenticated, Forbidden.
func (s *Service) Guidelines(ctx context.Context, a *policy.Actor) ([]*Guideline, error) {
	if err := policy.Check(a, policy.PortfolioViewAll, policy.Resource{}); err != nil {
		return nil, err
	}
	return s.store.FindGuidelines(ctx)
}

// Guideline returns one guideline. Errors: Unauthenticated, Forbidden,
// NotFound.
func (s *Service) Guideline(ctx context.Context, a *policy.Actor, id int64) (*Guideline, error) {
	if err := policy.Check(a, policy.PortfolioViewAll, policy.Resource{}); err != nil {
		return nil, err
	}
	return s.store.FindGuidelineByID(ctx, id)
}

// CreateGuideline drafts a guideline (secretariat). Errors: Forbidden,
// Unauthenticated, Invalid.
func (s *Service) CreateGuideline(ctx context.Context, a *policy.Actor, in GuidelineInput) (*Guideline, error) {
	if err := policy.Check(a, policy.PortfolioFrameEdit, policy.Resource{}); err != nil {
		return nil, err
	}
	g, err := in.Parse()
	if err != nil {
		return nil, err
	}
	gs := s.store
	err = s.store.WithTx(ctx, func(ctx context.Context) error {
		g.State, g.CreatedBy = GuidelineDraft, a.ID()
		if err := gs.CreateGuideline(ctx, g); err != nil {
			return err
		}
		return s.record(ctx, a, "guideline.create", "guideline", g.ID, nil, g)
	})
	return g, err
}

// AdoptGuidelines is the adopt_guideline effect: the strategic council
// adopts draft guidelines, which are frozen and point at the decision.
// Errors: Invalid (not the strategic council), NotFound, Conflict.
func (s *Service) AdoptGuidelines(ctx context.Context, a *policy.Actor, ids []int64, ref governance.DecisionRef) error {
	gs := s.store
	return s.store.WithTx(ctx, func(ctx context.Context) error {
		k, err := s.store.BodyKind(ctx, ref.BodyID)
		if err != nil {
			return err
		}
		if k != policy.BodyStrategicCouncil {
			return errs.InvalidField("effects", "portfolio.guideline.error.adopt_body")
		}
		for _, id := range ids {
			g, err := gs.FindGuidelineByID(ctx, id)
			if err != nil {
				return err
			}
			if g.State != GuidelineDraft {
				return errs.E(errs.Conflict, "portfolio.guideline.error.frozen")
			}
			g.State, g.DecisionID = GuidelineAdopted, ref.DecisionID
			if err := gs.UpdateGuidelineState(ctx, g); err != nil {
				return err
			}
			if err := s.record(ctx, a, "guideline.adopt", "guideline", id, map[string]any{"state": GuidelineDraft},
				map[string]any{"state": GuidelineAdopted, "decision_id": ref.DecisionID, "decision": ref.String()}); err != nil {
				return err
			}
		}
		return nil
	})
}

// AreaRow is one focus area's budget in the overview against the adopted
// guideline's share.
type AreaRow struct {
	Area      string  `json:"area"`
	BudgetNOK int64   `json:"budget_nok"`
	SharePct  float64 `json:"share_pct"`
	TargetPct int64   `json:"target_pct"`
	// Off is the difference in percentage points (share − target).
	Off float64 `json:"off_pct"`
}

// areaRows sums the items' budget (approved and planned, in the filter's
// year and source) per focus area against the guideline.
func areaRows(items []*Item, f Filter, g *Guideline) []AreaRow {
	rows := make([]AreaRow, len(FocusAreas))
	var total int64
	for i, a := range FocusAreas {
		rows[i].Area = a
		if g != nil {
			rows[i].TargetPct = g.Share(a)
		}
	}
	for _, it := range items {
		i := slices.Index(FocusAreas, it.Area)
		if i < 0 {
			continue
		}
		ap, pl := it.Total(f.Year, f.Source)
		rows[i].BudgetNOK += ap + pl
		total += ap + pl
	}
	for i := range rows {
		if total > 0 {
			rows[i].SharePct = float64(rows[i].BudgetNOK) * 100 / float64(total)
		}
		rows[i].Off = rows[i].SharePct - float64(rows[i].TargetPct)
	}
	return rows
}
