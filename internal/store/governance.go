package store

import (
	"context"
	"strings"

	"github.com/samstyr/samstyr/internal/governance"
)

const bodyColumns = `id, kind, slug, name_nb, name_nn, name_en, short_name, mandate, parent_id, secretariat_id, active,
	financing_nok, financing_source, period_from, period_to, decision_id, created_at, updated_at`

func scanBody(sc interface{ Scan(...any) error }) (*governance.Body, error) {
	var b governance.Body
	err := sc.Scan(&b.ID, &b.Kind, &b.Slug, &b.NameNB, &b.NameNN, &b.NameEN, &b.ShortName, &b.Mandate, ni(&b.ParentID),
		ni(&b.SecretariatID), &b.Active, ni(&b.FinancingNOK), &b.FinancingSource, tm(&b.PeriodFrom), tm(&b.PeriodTo),
		ni(&b.DecisionID), tm(&b.CreatedAt), tm(&b.UpdatedAt))
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

// FindBodyByID returns one body, with the decision that appointed it, or
// NotFound.
func (db *DB) FindBodyByID(ctx context.Context, id int64) (*governance.Body, error) {
	b, err := scanBody(db.queryRow(ctx, `SELECT `+bodyColumns+` FROM bodies WHERE id = ?`, id))
	if err != nil {
		return nil, orNotFound(err, "body", id)
	}
	if b.DecisionID != 0 {
		if b.Decision, err = db.FindDecisionRef(ctx, b.DecisionID); err != nil {
			return nil, err
		}
	}
	return b, nil
}

// FindDecisionRef returns the case number, body and meeting of a decision.
func (db *DB) FindDecisionRef(ctx context.Context, decisionID int64) (*governance.DecisionRef, error) {
	var r governance.DecisionRef
	var number, year int
	err := db.queryRow(ctx, `SELECT d.id, c.id, c.number, c.year, b.id, b.name_nb, b.name_nn, b.name_en, mt.id, mt.starts_at
		FROM decisions d JOIN cases c ON c.id = d.case_id JOIN bodies b ON b.id = d.body_id JOIN meetings mt ON mt.id = d.meeting_id
		WHERE d.id = ?`, decisionID).Scan(&r.DecisionID, &r.CaseID, &number, &year, &r.BodyID, &r.BodyName, &r.BodyNameNN,
		&r.BodyNameEN, &r.MeetingID, tm(&r.MeetingStart))
	if err != nil {
		return nil, orNotFound(mapError(err), "decision", decisionID)
	}
	r.Case = governance.CaseNumber(number, year)
	return &r, nil
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
	if err != nil {
		return err
	}
	return db.UpdateBody(ctx, b)
}

// UpdateBody writes a body's fields.
func (db *DB) UpdateBody(ctx context.Context, b *governance.Body) error {
	b.UpdatedAt = db.now()
	res, err := db.exec(ctx, `UPDATE bodies SET name_nb = ?, name_nn = ?, name_en = ?, short_name = ?, mandate = ?, parent_id = ?,
		secretariat_id = ?, active = ?, financing_nok = ?, financing_source = ?, period_from = ?, period_to = ?, decision_id = ?,
		updated_at = ? WHERE id = ?`,
		b.NameNB, b.NameNN, b.NameEN, b.ShortName, b.Mandate, nullInt(b.ParentID), nullInt(b.SecretariatID), b.Active,
		nullInt(b.FinancingNOK), b.FinancingSource, dateArg(b.PeriodFrom), dateArg(b.PeriodTo), nullInt(b.DecisionID), b.UpdatedAt, b.ID)
	return affected(res, err, "body", b.ID)
}

const membershipColumns = `m.id, m.body_id, b.kind, b.name_nb, m.person_id, p.name, m.organisation_id, COALESCE(o.name, ''),
	COALESCE(o.county_name, ''), m.function, m.sector, m.term_from, m.term_to, m.status, m.appointed_by, m.decision_id,
	m.created_at, m.updated_at, d.id, dc.number, dc.year, dc.id, db2.id, db2.name_nb, db2.name_nn, db2.name_en, dm.id, dm.starts_at`

const membershipFrom = ` FROM memberships m JOIN bodies b ON b.id = m.body_id JOIN people p ON p.id = m.person_id
	LEFT JOIN organisations o ON o.id = m.organisation_id LEFT JOIN decisions d ON d.id = m.decision_id
	LEFT JOIN cases dc ON dc.id = d.case_id LEFT JOIN bodies db2 ON db2.id = d.body_id LEFT JOIN meetings dm ON dm.id = d.meeting_id`

func scanMembership(sc interface{ Scan(...any) error }) (*governance.Membership, error) {
	var m governance.Membership
	var r governance.DecisionRef
	var number, year int64
	err := sc.Scan(&m.ID, &m.BodyID, &m.BodyKind, &m.BodyName, &m.PersonID, &m.PersonName, ni(&m.OrgID), &m.OrgName,
		&m.CountyName, &m.Function, &m.Sector, tm(&m.TermFrom), tm(&m.TermTo), &m.Status, &m.AppointedBy, ni(&m.DecisionID),
		tm(&m.CreatedAt), tm(&m.UpdatedAt), ni(&r.DecisionID), ni(&number), ni(&year), ni(&r.CaseID), ni(&r.BodyID),
		ns(&r.BodyName), ns(&r.BodyNameNN), ns(&r.BodyNameEN), ni(&r.MeetingID), tm(&r.MeetingStart))
	if err != nil {
		return nil, mapError(err)
	}
	if r.DecisionID != 0 {
		r.Case = governance.CaseNumber(int(number), int(year))
		m.Decision = &r
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
	if f.Status != "" {
		q, args = q+` AND m.status = ?`, append(args, f.Status)
	}
	if t := strings.TrimSpace(f.Q); t != "" {
		pat := "%" + likeEscape(strings.ToLower(t)) + "%"
		q, args = q+` AND (LOWER(p.name) LIKE ? ESCAPE '\' OR LOWER(b.name_nb) LIKE ? ESCAPE '\')`, append(args, pat, pat)
	}
	if !f.CurrentOn.IsZero() {
		day := f.CurrentOn.Format(dateLayout)
		q += ` AND m.status = 'active' AND m.term_from <= ? AND (m.term_to IS NULL OR m.term_to >= ?)`
		args = append(args, day, day)
	}
	q += ` ORDER BY b.name_nb, CASE m.function WHEN 'chair' THEN 1 WHEN 'deputy_chair' THEN 2 WHEN 'member' THEN 3
		WHEN 'deputy_member' THEN 4 WHEN 'secretary' THEN 5 ELSE 6 END, p.search_name, m.term_from DESC, m.id`
	if f.Limit > 0 {
		q, args = q+` LIMIT ?`, append(args, f.Limit)
	}
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

// FindMembershipByID returns one membership or NotFound.
func (db *DB) FindMembershipByID(ctx context.Context, id int64) (*governance.Membership, error) {
	m, err := scanMembership(db.queryRow(ctx, `SELECT `+membershipColumns+membershipFrom+` WHERE m.id = ?`, id))
	return m, orNotFound(err, "membership", id)
}

// UpdateMembership writes a membership's seat, term, status and decision.
func (db *DB) UpdateMembership(ctx context.Context, m *governance.Membership) error {
	m.UpdatedAt = db.now()
	res, err := db.exec(ctx, `UPDATE memberships SET organisation_id = ?, function = ?, sector = ?, term_from = ?, term_to = ?,
		status = ?, appointed_by = ?, decision_id = ?, updated_at = ? WHERE id = ?`,
		nullInt(m.OrgID), m.Function, m.Sector, dateArg(m.TermFrom), dateArg(m.TermTo), m.Status, m.AppointedBy,
		nullInt(m.DecisionID), m.UpdatedAt, m.ID)
	return affected(res, err, "membership", m.ID)
}

// PersonExists reports whether a person with the id exists.
func (db *DB) PersonExists(ctx context.Context, id int64) (bool, error) {
	var n int
	err := db.queryRow(ctx, `SELECT COUNT(*) FROM people WHERE id = ?`, id).Scan(&n)
	return n > 0, mapError(err)
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

// FindPersonIDByEmail returns the id of the person with the e-mail address.
func (db *DB) FindPersonIDByEmail(ctx context.Context, email string) (int64, error) {
	var id int64
	err := db.queryRow(ctx, `SELECT id FROM people WHERE email = ?`, email).Scan(&id)
	return id, orNotFound(mapError(err), "person", email)
}

// FindOrganisationIDByNumber returns the id of the organisation with the
// organisation or municipality number.
func (db *DB) FindOrganisationIDByNumber(ctx context.Context, number string) (int64, error) {
	o, err := db.FindOrganisationByNumber(ctx, number)
	if err != nil {
		return 0, err
	}
	return o.ID, nil
}
