package projects

import (
	"context"
	"slices"
	"strconv"
	"time"

	"github.com/samstyr/samstyr/internal/directives"
	"github.com/samstyr/samstyr/internal/notify"
	"github.com/samstyr/samstyr/internal/policy"
)

// What the public sees of reports, who is late, and the reminders.

// PublicRating returns the overall rating and period of a project's last
// reviewed report ("" when none): what the public sees.
func (s *ControlService) PublicRating(ctx context.Context, a *policy.Actor, projectID int64) (rating, period string, err error) {
	if err := policy.Check(a, policy.ProjectView, policy.Resource{}); err != nil {
		return "", "", err
	}
	rs, err := s.store.FindStatusReports(ctx, projectID)
	if err != nil {
		return "", "", err
	}
	for _, r := range rs { // newest period first
		if r.State == ReportReviewed {
			return r.Overall, r.Period, nil
		}
	}
	return "", "", nil
}

// dueReport returns the period whose report is due now for a project and
// its due date, and the report of that period (nil when none).
func (s *ControlService) dueReport(ctx context.Context, p *directives.Project) (string, time.Time, *StatusReport, error) {
	b, err := s.Baseline(ctx, p)
	if err != nil {
		return "", time.Time{}, nil, err
	}
	period := PreviousPeriod(b.Frequency, s.today())
	rs, err := s.store.FindStatusReports(ctx, p.ID)
	if err != nil {
		return "", time.Time{}, nil, err
	}
	for _, r := range rs {
		if r.Period == period {
			return period, Due(b.Frequency, period), r, nil
		}
	}
	return period, Due(b.Frequency, period), nil, nil
}

// expected reports whether a project owes reports: open, with a manager,
// and approved before the period ended.
func expected(p *directives.Project, period string, freq string) bool {
	if slices.Contains(closedStates, p.State) || p.ManagerID == 0 {
		return false
	}
	_, to, err := PeriodRange(freq, period)
	return err == nil && p.CreatedAt.Before(to)
}

// LateReports lists the projects whose report for the last ended period
// is not submitted by its deadline. Errors: Unauthenticated, Forbidden.
func (s *ControlService) LateReports(ctx context.Context, a *policy.Actor) ([]LateReport, error) {
	if err := policy.Check(a, policy.ReportLate, policy.Resource{}); err != nil {
		return nil, err
	}
	ps, err := s.store.FindProjects(ctx)
	if err != nil {
		return nil, err
	}
	out := []LateReport{}
	for _, p := range ps {
		period, due, r, err := s.dueReport(ctx, p)
		if err != nil {
			return nil, err
		}
		b, _ := s.Baseline(ctx, p)
		if !expected(p, period, b.Frequency) || !s.today().After(due) || r != nil && r.State != ReportDraft {
			continue
		}
		l := LateReport{ProjectID: p.ID, ProjectName: p.Name, ManagerID: p.ManagerID, ManagerName: p.ManagerName, Period: period, Due: due}
		if r != nil {
			l.State = r.State
		}
		out = append(out, l)
	}
	return out, nil
}

// RemindReports tells each project manager whose report is due within
// ReminderDays and not yet submitted, once per period (the daily job). It
// returns how many reminders it queued.
func (s *ControlService) RemindReports(ctx context.Context) (int, error) {
	a := policy.SystemActor
	n := 0
	err := s.store.WithTx(ctx, func(ctx context.Context) error {
		ps, err := s.store.FindProjects(ctx)
		if err != nil {
			return err
		}
		for _, p := range ps {
			period, due, r, err := s.dueReport(ctx, p)
			if err != nil {
				return err
			}
			b, _ := s.Baseline(ctx, p)
			today := s.today()
			if !expected(p, period, b.Frequency) || r != nil && r.State != ReportDraft || today.After(due) || today.AddDate(0, 0, s.ReminderDays).Before(due) {
				continue
			}
			if ok, err := s.store.MarkReminded(ctx, "status_report", p.ID, period); err != nil || !ok {
				if err != nil {
					return err
				}
				continue
			}
			if err := s.record(ctx, a, "status_report.remind", "project", p.ID, nil, map[string]any{"period": period, "manager_id": p.ManagerID}); err != nil {
				return err
			}
			if s.Notifier != nil {
				if err := s.Notifier.Notify(ctx, []int64{p.ManagerID}, notify.Notice{Kind: "status_report.reminder",
					SubjectKey: "report.mail.reminder_subject", BodyKey: "report.mail.reminder_body",
					Args: map[string]any{"project": p.Name, "period": period, "due": due},
					Link: "/projects/" + strconv.FormatInt(p.ID, 10) + "/status-reports/new", ObjectType: "project", ObjectID: p.ID}); err != nil {
					return err
				}
			}
			n++
		}
		return nil
	})
	return n, err
}

// ReportSummary is what the public sees of a project's reports: the
// overall rating of the last reviewed one.
type ReportSummary struct {
	Period  string `json:"period"`
	State   string `json:"state"`
	Overall string `json:"overall"`
}

// VisibleReports returns a project's reports for those who may read them,
// and for everyone else only the last reviewed report's overall rating
// (full is false). Errors: NotFound.
func (s *ControlService) VisibleReports(ctx context.Context, a *policy.Actor, projectID int64) (reports []*StatusReport, summary []ReportSummary, full bool, err error) {
	p, err := s.store.FindProjectByID(ctx, projectID)
	if err != nil {
		return nil, nil, false, err
	}
	if policy.Can(a, policy.ControlView, res(p)) {
		rs, err := s.store.FindStatusReports(ctx, p.ID)
		return rs, nil, true, err
	}
	rating, period, err := s.PublicRating(ctx, a, p.ID)
	summary = []ReportSummary{}
	if rating != "" {
		summary = append(summary, ReportSummary{Period: period, State: ReportReviewed, Overall: rating})
	}
	return nil, summary, false, err
}
