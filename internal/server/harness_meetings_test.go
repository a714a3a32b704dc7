package server_test

// The meetings area in the quality harness: its main forms in the browser
// and its writes under concurrency, where case numbers must come out of the
// body's counter once each.

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/samstyr/samstyr/internal/i18n"
	"github.com/samstyr/samstyr/internal/meetings"
	"github.com/samstyr/samstyr/internal/policy"
	"github.com/samstyr/samstyr/internal/testutil/apptest"
)

var _ = addBrowserFlows(
	browserFlow{"new meeting and case", "secretariat", func(t *testing.T, b *tab) {
		body := fmt.Sprint(b.a.Bodies[policy.BodyUserCouncil].ID)
		b.open("/meetings/new?body=" + body)
		b.checkAxe("meeting form")
		b.fill("place", "", "ends_at", "")
		status := b.submit("place")
		if status != 422 {
			t.Fatalf("incomplete meeting: status %d", status)
		}
		b.checkAxe("meeting form (422)")
		b.open("/cases/new?body=" + body)
		b.checkAxe("case form")
		b.fill("title", "")
		b.wantInvalid(b.submit("title"), "case form", "title")
		b.fill("title", "Nettleserens sak om digitale nabovarsel", "background", "Bakgrunn med **uthevet** tekst og <script>alert(1)</script>.")
		b.wantSaved(b.submit("title"), "case form", "/cases/")
		if strings.Contains(eval[string](b, `document.querySelector("main").innerHTML`), "<script>alert") {
			t.Errorf("a script in the case background reached the page")
		}
	}},
)

var _ = addWriteKinds(
	writeKind{name: "case create (one body, one counter)", action: "case.create",
		send: func(a *apptest.App, c map[string]*apptest.Client, _ any, i int) (int64, error) {
			body := a.Bodies[policy.BodyUserCouncil].ID
			title := fmt.Sprintf("Samtidig sak %02d", i)
			if i%2 == 0 {
				return createdID(c["secretariat"].API("POST", "/api/v1/cases", fmt.Sprintf(`{"body_id":%d,"kind":"decision","title":%q}`, body, title)), http.StatusCreated)
			}
			return createdID(c["secretariat"].PostForm("/cases", url.Values{"body_id": {fmt.Sprint(body)}, "kind": {"decision"}, "title": {title}}), http.StatusSeeOther)
		},
		check: func(t *testing.T, a *apptest.App, _ any, acked []int64) {
			checkCaseNumbers(t, a)
		}},
	writeKind{name: "meeting create (standing items numbered too)", action: "meeting.create",
		send: func(a *apptest.App, c map[string]*apptest.Client, _ any, i int) (int64, error) {
			body := a.Bodies[policy.BodyUserCouncil].ID
			start := time.Date(2031, 1, 6, 9, 0, 0, 0, time.UTC).AddDate(0, 0, 7*i)
			if i%2 == 0 {
				return createdID(c["secretariat"].API("POST", "/api/v1/meetings", fmt.Sprintf(`{"body_id":%d,"place":"Samtidig %d","starts_at":%q,"ends_at":%q}`,
					body, i, start.Format(time.RFC3339), start.Add(2*time.Hour).Format(time.RFC3339))), http.StatusCreated)
			}
			oslo := start.In(i18n.Oslo())
			return createdID(c["secretariat"].PostForm("/meetings", url.Values{"body_id": {fmt.Sprint(body)}, "place": {fmt.Sprintf("Samtidig %d", i)},
				"starts_at": {oslo.Format("2006-01-02T15:04")}, "ends_at": {oslo.Add(2 * time.Hour).Format("2006-01-02T15:04")}}), http.StatusSeeOther)
		},
		check: func(t *testing.T, a *apptest.App, _ any, acked []int64) {
			for _, id := range acked {
				m, err := a.Meetings.Meeting(context.Background(), policy.SystemActor, id)
				if err != nil || !strings.HasPrefix(m.Place, "Samtidig ") {
					t.Errorf("meeting %d acknowledged but stored as %+v, %v", id, m, err)
				}
			}
			wantRows(t, a, "meetings", "place LIKE 'Samtidig %'", len(acked))
			checkCaseNumbers(t, a)
		}},
)

// checkCaseNumbers checks that every body's cases of a year are numbered
// 1…n without gap or repeat and that the counter stands at n.
func checkCaseNumbers(t *testing.T, a *apptest.App) {
	t.Helper()
	cases, err := a.DB.FindCases(context.Background(), meetings.CaseFilter{Scope: meetings.Scope{All: true}, Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	numbers := map[[2]int64][]int{}
	for _, c := range cases {
		k := [2]int64{c.BodyID, int64(c.Year)}
		numbers[k] = append(numbers[k], c.Seq)
	}
	for k, ns := range numbers {
		slices.Sort(ns)
		for i, n := range ns {
			if n != i+1 {
				t.Errorf("body %d, %d: case numbers %v are not 1…%d", k[0], k[1], ns, len(ns))
				break
			}
		}
		wantRows(t, a, "case_counters", fmt.Sprintf("body_id = %d AND year = %d AND last_number = %d", k[0], k[1], len(ns)), 1)
	}
}
