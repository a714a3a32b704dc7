package store

import (
	"context"
	"database/sql"
	"strings"
	"time"

	"github.com/samstyr/samstyr/internal/projects"
)

// The project plan (issue 12, items 1-3): activities and milestones,
// their dependencies, the staffing plan and project meetings.

// planDate scans an optional DATE column into YYYY-MM-DD ("" for NULL).
type planDate struct{ p *string }

func (d planDate) Scan(v any) error {
	var t time.Time
	if err := tm(&t).Scan(v); err != nil {
		return err
	}
	*d.p = ""
	if !t.IsZero() {
		*d.p = t.Format(dateLayout)
	}
	return nil
}

func planDateScan(p *string) sql.Scanner { return planDate{p} }

// planDateArg converts YYYY-MM-DD ("" for NULL) to a query argument.
func planDateArg(s string) any {
	t, err := time.Parse(dateLayout, s)
	if err != nil {
		return nil
	}
	return dateArg(t)
}

const activityColumns = `a.id, a.project_id, p.name, a.kind, a.name, a.deliverable, a.planned_start, a.planned_end, a.forecast_start,
	a.forecast_end, a.actual_start, a.actual_end, a.created_by, a.created_at, a.updated_at
	FROM project_activities a JOIN projects p ON p.id = a.project_id`

func scanActivity(sc interface{ Scan(...any) error }) (*projects.Activity, error) {
	var x projects.Activity
	err := sc.Scan(&x.ID, &x.ProjectID, &x.ProjectName, &x.Kind, &x.Name, &x.Deliverable, planDateScan(&x.PlannedStart), planDateScan(&x.PlannedEnd),
		planDateScan(&x.ForecastStart), planDateScan(&x.ForecastEnd), planDateScan(&x.ActualStart), planDateScan(&x.ActualEnd), ni(&x.CreatedBy), tm(&x.CreatedAt), tm(&x.UpdatedAt))
	x.DependsOn = []int64{}
	return &x, mapError(err)
}

// CreateActivity inserts an activity or milestone.
func (db *DB) CreateActivity(ctx context.Context, x *projects.Activity) error {
	now := db.now()
	x.CreatedAt, x.UpdatedAt = now, now
	var err error
	x.ID, err = db.insert(ctx, `INSERT INTO project_activities (project_id, kind, name, deliverable, planned_start, planned_end,
		forecast_start, forecast_end, actual_start, actual_end, created_by, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		x.ProjectID, x.Kind, x.Name, x.Deliverable, planDateArg(x.PlannedStart), planDateArg(x.PlannedEnd),
		planDateArg(x.ForecastStart), planDateArg(x.ForecastEnd), planDateArg(x.ActualStart), planDateArg(x.ActualEnd),
		nullInt(x.CreatedBy), now, now)
	return err
}

// UpdateActivity writes an activity's fields.
func (db *DB) UpdateActivity(ctx context.Context, x *projects.Activity) error {
	x.UpdatedAt = db.now()
	res, err := db.exec(ctx, `UPDATE project_activities SET kind = ?, name = ?, deliverable = ?, planned_start = ?, planned_end = ?,
		forecast_start = ?, forecast_end = ?, actual_start = ?, actual_end = ?, updated_at = ? WHERE id = ?`,
		x.Kind, x.Name, x.Deliverable, planDateArg(x.PlannedStart), planDateArg(x.PlannedEnd),
		planDateArg(x.ForecastStart), planDateArg(x.ForecastEnd), planDateArg(x.ActualStart), planDateArg(x.ActualEnd),
		x.UpdatedAt, x.ID)
	return affected(res, err, "activity", x.ID)
}

// FindActivityByID returns an activity with what it depends on.
func (db *DB) FindActivityByID(ctx context.Context, id int64) (*projects.Activity, error) {
	x, err := scanActivity(db.queryRow(ctx, `SELECT `+activityColumns+` WHERE a.id = ?`, id))
	if err != nil {
		return nil, orNotFound(err, "activity", id)
	}
	rows, err := db.query(ctx, `SELECT depends_on_id FROM project_activity_deps WHERE activity_id = ? ORDER BY depends_on_id`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var on int64
		if err := rows.Scan(&on); err != nil {
			return nil, mapError(err)
		}
		x.DependsOn = append(x.DependsOn, on)
	}
	return x, mapError(rows.Err())
}

// FindActivities lists a project's plan by planned start (milestonesOnly:
// its milestones), each with what it depends on.
func (db *DB) FindActivities(ctx context.Context, projectID int64, milestonesOnly bool) ([]*projects.Activity, error) {
	q := `SELECT ` + activityColumns + ` WHERE a.project_id = ?`
	if milestonesOnly {
		q += ` AND a.kind = 'milestone'`
	}
	rows, err := db.query(ctx, q+` ORDER BY a.planned_start, a.planned_end, a.id`, projectID)
	if err != nil {
		return nil, err
	}
	out := []*projects.Activity{}
	byID := map[int64]*projects.Activity{}
	for rows.Next() {
		x, err := scanActivity(rows)
		if err != nil {
			rows.Close()
			return nil, err
		}
		out = append(out, x)
		byID[x.ID] = x
	}
	rows.Close()
	if err := rows.Err(); err != nil || milestonesOnly {
		return out, mapError(err)
	}
	deps, err := db.query(ctx, `SELECT d.activity_id, d.depends_on_id FROM project_activity_deps d
		JOIN project_activities a ON a.id = d.activity_id WHERE a.project_id = ? ORDER BY d.activity_id, d.depends_on_id`, projectID)
	if err != nil {
		return nil, err
	}
	defer deps.Close()
	for deps.Next() {
		var from, to int64
		if err := deps.Scan(&from, &to); err != nil {
			return nil, mapError(err)
		}
		if x := byID[from]; x != nil {
			x.DependsOn = append(x.DependsOn, to)
		}
	}
	return out, mapError(deps.Err())
}

// SetActivityDeps replaces what an activity depends on.
func (db *DB) SetActivityDeps(ctx context.Context, activityID int64, on []int64) error {
	return db.WithTx(ctx, func(ctx context.Context) error {
		if _, err := db.exec(ctx, `DELETE FROM project_activity_deps WHERE activity_id = ?`, activityID); err != nil {
			return err
		}
		for _, to := range on {
			if _, err := db.exec(ctx, `INSERT INTO project_activity_deps (activity_id, depends_on_id) VALUES (?, ?)`, activityID, to); err != nil {
				return err
			}
		}
		return nil
	})
}

// FindActivityEdges returns every dependency edge.
func (db *DB) FindActivityEdges(ctx context.Context) ([]projects.ActivityEdge, error) {
	rows, err := db.query(ctx, `SELECT activity_id, depends_on_id FROM project_activity_deps`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []projects.ActivityEdge
	for rows.Next() {
		var e projects.ActivityEdge
		if err := rows.Scan(&e.From, &e.To); err != nil {
			return nil, mapError(err)
		}
		out = append(out, e)
	}
	return out, mapError(rows.Err())
}

// FindDependencies lists the dependencies of a project's activities with
// the names of both ends.
func (db *DB) FindDependencies(ctx context.Context, projectID int64) ([]*projects.PlanDependency, error) {
	rows, err := db.query(ctx, `SELECT a.id, a.name, b.id, b.name, b.project_id, p.name FROM project_activity_deps d
		JOIN project_activities a ON a.id = d.activity_id JOIN project_activities b ON b.id = d.depends_on_id
		JOIN projects p ON p.id = b.project_id WHERE a.project_id = ? ORDER BY a.planned_start, a.id, b.id`, projectID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []*projects.PlanDependency{}
	for rows.Next() {
		var d projects.PlanDependency
		if err := rows.Scan(&d.ActivityID, &d.ActivityName, &d.DependsOnID, &d.DependsOnName, &d.DependsOnProject, &d.ProjectName); err != nil {
			return nil, mapError(err)
		}
		out = append(out, &d)
	}
	return out, mapError(rows.Err())
}

// FindMilestones searches milestones of projects other than
// excludeProject: q is a number (the id) or words all found in the
// milestone's or its project's name.
func (db *DB) FindMilestones(ctx context.Context, q string, excludeProject int64, limit int) ([]*projects.Activity, error) {
	where, args := `a.kind = 'milestone' AND a.project_id <> ?`, []any{excludeProject}
	for _, w := range strings.Fields(strings.ToLower(strings.TrimPrefix(strings.TrimSpace(q), "#"))) {
		where += ` AND (LOWER(a.name || ' ' || p.name) LIKE ? ESCAPE '\' OR CAST(a.id AS TEXT) = ?)`
		args = append(args, "%"+likeEscape(w)+"%", w)
	}
	rows, err := db.query(ctx, `SELECT `+activityColumns+` WHERE `+where+` ORDER BY a.planned_end, a.id LIMIT ?`, append(args, limit)...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []*projects.Activity{}
	for rows.Next() {
		x, err := scanActivity(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, x)
	}
	return out, mapError(rows.Err())
}

// FindPeopleByName searches people not disabled by words of their name:
// PersonID, PersonName and Organisation (their organisation's name) are
// set.
func (db *DB) FindPeopleByName(ctx context.Context, q string, limit int) ([]*projects.StaffLine, error) {
	where, args := `pe.disabled_at IS NULL`, []any{}
	for _, w := range strings.Fields(strings.ToLower(q)) {
		where += ` AND LOWER(pe.name) LIKE ? ESCAPE '\'`
		args = append(args, "%"+likeEscape(w)+"%")
	}
	rows, err := db.query(ctx, `SELECT pe.id, pe.name, COALESCE(o.name, '') FROM people pe
		LEFT JOIN organisations o ON o.id = pe.organisation_id WHERE `+where+` ORDER BY pe.name, pe.id LIMIT ?`, append(args, limit)...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []*projects.StaffLine{}
	for rows.Next() {
		var l projects.StaffLine
		if err := rows.Scan(&l.PersonID, &l.PersonName, &l.Organisation); err != nil {
			return nil, mapError(err)
		}
		out = append(out, &l)
	}
	return out, mapError(rows.Err())
}

// CreateStaffLine inserts a line of a staffing plan.
func (db *DB) CreateStaffLine(ctx context.Context, l *projects.StaffLine) error {
	now := db.now()
	l.CreatedAt = now
	var err error
	l.ID, err = db.insert(ctx, `INSERT INTO project_staffing (project_id, person_id, role, organisation, share_pct, period_from, period_to,
		created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		l.ProjectID, nullInt(l.PersonID), l.Role, l.Organisation, l.SharePct, planDateArg(l.From), planDateArg(l.To), now, now)
	return err
}

const staffColumns = `s.id, s.project_id, s.person_id, COALESCE(pe.name, ''), s.role, s.organisation, s.share_pct, s.period_from,
	s.period_to, s.created_at FROM project_staffing s LEFT JOIN people pe ON pe.id = s.person_id`

func scanStaffLine(sc interface{ Scan(...any) error }) (*projects.StaffLine, error) {
	var l projects.StaffLine
	err := sc.Scan(&l.ID, &l.ProjectID, ni(&l.PersonID), &l.PersonName, &l.Role, &l.Organisation, &l.SharePct, planDateScan(&l.From), planDateScan(&l.To), tm(&l.CreatedAt))
	return &l, mapError(err)
}

// DeleteStaffLine deletes a line of a project's staffing plan and
// returns it.
func (db *DB) DeleteStaffLine(ctx context.Context, projectID, id int64) (*projects.StaffLine, error) {
	l, err := scanStaffLine(db.queryRow(ctx, `SELECT `+staffColumns+` WHERE s.id = ? AND s.project_id = ?`, id, projectID))
	if err != nil {
		return nil, orNotFound(err, "staffing", id)
	}
	res, err := db.exec(ctx, `DELETE FROM project_staffing WHERE id = ?`, id)
	return l, affected(res, err, "staffing", id)
}

// FindStaffLines lists a project's staffing plan by role and period.
func (db *DB) FindStaffLines(ctx context.Context, projectID int64) ([]*projects.StaffLine, error) {
	rows, err := db.query(ctx, `SELECT `+staffColumns+` WHERE s.project_id = ? ORDER BY s.role, s.period_from, s.id`, projectID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []*projects.StaffLine{}
	for rows.Next() {
		l, err := scanStaffLine(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, l)
	}
	return out, mapError(rows.Err())
}

// FindMyProjects lists the projects a person holds a role in (project
// roles now or later, staffing lines, and active seats in the project's
// steering group as "steering_group"), with the roles.
func (db *DB) FindMyProjects(ctx context.Context, personID int64) ([]*projects.MyProject, error) {
	day := dateArg(db.now())
	rows, err := db.query(ctx, `SELECT p.id, p.name, p.state, x.role FROM (
			SELECT project_id, role FROM project_roles WHERE person_id = ? AND (term_to IS NULL OR term_to >= ?)
			UNION SELECT project_id, role FROM project_staffing WHERE person_id = ? AND period_to >= ?
			UNION SELECT sp.id, 'steering_group' FROM projects sp JOIN memberships m ON m.body_id = sp.steering_body_id
				WHERE m.person_id = ? AND m.status = 'active' AND (m.term_to IS NULL OR m.term_to >= ?)
		) x JOIN projects p ON p.id = x.project_id ORDER BY p.name, p.id, x.role`, personID, day, personID, day, personID, day)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []*projects.MyProject{}
	for rows.Next() {
		var id int64
		var name, state, role string
		if err := rows.Scan(&id, &name, &state, &role); err != nil {
			return nil, mapError(err)
		}
		if n := len(out); n > 0 && out[n-1].ProjectID == id {
			out[n-1].Roles = append(out[n-1].Roles, role)
			continue
		}
		out = append(out, &projects.MyProject{ProjectID: id, ProjectName: name, State: state, Roles: []string{role}})
	}
	return out, mapError(rows.Err())
}

// CreateProjectMeeting inserts a project meeting.
func (db *DB) CreateProjectMeeting(ctx context.Context, m *projects.ProjectMeeting) error {
	now := db.now()
	m.CreatedAt, m.UpdatedAt = now, now
	var err error
	m.ID, err = db.insert(ctx, `INSERT INTO project_meetings (project_id, title, starts_at, ends_at, place, created_by, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, m.ProjectID, m.Title, timeArg(m.StartsAt), timeArg(m.EndsAt), m.Place, nullInt(m.CreatedBy), now, now)
	return err
}

// FindProjectMeetings lists a project's meetings by start.
func (db *DB) FindProjectMeetings(ctx context.Context, projectID int64) ([]*projects.ProjectMeeting, error) {
	rows, err := db.query(ctx, `SELECT id, project_id, title, starts_at, ends_at, place, created_by, created_at, updated_at
		FROM project_meetings WHERE project_id = ? ORDER BY starts_at, id`, projectID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []*projects.ProjectMeeting{}
	for rows.Next() {
		var m projects.ProjectMeeting
		if err := rows.Scan(&m.ID, &m.ProjectID, &m.Title, tm(&m.StartsAt), tm(&m.EndsAt), &m.Place, ni(&m.CreatedBy), tm(&m.CreatedAt), tm(&m.UpdatedAt)); err != nil {
			return nil, mapError(err)
		}
		out = append(out, &m)
	}
	return out, mapError(rows.Err())
}

var _ projects.PlanStore = (*DB)(nil)

// ProjectStart is a project as the benchmark dataset's plan part needs
// it: when it was approved and who manages it.
type ProjectStart struct {
	ID        int64
	Start     time.Time
	ManagerID int64
}

// FindProjectStarts lists every project with its start and manager, by
// id (the benchmark dataset plans the projects an earlier part wrote).
func (db *DB) FindProjectStarts(ctx context.Context) ([]ProjectStart, error) {
	rows, err := db.query(ctx, `SELECT id, created_at, manager_id FROM projects ORDER BY id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []ProjectStart
	for rows.Next() {
		var p ProjectStart
		if err := rows.Scan(&p.ID, tm(&p.Start), ni(&p.ManagerID)); err != nil {
			return nil, mapError(err)
		}
		out = append(out, p)
	}
	return out, mapError(rows.Err())
}
