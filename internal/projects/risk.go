package projects

import (
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/samstyr/samstyr/internal/errs"
)

// Risk states (DOMAIN.md §8E).
const (
	RiskIdentified = "identified"
	RiskAssessed   = "assessed"
	RiskMitigating = "mitigating"
	RiskClosed     = "closed"
	RiskOccurred   = "occurred" // it happened: a deviation was raised
)

// RiskStates lists the risk states in order.
var RiskStates = []string{RiskIdentified, RiskAssessed, RiskMitigating, RiskClosed, RiskOccurred}

// riskTransitions is the risk state machine: the states each move may
// start from.
var riskTransitions = map[string][]string{
	RiskAssessed:   {RiskIdentified},
	RiskMitigating: {RiskIdentified, RiskAssessed},
	RiskClosed:     {RiskIdentified, RiskAssessed, RiskMitigating},
	RiskOccurred:   {RiskIdentified, RiskAssessed, RiskMitigating},
}

// CanMoveRisk reports whether a risk in state from may move to to.
func CanMoveRisk(from, to string) bool { return slices.Contains(riskTransitions[to], from) }

// Risk is an uncertainty of a project, or of the whole portfolio
// (ProjectID 0).
type Risk struct {
	ID          int64  `json:"id"`
	ProjectID   int64  `json:"project_id,omitempty"`
	ProjectName string `json:"project_name,omitempty"`
	Title       string `json:"title"`
	Cause       string `json:"cause"`
	// Probability and Consequence are 1–5.
	Probability int64  `json:"probability"`
	Consequence int64  `json:"consequence"`
	OwnerID     int64  `json:"owner_id,omitempty"`
	OwnerName   string `json:"owner_name,omitempty"`
	Measures    string `json:"measures"`
	// NextReview is a date (YYYY-MM-DD), empty for none.
	NextReview  string    `json:"next_review,omitempty"`
	State       string    `json:"state"`
	DeviationID int64     `json:"deviation_id,omitempty"`
	CreatedBy   int64     `json:"created_by,omitempty"`
	CreatedAt   time.Time `json:"created_at"`
	UpdatedAt   time.Time `json:"updated_at"`
}

// Score is probability × consequence (1–25).
func (r *Risk) Score() int64 { return r.Probability * r.Consequence }

// Level is low, medium or high by score.
func (r *Risk) Level() string {
	switch s := r.Score(); {
	case s >= 15:
		return "high"
	case s >= 6:
		return "medium"
	}
	return "low"
}

// Open reports whether the risk is still being followed.
func (r *Risk) Open() bool { return r.State != RiskClosed && r.State != RiskOccurred }

// Normalize trims the texts.
func (r *Risk) Normalize() {
	for _, p := range []*string{&r.Title, &r.Cause, &r.Measures, &r.NextReview} {
		*p = strings.TrimSpace(*p)
	}
}

// Validate checks the fields: a title, probability and consequence 1–5,
// a real date.
func (r *Risk) Validate() error {
	var v errs.Validation
	if r.Title == "" {
		v.Add("title", "risk.error.title")
	} else if utf8.RuneCountInString(r.Title) > 300 {
		v.Add("title", "error.too_long", "max", 300)
	}
	if r.Probability < 1 || r.Probability > 5 {
		v.Add("probability", "risk.error.scale")
	}
	if r.Consequence < 1 || r.Consequence > 5 {
		v.Add("consequence", "risk.error.scale")
	}
	if r.NextReview != "" {
		if _, err := time.Parse(time.DateOnly, r.NextReview); err != nil {
			v.Add("next_review", "report.error.date")
		}
	}
	for _, t := range []struct{ field, s string }{{"cause", r.Cause}, {"measures", r.Measures}} {
		if utf8.RuneCountInString(t.s) > 10000 {
			v.Add(t.field, "error.too_long", "max", 10000)
		}
	}
	return v.Err()
}

// RiskFilter selects risks. Portfolio keeps the portfolio's own risks
// (no project); All every risk; else those of ProjectID.
type RiskFilter struct {
	ProjectID int64
	Portfolio bool
	All       bool
	Open      bool
}

// HeatCell is one cell of the 5×5 heat map with the open risks in it.
type HeatCell struct {
	Probability int64
	Consequence int64
	Risks       []*Risk
}

// Level is the cell's level, as a risk of that score would have.
func (c HeatCell) Level() string {
	r := Risk{Probability: c.Probability, Consequence: c.Consequence}
	return r.Level()
}

// HeatMap returns the open risks by probability (rows, 5 first) and
// consequence (columns, 1 first).
func HeatMap(rs []*Risk) [][]HeatCell {
	rows := make([][]HeatCell, 5)
	for i := range rows {
		p := int64(5 - i)
		rows[i] = make([]HeatCell, 5)
		for j := range rows[i] {
			rows[i][j] = HeatCell{Probability: p, Consequence: int64(j + 1)}
		}
	}
	for _, r := range rs {
		if !r.Open() || r.Probability < 1 || r.Probability > 5 || r.Consequence < 1 || r.Consequence > 5 {
			continue
		}
		c := &rows[5-r.Probability][r.Consequence-1]
		c.Risks = append(c.Risks, r)
	}
	return rows
}

// TopRisks returns the n open risks with the highest score.
func TopRisks(rs []*Risk, n int) []*Risk {
	open := make([]*Risk, 0, len(rs))
	for _, r := range rs {
		if r.Open() {
			open = append(open, r)
		}
	}
	slices.SortStableFunc(open, func(a, b *Risk) int { return int(b.Score() - a.Score()) })
	if len(open) > n {
		open = open[:n]
	}
	return open
}
