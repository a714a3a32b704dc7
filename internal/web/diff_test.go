package web

import (
	"testing"

	"github.com/samstyr/samstyr/internal/directives"
)

// TestDiffRowsMarkOnlyChangedLines: a line both versions have is shown
// plain; only the removed and added lines are marked.
func TestDiffRowsMarkOnlyChangedLines(t *testing.T) {
	rows := diffRows([]directives.Change{{Field: "deliverables", From: []string{"A", "B"}, To: []string{"A", "C", "D"}}})
	if len(rows) != 1 || rows[0].Field != "deliverables" {
		t.Fatalf("rows: %+v", rows)
	}
	want := func(ls []diffLine, changed ...bool) {
		t.Helper()
		if len(ls) != len(changed) {
			t.Fatalf("lines %+v, want %d", ls, len(changed))
		}
		for i, c := range changed {
			if ls[i].Changed != c {
				t.Errorf("line %q changed = %v, want %v", ls[i].Text, ls[i].Changed, c)
			}
		}
	}
	want(rows[0].From, false, true)
	want(rows[0].To, false, true, true)
}
