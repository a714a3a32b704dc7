package server_test

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/samstyr/samstyr/internal/needs"
	"github.com/samstyr/samstyr/internal/policy"
	"github.com/samstyr/samstyr/internal/testutil/apptest"
)

// TestBrowserRoundCloseWarns: the secretariat sees the scoring progress of
// an open round per need and assessor; closing asks for confirmation and
// lists the need nobody scored, which is then recorded as not assessed,
// apart from the ranking (not ranked last with 0).
func TestBrowserRoundCloseWarns(t *testing.T) {
	a := apptest.New(t)
	ctx := context.Background()
	actor := func(role string) *policy.Actor {
		ac, err := a.DB.FindActor(ctx, a.People[role].ID, time.Now())
		if err != nil {
			t.Fatal(err)
		}
		return ac
	}
	sec, council := actor("secretariat"), actor("user_council")
	var ids []int64
	for _, title := range []string{"Skåret i runden", "Glemt i runden"} {
		n, err := a.Needs.Create(ctx, actor("member"), needs.Input{Title: title, Problem: "Problem", Area: "plan", Affected: []string{"citizens"}})
		if err != nil {
			t.Fatal(err)
		}
		for _, to := range []string{needs.InTriage, needs.UnderAssessment} {
			if _, err := a.Needs.Transition(ctx, sec, n.ID, needs.Transition{To: to, Comment: "ok"}); err != nil {
				t.Fatal(err)
			}
		}
		ids = append(ids, n.ID)
	}
	m, _ := a.Needs.LatestMethod(ctx, nil)
	r, err := a.Needs.OpenRound(ctx, sec, needs.RoundInput{Name: "Nettleserrunden", MethodID: m.ID, NeedIDs: ids})
	if err != nil {
		t.Fatal(err)
	}
	var in []needs.ScoreInput
	for _, c := range m.Criteria {
		in = append(in, needs.ScoreInput{Criterion: c.Key, Value: c.Max, Rationale: "God grunn"})
	}
	if err := a.Needs.SubmitScores(ctx, council, r.ID, ids[0], in); err != nil {
		t.Fatal(err)
	}
	round := fmt.Sprintf("/assessment/rounds/%d", r.ID)

	// A close posted without confirmation (an old form) closes nothing and
	// leads to the confirmation step.
	res := a.Client("secretariat").PostForm(round+"/close", url.Values{})
	if res.StatusCode != 303 || res.Header.Get("Location") != round+"/close" {
		t.Fatalf("close without confirming: %d %q", res.StatusCode, res.Header.Get("Location"))
	}

	b := newTab(t, a)
	b.signIn("secretariat")
	if st := b.open(round); st != 200 {
		t.Fatalf("round page: %d", st)
	}
	if got := b.text("#progress tr[data-unscored]"); !strings.Contains(got, "Glemt i runden") {
		t.Errorf("progress does not mark the unscored need: %q", got)
	}
	if got := b.text("#progress"); !strings.Contains(got, "1 / ") {
		t.Errorf("progress shows no count per need: %q", got)
	}
	b.checkAxe("round with progress")
	if st := b.load("review closing", chromedp.Click(chromedp.CSS("#close-round"))); st != 200 || b.path() != round+"/close" {
		t.Fatalf("confirmation step: %d at %s", st, b.path())
	}
	if got := b.text("#close-unscored"); !strings.Contains(got, "Glemt i runden") || strings.Contains(got, "Skåret i runden") {
		t.Errorf("confirmation lists as unscored: %q", got)
	}
	b.checkAxe("close confirmation")
	if st := b.submit(""); st != 200 || b.path() != round {
		t.Fatalf("confirm close: %d at %s", st, b.path())
	}
	if got := b.text("#not-assessed"); !strings.Contains(got, "Glemt i runden") {
		t.Errorf("closed round does not list the unscored need as not assessed: %q", got)
	}
	if got := b.text("main table tbody"); strings.Contains(got, "Glemt i runden") || !strings.Contains(got, "Skåret i runden") {
		t.Errorf("ranking: %q", got)
	}
	b.checkAxe("closed round")
	closed, err := a.Needs.Round(ctx, sec, r.ID)
	if err != nil || closed.State != needs.RoundClosed || len(closed.Results) != 2 || !closed.Results[1].NotAssessed || closed.Results[1].Rank != 0 {
		t.Fatalf("stored: %+v %v", closed, err)
	}
	a.VerifyAudit()
}
