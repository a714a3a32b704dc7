package server_test

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/samstyr/samstyr/internal/policy"
)

// submitSave clicks the save button of the page's main form (not a
// search button of a pick field inside it) and waits for the answer.
func (b *tab) submitSave() int64 {
	b.t.Helper()
	return b.load("save", chromedp.Click(chromedp.CSS(`main form[method=post] > button[type=submit]`)))
}

// fillDotted types into fields whose names hold a dot (mandate.purpose),
// which an #id selector cannot name.
func (b *tab) fillDotted(fields ...string) {
	b.t.Helper()
	var steps []chromedp.Action[chromedp.Void]
	for i := 0; i+1 < len(fields); i += 2 {
		id, _ := json.Marshal("f-" + fields[i])
		steps = append(steps, chromedp.Evaluate[chromedp.Void](`document.getElementById(`+string(id)+`).value = ""`),
			chromedp.SendKeys(chromedp.CSS(`[id=`+string(id)+`]`), fields[i+1]))
	}
	b.run("fill in "+strings.Join(fields, " "), steps...)
}

// wantInvalidDotted is wantInvalid for fields whose names hold a dot.
func (b *tab) wantInvalidDotted(status int64, where string, fields ...string) {
	b.t.Helper()
	if status != 422 {
		b.t.Fatalf("%s: status %d, want 422", where, status)
	}
	for _, f := range fields {
		id, _ := json.Marshal("f-" + f)
		ok := eval[bool](b, `(() => { const el = document.getElementById(`+string(id)+`);
			return !!el && !!document.querySelector('#error-summary a[href="#f-`+f+`"]') && el.getAttribute("aria-invalid") === "true" &&
				(el.getAttribute("aria-describedby") || "").includes("e-`+f+`"); })()`)
		if !ok {
			b.t.Errorf("%s: field %s is not linked from the error summary, marked invalid and described by its message", where, f)
		}
	}
	b.checkAxe(where + " (422)")
}

// pickPerson searches a person field and chooses the match with id.
func (b *tab) pickPerson(field, query string, id int64) {
	b.t.Helper()
	b.run("the search field of "+field+" shows", chromedp.WaitVisible(chromedp.ID("f-pick_"+field)))
	b.typeInto("f-pick_"+field, query)
	radio := fmt.Sprintf(`#f-%s-%d`, field, id)
	b.run("wait for the match in "+field, chromedp.WaitVisible(chromedp.CSS(radio)))
	b.run("choose it", chromedp.Click(chromedp.CSS(radio)))
}

var _ = addBrowserFlows(
	browserFlow{"directive people and case link picked from a search", "secretariat", func(t *testing.T, b *tab) {
		ctx := context.Background()
		_, d := conceptDirectiveForTest(t, b.a, "Nettleserprøve for styringsdokument")
		owner, manager, steering := b.a.People["strategic_council"], b.a.People["member"], b.a.People["user_council"]
		b.open(fmt.Sprintf("/directives/%d/edit", d.ID))
		if n := eval[int](b, `document.querySelectorAll('input[type=email], [name$="_email"], [name="steering_emails"]').length`); n != 0 {
			t.Fatalf("the directive form still asks for e-mail addresses (%d fields)", n)
		}
		b.checkAxe("directive form with person search")
		b.pickPerson("owner_id", "strategic", owner.ID)
		b.pickPerson("manager_id", "member", manager.ID)
		b.pickPerson("steering_add", "user_council", steering.ID)
		b.checkAxe("directive form with matches")
		b.wantSaved(b.submitSave(), "directive form", fmt.Sprintf("/directives/%d", d.ID))
		v, err := b.a.Directives.Version(ctx, policy.SystemActor, d.ID, 1)
		if err != nil {
			t.Fatal(err)
		}
		if c := v.Content; c.OwnerID != owner.ID || c.ManagerID != manager.ID || !slices.Equal(c.SteeringIDs, []int64{steering.ID}) {
			t.Fatalf("stored people: owner %d manager %d steering %v", c.OwnerID, c.ManagerID, c.SteeringIDs)
		}
		if main := b.text("main"); !strings.Contains(main, "Test strategic_council") || !strings.Contains(main, "Test member") {
			t.Errorf("the directive page does not name the owner and the manager: %q", main)
		}

		// The edit form keeps the chosen people: saving again changes nothing.
		b.open(fmt.Sprintf("/directives/%d/edit", d.ID))
		b.wantSaved(b.submitSave(), "directive form again", fmt.Sprintf("/directives/%d", d.ID))
		v, _ = b.a.Directives.Version(ctx, policy.SystemActor, d.ID, 1)
		if c := v.Content; c.OwnerID != owner.ID || c.ManagerID != manager.ID || !slices.Equal(c.SteeringIDs, []int64{steering.ID}) {
			t.Fatalf("people after saving the form unchanged: owner %d manager %d steering %v", c.OwnerID, c.ManagerID, c.SteeringIDs)
		}

		// A case links the directive through the search; the version is
		// then frozen and the page says so.
		_, c := meetingWithCase(t, b.a)
		b.open(fmt.Sprintf("/cases/%d?pick_type=directive", c))
		b.typeInto("f-pick_item_id", "Nettleserprøve")
		radio := fmt.Sprintf(`#f-item_id-%d`, d.ID)
		b.run("wait for the directive", chromedp.WaitVisible(chromedp.CSS(radio)))
		b.checkAxe("case link form with a directive found")
		b.run("choose it", chromedp.Click(chromedp.CSS(radio)))
		status := b.load("link", chromedp.Click(chromedp.CSS(`form[action$="/links"] button[type=submit]:not([form])`)))
		b.wantSaved(status, "link", fmt.Sprintf("/cases/%d", c))
		if !strings.Contains(b.text("main"), fmt.Sprintf("styringsdokument-%d-v1.pdf", d.ID)) {
			t.Errorf("the case does not carry the directive's PDF: %q", b.text("main"))
		}
		b.open(fmt.Sprintf("/directives/%d", d.ID))
		if b.text("#frozen-note") == "" {
			t.Error("the directive page does not say version 1 is frozen")
		}
		b.checkAxe("frozen directive")
	}},
	browserFlow{"concept mandate edited while in the concept phase", "secretariat", func(t *testing.T, b *tab) {
		i, _ := conceptDirectiveForTest(t, b.a, "Nettleserprøve for mandat")
		b.open(fmt.Sprintf("/ideas/%d", i.ID))
		b.checkAxe("idea page with the mandate")
		b.follow(fmt.Sprintf("/ideas/%d/mandate", i.ID))
		b.checkAxe("mandate form")
		b.fillDotted("mandate.purpose", "Utrede et felles planarkiv.", "mandate.cost_nok", "mye")
		b.wantInvalidDotted(b.submitSave(), "mandate form", "mandate.cost_nok")
		b.fillDotted("mandate.cost_nok", "150 000")
		b.wantSaved(b.submitSave(), "mandate form", fmt.Sprintf("/ideas/%d", i.ID))
		got, err := b.a.Directives.Idea(context.Background(), policy.SystemActor, i.ID)
		if err != nil || got.Mandate.Purpose != "Utrede et felles planarkiv." || got.Mandate.CostNOK != 150000 {
			t.Fatalf("mandate after saving: %+v %v", got.Mandate, err)
		}
	}},
)
