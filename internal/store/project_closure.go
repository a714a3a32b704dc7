package store

import (
	"context"
	"encoding/json"
	"time"

	"github.com/samstyr/samstyr/internal/audit"
	"github.com/samstyr/samstyr/internal/errs"
	"github.com/samstyr/samstyr/internal/governance"
	"github.com/samstyr/samstyr/internal/meetings"
	"github.com/samstyr/samstyr/internal/projects"
)

// Project closure (issue 12 item 9): the BP4 closing recommendation and
// the BP5 final report's texts, one row per project; the project's state
// moves conditionally so that two writers cannot both move it.

// FindClosure returns a project's closure or NotFound.
func (db *DB) FindClosure(ctx context.Context, projectID int64) (*projects.Closure, error) {
	var c projects.Closure
	var checklist string
	err := db.queryRow(ctx, `SELECT project_id, checklist, remaining_work, case_id, decision_id, submitted_at, approved_at, evaluation, lessons,
		final_case_id, final_decision_id, final_submitted_at, accepted_at, created_by, created_at, updated_at
		FROM project_closures WHERE project_id = ?`, projectID).Scan(&c.ProjectID, &checklist, &c.RemainingWork, ni(&c.CaseID), ni(&c.DecisionID),
		tm(&c.SubmittedAt), tm(&c.ApprovedAt), &c.Evaluation, &c.Lessons, ni(&c.FinalCaseID), ni(&c.FinalDecisionID), tm(&c.FinalSubmittedAt),
		tm(&c.AcceptedAt), ni(&c.CreatedBy), tm(&c.CreatedAt), tm(&c.UpdatedAt))
	if err != nil {
		return nil, orNotFound(mapError(err), "project_closure", projectID)
	}
	if err := json.Unmarshal([]byte(checklist), &c.Checklist); err != nil {
		return nil, err
	}
	return &c, nil
}

// SaveClosureDraft inserts or replaces the recommendation's draft; once
// submitted it is Conflict.
func (db *DB) SaveClosureDraft(ctx context.Context, c *projects.Closure) error {
	b, err := json.Marshal(c.Checklist)
	if err != nil {
		return err
	}
	now := db.now()
	res, err := db.exec(ctx, `INSERT INTO project_closures (project_id, checklist, remaining_work, created_by, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?)
		ON CONFLICT (project_id) DO UPDATE SET checklist = excluded.checklist, remaining_work = excluded.remaining_work,
		updated_at = excluded.updated_at WHERE project_closures.submitted_at IS NULL`,
		c.ProjectID, string(b), c.RemainingWork, nullInt(c.CreatedBy), now, now)
	if err != nil {
		return err
	}
	if !rowsChanged(res) {
		return errs.E(errs.Conflict, "closure.error.submitted")
	}
	c.UpdatedAt = now
	if c.CreatedAt.IsZero() {
		c.CreatedAt = now
	}
	return nil
}

// SaveFinalTexts writes the final report's texts while BP4 is approved and
// the report not yet submitted.
func (db *DB) SaveFinalTexts(ctx context.Context, projectID int64, evaluation, lessons string) error {
	res, err := db.exec(ctx, `UPDATE project_closures SET evaluation = ?, lessons = ?, updated_at = ?
		WHERE project_id = ? AND approved_at IS NOT NULL AND final_submitted_at IS NULL`, evaluation, lessons, db.now(), projectID)
	if err != nil {
		return err
	}
	if !rowsChanged(res) {
		return errs.E(errs.Conflict, "closure.error.final_state", "state", "")
	}
	return nil
}

// closureSteps is each step's update and the condition that it is the
// step's turn.
var closureSteps = map[string]string{
	projects.StepSubmit:      `case_id = ?, submitted_at = ? WHERE project_id = ? AND submitted_at IS NULL`,
	projects.StepApprove:     `decision_id = ?, approved_at = ? WHERE project_id = ? AND submitted_at IS NOT NULL AND approved_at IS NULL`,
	projects.StepFinalSubmit: `final_case_id = ?, final_submitted_at = ? WHERE project_id = ? AND approved_at IS NOT NULL AND final_submitted_at IS NULL`,
	projects.StepFinalAccept: `final_decision_id = ?, accepted_at = ? WHERE project_id = ? AND final_submitted_at IS NOT NULL AND accepted_at IS NULL`,
}

// ClosureStep records a step of the closure with its case or decision.
func (db *DB) ClosureStep(ctx context.Context, projectID int64, step string, ref int64, at time.Time) error {
	q, ok := closureSteps[step]
	if !ok {
		return errs.E(errs.Invalid, "closure.error.step")
	}
	res, err := db.exec(ctx, `UPDATE project_closures SET updated_at = ?, `+q, db.now(), nullInt(ref), at, projectID)
	if err != nil {
		return err
	}
	if !rowsChanged(res) {
		return errs.E(errs.Conflict, "closure.error.step_taken")
	}
	return nil
}

// MoveProjectState moves a project if it is still in from.
func (db *DB) MoveProjectState(ctx context.Context, id int64, from, to, holdFrom string) error {
	res, err := db.exec(ctx, `UPDATE projects SET state = ?, hold_from = ?, updated_at = ? WHERE id = ? AND state = ?`, to, holdFrom, db.now(), id, from)
	if err != nil {
		return err
	}
	if !rowsChanged(res) {
		if _, err := db.FindProjectByID(ctx, id); err != nil {
			return err
		}
		return errs.E(errs.Conflict, "project.error.moved", "from", from, "to", to)
	}
	return nil
}

// ProjectHoldFrom returns the state a project on hold was put on hold from.
func (db *DB) ProjectHoldFrom(ctx context.Context, id int64) (string, error) {
	var s string
	err := db.queryRow(ctx, `SELECT hold_from FROM projects WHERE id = ?`, id).Scan(&s)
	return s, orNotFound(mapError(err), "project", id)
}

// OpenItemCase registers a decision case of the body, numbered from the
// body's counter for the year, linking one item; audited.
func (db *DB) OpenItemCase(ctx context.Context, bodyID int64, year int, title, background, proposal string, createdBy int64,
	itemType string, itemID int64) (int64, error) {
	c := &meetings.Case{BodyID: bodyID, Year: year, Title: title, Background: background, ProposedDecision: proposal, CreatedBy: createdBy}
	return db.openLinkedCase(ctx, c, meetings.Link{ItemType: itemType, ItemID: itemID})
}

// openLinkedCase registers c as a proposed decision case of its body,
// numbered from the body's counter for its year, with one link, in one
// transaction; audited (the case and the link).
func (db *DB) openLinkedCase(ctx context.Context, c *meetings.Case, l meetings.Link) (int64, error) {
	err := db.WithTx(ctx, func(ctx context.Context) error {
		n, err := db.NextCaseNumber(ctx, c.BodyID, c.Year)
		if err != nil {
			return err
		}
		c.Seq, c.Number, c.Kind, c.State = n, governance.CaseNumber(n, c.Year), meetings.KindDecision, meetings.CaseProposed
		if err := db.CreateCase(ctx, c); err != nil {
			return err
		}
		if err := db.AddCaseLink(ctx, c.ID, l); err != nil {
			return err
		}
		if err := db.Record(ctx, audit.Entry{ActorID: c.CreatedBy, Action: "case.create", ObjectType: "case", ObjectID: c.ID, After: c}); err != nil {
			return err
		}
		return db.Record(ctx, audit.Entry{ActorID: c.CreatedBy, Action: "case.link", ObjectType: "case", ObjectID: c.ID, After: l})
	})
	if err != nil {
		return 0, err
	}
	return c.ID, nil
}
