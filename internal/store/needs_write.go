package store

import (
	"context"
	"strings"

	"github.com/samstyr/samstyr/internal/needs"
)

// CreateNeed inserts n and sets its id and times.
func (db *DB) CreateNeed(ctx context.Context, n *needs.Need) error {
	ctx = Tagged(ctx, needs.TagLists, tagTerms)
	now := db.now()
	n.CreatedAt, n.UpdatedAt = now, now
	id, err := db.insert(ctx, `INSERT INTO needs (title, problem, affected, area, source, benefit, hours_saved, nok_saved, urgency,
		legal_deadline, standards, components, size, org_id, contact_id, submitter_id, state, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		n.Title, n.Problem, strings.Join(n.Affected, ","), n.Area, n.Source, n.Benefit, nullInt(n.HoursSaved), nullInt(n.NOKSaved),
		n.Urgency, dateArg(n.LegalDeadline), strings.Join(n.Standards, "\n"), strings.Join(n.Components, "\n"), n.Size, n.OrgID,
		nullInt(n.ContactID), nullInt(n.SubmitterID), n.State, now, now)
	if err != nil {
		return err
	}
	n.ID = id
	return db.indexNeed(Tagged(ctx, needs.Tag(id), needs.SimilarTag(id), needs.TagLists, tagTerms), n)
}

// UpdateNeed writes n's fields and state.
func (db *DB) UpdateNeed(ctx context.Context, n *needs.Need) error {
	ctx = Tagged(ctx, needs.Tag(n.ID), needs.SimilarTag(n.ID), needs.TagLists, tagTerms)
	n.UpdatedAt = db.now()
	res, err := db.exec(ctx, `UPDATE needs SET title = ?, problem = ?, affected = ?, area = ?, source = ?, benefit = ?, hours_saved = ?,
		nok_saved = ?, urgency = ?, legal_deadline = ?, standards = ?, components = ?, size = ?, contact_id = ?, state = ?, merged_into = ?,
		review_date = ?, body_id = ?, decision_id = ?, decision_ref = ?, decision_unmatched = ?, submitted_at = ?, updated_at = ? WHERE id = ?`,
		n.Title, n.Problem, strings.Join(n.Affected, ","), n.Area, n.Source, n.Benefit, nullInt(n.HoursSaved), nullInt(n.NOKSaved),
		n.Urgency, dateArg(n.LegalDeadline), strings.Join(n.Standards, "\n"), strings.Join(n.Components, "\n"), n.Size,
		nullInt(n.ContactID), n.State, nullInt(n.MergedInto), dateArg(n.ReviewDate), nullInt(n.BodyID), nullInt(n.DecisionID),
		n.DecisionRef, n.DecisionUnmatched && n.DecisionID == 0, timeArg(n.SubmittedAt), n.UpdatedAt, n.ID)
	if err := affected(res, err, "need", n.ID); err != nil {
		return err
	}
	return db.indexNeed(ctx, n)
}

// indexNeed keeps the SQLite full-text index in step (PostgreSQL keeps a
// generated tsvector column).
func (db *DB) indexNeed(ctx context.Context, n *needs.Need) error {
	if db.dialect == Postgres {
		return nil
	}
	if _, err := db.exec(ctx, `DELETE FROM needs_fts WHERE rowid = ?`, n.ID); err != nil {
		return err
	}
	_, err := db.exec(ctx, `INSERT INTO needs_fts (rowid, title, problem, benefit) VALUES (?, ?, ?, ?)`, n.ID, n.Title, n.Problem, n.Benefit)
	return err
}

// CreateNeedEvent appends a move to a need's history.
func (db *DB) CreateNeedEvent(ctx context.Context, e *needs.Event) error {
	ctx = Tagged(ctx, needs.Tag(e.NeedID))
	e.At = db.now()
	id, err := db.insert(ctx, `INSERT INTO need_events (need_id, from_state, to_state, actor_id, comment, reason, review_date, body_id,
		decision_id, decision_ref, merged_into, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		e.NeedID, e.From, e.To, nullInt(e.ActorID), e.Comment, e.Reason, dateArg(e.ReviewDate), nullInt(e.BodyID), nullInt(e.DecisionID),
		e.DecisionRef, nullInt(e.MergedInto), e.At)
	e.ID = id
	return err
}

// FindNeedEvents returns a need's history, oldest first.
func (db *DB) FindNeedEvents(ctx context.Context, needID int64) ([]*needs.Event, error) {
	rows, err := db.query(ctx, `SELECT e.id, e.need_id, e.from_state, e.to_state, e.actor_id, COALESCE(p.name, ''), e.comment, e.reason,
		e.review_date, e.body_id, e.decision_id, e.decision_ref, e.decision_unmatched, e.merged_into, e.at
		FROM need_events e LEFT JOIN people p ON p.id = e.actor_id WHERE e.need_id = ? ORDER BY e.id`, needID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*needs.Event
	for rows.Next() {
		var e needs.Event
		if err := rows.Scan(&e.ID, &e.NeedID, &e.From, &e.To, ni(&e.ActorID), &e.ActorName, &e.Comment, &e.Reason, tm(&e.ReviewDate),
			ni(&e.BodyID), ni(&e.DecisionID), &e.DecisionRef, &e.DecisionUnmatched, ni(&e.MergedInto), tm(&e.At)); err != nil {
			return nil, mapError(err)
		}
		out = append(out, &e)
	}
	return out, mapError(rows.Err())
}

// NeedRecipients returns the people told about a need's changes: the
// submitter, the contact person and the people who backed it (current
// backings), each once.
func (db *DB) NeedRecipients(ctx context.Context, needID int64) ([]int64, error) {
	rows, err := db.query(ctx, `SELECT submitter_id FROM needs WHERE id = ? AND submitter_id IS NOT NULL
		UNION SELECT contact_id FROM needs WHERE id = ? AND contact_id IS NOT NULL
		UNION SELECT person_id FROM need_backings WHERE need_id = ? AND withdrawn_at IS NULL AND person_id IS NOT NULL`, needID, needID, needID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, mapError(err)
		}
		out = append(out, id)
	}
	return out, mapError(rows.Err())
}

// PersonInOrg reports whether an enabled person belongs to the organisation.
func (db *DB) PersonInOrg(ctx context.Context, personID, orgID int64) (bool, error) {
	var n int
	err := db.queryRow(ctx, `SELECT COUNT(*) FROM people WHERE id = ? AND organisation_id = ? AND disabled_at IS NULL`, personID, orgID).Scan(&n)
	return n > 0, mapError(err)
}

// BodyKind returns a body's kind, or NotFound.
func (db *DB) BodyKind(ctx context.Context, id int64) (string, error) {
	var kind string
	err := db.queryRow(ctx, `SELECT kind FROM bodies WHERE id = ?`, id).Scan(&kind)
	return kind, orNotFound(mapError(err), "body", id)
}

// BodyExists reports whether a governance body exists.
func (db *DB) BodyExists(ctx context.Context, id int64) (bool, error) {
	var n int
	err := db.queryRow(ctx, `SELECT COUNT(*) FROM bodies WHERE id = ?`, id).Scan(&n)
	return n > 0, mapError(err)
}

const backingColumns = `b.id, b.need_id, b.org_id, o.name, o.kind, COALESCE(o.municipality_number, ''), COALESCE(o.county_number, ''),
	o.county_name, o.population, b.person_id, COALESCE(p.name, ''), b.comment, b.moved_from, b.created_at, b.withdrawn_at
	FROM need_backings b JOIN organisations o ON o.id = b.org_id LEFT JOIN people p ON p.id = b.person_id`

func scanBacking(sc scanner) (*needs.Backing, error) {
	var b needs.Backing
	if err := sc.Scan(&b.ID, &b.NeedID, &b.OrgID, &b.OrgName, &b.OrgKind, &b.MunicipalityNumber, &b.CountyNumber, &b.CountyName,
		ni(&b.Population), ni(&b.PersonID), &b.PersonName, &b.Comment, ni(&b.MovedFrom), tm(&b.CreatedAt), tm(&b.WithdrawnAt)); err != nil {
		return nil, mapError(err)
	}
	return &b, nil
}

// FindBackings returns a need's backings by organisation name; withdrawn
// ones only when asked.
func (db *DB) FindBackings(ctx context.Context, needID int64, withdrawn bool) ([]*needs.Backing, error) {
	q := `SELECT ` + backingColumns + ` WHERE b.need_id = ?`
	if !withdrawn {
		q += ` AND b.withdrawn_at IS NULL`
	}
	rows, err := db.query(ctx, q+` ORDER BY o.search_name, b.id`, needID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*needs.Backing
	for rows.Next() {
		b, err := scanBacking(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, b)
	}
	return out, mapError(rows.Err())
}

// FindActiveBacking returns the organisation's current backing of a need,
// or NotFound.
func (db *DB) FindActiveBacking(ctx context.Context, needID, orgID int64) (*needs.Backing, error) {
	b, err := scanBacking(db.queryRow(ctx, `SELECT `+backingColumns+` WHERE b.need_id = ? AND b.org_id = ? AND b.withdrawn_at IS NULL`, needID, orgID))
	return b, orNotFound(err, "backing", needID)
}

// CreateBacking inserts a backing; a second current backing by the same
// organisation is a Conflict (unique index).
func (db *DB) CreateBacking(ctx context.Context, b *needs.Backing) error {
	ctx = Tagged(ctx, needs.Tag(b.NeedID), needs.TagLists)
	b.CreatedAt = db.now()
	id, err := db.insert(ctx, `INSERT INTO need_backings (need_id, org_id, person_id, comment, created_at) VALUES (?, ?, ?, ?, ?)`,
		b.NeedID, b.OrgID, nullInt(b.PersonID), b.Comment, b.CreatedAt)
	b.ID = id
	return err
}

// WithdrawBacking marks a backing of need needID withdrawn (it is kept).
func (db *DB) WithdrawBacking(ctx context.Context, needID, id, by int64) error {
	ctx = Tagged(ctx, needs.Tag(needID), needs.TagLists)
	res, err := db.exec(ctx, `UPDATE need_backings SET withdrawn_at = ?, withdrawn_by = ? WHERE id = ? AND need_id = ? AND withdrawn_at IS NULL`, db.now(), nullInt(by), id, needID)
	return affected(res, err, "backing", id)
}

// MoveBackings moves the current backings of need from to need into. An
// organisation that already backs into keeps that one, and its backing of
// from is marked withdrawn, so no organisation counts twice.
func (db *DB) MoveBackings(ctx context.Context, from, into int64) (moved, dropped int64, err error) {
	ctx = Tagged(ctx, needs.Tag(from), needs.Tag(into), needs.TagLists)
	res, err := db.exec(ctx, `UPDATE need_backings SET withdrawn_at = ? WHERE need_id = ? AND withdrawn_at IS NULL
		AND org_id IN (SELECT org_id FROM need_backings WHERE need_id = ? AND withdrawn_at IS NULL)`, db.now(), from, into)
	if err != nil {
		return 0, 0, err
	}
	if dropped, err = res.RowsAffected(); err != nil {
		return 0, 0, mapError(err)
	}
	res, err = db.exec(ctx, `UPDATE need_backings SET need_id = ?, moved_from = ? WHERE need_id = ? AND withdrawn_at IS NULL`, into, from, from)
	if err != nil {
		return 0, 0, err
	}
	moved, err = res.RowsAffected()
	return moved, dropped, mapError(err)
}

// BackingStats sums up a need's current backing: organisations,
// municipalities, their population and its share of all municipalities'
// population, and the municipalities per county.
func (db *DB) BackingStats(ctx context.Context, needID int64) (needs.Stats, error) {
	st := needs.Stats{Counties: []needs.CountyCount{}}
	var total int64
	err := db.queryRow(ctx, `SELECT COUNT(*), COALESCE(SUM(CASE WHEN o.kind = 'municipality' THEN 1 ELSE 0 END), 0),
		CAST(COALESCE(SUM(CASE WHEN o.kind = 'municipality' THEN o.population ELSE 0 END), 0) AS BIGINT),
		(SELECT CAST(COALESCE(SUM(population), 0) AS BIGINT) FROM organisations WHERE kind = 'municipality')
		FROM need_backings b JOIN organisations o ON o.id = b.org_id WHERE b.need_id = ? AND b.withdrawn_at IS NULL`, needID).
		Scan(&st.Organisations, &st.Municipalities, &st.Population, &total)
	if err != nil {
		return st, mapError(err)
	}
	if total > 0 {
		st.PopulationShare = float64(st.Population) / float64(total)
	}
	rows, err := db.query(ctx, `SELECT o.county_number, MAX(o.county_name), COUNT(*), CAST(COALESCE(SUM(o.population), 0) AS BIGINT)
		FROM need_backings b JOIN organisations o ON o.id = b.org_id
		WHERE b.need_id = ? AND b.withdrawn_at IS NULL AND o.kind = 'municipality' AND o.county_number IS NOT NULL
		GROUP BY o.county_number ORDER BY COUNT(*) DESC, MAX(o.county_name)`, needID)
	if err != nil {
		return st, err
	}
	defer rows.Close()
	for rows.Next() {
		var c needs.CountyCount
		if err := rows.Scan(&c.Number, &c.Name, &c.Municipalities, &c.Population); err != nil {
			return st, mapError(err)
		}
		st.Counties = append(st.Counties, c)
	}
	return st, mapError(rows.Err())
}

// CreateAttachment stores an attachment with its content.
func (db *DB) CreateAttachment(ctx context.Context, a *needs.Attachment) error {
	ctx = Tagged(ctx, needs.Tag(a.NeedID))
	a.CreatedAt = db.now()
	id, err := db.insert(ctx, `INSERT INTO need_attachments (need_id, name, content_type, size, data, uploaded_by, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?)`, a.NeedID, a.Name, a.ContentType, a.Size, a.Data, nullInt(a.UploadedBy), a.CreatedAt)
	a.ID = id
	return err
}

// FindAttachments lists a need's attachments without their content.
func (db *DB) FindAttachments(ctx context.Context, needID int64) ([]*needs.Attachment, error) {
	rows, err := db.query(ctx, `SELECT id, need_id, name, content_type, size, uploaded_by, created_at FROM need_attachments
		WHERE need_id = ? ORDER BY id`, needID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*needs.Attachment
	for rows.Next() {
		var a needs.Attachment
		if err := rows.Scan(&a.ID, &a.NeedID, &a.Name, &a.ContentType, &a.Size, ni(&a.UploadedBy), tm(&a.CreatedAt)); err != nil {
			return nil, mapError(err)
		}
		out = append(out, &a)
	}
	return out, mapError(rows.Err())
}

// FindAttachment returns one attachment of a need with its content.
func (db *DB) FindAttachment(ctx context.Context, needID, id int64) (*needs.Attachment, error) {
	var a needs.Attachment
	err := db.queryRow(ctx, `SELECT id, need_id, name, content_type, size, uploaded_by, created_at, data FROM need_attachments
		WHERE need_id = ? AND id = ?`, needID, id).Scan(&a.ID, &a.NeedID, &a.Name, &a.ContentType, &a.Size, ni(&a.UploadedBy), tm(&a.CreatedAt), &a.Data)
	if err != nil {
		return nil, orNotFound(mapError(err), "attachment", id)
	}
	return &a, nil
}

// FindOrgPeople returns the enabled people of an organisation by name.
func (db *DB) FindOrgPeople(ctx context.Context, orgID int64) ([]needs.Contact, error) {
	rows, err := db.query(ctx, `SELECT id, name FROM people WHERE organisation_id = ? AND disabled_at IS NULL ORDER BY search_name, id`, orgID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []needs.Contact
	for rows.Next() {
		var c needs.Contact
		if err := rows.Scan(&c.ID, &c.Name); err != nil {
			return nil, mapError(err)
		}
		out = append(out, c)
	}
	return out, mapError(rows.Err())
}
