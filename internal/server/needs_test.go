package server_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"github.com/samstyr/samstyr/internal/auth"
	"github.com/samstyr/samstyr/internal/errs"
	"github.com/samstyr/samstyr/internal/needs"
	"github.com/samstyr/samstyr/internal/policy"
	"github.com/samstyr/samstyr/internal/testutil/apptest"
)

func doc(t *testing.T, res *apptest.Response) *goquery.Document {
	t.Helper()
	d, err := goquery.NewDocumentFromReader(strings.NewReader(res.Body))
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func wantStatus(t *testing.T, what string, res *apptest.Response, status int) {
	t.Helper()
	if res.StatusCode != status {
		t.Fatalf("%s: status %d, want %d: %.600s", what, res.StatusCode, status, res.Body)
	}
}

func needCount(t *testing.T, a *apptest.App) int {
	t.Helper()
	var n int
	rows, err := a.Needs.List(context.Background(), nil, needs.Filter{Limit: 500})
	if err != nil {
		t.Fatal(err)
	}
	n = len(rows.Items)
	return n
}

// TestNeedThroughBrowser takes a need from submission through backing,
// triage, a round and prioritisation with the pages only.
func TestNeedThroughBrowser(t *testing.T) {
	a := apptest.New(t)
	member, council, sec := a.Client("member"), a.Client("user_council"), a.Client("secretariat")

	// The similar-needs check re-renders the form without storing anything.
	audit0 := a.ChangeCount()
	res := member.PostForm("/needs", url.Values{"title": {"Digital byggesøknad"}, "problem": {"Papirsøknader"}, "action": {"check"}})
	wantStatus(t, "check similar", res, http.StatusOK)
	if doc(t, res).Find("#similar").Length() != 1 || a.ChangeCount() != audit0 {
		t.Fatal("check step did not show the similar-needs section, or stored something")
	}
	// Bad input: 422 with an error summary linking to the fields, nothing stored.
	res = member.PostForm("/needs", url.Values{"title": {"<script>alert(1)</script>"}, "area": {"havbruk"}, "action": {"submit"}})
	wantStatus(t, "bad need", res, http.StatusUnprocessableEntity)
	d := doc(t, res)
	if d.Find(`.ds-error-summary a[href="#f-title"]`).Length() != 1 || d.Find(`#f-problem[aria-invalid="true"]`).Length() != 1 {
		t.Fatalf("error summary: %s", d.Find(".ds-error-summary").Text())
	}
	if strings.Contains(res.Body, "<script>alert(1)</script>") || a.ChangeCount() != audit0 {
		t.Fatal("script echoed unescaped, or something stored")
	}
	// Submit.
	res = member.PostForm("/needs", url.Values{"title": {"Digital byggesøknad for små tiltak"}, "problem": {"Søknader kommer på papir."},
		"area": {"bygg"}, "affected": {"citizens", "case_officers"}, "standards": {"NPS v3.1\nFiks Arkiv"}, "hours_saved": {"120"}, "action": {"submit"}})
	wantStatus(t, "submit", res, http.StatusSeeOther)
	loc := res.Header.Get("Location")
	var id int64
	fmt.Sscanf(loc, "/needs/%d", &id)
	res = member.Get(loc)
	wantStatus(t, "need page", res, http.StatusOK)
	d = doc(t, res)
	if d.Find("h1").Text() != "Digital byggesøknad for små tiltak" || d.Find(`svg.map[role="img"] title`).Length() == 0 {
		t.Fatalf("need page: %q", d.Find("h1").Text())
	}
	// Oslo's own backing: counts in the singular.
	if got := d.Find("svg.map desc").Text(); !strings.HasPrefix(got, "1 kommune er skravert. Den har") {
		t.Fatalf("map description %q, want the singular", got)
	}
	if got := d.Find("#h-backing + p").Text(); !strings.HasPrefix(got, "1 virksomhet og 1 kommune med") {
		t.Fatalf("backing summary %q, want the singular", got)
	}
	// Bergen backs it; a second backing by Bergen is refused.
	wantStatus(t, "back", council.PostForm(loc+"/backing", url.Values{"backing_comment": {"Gjelder oss også"}}), http.StatusSeeOther)
	res = council.Get(loc)
	if doc(t, res).Find(`form[action$="/backing/withdraw"]`).Length() != 1 || !strings.Contains(res.Body, "Bergen") {
		t.Fatal("Bergen's backing is not shown")
	}
	if doc(t, res).Find(".map-muni--backing path").Length() != 2 {
		t.Fatalf("map shades %d municipalities, want 2", doc(t, res).Find(".map-muni--backing path").Length())
	}
	if got := doc(t, res).Find("#h-backing + p").Text(); !strings.HasPrefix(got, "2 virksomheter og 2 kommuner med") ||
		!strings.HasPrefix(doc(t, res).Find("svg.map desc").Text(), "2 kommuner er skravert. De har") {
		t.Fatalf("backing summary %q, want the plural", got)
	}
	// Triage with a move the member may not take, then by the secretariat.
	wantStatus(t, "member triages", member.PostForm(loc+"/transitions", url.Values{"to": {"in_triage"}, "comment": {"x"}}), http.StatusForbidden)
	res = sec.PostForm(loc+"/transitions", url.Values{"to": {"rejected"}, "comment": {"Nei"}, "reason": {"Utenfor"}})
	wantStatus(t, "reject from submitted", res, http.StatusConflict)
	for _, to := range []string{"in_triage", "under_assessment"} {
		wantStatus(t, "move "+to, sec.PostForm(loc+"/transitions", url.Values{"to": {to}, "comment": {"Videre"}}), http.StatusSeeOther)
	}
	// A round: open, score by both, close.
	m, _ := a.Needs.LatestMethod(context.Background(), nil)
	res = sec.PostForm("/assessment/rounds", url.Values{"name": {"Våren 2026"}, "method_id": {fmt.Sprint(m.ID)}, "need_ids": {fmt.Sprint(id)}})
	wantStatus(t, "open round", res, http.StatusSeeOther)
	round := res.Header.Get("Location")
	scoreURL := fmt.Sprintf("%s/needs/%d", round, id)
	bad := url.Values{}
	for _, c := range m.Criteria {
		bad.Set("scores."+c.Key, "9")
	}
	res = council.PostForm(scoreURL, bad)
	wantStatus(t, "score outside scale", res, http.StatusUnprocessableEntity)
	if doc(t, res).Find(".ds-error-summary li").Length() < len(m.Criteria) {
		t.Fatal("missing score errors")
	}
	for i, c := range []*apptest.Client{council, sec} {
		f := url.Values{}
		for _, cr := range m.Criteria {
			f.Set("scores."+cr.Key, fmt.Sprint(3+i))
			f.Set("rationale."+cr.Key, "Begrunnet")
		}
		wantStatus(t, "score", c.PostForm(scoreURL, f), http.StatusSeeOther)
	}
	res = council.Get(scoreURL)
	if doc(t, res).Find("#h-others + .table-wrap tbody tr").Length() != len(m.Criteria) {
		t.Fatalf("council sees %d of the others' scores", doc(t, res).Find("#h-others + .table-wrap tbody tr").Length())
	}
	wantStatus(t, "close", sec.PostForm(round+"/close", nil), http.StatusSeeOther)
	wantStatus(t, "assessed", sec.PostForm(loc+"/transitions", url.Values{"to": {"assessed"}, "comment": {"Ferdig vurdert"}}), http.StatusSeeOther)
	// Prioritise: a recorded decision is required, picked by searching for
	// its case number (no typed ids).
	res = sec.PostForm(loc+"/transitions", url.Values{"to": {"prioritised"}, "comment": {"Prioritert"}, "form": {"move-prioritised"}})
	wantStatus(t, "prioritise without decision", res, http.StatusUnprocessableEntity)
	if doc(t, res).Find(`.ds-error-summary a[href="#f-decision_id"]`).Length() != 1 || doc(t, res).Find("#f-decision_id").Length() != 1 {
		t.Fatal("no error for the decision, or it does not link to the field")
	}
	mt, cs := meetingWithCase(t, a)
	for _, step := range []string{"publish", "hold"} {
		apiJSON(t, sec.API("POST", fmt.Sprintf("/api/v1/meetings/%d/%s", mt, step), ""), 200)
	}
	dec := apiJSON(t, sec.API("POST", fmt.Sprintf("/api/v1/cases/%d/decision", cs), `{"kind":"priority","text":"Behovet prioriteres.","unanimous":true}`), 201)
	number := apiJSON(t, sec.API("GET", fmt.Sprintf("/api/v1/cases/%d", cs), ""), 200)["number"].(string)
	res = sec.Get(loc + "?pick_decision_id=" + url.QueryEscape(number))
	wantStatus(t, "search for the decision", res, http.StatusOK)
	radio := doc(t, res).Find(fmt.Sprintf(`#move-prioritised input[type=radio][name=decision_id][value="%d"]`, idOf(dec)))
	if radio.Length() != 1 || doc(t, res).Find("#move-prioritised[open]").Length() != 1 {
		t.Fatalf("searching %q does not offer the decision in the open prioritise form", number)
	}
	res = sec.PostForm(loc+"/transitions", url.Values{"to": {"prioritised"}, "comment": {"Prioritert"}, "decision_id": {fmt.Sprint(idOf(dec))}})
	wantStatus(t, "prioritise", res, http.StatusSeeOther)
	// The public sees it with the organisation but no names.
	anon := a.Client("anonymous")
	res = anon.Get(loc)
	wantStatus(t, "public page", res, http.StatusOK)
	if strings.Contains(res.Body, a.People["member"].Name) || strings.Contains(res.Body, a.People["secretariat"].Name) || !strings.Contains(res.Body, "Oslo") {
		t.Fatal("the public page shows personal data or lacks the organisation")
	}
	if doc(t, res).Find(fmt.Sprintf(`a[href="/cases/%d"]`, cs)).Length() == 0 || !strings.Contains(res.Body, number) {
		t.Fatal("the decision is not shown as a link to its case")
	}
	res = anon.Get(fmt.Sprintf("/organisations/%d/needs", a.Organisations["bergen"].ID))
	if !strings.Contains(res.Body, "Digital byggesøknad for små tiltak") {
		t.Fatal("Bergen's page does not list the need it backs")
	}
	// The priority list shows it ranked.
	res = member.Get("/needs?sort=priority")
	if doc(t, res).Find("tbody tr").First().Find("td").Last().Text() != "1" {
		t.Fatalf("priority list: %s", doc(t, res).Find("tbody tr").First().Text())
	}
	a.VerifyAudit()
}

func TestNeedDraftsAttachmentsAndExport(t *testing.T) {
	a := apptest.New(t)
	member, council := a.Client("member"), a.Client("user_council")
	res := member.PostForm("/needs", url.Values{"title": {"Hemmelig utkast"}, "action": {"draft"}})
	wantStatus(t, "draft", res, http.StatusSeeOther)
	loc := res.Header.Get("Location")
	wantStatus(t, "draft seen by Bergen", council.Get(loc), http.StatusNotFound)
	wantStatus(t, "draft seen by the public", a.Client("anonymous").Get(loc), http.StatusNotFound)
	if strings.Contains(council.Get("/needs").Body, "Hemmelig utkast") {
		t.Fatal("a draft is listed for another organisation")
	}
	// Attachments: multipart with the CSRF token in the form; type from content.
	upload := func(c *apptest.Client, name string, data []byte) *apptest.Response {
		var buf bytes.Buffer
		mw := multipart.NewWriter(&buf)
		_ = mw.WriteField("csrf_token", c.CSRF())
		fw, _ := mw.CreateFormFile("file", name)
		_, _ = fw.Write(data)
		_ = mw.Close()
		req, _ := http.NewRequest(http.MethodPost, a.URL+loc+"/attachments", &buf)
		req.Header.Set("Content-Type", mw.FormDataContentType())
		req.Header.Set("Origin", a.URL)
		return c.Do(req)
	}
	member.Get(loc)
	res = upload(member, "rapport.pdf", []byte("<html><script>alert(1)</script></html>"))
	wantStatus(t, "html named .pdf", res, http.StatusUnprocessableEntity)
	res = upload(member, "bilde.png", []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01"))
	wantStatus(t, "png", res, http.StatusSeeOther)
	res = member.Get(loc)
	href, ok := doc(t, res).Find(`a[href*="/attachments/"]`).Attr("href")
	if !ok {
		t.Fatal("no attachment link")
	}
	res = member.Get(href)
	wantStatus(t, "download", res, http.StatusOK)
	if res.Header.Get("Content-Type") != "image/png" || !strings.HasPrefix(res.Header.Get("Content-Disposition"), "attachment;") ||
		res.Header.Get("X-Content-Type-Options") != "nosniff" {
		t.Fatalf("download headers: %v", res.Header)
	}
	// Export: same filters and visibility, CSV and XLSX.
	res = council.Get("/needs/export?format=csv")
	wantStatus(t, "csv", res, http.StatusOK)
	if strings.Contains(res.Body, "Hemmelig utkast") || !strings.Contains(res.Body, "Tittel") && !strings.Contains(res.Body, "Behov") {
		t.Fatalf("csv: %s", res.Body)
	}
	res = member.Get("/needs/export?format=xlsx")
	wantStatus(t, "xlsx", res, http.StatusOK)
	if !strings.HasPrefix(res.Body, "PK") {
		t.Fatal("xlsx is not a zip container")
	}
	wantStatus(t, "bad format", member.Get("/needs/export?format=pdf"), http.StatusUnprocessableEntity)
}

func TestNeedAPI(t *testing.T) {
	a := apptest.New(t)
	member, council, sec, vendor := a.Client("member"), a.Client("user_council"), a.Client("secretariat"), a.Client("vendor")
	before := needCount(t, a)
	res := member.API("POST", "/api/v1/needs", `{"title":"API-behov","problem":"Et problem","area":"plan","affected":["state"],"legal_deadline":"2027-01-01"}`)
	wantStatus(t, "create", res, http.StatusCreated)
	var n needs.Need
	_ = json.Unmarshal([]byte(res.Body), &n)
	if n.ID == 0 || n.State != "submitted" {
		t.Fatalf("created: %s", res.Body)
	}
	// Bad input: unknown field, markup, bad area: 422 with errors[], nothing stored.
	for _, body := range []string{`{"title":"x","problem":"p","area":"plan","colour":"red"}`, `{"title":"<b>x</b>","problem":"p","area":"plan"}`,
		`{"title":"x","problem":"p","area":"hav"}`, `{"title":"x","problem":"p","area":"plan","legal_deadline":"snart"}`} {
		res = member.API("POST", "/api/v1/needs", body)
		wantStatus(t, body, res, http.StatusUnprocessableEntity)
		if !strings.Contains(res.Body, `"errors"`) {
			t.Fatalf("no errors[]: %s", res.Body)
		}
	}
	wantStatus(t, "vendor creates", vendor.API("POST", "/api/v1/needs", `{"title":"x","problem":"p","area":"plan"}`), http.StatusForbidden)
	if needCount(t, a) != before+1 {
		t.Fatal("bad input stored a need")
	}
	p := fmt.Sprintf("/api/v1/needs/%d", n.ID)
	wantStatus(t, "back", council.API("POST", p+"/backings", `{"comment":"ja"}`), http.StatusCreated)
	wantStatus(t, "back twice", council.API("POST", p+"/backings", ``), http.StatusConflict)
	// A person without an organisation gets a clear 422.
	ctx := context.Background()
	lone, err := a.Auth.CreatePerson(ctx, policy.SystemActor, auth.PersonInput{Email: "lone@test.samstyr.no", Name: "Lone", Password: apptest.Password}, true)
	if err != nil {
		t.Fatal(err)
	}
	raw, _, err := a.Auth.CreateToken(ctx, policy.SystemActor, lone.ID, "t")
	if err != nil {
		t.Fatal(err)
	}
	loneClient := a.NewClient()
	loneClient.Token = raw
	res = loneClient.API("POST", p+"/backings", "")
	wantStatus(t, "backing without organisation", res, http.StatusUnprocessableEntity)
	if !strings.Contains(res.Body, "virksomhet") {
		t.Fatalf("message: %s", res.Body)
	}
	res = member.API("GET", p, "")
	var full struct {
		Backing needs.Stats `json:"backing"`
	}
	_ = json.Unmarshal([]byte(res.Body), &full)
	if full.Backing.Organisations != 2 || full.Backing.Municipalities != 2 || full.Backing.Population != 717710+291940 || full.Backing.PopulationShare != 1 {
		t.Fatalf("backing: %+v", full.Backing)
	}
	wantStatus(t, "bad move", sec.API("POST", p+"/transitions", `{"to":"resolved","comment":"x"}`), http.StatusConflict)
	wantStatus(t, "unknown state", sec.API("POST", p+"/transitions", `{"to":"done","comment":"x"}`), http.StatusUnprocessableEntity)
	wantStatus(t, "wrong role", council.API("POST", p+"/transitions", `{"to":"in_triage","comment":"x"}`), http.StatusForbidden)
	wantStatus(t, "triage", sec.API("POST", p+"/transitions", `{"to":"in_triage","comment":"x"}`), http.StatusOK)
	wantStatus(t, "park from triage", sec.API("POST", p+"/transitions", `{"to":"parked","comment":"x","review_date":"2030-01-01"}`), http.StatusConflict)
	wantStatus(t, "withdraw backing", council.API("DELETE", p+"/backings", ""), http.StatusNoContent)
	wantStatus(t, "withdraw again", council.API("DELETE", p+"/backings", ""), http.StatusNotFound)
	res = a.Client("anonymous").API("GET", p, "")
	wantStatus(t, "public get", res, http.StatusOK)
	if strings.Contains(res.Body, "Test member") || strings.Contains(res.Body, `"contact_name"`) {
		t.Fatalf("public API shows personal data: %s", res.Body)
	}
	res = a.Client("anonymous").API("GET", "/api/v1/needs?q=API-behov", "")
	if !strings.Contains(res.Body, "API-behov") {
		t.Fatalf("search: %s", res.Body)
	}
	resp, err := http.Get(a.URL + "/api/v1/openapi.json")
	if err != nil {
		t.Fatal(err)
	}
	var spec struct {
		Paths map[string]any `json:"paths"`
	}
	_ = json.NewDecoder(resp.Body).Decode(&spec)
	resp.Body.Close()
	for _, r := range a.API.Routes() {
		if _, ok := spec.Paths[r.Path]; !ok {
			t.Errorf("route %s %s is not in the OpenAPI document", r.Method, r.Path)
		}
	}
}

// TestSubmitNeedWithFiles submits the new-need form as multipart with two
// files, as a browser does, and checks both are filed with the need.
func TestSubmitNeedWithFiles(t *testing.T) {
	a := apptest.New(t)
	member := a.Client("member")
	member.Get("/needs/new")
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for k, v := range map[string]string{"csrf_token": member.CSRF(), "title": "Kartgrunnlag i byggesøknaden", "area": "bygg",
		"problem": "Søkere finner ikke riktig kartgrunnlag og sender inn feil kart.", "action": "submit"} {
		_ = mw.WriteField(k, v)
	}
	for name, data := range map[string]string{"kart.png": "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01", "notat.pdf": "%PDF-1.4\n%%EOF"} {
		fw, _ := mw.CreateFormFile("attachments", name)
		_, _ = fw.Write([]byte(data))
	}
	_ = mw.Close()
	req, _ := http.NewRequest(http.MethodPost, a.URL+"/needs", &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	res := member.Do(req)
	wantStatus(t, "submit with files", res, http.StatusSeeOther)
	page := member.Get(res.Header.Get("Location"))
	if n := doc(t, page).Find(`a[href*="/attachments/"]`).Length(); n != 2 {
		t.Fatalf("%d attachment links on the new need, want 2", n)
	}
}

// TestPrioritiseNeedsWithRealDecision checks that a manual move to
// prioritised may name only a decision that exists.
func TestPrioritiseNeedsWithRealDecision(t *testing.T) {
	a := apptest.New(t)
	ctx := context.Background()
	if d, err := a.Needs.Decisions.FindDecisionRef(ctx, 424242); !errs.Is(err, errs.NotFound) {
		t.Fatalf("a missing decision was found: %v %v", d, err)
	}
	if a.Meetings.Resolvers["prioritisation_round"] == nil || a.Meetings.Resolvers["need"] == nil {
		t.Fatal("cases cannot link rounds and needs")
	}
}

// TestNeedFiltersAgreeOnPagesAndAPI sends the same list filters to the
// page and the API (one parser, needs.ParseFilter): the same needs, and the
// same field named when a filter is wrong.
func TestNeedFiltersAgreeOnPagesAndAPI(t *testing.T) {
	a := apptest.New(t)
	member := a.Client("member")
	harnessNeed(t, a, "Filterbehov om byggesøknader")
	harnessNeed(t, a, "Filterbehov om planer")
	for _, q := range []string{"q=Filterbehov", "q=+Filterbehov+&area=bygg", "organisation=" + fmt.Sprint(a.Organisations["oslo"].ID), "backing=abc", "round=-1"} {
		page := member.Get("/needs?" + q)
		api := member.API("GET", "/api/v1/needs?"+q, "")
		if page.StatusCode != api.StatusCode {
			t.Errorf("%s: page %d, API %d", q, page.StatusCode, api.StatusCode)
			continue
		}
		if api.StatusCode == 422 {
			field := strings.SplitN(strings.SplitN(q, "=", 2)[0], "&", 2)[0]
			if !strings.Contains(api.Body, `"field":"`+field+`"`) || doc(t, page).Find(`a[href="#f-`+field+`"]`).Length() == 0 {
				t.Errorf("%s: the API or the page does not name %s", q, field)
			}
			continue
		}
		var body struct{ Items []struct{ ID int64 } }
		if err := json.Unmarshal([]byte(api.Body), &body); err != nil {
			t.Fatal(err)
		}
		rows := doc(t, page).Find("a[href^='/needs/']").Length()
		if len(body.Items) == 0 || rows < len(body.Items) {
			t.Errorf("%s: API %d needs, page links %d", q, len(body.Items), rows)
		}
		for _, n := range body.Items {
			if doc(t, page).Find(fmt.Sprintf(`a[href="/needs/%d"]`, n.ID)).Length() == 0 {
				t.Errorf("%s: need %d in the API, not on the page", q, n.ID)
			}
		}
	}
}
