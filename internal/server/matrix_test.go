package server_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/samstyr/samstyr/internal/api"
	"github.com/samstyr/samstyr/internal/audit"
	"github.com/samstyr/samstyr/internal/policy"
	"github.com/samstyr/samstyr/internal/testutil/apptest"
)

// matrixRow is one route of the policy matrix: the request to send and, per
// role in apptest.Roles order, the outcome expected:
//
//	o  allowed: 200, 201 or 303 (not to the sign-in page)
//	l  sign-in required: 401, or 303 to /login for pages
//	f  forbidden: 403
//	i  allowed, but the (deliberately wrong) input is refused: 422
//	n  not found: 404
//	c  conflict: 409 (a move the state machine does not allow, a second backing)
//
// Paths and bodies may hold placeholders filled from the fixture: {org},
// {body}, {other} (a person no role is), {othertoken} (that person's API
// token id), {role} (the role's name, for unique values), and those the
// areas' fixtures add (addFixture).
type matrixRow struct {
	route string // the registered pattern, e.g. "GET /organisations/{id}"
	path  string
	form  string // url-encoded form for page POSTs
	json  string // body for API calls
	want  string
	last  bool // changes the role's own session or sign-in: run after the rest
}

// matrix is the one table of routes × roles. Each area contributes its rows
// from matrix_<area>_test.go through addRows.
var matrix []matrixRow

func addRows(rows ...matrixRow) bool { matrix = append(matrix, rows...); return true }

// fixtures create an area's rows for the matrix and return placeholder,
// value pairs for the replacer.
var fixtures []func(t testing.TB, a *apptest.App) []string

func addFixture(f func(t testing.TB, a *apptest.App) []string) bool {
	fixtures = append(fixtures, f)
	return true
}

// notInMatrix lists routes walked by their own tests instead, with why.
var notInMatrix = map[string]string{
	"POST /login":      "the sign-in flow itself; auth_test covers success, failure, throttling",
	"POST /login/totp": "second factor; auth_test covers codes, recovery codes and replay",
}

func TestPolicyMatrix(t *testing.T) {
	a := apptest.New(t)
	ctx := context.Background()
	other := a.NewPerson("other", "bergen", "", false)
	otherTokens, err := a.Auth.Tokens(ctx, policy.SystemActor, other.ID)
	if err != nil || len(otherTokens) != 1 {
		t.Fatalf("other's tokens: %v %v", otherTokens, err)
	}
	pairs := []string{"{org}", fmt.Sprint(a.Organisations["oslo"].ID), "{body}", fmt.Sprint(a.Bodies[policy.BodyUserCouncil].ID),
		"{other}", fmt.Sprint(other.ID), "{othertoken}", fmt.Sprint(otherTokens[0].ID)}
	for _, f := range fixtures {
		pairs = append(pairs, f(t, a)...)
	}
	repl := strings.NewReplacer(pairs...)
	checkCoverage(t, a)

	rows := slices.Clone(matrix)
	sort.SliceStable(rows, func(i, j int) bool { return !rows[i].last && rows[j].last })
	clients := map[string]*apptest.Client{}
	for _, role := range apptest.Roles {
		clients[role] = a.Client(role)
	}
	for _, row := range rows {
		if len(row.want) != len(apptest.Roles) {
			t.Fatalf("%s: want %q has %d letters, need %d", row.route, row.want, len(row.want), len(apptest.Roles))
		}
		method, _, _ := strings.Cut(row.route, " ")
		for i, role := range apptest.Roles {
			r := strings.NewReplacer("{role}", role)
			path := r.Replace(repl.Replace(row.path))
			c := clients[role]
			var res *apptest.Response
			isAPI := strings.HasPrefix(path, api.Prefix)
			switch {
			case isAPI:
				res = c.API(method, path, r.Replace(repl.Replace(row.json)))
			case method == http.MethodGet:
				res = c.Get(path)
			default:
				form, err := url.ParseQuery(r.Replace(repl.Replace(row.form)))
				if err != nil {
					t.Fatalf("%s: form: %v", row.route, err)
				}
				res = c.PostForm(path, form)
			}
			if got := outcome(res, isAPI); got != row.want[i] {
				t.Errorf("%-45s as %-18s: got %c (status %d, location %q), want %c", row.route+" "+path, role, got,
					res.StatusCode, res.Header.Get("Location"), row.want[i])
			}
		}
	}
	a.VerifyAudit()
}

// outcome classifies a response as one of the matrix letters.
func outcome(res *apptest.Response, isAPI bool) byte {
	loc := res.Header.Get("Location")
	switch res.StatusCode {
	case http.StatusOK, http.StatusCreated, http.StatusNoContent:
		return 'o'
	case http.StatusSeeOther, http.StatusFound:
		if strings.HasPrefix(loc, "/login") && !isAPI {
			return 'l'
		}
		return 'o'
	case http.StatusUnauthorized:
		return 'l'
	case http.StatusForbidden:
		return 'f'
	case http.StatusUnprocessableEntity:
		return 'i'
	case http.StatusNotFound:
		return 'n'
	case http.StatusConflict:
		return 'c'
	}
	return '?'
}

// checkCoverage fails when a registered route has no row (or a row names a
// route that does not exist), so no route escapes the matrix.
func checkCoverage(t *testing.T, a *apptest.App) {
	t.Helper()
	registered := map[string]bool{}
	for _, p := range a.Web.Patterns() {
		registered[p] = true
	}
	for _, r := range a.API.Routes() {
		registered[r.Method+" "+api.Prefix+r.Path] = true
	}
	inTable := map[string]bool{}
	for _, row := range matrix {
		inTable[row.route] = true
		if !registered[row.route] {
			t.Errorf("matrix row for %q, which is not a registered route", row.route)
		}
	}
	for p := range registered {
		if !inTable[p] && notInMatrix[p] == "" {
			t.Errorf("route %q is in neither the policy matrix nor notInMatrix", p)
		}
	}
}

func auditFilter(action string) audit.Filter { return audit.Filter{Action: action, Limit: 100} }
