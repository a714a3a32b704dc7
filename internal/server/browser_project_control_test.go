package server_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp/kb"

	"github.com/samstyr/samstyr/internal/policy"
	"github.com/samstyr/samstyr/internal/projects"
	"github.com/samstyr/samstyr/internal/testutil/apptest"
)

// controlPages makes a project with a risk and a deviation, so that the
// heat map and the registers have something to show.
func controlPages(t *testing.T, a *apptest.App, name string) *apptest.ControlProject {
	t.Helper()
	ctx := context.Background()
	cp := a.NewControlProject(name, apptest.ControlContent())
	k := &projects.Risk{ProjectID: cp.Project.ID, Title: "Leverandøren blir forsinket", Probability: 4, Consequence: 5, OwnerID: cp.Manager.ID, NextReview: "2027-03-01"}
	if err := a.Control.CreateRisk(ctx, policy.SystemActor, k); err != nil {
		t.Fatal(err)
	}
	d := &projects.Deviation{Type: "scope", Description: "Kommunene ønsker også dispensasjoner", Cause: "Nye behov"}
	if err := a.Control.CreateDeviation(ctx, policy.SystemActor, cp.Project.ID, d); err != nil {
		t.Fatal(err)
	}
	return cp
}

var _ = addBrowserFlows(
	browserFlow{"status report, deviations and risk registers", "secretariat", func(t *testing.T, b *tab) {
		cp := controlPages(t, b.a, "Nettleserprosjekt styring")
		pid := cp.Project.ID
		b.open(fmt.Sprintf("/projects/%d/status-reports/new", pid))
		b.checkAxe("status report form")
		b.fill("period", "2027-13", "work_done", "Pilot i Bergen")
		b.wantInvalid(b.submit("period"), "status report form", "period")
		b.fill("period", "2027-02")
		b.wantSaved(b.submit("period"), "status report form", "/status-reports/")
		if !strings.Contains(b.text("main"), "Leverandøren blir forsinket") || !strings.Contains(b.text("main"), "Kommunene ønsker også dispensasjoner") {
			t.Errorf("report page lacks the top risk or the open deviation from the records")
		}
		b.open(fmt.Sprintf("/projects/%d/risks", pid))
		b.checkAxe("project risk register with heat map")
		if eval[int](b, `document.querySelectorAll("svg.heatmap rect").length`) != 25 || b.text("table caption") == "" {
			t.Errorf("heat map is not 5×5 with a table alternative")
		}
		b.open("/risks")
		b.checkAxe("portfolio risk register")
		b.open(fmt.Sprintf("/projects/%d/deviations", pid))
		b.checkAxe("deviations")
		b.fill("description", "")
		b.wantInvalid(b.submit("description"), "deviation form", "description")
		b.fill("description", "Leveransen er mindre enn avtalt")
		b.wantSaved(b.submit("description"), "deviation form", fmt.Sprintf("/projects/%d/deviations/", pid))
		b.open("/status-reports/late")
		b.checkAxe("late reports")
		b.open(fmt.Sprintf("/projects/%d", pid))
		b.checkAxe("project page with control section")
	}},
)

var _ = addKeyboardFlows(
	keyboardFlow{"submit a status report", "secretariat", func(t *testing.T, b *tab) {
		cp := controlPages(t, b.a, "Tastaturprosjekt styring")
		pid := cp.Project.ID
		b.open(fmt.Sprintf("/projects/%d", pid))
		b.follow(fmt.Sprintf("/projects/%d/status-reports", pid))
		b.skipToMain()
		b.follow(fmt.Sprintf("/projects/%d/status-reports/new", pid))
		b.checkAxe("status report form (keyboard)")
		b.skipToMain()
		b.tabTo("#f-overall", false, 10)
		b.press(kb.ArrowDown, false) // green → amber
		b.tabTo("#f-work_done", false, 12)
		b.typeText("Pilot i Bergen er i gang")
		b.tabTo("#f-work_planned", false, 3)
		b.typeText("Opplæring av saksbehandlere")
		b.tabTo("#f-work_done", true, 3)
		b.tabTo("main form button[type=submit]", false, 40)
		if status := b.pressToLoad(kb.Enter); status != 200 || !strings.HasPrefix(b.path(), "/status-reports/") {
			t.Fatalf("save the draft by keyboard: status %d at %s", status, b.path())
		}
		b.checkAxe("status report draft (keyboard)")
		b.tabTo("#submit-report", false, 60)
		if status := b.pressToLoad(kb.Enter); status != 200 {
			t.Fatalf("submit by keyboard: status %d", status)
		}
		rs, err := b.a.Control.Reports(context.Background(), policy.SystemActor, pid)
		if err != nil || len(rs) != 1 {
			t.Fatalf("reports: %v %v", rs, err)
		}
		r := rs[0]
		if r.State != projects.ReportSubmitted || r.Overall != "amber" || r.WorkDone != "Pilot i Bergen er i gang" || r.WorkPlanned != "Opplæring av saksbehandlere" {
			t.Fatalf("report submitted by keyboard: %+v", r)
		}
		if b.text("#report-state") == "" {
			t.Error("report page shows no state")
		}
	}},
)
