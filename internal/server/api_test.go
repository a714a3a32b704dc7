package server_test

import (
	"encoding/json"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/samstyr/samstyr/internal/api"
	"github.com/samstyr/samstyr/internal/testutil/apptest"
)

type problem struct {
	Status int    `json:"status"`
	Code   string `json:"code"`
	Detail string `json:"detail"`
	Errors []struct {
		Field, Code, Message string
	} `json:"errors"`
}

func decodeProblem(t *testing.T, res *apptest.Response) problem {
	t.Helper()
	if ct := res.Header.Get("Content-Type"); ct != "application/problem+json" {
		t.Fatalf("content type %q for status %d: %s", ct, res.StatusCode, res.Body)
	}
	var p problem
	if err := json.Unmarshal([]byte(res.Body), &p); err != nil || p.Status != res.StatusCode {
		t.Fatalf("problem %q: %v", res.Body, err)
	}
	return p
}

func TestAPIErrorsAreProblemsInTheCallersLanguage(t *testing.T) {
	a := apptest.New(t)
	anon := a.Client("anonymous")
	p := decodeProblem(t, anon.API("GET", "/api/v1/me", ""))
	if p.Code != "unauthenticated" || p.Status != 401 {
		t.Fatalf("%+v", p)
	}
	bad := a.NewClient()
	bad.Token = "sst_not_a_real_token"
	if res := bad.API("GET", "/api/v1/organisations", ""); res.StatusCode != 401 || !strings.Contains(res.Header.Get("WWW-Authenticate"), "Bearer") {
		t.Fatalf("bad token: %d %v", res.StatusCode, res.Header)
	}
	member := a.Client("member")
	if p := decodeProblem(t, member.API("GET", "/api/v1/people", "")); p.Code != "forbidden" {
		t.Fatalf("%+v", p)
	}
	if p := decodeProblem(t, member.API("GET", "/api/v1/organisations/999999", "")); p.Status != 404 {
		t.Fatalf("%+v", p)
	}
	if p := decodeProblem(t, member.API("GET", "/api/v1/nothing/here", "")); p.Status != 404 {
		t.Fatalf("%+v", p)
	}
	// The member's language is bokmål by default; an English reader gets English.
	p = decodeProblem(t, member.API("GET", "/api/v1/organisations?limit=9999", ""))
	if p.Status != 422 || len(p.Errors) != 1 || p.Errors[0].Field != "limit" || !strings.Contains(p.Errors[0].Message, "mellom 1 og 500") {
		t.Fatalf("%+v", p)
	}
	req, _ := http.NewRequest("GET", a.URL+"/api/v1/organisations?cursor=!!!", nil)
	req.Header.Set("Accept-Language", "en")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var pe problem
	json.NewDecoder(res.Body).Decode(&pe)
	if pe.Status != 422 || pe.Errors[0].Field != "cursor" || !strings.Contains(pe.Errors[0].Message, "Invalid page cursor") {
		t.Fatalf("%+v", pe)
	}
}

// TestAPIBadInputStoresNothing sends invalid bodies and checks that neither
// rows nor audit events were written, and that each failing field is named.
func TestAPIBadInputStoresNothing(t *testing.T) {
	a := apptest.New(t)
	admin := a.Client("admin")
	before := a.ChangeCount()
	for _, tc := range []struct {
		path, body, field string
		status            int
	}{
		{"/api/v1/organisations", `{"kind":"spaceship","name":""}`, "kind", 422},
		{"/api/v1/organisations", `{"kind":"municipality","name":"X","municipality_number":"12","county_number":"3"}`, "municipality_number", 422},
		{"/api/v1/organisations", `{"kind":"vendor","name":"X","org_number":"123456789"}`, "org_number", 422},
		{"/api/v1/organisations", `{"kind":"vendor","name":"X","colour":"red"}`, "colour", 422},
		{"/api/v1/organisations", `{"kind":"vendor","name":12}`, "name", 422},
		{"/api/v1/organisations", `{"kind":"vendor",`, "body", 422},
		{"/api/v1/organisations", `{"kind":"municipality","name":"Oslo 2","org_number":"958935420","municipality_number":"0302","county_number":"03"}`, "", 409},
		{"/api/v1/people", `{"email":"nope","name":"X"}`, "email", 422},
		{"/api/v1/people", `{"email":"ok@x.no","name":"X","password":"password"}`, "password", 422},
		{"/api/v1/people", `{"email":"ok@x.no","name":"X","organisation_id":424242}`, "organisation_id", 422},
	} {
		res := admin.API("POST", tc.path, tc.body)
		p := decodeProblem(t, res)
		if res.StatusCode != tc.status {
			t.Errorf("%s %s: status %d, want %d: %s", tc.path, tc.body, res.StatusCode, tc.status, res.Body)
			continue
		}
		if tc.field != "" && (len(p.Errors) == 0 || p.Errors[0].Field != tc.field || p.Errors[0].Message == "") {
			t.Errorf("%s %s: errors %+v, want field %s", tc.path, tc.body, p.Errors, tc.field)
		}
	}
	if after := a.ChangeCount(); after != before {
		t.Fatalf("bad input wrote %d audit events", after-before)
	}
	var page struct {
		Items []struct{ Name string } `json:"items"`
	}
	json.Unmarshal([]byte(admin.API("GET", "/api/v1/organisations?q=oslo+2", "").Body), &page)
	if len(page.Items) != 0 {
		t.Fatalf("a refused organisation was stored: %+v", page.Items)
	}
	// And a good one is stored, audited, and answers 201 with a Location.
	res := admin.API("POST", "/api/v1/organisations", `{"kind":"vendor","name":"Ny Leverandør AS","org_number":"974760223"}`)
	if res.StatusCode != 409 {
		t.Fatalf("duplicate organisation number: %d", res.StatusCode)
	}
	res = admin.API("POST", "/api/v1/organisations", `{"kind":"vendor","name":"Ny Leverandør AS"}`)
	if res.StatusCode != 201 || !strings.HasPrefix(res.Header.Get("Location"), api.Prefix+"/organisations/") || a.ChangeCount() != before+1 {
		t.Fatalf("create: %d %s, audit +%d", res.StatusCode, res.Body, a.ChangeCount()-before)
	}
}

func TestAPIPagination(t *testing.T) {
	a := apptest.New(t)
	c := a.Client("anonymous")
	seen := map[string]bool{}
	path := "/api/v1/organisations?limit=2"
	pages := 0
	for path != "" {
		var page struct {
			Items []struct {
				ID   int64
				Name string
			} `json:"items"`
			Next string `json:"next_cursor"`
		}
		res := c.API("GET", path, "")
		if err := json.Unmarshal([]byte(res.Body), &page); err != nil || res.StatusCode != 200 {
			t.Fatalf("%s: %d %v", path, res.StatusCode, err)
		}
		for _, it := range page.Items {
			if seen[it.Name] {
				t.Fatalf("%s seen twice", it.Name)
			}
			seen[it.Name] = true
		}
		pages++
		path = ""
		if page.Next != "" {
			path = "/api/v1/organisations?limit=2&cursor=" + page.Next
		}
	}
	if len(seen) != len(a.Organisations) || pages != 3 {
		t.Fatalf("saw %d organisations in %d pages, want %d in 3", len(seen), pages, len(a.Organisations))
	}
}

// TestOpenAPIDocumentsEveryRoute compares the OpenAPI document's paths and
// methods with the registered API routes, both ways.
func TestOpenAPIDocumentsEveryRoute(t *testing.T) {
	a := apptest.New(t)
	res := a.Client("anonymous").API("GET", "/api/v1/openapi.json", "")
	var doc struct {
		OpenAPI string                    `json:"openapi"`
		Paths   map[string]map[string]any `json:"paths"`
	}
	if err := json.Unmarshal([]byte(res.Body), &doc); err != nil || doc.OpenAPI != "3.1.0" {
		t.Fatalf("document: %v %q", err, doc.OpenAPI)
	}
	documented := map[string]bool{}
	for path, ops := range doc.Paths {
		for method := range ops {
			documented[strings.ToUpper(method)+" "+path] = true
		}
	}
	registered := map[string]bool{}
	for _, r := range a.API.Routes() {
		registered[r.Method+" "+r.Path] = true
		if !documented[r.Method+" "+r.Path] {
			t.Errorf("route %s %s is not in the OpenAPI document", r.Method, r.Path)
		}
	}
	for op := range documented {
		if !registered[op] {
			t.Errorf("the OpenAPI document has %s, which is not a route", op)
		}
	}
	if !strings.Contains(res.Body, `"$ref": "#/components/schemas/Problem"`) {
		t.Error("no Problem schema references")
	}
	// Every $ref points at a component that exists.
	var full map[string]any
	json.Unmarshal([]byte(res.Body), &full)
	for _, ref := range reRef.FindAllStringSubmatch(res.Body, -1) {
		node := any(full)
		for _, part := range strings.Split(strings.TrimPrefix(ref[1], "#/"), "/") {
			m, ok := node.(map[string]any)
			if !ok || m[part] == nil {
				t.Errorf("dangling $ref %s", ref[1])
				break
			}
			node = m[part]
		}
	}
}

var reRef = regexp.MustCompile(`"\$ref": "([^"]+)"`)
