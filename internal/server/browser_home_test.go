package server_test

// The home page in the browser (issue 10, item 10): sign-in lands on it,
// and it shows each person their own tasks, linking to each item.

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/samstyr/samstyr/internal/testutil/apptest"
)

func TestBrowserHomeShowsTasks(t *testing.T) {
	a := apptest.New(t)
	h := homeFixture(t, a)

	// The secretariat: needs to triage and minutes to approve.
	b := newTab(t, a)
	b.signIn("secretariat")
	if p := b.path(); p != "/" {
		t.Fatalf("sign-in landed on %s, want the home page", p)
	}
	b.checkAxe("secretariat's home")
	if got := b.text("#tasks-triage"); !strings.Contains(got, "Heimebehov til mottak") {
		t.Errorf("secretariat's home, needs to triage: %q", got)
	}
	if got := b.text("#tasks-minutes"); !strings.Contains(got, "Møte i user_council") {
		t.Errorf("secretariat's home, minutes to approve: %q", got)
	}
	if n := eval[int](b, `document.querySelectorAll("#tasks-actions").length`); n != 0 {
		t.Errorf("secretariat's home shows actions that are not theirs")
	}
	for _, nav := range []string{"/cases", "/decisions", "/admin/people"} {
		if eval[int](b, fmt.Sprintf(`document.querySelectorAll('nav a[href=%q]').length`, nav)) == 0 {
			t.Errorf("the secretariat's menu lacks %s", nav)
		}
	}
	// The menu's groups are disclosures: Tab reaches a group's button,
	// Enter opens it and shows its links (axe checks it open), Escape
	// closes it and leaves focus on the button, and opening one group
	// closes another.
	group := `.site-nav__details:has(a[href="/admin/people"]) > summary`
	b.tabTo(group, false, 40)
	b.press(kb.Enter, false)
	if !eval[bool](b, `document.querySelector('a.site-nav__link[href="/admin/people"]').checkVisibility()`) {
		t.Error("Enter on the administration group does not show its links")
	}
	b.checkAxe("secretariat's home with a menu group open")
	b.press(kb.Escape, false)
	if eval[bool](b, `document.querySelector('a.site-nav__link[href="/admin/people"]').checkVisibility()`) ||
		!eval[bool](b, `document.activeElement.matches(`+fmt.Sprintf("%q", group)+`)`) {
		t.Error("Escape does not close the group and return focus to its button")
	}
	eval[bool](b, `(() => { const ds = document.querySelectorAll('.site-nav__details'); ds[0].open = true; ds[1].open = true; return true; })()`)
	b.run("let the toggle events run", chromedp.Sleep(200*time.Millisecond))
	if n := eval[int](b, `[...document.querySelectorAll('.site-nav__details')].filter(d => d.open).length`); n != 1 {
		t.Errorf("%d menu groups open after opening two, want 1", n)
	}
	b.press(kb.Escape, false)
	status := b.load("open the need to triage", chromedp.Click(chromedp.CSS(fmt.Sprintf(`#tasks-triage a[href="/needs/%d"]`, h.submitted.ID))))
	if status != 200 || b.path() != fmt.Sprintf("/needs/%d", h.submitted.ID) {
		t.Errorf("the triage link: status %d at %s", status, b.path())
	}

	// A user council member, in English: scores due, their action, their
	// council's coming meeting; not the secretariat's lists.
	u := newTab(t, a)
	u.signIn("user_council")
	if p := u.path(); p != "/" {
		t.Fatalf("sign-in landed on %s, want the home page", p)
	}
	if status := u.load("choose English", chromedp.Click(chromedp.CSS(`.lang-switch button[value=en]`))); status != 200 {
		t.Fatalf("language switch: status %d", status)
	}
	u.checkAxe("user council member's home in English")
	if got := u.text("#tasks-scores"); !strings.Contains(got, "Scoring to do") || !strings.Contains(got, "1 need left to score") || !strings.Contains(got, "Heimebehov til skåring") {
		t.Errorf("member's home, scores due: %q", got)
	}
	if got := u.text("#tasks-actions"); !strings.Contains(got, "Skrive høringssvar") || !strings.Contains(got, "due ") {
		t.Errorf("member's home, actions: %q", got)
	}
	if got := u.text("#tasks-meetings"); !strings.Contains(got, "Coming meetings") {
		t.Errorf("member's home, meetings: %q", got)
	}
	if n := eval[int](u, `document.querySelectorAll("#tasks-triage, #tasks-minutes").length`); n != 0 {
		t.Errorf("member's home shows %d of the secretariat's lists", n)
	}
	status = u.load("open the need to score", chromedp.Click(chromedp.CSS(fmt.Sprintf(`#tasks-scores a[href="/assessment/rounds/%d/needs/%d"]`, h.round, h.inRound.ID))))
	if status != 200 {
		t.Errorf("the scoring link: status %d at %s", status, u.path())
	}
	b.checkLogs("home")
	u.checkLogs("home")
}
