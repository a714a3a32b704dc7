package store

import (
	"context"
	"strings"
	"time"

	"github.com/samstyr/samstyr/internal/stakeholders"
)

// Inquiries, their links and answers, and the public FAQ
// (internal/stakeholders).

const inquiryColumns = `i.id, i.year, i.seq, i.reference, i.channel, i.sender_name, i.sender_email, i.organisation, i.topic, i.body,
	i.locale, i.state, i.owner_id, COALESCE(p.name, ''), i.deadline, i.answer, i.answered_at, i.answered_by, i.closed_at,
	i.faq_question, i.faq_answer, i.faq_published_at, i.ack_mailed_at, i.reminded_at, i.escalated_at, i.created_by,
	i.created_at, i.updated_at`

const inquiryFrom = ` FROM inquiries i LEFT JOIN people p ON p.id = i.owner_id`

func scanInquiry(sc interface{ Scan(...any) error }) (*stakeholders.Inquiry, error) {
	var i stakeholders.Inquiry
	err := sc.Scan(&i.ID, &i.Year, &i.Seq, &i.Reference, &i.Channel, &i.SenderName, &i.SenderEmail, &i.Organisation, &i.Topic,
		&i.Text, &i.Locale, &i.State, ni(&i.OwnerID), &i.OwnerName, tm(&i.Deadline), &i.Answer, tm(&i.AnsweredAt), ni(&i.AnsweredBy),
		tm(&i.ClosedAt), &i.FAQQuestion, &i.FAQAnswer, tm(&i.FAQPublishedAt), tm(&i.AckMailedAt), tm(&i.RemindedAt),
		tm(&i.EscalatedAt), ni(&i.CreatedBy), tm(&i.CreatedAt), tm(&i.UpdatedAt))
	if err != nil {
		return nil, mapError(err)
	}
	i.Links = []stakeholders.Link{}
	return &i, nil
}

// NextInquirySeq returns the next number of a year. Call it inside
// WithTx: the write lock (SQLite's one writer, PostgreSQL's advisory lock)
// keeps two submissions from taking the same number, and a rolled-back
// transaction takes none, so the numbers have no gaps.
func (db *DB) NextInquirySeq(ctx context.Context, year int) (int, error) {
	var n int
	err := db.queryRow(ctx, `SELECT COALESCE(MAX(seq), 0) + 1 FROM inquiries WHERE year = ?`, year).Scan(&n)
	return n, mapError(err)
}

// CreateInquiry inserts an inquiry and sets its id and times.
func (db *DB) CreateInquiry(ctx context.Context, i *stakeholders.Inquiry) error {
	now := db.now()
	i.CreatedAt, i.UpdatedAt = now, now
	var err error
	i.ID, err = db.insert(ctx, `INSERT INTO inquiries (year, seq, reference, channel, sender_name, sender_email, organisation, topic,
		body, locale, state, owner_id, deadline, created_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		i.Year, i.Seq, i.Reference, i.Channel, i.SenderName, i.SenderEmail, i.Organisation, i.Topic, i.Text, i.Locale, i.State,
		nullInt(i.OwnerID), timeArg(i.Deadline), nullInt(i.CreatedBy), now, now)
	return err
}

// UpdateInquiry writes an inquiry's changeable fields.
func (db *DB) UpdateInquiry(ctx context.Context, i *stakeholders.Inquiry) error {
	i.UpdatedAt = db.now()
	res, err := db.exec(ctx, `UPDATE inquiries SET state = ?, owner_id = ?, deadline = ?, answer = ?, answered_at = ?, answered_by = ?,
		closed_at = ?, faq_question = ?, faq_answer = ?, faq_published_at = ?, reminded_at = ?, escalated_at = ?, updated_at = ?
		WHERE id = ?`,
		i.State, nullInt(i.OwnerID), timeArg(i.Deadline), i.Answer, timeArg(i.AnsweredAt), nullInt(i.AnsweredBy), timeArg(i.ClosedAt),
		i.FAQQuestion, i.FAQAnswer, timeArg(i.FAQPublishedAt), timeArg(i.RemindedAt), timeArg(i.EscalatedAt), i.UpdatedAt, i.ID)
	return affected(res, err, "inquiry", i.ID)
}

// FindInquiryByID returns an inquiry with its links.
func (db *DB) FindInquiryByID(ctx context.Context, id int64) (*stakeholders.Inquiry, error) {
	i, err := scanInquiry(db.queryRow(ctx, `SELECT `+inquiryColumns+inquiryFrom+` WHERE i.id = ?`, id))
	if err != nil {
		return nil, orNotFound(err, "inquiry", id)
	}
	rows, err := db.query(ctx, `SELECT item_type, item_id, title FROM inquiry_links WHERE inquiry_id = ? ORDER BY item_type, item_id`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var l stakeholders.Link
		if err := rows.Scan(&l.Type, &l.ID, &l.Title); err != nil {
			return nil, mapError(err)
		}
		i.Links = append(i.Links, l)
	}
	return i, mapError(rows.Err())
}

// FindInquiries returns the queue: open ones by deadline first, then the
// rest newest first.
func (db *DB) FindInquiries(ctx context.Context, f stakeholders.Filter) ([]*stakeholders.Inquiry, error) {
	var where []string
	var args []any
	if f.State != "" {
		where, args = append(where, "i.state = ?"), append(args, f.State)
	}
	if f.OwnerID != 0 {
		where, args = append(where, "i.owner_id = ?"), append(args, f.OwnerID)
	}
	if f.Overdue {
		where, args = append(where, "i.state = 'open' AND i.deadline < ?"), append(args, timeArg(db.now()))
	}
	q := `SELECT ` + inquiryColumns + inquiryFrom
	if len(where) > 0 {
		q += " WHERE " + strings.Join(where, " AND ")
	}
	q += ` ORDER BY CASE WHEN i.state = 'open' THEN 0 ELSE 1 END, CASE WHEN i.state = 'open' THEN i.deadline END, i.id DESC LIMIT ?`
	rows, err := db.query(ctx, q, append(args, f.Limit)...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []*stakeholders.Inquiry{}
	for rows.Next() {
		i, err := scanInquiry(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, i)
	}
	return out, mapError(rows.Err())
}

// InquiryStats counts open, overdue, soon due (two days) and answered
// inquiries at now.
func (db *DB) InquiryStats(ctx context.Context, now time.Time) (stakeholders.QueueStats, error) {
	var st stakeholders.QueueStats
	err := db.queryRow(ctx, `SELECT
		COALESCE(SUM(CASE WHEN state = 'open' THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN state = 'open' AND deadline < ? THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN state = 'open' AND deadline >= ? AND deadline < ? THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN state = 'answered' THEN 1 ELSE 0 END), 0)
		FROM inquiries`, timeArg(now), timeArg(now), timeArg(now.Add(48*time.Hour))).Scan(&st.Open, &st.Overdue, &st.DueSoon, &st.Answered)
	return st, mapError(err)
}

// AddInquiryLink links an item to an inquiry (once).
func (db *DB) AddInquiryLink(ctx context.Context, id int64, l stakeholders.Link) error {
	_, err := db.exec(ctx, `INSERT INTO inquiry_links (inquiry_id, item_type, item_id, title) VALUES (?, ?, ?, ?)
		ON CONFLICT (inquiry_id, item_type, item_id) DO NOTHING`, id, l.Type, l.ID, l.Title)
	return err
}

// CreateInquiryAnswer keeps an answer and sets its id.
func (db *DB) CreateInquiryAnswer(ctx context.Context, a *stakeholders.Answer) error {
	var err error
	a.ID, err = db.insert(ctx, `INSERT INTO inquiry_answers (inquiry_id, body, sent_by, sent_at) VALUES (?, ?, ?, ?)`,
		a.InquiryID, a.Text, nullInt(a.SentBy), timeArg(a.SentAt))
	return err
}

// FindInquiryAnswers returns an inquiry's answers, oldest first.
func (db *DB) FindInquiryAnswers(ctx context.Context, id int64) ([]*stakeholders.Answer, error) {
	rows, err := db.query(ctx, `SELECT id, inquiry_id, body, sent_by, sent_at, mailed_at FROM inquiry_answers WHERE inquiry_id = ? ORDER BY id`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []*stakeholders.Answer{}
	for rows.Next() {
		var a stakeholders.Answer
		if err := rows.Scan(&a.ID, &a.InquiryID, &a.Text, ni(&a.SentBy), tm(&a.SentAt), tm(&a.MailedAt)); err != nil {
			return nil, mapError(err)
		}
		out = append(out, &a)
	}
	return out, mapError(rows.Err())
}

// MarkInquiryMailed records that the acknowledgement (kind ack) or an
// answer was mailed.
func (db *DB) MarkInquiryMailed(ctx context.Context, id int64, kind string, answerID int64, at time.Time) error {
	if kind == "ack" {
		return db.bookkeep(ctx, `UPDATE inquiries SET ack_mailed_at = ? WHERE id = ?`, timeArg(at), id)
	}
	return db.bookkeep(ctx, `UPDATE inquiry_answers SET mailed_at = ? WHERE id = ? AND inquiry_id = ?`, timeArg(at), answerID, id)
}

// FindFAQ returns the published questions and answers, newest first.
func (db *DB) FindFAQ(ctx context.Context) ([]*stakeholders.FAQ, error) {
	rows, err := db.query(ctx, `SELECT id, reference, topic, faq_question, faq_answer, faq_published_at FROM inquiries
		WHERE faq_published_at IS NOT NULL ORDER BY faq_published_at DESC, id DESC`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []*stakeholders.FAQ{}
	for rows.Next() {
		var f stakeholders.FAQ
		if err := rows.Scan(&f.ID, &f.Reference, &f.Topic, &f.Question, &f.Answer, tm(&f.PublishedAt)); err != nil {
			return nil, mapError(err)
		}
		out = append(out, &f)
	}
	return out, mapError(rows.Err())
}

// SecretariatPeople returns the people with a current membership (not as
// observers) of a secretariat body.
func (db *DB) SecretariatPeople(ctx context.Context, today time.Time) ([]int64, error) {
	day := today.Format(dateLayout)
	return db.int64s(ctx, `SELECT DISTINCT m.person_id FROM memberships m JOIN bodies b ON b.id = m.body_id
		WHERE b.kind = 'secretariat' AND m.function <> 'observer' AND m.status = 'active' AND m.term_from <= ?
		AND (m.term_to IS NULL OR m.term_to >= ?) ORDER BY m.person_id`, day, day)
}

// FindInquiryOwners returns the people who may own inquiries (the current
// secretariat), by name.
func (db *DB) FindInquiryOwners(ctx context.Context, today time.Time) ([]stakeholders.Owner, error) {
	day := today.Format(dateLayout)
	rows, err := db.query(ctx, `SELECT DISTINCT p.id, p.name FROM memberships m JOIN bodies b ON b.id = m.body_id
		JOIN people p ON p.id = m.person_id WHERE b.kind = 'secretariat' AND m.function <> 'observer' AND m.status = 'active'
		AND m.term_from <= ? AND (m.term_to IS NULL OR m.term_to >= ?) ORDER BY p.name, p.id`, day, day)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []stakeholders.Owner{}
	for rows.Next() {
		var o stakeholders.Owner
		if err := rows.Scan(&o.ID, &o.Name); err != nil {
			return nil, mapError(err)
		}
		out = append(out, o)
	}
	return out, mapError(rows.Err())
}

// CreateInquiryAttachment stores a file sent with an inquiry.
func (db *DB) CreateInquiryAttachment(ctx context.Context, a *stakeholders.Attachment) error {
	a.CreatedAt = db.now()
	var err error
	a.ID, err = db.insert(ctx, `INSERT INTO inquiry_attachments (inquiry_id, name, content_type, size, data, created_at)
		VALUES (?, ?, ?, ?, ?, ?)`, a.InquiryID, a.Name, a.ContentType, a.Size, a.Data, a.CreatedAt)
	return err
}

// FindInquiryAttachments lists an inquiry's files without their content.
func (db *DB) FindInquiryAttachments(ctx context.Context, inquiryID int64) ([]*stakeholders.Attachment, error) {
	rows, err := db.query(ctx, `SELECT id, inquiry_id, name, content_type, size, created_at FROM inquiry_attachments
		WHERE inquiry_id = ? ORDER BY id`, inquiryID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []*stakeholders.Attachment{}
	for rows.Next() {
		var a stakeholders.Attachment
		if err := rows.Scan(&a.ID, &a.InquiryID, &a.Name, &a.ContentType, &a.Size, tm(&a.CreatedAt)); err != nil {
			return nil, mapError(err)
		}
		out = append(out, &a)
	}
	return out, mapError(rows.Err())
}

// FindInquiryAttachment returns one file of an inquiry with its content.
func (db *DB) FindInquiryAttachment(ctx context.Context, inquiryID, id int64) (*stakeholders.Attachment, error) {
	var a stakeholders.Attachment
	err := db.queryRow(ctx, `SELECT id, inquiry_id, name, content_type, size, created_at, data FROM inquiry_attachments
		WHERE inquiry_id = ? AND id = ?`, inquiryID, id).Scan(&a.ID, &a.InquiryID, &a.Name, &a.ContentType, &a.Size, tm(&a.CreatedAt), &a.Data)
	if err != nil {
		return nil, orNotFound(mapError(err), "attachment", id)
	}
	return &a, nil
}
