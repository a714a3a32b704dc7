package server

import (
	"context"
	"fmt"

	"github.com/samstyr/samstyr/internal/governance"
	"github.com/samstyr/samstyr/internal/meetings"
	"github.com/samstyr/samstyr/internal/policy"
	"github.com/samstyr/samstyr/internal/portfolio"
)

// wirePortfolioScenarios adds the scenario as an item a case links to
// (linking it attaches the scenario's case paper, in bokmål like the
// directive's) and the set_priorities effect of the user council or the
// strategic council.
func (a *App) wirePortfolioScenarios(m *meetings.Service) {
	p, pr := a.Portfolio, a.Catalog.Printer("nb")
	m.Effects[portfolio.EffectSetPriorities] = meetings.Effect{ItemType: "portfolio_scenario",
		Run: func(ctx context.Context, ac *policy.Actor, _ *meetings.Decision, ref governance.DecisionRef, ids []int64) error {
			return p.SetPriorities(ctx, ac, ids, ref)
		}}
	m.Resolvers["portfolio_scenario"] = func(ctx context.Context, ac *policy.Actor, id int64) (meetings.ItemInfo, error) {
		sc, err := p.Scenario(ctx, ac, id)
		if err != nil {
			return meetings.ItemInfo{}, err
		}
		return meetings.ItemInfo{Title: sc.Name, Path: fmt.Sprintf("/portfolio/scenarios/%d", id), Status: "portfolio.scenario.state." + sc.State}, nil
	}
	if m.Linked == nil {
		m.Linked = map[string]meetings.LinkHook{}
	}
	m.Linked["portfolio_scenario"] = func(ctx context.Context, ac *policy.Actor, c *meetings.Case, id int64) error {
		name, doc, err := p.ScenarioPDF(ctx, ac, id, pr)
		if err != nil {
			return err
		}
		return m.AddAttachment(ctx, ac, &meetings.Attachment{CaseID: c.ID, Name: name, Data: doc})
	}
}
