package server_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/samstyr/samstyr/internal/auth"
	"github.com/samstyr/samstyr/internal/forum"
	"github.com/samstyr/samstyr/internal/policy"
	"github.com/samstyr/samstyr/internal/testutil/apptest"
)

// forumFixture creates what the forum and election rows act on:
//
//	{forum}, {forum2}    forums in 2030 with a draft programme (web and API rows)
//	{aforum}, {aforum2}  forums with a session, whose programme the rows adopt
//	{election}, {election2}    elections taking nominations (roll, nominations)
//	{oelection}, {oelection2}  elections ready to open
//	{velection}, {velection3}  elections open for voting (close rows)
//	{velection2}, {velection4} elections open for voting, the member the voter of Oslo (vote rows)
//	{celection}, {receipt}     a closed election and the receipt of its one ballot
//
// People cand-{role}@matrix.test are nominated by the role's own row.
func forumFixture(t testing.TB, a *apptest.App) []string {
	ctx := context.Background()
	sys := policy.SystemActor
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	for _, role := range apptest.Roles {
		_, err := a.Auth.CreatePerson(ctx, sys, auth.PersonInput{Email: "cand-" + role + "@matrix.test", Name: "Kandidat " + role,
			OrgID: a.Organisations["bergen"].ID, Password: apptest.Password}, true)
		must(err)
	}
	var cands []string
	for _, n := range []string{"a", "b"} {
		p, err := a.Auth.CreatePerson(ctx, sys, auth.PersonInput{Email: "fixture-" + n + "@matrix.test", Name: "Fast kandidat " + n,
			OrgID: a.Organisations["oslo"].ID, Password: apptest.Password}, true)
		must(err)
		cands = append(cands, p.Email)
	}
	start := time.Date(2030, 5, 2, 7, 0, 0, 0, time.UTC)
	newForum := func(title string, session bool) *forum.Forum {
		f := &forum.Forum{Title: title, StartsAt: start, EndsAt: start.Add(8 * time.Hour), Place: "Oslo"}
		must(a.Forum.CreateForum(ctx, sys, f))
		if session {
			must(a.Forum.AddSession(ctx, sys, f.ID, &forum.Session{StartsAt: start, Title: "Åpning"}))
		}
		return f
	}
	f1, f2, af1, af2, vf := newForum("Matriseforum", false), newForum("Matriseforum API", false), newForum("Vedtas", true),
		newForum("Vedtas API", true), newForum("Stemmeforum", false)
	must(a.Forum.Register(ctx, sys, vf.ID, &forum.Registration{Role: forum.RoleVoting, PersonEmail: a.People["member"].Email}))
	member, err := a.DB.FindActor(ctx, a.People["member"].ID, time.Now())
	must(err)
	year := 2031
	newElection := func(f *forum.Forum, stage string) *forum.Election {
		e := &forum.Election{ForumID: f.ID, Title: "Matrisevalg " + stage, Seats: 1, Deputies: 0, Rule: forum.RuleMajority,
			TermFrom: time.Date(year, 1, 1, 0, 0, 0, 0, time.UTC), TermTo: time.Date(year, 12, 31, 0, 0, 0, 0, time.UTC)}
		year += 2
		must(a.Forum.CreateElection(ctx, sys, e))
		if stage == "nominating" {
			return e
		}
		must(a.Forum.SetRoll(ctx, sys, e.ID, []string{a.Organisations["oslo"].MunicipalityNumber}, false))
		for _, em := range cands {
			must(a.Forum.Nominate(ctx, sys, e.ID, &forum.Candidate{PersonEmail: em, Sector: "municipal", Gender: "female", Consent: true}))
		}
		if stage == "ready" {
			return e
		}
		must(a.Forum.OpenVoting(ctx, sys, e.ID, time.Time{}))
		return e
	}
	e1, e2 := newElection(f1, "nominating"), newElection(f2, "nominating")
	o1, o2 := newElection(vf, "ready"), newElection(vf, "ready")
	v1, v3 := newElection(vf, "voting"), newElection(vf, "voting")
	v2, v4 := newElection(vf, "voting"), newElection(vf, "voting")
	ce := newElection(vf, "voting")
	cs, err := a.Forum.Candidates(ctx, sys, ce.ID)
	must(err)
	receipt, err := a.Forum.Vote(ctx, member, ce.ID, []int64{cs[0].ID})
	must(err)
	must(a.Forum.Close(ctx, sys, ce.ID))
	v2c, err := a.Forum.Candidates(ctx, sys, v2.ID)
	must(err)
	v4c, err := a.Forum.Candidates(ctx, sys, v4.ID)
	must(err)
	var ins []*forum.Input
	for _, title := range []string{"Matriseinnspill", "Matriseinnspill API"} {
		in := &forum.Input{Subject: forum.SubjectRoadmap, Title: title, Body: "Tekst"}
		must(a.Forum.CreateInput(ctx, member, in))
		ins = append(ins, in)
	}
	id := func(x int64) string { return fmt.Sprint(x) }
	return []string{"{input}", id(ins[0].ID), "{input2}", id(ins[1].ID), "{forum}", id(f1.ID), "{forum2}", id(f2.ID), "{aforum}", id(af1.ID), "{aforum2}", id(af2.ID),
		"{election}", id(e1.ID), "{election2}", id(e2.ID), "{oelection}", id(o1.ID), "{oelection2}", id(o2.ID),
		"{velection}", id(v1.ID), "{velection3}", id(v3.ID), "{velection2}", id(v2.ID), "{velection4}", id(v4.ID),
		"{v2cand}", id(v2c[0].ID), "{v4cand}", id(v4c[0].ID), "{celection}", id(ce.ID), "{receipt}", receipt}
}

var _ = addFixture(forumFixture)

// Roles, in order: anonymous member vendor secretariat user_council
// strategic_council working_committee admin.
var _ = addRows(
	matrixRow{route: "GET /forum", path: "/forum", want: "oooooooo"},
	matrixRow{route: "GET /forum/new", path: "/forum/new", want: "lffoffff"},
	matrixRow{route: "POST /forum", path: "/forum", form: "title=Forum+{role}&starts_at=2030-06-01T09:00&ends_at=2030-06-01T16:00&place=Oslo", want: "lffoffff"},
	matrixRow{route: "GET /forum/{id}", path: "/forum/{forum}", want: "oooooooo"},
	matrixRow{route: "GET /forum/{id}/calendar.ics", path: "/forum/{forum}/calendar.ics", want: "oooooooo"},
	matrixRow{route: "POST /forum/{id}/sessions", path: "/forum/{forum}/sessions", form: "session_starts_at=2030-05-02T10:00&session_title=Økt+{role}", want: "lffoffff"},
	matrixRow{route: "POST /forum/{id}/adopt", path: "/forum/{aforum}/adopt", want: "lffocfff"},
	matrixRow{route: "GET /forum/{id}/registrations", path: "/forum/{forum}/registrations", want: "lofooooo"},
	matrixRow{route: "GET /forum/{id}/registrations.pdf", path: "/forum/{forum}/registrations.pdf", want: "lofooooo"},
	matrixRow{route: "POST /forum/{id}/registrations", path: "/forum/{forum}/registrations", form: "role=observer", want: "lofooooo"},
	matrixRow{route: "GET /elections/new", path: "/elections/new", want: "lffoffff"},
	matrixRow{route: "POST /elections", path: "/elections", form: "forum_id={forum}&title=Valg+{role}&seats=2&deputies=1&term_from=2031-01-01&term_to=2032-12-31&rule=majority", want: "lffoffff"},
	matrixRow{route: "GET /elections/{id}", path: "/elections/{election}", want: "oooooooo"},
	matrixRow{route: "POST /elections/{id}/roll", path: "/elections/{election}/roll", form: "numbers=0301", want: "lffoffff"},
	matrixRow{route: "POST /elections/{id}/candidates", path: "/elections/{election}/candidates", form: "person_email=cand-{role}%40matrix.test&sector=municipal&gender=male&consent=on", want: "lofooooo"},
	matrixRow{route: "POST /elections/{id}/open", path: "/elections/{oelection}/open", want: "lffoffff"},
	matrixRow{route: "POST /elections/{id}/close", path: "/elections/{velection}/close", want: "lffoffff"},
	matrixRow{route: "GET /elections/{id}/vote", path: "/elections/{velection2}/vote", want: "looooooo"},
	matrixRow{route: "POST /elections/{id}/vote", path: "/elections/{velection2}/vote", form: "choices={v2cand}", want: "loffffff"},
	matrixRow{route: "GET /elections/{id}/receipt", path: "/elections/{celection}/receipt?receipt={receipt}", want: "oooooooo"},
	matrixRow{route: "GET /elections/{id}/ballots.json", path: "/elections/{celection}/ballots.json", want: "oooooooo"},

	matrixRow{route: "GET /inputs", path: "/inputs", want: "oooooooo"},
	matrixRow{route: "POST /inputs", path: "/inputs", form: "subject=topic&topic=Tema&title=Innspill+{role}&body=Tekst", want: "lofooooo"},
	matrixRow{route: "GET /inputs/{id}", path: "/inputs/{input}", want: "oooooooo"},
	matrixRow{route: "POST /inputs/{id}/support", path: "/inputs/{input}/support", want: "lofooooo"},
	matrixRow{route: "POST /inputs/{id}/answer", path: "/inputs/{input}/answer", form: "answer=Svar&outcome=no_action&group=Gruppe", want: "lffoffff"},

	matrixRow{route: "GET /api/v1/forums", path: "/api/v1/forums", want: "oooooooo"},
	matrixRow{route: "POST /api/v1/forums", path: "/api/v1/forums", json: `{"title":"API {role}","starts_at":"2030-06-01T07:00:00Z","ends_at":"2030-06-01T15:00:00Z","place":"Oslo"}`, want: "lffoffff"},
	matrixRow{route: "GET /api/v1/forums/{id}", path: "/api/v1/forums/{forum}", want: "oooooooo"},
	matrixRow{route: "POST /api/v1/forums/{id}/sessions", path: "/api/v1/forums/{forum2}/sessions", json: `{"starts_at":"2030-05-02T09:00:00Z","title":"API {role}"}`, want: "lffoffff"},
	matrixRow{route: "POST /api/v1/forums/{id}/adopt", path: "/api/v1/forums/{aforum2}/adopt", want: "lffocfff"},
	matrixRow{route: "GET /api/v1/forums/{id}/registrations", path: "/api/v1/forums/{forum}/registrations", want: "lofooooo"},
	matrixRow{route: "POST /api/v1/forums/{id}/registrations", path: "/api/v1/forums/{forum2}/registrations", json: `{"role":"observer"}`, want: "lofooooo"},
	matrixRow{route: "GET /api/v1/forums/{id}/reach", path: "/api/v1/forums/{forum}/reach", want: "oooooooo"},
	matrixRow{route: "GET /api/v1/elections", path: "/api/v1/elections", want: "oooooooo"},
	matrixRow{route: "POST /api/v1/elections", path: "/api/v1/elections", json: `{"forum_id":{forum2},"title":"API {role}","seats":1,"term_from":"2031-01-01","term_to":"2031-12-31"}`, want: "lffoffff"},
	matrixRow{route: "GET /api/v1/elections/{id}", path: "/api/v1/elections/{election}", want: "oooooooo"},
	matrixRow{route: "PUT /api/v1/elections/{id}/roll", path: "/api/v1/elections/{election2}/roll", json: `{"numbers":["0301"]}`, want: "lffoffff"},
	matrixRow{route: "GET /api/v1/elections/{id}/candidates", path: "/api/v1/elections/{election}/candidates", want: "oooooooo"},
	matrixRow{route: "POST /api/v1/elections/{id}/candidates", path: "/api/v1/elections/{election2}/candidates", json: `{"person_email":"cand-{role}@matrix.test","sector":"state","gender":"female","consent":true}`, want: "lofooooo"},
	matrixRow{route: "POST /api/v1/elections/{id}/open", path: "/api/v1/elections/{oelection2}/open", want: "lffoffff"},
	matrixRow{route: "POST /api/v1/elections/{id}/close", path: "/api/v1/elections/{velection3}/close", want: "lffoffff"},
	matrixRow{route: "POST /api/v1/elections/{id}/vote", path: "/api/v1/elections/{velection4}/vote", json: `{"choices":[{v4cand}]}`, want: "loffffff"},
	matrixRow{route: "GET /api/v1/elections/{id}/ballots", path: "/api/v1/elections/{celection}/ballots", want: "oooooooo"},
	matrixRow{route: "GET /api/v1/elections/{id}/receipts/{receipt}", path: "/api/v1/elections/{celection}/receipts/{receipt}", want: "oooooooo"},
	matrixRow{route: "GET /api/v1/inputs", path: "/api/v1/inputs", want: "oooooooo"},
	matrixRow{route: "POST /api/v1/inputs", path: "/api/v1/inputs", json: `{"subject":"roadmap","title":"API {role}","body":"Tekst"}`, want: "lofooooo"},
	matrixRow{route: "GET /api/v1/inputs/{id}", path: "/api/v1/inputs/{input2}", want: "oooooooo"},
	matrixRow{route: "POST /api/v1/inputs/{id}/support", path: "/api/v1/inputs/{input2}/support", want: "lofooooo"},
	matrixRow{route: "POST /api/v1/inputs/{id}/answer", path: "/api/v1/inputs/{input2}/answer", json: `{"answer":"Svar","outcome":"case"}`, want: "lffoffff"},
)
