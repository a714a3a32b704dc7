package store

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/samstyr/samstyr/internal/errs"
	"github.com/samstyr/samstyr/internal/portfolio"
)

// The optimiser on the live portfolio (internal/portfolio): the facts the
// instance is built from, and the saved scenarios.

// FindLiveFacts returns every idea's needs (with the latest round's score
// and backing, and the legal deadline), rough figures and alternative
// group, and the pairs of projects whose plans depend on each other
// (project, depends on project).
func (db *DB) FindLiveFacts(ctx context.Context) (map[int64]portfolio.IdeaFacts, [][2]int64, error) {
	out := map[int64]portfolio.IdeaFacts{}
	rows, err := db.query(ctx, `SELECT id, cost_nok, duration_months, alternative_group FROM project_ideas`)
	if err != nil {
		return nil, nil, err
	}
	for rows.Next() {
		var id int64
		var f portfolio.IdeaFacts
		if err := rows.Scan(&id, &f.EstimateNOK, &f.DurationMonths, &f.AlternativeGroup); err != nil {
			rows.Close()
			return nil, nil, mapError(err)
		}
		f.Needs = []portfolio.NeedInput{}
		out[id] = f
	}
	rows.Close()
	if err := mapError(rows.Err()); err != nil {
		return nil, nil, err
	}
	rows, err = db.query(ctx, `SELECT pin.idea_id, n.id, n.title, n.latest_rank, n.latest_score, n.legal_deadline,
		COALESCE((SELECT rr.backing_score FROM round_results rr JOIN rounds r ON r.id = rr.round_id WHERE rr.need_id = n.id
			ORDER BY r.closed_at DESC, r.id DESC LIMIT 1), 0)
		FROM project_idea_needs pin JOIN needs n ON n.id = pin.need_id ORDER BY pin.idea_id, n.latest_rank = 0, n.latest_rank, n.id`)
	if err != nil {
		return nil, nil, err
	}
	for rows.Next() {
		var idea int64
		var n portfolio.NeedInput
		var deadline time.Time
		if err := rows.Scan(&idea, &n.ID, &n.Title, &n.Rank, &n.Score, tm(&deadline), &n.Backing); err != nil {
			rows.Close()
			return nil, nil, mapError(err)
		}
		if !deadline.IsZero() {
			n.LegalDeadline = &deadline
		}
		f := out[idea]
		f.Needs = append(f.Needs, n)
		out[idea] = f
	}
	rows.Close()
	if err := mapError(rows.Err()); err != nil {
		return nil, nil, err
	}
	deps, err := db.query(ctx, `SELECT DISTINCT a.project_id, b.project_id FROM project_activity_deps d
		JOIN project_activities a ON a.id = d.activity_id JOIN project_activities b ON b.id = d.depends_on_id
		WHERE a.project_id <> b.project_id ORDER BY a.project_id, b.project_id`)
	if err != nil {
		return nil, nil, err
	}
	defer deps.Close()
	var pairs [][2]int64
	for deps.Next() {
		var p [2]int64
		if err := deps.Scan(&p[0], &p[1]); err != nil {
			return nil, nil, mapError(err)
		}
		pairs = append(pairs, p)
	}
	return out, pairs, mapError(deps.Err())
}

const scenarioColumns = `s.id, s.name, s.from_year, s.years, s.state, s.decision_id, s.created_by, COALESCE(p.name, ''), s.created_at`

func scanScenario(sc interface{ Scan(...any) error }, extra ...any) (*portfolio.Scenario, error) {
	var s portfolio.Scenario
	err := sc.Scan(append([]any{&s.ID, &s.Name, &s.FromYear, &s.Years, &s.State, ni(&s.DecisionID), ni(&s.CreatedBy), &s.Creator, tm(&s.CreatedAt)}, extra...)...)
	return &s, mapError(err)
}

// FindScenarios returns the scenarios, newest first, with their decision
// and total benefit but without instance and result.
func (db *DB) FindScenarios(ctx context.Context) ([]*portfolio.Scenario, error) {
	rows, err := db.query(ctx, `SELECT `+scenarioColumns+`, s.result FROM portfolio_scenarios s LEFT JOIN people p ON p.id = s.created_by
		ORDER BY s.created_at DESC, s.id DESC`)
	if err != nil {
		return nil, err
	}
	out := []*portfolio.Scenario{}
	for rows.Next() {
		var result string
		s, err := scanScenario(rows, &result)
		if err != nil {
			rows.Close()
			return nil, err
		}
		var r struct {
			Objective int64 `json:"objective"`
		}
		if err := json.Unmarshal([]byte(result), &r); err != nil {
			rows.Close()
			return nil, fmt.Errorf("scenario %d result: %w", s.ID, err)
		}
		s.Objective = r.Objective
		out = append(out, s)
	}
	rows.Close()
	if err := mapError(rows.Err()); err != nil {
		return nil, err
	}
	for _, s := range out {
		if err := db.scenarioDecision(ctx, s); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func (db *DB) scenarioDecision(ctx context.Context, s *portfolio.Scenario) error {
	if s.DecisionID == 0 {
		return nil
	}
	ref, err := db.FindDecisionRef(ctx, s.DecisionID)
	s.Decision = ref
	return err
}

// FindScenarioByID returns a scenario with its instance and result; lock
// takes the row (FOR UPDATE on PostgreSQL; SQLite has one writer).
func (db *DB) FindScenarioByID(ctx context.Context, id int64, lock bool) (*portfolio.Scenario, error) {
	q := `SELECT ` + scenarioColumns + `, s.live, s.result FROM portfolio_scenarios s LEFT JOIN people p ON p.id = s.created_by WHERE s.id = ?`
	if lock && db.dialect == Postgres {
		q += ` FOR UPDATE OF s`
	}
	var live, result string
	s, err := scanScenario(db.queryRow(ctx, q, id), &live, &result)
	if err != nil {
		return nil, orNotFound(err, "portfolio_scenario", id)
	}
	if err := json.Unmarshal([]byte(live), &s.Live); err != nil {
		return nil, fmt.Errorf("scenario %d instance: %w", id, err)
	}
	if err := json.Unmarshal([]byte(result), &s.Result); err != nil {
		return nil, fmt.Errorf("scenario %d result: %w", id, err)
	}
	s.Objective = s.Result.Objective
	return s, db.scenarioDecision(ctx, s)
}

// CreateScenario stores a scenario with its frozen instance and result.
func (db *DB) CreateScenario(ctx context.Context, s *portfolio.Scenario) error {
	live, err := json.Marshal(s.Live)
	if err != nil {
		return err
	}
	result, err := json.Marshal(s.Result)
	if err != nil {
		return err
	}
	s.CreatedAt = db.now()
	s.ID, err = db.insert(ctx, `INSERT INTO portfolio_scenarios (name, from_year, years, live, result, state, created_by, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, s.Name, s.FromYear, s.Years, string(live), string(result), s.State, nullInt(s.CreatedBy), s.CreatedAt, s.CreatedAt)
	return err
}

// AdoptScenario marks a draft scenario adopted by the decision (only a
// draft: Conflict otherwise).
func (db *DB) AdoptScenario(ctx context.Context, id, decisionID int64) error {
	res, err := db.exec(ctx, `UPDATE portfolio_scenarios SET state = ?, decision_id = ?, updated_at = ? WHERE id = ? AND state = ?`,
		portfolio.ScenarioAdopted, decisionID, db.now(), id, portfolio.ScenarioDraft)
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil || n != 1 {
		return errs.E(errs.Conflict, "portfolio.scenario.error.adopted")
	}
	return nil
}

// SetPortfolioPriority writes a candidate's place in the adopted order
// onto its directive, project or idea.
func (db *DB) SetPortfolioPriority(ctx context.Context, kind string, id, priority int64) error {
	var q string
	switch kind {
	case portfolio.KindDirective:
		q = `UPDATE directives SET priority = ? WHERE id = ?`
	case portfolio.KindProject:
		q = `UPDATE projects SET priority = ? WHERE id = ?`
	case portfolio.KindIdea, portfolio.KindConcept:
		q = `UPDATE project_ideas SET portfolio_priority = ? WHERE id = ?`
	default:
		return fmt.Errorf("set portfolio priority: unknown kind %q", kind)
	}
	res, err := db.exec(ctx, q, priority, id)
	return affected(res, err, kind, id)
}

// FindIdeaPortfolioPriority returns an idea's place in the adopted
// priority order (0: none).
func (db *DB) FindIdeaPortfolioPriority(ctx context.Context, id int64) (int64, error) {
	var p int64
	err := db.queryRow(ctx, `SELECT portfolio_priority FROM project_ideas WHERE id = ?`, id).Scan(&p)
	return p, orNotFound(mapError(err), "project_idea", id)
}
