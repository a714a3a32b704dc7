package server_test

// The bad input of issue 11, each through the API or the pages: the answer
// names the field, and nothing is stored.

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/samstyr/samstyr/internal/directives"
	"github.com/samstyr/samstyr/internal/policy"
	"github.com/samstyr/samstyr/internal/testutil/apptest"
)

// problemFields returns the fields a problem+json answer names.
func problemFields(t *testing.T, res *apptest.Response) []string {
	t.Helper()
	var p struct {
		Errors []struct {
			Field string `json:"field"`
		} `json:"errors"`
	}
	if err := json.Unmarshal([]byte(res.Body), &p); err != nil {
		t.Fatalf("not problem+json: %v %s", err, res.Body)
	}
	var out []string
	for _, e := range p.Errors {
		out = append(out, e.Field)
	}
	return out
}

func TestDirectiveBadInputNamesFieldStoresNothing(t *testing.T) {
	a := apptest.New(t)
	sec := a.Client("secretariat")
	_, d := conceptDirectiveForTest(t, a, "Feil inndata")
	vpath := fmt.Sprintf("/api/v1/directives/%d/versions/1", d.ID)
	stored := func() string {
		v := apiJSON(t, sec.API("GET", vpath, ""), http.StatusOK)
		b, _ := json.Marshal(v["content"])
		return string(b)
	}
	original := stored()
	directiveState := func() string {
		return apiJSON(t, sec.API("GET", fmt.Sprintf("/api/v1/directives/%d", d.ID), ""), http.StatusOK)["state"].(string)
	}

	for _, tc := range []struct{ name, body, field string }{
		{"budget rows do not add up to the total", `{"purpose":"X","budget":[{"year":2027,"source":"digifin","amount_nok":100}],"budget_total":200}`, "budget_total"},
		{"milestone outside the period", `{"purpose":"X","start":"2027-01-01","end":"2027-12-31","milestones":[{"name":"Pilot","date":"2028-05-01"}]}`, "milestones.0.date"},
		{"tolerance not a number", `{"purpose":"X","tolerances":{"time_pct":"ti prosent"}}`, "tolerances.time_pct"},
		{"tolerance above 100", `{"purpose":"X","tolerances":{"cost_pct":250}}`, "tolerances.cost_pct"},
	} {
		before := a.ChangeCount()
		res := sec.API("PUT", vpath, tc.body)
		if res.StatusCode != http.StatusUnprocessableEntity || !slices.Contains(problemFields(t, res), tc.field) {
			t.Errorf("API, %s: %d, fields %v, want 422 naming %s", tc.name, res.StatusCode, problemFields(t, res), tc.field)
		}
		if got := auditEvents(t, a, "directive.version.update", fmt.Sprint(d.ID), before); got != 0 || stored() != original {
			t.Errorf("API, %s: stored (%d audit events)", tc.name, got)
		}
	}
	for _, tc := range []struct {
		name  string
		form  map[string][]string
		field string
	}{
		{"budget rows do not add up to the total", map[string][]string{"budget.0.year": {"2027"}, "budget.0.source": {"ks"}, "budget.0.amount_nok": {"100"}, "budget_total": {"1 000"}}, "budget_total"},
		{"milestone outside the period", map[string][]string{"start": {"2027-01-01"}, "end": {"2027-12-31"}, "milestones.0.name": {"Pilot"}, "milestones.0.date": {"2026-06-01"}}, "milestones.0.date"},
		{"tolerance not a number", map[string][]string{"tolerances.scope_pct": {"litt"}}, "tolerances.scope_pct"},
	} {
		tc.form["version"], tc.form["purpose"], tc.form["reporting"] = []string{"1"}, []string{"Fra skjemaet"}, []string{"monthly"}
		before := a.ChangeCount()
		res := sec.PostForm(fmt.Sprintf("/directives/%d", d.ID), tc.form)
		if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, `id="e-`+tc.field+`"`) || !strings.Contains(res.Body, `href="#f-`+tc.field+`"`) {
			t.Errorf("page, %s: %d, the field %s is not named", tc.name, res.StatusCode, tc.field)
		}
		if got := auditEvents(t, a, "directive.version.update", fmt.Sprint(d.ID), before); got != 0 || stored() != original {
			t.Errorf("page, %s: stored (%d audit events)", tc.name, got)
		}
	}

	// Approval of a version never recommended: 409 naming the effects;
	// no decision, no project, the directive still a draft.
	decisions, projects := count(t, a, "decisions", ""), count(t, a, "projects", "")
	sc := heldMeetingWithCases(t, a, a.Bodies[policy.BodyStrategicCouncil].ID, 1, "directive", d.ID)
	res := a.Client("secretariat").API("POST", fmt.Sprintf("/api/v1/cases/%d/decision", sc[0]), `{"kind":"approval","text":"Godkjent.","unanimous":true,"effects":["approve_directive"]}`)
	if res.StatusCode != http.StatusConflict || !slices.Contains(problemFields(t, res), "effects") || !strings.Contains(res.Body, "1") {
		t.Errorf("approval of a version never recommended: %d %s", res.StatusCode, res.Body)
	}
	if count(t, a, "decisions", "") != decisions || count(t, a, "projects", "") != projects || directiveState() != directives.Draft {
		t.Error("the refused approval stored something")
	}

	// Recommended by the user council; an approval by the user council
	// (not KommIT-rådet) is 422 naming the effects, and stores nothing.
	c := &directives.Content{Purpose: "Formål", Reporting: "monthly",
		Waivers: []directives.Waiver{{Role: "process_leader", Reason: "r"}, {Role: "architect", Reason: "r"}, {Role: "expert", Reason: "r"},
			{Role: "citizen_rep", Reason: "r"}, {Role: "business_rep", Reason: "r"}, {Role: "state_rep", Reason: "r"}}}
	// Version 1 is frozen by the case; version 2 is put on the user
	// council's cases and recommended.
	apiJSON(t, sec.API("POST", fmt.Sprintf("/api/v1/directives/%d/versions", d.ID), ""), http.StatusCreated)
	if err := a.Directives.UpdateDraft(t.Context(), policy.SystemActor, d.ID, 2, c); err != nil {
		t.Fatal(err)
	}
	uc := heldMeetingWithCases(t, a, a.Bodies[policy.BodyUserCouncil].ID, 2, "directive", d.ID)
	apiJSON(t, sec.API("POST", fmt.Sprintf("/api/v1/cases/%d/decision", uc[0]), `{"kind":"approval","text":"Anbefalt.","unanimous":true,"effects":["recommend_directive"]}`), http.StatusCreated)
	decisions = count(t, a, "decisions", "")
	res = sec.API("POST", fmt.Sprintf("/api/v1/cases/%d/decision", uc[1]), `{"kind":"approval","text":"Godkjent.","unanimous":true,"effects":["approve_directive"]}`)
	if res.StatusCode != http.StatusUnprocessableEntity || !slices.Contains(problemFields(t, res), "effects") {
		t.Errorf("approval by the user council: %d %s", res.StatusCode, res.Body)
	}
	if count(t, a, "decisions", "") != decisions || count(t, a, "projects", "") != projects || directiveState() != directives.Recommended {
		t.Error("the refused approval by the user council stored something")
	}

	// An edit of a frozen version: 409 naming the version.
	res = sec.API("PUT", fmt.Sprintf("/api/v1/directives/%d/versions/2", d.ID), `{"purpose":"Endret etter anbefalingen"}`)
	if res.StatusCode != http.StatusConflict || !slices.Contains(problemFields(t, res), "version") {
		t.Errorf("edit of a frozen version: %d %s", res.StatusCode, res.Body)
	}
	if v := apiJSON(t, sec.API("GET", fmt.Sprintf("/api/v1/directives/%d/versions/2", d.ID), ""), http.StatusOK); v["content"].(map[string]any)["purpose"] != "Formål" {
		t.Error("the refused edit of a frozen version was stored")
	}
	a.VerifyAudit()
}
