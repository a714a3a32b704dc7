package benefits

import (
	"context"

	"github.com/samstyr/samstyr/internal/policy"
)

// Counts are the programme's benefit figures: planned (every benefit the
// projects plan), realised (fully or partly, at BP6), at risk (behind the
// line from baseline to target, or a measurement overdue).
type Counts struct {
	Planned  int `json:"planned"`
	Realised int `json:"realised"`
	AtRisk   int `json:"at_risk"`
}

func (c *Counts) add(b *Benefit, today string) {
	c.Planned++
	if b.State == Realised || b.State == PartlyRealised {
		c.Realised++
	}
	if b.AtRisk(today) {
		c.AtRisk++
	}
}

// ProjectRow is one project's benefits in the overview.
type ProjectRow struct {
	ProjectID   int64      `json:"project_id"`
	ProjectName string     `json:"project_name"`
	Counts      Counts     `json:"counts"`
	Benefits    []*Benefit `json:"benefits"`
}

// Overview is the programme's benefits overview. Full is false for
// readers without benefit.view_all (the public): they get the totals and
// the realised benefits only.
type Overview struct {
	Full     bool          `json:"full"`
	Today    string        `json:"today"`
	Total    Counts        `json:"total"`
	Projects []*ProjectRow `json:"projects"`
	// Realised are the realised benefits (for the public's list).
	Realised []*Benefit `json:"realised"`
}

// Overview returns the benefits overview the actor may see.
func (s *Service) Overview(ctx context.Context, a *policy.Actor) (*Overview, error) {
	if err := policy.Check(a, policy.BenefitOverview, policy.Resource{}); err != nil {
		return nil, err
	}
	o := &Overview{Full: policy.Can(a, policy.BenefitViewAll, policy.Resource{}), Today: s.Today(), Projects: []*ProjectRow{}, Realised: []*Benefit{}}
	all, err := s.store.FindBenefits(ctx, Filter{})
	if err != nil {
		return nil, err
	}
	// The totals are published figures; the rows are for the readers.
	for _, b := range all {
		o.Total.add(b, o.Today)
	}
	if !o.Full {
		if o.Realised, err = s.store.FindBenefits(ctx, Filter{Public: true}); err != nil {
			return nil, err
		}
		return o, nil
	}
	var row *ProjectRow
	for _, b := range all { // ordered by project
		if row == nil || row.ProjectID != b.ProjectID {
			row = &ProjectRow{ProjectID: b.ProjectID, ProjectName: b.ProjectName}
			o.Projects = append(o.Projects, row)
		}
		row.Counts.add(b, o.Today)
		row.Benefits = append(row.Benefits, b)
		if b.State == Realised || b.State == PartlyRealised {
			o.Realised = append(o.Realised, b)
		}
	}
	return o, nil
}
