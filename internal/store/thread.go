package store

import (
	"context"

	"github.com/samstyr/samstyr/internal/directives"
)

// The golden thread's reads (internal/directives/thread.go).

const needStepsQuery = `SELECT pin.need_id, i.id, i.title, i.state, d.id, d.title, d.state, d.version, d.approved_version,
	d.manager_id, p.id, p.name, p.state
	FROM project_idea_needs pin JOIN project_ideas i ON i.id = pin.idea_id
	LEFT JOIN directives d ON d.idea_id = i.id LEFT JOIN projects p ON p.id = d.project_id`

// FindNeedSteps returns, for each of the needs, every idea covering it
// with the idea's directive and project (as stored; the service applies
// who may see what), in one query.
func (db *DB) FindNeedSteps(ctx context.Context, needIDs []int64) ([]*directives.NeedStep, error) {
	if len(needIDs) == 0 {
		return []*directives.NeedStep{}, nil
	}
	args := make([]any, len(needIDs))
	for i, id := range needIDs {
		args[i] = id
	}
	return db.needSteps(ctx, needStepsQuery+` WHERE pin.need_id IN (`+placeholders(len(args))+`) ORDER BY pin.need_id, i.id`, args...)
}

// FindOrgNeedSteps returns the same for every need the organisation
// submitted or backs (a current backing).
func (db *DB) FindOrgNeedSteps(ctx context.Context, orgID int64) ([]*directives.NeedStep, error) {
	return db.needSteps(ctx, needStepsQuery+` WHERE pin.need_id IN (SELECT id FROM needs WHERE org_id = ?
		UNION SELECT need_id FROM need_backings WHERE org_id = ? AND withdrawn_at IS NULL) ORDER BY pin.need_id DESC, i.id`, orgID, orgID)
}

func (db *DB) needSteps(ctx context.Context, q string, args ...any) ([]*directives.NeedStep, error) {
	rows, err := db.query(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []*directives.NeedStep{}
	for rows.Next() {
		var st directives.NeedStep
		if err := rows.Scan(&st.NeedID, &st.IdeaID, &st.IdeaTitle, &st.IdeaState, ni(&st.DirectiveID), ns(&st.DirectiveTitle),
			ns(&st.DirectiveState), ni(&st.DirectiveVersion), ni(&st.ApprovedVersion), ni(&st.DirectiveManagerID), ni(&st.ProjectID),
			ns(&st.ProjectName), ns(&st.ProjectState)); err != nil {
			return nil, mapError(err)
		}
		out = append(out, &st)
	}
	return out, mapError(rows.Err())
}

// FindProjectRoles returns a project's roles with the people's names,
// by role and name.
func (db *DB) FindProjectRoles(ctx context.Context, projectID int64) ([]directives.ProjectRole, error) {
	rows, err := db.query(ctx, `SELECT r.person_id, p.name, r.role, r.term_from, r.term_to FROM project_roles r
		JOIN people p ON p.id = r.person_id WHERE r.project_id = ?
		ORDER BY CASE r.role WHEN 'owner' THEN 1 WHEN 'manager' THEN 2 ELSE 3 END, r.role, p.name, r.id`, projectID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []directives.ProjectRole{}
	for rows.Next() {
		var r directives.ProjectRole
		if err := rows.Scan(&r.PersonID, &r.Name, &r.Role, tm(&r.From), tm(&r.To)); err != nil {
			return nil, mapError(err)
		}
		out = append(out, r)
	}
	return out, mapError(rows.Err())
}

// NeedStandards returns the standards the needs name, need by need in
// the order given.
func (db *DB) NeedStandards(ctx context.Context, needIDs []int64) ([]string, error) {
	var out []string
	for _, id := range needIDs {
		var s string
		err := db.queryRow(ctx, `SELECT standards FROM needs WHERE id = ?`, id).Scan(&s)
		if err = orNotFound(mapError(err), "need", id); err != nil {
			return nil, err
		}
		out = append(out, splitStored(s, "\n")...)
	}
	return out, nil
}

// LinkProjectsToDirectives points each project without a directive at the
// directive whose approval created it (the benchmark dataset writes the
// projects before the directives that cite them).
func (db *DB) LinkProjectsToDirectives(ctx context.Context) error {
	_, err := db.exec(ctx, `UPDATE projects SET directive_id = (SELECT d.id FROM directives d WHERE d.project_id = projects.id)
		WHERE directive_id IS NULL AND EXISTS (SELECT 1 FROM directives d WHERE d.project_id = projects.id)`)
	return err
}

// FindProjectBackers returns the organisations with a current backing of
// the needs an idea covers, by name.
func (db *DB) FindProjectBackers(ctx context.Context, ideaID int64) ([]directives.OrgRef, error) {
	rows, err := db.query(ctx, `SELECT DISTINCT o.id, o.name FROM need_backings b JOIN organisations o ON o.id = b.org_id
		WHERE b.withdrawn_at IS NULL AND b.need_id IN (SELECT need_id FROM project_idea_needs WHERE idea_id = ?) ORDER BY o.name, o.id`, ideaID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []directives.OrgRef{}
	for rows.Next() {
		var o directives.OrgRef
		if err := rows.Scan(&o.ID, &o.Name); err != nil {
			return nil, mapError(err)
		}
		out = append(out, o)
	}
	return out, mapError(rows.Err())
}
