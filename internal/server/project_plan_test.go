package server_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/samstyr/samstyr/internal/governance"
	"github.com/samstyr/samstyr/internal/policy"
	"github.com/samstyr/samstyr/internal/projects"
	"github.com/samstyr/samstyr/internal/testutil/apptest"
)

// TestProjectPlanFlow walks the project manager (a project role) through
// the plan in pages and API: activities with a deliverable, a refused
// date order and a refused cycle (422 naming the field, nothing stored),
// the Gantt chart with its table, the XLSX export read back cell by cell,
// the staffing plan, a project meeting in the iCalendar feed and "my
// projects"; a signed-in outsider sees the milestones only.
func TestProjectPlanFlow(t *testing.T) {
	a := apptest.New(t)
	ctx := context.Background()
	p := planTestProject(t, a, "Flytprosjekt")
	pm := a.NewPerson("pm", "oslo", "", false)
	a.People["pm"] = pm
	if err := a.DB.EnsureProjectRole(ctx, p.ID, pm.ID, "manager", time.Now().AddDate(0, -1, 0)); err != nil {
		t.Fatal(err)
	}
	c := a.Client("pm")
	base := fmt.Sprintf("/projects/%d", p.ID)
	res := c.PostForm(base+"/activities", url.Values{"kind": {"activity"}, "name": {"Analyse"}, "deliverable": {"Register"},
		"planned_start": {"2027-01-04"}, "planned_end": {"2027-02-26"}, "forecast_start": {"2027-01-04"}, "forecast_end": {"2027-03-12"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("manager adds an activity: %d %s", res.StatusCode, res.Body)
	}
	res = c.PostForm(base+"/activities", url.Values{"kind": {"activity"}, "name": {"Baklengs"}, "planned_start": {"2027-05-01"}, "planned_end": {"2027-04-01"}})
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, `id="e-planned_end"`) {
		t.Fatalf("dates out of order: %d", res.StatusCode)
	}
	res = c.API("POST", "/api/v1"+base+"/activities", `{"kind":"milestone","name":"Register i drift","planned_end":"2027-04-01","deliverable":"Register"}`)
	if res.StatusCode != http.StatusCreated {
		t.Fatalf("API milestone: %d %s", res.StatusCode, res.Body)
	}
	res = c.API("POST", "/api/v1"+base+"/activities", `{"kind":"activity","name":"Baklengs","planned_start":"2027-05-01","planned_end":"2027-04-01"}`)
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, `"field":"planned_end"`) {
		t.Fatalf("API dates out of order: %d %s", res.StatusCode, res.Body)
	}
	pl, err := a.Plan.Plan(ctx, policy.SystemActor, p.ID)
	if err != nil || len(pl.Activities) != 2 {
		t.Fatalf("plan: %+v %v", pl, err)
	}
	act, ms := pl.Activities[0], pl.Activities[1]
	res = c.API("POST", "/api/v1"+base+"/dependencies", fmt.Sprintf(`{"activity_id":%d,"depends_on_id":%d}`, ms.ID, act.ID))
	if res.StatusCode != http.StatusCreated {
		t.Fatalf("dependency: %d %s", res.StatusCode, res.Body)
	}
	audits := a.AuditCount()
	res = c.API("PATCH", fmt.Sprintf("/api/v1%s/activities/%d", base, act.ID), fmt.Sprintf(`{"name":"Sirkel","depends_on":[%d]}`, ms.ID))
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, `"field":"depends_on"`) {
		t.Fatalf("a cycle through the API: %d %s", res.StatusCode, res.Body)
	}
	if got, _ := a.DB.FindActivityByID(ctx, act.ID); got.Name != "Analyse" || len(got.DependsOn) != 0 || a.AuditCount() != audits {
		t.Fatalf("the refused cycle stored something: %+v", got)
	}
	// The Gantt chart and its table alternative: the slipped activity is
	// marked in words and with "!", not by colour alone.
	page := c.Get(base + "/plan")
	for _, want := range []string{`role="img"`, `<title id="gantt-title">`, `<desc id="gantt-desc">`, `id="plan-table"`, "! Analyse", "Forsinket 14 dager", "I dag"} {
		if !strings.Contains(page.Body, want) {
			t.Errorf("plan page lacks %q", want)
		}
	}
	// XLSX: the same rows, dates as dates.
	res = c.Get(base + "/plan.xlsx")
	if res.StatusCode != http.StatusOK || !strings.Contains(res.Header.Get("Content-Type"), "spreadsheetml") {
		t.Fatalf("xlsx: %d %s", res.StatusCode, res.Header.Get("Content-Type"))
	}
	x, err := excelize.OpenReader(strings.NewReader(res.Body))
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	sh := x.GetSheetName(0)
	cell := func(ref string) string {
		v, err := x.GetCellValue(sh, ref)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	for ref, want := range map[string]string{"A1": "Navn", "H1": "Forsinkelse (dager)", "A2": "Analyse", "B2": "Aktivitet", "C2": "Register",
		"D2": "2027-01-04", "E2": "2027-02-26", "F2": "2027-03-12", "H2": "14", "A3": "Register i drift", "B3": "Milepæl", "I3": "Analyse"} {
		if got := cell(ref); got != want {
			t.Errorf("xlsx %s = %q, want %q", ref, got, want)
		}
	}
	// Outsiders see the milestones only.
	out := a.Client("member")
	if pg := out.Get(base + "/plan"); !strings.Contains(pg.Body, "Register i drift") || strings.Contains(pg.Body, "Analyse") {
		t.Errorf("an outsider's plan page shows more than the milestones")
	}
	if res := out.API("GET", "/api/v1"+base+"/activities", ""); strings.Contains(res.Body, "Analyse") || strings.Contains(res.Body, `"deliverable"`) {
		t.Errorf("an outsider's API plan shows more than the milestones: %s", res.Body)
	}
	if res := out.Get(base + "/staffing"); res.StatusCode != http.StatusForbidden {
		t.Errorf("an outsider reads the staffing plan: %d", res.StatusCode)
	}
	// Staffing: the manager adds an open position; the role shows open.
	res = c.PostForm(base+"/staffing", url.Values{"role": {"architect"}, "organisation": {"KS"}, "share_pct": {"50"}, "from": {"2027-01-01"}, "to": {"2027-12-31"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("staffing line: %d", res.StatusCode)
	}
	if res = c.PostForm(base+"/staffing", url.Values{"role": {"architect"}, "organisation": {"KS"}, "share_pct": {"150"}, "from": {"2027-01-01"}, "to": {"2027-12-31"}}); res.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("a share of 150 %%: %d", res.StatusCode)
	}
	st, err := a.Plan.Staffing(ctx, policy.SystemActor, p.ID)
	if err != nil || len(st.Lines) != 1 || st.Required[1].Role != "architect" || st.Required[1].Status != projects.StaffRoleOpen {
		t.Fatalf("staffing after the form: %+v %v", st, err)
	}
	// A project meeting in the feed.
	res = c.PostForm(base+"/meetings", url.Values{"title": {"Arbeidsmøte om registeret"}, "starts_at": {"2027-02-01T09:00"}, "ends_at": {"2027-02-01T11:00"}, "place": {"KS-huset"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("project meeting: %d %s", res.StatusCode, res.Body)
	}
	ics := c.Get(base + "/calendar.ics")
	if !strings.Contains(ics.Body, "SUMMARY:Flytprosjekt: Arbeidsmøte om registeret") || !strings.Contains(ics.Body, "DTSTART:20270201T080000Z") {
		t.Errorf("calendar feed: %s", ics.Body)
	}
	if pub := a.NewClient().Get(base + "/calendar.ics"); strings.Contains(pub.Body, "Arbeidsmøte") {
		t.Errorf("the public's feed shows the project's own meetings")
	}
	if mine := c.Get("/account/projects"); !strings.Contains(mine.Body, "Flytprosjekt") || !strings.Contains(mine.Body, "Prosjektleder") {
		t.Errorf("my projects lacks the project or the role")
	}
	// Search-and-pick: another project's milestone, and a person for a
	// staffing line (only for those who write the plan).
	otherP := planTestProject(t, a, "Nabo-prosjekt")
	if err := a.Plan.CreateActivity(ctx, policy.SystemActor, otherP.ID, &projects.Activity{Kind: "milestone", Name: "Felles API klart", PlannedEnd: "2027-02-01"}); err != nil {
		t.Fatal(err)
	}
	if res := c.Get(fmt.Sprintf("/pick/milestone?q=felles+api&exclude=%d", p.ID)); !strings.Contains(res.Body, "Felles API klart (Nabo-prosjekt)") {
		t.Errorf("milestone pick: %s", res.Body)
	}
	if res := c.Get(fmt.Sprintf("/pick/milestone?q=drift&exclude=%d", p.ID)); strings.Contains(res.Body, "Register i drift") {
		t.Errorf("milestone pick offers the project's own milestone: %s", res.Body)
	}
	if res := c.Get(fmt.Sprintf("/pick/staffer?q=test+member&exclude=%d", p.ID)); !strings.Contains(res.Body, "Test member") {
		t.Errorf("person pick for the manager: %s", res.Body)
	}
	if res := out.Get(fmt.Sprintf("/pick/staffer?q=test&exclude=%d", p.ID)); res.StatusCode != http.StatusForbidden {
		t.Errorf("person pick for an outsider: %d", res.StatusCode)
	}
	// The steering group reads the whole plan and the staffing plan.
	b := &governance.Body{Kind: policy.BodySteeringGroup, Slug: "sg-flyt", NameNB: "SG", NameNN: "SG", NameEN: "SG", Active: true}
	if err := a.DB.CreateBody(ctx, b); err != nil {
		t.Fatal(err)
	}
	if err := a.DB.SetProjectSteeringBody(ctx, p.ID, b.ID); err != nil {
		t.Fatal(err)
	}
	sg := a.NewPerson("sg", "bergen", "", false)
	a.People["sg"] = sg
	if err := a.DB.CreateMembership(ctx, &governance.Membership{BodyID: b.ID, PersonID: sg.ID, Function: policy.FuncMember, Sector: "municipal",
		TermFrom: time.Now().AddDate(0, -1, 0), Status: "active"}); err != nil {
		t.Fatal(err)
	}
	sgc := a.Client("sg")
	if res := sgc.Get(base + "/staffing"); res.StatusCode != http.StatusOK {
		t.Errorf("the steering group reads the staffing plan: %d", res.StatusCode)
	}
	if pg := sgc.Get(base + "/plan"); !strings.Contains(pg.Body, "Analyse") {
		t.Errorf("the steering group does not see the whole plan")
	}
	if res := sgc.PostForm(base+"/meetings", url.Values{"title": {"X"}, "starts_at": {"2027-02-01T09:00"}, "ends_at": {"2027-02-01T11:00"}}); res.StatusCode != http.StatusForbidden {
		t.Errorf("the steering group writes the meeting plan: %d", res.StatusCode)
	}
	a.VerifyAudit()
}

// TestProjectPlanPagesWellFormed renders the plan's pages in every
// language for the secretariat (with the forms) and the public (the
// milestones only), with checkPage's rules: one h1, labelled controls,
// the CSRF token in POST forms, no untranslated key.
func TestProjectPlanPagesWellFormed(t *testing.T) {
	a := apptest.New(t)
	ctx := context.Background()
	p := planTestProject(t, a, "Sideprosjekt")
	x := &projects.Activity{Kind: "activity", Name: "Analyse", PlannedStart: "2027-01-04", PlannedEnd: "2027-02-26", ForecastEnd: "2027-03-20", ForecastStart: "2027-01-04"}
	if err := a.Plan.CreateActivity(ctx, policy.SystemActor, p.ID, x); err != nil {
		t.Fatal(err)
	}
	if err := a.Plan.CreateActivity(ctx, policy.SystemActor, p.ID, &projects.Activity{Kind: "milestone", Name: "Ferdig", PlannedEnd: "2027-04-01", DependsOn: []int64{x.ID}}); err != nil {
		t.Fatal(err)
	}
	if err := a.Plan.AddStaffLine(ctx, policy.SystemActor, p.ID, &projects.StaffLine{Role: "expert", Organisation: "KS", SharePct: 10, From: "2027-01-01", To: "2027-12-31"}); err != nil {
		t.Fatal(err)
	}
	base := fmt.Sprintf("/projects/%d", p.ID)
	pages := map[string][]string{
		"anonymous":   {base, base + "/plan", base + "/meetings"},
		"secretariat": {base, base + "/plan", base + "/activities/new", fmt.Sprintf("%s/activities/%d/edit", base, x.ID), base + "/staffing", base + "/meetings", "/account/projects"},
	}
	for _, lang := range []string{"nb", "nn", "en"} {
		for role, paths := range pages {
			c := a.Client(role)
			c.Lang = lang
			if role != "anonymous" {
				c.PostForm("/account/settings", map[string][]string{"locale": {lang}, "notify_mode": {"immediate"}})
			}
			for _, path := range paths {
				res := c.Get(path)
				if res.StatusCode != http.StatusOK {
					t.Errorf("%s %s as %s: status %d", lang, path, role, res.StatusCode)
					continue
				}
				checkPage(t, fmt.Sprintf("%s %s as %s", lang, path, role), lang, res)
			}
		}
	}
}
