package portfolio

import (
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/samstyr/samstyr/internal/errs"
	"github.com/samstyr/samstyr/internal/optimize"
)

func liveFacts() LiveFacts {
	deadline := time.Date(2028, 6, 1, 0, 0, 0, 0, time.UTC)
	assessed := func(id int64, score float64) NeedInput {
		return NeedInput{ID: id, Title: "need", Rank: id, Score: score, Backing: 0.5}
	}
	return LiveFacts{
		Items: []*Item{
			{Kind: KindProject, ID: 1, IdeaID: 10, Title: "Planregister", State: "executing",
				Budget: []Line{{Year: 2027, Source: "digifin", AmountNOK: 200_000}, {Year: 2028, Source: "ks", AmountNOK: 100_500}}},
			{Kind: KindProject, ID: 2, Title: "Closed", State: "closed"},
			{Kind: KindProject, ID: 3, Title: "Geodata", State: "planning"},
			{Kind: KindDirective, ID: 4, IdeaID: 11, Title: "Arkiv", State: "draft", Budget: []Line{{Year: 2027, Source: "digifin", AmountNOK: 300_000}}},
			{Kind: KindDirective, ID: 5, IdeaID: 12, Title: "Approved", State: "approved"},
			{Kind: KindDirective, ID: 6, IdeaID: 13, Title: "No budget", State: "recommended", Budget: []Line{{Year: 2030, Source: "ks", AmountNOK: 1}}},
			{Kind: KindIdea, ID: 14, IdeaID: 14, Title: "Alt A", State: "idea"},
			{Kind: KindConcept, ID: 15, IdeaID: 15, Title: "Alt B", State: "concept"},
			{Kind: KindIdea, ID: 16, IdeaID: 16, Title: "No needs", State: "idea"},
			{Kind: KindIdea, ID: 17, IdeaID: 17, Title: "No cost", State: "idea"},
			{Kind: KindIdea, ID: 18, IdeaID: 18, Title: "Law", State: "idea"},
		},
		Ideas: map[int64]IdeaFacts{
			10: {Needs: []NeedInput{assessed(1, 40.4)}},
			11: {Needs: []NeedInput{assessed(2, 30.2), assessed(3, 20.4), {ID: 9, Title: "not assessed"}}},
			13: {Needs: []NeedInput{assessed(4, 10)}},
			14: {Needs: []NeedInput{assessed(5, 50)}, EstimateNOK: 1_000_000, DurationMonths: 18, AlternativeGroup: "sok"},
			15: {Needs: []NeedInput{assessed(6, 45)}, EstimateNOK: 600_000, DurationMonths: 36, AlternativeGroup: "sok"},
			16: {Needs: []NeedInput{{ID: 7, Title: "not assessed"}}, EstimateNOK: 5, DurationMonths: 5},
			17: {Needs: []NeedInput{assessed(8, 5)}, DurationMonths: 12},
			18: {Needs: []NeedInput{{ID: 19, Rank: 9, Score: 12, LegalDeadline: &deadline}}, EstimateNOK: 100_000, DurationMonths: 12},
		},
		Frames: []*Frame{
			{Year: 2027, Source: "digifin", AmountNOK: 1_000_000, State: FrameApproved},
			{Year: 2027, Source: "ks", AmountNOK: 500_000, State: FrameApproved},
			{Year: 2028, Source: "ks", AmountNOK: 800_000, State: FrameApproved},
			{Year: 2029, Source: "ks", AmountNOK: 800_000, State: FrameDraft},
		},
		ProjectDeps: [][2]int64{{1, 3}, {1, 2}},
	}
}

func TestBuildLive(t *testing.T) {
	l, err := BuildLive(liveFacts(), 2027, 2)
	if err != nil {
		t.Fatal(err)
	}
	if err := l.Instance.Validate(); err != nil {
		t.Fatalf("instance not valid: %v", err)
	}
	if !slices.Equal(l.Instance.Budget, []int64{1500, 800}) || !slices.Equal(l.Years, []int64{2027, 2028}) {
		t.Errorf("budget %v years %v, want [1500 800] (frames summed over sources, kNOK) for 2027, 2028", l.Instance.Budget, l.Years)
	}
	var got []string
	for _, c := range l.Candidates {
		got = append(got, c.ID)
	}
	want := []string{"project-1", "project-3", "directive-4", "idea-14", "idea-15", "idea-18"}
	if !slices.Equal(got, want) {
		t.Fatalf("candidates %v, want %v", got, want)
	}
	for _, c := range []struct {
		id        string
		benefit   int64
		cost      []int64
		mandatory string
		prereq    []string
	}{
		{"project-1", 40, []int64{200, 101}, "running", []string{"project-3"}}, // kNOK rounded up
		{"project-3", 0, []int64{0, 0}, "running", nil},                        // a running project without needs stays, mandatory
		{"directive-4", 51, []int64{300, 0}, "", nil},                          // 30.2 + 20.4, the unassessed need left out
		{"idea-14", 50, []int64{500, 500}, "", nil},                            // 18 months → 2 years
		{"idea-15", 45, []int64{200, 200}, "", nil},                            // 3 years, the third after the horizon
		{"idea-18", 12, []int64{100, 0}, "legal_deadline", nil},
	} {
		x := l.Candidate(c.id)
		if x.Benefit != c.benefit || !slices.Equal(x.Cost, c.cost) || x.Mandatory != c.mandatory || !slices.Equal(x.Prerequisites, c.prereq) {
			t.Errorf("%s: benefit %d cost %v mandatory %q prerequisites %v; want %d %v %q %v", c.id, x.Benefit, x.Cost, x.Mandatory, x.Prerequisites,
				c.benefit, c.cost, c.mandatory, c.prereq)
		}
		p := l.Instance.Projects[slices.IndexFunc(l.Instance.Projects, func(p optimize.Project) bool { return p.ID == c.id })]
		if p.Mandatory != (c.mandatory != "") || p.Benefit != c.benefit {
			t.Errorf("%s in the instance: %+v", c.id, p)
		}
	}
	if len(l.Instance.ExclusiveGroups) != 1 || !slices.Equal(l.Instance.ExclusiveGroups[0], []string{"idea-14", "idea-15"}) {
		t.Errorf("exclusive groups %v, want the alternatives idea-14 and idea-15", l.Instance.ExclusiveGroups)
	}
	excluded := map[string]string{}
	for _, c := range l.Excluded {
		excluded[c.ID] = c.Excluded
	}
	wantEx := map[string]string{"directive-6": ExcludedNoBudget, "idea-16": ExcludedNoNeeds, "idea-17": ExcludedNoCost}
	if len(excluded) != len(wantEx) {
		t.Errorf("excluded %v, want %v", excluded, wantEx)
	}
	for id, why := range wantEx {
		if excluded[id] != why {
			t.Errorf("%s excluded for %q, want %q", id, excluded[id], why)
		}
	}
	out, err := optimize.SolveReport(t.Context(), l.Instance, optimize.Options{TimeLimit: 5 * time.Second}, 0, false)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Contains(out.Selected, "project-1") || !slices.Contains(out.Selected, "project-3") || !slices.Contains(out.Selected, "idea-18") {
		t.Errorf("mandatory items not selected: %v", out.Selected)
	}
	if slices.Contains(out.Selected, "idea-14") && slices.Contains(out.Selected, "idea-15") {
		t.Errorf("both alternatives selected: %v", out.Selected)
	}
}

func TestBuildLiveRefuses(t *testing.T) {
	for _, c := range []struct {
		name        string
		from, years int64
		field       string
		year        int64
	}{
		{"a year without an approved frame (2029 is a draft)", 2027, 3, "years", 2029},
		{"a year without any frame", 2026, 1, "years", 2026},
		{"from year out of range", 1999, 1, "from_year", 0},
		{"no years", 2027, 0, "years", 0},
		{"too many years", 2027, MaxHorizon + 1, "years", 0},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := BuildLive(liveFacts(), c.from, c.years)
			e := errs.As(err)
			if e == nil || e.Code != errs.Invalid || len(e.Fields) == 0 || e.Fields[0].Field != c.field {
				t.Fatalf("err %v, want Invalid on %s", err, c.field)
			}
			if c.year != 0 && e.Fields[0].Args["year"] != strconv.FormatInt(c.year, 10) {
				t.Errorf("args %v, want year %d", e.Fields[0].Args, c.year)
			}
		})
	}
}
