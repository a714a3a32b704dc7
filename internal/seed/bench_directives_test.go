package seed_test

import (
	"context"
	"testing"

	"github.com/samstyr/samstyr/internal/directives"
	"github.com/samstyr/samstyr/internal/policy"
	"github.com/samstyr/samstyr/internal/seed"
	"github.com/samstyr/samstyr/internal/testutil"
)

// TestBenchConceptPhase: the benchmark's concept phase at a fifth of the
// size: ideas, directives (1–4 versions, every state) and projects in
// proportion, each project with its directive, approving decision, budget,
// steering group and roles; the ideas' needs went into the concept phase.
func TestBenchConceptPhase(t *testing.T) {
	ctx := context.Background()
	db := testutil.NewDB(t)
	if _, err := seed.Bench(ctx, db, seed.BenchOptions{Scale: 0.2, Seed: 7}); err != nil {
		t.Fatal(err)
	}
	count := func(table, where string) int {
		t.Helper()
		n, err := db.CountRowsForTest(ctx, table, where)
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	if n := count("project_ideas", ""); n != 12 {
		t.Errorf("%d ideas, want 12 at scale 0.2", n)
	}
	if n := count("directives", ""); n != 8 {
		t.Errorf("%d directives, want 8", n)
	}
	if n := count("projects", "directive_id IS NOT NULL AND decision_id IS NOT NULL AND steering_body_id IS NOT NULL"); n != 6 {
		t.Errorf("%d projects with directive, decision and steering group, want 6", n)
	}
	if n := count("directive_versions", ""); n < 8 || n > 32 {
		t.Errorf("%d directive versions for 8 directives", n)
	}
	if n := count("directives", "version < 1 OR version > 4 OR version <> (SELECT COUNT(*) FROM directive_versions v WHERE v.directive_id = directives.id)"); n != 0 {
		t.Errorf("%d directives whose version is not their count of versions (1–4)", n)
	}
	if n := count("project_idea_needs", "need_id NOT IN (SELECT need_id FROM need_events WHERE to_state = 'in_concept')"); n != 0 {
		t.Errorf("%d ideas cover a need that never went into the concept phase", n)
	}
	if n := count("memberships", "body_id IN (SELECT steering_body_id FROM projects) AND decision_id IS NULL"); n != 0 {
		t.Errorf("%d steering group members without the approving decision", n)
	}
	if n := count("project_roles", ""); n < 6*3 {
		t.Errorf("%d project roles for 6 projects", n)
	}
	if n := count("project_budget", "decision_id IS NULL"); n != 0 || count("project_budget", "") == 0 {
		t.Errorf("project budget lines without the approving decision: %d", n)
	}
	svc := directives.NewService(db, nil)
	ds, err := svc.Directives(ctx, policy.SystemActor, directives.DirectiveFilter{})
	if err != nil {
		t.Fatal(err)
	}
	states := map[string]int{}
	for _, d := range ds {
		states[d.State]++
	}
	if len(states) < 3 { // approved and two others at this size (every state from scale 0.4)
		t.Errorf("directives in only %v", states)
	}
	ps, err := svc.Projects(ctx, nil)
	if err != nil || len(ps) == 0 {
		t.Fatalf("projects: %v", err)
	}
	p, err := svc.Project(ctx, nil, ps[0].ID)
	if err != nil || p.Decision == nil || len(p.NeedIDs) == 0 || p.BudgetTotal() == 0 {
		t.Fatalf("project %+v: %v", p, err)
	}
	d, err := svc.Directive(ctx, nil, p.DirectiveID)
	if err != nil || d.ApprovedVersion == 0 || d.ProjectID != p.ID {
		t.Fatalf("directive of project %d: %+v %v", p.ID, d, err)
	}
	v, err := svc.Version(ctx, nil, d.ID, d.ApprovedVersion)
	if err != nil || v.Content.BudgetSum() != v.Content.BudgetTotal || v.Content.Validate() != nil || len(v.Content.MissingRoles()) != 0 {
		t.Fatalf("approved version of a bench directive: %+v %v", v, err)
	}
	if res, err := db.VerifyAudit(ctx); err != nil || !res.OK {
		t.Fatalf("audit: %+v %v", res, err)
	}
}
