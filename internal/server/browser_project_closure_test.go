package server_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/samstyr/samstyr/internal/directives"
	"github.com/samstyr/samstyr/internal/governance"
	"github.com/samstyr/samstyr/internal/testutil/apptest"
)

var _ = addBrowserFlows(
	browserFlow{"closing recommendation and final report", "secretariat", func(t *testing.T, b *tab) {
		c := apptest.ControlContent()
		c.Deliverables = []directives.Deliverable{{Name: "Planregister-API", Acceptance: "Godkjent i pilot"}}
		cp := b.a.NewControlProject("Nettleserprosjekt avslutning", c)
		pid := cp.Project.ID
		b.open(fmt.Sprintf("/projects/%d/closure", pid))
		b.checkAxe("closure page with checklist")
		submit := func() int64 {
			return b.load("submit", chromedp.Click(chromedp.CSS(`main form button[type=submit][value=submit]`)))
		}
		b.wantInvalidDotted(submit(), "closing recommendation", "checklist.results_meet_goals.answer", "remaining_work")
		b.run("answer yes to every item", chromedp.Evaluate[chromedp.Void](`document.querySelectorAll('input[type=radio][value=yes]').forEach(r => r.checked = true)`))
		b.fill("remaining_work", "Overlevere forvaltningen")
		b.wantSaved(submit(), "closing recommendation", fmt.Sprintf("/projects/%d/closure", pid))
		if !strings.Contains(b.text("#project-state"), "Avslutning") {
			t.Errorf("state after submitting: %q", b.text("#project-state"))
		}
		if err := b.a.Control.ApproveClosure(context.Background(), b.a.ActorOf(cp.Chair), []int64{pid}, governance.DecisionRef{BodyID: cp.Project.SteeringBodyID}); err != nil {
			t.Fatal(err)
		}
		b.open(fmt.Sprintf("/projects/%d/final-report", pid))
		b.checkAxe("final report with the computed tables")
		if eval[int](b, `document.querySelectorAll("#final-costs tbody th[scope=row]").length`) != 3 || !strings.Contains(b.text("#final-deliverables"), "Planregister-API") {
			t.Errorf("final report lacks the computed cost and deliverable tables")
		}
		b.wantInvalid(submit(), "final report", "evaluation", "lessons_learned")
		b.fill("evaluation", "Målene er nådd", "lessons_learned", "Tidlig pilot lønner seg")
		b.wantSaved(submit(), "final report", fmt.Sprintf("/projects/%d/final-report", pid))
		if !strings.Contains(b.text("#project-state"), "Avsluttet") {
			t.Errorf("state after the final report: %q", b.text("#project-state"))
		}
	}},
)
