package server

import (
	"context"
	"fmt"

	"github.com/samstyr/samstyr/internal/governance"
	"github.com/samstyr/samstyr/internal/meetings"
	"github.com/samstyr/samstyr/internal/policy"
	"github.com/samstyr/samstyr/internal/projects"
)

// wireClosureEffects adds the steering group's decisions on a project's
// closure (approve_closure: BP4; accept_final_report: BP5, the project
// moves to realising) and the closing recommendation and the final report
// as items a case links to (their id is the project's).
func (a *App) wireClosureEffects(m *meetings.Service) {
	c := a.Control
	m.Effects[projects.EffectApproveClosure] = meetings.Effect{ItemType: projects.ItemClosure,
		Run: func(ctx context.Context, ac *policy.Actor, _ *meetings.Decision, ref governance.DecisionRef, ids []int64) error {
			return c.ApproveClosure(ctx, ac, ids, ref)
		}}
	m.Effects[projects.EffectAcceptFinalReport] = meetings.Effect{ItemType: projects.ItemFinalReport,
		Run: func(ctx context.Context, ac *policy.Actor, _ *meetings.Decision, ref governance.DecisionRef, ids []int64) error {
			return c.AcceptFinalReport(ctx, ac, ids, ref)
		}}
	resolve := func(title, path string) meetings.Resolver {
		return func(ctx context.Context, ac *policy.Actor, id int64) (meetings.ItemInfo, error) {
			v, err := c.Closure(ctx, ac, id)
			if err != nil {
				return meetings.ItemInfo{}, err
			}
			return meetings.ItemInfo{Title: fmt.Sprintf("%s: %s", v.Project.Name, c.Text(title, nil)), Path: fmt.Sprintf(path, id),
				Status: "project.state." + v.Project.State}, nil
		}
	}
	m.Resolvers[projects.ItemClosure] = resolve("closure.title", "/projects/%d/closure")
	m.Resolvers[projects.ItemFinalReport] = resolve("closure.final_title", "/projects/%d/final-report")
}
