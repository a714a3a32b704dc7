package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/samstyr/samstyr/internal/auth"
	"github.com/samstyr/samstyr/internal/forum"
	"github.com/samstyr/samstyr/internal/governance"
	"github.com/samstyr/samstyr/internal/org"
	"github.com/samstyr/samstyr/internal/policy"
)

// TestElectionRecount runs an election with three municipalities through
// the service, writes its published ballots to a file and runs
// `samstyr election recount FILE`: it matches; a changed ballot, a ballot
// left out or a changed tally make it fail with exit status 1.
func TestElectionRecount(t *testing.T) {
	c := newCLI(t)
	a := c.app()
	ctx, sys := context.Background(), policy.SystemActor
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(a.DB.CreateBody(ctx, &governance.Body{Kind: policy.BodyUserCouncil, Slug: "brukerradet", NameNB: "Brukerrådet", NameNN: "Brukarrådet", NameEN: "User council", Active: true}))
	start := time.Now().Add(time.Hour)
	f := &forum.Forum{Title: "Brukerforum", StartsAt: start, EndsAt: start.Add(6 * time.Hour), Place: "Oslo"}
	must(a.Forum.CreateForum(ctx, sys, f))
	var voters []*policy.Actor
	var emails []string
	for i := range 5 {
		o := &org.Organisation{Kind: "municipality", Name: fmt.Sprintf("Kommune %d", i), OrgNumber: fmt.Sprintf("99900010%d", i),
			MunicipalityNumber: fmt.Sprintf("50%02d", i), CountyName: "Trøndelag", Population: 5000, Active: true}
		must(a.DB.CreateOrganisation(ctx, o))
		p, err := a.Auth.CreatePerson(ctx, sys, auth.PersonInput{Email: fmt.Sprintf("p%d@example.org", i), Name: fmt.Sprintf("Person %d", i),
			OrgID: o.ID, Password: "correct horse battery staple"}, true)
		must(err)
		emails = append(emails, p.Email)
		if i < 3 {
			must(a.Forum.Register(ctx, sys, f.ID, &forum.Registration{Role: forum.RoleVoting, PersonEmail: p.Email}))
			actor, err := a.DB.FindActor(ctx, p.ID, time.Now())
			must(err)
			voters = append(voters, actor)
		}
	}
	e := &forum.Election{ForumID: f.ID, Title: "Valg", Seats: 2, Deputies: 1, Rule: forum.RuleMajority,
		TermFrom: time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC), TermTo: time.Date(2028, 12, 31, 0, 0, 0, 0, time.UTC)}
	must(a.Forum.CreateElection(ctx, sys, e))
	for _, em := range emails {
		must(a.Forum.Nominate(ctx, sys, e.ID, &forum.Candidate{PersonEmail: em, Sector: "municipal", Gender: "female", Consent: true}))
	}
	cs, err := a.Forum.Candidates(ctx, sys, e.ID)
	must(err)
	must(a.Forum.SetRoll(ctx, sys, e.ID, nil, true))
	must(a.Forum.OpenVoting(ctx, sys, e.ID, time.Time{}))
	for i, choices := range [][]int64{{cs[3].ID, cs[4].ID}, {cs[3].ID}, {cs[4].ID, cs[0].ID}} {
		_, err := a.Forum.Vote(ctx, voters[i], e.ID, choices)
		must(err)
	}
	must(a.Forum.Close(ctx, sys, e.ID))
	pub, err := a.Forum.Published(ctx, nil, e.ID)
	must(err)
	dir := t.TempDir()
	write := func(name string, p *forum.Published) string {
		b, err := json.MarshalIndent(p, "", " ")
		must(err)
		file := filepath.Join(dir, name)
		must(os.WriteFile(file, b, 0o600))
		return file
	}
	code, out, errOut := c.run("", "election", "recount", write("ok.json", pub))
	if code != 0 || !strings.Contains(out, "matches the published result") || !strings.Contains(out, "Person 3") {
		t.Fatalf("recount: exit %d, %q, %q", code, out, errOut)
	}
	bad := *pub
	bad.Ballots = append([]forum.Ballot{}, pub.Ballots...)
	bad.Ballots[0] = forum.Ballot{ID: bad.Ballots[0].ID, Choices: []int64{cs[1].ID}, Receipt: bad.Ballots[0].Receipt}
	if code, _, errOut := c.run("", "election", "recount", write("changed.json", &bad)); code != 1 || !strings.Contains(errOut, "receipt") {
		t.Fatalf("changed ballot: exit %d, %q", code, errOut)
	}
	bad.Ballots = pub.Ballots[1:]
	if code, _, errOut := c.run("", "election", "recount", write("short.json", &bad)); code != 1 || !strings.Contains(errOut, "hash") {
		t.Fatalf("ballot left out: exit %d, %q", code, errOut)
	}
	bad = *pub
	bad.Tally = append([]forum.TallyRow{}, pub.Tally...)
	bad.Tally[0].Votes++
	if code, _, errOut := c.run("", "election", "recount", write("tally.json", &bad)); code != 1 || !strings.Contains(errOut, "tally") {
		t.Fatalf("changed tally: exit %d, %q", code, errOut)
	}
	if code, out, _ := c.run("", "election", "recount", "--help"); code != 0 || !strings.Contains(out, "samstyr election recount") {
		t.Fatalf("help: %d %q", code, out)
	}
}
