package server_test

import (
	"fmt"
	"strings"
	"testing"
)

var _ = addBrowserFlows(
	browserFlow{"dependencies: the register of national components, the dependency view with its graph and tables, a project's component dependencies", "secretariat", func(t *testing.T, b *tab) {
		s := newDepsScenario(t, b.a)
		b.open("/portfolio/components")
		b.checkAxe("register of components")
		// A name missing and no owner: the form comes back naming both.
		b.fill("name", "")
		b.wantInvalid(b.submitPrimary("name"), "component form", "name", "owner")
		b.fill("name", "Fellestjenester BYGG")
		b.choose("owner", "DiBK")
		b.choose("status", "development")
		b.choose("planned_date", "2027-03-01")
		b.choose("forecast_date", "2027-04-15")
		b.wantSaved(b.submitPrimary("name"), "component form", "/portfolio/components")
		if row := b.text("#components-table"); !strings.Contains(row, "Fellestjenester BYGG") || !strings.Contains(row, "! ") {
			t.Errorf("the register lacks the slipped component in words: %q", row)
		}
		b.open("/portfolio/dependencies")
		if n := eval[int](b, `document.querySelectorAll('svg[role="img"] title, svg[role="img"] desc').length`); n != 2 {
			t.Errorf("the dependency graph has %d of title and desc, want 2", n)
		}
		if txt := b.text("#deps-table"); !strings.Contains(txt, "Planregister API") || !strings.Contains(txt, "!") {
			t.Errorf("the table alternative lacks the slipped milestone: %q", txt)
		}
		b.checkAxe("dependency view")
		b.open(fmt.Sprintf("/projects/%d/component-dependencies", s.A.Project.ID))
		b.checkAxe("component dependencies of a project")
		b.choose("activity_id", fmt.Sprint(s.End.ID))
		b.choose("component_id", fmt.Sprint(s.Fiks.ID))
		b.fill("note", "Mottak av søknader")
		b.wantSaved(b.submitPrimary("note"), "component dependency form", fmt.Sprintf("/projects/%d/component-dependencies", s.A.Project.ID))
		if txt := b.text("#component-deps"); !strings.Contains(txt, "Byggesak i drift") || !strings.Contains(txt, "Mottak av søknader") {
			t.Errorf("the project's component dependencies lack the new one: %q", txt)
		}
		b.open(fmt.Sprintf("/projects/%d", s.A.Project.ID))
		if !strings.Contains(b.text("#slipped-deps"), "Planregister") {
			t.Errorf("the project page lacks the notice: %q", b.text("#slipped-deps"))
		}
		b.checkAxe("project page with the notice")
	}},
)
