package portfolio

import (
	"slices"
	"testing"
	"time"

	"github.com/samstyr/samstyr/internal/errs"
)

func TestParseHalf(t *testing.T) {
	for s, want := range map[string]string{"2027H1": "2027H1", "2027h2": "2027H2", " 2028-H1 ": "2028H1"} {
		if h, ok := ParseHalf(s); !ok || h.String() != want {
			t.Errorf("%q: %v %v", s, h, ok)
		}
	}
	for _, s := range []string{"", "2027", "2027H3", "2027H0", "H12027", "1999H1", "27H1", "2027Q1"} {
		if _, ok := ParseHalf(s); ok {
			t.Errorf("%q accepted", s)
		}
	}
	if HalfAt(Half{2027, 2}.Index()+1) != (Half{2028, 1}) {
		t.Error("the half after 2027H2 is not 2028H1")
	}
}

func TestHorizon(t *testing.T) {
	today := HalfOf(time.Date(2027, 3, 10, 0, 0, 0, 0, time.UTC)) // 2027H1
	h := func(s string) Half { x, _ := ParseHalf(s); return x }
	for _, c := range []struct{ start, end, want string }{
		{"2026H1", "2026H2", HorizonPast},
		{"2026H2", "2027H1", HorizonNow},
		{"2027H1", "2029H2", HorizonNow},
		{"2027H2", "2028H1", HorizonNext},
		{"2028H1", "2028H2", HorizonLater},
	} {
		if got := Horizon(h(c.start), h(c.end), today); got != c.want {
			t.Errorf("%s–%s: %s, want %s", c.start, c.end, got, c.want)
		}
	}
}

func TestResolveSlip(t *testing.T) {
	d := func(s string) time.Time { x, _ := time.Parse("2006-01-02", s); return x }
	today := d("2027-03-01")
	// A project: the last milestone planned 2027-06-15, forecast 2027-09-15.
	in := &Initiative{Start: "2020H1", End: "2020H1", Status: InitiativePlanned, Schedule: &ProjectSchedule{Name: "eByggesak", State: "executing",
		Start: d("2026-09-01"), PlannedEnd: d("2027-06-15"), ForecastEnd: d("2027-09-15")}}
	in.Resolve(today)
	if in.Start != "2026H2" || in.End != "2027H1" || in.ForecastEnd != "2027H2" || in.Status != InitiativeOngoing {
		t.Errorf("from the plan: %+v", in)
	}
	if in.SlipDays != 92 || !in.Slipped || in.Horizon != HorizonNow {
		t.Errorf("slip %d slipped %v horizon %s", in.SlipDays, in.Slipped, in.Horizon)
	}
	// Early is no slip.
	in = &Initiative{Schedule: &ProjectSchedule{State: "planning", Start: d("2027-01-01"), PlannedEnd: d("2027-06-15"), ForecastEnd: d("2027-05-01")}}
	in.Resolve(today)
	if in.Slipped || in.SlipDays != 0 {
		t.Errorf("early counted as slip: %+v", in)
	}
	// A delivery: forecast two half-years after its end.
	in = &Initiative{Start: "2027H2", End: "2028H1", ForecastEnd: "2029H1", Status: InitiativePlanned}
	in.Resolve(today)
	if in.SlipHalves != 2 || !in.Slipped || in.Horizon != HorizonNext {
		t.Errorf("delivery: %+v", in)
	}
}

func TestInitiativeParse(t *testing.T) {
	ok := InitiativeInput{Title: "Fellestjenester PLAN", Area: "plan", ActorID: 1, Start: "2027H1", End: "2027H1"}
	if _, err := ok.Parse(); err != nil {
		t.Fatalf("valid: %v", err)
	}
	for field, in := range map[string]InitiativeInput{
		"title":        {Area: "plan", ActorID: 1, Start: "2027H1", End: "2027H2"},
		"area":         {Title: "x", Area: "vei", ActorID: 1, Start: "2027H1", End: "2027H2"},
		"actor_id":     {Title: "x", Area: "plan", Start: "2027H1", End: "2027H2"},
		"start":        {Title: "x", Area: "plan", ActorID: 1, Start: "våren 2027", End: "2027H2"},
		"end":          {Title: "x", Area: "plan", ActorID: 1, Start: "2027H2", End: "2027H1"},
		"forecast_end": {Title: "x", Area: "plan", ActorID: 1, Start: "2027H1", End: "2027H2", ForecastEnd: "snart"},
		"status":       {Title: "x", Area: "plan", ActorID: 1, Start: "2027H1", End: "2027H2", Status: "maybe"},
	} {
		_, err := in.Parse()
		e := errs.As(err)
		if e == nil || len(e.Fields) != 1 || e.Fields[0].Field != field {
			t.Errorf("%s: %v", field, err)
		}
	}
}

func TestDependencyCycle(t *testing.T) {
	edges := map[int64][]int64{1: {2}, 2: {3}, 3: {}, 4: {}}
	if !DependencyCycle(edges, 3, []int64{1}) {
		t.Error("3 → 1 → 2 → 3 not found")
	}
	if !DependencyCycle(edges, 3, []int64{3}) {
		t.Error("self-dependency not found")
	}
	if DependencyCycle(edges, 4, []int64{1, 3}) || DependencyCycle(edges, 0, []int64{1}) {
		t.Error("a cycle where there is none")
	}
}

func TestDiffVersions(t *testing.T) {
	a := []*Initiative{
		{ID: 1, Title: "A", Start: "2027H1", End: "2027H2", Status: InitiativePlanned},
		{ID: 2, Title: "B", Start: "2027H1", End: "2027H2", Status: InitiativePlanned, Standards: []StandardTag{{ID: 1}}},
		{ID: 3, Title: "C", Start: "2027H1", End: "2027H2"},
		{ID: 5, Title: "E", Start: "2027H1", End: "2027H2"},
	}
	b := []*Initiative{
		{ID: 1, Title: "A", Start: "2027H2", End: "2028H1", Status: InitiativeOngoing},
		{ID: 2, Title: "B", Start: "2027H1", End: "2027H2", Status: InitiativePlanned, Standards: []StandardTag{{ID: 2}}},
		{ID: 4, Title: "D", Start: "2028H1", End: "2028H2"},
		{ID: 5, Title: "E", Start: "2027H1", End: "2027H2"},
	}
	got := map[string][]string{}
	for _, r := range DiffVersions(a, b) {
		title := ""
		if r.To != nil {
			title = r.To.Title
		} else {
			title = r.From.Title
		}
		got[r.Kind] = append(got[r.Kind], title)
		if title == "A" && !slices.Equal(r.Fields, []string{"status"}) {
			t.Errorf("A's other fields: %v", r.Fields)
		}
		if title == "B" && !slices.Equal(r.Fields, []string{"standards"}) {
			t.Errorf("B's fields: %v", r.Fields)
		}
	}
	want := map[string][]string{DiffMoved: {"A"}, DiffChanged: {"B"}, DiffAdded: {"D"}, DiffRemoved: {"C"}}
	for k, v := range want {
		if !slices.Equal(got[k], v) {
			t.Errorf("%s: %v, want %v", k, got[k], v)
		}
	}
	if len(got) != 4 {
		t.Errorf("unchanged initiatives reported: %v", got)
	}
}
