package server_test

// The concept phase's decisions under parallel attempts (issue 11): 50
// decisions recorded at once, each on its own case linking the same
// directive, with recommend_directive (and then approve_directive): exactly
// one is recorded and acts — one state change, one audit event, and for
// the approval one project, one steering group, one set of roles and
// budget lines — and the others are refused as conflicts with nothing
// stored. On SQLite and on PostgreSQL.

import (
	"context"
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/samstyr/samstyr/internal/directives"
	"github.com/samstyr/samstyr/internal/policy"
	"github.com/samstyr/samstyr/internal/testutil/apptest"
)

// heldMeetingWithCases sets up, through the API, a held meeting of the
// body with n decision cases on its agenda, each linking the item.
func heldMeetingWithCases(t *testing.T, a *apptest.App, bodyID int64, n int, itemType string, itemID int64) []int64 {
	t.Helper()
	sec := a.Client("secretariat")
	start := time.Now().Add(-time.Hour).UTC().Format(time.RFC3339)
	end := time.Now().Add(time.Hour).UTC().Format(time.RFC3339)
	m := idOf(apiJSON(t, sec.API("POST", "/api/v1/meetings", fmt.Sprintf(`{"body_id":%d,"starts_at":%q,"ends_at":%q,"place":"Oslo"}`, bodyID, start, end)), 201))
	var cases []int64
	for i := range n {
		c := idOf(apiJSON(t, sec.API("POST", "/api/v1/cases", fmt.Sprintf(`{"body_id":%d,"kind":"decision","title":"Samtidig sak %d","proposed_decision":"Vedtas."}`, bodyID, i)), 201))
		apiJSON(t, sec.API("POST", fmt.Sprintf("/api/v1/cases/%d/move", c), fmt.Sprintf(`{"to":"on_agenda","meeting_id":%d}`, m)), 200)
		if res := sec.API("POST", fmt.Sprintf("/api/v1/cases/%d/links", c), fmt.Sprintf(`{"item_type":%q,"item_id":%d}`, itemType, itemID)); res.StatusCode >= 300 {
			t.Fatalf("link case %d: %d %s", c, res.StatusCode, res.Body)
		}
		cases = append(cases, c)
	}
	for _, step := range []string{"publish", "hold"} {
		apiJSON(t, sec.API("POST", fmt.Sprintf("/api/v1/meetings/%d/%s", m, step), ""), 200)
	}
	return cases
}

// parallelDecisions records a decision with the effect on every case at
// once and returns the statuses.
func parallelDecisions(a *apptest.App, cases []int64, effect string) []int {
	sec := a.Client("secretariat")
	return parallelMoves(len(cases), func(i int) *apptest.Response {
		return sec.API("POST", fmt.Sprintf("/api/v1/cases/%d/decision", cases[i]),
			fmt.Sprintf(`{"kind":"approval","text":"Vedtatt samtidig.","unanimous":true,"effects":[%q]}`, effect))
	})
}

func count(t *testing.T, a *apptest.App, table, where string) int {
	t.Helper()
	n, err := a.DB.CountRowsForTest(context.Background(), table, where)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func TestParallelDirectiveDecisionsCountOnce(t *testing.T) {
	a := apptest.New(t)
	ctx := context.Background()
	_, d := conceptDirectiveForTest(t, a, "Samtidig godkjenning")
	owner, manager, member := a.People["strategic_council"].ID, a.People["member"].ID, a.People["user_council"].ID
	c := &directives.Content{Purpose: "Formål", Reporting: "monthly", Start: "2027-01-01", End: "2028-12-31",
		Budget:      []directives.BudgetLine{{Year: 2027, Source: "digifin", AmountNOK: 3000000}, {Year: 2028, Source: "ks", AmountNOK: 1000000}},
		BudgetTotal: 4000000, OwnerID: owner, ManagerID: manager, SteeringIDs: []int64{member},
		Staffing: []directives.Staff{{Role: "process_leader", Organisation: "Bergen kommune", PersonID: member}, {Role: "architect", Organisation: "KS"},
			{Role: "expert", Organisation: "Oslo kommune"}, {Role: "state_rep", Organisation: "Kartverket"}},
		Waivers: []directives.Waiver{{Role: "citizen_rep", Reason: "Ingen innbyggerflate"}, {Role: "business_rep", Reason: "Høres i referansegruppen"}}}
	if err := a.Directives.UpdateDraft(ctx, policy.SystemActor, d.ID, 1, c); err != nil {
		t.Fatal(err)
	}
	did := fmt.Sprint(d.ID)

	// The user council's recommendation, 50 times at once.
	ucCases := heldMeetingWithCases(t, a, a.Bodies[policy.BodyUserCouncil].ID, concurrentWrites, "directive", d.ID)
	decisionsBefore := count(t, a, "decisions", "")
	before := a.ChangeCount()
	oneWinner(t, "recommend_directive", parallelDecisions(a, ucCases, directives.EffectRecommendDirective), http.StatusCreated)
	if got := auditEvents(t, a, "directive.recommended", did, before); got != 1 {
		t.Errorf("recommendation: %d audit events, want 1", got)
	}
	if got := count(t, a, "decisions", "") - decisionsBefore; got != 1 {
		t.Errorf("recommendation: %d decisions stored, want 1", got)
	}
	got, err := a.Directives.Directive(ctx, policy.SystemActor, d.ID)
	if err != nil || got.State != directives.Recommended || got.RecommendedVersion != 1 {
		t.Fatalf("after the recommendation: %+v %v", got, err)
	}

	// The strategic council's approval, 50 times at once.
	scCases := heldMeetingWithCases(t, a, a.Bodies[policy.BodyStrategicCouncil].ID, concurrentWrites, "directive", d.ID)
	decisionsBefore = count(t, a, "decisions", "")
	bodiesBefore := count(t, a, "bodies", "")
	before = a.ChangeCount()
	oneWinner(t, "approve_directive", parallelDecisions(a, scCases, directives.EffectApproveDirective), http.StatusCreated)
	for action, want := range map[string]int{"directive.approved": 1, "project.create": 1, "idea.project": 1, "body.create": 1} {
		if got := auditEvents(t, a, action, "", before); got != want {
			t.Errorf("approval: %d audit events %s, want %d", got, action, want)
		}
	}
	if got := count(t, a, "decisions", "") - decisionsBefore; got != 1 {
		t.Errorf("approval: %d decisions stored, want 1", got)
	}
	if got := count(t, a, "bodies", "") - bodiesBefore; got != 1 {
		t.Errorf("approval: %d steering groups, want 1", got)
	}
	if n := count(t, a, "projects", fmt.Sprintf("directive_id = %d", d.ID)); n != 1 {
		t.Fatalf("approval: %d projects, want 1", n)
	}
	got, err = a.Directives.Directive(ctx, policy.SystemActor, d.ID)
	if err != nil || got.State != directives.Approved || got.ProjectID == 0 {
		t.Fatalf("after the approval: %+v %v", got, err)
	}
	p, err := a.Directives.Project(ctx, policy.SystemActor, got.ProjectID)
	if err != nil {
		t.Fatal(err)
	}
	// Owner, manager and the process lead: one role each; owner (chair)
	// and one more member in the steering group; two budget lines.
	if n := count(t, a, "project_roles", fmt.Sprintf("project_id = %d", p.ID)); n != 3 {
		t.Errorf("project roles: %d, want 3", n)
	}
	if n := count(t, a, "memberships", fmt.Sprintf("body_id = %d", p.SteeringBodyID)); n != 2 {
		t.Errorf("steering group members: %d, want 2", n)
	}
	if n := count(t, a, "project_budget", fmt.Sprintf("project_id = %d", p.ID)); n != 2 || p.BudgetTotal() != 4000000 {
		t.Errorf("budget lines: %d (total %d), want 2 (4000000)", n, p.BudgetTotal())
	}
	a.VerifyAudit()
}
