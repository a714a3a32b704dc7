package server_test

// The golden thread in the browser (issue 11 item 7): from a
// municipality's page to the project its need went into, in at most
// three clicks, with axe on every page on the way.

import (
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/samstyr/samstyr/internal/testutil/apptest"
)

func TestBrowserGoldenThread(t *testing.T) {
	a := apptest.New(t)
	g := goldenThread(t, a)
	bergen := a.Organisations["bergen"].ID
	for _, role := range []string{"anonymous", "member"} {
		t.Run(role, func(t *testing.T) {
			b := newTab(t, a)
			if role != "anonymous" {
				b.signIn(role)
			}
			if status := b.open(fmt.Sprintf("/organisations/%d", bergen)); status != 200 {
				t.Fatalf("organisation page: %d", status)
			}
			b.checkAxe("organisation page with what happened to its needs")
			if got := b.text("#h-our-needs"); got == "" {
				t.Fatal("the organisation page has no \"what happened to our needs\"")
			}
			clicks := 0
			click := func(what, sel string) {
				t.Helper()
				clicks++
				if status := b.load(what, chromedp.Click(chromedp.CSS(sel))); status != 200 {
					t.Fatalf("%s: %d", what, status)
				}
			}
			click("open the need", fmt.Sprintf(`section[aria-labelledby="h-our-needs"] a[href="/needs/%d"]`, g.need))
			b.checkAxe("need page with its thread")
			thread := b.text("section[aria-labelledby=\"h-thread\"]")
			if !strings.Contains(thread, "Gyldent styringsdokument") || !strings.Contains(thread, g.approve.Number) {
				t.Errorf("need page thread lacks the directive or the approving case %s: %q", g.approve.Number, thread)
			}
			click("open the project", fmt.Sprintf(`section[aria-labelledby="h-thread"] a[href="/projects/%d"]`, g.project))
			if p := b.path(); p != fmt.Sprintf("/projects/%d", g.project) || clicks > 3 {
				t.Fatalf("after %d clicks at %s, want the project in at most 3", clicks, p)
			}
			b.checkAxe("project page")
			main := b.text("main")
			for _, want := range []string{g.owner, g.manager, "Bergen", g.approve.Number} {
				if !strings.Contains(main, want) {
					t.Errorf("project page lacks %q", want)
				}
			}
			if shows := strings.Contains(main, g.participant); shows != (role != "anonymous") {
				t.Errorf("project page for %s shows the participant: %v", role, shows)
			}
			// The project is also one click from the organisation's page.
			b.open(fmt.Sprintf("/organisations/%d", bergen))
			click("open the project from the organisation", fmt.Sprintf(`section[aria-labelledby="h-our-needs"] a[href="/projects/%d"]`, g.project))
			if p := b.path(); p != fmt.Sprintf("/projects/%d", g.project) {
				t.Fatalf("the organisation's project link led to %s", p)
			}
			b.checkLogs("golden thread")
		})
	}
}
