package server_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/samstyr/samstyr/internal/audit"
	"github.com/samstyr/samstyr/internal/directives"
	"github.com/samstyr/samstyr/internal/needs"
	"github.com/samstyr/samstyr/internal/policy"
	"github.com/samstyr/samstyr/internal/testutil/apptest"
)

// conceptDirectiveForTest makes an idea in the concept phase (stored
// directly) and its draft directive, version 1.
func conceptDirectiveForTest(t *testing.T, a *apptest.App, title string) (*directives.Idea, *directives.Directive) {
	t.Helper()
	ctx := context.Background()
	n := harnessNeed(t, a, "Behov for "+title)
	n.State = needs.InConcept // as the idea's creation leaves it
	if err := a.DB.UpdateNeed(ctx, n); err != nil {
		t.Fatal(err)
	}
	i := &directives.Idea{Title: title, Source: directives.SourceNeeds, NeedIDs: []int64{n.ID}, Purpose: "Formål", State: directives.IdeaConcept,
		Mandate: directives.Mandate{Background: "Bakgrunn for mandatet", Purpose: "Utrede " + title}}
	if err := a.DB.CreateIdea(ctx, i); err != nil {
		t.Fatal(err)
	}
	d := &directives.Directive{IdeaID: i.ID, Title: title}
	c := &directives.Content{Purpose: "Første formål", Reporting: "monthly", Start: "2027-01-01", End: "2027-12-31",
		Budget: []directives.BudgetLine{{Year: 2027, Source: "digifin", AmountNOK: 500000}}, BudgetTotal: 500000}
	if err := a.Directives.CreateDirective(ctx, policy.SystemActor, d, c); err != nil {
		t.Fatal(err)
	}
	return i, d
}

// isPDF checks a downloaded document and, where pdftotext is installed,
// that its text holds each of want.
func isPDF(t *testing.T, what string, res *apptest.Response, want ...string) {
	t.Helper()
	if res.StatusCode != http.StatusOK || res.Header.Get("Content-Type") != "application/pdf" || !strings.HasPrefix(res.Body, "%PDF-") {
		t.Fatalf("%s: status %d, type %q, %.20q", what, res.StatusCode, res.Header.Get("Content-Type"), res.Body)
	}
	if text := pdfText(t, []byte(res.Body)); text != "" {
		for _, w := range want {
			if !strings.Contains(text, w) {
				t.Errorf("%s lacks %q:\n%s", what, w, text)
			}
		}
	}
}

// TestDirectiveFrozenOnCaseHTTP: through the API and the pages, a version
// is frozen as soon as a case links the directive: an edit is 409 with a
// clear message and stores nothing, the page says so and offers a new
// version, and the case carries the version's PDF as its paper.
func TestDirectiveFrozenOnCaseHTTP(t *testing.T) {
	a := apptest.New(t)
	sec, anon := a.Client("secretariat"), a.Client("anonymous")
	_, d := conceptDirectiveForTest(t, a, "Digitalt planarkiv")
	vpath := fmt.Sprintf("/api/v1/directives/%d/versions/1", d.ID)
	body := `{"purpose":"Før saken","reporting":"monthly"}`
	apiJSON(t, sec.API("PUT", vpath, body), http.StatusOK)

	// Before a case the page offers the edit, not the frozen note.
	page := sec.Get(fmt.Sprintf("/directives/%d", d.ID))
	if strings.Contains(page.Body, `id="frozen-note"`) || !strings.Contains(page.Body, fmt.Sprintf(`href="/directives/%d/edit"`, d.ID)) {
		t.Fatal("a draft never put on a case shows as frozen or cannot be edited")
	}

	uc := a.Bodies[policy.BodyUserCouncil].ID
	c := apiJSON(t, sec.API("POST", "/api/v1/cases", fmt.Sprintf(`{"body_id":%d,"kind":"decision","title":"Anbefaling av planarkivet","proposed_decision":"Anbefales."}`, uc)), 201)
	res := sec.API("POST", fmt.Sprintf("/api/v1/cases/%d/links", idOf(c)), fmt.Sprintf(`{"item_type":"directive","item_id":%d}`, d.ID))
	if res.StatusCode >= 300 {
		t.Fatalf("link: %d %s", res.StatusCode, res.Body)
	}

	// An edit of the frozen version: 409 with the message, nothing stored.
	before := a.ChangeCount()
	res = sec.API("PUT", vpath, `{"purpose":"Etter saken","reporting":"monthly"}`)
	frozen := false
	for _, lang := range []string{"nb", "nn", "en"} {
		frozen = frozen || strings.Contains(res.Body, a.Catalog.Printer(lang).T("directive.error.frozen"))
	}
	if res.StatusCode != http.StatusConflict || !frozen {
		t.Fatalf("API edit of a frozen version: %d %s", res.StatusCode, res.Body)
	}
	form := sec.PostForm(fmt.Sprintf("/directives/%d", d.ID), map[string][]string{"version": {"1"}, "purpose": {"Etter saken"}, "reporting": {"monthly"}})
	if form.StatusCode != http.StatusConflict || !strings.Contains(form.Body, a.Catalog.Printer("nb").T("directive.error.frozen")) {
		t.Fatalf("page edit of a frozen version: %d", form.StatusCode)
	}
	if got := auditEvents(t, a, "directive.version.update", fmt.Sprint(d.ID), before); got != 0 {
		t.Errorf("a refused edit was audited %d times", got)
	}
	v := apiJSON(t, sec.API("GET", vpath, ""), http.StatusOK)
	if v["content"].(map[string]any)["purpose"] != "Før saken" || v["frozen"] != true {
		t.Fatalf("stored version after the refused edit: %v", v)
	}

	// The page says the version is frozen and offers a new version.
	page = sec.Get(fmt.Sprintf("/directives/%d", d.ID))
	if !strings.Contains(page.Body, `id="frozen-note"`) || !strings.Contains(page.Body, fmt.Sprintf(`action="/directives/%d/versions"`, d.ID)) ||
		strings.Contains(page.Body, fmt.Sprintf(`href="/directives/%d/edit"`, d.ID)) {
		t.Fatal("the page does not say the version is frozen, or still offers the edit")
	}

	// The case paper is version 1's PDF; the downloads are there too.
	cs := apiJSON(t, sec.API("GET", fmt.Sprintf("/api/v1/cases/%d", idOf(c)), ""), http.StatusOK)
	atts, _ := cs["attachments"].([]any)
	if len(atts) != 1 || atts[0].(map[string]any)["name"] != fmt.Sprintf("styringsdokument-%d-v1.pdf", d.ID) {
		t.Fatalf("case papers: %v", cs["attachments"])
	}
	paper := sec.Get(fmt.Sprintf("/attachments/%d", int64(atts[0].(map[string]any)["id"].(float64))))
	isPDF(t, "the case paper", paper, "Digitalt planarkiv", "Versjon", "Før saken")
	isPDF(t, "the page's download", sec.Get(fmt.Sprintf("/directives/%d/versions/1/pdf", d.ID)), "Digitalt planarkiv", "Styringsdokument")
	isPDF(t, "the API's download", sec.API("GET", vpath+"/pdf", ""), "Digitalt planarkiv")
	if res := anon.Get(fmt.Sprintf("/directives/%d/versions/1/pdf", d.ID)); res.StatusCode != http.StatusNotFound {
		t.Errorf("the public downloads a draft: %d", res.StatusCode)
	}

	// A new version is editable again.
	nv := apiJSON(t, sec.API("POST", fmt.Sprintf("/api/v1/directives/%d/versions", d.ID), ""), http.StatusCreated)
	apiJSON(t, sec.API("PUT", fmt.Sprintf("/api/v1/directives/%d/versions/%d", d.ID, int64(nv["number"].(float64))), `{"purpose":"Ny versjon","reporting":"monthly"}`), http.StatusOK)
	a.VerifyAudit()
}

// TestMandateEditing: the secretariat edits the concept mandate while the
// idea is an idea or in the concept phase (page and API, audited); once
// the idea became a project the mandate is read-only.
func TestMandateEditing(t *testing.T) {
	a := apptest.New(t)
	ctx := context.Background()
	sec := a.Client("secretariat")
	i, _ := conceptDirectiveForTest(t, a, "Mandatprøve")

	res := sec.PostForm(fmt.Sprintf("/ideas/%d/mandate", i.ID), map[string][]string{"mandate.purpose": {"Nytt formål fra siden"}, "mandate.cost_nok": {"250 000"},
		"mandate.background": {i.Mandate.Background}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("page edit: %d", res.StatusCode)
	}
	got := apiJSON(t, sec.API("GET", fmt.Sprintf("/api/v1/ideas/%d", i.ID), ""), http.StatusOK)
	if m := got["mandate"].(map[string]any); m["purpose"] != "Nytt formål fra siden" || m["cost_nok"] != float64(250000) {
		t.Fatalf("mandate after the page edit: %v", m)
	}
	// Bad input names the field and stores nothing.
	res = sec.PostForm(fmt.Sprintf("/ideas/%d/mandate", i.ID), map[string][]string{"mandate.purpose": {"Ugyldig"}, "mandate.cost_nok": {"mange"}})
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, `id="e-mandate.cost_nok"`) {
		t.Fatalf("bad cost: %d", res.StatusCode)
	}
	apiJSON(t, sec.API("PUT", fmt.Sprintf("/api/v1/ideas/%d/mandate", i.ID), `{"purpose":"Fra API-et","time":"3 måneder"}`), http.StatusOK)
	if n := auditEvents(t, a, "idea.mandate.update", fmt.Sprint(i.ID), 0); n != 2 {
		t.Errorf("mandate edits audited %d times, want 2", n)
	}
	isPDF(t, "the mandate", sec.Get(fmt.Sprintf("/ideas/%d/mandate.pdf", i.ID)), "Mandatprøve", "Fra API-et")

	// Once a project, the mandate is read-only.
	stored, err := a.DB.FindIdeaByID(ctx, i.ID)
	if err != nil {
		t.Fatal(err)
	}
	stored.State = directives.IdeaProject
	if err := a.DB.UpdateIdea(ctx, stored); err != nil {
		t.Fatal(err)
	}
	if res := sec.API("PUT", fmt.Sprintf("/api/v1/ideas/%d/mandate", i.ID), `{"purpose":"For sent"}`); res.StatusCode != http.StatusConflict {
		t.Fatalf("API edit of a project's mandate: %d", res.StatusCode)
	}
	if res := sec.Get(fmt.Sprintf("/ideas/%d/mandate", i.ID)); res.StatusCode != http.StatusConflict {
		t.Fatalf("mandate form of a project: %d", res.StatusCode)
	}
	if page := sec.Get(fmt.Sprintf("/ideas/%d", i.ID)); strings.Contains(page.Body, fmt.Sprintf(`href="/ideas/%d/mandate"`, i.ID)) {
		t.Error("the idea page still offers the mandate's edit")
	}
	got = apiJSON(t, sec.API("GET", fmt.Sprintf("/api/v1/ideas/%d", i.ID), ""), http.StatusOK)
	if got["mandate"].(map[string]any)["purpose"] != "Fra API-et" {
		t.Fatal("a refused edit was stored")
	}
}

// TestDirectivePicksWithoutJavaScript: the directive form's people and the
// idea form's decision are found through the plain GET search, as a
// browser without JavaScript does; only those who administer people may
// search them.
func TestDirectivePicksWithoutJavaScript(t *testing.T) {
	a := apptest.New(t)
	sec := a.Client("secretariat")
	_, d := conceptDirectiveForTest(t, a, "Søk uten skript")
	owner := a.People["strategic_council"]
	res := expect(t, sec.Get(fmt.Sprintf("/directives/%d/edit?pick_owner_id=strategic", d.ID)), 200)
	doc := htmlDoc(t, res)
	if doc.Find(fmt.Sprintf(`input[type=radio][name=owner_id][value="%d"]`, owner.ID)).Length() != 1 {
		t.Fatal("the search does not offer the owner")
	}
	if doc.Find(`#pick-owner_id[method=get]`).Length() != 1 || doc.Find(`#f-pick_owner_id[form="pick-owner_id"]`).Length() != 1 {
		t.Fatal("the person search has no form of its own")
	}
	if doc.Find(`input[name=owner_email], input[name=manager_email], textarea[name=steering_emails]`).Length() != 0 {
		t.Fatal("the form still asks for e-mail addresses")
	}
	if r := sec.Get("/pick/person?q=strategic"); r.StatusCode != 200 || !strings.Contains(r.Body, fmt.Sprintf(`"id":%d`, owner.ID)) {
		t.Errorf("person pick JSON: %d %s", r.StatusCode, r.Body)
	}
	if r := a.Client("member").Get("/pick/person?q=strategic"); r.StatusCode != 403 {
		t.Errorf("a member searches people: %d", r.StatusCode)
	}
	// A person who does not exist is refused naming the field.
	form := map[string][]string{"version": {"1"}, "purpose": {"Formål"}, "reporting": {"monthly"}, "owner_id": {"999999"}}
	if r := sec.PostForm(fmt.Sprintf("/directives/%d", d.ID), form); r.StatusCode != 422 || !strings.Contains(r.Body, `id="e-owner_id"`) {
		t.Errorf("unknown owner: %d", r.StatusCode)
	}
	// The idea form picks the decision an idea rests on.
	res = expect(t, sec.Get("/ideas/new?pick_source_decision_id=ingenting"), 200)
	if htmlDoc(t, res).Find(`#f-pick_source_decision_id[form="pick-source_decision_id"]`).Length() != 1 {
		t.Error("the idea form has no decision search")
	}
}

// TestApprovalGivesPriority: KommIT-rådet gives the project's priority in
// the approving decision (API and the case page's form); the directive and
// the project keep it, the audit records it, the project page shows it. A
// negative priority names the field and stores nothing.
func TestApprovalGivesPriority(t *testing.T) {
	a := apptest.New(t)
	ctx := context.Background()
	sec := a.Client("secretariat")
	_, d := conceptDirectiveForTest(t, a, "Prioritert prosjekt")
	c := &directives.Content{Purpose: "Formål", Reporting: "monthly", Budget: []directives.BudgetLine{{Year: 2027, Source: "ks", AmountNOK: 10}}, BudgetTotal: 10,
		Waivers: []directives.Waiver{{Role: "process_leader", Reason: "r"}, {Role: "architect", Reason: "r"}, {Role: "expert", Reason: "r"},
			{Role: "citizen_rep", Reason: "r"}, {Role: "business_rep", Reason: "r"}, {Role: "state_rep", Reason: "r"}}}
	if err := a.Directives.UpdateDraft(ctx, policy.SystemActor, d.ID, 1, c); err != nil {
		t.Fatal(err)
	}
	uc := heldMeetingWithCases(t, a, a.Bodies[policy.BodyUserCouncil].ID, 1, "directive", d.ID)
	apiJSON(t, sec.API("POST", fmt.Sprintf("/api/v1/cases/%d/decision", uc[0]), `{"kind":"approval","text":"Anbefalt.","unanimous":true,"effects":["recommend_directive"]}`), http.StatusCreated)
	sc := heldMeetingWithCases(t, a, a.Bodies[policy.BodyStrategicCouncil].ID, 1, "directive", d.ID)

	// The case page offers the priority with the approval.
	page := sec.Get(fmt.Sprintf("/cases/%d", sc[0]))
	if !strings.Contains(page.Body, `name="priority"`) {
		t.Fatal("the decision form of a case about a directive has no priority")
	}
	res := sec.PostForm(fmt.Sprintf("/cases/%d/decision", sc[0]), map[string][]string{"kind": {"approval"}, "text": {"Godkjent."}, "unanimous": {"on"},
		"effects": {"approve_directive"}, "priority": {"-3"}})
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, `id="e-priority"`) {
		t.Fatalf("negative priority: %d", res.StatusCode)
	}
	if n := count(t, a, "projects", fmt.Sprintf("directive_id = %d", d.ID)); n != 0 {
		t.Fatal("a refused approval created a project")
	}
	before := a.ChangeCount()
	res = sec.PostForm(fmt.Sprintf("/cases/%d/decision", sc[0]), map[string][]string{"kind": {"approval"}, "text": {"Godkjent."}, "unanimous": {"on"},
		"effects": {"approve_directive"}, "priority": {"2"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("approval with priority: %d", res.StatusCode)
	}
	got, err := a.Directives.Directive(ctx, policy.SystemActor, d.ID)
	if err != nil || got.State != directives.Approved || got.Priority != 2 {
		t.Fatalf("directive after approval: %+v %v", got, err)
	}
	p := apiJSON(t, sec.API("GET", fmt.Sprintf("/api/v1/projects/%d", got.ProjectID), ""), http.StatusOK)
	if p["priority"] != float64(2) {
		t.Fatalf("project priority: %v", p["priority"])
	}
	evs, err := a.DB.FindAuditEvents(ctx, audit.Filter{Action: "directive.approved", ObjectID: fmt.Sprint(d.ID), Limit: 5})
	if err != nil || len(evs) != 1 || !strings.Contains(string(evs[0].After), `"priority":2`) || evs[0].Seq <= before {
		t.Fatalf("approval audit: %v %v", evs, err)
	}
	if page := sec.Get(fmt.Sprintf("/projects/%d", got.ProjectID)); !strings.Contains(page.Body, a.Catalog.Printer("nb").T("projects.priority")) {
		t.Error("the project page does not show the priority")
	}
}
