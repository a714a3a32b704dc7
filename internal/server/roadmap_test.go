package server_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"github.com/samstyr/samstyr/internal/catalog"
	"github.com/samstyr/samstyr/internal/policy"
	"github.com/samstyr/samstyr/internal/portfolio"
	"github.com/samstyr/samstyr/internal/projects"
	"github.com/samstyr/samstyr/internal/testutil/apptest"
)

// roadmapJSON reads GET /api/v1/roadmap as the client.
func roadmapJSON(t *testing.T, c *apptest.Client) []*portfolio.Initiative {
	t.Helper()
	res := c.API("GET", "/api/v1/roadmap", "")
	if res.StatusCode != 200 {
		t.Fatalf("roadmap: %d %s", res.StatusCode, res.Body)
	}
	var out struct{ Initiatives []*portfolio.Initiative }
	if err := json.Unmarshal([]byte(res.Body), &out); err != nil {
		t.Fatal(err)
	}
	return out.Initiatives
}

// TestRoadmapInitiatives: the secretariat adds initiatives through the
// page and the API; bad input (end before start, a half-year not like
// 2027H1, an actor that is not a state agency or KS, a dependency cycle)
// answers 422 naming the field and stores nothing; a project's
// initiative takes its half-years and slip from the project's last
// milestone; the public page draws the picture with text alternatives and
// the same data as a table.
func TestRoadmapInitiatives(t *testing.T) {
	a := apptest.New(t)
	ctx := context.Background()
	sec := a.Client("secretariat")
	ks, dibk, oslo := a.Organisations["ks"].ID, a.Organisations["dibk"].ID, a.Organisations["oslo"].ID
	std := &catalog.Standard{Code: "NPS", Name: "Nasjonal produktspesifikasjon", Owner: "KS"}
	if err := a.DB.CreateStandard(ctx, std); err != nil {
		t.Fatal(err)
	}
	pid, err := a.DB.EnsureProject(ctx, "eByggesak")
	if err != nil {
		t.Fatal(err)
	}
	// The plan: started this half-year, the last milestone 20 days late.
	now := time.Now().UTC()
	day := func(d int) string { return now.AddDate(0, 0, d).Format("2006-01-02") }
	for _, x := range []*projects.Activity{
		{ProjectID: pid, Kind: "activity", Name: "Bygg", PlannedStart: day(-10), PlannedEnd: day(100)},
		{ProjectID: pid, Kind: "milestone", Name: "Første", PlannedStart: day(30), PlannedEnd: day(30), ActualEnd: day(30)},
		{ProjectID: pid, Kind: "milestone", Name: "Levert", PlannedStart: day(100), PlannedEnd: day(100), ForecastEnd: day(120)},
	} {
		if err := a.DB.CreateActivity(ctx, x); err != nil {
			t.Fatal(err)
		}
	}
	count := func() int { return len(roadmapJSON(t, sec)) }
	before := a.AuditCount()
	good := url.Values{"title": {"Fellestjenester PLAN"}, "area": {"plan"}, "actor_id": {fmt.Sprint(dibk)}, "start": {"2027H1"}, "end": {"2028H2"},
		"standards": {fmt.Sprint(std.ID)}}
	with := func(k, v string) url.Values {
		c := url.Values{}
		for kk, vv := range good {
			c[kk] = vv
		}
		c.Set(k, v)
		return c
	}
	for field, bad := range map[string]url.Values{
		"end":      with("end", "2026H2"),
		"start":    with("start", "våren 2027"),
		"actor_id": with("actor_id", fmt.Sprint(oslo)),
	} {
		res := sec.PostForm("/roadmap/initiatives", bad)
		if res.StatusCode != 422 || !strings.Contains(res.Body, `id="e-`+field+`"`) {
			t.Errorf("%s: %d", field, res.StatusCode)
		}
	}
	if res := sec.API("POST", "/api/v1/roadmap/initiatives", `{"title":"X","area":"plan","actor_id":99999,"start":"2027H1","end":"2027H1"}`); res.StatusCode != 422 || !strings.Contains(res.Body, `"actor_id"`) {
		t.Errorf("API unknown actor: %d %s", res.StatusCode, res.Body)
	}
	if count() != 0 || a.AuditCount() != before {
		t.Fatal("bad input was stored")
	}
	if res := sec.PostForm("/roadmap/initiatives", good); res.StatusCode != 303 {
		t.Fatalf("create: %d %s", res.StatusCode, res.Body)
	}
	plan := roadmapJSON(t, sec)[0]
	res := sec.API("POST", "/api/v1/roadmap/initiatives", fmt.Sprintf(`{"title":"eByggesak","area":"bygg","actor_id":%d,"start":"2027H1","end":"2027H1","project_id":%d,"depends_on":[%d]}`, ks, pid, plan.ID))
	if res.StatusCode != 201 {
		t.Fatalf("API create: %d %s", res.StatusCode, res.Body)
	}
	var bygg portfolio.Initiative
	_ = json.Unmarshal([]byte(res.Body), &bygg)
	half := portfolio.HalfOf(now.AddDate(0, 0, -10)).String()
	if bygg.Start != half || bygg.SlipDays != 20 || !bygg.Slipped || bygg.Horizon != portfolio.HorizonNow || bygg.Status != portfolio.InitiativePlanned || bygg.ProjectName != "eByggesak" {
		t.Errorf("project initiative: %+v", bygg)
	}
	// A cycle: PLAN would depend on eByggesak, which depends on PLAN.
	before = a.AuditCount()
	res = sec.API("PUT", fmt.Sprintf("/api/v1/roadmap/initiatives/%d", plan.ID), fmt.Sprintf(`{"title":"Fellestjenester PLAN","area":"plan","actor_id":%d,"start":"2027H1","end":"2028H2","depends_on":[%d]}`, dibk, bygg.ID))
	if res.StatusCode != 422 || !strings.Contains(res.Body, `"depends_on"`) {
		t.Errorf("cycle: %d %s", res.StatusCode, res.Body)
	}
	if got := roadmapJSON(t, sec)[0]; len(got.DependsOn) != 0 || a.AuditCount() != before {
		t.Errorf("the cycle was stored: %+v", got.DependsOn)
	}
	if res := a.Client("user_council").API("POST", "/api/v1/roadmap/initiatives", `{"title":"X"}`); res.StatusCode != 403 {
		t.Errorf("user council creates: %d", res.StatusCode)
	}
	// The public page: picture with title and desc, slipped marked in text, the table.
	doc := htmlDoc(t, a.NewClient().Get("/roadmap"))
	if doc.Find("svg[role=img] > title").Length() != 1 || doc.Find("svg[role=img] > desc").Length() != 1 {
		t.Error("the picture lacks its title or description")
	}
	if txt := doc.Find("svg").Text(); !strings.Contains(txt, "! eByggesak") || !strings.Contains(txt, "20") {
		t.Errorf("slip not marked in the picture's text: %q", txt)
	}
	row := doc.Find(fmt.Sprintf("#initiative-%d", bygg.ID))
	if !strings.Contains(row.Text(), "20 dager") || !strings.Contains(row.Text(), "Fellestjenester PLAN") || row.Find("th[scope=row]").Length() != 1 {
		t.Errorf("table row: %q", row.Text())
	}
	if doc.Find(fmt.Sprintf("#initiative-%d abbr[title]", plan.ID)).Text() != "NPS" {
		t.Error("the standard is not shown")
	}
	a.VerifyAudit()
}

// TestRoadmapEndorsement: the secretariat freezes the roadmap; the user
// council's decision with endorse_roadmap is refused; KommIT-rådet's
// endorses it with the decision; a second version with a moved, an added
// and a changed initiative is frozen and endorsed; the diff page and the
// API show the differences; a frozen version is hidden from the public
// until endorsed.
func TestRoadmapEndorsement(t *testing.T) {
	a := apptest.New(t)
	ctx := context.Background()
	sec := a.Client("secretariat")
	ks := a.Organisations["ks"].ID
	mk := func(title, start, end string) *portfolio.Initiative {
		in, err := a.Portfolio.CreateInitiative(ctx, policy.SystemActor, portfolio.InitiativeInput{Title: title, Area: "geodata", ActorID: ks, Start: start, End: end})
		if err != nil {
			t.Fatal(err)
		}
		return in
	}
	geo := mk("GeoIntegrasjon neste generasjon", "2027H1", "2027H2")
	fiks := mk("Fiks Matrikkelføring", "2027H1", "2027H1")
	if res := sec.PostForm("/roadmap/versions", url.Values{"version_title": {""}}); res.StatusCode != 422 || !strings.Contains(res.Body, `id="e-version_title"`) {
		t.Errorf("empty version title: %d", res.StatusCode)
	}
	if res := sec.PostForm("/roadmap/versions", url.Values{"version_title": {"Veikart 2027"}}); res.StatusCode != 303 || res.Header.Get("Location") != "/roadmap/versions/1" {
		t.Fatalf("freeze: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	v1, err := a.DB.FindRoadmapVersion(ctx, 1)
	if err != nil || len(v1.Initiatives) != 2 || v1.State != portfolio.VersionFrozen {
		t.Fatalf("v1: %+v %v", v1, err)
	}
	pub := a.NewClient()
	if res := pub.Get("/roadmap/versions/1"); res.StatusCode != 404 {
		t.Errorf("the public sees a frozen version: %d", res.StatusCode)
	}
	decideOn(t, a, sec, policy.BodyUserCouncil, "roadmap_version", v1.ID, portfolio.EffectEndorseRoadmap, 422)
	if v, _ := a.DB.FindRoadmapVersion(ctx, 1); v.State != portfolio.VersionFrozen {
		t.Fatal("the user council's decision endorsed the roadmap")
	}
	d := decideOn(t, a, sec, policy.BodyStrategicCouncil, "roadmap_version", v1.ID, portfolio.EffectEndorseRoadmap, 201)
	v1, _ = a.DB.FindRoadmapVersion(ctx, 1)
	if v1.State != portfolio.VersionEndorsed || v1.DecisionID != int64(d["id"].(float64)) || v1.Decision == nil {
		t.Fatalf("after the decision: %+v", v1)
	}
	doc := htmlDoc(t, pub.Get("/roadmap/versions/1"))
	if doc.Find(`a[href^="/cases/"]`).Length() == 0 || doc.Find("#roadmap-table tbody tr").Length() != 2 {
		t.Error("the endorsed version does not link its decision or lacks its initiatives")
	}
	// Changes after the endorsement leave version 1 as it was.
	if _, err := a.Portfolio.UpdateInitiative(ctx, policy.SystemActor, geo.ID, portfolio.InitiativeInput{Title: geo.Title, Area: "geodata", ActorID: ks,
		Start: "2027H2", End: "2028H1"}); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Portfolio.UpdateInitiative(ctx, policy.SystemActor, fiks.ID, portfolio.InitiativeInput{Title: fiks.Title, Area: "geodata", ActorID: ks,
		Start: "2027H1", End: "2027H1", Status: portfolio.InitiativeOngoing}); err != nil {
		t.Fatal(err)
	}
	mk("DOK-revisjon 2028", "2028H1", "2028H1")
	v2, err := a.Portfolio.FreezeRoadmap(ctx, policy.SystemActor, "Veikart 2027, revidert")
	if err != nil {
		t.Fatal(err)
	}
	if v, _ := a.DB.FindRoadmapVersion(ctx, 1); v.Initiatives[0].Start != "2027H1" && v.Initiatives[1].Start != "2027H1" {
		t.Error("the endorsed snapshot changed")
	}
	decideOn(t, a, sec, policy.BodyStrategicCouncil, "roadmap_version", v2.ID, portfolio.EffectEndorseRoadmap, 201)
	doc = htmlDoc(t, pub.Get("/roadmap/diff?from=1&to=2"))
	kinds := map[string]string{}
	doc.Find("#roadmap-diff tbody tr").Each(func(_ int, s *goquery.Selection) {
		kinds[strings.TrimSpace(s.Find("th").Text())] = strings.TrimSpace(s.Find("td strong").Text())
	})
	want := map[string]string{geo.Title: "Flyttet (halvår endret)", fiks.Title: "Endret", "DOK-revisjon 2028": "Lagt til"}
	for k, v := range want {
		if kinds[k] != v {
			t.Errorf("diff %q: %q, want %q (all %v)", k, kinds[k], v, kinds)
		}
	}
	if len(kinds) != 3 {
		t.Errorf("diff rows: %v", kinds)
	}
	if res := pub.API("GET", "/api/v1/roadmap?version=2", ""); res.StatusCode != 200 || !strings.Contains(res.Body, "DOK-revisjon 2028") {
		t.Errorf("API version 2: %d", res.StatusCode)
	}
	if res := pub.API("GET", "/api/v1/roadmap?version=to", ""); res.StatusCode != 422 || !strings.Contains(res.Body, `"version"`) {
		t.Errorf("API version not a number: %d", res.StatusCode)
	}
	a.VerifyAudit()
}
