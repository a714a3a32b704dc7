package store

import (
	"context"

	"github.com/samstyr/samstyr/internal/projects"
)

// Cross-project dependencies (issue 12, item 7): the register of national
// components, the activities that wait for them, and the whole plan graph
// the dependency view is computed from.

const componentColumns = `id, name, owner, status, description, planned_date, forecast_date, created_at, updated_at FROM external_components`

func scanComponent(sc interface{ Scan(...any) error }) (*projects.Component, error) {
	var c projects.Component
	err := sc.Scan(&c.ID, &c.Name, &c.Owner, &c.Status, &c.Description, planDateScan(&c.PlannedDate), planDateScan(&c.ForecastDate),
		tm(&c.CreatedAt), tm(&c.UpdatedAt))
	return &c, mapError(err)
}

// CreateComponent inserts a component (Conflict: the name is taken).
func (db *DB) CreateComponent(ctx context.Context, c *projects.Component) error {
	now := db.now()
	c.CreatedAt, c.UpdatedAt = now, now
	var err error
	c.ID, err = db.insert(ctx, `INSERT INTO external_components (name, owner, status, description, planned_date, forecast_date, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, c.Name, c.Owner, c.Status, c.Description, planDateArg(c.PlannedDate), planDateArg(c.ForecastDate), now, now)
	return err
}

// UpdateComponent writes a component's fields.
func (db *DB) UpdateComponent(ctx context.Context, c *projects.Component) error {
	c.UpdatedAt = db.now()
	res, err := db.exec(ctx, `UPDATE external_components SET name = ?, owner = ?, status = ?, description = ?, planned_date = ?,
		forecast_date = ?, updated_at = ? WHERE id = ?`, c.Name, c.Owner, c.Status, c.Description, planDateArg(c.PlannedDate),
		planDateArg(c.ForecastDate), c.UpdatedAt, c.ID)
	return affected(res, err, "component", c.ID)
}

// FindComponentByID returns one component or NotFound.
func (db *DB) FindComponentByID(ctx context.Context, id int64) (*projects.Component, error) {
	c, err := scanComponent(db.queryRow(ctx, `SELECT `+componentColumns+` WHERE id = ?`, id))
	if err != nil {
		return nil, orNotFound(err, "component", id)
	}
	return c, nil
}

// FindComponents lists the register by name.
func (db *DB) FindComponents(ctx context.Context) ([]*projects.Component, error) {
	rows, err := db.query(ctx, `SELECT `+componentColumns+` ORDER BY name, id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []*projects.Component{}
	for rows.Next() {
		c, err := scanComponent(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, mapError(rows.Err())
}

// CreateComponentDep inserts a project's dependency on a component
// (Conflict: the activity waits for the component already).
func (db *DB) CreateComponentDep(ctx context.Context, d *projects.ComponentDep) error {
	d.CreatedAt = db.now()
	var err error
	d.ID, err = db.insert(ctx, `INSERT INTO project_component_deps (project_id, activity_id, component_id, note, created_by, created_at)
		VALUES (?, ?, ?, ?, ?, ?)`, d.ProjectID, d.ActivityID, d.ComponentID, d.Note, nullInt(d.CreatedBy), d.CreatedAt)
	return err
}

const componentDepColumns = `d.id, d.project_id, p.name, d.activity_id, a.name, d.component_id, c.name, d.note, d.created_by, d.created_at
	FROM project_component_deps d JOIN projects p ON p.id = d.project_id JOIN project_activities a ON a.id = d.activity_id
	JOIN external_components c ON c.id = d.component_id`

func scanComponentDep(sc interface{ Scan(...any) error }) (*projects.ComponentDep, error) {
	var d projects.ComponentDep
	err := sc.Scan(&d.ID, &d.ProjectID, &d.ProjectName, &d.ActivityID, &d.ActivityName, &d.ComponentID, &d.ComponentName, &d.Note,
		ni(&d.CreatedBy), tm(&d.CreatedAt))
	return &d, mapError(err)
}

// DeleteComponentDep removes a project's component dependency and returns
// it (NotFound: not the project's).
func (db *DB) DeleteComponentDep(ctx context.Context, projectID, id int64) (*projects.ComponentDep, error) {
	d, err := scanComponentDep(db.queryRow(ctx, `SELECT `+componentDepColumns+` WHERE d.id = ? AND d.project_id = ?`, id, projectID))
	if err != nil {
		return nil, orNotFound(err, "component_dep", id)
	}
	res, err := db.exec(ctx, `DELETE FROM project_component_deps WHERE id = ? AND project_id = ?`, id, projectID)
	return d, affected(res, err, "component_dep", id)
}

// FindComponentDeps lists a project's component dependencies (projectID
// 0: every project's).
func (db *DB) FindComponentDeps(ctx context.Context, projectID int64) ([]*projects.ComponentDep, error) {
	q, args := `SELECT `+componentDepColumns, []any{}
	if projectID != 0 {
		q, args = q+` WHERE d.project_id = ?`, append(args, projectID)
	}
	rows, err := db.query(ctx, q+` ORDER BY a.planned_start, d.id`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []*projects.ComponentDep{}
	for rows.Next() {
		d, err := scanComponentDep(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, mapError(rows.Err())
}

// FindPlanGraph returns every project's activities with what each waits
// for, the register and every component dependency.
func (db *DB) FindPlanGraph(ctx context.Context) (*projects.PlanGraph, error) {
	g := &projects.PlanGraph{}
	rows, err := db.query(ctx, `SELECT `+activityColumns+` ORDER BY a.project_id, a.planned_start, a.id`)
	if err != nil {
		return nil, err
	}
	byID := map[int64]*projects.Activity{}
	for rows.Next() {
		x, err := scanActivity(rows)
		if err != nil {
			rows.Close()
			return nil, err
		}
		g.Activities = append(g.Activities, x)
		byID[x.ID] = x
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, mapError(err)
	}
	edges, err := db.FindActivityEdges(ctx)
	if err != nil {
		return nil, err
	}
	for _, e := range edges {
		if x := byID[e.From]; x != nil {
			x.DependsOn = append(x.DependsOn, e.To)
		}
	}
	if g.Components, err = db.FindComponents(ctx); err != nil {
		return nil, err
	}
	g.ComponentDeps, err = db.FindComponentDeps(ctx, 0)
	return g, err
}
