package store

import (
	"cmp"
	"context"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/samstyr/samstyr/internal/errs"
	"github.com/samstyr/samstyr/internal/needs"
)

// needSelect is the SELECT list and FROM of a need with its organisation,
// contact, submitter, current backing and latest closed round's result.
const needColumns = `SELECT n.id, n.title, n.problem, n.affected, n.area, n.source, n.benefit, n.hours_saved, n.nok_saved, n.urgency,
	n.legal_deadline, n.standards, n.components, n.size, n.org_id, o.name, n.contact_id, COALESCE(c.name, ''), n.submitter_id,
	COALESCE(s.name, ''), n.state, n.merged_into, n.review_date, n.body_id, n.decision_id, n.decision_ref, n.decision_unmatched, n.submitted_at,
	n.created_at, n.updated_at,
	(SELECT COUNT(*) FROM need_backings b WHERE b.need_id = n.id AND b.withdrawn_at IS NULL) AS backers,
	(SELECT CAST(COALESCE(SUM(bo.population), 0) AS BIGINT) FROM need_backings b JOIN organisations bo ON bo.id = b.org_id
		WHERE b.need_id = n.id AND b.withdrawn_at IS NULL AND bo.kind = 'municipality') AS reach,
	n.latest_rank, n.latest_score`

const needFrom = ` FROM needs n JOIN organisations o ON o.id = n.org_id
	LEFT JOIN people c ON c.id = n.contact_id LEFT JOIN people s ON s.id = n.submitter_id`

const needSelect = needColumns + needFrom

type scanner interface{ Scan(...any) error }

func scanNeed(sc scanner, extra ...any) (*needs.Need, error) {
	var n needs.Need
	var affected, standards, components string
	dest := []any{&n.ID, &n.Title, &n.Problem, &affected, &n.Area, &n.Source, &n.Benefit, ni(&n.HoursSaved), ni(&n.NOKSaved), &n.Urgency,
		tm(&n.LegalDeadline), &standards, &components, &n.Size, &n.OrgID, &n.OrgName, ni(&n.ContactID), &n.ContactName, ni(&n.SubmitterID),
		&n.SubmitterName, &n.State, ni(&n.MergedInto), tm(&n.ReviewDate), ni(&n.BodyID), ni(&n.DecisionID), &n.DecisionRef, &n.DecisionUnmatched, tm(&n.SubmittedAt),
		tm(&n.CreatedAt), tm(&n.UpdatedAt), &n.Backers, &n.Reach, &n.Rank, &n.Score}
	if err := sc.Scan(append(dest, extra...)...); err != nil {
		return nil, mapError(err)
	}
	n.Affected, n.Standards, n.Components = splitStored(affected, ","), splitStored(standards, "\n"), splitStored(components, "\n")
	return &n, nil
}

func splitStored(s, sep string) []string {
	out := []string{}
	for _, x := range strings.Split(s, sep) {
		if x = strings.TrimSpace(x); x != "" {
			out = append(out, x)
		}
	}
	return out
}

// FindNeedByID returns one need (any state; the service decides who may
// see it) or NotFound.
func (db *DB) FindNeedByID(ctx context.Context, id int64) (*needs.Need, error) {
	n, err := scanNeed(db.queryRow(ctx, needSelect+` WHERE n.id = ?`, id))
	return n, orNotFound(err, "need", id)
}

// needVisible returns the WHERE condition of the needs the filter's viewer
// may see: signed-in people every state but other organisations' drafts;
// the public only the public states.
func needVisible(f needs.Filter) (string, []any) {
	if f.SignedIn {
		return `(n.state <> 'draft' OR n.org_id = ?)`, []any{f.ViewerOrgID}
	}
	if len(f.PublicStates) == 0 {
		return `1 = 0`, nil
	}
	args := make([]any, len(f.PublicStates))
	for i, s := range f.PublicStates {
		args[i] = s
	}
	return `n.state <> 'draft' AND n.state IN (` + placeholders(len(args)) + `)`, args
}

func placeholders(n int) string { return strings.TrimSuffix(strings.Repeat("?, ", n), ", ") }

// needWhere builds the conditions of a need list.
func (db *DB) needWhere(f needs.Filter) ([]string, []any) {
	vis, args := needVisible(f)
	where := []string{vis}
	add := func(cond string, a ...any) { where, args = append(where, cond), append(args, a...) }
	if f.State != "" {
		add(`n.state = ?`, f.State)
	}
	if f.Area != "" {
		add(`n.area = ?`, f.Area)
	}
	if f.County != "" {
		add(`(o.county_number = ? OR EXISTS (SELECT 1 FROM need_backings b JOIN organisations bo ON bo.id = b.org_id
			WHERE b.need_id = n.id AND b.withdrawn_at IS NULL AND bo.county_number = ?))`, f.County, f.County)
	}
	if f.OrgID != 0 {
		add(`(n.org_id = ? OR EXISTS (SELECT 1 FROM need_backings b WHERE b.need_id = n.id AND b.withdrawn_at IS NULL AND b.org_id = ?))`, f.OrgID, f.OrgID)
	}
	if f.RoundID != 0 {
		add(`EXISTS (SELECT 1 FROM round_needs rn WHERE rn.need_id = n.id AND rn.round_id = ?)`, f.RoundID)
	}
	if q := strings.TrimSpace(f.Q); q != "" {
		cond, a := db.needSearch(q)
		add(cond, a...)
	}
	return where, args
}

// needSearch is the full-text condition of a search: SQLite FTS5 with every
// word as a prefix; PostgreSQL websearch syntax with Norwegian stemming.
func (db *DB) needSearch(q string) (string, []any) {
	if db.dialect == Postgres {
		return `n.search @@ websearch_to_tsquery('norwegian', ?)`, []any{q}
	}
	match := ftsMatch(q)
	if match == "" { // no word to search for (only short words or signs)
		return `1 = 0`, nil
	}
	return `n.id IN (SELECT rowid FROM needs_fts WHERE needs_fts MATCH ?)`, []any{match}
}

// ftsMatch is the SQLite FTS5 query of a search: every word of two or more
// letters (stopwords left out) as a prefix, all of them required; "" when
// there is no such word.
func ftsMatch(q string) string {
	var terms []string
	for _, w := range needs.SearchWords(q, 20) {
		terms = append(terms, `"`+w+`"*`)
	}
	return strings.Join(terms, " ")
}

// needSortKey is the SQL of needs.SortKey over the needs table n alone,
// with only the one aggregate the sort needs: the list is sorted and cut
// to a page on this key first, and the page's needs are read in full
// after (reading every column of every matching need before sorting cost
// a quarter of a second at the benchmark's size).
func needSortKey(sort string) string {
	switch sort {
	case "oldest":
		return `n.id`
	case "priority":
		return `n.priority_key`
	case "backing":
		return `-(` + needBackersSQL + `)`
	case "reach":
		return `-(SELECT CAST(COALESCE(SUM(bo.population), 0) AS BIGINT) FROM need_backings b JOIN organisations bo ON bo.id = b.org_id
			WHERE b.need_id = n.id AND b.withdrawn_at IS NULL AND bo.kind = 'municipality')`
	}
	return `-n.id`
}

// needBackersSQL counts a need's current backings.
const needBackersSQL = `SELECT COUNT(*) FROM need_backings b WHERE b.need_id = n.id AND b.withdrawn_at IS NULL`

// FindNeeds returns the visible needs matching the filter in its sort
// order, at most f.Limit, after the cursor.
func (db *DB) FindNeeds(ctx context.Context, f needs.Filter) ([]*needs.Need, error) {
	where, args := db.needWhere(f)
	inner := `SELECT n.id, ` + needSortKey(f.Sort) + ` AS sort_key`
	if f.Backing > 0 {
		inner += `, (` + needBackersSQL + `) AS backers`
	}
	q := `SELECT u.id FROM (` + inner + ` FROM needs n JOIN organisations o ON o.id = n.org_id WHERE ` + strings.Join(where, " AND ") + `) u WHERE 1 = 1`
	if f.Backing > 0 {
		q, args = q+` AND u.backers >= ?`, append(args, f.Backing)
	}
	if f.After != nil {
		k, err := strconv.ParseInt(f.After.Key, 10, 64)
		if err != nil {
			return nil, errs.InvalidField("cursor", "error.cursor")
		}
		q, args = q+` AND (u.sort_key > ? OR (u.sort_key = ? AND u.id > ?))`, append(args, k, k, f.After.ID)
	}
	q, args = q+` ORDER BY u.sort_key, u.id LIMIT ?`, append(args, f.Limit)
	if byID, desc := needByIDOrder(f); byID {
		q, args = db.needIDOrderQuery(f, desc)
	}
	ids, err := db.int64s(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	return db.needsByID(ctx, ids)
}

// needByIDOrder reports whether the list is in id order (newest or
// oldest first, no backing filter), which the table's own order gives
// without sorting: the query then stops at the page's end.
func needByIDOrder(f needs.Filter) (byID, desc bool) {
	switch f.Sort {
	case "", "newest":
		return f.Backing == 0, true
	case "oldest":
		return f.Backing == 0, false
	}
	return false, false
}

// needIDOrderQuery is the first step of FindNeeds for the id orders: the
// sort key is -id (newest) or id (oldest), so the cursor is an id bound.
func (db *DB) needIDOrderQuery(f needs.Filter, desc bool) (string, []any) {
	from, id := `needs n`, `n.id`
	var where []string
	var args []any
	if match := ftsMatch(f.Q); db.dialect == SQLite && match != "" {
		// Driven by the search index in its rowid (= need id) order, so
		// the query stops at the page's end instead of collecting and
		// sorting every match first: the order and the cursor name the
		// index's rowid, which SQLite then takes from the index itself.
		from, id, where, args = `needs_fts JOIN needs n ON n.id = needs_fts.rowid`, `needs_fts.rowid`, []string{`needs_fts MATCH ?`}, []any{match}
		f.Q = ""
	}
	w, a := db.needWhere(f)
	where, args = append(where, w...), append(args, a...)
	if f.After != nil {
		if k, err := strconv.ParseInt(f.After.Key, 10, 64); err == nil {
			if desc {
				where, args = append(where, id+` < ?`), append(args, -k)
			} else {
				where, args = append(where, id+` > ?`), append(args, k)
			}
		}
	}
	order := id + ` DESC`
	if !desc {
		order = id
	}
	return `SELECT n.id FROM ` + from + ` JOIN organisations o ON o.id = n.org_id WHERE ` + strings.Join(where, " AND ") + ` ORDER BY ` + order + ` LIMIT ?`,
		append(args, f.Limit)
}

// needsByID reads the needs with the ids given, in that order.
func (db *DB) needsByID(ctx context.Context, ids []int64) ([]*needs.Need, error) {
	if len(ids) == 0 {
		return []*needs.Need{}, nil
	}
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	rows, err := db.queryNeeds(ctx, needSelect+` WHERE n.id IN (`+placeholders(len(ids))+`)`, args)
	if err != nil {
		return nil, err
	}
	byID := make(map[int64]*needs.Need, len(rows))
	for _, n := range rows {
		byID[n.ID] = n
	}
	out := make([]*needs.Need, 0, len(ids))
	for _, id := range ids {
		if n := byID[id]; n != nil {
			out = append(out, n)
		}
	}
	return out, nil
}

func (db *DB) queryNeeds(ctx context.Context, q string, args []any, extra ...any) ([]*needs.Need, error) {
	rows, err := db.query(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []*needs.Need{}
	for rows.Next() {
		n, err := scanNeed(rows, extra...)
		if err != nil {
			return nil, err
		}
		out = append(out, n)
	}
	return out, mapError(rows.Err())
}

// FindSimilarNeeds returns the visible needs (not drafts, not merged) most
// similar to text, a space-separated list of significant words: SQLite
// ranks by bm25 over an OR query of word prefixes, PostgreSQL by ts_rank
// over an OR query with Norwegian stemming. The best few are found on the
// search index alone and read in full after.
func (db *DB) FindSimilarNeeds(ctx context.Context, text string, exclude int64, f needs.Filter, limit int) ([]*needs.Need, error) {
	words := strings.Fields(text)
	if len(words) == 0 {
		return []*needs.Need{}, nil
	}
	vis, vargs := needVisible(f)
	terms := words
	// join makes the search expression of terms joined by AND (a stage:
	// the words themselves, each one doclist of the index) or OR (every
	// match: word prefixes, so "byggesøknad" finds "byggesøknader" too;
	// costly in a large collection, where a prefix merges many terms), and
	// find the query of the needs matching one, ranked by all terms.
	join := func(ts []string, and bool) string {
		out := make([]string, len(ts))
		for i, t := range ts {
			out[i] = `"` + t + `"`
			if !and {
				out[i] += "*"
			}
		}
		if and {
			return strings.Join(out, " AND ")
		}
		return strings.Join(out, " OR ")
	}
	find := `SELECT n.id FROM needs_fts JOIN needs n ON n.id = needs_fts.rowid WHERE needs_fts MATCH ?
		AND n.id <> ? AND n.state NOT IN ('draft', 'merged') AND ` + vis + `
		ORDER BY bm25(needs_fts, 10.0, 4.0, 1.0), n.id DESC LIMIT ?`
	if db.dialect == Postgres {
		// The index holds Norwegian stems: the words' own stems are the
		// terms, matched as they are (the 'simple' configuration).
		var err error
		if terms, err = db.strings(ctx, `SELECT lexeme FROM unnest(to_tsvector('norwegian', ?)) ORDER BY positions[1]`, text); err != nil {
			return nil, err
		}
		if len(terms) == 0 {
			return []*needs.Need{}, nil
		}
		join = func(ts []string, and bool) string {
			out := make([]string, len(ts))
			for i, t := range ts {
				out[i] = "'" + strings.NewReplacer("'", "", `\`, "").Replace(t) + "'"
			}
			if and {
				return strings.Join(out, " & ")
			}
			return strings.Join(out, " | ")
		}
		find = `SELECT n.id FROM needs n WHERE n.search @@ to_tsquery('simple', ?)
			AND n.id <> ? AND n.state NOT IN ('draft', 'merged') AND ` + vis + `
			ORDER BY ts_rank(n.search, to_tsquery('simple', ?)) DESC, n.id DESC LIMIT ?`
	}
	all := join(terms, false)
	var ids []int64
	seen := map[int64]bool{}
	search := func(match string) error {
		args := append([]any{match, exclude}, vargs...)
		if db.dialect == Postgres {
			args = append(args, all)
		}
		found, err := db.int64s(ctx, find, append(args, limit+len(ids))...)
		for _, id := range found {
			if !seen[id] && len(ids) < limit {
				seen[id] = true
				ids = append(ids, id)
			}
		}
		return err
	}
	stages, small := db.similarStages(ctx, terms)
	for _, stage := range stages {
		if len(ids) >= limit {
			break
		}
		if stage == nil { // every match, ranked: only when nothing else was found, or in a small collection
			if len(ids) > 0 && !small {
				break
			}
			if err := search(all); err != nil {
				return nil, err
			}
			continue
		}
		if err := search(join(stage, true)); err != nil {
			return nil, err
		}
	}
	return db.needsByID(ctx, ids)
}

// similarStages plans the search for similar needs. Ranking every need
// that shares any term costs in proportion to the matches (thousands for
// common words), so in a large collection it looks among the needs sharing
// the three rarest terms (by the search index's term counts), then the two
// rarest, then each of the four rarest that is rare (held by at most a tenth
// of the needs): the needs sharing the most rare terms come first. Every
// need sharing any term (the nil stage) is ranked in a small collection, or
// when none of that found anything. small reports a small collection.
func (db *DB) similarStages(ctx context.Context, terms []string) (stages [][]string, small bool) {
	docs, most := db.termDocs(ctx, terms)
	if most < db.smallCollection.Load() {
		return [][]string{nil}, true
	}
	count := func(t string) int64 { // a term not in the index yet last: it can match nothing
		if n := docs[t]; n > 0 {
			return n
		}
		return math.MaxInt64
	}
	rare := slices.Clone(terms)
	slices.SortStableFunc(rare, func(a, b string) int { return cmp.Compare(count(a), count(b)) })
	for _, k := range []int{3, 2} {
		if len(rare) >= k {
			stages = append(stages, rare[:k])
		}
	}
	for _, t := range rare[:min(len(rare), 4)] {
		if count(t) > most/10 {
			break
		}
		stages = append(stages, []string{t})
	}
	return append(stages, nil), false
}

// smallCollection is the count of the most common word (about the number
// of needs) below which similar needs are found by scoring every need that
// shares any word (DB.smallCollection, which tests lower).
const smallCollection = 500

// termDocs is how many needs hold each term of the search index (SQLite:
// words; PostgreSQL: Norwegian stems), and the most any word is held by.
// The counts only steer which needs are scored first, so slightly old
// counts do no harm: they are read again when a need's text has changed
// since (tagTerms) and either ten seconds have passed or one of terms is
// not among them (a word new to the index, the rarest there is), and after
// ten minutes at most. Empty when they cannot be read; every word then
// counts as rare.
func (db *DB) termDocs(ctx context.Context, terms []string) (map[string]int64, int64) {
	db.terms.mu.Lock()
	defer db.terms.mu.Unlock()
	if db.terms.docs != nil && db.Now().Sub(db.terms.at) < 10*time.Minute {
		fresh := !db.Changed(db.terms.gen, tagTerms)
		if !fresh && db.Now().Sub(db.terms.at) < 10*time.Second {
			fresh = true
			for _, t := range terms {
				if db.terms.docs[t] == 0 {
					fresh = false
				}
			}
		}
		if fresh {
			return db.terms.docs, db.terms.most
		}
	}
	gen := db.WriteGeneration()
	docs := map[string]int64{}
	q := `SELECT term, doc FROM needs_fts_vocab`
	if db.dialect == Postgres {
		q = `SELECT word, ndoc FROM ts_stat('SELECT search FROM needs')`
	}
	rows, err := db.query(ctx, q)
	if err != nil {
		return docs, 0
	}
	defer rows.Close()
	var most int64
	for rows.Next() {
		var t string
		var n int64
		if rows.Scan(&t, &n) == nil {
			docs[t], most = n, max(most, n)
		}
	}
	// Counts read in a write transaction (a need being submitted looks for
	// its neighbours) may be about to change, or be rolled back: used, not
	// kept.
	if rows.Err() == nil && !InTx(ctx) {
		db.terms.docs, db.terms.most, db.terms.at, db.terms.gen = docs, most, db.Now(), gen
	}
	return docs, most
}

// FindNeedsByIDs reads needs in the order of ids; ids with no need are left
// out.
func (db *DB) FindNeedsByIDs(ctx context.Context, ids []int64) ([]*needs.Need, error) {
	if len(ids) == 0 {
		return []*needs.Need{}, nil
	}
	return db.needsByID(ctx, ids)
}
