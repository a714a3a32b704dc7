package store

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/samstyr/samstyr/internal/directives"
	"github.com/samstyr/samstyr/internal/errs"
)

// The concept phase: project ideas, directives and their versions, and
// the projects approval creates (internal/directives).

const ideaColumns = `id, title, source, source_decision_id, purpose, benefits, alternatives, cost_nok, duration_months, owner,
	state, mandate, concept_decision_id, created_by, created_at, updated_at`

func scanIdea(sc interface{ Scan(...any) error }) (*directives.Idea, error) {
	var i directives.Idea
	var mandate string
	err := sc.Scan(&i.ID, &i.Title, &i.Source, ni(&i.SourceDecisionID), &i.Purpose, &i.Benefits, &i.Alternatives, &i.CostNOK,
		&i.DurationMonths, &i.Owner, &i.State, &mandate, ni(&i.ConceptDecisionID), ni(&i.CreatedBy), tm(&i.CreatedAt), tm(&i.UpdatedAt))
	if err != nil {
		return nil, mapError(err)
	}
	if err := json.Unmarshal([]byte(mandate), &i.Mandate); err != nil {
		return nil, fmt.Errorf("idea %d mandate: %w", i.ID, err)
	}
	i.NeedIDs = []int64{}
	return &i, nil
}

// CreateIdea inserts an idea with its needs and sets its id and times.
func (db *DB) CreateIdea(ctx context.Context, i *directives.Idea) error {
	return db.WithTx(ctx, func(ctx context.Context) error {
		now := db.now()
		i.CreatedAt, i.UpdatedAt = now, now
		mandate, err := json.Marshal(i.Mandate)
		if err != nil {
			return err
		}
		i.ID, err = db.insert(ctx, `INSERT INTO project_ideas (title, source, source_decision_id, purpose, benefits, alternatives,
			cost_nok, duration_months, owner, state, mandate, concept_decision_id, created_by, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			i.Title, i.Source, nullInt(i.SourceDecisionID), i.Purpose, i.Benefits, i.Alternatives, i.CostNOK, i.DurationMonths,
			i.Owner, i.State, string(mandate), nullInt(i.ConceptDecisionID), nullInt(i.CreatedBy), now, now)
		if err != nil {
			return err
		}
		for _, n := range i.NeedIDs {
			if _, err := db.exec(ctx, `INSERT INTO project_idea_needs (idea_id, need_id) VALUES (?, ?)`, i.ID, n); err != nil {
				return err
			}
		}
		return nil
	})
}

// UpdateIdea writes an idea's fields (its needs do not change).
func (db *DB) UpdateIdea(ctx context.Context, i *directives.Idea) error {
	i.UpdatedAt = db.now()
	mandate, err := json.Marshal(i.Mandate)
	if err != nil {
		return err
	}
	res, err := db.exec(ctx, `UPDATE project_ideas SET title = ?, purpose = ?, benefits = ?, alternatives = ?, cost_nok = ?,
		duration_months = ?, owner = ?, state = ?, mandate = ?, concept_decision_id = ?, updated_at = ? WHERE id = ?`,
		i.Title, i.Purpose, i.Benefits, i.Alternatives, i.CostNOK, i.DurationMonths, i.Owner, i.State, string(mandate),
		nullInt(i.ConceptDecisionID), i.UpdatedAt, i.ID)
	return affected(res, err, "idea", i.ID)
}

// FindIdeaByID returns an idea with its needs.
func (db *DB) FindIdeaByID(ctx context.Context, id int64) (*directives.Idea, error) {
	i, err := scanIdea(db.queryRow(ctx, `SELECT `+ideaColumns+` FROM project_ideas WHERE id = ?`, id))
	if err != nil {
		return nil, orNotFound(err, "idea", id)
	}
	i.NeedIDs, err = db.ideaNeeds(ctx, id)
	return i, err
}

func (db *DB) ideaNeeds(ctx context.Context, ideaID int64) ([]int64, error) {
	return db.int64s(ctx, `SELECT need_id FROM project_idea_needs WHERE idea_id = ? ORDER BY need_id`, ideaID)
}

// FindIdeas returns the ideas matching the filter, newest first, with
// their needs.
func (db *DB) FindIdeas(ctx context.Context, f directives.IdeaFilter) ([]*directives.Idea, error) {
	var where []string
	var args []any
	if f.State != "" {
		where, args = append(where, "state = ?"), append(args, f.State)
	}
	if f.NeedID != 0 {
		where, args = append(where, "id IN (SELECT idea_id FROM project_idea_needs WHERE need_id = ?)"), append(args, f.NeedID)
	}
	q := `SELECT ` + ideaColumns + ` FROM project_ideas`
	if len(where) > 0 {
		q += " WHERE " + strings.Join(where, " AND ")
	}
	rows, err := db.query(ctx, q+" ORDER BY id DESC", args...)
	if err != nil {
		return nil, err
	}
	var out []*directives.Idea
	for rows.Next() {
		i, err := scanIdea(rows)
		if err != nil {
			rows.Close()
			return nil, err
		}
		out = append(out, i)
	}
	rows.Close()
	if err := mapError(rows.Err()); err != nil {
		return nil, err
	}
	for _, i := range out {
		if i.NeedIDs, err = db.ideaNeeds(ctx, i.ID); err != nil {
			return nil, err
		}
	}
	return out, nil
}

const directiveColumns = `id, idea_id, title, state, version, recommended_version, approved_version, recommend_decision_id,
	approve_decision_id, return_decision_id, project_id, manager_id, priority, created_by, created_at, updated_at`

func scanDirective(sc interface{ Scan(...any) error }) (*directives.Directive, error) {
	var d directives.Directive
	err := sc.Scan(&d.ID, &d.IdeaID, &d.Title, &d.State, &d.Version, ni(&d.RecommendedVersion), ni(&d.ApprovedVersion),
		ni(&d.RecommendDecisionID), ni(&d.ApproveDecisionID), ni(&d.ReturnDecisionID), ni(&d.ProjectID), ni(&d.ManagerID),
		&d.Priority, ni(&d.CreatedBy), tm(&d.CreatedAt), tm(&d.UpdatedAt))
	return &d, mapError(err)
}

// CreateDirective inserts a directive and sets its id and times.
func (db *DB) CreateDirective(ctx context.Context, d *directives.Directive) error {
	now := db.now()
	d.CreatedAt, d.UpdatedAt = now, now
	var err error
	d.ID, err = db.insert(ctx, `INSERT INTO directives (idea_id, title, state, version, manager_id, priority, created_by,
		created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		d.IdeaID, d.Title, d.State, d.Version, nullInt(d.ManagerID), d.Priority, nullInt(d.CreatedBy), now, now)
	return err
}

// UpdateDirective writes a directive's fields.
func (db *DB) UpdateDirective(ctx context.Context, d *directives.Directive) error {
	d.UpdatedAt = db.now()
	res, err := db.exec(ctx, `UPDATE directives SET title = ?, state = ?, version = ?, recommended_version = ?, approved_version = ?,
		recommend_decision_id = ?, approve_decision_id = ?, return_decision_id = ?, project_id = ?, manager_id = ?, priority = ?,
		updated_at = ? WHERE id = ?`,
		d.Title, d.State, d.Version, nullInt(d.RecommendedVersion), nullInt(d.ApprovedVersion), nullInt(d.RecommendDecisionID),
		nullInt(d.ApproveDecisionID), nullInt(d.ReturnDecisionID), nullInt(d.ProjectID), nullInt(d.ManagerID), d.Priority,
		d.UpdatedAt, d.ID)
	return affected(res, err, "directive", d.ID)
}

// FindDirectiveByID returns a directive.
func (db *DB) FindDirectiveByID(ctx context.Context, id int64) (*directives.Directive, error) {
	d, err := scanDirective(db.queryRow(ctx, `SELECT `+directiveColumns+` FROM directives WHERE id = ?`, id))
	return d, orNotFound(err, "directive", id)
}

// FindDirectives returns the directives matching the filter, newest first;
// Public keeps the approved ones and those naming ManagerID (in SQL).
func (db *DB) FindDirectives(ctx context.Context, f directives.DirectiveFilter) ([]*directives.Directive, error) {
	var where []string
	var args []any
	if f.Public {
		where, args = append(where, "(state = ? OR (manager_id IS NOT NULL AND manager_id = ?))"), append(args, directives.Approved, f.ManagerID)
	}
	if f.State != "" {
		where, args = append(where, "state = ?"), append(args, f.State)
	}
	if f.IdeaID != 0 {
		where, args = append(where, "idea_id = ?"), append(args, f.IdeaID)
	}
	q := `SELECT ` + directiveColumns + ` FROM directives`
	if len(where) > 0 {
		q += " WHERE " + strings.Join(where, " AND ")
	}
	rows, err := db.query(ctx, q+" ORDER BY id DESC", args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []*directives.Directive{}
	for rows.Next() {
		d, err := scanDirective(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, mapError(rows.Err())
}

// CreateDirectiveVersion inserts a version.
func (db *DB) CreateDirectiveVersion(ctx context.Context, v *directives.Version) error {
	now := db.now()
	v.CreatedAt, v.UpdatedAt = now, now
	content, err := json.Marshal(v.Content)
	if err != nil {
		return err
	}
	_, err = db.insert(ctx, `INSERT INTO directive_versions (directive_id, number, content, frozen, created_by, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?)`, v.DirectiveID, v.Number, string(content), v.Frozen, nullInt(v.CreatedBy), now, now)
	return err
}

// UpdateDirectiveVersion writes a version's content and frozen flag; a
// frozen version is never written again (the WHERE keeps it, so a
// Conflict comes back).
func (db *DB) UpdateDirectiveVersion(ctx context.Context, v *directives.Version) error {
	v.UpdatedAt = db.now()
	content, err := json.Marshal(v.Content)
	if err != nil {
		return err
	}
	res, err := db.exec(ctx, `UPDATE directive_versions SET content = ?, frozen = ?, updated_at = ?
		WHERE directive_id = ? AND number = ? AND frozen = ?`, string(content), v.Frozen, v.UpdatedAt, v.DirectiveID, v.Number, false)
	if err != nil {
		return mapError(err)
	}
	if !changed(res) {
		return errs.E(errs.Conflict, "directive.error.frozen")
	}
	return nil
}

const versionColumns = `directive_id, number, content, frozen, created_by, created_at, updated_at`

func scanVersion(sc interface{ Scan(...any) error }) (*directives.Version, error) {
	var v directives.Version
	var content string
	if err := sc.Scan(&v.DirectiveID, &v.Number, &content, &v.Frozen, ni(&v.CreatedBy), tm(&v.CreatedAt), tm(&v.UpdatedAt)); err != nil {
		return nil, mapError(err)
	}
	if err := json.Unmarshal([]byte(content), &v.Content); err != nil {
		return nil, fmt.Errorf("directive %d version %d: %w", v.DirectiveID, v.Number, err)
	}
	return &v, nil
}

// FindDirectiveVersion returns version n of a directive.
func (db *DB) FindDirectiveVersion(ctx context.Context, directiveID, n int64) (*directives.Version, error) {
	v, err := scanVersion(db.queryRow(ctx, `SELECT `+versionColumns+` FROM directive_versions WHERE directive_id = ? AND number = ?`, directiveID, n))
	return v, orNotFound(err, "directive_version", n)
}

// FindDirectiveVersions returns a directive's versions, oldest first.
func (db *DB) FindDirectiveVersions(ctx context.Context, directiveID int64) ([]*directives.Version, error) {
	rows, err := db.query(ctx, `SELECT `+versionColumns+` FROM directive_versions WHERE directive_id = ? ORDER BY number`, directiveID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*directives.Version
	for rows.Next() {
		v, err := scanVersion(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, mapError(rows.Err())
}

// CreateApprovedProject inserts the project an approval creates, with its
// approved budget lines pointing at the decision.
func (db *DB) CreateApprovedProject(ctx context.Context, p *directives.Project) error {
	return db.WithTx(ctx, func(ctx context.Context) error {
		now := db.now()
		p.CreatedAt = now
		var err error
		p.ID, err = db.insert(ctx, `INSERT INTO projects (name, state, idea_id, directive_id, decision_id, steering_body_id, owner_id,
			manager_id, priority, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			p.Name, p.State, nullInt(p.IdeaID), nullInt(p.DirectiveID), nullInt(p.DecisionID), nullInt(p.SteeringBodyID),
			nullInt(p.OwnerID), nullInt(p.ManagerID), p.Priority, now, now)
		if err != nil {
			return err
		}
		for _, b := range p.Budget {
			if _, err := db.exec(ctx, `INSERT INTO project_budget (project_id, year, source, amount_nok, decision_id) VALUES (?, ?, ?, ?, ?)`,
				p.ID, b.Year, b.Source, b.AmountNOK, nullInt(p.DecisionID)); err != nil {
				return err
			}
		}
		return nil
	})
}

// SetProjectSteeringBody records a project's steering group.
func (db *DB) SetProjectSteeringBody(ctx context.Context, projectID, bodyID int64) error {
	res, err := db.exec(ctx, `UPDATE projects SET steering_body_id = ?, updated_at = ? WHERE id = ?`, bodyID, db.now(), projectID)
	return affected(res, err, "project", projectID)
}

const projectColumns = `p.id, p.name, p.state, p.idea_id, p.directive_id, p.decision_id, p.steering_body_id, p.owner_id,
	COALESCE(po.name, ''), p.manager_id, COALESCE(pm.name, ''), p.priority, p.created_at`

const projectFrom = ` FROM projects p LEFT JOIN people po ON po.id = p.owner_id LEFT JOIN people pm ON pm.id = p.manager_id`

func scanProject(sc interface{ Scan(...any) error }) (*directives.Project, error) {
	var p directives.Project
	err := sc.Scan(&p.ID, &p.Name, &p.State, ni(&p.IdeaID), ni(&p.DirectiveID), ni(&p.DecisionID), ni(&p.SteeringBodyID),
		ni(&p.OwnerID), &p.OwnerName, ni(&p.ManagerID), &p.ManagerName, &p.Priority, tm(&p.CreatedAt))
	p.Budget, p.NeedIDs, p.BackingOrgNames = []directives.BudgetLine{}, []int64{}, []string{}
	return &p, mapError(err)
}

// FindProjectByID returns a project with its budget, the needs it answers
// and the organisations backing them.
func (db *DB) FindProjectByID(ctx context.Context, id int64) (*directives.Project, error) {
	p, err := scanProject(db.queryRow(ctx, `SELECT `+projectColumns+projectFrom+` WHERE p.id = ?`, id))
	if err != nil {
		return nil, orNotFound(err, "project", id)
	}
	rows, err := db.query(ctx, `SELECT year, source, amount_nok FROM project_budget WHERE project_id = ? ORDER BY year, source`, id)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var b directives.BudgetLine
		if err := rows.Scan(&b.Year, &b.Source, &b.AmountNOK); err != nil {
			rows.Close()
			return nil, mapError(err)
		}
		p.Budget = append(p.Budget, b)
	}
	rows.Close()
	if p.IdeaID == 0 {
		return p, nil
	}
	if p.NeedIDs, err = db.ideaNeeds(ctx, p.IdeaID); err != nil {
		return nil, err
	}
	p.BackingOrgNames, err = db.strings(ctx, `SELECT DISTINCT o.name FROM need_backings b JOIN organisations o ON o.id = b.org_id
		WHERE b.withdrawn_at IS NULL AND b.need_id IN (SELECT need_id FROM project_idea_needs WHERE idea_id = ?) ORDER BY o.name`, p.IdeaID)
	return p, err
}

// FindProjects returns every project, newest first (projects are public).
func (db *DB) FindProjects(ctx context.Context) ([]*directives.Project, error) {
	rows, err := db.query(ctx, `SELECT `+projectColumns+projectFrom+` ORDER BY p.id DESC`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []*directives.Project{}
	for rows.Next() {
		p, err := scanProject(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, mapError(rows.Err())
}

// PersonContact returns a person's name and e-mail address.
func (db *DB) PersonContact(ctx context.Context, id int64) (name, email string, err error) {
	err = db.queryRow(ctx, `SELECT name, email FROM people WHERE id = ?`, id).Scan(&name, &email)
	return name, email, orNotFound(mapError(err), "person", id)
}
