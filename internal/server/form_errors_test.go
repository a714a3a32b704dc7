package server_test

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"github.com/samstyr/samstyr/internal/needs"
	"github.com/samstyr/samstyr/internal/policy"
	"github.com/samstyr/samstyr/internal/testutil/apptest"
)

// TestErrorSummaryNamesFields: on the 422 page of a form, every error in
// the summary links to its field (href="#f-…", the field exists) and names
// it by its label, so that no two errors read the same (the scoring form's
// rationale errors name their criterion); every field reported missing is
// marked required in text and with required. In nb, nn and en.
func TestErrorSummaryNamesFields(t *testing.T) {
	a := apptest.New(t)
	ctx := context.Background()
	sec, err := a.DB.FindActor(ctx, a.People["secretariat"].ID, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	n, err := a.Needs.Create(ctx, sec, needs.Input{Title: "Skjema-behov", Problem: "Problem", Area: "plan", Affected: []string{"citizens"}})
	if err != nil {
		t.Fatal(err)
	}
	for _, to := range []string{needs.InTriage, needs.UnderAssessment} {
		if _, err := a.Needs.Transition(ctx, sec, n.ID, needs.Transition{To: to, Comment: "ok"}); err != nil {
			t.Fatal(err)
		}
	}
	m, _ := a.Needs.LatestMethod(ctx, nil)
	r, err := a.Needs.OpenRound(ctx, sec, needs.RoundInput{Name: "Skjemarunde", MethodID: m.ID, NeedIDs: []int64{n.ID}})
	if err != nil {
		t.Fatal(err)
	}
	scored := url.Values{}
	for _, c := range m.Criteria {
		scored.Set("scores."+c.Key, fmt.Sprint(c.Min))
	}
	forms := []struct {
		name, path string
		form       url.Values
		min        int // errors expected at least
	}{
		{"scores", fmt.Sprintf("/assessment/rounds/%d/needs/%d", r.ID, n.ID), url.Values{}, len(m.Criteria)},
		{"rationales", fmt.Sprintf("/assessment/rounds/%d/needs/%d", r.ID, n.ID), scored, len(m.Criteria)},
		{"case", "/cases", url.Values{"body_id": {fmt.Sprint(a.Bodies[policy.BodyUserCouncil].ID)}, "kind": {"decision"}}, 1},
		{"round", "/assessment/rounds", url.Values{}, 2},
	}
	for _, lang := range []string{"nb", "nn", "en"} {
		c := a.Client("secretariat")
		if res := c.PostForm("/language", url.Values{"lang": {lang}, "return": {"/"}}); res.StatusCode != 303 {
			t.Fatalf("choose %s: %d", lang, res.StatusCode)
		}
		required := a.Catalog.Printer(lang).T("error.required")
		marker := a.Catalog.Printer(lang).T("form.required")
		for _, f := range forms {
			form := url.Values{}
			for k, v := range f.form {
				form[k] = v
			}
			res := c.PostForm(f.path, form)
			if res.StatusCode != 422 {
				t.Fatalf("%s %s: status %d, want 422: %.300s", lang, f.name, res.StatusCode, res.Body[strings.Index(res.Body, "<main"):])
			}
			doc, err := goquery.NewDocumentFromReader(strings.NewReader(res.Body))
			if err != nil {
				t.Fatal(err)
			}
			links := doc.Find(`#error-summary li a[href^="#f-"]`)
			if links.Length() < f.min || links.Length() != doc.Find(`#error-summary li`).Length() {
				t.Errorf("%s %s: %d linked errors of %d, want at least %d, all linked", lang, f.name, links.Length(), doc.Find(`#error-summary li`).Length(), f.min)
			}
			seen := map[string]bool{}
			links.Each(func(_ int, l *goquery.Selection) {
				href, _ := l.Attr("href")
				id := strings.TrimPrefix(href, "#")
				field := doc.FindMatcher(goquery.Single(`[id="` + id + `"]`))
				if field.Length() == 0 {
					t.Errorf("%s %s: %q links to a missing field", lang, f.name, href)
					return
				}
				label := strings.TrimSpace(strings.ReplaceAll(doc.Find(`label[for="`+id+`"]`).First().Text(), marker, ""))
				if goquery.NodeName(field) == "fieldset" {
					label = strings.TrimSpace(strings.ReplaceAll(field.Find("legend").First().Text(), marker, ""))
				}
				text := strings.TrimSpace(l.Text())
				name, _, _ := strings.Cut(text, ": ")
				if label == "" || name == text || !strings.HasPrefix(label, name) {
					t.Errorf("%s %s: error %q does not name its field (label %q)", lang, f.name, text, label)
				}
				if seen[text] {
					t.Errorf("%s %s: error %q twice", lang, f.name, text)
				}
				seen[text] = true
				msg := strings.TrimSpace(doc.Find(`[id="e-` + strings.TrimPrefix(id, "f-") + `"]`).Text())
				if msg == required || f.name == "scores" || f.name == "rationales" {
					input := field
					if goquery.NodeName(field) == "fieldset" {
						input = field.Find("input").First()
					}
					_, req := input.Attr("required")
					mark := doc.Find(`label[for="`+id+`"] .required, [id="`+id+`"] legend .required`).Length() > 0
					if !req || !mark {
						t.Errorf("%s %s: missing field %s not marked required (attribute %v, text %v)", lang, f.name, id, req, mark)
					}
				}
			})
		}
	}
}
