package server_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/samstyr/samstyr/internal/config"
	"github.com/samstyr/samstyr/internal/directives"
	"github.com/samstyr/samstyr/internal/governance"
	"github.com/samstyr/samstyr/internal/policy"
	"github.com/samstyr/samstyr/internal/projects"
	"github.com/samstyr/samstyr/internal/seed"
	"github.com/samstyr/samstyr/internal/server"
	"github.com/samstyr/samstyr/internal/testutil"
)

// TestDemoConceptPhase: the demo carries real demo needs through the
// concept phase by decisions in meetings of Brukerrådet and KommIT-rådet:
// an idea in each state, a directive in each state (one in two versions),
// projects with steering group and roles pointing at KommIT-rådet's
// decision; a second run adds nothing, and the audit chain holds.
func TestDemoConceptPhase(t *testing.T) {
	ctx := context.Background()
	opts := testutil.NewDBOptions(t)
	cfg := config.Default()
	cfg.DatabaseURL, cfg.DataDir = opts.URL, ""
	if opts.Path != "" {
		cfg.DataDir = strings.TrimSuffix(opts.Path, "/samstyr.db")
	}
	app, err := server.Open(ctx, cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer app.Close()
	run := func() int {
		if _, err := seed.Demo(ctx, app.DB, app.Orgs, app.Auth, time.Now()); err != nil {
			t.Fatal(err)
		}
		if _, err := seed.DemoMeetings(ctx, app.DB, app.Gov, app.Meetings, time.Now()); err != nil {
			t.Fatal(err)
		}
		n, err := seed.DemoDirectives(ctx, app.DB, app.Meetings, app.Directives, time.Now())
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	if n := run(); n < 6 {
		t.Fatalf("demo ideas: %d", n)
	}
	sys := policy.SystemActor
	ideas, err := app.Directives.Ideas(ctx, sys, directives.IdeaFilter{})
	if err != nil {
		t.Fatal(err)
	}
	ideaStates := map[string]int{}
	for _, i := range ideas {
		ideaStates[i.State]++
	}
	for _, st := range directives.IdeaStates {
		if ideaStates[st] == 0 {
			t.Errorf("no demo idea in state %s (%v)", st, ideaStates)
		}
	}
	ds, err := app.Directives.Directives(ctx, sys, directives.DirectiveFilter{})
	if err != nil {
		t.Fatal(err)
	}
	states, versions := map[string]int{}, 0
	for _, d := range ds {
		states[d.State]++
		if d.Version >= 2 {
			versions++
		}
	}
	for _, st := range directives.States {
		if states[st] == 0 {
			t.Errorf("no demo directive in state %s (%v)", st, states)
		}
	}
	if versions == 0 {
		t.Error("no demo directive with two versions")
	}
	ps, err := app.Directives.Projects(ctx, sys)
	if err != nil {
		t.Fatal(err)
	}
	approved := 0
	for _, p := range ps {
		if p.DirectiveID == 0 {
			continue // the foundation's demo project
		}
		approved++
		p, err := app.Directives.Project(ctx, sys, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		if p.Decision == nil || !strings.HasPrefix(p.Decision.BodyName, "KommIT-rådet") || p.BudgetTotal() == 0 || len(p.NeedIDs) == 0 || len(p.BackingOrgNames) == 0 {
			t.Errorf("demo project %q: decision %+v, budget %d, needs %v, backers %v", p.Name, p.Decision, p.BudgetTotal(), p.NeedIDs, p.BackingOrgNames)
			continue
		}
		team, err := app.Directives.ProjectTeam(ctx, sys, p)
		if err != nil {
			t.Fatal(err)
		}
		if len(team.Roles) < 4 || len(team.Steering) < 3 {
			t.Errorf("demo project %q: %d roles, %d steering members", p.Name, len(team.Roles), len(team.Steering))
		}
		for _, m := range team.Steering {
			if m.DecisionID != p.DecisionID || (m.PersonID == p.OwnerID) != (m.Function == policy.FuncChair) {
				t.Errorf("demo project %q steering member %+v", p.Name, m)
			}
		}
		if ms, err := app.DB.FindMemberships(ctx, governance.MembershipFilter{BodyID: p.SteeringBodyID}); err != nil || len(ms) != len(team.Steering) {
			t.Errorf("steering group memberships: %d %v", len(ms), err)
		}
	}
	if approved < 2 {
		t.Errorf("%d approved demo projects, want 2", approved)
	}
	demoClosureRealising(t, app, ps) // project_closure_test.go
	demoException(t, app, ps)
	if n := run(); n != 0 {
		t.Errorf("second run created %d ideas", n)
	}
	if res, err := app.DB.VerifyAudit(ctx); err != nil || !res.OK {
		t.Fatalf("audit chain: %+v %v", res, err)
	}
}

// demoException: one demo project runs outside its approval — a submitted
// status report whose forecast breached a tolerance, the deviation the
// system raised escalated to a case of the steering group — and has a
// risk register.
func demoException(t *testing.T, app *server.App, ps []*directives.Project) {
	t.Helper()
	ctx := context.Background()
	for _, p := range ps {
		if p.State != directives.ProjectExecuting {
			continue
		}
		ds, err := app.Control.Deviations(ctx, policy.SystemActor, p.ID, true)
		if err != nil {
			t.Fatal(err)
		}
		rs, err := app.Control.Risks(ctx, policy.SystemActor, projects.RiskFilter{ProjectID: p.ID})
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range ds {
			if d.ToleranceBreached && d.State == projects.DevEscalated && d.CaseID != 0 && len(rs) >= 3 {
				return
			}
		}
		t.Errorf("demo project %q in execution: deviations %+v, %d risks; want an escalated tolerance breach with a case and a risk register", p.Name, ds, len(rs))
		return
	}
	t.Error("no demo project in execution")
}
