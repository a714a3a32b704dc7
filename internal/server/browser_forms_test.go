package server_test

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/samstyr/samstyr/internal/testutil/apptest"
)

// browserFlow is one of the main forms of an area, filled in and submitted
// in the browser as role: first with bad input (the 422 page with its error
// summary must pass axe too), then with good input.
type browserFlow struct {
	name string
	role string
	run  func(t *testing.T, b *tab)
}

// browserFlows are the flows of every area; areas add theirs through
// addBrowserFlows in their own browser_<area>_test.go.
var browserFlows []browserFlow

func addBrowserFlows(f ...browserFlow) bool { browserFlows = append(browserFlows, f...); return true }

// fill types values into the fields named (by the id the form partials
// give them, f-NAME), after emptying them.
func (b *tab) fill(fields ...string) {
	b.t.Helper()
	var steps []chromedp.Action[chromedp.Void]
	for i := 0; i+1 < len(fields); i += 2 {
		id, _ := json.Marshal("f-" + fields[i])
		steps = append(steps, chromedp.Evaluate[chromedp.Void](`document.getElementById(`+string(id)+`).value = ""`))
		if fields[i+1] != "" {
			steps = append(steps, chromedp.SendKeys(chromedp.ID("f-"+fields[i]), fields[i+1]))
		}
	}
	b.run("fill in "+strings.Join(fields, " "), steps...)
}

// choose selects an option of a select field.
func (b *tab) choose(field, value string) {
	b.t.Helper()
	b.run("choose "+field+"="+value, chromedp.SetValue(chromedp.ID("f-"+field), value))
}

// submit clicks the submit button of the form around the field given by
// name (or of the main form when field is "") and waits for the answer.
func (b *tab) submit(field string) int64 {
	b.t.Helper()
	sel := `main form button[type=submit]`
	if field != "" {
		sel = `form:has(#f-` + field + `) button[type=submit]`
	}
	return b.load("submit "+sel, chromedp.Click(chromedp.CSS(sel)))
}

// wantInvalid checks the re-rendered form after bad input: status 422, an
// error summary linking to each field named, the field marked invalid and
// described by its message; then runs axe on the page.
func (b *tab) wantInvalid(status int64, where string, fields ...string) {
	b.t.Helper()
	if status != 422 {
		b.t.Fatalf("%s: status %d, want 422", where, status)
	}
	for _, f := range fields {
		ok := eval[bool](b, `!!document.querySelector('#error-summary a[href="#f-`+f+`"]') &&
			document.querySelector('#f-`+f+`').getAttribute("aria-invalid") === "true" &&
			(document.querySelector('#f-`+f+`').getAttribute("aria-describedby") || "").includes("e-`+f+`")`)
		if !ok {
			b.t.Errorf("%s: field %s is not linked from the error summary, marked invalid and described by its message", where, f)
		}
	}
	b.checkAxe(where + " (422)")
}

// wantSaved checks a successful submit: the page it led to (status 200,
// path prefix) shows a flash message; then runs axe on it.
func (b *tab) wantSaved(status int64, where, pathPrefix string) {
	b.t.Helper()
	if status != 200 || !strings.HasPrefix(b.path(), pathPrefix) {
		b.t.Fatalf("%s: status %d at %s, want 200 at %s…", where, status, b.path(), pathPrefix)
	}
	if b.text(".ds-alert[role=status]") == "" {
		b.t.Errorf("%s: no flash message after saving", where)
	}
	b.checkAxe(where + " (saved)")
}

var _ = addBrowserFlows(
	browserFlow{"new organisation", "admin", func(t *testing.T, b *tab) {
		b.open("/organisations/new")
		b.checkAxe("organisation form")
		b.choose("kind", "vendor")
		b.fill("name", "", "org_number", "12345", "website", "not a url")
		b.wantInvalid(b.submit("name"), "organisation form", "name", "org_number")
		b.fill("name", "Nettleser Leverandør AS", "org_number", "", "website", "https://nettleser.example")
		b.wantSaved(b.submit("name"), "organisation form", "/organisations/")
		if !strings.Contains(b.text("h1"), "Nettleser Leverandør AS") {
			t.Errorf("organisation page shows %q", b.text("h1"))
		}
	}},
	browserFlow{"edit organisation", "secretariat", func(t *testing.T, b *tab) {
		b.open("/organisations/" + fmt.Sprint(b.a.Organisations["bergen"].ID) + "/edit")
		b.fill("population", "tre hundre")
		b.wantInvalid(b.submit("name"), "organisation edit", "population")
		b.fill("population", "291941")
		b.wantSaved(b.submit("name"), "organisation edit", "/organisations/")
	}},
	browserFlow{"new person", "admin", func(t *testing.T, b *tab) {
		b.open("/admin/people/new")
		b.fill("name", "Nina Nettleser", "email", "ikke-en-adresse", "organisation", "4601")
		b.wantInvalid(b.submit("name"), "person form", "email")
		b.fill("email", "nina.nettleser@test.samstyr.no")
		b.choose("locale", "nn")
		b.wantSaved(b.submit("name"), "person form", "/admin/people/")
		p, err := b.a.DB.FindPersonByEmail(context.Background(), "nina.nettleser@test.samstyr.no")
		if err != nil || p.Locale != "nn" || p.OrgID != b.a.Organisations["bergen"].ID {
			t.Errorf("person saved as %+v, %v", p, err)
		}
	}},
	browserFlow{"API token", "member", func(t *testing.T, b *tab) {
		b.open("/account/tokens")
		b.fill("name", "Nettlesernøkkel")
		if status := b.submit("name"); status != 200 || !strings.HasPrefix(b.text("#new-token"), "sst_") {
			t.Fatalf("token not shown: status %d, %q", status, b.text("#new-token"))
		}
		b.checkAxe("new API token")
	}},
	browserFlow{"password and settings", "member", func(t *testing.T, b *tab) {
		b.open("/account/password")
		b.fill("current_password", "feil passord her", "new_password", "a new long passphrase", "confirm_password", "a new long passphrase")
		b.wantInvalid(b.submit("current_password"), "password form", "current_password")
		b.open("/account")
		b.choose("locale", "en")
		b.wantSaved(b.submit("locale"), "settings", "/account")
		if lang := eval[string](b, `document.documentElement.lang`); lang != "en" {
			t.Errorf("after choosing English the page is in %q", lang)
		}
	}},
	browserFlow{"language and sign-in errors", "anonymous", func(t *testing.T, b *tab) {
		b.open("/login")
		b.fill("email", "ingen@test.samstyr.no", "password", "wrong password")
		if status := b.submit("email"); status != 401 {
			t.Fatalf("wrong password: status %d", status)
		}
		b.checkAxe("sign-in refused")
		b.fill("email", "", "password", "")
		b.wantInvalid(b.submit("email"), "empty sign-in", "email", "password")
		if status := b.load("choose nynorsk", chromedp.Click(chromedp.CSS(`.lang-switch button[value=nn]`))); status != 200 {
			t.Fatalf("language switch: status %d", status)
		}
		if lang := eval[string](b, `document.documentElement.lang`); lang != "nn" {
			t.Errorf("after choosing nynorsk the page is in %q", lang)
		}
		b.checkAxe("sign-in page in nynorsk")
	}},
)

// TestBrowserMainForms fills in and submits the main forms of every area
// in the browser, as the role each is for, with bad and then good input,
// running axe on each state of the page.
func TestBrowserMainForms(t *testing.T) {
	a := apptest.New(t)
	for _, f := range browserFlows {
		t.Run(f.name, func(t *testing.T) {
			b := newTab(t, a)
			b.t = t
			if f.role != "anonymous" {
				b.signIn(f.role)
			}
			f.run(t, b)
		})
	}
	a.VerifyAudit()
}
