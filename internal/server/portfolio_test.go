package server_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"github.com/samstyr/samstyr/internal/testutil/apptest"
)

func TestPortfolioPageSolvesAnExample(t *testing.T) {
	a := apptest.New(t)
	c := a.Client("strategic_council")
	res := c.PostForm("/portfolio", url.Values{"example": {"pf-n50-t3"}, "time_limit": {"20"}, "frontier": {"5"}, "explain": {"on"}})
	wantStatus(t, "solve", res, http.StatusOK)
	d := doc(t, res)
	if got := d.Find("dl.facts strong").First().Text(); got != "1\u00a0445" {
		t.Fatalf("objective shown as %q, want 1 445 (the proven optimum)", got)
	}
	if d.Find(`svg[role="img"] title`).Length() != 1 || d.Find("svg circle").Length() != 5 {
		t.Fatal("no frontier chart with five points")
	}
	if d.Find("#frontier ~ details table tbody tr, details table tbody tr").Length() < 5 {
		t.Fatal("no table alternative for the chart")
	}
	// Adjusting: the instance travels in the form; forcing p10 out changes
	// the answer or keeps it, but never includes p10.
	inst, _ := d.Find(`input[name="instance"]`).Attr("value")
	res = c.PostForm("/portfolio", url.Values{"instance": {inst}, "time_limit": {"20"}, "forbid": {"p10"}, "budget_1": {"78828"}, "budget_2": {"90975"}, "budget_3": {"88368"}})
	wantStatus(t, "solve again", res, http.StatusOK)
	chosen := doc(t, res).Find(`section[aria-labelledby="chosen"] tbody th`).Map(func(_ int, s *goquery.Selection) string { return s.Text() })
	if len(chosen) == 0 || slices.Contains(chosen, "p10") {
		t.Fatalf("chosen after forbidding p10: %v", chosen)
	}
	before := doc(t, c.PostForm("/portfolio", url.Values{"instance": {inst}, "time_limit": {"20"}})).
		Find(`section[aria-labelledby="chosen"] tbody th`).Map(func(_ int, s *goquery.Selection) string { return s.Text() })
	if !slices.Contains(before, "p10") {
		t.Fatalf("premise: p10 should be in the unconstrained optimum (chosen %v)", before)
	}
}

func TestPortfolioPageShowsFieldErrors(t *testing.T) {
	a := apptest.New(t)
	c := a.Client("secretariat")
	res := c.PostForm("/portfolio", url.Values{"instance": {`{"format":"portfolio-instance/v1","years":1,"budget":[5],"projects":[{"id":"a","benefit":1,"cost":[9],"mandatory":true}]}`}})
	wantStatus(t, "infeasible mandatory", res, http.StatusUnprocessableEntity)
	if !strings.Contains(res.Body, "koster 9 i år 1, som er 4 mer enn budsjettet") {
		t.Fatalf("no clear message: %s", doc(t, res).Find(".ds-error-summary").Text())
	}
	res = c.PostForm("/portfolio", url.Values{})
	wantStatus(t, "nothing given", res, http.StatusUnprocessableEntity)
}

func TestPortfolioAPI(t *testing.T) {
	a := apptest.New(t)
	c := a.Client("admin")
	body := `{"format":"portfolio-instance/v1","years":1,"budget":[10],"projects":[{"id":"a","benefit":3,"cost":[6]},{"id":"b","benefit":2,"cost":[5]},{"id":"c","benefit":2,"cost":[4]}]}`
	res := c.API("POST", "/api/v1/portfolio/optimize?frontier=3&explain=true", body)
	var out struct {
		Objective int64    `json:"objective"`
		Selected  []string `json:"selected"`
		Optimal   bool     `json:"optimal"`
		Frontier  []any    `json:"frontier"`
	}
	if err := json.Unmarshal([]byte(res.Body), &out); err != nil || res.StatusCode != 200 || out.Objective != 5 || !out.Optimal || len(out.Frontier) != 3 {
		t.Fatalf("%d %s", res.StatusCode, res.Body)
	}
	res = c.API("POST", "/api/v1/portfolio/optimize", `{"format":"portfolio-instance/v1","years":1,"budget":[10],"projects":[{"id":"a","benefit":-3,"cost":[6]}]}`)
	p := decodeProblem(t, res)
	if p.Status != 422 || p.Errors[0].Field != "projects[0].benefit" || p.Errors[0].Code != "portfolio.error.benefit_negative" {
		t.Fatalf("%+v", p)
	}
	res = c.API("POST", "/api/v1/portfolio/optimize?time_limit=soon", body)
	if p := decodeProblem(t, res); p.Status != 422 || p.Errors[0].Field != "time_limit" {
		t.Fatalf("%+v", p)
	}
}
