package store

import (
	"context"

	"github.com/samstyr/samstyr/internal/governance"
)

const bodyColumns = `id, kind, slug, name_nb, name_nn, name_en, short_name, mandate, parent_id, secretariat_id, active, created_at, updated_at`

func scanBody(sc interface{ Scan(...any) error }) (*governance.Body, error) {
	var b governance.Body
	err := sc.Scan(&b.ID, &b.Kind, &b.Slug, &b.NameNB, &b.NameNN, &b.NameEN, &b.ShortName, &b.Mandate, ni(&b.ParentID),
		ni(&b.SecretariatID), &b.Active, tm(&b.CreatedAt), tm(&b.UpdatedAt))
	if err != nil {
		return nil, mapError(err)
	}
	return &b, nil
}

// FindBodies returns every body, parents before children.
func (db *DB) FindBodies(ctx context.Context) ([]*governance.Body, error) {
	rows, err := db.query(ctx, `SELECT `+bodyColumns+` FROM bodies ORDER BY CASE kind
		WHEN 'main_board' THEN 1 WHEN 'strategic_council' THEN 2 WHEN 'working_committee' THEN 3 WHEN 'user_council' THEN 4
		WHEN 'user_forum' THEN 5 WHEN 'secretariat' THEN 6 WHEN 'working_group' THEN 7 ELSE 8 END, name_nb, id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*governance.Body
	for rows.Next() {
		b, err := scanBody(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, b)
	}
	return out, mapError(rows.Err())
}

// FindBodyByID returns one body or NotFound.
func (db *DB) FindBodyByID(ctx context.Context, id int64) (*governance.Body, error) {
	b, err := scanBody(db.queryRow(ctx, `SELECT `+bodyColumns+` FROM bodies WHERE id = ?`, id))
	return b, orNotFound(err, "body", id)
}

// FindBodyBySlug returns the body with the slug or NotFound.
func (db *DB) FindBodyBySlug(ctx context.Context, slug string) (*governance.Body, error) {
	b, err := scanBody(db.queryRow(ctx, `SELECT `+bodyColumns+` FROM bodies WHERE slug = ?`, slug))
	return b, orNotFound(err, "body", slug)
}

// CreateBody inserts a body and sets its id and times.
func (db *DB) CreateBody(ctx context.Context, b *governance.Body) error {
	now := db.now()
	b.CreatedAt, b.UpdatedAt = now, now
	id, err := db.insert(ctx, `INSERT INTO bodies (kind, slug, name_nb, name_nn, name_en, short_name, mandate, parent_id,
		secretariat_id, active, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		b.Kind, b.Slug, b.NameNB, b.NameNN, b.NameEN, b.ShortName, b.Mandate, nullInt(b.ParentID), nullInt(b.SecretariatID),
		b.Active, now, now)
	b.ID = id
	return err
}

const membershipColumns = `m.id, m.body_id, b.kind, b.name_nb, m.person_id, p.name, m.organisation_id, COALESCE(o.name, ''),
	COALESCE(o.county_name, ''), m.function, m.sector, m.term_from, m.term_to, m.status, m.appointed_by, m.decision_id,
	m.created_at, m.updated_at`

const membershipFrom = ` FROM memberships m JOIN bodies b ON b.id = m.body_id JOIN people p ON p.id = m.person_id
	LEFT JOIN organisations o ON o.id = m.organisation_id`

func scanMembership(sc interface{ Scan(...any) error }) (*governance.Membership, error) {
	var m governance.Membership
	err := sc.Scan(&m.ID, &m.BodyID, &m.BodyKind, &m.BodyName, &m.PersonID, &m.PersonName, ni(&m.OrgID), &m.OrgName,
		&m.CountyName, &m.Function, &m.Sector, tm(&m.TermFrom), tm(&m.TermTo), &m.Status, &m.AppointedBy, ni(&m.DecisionID),
		tm(&m.CreatedAt), tm(&m.UpdatedAt))
	if err != nil {
		return nil, mapError(err)
	}
	return &m, nil
}

// FindMemberships returns memberships matching the filter, by body,
// function and name.
func (db *DB) FindMemberships(ctx context.Context, f governance.MembershipFilter) ([]*governance.Membership, error) {
	q := `SELECT ` + membershipColumns + membershipFrom + ` WHERE 1=1`
	var args []any
	if f.BodyID != 0 {
		q, args = q+` AND m.body_id = ?`, append(args, f.BodyID)
	}
	if f.PersonID != 0 {
		q, args = q+` AND m.person_id = ?`, append(args, f.PersonID)
	}
	if !f.CurrentOn.IsZero() {
		day := f.CurrentOn.Format(dateLayout)
		q += ` AND m.status = 'active' AND m.term_from <= ? AND (m.term_to IS NULL OR m.term_to >= ?)`
		args = append(args, day, day)
	}
	q += ` ORDER BY b.name_nb, CASE m.function WHEN 'chair' THEN 1 WHEN 'deputy_chair' THEN 2 WHEN 'member' THEN 3
		WHEN 'deputy_member' THEN 4 WHEN 'secretary' THEN 5 ELSE 6 END, p.search_name, m.term_from DESC, m.id`
	rows, err := db.query(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*governance.Membership
	for rows.Next() {
		m, err := scanMembership(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, mapError(rows.Err())
}

// CreateMembership inserts a membership and sets its id and times.
func (db *DB) CreateMembership(ctx context.Context, m *governance.Membership) error {
	now := db.now()
	m.CreatedAt, m.UpdatedAt = now, now
	id, err := db.insert(ctx, `INSERT INTO memberships (body_id, person_id, organisation_id, function, sector, term_from, term_to,
		status, appointed_by, decision_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		m.BodyID, m.PersonID, nullInt(m.OrgID), m.Function, m.Sector, dateArg(m.TermFrom), dateArg(m.TermTo), m.Status,
		m.AppointedBy, nullInt(m.DecisionID), now, now)
	m.ID = id
	return err
}
