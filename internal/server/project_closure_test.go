package server_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/samstyr/samstyr/internal/directives"
	"github.com/samstyr/samstyr/internal/policy"
	"github.com/samstyr/samstyr/internal/projects"
	"github.com/samstyr/samstyr/internal/server"
	"github.com/samstyr/samstyr/internal/testutil/apptest"
)

// decideCase holds a meeting of the project's steering group at offset
// hours from now with the case on its agenda, and records the chair's
// decision with the effect; someone outside the steering group is refused
// first.
func decideCase(t *testing.T, a *apptest.App, chair *apptest.Client, bodyID, caseID int64, effect string, offset time.Duration) {
	t.Helper()
	start := time.Now().Add(offset).Truncate(time.Minute)
	res := chair.API("POST", "/api/v1/meetings", fmt.Sprintf(`{"body_id":%d,"starts_at":"%s","ends_at":"%s","place":"Teams"}`,
		bodyID, start.Format(time.RFC3339), start.Add(time.Hour).Format(time.RFC3339)))
	ctlStatus(t, "meeting", res, http.StatusCreated)
	var m struct{ ID int64 }
	json.Unmarshal([]byte(res.Body), &m)
	ctlStatus(t, "on agenda", chair.API("POST", fmt.Sprintf("/api/v1/cases/%d/move", caseID), fmt.Sprintf(`{"to":"on_agenda","meeting_id":%d}`, m.ID)), http.StatusOK)
	ctlStatus(t, "publish", chair.API("POST", fmt.Sprintf("/api/v1/meetings/%d/publish", m.ID), ""), http.StatusOK)
	a.Meetings.Now = func() time.Time { return start.Add(30 * time.Minute) }
	ctlStatus(t, "hold", chair.API("POST", fmt.Sprintf("/api/v1/meetings/%d/hold", m.ID), ""), http.StatusOK)
	decision := fmt.Sprintf(`{"kind":"approval","text":"Vedtatt.","unanimous":true,"effects":[%q]}`, effect)
	ctlStatus(t, "decision by the secretariat", a.Client("secretariat").API("POST", fmt.Sprintf("/api/v1/cases/%d/decision", caseID), decision), http.StatusForbidden)
	ctlStatus(t, "decision "+effect, chair.API("POST", fmt.Sprintf("/api/v1/cases/%d/decision", caseID), decision), http.StatusCreated)
}

func projectState(t *testing.T, a *apptest.App, id int64) string {
	t.Helper()
	p, err := a.DB.FindProjectByID(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return p.State
}

// TestClosureEndToEnd runs a project from planning through execution, the
// BP4 closing recommendation (page form, refused while incomplete), the
// steering group's approve_closure decision, the final report computed
// from the plan and the last status report (API and page), and the
// accept_final_report decision to realising, on SQLite or PostgreSQL.
func TestClosureEndToEnd(t *testing.T) {
	a := apptest.New(t)
	ctx := context.Background()
	c := apptest.ControlContent()
	c.Goals = []directives.Goal{{Level: "effect", Text: "Kortere byggesaksbehandling", Indicator: "dager"}}
	c.Deliverables = []directives.Deliverable{{Name: "Byggesak-API", Acceptance: "Godkjent i pilot"}}
	cp := a.NewControlProject("Avslutning ende til ende", c)
	pid := cp.Project.ID
	if err := a.DB.SetProjectState(ctx, pid, directives.ProjectPlanning); err != nil {
		t.Fatal(err)
	}
	pm, chair := clientOf(a, cp.Manager), clientOf(a, cp.Chair)
	base := fmt.Sprintf("/api/v1/projects/%d", pid)

	// Start: not by a member; then by the manager.
	ctlStatus(t, "start by a member", a.Client("member").API("POST", base+"/move", `{"move":"start"}`), http.StatusForbidden)
	ctlStatus(t, "start", pm.API("POST", base+"/move", `{"move":"start"}`), http.StatusOK)
	ctlStatus(t, "start twice", pm.API("POST", base+"/move", `{"move":"start"}`), http.StatusConflict)
	if s := projectState(t, a, pid); s != directives.ProjectExecuting {
		t.Fatalf("after start: %s", s)
	}

	// Work in execution: the plan and a status report.
	ctlStatus(t, "activity", pm.API("POST", base+"/activities", `{"kind":"activity","name":"Bygge API","deliverable":"Byggesak-API",
		"planned_start":"2027-01-10","planned_end":"2027-08-01","actual_start":"2027-01-10","actual_end":"2027-08-15"}`), http.StatusCreated)
	ctlStatus(t, "milestone", pm.API("POST", base+"/activities", `{"kind":"milestone","name":"Pilot","planned_end":"2027-09-01","actual_end":"2027-09-20"}`), http.StatusCreated)
	res := pm.API("POST", base+"/status-reports", fmt.Sprintf(reportJSON, "2027-04", 3000000))
	ctlStatus(t, "report", res, http.StatusCreated)
	var rep projects.StatusReport
	json.Unmarshal([]byte(res.Body), &rep)
	ctlStatus(t, "submit report", pm.API("POST", fmt.Sprintf("%s/status-reports/%d/submit", base, rep.ID), ""), http.StatusOK)

	// BP4 on the page: incomplete is 422 naming the item, nothing moves.
	form := url.Values{"action": {"submit"}, "remaining_work": {"Overlevere forvaltningen"}}
	for _, k := range projects.ChecklistItems {
		form.Set("checklist."+k+".answer", "yes")
	}
	form.Del("checklist.line_ready.answer")
	page := pm.PostForm(fmt.Sprintf("/projects/%d/closure", pid), form)
	if page.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(page.Body, `href="#f-checklist.line_ready.answer"`) {
		t.Fatalf("incomplete checklist: %d", page.StatusCode)
	}
	if s := projectState(t, a, pid); s != directives.ProjectExecuting {
		t.Fatalf("refused submission moved the project: %s", s)
	}
	form.Set("checklist.line_ready.answer", "no")
	form.Set("checklist.line_ready.comment", "Forvaltningen får opplæring i januar")
	page = pm.PostForm(fmt.Sprintf("/projects/%d/closure", pid), form)
	if page.StatusCode != http.StatusSeeOther {
		t.Fatalf("submit closure: %d %s", page.StatusCode, page.Body)
	}
	var v projects.ClosureView
	res = chair.API("GET", base+"/closure", "")
	ctlStatus(t, "closure", res, http.StatusOK)
	json.Unmarshal([]byte(res.Body), &v)
	if v.Project.State != directives.ProjectClosing || v.Closure.CaseID == 0 || v.Closure.Checklist[3].Answer != "no" {
		t.Fatalf("after BP4 submission: %s", res.Body)
	}
	ctlStatus(t, "report in closing still allowed", pm.API("POST", base+"/status-reports", fmt.Sprintf(reportJSON, "2027-05", 3000000)), http.StatusCreated)
	ctlStatus(t, "final report before BP4", pm.API("PUT", base+"/final-report", `{"evaluation":"x"}`), http.StatusConflict)

	decideCase(t, a, chair, cp.Project.SteeringBodyID, v.Closure.CaseID, projects.EffectApproveClosure, time.Hour)

	// BP5: computed from the records.
	res = pm.API("GET", base+"/final-report", "")
	json.Unmarshal([]byte(res.Body), &v)
	f := v.Final
	if v.Closure.DecisionID == 0 || !v.MaySubmitFinal || len(f.Deliverables) != 1 || !f.Deliverables[0].Delivered() ||
		len(f.Milestones) != 2 || f.Milestones[0].SlipDays != 19 || f.CostPeriod != "2027-04" || f.ActualNOK != 1500000 || f.BudgetNOK != 4000000 {
		t.Fatalf("final report: %s", res.Body)
	}
	html := spaces(pm.Get(fmt.Sprintf("/projects/%d/final-report", pid)).Body)
	for _, want := range []string{"Kortere byggesaksbehandling", "Byggesak-API", "2027-09-20", "1 500 000", "4 000 000", "−2 500 000"} {
		if !strings.Contains(html, want) {
			t.Errorf("final report page lacks %q", want)
		}
	}
	ctlStatus(t, "final report without lessons", pm.API("POST", base+"/final-report/submit", `{"evaluation":"Målene er nådd"}`), http.StatusUnprocessableEntity)
	ctlStatus(t, "final report by a member", a.Client("member").API("POST", base+"/final-report/submit", `{"evaluation":"a","lessons_learned":"b"}`), http.StatusForbidden)
	res = pm.API("POST", base+"/final-report/submit", `{"evaluation":"Målene er nådd","lessons_learned":"Pilot tidlig"}`)
	ctlStatus(t, "final report", res, http.StatusOK)
	json.Unmarshal([]byte(res.Body), &v)
	if v.Project.State != directives.ProjectClosed || v.Closure.FinalCaseID == 0 {
		t.Fatalf("after the final report: %s", res.Body)
	}
	ctlStatus(t, "report on a closed project", pm.API("POST", base+"/status-reports", fmt.Sprintf(reportJSON, "2027-06", 3000000)), http.StatusConflict)

	decideCase(t, a, chair, cp.Project.SteeringBodyID, v.Closure.FinalCaseID, projects.EffectAcceptFinalReport, 3*time.Hour)
	if s := projectState(t, a, pid); s != directives.ProjectRealising {
		t.Fatalf("after BP5: %s", s)
	}
	if !strings.Contains(a.Client("anonymous").Get(fmt.Sprintf("/projects/%d", pid)).Body, "Gevinstrealisering") {
		t.Error("project page does not show realising")
	}
	if res := a.VerifyAudit(); !res.OK {
		t.Fatalf("audit: %+v", res)
	}
}

// demoClosureRealising: the demo's second project went through closure to
// realising, with both decisions linked and a final report computed from
// its plan.
func demoClosureRealising(t *testing.T, app *server.App, ps []*directives.Project) {
	t.Helper()
	ctx := context.Background()
	for _, p := range ps {
		if p.State != directives.ProjectRealising {
			continue
		}
		v, err := app.Control.Closure(ctx, policy.SystemActor, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		if v.Closure.DecisionID == 0 || v.Closure.FinalDecisionID == 0 || len(v.Final.Milestones) == 0 || v.Closure.Lessons == "" {
			t.Errorf("demo closure of %q: %+v %+v", p.Name, v.Closure, v.Final)
		}
		return
	}
	t.Error("no demo project in realising")
}
