package server_test

import (
	"encoding/csv"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/samstyr/samstyr/internal/testutil/apptest"
)

// A title that a spreadsheet would run as a formula comes out of the CSV
// export as text (a leading apostrophe); the XLSX export stores strings.
func TestNeedExportCSVHasNoFormulas(t *testing.T) {
	a := apptest.New(t)
	member := a.Client("member")
	titles := []string{`=HYPERLINK("http://evil.example","x")`, "+1+cmd|' /C calc'!A0", "-2+3 kommuner", "@SUM(A1:A9)", "\t=1+1", "\r=1+1"}
	for _, title := range titles {
		res := member.PostForm("/needs", url.Values{"title": {title}, "action": {"draft"}})
		wantStatus(t, "draft "+title, res, http.StatusSeeOther)
	}
	res := member.Get("/needs/export?format=csv")
	wantStatus(t, "csv", res, http.StatusOK)
	rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(res.Body, "\ufeff"))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	found := 0
	for _, row := range rows[1:] {
		for _, cell := range row {
			if cell != "" && strings.ContainsRune("=+-@\t\r", rune(cell[0])) {
				t.Errorf("cell %q starts a formula", cell)
			}
		}
		for _, title := range titles {
			if row[1] == "'"+strings.TrimSpace(title) || row[1] == "'"+title {
				found++
			}
		}
	}
	if found < 4 {
		t.Fatalf("%d of the titles are in the export as text: %q", found, rows)
	}
}
