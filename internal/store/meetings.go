package store

import (
	"context"
	"github.com/samstyr/samstyr/internal/errs"
	"strconv"
	"strings"
	"time"

	"github.com/samstyr/samstyr/internal/governance"
	"github.com/samstyr/samstyr/internal/meetings"
)

const meetingColumns = `m.id, m.body_id, b.kind, b.name_nb, b.name_nn, b.name_en, m.title, m.starts_at, m.ends_at, m.place, m.video_url,
	m.notice_text, m.state, m.sequence, m.published_at, m.cancelled_at, m.cancel_reason, m.created_by, m.created_at, m.updated_at`

const meetingFrom = ` FROM meetings m JOIN bodies b ON b.id = m.body_id`

func scanMeeting(sc interface{ Scan(...any) error }) (*meetings.Meeting, error) {
	var m meetings.Meeting
	err := sc.Scan(&m.ID, &m.BodyID, &m.BodyKind, &m.BodyName, &m.BodyNameNN, &m.BodyNameEN, &m.Title, tm(&m.StartsAt), tm(&m.EndsAt),
		&m.Place, &m.VideoURL, &m.NoticeText, &m.State, &m.Sequence, tm(&m.PublishedAt), tm(&m.CancelledAt), &m.CancelReason,
		ni(&m.CreatedBy), tm(&m.CreatedAt), tm(&m.UpdatedAt))
	if err != nil {
		return nil, mapError(err)
	}
	return &m, nil
}

// CreateMeeting inserts a meeting and sets its id and times.
func (db *DB) CreateMeeting(ctx context.Context, m *meetings.Meeting) error {
	now := db.now()
	m.CreatedAt, m.UpdatedAt = now, now
	id, err := db.insert(ctx, `INSERT INTO meetings (body_id, title, starts_at, ends_at, place, video_url, notice_text, state, sequence,
		published_at, cancelled_at, cancel_reason, created_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		m.BodyID, m.Title, timeArg(m.StartsAt), timeArg(m.EndsAt), m.Place, m.VideoURL, m.NoticeText, m.State, m.Sequence,
		timeArg(m.PublishedAt), timeArg(m.CancelledAt), m.CancelReason, nullInt(m.CreatedBy), now, now)
	m.ID = id
	return err
}

// UpdateMeeting writes a meeting's fields.
func (db *DB) UpdateMeeting(ctx context.Context, m *meetings.Meeting) error {
	m.UpdatedAt = db.now()
	res, err := db.exec(ctx, `UPDATE meetings SET title = ?, starts_at = ?, ends_at = ?, place = ?, video_url = ?, notice_text = ?,
		state = ?, sequence = ?, published_at = ?, cancelled_at = ?, cancel_reason = ?, updated_at = ? WHERE id = ?`,
		m.Title, timeArg(m.StartsAt), timeArg(m.EndsAt), m.Place, m.VideoURL, m.NoticeText, m.State, m.Sequence,
		timeArg(m.PublishedAt), timeArg(m.CancelledAt), m.CancelReason, m.UpdatedAt, m.ID)
	return affected(res, err, "meeting", m.ID)
}

// FindMeetingByID returns one meeting or NotFound.
func (db *DB) FindMeetingByID(ctx context.Context, id int64) (*meetings.Meeting, error) {
	m, err := scanMeeting(db.queryRow(ctx, `SELECT `+meetingColumns+meetingFrom+` WHERE m.id = ?`, id))
	return m, orNotFound(err, "meeting", id)
}

// scopeWhere restricts rows to published ones and those of the bodies in
// the scope (col names the body column, pub the "is public" condition).
func scopeWhere(sc meetings.Scope, col, pub string) (string, []any) {
	if sc.All {
		return "1=1", nil
	}
	if len(sc.Bodies) == 0 {
		return pub, nil
	}
	q := "(" + pub + " OR " + col + " IN (" + strings.TrimSuffix(strings.Repeat("?, ", len(sc.Bodies)), ", ") + "))"
	args := make([]any, len(sc.Bodies))
	for i, b := range sc.Bodies {
		args[i] = b
	}
	return q, args
}

func inList(col string, ids []int64) (string, []any) {
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	return col + " IN (" + strings.TrimSuffix(strings.Repeat("?, ", len(ids)), ", ") + ")", args
}

// FindMeetings returns meetings matching the filter that the scope may
// see, newest first (or, with Upcoming, the next ones first).
func (db *DB) FindMeetings(ctx context.Context, f meetings.MeetingFilter) ([]*meetings.Meeting, error) {
	w, args := scopeWhere(f.Scope, "m.body_id", "m.published_at IS NOT NULL")
	where := []string{w}
	if f.BodyID != 0 {
		where, args = append(where, "m.body_id = ?"), append(args, f.BodyID)
	}
	if len(f.BodyIDs) > 0 {
		q, a := inList("m.body_id", f.BodyIDs)
		where, args = append(where, q), append(args, a...)
	}
	if len(f.States) > 0 {
		states := make([]any, len(f.States))
		for i, st := range f.States {
			states[i] = st
		}
		where, args = append(where, "m.state IN ("+placeholders(len(states))+")"), append(args, states...)
	}
	order := " ORDER BY m.starts_at DESC, m.id DESC"
	if f.Upcoming {
		where, args = append(where, "m.starts_at >= ?"), append(args, timeArg(f.From))
		order = " ORDER BY m.starts_at, m.id"
	}
	if f.After != nil {
		t, err := time.Parse(time.RFC3339Nano, f.After.Key)
		if err != nil {
			return nil, errs.InvalidField("cursor", "error.cursor")
		}
		op := "<"
		if f.Upcoming {
			op = ">"
		}
		where = append(where, "(m.starts_at "+op+" ? OR (m.starts_at = ? AND m.id "+op+" ?))")
		args = append(args, timeArg(t), timeArg(t), f.After.ID)
	}
	q := `SELECT ` + meetingColumns + meetingFrom + ` WHERE ` + strings.Join(where, " AND ") + order + ` LIMIT ?`
	rows, err := db.query(ctx, q, append(args, f.Limit)...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*meetings.Meeting
	for rows.Next() {
		m, err := scanMeeting(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, mapError(rows.Err())
}

// FindPreviousMeeting returns the body's last meeting (not cancelled) that
// starts before the time given, or NotFound.
func (db *DB) FindPreviousMeeting(ctx context.Context, bodyID int64, before time.Time) (*meetings.Meeting, error) {
	m, err := scanMeeting(db.queryRow(ctx, `SELECT `+meetingColumns+meetingFrom+` WHERE m.body_id = ? AND m.starts_at < ?
		AND m.state <> 'cancelled' ORDER BY m.starts_at DESC, m.id DESC LIMIT 1`, bodyID, timeArg(before)))
	return m, orNotFound(err, "meeting", "previous")
}

// NextCaseNumber takes the next case number of a body and year from the
// counter, in the caller's transaction; a number is never given twice.
func (db *DB) NextCaseNumber(ctx context.Context, bodyID int64, year int) (int, error) {
	var n int
	noteStatement(ctx) // a write beside exec and insert: it changes what no tag names
	err := db.writer(ctx).QueryRowContext(ctx, db.rebind(`INSERT INTO case_counters (body_id, year, last_number) VALUES (?, ?, 1)
		ON CONFLICT (body_id, year) DO UPDATE SET last_number = case_counters.last_number + 1 RETURNING last_number`), bodyID, year).Scan(&n)
	return n, mapError(err)
}

const caseColumns = `c.id, c.body_id, b.name_nb, b.name_nn, b.name_en, c.year, c.number, c.meeting_id, mt.published_at, mt.starts_at, c.agenda_order, c.kind,
	c.standing, c.minutes_meeting_id, c.title, c.presenter_id, COALESCE(p.name, ''), c.presenter, c.background, c.assessment,
	c.consequences, c.proposed_decision, c.exempt, c.legal_basis, c.public_title, c.state, c.created_by, c.created_at, c.updated_at`

const caseFrom = ` FROM cases c JOIN bodies b ON b.id = c.body_id LEFT JOIN meetings mt ON mt.id = c.meeting_id
	LEFT JOIN people p ON p.id = c.presenter_id`

func scanCase(sc interface{ Scan(...any) error }) (*meetings.Case, error) {
	var c meetings.Case
	var published time.Time
	var presenterName string
	err := sc.Scan(&c.ID, &c.BodyID, &c.BodyName, &c.BodyNameNN, &c.BodyNameEN, &c.Year, &c.Seq, ni(&c.MeetingID), tm(&published), tm(&c.MeetingStart), &c.AgendaOrder,
		&c.Kind, &c.Standing, ni(&c.MinutesMeetingID), &c.Title, ni(&c.PresenterID), &presenterName, &c.Presenter, &c.Background,
		&c.Assessment, &c.Consequences, &c.ProposedDecision, &c.Exempt, &c.LegalBasis, &c.PublicTitle, &c.State, ni(&c.CreatedBy),
		tm(&c.CreatedAt), tm(&c.UpdatedAt))
	if err != nil {
		return nil, mapError(err)
	}
	c.Number = governance.CaseNumber(c.Seq, c.Year)
	c.MeetingPublic = !published.IsZero()
	if c.Presenter == "" {
		c.Presenter = presenterName
	}
	c.Links, c.Attachments = []meetings.Link{}, []*meetings.Attachment{}
	return &c, nil
}

// CreateCase inserts a case (its number already taken) and sets its id.
func (db *DB) CreateCase(ctx context.Context, c *meetings.Case) error {
	now := db.now()
	c.CreatedAt, c.UpdatedAt = now, now
	id, err := db.insert(ctx, `INSERT INTO cases (body_id, year, number, meeting_id, agenda_order, kind, standing, minutes_meeting_id,
		title, presenter_id, presenter, background, assessment, consequences, proposed_decision, exempt, legal_basis, public_title,
		state, created_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		c.BodyID, c.Year, c.Seq, nullInt(c.MeetingID), c.AgendaOrder, c.Kind, c.Standing, nullInt(c.MinutesMeetingID), c.Title,
		nullInt(c.PresenterID), c.Presenter, c.Background, c.Assessment, c.Consequences, c.ProposedDecision, c.Exempt, c.LegalBasis,
		c.PublicTitle, c.State, nullInt(c.CreatedBy), now, now)
	c.ID = id
	return err
}

// UpdateCase writes a case's fields; its body, year and number never change.
func (db *DB) UpdateCase(ctx context.Context, c *meetings.Case) error {
	c.UpdatedAt = db.now()
	res, err := db.exec(ctx, `UPDATE cases SET meeting_id = ?, agenda_order = ?, kind = ?, title = ?, presenter_id = ?, presenter = ?,
		background = ?, assessment = ?, consequences = ?, proposed_decision = ?, exempt = ?, legal_basis = ?, public_title = ?,
		state = ?, updated_at = ? WHERE id = ?`,
		nullInt(c.MeetingID), c.AgendaOrder, c.Kind, c.Title, nullInt(c.PresenterID), c.Presenter, c.Background, c.Assessment,
		c.Consequences, c.ProposedDecision, c.Exempt, c.LegalBasis, c.PublicTitle, c.State, c.UpdatedAt, c.ID)
	return affected(res, err, "case", c.ID)
}

// FindCaseByID returns one case or NotFound.
func (db *DB) FindCaseByID(ctx context.Context, id int64) (*meetings.Case, error) {
	c, err := scanCase(db.queryRow(ctx, `SELECT `+caseColumns+caseFrom+` WHERE c.id = ?`, id))
	return c, orNotFound(err, "case", id)
}

// FindCases returns cases matching the filter that the scope may see: on a
// meeting's agenda in agenda order (standing items first), else newest
// number first. Searching matches only the public title of exempt cases
// outside the scope.
func (db *DB) FindCases(ctx context.Context, f meetings.CaseFilter) ([]*meetings.Case, error) {
	w, args := scopeWhere(f.Scope, "c.body_id", "mt.published_at IS NOT NULL")
	where := []string{w}
	if f.BodyID != 0 {
		where, args = append(where, "c.body_id = ?"), append(args, f.BodyID)
	}
	if f.MeetingID != 0 {
		where, args = append(where, "c.meeting_id = ?"), append(args, f.MeetingID)
	}
	if f.Unscheduled {
		where = append(where, "c.meeting_id IS NULL")
	}
	if f.State != "" {
		where, args = append(where, "c.state = ?"), append(args, f.State)
	}
	if f.Decided {
		where = append(where, "EXISTS (SELECT 1 FROM decisions d WHERE d.case_id = c.id)")
	}
	if f.Year != 0 {
		where, args = append(where, "c.year = ?"), append(args, f.Year)
	}
	if len(f.BodyKinds) > 0 {
		kinds := make([]any, len(f.BodyKinds))
		for i, k := range f.BodyKinds {
			kinds[i] = k
		}
		where, args = append(where, "c.body_id IN (SELECT id FROM bodies WHERE kind IN ("+placeholders(len(kinds))+"))"), append(args, kinds...)
	}
	if m := reCaseNumber.FindStringSubmatch(f.Q); m != nil && strings.TrimSpace(f.Q) == m[0] {
		// A case number (14/26): that case in every body the reader sees.
		number, _ := strconv.Atoi(m[1])
		year, _ := strconv.Atoi(m[2])
		if year < 100 {
			year += 2000
		}
		where, args = append(where, "c.number = ? AND c.year = ?"), append(args, number, year)
	} else if q := strings.TrimSpace(f.Q); q != "" {
		pat := "%" + likeEscape(strings.ToLower(q)) + "%"
		if f.Scope.All {
			where, args = append(where, `LOWER(c.title) LIKE ? ESCAPE '\'`), append(args, pat)
		} else {
			ins, ia := "1=0", []any(nil)
			if len(f.Scope.Bodies) > 0 {
				ins, ia = inList("c.body_id", f.Scope.Bodies)
			}
			where = append(where, `LOWER(CASE WHEN c.exempt AND NOT (`+ins+`) THEN c.public_title ELSE c.title END) LIKE ? ESCAPE '\'`)
			args = append(append(args, ia...), pat)
		}
	}
	order := " ORDER BY c.year DESC, c.number DESC, c.id DESC"
	if f.MeetingID != 0 {
		order = " ORDER BY CASE WHEN c.standing = '' THEN 1 ELSE 0 END, c.agenda_order, c.id"
	} else if f.After != nil {
		where = append(where, "(c.year * 100000 + c.number < ? OR (c.year * 100000 + c.number = ? AND c.id < ?))")
		k := parseInt(f.After.Key)
		args = append(args, k, k, f.After.ID)
	}
	q := `SELECT ` + caseColumns + caseFrom + ` WHERE ` + strings.Join(where, " AND ") + order
	if f.Limit > 0 {
		q, args = q+` LIMIT ?`, append(args, f.Limit)
	}
	return db.caseRows(ctx, q, args...)
}

func (db *DB) caseRows(ctx context.Context, q string, args ...any) ([]*meetings.Case, error) {
	rows, err := db.query(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*meetings.Case
	for rows.Next() {
		c, err := scanCase(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, mapError(rows.Err())
}

func parseInt(s string) int64 {
	var n int64
	for _, r := range s {
		if r < '0' || r > '9' {
			return 0
		}
		n = n*10 + int64(r-'0')
	}
	return n
}

// MaxAgendaOrder returns the highest agenda position on a meeting.
func (db *DB) MaxAgendaOrder(ctx context.Context, meetingID int64) (int, error) {
	var n int
	err := db.queryRow(ctx, `SELECT COALESCE(MAX(agenda_order), 0) FROM cases WHERE meeting_id = ?`, meetingID).Scan(&n)
	return n, mapError(err)
}

// FindCaseLinks returns the items a case is linked to.
func (db *DB) FindCaseLinks(ctx context.Context, caseID int64) ([]meetings.Link, error) {
	rows, err := db.query(ctx, `SELECT item_type, item_id FROM case_links WHERE case_id = ? ORDER BY id`, caseID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []meetings.Link{}
	for rows.Next() {
		var l meetings.Link
		if err := rows.Scan(&l.ItemType, &l.ItemID); err != nil {
			return nil, mapError(err)
		}
		out = append(out, l)
	}
	return out, mapError(rows.Err())
}

// FindOpenStandingItems returns the standing items of a kind about a
// meeting's minutes that are not yet handled or withdrawn.
func (db *DB) FindOpenStandingItems(ctx context.Context, standing string, minutesMeetingID int64) ([]*meetings.Case, error) {
	return db.caseRows(ctx, `SELECT `+caseColumns+caseFrom+` WHERE c.standing = ? AND c.minutes_meeting_id = ?
		AND c.state NOT IN ('handled', 'withdrawn') ORDER BY c.id`, standing, minutesMeetingID)
}

// FindCasesLinkedTo returns the cases linked to an item, newest first.
func (db *DB) FindCasesLinkedTo(ctx context.Context, itemType string, itemID int64) ([]*meetings.Case, error) {
	return db.caseRows(ctx, `SELECT `+caseColumns+caseFrom+` WHERE c.id IN (SELECT case_id FROM case_links WHERE item_type = ? AND item_id = ?)
		ORDER BY c.year DESC, c.number DESC`, itemType, itemID)
}

// AddCaseLink links a case to an item; a duplicate is a Conflict.
func (db *DB) AddCaseLink(ctx context.Context, caseID int64, l meetings.Link) error {
	_, err := db.insert(ctx, `INSERT INTO case_links (case_id, item_type, item_id) VALUES (?, ?, ?)`, caseID, l.ItemType, l.ItemID)
	return err
}

// RemoveCaseLink removes a link, or NotFound.
func (db *DB) RemoveCaseLink(ctx context.Context, caseID int64, l meetings.Link) error {
	res, err := db.exec(ctx, `DELETE FROM case_links WHERE case_id = ? AND item_type = ? AND item_id = ?`, caseID, l.ItemType, l.ItemID)
	return affected(res, err, "case_link", l.ItemID)
}

const attachmentColumns = `id, case_id, name, content_type, size, exempt, legal_basis, public_title, created_by, created_at`

func scanAttachment(sc interface{ Scan(...any) error }, data *[]byte) (*meetings.Attachment, error) {
	var x meetings.Attachment
	dest := []any{&x.ID, &x.CaseID, &x.Name, &x.ContentType, &x.Size, &x.Exempt, &x.LegalBasis, &x.PublicTitle, ni(&x.CreatedBy), tm(&x.CreatedAt)}
	if data != nil {
		dest = append(dest, data)
	}
	if err := sc.Scan(dest...); err != nil {
		return nil, mapError(err)
	}
	return &x, nil
}

// CreateCaseAttachment stores an attachment with its content.
func (db *DB) CreateCaseAttachment(ctx context.Context, x *meetings.Attachment) error {
	x.CreatedAt = db.now()
	id, err := db.insert(ctx, `INSERT INTO case_attachments (case_id, name, content_type, size, data, exempt, legal_basis, public_title,
		created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, x.CaseID, x.Name, x.ContentType, x.Size, x.Data, x.Exempt,
		x.LegalBasis, x.PublicTitle, nullInt(x.CreatedBy), x.CreatedAt)
	x.ID = id
	return err
}

// FindCaseAttachments returns a case's attachments without their content.
func (db *DB) FindCaseAttachments(ctx context.Context, caseID int64) ([]*meetings.Attachment, error) {
	rows, err := db.query(ctx, `SELECT `+attachmentColumns+` FROM case_attachments WHERE case_id = ? ORDER BY id`, caseID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []*meetings.Attachment{}
	for rows.Next() {
		x, err := scanAttachment(rows, nil)
		if err != nil {
			return nil, err
		}
		out = append(out, x)
	}
	return out, mapError(rows.Err())
}

// FindCaseAttachment returns one attachment with its content, or NotFound.
func (db *DB) FindCaseAttachment(ctx context.Context, id int64) (*meetings.Attachment, error) {
	var data []byte
	x, err := scanAttachment(db.queryRow(ctx, `SELECT `+attachmentColumns+`, data FROM case_attachments WHERE id = ?`, id), &data)
	if err != nil {
		return nil, orNotFound(err, "attachment", id)
	}
	x.Data = data
	return x, nil
}
