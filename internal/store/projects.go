package store

import (
	"context"
	"time"

	"github.com/samstyr/samstyr/internal/audit"
)

// EnsureProject returns the id of the project with the name, creating it
// (audited) when missing. The projects area extends projects; the
// foundation needs them for project roles.
func (db *DB) EnsureProject(ctx context.Context, name string) (int64, error) {
	var id int64
	err := db.WithTx(ctx, func(ctx context.Context) error {
		err := db.queryRow(ctx, `SELECT id FROM projects WHERE name = ?`, name).Scan(&id)
		if err == nil {
			return nil
		}
		if err = orNotFound(mapError(err), "project", name); !isNotFound(err) {
			return err
		}
		now := db.now()
		if id, err = db.insert(ctx, `INSERT INTO projects (name, state, created_at, updated_at) VALUES (?, 'planning', ?, ?)`, name, now, now); err != nil {
			return err
		}
		return db.Record(ctx, audit.Entry{Action: "project.create", ObjectType: "project", ObjectID: id, After: map[string]any{"name": name}})
	})
	return id, err
}

// EnsureProjectRole gives a person a role in a project from a date, unless
// they already hold it.
func (db *DB) EnsureProjectRole(ctx context.Context, projectID, personID int64, role string, from time.Time) error {
	return db.WithTx(ctx, func(ctx context.Context) error {
		var n int
		if err := db.queryRow(ctx, `SELECT COUNT(*) FROM project_roles WHERE project_id = ? AND person_id = ? AND role = ?`,
			projectID, personID, role).Scan(&n); err != nil {
			return mapError(err)
		}
		if n > 0 {
			return nil
		}
		id, err := db.insert(ctx, `INSERT INTO project_roles (project_id, person_id, role, term_from, created_at) VALUES (?, ?, ?, ?, ?)`,
			projectID, personID, role, dateArg(from), db.now())
		if err != nil {
			return err
		}
		return db.Record(ctx, audit.Entry{Action: "project_role.create", ObjectType: "project_role", ObjectID: id,
			After: map[string]any{"project_id": projectID, "person_id": personID, "role": role}})
	})
}
