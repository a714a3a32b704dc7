package server_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/samstyr/samstyr/internal/projects"
	"github.com/samstyr/samstyr/internal/testutil/apptest"
)

// referButton is the referral form's own button (the project search has
// a button of its own inside the form).
const referButton = `#refer form[method=post] > button[type=submit]`

var _ = addBrowserFlows(
	browserFlow{"project inputs: record, filter, refer", "secretariat", func(t *testing.T, b *tab) {
		ctx := context.Background()
		cp := b.a.NewControlProject("Nettleserprosjekt innspill", apptest.ControlContent())
		pid := cp.Project.ID
		// The secretariat's person takes part in the project, so the form shows.
		if err := b.a.DB.EnsureProjectRole(ctx, pid, b.a.People["secretariat"].ID, "expert", time.Now().AddDate(0, -1, 0)); err != nil {
			t.Fatal(err)
		}
		oos := &projects.Input{Kind: "out_of_scope", Title: "Utenfor mandatet", Text: "Gjelder *alle* kommuner."}
		if err := b.a.Control.CreateInput(ctx, b.a.ActorOf(cp.Manager), pid, oos); err != nil {
			t.Fatal(err)
		}
		b.open(fmt.Sprintf("/projects/%d/inputs", pid))
		b.checkAxe("project inputs")
		b.choose("kind", "veivalg")
		b.fill("title", "Valg av plattform", "text", "Vi må velge plattform.", "option-d0", "Skytjeneste")
		b.wantInvalid(b.submit("title"), "input form", "options")
		b.fill("option-c0", "Raskere", "option-d1", "Egen drift", "option-c1", "Dyrere")
		b.wantSaved(b.submit("title"), "input form", fmt.Sprintf("/projects/%d/inputs/", pid))
		b.checkAxe("veivalg")
		b.open(fmt.Sprintf("/projects/%d/inputs?kind=out_of_scope", pid))
		if !strings.Contains(b.text("main"), "Utenfor mandatet") || strings.Contains(b.text("main"), "Valg av plattform") {
			t.Errorf("the kind filter does not filter")
		}
		b.open(fmt.Sprintf("/projects/%d/inputs/%d", pid, oos.ID))
		b.checkAxe("out-of-scope input with the referral form")
		b.choose("referred_to", "project")
		b.wantInvalid(b.load("refer", chromedp.Click(chromedp.CSS(referButton))), "referral", "referred_project_id")
		b.choose("referred_to", "need")
		b.wantSaved(b.load("refer", chromedp.Click(chromedp.CSS(referButton))), "referral", fmt.Sprintf("/projects/%d/inputs/%d", pid, oos.ID))
		if b.text("#input-referral") == "" {
			t.Errorf("the referral is not shown")
		}
		b.checkAxe("referred input")
	}},
)
