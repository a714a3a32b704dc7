package server_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/samstyr/samstyr/internal/api"
	"github.com/samstyr/samstyr/internal/policy"
	"github.com/samstyr/samstyr/internal/testutil/apptest"
)

// browserSkip lists the page routes the browser walk does not load, with
// why. Every other GET page route is loaded, as every role the policy
// matrix allows to see it, so a new area's pages are walked as soon as its
// matrix rows exist.
var browserSkip = map[string]string{
	"GET /login/oidc/{provider}":          "starts sign-in at an external OpenID Connect provider; oidc_test drives it against a real provider",
	"GET /login/oidc/{provider}/callback": "the provider's redirect back; oidc_test drives it",
	"/":                                   "the not-found catch-all: browserErrorPages loads it",
}

// browserErrorPages are pages the walk loads for their error status: the
// error page must pass axe too.
var browserErrorPages = []struct {
	role, path string
	status     int64
}{
	{"anonymous", "/no/such/page", 404},
	{"member", "/no/such/page", 404},
	{"member", "/admin/people", 403},
	{"anonymous", "/organisations/999999999", 404},
}

// walkReplacer fills the matrix placeholders with fixture ids, like the
// policy matrix does, with the fixtures of every area.
func walkReplacer(t testing.TB, a *apptest.App) *strings.Replacer {
	t.Helper()
	other := a.NewPerson("other", "bergen", "", false)
	tokens, err := a.Auth.Tokens(context.Background(), policy.SystemActor, other.ID)
	if err != nil || len(tokens) != 1 {
		t.Fatalf("other's tokens: %v %v", tokens, err)
	}
	pairs := []string{"{org}", fmt.Sprint(a.Organisations["oslo"].ID), "{body}", fmt.Sprint(a.Bodies[policy.BodyUserCouncil].ID),
		"{other}", fmt.Sprint(other.ID), "{othertoken}", fmt.Sprint(tokens[0].ID)}
	for _, f := range fixtures {
		pairs = append(pairs, f(t, a)...)
	}
	return strings.NewReplacer(pairs...)
}

// walkPages returns, per role, the page paths to load: the GET page rows of
// the policy matrix that the role may see. It fails when a GET page route is
// neither walked by any role nor listed in browserSkip.
func walkPages(t *testing.T, a *apptest.App, repl *strings.Replacer) map[string][]string {
	t.Helper()
	pages := map[string][]string{}
	walked := map[string]bool{}
	for _, row := range matrix {
		method, _, _ := strings.Cut(row.route, " ")
		if method != "GET" || strings.HasPrefix(row.path, api.Prefix) || browserSkip[row.route] != "" {
			continue
		}
		for i, role := range apptest.Roles {
			if row.want[i] != 'o' {
				continue
			}
			p := strings.NewReplacer("{role}", role).Replace(repl.Replace(row.path))
			pages[role] = append(pages[role], p)
			walked[row.route] = true
		}
	}
	for _, p := range a.Web.Patterns() {
		if strings.HasPrefix(p, "GET ") && !walked[p] && browserSkip[p] == "" {
			t.Errorf("page route %q is neither walked in the browser (no matrix row lets a role see it) nor in browserSkip", p)
		}
	}
	return pages
}

// TestBrowserEveryPagePassesAxe signs in as every role through the sign-in
// form, loads every page the role may see, and runs axe-core with the WCAG
// 2.0/2.1 A and AA rules on each distinct shape of each page (see
// shapeProbe): zero violations, and no script errors or CSP violations
// reported by the page.
func TestBrowserEveryPagePassesAxe(t *testing.T) {
	a := apptest.New(t)
	repl := walkReplacer(t, a)
	pages := walkPages(t, a, repl)
	var mu sync.Mutex
	loaded, checked := 0, 0
	shapes := map[string]bool{}
	// firstSeen reports whether this is the first page of its route and
	// shape, which axe then checks.
	firstSeen := func(key string) bool {
		mu.Lock()
		defer mu.Unlock()
		loaded++
		if shapes[key] {
			return false
		}
		shapes[key] = true
		checked++
		return true
	}
	t.Run("roles", func(t *testing.T) {
		for _, role := range apptest.Roles {
			t.Run(role, func(t *testing.T) {
				t.Parallel()
				walkRole(t, a, role, pages[role], firstSeen)
			})
		}
	})
	t.Logf("%d pages loaded, axe run on %d distinct ones", loaded, checked)
}

// walkRole signs in as role and loads each of the role's pages, running
// axe on those whose route and shape firstSeen has not seen yet, and the
// error pages of the role.
func walkRole(t *testing.T, a *apptest.App, role string, pages []string, firstSeen func(string) bool) {
	b := newTab(t, a)
	if role != "anonymous" {
		b.signIn(role)
	}
	seen := map[string]bool{}
	var client *apptest.Client
	for _, p := range pages {
		if seen[p] {
			continue
		}
		seen[p] = true
		status, err := b.tryOpen(p)
		if err != nil && strings.Contains(err.Error(), errDownload) {
			// A download or a feed (CSV, PDF, calendar), not a page: check
			// that it is one.
			if client == nil {
				client = a.Client(role)
			}
			res := client.Get(p)
			ct, cd := res.Header.Get("Content-Type"), res.Header.Get("Content-Disposition")
			if res.StatusCode != 200 || (strings.HasPrefix(ct, "text/html") && !strings.HasPrefix(cd, "attachment")) {
				t.Errorf("%s as %s: the browser did not show it, and it is no download: %d %q %q", p, role, res.StatusCode, ct, cd)
			}
			continue
		}
		if err != nil {
			t.Fatalf("open %s as %s: %v", p, role, err)
		}
		if status != 200 {
			t.Errorf("%s as %s: status %d", p, role, status)
			continue
		}
		if b.mime != "text/html" {
			continue // a download (CSV, PDF, calendar): not a page
		}
		if firstSeen(strings.SplitN(p, "?", 2)[0] + "\n" + b.shape()) {
			b.checkAxe(p + " as " + role)
		} else {
			b.checkLogs(p + " as " + role)
		}
	}
	for _, e := range browserErrorPages {
		if e.role != role {
			continue
		}
		if status := b.open(e.path); status != e.status {
			t.Errorf("%s as %s: status %d, want %d", e.path, role, status, e.status)
		}
		firstSeen("error " + e.path)
		b.checkAxe(fmt.Sprintf("%s as %s (%d)", e.path, role, e.status))
	}
}
