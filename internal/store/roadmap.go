package store

import (
	"context"
	"encoding/json"

	"github.com/samstyr/samstyr/internal/errs"
	"github.com/samstyr/samstyr/internal/portfolio"
)

// The roadmap (veikart): initiatives, their dependencies and standards,
// and the frozen versions.

const initiativeColumns = `i.id, i.title, i.description, i.area, i.actor_id, o.name, i.start_half, i.end_half, i.forecast_end,
	i.status, i.project_id, i.created_by, i.created_at, i.updated_at`

// FindInitiatives returns every initiative with its actor's name, its
// dependencies, standards and, when linked, its project's schedule.
func (db *DB) FindInitiatives(ctx context.Context) ([]*portfolio.Initiative, error) {
	return db.findInitiatives(ctx, ``)
}

// FindInitiativeByID returns one initiative like FindInitiatives.
func (db *DB) FindInitiativeByID(ctx context.Context, id int64) (*portfolio.Initiative, error) {
	ins, err := db.findInitiatives(ctx, ` WHERE i.id = ?`, id)
	if err != nil {
		return nil, err
	}
	if len(ins) == 0 {
		return nil, notFound("roadmap_initiative", id)
	}
	return ins[0], nil
}

func (db *DB) findInitiatives(ctx context.Context, where string, args ...any) ([]*portfolio.Initiative, error) {
	rows, err := db.query(ctx, `SELECT `+initiativeColumns+` FROM roadmap_initiatives i JOIN organisations o ON o.id = i.actor_id`+where+` ORDER BY i.id`, args...)
	if err != nil {
		return nil, err
	}
	out := []*portfolio.Initiative{}
	byID := map[int64]*portfolio.Initiative{}
	for rows.Next() {
		var in portfolio.Initiative
		if err := rows.Scan(&in.ID, &in.Title, &in.Description, &in.Area, &in.ActorID, &in.ActorName, &in.Start, &in.End, &in.ForecastEnd,
			&in.Status, ni(&in.ProjectID), ni(&in.CreatedBy), tm(&in.CreatedAt), tm(&in.UpdatedAt)); err != nil {
			rows.Close()
			return nil, mapError(err)
		}
		in.DependsOn, in.Standards = []int64{}, []portfolio.StandardTag{}
		out = append(out, &in)
		byID[in.ID] = &in
	}
	rows.Close()
	if err := mapError(rows.Err()); err != nil || len(out) == 0 {
		return out, err
	}
	if err := db.initiativeLinks(ctx, where, args, byID); err != nil {
		return nil, err
	}
	return out, db.initiativeSchedules(ctx, out)
}

// initiativeLinks loads the dependencies and standards of the initiatives
// selected by where (one query each).
func (db *DB) initiativeLinks(ctx context.Context, where string, args []any, byID map[int64]*portfolio.Initiative) error {
	rows, err := db.query(ctx, `SELECT d.initiative_id, d.depends_on_id FROM roadmap_initiative_deps d
		JOIN roadmap_initiatives i ON i.id = d.initiative_id`+where+` ORDER BY d.initiative_id, d.depends_on_id`, args...)
	if err != nil {
		return err
	}
	for rows.Next() {
		var id, on int64
		if err := rows.Scan(&id, &on); err != nil {
			rows.Close()
			return mapError(err)
		}
		byID[id].DependsOn = append(byID[id].DependsOn, on)
	}
	rows.Close()
	if err := mapError(rows.Err()); err != nil {
		return err
	}
	rows, err = db.query(ctx, `SELECT s.initiative_id, st.id, st.code, st.name FROM roadmap_initiative_standards s
		JOIN standards st ON st.id = s.standard_id JOIN roadmap_initiatives i ON i.id = s.initiative_id`+where+` ORDER BY s.initiative_id, st.code`, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var t portfolio.StandardTag
		if err := rows.Scan(&id, &t.ID, &t.Code, &t.Name); err != nil {
			return mapError(err)
		}
		byID[id].Standards = append(byID[id].Standards, t)
	}
	return mapError(rows.Err())
}

// initiativeSchedules reads the linked projects' plans: name, state, the
// earliest planned start and the last milestone's planned and forecast
// end (actual, else forecast, else planned).
func (db *DB) initiativeSchedules(ctx context.Context, ins []*portfolio.Initiative) error {
	for _, in := range ins {
		if in.ProjectID == 0 {
			continue
		}
		p := &portfolio.ProjectSchedule{ProjectID: in.ProjectID}
		if err := db.queryRow(ctx, `SELECT name, state FROM projects WHERE id = ?`, in.ProjectID).Scan(&p.Name, &p.State); err != nil {
			return mapError(err)
		}
		err := db.queryRow(ctx, `SELECT MIN(planned_start) FROM project_activities WHERE project_id = ?`, in.ProjectID).Scan(tm(&p.Start))
		if err != nil {
			return mapError(err)
		}
		err = db.queryRow(ctx, `SELECT planned_end, COALESCE(actual_end, forecast_end, planned_end) FROM project_activities
			WHERE project_id = ? AND kind = 'milestone' ORDER BY planned_end DESC, id DESC LIMIT 1`, in.ProjectID).Scan(tm(&p.PlannedEnd), tm(&p.ForecastEnd))
		if err != nil && errs.CodeOf(mapError(err)) != errs.NotFound {
			return mapError(err)
		}
		in.Schedule = p
	}
	return nil
}

// CreateInitiative inserts an initiative with its dependencies and
// standards.
func (db *DB) CreateInitiative(ctx context.Context, in *portfolio.Initiative) error {
	now := db.now()
	in.CreatedAt, in.UpdatedAt = now, now
	var err error
	in.ID, err = db.insert(ctx, `INSERT INTO roadmap_initiatives (title, description, area, actor_id, start_half, end_half, forecast_end, status,
		project_id, created_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		in.Title, in.Description, in.Area, in.ActorID, in.Start, in.End, in.ForecastEnd, in.Status, nullInt(in.ProjectID), nullInt(in.CreatedBy), now, now)
	if err != nil {
		return err
	}
	return db.writeInitiativeLinks(ctx, in)
}

// UpdateInitiative writes an initiative's fields and replaces its
// dependencies and standards.
func (db *DB) UpdateInitiative(ctx context.Context, in *portfolio.Initiative) error {
	in.UpdatedAt = db.now()
	res, err := db.exec(ctx, `UPDATE roadmap_initiatives SET title = ?, description = ?, area = ?, actor_id = ?, start_half = ?, end_half = ?,
		forecast_end = ?, status = ?, project_id = ?, updated_at = ? WHERE id = ?`,
		in.Title, in.Description, in.Area, in.ActorID, in.Start, in.End, in.ForecastEnd, in.Status, nullInt(in.ProjectID), in.UpdatedAt, in.ID)
	if err := affected(res, err, "roadmap_initiative", in.ID); err != nil {
		return err
	}
	for _, q := range []string{`DELETE FROM roadmap_initiative_deps WHERE initiative_id = ?`, `DELETE FROM roadmap_initiative_standards WHERE initiative_id = ?`} {
		if _, err := db.exec(ctx, q, in.ID); err != nil {
			return err
		}
	}
	return db.writeInitiativeLinks(ctx, in)
}

func (db *DB) writeInitiativeLinks(ctx context.Context, in *portfolio.Initiative) error {
	for _, d := range in.DependsOn {
		if _, err := db.exec(ctx, `INSERT INTO roadmap_initiative_deps (initiative_id, depends_on_id) VALUES (?, ?)`, in.ID, d); err != nil {
			return err
		}
	}
	for _, s := range in.Standards {
		if _, err := db.exec(ctx, `INSERT INTO roadmap_initiative_standards (initiative_id, standard_id) VALUES (?, ?)`, in.ID, s.ID); err != nil {
			return err
		}
	}
	return nil
}

// FindRoadmapStandards lists the catalogue's standards by code.
func (db *DB) FindRoadmapStandards(ctx context.Context) ([]portfolio.StandardTag, error) {
	return db.roadmapTags(ctx, `SELECT id, code, name FROM standards ORDER BY code, id`)
}

// FindRoadmapProjects lists the projects by name.
func (db *DB) FindRoadmapProjects(ctx context.Context) ([]portfolio.StandardTag, error) {
	return db.roadmapTags(ctx, `SELECT id, '', name FROM projects ORDER BY name, id`)
}

func (db *DB) roadmapTags(ctx context.Context, q string) ([]portfolio.StandardTag, error) {
	rows, err := db.query(ctx, q)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []portfolio.StandardTag{}
	for rows.Next() {
		var t portfolio.StandardTag
		if err := rows.Scan(&t.ID, &t.Code, &t.Name); err != nil {
			return nil, mapError(err)
		}
		out = append(out, t)
	}
	return out, mapError(rows.Err())
}

const roadmapVersionColumns = `id, number, title, state, decision_id, created_by, created_at, updated_at`

// FindRoadmapVersions lists versions, newest first, without snapshots;
// endorsedOnly keeps the endorsed ones.
func (db *DB) FindRoadmapVersions(ctx context.Context, endorsedOnly bool) ([]*portfolio.RoadmapVersion, error) {
	q := `SELECT ` + roadmapVersionColumns + ` FROM roadmap_versions`
	if endorsedOnly {
		q += ` WHERE state = 'endorsed'`
	}
	rows, err := db.query(ctx, q+` ORDER BY number DESC`)
	if err != nil {
		return nil, err
	}
	out := []*portfolio.RoadmapVersion{}
	for rows.Next() {
		var v portfolio.RoadmapVersion
		if err := rows.Scan(&v.ID, &v.Number, &v.Title, &v.State, ni(&v.DecisionID), ni(&v.CreatedBy), tm(&v.CreatedAt), tm(&v.UpdatedAt)); err != nil {
			rows.Close()
			return nil, mapError(err)
		}
		out = append(out, &v)
	}
	rows.Close()
	if err := mapError(rows.Err()); err != nil {
		return nil, err
	}
	for _, v := range out {
		if v.DecisionID != 0 {
			if v.Decision, err = db.FindDecisionRef(ctx, v.DecisionID); err != nil {
				return nil, err
			}
		}
	}
	return out, nil
}

// FindRoadmapVersion returns a version by number with its snapshot.
func (db *DB) FindRoadmapVersion(ctx context.Context, number int64) (*portfolio.RoadmapVersion, error) {
	return db.findRoadmapVersion(ctx, `number = ?`, number)
}

// FindRoadmapVersionByID returns a version by id with its snapshot.
func (db *DB) FindRoadmapVersionByID(ctx context.Context, id int64) (*portfolio.RoadmapVersion, error) {
	return db.findRoadmapVersion(ctx, `id = ?`, id)
}

func (db *DB) findRoadmapVersion(ctx context.Context, where string, arg int64) (*portfolio.RoadmapVersion, error) {
	var v portfolio.RoadmapVersion
	var snap string
	err := db.queryRow(ctx, `SELECT `+roadmapVersionColumns+`, snapshot FROM roadmap_versions WHERE `+where, arg).
		Scan(&v.ID, &v.Number, &v.Title, &v.State, ni(&v.DecisionID), ni(&v.CreatedBy), tm(&v.CreatedAt), tm(&v.UpdatedAt), &snap)
	if err != nil {
		return nil, orNotFound(mapError(err), "roadmap_version", arg)
	}
	if err := json.Unmarshal([]byte(snap), &v.Initiatives); err != nil {
		return nil, err
	}
	if v.DecisionID != 0 {
		if v.Decision, err = db.FindDecisionRef(ctx, v.DecisionID); err != nil {
			return nil, err
		}
	}
	return &v, nil
}

// CreateRoadmapVersion stores a frozen version numbered one past the last.
func (db *DB) CreateRoadmapVersion(ctx context.Context, v *portfolio.RoadmapVersion) error {
	snap, err := json.Marshal(v.Initiatives)
	if err != nil {
		return err
	}
	if err := db.queryRow(ctx, `SELECT COALESCE(MAX(number), 0) + 1 FROM roadmap_versions`).Scan(&v.Number); err != nil {
		return mapError(err)
	}
	now := db.now()
	v.CreatedAt, v.UpdatedAt = now, now
	v.ID, err = db.insert(ctx, `INSERT INTO roadmap_versions (number, title, snapshot, state, created_by, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?)`, v.Number, v.Title, string(snap), v.State, nullInt(v.CreatedBy), now, now)
	return err
}

// EndorseRoadmapVersion endorses a frozen version with the decision; a
// missing version is NotFound, one already endorsed Conflict.
func (db *DB) EndorseRoadmapVersion(ctx context.Context, id, decisionID int64) error {
	res, err := db.exec(ctx, `UPDATE roadmap_versions SET state = 'endorsed', decision_id = ?, updated_at = ? WHERE id = ? AND state = 'frozen'`,
		decisionID, db.now(), id)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 1 {
		return nil
	}
	if _, err := db.FindRoadmapVersionByID(ctx, id); err != nil {
		return err
	}
	return errs.E(errs.Conflict, "roadmap.error.endorsed")
}
