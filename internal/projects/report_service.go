package projects

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/samstyr/samstyr/internal/audit"
	"github.com/samstyr/samstyr/internal/directives"
	"github.com/samstyr/samstyr/internal/errs"
	"github.com/samstyr/samstyr/internal/governance"
	"github.com/samstyr/samstyr/internal/i18n"
	"github.com/samstyr/samstyr/internal/jobs"
	"github.com/samstyr/samstyr/internal/notify"
	"github.com/samstyr/samstyr/internal/policy"
)

// ControlStore is the storage project control needs (internal/store).
type ControlStore interface {
	WithTx(ctx context.Context, fn func(ctx context.Context) error) error
	Record(ctx context.Context, e audit.Entry) error
	InputStore

	FindProjectByID(ctx context.Context, id int64) (*directives.Project, error)
	FindProjects(ctx context.Context) ([]*directives.Project, error)
	FindDirectiveByID(ctx context.Context, id int64) (*directives.Directive, error)
	UpdateDirective(ctx context.Context, d *directives.Directive) error
	FindDirectiveVersion(ctx context.Context, directiveID, n int64) (*directives.Version, error)
	CreateDirectiveVersion(ctx context.Context, v *directives.Version) error
	FindDecisionRef(ctx context.Context, decisionID int64) (*governance.DecisionRef, error)
	PersonExists(ctx context.Context, id int64) (bool, error)

	CreateStatusReport(ctx context.Context, r *StatusReport) error
	UpdateStatusReport(ctx context.Context, r *StatusReport) error
	FindStatusReportByID(ctx context.Context, id int64) (*StatusReport, error)
	FindStatusReports(ctx context.Context, projectID int64) ([]*StatusReport, error)

	CreateDeviation(ctx context.Context, d *Deviation) error
	UpdateDeviation(ctx context.Context, d *Deviation) error
	FindDeviationByID(ctx context.Context, id int64) (*Deviation, error)
	FindDeviations(ctx context.Context, f DeviationFilter) ([]*Deviation, error)

	CreateRisk(ctx context.Context, r *Risk) error
	UpdateRisk(ctx context.Context, r *Risk) error
	FindRiskByID(ctx context.Context, id int64) (*Risk, error)
	FindRisks(ctx context.Context, f RiskFilter) ([]*Risk, error)
	FindPlanGraph(ctx context.Context) (*PlanGraph, error)

	// OpenExceptionCase registers a decision case of the body (the next
	// number of the year) linking the deviation, and returns its id.
	OpenExceptionCase(ctx context.Context, bodyID int64, year int, title, background, consequences, proposal string, createdBy, deviationID int64) (int64, error)
	// SetProjectState moves a project (a stop decided by its steering group).
	SetProjectState(ctx context.Context, id int64, state string) error
	// MarkReminded records a reminder of a kind for an object and period;
	// false when it was already sent.
	MarkReminded(ctx context.Context, kind string, objectID int64, period string) (bool, error)

	ClosureStore // closure.go
}

// Notifier queues notices inside the caller's transaction.
type Notifier interface {
	Notify(ctx context.Context, recipients []int64, n notify.Notice) error
}

// ControlService is project control: status reports, deviations and
// risks of approved projects.
type ControlService struct {
	store    ControlStore
	Notifier Notifier
	// Text renders an i18n key for what the system writes itself (the
	// text of a deviation it raises, the title of an exception case); it
	// is wired to the catalog in the organisation's language (nb).
	Text func(key string, args map[string]any) string
	// ReminderDays is how many days before a deadline people are reminded.
	ReminderDays int
	Now          func() time.Time
}

// NewControlService returns the service over a store.
func NewControlService(s ControlStore) *ControlService {
	return &ControlService{store: s, Now: time.Now, ReminderDays: 5,
		Text: func(key string, args map[string]any) string { return fmt.Sprintf("%s %v", key, args) }}
}

// Closed project states: no more reports.
var closedStates = []string{directives.ProjectClosed, directives.ProjectCancelled, directives.ProjectRealising}

// JobRemind is the daily reminder job's kind.
const JobRemind = "projects.remind"

// Register adds the daily reminder job (06:00 Europe/Oslo) to a runner.
func (s *ControlService) Register(r *jobs.Runner) {
	r.Handle(JobRemind, func(ctx context.Context, _ []byte) error {
		if _, err := s.RemindReports(ctx); err != nil {
			return err
		}
		_, err := s.RemindRiskReviews(ctx)
		return err
	})
	r.Every(jobs.Periodic{Kind: JobRemind, Next: jobs.DailyAt(i18n.Oslo(), 6)})
}

func (s *ControlService) record(ctx context.Context, a *policy.Actor, action, typ string, id int64, before, after any) error {
	return s.store.Record(ctx, audit.Entry{ActorID: a.ID(), Action: action, ObjectType: typ, ObjectID: id, Before: before, After: after})
}

func (s *ControlService) today() time.Time {
	n := s.Now().In(i18n.Oslo())
	return time.Date(n.Year(), n.Month(), n.Day(), 0, 0, 0, 0, time.UTC)
}

func res(p *directives.Project) policy.Resource {
	return policy.Resource{ProjectID: p.ID, BodyID: p.SteeringBodyID, OwnerID: p.ManagerID}
}

// project loads a project and checks the action on it.
func (s *ControlService) project(ctx context.Context, a *policy.Actor, act policy.Action, id int64) (*directives.Project, error) {
	p, err := s.store.FindProjectByID(ctx, id)
	if err != nil {
		return nil, err
	}
	if err := policy.Check(a, act, res(p)); err != nil {
		return nil, err
	}
	return p, nil
}

// Baseline returns the project's approved directive as a baseline.
func (s *ControlService) Baseline(ctx context.Context, p *directives.Project) (Baseline, error) {
	if p.DirectiveID == 0 {
		return Baseline{Budget: p.Budget, Frequency: "monthly"}, nil
	}
	d, err := s.store.FindDirectiveByID(ctx, p.DirectiveID)
	if err != nil {
		return Baseline{}, err
	}
	if d.ApprovedVersion == 0 {
		return Baseline{Budget: p.Budget, Frequency: "monthly"}, nil
	}
	v, err := s.store.FindDirectiveVersion(ctx, d.ID, d.ApprovedVersion)
	if err != nil {
		return Baseline{}, err
	}
	b := BaselineOf(&v.Content, v.Number)
	b.Budget = p.Budget
	return b, nil
}

// Reports returns a project's status reports, newest period first.
// Errors: Unauthenticated, Forbidden, NotFound.
func (s *ControlService) Reports(ctx context.Context, a *policy.Actor, projectID int64) ([]*StatusReport, error) {
	if _, err := s.project(ctx, a, policy.ControlView, projectID); err != nil {
		return nil, err
	}
	return s.store.FindStatusReports(ctx, projectID)
}

// Report returns one report with its project. Errors: Unauthenticated,
// Forbidden, NotFound.
func (s *ControlService) Report(ctx context.Context, a *policy.Actor, id int64) (*StatusReport, *directives.Project, error) {
	r, err := s.store.FindStatusReportByID(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	p, err := s.project(ctx, a, policy.ControlView, r.ProjectID)
	if err != nil {
		return nil, nil, err
	}
	if r.State == ReportDraft {
		// A draft shows what the records say now.
		if r.Facts, err = s.facts(ctx, p.ID); err != nil {
			return nil, nil, err
		}
	}
	return r, p, nil
}

// NewReport returns a report to fill in, not stored: the period due (the
// last one ended, unless it has a report already), the approved budget per
// year and the directive's milestones with their planned dates, and the
// open deviations and top risks. Errors: Forbidden, NotFound, Conflict
// (closed project).
func (s *ControlService) NewReport(ctx context.Context, a *policy.Actor, projectID int64) (*StatusReport, error) {
	p, err := s.project(ctx, a, policy.ReportWrite, projectID)
	if err != nil {
		return nil, err
	}
	b, err := s.Baseline(ctx, p)
	if err != nil {
		return nil, err
	}
	r := &StatusReport{ProjectID: p.ID, State: ReportDraft, Overall: "green", Rating: map[string]string{}}
	for _, d := range Dimensions {
		r.Rating[d] = "green"
	}
	r.Period = PreviousPeriod(b.Frequency, s.today())
	if have, err := s.store.FindStatusReports(ctx, p.ID); err == nil && slices.ContainsFunc(have, func(x *StatusReport) bool { return x.Period == r.Period }) {
		r.Period = PeriodOf(b.Frequency, s.today())
	}
	fill(r, b, nil)
	r.Facts, err = s.facts(ctx, p.ID)
	return r, err
}

// fill puts the records' numbers into a report: the approved budget per
// year and the milestones' names and planned dates. The manager's actual
// cost, forecasts and dates are kept (matched by year and by name).
func fill(r *StatusReport, b Baseline, typed *StatusReport) {
	years := map[int64]int64{}
	var order []int64
	for _, l := range b.Budget {
		if _, ok := years[l.Year]; !ok {
			order = append(order, l.Year)
		}
		years[l.Year] += l.AmountNOK
	}
	slices.Sort(order)
	src := r
	if typed != nil {
		src = typed
	}
	costs := make([]CostLine, 0, len(order))
	for _, y := range order {
		c := CostLine{Year: y, BudgetNOK: years[y], ForecastNOK: years[y]}
		for _, t := range src.Costs {
			if t.Year == y {
				c.ActualNOK, c.ForecastNOK = t.ActualNOK, t.ForecastNOK
			}
		}
		costs = append(costs, c)
	}
	ms := make([]MilestoneForecast, 0, len(b.Milestones))
	for i, m := range b.Milestones {
		f := MilestoneForecast{Name: m.Name, Planned: m.Date, Forecast: m.Date}
		for j, t := range src.Milestones {
			if t.Name == m.Name || t.Name == "" && j == i {
				f.Forecast, f.Actual = t.Forecast, t.Actual
				if f.Forecast == "" {
					f.Forecast = m.Date
				}
			}
		}
		ms = append(ms, f)
	}
	r.Costs, r.Milestones = costs, ms
}

// facts reads the project's open deviations and its five top risks.
func (s *ControlService) facts(ctx context.Context, projectID int64) (Facts, error) {
	f := Facts{OpenDeviations: []FactItem{}, TopRisks: []FactItem{}}
	ds, err := s.store.FindDeviations(ctx, DeviationFilter{ProjectID: projectID, Open: true})
	if err != nil {
		return f, err
	}
	for _, d := range ds {
		f.OpenDeviations = append(f.OpenDeviations, FactItem{ID: d.ID, Title: d.Description, State: d.State})
	}
	rs, err := s.store.FindRisks(ctx, RiskFilter{ProjectID: projectID, Open: true})
	if err != nil {
		return f, err
	}
	for _, r := range TopRisks(rs, 5) {
		f.TopRisks = append(f.TopRisks, FactItem{ID: r.ID, Title: r.Title, State: r.State, Score: r.Score()})
	}
	g, err := s.store.FindPlanGraph(ctx)
	if err != nil {
		return f, err
	}
	f.SlippedDependencies = SlippedFor(projectID, g)
	return f, nil
}

func open(p *directives.Project) error {
	if slices.Contains(closedStates, p.State) {
		return errs.E(errs.Conflict, "report.error.closed", "state", p.State)
	}
	return nil
}

// CreateReport stores a draft report for a period. The budget and the
// milestones' planned dates come from the records. Errors: Forbidden,
// NotFound, Conflict (closed project), Invalid (fields; a period that
// already has a report, naming it).
func (s *ControlService) CreateReport(ctx context.Context, a *policy.Actor, projectID int64, in *StatusReport) error {
	return s.store.WithTx(ctx, func(ctx context.Context) error {
		p, err := s.project(ctx, a, policy.ReportWrite, projectID)
		if err != nil {
			return err
		}
		if err := open(p); err != nil {
			return err
		}
		b, err := s.Baseline(ctx, p)
		if err != nil {
			return err
		}
		in.Normalize()
		if err := in.Validate(b.Frequency); err != nil {
			return err
		}
		have, err := s.store.FindStatusReports(ctx, p.ID)
		if err != nil {
			return err
		}
		if slices.ContainsFunc(have, func(x *StatusReport) bool { return x.Period == in.Period }) {
			return errs.InvalidField("period", "report.error.period_taken", "period", in.Period)
		}
		r := *in
		r.ID, r.ProjectID, r.State, r.AuthorID, r.ReviewerID, r.ReviewNote = 0, p.ID, ReportDraft, a.ID(), 0, ""
		r.Facts = Facts{}
		fill(&r, b, in)
		if err := s.store.CreateStatusReport(ctx, &r); err != nil {
			if errs.Is(err, errs.Conflict) {
				return errs.InvalidField("period", "report.error.period_taken", "period", in.Period)
			}
			return err
		}
		*in = r
		return s.record(ctx, a, "status_report.create", "status_report", r.ID, nil, r)
	})
}

// UpdateReport changes a draft (not its period). Errors: Forbidden,
// NotFound, Conflict (not a draft; closed project), Invalid.
func (s *ControlService) UpdateReport(ctx context.Context, a *policy.Actor, id int64, in *StatusReport) error {
	return s.store.WithTx(ctx, func(ctx context.Context) error {
		r, err := s.store.FindStatusReportByID(ctx, id)
		if err != nil {
			return err
		}
		p, err := s.project(ctx, a, policy.ReportWrite, r.ProjectID)
		if err != nil {
			return err
		}
		if r.State != ReportDraft {
			return errs.E(errs.Conflict, "report.error.move", "from", r.State, "to", ReportDraft)
		}
		if err := open(p); err != nil {
			return err
		}
		b, err := s.Baseline(ctx, p)
		if err != nil {
			return err
		}
		in.Period = r.Period
		in.Normalize()
		if err := in.Validate(b.Frequency); err != nil {
			return err
		}
		before := *r
		r.Overall, r.Rating, r.WorkDone, r.WorkPlanned, r.Changes, r.DecisionsNeeded = in.Overall, in.Rating, in.WorkDone, in.WorkPlanned, in.Changes, in.DecisionsNeeded
		fill(r, b, in)
		if err := s.store.UpdateStatusReport(ctx, r); err != nil {
			return err
		}
		*in = *r
		return s.record(ctx, a, "status_report.update", "status_report", r.ID, before, r)
	})
}

// SubmitReport submits a draft: the facts are kept with it, and every
// tolerance its forecasts breach raises a deviation that is escalated to
// the steering group at once (the project is then outside its approval).
// It returns the deviations raised. Errors: Forbidden, NotFound, Conflict.
func (s *ControlService) SubmitReport(ctx context.Context, a *policy.Actor, id int64) ([]*Deviation, error) {
	var raised []*Deviation
	err := s.store.WithTx(ctx, func(ctx context.Context) error {
		r, err := s.store.FindStatusReportByID(ctx, id)
		if err != nil {
			return err
		}
		p, err := s.project(ctx, a, policy.ReportWrite, r.ProjectID)
		if err != nil {
			return err
		}
		if !CanMoveReport(r.State, ReportSubmitted) {
			return errs.E(errs.Conflict, "report.error.move", "from", r.State, "to", ReportSubmitted)
		}
		if err := open(p); err != nil {
			return err
		}
		b, err := s.Baseline(ctx, p)
		if err != nil {
			return err
		}
		before := map[string]any{"state": r.State}
		if r.Facts, err = s.facts(ctx, p.ID); err != nil {
			return err
		}
		r.State, r.SubmittedAt = ReportSubmitted, s.Now()
		if err := s.store.UpdateStatusReport(ctx, r); err != nil {
			return err
		}
		if err := s.record(ctx, a, "status_report.submit", "status_report", r.ID, before, map[string]any{"state": r.State, "facts": r.Facts}); err != nil {
			return err
		}
		for _, br := range b.Breaches(r) {
			d := &Deviation{ProjectID: p.ID, Type: br.Type, Description: s.Text(br.Key, br.Args), ToleranceBreached: true, ReportID: r.ID,
				Consequence: r.DecisionsNeeded}
			if err := s.raise(ctx, a, p, d); err != nil {
				return err
			}
			raised = append(raised, d)
		}
		return nil
	})
	return raised, err
}

// ReviewReport is the steering group's review of a submitted report.
// Errors: Forbidden (not a member of the project's steering group),
// NotFound, Conflict.
func (s *ControlService) ReviewReport(ctx context.Context, a *policy.Actor, id int64, note string) error {
	return s.store.WithTx(ctx, func(ctx context.Context) error {
		r, err := s.store.FindStatusReportByID(ctx, id)
		if err != nil {
			return err
		}
		if _, err := s.project(ctx, a, policy.ReportReview, r.ProjectID); err != nil {
			return err
		}
		if !CanMoveReport(r.State, ReportReviewed) {
			return errs.E(errs.Conflict, "report.error.move", "from", r.State, "to", ReportReviewed)
		}
		before := map[string]any{"state": r.State}
		r.State, r.ReviewerID, r.ReviewedAt, r.ReviewNote = ReportReviewed, a.ID(), s.Now(), note
		if err := s.store.UpdateStatusReport(ctx, r); err != nil {
			return err
		}
		return s.record(ctx, a, "status_report.review", "status_report", r.ID, before, map[string]any{"state": r.State, "note": note})
	})
}
