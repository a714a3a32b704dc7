package projects

import (
	"context"
	"strconv"

	"github.com/samstyr/samstyr/internal/errs"
	"github.com/samstyr/samstyr/internal/notify"
	"github.com/samstyr/samstyr/internal/policy"
)

// riskCheck checks an action on a risk's scope: its project, or the
// portfolio (no project) for which only the programme's readers and the
// secretariat count.
func (s *ControlService) riskCheck(ctx context.Context, a *policy.Actor, write bool, projectID int64) error {
	if projectID == 0 {
		act := policy.PortfolioRisks
		if write {
			act = policy.RiskWrite
		}
		return policy.Check(a, act, policy.Resource{})
	}
	act := policy.ControlView
	if write {
		act = policy.RiskWrite
	}
	p, err := s.project(ctx, a, act, projectID)
	if err != nil {
		return err
	}
	if write {
		return open(p)
	}
	return nil
}

// Risks returns a register: a project's, the portfolio's own, or (All)
// every risk of the portfolio and its projects. Errors: Unauthenticated,
// Forbidden, NotFound.
func (s *ControlService) Risks(ctx context.Context, a *policy.Actor, f RiskFilter) ([]*Risk, error) {
	if f.All || f.Portfolio {
		if err := policy.Check(a, policy.PortfolioRisks, policy.Resource{}); err != nil {
			return nil, err
		}
	} else if err := s.riskCheck(ctx, a, false, f.ProjectID); err != nil {
		return nil, err
	}
	return s.store.FindRisks(ctx, f)
}

// Risk returns one risk. Errors: Unauthenticated, Forbidden, NotFound.
func (s *ControlService) Risk(ctx context.Context, a *policy.Actor, id int64) (*Risk, error) {
	r, err := s.store.FindRiskByID(ctx, id)
	if err != nil {
		return nil, err
	}
	if err := s.riskCheck(ctx, a, false, r.ProjectID); err != nil {
		return nil, err
	}
	return r, nil
}

func (s *ControlService) checkOwner(ctx context.Context, r *Risk) error {
	if r.OwnerID == 0 {
		return errs.InvalidField("owner_id", "risk.error.owner")
	}
	ok, err := s.store.PersonExists(ctx, r.OwnerID)
	if err != nil {
		return err
	}
	if !ok {
		return errs.InvalidField("owner_id", "error.reference")
	}
	return nil
}

// CreateRisk registers a risk of a project (or of the portfolio when
// ProjectID is 0). Errors: Forbidden, NotFound, Conflict (closed
// project), Invalid (probability or consequence outside 1–5, no owner).
func (s *ControlService) CreateRisk(ctx context.Context, a *policy.Actor, r *Risk) error {
	return s.store.WithTx(ctx, func(ctx context.Context) error {
		if err := s.riskCheck(ctx, a, true, r.ProjectID); err != nil {
			return err
		}
		r.Normalize()
		if err := r.Validate(); err != nil {
			return err
		}
		if err := s.checkOwner(ctx, r); err != nil {
			return err
		}
		r.ID, r.State, r.DeviationID, r.CreatedBy = 0, RiskIdentified, 0, a.ID()
		if err := s.store.CreateRisk(ctx, r); err != nil {
			return err
		}
		return s.record(ctx, a, "risk.create", "risk", r.ID, nil, r)
	})
}

// UpdateRisk changes an open risk's fields (not its scope or state).
// Errors: Forbidden, NotFound, Conflict (closed or occurred), Invalid.
func (s *ControlService) UpdateRisk(ctx context.Context, a *policy.Actor, id int64, in *Risk) (*Risk, error) {
	var r *Risk
	err := s.store.WithTx(ctx, func(ctx context.Context) error {
		var err error
		if r, err = s.store.FindRiskByID(ctx, id); err != nil {
			return err
		}
		if err := s.riskCheck(ctx, a, true, r.ProjectID); err != nil {
			return err
		}
		if !r.Open() {
			return errs.E(errs.Conflict, "risk.error.move", "from", r.State, "to", r.State)
		}
		in.Normalize()
		if err := in.Validate(); err != nil {
			return err
		}
		if err := s.checkOwner(ctx, in); err != nil {
			return err
		}
		before := *r
		r.Title, r.Cause, r.Probability, r.Consequence, r.OwnerID, r.Measures, r.NextReview =
			in.Title, in.Cause, in.Probability, in.Consequence, in.OwnerID, in.Measures, in.NextReview
		if err := s.store.UpdateRisk(ctx, r); err != nil {
			return err
		}
		return s.record(ctx, a, "risk.update", "risk", r.ID, before, r)
	})
	return r, err
}

// MoveRisk moves a risk through its states. A risk that occurs becomes a
// deviation of devType on its project, linked both ways. Errors:
// Forbidden, NotFound, Conflict (state; a portfolio risk cannot occur as
// a project's deviation), Invalid (deviation type).
func (s *ControlService) MoveRisk(ctx context.Context, a *policy.Actor, id int64, to, devType string) (*Risk, error) {
	var r *Risk
	err := s.store.WithTx(ctx, func(ctx context.Context) error {
		var err error
		if r, err = s.store.FindRiskByID(ctx, id); err != nil {
			return err
		}
		if err := s.riskCheck(ctx, a, true, r.ProjectID); err != nil {
			return err
		}
		if !CanMoveRisk(r.State, to) || to == RiskOccurred && r.ProjectID == 0 {
			return errs.E(errs.Conflict, "risk.error.move", "from", r.State, "to", to)
		}
		before := map[string]any{"state": r.State}
		if to == RiskOccurred {
			d := &Deviation{ProjectID: r.ProjectID, Type: devType, State: DevReported, Description: r.Title, Cause: r.Cause,
				Options: r.Measures, RiskID: r.ID, CreatedBy: a.ID()}
			if d.Type == TypeOutOfScope || d.Validate() != nil {
				return errs.InvalidField("type", "deviation.error.type")
			}
			if err := s.store.CreateDeviation(ctx, d); err != nil {
				return err
			}
			if err := s.record(ctx, a, "deviation.create", "deviation", d.ID, nil, d); err != nil {
				return err
			}
			r.DeviationID = d.ID
		}
		r.State = to
		if err := s.store.UpdateRisk(ctx, r); err != nil {
			return err
		}
		return s.record(ctx, a, "risk."+to, "risk", r.ID, before, map[string]any{"state": to, "deviation_id": r.DeviationID})
	})
	return r, err
}

// RemindRiskReviews tells the owner of each open risk whose next review is
// within ReminderDays, once per review date (the daily job). It returns
// how many reminders it queued.
func (s *ControlService) RemindRiskReviews(ctx context.Context) (int, error) {
	a := policy.SystemActor
	n := 0
	limit := s.today().AddDate(0, 0, s.ReminderDays).Format("2006-01-02")
	err := s.store.WithTx(ctx, func(ctx context.Context) error {
		rs, err := s.store.FindRisks(ctx, RiskFilter{All: true, Open: true})
		if err != nil {
			return err
		}
		for _, r := range rs {
			if r.NextReview == "" || r.NextReview > limit || r.OwnerID == 0 {
				continue
			}
			if ok, err := s.store.MarkReminded(ctx, "risk_review", r.ID, r.NextReview); err != nil || !ok {
				if err != nil {
					return err
				}
				continue
			}
			if err := s.record(ctx, a, "risk.remind", "risk", r.ID, nil, map[string]any{"next_review": r.NextReview, "owner_id": r.OwnerID}); err != nil {
				return err
			}
			link := "/risks#risk-" + strconv.FormatInt(r.ID, 10)
			if r.ProjectID != 0 {
				link = "/projects/" + strconv.FormatInt(r.ProjectID, 10) + "/risks#risk-" + strconv.FormatInt(r.ID, 10)
			}
			if s.Notifier != nil {
				if err := s.Notifier.Notify(ctx, []int64{r.OwnerID}, notify.Notice{Kind: "risk.review",
					SubjectKey: "risk.mail.review_subject", BodyKey: "risk.mail.review_body",
					Args: map[string]any{"title": r.Title, "date": r.NextReview}, Link: link, ObjectType: "risk", ObjectID: r.ID}); err != nil {
					return err
				}
			}
			n++
		}
		return nil
	})
	return n, err
}
