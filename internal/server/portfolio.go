package server

import (
	"context"
	"fmt"

	"github.com/samstyr/samstyr/internal/governance"
	"github.com/samstyr/samstyr/internal/meetings"
	"github.com/samstyr/samstyr/internal/policy"
	"github.com/samstyr/samstyr/internal/portfolio"
)

// wirePortfolioEffects adds the strategic council's approval of budget
// frames (approve_budget_frame) and adoption of main guidelines
// (adopt_guideline), and the frame and the guideline as items a case
// links to.
func (a *App) wirePortfolioEffects(m *meetings.Service) {
	p := a.Portfolio
	m.Effects[portfolio.EffectApproveBudgetFrame] = meetings.Effect{ItemType: "budget_frame",
		Run: func(ctx context.Context, ac *policy.Actor, _ *meetings.Decision, ref governance.DecisionRef, ids []int64) error {
			return p.ApproveFrames(ctx, ac, ids, ref)
		}}
	m.Effects[portfolio.EffectAdoptGuideline] = meetings.Effect{ItemType: "guideline",
		Run: func(ctx context.Context, ac *policy.Actor, _ *meetings.Decision, ref governance.DecisionRef, ids []int64) error {
			return p.AdoptGuidelines(ctx, ac, ids, ref)
		}}
	m.Resolvers["guideline"] = func(ctx context.Context, ac *policy.Actor, id int64) (meetings.ItemInfo, error) {
		g, err := p.Guideline(ctx, ac, id)
		if err != nil {
			return meetings.ItemInfo{}, err
		}
		return meetings.ItemInfo{Title: g.Title, Path: fmt.Sprintf("/portfolio/guidelines#guideline-%d", id), Status: "portfolio.guideline.state." + g.State}, nil
	}
	m.Resolvers["budget_frame"] = func(ctx context.Context, ac *policy.Actor, id int64) (meetings.ItemInfo, error) {
		f, err := p.Frame(ctx, ac, id)
		if err != nil {
			return meetings.ItemInfo{}, err
		}
		return meetings.ItemInfo{Title: fmt.Sprintf("%d %s: %d NOK", f.Year, f.Source, f.AmountNOK),
			Path: fmt.Sprintf("/portfolio/frames#frame-%d", id), Status: "portfolio.frame.state." + f.State}, nil
	}
}
