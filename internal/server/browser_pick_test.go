package server_test

// Search-and-pick fields in the browser (issue 10, item 2): nobody types a
// database id. With JavaScript the matches appear as one types; the person
// chooses one and submits. Without it, the search reloads the page with the
// matches (covered by TestNeedThroughBrowser and TestPickWithoutJavaScript).

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/samstyr/samstyr/internal/needs"
	"github.com/samstyr/samstyr/internal/policy"
	"github.com/samstyr/samstyr/internal/testutil/apptest"
)

var _ = addBrowserFlows(
	browserFlow{"merge a need into one found by searching", "secretariat", func(t *testing.T, b *tab) {
		keep := harnessNeed(t, b.a, "Felles register over reguleringsplaner")
		dup := harnessNeed(t, b.a, "Register for planer i alle kommuner (duplikat)")
		b.open(fmt.Sprintf("/needs/%d", dup.ID))
		if n := eval[int](b, `document.querySelectorAll('input[name="into"][type="text"], input[name="into"]:not([type="radio"])').length`); n != 0 {
			t.Fatalf("the merge form still asks for a typed number")
		}
		b.run("open the merge form", chromedp.Click(chromedp.CSS(`#merge summary`)))
		// The field can take keys once the <details> has opened and the
		// picker's script has set it up (it may replace the node once).
		b.run("the search field shows", chromedp.WaitVisible(chromedp.ID("f-pick_into")))
		b.typeInto("f-pick_into", "reguleringsplaner")
		radio := fmt.Sprintf(`#f-into-%d`, keep.ID)
		b.run("wait for the match", chromedp.WaitVisible(chromedp.CSS(radio)))
		if eval[int](b, fmt.Sprintf(`document.querySelectorAll('#merge input[name="into"][value="%d"]').length`, dup.ID)) != 0 {
			t.Errorf("the need itself is offered as the one to keep")
		}
		b.checkAxe("merge form with matches")
		b.run("choose it", chromedp.Click(chromedp.CSS(radio)))
		b.fill("merge_comment", "Samme behov.")
		status := b.load("merge", chromedp.Click(chromedp.CSS(`#merge button[type=submit]:not([form])`)))
		b.wantSaved(status, "merge", fmt.Sprintf("/needs/%d", dup.ID))
		got, err := b.a.Needs.Get(context.Background(), policy.SystemActor, dup.ID)
		if err != nil || got.State != needs.Merged || got.MergedInto != keep.ID {
			t.Fatalf("after merging: %+v %v", got, err)
		}
	}},
	browserFlow{"link a case to a need found by searching", "secretariat", func(t *testing.T, b *tab) {
		n := harnessNeed(t, b.a, "Digitale situasjonskart til søknader")
		_, c := meetingWithCase(t, b.a)
		b.open(fmt.Sprintf("/cases/%d?pick_type=need", c))
		b.run("search for the need", chromedp.SendKeys(chromedp.ID("f-pick_item_id"), "situasjonskart"))
		radio := fmt.Sprintf(`#f-item_id-%d`, n.ID)
		b.run("wait for the match", chromedp.WaitVisible(chromedp.CSS(radio)))
		b.checkAxe("case link form with matches")
		b.run("choose it", chromedp.Click(chromedp.CSS(radio)))
		status := b.load("link", chromedp.Click(chromedp.CSS(`form[action$="/links"] button[type=submit]:not([form])`)))
		b.wantSaved(status, "link", fmt.Sprintf("/cases/%d", c))
		if !strings.Contains(b.text("#links-h + ul"), "Digitale situasjonskart") {
			t.Errorf("the case does not list the linked need: %q", b.text("main"))
		}
	}},
)

// TestPickWithoutJavaScript searches through the plain GET form, as a
// browser without JavaScript does, for each kind of pick field.
func TestPickWithoutJavaScript(t *testing.T) {
	a := apptest.New(t)
	sec := a.Client("secretariat")
	keep := harnessNeed(t, a, "Felles register over reguleringsplaner")
	dup := harnessNeed(t, a, "Duplikat i søket")
	res := expect(t, sec.Get(fmt.Sprintf("/needs/%d?pick_into=%s", dup.ID, url.QueryEscape("reguleringsplaner"))), 200)
	d := htmlDoc(t, res)
	if d.Find(fmt.Sprintf(`#merge[open] input[type=radio][name=into][value="%d"]`, keep.ID)).Length() != 1 {
		t.Fatalf("the search does not offer the need to keep in the open merge form")
	}
	// The search box belongs to a GET form outside the POST form.
	if d.Find(`#pick-into[method=get]`).Length() != 1 || d.Find(`#f-pick_into[form="pick-into"]`).Length() != 1 {
		t.Fatalf("the search box has no form of its own")
	}
	// A person sees only what they may: the public gets no pick results.
	if r := a.NewClient().Get("/pick/need?q=reguleringsplaner"); r.StatusCode != 303 && r.StatusCode != 401 {
		t.Errorf("the public searches picks: %d", r.StatusCode)
	}
	// JSON for the script: the same matches.
	if r := sec.Get("/pick/need?q=reguleringsplaner&exclude=" + fmt.Sprint(dup.ID)); r.StatusCode != 200 || !strings.Contains(r.Body, fmt.Sprintf(`"id":%d`, keep.ID)) {
		t.Errorf("pick JSON: %d %s", r.StatusCode, r.Body)
	}
	// A decision found by its case number.
	m, c := meetingWithCase(t, a)
	for _, step := range []string{"publish", "hold"} {
		apiJSON(t, sec.API("POST", fmt.Sprintf("/api/v1/meetings/%d/%s", m, step), ""), 200)
	}
	dec := apiJSON(t, sec.API("POST", fmt.Sprintf("/api/v1/cases/%d/decision", c), `{"kind":"priority","text":"Prioritert.","unanimous":true}`), 201)
	number := apiJSON(t, sec.API("GET", fmt.Sprintf("/api/v1/cases/%d", c), ""), 200)["number"].(string)
	if r := sec.Get("/pick/priority_decision?q=" + url.QueryEscape(number)); !strings.Contains(r.Body, fmt.Sprintf(`"id":%d`, idOf(dec))) {
		t.Errorf("the decision %s is not found by its case number: %s", number, r.Body)
	}
}

// typeInto types text into the field with id, asking for the field anew
// while a script is still setting it up (chromedp: "not focusable").
func (b *tab) typeInto(id, text string) {
	b.t.Helper()
	var err error
	for range 10 {
		ctx, cancel := context.WithTimeout(b.ctx, 10*time.Second)
		err = chromedp.Do(ctx, chromedp.SendKeys(chromedp.ID(id), text))
		cancel()
		if err == nil || !strings.Contains(err.Error(), "not focusable") {
			break
		}
		time.Sleep(200 * time.Millisecond)
	}
	if err != nil {
		b.t.Fatalf("type into %s: %v", id, err)
	}
}
