package server_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/samstyr/samstyr/internal/auth"
	"github.com/samstyr/samstyr/internal/policy"
	"github.com/samstyr/samstyr/internal/testutil/apptest"
)

// An API token carries admin rights only for an administrator with a
// second factor set up; making a person an administrator revokes the
// tokens they had.
func TestAdminTokenNeedsSecondFactor(t *testing.T) {
	a := apptest.New(t)
	ctx := context.Background()
	call := func(token string) int {
		c := a.NewClient()
		c.Token = token
		return c.API(http.MethodGet, "/api/v1/audit/verify", "").StatusCode
	}
	if got := call(a.People["admin"].Token); got != http.StatusOK {
		t.Fatalf("administrator with a second factor: %d, want 200", got)
	}
	p := a.People["secretariat"]
	old := p.Token
	if got := call(old); got != http.StatusForbidden {
		t.Fatalf("secretariat before promotion: %d, want 403", got)
	}
	if _, err := a.Auth.UpdatePerson(ctx, policy.SystemActor, p.ID, auth.PersonInput{Email: p.Email, Name: p.Name, OrgID: p.OrgID,
		Admin: true, Locale: p.Locale, NotifyMode: p.NotifyMode}); err != nil {
		t.Fatal(err)
	}
	if got := call(old); got != http.StatusUnauthorized {
		t.Fatalf("token made before promotion: %d, want 401 (revoked)", got)
	}
	fresh, _, err := a.Auth.CreateToken(ctx, policy.SystemActor, p.ID, "after promotion")
	if err != nil {
		t.Fatal(err)
	}
	if got := call(fresh); got != http.StatusForbidden {
		t.Fatalf("administrator without a second factor, new token: %d, want 403", got)
	}
	c := a.NewClient()
	c.Token = fresh
	if res := c.API(http.MethodGet, "/api/v1/me", ""); res.StatusCode != http.StatusOK {
		t.Fatalf("the token still works for the person's own things: %d", res.StatusCode)
	}
	a.VerifyAudit()
}
