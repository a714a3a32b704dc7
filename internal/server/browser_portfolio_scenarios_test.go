package server_test

import (
	"fmt"
	"strings"
	"testing"
)

var _ = addBrowserFlows(
	browserFlow{"live portfolio: candidates, a scenario saved, two compared", "secretariat", func(t *testing.T, b *tab) {
		altA, _, _ := scenarioCandidates(t, b.a, 2029)
		b.wantInvalid(b.open("/portfolio/live?from_year=2029&years=2"), "live portfolio over a year without a frame", "years")
		b.open("/portfolio/live?from_year=2029&years=1")
		b.checkAxe("live portfolio")
		if !strings.Contains(b.text("#candidates"), altA.Title) || !strings.Contains(b.text("#formula"), "S = 100") {
			t.Errorf("candidates: %q", b.text("#candidates"))
		}
		if status := b.submitPrimary("time_limit_run"); status != 200 || !strings.Contains(b.text("main"), altA.Title) {
			t.Fatalf("run: %d", status)
		}
		b.checkAxe("live portfolio with the result")
		b.fill("name", "")
		b.wantInvalid(b.submit("name"), "scenario form", "name")
		b.fill("name", "Nettleserscenario 1")
		b.wantSaved(b.submit("name"), "scenario form", "/portfolio/scenarios/")
		b.open("/portfolio/live?from_year=2029&years=1")
		b.fill("name", "Nettleserscenario 2")
		b.wantSaved(b.submit("name"), "scenario form", "/portfolio/scenarios/")
		b.open("/portfolio/scenarios")
		b.checkAxe("scenario list")
		list, err := b.a.DB.FindScenarios(t.Context())
		if err != nil || len(list) < 2 {
			t.Fatalf("scenarios: %v %d", err, len(list))
		}
		b.open(fmt.Sprintf("/portfolio/scenarios/compare?a=%d&b=%d", list[1].ID, list[0].ID))
		b.checkAxe("scenario comparison")
		if !strings.Contains(b.text("#both"), altA.Title) {
			t.Errorf("both: %q", b.text("#both"))
		}
	}},
)
