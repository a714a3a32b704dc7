// Package benefits is benefit realisation (DFØ, DOMAIN.md §4 and §8G): the
// benefits a project's approved directive plans, planned with an owner,
// an indicator, a baseline and a target, measured over time, and
// concluded at BP6 by a decision of KommIT-rådet.
package benefits

import (
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/samstyr/samstyr/internal/directives"
	"github.com/samstyr/samstyr/internal/errs"
	"github.com/samstyr/samstyr/internal/governance"
)

// Benefit states (DOMAIN.md §8G).
const (
	Identified     = "identified"      // taken from the directive
	Planned        = "planned"         // owner, indicator, target, method and frequency set
	Baselined      = "baselined"       // the baseline is measured and frozen
	Measuring      = "measuring"       // measurements are being recorded
	Realised       = "realised"        // concluded at BP6
	PartlyRealised = "partly_realised" // concluded at BP6
	NotRealised    = "not_realised"    // concluded at BP6
)

// States lists the benefit states in order.
var States = []string{Identified, Planned, Baselined, Measuring, Realised, PartlyRealised, NotRealised}

// Outcomes are the final states a BP6 decision may set.
var Outcomes = []string{Realised, PartlyRealised, NotRealised}

// Types are the benefit types (DFØ): NOK for the state, quality, and gains
// for others (municipalities, citizens, businesses) — the directive's.
var Types = directives.BenefitTypes

// Frequencies are how often a benefit is measured.
var Frequencies = []string{"monthly", "quarterly", "half_yearly", "yearly"}

// months is the length of each frequency's period.
var months = map[string]int{"monthly": 1, "quarterly": 3, "half_yearly": 6, "yearly": 12}

// transitions is the benefit state machine: the states each state may be
// reached from. The moves to planned and baselined are the secretariat's
// (with the fields they need, see Ready); the first measurement moves a
// baselined benefit to measuring; only the conclude_benefits decision
// reaches the final states.
var transitions = map[string][]string{
	Planned:        {Identified},
	Baselined:      {Planned},
	Measuring:      {Baselined},
	Realised:       {Baselined, Measuring},
	PartlyRealised: {Baselined, Measuring},
	NotRealised:    {Baselined, Measuring},
}

// CanMove reports whether a benefit in state from may move to to.
func CanMove(from, to string) bool { return slices.Contains(transitions[to], from) }

// Final reports whether the state is a BP6 conclusion.
func Final(state string) bool { return slices.Contains(Outcomes, state) }

// Benefit is one benefit of a project.
type Benefit struct {
	ID          int64  `json:"id"`
	ProjectID   int64  `json:"project_id"`
	ProjectName string `json:"project_name,omitempty"`
	// Source is the benefit's place in the approved directive's list (1
	// for the first); 0 for none. A project imports each once.
	Source      int      `json:"source,omitempty"`
	Description string   `json:"description"`
	Type        string   `json:"type"`
	Indicator   string   `json:"indicator"`
	Unit        string   `json:"unit"`
	Baseline    *float64 `json:"baseline_value"`
	BaselineOn  string   `json:"baseline_date"`
	Target      *float64 `json:"target_value"`
	TargetOn    string   `json:"target_date"`
	Method      string   `json:"method"`
	Frequency   string   `json:"frequency"`
	OwnerID     int64    `json:"owner_id,omitempty"`
	OwnerName   string   `json:"owner_name,omitempty"`
	OwnerOrg    string   `json:"owner_organisation,omitempty"`
	// OwnerNote is the owner the directive names, as text.
	OwnerNote string `json:"owner_note,omitempty"`
	State     string `json:"state"`
	// Proposed and Explanation are the secretariat's proposal for BP6; the
	// decision sets the state from them and links itself (DecisionID).
	Proposed     string                  `json:"proposed_outcome,omitempty"`
	Explanation  string                  `json:"explanation,omitempty"`
	DecisionID   int64                   `json:"decision_id,omitempty"`
	Decision     *governance.DecisionRef `json:"decision,omitempty"`
	Measurements []*Measurement          `json:"measurements"`
	CreatedAt    time.Time               `json:"created_at"`
	UpdatedAt    time.Time               `json:"updated_at"`
}

// Measurement is one measured value of a benefit's indicator, in its unit.
type Measurement struct {
	ID         int64     `json:"id"`
	BenefitID  int64     `json:"benefit_id"`
	Value      float64   `json:"value"`
	On         string    `json:"date"`
	Comment    string    `json:"comment"`
	ByID       int64     `json:"recorded_by,omitempty"`
	ByName     string    `json:"recorded_by_name,omitempty"`
	RecordedAt time.Time `json:"recorded_at"`
}

// PlanInput is the plan of a benefit as typed: numbers as text, so that a
// word where a number belongs is named as the field's error.
type PlanInput struct {
	Description, Type, Indicator, Unit     string
	Baseline, BaselineOn, Target, TargetOn string
	Method, Frequency                      string
	OwnerID                                int64
}

// MeasurementInput is a measurement as typed. Unit, when given (the
// API), must be the benefit's.
type MeasurementInput struct {
	Value, On, Comment, Unit string
}

// ParseNumber reads a decimal number as people type it: a comma or a
// point, spaces between thousands.
func ParseNumber(s string) (float64, bool) {
	s = strings.NewReplacer(" ", "", "\u00a0", "", "\u202f", "", ",", ".").Replace(strings.TrimSpace(s))
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
		return 0, false
	}
	return f, true
}

func parseDate(v *errs.Validation, field, s string) time.Time {
	if s == "" {
		return time.Time{}
	}
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		v.Add(field, "benefit.error.date")
	}
	return d
}

func optNumber(v *errs.Validation, field, s string) *float64 {
	if strings.TrimSpace(s) == "" {
		return nil
	}
	f, ok := ParseNumber(s)
	if !ok {
		v.Add(field, "benefit.error.number")
		return nil
	}
	return &f
}

// Apply checks the plan and writes it into b. A benefit once baselined
// keeps its baseline. Field errors: description, type, baseline_value,
// baseline_date, target_value, target_date (also before the baseline),
// frequency, and texts too long.
func (in PlanInput) Apply(b *Benefit) error {
	var v errs.Validation
	trim := func(s string) string { return strings.TrimSpace(s) }
	desc, typ, ind, unit, method, freq := trim(in.Description), trim(in.Type), trim(in.Indicator), trim(in.Unit), trim(in.Method), trim(in.Frequency)
	if desc == "" {
		v.Add("description", "benefit.error.required")
	}
	if !slices.Contains(Types, typ) {
		v.Add("type", "benefit.error.type")
	}
	if freq != "" && !slices.Contains(Frequencies, freq) {
		v.Add("frequency", "benefit.error.frequency")
	}
	for _, t := range []struct{ f, s string }{{"description", desc}, {"indicator", ind}, {"unit", unit}, {"method", method}} {
		if utf8.RuneCountInString(t.s) > 2000 {
			v.Add(t.f, "error.too_long", "max", 2000)
		}
	}
	base, baseOn := b.Baseline, b.BaselineOn
	if !b.BaselineFrozen() {
		base, baseOn = optNumber(&v, "baseline_value", in.Baseline), trim(in.BaselineOn)
	}
	target, targetOn := optNumber(&v, "target_value", in.Target), trim(in.TargetOn)
	bd := parseDate(&v, "baseline_date", baseOn)
	td := parseDate(&v, "target_date", targetOn)
	if !bd.IsZero() && !td.IsZero() && !td.After(bd) {
		v.Add("target_date", "benefit.error.target_before_baseline")
	}
	if err := v.Err(); err != nil {
		return err
	}
	b.Description, b.Type, b.Indicator, b.Unit, b.Method, b.Frequency = desc, typ, ind, unit, method, freq
	b.Baseline, b.BaselineOn, b.Target, b.TargetOn, b.OwnerID = base, baseOn, target, targetOn, in.OwnerID
	return nil
}

// BaselineFrozen reports whether the baseline may no longer change.
func (b *Benefit) BaselineFrozen() bool { return b.State != Identified && b.State != Planned }

// Ready returns the fields a move to state to still lacks: planned needs
// the owner, indicator, unit, target, method and frequency; baselined
// also the baseline.
func (b *Benefit) Ready(to string) error {
	var v errs.Validation
	if to == Planned || to == Baselined {
		for _, f := range []struct {
			name string
			ok   bool
		}{{"owner_id", b.OwnerID != 0}, {"indicator", b.Indicator != ""}, {"unit", b.Unit != ""}, {"target_value", b.Target != nil},
			{"target_date", b.TargetOn != ""}, {"method", b.Method != ""}, {"frequency", b.Frequency != ""}} {
			if !f.ok {
				v.Add(f.name, "benefit.error.needed_for", "state", to)
			}
		}
	}
	if to == Baselined {
		if b.Baseline == nil {
			v.Add("baseline_value", "benefit.error.needed_for", "state", to)
		}
		if b.BaselineOn == "" {
			v.Add("baseline_date", "benefit.error.needed_for", "state", to)
		}
	}
	return v.Err()
}

// Parse checks a measurement of b: a number in b's unit on a real date,
// not before the baseline. Field errors: value, date, unit, comment.
func (in MeasurementInput) Parse(b *Benefit) (*Measurement, error) {
	var v errs.Validation
	m := &Measurement{BenefitID: b.ID, On: strings.TrimSpace(in.On), Comment: strings.TrimSpace(in.Comment)}
	if strings.TrimSpace(in.Value) == "" {
		v.Add("value", "benefit.error.required")
	} else if f, ok := ParseNumber(in.Value); !ok {
		v.Add("value", "benefit.error.number")
	} else {
		m.Value = f
	}
	if m.On == "" {
		v.Add("date", "benefit.error.required")
	} else if d := parseDate(&v, "date", m.On); !d.IsZero() && b.BaselineOn != "" && m.On < b.BaselineOn {
		v.Add("date", "benefit.error.before_baseline", "date", b.BaselineOn)
	}
	if u := strings.TrimSpace(in.Unit); u != "" && u != b.Unit {
		v.Add("unit", "benefit.error.unit", "unit", b.Unit)
	}
	if utf8.RuneCountInString(m.Comment) > 2000 {
		v.Add("comment", "error.too_long", "max", 2000)
	}
	return m, v.Err()
}

// Last returns the latest measurement, or nil.
func (b *Benefit) Last() *Measurement {
	var last *Measurement
	for _, m := range b.Measurements {
		if last == nil || m.On > last.On || m.On == last.On && m.ID > last.ID {
			last = m
		}
	}
	return last
}

// NextDue is the date the next measurement is due: a period of the
// frequency after the last measurement (or the baseline). Empty when the
// benefit is not being measured.
func (b *Benefit) NextDue() string {
	if (b.State != Baselined && b.State != Measuring) || b.Frequency == "" {
		return ""
	}
	from := b.BaselineOn
	if m := b.Last(); m != nil {
		from = m.On
	}
	d, err := time.Parse(time.DateOnly, from)
	if err != nil {
		return ""
	}
	return d.AddDate(0, months[b.Frequency], 0).Format(time.DateOnly)
}

// Expected is the value on the straight line from the baseline to the
// target on date on; false without both ends.
func (b *Benefit) Expected(on string) (float64, bool) {
	if b.Baseline == nil || b.Target == nil {
		return 0, false
	}
	bd, err1 := time.Parse(time.DateOnly, b.BaselineOn)
	td, err2 := time.Parse(time.DateOnly, b.TargetOn)
	d, err3 := time.Parse(time.DateOnly, on)
	if err1 != nil || err2 != nil || err3 != nil || !td.After(bd) {
		return 0, false
	}
	f := d.Sub(bd).Hours() / td.Sub(bd).Hours()
	f = min(max(f, 0), 1)
	return *b.Baseline + f*(*b.Target-*b.Baseline), true
}

// Behind reports whether the last measurement is behind the straight
// line from the baseline to the target (below it when the target is
// higher, above it when lower).
func (b *Benefit) Behind() bool {
	m := b.Last()
	if m == nil {
		return false
	}
	want, ok := b.Expected(m.On)
	if !ok {
		return false
	}
	if *b.Target >= *b.Baseline {
		return m.Value < want
	}
	return m.Value > want
}

// Overdue reports whether a measurement was due before today.
func (b *Benefit) Overdue(today string) bool {
	due := b.NextDue()
	return due != "" && due < today
}

// AtRisk reports whether the benefit is behind its line or its
// measurement is overdue.
func (b *Benefit) AtRisk(today string) bool {
	return (b.State == Baselined || b.State == Measuring) && (b.Behind() || b.Overdue(today))
}

// ExpectedOn is Expected for templates: nil without a line.
func (b *Benefit) ExpectedOn(on string) *float64 {
	if v, ok := b.Expected(on); ok {
		return &v
	}
	return nil
}
