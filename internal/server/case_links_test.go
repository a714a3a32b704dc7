package server_test

// Linked items go through their own area's visibility rule (issue 9, item
// 6): a case cannot link a need its secretary may not see, and a link made
// before this rule (or to an item that stopped being public) shows its
// title only to readers who may see the item — on the case page, in the
// API, in the notice and in the approved minutes.

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/samstyr/samstyr/internal/meetings"
	"github.com/samstyr/samstyr/internal/needs"
	"github.com/samstyr/samstyr/internal/policy"
	"github.com/samstyr/samstyr/internal/testutil/apptest"
)

func TestCaseLinksFollowTheItemsVisibility(t *testing.T) {
	a := apptest.New(t)
	ctx := context.Background()
	sec, anon, member := a.Client("secretariat"), a.NewClient(), a.Client("member")
	m, c := meetingWithCase(t, a)

	// A draft of Oslo (the member's organisation): the secretariat may not
	// open it, so it may not link it either.
	actor, err := a.DB.FindActor(ctx, a.People["member"].ID, a.DB.Now())
	if err != nil {
		t.Fatal(err)
	}
	const draftTitle = "HEMMELIG UTKAST 4411"
	draft, err := a.Needs.Create(ctx, actor, needs.Input{Title: draftTitle, Problem: "Utkast", Area: "bygg", Draft: true})
	if err != nil {
		t.Fatal(err)
	}
	res := sec.API("POST", fmt.Sprintf("/api/v1/cases/%d/links", c), fmt.Sprintf(`{"item_type":"need","item_id":%d}`, draft.ID))
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, `"field":"item_id"`) {
		t.Fatalf("linking another organisation's draft: %d %s", res.StatusCode, res.Body)
	}
	// Links made before the rule are still in databases: add one directly.
	if err := a.DB.AddCaseLink(ctx, c, meetings.Link{ItemType: "need", ItemID: draft.ID}); err != nil {
		t.Fatal(err)
	}
	// A need rejected after linking is no longer public, but signed-in
	// people see it.
	const rejectedTitle = "AVVIST BEHOV 5522"
	rejected := harnessNeed(t, a, rejectedTitle)
	apiJSON(t, sec.API("POST", fmt.Sprintf("/api/v1/cases/%d/links", c), fmt.Sprintf(`{"item_type":"need","item_id":%d}`, rejected.ID)), 200)
	for _, to := range []string{"in_triage", "rejected"} {
		apiJSON(t, sec.API("POST", fmt.Sprintf("/api/v1/needs/%d/transitions", rejected.ID), fmt.Sprintf(`{"to":%q,"comment":"Nei","reason":"Utenfor"}`, to)), 200)
	}
	// A prioritisation round is for the councils and the secretariat.
	const roundName = "INTERN RUNDE 6633"
	rn := harnessNeed(t, a, "Behov i intern runde")
	for _, to := range []string{"in_triage", "under_assessment"} {
		apiJSON(t, sec.API("POST", fmt.Sprintf("/api/v1/needs/%d/transitions", rn.ID), fmt.Sprintf(`{"to":%q,"comment":"Videre"}`, to)), 200)
	}
	methods := apiJSON(t, sec.API("GET", "/api/v1/assessment/methods", ""), 200)
	method := idOf(methods["items"].([]any)[0].(map[string]any))
	round := apiJSON(t, sec.API("POST", "/api/v1/assessment/rounds", fmt.Sprintf(`{"name":%q,"method_id":%d,"need_ids":[%d]}`, roundName, method, rn.ID)), 201)
	apiJSON(t, sec.API("POST", fmt.Sprintf("/api/v1/cases/%d/links", c), fmt.Sprintf(`{"item_type":"prioritisation_round","item_id":%d}`, idOf(round))), 200)
	apiJSON(t, sec.API("POST", fmt.Sprintf("/api/v1/meetings/%d/publish", m), ""), 200)

	casePage := fmt.Sprintf("/cases/%d", c)
	caseAPI := fmt.Sprintf("/api/v1/cases/%d", c)
	notice := fmt.Sprintf("/meetings/%d", m)
	for _, v := range []struct {
		who    string
		c      *apptest.Client
		hidden []string
		shown  []string
	}{
		{"the public", anon, []string{draftTitle, rejectedTitle, roundName}, nil},
		{"the secretariat", sec, []string{draftTitle}, []string{rejectedTitle, roundName}},
		{"Oslo, the draft's organisation", member, []string{roundName}, []string{draftTitle, rejectedTitle}},
	} {
		for _, path := range []string{casePage, caseAPI, notice} {
			var r *apptest.Response
			if strings.HasPrefix(path, "/api/") {
				r = v.c.API("GET", path, "")
			} else {
				r = v.c.Get(path)
			}
			if r.StatusCode != 200 {
				t.Fatalf("%s, %s: %d", v.who, path, r.StatusCode)
			}
			for _, s := range v.hidden {
				if strings.Contains(r.Body, s) {
					t.Errorf("%s sees %q on %s", v.who, s, path)
				}
			}
			if path == notice {
				continue // the notice lists cases, not their links
			}
			for _, s := range v.shown {
				if !strings.Contains(r.Body, s) {
					t.Errorf("%s does not see %q on %s", v.who, s, path)
				}
			}
		}
	}

	// The approved minutes keep the links, and still show each reader only
	// what they may see.
	apiJSON(t, sec.API("POST", fmt.Sprintf("/api/v1/meetings/%d/hold", m), ""), 200)
	apiJSON(t, sec.API("PUT", fmt.Sprintf("/api/v1/meetings/%d/minutes", m), `{"intro":"Referat"}`), 200)
	apiJSON(t, sec.API("POST", fmt.Sprintf("/api/v1/cases/%d/decision", c), `{"kind":"approval","text":"Vedtatt.","unanimous":true}`), 201)
	apiJSON(t, sec.API("POST", fmt.Sprintf("/api/v1/meetings/%d/minutes/approve", m), fmt.Sprintf(`{"circulation_date":%q}`, time.Now().Format(time.DateOnly))), 200)
	for _, path := range []string{fmt.Sprintf("/api/v1/meetings/%d/minutes", m), fmt.Sprintf("/meetings/%d/minutes", m)} {
		var r *apptest.Response
		if strings.HasPrefix(path, "/api/") {
			r = anon.API("GET", path, "")
		} else {
			r = anon.Get(path)
		}
		if r.StatusCode != 200 {
			t.Fatalf("public minutes %s: %d", path, r.StatusCode)
		}
		for _, s := range []string{draftTitle, rejectedTitle, roundName} {
			if strings.Contains(r.Body, s) {
				t.Errorf("the public sees %q in the approved minutes (%s)", s, path)
			}
		}
	}
	doc, err := a.Meetings.MinutesDocument(ctx, &policy.Actor{PersonID: a.People["member"].ID, OrgID: a.Organisations["oslo"].ID, OrgKind: policy.OrgMunicipality}, m)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, cs := range doc.Cases {
		for _, l := range cs.Links {
			found = found || l.Title == draftTitle
		}
	}
	if !found {
		t.Errorf("Oslo does not see its own draft's link in the approved minutes")
	}
}
