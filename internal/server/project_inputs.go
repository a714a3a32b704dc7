package server

import (
	"context"
	"fmt"

	"github.com/samstyr/samstyr/internal/governance"
	"github.com/samstyr/samstyr/internal/meetings"
	"github.com/samstyr/samstyr/internal/policy"
	"github.com/samstyr/samstyr/internal/projects"
)

// wireInputEffects adds the steering group's choice of direction on a
// veivalg (choose_direction, with the chosen option) and the project input
// as an item a case links to.
func (a *App) wireInputEffects(m *meetings.Service) {
	c := a.Control
	m.Effects[projects.EffectChooseDirection] = meetings.Effect{ItemType: "project_input",
		Run: func(ctx context.Context, ac *policy.Actor, d *meetings.Decision, ref governance.DecisionRef, ids []int64) error {
			return c.ChooseDirection(ctx, ac, ids, ref, d.Choice)
		}}
	m.Resolvers["project_input"] = func(ctx context.Context, ac *policy.Actor, id int64) (meetings.ItemInfo, error) {
		in, p, err := c.Input(ctx, ac, 0, id)
		if err != nil {
			return meetings.ItemInfo{}, err
		}
		return meetings.ItemInfo{Title: fmt.Sprintf("%s: %s", p.Name, in.Title), Path: fmt.Sprintf("/projects/%d/inputs/%d", p.ID, in.ID),
			Status: "pinput.state." + in.State}, nil
	}
}
