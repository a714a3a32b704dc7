package store

import (
	"context"
	"encoding/json"
	"strings"

	"github.com/samstyr/samstyr/internal/errs"
	"github.com/samstyr/samstyr/internal/meetings"
	"github.com/samstyr/samstyr/internal/projects"
)

// Participants' input on projects (issue 12 item 8).

const pinputColumns = `i.id, i.project_id, p.name, i.kind, i.state, i.title, i.body, i.options, i.author_id, COALESCE(au.name, ''),
	i.case_id, i.decision_id, i.chosen_option, i.referred_to, i.referred_project_id, COALESCE(rp.name, ''), i.need_id, i.referral_note,
	i.handled_by, i.created_at, i.updated_at`

const pinputFrom = ` FROM project_inputs i JOIN projects p ON p.id = i.project_id LEFT JOIN people au ON au.id = i.author_id
	LEFT JOIN projects rp ON rp.id = i.referred_project_id`

func scanProjectInput(sc interface{ Scan(...any) error }) (*projects.Input, error) {
	var in projects.Input
	var opts string
	err := sc.Scan(&in.ID, &in.ProjectID, &in.ProjectName, &in.Kind, &in.State, &in.Title, &in.Text, &opts, &in.AuthorID, &in.AuthorName,
		ni(&in.CaseID), ni(&in.DecisionID), &in.ChosenOption, &in.ReferredTo, ni(&in.ReferredProjectID), &in.ReferredProjectName,
		ni(&in.NeedID), &in.ReferralNote, ni(&in.HandledBy), tm(&in.CreatedAt), tm(&in.UpdatedAt))
	if err != nil {
		return nil, mapError(err)
	}
	in.Options = []projects.InputOption{}
	if err := json.Unmarshal([]byte(opts), &in.Options); err != nil {
		return nil, err
	}
	return &in, nil
}

// CreateProjectInput inserts an input.
func (db *DB) CreateProjectInput(ctx context.Context, in *projects.Input) error {
	opts, err := json.Marshal(in.Options)
	if err != nil {
		return err
	}
	now := db.now()
	in.CreatedAt, in.UpdatedAt = now, now
	in.ID, err = db.insert(ctx, `INSERT INTO project_inputs (project_id, kind, state, title, body, options, author_id, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, in.ProjectID, in.Kind, in.State, in.Title, in.Text, string(opts), in.AuthorID, now, now)
	return err
}

// MoveProjectInput writes an input's state and handling if it is still in state
// from: of two writers moving the same input, the second gets Conflict.
func (db *DB) MoveProjectInput(ctx context.Context, in *projects.Input, from string) error {
	in.UpdatedAt = db.now()
	res, err := db.exec(ctx, `UPDATE project_inputs SET state = ?, case_id = ?, decision_id = ?, chosen_option = ?, referred_to = ?,
		referred_project_id = ?, need_id = ?, referral_note = ?, handled_by = ?, updated_at = ? WHERE id = ? AND state = ?`,
		in.State, nullInt(in.CaseID), nullInt(in.DecisionID), in.ChosenOption, in.ReferredTo, nullInt(in.ReferredProjectID),
		nullInt(in.NeedID), in.ReferralNote, nullInt(in.HandledBy), in.UpdatedAt, in.ID, from)
	if err := affected(res, err, "project_input", in.ID); err != nil {
		if errs.Is(err, errs.NotFound) {
			return errs.E(errs.Conflict, "pinput.error.moved")
		}
		return err
	}
	return nil
}

// FindProjectInputByID returns one input or NotFound.
func (db *DB) FindProjectInputByID(ctx context.Context, id int64) (*projects.Input, error) {
	in, err := scanProjectInput(db.queryRow(ctx, `SELECT `+pinputColumns+pinputFrom+` WHERE i.id = ?`, id))
	return in, orNotFound(err, "project_input", id)
}

// FindProjectInputByNeed returns the input a need was made from, or NotFound.
func (db *DB) FindProjectInputByNeed(ctx context.Context, needID int64) (*projects.Input, error) {
	in, err := scanProjectInput(db.queryRow(ctx, `SELECT `+pinputColumns+pinputFrom+` WHERE i.need_id = ? ORDER BY i.id LIMIT 1`, needID))
	return in, orNotFound(err, "project_input", needID)
}

// FindProjectInputs returns a project's inputs, newest first.
func (db *DB) FindProjectInputs(ctx context.Context, f projects.InputFilter) ([]*projects.Input, error) {
	where, args := []string{"i.project_id = ?"}, []any{f.ProjectID}
	if f.Kind != "" {
		where, args = append(where, "i.kind = ?"), append(args, f.Kind)
	}
	if f.State != "" {
		where, args = append(where, "i.state = ?"), append(args, f.State)
	}
	rows, err := db.query(ctx, `SELECT `+pinputColumns+pinputFrom+` WHERE `+strings.Join(where, " AND ")+` ORDER BY i.id DESC`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []*projects.Input{}
	for rows.Next() {
		in, err := scanProjectInput(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, in)
	}
	return out, mapError(rows.Err())
}

// OpenInputCase registers a decision case of the body, numbered from the
// body's counter for the year, linking the input; audited.
func (db *DB) OpenInputCase(ctx context.Context, bodyID int64, year int, title, background, consequences, proposal string,
	createdBy, inputID int64) (int64, error) {
	c := &meetings.Case{BodyID: bodyID, Year: year, Title: title, Background: background, Consequences: consequences,
		ProposedDecision: proposal, CreatedBy: createdBy}
	return db.openLinkedCase(ctx, c, meetings.Link{ItemType: "project_input", ItemID: inputID})
}
