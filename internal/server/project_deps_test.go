package server_test

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"github.com/samstyr/samstyr/internal/policy"
	"github.com/samstyr/samstyr/internal/projects"
	"github.com/samstyr/samstyr/internal/testutil/apptest"
)

// depsScenario is two projects and a component: project A's activity
// "Bygg integrasjon" waits for B's milestone "Planregister API" (slipped
// six weeks, so A's chain to its end milestone is critical) and for the
// component "Fiks".
type depsScenario struct {
	A, B *apptest.ControlProject
	API  *projects.Activity
	End  *projects.Activity // A's end milestone
	Fiks *projects.Component
}

func newDepsScenario(t testing.TB, a *apptest.App) *depsScenario {
	ctx := context.Background()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	s := &depsScenario{A: a.NewControlProject("Byggesak digital", apptest.ControlContent()), B: a.NewControlProject("Planregister", apptest.ControlContent())}
	sys := policy.SystemActor
	s.API = &projects.Activity{Kind: projects.KindMilestone, Name: "Planregister API", PlannedEnd: "2027-02-15", ForecastEnd: "2027-04-01"}
	must(a.Plan.CreateActivity(ctx, sys, s.B.Project.ID, s.API))
	build := &projects.Activity{Kind: projects.KindActivity, Name: "Bygg integrasjon", PlannedStart: "2027-03-01", PlannedEnd: "2027-05-01", DependsOn: []int64{s.API.ID}}
	must(a.Plan.CreateActivity(ctx, sys, s.A.Project.ID, build))
	s.End = &projects.Activity{Kind: projects.KindMilestone, Name: "Byggesak i drift", PlannedEnd: "2027-05-01", DependsOn: []int64{build.ID}}
	must(a.Plan.CreateActivity(ctx, sys, s.A.Project.ID, s.End))
	s.Fiks = &projects.Component{Name: "Fiks", Owner: "KS", Status: projects.ComponentProduction}
	must(a.Plan.CreateComponent(ctx, sys, s.Fiks))
	must(a.Plan.AddComponentDep(ctx, sys, s.A.Project.ID, &projects.ComponentDep{ActivityID: build.ID, ComponentID: s.Fiks.ID}))
	return s
}

// TestDependencyViewPages checks the view in every language (well formed,
// the SVG with title and description, the table alternative with the
// slip in words, the critical chain), the project page's notice with its
// link, the report draft's slipped dependency, and the API.
func TestDependencyViewPages(t *testing.T) {
	a := apptest.New(t)
	s := newDepsScenario(t, a)
	for _, lang := range []string{"nb", "nn", "en"} {
		c := a.Client("member")
		c.Lang = lang
		c.PostForm("/account/settings", map[string][]string{"locale": {lang}, "notify_mode": {"immediate"}})
		res := c.Get("/portfolio/dependencies")
		if res.StatusCode != 200 {
			t.Fatalf("%s: status %d", lang, res.StatusCode)
		}
		checkPage(t, lang+" /portfolio/dependencies", lang, res)
		doc, err := goquery.NewDocumentFromReader(strings.NewReader(res.Body))
		if err != nil {
			t.Fatal(err)
		}
		if doc.Find(`svg[role="img"] title`).Length() != 1 || doc.Find(`svg[role="img"] desc`).Length() != 1 {
			t.Errorf("%s: the graph lacks its title or description", lang)
		}
		if n := doc.Find(`svg[role="img"] rect`).Length(); n != 3 {
			t.Errorf("%s: the graph has %d nodes, want 3 (two projects, Fiks)", lang, n)
		}
		row := doc.Find("#deps-table tbody tr.slipped")
		if row.Length() != 1 || !strings.Contains(row.Text(), "! ") || !strings.Contains(row.Text(), "45") || !strings.Contains(row.Text(), "Planregister API") {
			t.Errorf("%s: the slipped row in words: %q", lang, row.Text())
		}
		if chain := doc.Find("#chains-table tbody tr").First().Text(); !strings.Contains(chain, "Planregister API") || !strings.Contains(chain, "Byggesak i drift") ||
			doc.Find("#chains-table tbody tr strong").Length() == 0 {
			t.Errorf("%s: the critical chain: %q", lang, chain)
		}
	}
	if res := a.Client("anonymous").Get("/portfolio/dependencies"); res.StatusCode != 303 {
		t.Errorf("the public reaches the view: %d", res.StatusCode)
	}

	// The waiting project's page: the notice links to the other project.
	res := a.Client("anonymous").Get(fmt.Sprintf("/projects/%d", s.A.Project.ID))
	doc, _ := goquery.NewDocumentFromReader(strings.NewReader(res.Body))
	notice := doc.Find("#slipped-deps")
	if href, _ := notice.Find("a").Attr("href"); notice.Length() != 1 || !strings.Contains(notice.Text(), "Planregister") || href != fmt.Sprintf("/projects/%d/plan", s.B.Project.ID) {
		t.Errorf("project page notice %q (link %q)", notice.Text(), href)
	}
	res = a.Client("anonymous").Get(fmt.Sprintf("/projects/%d", s.B.Project.ID))
	if strings.Contains(res.Body, `id="slipped-deps"`) {
		t.Errorf("the project whose milestone slipped is flagged itself")
	}

	// The next report draft of A names the slipped dependency.
	pm := clientOf(a, s.A.Manager)
	res = pm.Get(fmt.Sprintf("/projects/%d/status-reports/new", s.A.Project.ID))
	doc, _ = goquery.NewDocumentFromReader(strings.NewReader(res.Body))
	if li := doc.Find("#report-slipped-deps li"); res.StatusCode != 200 || li.Length() != 1 || !strings.Contains(li.Text(), "Planregister API") {
		t.Errorf("report draft (%d): slipped dependencies %q", res.StatusCode, li.Text())
	}

	// The API gives the same view.
	res = a.Client("member").API("GET", "/api/v1/portfolio/dependencies", "")
	var v projects.DependencyView
	if err := json.Unmarshal([]byte(res.Body), &v); err != nil || res.StatusCode != 200 {
		t.Fatalf("API: %d %v", res.StatusCode, err)
	}
	if len(v.Links) != 2 || len(v.Chains) != 1 || !v.Chains[0].Critical || len(v.Components) != 1 {
		t.Errorf("API view: %d links, chains %+v, %d components", len(v.Links), v.Chains, len(v.Components))
	}
	a.VerifyAudit()
}
