package server_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/samstyr/samstyr/internal/directives"
	"github.com/samstyr/samstyr/internal/needs"
	"github.com/samstyr/samstyr/internal/policy"
	"github.com/samstyr/samstyr/internal/portfolio"
	"github.com/samstyr/samstyr/internal/testutil/apptest"
)

// pfFixture is a small portfolio: an idea (DiBK responsible), a concept
// with a draft directive (3 MNOK DigiFin 2027), and an approved project
// (2 MNOK DigiFin 2027, 1 MNOK KS 2028) with a planned benefit.
type pfFixture struct {
	idea, concept, projIdea *directives.Idea
	dir                     *directives.Directive
	proj                    *directives.Project
}

func newPortfolio(t *testing.T, a *apptest.App) *pfFixture {
	t.Helper()
	ctx := context.Background()
	f := &pfFixture{}
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	f.idea = &directives.Idea{Title: "Digital byggesøknad for små tiltak", Source: directives.SourceGuideline, Purpose: "Enklere søknader",
		Owner: "Kari Idé", State: directives.IdeaIdea, CostNOK: 500000}
	must(a.DB.CreateIdea(ctx, f.idea))
	f.concept = &directives.Idea{Title: "Nasjonal planprosess", Source: directives.SourceGuideline, Purpose: "Felles prosess", State: directives.IdeaConcept}
	must(a.DB.CreateIdea(ctx, f.concept))
	f.dir = &directives.Directive{IdeaID: f.concept.ID, Title: "Styringsdokument for planprosess", State: directives.Draft, Version: 1}
	must(a.DB.CreateDirective(ctx, f.dir))
	must(a.DB.CreateDirectiveVersion(ctx, &directives.Version{DirectiveID: f.dir.ID, Number: 1, Content: directives.Content{
		Budget:   []directives.BudgetLine{{Year: 2027, Source: "digifin", AmountNOK: 3000000}},
		Benefits: []directives.Benefit{{Text: "Kortere planprosess", Type: "quality"}}, OwnerID: a.People["strategic_council"].ID}}))
	f.projIdea = &directives.Idea{Title: "Felles planregister", Source: directives.SourceGuideline, Purpose: "Ett register", State: directives.IdeaProject}
	must(a.DB.CreateIdea(ctx, f.projIdea))
	pd := &directives.Directive{IdeaID: f.projIdea.ID, Title: "Felles planregister", State: directives.Draft, Version: 1}
	must(a.DB.CreateDirective(ctx, pd))
	must(a.DB.CreateDirectiveVersion(ctx, &directives.Version{DirectiveID: pd.ID, Number: 1, Content: directives.Content{
		Benefits: []directives.Benefit{{Text: "Færre feil i planer", Type: "nok", Owner: "Planetaten"}}}}))
	f.proj = &directives.Project{Name: "Felles planregister", State: directives.ProjectPlanning, IdeaID: f.projIdea.ID, DirectiveID: pd.ID,
		OwnerID: a.People["strategic_council"].ID, ManagerID: a.People["secretariat"].ID,
		Budget: []directives.BudgetLine{{Year: 2027, Source: "digifin", AmountNOK: 2000000}, {Year: 2028, Source: "ks", AmountNOK: 1000000}}}
	must(a.DB.CreateApprovedProject(ctx, f.proj))
	pd.State, pd.ApprovedVersion, pd.ProjectID = directives.Approved, 1, f.proj.ID
	must(a.DB.UpdateDirective(ctx, pd))
	must(a.DB.SetPortfolioActor(ctx, "idea", f.idea.ID, a.Organisations["dibk"].ID))
	return f
}

func overviewJSON(t *testing.T, c *apptest.Client, query string) *portfolio.Overview {
	t.Helper()
	res := c.API("GET", "/api/v1/portfolio?"+query, "")
	if res.StatusCode != 200 {
		t.Fatalf("GET /api/v1/portfolio?%s: %d %s", query, res.StatusCode, res.Body)
	}
	var o portfolio.Overview
	if err := json.Unmarshal([]byte(res.Body), &o); err != nil {
		t.Fatal(err)
	}
	return &o
}

func titles(o *portfolio.Overview) []string {
	var out []string
	for _, it := range o.Items {
		out = append(out, it.Title)
	}
	return out
}

// TestPortfolioOverview: the secretariat sees every stage with owners,
// actors and budgets; the public sees the project only; filters, sorting
// and the sums per year and source hold on the page and the API.
func TestPortfolioOverview(t *testing.T) {
	a := apptest.New(t)
	f := newPortfolio(t, a)
	sec := a.Client("secretariat")

	o := overviewJSON(t, sec, "")
	if !o.Full || len(o.Items) != 3 {
		t.Fatalf("secretariat sees %v (full %v)", titles(o), o.Full)
	}
	kinds := map[string]*portfolio.Item{}
	for _, it := range o.Items {
		kinds[it.Kind] = it
	}
	if it := kinds["idea"]; it == nil || it.Actor != "Direktoratet for byggkvalitet" || it.Owner != "Kari Idé" || it.EstimateNOK != 500000 {
		t.Errorf("idea row: %+v", it)
	}
	if it := kinds["directive"]; it == nil || it.State != "draft" || it.Owner != a.People["strategic_council"].Name || len(it.Budget) != 1 || it.Budget[0].Approved {
		t.Errorf("directive row: %+v", it)
	}
	if it := kinds["project"]; it == nil || len(it.Budget) != 2 || !it.Budget[0].Approved || len(it.Benefits) != 1 || it.Benefits[0].Text != "Færre feil i planer" {
		t.Errorf("project row: %+v", it)
	}
	if c := o.Cell(2027, "digifin"); c.Approved != 2000000 || c.Planned != 3000000 || c.Frame != nil {
		t.Errorf("2027 digifin: %+v", c)
	}

	// Filters: year, source, actor, state, kind; sorting.
	if got := titles(overviewJSON(t, sec, "year=2028")); len(got) != 1 || got[0] != "Felles planregister" {
		t.Errorf("year=2028: %v", got)
	}
	if got := titles(overviewJSON(t, sec, "source=digifin")); len(got) != 2 {
		t.Errorf("source=digifin: %v", got)
	}
	if got := titles(overviewJSON(t, sec, fmt.Sprintf("actor_id=%d", a.Organisations["dibk"].ID))); len(got) != 1 || got[0] != f.idea.Title {
		t.Errorf("actor: %v", got)
	}
	if got := titles(overviewJSON(t, sec, "state=draft")); len(got) != 1 || got[0] != f.dir.Title {
		t.Errorf("state=draft: %v", got)
	}
	if got := titles(overviewJSON(t, sec, "sort=budget&desc=true")); got[0] != "Felles planregister" || got[2] != f.idea.Title {
		t.Errorf("sort by budget, descending: %v", got)
	}
	if got := titles(overviewJSON(t, sec, "sort=title")); got[0] != f.idea.Title || got[1] != "Felles planregister" {
		t.Errorf("sort by title: %v", got)
	}
	if y := overviewJSON(t, sec, "year=2028"); len(y.Cells) != 1 || y.Cells[0].Approved != 1000000 {
		t.Errorf("sums with year=2028: %+v", y.Cells)
	}
	if res := sec.API("GET", "/api/v1/portfolio?source=gold", ""); res.StatusCode != 422 || !strings.Contains(res.Body, `"field":"source"`) {
		t.Errorf("unknown source: %d %s", res.StatusCode, res.Body)
	}

	// The public: the project only, no ideas, no directives, no frames.
	pub := overviewJSON(t, a.NewClient(), "")
	if pub.Full || len(pub.Items) != 1 || pub.Items[0].Kind != "project" || len(pub.Actors) != 0 {
		t.Fatalf("public sees %v", titles(pub))
	}
	for _, role := range []string{"member", "vendor"} {
		if o := overviewJSON(t, a.Client(role), ""); o.Full || len(o.Items) != 1 {
			t.Errorf("%s sees %v", role, titles(o))
		}
	}
	page := a.NewClient().Get("/portfolio/overview")
	if page.StatusCode != 200 || !strings.Contains(page.Body, "Felles planregister") || strings.Contains(page.Body, f.idea.Title) || strings.Contains(page.Body, f.dir.Title) {
		t.Errorf("public page: %d, shows idea or directive: %v", page.StatusCode, strings.Contains(page.Body, f.idea.Title))
	}

	// The page: filter and sort by query, links between the overview and
	// the optimiser.
	page = sec.Get("/portfolio/overview?source=ks")
	doc := htmlDoc(t, page)
	if n := doc.Find("#portfolio-items tbody tr").Length(); n != 1 {
		t.Errorf("page with source=ks: %d rows", n)
	}
	if doc.Find(`a[href="/portfolio"]`).Length() == 0 || doc.Find(`a[href^="/portfolio/overview.xlsx?source=ks"]`).Length() == 0 {
		t.Error("the overview does not link to the optimiser or to the filtered export")
	}
	if !strings.Contains(sec.Get("/portfolio").Body, `href="/portfolio/overview"`) {
		t.Error("the optimiser page does not link to the overview")
	}
	doc = htmlDoc(t, sec.Get("/portfolio/overview?sort=title&desc=1"))
	if first := strings.TrimSpace(doc.Find("#portfolio-items tbody tr th").First().Text()); first != "Nasjonal planprosess" && first != f.dir.Title {
		t.Errorf("first row sorted by title descending: %q", first)
	}
	if v, _ := doc.Find(`th[aria-sort="descending"]`).Attr("aria-sort"); v != "descending" {
		t.Error("the sorted column has no aria-sort")
	}
}

// TestPortfolioXLSX reads the export back: the same filtered rows and the
// sums with the frame.
func TestPortfolioXLSX(t *testing.T) {
	a := apptest.New(t)
	newPortfolio(t, a)
	sec := a.Client("secretariat")
	res := sec.Get("/portfolio/overview.xlsx?source=digifin&sort=title")
	if res.StatusCode != 200 || !strings.Contains(res.Header.Get("Content-Type"), "spreadsheetml") {
		t.Fatalf("xlsx: %d %s", res.StatusCode, res.Header.Get("Content-Type"))
	}
	x, err := excelize.OpenReader(bytes.NewReader([]byte(res.Body)))
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	sheets := x.GetSheetList()
	if len(sheets) != 2 {
		t.Fatalf("sheets %v", sheets)
	}
	rows, err := x.GetRows(sheets[0])
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 3 || rows[0][1] != "Navn" || rows[1][1] != "Felles planregister" || rows[2][1] != "Styringsdokument for planprosess" {
		t.Fatalf("item rows: %q", rows)
	}
	// Columns: kind, title, state, owner, manager, actor, approved 2027, planned 2027, …
	if rows[0][6] != "Godkjent 2027 (kr)" || rows[1][6] != "2000000" || rows[2][7] != "3000000" {
		t.Errorf("amounts: %q / %q", rows[0], rows[1])
	}
	sums, err := x.GetRows(sheets[1])
	if err != nil {
		t.Fatal(err)
	}
	if len(sums) != 2 || sums[1][0] != "2027" || sums[1][2] != "2000000" || sums[1][3] != "3000000" {
		t.Errorf("sums: %q", sums)
	}
	// The public's export holds the project only.
	pub := a.NewClient().Get("/portfolio/overview.xlsx")
	px, err := excelize.OpenReader(bytes.NewReader([]byte(pub.Body)))
	if err != nil {
		t.Fatal(err)
	}
	defer px.Close()
	if rows, _ := px.GetRows(px.GetSheetList()[0]); len(rows) != 2 || rows[1][1] != "Felles planregister" {
		t.Errorf("public export: %q", rows)
	}
}

// TestBudgetFrameApproval: the secretariat keeps a draft frame (bad input
// refused, nothing stored), KommIT-rådet approves it by a decision with
// the approve_budget_frame effect, the frame is frozen and points at the
// decision, and the overview marks the cell over the frame. A user-council
// decision with the same effect is refused and stores nothing.
func TestBudgetFrameApproval(t *testing.T) {
	a := apptest.New(t)
	newPortfolio(t, a)
	sec := a.Client("secretariat")
	count := func() int {
		fs, err := a.DB.FindBudgetFrames(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		return len(fs)
	}
	before := a.AuditCount()
	for _, bad := range []struct{ form url.Values }{
		{url.Values{"year": {"2027"}, "source": {"digifin"}, "amount_nok": {"-5"}}},
		{url.Values{"year": {"2027"}, "source": {"digifin"}, "amount_nok": {"mange"}}},
	} {
		res := sec.PostForm("/portfolio/frames", bad.form)
		if res.StatusCode != 422 || !strings.Contains(res.Body, `id="e-amount_nok"`) {
			t.Errorf("frame %v: %d", bad.form, res.StatusCode)
		}
	}
	res := sec.API("POST", "/api/v1/portfolio/frames", `{"year":2027,"source":"digifin","amount_nok":"fire"}`)
	if res.StatusCode != 422 || !strings.Contains(res.Body, `"field":"amount_nok"`) {
		t.Errorf("API frame with a word: %d %s", res.StatusCode, res.Body)
	}
	res = sec.API("POST", "/api/v1/portfolio/frames", `{"year":2027,"source":"digifin","amount_nok":-1}`)
	if res.StatusCode != 422 || !strings.Contains(res.Body, `"field":"amount_nok"`) {
		t.Errorf("API negative frame: %d %s", res.StatusCode, res.Body)
	}
	if count() != 0 || a.AuditCount() != before {
		t.Fatal("bad frames were stored")
	}
	if res := a.Client("user_council").PostForm("/portfolio/frames", url.Values{"year": {"2027"}, "source": {"digifin"}, "amount_nok": {"4000000"}}); res.StatusCode != 403 {
		t.Errorf("user council keeps frames: %d", res.StatusCode)
	}
	res = sec.PostForm("/portfolio/frames", url.Values{"year": {"2027"}, "source": {"digifin"}, "amount_nok": {"4 000 000"}, "note": {"DigiFin-tildeling"}})
	if res.StatusCode != 303 || count() != 1 {
		t.Fatalf("frame: %d (%d frames)", res.StatusCode, count())
	}
	if res := sec.PostForm("/portfolio/frames", url.Values{"year": {"2027"}, "source": {"digifin"}, "amount_nok": {"1"}}); res.StatusCode != 409 {
		t.Errorf("second frame for the same year and source: %d", res.StatusCode)
	}
	fs, _ := a.DB.FindBudgetFrames(context.Background())
	fr := fs[0]
	if fr.AmountNOK != 4000000 || fr.State != portfolio.FrameDraft {
		t.Fatalf("frame %+v", fr)
	}
	if res := sec.PostForm(fmt.Sprintf("/portfolio/frames/%d", fr.ID), url.Values{"amount_nok": {"-1"}}); res.StatusCode != 422 {
		t.Errorf("draft with a negative amount: %d", res.StatusCode)
	}
	if res := sec.PostForm(fmt.Sprintf("/portfolio/frames/%d", fr.ID), url.Values{"amount_nok": {"4500000"}}); res.StatusCode != 303 {
		t.Fatalf("change draft: %d", res.StatusCode)
	}

	// A user-council decision with the effect is refused; nothing stored.
	decide := func(bodyKind string, status int) map[string]any {
		return decideOn(t, a, sec, bodyKind, "budget_frame", fr.ID, portfolio.EffectApproveBudgetFrame, status)
	}
	decide(policy.BodyUserCouncil, 422)
	if got, _ := a.DB.FindBudgetFrameByID(context.Background(), fr.ID); got.State != portfolio.FrameDraft || got.DecisionID != 0 {
		t.Fatalf("after the user council: %+v", got)
	}
	d := decide(policy.BodyStrategicCouncil, 201)
	got, err := a.DB.FindBudgetFrameByID(context.Background(), fr.ID)
	if err != nil || got.State != portfolio.FrameApproved || got.DecisionID != int64(d["id"].(float64)) || got.AmountNOK != 4500000 {
		t.Fatalf("after KommIT-rådet: %+v %v", got, err)
	}
	// Frozen: no change, through the page or the API.
	if res := sec.PostForm(fmt.Sprintf("/portfolio/frames/%d", fr.ID), url.Values{"amount_nok": {"1"}}); res.StatusCode != 409 {
		t.Errorf("change approved frame: %d", res.StatusCode)
	}
	if res := sec.PostForm(fmt.Sprintf("/portfolio/frames/%d", fr.ID), url.Values{"amount_nok": {"mange"}}); res.StatusCode != 409 {
		t.Errorf("bad amount for an approved frame: %d, want 409 (state before fields)", res.StatusCode)
	}
	if res := sec.API("PUT", fmt.Sprintf("/api/v1/portfolio/frames/%d", fr.ID), `{"amount_nok":1}`); res.StatusCode != 409 {
		t.Errorf("API change approved frame: %d %s", res.StatusCode, res.Body)
	}
	// The frames page links the decision; the overview marks 2027 DigiFin
	// (2 MNOK approved + 3 MNOK planned > 4.5 MNOK) in words.
	doc := htmlDoc(t, sec.Get("/portfolio/frames"))
	if doc.Find(fmt.Sprintf(`#frame-%d a[href^="/cases/"]`, fr.ID)).Length() != 1 {
		t.Error("the approved frame does not link its decision")
	}
	doc = htmlDoc(t, sec.Get("/portfolio/overview"))
	cell := doc.Find(`#portfolio-sums td[data-year="2027"][data-source="digifin"]`)
	if !strings.Contains(cell.Text(), "Over rammen med") || !cell.HasClass("over-frame") {
		t.Errorf("2027 DigiFin cell: %q", cell.Text())
	}
	if c := overviewJSON(t, sec, "").Cell(2027, "digifin"); !c.Over || c.OverBy != 500000 || c.Frame == nil || *c.Frame != 4500000 {
		t.Errorf("API cell: %+v", c)
	}
	a.VerifyAudit()
}

// TestPortfolioActor: the secretariat names the actor from the state
// agencies and KS; a municipality is refused naming the field.
func TestPortfolioActor(t *testing.T) {
	a := apptest.New(t)
	f := newPortfolio(t, a)
	sec := a.Client("secretariat")
	res := sec.PostForm("/portfolio/actors", url.Values{"item": {fmt.Sprintf("project:%d", f.proj.ID)}, "actor_id": {fmt.Sprint(a.Organisations["oslo"].ID)}})
	if res.StatusCode != 422 || !strings.Contains(res.Body, `id="e-actor_id"`) {
		t.Errorf("municipality as actor: %d", res.StatusCode)
	}
	if res := a.Client("user_council").PostForm("/portfolio/actors", url.Values{"item": {fmt.Sprintf("project:%d", f.proj.ID)}, "actor_id": {fmt.Sprint(a.Organisations["ks"].ID)}}); res.StatusCode != 403 {
		t.Errorf("user council sets actor: %d", res.StatusCode)
	}
	res = sec.PostForm("/portfolio/actors", url.Values{"item": {fmt.Sprintf("project:%d", f.proj.ID)}, "actor_id": {fmt.Sprint(a.Organisations["ks"].ID)}})
	if res.StatusCode != 303 {
		t.Fatalf("set actor: %d", res.StatusCode)
	}
	o := overviewJSON(t, sec, fmt.Sprintf("actor_id=%d", a.Organisations["ks"].ID))
	if len(o.Items) != 1 || o.Items[0].Kind != "project" || o.Items[0].Actor != "KS" {
		t.Errorf("after setting the actor: %v", titles(o))
	}
}

// decideOn makes a case of the body linking the item, holds a meeting and
// records a decision with the effect through the API, wanting status.
func decideOn(t *testing.T, a *apptest.App, sec *apptest.Client, bodyKind, itemType string, itemID int64, effect string, status int) map[string]any {
	t.Helper()
	call := func(method, path, body string, want int) map[string]any {
		t.Helper()
		res := sec.API(method, "/api/v1"+path, body)
		if res.StatusCode != want {
			t.Fatalf("%s %s: %d, want %d: %s", method, path, res.StatusCode, want, res.Body)
		}
		var m map[string]any
		_ = json.Unmarshal([]byte(res.Body), &m)
		return m
	}
	id := func(m map[string]any) int64 { return int64(m["id"].(float64)) }
	body := a.Bodies[bodyKind].ID
	start := time.Now().Add(-time.Hour).UTC().Format(time.RFC3339)
	end := time.Now().Add(time.Hour).UTC().Format(time.RFC3339)
	m := call("POST", "/meetings", fmt.Sprintf(`{"body_id":%d,"starts_at":%q,"ends_at":%q,"place":"KS-huset"}`, body, start, end), 201)
	c := call("POST", "/cases", fmt.Sprintf(`{"body_id":%d,"kind":"decision","title":"Sak om %s","proposed_decision":"Vedtas."}`, body, itemType), 201)
	call("POST", fmt.Sprintf("/cases/%d/links", id(c)), fmt.Sprintf(`{"item_type":%q,"item_id":%d}`, itemType, itemID), 200)
	call("POST", fmt.Sprintf("/cases/%d/move", id(c)), fmt.Sprintf(`{"to":"on_agenda","meeting_id":%d}`, id(m)), 200)
	call("POST", fmt.Sprintf("/meetings/%d/publish", id(m)), "", 200)
	call("POST", fmt.Sprintf("/meetings/%d/hold", id(m)), "", 200)
	return call("POST", fmt.Sprintf("/cases/%d/decision", id(c)), fmt.Sprintf(`{"kind":"approval","text":"Vedtas.","unanimous":true,"effects":[%q]}`, effect), status)
}

// TestGuidelineAdoption: the secretariat drafts main guidelines (bad
// shares refused, nothing stored), KommIT-rådet adopts them by decision
// (the user council may not), and the overview holds the budget per focus
// area against the adopted shares.
func TestGuidelineAdoption(t *testing.T) {
	a := apptest.New(t)
	newPortfolio(t, a)
	ctx := context.Background()
	sec := a.Client("secretariat")
	member, err := a.DB.FindActor(ctx, a.People["member"].ID, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	n, err := a.Needs.Create(ctx, member, needs.Input{Title: "Byggesak digitalt", Problem: "P", Area: "bygg", Affected: []string{"citizens"}})
	if err != nil {
		t.Fatal(err)
	}
	i := &directives.Idea{Title: "eByggesak", Source: directives.SourceNeeds, NeedIDs: []int64{n.ID}, Purpose: "P", State: directives.IdeaProject}
	if err := a.DB.CreateIdea(ctx, i); err != nil {
		t.Fatal(err)
	}
	if err := a.DB.CreateApprovedProject(ctx, &directives.Project{Name: "eByggesak", State: directives.ProjectPlanning, IdeaID: i.ID,
		Budget: []directives.BudgetLine{{Year: 2027, Source: "ks", AmountNOK: 1000000}}}); err != nil {
		t.Fatal(err)
	}
	count := func() int {
		gs, err := a.DB.FindGuidelines(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return len(gs)
	}
	before := a.AuditCount()
	for _, bad := range []url.Values{
		{"title": {"Retningslinjer"}, "share_plan": {"mye"}},
		{"title": {"Retningslinjer"}, "share_plan": {"70"}, "share_bygg": {"50"}},
		{"title": {""}, "share_plan": {"10"}},
	} {
		if res := sec.PostForm("/portfolio/guidelines", bad); res.StatusCode != 422 || !strings.Contains(res.Body, `aria-invalid="true"`) {
			t.Errorf("guideline %v: %d", bad, res.StatusCode)
		}
	}
	if count() != 0 || a.AuditCount() != before {
		t.Fatal("a bad guideline was stored")
	}
	res := sec.PostForm("/portfolio/guidelines", url.Values{"title": {"Hovedretningslinjer 2027"}, "goals": {"Mer plan."}, "share_plan": {"25"}, "share_bygg": {"75 %"}})
	if res.StatusCode != 303 || count() != 1 {
		t.Fatalf("guideline: %d", res.StatusCode)
	}
	gs, _ := a.DB.FindGuidelines(ctx)
	g := gs[0]
	if g.State != portfolio.GuidelineDraft || g.Share("bygg") != 75 {
		t.Fatalf("guideline %+v", g)
	}
	if o := overviewJSON(t, sec, ""); o.Guideline != nil {
		t.Error("a draft guideline is used in the overview")
	}
	decideOn(t, a, sec, policy.BodyUserCouncil, "guideline", g.ID, portfolio.EffectAdoptGuideline, 422)
	d := decideOn(t, a, sec, policy.BodyStrategicCouncil, "guideline", g.ID, portfolio.EffectAdoptGuideline, 201)
	got, err := a.DB.FindGuidelineByID(ctx, g.ID)
	if err != nil || got.State != portfolio.GuidelineAdopted || got.DecisionID != int64(d["id"].(float64)) {
		t.Fatalf("after adoption: %+v %v", got, err)
	}
	o := overviewJSON(t, sec, "")
	if o.Guideline == nil || o.Guideline.ID != g.ID {
		t.Fatalf("overview guideline: %+v", o.Guideline)
	}
	for _, r := range o.Areas {
		if r.Area == "bygg" && (r.BudgetNOK != 1000000 || r.TargetPct != 75) {
			t.Errorf("bygg: %+v", r)
		}
	}
	doc := htmlDoc(t, sec.Get("/portfolio/overview"))
	if txt := doc.Find(`#portfolio-areas tr[data-area="bygg"]`).Text(); !strings.Contains(txt, "75 %") || !strings.Contains(txt, "prosentpoeng") {
		t.Errorf("bygg row: %q", txt)
	}
	if doc := htmlDoc(t, sec.Get("/portfolio/guidelines")); doc.Find(fmt.Sprintf(`#guideline-%d a[href^="/cases/"]`, g.ID)).Length() != 1 {
		t.Error("the adopted guideline does not link its decision")
	}
	if pub := overviewJSON(t, a.NewClient(), ""); pub.Guideline != nil || len(pub.Areas) != 0 {
		t.Error("the public sees the guideline comparison")
	}
}
