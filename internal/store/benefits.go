package store

import (
	"context"
	"database/sql"
	"strings"

	"github.com/samstyr/samstyr/internal/benefits"
	"github.com/samstyr/samstyr/internal/errs"
)

// Benefit realisation (internal/benefits): benefits and their
// measurements.

const benefitColumns = `b.id, b.project_id, p.name, b.source, b.description, b.type, b.indicator, b.unit, b.baseline_value, b.baseline_date,
	b.target_value, b.target_date, b.method, b.frequency, b.owner_id, COALESCE(o.name, ''), COALESCE(g.name, ''), b.owner_note, b.state,
	b.proposed_outcome, b.explanation, b.decision_id, b.created_at, b.updated_at`

const benefitFrom = ` FROM benefits b JOIN projects p ON p.id = b.project_id LEFT JOIN people o ON o.id = b.owner_id
	LEFT JOIN organisations g ON g.id = o.organisation_id`

func scanBenefit(sc interface{ Scan(...any) error }) (*benefits.Benefit, error) {
	var b benefits.Benefit
	var src int64
	var base, target sql.NullFloat64
	err := sc.Scan(&b.ID, &b.ProjectID, &b.ProjectName, ni(&src), &b.Description, &b.Type, &b.Indicator, &b.Unit, &base, &b.BaselineOn,
		&target, &b.TargetOn, &b.Method, &b.Frequency, ni(&b.OwnerID), &b.OwnerName, &b.OwnerOrg, &b.OwnerNote, &b.State,
		&b.Proposed, &b.Explanation, ni(&b.DecisionID), tm(&b.CreatedAt), tm(&b.UpdatedAt))
	if err != nil {
		return nil, mapError(err)
	}
	b.Source = int(src)
	if base.Valid {
		b.Baseline = &base.Float64
	}
	if target.Valid {
		b.Target = &target.Float64
	}
	b.Measurements = []*benefits.Measurement{}
	return &b, nil
}

func nullFloat(f *float64) any {
	if f == nil {
		return nil
	}
	return *f
}

// CreateBenefit inserts a benefit; false when the project has imported
// the directive's benefit (Source) already. It runs in the caller's
// write transaction, which serialises it with any other import.
func (db *DB) CreateBenefit(ctx context.Context, b *benefits.Benefit) (bool, error) {
	if b.Source != 0 {
		var n int
		if err := db.queryRow(ctx, `SELECT COUNT(*) FROM benefits WHERE project_id = ? AND source = ?`, b.ProjectID, b.Source).Scan(&n); err != nil {
			return false, mapError(err)
		}
		if n > 0 {
			return false, nil
		}
	}
	now := db.now()
	b.CreatedAt, b.UpdatedAt = now, now
	var err error
	b.ID, err = db.insert(ctx, `INSERT INTO benefits (project_id, source, description, type, indicator, unit, baseline_value, baseline_date,
		target_value, target_date, method, frequency, owner_id, owner_note, state, proposed_outcome, explanation, decision_id, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		b.ProjectID, nullInt(int64(b.Source)), b.Description, b.Type, b.Indicator, b.Unit, nullFloat(b.Baseline), b.BaselineOn,
		nullFloat(b.Target), b.TargetOn, b.Method, b.Frequency, nullInt(b.OwnerID), b.OwnerNote, b.State, b.Proposed, b.Explanation,
		nullInt(b.DecisionID), now, now)
	return err == nil, err
}

// UpdateBenefit writes a benefit's fields and state if it is still in
// state from (a conditional update: a concurrent move is a Conflict).
func (db *DB) UpdateBenefit(ctx context.Context, b *benefits.Benefit, from string) error {
	b.UpdatedAt = db.now()
	res, err := db.exec(ctx, `UPDATE benefits SET description = ?, type = ?, indicator = ?, unit = ?, baseline_value = ?, baseline_date = ?,
		target_value = ?, target_date = ?, method = ?, frequency = ?, owner_id = ?, state = ?, proposed_outcome = ?, explanation = ?,
		decision_id = ?, updated_at = ? WHERE id = ? AND state = ?`,
		b.Description, b.Type, b.Indicator, b.Unit, nullFloat(b.Baseline), b.BaselineOn, nullFloat(b.Target), b.TargetOn, b.Method,
		b.Frequency, nullInt(b.OwnerID), b.State, b.Proposed, b.Explanation, nullInt(b.DecisionID), b.UpdatedAt, b.ID, from)
	if err := affected(res, err, "benefit", b.ID); err != nil {
		if isNotFound(err) {
			return errs.E(errs.Conflict, "benefit.error.moved")
		}
		return err
	}
	return nil
}

// FindBenefitByID returns one benefit with its measurements and decision,
// or NotFound.
func (db *DB) FindBenefitByID(ctx context.Context, id int64) (*benefits.Benefit, error) {
	b, err := scanBenefit(db.queryRow(ctx, `SELECT `+benefitColumns+benefitFrom+` WHERE b.id = ?`, id))
	if err != nil {
		return nil, orNotFound(err, "benefit", id)
	}
	if b.DecisionID != 0 {
		if b.Decision, err = db.FindDecisionRef(ctx, b.DecisionID); err != nil {
			return nil, err
		}
	}
	return b, db.loadMeasurements(ctx, []*benefits.Benefit{b}, `m.benefit_id = ?`, id)
}

// FindBenefits returns benefits with their measurements, by project and
// then in the directive's order; the filter applies in SQL.
func (db *DB) FindBenefits(ctx context.Context, f benefits.Filter) ([]*benefits.Benefit, error) {
	where, args := []string{"1 = 1"}, []any{}
	switch {
	case f.Public:
		where = append(where, "b.state IN ('realised','partly_realised')")
	case f.Active:
		where = append(where, "b.state IN ('baselined','measuring')")
	}
	if f.ProjectID != 0 {
		where, args = append(where, "b.project_id = ?"), append(args, f.ProjectID)
	}
	cond := strings.Join(where, " AND ")
	rows, err := db.query(ctx, `SELECT `+benefitColumns+benefitFrom+` WHERE `+cond+` ORDER BY p.name, b.project_id, COALESCE(b.source, 1000000), b.id`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []*benefits.Benefit{}
	for rows.Next() {
		b, err := scanBenefit(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, b)
	}
	if err := mapError(rows.Err()); err != nil {
		return nil, err
	}
	rows.Close()
	return out, db.loadMeasurements(ctx, out, `m.benefit_id IN (SELECT b.id`+benefitFrom+` WHERE `+cond+`)`, args...)
}

// loadMeasurements fills in the measurements of bs, oldest first, chosen
// by cond over m.
func (db *DB) loadMeasurements(ctx context.Context, bs []*benefits.Benefit, cond string, args ...any) error {
	if len(bs) == 0 {
		return nil
	}
	byID := make(map[int64]*benefits.Benefit, len(bs))
	for _, b := range bs {
		byID[b.ID] = b
	}
	rows, err := db.query(ctx, `SELECT m.id, m.benefit_id, m.value, m.measured_on, m.comment, m.recorded_by, COALESCE(r.name, ''), m.recorded_at
		FROM benefit_measurements m LEFT JOIN people r ON r.id = m.recorded_by WHERE `+cond+` ORDER BY m.measured_on, m.id`, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var m benefits.Measurement
		if err := rows.Scan(&m.ID, &m.BenefitID, &m.Value, &m.On, &m.Comment, ni(&m.ByID), &m.ByName, tm(&m.RecordedAt)); err != nil {
			return mapError(err)
		}
		if b := byID[m.BenefitID]; b != nil {
			b.Measurements = append(b.Measurements, &m)
		}
	}
	return mapError(rows.Err())
}

// CreateMeasurement inserts a measurement.
func (db *DB) CreateMeasurement(ctx context.Context, m *benefits.Measurement) error {
	m.RecordedAt = db.now()
	var err error
	m.ID, err = db.insert(ctx, `INSERT INTO benefit_measurements (benefit_id, value, measured_on, comment, recorded_by, recorded_at)
		VALUES (?, ?, ?, ?, ?, ?)`, m.BenefitID, m.Value, m.On, m.Comment, nullInt(m.ByID), m.RecordedAt)
	return err
}
