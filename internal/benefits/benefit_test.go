package benefits

import (
	"testing"

	"github.com/samstyr/samstyr/internal/errs"
)

// TestTransitions is the state machine of DOMAIN.md §8G as a table: every
// pair of states, allowed or not.
func TestTransitions(t *testing.T) {
	allowed := map[[2]string]bool{
		{Identified, Planned}: true, {Planned, Baselined}: true, {Baselined, Measuring}: true,
		{Baselined, Realised}: true, {Baselined, PartlyRealised}: true, {Baselined, NotRealised}: true,
		{Measuring, Realised}: true, {Measuring, PartlyRealised}: true, {Measuring, NotRealised}: true,
	}
	for _, from := range States {
		for _, to := range States {
			if got := CanMove(from, to); got != allowed[[2]string{from, to}] {
				t.Errorf("%s → %s: %v", from, to, got)
			}
		}
	}
	for _, s := range Outcomes {
		if !Final(s) {
			t.Errorf("%s is not final", s)
		}
	}
	if Final(Measuring) {
		t.Error("measuring is final")
	}
}

func fields(err error) map[string]string {
	out := map[string]string{}
	if e := errs.As(err); e != nil {
		for _, f := range e.Fields {
			out[f.Field] = f.Key
		}
	}
	return out
}

func TestPlanValidation(t *testing.T) {
	ok := PlanInput{Description: "Kortere saksbehandling", Type: "quality", Indicator: "Dager", Unit: "dager", Baseline: "40",
		BaselineOn: "2027-01-01", Target: "20,5", TargetOn: "2028-01-01", Method: "Uttrekk", Frequency: "quarterly"}
	b := &Benefit{State: Identified}
	if err := ok.Apply(b); err != nil || *b.Target != 20.5 || *b.Baseline != 40 {
		t.Fatalf("good plan: %v %+v", err, b)
	}
	for _, c := range []struct {
		mod   func(*PlanInput)
		field string
	}{
		{func(p *PlanInput) { p.Description = " " }, "description"},
		{func(p *PlanInput) { p.Type = "money" }, "type"},
		{func(p *PlanInput) { p.Baseline = "førti" }, "baseline_value"},
		{func(p *PlanInput) { p.Target = "1e999" }, "target_value"},
		{func(p *PlanInput) { p.TargetOn = "2026-12-31" }, "target_date"},
		{func(p *PlanInput) { p.TargetOn = "2027-01-01" }, "target_date"},
		{func(p *PlanInput) { p.BaselineOn = "1. januar" }, "baseline_date"},
		{func(p *PlanInput) { p.Frequency = "daily" }, "frequency"},
	} {
		in := ok
		c.mod(&in)
		b := &Benefit{State: Identified, Description: "før"}
		err := in.Apply(b)
		if _, has := fields(err)[c.field]; !has {
			t.Errorf("%+v: %v, want an error on %s", in, err, c.field)
		}
		if b.Description != "før" {
			t.Errorf("%s: the benefit was changed", c.field)
		}
	}
	// Once baselined, the baseline stays.
	b = &Benefit{State: Measuring, Baseline: new(float64), BaselineOn: "2027-01-01"}
	in := ok
	in.Baseline, in.BaselineOn = "99", "2027-06-01"
	if err := in.Apply(b); err != nil || *b.Baseline != 0 || b.BaselineOn != "2027-01-01" {
		t.Errorf("frozen baseline changed: %v %+v", err, b)
	}
}

func TestReadyAndMeasurement(t *testing.T) {
	b := &Benefit{State: Identified, Indicator: "Dager"}
	f := fields(b.Ready(Planned))
	for _, want := range []string{"owner_id", "unit", "target_value", "target_date", "method", "frequency"} {
		if _, ok := f[want]; !ok {
			t.Errorf("planned without %s", want)
		}
	}
	if _, ok := f["indicator"]; ok {
		t.Error("indicator reported missing")
	}
	base, target := 40.0, 20.0
	b = &Benefit{ID: 1, State: Baselined, OwnerID: 1, Indicator: "Dager", Unit: "dager", Baseline: &base, BaselineOn: "2027-01-01",
		Target: &target, TargetOn: "2028-01-01", Method: "M", Frequency: "quarterly"}
	if err := b.Ready(Baselined); err != nil {
		t.Errorf("ready: %v", err)
	}
	for _, c := range []struct {
		in    MeasurementInput
		field string
	}{
		{MeasurementInput{Value: "30"}, "date"},
		{MeasurementInput{Value: "tretti", On: "2027-04-01"}, "value"},
		{MeasurementInput{On: "2027-04-01"}, "value"},
		{MeasurementInput{Value: "30", On: "2026-04-01"}, "date"},
		{MeasurementInput{Value: "30", On: "april"}, "date"},
		{MeasurementInput{Value: "30", On: "2027-04-01", Unit: "timer"}, "unit"},
	} {
		if _, err := c.in.Parse(b); fields(err)[c.field] == "" {
			t.Errorf("%+v: %v, want an error on %s", c.in, err, c.field)
		}
	}
	m, err := MeasurementInput{Value: "35,5", On: "2027-04-01", Unit: "dager"}.Parse(b)
	if err != nil || m.Value != 35.5 {
		t.Fatalf("measurement: %v %+v", err, m)
	}
	if b.NextDue() != "2027-04-01" {
		t.Errorf("due %s", b.NextDue())
	}
	// Half-way (2027-07-02) the line is at 30 days; 35 is behind, 25 ahead.
	b.State = Measuring
	b.Measurements = []*Measurement{{ID: 1, Value: 35, On: "2027-07-02"}}
	if !b.Behind() || b.NextDue() != "2027-10-02" || !b.AtRisk("2027-08-01") {
		t.Errorf("35 days half-way should be behind: due %s", b.NextDue())
	}
	b.Measurements[0].Value = 25
	if b.Behind() || b.AtRisk("2027-08-01") {
		t.Error("25 days half-way is ahead")
	}
	if !b.AtRisk("2027-10-03") {
		t.Error("an overdue measurement is a risk")
	}
}
