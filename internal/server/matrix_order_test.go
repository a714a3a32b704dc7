package server_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/samstyr/samstyr/internal/api"
	"github.com/samstyr/samstyr/internal/policy"
	"github.com/samstyr/samstyr/internal/testutil/apptest"
)

// TestPermissionBeforeStateAndFields sends every write route of the policy
// matrix, as every role the matrix forbids it (403) or asks to sign in
// (401), with an empty body: the answer must still be 403 or 401 — never
// 422 for the missing fields or 409 for the state, which would tell a
// person without the right what the record's state is (issue 9, item 10).
// Permission is checked first, then the state machine, then the fields.
func TestPermissionBeforeStateAndFields(t *testing.T) {
	a := apptest.New(t)
	other := a.NewPerson("other", "bergen", "", false)
	otherTokens, err := a.Auth.Tokens(context.Background(), policy.SystemActor, other.ID)
	if err != nil || len(otherTokens) != 1 {
		t.Fatalf("other's tokens: %v %v", otherTokens, err)
	}
	pairs := []string{"{org}", fmt.Sprint(a.Organisations["oslo"].ID), "{body}", fmt.Sprint(a.Bodies[policy.BodyUserCouncil].ID),
		"{other}", fmt.Sprint(other.ID), "{othertoken}", fmt.Sprint(otherTokens[0].ID)}
	for _, f := range fixtures {
		pairs = append(pairs, f(t, a)...)
	}
	repl := strings.NewReplacer(pairs...)
	clients := map[string]*apptest.Client{}
	for _, role := range apptest.Roles {
		clients[role] = a.Client(role)
	}
	checked := 0
	for _, row := range matrix {
		method, _, _ := strings.Cut(row.route, " ")
		if method == http.MethodGet || row.last {
			continue
		}
		for i, role := range apptest.Roles {
			want := row.want[i]
			if want != 'f' && want != 'l' {
				continue
			}
			path := strings.NewReplacer("{role}", role).Replace(repl.Replace(row.path))
			isAPI := strings.HasPrefix(path, api.Prefix)
			for _, body := range []string{"", "bad"} {
				var res *apptest.Response
				switch {
				case isAPI && body == "":
					res = clients[role].API(method, path, selectorOnly(t, repl.Replace(row.json)))
				case isAPI && want == 'l':
					// Sign-in is checked before the body is read at all.
					res = clients[role].API(method, path, `{"no such member":`)
				case isAPI:
					// A body the route cannot read (unknown members, not JSON)
					// is refused first, naming the member: nothing can be
					// asked of the service without it (docs/POLICY.md).
					continue
				case body == "":
					res = clients[role].PostForm(path, formSelectorOnly(t, repl.Replace(row.form)))
				default:
					f := formSelectorOnly(t, repl.Replace(row.form))
					for _, k := range []string{"title", "state", "id", "item_id", "name", "starts_at", "into"} {
						f.Set(k, "\x00<b>-1")
					}
					res = clients[role].PostForm(path, f)
				}
				checked++
				if got := outcome(res, isAPI); got != want {
					t.Errorf("%-45s as %-18s with %s body: got %c (status %d), want %c: permission must be checked before the state and the fields",
						row.route+" "+path, role, map[string]string{"": "an empty", "bad": "a wrong"}[body], got, res.StatusCode, want)
				}
			}
		}
	}
	if checked < 100 {
		t.Fatalf("only %d forbidden write requests checked: the matrix has gone missing", checked)
	}
}

// selectors are the fields that say which action a request asks for (the
// state to move to, the kind of thing to create); the rest is input.
var selectors = []string{"to", "kind", "action"}

// selectorOnly keeps only the selectors of a JSON body: every input field
// is missing.
func selectorOnly(t *testing.T, body string) string {
	t.Helper()
	if strings.TrimSpace(body) == "" {
		return "{}"
	}
	var m map[string]any
	if err := json.Unmarshal([]byte(body), &m); err != nil {
		return "{}"
	}
	out := map[string]any{}
	for _, k := range selectors {
		if v, ok := m[k]; ok {
			out[k] = v
		}
	}
	b, _ := json.Marshal(out)
	return string(b)
}

// formSelectorOnly keeps only the selectors of a form.
func formSelectorOnly(t *testing.T, form string) url.Values {
	t.Helper()
	v, err := url.ParseQuery(form)
	if err != nil {
		t.Fatal(err)
	}
	out := url.Values{}
	for _, k := range selectors {
		if x, ok := v[k]; ok {
			out[k] = x
		}
	}
	return out
}

// TestMunicipalityCannotPrioritise is the review's case: a municipal user
// asking to move a need to prioritised is refused with 403 whatever the
// need's state and whatever the request holds.
func TestMunicipalityCannotPrioritise(t *testing.T) {
	a := apptest.New(t)
	member, sec := a.Client("member"), a.Client("secretariat")
	n := harnessNeed(t, a, "Behov kommunen vil prioritere selv")
	path := fmt.Sprintf("/api/v1/needs/%d/transitions", n.ID)
	bodies := []string{`{"to":"prioritised"}`, `{"to":"prioritised","comment":"Viktig"}`,
		fmt.Sprintf(`{"to":"prioritised","comment":"Viktig","decision_id":1,"body_id":%d}`, a.Bodies[policy.BodyUserCouncil].ID)}
	for _, state := range []string{"submitted", "in_triage", "under_assessment"} {
		if state != "submitted" {
			apiJSON(t, sec.API("POST", path, fmt.Sprintf(`{"to":%q,"comment":"Videre"}`, state)), 200)
		}
		for _, b := range bodies {
			if res := member.API("POST", path, b); res.StatusCode != http.StatusForbidden {
				t.Errorf("in %s, %s: %d %s, want 403", state, b, res.StatusCode, res.Body)
			}
			if res := member.PostForm(fmt.Sprintf("/needs/%d/transitions", n.ID), url.Values{"to": {"prioritised"}}); res.StatusCode != http.StatusForbidden {
				t.Errorf("page, in %s: %d, want 403", state, res.StatusCode)
			}
		}
	}
}
