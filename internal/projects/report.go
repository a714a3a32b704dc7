// Package projects is the execution of an approved project (issue 12):
// its plan (plan*.go), and its control — status reports per period,
// deviations against the tolerances of the directive, and risks
// (report*.go, deviation*.go, risk*.go; DOMAIN.md §3, §8C–E, §9).
package projects

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/samstyr/samstyr/internal/errs"
)

// Status report states (DOMAIN.md §8C).
const (
	ReportDraft     = "draft"
	ReportSubmitted = "submitted"
	ReportReviewed  = "reviewed"
)

// ReportStates lists the status report states in order.
var ReportStates = []string{ReportDraft, ReportSubmitted, ReportReviewed}

// reportTransitions is the status report state machine: the states each
// move may start from.
var reportTransitions = map[string][]string{
	ReportSubmitted: {ReportDraft},
	ReportReviewed:  {ReportSubmitted},
}

// CanMoveReport reports whether a report in state from may move to to.
func CanMoveReport(from, to string) bool { return slices.Contains(reportTransitions[to], from) }

// Ratings are the red/amber/green values, best first.
var Ratings = []string{"green", "amber", "red"}

// Dimensions are the rated dimensions of a status report.
var Dimensions = []string{"time", "cost", "scope", "quality", "risk", "benefits"}

// CostLine is one year of cost: the approved budget (from the records),
// the cost to date and the forecast for the year (typed by the manager).
type CostLine struct {
	Year        int64 `json:"year"`
	BudgetNOK   int64 `json:"budget_nok"`
	ActualNOK   int64 `json:"actual_nok"`
	ForecastNOK int64 `json:"forecast_nok"`
}

// MilestoneForecast is a milestone of the approved directive with its
// planned date (from the records) and the manager's forecast and actual
// dates (YYYY-MM-DD).
type MilestoneForecast struct {
	Name     string `json:"name"`
	Planned  string `json:"planned"`
	Forecast string `json:"forecast"`
	Actual   string `json:"actual,omitempty"`
}

// Facts are what the system knew when the report was submitted: the open
// deviations and the top risks, kept with the report as they stood.
type Facts struct {
	OpenDeviations []FactItem `json:"open_deviations"`
	TopRisks       []FactItem `json:"top_risks"`
	// SlippedDependencies are what the project waits for that had
	// slipped (other projects' milestones, components).
	SlippedDependencies []*SlippedDependency `json:"slipped_dependencies,omitempty"`
}

// FactItem is a deviation or risk as a report shows it.
type FactItem struct {
	ID    int64  `json:"id"`
	Title string `json:"title"`
	State string `json:"state"`
	Score int64  `json:"score,omitempty"`
}

// StatusReport is a project's report for one period.
type StatusReport struct {
	ID        int64  `json:"id"`
	ProjectID int64  `json:"project_id"`
	Period    string `json:"period"`
	State     string `json:"state"`
	// Overall and Rating (by dimension) are green, amber or red.
	Overall         string              `json:"overall"`
	Rating          map[string]string   `json:"rating"`
	WorkDone        string              `json:"work_done"`
	WorkPlanned     string              `json:"work_planned"`
	Changes         string              `json:"changes"`
	DecisionsNeeded string              `json:"decisions_needed"`
	Costs           []CostLine          `json:"costs"`
	Milestones      []MilestoneForecast `json:"milestones"`
	Facts           Facts               `json:"facts"`
	ReviewNote      string              `json:"review_note,omitempty"`
	AuthorID        int64               `json:"author_id,omitempty"`
	AuthorName      string              `json:"author_name,omitempty"`
	ReviewerID      int64               `json:"reviewer_id,omitempty"`
	SubmittedAt     time.Time           `json:"submitted_at,omitzero"`
	ReviewedAt      time.Time           `json:"reviewed_at,omitzero"`
	CreatedAt       time.Time           `json:"created_at"`
	UpdatedAt       time.Time           `json:"updated_at"`
}

// CostToDate sums the cost to date of every year.
func (r *StatusReport) CostToDate() int64 {
	var n int64
	for _, c := range r.Costs {
		n += c.ActualNOK
	}
	return n
}

// Forecast sums the forecast of every year.
func (r *StatusReport) Forecast() int64 {
	var n int64
	for _, c := range r.Costs {
		n += c.ForecastNOK
	}
	return n
}

// Budget sums the approved budget of every year.
func (r *StatusReport) Budget() int64 {
	var n int64
	for _, c := range r.Costs {
		n += c.BudgetNOK
	}
	return n
}

// Normalize trims the texts and fills missing ratings with green.
func (r *StatusReport) Normalize() {
	for _, p := range []*string{&r.Period, &r.Overall, &r.WorkDone, &r.WorkPlanned, &r.Changes, &r.DecisionsNeeded} {
		*p = strings.TrimSpace(*p)
	}
	if r.Rating == nil {
		r.Rating = map[string]string{}
	}
	for i := range r.Milestones {
		r.Milestones[i].Forecast = strings.TrimSpace(r.Milestones[i].Forecast)
		r.Milestones[i].Actual = strings.TrimSpace(r.Milestones[i].Actual)
	}
}

// Validate checks a report's fields for the reporting frequency; every
// problem comes at once, each naming its field.
func (r *StatusReport) Validate(frequency string) error {
	var v errs.Validation
	add := v.Add
	if _, _, err := PeriodRange(frequency, r.Period); err != nil {
		add("period", "report.error.period", "frequency", frequency)
	}
	if !slices.Contains(Ratings, r.Overall) {
		add("overall", "report.error.rating")
	}
	for _, d := range Dimensions {
		if !slices.Contains(Ratings, r.Rating[d]) {
			add("rating_"+d, "report.error.rating")
		}
	}
	for k := range r.Rating {
		if !slices.Contains(Dimensions, k) {
			add("rating", "report.error.rating")
		}
	}
	for _, t := range []struct{ field, v string }{{"work_done", r.WorkDone}, {"work_planned", r.WorkPlanned},
		{"changes", r.Changes}, {"decisions_needed", r.DecisionsNeeded}} {
		if utf8.RuneCountInString(t.v) > 10000 {
			add(t.field, "error.too_long", "max", 10000)
		}
	}
	for i, c := range r.Costs {
		if c.ActualNOK < 0 || c.ForecastNOK < 0 {
			add(fmt.Sprintf("costs.%d", i), "report.error.amount")
		}
	}
	for i, m := range r.Milestones {
		for _, d := range []struct{ f, v string }{{"forecast", m.Forecast}, {"actual", m.Actual}} {
			if d.v == "" {
				continue
			}
			if _, err := time.Parse(time.DateOnly, d.v); err != nil {
				add(fmt.Sprintf("milestones.%d.%s", i, d.f), "report.error.date")
			}
		}
	}
	return v.Err()
}

// Frequency returns the reporting frequency a directive names (monthly
// unless it says bimonthly or quarterly).
func Frequency(reporting string) string {
	switch reporting {
	case "bimonthly", "quarterly":
		return reporting
	}
	return "monthly"
}

// PeriodOf returns the period of the frequency containing t: "2027-03"
// (monthly), "2027-03" for March–April (bimonthly, odd months start a
// period) or "2027-Q1" (quarterly).
func PeriodOf(frequency string, t time.Time) string {
	y, m := t.Year(), int(t.Month())
	switch Frequency(frequency) {
	case "quarterly":
		return fmt.Sprintf("%d-Q%d", y, (m-1)/3+1)
	case "bimonthly":
		m -= (m - 1) % 2
	}
	return fmt.Sprintf("%d-%02d", y, m)
}

// PeriodRange returns the first day of the period and the first day after
// it, or an error when the period is not one of the frequency.
func PeriodRange(frequency, period string) (from, to time.Time, err error) {
	bad := fmt.Errorf("period %q is not %s", period, frequency)
	y, rest, ok := strings.Cut(period, "-")
	year, yerr := strconv.Atoi(y)
	if !ok || yerr != nil || len(y) != 4 {
		return from, to, bad
	}
	months := 1
	var m int
	switch Frequency(frequency) {
	case "quarterly":
		q, qerr := strconv.Atoi(strings.TrimPrefix(rest, "Q"))
		if !strings.HasPrefix(rest, "Q") || qerr != nil || q < 1 || q > 4 {
			return from, to, bad
		}
		m, months = (q-1)*3+1, 3
	default:
		var merr error
		m, merr = strconv.Atoi(rest)
		if merr != nil || len(rest) != 2 || m < 1 || m > 12 {
			return from, to, bad
		}
		if Frequency(frequency) == "bimonthly" {
			if m%2 == 0 {
				return from, to, bad
			}
			months = 2
		}
	}
	from = time.Date(year, time.Month(m), 1, 0, 0, 0, 0, time.UTC)
	return from, from.AddDate(0, months, 0), nil
}

// DueDays is how many days after its period a report is due.
const DueDays = 10

// Due returns the date a period's report is due: DueDays after the period
// ends.
func Due(frequency, period string) time.Time {
	_, to, err := PeriodRange(frequency, period)
	if err != nil {
		return time.Time{}
	}
	return to.AddDate(0, 0, DueDays-1)
}

// PreviousPeriod returns the last period that ended on or before t.
func PreviousPeriod(frequency string, t time.Time) string {
	from, _, _ := PeriodRange(frequency, PeriodOf(frequency, t))
	return PeriodOf(frequency, from.AddDate(0, 0, -1))
}

// LateReport is a project whose report for the last ended period is not
// submitted while its deadline has passed.
type LateReport struct {
	ProjectID   int64     `json:"project_id"`
	ProjectName string    `json:"project_name"`
	ManagerID   int64     `json:"manager_id,omitempty"`
	ManagerName string    `json:"manager_name,omitempty"`
	Period      string    `json:"period"`
	Due         time.Time `json:"due"`
	State       string    `json:"state,omitempty"` // draft when started, "" when none
}
