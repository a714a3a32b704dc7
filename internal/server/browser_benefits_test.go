package server_test

import (
	"fmt"
	"strings"
	"testing"
)

var _ = addBrowserFlows(
	browserFlow{"benefit measured and charted", "secretariat", func(t *testing.T, b *tab) {
		bp := b.a.NewBenefitProject("Nettleser gevinst")
		id := bp.Benefits[0].ID
		b.open("/benefits")
		b.checkAxe("benefits overview")
		if !strings.Contains(b.text("#benefit-projects"), "Nettleser gevinst") {
			t.Errorf("overview rows: %q", b.text("#benefit-projects"))
		}
		b.open(fmt.Sprintf("/projects/%d/benefits", bp.Project.ID))
		b.checkAxe("a project's benefits")
		b.open(fmt.Sprintf("/benefits/%d", id))
		b.checkAxe("benefit page before measurements")
		b.fill("value", "mange")
		b.choose("date", "2027-04-01") // a date field takes its value, not typed keys
		b.wantInvalid(b.submit("value"), "measurement form", "value")
		b.checkAxe("measurement form with errors")
		b.fill("value", "35,5")
		b.choose("date", "2027-07-01")
		b.wantSaved(b.submit("value"), "measurement form", fmt.Sprintf("/benefits/%d", id))
		if !strings.Contains(b.text("#benefit-measurements"), "35,5") || !strings.Contains(b.text("#benefit-state"), "Måles") {
			t.Errorf("after measuring: %q / %q", b.text("#benefit-measurements"), b.text("#benefit-state"))
		}
		if got := eval[string](b, `document.querySelector("svg#benefit-chart title").textContent`); !strings.Contains(got, "Median saksbehandlingstid") {
			t.Errorf("chart title: %q", got)
		}
		b.checkAxe("benefit page with the chart")
	}},
)
