package projects

import (
	"testing"
	"time"

	"github.com/samstyr/samstyr/internal/directives"
	"github.com/samstyr/samstyr/internal/errs"
)

func TestPeriods(t *testing.T) {
	for _, c := range []struct {
		freq, period string
		ok           bool
		from, to     string
	}{
		{"monthly", "2027-03", true, "2027-03-01", "2027-04-01"},
		{"monthly", "2027-13", false, "", ""},
		{"monthly", "2027-3", false, "", ""},
		{"bimonthly", "2027-03", true, "2027-03-01", "2027-05-01"},
		{"bimonthly", "2027-04", false, "", ""},
		{"quarterly", "2027-Q4", true, "2027-10-01", "2028-01-01"},
		{"quarterly", "2027-Q5", false, "", ""},
		{"quarterly", "2027-03", false, "", ""},
		{"", "2027-12", true, "2027-12-01", "2028-01-01"},
	} {
		from, to, err := PeriodRange(c.freq, c.period)
		if (err == nil) != c.ok {
			t.Errorf("%s %s: err %v, want ok %v", c.freq, c.period, err, c.ok)
			continue
		}
		if c.ok && (from.Format(time.DateOnly) != c.from || to.Format(time.DateOnly) != c.to) {
			t.Errorf("%s %s: %s–%s", c.freq, c.period, from, to)
		}
	}
	day := time.Date(2027, 5, 20, 0, 0, 0, 0, time.UTC)
	if p := PreviousPeriod("monthly", day); p != "2027-04" {
		t.Errorf("previous month: %s", p)
	}
	if p := PreviousPeriod("quarterly", day); p != "2027-Q1" {
		t.Errorf("previous quarter: %s", p)
	}
	if p := PeriodOf("bimonthly", day); p != "2027-05" {
		t.Errorf("bimonthly of May: %s", p)
	}
	if d := Due("monthly", "2027-04"); d.Format(time.DateOnly) != "2027-05-10" {
		t.Errorf("due: %s", d)
	}
}

func TestReportStateTable(t *testing.T) {
	for _, c := range []struct {
		from, to string
		ok       bool
	}{
		{ReportDraft, ReportSubmitted, true}, {ReportSubmitted, ReportReviewed, true},
		{ReportDraft, ReportReviewed, false}, {ReportReviewed, ReportSubmitted, false}, {ReportSubmitted, ReportDraft, false},
	} {
		if CanMoveReport(c.from, c.to) != c.ok {
			t.Errorf("%s → %s: want %v", c.from, c.to, c.ok)
		}
	}
}

func TestReportValidateNamesFields(t *testing.T) {
	r := &StatusReport{Period: "2027-02", Overall: "blue", Rating: map[string]string{"time": "green"},
		Costs: []CostLine{{Year: 2027, ActualNOK: -1}}, Milestones: []MilestoneForecast{{Name: "Pilot", Forecast: "1. mai"}}}
	err := r.Validate("bimonthly")
	want := []string{"period", "overall", "rating_cost", "costs.0", "milestones.0.forecast"}
	fields := map[string]bool{}
	for _, f := range errs.As(err).Fields {
		fields[f.Field] = true
	}
	for _, w := range want {
		if !fields[w] {
			t.Errorf("no error on %s: %v", w, err)
		}
	}
}

func TestToleranceBreaches(t *testing.T) {
	c := directives.Content{Start: "2027-01-01", End: "2028-12-31", Reporting: "monthly",
		Milestones: []directives.Milestone{{Name: "Pilot", Date: "2027-09-01"}},
		Budget:     []directives.BudgetLine{{Year: 2027, AmountNOK: 3000000}, {Year: 2028, AmountNOK: 1000000}},
		Tolerances: directives.Tolerances{TimePct: 10, CostPct: 5}}
	b := BaselineOf(&c, 1)
	report := func(f2027, f2028 int64, forecast string) *StatusReport {
		return &StatusReport{Costs: []CostLine{{Year: 2027, ForecastNOK: f2027}, {Year: 2028, ForecastNOK: f2028}},
			Milestones: []MilestoneForecast{{Name: "Pilot", Planned: "2027-09-01", Forecast: forecast}}}
	}
	// 730 days × 10 % = 73 days of slack; 5 % of 4 000 000 = 200 000.
	for _, c := range []struct {
		name  string
		r     *StatusReport
		types []string
	}{
		{"on plan", report(3000000, 1000000, "2027-09-01"), nil},
		{"within both", report(3100000, 1100000, "2027-11-12"), nil},
		{"cost just over", report(3100000, 1100001, "2027-09-01"), []string{"cost"}},
		{"time just over", report(3000000, 1000000, "2027-11-14"), []string{"time"}},
		{"both", report(4000000, 1000000, "2028-03-01"), []string{"cost", "time"}},
		{"earlier is fine", report(2000000, 1000000, "2027-05-01"), nil},
	} {
		got := b.Breaches(c.r)
		var types []string
		for _, br := range got {
			types = append(types, br.Type)
		}
		if len(types) != len(c.types) || len(types) > 0 && (types[0] != c.types[0] || types[len(types)-1] != c.types[len(c.types)-1]) {
			t.Errorf("%s: breaches %v, want %v", c.name, types, c.types)
		}
	}
	over := b.Breaches(report(3300000, 1000000, "2027-09-01"))
	if len(over) != 1 || over[0].Args["pct"] != "7.5" || over[0].Args["budget"] != int64(4000000) {
		t.Fatalf("cost breach args: %+v", over)
	}
	// An actual date counts before the forecast.
	r := report(3000000, 1000000, "2027-09-01")
	r.Milestones[0].Actual = "2028-01-01"
	if got := b.Breaches(r); len(got) != 1 || got[0].Type != "time" {
		t.Fatalf("actual date: %+v", got)
	}
}
