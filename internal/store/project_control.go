package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"strings"

	"github.com/samstyr/samstyr/internal/meetings"
	"github.com/samstyr/samstyr/internal/projects"
)

// Project control (internal/projects report*, deviation*, risk*): status
// reports, deviations, risks and the reminders sent.

const reportColumns = `r.id, r.project_id, r.period, r.state, r.overall, r.rating_time, r.rating_cost, r.rating_scope, r.rating_quality,
	r.rating_risk, r.rating_benefits, r.work_done, r.work_planned, r.changes, r.decisions_needed, r.cost_lines, r.milestones, r.facts,
	r.review_note, r.author_id, COALESCE(pa.name, ''), r.reviewer_id, r.submitted_at, r.reviewed_at, r.created_at, r.updated_at`

const reportFrom = ` FROM status_reports r LEFT JOIN people pa ON pa.id = r.author_id`

func scanReport(sc interface{ Scan(...any) error }) (*projects.StatusReport, error) {
	var r projects.StatusReport
	var t, c, s, q, rk, b, costs, ms, facts string
	err := sc.Scan(&r.ID, &r.ProjectID, &r.Period, &r.State, &r.Overall, &t, &c, &s, &q, &rk, &b, &r.WorkDone, &r.WorkPlanned,
		&r.Changes, &r.DecisionsNeeded, &costs, &ms, &facts, &r.ReviewNote, ni(&r.AuthorID), &r.AuthorName, ni(&r.ReviewerID),
		tm(&r.SubmittedAt), tm(&r.ReviewedAt), tm(&r.CreatedAt), tm(&r.UpdatedAt))
	if err != nil {
		return nil, mapError(err)
	}
	r.Rating = map[string]string{"time": t, "cost": c, "scope": s, "quality": q, "risk": rk, "benefits": b}
	for _, x := range []struct {
		s string
		v any
	}{{costs, &r.Costs}, {ms, &r.Milestones}, {facts, &r.Facts}} {
		if err := json.Unmarshal([]byte(x.s), x.v); err != nil {
			return nil, err
		}
	}
	return &r, nil
}

func reportJSON(r *projects.StatusReport) (costs, ms, facts string, err error) {
	var b []byte
	if b, err = json.Marshal(r.Costs); err != nil {
		return
	}
	costs = string(b)
	if b, err = json.Marshal(r.Milestones); err != nil {
		return
	}
	ms = string(b)
	b, err = json.Marshal(r.Facts)
	return costs, ms, string(b), err
}

// CreateStatusReport inserts a report; a second one for the project's
// period is a Conflict.
func (db *DB) CreateStatusReport(ctx context.Context, r *projects.StatusReport) error {
	costs, ms, facts, err := reportJSON(r)
	if err != nil {
		return err
	}
	now := db.now()
	r.CreatedAt, r.UpdatedAt = now, now
	g := r.Rating
	r.ID, err = db.insert(ctx, `INSERT INTO status_reports (project_id, period, state, overall, rating_time, rating_cost, rating_scope,
		rating_quality, rating_risk, rating_benefits, work_done, work_planned, changes, decisions_needed, cost_lines, milestones, facts,
		review_note, author_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		r.ProjectID, r.Period, r.State, r.Overall, g["time"], g["cost"], g["scope"], g["quality"], g["risk"], g["benefits"],
		r.WorkDone, r.WorkPlanned, r.Changes, r.DecisionsNeeded, costs, ms, facts, r.ReviewNote, nullInt(r.AuthorID), now, now)
	return err
}

// UpdateStatusReport writes a report's fields and state.
func (db *DB) UpdateStatusReport(ctx context.Context, r *projects.StatusReport) error {
	costs, ms, facts, err := reportJSON(r)
	if err != nil {
		return err
	}
	r.UpdatedAt = db.now()
	g := r.Rating
	res, err := db.exec(ctx, `UPDATE status_reports SET state = ?, overall = ?, rating_time = ?, rating_cost = ?, rating_scope = ?,
		rating_quality = ?, rating_risk = ?, rating_benefits = ?, work_done = ?, work_planned = ?, changes = ?, decisions_needed = ?,
		cost_lines = ?, milestones = ?, facts = ?, review_note = ?, reviewer_id = ?, submitted_at = ?, reviewed_at = ?, updated_at = ?
		WHERE id = ?`, r.State, r.Overall, g["time"], g["cost"], g["scope"], g["quality"], g["risk"], g["benefits"], r.WorkDone,
		r.WorkPlanned, r.Changes, r.DecisionsNeeded, costs, ms, facts, r.ReviewNote, nullInt(r.ReviewerID), timeArg(r.SubmittedAt),
		timeArg(r.ReviewedAt), r.UpdatedAt, r.ID)
	return affected(res, err, "status_report", r.ID)
}

// FindStatusReportByID returns one report or NotFound.
func (db *DB) FindStatusReportByID(ctx context.Context, id int64) (*projects.StatusReport, error) {
	r, err := scanReport(db.queryRow(ctx, `SELECT `+reportColumns+reportFrom+` WHERE r.id = ?`, id))
	return r, orNotFound(err, "status_report", id)
}

// FindStatusReports returns a project's reports, newest period first.
func (db *DB) FindStatusReports(ctx context.Context, projectID int64) ([]*projects.StatusReport, error) {
	rows, err := db.query(ctx, `SELECT `+reportColumns+reportFrom+` WHERE r.project_id = ? ORDER BY r.period DESC`, projectID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []*projects.StatusReport{}
	for rows.Next() {
		r, err := scanReport(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, mapError(rows.Err())
}

const deviationColumns = `d.id, d.project_id, p.name, d.type, d.state, d.description, d.cause, d.consequence, d.options, d.tolerance_breached,
	d.report_id, d.risk_id, d.case_id, d.outcome, d.decision_id, d.referred_to, d.created_by, d.created_at, d.updated_at, d.decided_at`

const deviationFrom = ` FROM deviations d JOIN projects p ON p.id = d.project_id`

func scanDeviation(sc interface{ Scan(...any) error }) (*projects.Deviation, error) {
	var d projects.Deviation
	err := sc.Scan(&d.ID, &d.ProjectID, &d.ProjectName, &d.Type, &d.State, &d.Description, &d.Cause, &d.Consequence, &d.Options,
		&d.ToleranceBreached, ni(&d.ReportID), ni(&d.RiskID), ni(&d.CaseID), &d.Outcome, ni(&d.DecisionID), &d.ReferredTo,
		ni(&d.CreatedBy), tm(&d.CreatedAt), tm(&d.UpdatedAt), tm(&d.DecidedAt))
	if err != nil {
		return nil, mapError(err)
	}
	return &d, nil
}

// CreateDeviation inserts a deviation.
func (db *DB) CreateDeviation(ctx context.Context, d *projects.Deviation) error {
	now := db.now()
	d.CreatedAt, d.UpdatedAt = now, now
	var err error
	d.ID, err = db.insert(ctx, `INSERT INTO deviations (project_id, type, state, description, cause, consequence, options,
		tolerance_breached, report_id, risk_id, case_id, outcome, decision_id, referred_to, created_by, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		d.ProjectID, d.Type, d.State, d.Description, d.Cause, d.Consequence, d.Options, d.ToleranceBreached, nullInt(d.ReportID),
		nullInt(d.RiskID), nullInt(d.CaseID), d.Outcome, nullInt(d.DecisionID), d.ReferredTo, nullInt(d.CreatedBy), now, now)
	return err
}

// UpdateDeviation writes a deviation's state and decision.
func (db *DB) UpdateDeviation(ctx context.Context, d *projects.Deviation) error {
	d.UpdatedAt = db.now()
	res, err := db.exec(ctx, `UPDATE deviations SET state = ?, description = ?, cause = ?, consequence = ?, options = ?, case_id = ?,
		outcome = ?, decision_id = ?, referred_to = ?, decided_at = ?, updated_at = ? WHERE id = ?`,
		d.State, d.Description, d.Cause, d.Consequence, d.Options, nullInt(d.CaseID), d.Outcome, nullInt(d.DecisionID), d.ReferredTo,
		timeArg(d.DecidedAt), d.UpdatedAt, d.ID)
	return affected(res, err, "deviation", d.ID)
}

// FindDeviationByID returns one deviation or NotFound.
func (db *DB) FindDeviationByID(ctx context.Context, id int64) (*projects.Deviation, error) {
	d, err := scanDeviation(db.queryRow(ctx, `SELECT `+deviationColumns+deviationFrom+` WHERE d.id = ?`, id))
	return d, orNotFound(err, "deviation", id)
}

// openDeviationStates are the states of a deviation still waiting.
const openDeviationStates = `('reported','assessed','escalated','documented')`

// FindDeviations returns deviations, newest first.
func (db *DB) FindDeviations(ctx context.Context, f projects.DeviationFilter) ([]*projects.Deviation, error) {
	where, args := []string{"1 = 1"}, []any{}
	if f.ProjectID != 0 {
		where, args = append(where, "d.project_id = ?"), append(args, f.ProjectID)
	}
	if f.Open {
		where = append(where, "d.state IN "+openDeviationStates)
	}
	rows, err := db.query(ctx, `SELECT `+deviationColumns+deviationFrom+` WHERE `+strings.Join(where, " AND ")+` ORDER BY d.id DESC`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []*projects.Deviation{}
	for rows.Next() {
		d, err := scanDeviation(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, mapError(rows.Err())
}

const riskColumns = `k.id, k.project_id, COALESCE(p.name, ''), k.title, k.cause, k.probability, k.consequence, k.owner_id,
	COALESCE(o.name, ''), k.measures, k.next_review, k.state, k.deviation_id, k.created_by, k.created_at, k.updated_at`

const riskFrom = ` FROM risks k LEFT JOIN projects p ON p.id = k.project_id LEFT JOIN people o ON o.id = k.owner_id`

func scanRisk(sc interface{ Scan(...any) error }) (*projects.Risk, error) {
	var r projects.Risk
	err := sc.Scan(&r.ID, ni(&r.ProjectID), &r.ProjectName, &r.Title, &r.Cause, &r.Probability, &r.Consequence, ni(&r.OwnerID),
		&r.OwnerName, &r.Measures, &r.NextReview, &r.State, ni(&r.DeviationID), ni(&r.CreatedBy), tm(&r.CreatedAt), tm(&r.UpdatedAt))
	if err != nil {
		return nil, mapError(err)
	}
	return &r, nil
}

// CreateRisk inserts a risk (of the portfolio when ProjectID is 0).
func (db *DB) CreateRisk(ctx context.Context, r *projects.Risk) error {
	now := db.now()
	r.CreatedAt, r.UpdatedAt = now, now
	var err error
	r.ID, err = db.insert(ctx, `INSERT INTO risks (project_id, title, cause, probability, consequence, owner_id, measures, next_review,
		state, deviation_id, created_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		nullInt(r.ProjectID), r.Title, r.Cause, r.Probability, r.Consequence, nullInt(r.OwnerID), r.Measures, r.NextReview, r.State,
		nullInt(r.DeviationID), nullInt(r.CreatedBy), now, now)
	return err
}

// UpdateRisk writes a risk's fields and state.
func (db *DB) UpdateRisk(ctx context.Context, r *projects.Risk) error {
	r.UpdatedAt = db.now()
	res, err := db.exec(ctx, `UPDATE risks SET title = ?, cause = ?, probability = ?, consequence = ?, owner_id = ?, measures = ?,
		next_review = ?, state = ?, deviation_id = ?, updated_at = ? WHERE id = ?`,
		r.Title, r.Cause, r.Probability, r.Consequence, nullInt(r.OwnerID), r.Measures, r.NextReview, r.State, nullInt(r.DeviationID),
		r.UpdatedAt, r.ID)
	return affected(res, err, "risk", r.ID)
}

// FindRiskByID returns one risk or NotFound.
func (db *DB) FindRiskByID(ctx context.Context, id int64) (*projects.Risk, error) {
	r, err := scanRisk(db.queryRow(ctx, `SELECT `+riskColumns+riskFrom+` WHERE k.id = ?`, id))
	return r, orNotFound(err, "risk", id)
}

// FindRisks returns a register, highest score first.
func (db *DB) FindRisks(ctx context.Context, f projects.RiskFilter) ([]*projects.Risk, error) {
	where, args := []string{"1 = 1"}, []any{}
	switch {
	case f.All:
	case f.Portfolio:
		where = append(where, "k.project_id IS NULL")
	default:
		where, args = append(where, "k.project_id = ?"), append(args, f.ProjectID)
	}
	if f.Open {
		where = append(where, "k.state NOT IN ('closed','occurred')")
	}
	rows, err := db.query(ctx, `SELECT `+riskColumns+riskFrom+` WHERE `+strings.Join(where, " AND ")+
		` ORDER BY k.probability * k.consequence DESC, k.id`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []*projects.Risk{}
	for rows.Next() {
		r, err := scanRisk(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, mapError(rows.Err())
}

// OpenExceptionCase registers a decision case of the body, numbered from
// the body's counter for the year, linking the deviation; audited.
func (db *DB) OpenExceptionCase(ctx context.Context, bodyID int64, year int, title, background, consequences, proposal string,
	createdBy, deviationID int64) (int64, error) {
	c := &meetings.Case{BodyID: bodyID, Year: year, Title: title, Background: background, Consequences: consequences,
		ProposedDecision: proposal, CreatedBy: createdBy}
	return db.openLinkedCase(ctx, c, meetings.Link{ItemType: "deviation", ItemID: deviationID})
}

// SetProjectState moves a project to a state.
func (db *DB) SetProjectState(ctx context.Context, id int64, state string) error {
	res, err := db.exec(ctx, `UPDATE projects SET state = ?, updated_at = ? WHERE id = ?`, state, db.now(), id)
	return affected(res, err, "project", id)
}

// MarkReminded records a reminder sent; false when it was sent already.
func (db *DB) MarkReminded(ctx context.Context, kind string, objectID int64, period string) (bool, error) {
	res, err := db.exec(ctx, `INSERT INTO project_reminders (kind, object_id, period, sent_at) VALUES (?, ?, ?, ?)
		ON CONFLICT (kind, object_id, period) DO NOTHING`, kind, objectID, period, db.now())
	if err != nil {
		return false, err
	}
	return rowsChanged(res), nil
}

func rowsChanged(res sql.Result) bool {
	n, err := res.RowsAffected()
	return err == nil && n > 0
}

var _ projects.ControlStore = (*DB)(nil)
