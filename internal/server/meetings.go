package server

import (
	"context"
	"fmt"

	"github.com/samstyr/samstyr/internal/errs"
	"github.com/samstyr/samstyr/internal/governance"
	"github.com/samstyr/samstyr/internal/meetings"
	"github.com/samstyr/samstyr/internal/policy"
)

// wireMeetings builds the meeting service with its decision effects and the
// item types cases can link to. Areas that carry out decisions add their
// effect and resolver here.
func (a *App) wireMeetings() {
	m := meetings.NewService(a.DB, a.Catalog)
	m.BaseURL, m.MailFrom = a.Config.BaseURL, a.Config.SMTP.From
	m.Notifier = a.Notify
	m.Effects[meetings.EffectPrioritiseNeeds] = meetings.PrioritiseNeeds(a.Needs)
	a.Needs.Decisions = a.DB
	gov := a.Gov
	m.Effects[meetings.EffectApproveMemberships] = meetings.Effect{ItemType: "membership",
		Run: func(ctx context.Context, ac *policy.Actor, d *meetings.Decision, ref governance.DecisionRef, ids []int64) error {
			return gov.ApproveMemberships(ctx, ac, ids, ref)
		}}
	m.Effects[meetings.EffectAppointWorkingGroups] = meetings.Effect{ItemType: "working_group",
		Run: func(ctx context.Context, ac *policy.Actor, d *meetings.Decision, ref governance.DecisionRef, ids []int64) error {
			return gov.AppointWorkingGroups(ctx, ac, ids, ref)
		}}
	a.wireDirectiveEffects(m)
	a.wireControlEffects(m)
	a.wireInputEffects(m)
	a.wirePortfolioEffects(m)
	a.wireRoadmapEffects(m)
	a.wireClosureEffects(m)
	a.wireBenefitEffects(m)
	a.wirePortfolioScenarios(m)
	// Each resolver asks the owning area's service as the reader, so a
	// linked item shows only to those who may see it.
	m.Resolvers["membership"] = func(ctx context.Context, ac *policy.Actor, id int64) (meetings.ItemInfo, error) {
		ms, err := gov.Membership(ctx, ac, id)
		if err != nil {
			return meetings.ItemInfo{}, err
		}
		return meetings.ItemInfo{Title: fmt.Sprintf("%s – %s", ms.PersonName, ms.BodyName), Path: fmt.Sprintf("/memberships/%d", id), Status: "membership.status." + ms.Status}, nil
	}
	m.Resolvers["working_group"] = func(ctx context.Context, ac *policy.Actor, id int64) (meetings.ItemInfo, error) {
		b, err := gov.Body(ctx, ac, id)
		if err != nil {
			return meetings.ItemInfo{}, err
		}
		if b.Kind != policy.BodyWorkingGroup {
			return meetings.ItemInfo{}, errs.E(errs.NotFound, "error.not_found")
		}
		status := "body.status.proposed"
		if b.DecisionID != 0 {
			status = "body.status.appointed"
		}
		return meetings.ItemInfo{Title: b.NameNB, Path: fmt.Sprintf("/bodies/%d", id), Status: status}, nil
	}
	needsSvc := a.Needs
	m.Resolvers["need"] = func(ctx context.Context, ac *policy.Actor, id int64) (meetings.ItemInfo, error) {
		n, err := needsSvc.Get(ctx, ac, id)
		if err != nil {
			return meetings.ItemInfo{}, err
		}
		return meetings.ItemInfo{Title: n.Title, Path: fmt.Sprintf("/needs/%d", id), Status: "need.state." + n.State}, nil
	}
	m.Resolvers["prioritisation_round"] = func(ctx context.Context, ac *policy.Actor, id int64) (meetings.ItemInfo, error) {
		r, err := needsSvc.RoundHeader(ctx, ac, id)
		if err != nil {
			return meetings.ItemInfo{}, err
		}
		return meetings.ItemInfo{Title: r.Name, Path: fmt.Sprintf("/assessment/rounds/%d", id), Status: "assessment.round.state." + r.State}, nil
	}
	a.Meetings = m
}
