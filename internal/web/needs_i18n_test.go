package web

import (
	"io/fs"
	"regexp"
	"strings"
	"testing"

	"github.com/samstyr/samstyr/internal/i18n"
	"github.com/samstyr/samstyr/internal/needs"
)

// TestNeedsKeys checks that every message key the needs and assessment
// templates name, and every state, area and choice they print, exists in
// all three languages.
func TestNeedsKeys(t *testing.T) {
	cat := i18n.MustLoad()
	re := regexp.MustCompile(`(CanDo |Can )?"((?:needs|need|assessment|nav|orgs|form|common|audit)\.[a-z_.]+[a-z_])"`)
	keys := map[string]bool{}
	for _, dir := range []string{"templates/pages/needs", "templates/pages/assessment", "templates/partials/needs.html"} {
		err := fs.WalkDir(embedded, dir, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			b, err := fs.ReadFile(embedded, p)
			for _, m := range re.FindAllStringSubmatch(string(b), -1) {
				if m[1] == "" { // not a policy action name
					keys[m[2]] = true
				}
			}
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	for prefix, vals := range map[string][]string{"need.state.": needs.States, "need.area.": needs.Areas, "need.affected.": needs.AffectedGroups,
		"need.source.": needs.Sources, "need.urgency.": needs.Urgencies, "need.size.": needs.Sizes, "need.sort.": needs.Sorts,
		"needs.notify.subject.": needs.States, "needs.notify.body.": needs.States} {
		for _, v := range vals {
			keys[prefix+v] = true
		}
	}
	if len(keys) < 100 {
		t.Fatalf("found only %d keys; is the pattern right?", len(keys))
	}
	for k := range keys {
		if strings.HasSuffix(k, ".") {
			continue
		}
		for _, lang := range i18n.Languages {
			if !cat.Has(lang, k) {
				t.Errorf("%s: key %q missing", lang, k)
			}
		}
	}
}
