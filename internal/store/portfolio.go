package store

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/samstyr/samstyr/internal/directives"
	"github.com/samstyr/samstyr/internal/policy"
	"github.com/samstyr/samstyr/internal/portfolio"
	"github.com/samstyr/samstyr/internal/projects"
)

// The portfolio overview (internal/portfolio): rows assembled from ideas,
// directives and projects, the actor responsible for each, and the
// budget frames per year and funding source.

// FindPortfolioItems returns one row per idea (its project, else its
// directive, else the idea) and per project without an idea. With public
// set only the projects are read (projects are public; ideas and
// directives not yet approved are not).
func (db *DB) FindPortfolioItems(ctx context.Context, public bool) ([]*portfolio.Item, error) {
	out, err := db.portfolioProjects(ctx, public)
	if err != nil || public {
		return out, err
	}
	ds, err := db.portfolioDirectives(ctx)
	if err != nil {
		return nil, err
	}
	is, err := db.portfolioIdeas(ctx)
	if err != nil {
		return nil, err
	}
	return append(append(out, ds...), is...), nil
}

// actorJoin names the actor kept for the item, else for its idea.
const portfolioActorCols = `COALESCE(pa.org_id, ia.org_id, 0), COALESCE(pao.name, iao.name, '')`

func actorJoin(itemType, itemID, ideaID string) string {
	return fmt.Sprintf(` LEFT JOIN portfolio_actors pa ON pa.item_type = '%s' AND pa.item_id = %s
		LEFT JOIN organisations pao ON pao.id = pa.org_id
		LEFT JOIN portfolio_actors ia ON ia.item_type = 'idea' AND ia.item_id = %s
		LEFT JOIN organisations iao ON iao.id = ia.org_id`, itemType, itemID, ideaID)
}

func (db *DB) portfolioProjects(ctx context.Context, public bool) ([]*portfolio.Item, error) {
	q := `SELECT p.id, p.name, p.state, COALESCE(p.idea_id, 0), COALESCE(po.name, ''), COALESCE(pm.name, ''), p.priority,
		COALESCE(p.decision_id, 0), COALESCE(p.directive_id, 0), COALESCE(d.approved_version, 0), COALESCE((SELECT n.area FROM project_idea_needs pin JOIN needs n ON n.id = pin.need_id WHERE pin.idea_id = p.idea_id AND n.area <> '' GROUP BY n.area ORDER BY COUNT(*) DESC, n.area LIMIT 1), ''), ` + portfolioActorCols +
		` FROM projects p LEFT JOIN people po ON po.id = p.owner_id LEFT JOIN people pm ON pm.id = p.manager_id
		LEFT JOIN directives d ON d.id = p.directive_id` + actorJoin("project", "p.id", "p.idea_id")
	rows, err := db.query(ctx, q+` ORDER BY p.id`)
	if err != nil {
		return nil, err
	}
	type ver struct{ directive, number int64 }
	var out []*portfolio.Item
	var vers []ver
	for rows.Next() {
		it := newItem(portfolio.KindProject)
		var v ver
		if err := rows.Scan(&it.ID, &it.Title, &it.State, &it.IdeaID, &it.Owner, &it.Manager, &it.Priority, &it.DecisionID,
			&v.directive, &v.number, &it.Area, &it.ActorID, &it.Actor); err != nil {
			rows.Close()
			return nil, mapError(err)
		}
		it.StateKey, it.Path = "project.state."+it.State, "/projects/"+strconv.FormatInt(it.ID, 10)
		it.ActorType, it.ActorItem = "project", it.ID
		out, vers = append(out, it), append(vers, v)
	}
	rows.Close()
	if err := mapError(rows.Err()); err != nil {
		return nil, err
	}
	lines, err := db.query(ctx, `SELECT project_id, year, source, amount_nok FROM project_budget ORDER BY project_id, year, source`)
	if err != nil {
		return nil, err
	}
	byID := map[int64]*portfolio.Item{}
	for _, it := range out {
		byID[it.ID] = it
	}
	for lines.Next() {
		var id int64
		l := portfolio.Line{Approved: true}
		if err := lines.Scan(&id, &l.Year, &l.Source, &l.AmountNOK); err != nil {
			lines.Close()
			return nil, mapError(err)
		}
		if it := byID[id]; it != nil {
			it.Budget = append(it.Budget, l)
		}
	}
	lines.Close()
	if err := mapError(lines.Err()); err != nil {
		return nil, err
	}
	if err := db.portfolioControl(ctx, byID, public); err != nil {
		return nil, err
	}
	for i, it := range out {
		if vers[i].directive == 0 || vers[i].number == 0 {
			continue
		}
		v, err := db.FindDirectiveVersion(ctx, vers[i].directive, vers[i].number)
		if err != nil {
			return nil, err
		}
		it.Benefits = benefitsOf(v.Content)
	}
	return out, nil
}

// portfolioControl fills in what the projects' control records say: the
// overall rating and cost to date of each project's last reviewed status
// report and, unless public, the number of open deviations and the three
// open risks with the highest score.
func (db *DB) portfolioControl(ctx context.Context, byID map[int64]*portfolio.Item, public bool) error {
	rows, err := db.query(ctx, `SELECT sr.project_id, sr.period, sr.overall, sr.cost_lines FROM status_reports sr
		WHERE sr.state = 'reviewed' AND sr.period = (SELECT MAX(x.period) FROM status_reports x WHERE x.project_id = sr.project_id AND x.state = 'reviewed')`)
	if err != nil {
		return err
	}
	for rows.Next() {
		var id int64
		var period, overall, lines string
		if err := rows.Scan(&id, &period, &overall, &lines); err != nil {
			rows.Close()
			return mapError(err)
		}
		it := byID[id]
		if it == nil {
			continue
		}
		var cl []projects.CostLine
		if err := json.Unmarshal([]byte(lines), &cl); err != nil {
			rows.Close()
			return fmt.Errorf("status report of project %d: cost lines: %w", id, err)
		}
		it.LastStatus, it.LastPeriod = &overall, period
		for _, l := range cl {
			it.Spent = append(it.Spent, portfolio.Spent{Year: l.Year, ActualNOK: l.ActualNOK})
		}
	}
	rows.Close()
	if err := mapError(rows.Err()); err != nil || public {
		return err
	}
	for _, it := range byID {
		var zero int64
		it.OpenDeviations, it.TopRisks = &zero, []string{}
	}
	done := strings.Repeat("?, ", len(projects.DoneDeviationStates))
	args := make([]any, len(projects.DoneDeviationStates))
	for i, st := range projects.DoneDeviationStates {
		args[i] = st
	}
	rows, err = db.query(ctx, `SELECT project_id, COUNT(*) FROM deviations WHERE state NOT IN (`+done[:len(done)-2]+`) GROUP BY project_id`, args...)
	if err != nil {
		return err
	}
	for rows.Next() {
		var id, n int64
		if err := rows.Scan(&id, &n); err != nil {
			rows.Close()
			return mapError(err)
		}
		if it := byID[id]; it != nil {
			it.OpenDeviations = &n
		}
	}
	rows.Close()
	if err := mapError(rows.Err()); err != nil {
		return err
	}
	rows, err = db.query(ctx, `SELECT project_id, title FROM risks WHERE project_id IS NOT NULL AND state NOT IN (?, ?)
		ORDER BY project_id, probability * consequence DESC, id`, projects.RiskClosed, projects.RiskOccurred)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var title string
		if err := rows.Scan(&id, &title); err != nil {
			return mapError(err)
		}
		if it := byID[id]; it != nil && len(it.TopRisks) < 3 {
			it.TopRisks = append(it.TopRisks, title)
		}
	}
	return mapError(rows.Err())
}

func newItem(kind string) *portfolio.Item {
	return &portfolio.Item{Kind: kind, Budget: []portfolio.Line{}, Benefits: []portfolio.Benefit{}, TopRisks: nil}
}

func benefitsOf(c directives.Content) []portfolio.Benefit {
	out := []portfolio.Benefit{}
	for _, b := range c.Benefits {
		out = append(out, portfolio.Benefit{Text: b.Text, Type: b.Type, Owner: b.Owner})
	}
	return out
}

// portfolioDirectives returns the directives without a project, with the
// budget and benefits of their current version (none counted for a
// rejected one).
func (db *DB) portfolioDirectives(ctx context.Context) ([]*portfolio.Item, error) {
	rows, err := db.query(ctx, `SELECT d.id, d.title, d.state, d.idea_id, d.priority, COALESCE(d.approve_decision_id, d.recommend_decision_id, 0),
		v.content, COALESCE((SELECT n.area FROM project_idea_needs pin JOIN needs n ON n.id = pin.need_id WHERE pin.idea_id = d.idea_id AND n.area <> '' GROUP BY n.area ORDER BY COUNT(*) DESC, n.area LIMIT 1), ''), `+portfolioActorCols+`
		FROM directives d JOIN directive_versions v ON v.directive_id = d.id AND v.number = d.version`+
		actorJoin("idea", "d.idea_id", "d.idea_id")+` WHERE d.project_id IS NULL ORDER BY d.id`)
	if err != nil {
		return nil, err
	}
	var out []*portfolio.Item
	var owners, managers []int64
	for rows.Next() {
		it := newItem(portfolio.KindDirective)
		var content string
		if err := rows.Scan(&it.ID, &it.Title, &it.State, &it.IdeaID, &it.Priority, &it.DecisionID, &content, &it.Area, &it.ActorID, &it.Actor); err != nil {
			rows.Close()
			return nil, mapError(err)
		}
		var c directives.Content
		if err := json.Unmarshal([]byte(content), &c); err != nil {
			rows.Close()
			return nil, fmt.Errorf("directive %d content: %w", it.ID, err)
		}
		it.StateKey, it.Path = "directive.state."+it.State, "/directives/"+strconv.FormatInt(it.ID, 10)
		it.ActorType, it.ActorItem = "idea", it.IdeaID
		if it.State != directives.Rejected {
			for _, b := range c.Budget {
				it.Budget = append(it.Budget, portfolio.Line{Year: b.Year, Source: b.Source, AmountNOK: b.AmountNOK})
			}
		}
		it.Benefits = benefitsOf(c)
		out, owners, managers = append(out, it), append(owners, c.OwnerID), append(managers, c.ManagerID)
	}
	rows.Close()
	if err := mapError(rows.Err()); err != nil {
		return nil, err
	}
	for i, it := range out {
		if it.Owner, err = db.personName(ctx, owners[i]); err != nil {
			return nil, err
		}
		if it.Manager, err = db.personName(ctx, managers[i]); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func (db *DB) personName(ctx context.Context, id int64) (string, error) {
	if id == 0 {
		return "", nil
	}
	var name string
	err := db.queryRow(ctx, `SELECT name FROM people WHERE id = ?`, id).Scan(&name)
	if isNotFound(mapError(err)) {
		return "", nil
	}
	return name, mapError(err)
}

// portfolioIdeas returns the ideas without a directive.
func (db *DB) portfolioIdeas(ctx context.Context) ([]*portfolio.Item, error) {
	rows, err := db.query(ctx, `SELECT i.id, i.title, i.state, i.owner, i.cost_nok, i.benefits, COALESCE(i.concept_decision_id, 0), COALESCE((SELECT n.area FROM project_idea_needs pin JOIN needs n ON n.id = pin.need_id WHERE pin.idea_id = i.id AND n.area <> '' GROUP BY n.area ORDER BY COUNT(*) DESC, n.area LIMIT 1), ''), `+portfolioActorCols+`
		FROM project_ideas i`+actorJoin("idea", "i.id", "i.id")+`
		WHERE NOT EXISTS (SELECT 1 FROM directives d WHERE d.idea_id = i.id)
		AND NOT EXISTS (SELECT 1 FROM projects p WHERE p.idea_id = i.id) ORDER BY i.id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*portfolio.Item
	for rows.Next() {
		it := newItem(portfolio.KindIdea)
		var benefits string
		if err := rows.Scan(&it.ID, &it.Title, &it.State, &it.Owner, &it.EstimateNOK, &benefits, &it.DecisionID, &it.Area, &it.ActorID, &it.Actor); err != nil {
			return nil, mapError(err)
		}
		if it.State == directives.IdeaConcept {
			it.Kind = portfolio.KindConcept
		}
		if benefits != "" {
			it.Benefits = append(it.Benefits, portfolio.Benefit{Text: benefits})
		}
		it.IdeaID, it.StateKey, it.Path = it.ID, "idea.state."+it.State, "/ideas/"+strconv.FormatInt(it.ID, 10)
		it.ActorType, it.ActorItem = "idea", it.ID
		out = append(out, it)
	}
	return out, mapError(rows.Err())
}

// FindPortfolioActors returns the organisations that can be responsible
// for an item: state agencies and KS, by name.
func (db *DB) FindPortfolioActors(ctx context.Context) ([]portfolio.Actor, error) {
	rows, err := db.query(ctx, `SELECT id, name, kind FROM organisations WHERE kind IN (?, ?) ORDER BY name, id`,
		policy.OrgStateAgency, policy.OrgKS)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []portfolio.Actor{}
	for rows.Next() {
		var a portfolio.Actor
		if err := rows.Scan(&a.ID, &a.Name, &a.Kind); err != nil {
			return nil, mapError(err)
		}
		out = append(out, a)
	}
	return out, mapError(rows.Err())
}

// PortfolioItemExists reports whether an idea or a project exists.
func (db *DB) PortfolioItemExists(ctx context.Context, itemType string, itemID int64) (bool, error) {
	table := map[string]string{"idea": "project_ideas", "project": "projects"}[itemType]
	if table == "" {
		return false, nil
	}
	var n int
	err := db.queryRow(ctx, `SELECT COUNT(*) FROM `+table+` WHERE id = ?`, itemID).Scan(&n)
	return n > 0, mapError(err)
}

// SetPortfolioActor keeps the actor responsible for an idea or a project.
func (db *DB) SetPortfolioActor(ctx context.Context, itemType string, itemID, orgID int64) error {
	_, err := db.exec(ctx, `INSERT INTO portfolio_actors (item_type, item_id, org_id) VALUES (?, ?, ?)
		ON CONFLICT (item_type, item_id) DO UPDATE SET org_id = excluded.org_id`, itemType, itemID, orgID)
	return err
}

const frameColumns = `id, year, source, amount_nok, note, state, decision_id, created_by, created_at, updated_at`

func scanFrame(sc interface{ Scan(...any) error }) (*portfolio.Frame, error) {
	var f portfolio.Frame
	err := sc.Scan(&f.ID, &f.Year, &f.Source, &f.AmountNOK, &f.Note, &f.State, ni(&f.DecisionID), ni(&f.CreatedBy), tm(&f.CreatedAt), tm(&f.UpdatedAt))
	return &f, mapError(err)
}

// FindBudgetFrames returns every frame by year and source, each approved
// one with its decision.
func (db *DB) FindBudgetFrames(ctx context.Context) ([]*portfolio.Frame, error) {
	rows, err := db.query(ctx, `SELECT `+frameColumns+` FROM budget_frames ORDER BY year, CASE source
		WHEN 'digifin' THEN 1 WHEN 'ks' THEN 2 WHEN 'state' THEN 3 ELSE 4 END`)
	if err != nil {
		return nil, err
	}
	out := []*portfolio.Frame{}
	for rows.Next() {
		f, err := scanFrame(rows)
		if err != nil {
			rows.Close()
			return nil, err
		}
		out = append(out, f)
	}
	rows.Close()
	if err := mapError(rows.Err()); err != nil {
		return nil, err
	}
	for _, f := range out {
		if err := db.frameDecision(ctx, f); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func (db *DB) frameDecision(ctx context.Context, f *portfolio.Frame) error {
	if f.DecisionID == 0 {
		return nil
	}
	ref, err := db.FindDecisionRef(ctx, f.DecisionID)
	if err != nil {
		return err
	}
	f.Decision = ref
	return nil
}

// FindBudgetFrameByID returns a frame with its decision.
func (db *DB) FindBudgetFrameByID(ctx context.Context, id int64) (*portfolio.Frame, error) {
	f, err := scanFrame(db.queryRow(ctx, `SELECT `+frameColumns+` FROM budget_frames WHERE id = ?`, id))
	if err != nil {
		return nil, orNotFound(err, "budget_frame", id)
	}
	return f, db.frameDecision(ctx, f)
}

// CreateBudgetFrame inserts a frame; one for the same year and source
// exists → Conflict.
func (db *DB) CreateBudgetFrame(ctx context.Context, f *portfolio.Frame) error {
	now := db.now()
	f.CreatedAt, f.UpdatedAt = now, now
	var err error
	f.ID, err = db.insert(ctx, `INSERT INTO budget_frames (year, source, amount_nok, note, state, decision_id, created_by, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, f.Year, f.Source, f.AmountNOK, f.Note, f.State, nullInt(f.DecisionID), nullInt(f.CreatedBy), now, now)
	return err
}

// UpdateBudgetFrame writes a frame's amount, note, state and decision.
func (db *DB) UpdateBudgetFrame(ctx context.Context, f *portfolio.Frame) error {
	f.UpdatedAt = db.now()
	res, err := db.exec(ctx, `UPDATE budget_frames SET amount_nok = ?, note = ?, state = ?, decision_id = ?, updated_at = ? WHERE id = ?`,
		f.AmountNOK, f.Note, f.State, nullInt(f.DecisionID), f.UpdatedAt, f.ID)
	return affected(res, err, "budget_frame", f.ID)
}

// FindGuidelines returns every main guideline with its shares, newest
// first.
func (db *DB) FindGuidelines(ctx context.Context) ([]*portfolio.Guideline, error) {
	ids, err := db.int64s(ctx, `SELECT id FROM portfolio_guidelines ORDER BY id DESC`)
	if err != nil {
		return nil, err
	}
	out := []*portfolio.Guideline{}
	for _, id := range ids {
		g, err := db.FindGuidelineByID(ctx, id)
		if err != nil {
			return nil, err
		}
		out = append(out, g)
	}
	return out, nil
}

// FindGuidelineByID returns a guideline with its shares and decision.
func (db *DB) FindGuidelineByID(ctx context.Context, id int64) (*portfolio.Guideline, error) {
	var g portfolio.Guideline
	err := db.queryRow(ctx, `SELECT id, title, goals, state, decision_id, created_by, created_at, updated_at FROM portfolio_guidelines WHERE id = ?`, id).
		Scan(&g.ID, &g.Title, &g.Goals, &g.State, ni(&g.DecisionID), ni(&g.CreatedBy), tm(&g.CreatedAt), tm(&g.UpdatedAt))
	if err != nil {
		return nil, orNotFound(mapError(err), "guideline", id)
	}
	rows, err := db.query(ctx, `SELECT area, share_pct FROM portfolio_guideline_areas WHERE guideline_id = ? ORDER BY CASE area
		WHEN 'plan' THEN 1 WHEN 'bygg' THEN 2 WHEN 'geodata' THEN 3 ELSE 4 END`, id)
	if err != nil {
		return nil, err
	}
	g.Areas = []portfolio.AreaShare{}
	for rows.Next() {
		var a portfolio.AreaShare
		if err := rows.Scan(&a.Area, &a.SharePct); err != nil {
			rows.Close()
			return nil, mapError(err)
		}
		g.Areas = append(g.Areas, a)
	}
	rows.Close()
	if err := mapError(rows.Err()); err != nil {
		return nil, err
	}
	if g.DecisionID != 0 {
		if g.Decision, err = db.FindDecisionRef(ctx, g.DecisionID); err != nil {
			return nil, err
		}
	}
	return &g, nil
}

// CreateGuideline inserts a guideline with its shares.
func (db *DB) CreateGuideline(ctx context.Context, g *portfolio.Guideline) error {
	return db.WithTx(ctx, func(ctx context.Context) error {
		now := db.now()
		g.CreatedAt, g.UpdatedAt = now, now
		var err error
		g.ID, err = db.insert(ctx, `INSERT INTO portfolio_guidelines (title, goals, state, decision_id, created_by, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?)`, g.Title, g.Goals, g.State, nullInt(g.DecisionID), nullInt(g.CreatedBy), now, now)
		if err != nil {
			return err
		}
		for _, a := range g.Areas {
			if _, err := db.exec(ctx, `INSERT INTO portfolio_guideline_areas (guideline_id, area, share_pct) VALUES (?, ?, ?)`, g.ID, a.Area, a.SharePct); err != nil {
				return err
			}
		}
		return nil
	})
}

// UpdateGuidelineState writes a guideline's state and decision.
func (db *DB) UpdateGuidelineState(ctx context.Context, g *portfolio.Guideline) error {
	g.UpdatedAt = db.now()
	res, err := db.exec(ctx, `UPDATE portfolio_guidelines SET state = ?, decision_id = ?, updated_at = ? WHERE id = ?`,
		g.State, nullInt(g.DecisionID), g.UpdatedAt, g.ID)
	return affected(res, err, "guideline", g.ID)
}
