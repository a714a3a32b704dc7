package server_test

import (
	"regexp"
	"testing"

	"github.com/samstyr/samstyr/internal/testutil/apptest"
)

var currentNav = regexp.MustCompile(`<a class="site-nav__link" href="([^"]+)" aria-current="page">`)

// TestNavMarksOneCurrentItem: the main navigation marks exactly the item
// the page belongs under, the longest address that starts the page's (the
// overview is not also the optimiser at /portfolio), and pages kept under
// another item's address (conformance under standards, elections under the
// forum) mark that item.
func TestNavMarksOneCurrentItem(t *testing.T) {
	a := apptest.New(t)
	c := a.Client("secretariat")
	for path, want := range map[string]string{
		"/portfolio/overview": "/portfolio/overview",
		"/portfolio":          "/portfolio",
		"/portfolio/frames":   "/portfolio/overview",
		"/inputs":             "/forum",
		"/needs":              "/needs",
		"/conformance":        "/standards",
		"/forum":              "/forum",
		"/":                   "/",
	} {
		res := c.Get(path)
		if res.StatusCode != 200 {
			t.Errorf("%s: %d", path, res.StatusCode)
			continue
		}
		m := currentNav.FindAllStringSubmatch(res.Body, -1)
		if len(m) != 1 || m[0][1] != want {
			t.Errorf("%s marks %v as current, want only %s", path, m, want)
		}
	}
}
