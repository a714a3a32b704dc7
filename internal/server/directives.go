package server

import (
	"context"
	"fmt"

	"github.com/samstyr/samstyr/internal/directives"
	"github.com/samstyr/samstyr/internal/governance"
	"github.com/samstyr/samstyr/internal/meetings"
	"github.com/samstyr/samstyr/internal/policy"
)

// wireDirectiveEffects adds the concept phase's decision effects and the
// item types a case links to: an idea (start_concept) and a directive
// (recommend, approve, return, reject).
func (a *App) wireDirectiveEffects(m *meetings.Service) {
	d := a.Directives
	effect := func(item string, run func(ctx context.Context, ac *policy.Actor, ids []int64, ref governance.DecisionRef) error) meetings.Effect {
		return meetings.Effect{ItemType: item, Run: func(ctx context.Context, ac *policy.Actor, _ *meetings.Decision, ref governance.DecisionRef, ids []int64) error {
			return run(ctx, ac, ids, ref)
		}}
	}
	a.wireDirectiveDocs(m)
	m.Effects[directives.EffectStartConcept] = effect("project_idea", d.StartConcept)
	m.Effects[directives.EffectRecommendDirective] = effect("directive", d.Recommend)
	m.Effects[directives.EffectApproveDirective] = meetings.Effect{ItemType: "directive", Run: func(ctx context.Context, ac *policy.Actor, dec *meetings.Decision, ref governance.DecisionRef, ids []int64) error {
		return d.ApproveWithPriority(ctx, ac, ids, ref, dec.Priority)
	}}
	m.Effects[directives.EffectReturnDirective] = effect("directive", d.Return)
	m.Effects[directives.EffectRejectDirective] = effect("directive", d.Reject)
	m.Resolvers["project_idea"] = func(ctx context.Context, ac *policy.Actor, id int64) (meetings.ItemInfo, error) {
		i, err := d.Idea(ctx, ac, id)
		if err != nil {
			return meetings.ItemInfo{}, err
		}
		return meetings.ItemInfo{Title: i.Title, Path: fmt.Sprintf("/ideas/%d", id), Status: "idea.state." + i.State}, nil
	}
	m.Resolvers["directive"] = func(ctx context.Context, ac *policy.Actor, id int64) (meetings.ItemInfo, error) {
		x, err := d.Directive(ctx, ac, id)
		if err != nil {
			return meetings.ItemInfo{}, err
		}
		return meetings.ItemInfo{Title: fmt.Sprintf("%s (v%d)", x.Title, x.Version), Path: fmt.Sprintf("/directives/%d", id),
			Status: "directive.state." + x.State}, nil
	}
}
