package server_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// submitPrimary clicks the primary button of the form around the field
// (the form's pick has a search button of its own).
func (b *tab) submitPrimary(field string) int64 {
	b.t.Helper()
	sel := `form:has(#f-` + field + `) button[type=submit][data-variant=primary]`
	return b.load("submit "+sel, chromedp.Click(chromedp.CSS(sel)))
}

var _ = addBrowserFlows(
	browserFlow{"project plan: an activity, the Gantt chart and its table, the staffing plan", "secretariat", func(t *testing.T, b *tab) {
		p := planTestProject(t, b.a, "Nettleserprosjekt")
		b.open(fmt.Sprintf("/projects/%d/activities/new", p.ID))
		b.checkAxe("activity form")
		// Dates out of order: the form comes back naming the field.
		b.fill("name", "Analyse")
		b.choose("planned_start", "2027-03-01")
		b.choose("planned_end", "2027-01-31")
		b.wantInvalid(b.submitPrimary("name"), "activity form", "planned_end")
		b.checkAxe("activity form with errors")
		b.choose("planned_start", "2027-01-04")
		b.choose("planned_end", "2027-02-26")
		b.choose("forecast_start", "2027-01-04")
		b.choose("forecast_end", "2027-03-26")
		b.choose("deliverable", "Register")
		b.wantSaved(b.submitPrimary("name"), "activity form", fmt.Sprintf("/projects/%d/plan", p.ID))
		if !strings.Contains(b.text("#plan-table"), "Analyse") || !strings.Contains(b.text("#plan-table"), "!") {
			t.Errorf("the plan table lacks the slipped activity: %q", b.text("#plan-table"))
		}
		if n := eval[int](b, `document.querySelectorAll('svg[role="img"] title, svg[role="img"] desc').length`); n != 2 {
			t.Errorf("the Gantt chart has %d of title and desc, want 2", n)
		}
		b.checkAxe("plan page with the Gantt chart and the table")
		b.open(fmt.Sprintf("/projects/%d/staffing", p.ID))
		b.checkAxe("staffing plan")
		b.choose("role", "architect")
		b.fill("organisation", "KS", "share_pct", "40")
		b.choose("from", "2027-01-01")
		b.choose("to", "2027-12-31")
		b.wantSaved(b.submitPrimary("organisation"), "staffing form", fmt.Sprintf("/projects/%d/staffing", p.ID))
		if !strings.Contains(b.text("#required-roles"), "Ledig") {
			t.Errorf("the architect's role does not show open: %q", b.text("#required-roles"))
		}
		b.checkAxe("staffing plan with a line")
		b.open(fmt.Sprintf("/projects/%d/meetings", p.ID))
		b.checkAxe("meeting plan")
	}},
)
