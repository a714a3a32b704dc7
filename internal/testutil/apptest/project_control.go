package apptest

import (
	"context"
	"time"

	"github.com/samstyr/samstyr/internal/directives"
	"github.com/samstyr/samstyr/internal/governance"
	"github.com/samstyr/samstyr/internal/policy"
)

// ControlProject is an approved project in execution with its manager, a
// steering group (Chair, the owner, and Steer, a member) and the approved
// directive, for the tests of project control.
type ControlProject struct {
	Project   *directives.Project
	Directive *directives.Directive
	Manager   *Person
	Chair     *Person
	Steer     *Person
}

// ControlContent is a directive's content with two milestones, a budget
// of 4 000 000 over two years and tolerances of 10 % (time) and 5 % (cost).
func ControlContent() directives.Content {
	return directives.Content{Purpose: "Felles planregister", Start: "2027-01-01", End: "2028-12-31",
		Milestones:  []directives.Milestone{{Name: "Pilot", Date: "2027-09-01"}, {Name: "Lansering", Date: "2028-06-01"}},
		Budget:      []directives.BudgetLine{{Year: 2027, Source: "digifin", AmountNOK: 3000000}, {Year: 2028, Source: "ks", AmountNOK: 1000000}},
		BudgetTotal: 4000000, Reporting: "monthly", Tolerances: directives.Tolerances{TimePct: 10, CostPct: 5}}
}

// NewControlProject creates the project as the directive's approval
// would: the directive's version 1 approved, the project executing with
// its budget, steering group and project roles.
func (a *App) NewControlProject(name string, c directives.Content) *ControlProject {
	t := a.T
	t.Helper()
	ctx := context.Background()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	cp := &ControlProject{Manager: a.NewPerson("pm", "oslo", "", false), Chair: a.NewPerson("chair", "bergen", "", false),
		Steer: a.NewPerson("steer", "dibk", "", false)}
	i := &directives.Idea{Title: name, Source: directives.SourceWorkingGroup, Purpose: "Formål", State: directives.IdeaConcept}
	must(a.DB.CreateIdea(ctx, i))
	c.OwnerID, c.ManagerID = cp.Chair.ID, cp.Manager.ID
	d := &directives.Directive{IdeaID: i.ID, Title: name}
	must(a.Directives.CreateDirective(ctx, policy.SystemActor, d, &c))
	p := &directives.Project{Name: name, State: directives.ProjectExecuting, IdeaID: i.ID, DirectiveID: d.ID, OwnerID: cp.Chair.ID, ManagerID: cp.Manager.ID, Budget: c.Budget}
	must(a.DB.CreateApprovedProject(ctx, p))
	d.State, d.ApprovedVersion, d.RecommendedVersion, d.ProjectID = directives.Approved, 1, 1, p.ID
	must(a.DB.UpdateDirective(ctx, d))
	i.State = directives.IdeaProject
	must(a.DB.UpdateIdea(ctx, i))
	b := &governance.Body{Kind: policy.BodySteeringGroup, Slug: "styringsgruppe-" + randSuffix(), NameNB: "Styringsgruppe for " + name,
		NameNN: "Styringsgruppe for " + name, NameEN: "Steering group of " + name, Active: true}
	must(a.DB.CreateBody(ctx, b))
	must(a.DB.SetProjectSteeringBody(ctx, p.ID, b.ID))
	for _, m := range []struct {
		p *Person
		f string
	}{{cp.Chair, policy.FuncChair}, {cp.Steer, policy.FuncMember}} {
		must(a.DB.CreateMembership(ctx, &governance.Membership{BodyID: b.ID, PersonID: m.p.ID, Function: m.f, Sector: "municipal",
			TermFrom: time.Now().AddDate(-1, 0, 0), TermTo: time.Now().AddDate(1, 0, 0), Status: "active"}))
	}
	must(a.DB.EnsureProjectRole(ctx, p.ID, cp.Manager.ID, "manager", time.Now().AddDate(-1, 0, 0)))
	must(a.DB.EnsureProjectRole(ctx, p.ID, cp.Chair.ID, "owner", time.Now().AddDate(-1, 0, 0)))
	var err error
	cp.Project, err = a.DB.FindProjectByID(ctx, p.ID)
	must(err)
	cp.Directive = d
	return cp
}

// ActorOf returns the person's actor as of now (second factor passed).
func (a *App) ActorOf(p *Person) *policy.Actor {
	a.T.Helper()
	act, err := a.DB.FindActor(context.Background(), p.ID, time.Now())
	if err != nil {
		a.T.Fatal(err)
	}
	act.MFA = true
	return act
}
