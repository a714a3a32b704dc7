package directives_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/samstyr/samstyr/internal/directives"
	"github.com/samstyr/samstyr/internal/errs"
	"github.com/samstyr/samstyr/internal/governance"
	"github.com/samstyr/samstyr/internal/meetings"
	"github.com/samstyr/samstyr/internal/needs"
	"github.com/samstyr/samstyr/internal/policy"
	"github.com/samstyr/samstyr/internal/testutil"
	"github.com/samstyr/samstyr/internal/testutil/apptest"
)

type fixture struct {
	*apptest.App
	t     *testing.T
	ctx   context.Context
	clock *testutil.Clock
	sec   *policy.Actor
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	a := apptest.New(t)
	f := &fixture{App: a, t: t, ctx: context.Background(), clock: testutil.NewClock(time.Now())}
	a.Meetings.Now = f.clock.Now
	f.sec = f.actor("secretariat")
	return f
}

func (f *fixture) actor(role string) *policy.Actor {
	f.t.Helper()
	act, err := f.DB.FindActor(f.ctx, f.People[role].ID, time.Now())
	f.must(err)
	act.MFA = true
	return act
}

func (f *fixture) must(err error) {
	f.t.Helper()
	if err != nil {
		f.t.Fatal(err)
	}
}

func code(t *testing.T, err error, want errs.Code, field string) {
	t.Helper()
	if errs.CodeOf(err) != want {
		t.Fatalf("got %v, want %s", err, want)
	}
	if field != "" && !slices.ContainsFunc(errs.As(err).Fields, func(fe errs.FieldError) bool { return fe.Field == field }) {
		t.Fatalf("fields %+v, want %s", errs.As(err).Fields, field)
	}
}

// prioritisedNeed makes a need and puts it straight into prioritised.
func (f *fixture) prioritisedNeed(title string) *needs.Need {
	f.t.Helper()
	n, err := f.Needs.Create(f.ctx, f.actor("member"), needs.Input{Title: title, Problem: "Problem", Area: "plan", Affected: []string{"citizens"}})
	f.must(err)
	n.State = needs.Prioritised
	f.must(f.DB.UpdateNeed(f.ctx, n))
	return n
}

// decide holds a meeting of the body with one case linking the item and
// records a decision with the effect; it returns the case and the error
// of recording the decision.
func (f *fixture) decide(bodyKind, itemType string, itemID int64, effect string) (*meetings.Case, error) {
	f.t.Helper()
	start := f.clock.Now().Add(24 * time.Hour)
	m := &meetings.Meeting{BodyID: f.Bodies[bodyKind].ID, StartsAt: start, EndsAt: start.Add(2 * time.Hour), Place: "KS-huset"}
	f.must(f.Meetings.CreateMeeting(f.ctx, f.sec, m))
	c := &meetings.Case{BodyID: m.BodyID, Kind: meetings.KindDecision, Title: "Sak " + effect, Background: "Bakgrunn", ProposedDecision: "Forslag"}
	f.must(f.Meetings.CreateCase(f.ctx, f.sec, c))
	_, err := f.Meetings.MoveCase(f.ctx, f.sec, c.ID, meetings.CasePrepared, 0)
	f.must(err)
	_, err = f.Meetings.MoveCase(f.ctx, f.sec, c.ID, meetings.CaseOnAgenda, m.ID)
	f.must(err)
	f.must(f.Meetings.LinkItem(f.ctx, f.sec, c.ID, meetings.Link{ItemType: itemType, ItemID: itemID}, false))
	_, err = f.Meetings.PublishNotice(f.ctx, f.sec, m.ID)
	f.must(err)
	f.clock.Set(start.Add(30 * time.Minute))
	_, err = f.Meetings.Hold(f.ctx, f.sec, m.ID)
	f.must(err)
	err = f.Meetings.RecordDecision(f.ctx, f.sec, c.ID, &meetings.Decision{Kind: "approval", Text: "Vedtatt.", Unanimous: true, Effects: []string{effect}})
	c, _ = f.Meetings.Case(f.ctx, f.sec, c.ID)
	return c, err
}

func content(owner, manager int64) *directives.Content {
	return &directives.Content{
		Purpose: "Et felles planregister", Start: "2027-01-01", End: "2028-12-31",
		Goals:        []directives.Goal{{Level: "effect", Text: "Kortere saksbehandling", Indicator: "dager"}},
		Deliverables: []directives.Deliverable{{Name: "Planregister-API", Acceptance: "Tatt i bruk av tre kommuner"}},
		Milestones:   []directives.Milestone{{Name: "Pilot", Date: "2027-09-01"}},
		Budget:       []directives.BudgetLine{{Year: 2027, Source: "digifin", AmountNOK: 3000000}, {Year: 2028, Source: "ks", AmountNOK: 1000000}},
		BudgetTotal:  4000000,
		Staffing: []directives.Staff{{Role: "process_leader", Organisation: "Bergen kommune"}, {Role: "architect", Organisation: "KS"},
			{Role: "expert", Organisation: "Oslo kommune"}, {Role: "state_rep", Organisation: "Kartverket"}},
		Waivers: []directives.Waiver{{Role: "citizen_rep", Reason: "Ingen innbyggerflate i fase 1"}, {Role: "business_rep", Reason: "Næringslivet høres i referansegruppen"}},
		OwnerID: owner, ManagerID: manager, Reporting: "monthly",
		Tolerances: directives.Tolerances{TimePct: 10, CostPct: 5},
	}
}

// TestIdeaToProject walks a prioritised need through an idea, the
// concept phase, a directive in two versions, the user council's
// recommendation and the strategic council's approval, and checks every
// refusal on the way, on SQLite or PostgreSQL.
func TestIdeaToProject(t *testing.T) {
	f := newFixture(t)
	ctx := f.ctx
	n := f.prioritisedNeed("Felles planregister")
	other := f.prioritisedNeed("Ikke prioritert ennå")
	other.State = needs.Assessed
	f.must(f.DB.UpdateNeed(ctx, other))

	idea := &directives.Idea{Title: "Planregister", Source: directives.SourceNeeds, NeedIDs: []int64{n.ID}, Purpose: "Ett register for planer"}
	code(t, f.Directives.CreateIdea(ctx, f.actor("member"), idea), errs.Forbidden, "")
	code(t, f.Directives.CreateIdea(ctx, f.sec, &directives.Idea{Title: "X", Source: directives.SourceNeeds, NeedIDs: []int64{other.ID}, Purpose: "p"}), errs.Conflict, "")
	code(t, f.Directives.CreateIdea(ctx, f.sec, &directives.Idea{Title: "X", Source: directives.SourceNeeds, Purpose: "p"}), errs.Invalid, "need_ids")
	f.must(f.Directives.CreateIdea(ctx, f.sec, idea))
	got, err := f.Needs.Get(ctx, f.sec, n.ID)
	f.must(err)
	if got.State != needs.InConcept {
		t.Fatalf("need after idea: %s", got.State)
	}
	// The mandate is kept with the idea while it waits.
	idea.Mandate = directives.Mandate{Background: "Planer finnes i mange formater", Purpose: "Utrede felles register", CostNOK: 300000, Time: "6 måneder"}
	f.must(f.Directives.UpdateIdea(ctx, f.sec, idea.ID, idea))

	// No directive before the concept phase; not by the strategic council.
	owner, manager := f.People["strategic_council"].ID, f.People["member"].ID
	code(t, f.Directives.CreateDirective(ctx, f.sec, &directives.Directive{IdeaID: idea.ID}, content(owner, manager)), errs.Conflict, "")
	if _, err := f.decide(policy.BodyStrategicCouncil, "project_idea", idea.ID, directives.EffectStartConcept); errs.CodeOf(err) != errs.Invalid {
		t.Fatalf("concept by the strategic council: %v", err)
	}
	bp1, err := f.decide(policy.BodyUserCouncil, "project_idea", idea.ID, directives.EffectStartConcept)
	f.must(err)
	gi, err := f.Directives.Idea(ctx, f.sec, idea.ID)
	f.must(err)
	if gi.State != directives.IdeaConcept || gi.ConceptDecision == nil || gi.ConceptDecision.Case != bp1.Number || gi.Mandate.CostNOK != 300000 {
		t.Fatalf("idea after BP1: %+v", gi)
	}

	// Draft: bad input names the field; a required role missing blocks
	// the recommendation.
	bad := content(owner, manager)
	bad.BudgetTotal = 1
	code(t, f.Directives.CreateDirective(ctx, f.sec, &directives.Directive{IdeaID: idea.ID}, bad), errs.Invalid, "budget_total")
	d := &directives.Directive{IdeaID: idea.ID}
	c1 := content(owner, manager)
	c1.Waivers = nil
	f.must(f.Directives.CreateDirective(ctx, f.sec, d, c1))
	if _, err := f.Directives.Directive(ctx, nil, d.ID); errs.CodeOf(err) != errs.NotFound {
		t.Fatalf("public reads a draft: %v", err)
	}
	if _, err := f.Directives.Directive(ctx, f.actor("member"), d.ID); err != nil {
		t.Fatalf("the named project manager reads the draft: %v", err)
	}
	if _, err := f.decide(policy.BodyUserCouncil, "directive", d.ID, directives.EffectRecommendDirective); errs.CodeOf(err) != errs.Invalid {
		t.Fatalf("recommend with a missing role: %v", err)
	}
	// Version 2 waives the citizens' representative; version 1 is frozen.
	v2, err := f.Directives.NewVersion(ctx, f.sec, d.ID)
	f.must(err)
	code(t, f.Directives.UpdateDraft(ctx, f.sec, d.ID, 1, content(owner, manager)), errs.Conflict, "")
	f.must(f.Directives.UpdateDraft(ctx, f.sec, d.ID, v2.Number, content(owner, manager)))
	diff, err := f.Directives.Diff(ctx, f.sec, d.ID, 1, 2)
	f.must(err)
	if len(diff) != 1 || diff[0].Field != "waivers" {
		t.Fatalf("diff 1→2: %+v", diff)
	}
	// Approval of a version never recommended is refused.
	if _, err := f.decide(policy.BodyStrategicCouncil, "directive", d.ID, directives.EffectApproveDirective); errs.CodeOf(err) != errs.Conflict {
		t.Fatalf("approve a draft: %v", err)
	}
	rec, err := f.decide(policy.BodyUserCouncil, "directive", d.ID, directives.EffectRecommendDirective)
	f.must(err)
	code(t, f.Directives.UpdateDraft(ctx, f.sec, d.ID, 2, content(owner, manager)), errs.Conflict, "")
	// Only the strategic council approves.
	if _, err := f.decide(policy.BodyUserCouncil, "directive", d.ID, directives.EffectApproveDirective); errs.CodeOf(err) != errs.Invalid {
		t.Fatalf("approval by the user council: %v", err)
	}
	appr, err := f.decide(policy.BodyStrategicCouncil, "directive", d.ID, directives.EffectApproveDirective)
	f.must(err)

	gd, err := f.Directives.Directive(ctx, nil, d.ID)
	f.must(err)
	if gd.State != directives.Approved || gd.ApprovedVersion != 2 || gd.RecommendDecision.Case != rec.Number || gd.ApproveDecision.Case != appr.Number || gd.ProjectID == 0 {
		t.Fatalf("directive after approval: %+v", gd)
	}
	if vs, err := f.Directives.Versions(ctx, nil, d.ID); err != nil || len(vs) != 1 || vs[0].Number != 2 {
		t.Fatalf("public versions: %v, %v", vs, err)
	}
	p, err := f.Directives.Project(ctx, nil, gd.ProjectID)
	f.must(err)
	if p.State != directives.ProjectPlanning || p.BudgetTotal() != 4000000 || p.Decision == nil || p.Decision.Case != appr.Number ||
		!slices.Equal(p.NeedIDs, []int64{n.ID}) || p.SteeringBodyID == 0 || p.ManagerID != manager {
		t.Fatalf("project: %+v", p)
	}
	ms, err := f.DB.FindMemberships(ctx, governance.MembershipFilter{BodyID: p.SteeringBodyID})
	f.must(err)
	if len(ms) != 1 || ms[0].PersonID != owner || ms[0].Function != policy.FuncChair || ms[0].DecisionID != appr.Decision.ID {
		t.Fatalf("steering group: %+v", ms)
	}
	mgr, err := f.DB.FindActor(ctx, manager, f.clock.Now())
	f.must(err)
	if !mgr.Has(policy.ProjectManager) {
		t.Fatalf("manager's roles: %v", mgr.Roles())
	}
	got, err = f.Needs.Get(ctx, f.sec, n.ID)
	f.must(err)
	if got.State != needs.InProject {
		t.Fatalf("need after approval: %s", got.State)
	}
	th, err := f.Directives.ThreadOfNeed(ctx, nil, n.ID)
	f.must(err)
	if th == nil || th.Idea != nil || th.Directive == nil || th.Project == nil {
		t.Fatalf("public thread of the need: %+v", th)
	}
}
