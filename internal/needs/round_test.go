package needs_test

import (
	"context"
	"testing"
	"time"

	"github.com/samstyr/samstyr/internal/errs"
	"github.com/samstyr/samstyr/internal/governance"
	"github.com/samstyr/samstyr/internal/needs"
	"github.com/samstyr/samstyr/internal/policy"
)

// assessed brings a new need to under assessment.
func (f *fixture) underAssessment(role, title string) *needs.Need {
	in := sample
	in.Title = title
	n := f.create(role, in)
	f.move("secretariat", n.ID, needs.Transition{To: needs.InTriage})
	return f.move("secretariat", n.ID, needs.Transition{To: needs.UnderAssessment})
}

func scoresAll(m *needs.Method, v int64) []needs.ScoreInput {
	var out []needs.ScoreInput
	for _, c := range m.Criteria {
		out = append(out, needs.ScoreInput{Criterion: c.Key, Value: v, Rationale: "begrunnelse"})
	}
	return out
}

func TestRoundScoringAndClosing(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	a := f.underAssessment("member", "Behov A")
	b := f.underAssessment("bergen", "Behov B")
	m, err := f.svc.LatestMethod(ctx, nil)
	if err != nil || m.Version != 1 || len(m.Criteria) != 7 || m.Frozen {
		t.Fatalf("seeded method: %+v %v", m, err)
	}
	_, err = f.svc.OpenRound(ctx, f.actors["council"], needs.RoundInput{Name: "Høst 2026", MethodID: m.ID, NeedIDs: []int64{a.ID}})
	wantCode(t, "council opens a round", err, errs.Forbidden)
	draft := sample
	draft.Draft = true
	d := f.create("member", draft)
	_, err = f.svc.OpenRound(ctx, f.actors["secretariat"], needs.RoundInput{Name: "Høst 2026", MethodID: m.ID, NeedIDs: []int64{a.ID, d.ID}})
	wantCode(t, "round with a draft", err, errs.Invalid)
	r, err := f.svc.OpenRound(ctx, f.actors["secretariat"], needs.RoundInput{Name: "Høst 2026", MethodID: m.ID, NeedIDs: []int64{a.ID, b.ID}})
	if err != nil {
		t.Fatal(err)
	}
	if m, _ = f.svc.Method(ctx, nil, m.ID); !m.Frozen {
		t.Fatal("a method used in a round is not frozen")
	}
	// Bad scores: outside the scale, missing criteria, missing rationale.
	bad := scoresAll(m, 3)
	bad[0].Value = 9
	bad[1].Rationale = ""
	err = f.svc.SubmitScores(ctx, f.actors["council"], r.ID, a.ID, bad[:len(bad)-1])
	if e := errs.As(err); e == nil || e.Code != errs.Invalid || len(e.Fields) != 3 {
		t.Fatalf("bad scores: %v", err)
	}
	wantCode(t, "member scores", f.svc.SubmitScores(ctx, f.actors["member"], r.ID, a.ID, scoresAll(m, 3)), errs.Forbidden)
	// The council member scores A high; the secretariat scores A low and B.
	if err := f.svc.SubmitScores(ctx, f.actors["council"], r.ID, a.ID, scoresAll(m, 5)); err != nil {
		t.Fatal(err)
	}
	// Before scoring A, the secretariat sees no one else's scores and no figures for A.
	sc, err := f.svc.Scores(ctx, f.actors["secretariat"], r.ID, a.ID)
	if err != nil || len(sc) != 0 {
		t.Fatalf("secretariat sees scores before its own: %d %v", len(sc), err)
	}
	view, err := f.svc.Round(ctx, f.actors["secretariat"], r.ID)
	if err != nil || !view.Results[0].Hidden || !view.Results[1].Hidden {
		t.Fatalf("results before scoring: %+v %v", view.Results, err)
	}
	if err := f.svc.SubmitScores(ctx, f.actors["secretariat"], r.ID, a.ID, scoresAll(m, 1)); err != nil {
		t.Fatal(err)
	}
	sc, _ = f.svc.Scores(ctx, f.actors["secretariat"], r.ID, a.ID)
	if len(sc) != 2*len(m.Criteria) {
		t.Fatalf("after scoring: %d scores", len(sc))
	}
	if err := f.svc.SubmitScores(ctx, f.actors["secretariat"], r.ID, b.ID, scoresAll(m, 4)); err != nil {
		t.Fatal(err)
	}
	closed, err := f.svc.CloseRound(ctx, f.actors["secretariat"], r.ID, true)
	if err != nil {
		t.Fatal(err)
	}
	if closed.State != needs.RoundClosed || len(closed.Results) != 2 {
		t.Fatalf("closed: %+v", closed)
	}
	ra := closed.Results[0]
	if ra.NeedID != a.ID || !ra.Mandatory || ra.Assessors != 2 || ra.Spread == 0 {
		// A: both legal scores 5 and 1 → one of two at the top: mandatory, so first.
		t.Fatalf("ranking: %+v", closed.Results)
	}
	err = f.svc.SubmitScores(ctx, f.actors["council"], r.ID, b.ID, scoresAll(m, 3))
	wantCode(t, "score a closed round", err, errs.Conflict)
	_, err = f.svc.CloseRound(ctx, f.actors["secretariat"], r.ID, true)
	wantCode(t, "close twice", err, errs.Conflict)
	// The frozen ranking orders the priority list.
	page, err := f.svc.List(ctx, f.actors["member"], needs.Filter{Sort: "priority"})
	if err != nil || page.Items[0].ID != a.ID || page.Items[0].Rank != 1 || page.Items[1].Rank != 2 {
		t.Fatalf("priority sort: %v %v", titles(page.Items), err)
	}
	// Editing the frozen method makes a new version.
	edit := *m
	edit.Name = "Justert metode"
	saved, created, err := f.svc.SaveMethod(ctx, f.actors["committee"], m.ID, &edit)
	if err != nil || !created || saved.Version != 2 || saved.ID == m.ID {
		t.Fatalf("save frozen method: %+v %v %v", saved, created, err)
	}
	saved.Notes = "mer"
	again, created, err := f.svc.SaveMethod(ctx, f.actors["committee"], saved.ID, saved)
	if err != nil || created || again.ID != saved.ID {
		t.Fatalf("save unused method: %v %v", created, err)
	}
	_, _, err = f.svc.SaveMethod(ctx, f.actors["secretariat"], saved.ID, saved)
	wantCode(t, "secretariat edits the method", err, errs.Forbidden)
	// PrioritiseByDecision inside a caller's transaction.
	f.move("secretariat", a.ID, needs.Transition{To: needs.Assessed})
	dec, number := f.decision(policy.BodyUserCouncil, "Prioritering etter runden")
	err = f.db.WithTx(ctx, func(ctx context.Context) error {
		return f.svc.PrioritiseByDecision(ctx, f.actors["secretariat"], []int64{a.ID}, f.bodies[policy.BodyUserCouncil].ID, dec, "Brukerrådet sak "+number)
	})
	if err != nil {
		t.Fatal(err)
	}
	got, _ := f.svc.Get(ctx, f.actors["member"], a.ID)
	if got.State != needs.Prioritised || got.DecisionID != dec || got.Decision == nil || got.Decision.Case != number {
		t.Fatalf("prioritised by decision: %+v", got)
	}
}

func TestMethodValidation(t *testing.T) {
	good := func() needs.Method {
		return needs.Method{Name: "M", BackingWeight: 10, BackingSharePct: 25, BackingMunicipalities: 50, PublicStates: []string{"submitted"},
			Criteria: []needs.Criterion{{Key: "benefit", NameNB: "Nytte", NameNN: "Nytte", NameEN: "Benefit", Min: 1, Max: 3, Anchors: []string{"a", "b", "c"}, Weight: 5}}}
	}
	cases := map[string]func(m *needs.Method){
		"no name":        func(m *needs.Method) { m.Name = "" },
		"bad key":        func(m *needs.Method) { m.Criteria[0].Key = "Nytte!" },
		"anchors":        func(m *needs.Method) { m.Criteria[0].Anchors = []string{"a"} },
		"scale":          func(m *needs.Method) { m.Criteria[0].Max = 1 },
		"weight":         func(m *needs.Method) { m.Criteria[0].Weight = -1 },
		"public draft":   func(m *needs.Method) { m.PublicStates = []string{"draft"} },
		"no criteria":    func(m *needs.Method) { m.Criteria = nil },
		"duplicate key":  func(m *needs.Method) { m.Criteria = append(m.Criteria, m.Criteria[0]) },
		"script in name": func(m *needs.Method) { m.Criteria[0].NameEN = "<script>x</script>" },
	}
	m := good()
	if err := m.Validate(); err != nil {
		t.Fatalf("good method: %v", err)
	}
	for name, change := range cases {
		m := good()
		change(&m)
		if err := m.Validate(); errs.CodeOf(err) != errs.Invalid {
			t.Errorf("%s: got %v, want Invalid", name, err)
		}
	}
}

func TestRankIsPure(t *testing.T) {
	m := &needs.Method{BackingWeight: 0, MandatoryFirst: true, Criteria: []needs.Criterion{
		{Key: "benefit", Min: 1, Max: 5, Weight: 3},
		{Key: "cost", Min: 1, Max: 5, Weight: 1, Inverse: true},
		{Key: "legal", Min: 1, Max: 5, Weight: 1, MandatoryOverride: true},
	}}
	s := func(need, who int64, b, c, l int64) []needs.Score {
		return []needs.Score{{NeedID: need, AssessorID: who, Criterion: "benefit", Value: b}, {NeedID: need, AssessorID: who, Criterion: "cost", Value: c},
			{NeedID: need, AssessorID: who, Criterion: "legal", Value: l}}
	}
	var scores []needs.Score
	scores = append(scores, s(1, 10, 5, 1, 1)...) // best benefit, cheapest: 100·(3+1+0)/5 = 80
	scores = append(scores, s(2, 10, 1, 5, 5)...) // legal top: mandatory; (0+0+1)/5 = 20
	scores = append(scores, s(3, 10, 3, 3, 1)...) // (1.5+0.5+0)/5 = 40
	scores = append(scores, s(3, 11, 5, 3, 1)...) // (3+0.5+0)/5 = 70 → mean 55, sd 15
	res := needs.Rank(m, []int64{1, 2, 3}, scores, nil)
	want := []struct {
		id     int64
		score  float64
		spread float64
	}{{2, 20, 0}, {1, 80, 0}, {3, 55, 15}}
	for i, w := range want {
		if res[i].NeedID != w.id || res[i].Score != w.score || res[i].Spread != w.spread || res[i].Rank != int64(i+1) {
			t.Errorf("rank %d: got %+v, want %+v", i+1, res[i], w)
		}
	}
	m.MandatoryFirst = false
	if res := needs.Rank(m, []int64{1, 2, 3}, scores, nil); res[0].NeedID != 1 || res[2].NeedID != 2 {
		t.Errorf("without mandatory first: %v", res)
	}
}

// TestCloseRoundWithUnscoredNeeds: closing a round while scores are missing
// needs a confirmation, and a need nobody scored is recorded as not
// assessed (no rank, no score), not ranked last with 0.
func TestCloseRoundWithUnscoredNeeds(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	a := f.underAssessment("member", "Skåret behov")
	b := f.underAssessment("bergen", "Uskåret behov")
	m, _ := f.svc.LatestMethod(ctx, nil)
	// council2 is a member of the user council in the database too, so an
	// expected assessor; council is not, but counts once they score.
	ms := &governance.Membership{BodyID: f.bodies[policy.BodyUserCouncil].ID, PersonID: f.actors["council2"].PersonID,
		Function: "member", Sector: "state", TermFrom: time.Now().AddDate(-1, 0, 0), Status: "active"}
	if err := f.db.CreateMembership(ctx, ms); err != nil {
		t.Fatal(err)
	}
	r, err := f.svc.OpenRound(ctx, f.actors["secretariat"], needs.RoundInput{Name: "Vår 2027", MethodID: m.ID, NeedIDs: []int64{a.ID, b.ID}})
	if err != nil {
		t.Fatal(err)
	}
	if err := f.svc.SubmitScores(ctx, f.actors["council"], r.ID, a.ID, scoresAll(m, 4)); err != nil {
		t.Fatal(err)
	}
	_, err = f.svc.RoundProgress(ctx, f.actors["council"], r.ID)
	wantCode(t, "council sees the progress", err, errs.Forbidden)
	p, err := f.svc.RoundProgress(ctx, f.actors["secretariat"], r.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Assessors) != 2 || p.Missing != 3 || len(p.Unscored) != 1 || p.Unscored[0] != b.ID || p.Complete() {
		t.Fatalf("progress: %+v", p)
	}
	if len(p.Needs[0].Missing) != 1 || p.Needs[0].Missing[0].ID != f.actors["council2"].PersonID || p.Needs[0].Title != "Skåret behov" {
		t.Fatalf("progress of the scored need: %+v", p.Needs[0])
	}
	_, err = f.svc.CloseRound(ctx, f.actors["secretariat"], r.ID, false)
	if e := errs.As(err); e == nil || e.Code != errs.Conflict || e.Key != "needs.error.round_incomplete" {
		t.Fatalf("close without confirming: %v", err)
	}
	if still, _ := f.svc.Round(ctx, f.actors["secretariat"], r.ID); still.State != needs.RoundOpen {
		t.Fatal("an unconfirmed close closed the round")
	}
	closed, err := f.svc.CloseRound(ctx, f.actors["secretariat"], r.ID, true)
	if err != nil {
		t.Fatal(err)
	}
	if len(closed.Results) != 2 {
		t.Fatalf("results: %+v", closed.Results)
	}
	ra, rb := closed.Results[0], closed.Results[1]
	if ra.NeedID != a.ID || ra.Rank != 1 || ra.NotAssessed || ra.Score == 0 {
		t.Fatalf("scored need: %+v", ra)
	}
	if rb.NeedID != b.ID || !rb.NotAssessed || rb.Rank != 0 || rb.Score != 0 || rb.Assessors != 0 {
		t.Fatalf("unscored need: %+v", rb)
	}
	got, _ := f.svc.Get(ctx, f.actors["secretariat"], b.ID)
	if got.Rank != 0 || got.Score != 0 {
		t.Fatalf("unscored need got a rank: %d %v", got.Rank, got.Score)
	}
	page, err := f.svc.List(ctx, f.actors["secretariat"], needs.Filter{Sort: "priority", RoundID: r.ID})
	if err != nil || len(page.Items) != 2 || page.Items[0].ID != a.ID || page.Items[1].Rank != 0 {
		t.Fatalf("priority list: %v %v", titles(page.Items), err)
	}
}

func TestRankLeavesUnscoredNeedsUnranked(t *testing.T) {
	m := &needs.Method{Criteria: []needs.Criterion{{Key: "benefit", Min: 1, Max: 5, Weight: 1}}}
	scores := []needs.Score{{NeedID: 2, AssessorID: 1, Criterion: "benefit", Value: 1}}
	res := needs.Rank(m, []int64{3, 1, 2}, scores, nil)
	if res[0].NeedID != 2 || res[0].Rank != 1 || res[0].NotAssessed {
		t.Fatalf("the scored need (even with the lowest score) comes first: %+v", res)
	}
	for i, id := range []int64{1, 3} {
		if x := res[i+1]; x.NeedID != id || !x.NotAssessed || x.Rank != 0 {
			t.Errorf("unscored %d: %+v", id, x)
		}
	}
}
