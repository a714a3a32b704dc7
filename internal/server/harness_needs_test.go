package server_test

// The needs area in the quality harness: its main forms in the browser,
// submitting and backing a need with the keyboard alone, and its writes
// under concurrency.

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/samstyr/samstyr/internal/needs"
	"github.com/samstyr/samstyr/internal/org"
	"github.com/samstyr/samstyr/internal/policy"
	"github.com/samstyr/samstyr/internal/testutil/apptest"
)

// harnessNeed submits a need of Oslo (the member's organisation) for the
// flows to act on.
func harnessNeed(t *testing.T, a *apptest.App, title string) *needs.Need {
	t.Helper()
	ctx := context.Background()
	actor, err := a.DB.FindActor(ctx, a.People["member"].ID, a.DB.Now())
	if err != nil {
		t.Fatal(err)
	}
	n, err := a.Needs.Create(ctx, actor, needs.Input{Title: title, Problem: "Problem: " + title, Area: "bygg", Affected: []string{"case_officers"}})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

var _ = addBrowserFlows(
	browserFlow{"submit a need", "member", func(t *testing.T, b *tab) {
		b.open("/needs/new")
		b.checkAxe("need form")
		b.fill("title", "Nettleserbehov for byggesøknader", "problem", "", "hours_saved", "-4")
		if status := b.load("submit the need", chromedp.Click(chromedp.CSS(`button[name=action][value=submit]`))); status != 422 {
			t.Fatalf("incomplete need: status %d", status)
		}
		b.wantInvalid(422, "need form", "problem", "hours_saved")
		b.fill("problem", "Søknader kommer inn på papir og må tastes inn på nytt.", "hours_saved", "120")
		b.run("tick and choose", chromedp.Click(chromedp.ID("f-affected-case_officers")))
		b.choose("area", "bygg")
		if status := b.load("check for similar needs", chromedp.Click(chromedp.CSS(`button[name=action][value=check]`))); status != 200 || b.text("#similar") == "" {
			t.Fatalf("similar-needs check: status %d, %q", status, b.text("#similar"))
		}
		b.checkAxe("need form with similar needs")
		status := b.load("submit the need", chromedp.Click(chromedp.CSS(`button[name=action][value=submit]`)))
		b.wantSaved(status, "need form", "/needs/")
		if !strings.Contains(b.text("h1"), "Nettleserbehov") {
			t.Errorf("need page shows %q", b.text("h1"))
		}
	}},
	browserFlow{"back a need", "user_council", func(t *testing.T, b *tab) {
		n := harnessNeed(t, b.a, "Behov å støtte i nettleseren")
		b.open(fmt.Sprintf("/needs/%d", n.ID))
		b.fill("backing_comment", "<script>alert(1)</script>")
		b.wantInvalid(b.submit("backing_comment"), "backing form", "backing_comment")
		b.fill("backing_comment", "Bergen trenger dette også.")
		b.wantSaved(b.submit("backing_comment"), "backing", fmt.Sprintf("/needs/%d", n.ID))
		if !strings.Contains(b.text("main"), "Bergen trenger dette også.") {
			t.Errorf("the backing comment is not shown on the need page")
		}
	}},
)

var _ = addKeyboardFlows(
	keyboardFlow{"submit a need", "member", func(t *testing.T, b *tab) {
		b.follow("/needs")
		b.skipToMain()
		b.follow("/needs/new")
		b.skipToMain()
		b.tabTo("#f-title", false, 10)
		b.typeText("Tastaturbehov for planforslag")
		b.tabTo("#f-problem", false, 3)
		b.typeText("Planforslag sendes som PDF og må tolkes for hånd.")
		b.tabTo("#f-affected-case_officers", false, 6)
		b.press(" ", false)
		b.tabTo("#f-area", false, 3)
		b.typeText("Plan") // type-ahead picks the option
		if v := eval[string](b, `document.querySelector("#f-area").value`); v != "plan" {
			t.Fatalf("typing in the area list chose %q", v)
		}
		b.tabTo(`button[name=action][value=submit]`, false, 20)
		if status := b.pressToLoad(kb.Enter); status != 200 || !strings.HasPrefix(b.path(), "/needs/") {
			t.Fatalf("need submitted by keyboard: status %d at %s", status, b.path())
		}
		page, err := b.a.Needs.List(context.Background(), policy.SystemActor, needs.Filter{Q: "Tastaturbehov", Limit: 5})
		if err != nil || len(page.Items) != 1 || page.Items[0].State != needs.Submitted || page.Items[0].Area != "plan" {
			t.Fatalf("need saved by keyboard: %+v %v", page.Items, err)
		}
	}},
	keyboardFlow{"back a need", "user_council", func(t *testing.T, b *tab) {
		n := harnessNeed(t, b.a, "Behov å støtte med tastaturet")
		b.open(fmt.Sprintf("/needs/%d", n.ID))
		b.tabTo("#f-backing_comment", false, 40)
		b.typeText("Vi støtter dette.")
		b.tabTo(`form[action$="/backing"] button[type=submit]`, false, 3)
		if status := b.pressToLoad(" "); status != 200 {
			t.Fatalf("backing by keyboard: status %d", status)
		}
		if !backedBy(t, b.a, n.ID, b.a.Organisations["bergen"].ID) {
			t.Fatalf("Bergen does not back the need after backing it by keyboard")
		}
	}},
)

// backers creates n municipalities, each with a person who has an API
// token and a signed-in page client, for backing a need concurrently.
func backers(t *testing.T, a *apptest.App, n int) []*apptest.Client {
	t.Helper()
	var out []*apptest.Client
	for i := range n {
		key := fmt.Sprintf("backer%02d", i)
		o := &org.Organisation{Kind: policy.OrgMunicipality, Name: fmt.Sprintf("Støttekommune %02d", i),
			MunicipalityNumber: fmt.Sprintf("97%02d", i), CountyNumber: "97", CountyName: "Testfylke", Population: int64(1000 + i)}
		if err := a.Orgs.Create(context.Background(), policy.SystemActor, o); err != nil {
			t.Fatal(err)
		}
		a.Organisations[key] = o
		p := a.NewPerson("backer", key, "", false)
		c := a.NewClient()
		c.Token = p.Token
		if i%2 == 1 {
			c.Login(p.Email, apptest.Password)
		}
		out = append(out, c)
	}
	return out
}

var _ = addWriteKinds(
	writeKind{name: "need submit", action: "need.create",
		send: func(a *apptest.App, c map[string]*apptest.Client, _ any, i int) (int64, error) {
			title := fmt.Sprintf("Samtidig behov %02d", i)
			if i%2 == 0 {
				return createdID(c["member"].API("POST", "/api/v1/needs", `{"title":"`+title+`","problem":"P","area":"plan","affected":["citizens"]}`), http.StatusCreated)
			}
			return createdID(c["member"].PostForm("/needs", url.Values{"title": {title}, "problem": {"P"}, "area": {"plan"},
				"affected": {"citizens"}, "action": {"submit"}}), http.StatusSeeOther)
		},
		check: func(t *testing.T, a *apptest.App, _ any, acked []int64) {
			for _, id := range acked {
				n, err := a.Needs.Get(context.Background(), policy.SystemActor, id)
				if err != nil || !strings.HasPrefix(n.Title, "Samtidig behov") || n.State != needs.Submitted {
					t.Errorf("need %d acknowledged but stored as %+v, %v", id, n, err)
				}
			}
			wantRows(t, a, "needs", "title LIKE 'Samtidig behov%'", len(acked))
		}},
	writeKind{name: "need back (50 organisations, one need)",
		setup: func(t *testing.T, a *apptest.App) any {
			return needBackState{need: harnessNeed(t, a, "Samtidig støtte"), clients: backers(t, a, concurrentWrites)}
		},
		send: func(a *apptest.App, _ map[string]*apptest.Client, state any, i int) (int64, error) {
			st := state.(needBackState)
			c, path := st.clients[i], fmt.Sprintf("/needs/%d", st.need.ID)
			if i%2 == 0 {
				res := c.API("POST", "/api/v1"+path+"/backings", `{"comment":"Samtidig"}`)
				if res.StatusCode != http.StatusCreated {
					return 0, fmt.Errorf("status %d: %.200s", res.StatusCode, res.Body)
				}
			} else if res := c.PostForm(path+"/backing", url.Values{"backing_comment": {"Samtidig"}}); res.StatusCode != http.StatusSeeOther {
				return 0, fmt.Errorf("status %d: %.200s", res.StatusCode, res.Body)
			}
			return int64(i + 1), nil
		},
		check: func(t *testing.T, a *apptest.App, state any, acked []int64) {
			// The submitting organisation (Oslo) backs its own need too.
			st := state.(needBackState)
			bs, stats, err := a.Needs.Backings(context.Background(), policy.SystemActor, st.need.ID)
			if err != nil || len(bs) != len(acked)+1 || stats.Municipalities != int64(len(acked)+1) {
				t.Errorf("need backed by %d organisations and Oslo: %d backings, stats %+v, %v", len(acked), len(bs), stats, err)
			}
			wantRows(t, a, "audit_events", fmt.Sprintf("action = 'need.back' AND object_id = '%d'", st.need.ID), len(acked))
		}},
)

// backedBy reports whether an organisation backs a need now.
func backedBy(t *testing.T, a *apptest.App, needID, orgID int64) bool {
	t.Helper()
	bs, _, err := a.Needs.Backings(context.Background(), policy.SystemActor, needID)
	if err != nil {
		t.Fatal(err)
	}
	for _, b := range bs {
		if b.OrgID == orgID {
			return true
		}
	}
	return false
}

type needBackState struct {
	need    *needs.Need
	clients []*apptest.Client
}

// TestConcurrentDoubleBackingOnceOnly sends ten backings of one need by one
// organisation at once, through the API and the page: exactly one wins, the
// others are refused (409), and one backing and one audit event remain.
func TestConcurrentDoubleBackingOnceOnly(t *testing.T) {
	a := apptest.New(t)
	n := harnessNeed(t, a, "Dobbel støtte")
	c := a.Client("user_council")
	statuses := make([]int, 10)
	var wg sync.WaitGroup
	for i := range statuses {
		wg.Go(func() {
			if i%2 == 0 {
				statuses[i] = c.API("POST", fmt.Sprintf("/api/v1/needs/%d/backings", n.ID), "").StatusCode
			} else {
				statuses[i] = c.PostForm(fmt.Sprintf("/needs/%d/backing", n.ID), nil).StatusCode
			}
		})
	}
	wg.Wait()
	won := 0
	for _, s := range statuses {
		switch s {
		case http.StatusCreated, http.StatusSeeOther:
			won++
		case http.StatusConflict, http.StatusUnprocessableEntity:
		default:
			t.Errorf("a concurrent double backing got status %d", s)
		}
	}
	if won != 1 {
		t.Errorf("%d of 10 concurrent backings by one organisation won (%v), want exactly 1", won, statuses)
	}
	wantRows(t, a, "need_backings", fmt.Sprintf("need_id = %d AND org_id = %d AND withdrawn_at IS NULL", n.ID, a.Organisations["bergen"].ID), 1)
	wantRows(t, a, "audit_events", fmt.Sprintf("action = 'need.back' AND object_id = '%d'", n.ID), 1)
	a.VerifyAudit()
}
