package server_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/samstyr/samstyr/internal/benefits"
	"github.com/samstyr/samstyr/internal/config"
	"github.com/samstyr/samstyr/internal/mail/mailtest"
	"github.com/samstyr/samstyr/internal/policy"
	"github.com/samstyr/samstyr/internal/seed"
	"github.com/samstyr/samstyr/internal/server"
	"github.com/samstyr/samstyr/internal/testutil"
	"github.com/samstyr/samstyr/internal/testutil/apptest"
)

// TestBenefitRealisation: a benefit taken from the approved directive
// (once, however often the import runs) is measured by its owner on the
// page and by the project manager through the API; bad measurements and a
// target date before the baseline are 422 naming the field and store
// nothing; the benefit page charts the measurements with a table; the
// overview counts the benefit behind its line as at risk; KommIT-rådet's
// BP6 decision (not the user council's) concludes it with the
// explanation and a link to the decision, after which the public sees it.
func TestBenefitRealisation(t *testing.T) {
	a := apptest.New(t)
	ctx := context.Background()
	bp := a.NewBenefitProject("Digital byggesøknad")
	b := bp.Benefits[0]
	sec := a.Client("secretariat")
	owner, pm := clientOf(a, bp.Owner), clientOf(a, bp.Manager)

	if n, err := a.Benefits.Import(ctx, policy.SystemActor, bp.Project.ID); err != nil || n != 0 {
		t.Fatalf("second import: %d %v", n, err)
	}
	if res := sec.PostForm(fmt.Sprintf("/projects/%d/benefits/import", bp.Project.ID), nil); res.StatusCode != 303 {
		t.Fatalf("import page: %d", res.StatusCode)
	}
	if _, bs, _ := a.Benefits.ProjectBenefits(ctx, policy.SystemActor, bp.Project.ID); len(bs) != 2 {
		t.Fatalf("benefits after three imports: %d", len(bs))
	}

	count := func() int {
		x, _, err := a.Benefits.Benefit(ctx, policy.SystemActor, b.ID)
		if err != nil {
			t.Fatal(err)
		}
		return len(x.Measurements)
	}
	before := a.AuditCount()
	path := fmt.Sprintf("/api/v1/benefits/%d/measurements", b.ID)
	for body, field := range map[string]string{
		`{"value":30}`:                                    "date",
		`{"value":"tretti","date":"2027-04-01"}`:          "value",
		`{"date":"2027-04-01"}`:                           "value",
		`{"value":30,"date":"2027-04-01","unit":"timer"}`: "unit",
		`{"value":30,"date":"2026-12-01"}`:                "date",
		`{"value":30,"date":"1. april"}`:                  "date",
	} {
		res := pm.API("POST", path, body)
		if res.StatusCode != 422 || !strings.Contains(res.Body, fmt.Sprintf(`"field":%q`, field)) {
			t.Errorf("%s: %d %s, want 422 naming %s", body, res.StatusCode, res.Body, field)
		}
	}
	if res := owner.PostForm(fmt.Sprintf("/benefits/%d/measurements", b.ID), url.Values{"value": {"mange"}, "date": {""}}); res.StatusCode != 422 ||
		!strings.Contains(res.Body, `id="e-value"`) || !strings.Contains(res.Body, `id="e-date"`) {
		t.Errorf("bad form measurement: %d", res.StatusCode)
	}
	if res := sec.PostForm(fmt.Sprintf("/benefits/%d", bp.Benefits[1].ID), url.Values{"description": {"Endret"}, "type": {"nok"},
		"baseline_date": {"2027-06-01"}, "target_date": {"2027-01-01"}}); res.StatusCode != 422 || !strings.Contains(res.Body, `id="e-target_date"`) {
		t.Errorf("target before baseline: %d", res.StatusCode)
	}
	if x, _, _ := a.Benefits.Benefit(ctx, policy.SystemActor, bp.Benefits[1].ID); x.Description == "Endret" {
		t.Error("the bad plan was stored")
	}
	if count() != 0 || a.AuditCount() != before {
		t.Fatal("bad input was stored")
	}
	if res := a.Client("member").API("POST", path, `{"value":30,"date":"2027-04-01"}`); res.StatusCode != 403 {
		t.Errorf("member measures: %d", res.StatusCode)
	}

	// The owner (another organisation) on the page, the manager through
	// the API: the first measurement moves the benefit to measuring.
	if res := owner.PostForm(fmt.Sprintf("/benefits/%d/measurements", b.ID), url.Values{"value": {"38,5"}, "date": {"2027-04-01"}, "comment": {"Første kvartal"}}); res.StatusCode != 303 {
		t.Fatalf("owner measures: %d %s", res.StatusCode, res.Body)
	}
	res := pm.API("POST", path, `{"value":37,"date":"2028-01-01","unit":"døgn"}`)
	if res.StatusCode != 201 {
		t.Fatalf("manager measures: %d %s", res.StatusCode, res.Body)
	}
	x, _, _ := a.Benefits.Benefit(ctx, policy.SystemActor, b.ID)
	if x.State != benefits.Measuring || len(x.Measurements) != 2 || x.Measurements[0].Value != 38.5 || x.Measurements[1].ByID != bp.Manager.ID {
		t.Fatalf("after measuring: %s %+v", x.State, x.Measurements)
	}

	// The page: a chart with a title and a description, and the table.
	doc := htmlDoc(t, owner.Get(fmt.Sprintf("/benefits/%d", b.ID)))
	if doc.Find(`svg#benefit-chart[role="img"] title`).Length() != 1 || doc.Find(`svg#benefit-chart desc`).Length() != 1 ||
		doc.Find(`svg#benefit-chart circle.chart__dot`).Length() != 3 {
		t.Error("the chart lacks its title, description or points")
	}
	if rows := doc.Find(`#benefit-measurements tbody tr`); rows.Length() != 4 || !strings.Contains(rows.Eq(1).Text(), "38,5") {
		t.Errorf("measurement table: %d rows: %q", rows.Length(), rows.Text())
	}
	// 37 days after a year of two is behind the line (about 30): at risk.
	var o benefits.Overview
	res = sec.API("GET", "/api/v1/benefits", "")
	if err := json.Unmarshal([]byte(res.Body), &o); err != nil || !o.Full || o.Total.Planned != 2 || o.Total.AtRisk < 1 {
		t.Fatalf("overview: %v %+v", err, o.Total)
	}
	if len(o.Projects) != 1 || len(o.Projects[0].Benefits[0].Measurements) != 2 {
		t.Errorf("overview rows: %+v", o.Projects)
	}
	doc = htmlDoc(t, sec.Get("/benefits"))
	if doc.Find(`#benefit-projects tbody tr`).Length() != 1 {
		t.Error("the overview has no project row")
	}

	// BP6: proposed by the secretariat, concluded by KommIT-rådet.
	if res := sec.PostForm(fmt.Sprintf("/benefits/%d/propose", b.ID), url.Values{"proposed_outcome": {"partly_realised"}}); res.StatusCode != 422 {
		t.Errorf("proposal without explanation: %d", res.StatusCode)
	}
	if res := sec.PostForm(fmt.Sprintf("/benefits/%d/propose", b.ID), url.Values{"proposed_outcome": {"partly_realised"},
		"explanation": {"Saksbehandlingstiden gikk ned, men ikke til målet."}}); res.StatusCode != 303 {
		t.Fatalf("proposal: %d", res.StatusCode)
	}
	if res := a.NewClient().Get(fmt.Sprintf("/benefits/%d", b.ID)); res.StatusCode != 303 {
		t.Errorf("the public sees a benefit being measured: %d", res.StatusCode)
	}
	decideOn(t, a, sec, policy.BodyUserCouncil, "benefit", b.ID, benefits.EffectConclude, 422)
	if x, _, _ := a.Benefits.Benefit(ctx, policy.SystemActor, b.ID); x.State != benefits.Measuring {
		t.Fatalf("after the user council: %s", x.State)
	}
	d := decideOn(t, a, sec, policy.BodyStrategicCouncil, "benefit", b.ID, benefits.EffectConclude, 201)
	x, _, _ = a.Benefits.Benefit(ctx, policy.SystemActor, b.ID)
	if x.State != benefits.PartlyRealised || x.DecisionID != int64(d["id"].(float64)) || x.Decision == nil {
		t.Fatalf("after KommIT-rådet: %s %d", x.State, x.DecisionID)
	}
	if res := pm.API("POST", path, `{"value":30,"date":"2029-01-01"}`); res.StatusCode != 409 {
		t.Errorf("measuring a concluded benefit: %d", res.StatusCode)
	}
	pub := a.NewClient()
	doc = htmlDoc(t, pub.Get(fmt.Sprintf("/benefits/%d", b.ID)))
	if doc.Find(`a[href^="/cases/"]`).Length() != 1 || !strings.Contains(doc.Find("dl").Text(), "ikke til målet") {
		t.Error("the public's benefit page lacks the decision or the explanation")
	}
	doc = htmlDoc(t, pub.Get("/benefits"))
	if doc.Find(`#benefit-projects`).Length() != 0 || doc.Find(`#benefit-realised li`).Length() != 1 {
		t.Error("the public's overview: rows shown or the realised benefit missing")
	}
	a.VerifyAudit()
}

// TestBenefitReminderMail: the daily job mails the benefit owner when a
// measurement is due, over a real SMTP server, once per due date.
func TestBenefitReminderMail(t *testing.T) {
	smtp := mailtest.Start(t)
	a := apptest.NewWith(t, apptest.Options{Config: func(c *config.Config) {
		c.SMTP = config.SMTP{Host: smtp.Host, Port: smtp.Port, From: "samstyr <noreply@samstyr.test>", TLS: "none"}
	}})
	ctx := context.Background()
	bp := a.NewBenefitProject("Planinnsyn")
	// Baselined 2027-01-01, quarterly: due 2027-04-01.
	a.Benefits.Now = func() time.Time { return time.Date(2027, 3, 1, 8, 0, 0, 0, time.UTC) }
	if n, err := a.Benefits.Remind(ctx); err != nil || n != 0 {
		t.Fatalf("a month early: %d %v", n, err)
	}
	a.Benefits.Now = func() time.Time { return time.Date(2027, 3, 28, 8, 0, 0, 0, time.UTC) }
	if n, err := a.Benefits.Remind(ctx); err != nil || n != 1 {
		t.Fatalf("reminders: %d %v", n, err)
	}
	if _, err := a.Jobs.RunDue(ctx); err != nil {
		t.Fatal(err)
	}
	msg := smtp.Wait(t, 1)[0]
	if msg.To != bp.Owner.Email || !strings.Contains(msg.Subject, "2027-04-01") || !strings.Contains(msg.Text, "Median saksbehandlingstid") {
		t.Fatalf("reminder to %s: %q\n%s", msg.To, msg.Subject, msg.Text)
	}
	if n, _ := a.Benefits.Remind(ctx); n != 0 {
		t.Fatal("reminded twice for one due date")
	}
	// Measured: the next is due a quarter later, reminded again then.
	if _, err := a.Benefits.Measure(ctx, policy.SystemActor, bp.Benefits[0].ID, benefits.MeasurementInput{Value: "36", On: "2027-04-01"}); err != nil {
		t.Fatal(err)
	}
	if n, _ := a.Benefits.Remind(ctx); n != 0 {
		t.Fatal("reminded right after measuring")
	}
	a.Benefits.Now = func() time.Time { return time.Date(2027, 6, 28, 8, 0, 0, 0, time.UTC) }
	if n, _ := a.Benefits.Remind(ctx); n != 1 {
		t.Fatal("no reminder for the next quarter")
	}
}

// TestDemoBenefits: the demo's benefits sit on a project with an approved
// directive, planned, baselined and measured up to today, one of them at
// risk; a second run adds nothing.
func TestDemoBenefits(t *testing.T) {
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
		if _, err := seed.DemoDirectives(ctx, app.DB, app.Meetings, app.Directives, time.Now()); err != nil {
			t.Fatal(err)
		}
		n, err := seed.DemoBenefits(ctx, app.DB, app.Benefits, time.Now())
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	if n := run(); n < 4 {
		t.Fatalf("demo measurements: %d", n)
	}
	if n := run(); n != 0 {
		t.Fatalf("second run recorded %d", n)
	}
	o, err := app.Benefits.Overview(ctx, policy.SystemActor)
	if err != nil {
		t.Fatal(err)
	}
	if o.Total.Planned < 2 || o.Total.AtRisk != 1 || len(o.Projects) != 1 {
		t.Fatalf("demo overview: %+v, %d projects", o.Total, len(o.Projects))
	}
	for _, b := range o.Projects[0].Benefits[:2] {
		if b.State != benefits.Measuring || len(b.Measurements) == 0 || b.OwnerID == 0 {
			t.Errorf("demo benefit %q: %s, %d measurements", b.Description, b.State, len(b.Measurements))
		}
	}
	if res, err := app.DB.VerifyAudit(ctx); err != nil || !res.OK {
		t.Fatalf("audit chain: %+v %v", res, err)
	}
}

// TestParallelBenefitMoveOneWins: many moves of one benefit to planned at
// once: one is taken, the others are 409, with one audit event.
func TestParallelBenefitMoveOneWins(t *testing.T) {
	a := apptest.New(t)
	bp := a.NewBenefitProject("Samtidig gevinst")
	id := bp.Benefits[1].ID
	sec := a.Client("secretariat")
	before := a.ChangeCount()
	statuses := parallelMoves(concurrentWrites, func(int) *apptest.Response {
		return sec.PostForm(fmt.Sprintf("/benefits/%d/move", id), url.Values{"to": {"planned"}})
	})
	oneWinner(t, "benefit move", statuses, 303)
	if got := auditEvents(t, a, "benefit.planned", fmt.Sprint(id), before); got != 1 {
		t.Errorf("benefit move: %d audit events, want 1", got)
	}
	// Measurements at once are all kept (no lost update of the state).
	b := bp.Benefits[0]
	statuses = parallelMoves(10, func(i int) *apptest.Response {
		return sec.API("POST", fmt.Sprintf("/api/v1/benefits/%d/measurements", b.ID), fmt.Sprintf(`{"value":%d,"date":"2027-04-%02d"}`, 30+i, i+1))
	})
	x, _, _ := a.Benefits.Benefit(context.Background(), policy.SystemActor, b.ID)
	if len(x.Measurements) != 10 || x.State != benefits.Measuring || auditEvents(t, a, "benefit.measuring", fmt.Sprint(b.ID), before) != 1 {
		t.Errorf("parallel measurements: %v, %d stored, state %s", statuses, len(x.Measurements), x.State)
	}
}
