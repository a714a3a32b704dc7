package projects

import (
	"context"
	"slices"
	"strings"
	"time"

	"github.com/samstyr/samstyr/internal/directives"
	"github.com/samstyr/samstyr/internal/errs"
	"github.com/samstyr/samstyr/internal/policy"
)

// StaffLine is one line of a project's staffing plan: a person (picked)
// or an open position (PersonID 0), in a role, from an organisation, with
// a share of their time over a period (YYYY-MM-DD).
type StaffLine struct {
	ID           int64     `json:"id"`
	ProjectID    int64     `json:"project_id"`
	PersonID     int64     `json:"person_id,omitempty"`
	PersonName   string    `json:"person_name,omitempty"`
	Role         string    `json:"role"`
	Organisation string    `json:"organisation"`
	SharePct     int64     `json:"share_pct"`
	From         string    `json:"from"`
	To           string    `json:"to"`
	CreatedAt    time.Time `json:"created_at"`
}

// Open reports whether the line is a position nobody fills yet.
func (l *StaffLine) Open() bool { return l.PersonID == 0 }

// Validate checks a staffing line. Errors: Invalid.
func (l *StaffLine) Validate() error {
	l.Organisation, l.From, l.To = strings.TrimSpace(l.Organisation), strings.TrimSpace(l.From), strings.TrimSpace(l.To)
	var v errs.Validation
	if !slices.Contains(directives.StaffRoles, l.Role) {
		v.Add("role", "plan.error.role")
	}
	if l.Organisation == "" {
		v.Add("organisation", "plan.error.organisation")
	}
	if l.SharePct < 1 || l.SharePct > 100 {
		v.Add("share_pct", "plan.error.share")
	}
	from, okF := parsePlanDate(l.From)
	to, okT := parsePlanDate(l.To)
	if !okF || l.From == "" {
		v.Add("from", "plan.error.date")
	}
	if !okT || l.To == "" {
		v.Add("to", "plan.error.date")
	}
	if !from.IsZero() && !to.IsZero() && to.Before(from) {
		v.Add("to", "plan.error.end_before_start")
	}
	return v.Err()
}

// Role statuses of the required roles on the staffing plan.
const (
	StaffRoleFilled  = "filled"  // a line with a person
	StaffRoleOpen    = "open"    // only open positions
	StaffRoleMissing = "missing" // no line, not waived
	StaffRoleWaived  = "waived"  // waived in the directive
)

// RoleStatus is a required role of the directive and how the staffing
// plan fills it.
type RoleStatus struct {
	Role   string `json:"role"`
	Status string `json:"status"`
	Reason string `json:"reason,omitempty"`
}

// Staffing is a project's staffing plan with the required roles.
type Staffing struct {
	Project  *directives.Project `json:"project"`
	Lines    []*StaffLine        `json:"lines"`
	Required []RoleStatus        `json:"required_roles"`
	MayEdit  bool                `json:"may_edit"`
}

// RoleStatuses says for each required role whether the lines fill it
// (a person), leave it open (only open positions), or miss it; a role
// the directive waived is waived unless a line fills it.
func RoleStatuses(lines []*StaffLine, waivers []directives.Waiver) []RoleStatus {
	out := make([]RoleStatus, 0, len(directives.RequiredRoles))
	for _, r := range directives.RequiredRoles {
		st := RoleStatus{Role: r, Status: StaffRoleMissing}
		for _, l := range lines {
			if l.Role != r {
				continue
			}
			if !l.Open() {
				st.Status = StaffRoleFilled
				break
			}
			st.Status = StaffRoleOpen
		}
		if st.Status == StaffRoleMissing {
			if i := slices.IndexFunc(waivers, func(w directives.Waiver) bool { return w.Role == r && w.Reason != "" }); i >= 0 {
				st.Status, st.Reason = StaffRoleWaived, waivers[i].Reason
			}
		}
		out = append(out, st)
	}
	return out
}

// Staffing returns a project's staffing plan. Errors: Unauthenticated,
// Forbidden, NotFound.
func (s *PlanService) Staffing(ctx context.Context, a *policy.Actor, projectID int64) (*Staffing, error) {
	p, err := s.project(ctx, projectID)
	if err != nil {
		return nil, err
	}
	if err := policy.Check(a, policy.ProjectPlanView, PlanResource(p)); err != nil {
		return nil, err
	}
	st := &Staffing{Project: p, MayEdit: s.MayEdit(a, p)}
	if st.Lines, err = s.store.FindStaffLines(ctx, p.ID); err != nil {
		return nil, err
	}
	c, err := s.content(ctx, p)
	if err != nil {
		return nil, err
	}
	var waivers []directives.Waiver
	if c != nil {
		waivers = c.Waivers
	}
	st.Required = RoleStatuses(st.Lines, waivers)
	return st, nil
}

// AddStaffLine adds a line to the staffing plan; a line naming a person
// gives them the project role from the line's start. Errors:
// Unauthenticated, Forbidden, NotFound, Invalid.
func (s *PlanService) AddStaffLine(ctx context.Context, a *policy.Actor, projectID int64, l *StaffLine) error {
	p, err := s.project(ctx, projectID)
	if err != nil {
		return err
	}
	if err := policy.Check(a, policy.ProjectPlanEdit, PlanResource(p)); err != nil {
		return err
	}
	if err := l.Validate(); err != nil {
		return err
	}
	l.ID, l.ProjectID = 0, p.ID
	return s.store.WithTx(ctx, func(ctx context.Context) error {
		if l.PersonID != 0 {
			name, _, err := s.store.PersonContact(ctx, l.PersonID)
			if errs.Is(err, errs.NotFound) {
				return errs.InvalidField("person_id", "plan.error.person")
			}
			if err != nil {
				return err
			}
			l.PersonName = name
		}
		if err := s.store.CreateStaffLine(ctx, l); err != nil {
			return err
		}
		if l.PersonID != 0 {
			from, _ := parsePlanDate(l.From)
			if err := s.store.EnsureProjectRole(ctx, p.ID, l.PersonID, l.Role, from); err != nil {
				return err
			}
		}
		return s.record(ctx, a, "staffing.create", "staffing", l.ID, nil, l)
	})
}

// RemoveStaffLine deletes a line of the staffing plan (the project role
// it gave stays: the person took part). Errors: Unauthenticated,
// Forbidden, NotFound.
func (s *PlanService) RemoveStaffLine(ctx context.Context, a *policy.Actor, projectID, id int64) error {
	p, err := s.project(ctx, projectID)
	if err != nil {
		return err
	}
	if err := policy.Check(a, policy.ProjectPlanEdit, PlanResource(p)); err != nil {
		return err
	}
	return s.store.WithTx(ctx, func(ctx context.Context) error {
		l, err := s.store.DeleteStaffLine(ctx, p.ID, id)
		if err != nil {
			return err
		}
		return s.record(ctx, a, "staffing.delete", "staffing", id, l, nil)
	})
}

// People searches people by name for a staffing line of the project
// (PersonID, PersonName and Organisation are set). Errors:
// Unauthenticated, Forbidden, NotFound.
func (s *PlanService) People(ctx context.Context, a *policy.Actor, projectID int64, q string) ([]*StaffLine, error) {
	p, err := s.project(ctx, projectID)
	if err != nil {
		return nil, err
	}
	if err := policy.Check(a, policy.ProjectPlanEdit, PlanResource(p)); err != nil {
		return nil, err
	}
	return s.store.FindPeopleByName(ctx, q, 10)
}

// MyProject is one project a person takes part in, with their roles.
type MyProject struct {
	ProjectID   int64    `json:"project_id"`
	ProjectName string   `json:"project_name"`
	State       string   `json:"state"`
	Roles       []string `json:"roles"`
}

// MyProjects lists the actor's projects and roles there (project roles,
// staffing lines and seats in the steering group). Errors: Unauthenticated.
func (s *PlanService) MyProjects(ctx context.Context, a *policy.Actor) ([]*MyProject, error) {
	if err := policy.Check(a, policy.ProjectMine, policy.Resource{}); err != nil {
		return nil, err
	}
	return s.store.FindMyProjects(ctx, a.ID())
}
