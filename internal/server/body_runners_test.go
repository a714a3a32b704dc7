package server_test

import (
	"context"
	"fmt"
	"net/url"
	"testing"
	"time"

	"github.com/samstyr/samstyr/internal/governance"
	"github.com/samstyr/samstyr/internal/policy"
	"github.com/samstyr/samstyr/internal/testutil/apptest"
)

// steeringGroupRunner makes a steering group and a person with the
// function in it (and a project role as its project's manager), signed in.
func steeringGroupRunner(t *testing.T, a *apptest.App, function string) (*governance.Body, *apptest.Client) {
	t.Helper()
	ctx := context.Background()
	sg := &governance.Body{Kind: policy.BodySteeringGroup, Slug: "sg-" + function, NameNB: "Styringsgruppe " + function, NameNN: "Styringsgruppe " + function,
		NameEN: "Steering group " + function, Active: true}
	if err := a.DB.CreateBody(ctx, sg); err != nil {
		t.Fatal(err)
	}
	role := "runner_" + function
	p := a.NewPerson(role, "ks", "", false)
	m := &governance.Membership{BodyID: sg.ID, PersonID: p.ID, OrgID: p.OrgID, Function: function, Sector: "other",
		TermFrom: time.Now().AddDate(-1, 0, 0), TermTo: time.Now().AddDate(1, 0, 0), Status: "active"}
	if err := a.DB.CreateMembership(ctx, m); err != nil {
		t.Fatal(err)
	}
	project, err := a.DB.EnsureProject(ctx, "Prosjekt "+function)
	if err != nil {
		t.Fatal(err)
	}
	if err := a.DB.EnsureProjectRole(ctx, project, p.ID, "manager", time.Now().AddDate(-1, 0, 0)); err != nil {
		t.Fatal(err)
	}
	a.People[role] = p
	return sg, a.Client(role)
}

// TestSteeringGroupRunnersRunItsMeetings: the project manager, as secretary
// or leader of their steering group, opens "new meeting" and "new case",
// plans a meeting and registers a case of that group (the pages said "no
// access" before, issue 10 item 11), but not of another body; a plain
// member still may not.
func TestSteeringGroupRunnersRunItsMeetings(t *testing.T) {
	a := apptest.New(t)
	uc := a.Bodies[policy.BodyUserCouncil].ID
	for _, fn := range []string{policy.FuncSecretary, policy.FuncChair} {
		sg, c := steeringGroupRunner(t, a, fn)
		expect(t, c.Get("/meetings/new"), 200)
		form := htmlDoc(t, expect(t, c.Get("/cases/new"), 200))
		if form.Find(fmt.Sprintf("select[name=body_id] option[value='%d']", sg.ID)).Length() != 1 ||
			form.Find(fmt.Sprintf("select[name=body_id] option[value='%d']", uc)).Length() != 0 {
			t.Fatalf("%s: the case form offers the wrong bodies", fn)
		}
		start := time.Now().Add(24 * time.Hour)
		meeting := url.Values{"starts_at": {dtLocal(start)}, "ends_at": {dtLocal(start.Add(time.Hour))}, "place": {"Kartverket"}}
		meeting.Set("body_id", fmt.Sprint(sg.ID))
		idFrom(t, c.PostForm("/meetings", meeting))
		idFrom(t, c.PostForm("/cases", url.Values{"body_id": {fmt.Sprint(sg.ID)}, "kind": {"decision"}, "title": {"Retningsvalg"}}))
		meeting.Set("body_id", fmt.Sprint(uc))
		expect(t, c.PostForm("/meetings", meeting), 403)
		expect(t, c.PostForm("/cases", url.Values{"body_id": {fmt.Sprint(uc)}, "kind": {"decision"}, "title": {"Ikke min"}}), 403)
		res := c.API("POST", "/api/v1/meetings", fmt.Sprintf(`{"body_id":%d,"starts_at":%q,"ends_at":%q,"place":"Teams"}`,
			sg.ID, start.UTC().Format(time.RFC3339), start.Add(time.Hour).UTC().Format(time.RFC3339)))
		if res.StatusCode != 201 {
			t.Fatalf("%s: API meeting in own steering group: %d %s", fn, res.StatusCode, res.Body)
		}
	}
	_, member := steeringGroupRunner(t, a, policy.FuncMember)
	expect(t, member.Get("/meetings/new"), 403)
	expect(t, member.Get("/cases/new"), 403)
}
