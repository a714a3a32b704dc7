package server_test

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp/kb"

	"github.com/samstyr/samstyr/internal/org"
	"github.com/samstyr/samstyr/internal/testutil/apptest"
)

// keyboardFlow is a main flow done with the keyboard alone: Tab, Shift+Tab,
// Enter, Space and typing. Nothing is clicked and no value is set by
// script; after every Tab the focused element must show its focus.
type keyboardFlow struct {
	name string
	role string // signed in by keyboard first, unless "anonymous"
	run  func(t *testing.T, b *tab)
}

// keyboardFlows are the keyboard-only flows of every area; areas add theirs
// through addKeyboardFlows.
var keyboardFlows []keyboardFlow

func addKeyboardFlows(f ...keyboardFlow) bool {
	keyboardFlows = append(keyboardFlows, f...)
	return true
}

// keyboardSignIn signs in on the sign-in page with the keyboard alone: Tab
// to the fields, type, go back with Shift+Tab to check nothing was lost,
// Tab to the button and press Enter; for administrators the same on the
// second-factor page, submitted with Space.
func (b *tab) keyboardSignIn(role string) {
	b.t.Helper()
	email, password := b.a.Credentials(role)
	b.open("/login")
	b.tabTo("#f-email", false, 30)
	b.typeText(email)
	b.tabTo("#f-password", false, 3)
	b.typeText(password)
	b.tabTo("main form button[type=submit]", false, 5)
	b.tabTo("#f-email", true, 5)
	if got := eval[string](b, `document.querySelector("#f-email").value + " " + document.querySelector("#f-password").value.length`); got != email+" "+itoa(len(password)) {
		b.t.Fatalf("sign-in form after Shift+Tab holds %q", got)
	}
	b.tabTo("main form button[type=submit]", false, 5)
	b.pressToLoad(kb.Enter)
	if strings.HasPrefix(b.path(), "/login/totp") {
		b.tabTo("#f-code", false, 30)
		b.typeText(b.a.SecondFactorCode(email))
		b.tabTo("main form button[type=submit]", false, 5)
		b.pressToLoad(" ")
	}
	if p := b.path(); strings.HasPrefix(p, "/login") || b.status != 200 {
		b.t.Fatalf("keyboard sign-in as %s: at %s with status %d", role, p, b.status)
	}
	if name := b.text(".site-header__person"); name != b.a.People[role].Name {
		b.t.Fatalf("keyboard sign-in as %s: the header names %q", role, name)
	}
}

// follow moves to the link with href (Tab forward) and presses Enter.
func (b *tab) follow(href string) {
	b.t.Helper()
	b.tabTo(`a[href="`+href+`"]`, false, 60)
	if status := b.pressToLoad(kb.Enter); status != 200 {
		b.t.Fatalf("follow %s: status %d", href, status)
	}
}

// skipToMain presses Tab once from the top of the page, expects the skip
// link, and follows it with Enter: focus must land on the main content.
func (b *tab) skipToMain() {
	b.t.Helper()
	b.tabTo("a.ds-skip-link", false, 1)
	b.press(kb.Enter, false)
	if !eval[bool](b, `document.activeElement === document.querySelector("main")`) {
		b.t.Fatalf("at %s: the skip link did not move focus to the main content", b.path())
	}
}

var _ = addKeyboardFlows(
	keyboardFlow{"sign in as member", "member", func(t *testing.T, b *tab) {}},
	keyboardFlow{"sign in with second factor, add an organisation", "admin", func(t *testing.T, b *tab) {
		b.follow("/organisations")
		b.skipToMain()
		b.follow("/organisations/new")
		b.skipToMain()
		b.tabTo("#f-name", false, 10)
		b.typeText("Tastatur Leverandør AS")
		b.tabTo("#f-website", false, 12)
		b.typeText("https://tastatur.example")
		b.tabTo("#f-active", false, 3)
		b.press(" ", false) // untick "active"
		b.press(" ", false) // and tick it again
		b.tabTo("main form button[type=submit]", false, 3)
		if status := b.pressToLoad(kb.Enter); status != 200 || !strings.HasPrefix(b.path(), "/organisations/") {
			t.Fatalf("new organisation by keyboard: status %d at %s", status, b.path())
		}
		found, err := b.a.DB.FindOrganisations(context.Background(), org.Filter{Q: "Tastatur Leverandør", Limit: 2})
		if err != nil || len(found) != 1 || found[0].Website != "https://tastatur.example" || !found[0].Active {
			t.Fatalf("organisation saved by keyboard: %+v %v", found, err)
		}
	}},
)

// TestBrowserKeyboardOnly runs the main flows with the keyboard alone,
// checking after every Tab that focus is visible.
func TestBrowserKeyboardOnly(t *testing.T) {
	a := apptest.New(t)
	for _, f := range keyboardFlows {
		t.Run(f.name, func(t *testing.T) {
			b := newTab(t, a)
			b.t = t
			if f.role != "anonymous" {
				b.keyboardSignIn(f.role)
			}
			f.run(t, b)
			b.checkLogs(f.name)
		})
	}
	a.VerifyAudit()
}

func itoa(n int) string {
	if n < 10 {
		return string(rune('0' + n))
	}
	return itoa(n/10) + string(rune('0'+n%10))
}
