package server

import (
	"context"
	"fmt"

	"github.com/samstyr/samstyr/internal/governance"
	"github.com/samstyr/samstyr/internal/meetings"
	"github.com/samstyr/samstyr/internal/policy"
	"github.com/samstyr/samstyr/internal/portfolio"
)

// wireRoadmapEffects adds the strategic council's endorsement of a frozen
// roadmap version (endorse_roadmap) and the version as an item a case
// links to.
func (a *App) wireRoadmapEffects(m *meetings.Service) {
	p := a.Portfolio
	m.Effects[portfolio.EffectEndorseRoadmap] = meetings.Effect{ItemType: "roadmap_version",
		Run: func(ctx context.Context, ac *policy.Actor, _ *meetings.Decision, ref governance.DecisionRef, ids []int64) error {
			return p.EndorseRoadmap(ctx, ac, ids, ref)
		}}
	m.Resolvers["roadmap_version"] = func(ctx context.Context, ac *policy.Actor, id int64) (meetings.ItemInfo, error) {
		v, err := p.RoadmapVersionByID(ctx, ac, id)
		if err != nil {
			return meetings.ItemInfo{}, err
		}
		return meetings.ItemInfo{Title: fmt.Sprintf("%d: %s", v.Number, v.Title), Path: fmt.Sprintf("/roadmap/versions/%d", v.Number),
			Status: "roadmap.version.state." + v.State}, nil
	}
}
