package server

import (
	"context"
	"fmt"

	"github.com/samstyr/samstyr/internal/benefits"
	"github.com/samstyr/samstyr/internal/governance"
	"github.com/samstyr/samstyr/internal/meetings"
	"github.com/samstyr/samstyr/internal/policy"
	"github.com/samstyr/samstyr/internal/store"
)

var _ benefits.Store = (*store.DB)(nil)

// wireBenefits builds benefit realisation with its daily reminder job.
func (a *App) wireBenefits() {
	b := benefits.NewService(a.DB)
	b.Notifier = a.Notify
	b.Register(a.Jobs)
	a.Benefits = b
}

// wireBenefitEffects adds KommIT-rådet's BP6 decision (conclude_benefits)
// and the benefit as an item a case links to.
func (a *App) wireBenefitEffects(m *meetings.Service) {
	b := a.Benefits
	m.Effects[benefits.EffectConclude] = meetings.Effect{ItemType: "benefit",
		Run: func(ctx context.Context, ac *policy.Actor, _ *meetings.Decision, ref governance.DecisionRef, ids []int64) error {
			return b.Conclude(ctx, ac, ids, ref)
		}}
	m.Resolvers["benefit"] = func(ctx context.Context, ac *policy.Actor, id int64) (meetings.ItemInfo, error) {
		x, p, err := b.Benefit(ctx, ac, id)
		if err != nil {
			return meetings.ItemInfo{}, err
		}
		return meetings.ItemInfo{Title: fmt.Sprintf("%s: %s", p.Name, x.Description), Path: fmt.Sprintf("/benefits/%d", id),
			Status: "benefit.state." + x.State}, nil
	}
}
