package store

import (
	"context"
	"strings"

	"github.com/samstyr/samstyr/internal/governance"
	"github.com/samstyr/samstyr/internal/meetings"
)

const decisionColumns = `d.id, d.case_id, c.number, c.year, d.meeting_id, d.body_id, d.kind, d.text, d.unanimous, d.votes_for,
	d.votes_against, d.votes_abstain, d.dissent, d.effects, d.decided_at, d.created_by, d.created_at`

func (db *DB) scanDecision(ctx context.Context, row interface{ Scan(...any) error }) (*meetings.Decision, error) {
	var d meetings.Decision
	var number, year int
	var effects string
	err := row.Scan(&d.ID, &d.CaseID, &number, &year, &d.MeetingID, &d.BodyID, &d.Kind, &d.Text, &d.Unanimous, &d.VotesFor,
		&d.VotesAgainst, &d.VotesAbstain, &d.Dissent, &effects, tm(&d.DecidedAt), ni(&d.CreatedBy), tm(&d.CreatedAt))
	if err != nil {
		return nil, mapError(err)
	}
	d.CaseNumber = governance.CaseNumber(number, year)
	d.Effects = []string{}
	if effects != "" {
		d.Effects = strings.Split(effects, ",")
	}
	rows, err := db.query(ctx, `SELECT q.person_id, p.name, q.reason FROM decision_disqualified q JOIN people p ON p.id = q.person_id
		WHERE q.decision_id = ? ORDER BY p.search_name`, d.ID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	d.Disqualified = []meetings.Disqualified{}
	for rows.Next() {
		var q meetings.Disqualified
		if err := rows.Scan(&q.PersonID, &q.Name, &q.Reason); err != nil {
			return nil, mapError(err)
		}
		d.Disqualified = append(d.Disqualified, q)
	}
	return &d, mapError(rows.Err())
}

// CreateDecision inserts a decision and its disqualified members. A second
// decision in the same case is a Conflict.
func (db *DB) CreateDecision(ctx context.Context, d *meetings.Decision) error {
	d.CreatedAt = db.now()
	id, err := db.insert(ctx, `INSERT INTO decisions (case_id, meeting_id, body_id, kind, text, unanimous, votes_for, votes_against,
		votes_abstain, dissent, effects, decided_at, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		d.CaseID, d.MeetingID, d.BodyID, d.Kind, d.Text, d.Unanimous, d.VotesFor, d.VotesAgainst, d.VotesAbstain, d.Dissent,
		strings.Join(d.Effects, ","), timeArg(d.DecidedAt), nullInt(d.CreatedBy), d.CreatedAt)
	if err != nil {
		return err
	}
	d.ID = id
	for _, q := range d.Disqualified {
		if _, err := db.exec(ctx, `INSERT INTO decision_disqualified (decision_id, person_id, reason) VALUES (?, ?, ?)`, id, q.PersonID, q.Reason); err != nil {
			return err
		}
	}
	return nil
}

// FindDecisionByID returns one decision or NotFound.
func (db *DB) FindDecisionByID(ctx context.Context, id int64) (*meetings.Decision, error) {
	d, err := db.scanDecision(ctx, db.queryRow(ctx, `SELECT `+decisionColumns+` FROM decisions d JOIN cases c ON c.id = d.case_id WHERE d.id = ?`, id))
	return d, orNotFound(err, "decision", id)
}

// FindDecisionByCase returns the decision of a case or NotFound.
func (db *DB) FindDecisionByCase(ctx context.Context, caseID int64) (*meetings.Decision, error) {
	d, err := db.scanDecision(ctx, db.queryRow(ctx, `SELECT `+decisionColumns+` FROM decisions d JOIN cases c ON c.id = d.case_id WHERE d.case_id = ?`, caseID))
	return d, orNotFound(err, "decision", caseID)
}

const attendeeColumns = `t.id, t.meeting_id, t.kind, t.person_id, COALESCE(p.name, t.name), CASE WHEN t.organisation <> '' THEN t.organisation ELSE COALESCE(o.name, '') END,
	t.for_person_id, COALESCE(fp.name, ''), t.case_id, c.number, c.year, t.created_at`

// CreateAttendee inserts an attendance line.
func (db *DB) CreateAttendee(ctx context.Context, t *meetings.Attendee) error {
	t.CreatedAt = db.now()
	id, err := db.insert(ctx, `INSERT INTO attendance (meeting_id, kind, person_id, name, organisation, for_person_id, case_id, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, t.MeetingID, t.Kind, nullInt(t.PersonID), t.Name, t.Organisation, nullInt(t.ForPersonID),
		nullInt(t.CaseID), t.CreatedAt)
	t.ID = id
	return err
}

// UpdateAttendeeKind changes how a listed person attended.
func (db *DB) UpdateAttendeeKind(ctx context.Context, id int64, kind string, forPersonID int64) error {
	res, err := db.exec(ctx, `UPDATE attendance SET kind = ?, for_person_id = ? WHERE id = ?`, kind, nullInt(forPersonID), id)
	return affected(res, err, "attendee", id)
}

// DeleteAttendee removes an attendance line.
func (db *DB) DeleteAttendee(ctx context.Context, id int64) error {
	res, err := db.exec(ctx, `DELETE FROM attendance WHERE id = ?`, id)
	return affected(res, err, "attendee", id)
}

// FindAttendance returns a meeting's attendance: members first by kind,
// then guests by case.
func (db *DB) FindAttendance(ctx context.Context, meetingID int64) ([]*meetings.Attendee, error) {
	rows, err := db.query(ctx, `SELECT `+attendeeColumns+` FROM attendance t LEFT JOIN people p ON p.id = t.person_id
		LEFT JOIN organisations o ON o.id = p.organisation_id LEFT JOIN people fp ON fp.id = t.for_person_id
		LEFT JOIN cases c ON c.id = t.case_id WHERE t.meeting_id = ?
		ORDER BY CASE t.kind WHEN 'present' THEN 1 WHEN 'deputy' THEN 2 WHEN 'absent_notice' THEN 3 WHEN 'absent' THEN 4
		WHEN 'observer' THEN 5 WHEN 'secretariat' THEN 6 ELSE 7 END, c.number, COALESCE(p.name, t.name), t.id`, meetingID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []*meetings.Attendee{}
	for rows.Next() {
		var t meetings.Attendee
		var number, year int64
		if err := rows.Scan(&t.ID, &t.MeetingID, &t.Kind, ni(&t.PersonID), &t.Name, &t.Organisation, ni(&t.ForPersonID), &t.ForName,
			ni(&t.CaseID), ni(&number), ni(&year), tm(&t.CreatedAt)); err != nil {
			return nil, mapError(err)
		}
		if t.CaseID != 0 {
			t.CaseNumber = governance.CaseNumber(int(number), int(year))
		}
		out = append(out, &t)
	}
	return out, mapError(rows.Err())
}

// CreateMinutes inserts draft minutes.
func (db *DB) CreateMinutes(ctx context.Context, m *meetings.Minutes) error {
	now := db.now()
	m.CreatedAt, m.UpdatedAt = now, now
	_, err := db.exec(ctx, `INSERT INTO minutes (meeting_id, intro, state, created_at, updated_at) VALUES (?, ?, ?, ?, ?)`,
		m.MeetingID, m.Intro, m.State, now, now)
	return err
}

// UpdateMinutes writes the minutes' texts and approval, with the frozen
// document when approving. The database refuses changes to approved minutes.
func (db *DB) UpdateMinutes(ctx context.Context, m *meetings.Minutes, frozen []byte) error {
	m.UpdatedAt = db.now()
	res, err := db.exec(ctx, `UPDATE minutes SET intro = ?, state = ?, approved_at = ?, approval_decision_id = ?, circulation_date = ?,
		circulation_note = ?, frozen = ?, updated_at = ? WHERE meeting_id = ?`, m.Intro, m.State, timeArg(m.ApprovedAt),
		nullInt(m.ApprovalDecisionID), dateArg(m.CirculationDate), m.CirculationNote, string(frozen), m.UpdatedAt, m.MeetingID)
	return affected(res, err, "minutes", m.MeetingID)
}

// FindMinutes returns a meeting's minutes with their notes and the frozen
// document (empty until approved), or NotFound.
func (db *DB) FindMinutes(ctx context.Context, meetingID int64) (*meetings.Minutes, []byte, error) {
	var m meetings.Minutes
	var frozen string
	err := db.queryRow(ctx, `SELECT meeting_id, intro, state, approved_at, approval_decision_id, circulation_date, circulation_note,
		frozen, created_at, updated_at FROM minutes WHERE meeting_id = ?`, meetingID).Scan(&m.MeetingID, &m.Intro, &m.State,
		tm(&m.ApprovedAt), ni(&m.ApprovalDecisionID), tm(&m.CirculationDate), &m.CirculationNote, &frozen, tm(&m.CreatedAt), tm(&m.UpdatedAt))
	if err != nil {
		return nil, nil, orNotFound(mapError(err), "minutes", meetingID)
	}
	rows, err := db.query(ctx, `SELECT case_id, note FROM minutes_notes WHERE meeting_id = ?`, meetingID)
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	m.Notes = map[int64]string{}
	for rows.Next() {
		var id int64
		var n string
		if err := rows.Scan(&id, &n); err != nil {
			return nil, nil, mapError(err)
		}
		m.Notes[id] = n
	}
	return &m, []byte(frozen), mapError(rows.Err())
}

// SetMinutesNote writes the note on a case in a meeting's minutes.
func (db *DB) SetMinutesNote(ctx context.Context, meetingID, caseID int64, note string) error {
	_, err := db.exec(ctx, `INSERT INTO minutes_notes (meeting_id, case_id, note) VALUES (?, ?, ?)
		ON CONFLICT (meeting_id, case_id) DO UPDATE SET note = excluded.note`, meetingID, caseID, note)
	return err
}

const actionColumns = `x.id, x.decision_id, x.body_id, c.id, c.number, c.year, d.meeting_id, x.title, x.owner_id, p.name, x.deadline, x.state,
	x.done_at, x.reminded_on, x.created_by, x.created_at, x.updated_at`

const actionFrom = ` FROM actions x JOIN decisions d ON d.id = x.decision_id JOIN cases c ON c.id = d.case_id JOIN people p ON p.id = x.owner_id`

func scanAction(sc interface{ Scan(...any) error }) (*meetings.Action, error) {
	var x meetings.Action
	var number, year int
	err := sc.Scan(&x.ID, &x.DecisionID, &x.BodyID, &x.CaseID, &number, &year, &x.MeetingID, &x.Title, &x.OwnerID, &x.OwnerName,
		tm(&x.Deadline), &x.State, tm(&x.DoneAt), tm(&x.RemindedOn), ni(&x.CreatedBy), tm(&x.CreatedAt), tm(&x.UpdatedAt))
	if err != nil {
		return nil, mapError(err)
	}
	x.CaseNumber = governance.CaseNumber(number, year)
	return &x, nil
}

// CreateAction inserts a follow-up action.
func (db *DB) CreateAction(ctx context.Context, x *meetings.Action) error {
	now := db.now()
	x.CreatedAt, x.UpdatedAt = now, now
	id, err := db.insert(ctx, `INSERT INTO actions (decision_id, body_id, title, owner_id, deadline, state, done_at, reminded_on,
		created_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, x.DecisionID, x.BodyID, x.Title, x.OwnerID,
		dateArg(x.Deadline), x.State, timeArg(x.DoneAt), dateArg(x.RemindedOn), nullInt(x.CreatedBy), now, now)
	x.ID = id
	return err
}

// UpdateAction writes an action's state and reminder date.
func (db *DB) UpdateAction(ctx context.Context, x *meetings.Action) error {
	x.UpdatedAt = db.now()
	res, err := db.exec(ctx, `UPDATE actions SET title = ?, owner_id = ?, deadline = ?, state = ?, done_at = ?, reminded_on = ?,
		updated_at = ? WHERE id = ?`, x.Title, x.OwnerID, dateArg(x.Deadline), x.State, timeArg(x.DoneAt), dateArg(x.RemindedOn),
		x.UpdatedAt, x.ID)
	return affected(res, err, "action", x.ID)
}

// FindActionByID returns one action or NotFound.
func (db *DB) FindActionByID(ctx context.Context, id int64) (*meetings.Action, error) {
	x, err := scanAction(db.queryRow(ctx, `SELECT `+actionColumns+actionFrom+` WHERE x.id = ?`, id))
	return x, orNotFound(err, "action", id)
}

// FindActions returns actions matching the filter, by deadline.
func (db *DB) FindActions(ctx context.Context, f meetings.ActionFilter) ([]*meetings.Action, error) {
	where, args := []string{"1=1"}, []any{}
	add := func(cond string, v any) { where, args = append(where, cond), append(args, v) }
	if f.BodyID != 0 {
		add("x.body_id = ?", f.BodyID)
	}
	if f.OwnerID != 0 {
		add("x.owner_id = ?", f.OwnerID)
	}
	if f.DecisionID != 0 {
		add("x.decision_id = ?", f.DecisionID)
	}
	if f.State != "" {
		add("x.state = ?", f.State)
	}
	if !f.DueBy.IsZero() {
		add("x.deadline <= ?", dateArg(f.DueBy))
	}
	if f.NotRemindedSince {
		where = append(where, "x.reminded_on IS NULL")
	}
	rows, err := db.query(ctx, `SELECT `+actionColumns+actionFrom+` WHERE `+strings.Join(where, " AND ")+` ORDER BY x.deadline, x.id`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []*meetings.Action{}
	for rows.Next() {
		x, err := scanAction(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, x)
	}
	return out, mapError(rows.Err())
}

// SetCalendarFeed stores (or replaces) a person's calendar token hash.
func (db *DB) SetCalendarFeed(ctx context.Context, personID int64, tokenHash string) error {
	_, err := db.exec(ctx, `INSERT INTO calendar_feeds (person_id, token_hash, created_at) VALUES (?, ?, ?)
		ON CONFLICT (person_id) DO UPDATE SET token_hash = excluded.token_hash, created_at = excluded.created_at`, personID, tokenHash, db.now())
	return err
}

// DeleteCalendarFeed removes a person's calendar token.
func (db *DB) DeleteCalendarFeed(ctx context.Context, personID int64) error {
	_, err := db.exec(ctx, `DELETE FROM calendar_feeds WHERE person_id = ?`, personID)
	return err
}

// FindCalendarFeed returns the person of a calendar token hash, or NotFound.
func (db *DB) FindCalendarFeed(ctx context.Context, tokenHash string) (int64, error) {
	var id int64
	err := db.queryRow(ctx, `SELECT person_id FROM calendar_feeds WHERE token_hash = ?`, tokenHash).Scan(&id)
	return id, orNotFound(mapError(err), "calendar", "token")
}

// HasCalendarFeed reports whether a person has a calendar token.
func (db *DB) HasCalendarFeed(ctx context.Context, personID int64) (bool, error) {
	var n int
	err := db.queryRow(ctx, `SELECT COUNT(*) FROM calendar_feeds WHERE person_id = ?`, personID).Scan(&n)
	return n > 0, mapError(err)
}
