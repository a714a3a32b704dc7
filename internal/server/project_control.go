package server

import (
	"context"
	"fmt"

	"github.com/samstyr/samstyr/internal/governance"
	"github.com/samstyr/samstyr/internal/meetings"
	"github.com/samstyr/samstyr/internal/policy"
	"github.com/samstyr/samstyr/internal/projects"
)

// wireControl builds project control: its reminder job, the texts it
// writes itself (in nb, the programme's working language), and the
// decision effects and case links of deviations.
func (a *App) wireControl() {
	c := projects.NewControlService(a.DB)
	c.Notifier = a.Notify
	nb := a.Catalog.Printer("nb")
	c.Text = func(key string, args map[string]any) string {
		if t, ok := args["type"].(string); ok && args != nil {
			args["type"] = nb.T("deviation.type." + t)
		}
		return nb.TMap(key, args)
	}
	c.Register(a.Jobs)
	a.Control = c
}

// wireControlEffects adds the steering group's decisions on escalated
// deviations (accept, re-plan, change the directive, stop) and the
// deviation as an item a case links to.
func (a *App) wireControlEffects(m *meetings.Service) {
	c := a.Control
	for kind, outcome := range projects.EffectOutcomes {
		m.Effects[kind] = meetings.Effect{ItemType: "deviation",
			Run: func(ctx context.Context, ac *policy.Actor, _ *meetings.Decision, ref governance.DecisionRef, ids []int64) error {
				return c.Decide(ctx, ac, ids, ref, outcome)
			}}
	}
	m.Resolvers["deviation"] = func(ctx context.Context, ac *policy.Actor, id int64) (meetings.ItemInfo, error) {
		d, p, err := c.Deviation(ctx, ac, id)
		if err != nil {
			return meetings.ItemInfo{}, err
		}
		return meetings.ItemInfo{Title: fmt.Sprintf("%s: %s", p.Name, d.Description), Path: fmt.Sprintf("/projects/%d/deviations/%d", p.ID, d.ID),
			Status: "deviation.state." + d.State}, nil
	}
}
