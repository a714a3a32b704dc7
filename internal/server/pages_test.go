package server_test

import (
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"github.com/samstyr/samstyr/internal/policy"
	"github.com/samstyr/samstyr/internal/testutil/apptest"
)

// reRawKey finds i18n keys that leaked into a page untranslated.
var reRawKey = regexp.MustCompile(`\b[a-z][a-z_]+\.[a-z_]+(?:\.[a-z_0-9]+)*\b`)

var reEmail = regexp.MustCompile(`[\w.+-]+@[\w-]+(?:\.[\w-]+)+`)

// TestPagesAreWellFormed renders the pages of every role in every language
// and checks what every page must have: the language, a title, one h1, a
// skip link to main, labelled form controls, the CSRF token in every POST
// form, and no untranslated message key.
func TestPagesAreWellFormed(t *testing.T) {
	a := apptest.New(t)
	org := a.Organisations["oslo"].ID
	body := a.Bodies[policy.BodyUserCouncil].ID
	pages := map[string][]string{
		"anonymous":    {"/", "/login", "/organisations", "/organisations?q=zzzz", fmt.Sprintf("/organisations/%d", org), "/bodies", fmt.Sprintf("/bodies/%d", body), "/no/such/page"},
		"member":       {"/", "/account", "/account/password", "/account/totp", "/account/tokens", "/account/notifications", "/cases", "/decisions"},
		"secretariat":  {"/", "/decisions?year=2026", "/admin/people", "/admin/people/new", fmt.Sprintf("/admin/people/%d", a.People["member"].ID)},
		"user_council": {"/"},
		"admin": {"/admin/people", "/admin/people/new", fmt.Sprintf("/admin/people/%d", a.People["member"].ID), "/audit", "/audit/verify",
			fmt.Sprintf("/audit/organisation/%d", org), "/organisations/new", fmt.Sprintf("/organisations/%d/edit", org)},
	}
	for _, lang := range []string{"nb", "nn", "en"} {
		for role, paths := range pages {
			c := a.Client(role)
			c.Lang = lang
			if role != "anonymous" {
				c.PostForm("/account/settings", map[string][]string{"locale": {lang}, "notify_mode": {"immediate"}})
			}
			for _, p := range paths {
				res := c.Get(p)
				want := http.StatusOK
				if p == "/no/such/page" {
					want = http.StatusNotFound
				}
				if res.StatusCode != want {
					t.Errorf("%s %s as %s: status %d", lang, p, role, res.StatusCode)
					continue
				}
				checkPage(t, fmt.Sprintf("%s %s as %s", lang, p, role), lang, res)
			}
		}
	}
}

func checkPage(t *testing.T, where, lang string, res *apptest.Response) {
	t.Helper()
	doc, err := goquery.NewDocumentFromReader(strings.NewReader(res.Body))
	if err != nil {
		t.Fatalf("%s: %v", where, err)
	}
	if got, _ := doc.Find("html").Attr("lang"); got != lang {
		t.Errorf("%s: html lang=%q", where, got)
	}
	if strings.TrimSpace(doc.Find("title").Text()) == "" {
		t.Errorf("%s: empty title", where)
	}
	if n := doc.Find("h1").Length(); n != 1 {
		t.Errorf("%s: %d h1 elements", where, n)
	}
	if href, _ := doc.Find("a.ds-skip-link").Attr("href"); href != "#main" || doc.Find("main#main").Length() != 1 {
		t.Errorf("%s: no skip link to main", where)
	}
	doc.Find("input, select, textarea").Each(func(_ int, s *goquery.Selection) {
		typ, _ := s.Attr("type")
		if typ == "hidden" || typ == "submit" {
			return
		}
		id, _ := s.Attr("id")
		if id == "" || doc.Find(fmt.Sprintf(`label[for=%q]`, id)).Length() == 0 {
			name, _ := s.Attr("name")
			t.Errorf("%s: control %q has no label", where, name)
		}
	})
	doc.Find("form").Each(func(_ int, s *goquery.Selection) {
		if m, _ := s.Attr("method"); strings.EqualFold(m, "post") && s.Find(`input[name="csrf_token"]`).Length() != 1 {
			action, _ := s.Attr("action")
			t.Errorf("%s: POST form %s has no csrf_token", where, action)
		}
	})
	body := doc.Find("body").Clone()
	body.Find("code, pre").Remove()
	text := reEmail.ReplaceAllString(body.Text(), "")
	for _, k := range reRawKey.FindAllString(text, -1) {
		t.Errorf("%s: untranslated key %q in the page", where, k)
	}
	if csp := res.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "frame-ancestors 'none'") || strings.Contains(csp, "unsafe-inline") {
		t.Errorf("%s: CSP %q", where, csp)
	}
	if doc.Find("[style]").Length() > 0 || doc.Find("script:not([src])").Length() > 0 {
		t.Errorf("%s: inline style or script (forbidden by the CSP)", where)
	}
}
