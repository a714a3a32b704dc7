package portfolio

import (
	"testing"

	"github.com/samstyr/samstyr/internal/errs"
)

func items() []*Item {
	return []*Item{
		{Kind: KindIdea, ID: 1, Title: "Byggesøknad", State: "idea", ActorID: 7, Actor: "DiBK", EstimateNOK: 50},
		{Kind: KindDirective, ID: 2, Title: "Arkiv", State: "draft", Budget: []Line{{Year: 2027, Source: "digifin", AmountNOK: 300}}},
		{Kind: KindProject, ID: 3, Title: "Planregister", State: "planning", ActorID: 8, Actor: "Kartverket",
			Budget: []Line{{Year: 2027, Source: "digifin", AmountNOK: 200, Approved: true}, {Year: 2028, Source: "ks", AmountNOK: 100, Approved: true}}},
	}
}

func ids(xs []*Item) []int64 {
	var out []int64
	for _, x := range xs {
		out = append(out, x.ID)
	}
	return out
}

func TestFilterAndSort(t *testing.T) {
	for _, c := range []struct {
		f    Filter
		want []int64
	}{
		{Filter{}, []int64{3, 2, 1}}, // projects first, then by title
		{Filter{Year: 2028}, []int64{3}},
		{Filter{Source: "digifin"}, []int64{3, 2}},
		{Filter{Year: 2028, Source: "digifin"}, nil},
		{Filter{ActorID: 7}, []int64{1}},
		{Filter{State: "draft"}, []int64{2}},
		{Filter{Kind: KindIdea}, []int64{1}},
		{Filter{Sort: "title"}, []int64{2, 1, 3}},
		{Filter{Sort: "title", Desc: true}, []int64{3, 1, 2}},
		{Filter{Sort: "budget"}, []int64{1, 2, 3}},
		{Filter{Sort: "actor"}, []int64{2, 1, 3}},
	} {
		got := ids(c.f.Apply(items()))
		if len(got) != len(c.want) {
			t.Errorf("%+v: %v, want %v", c.f, got, c.want)
			continue
		}
		for i := range got {
			if got[i] != c.want[i] {
				t.Errorf("%+v: %v, want %v", c.f, got, c.want)
				break
			}
		}
	}
}

func TestSumsAgainstFrames(t *testing.T) {
	frames := []*Frame{
		{ID: 1, Year: 2027, Source: "digifin", AmountNOK: 400, State: FrameApproved},
		{ID: 2, Year: 2028, Source: "ks", AmountNOK: 50, State: FrameDraft}, // a draft counts for nothing
		{ID: 3, Year: 2029, Source: "own", AmountNOK: 10, State: FrameApproved},
	}
	o := &Overview{Items: items()}
	o.sum(frames)
	c := o.Cell(2027, "digifin")
	if c.Approved != 200 || c.Planned != 300 || c.Frame == nil || *c.Frame != 400 || !c.Over || c.OverBy != 100 {
		t.Errorf("2027 digifin: %+v", c)
	}
	if c := o.Cell(2028, "ks"); c.Approved != 100 || c.Frame != nil || c.Over {
		t.Errorf("2028 ks (draft frame): %+v", c)
	}
	if c := o.Cell(2029, "own"); c.Frame == nil || c.Over {
		t.Errorf("2029 own, frame without spending: %+v", c)
	}
	if len(o.Years) != 3 || o.Years[0] != 2027 || len(o.YearTotals) != 3 || o.YearTotals[0].Approved != 200 || o.YearTotals[0].Planned != 300 {
		t.Errorf("years %v totals %+v", o.Years, o.YearTotals)
	}
	if s := o.Sum(); s.Approved != 300 || s.Planned != 300 || *s.Frame != 410 {
		t.Errorf("sum %+v", s)
	}
	// A year filter sums that year only.
	o = &Overview{Items: items(), Filter: Filter{Year: 2028}}
	o.sum(frames)
	if len(o.Cells) != 1 || o.Cells[0].Approved != 100 {
		t.Errorf("sums for 2028: %+v", o.Cells)
	}
}

func TestFrameInput(t *testing.T) {
	for _, c := range []struct {
		in    FrameInput
		field string
	}{
		{FrameInput{Year: "2027", Source: "digifin", Amount: "4 000 000"}, ""},
		{FrameInput{Year: "2027", Source: "digifin", Amount: "-5"}, "amount_nok"},
		{FrameInput{Year: "2027", Source: "digifin", Amount: "mange"}, "amount_nok"},
		{FrameInput{Year: "2027", Source: "digifin", Amount: ""}, "amount_nok"},
		{FrameInput{Year: "tjuesju", Source: "digifin", Amount: "1"}, "year"},
		{FrameInput{Year: "1999", Source: "digifin", Amount: "1"}, "year"},
		{FrameInput{Year: "2027", Source: "gold", Amount: "1"}, "source"},
	} {
		f, err := c.in.Parse()
		if err == nil {
			err = f.check()
		}
		if c.field == "" {
			if err != nil || f.AmountNOK != 4000000 {
				t.Errorf("%+v: %v", c.in, err)
			}
			continue
		}
		e := errs.As(err)
		if e == nil || e.Code != errs.Invalid || len(e.Fields) == 0 || e.Fields[0].Field != c.field {
			t.Errorf("%+v: %v, want a field error on %s", c.in, err, c.field)
		}
	}
}

func TestGuidelineInput(t *testing.T) {
	for _, c := range []struct {
		in    GuidelineInput
		field string
	}{
		{GuidelineInput{Title: "R", Shares: map[string]string{"plan": "40", "bygg": "60 %"}}, ""},
		{GuidelineInput{Title: "", Shares: map[string]string{"plan": "40"}}, "title"},
		{GuidelineInput{Title: "R", Shares: map[string]string{"plan": "mye"}}, "share_plan"},
		{GuidelineInput{Title: "R", Shares: map[string]string{"geodata": "-1"}}, "share_geodata"},
		{GuidelineInput{Title: "R", Shares: map[string]string{"plan": "70", "bygg": "31"}}, "share_plan"},
	} {
		g, err := c.in.Parse()
		if c.field == "" {
			if err != nil || g.Share("bygg") != 60 || g.Share("geodata") != 0 {
				t.Errorf("%+v: %+v %v", c.in, g, err)
			}
			continue
		}
		e := errs.As(err)
		if e == nil || len(e.Fields) == 0 || e.Fields[0].Field != c.field {
			t.Errorf("%+v: %v, want a field error on %s", c.in, err, c.field)
		}
	}
}

func TestAreaRows(t *testing.T) {
	its := items()
	its[1].Area, its[2].Area = "plan", "bygg" // 300 planned, 300 approved
	g := &Guideline{Areas: []AreaShare{{"plan", 30}, {"bygg", 70}}}
	rows := areaRows(its, Filter{}, g)
	if rows[0].Area != "plan" || rows[0].BudgetNOK != 300 || rows[0].SharePct != 50 || rows[0].TargetPct != 30 || rows[0].Off != 20 {
		t.Errorf("plan: %+v", rows[0])
	}
	if rows[1].Off != -20 {
		t.Errorf("bygg: %+v", rows[1])
	}
	if rows := areaRows(its, Filter{Year: 2028}, g); rows[1].BudgetNOK != 100 || rows[1].SharePct != 100 {
		t.Errorf("bygg in 2028: %+v", rows[1])
	}
}
