package server_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/samstyr/samstyr/internal/config"
	"github.com/samstyr/samstyr/internal/mail/mailtest"
	"github.com/samstyr/samstyr/internal/projects"
	"github.com/samstyr/samstyr/internal/testutil/apptest"
)

// clientOf signs a fixture-less person in (pages) with their API token.
func clientOf(a *apptest.App, p *apptest.Person) *apptest.Client {
	c := a.NewClient()
	c.Token = p.Token
	c.Login(p.Email, apptest.Password)
	return c
}

func ctlStatus(t *testing.T, what string, res *apptest.Response, code int) {
	t.Helper()
	if res.StatusCode != code {
		t.Fatalf("%s: status %d, want %d: %s", what, res.StatusCode, code, res.Body)
	}
}

const reportJSON = `{"period":"%s","overall":"amber","rating":{"time":"green","cost":"red","scope":"green","quality":"green","risk":"amber","benefits":"green"},
 "work_done":"Pilot","costs":[{"year":2027,"actual_nok":1500000,"forecast_nok":%d},{"year":2028,"forecast_nok":1000000}],
 "milestones":[{"name":"Pilot","forecast":"2027-09-10"}]}`

// TestBreachToDecisionThroughHTTP: a status report whose cost forecast
// breaches the directive's tolerance, submitted through the API, raises a
// deviation, marks the project outside its approval on its page and puts
// an exception case before the steering group; a decision by someone
// outside the steering group is 403 and stores nothing; the chair's
// decision closes the deviation and the project is within its approval
// again. The public sees only the last reviewed report's overall rating.
func TestBreachToDecisionThroughHTTP(t *testing.T) {
	a := apptest.New(t)
	cp := a.NewControlProject("Digital byggesak", apptest.ControlContent())
	pid := cp.Project.ID
	pm, chair, steer := clientOf(a, cp.Manager), clientOf(a, cp.Chair), clientOf(a, cp.Steer)
	base := fmt.Sprintf("/api/v1/projects/%d", pid)

	ctlStatus(t, "report by a member", a.Client("member").API("POST", base+"/status-reports", fmt.Sprintf(reportJSON, "2027-04", 3500000)), http.StatusForbidden)
	res := pm.API("POST", base+"/status-reports", fmt.Sprintf(reportJSON, "2027-04", 3500000))
	ctlStatus(t, "report", res, http.StatusCreated)
	var rep projects.StatusReport
	json.Unmarshal([]byte(res.Body), &rep)
	if rep.Budget() != 4000000 || rep.Milestones[0].Planned != "2027-09-01" || len(rep.Milestones) != 2 {
		t.Fatalf("report not filled from the records: %+v", rep)
	}
	dup := pm.API("POST", base+"/status-reports", fmt.Sprintf(reportJSON, "2027-04", 1))
	ctlStatus(t, "second report of the period", dup, http.StatusUnprocessableEntity)
	if !strings.Contains(dup.Body, "2027-04") {
		t.Fatalf("second report: the period is not named: %s", dup.Body)
	}
	res = pm.API("POST", fmt.Sprintf("%s/status-reports/%d/submit", base, rep.ID), "")
	ctlStatus(t, "submit", res, http.StatusOK)
	var sub struct {
		Raised []*projects.Deviation `json:"raised_deviations"`
	}
	json.Unmarshal([]byte(res.Body), &sub)
	if len(sub.Raised) != 1 || sub.Raised[0].Type != "cost" || sub.Raised[0].CaseID == 0 || sub.Raised[0].State != "escalated" {
		t.Fatalf("raised: %s", res.Body)
	}
	dev := sub.Raised[0]
	page := a.Client("anonymous").Get(fmt.Sprintf("/projects/%d", pid))
	if page.StatusCode != 200 || !strings.Contains(page.Body, `id="outside-approval"`) {
		t.Fatalf("project page does not show it is outside its approval: %d", page.StatusCode)
	}
	if !strings.Contains(spaces(pm.Get(fmt.Sprintf("/projects/%d/deviations/%d", pid, dev.ID)).Body), "4 500 000") {
		t.Fatal("deviation page lacks the forecast")
	}

	// The steering group's meeting with the exception case on its agenda.
	start := time.Now().Add(time.Hour).Truncate(time.Minute)
	res = chair.API("POST", "/api/v1/meetings", fmt.Sprintf(`{"body_id":%d,"starts_at":"%s","ends_at":"%s","place":"Teams"}`,
		cp.Project.SteeringBodyID, start.Format(time.RFC3339), start.Add(time.Hour).Format(time.RFC3339)))
	ctlStatus(t, "meeting", res, http.StatusCreated)
	var m struct{ ID int64 }
	json.Unmarshal([]byte(res.Body), &m)
	ctlStatus(t, "on agenda", chair.API("POST", fmt.Sprintf("/api/v1/cases/%d/move", dev.CaseID), fmt.Sprintf(`{"to":"on_agenda","meeting_id":%d}`, m.ID)), http.StatusOK)
	ctlStatus(t, "publish", chair.API("POST", fmt.Sprintf("/api/v1/meetings/%d/publish", m.ID), ""), http.StatusOK)
	a.Meetings.Now = func() time.Time { return start.Add(30 * time.Minute) }
	ctlStatus(t, "hold", chair.API("POST", fmt.Sprintf("/api/v1/meetings/%d/hold", m.ID), ""), http.StatusOK)

	decision := `{"kind":"approval","text":"Avviket godtas.","unanimous":true,"effects":["deviation_accept"]}`
	ctlStatus(t, "decision by the secretariat, outside the steering group",
		a.Client("secretariat").API("POST", fmt.Sprintf("/api/v1/cases/%d/decision", dev.CaseID), decision), http.StatusForbidden)
	if c, _ := a.DB.FindCaseByID(context.Background(), dev.CaseID); c.State != "on_agenda" {
		t.Fatalf("a refused decision moved the case: %s", c.State)
	}
	if d, _ := a.DB.FindDeviationByID(context.Background(), dev.ID); d.State != "escalated" || d.DecisionID != 0 {
		t.Fatalf("a refused decision moved the deviation: %+v", d)
	}
	ctlStatus(t, "decision", chair.API("POST", fmt.Sprintf("/api/v1/cases/%d/decision", dev.CaseID), decision), http.StatusCreated)
	res = steer.API("GET", fmt.Sprintf("%s/deviations/%d", base, dev.ID), "")
	var got projects.Deviation
	json.Unmarshal([]byte(res.Body), &got)
	if got.State != "closed" || got.Outcome != "accept" || got.DecisionID == 0 || got.DecisionRef == "" {
		t.Fatalf("deviation after the decision: %s", res.Body)
	}
	if strings.Contains(a.Client("anonymous").Get(fmt.Sprintf("/projects/%d", pid)).Body, `id="outside-approval"`) {
		t.Fatal("still outside its approval after the decision")
	}

	// Review; the public sees only the overall rating of the last reviewed report.
	pub := a.Client("anonymous").API("GET", base+"/status-reports", "")
	if pub.StatusCode != 200 || strings.TrimSpace(pub.Body) != "[]" {
		t.Fatalf("public before review: %d %s", pub.StatusCode, pub.Body)
	}
	ctlStatus(t, "review by the manager", pm.API("POST", fmt.Sprintf("%s/status-reports/%d/review", base, rep.ID), ""), http.StatusForbidden)
	ctlStatus(t, "review", steer.API("POST", fmt.Sprintf("%s/status-reports/%d/review", base, rep.ID), `{"note":"Tatt til etterretning"}`), http.StatusOK)
	pub = a.Client("anonymous").API("GET", base+"/status-reports", "")
	if !strings.Contains(pub.Body, `"overall":"amber"`) || strings.Contains(pub.Body, "work_done") || strings.Contains(pub.Body, "costs") {
		t.Fatalf("public summary: %s", pub.Body)
	}
	ctlStatus(t, "public deviations", a.Client("anonymous").API("GET", base+"/deviations", ""), http.StatusUnauthorized)
	if res := a.VerifyAudit(); !res.OK {
		t.Fatalf("audit: %+v", res)
	}
}

// TestReportFormAndRiskErrors: the pages re-render with the field named
// (422) and store nothing.
func TestReportFormAndRiskErrors(t *testing.T) {
	a := apptest.New(t)
	cp := a.NewControlProject("Matrikkel", apptest.ControlContent())
	pm := clientOf(a, cp.Manager)
	pid := cp.Project.ID
	form := pm.Get(fmt.Sprintf("/projects/%d/status-reports/new", pid))
	if form.StatusCode != 200 || !strings.Contains(form.Body, "2027-09-01") || !strings.Contains(spaces(form.Body), "3 000 000") {
		t.Fatalf("new report form: %d, without the records' milestones and budget", form.StatusCode)
	}
	before := a.AuditCount()
	res := pm.PostForm(fmt.Sprintf("/projects/%d/status-reports", pid), map[string][]string{"period": {"2027-13"}, "overall": {"green"}})
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, `id="e-period"`) {
		t.Fatalf("bad period: %d", res.StatusCode)
	}
	if n := a.AuditCount(); n != before {
		t.Fatalf("a refused report added %d audit events", n-before)
	}
	// A draft made in the form, then edited: the period stays, 422 on a bad rating.
	ok := map[string][]string{"period": {"2027-02"}, "overall": {"green"}, "work_done": {"Oppstart"}}
	for _, d := range projects.Dimensions {
		ok["rating_"+d] = []string{"green"}
	}
	res = pm.PostForm(fmt.Sprintf("/projects/%d/status-reports", pid), ok)
	ctlStatus(t, "draft by form", res, http.StatusSeeOther)
	path := res.Header.Get("Location")
	if form := pm.Get(path + "/edit"); form.StatusCode != 200 || strings.Contains(form.Body, `id="f-period"`) {
		t.Fatalf("edit form: %d, or the period is editable", form.StatusCode)
	}
	ok["overall"], ok["work_done"] = []string{"blue"}, []string{"Endret"}
	if res := pm.PostForm(path, ok); res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, `id="e-overall"`) {
		t.Fatalf("edit with a bad rating: %d", res.StatusCode)
	}
	ok["overall"] = []string{"red"}
	ctlStatus(t, "edit", pm.PostForm(path, ok), http.StatusSeeOther)
	rs, _ := a.Control.Reports(context.Background(), a.ActorOf(cp.Manager), pid)
	if len(rs) != 1 || rs[0].Overall != "red" || rs[0].WorkDone != "Endret" || rs[0].Period != "2027-02" {
		t.Fatalf("edited draft: %+v", rs)
	}
	before = a.AuditCount()
	res = pm.PostForm(fmt.Sprintf("/projects/%d/risks", pid), map[string][]string{"title": {"R"}, "probability": {"7"}, "consequence": {"0"},
		"owner_id": {fmt.Sprint(cp.Manager.ID)}})
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, `id="e-probability"`) || !strings.Contains(res.Body, `id="e-consequence"`) {
		t.Fatalf("bad risk: %d", res.StatusCode)
	}
	if a.AuditCount() != before {
		t.Fatal("bad input stored something")
	}
	res = pm.PostForm(fmt.Sprintf("/projects/%d/risks", pid), map[string][]string{"title": {"Leverandør"}, "probability": {"4"}, "consequence": {"5"},
		"owner_id": {fmt.Sprint(cp.Manager.ID)}})
	ctlStatus(t, "risk", res, http.StatusSeeOther)
	ks, _ := a.Control.Risks(context.Background(), a.ActorOf(cp.Manager), projects.RiskFilter{ProjectID: pid})
	if len(ks) != 1 {
		t.Fatalf("risks: %+v", ks)
	}
	edit := pm.Get(fmt.Sprintf("/risks/%d/edit", ks[0].ID))
	if edit.StatusCode != 200 || !strings.Contains(edit.Body, fmt.Sprintf(`value="%d"`, cp.Manager.ID)) {
		t.Fatalf("risk edit form: %d, without its owner offered", edit.StatusCode)
	}
	ctlStatus(t, "risk edit", pm.PostForm(fmt.Sprintf("/risks/%d", ks[0].ID), map[string][]string{"title": {"Leverandør"}, "probability": {"2"},
		"consequence": {"5"}, "owner_id": {fmt.Sprint(cp.Manager.ID)}, "next_review": {"2027-02-01"}}), http.StatusSeeOther)
	if k, _ := a.Control.Risk(context.Background(), a.ActorOf(cp.Manager), ks[0].ID); k.Probability != 2 || k.NextReview != "2027-02-01" {
		t.Fatalf("edited risk: %+v", k)
	}
	reg := pm.Get(fmt.Sprintf("/projects/%d/risks", pid))
	if !strings.Contains(reg.Body, "<svg") || !strings.Contains(reg.Body, "Leverandør") || !strings.Contains(reg.Body, `<caption>`) {
		t.Fatal("risk register lacks the heat map, its table or the risk")
	}
}

// TestReportReminderMail: the daily job mails the project manager before
// the deadline, over a real SMTP server, once.
func TestReportReminderMail(t *testing.T) {
	smtp := mailtest.Start(t)
	a := apptest.NewWith(t, apptest.Options{Config: func(c *config.Config) {
		c.SMTP = config.SMTP{Host: smtp.Host, Port: smtp.Port, From: "samstyr <noreply@samstyr.test>", TLS: "none"}
	}})
	ctx := context.Background()
	cp := a.NewControlProject("Planinnsyn", apptest.ControlContent())
	a.Control.Now = func() time.Time { return time.Date(2027, 5, 6, 8, 0, 0, 0, time.UTC) }
	if n, err := a.Control.RemindReports(ctx); err != nil || n != 1 {
		t.Fatalf("reminders: %d %v", n, err)
	}
	if _, err := a.Jobs.RunDue(ctx); err != nil {
		t.Fatal(err)
	}
	msg := smtp.Wait(t, 1)[0]
	if msg.To != cp.Manager.Email || !strings.Contains(msg.Subject, "Statusrapport for Planinnsyn (2027-04)") || !strings.Contains(msg.Text, "Planinnsyn") {
		t.Fatalf("reminder to %s: %q\n%s", msg.To, msg.Subject, msg.Text)
	}
	if n, _ := a.Control.RemindReports(ctx); n != 0 {
		t.Fatal("reminded twice")
	}
}

// spaces turns the no-break spaces of formatted numbers into spaces.
func spaces(s string) string { return strings.NewReplacer("\u00a0", " ", "\u202f", " ").Replace(s) }
