package server_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/samstyr/samstyr/internal/forum"
	"github.com/samstyr/samstyr/internal/policy"
	"github.com/samstyr/samstyr/internal/testutil/apptest"
)

// browserForum plans a forum in 2030 and an election at it, with the
// member as the voting representative of Oslo and three candidates, open
// for voting when open is true.
func browserForum(t *testing.T, a *apptest.App, open bool) (*forum.Forum, *forum.Election, []*forum.Candidate) {
	t.Helper()
	ctx, sys := context.Background(), policy.SystemActor
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	start := time.Date(2030, 5, 2, 7, 0, 0, 0, time.UTC)
	f := &forum.Forum{Title: "Brukerforum i nettleseren", StartsAt: start, EndsAt: start.Add(8 * time.Hour), Place: "Oslo"}
	must(a.Forum.CreateForum(ctx, sys, f))
	must(a.Forum.AddSession(ctx, sys, f.ID, &forum.Session{StartsAt: start, Title: "Åpning", Speakers: "Programleder"}))
	must(a.Forum.Register(ctx, sys, f.ID, &forum.Registration{Role: forum.RoleVoting, PersonEmail: a.People["member"].Email}))
	e := &forum.Election{ForumID: f.ID, Title: "Valg i nettleseren", Seats: 2, Deputies: 1, Rule: forum.RuleMajority,
		TermFrom: time.Date(2031, 1, 1, 0, 0, 0, 0, time.UTC), TermTo: time.Date(2032, 12, 31, 0, 0, 0, 0, time.UTC), Balance: forum.Balance{GenderLaw: true}}
	must(a.Forum.CreateElection(ctx, sys, e))
	for i, role := range []string{"strategic_council", "working_committee", "admin"} {
		must(a.Forum.Nominate(ctx, sys, e.ID, &forum.Candidate{PersonEmail: a.People[role].Email, Sector: "municipal",
			Gender: forum.Genders[i%2], Consent: true}))
	}
	must(a.Forum.SetRoll(ctx, sys, e.ID, nil, true))
	if open {
		must(a.Forum.OpenVoting(ctx, sys, e.ID, time.Time{}))
	}
	cs, err := a.Forum.Candidates(ctx, sys, e.ID)
	must(err)
	return f, e, cs
}

var _ = addBrowserFlows(
	browserFlow{"forum and election set up by the secretariat", "secretariat", func(t *testing.T, b *tab) {
		f, e, _ := browserForum(t, b.a, false)
		b.open("/forum/new")
		b.checkAxe("forum form")
		b.fill("title", "", "video_url", "ikke en lenke")
		b.wantInvalid(b.submit("title"), "forum form", "title", "starts_at", "video_url")
		b.open(fmt.Sprintf("/forum/%d", f.ID))
		b.checkAxe("forum page")
		if !strings.Contains(b.text("#programme ~ table, main"), "Åpning") {
			t.Errorf("forum page lacks its programme")
		}
		b.open(fmt.Sprintf("/elections/new?forum=%d", f.ID))
		b.checkAxe("election form")
		b.fill("title", "Nettleservalg", "seats", "0")
		b.wantInvalid(b.submit("title"), "election form", "seats", "term_from")
		b.fill("seats", "2")
		b.choose("term_from", "2033-01-01")
		b.choose("term_to", "2034-12-31")
		b.wantSaved(b.submit("title"), "election form", "/elections/")
		b.open(fmt.Sprintf("/elections/%d", e.ID))
		b.checkAxe("election page for the secretariat")
		b.fill("person_email", "ingen@example.org")
		b.wantInvalid(b.submit("person_email"), "nomination", "person_email", "consent")
		// The result page, with a balance rule broken, after a vote.
		ctx, sys := context.Background(), policy.SystemActor
		if err := b.a.Forum.OpenVoting(ctx, sys, e.ID, time.Time{}); err != nil {
			t.Fatal(err)
		}
		cs, _ := b.a.Forum.Candidates(ctx, sys, e.ID)
		member, _ := b.a.DB.FindActor(ctx, b.a.People["member"].ID, time.Now())
		if _, err := b.a.Forum.Vote(ctx, member, e.ID, []int64{cs[0].ID, cs[2].ID}); err != nil {
			t.Fatal(err)
		}
		if err := b.a.Forum.Close(ctx, sys, e.ID); err != nil {
			t.Fatal(err)
		}
		b.open(fmt.Sprintf("/elections/%d", e.ID))
		if b.text("#breaches") == "" || b.text("#h-result") == "" {
			t.Errorf("result page shows no result or balance")
		}
		b.checkAxe("election result")
		// Input: the list, the form with its errors, and the answer form.
		b.open("/inputs")
		b.checkAxe("inputs")
		b.choose("subject", "need")
		b.fill("title", "Innspill fra nettleseren")
		send := func() int64 {
			return b.load("send input", chromedp.Click(chromedp.CSS(`form[action="/inputs"] > button[type=submit]`)))
		}
		b.wantInvalid(send(), "input form", "need_id", "body")
		b.choose("subject", "topic")
		b.fill("topic", "Byggesak", "body", "Felles maler for byggesak.")
		b.wantSaved(send(), "input form", "/inputs/")
		b.fill("answer", "")
		b.wantInvalid(b.submit("answer"), "answer form", "answer", "outcome")
	}},
)

var _ = addKeyboardFlows(
	keyboardFlow{"cast a vote with the keyboard alone", "member", func(t *testing.T, b *tab) {
		_, e, cs := browserForum(t, b.a, true)
		b.open(fmt.Sprintf("/elections/%d", e.ID))
		b.checkAxe("election page for a voter")
		b.follow(fmt.Sprintf("/elections/%d/vote", e.ID))
		b.checkAxe("ballot")
		// Tick the first and the third candidate with Space, then submit
		// with Enter.
		b.tabTo(fmt.Sprintf("#f-choice-%d", cs[0].ID), false, 40)
		b.press(" ", false)
		b.tabTo(fmt.Sprintf("#f-choice-%d", cs[2].ID), false, 3)
		b.press(" ", false)
		b.tabTo("main form button[type=submit]", false, 3)
		if status := b.pressToLoad(kb.Enter); status != 200 {
			t.Fatalf("vote by keyboard: status %d", status)
		}
		receipt := b.text("#receipt")
		if len(receipt) != 64 {
			t.Fatalf("no receipt after voting: %q", b.text("main"))
		}
		b.checkAxe("receipt")
		bs, err := b.a.DB.FindBallots(context.Background(), e.ID)
		if err != nil || len(bs) != 1 || fmt.Sprint(bs[0].Choices) != fmt.Sprint([]int64{cs[0].ID, cs[2].ID}) || bs[0].Receipt != receipt {
			t.Fatalf("ballots after the keyboard vote: %+v %v", bs, err)
		}
		// Follow the receipt link to the check.
		b.follow(fmt.Sprintf("/elections/%d/receipt?receipt=%s", e.ID, receipt))
		if !strings.Contains(b.text("main"), "er med i valgurnen") {
			t.Errorf("receipt check does not find the ballot: %q", b.text("main"))
		}
		b.checkAxe("receipt check")
	}},
)
