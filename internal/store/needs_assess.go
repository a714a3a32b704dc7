package store

import (
	"context"
	"strings"
	"time"

	"github.com/samstyr/samstyr/internal/needs"
)

const methodColumns = `m.id, m.version, m.name, m.notes, m.backing_weight, m.backing_share_pct, m.backing_municipalities, m.mandatory_first,
	m.public_states, m.created_by, m.created_at, EXISTS (SELECT 1 FROM rounds r WHERE r.method_id = m.id) FROM method_versions m`

func scanMethod(sc scanner) (*needs.Method, error) {
	var m needs.Method
	var states string
	if err := sc.Scan(&m.ID, &m.Version, &m.Name, &m.Notes, &m.BackingWeight, &m.BackingSharePct, &m.BackingMunicipalities, &m.MandatoryFirst,
		&states, ni(&m.CreatedBy), tm(&m.CreatedAt), &m.Frozen); err != nil {
		return nil, mapError(err)
	}
	m.PublicStates = splitStored(states, ",")
	return &m, nil
}

// FindMethods returns every method version with its criteria, newest first.
func (db *DB) FindMethods(ctx context.Context) ([]*needs.Method, error) {
	rows, err := db.query(ctx, `SELECT `+methodColumns+` ORDER BY m.version DESC`)
	if err != nil {
		return nil, err
	}
	var out []*needs.Method
	for rows.Next() {
		m, err := scanMethod(rows)
		if err != nil {
			rows.Close()
			return nil, err
		}
		out = append(out, m)
	}
	rows.Close()
	if err := mapError(rows.Err()); err != nil {
		return nil, err
	}
	for _, m := range out {
		if m.Criteria, err = db.findCriteria(ctx, m.ID); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// FindMethodByID returns one version with its criteria, or NotFound.
func (db *DB) FindMethodByID(ctx context.Context, id int64) (*needs.Method, error) {
	m, err := scanMethod(db.queryRow(ctx, `SELECT `+methodColumns+` WHERE m.id = ?`, id))
	if err != nil {
		return nil, orNotFound(err, "method", id)
	}
	m.Criteria, err = db.findCriteria(ctx, id)
	return m, err
}

// FindLatestMethod returns the newest version, or NotFound.
func (db *DB) FindLatestMethod(ctx context.Context) (*needs.Method, error) {
	var id int64
	if err := db.queryRow(ctx, `SELECT id FROM method_versions ORDER BY version DESC LIMIT 1`).Scan(&id); err != nil {
		return nil, orNotFound(mapError(err), "method", "latest")
	}
	return db.FindMethodByID(ctx, id)
}

func (db *DB) findCriteria(ctx context.Context, methodID int64) ([]needs.Criterion, error) {
	rows, err := db.query(ctx, `SELECT key, name_nb, name_nn, name_en, guidance, guidance_nn, guidance_en, scale_min, scale_max,
		anchors, anchors_nn, anchors_en, weight, inverse, mandatory_override
		FROM method_criteria WHERE method_id = ? ORDER BY position, id`, methodID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []needs.Criterion{}
	for rows.Next() {
		var c needs.Criterion
		var anchors, anchorsNN, anchorsEN string
		if err := rows.Scan(&c.Key, &c.NameNB, &c.NameNN, &c.NameEN, &c.Guidance, &c.GuidanceNN, &c.GuidanceEN, &c.Min, &c.Max,
			&anchors, &anchorsNN, &anchorsEN, &c.Weight, &c.Inverse, &c.MandatoryOverride); err != nil {
			return nil, mapError(err)
		}
		c.Anchors = splitStored(anchors, "\n")
		if anchorsNN != "" {
			c.AnchorsNN = splitStored(anchorsNN, "\n")
		}
		if anchorsEN != "" {
			c.AnchorsEN = splitStored(anchorsEN, "\n")
		}
		out = append(out, c)
	}
	return out, mapError(rows.Err())
}

// CreateMethod inserts m as the next version, with its criteria.
func (db *DB) CreateMethod(ctx context.Context, m *needs.Method) error {
	return db.WithTx(ctx, func(ctx context.Context) error {
		if err := db.queryRow(ctx, `SELECT COALESCE(MAX(version), 0) + 1 FROM method_versions`).Scan(&m.Version); err != nil {
			return mapError(err)
		}
		now := db.now()
		m.CreatedAt = now
		id, err := db.insert(ctx, `INSERT INTO method_versions (version, name, notes, backing_weight, backing_share_pct, backing_municipalities,
			mandatory_first, public_states, created_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			m.Version, m.Name, m.Notes, m.BackingWeight, m.BackingSharePct, m.BackingMunicipalities, m.MandatoryFirst,
			strings.Join(m.PublicStates, ","), nullInt(m.CreatedBy), now, now)
		if err != nil {
			return err
		}
		m.ID = id
		return db.insertCriteria(ctx, m)
	})
}

// UpdateMethod changes a version that no round has used yet, replacing its
// criteria (the audit log keeps the earlier content).
func (db *DB) UpdateMethod(ctx context.Context, m *needs.Method) error {
	return db.WithTx(ctx, func(ctx context.Context) error {
		res, err := db.exec(ctx, `UPDATE method_versions SET name = ?, notes = ?, backing_weight = ?, backing_share_pct = ?,
			backing_municipalities = ?, mandatory_first = ?, public_states = ?, updated_at = ?
			WHERE id = ? AND NOT EXISTS (SELECT 1 FROM rounds r WHERE r.method_id = method_versions.id)`,
			m.Name, m.Notes, m.BackingWeight, m.BackingSharePct, m.BackingMunicipalities, m.MandatoryFirst,
			strings.Join(m.PublicStates, ","), db.now(), m.ID)
		if err := affected(res, err, "method", m.ID); err != nil {
			return err
		}
		if _, err := db.exec(ctx, `DELETE FROM method_criteria WHERE method_id = ?`, m.ID); err != nil {
			return err
		}
		return db.insertCriteria(ctx, m)
	})
}

func (db *DB) insertCriteria(ctx context.Context, m *needs.Method) error {
	for i, c := range m.Criteria {
		if _, err := db.exec(ctx, `INSERT INTO method_criteria (method_id, position, key, name_nb, name_nn, name_en, guidance, guidance_nn,
			guidance_en, scale_min, scale_max, anchors, anchors_nn, anchors_en, weight, inverse, mandatory_override)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			m.ID, i+1, c.Key, c.NameNB, c.NameNN, c.NameEN, c.Guidance, c.GuidanceNN, c.GuidanceEN, c.Min, c.Max,
			strings.Join(c.Anchors, "\n"), strings.Join(c.AnchorsNN, "\n"), strings.Join(c.AnchorsEN, "\n"), c.Weight,
			c.Inverse, c.MandatoryOverride); err != nil {
			return err
		}
	}
	return nil
}

const roundColumns = `r.id, r.name, r.method_id, m.version, r.state, r.opened_by, r.opened_at, r.closed_by, r.closed_at
	FROM rounds r JOIN method_versions m ON m.id = r.method_id`

func scanRound(sc scanner) (*needs.Round, error) {
	var r needs.Round
	if err := sc.Scan(&r.ID, &r.Name, &r.MethodID, &r.MethodVersion, &r.State, ni(&r.OpenedBy), tm(&r.OpenedAt), ni(&r.ClosedBy),
		tm(&r.ClosedAt)); err != nil {
		return nil, mapError(err)
	}
	r.Results = []needs.Result{}
	return &r, nil
}

// CreateRound inserts an open round and its needs.
func (db *DB) CreateRound(ctx context.Context, r *needs.Round) error {
	return db.WithTx(ctx, func(ctx context.Context) error {
		r.OpenedAt = db.now()
		id, err := db.insert(ctx, `INSERT INTO rounds (name, method_id, state, opened_by, opened_at) VALUES (?, ?, ?, ?, ?)`,
			r.Name, r.MethodID, r.State, nullInt(r.OpenedBy), r.OpenedAt)
		if err != nil {
			return err
		}
		r.ID = id
		for _, n := range r.NeedIDs {
			if _, err := db.exec(ctx, `INSERT INTO round_needs (round_id, need_id) VALUES (?, ?)`, id, n); err != nil {
				return err
			}
		}
		return nil
	})
}

// FindRounds returns every round, newest first (without results).
func (db *DB) FindRounds(ctx context.Context) ([]*needs.Round, error) {
	rows, err := db.query(ctx, `SELECT `+roundColumns+` ORDER BY r.id DESC`)
	if err != nil {
		return nil, err
	}
	var out []*needs.Round
	for rows.Next() {
		r, err := scanRound(rows)
		if err != nil {
			rows.Close()
			return nil, err
		}
		out = append(out, r)
	}
	rows.Close()
	if err := mapError(rows.Err()); err != nil {
		return nil, err
	}
	for _, r := range out {
		if r.NeedIDs, err = db.int64s(ctx, `SELECT need_id FROM round_needs WHERE round_id = ? ORDER BY need_id`, r.ID); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// FindRoundByID returns a round with its needs and, when closed, its frozen
// results.
func (db *DB) FindRoundByID(ctx context.Context, id int64) (*needs.Round, error) {
	r, err := scanRound(db.queryRow(ctx, `SELECT `+roundColumns+` WHERE r.id = ?`, id))
	if err != nil {
		return nil, orNotFound(err, "round", id)
	}
	if r.NeedIDs, err = db.int64s(ctx, `SELECT need_id FROM round_needs WHERE round_id = ? ORDER BY need_id`, id); err != nil {
		return nil, err
	}
	rows, err := db.query(ctx, `SELECT rr.need_id, n.title, n.state, rr.rank, rr.score, rr.spread, rr.score_range, rr.assessors, rr.mandatory,
		rr.backing_score, rr.not_assessed FROM round_results rr JOIN needs n ON n.id = rr.need_id WHERE rr.round_id = ?
		ORDER BY rr.not_assessed, rr.rank, rr.need_id`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var x needs.Result
		if err := rows.Scan(&x.NeedID, &x.Title, &x.State, &x.Rank, &x.Score, &x.Spread, &x.Range, &x.Assessors, &x.Mandatory, &x.Backing,
			&x.NotAssessed); err != nil {
			return nil, mapError(err)
		}
		r.Results = append(r.Results, x)
	}
	return r, mapError(rows.Err())
}

func (db *DB) int64s(ctx context.Context, q string, args ...any) ([]int64, error) {
	return column[int64](ctx, db, q, args...)
}

func (db *DB) strings(ctx context.Context, q string, args ...any) ([]string, error) {
	return column[string](ctx, db, q, args...)
}

// column reads the one column of a query's rows.
func column[T any](ctx context.Context, db *DB, q string, args ...any) ([]T, error) {
	rows, err := db.query(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []T{}
	for rows.Next() {
		var x T
		if err := rows.Scan(&x); err != nil {
			return nil, mapError(err)
		}
		out = append(out, x)
	}
	return out, mapError(rows.Err())
}

// SaveScores stores an assessor's scores of a need, replacing earlier ones.
func (db *DB) SaveScores(ctx context.Context, roundID, needID, assessorID int64, in []needs.ScoreInput) error {
	now := db.now()
	for _, s := range in {
		if _, err := db.exec(ctx, `INSERT INTO round_scores (round_id, need_id, assessor_id, criterion, score, rationale, submitted_at)
			VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (round_id, need_id, assessor_id, criterion)
			DO UPDATE SET score = excluded.score, rationale = excluded.rationale, submitted_at = excluded.submitted_at`,
			roundID, needID, assessorID, s.Criterion, s.Value, s.Rationale, now); err != nil {
			return err
		}
	}
	return nil
}

const scoreColumns = `s.round_id, s.need_id, s.assessor_id, p.name, s.criterion, s.score, s.rationale, s.submitted_at
	FROM round_scores s JOIN people p ON p.id = s.assessor_id`

// FindScores returns the scores of a need in a round that viewer may see:
// their own, and everyone's once the viewer has scored the need or the
// round is closed. The rule is in SQL so no caller can forget it.
func (db *DB) FindScores(ctx context.Context, roundID, needID, viewerID int64) ([]needs.Score, error) {
	return db.scores(ctx, `SELECT `+scoreColumns+` JOIN rounds r ON r.id = s.round_id WHERE s.round_id = ? AND s.need_id = ?
		AND (s.assessor_id = ? OR r.state = 'closed' OR EXISTS (SELECT 1 FROM round_scores m
			WHERE m.round_id = s.round_id AND m.need_id = s.need_id AND m.assessor_id = ?))
		ORDER BY p.search_name, s.assessor_id, s.id`, roundID, needID, viewerID, viewerID)
}

// FindAllScores returns every score of a round, for computing results.
func (db *DB) FindAllScores(ctx context.Context, roundID int64) ([]needs.Score, error) {
	return db.scores(ctx, `SELECT `+scoreColumns+` WHERE s.round_id = ? ORDER BY s.id`, roundID)
}

func (db *DB) scores(ctx context.Context, q string, args ...any) ([]needs.Score, error) {
	rows, err := db.query(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []needs.Score{}
	for rows.Next() {
		var s needs.Score
		if err := rows.Scan(&s.RoundID, &s.NeedID, &s.AssessorID, &s.Assessor, &s.Criterion, &s.Value, &s.Rationale, tm(&s.SubmittedAt)); err != nil {
			return nil, mapError(err)
		}
		out = append(out, s)
	}
	return out, mapError(rows.Err())
}

// ScoredNeeds returns the needs of a round the assessor has scored.
func (db *DB) ScoredNeeds(ctx context.Context, roundID, assessorID int64) ([]int64, error) {
	return db.int64s(ctx, `SELECT DISTINCT need_id FROM round_scores WHERE round_id = ? AND assessor_id = ? ORDER BY need_id`, roundID, assessorID)
}

// FindRoundAssessors returns the people expected to score a round on a
// day: the current chairs, deputy chairs and members of the user council.
func (db *DB) FindRoundAssessors(ctx context.Context, on time.Time) ([]needs.Assessor, error) {
	day := on.Format(dateLayout)
	rows, err := db.query(ctx, `SELECT DISTINCT p.id, p.name, p.search_name FROM memberships m JOIN bodies b ON b.id = m.body_id
		JOIN people p ON p.id = m.person_id
		WHERE b.kind = 'user_council' AND m.function IN ('chair', 'deputy_chair', 'member') AND m.status = 'active'
		AND m.term_from <= ? AND (m.term_to IS NULL OR m.term_to >= ?) AND p.disabled_at IS NULL
		ORDER BY p.search_name, p.id`, day, day)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []needs.Assessor{}
	for rows.Next() {
		var a needs.Assessor
		var sortName string
		if err := rows.Scan(&a.ID, &a.Name, &sortName); err != nil {
			return nil, mapError(err)
		}
		out = append(out, a)
	}
	return out, mapError(rows.Err())
}

// CloseRound closes an open round and stores its ranked list.
func (db *DB) CloseRound(ctx context.Context, r *needs.Round) error {
	return db.WithTx(ctx, func(ctx context.Context) error {
		r.ClosedAt = db.now()
		res, err := db.exec(ctx, `UPDATE rounds SET state = 'closed', closed_by = ?, closed_at = ? WHERE id = ? AND state = 'open'`,
			nullInt(r.ClosedBy), r.ClosedAt, r.ID)
		if err := affected(res, err, "round", r.ID); err != nil {
			return err
		}
		for _, x := range r.Results {
			if _, err := db.exec(ctx, `INSERT INTO round_results (round_id, need_id, rank, score, spread, score_range, assessors, mandatory,
				backing_score, not_assessed) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, r.ID, x.NeedID, x.Rank, x.Score, x.Spread, x.Range,
				x.Assessors, x.Mandatory, x.Backing, x.NotAssessed); err != nil {
				return err
			}
			if x.NotAssessed {
				continue // the need keeps the rank of the latest round that assessed it
			}
			// This round is now each of its needs' latest closed round.
			if _, err := db.exec(ctx, `UPDATE needs SET latest_rank = ?, latest_score = ?, priority_key = ? WHERE id = ?`,
				x.Rank, x.Score, needs.PriorityKey(x.Rank, x.Score), x.NeedID); err != nil {
				return err
			}
		}
		return nil
	})
}

// RefreshNeedPriorities sets every need's latest rank, score and priority
// key from the round results (for data written in bulk, such as the
// benchmark dataset; CloseRound keeps them otherwise).
func (db *DB) RefreshNeedPriorities(ctx context.Context) error {
	round := `ROUND(l.score * 100)`
	if db.dialect == Postgres {
		round = `ROUND(CAST(l.score * 100 AS NUMERIC))`
	}
	_, err := db.exec(ctx, `UPDATE needs SET latest_rank = l.rank, latest_score = l.score,
		priority_key = CASE WHEN l.rank = 0 THEN 1125899906842624 ELSE l.rank * 100000 + (100000 - CAST(`+round+` AS BIGINT)) END
		FROM (SELECT need_id, rank, score FROM (SELECT rr.need_id, rr.rank, rr.score,
				ROW_NUMBER() OVER (PARTITION BY rr.need_id ORDER BY r.closed_at DESC, r.id DESC) AS rn
			FROM round_results rr JOIN rounds r ON r.id = rr.round_id WHERE NOT rr.not_assessed) x WHERE rn = 1) l
		WHERE needs.id = l.need_id`)
	return err
}
