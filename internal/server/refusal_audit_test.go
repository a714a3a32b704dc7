package server_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"testing"

	"github.com/samstyr/samstyr/internal/audit"
	"github.com/samstyr/samstyr/internal/testutil/apptest"
)

// Refusals (403) of pages and the API are in the audit log, naming the
// person and the route, at most once a minute per person and route.
func TestRefusalsAreAudited(t *testing.T) {
	a := apptest.New(t)
	member := a.Client("member")
	for range 5 {
		wantStatus(t, "page", member.Get("/admin/people"), http.StatusForbidden)
		if res := member.API(http.MethodGet, "/api/v1/audit/verify", ""); res.StatusCode != http.StatusForbidden {
			t.Fatalf("api: %d", res.StatusCode)
		}
	}
	wantStatus(t, "forged CSRF", member.PostForm("/account/settings", url.Values{"csrf_token": {"forged"}}), http.StatusForbidden)
	events, err := a.DB.FindAuditEvents(context.Background(), audit.Filter{Action: audit.ActionRefused, Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	id := a.People["member"].ID
	got := map[string]int{}
	for _, e := range events {
		if e.ActorID != id {
			t.Errorf("refusal by person %d, want %d", e.ActorID, id)
		}
		got[e.ObjectID]++
	}
	want := map[string]int{"GET /admin/people": 1, "GET /api/v1/audit/verify": 1, "POST /account/settings": 1}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("refusals recorded: %v, want %v", got, want)
	}
	a.VerifyAudit()
}
