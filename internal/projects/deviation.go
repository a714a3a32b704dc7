package projects

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/samstyr/samstyr/internal/directives"
	"github.com/samstyr/samstyr/internal/errs"
)

// Deviation types (DOMAIN.md §9).
var DeviationTypes = []string{"time", "cost", "scope", "quality", "dependency", "out_of_scope"}

// TypeOutOfScope is a challenge outside the project's scope: it is
// documented and referred to its owner instead of escalated.
const TypeOutOfScope = "out_of_scope"

// Deviation states (DOMAIN.md §8D).
const (
	DevReported   = "reported"
	DevAssessed   = "assessed"
	DevHandled    = "handled" // within tolerance, by the project manager
	DevEscalated  = "escalated"
	DevDecided    = "decided"
	DevClosed     = "closed"
	DevDocumented = "documented" // out of scope
	DevReferred   = "referred"   // out of scope, referred to its owner
)

// DeviationStates lists the deviation states in order.
var DeviationStates = []string{DevReported, DevAssessed, DevHandled, DevEscalated, DevDecided, DevClosed, DevDocumented, DevReferred}

// deviationTransitions is the deviation state machine: the states each
// move may start from. Decided and closed are reached only through a
// decision's effect.
var deviationTransitions = map[string][]string{
	DevAssessed:   {DevReported},
	DevHandled:    {DevAssessed},
	DevEscalated:  {DevReported, DevAssessed},
	DevDecided:    {DevEscalated},
	DevClosed:     {DevDecided, DevHandled},
	DevDocumented: {DevReported},
	DevReferred:   {DevDocumented},
}

// CanMoveDeviation reports whether a deviation of the type may move from
// one state to another: an out-of-scope challenge is documented and
// referred, every other deviation is assessed, handled or escalated; one
// that breached a tolerance cannot be handled within it.
func CanMoveDeviation(d *Deviation, to string) bool {
	if !slices.Contains(deviationTransitions[to], d.State) {
		return false
	}
	out := d.Type == TypeOutOfScope
	switch to {
	case DevDocumented, DevReferred:
		return out
	case DevAssessed, DevEscalated, DevHandled:
		if out {
			return false
		}
		return to != DevHandled || !d.ToleranceBreached
	}
	return true
}

// Decision outcomes of an escalated deviation.
const (
	OutcomeAccept          = "accept"
	OutcomeReplan          = "replan"
	OutcomeChangeDirective = "change_directive"
	OutcomeStop            = "stop"
)

// Outcomes lists the decision outcomes.
var Outcomes = []string{OutcomeAccept, OutcomeReplan, OutcomeChangeDirective, OutcomeStop}

// Deviation is a deviation from the approved directive.
type Deviation struct {
	ID          int64  `json:"id"`
	ProjectID   int64  `json:"project_id"`
	ProjectName string `json:"project_name,omitempty"`
	Type        string `json:"type"`
	State       string `json:"state"`
	Description string `json:"description"`
	Cause       string `json:"cause"`
	Consequence string `json:"consequence"`
	Options     string `json:"options"`
	// ToleranceBreached: the system found a tolerance of the directive
	// breached; the project is outside its approval until it is decided.
	ToleranceBreached bool   `json:"tolerance_breached"`
	ReportID          int64  `json:"report_id,omitempty"`
	RiskID            int64  `json:"risk_id,omitempty"`
	CaseID            int64  `json:"case_id,omitempty"`
	Outcome           string `json:"outcome,omitempty"`
	DecisionID        int64  `json:"decision_id,omitempty"`
	// DecisionRef is "case n/yy body" of DecisionID, for display.
	DecisionRef string    `json:"decision,omitempty"`
	ReferredTo  string    `json:"referred_to,omitempty"`
	CreatedBy   int64     `json:"created_by,omitempty"`
	CreatedAt   time.Time `json:"created_at"`
	UpdatedAt   time.Time `json:"updated_at"`
	DecidedAt   time.Time `json:"decided_at,omitzero"`
}

// DoneDeviationStates are the states in which a deviation no longer waits
// for handling.
var DoneDeviationStates = []string{DevHandled, DevDecided, DevClosed, DevReferred}

// Open reports whether the deviation still waits for handling.
func (d *Deviation) Open() bool {
	return !slices.Contains(DoneDeviationStates, d.State)
}

// Normalize trims the texts.
func (d *Deviation) Normalize() {
	for _, p := range []*string{&d.Type, &d.Description, &d.Cause, &d.Consequence, &d.Options, &d.ReferredTo} {
		*p = strings.TrimSpace(*p)
	}
}

// Validate checks the fields a person types.
func (d *Deviation) Validate() error {
	var v errs.Validation
	if !slices.Contains(DeviationTypes, d.Type) {
		v.Add("type", "deviation.error.type")
	}
	if d.Description == "" {
		v.Add("description", "deviation.error.description")
	}
	for _, t := range []struct{ field, s string }{{"description", d.Description}, {"cause", d.Cause},
		{"consequence", d.Consequence}, {"options", d.Options}} {
		if utf8.RuneCountInString(t.s) > 10000 {
			v.Add(t.field, "error.too_long", "max", 10000)
		}
	}
	return v.Err()
}

// DeviationFilter selects deviations; Open keeps those not yet handled.
type DeviationFilter struct {
	ProjectID int64
	Open      bool
}

// Breach is a tolerance of the directive a report breaches.
type Breach struct {
	Type string // time or cost
	// Key and Args describe it (an i18n key), for the deviation's text.
	Key  string
	Args map[string]any
}

// Baseline is what the approved directive promised: the period, the
// milestones, the budget and the tolerances.
type Baseline struct {
	Start, End time.Time
	Milestones []directives.Milestone
	Budget     []directives.BudgetLine
	Tolerances directives.Tolerances
	Frequency  string
	Version    int64
}

// BaselineOf reads a baseline from an approved directive version.
func BaselineOf(c *directives.Content, version int64) Baseline {
	b := Baseline{Milestones: c.Milestones, Budget: c.Budget, Tolerances: c.Tolerances, Frequency: Frequency(c.Reporting), Version: version}
	b.Start, _ = time.Parse(time.DateOnly, c.Start)
	b.End, _ = time.Parse(time.DateOnly, c.End)
	return b
}

// BudgetTotal sums the approved budget.
func (b Baseline) BudgetTotal() int64 {
	var n int64
	for _, l := range b.Budget {
		n += l.AmountNOK
	}
	return n
}

// slackDays is how many days a milestone may slip within the time
// tolerance: the tolerance's share of the project's duration (start to
// end), or of start to the milestone when the end is unknown.
func (b Baseline) slackDays(planned time.Time) float64 {
	start, end := b.Start, b.End
	if end.IsZero() || !end.After(start) {
		end = planned
	}
	if start.IsZero() || !end.After(start) {
		return 0
	}
	return end.Sub(start).Hours() / 24 * b.Tolerances.TimePct / 100
}

// Breaches compares a report's forecasts with the baseline: the cost
// tolerance is breached when the forecast total exceeds the approved
// budget by more than CostPct per cent; the time tolerance when a
// milestone's forecast (or actual) date is later than planned by more than
// TimePct per cent of the project's duration.
func (b Baseline) Breaches(r *StatusReport) []Breach {
	var out []Breach
	if budget := b.BudgetTotal(); budget > 0 {
		forecast := r.Forecast()
		limit := float64(budget) * (1 + b.Tolerances.CostPct/100)
		if float64(forecast) > limit+0.5 {
			out = append(out, Breach{Type: "cost", Key: "deviation.breach.cost", Args: map[string]any{
				"forecast": forecast, "budget": budget, "pct": pctOver(forecast, budget), "tolerance": b.Tolerances.CostPct}})
		}
	}
	for _, m := range r.Milestones {
		planned, err := time.Parse(time.DateOnly, m.Planned)
		if err != nil {
			continue
		}
		at := m.Actual
		if at == "" {
			at = m.Forecast
		}
		f, err := time.Parse(time.DateOnly, at)
		if err != nil {
			continue
		}
		slip := f.Sub(planned).Hours() / 24
		if slip > 0 && slip > b.slackDays(planned) {
			out = append(out, Breach{Type: "time", Key: "deviation.breach.time", Args: map[string]any{
				"milestone": m.Name, "planned": m.Planned, "forecast": at, "days": int(math.Round(slip)), "tolerance": b.Tolerances.TimePct}})
		}
	}
	return out
}

func pctOver(x, base int64) string {
	return fmt.Sprintf("%.1f", (float64(x)/float64(base)-1)*100)
}
