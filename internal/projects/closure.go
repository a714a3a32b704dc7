package projects

import (
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/samstyr/samstyr/internal/directives"
	"github.com/samstyr/samstyr/internal/errs"
)

// Project moves a person makes directly (DOMAIN.md §8C); closing, closed
// and realising are reached through the closure (BP4, BP5) and cancelled
// through the steering group's stop decision.
const (
	MoveStart  = "start"  // planning → executing
	MoveHold   = "hold"   // planning or executing → on_hold (with a reason)
	MoveResume = "resume" // on_hold → the state it was put on hold from
)

// ProjectMoves lists the direct moves.
var ProjectMoves = []string{MoveStart, MoveHold, MoveResume}

// projectTransitions is the project state machine: the states each state
// may be reached from.
var projectTransitions = map[string][]string{
	directives.ProjectExecuting: {directives.ProjectPlanning, directives.ProjectOnHold},
	directives.ProjectOnHold:    {directives.ProjectPlanning, directives.ProjectExecuting},
	directives.ProjectPlanning:  {directives.ProjectOnHold},
	directives.ProjectClosing:   {directives.ProjectExecuting},
	directives.ProjectClosed:    {directives.ProjectClosing},
	directives.ProjectRealising: {directives.ProjectClosed},
	directives.ProjectCancelled: {directives.ProjectPlanning, directives.ProjectExecuting, directives.ProjectOnHold, directives.ProjectClosing},
}

// CanMoveProject reports whether a project may move from one state to
// another.
func CanMoveProject(from, to string) bool { return slices.Contains(projectTransitions[to], from) }

// MoveTarget returns the state a direct move leads to from a state (resume
// returns to holdFrom), and false when the move is not allowed there.
func MoveTarget(move, from, holdFrom string) (string, bool) {
	var to string
	switch move {
	case MoveStart:
		if from != directives.ProjectPlanning {
			return "", false
		}
		to = directives.ProjectExecuting
	case MoveHold:
		to = directives.ProjectOnHold
	case MoveResume:
		if from != directives.ProjectOnHold {
			return "", false
		}
		to = holdFrom
		if to == "" {
			to = directives.ProjectExecuting
		}
	default:
		return "", false
	}
	return to, CanMoveProject(from, to)
}

// Checklist items of the BP4 closing recommendation (Prosjektveiviseren,
// DOMAIN.md §3).
var ChecklistItems = []string{"results_meet_goals", "remaining_work_clear", "benefit_owner_believes", "line_ready",
	"measurement_responsibility", "operations_agreed", "security_privacy"}

// CheckItem is one checklist answer: "yes", "no" or "" (not answered).
type CheckItem struct {
	Key     string `json:"key"`
	Answer  string `json:"answer"`
	Comment string `json:"comment"`
}

// Closure is a project's BP4 closing recommendation and BP5 final report
// texts, with the cases before the steering group and its decisions.
type Closure struct {
	ProjectID     int64       `json:"project_id"`
	Checklist     []CheckItem `json:"checklist"`
	RemainingWork string      `json:"remaining_work"`
	CaseID        int64       `json:"case_id,omitempty"`
	DecisionID    int64       `json:"decision_id,omitempty"`
	DecisionRef   string      `json:"decision,omitempty"`
	SubmittedAt   time.Time   `json:"submitted_at,omitzero"`
	ApprovedAt    time.Time   `json:"approved_at,omitzero"`
	// The final report's own texts (the comparison is computed).
	Evaluation       string    `json:"evaluation"`
	Lessons          string    `json:"lessons_learned"`
	FinalCaseID      int64     `json:"final_case_id,omitempty"`
	FinalDecisionID  int64     `json:"final_decision_id,omitempty"`
	FinalDecisionRef string    `json:"final_decision,omitempty"`
	FinalSubmittedAt time.Time `json:"final_submitted_at,omitzero"`
	AcceptedAt       time.Time `json:"accepted_at,omitzero"`
	CreatedBy        int64     `json:"-"`
	CreatedAt        time.Time `json:"created_at,omitzero"`
	UpdatedAt        time.Time `json:"updated_at,omitzero"`
}

// Normalize puts the checklist in the items' order (unknown keys dropped,
// missing ones added unanswered) and trims the texts.
func (c *Closure) Normalize() {
	got := map[string]CheckItem{}
	for _, it := range c.Checklist {
		got[strings.TrimSpace(it.Key)] = it
	}
	out := make([]CheckItem, 0, len(ChecklistItems))
	for _, k := range ChecklistItems {
		it := got[k]
		out = append(out, CheckItem{Key: k, Answer: strings.TrimSpace(it.Answer), Comment: strings.TrimSpace(it.Comment)})
	}
	c.Checklist = out
	for _, p := range []*string{&c.RemainingWork, &c.Evaluation, &c.Lessons} {
		*p = strings.TrimSpace(*p)
	}
}

// Validate checks a draft (complete: a recommendation to submit, where
// every item is answered, a "no" explains itself and the remaining work is
// described). Fields are named checklist.<key>.answer and .comment.
func (c *Closure) Validate(complete bool) error {
	var v errs.Validation
	for _, it := range c.Checklist {
		switch {
		case it.Answer != "" && it.Answer != "yes" && it.Answer != "no":
			v.Add("checklist."+it.Key+".answer", "closure.error.answer")
		case complete && it.Answer == "":
			v.Add("checklist."+it.Key+".answer", "closure.error.unanswered")
		case complete && it.Answer == "no" && it.Comment == "":
			v.Add("checklist."+it.Key+".comment", "closure.error.comment_no")
		}
		if utf8.RuneCountInString(it.Comment) > 2000 {
			v.Add("checklist."+it.Key+".comment", "error.too_long", "max", 2000)
		}
	}
	if complete && c.RemainingWork == "" {
		v.Add("remaining_work", "closure.error.remaining_work")
	}
	for _, t := range []struct{ field, s string }{{"remaining_work", c.RemainingWork}, {"evaluation", c.Evaluation}, {"lessons_learned", c.Lessons}} {
		if utf8.RuneCountInString(t.s) > 10000 {
			v.Add(t.field, "error.too_long", "max", 10000)
		}
	}
	return v.Err()
}

// ValidateFinal checks the final report's texts before it is submitted.
func (c *Closure) ValidateFinal() error {
	var v errs.Validation
	if c.Evaluation == "" {
		v.Add("evaluation", "closure.error.evaluation")
	}
	if c.Lessons == "" {
		v.Add("lessons_learned", "closure.error.lessons")
	}
	return v.Err()
}

// FinalReport is the BP5 final report: the approved directive against the
// outcome, computed from the records (the plan's milestones and
// deliverables, the last status report's cost), with the closure's texts.
type FinalReport struct {
	Goals        []directives.Goal   `json:"goals"`
	Deliverables []DeliverableResult `json:"deliverables"`
	Milestones   []MilestoneResult   `json:"milestones"`
	Costs        []CostResult        `json:"costs"`
	BudgetNOK    int64               `json:"budget_total_nok"`
	ActualNOK    int64               `json:"actual_total_nok"`
	// CostPeriod is the period of the status report the cost comes from
	// ("" when the project has none).
	CostPeriod string `json:"cost_period"`
}

// DeliverableResult is a deliverable of the directive and the plan's
// activities tied to it: how many, how many finished, and when the last
// finished.
type DeliverableResult struct {
	Name       string `json:"name"`
	Acceptance string `json:"acceptance"`
	Activities int    `json:"activities"`
	Finished   int    `json:"finished"`
	FinishedOn string `json:"finished_on,omitempty"`
}

// Delivered reports whether every activity tied to it is finished.
func (d DeliverableResult) Delivered() bool { return d.Activities > 0 && d.Finished == d.Activities }

// MilestoneResult is a milestone: the date the directive promised (if it
// names it), the plan's planned date and the actual (or forecast) date,
// and the days it slipped.
type MilestoneResult struct {
	Name      string `json:"name"`
	Directive string `json:"directive_date,omitempty"`
	Planned   string `json:"planned"`
	Actual    string `json:"actual,omitempty"`
	Forecast  string `json:"forecast,omitempty"`
	SlipDays  int    `json:"slip_days"`
}

// CostResult is a year's approved budget and the cost reported.
type CostResult struct {
	Year      int64 `json:"year"`
	BudgetNOK int64 `json:"budget_nok"`
	ActualNOK int64 `json:"actual_nok"`
	DiffNOK   int64 `json:"diff_nok"`
}

// ComputeFinalReport compares the baseline and the directive's goals and
// deliverables with the plan and the newest status report (reports are
// newest first).
func ComputeFinalReport(c *directives.Content, budget []directives.BudgetLine, plan []*Activity, reports []*StatusReport) *FinalReport {
	f := &FinalReport{Goals: []directives.Goal{}, Deliverables: []DeliverableResult{}, Milestones: []MilestoneResult{}, Costs: []CostResult{}}
	promised := map[string]string{}
	if c != nil {
		f.Goals = append(f.Goals, c.Goals...)
		for _, d := range c.Deliverables {
			r := DeliverableResult{Name: d.Name, Acceptance: d.Acceptance}
			for _, x := range plan {
				if x.Deliverable != d.Name {
					continue
				}
				r.Activities++
				if x.ActualEnd != "" {
					r.Finished++
					r.FinishedOn = max(r.FinishedOn, x.ActualEnd)
				}
			}
			f.Deliverables = append(f.Deliverables, r)
		}
		for _, m := range c.Milestones {
			promised[m.Name] = m.Date
		}
	}
	seen := map[string]bool{}
	for _, x := range plan {
		if x.Kind != KindMilestone {
			continue
		}
		m := MilestoneResult{Name: x.Name, Directive: promised[x.Name], Planned: x.PlannedEnd, Actual: x.ActualEnd, Forecast: x.ForecastEnd}
		seen[x.Name] = true
		base := m.Directive
		if base == "" {
			base = m.Planned
		}
		at := m.Actual
		if at == "" {
			at = m.Forecast
		}
		m.SlipDays = daysBetween(base, at)
		f.Milestones = append(f.Milestones, m)
	}
	if c != nil {
		for _, m := range c.Milestones {
			if !seen[m.Name] {
				f.Milestones = append(f.Milestones, MilestoneResult{Name: m.Name, Directive: m.Date})
			}
		}
	}
	var last *StatusReport
	for _, r := range reports {
		if r.State != ReportDraft {
			last = r
			break
		}
	}
	years := map[int64]*CostResult{}
	var order []int64
	add := func(y int64) *CostResult {
		if years[y] == nil {
			years[y] = &CostResult{Year: y}
			order = append(order, y)
		}
		return years[y]
	}
	for _, l := range budget {
		add(l.Year).BudgetNOK += l.AmountNOK
	}
	if last != nil {
		f.CostPeriod = last.Period
		for _, l := range last.Costs {
			add(l.Year).ActualNOK += l.ActualNOK
		}
	}
	slices.Sort(order)
	for _, y := range order {
		r := *years[y]
		r.DiffNOK = r.ActualNOK - r.BudgetNOK
		f.BudgetNOK += r.BudgetNOK
		f.ActualNOK += r.ActualNOK
		f.Costs = append(f.Costs, r)
	}
	return f
}

// DiffNOK is the total cost against the total budget.
func (f *FinalReport) DiffNOK() int64 { return f.ActualNOK - f.BudgetNOK }

func daysBetween(from, to string) int {
	a, err1 := time.Parse(time.DateOnly, from)
	b, err2 := time.Parse(time.DateOnly, to)
	if err1 != nil || err2 != nil {
		return 0
	}
	return int(b.Sub(a).Hours() / 24)
}
