package store

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/samstyr/samstyr/internal/errs"
	"github.com/samstyr/samstyr/internal/forum"
)

// Brukerforum and elections (internal/forum). The roll and the ballot box
// are separate tables; CastBallot writes both in the caller's
// transaction, and the ballot row has no voter, municipality or time.

const forumColumns = `id, year, title, starts_at, ends_at, place, video_url, description, programme, adopted_by, created_at, updated_at,
	(SELECT COUNT(*) FROM forum_registrations r WHERE r.forum_id = forums.id)`

func scanForum(sc interface{ Scan(...any) error }) (*forum.Forum, error) {
	var f forum.Forum
	err := sc.Scan(&f.ID, &f.Year, &f.Title, tm(&f.StartsAt), tm(&f.EndsAt), &f.Place, &f.VideoURL, &f.Description, &f.Programme,
		ni(&f.AdoptedBy), tm(&f.CreatedAt), tm(&f.UpdatedAt), &f.Registered)
	if err != nil {
		return nil, mapError(err)
	}
	f.Sessions = []*forum.Session{}
	return &f, nil
}

// CreateForum inserts a forum.
func (db *DB) CreateForum(ctx context.Context, f *forum.Forum) error {
	now := db.now()
	f.CreatedAt, f.UpdatedAt = now, now
	var err error
	f.ID, err = db.insert(ctx, `INSERT INTO forums (year, title, starts_at, ends_at, place, video_url, description, programme, adopted_by, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, f.Year, f.Title, timeArg(f.StartsAt), timeArg(f.EndsAt), f.Place, f.VideoURL, f.Description,
		f.Programme, nullInt(f.AdoptedBy), now, now)
	return err
}

// UpdateForum writes a forum's fields.
func (db *DB) UpdateForum(ctx context.Context, f *forum.Forum) error {
	f.UpdatedAt = db.now()
	res, err := db.exec(ctx, `UPDATE forums SET title = ?, starts_at = ?, ends_at = ?, place = ?, video_url = ?, description = ?, programme = ?,
		adopted_by = ?, updated_at = ? WHERE id = ?`, f.Title, timeArg(f.StartsAt), timeArg(f.EndsAt), f.Place, f.VideoURL, f.Description,
		f.Programme, nullInt(f.AdoptedBy), f.UpdatedAt, f.ID)
	return affected(res, err, "forum", f.ID)
}

// FindForumByID returns a forum with its programme.
func (db *DB) FindForumByID(ctx context.Context, id int64) (*forum.Forum, error) {
	f, err := scanForum(db.queryRow(ctx, `SELECT `+forumColumns+` FROM forums WHERE id = ?`, id))
	if err != nil {
		return nil, orNotFound(err, "forum", id)
	}
	rows, err := db.query(ctx, `SELECT id, forum_id, starts_at, title, speakers FROM forum_sessions WHERE forum_id = ? ORDER BY starts_at, id`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var s forum.Session
		if err := rows.Scan(&s.ID, &s.ForumID, tm(&s.StartsAt), &s.Title, &s.Speakers); err != nil {
			return nil, mapError(err)
		}
		f.Sessions = append(f.Sessions, &s)
	}
	return f, mapError(rows.Err())
}

// FindForums returns every forum, newest first.
func (db *DB) FindForums(ctx context.Context) ([]*forum.Forum, error) {
	rows, err := db.query(ctx, `SELECT `+forumColumns+` FROM forums ORDER BY starts_at DESC, id DESC`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []*forum.Forum{}
	for rows.Next() {
		f, err := scanForum(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, f)
	}
	return out, mapError(rows.Err())
}

// CreateForumSession adds a programme item.
func (db *DB) CreateForumSession(ctx context.Context, s *forum.Session) error {
	var err error
	s.ID, err = db.insert(ctx, `INSERT INTO forum_sessions (forum_id, starts_at, title, speakers) VALUES (?, ?, ?, ?)`,
		s.ForumID, timeArg(s.StartsAt), s.Title, s.Speakers)
	return err
}

// CreateRegistration registers a person; a second registration of the
// person, or a second voting representative of the organisation, is a
// Conflict.
func (db *DB) CreateRegistration(ctx context.Context, r *forum.Registration) error {
	r.CreatedAt = db.now()
	var err error
	r.ID, err = db.insert(ctx, `INSERT INTO forum_registrations (forum_id, person_id, org_id, role, created_at) VALUES (?, ?, ?, ?, ?)`,
		r.ForumID, r.PersonID, r.OrgID, r.Role, r.CreatedAt)
	return err
}

// FindRegistrations lists a forum's registrations by county, organisation
// and name.
func (db *DB) FindRegistrations(ctx context.Context, forumID int64) ([]*forum.Registration, error) {
	rows, err := db.query(ctx, `SELECT r.id, r.forum_id, r.person_id, p.name, r.org_id, o.name, o.county_name, r.role, r.created_at
		FROM forum_registrations r JOIN people p ON p.id = r.person_id JOIN organisations o ON o.id = r.org_id
		WHERE r.forum_id = ? ORDER BY o.county_name, o.search_name, r.role DESC, p.search_name, r.id`, forumID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []*forum.Registration{}
	for rows.Next() {
		var r forum.Registration
		if err := rows.Scan(&r.ID, &r.ForumID, &r.PersonID, &r.PersonName, &r.OrgID, &r.OrgName, &r.CountyName, &r.Role, tm(&r.CreatedAt)); err != nil {
			return nil, mapError(err)
		}
		out = append(out, &r)
	}
	return out, mapError(rows.Err())
}

// ForumCountyShares counts per county the active municipalities, those
// with a registration for the forum, and their populations.
func (db *DB) ForumCountyShares(ctx context.Context, forumID int64) ([]forum.CountyShare, error) {
	rows, err := db.query(ctx, `SELECT o.county_name, COUNT(*), COALESCE(SUM(o.population), 0),
		COALESCE(SUM(CASE WHEN reg.org_id IS NOT NULL THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN reg.org_id IS NOT NULL THEN o.population ELSE 0 END), 0)
		FROM organisations o LEFT JOIN (SELECT DISTINCT org_id FROM forum_registrations WHERE forum_id = ?) reg ON reg.org_id = o.id
		WHERE o.kind = 'municipality' AND o.active GROUP BY o.county_name ORDER BY o.county_name`, forumID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []forum.CountyShare{}
	for rows.Next() {
		var c forum.CountyShare
		if err := rows.Scan(&c.County, &c.Municipalities, &c.Population, &c.Represented, &c.PopRepresented); err != nil {
			return nil, mapError(err)
		}
		out = append(out, c)
	}
	return out, mapError(rows.Err())
}

// FindPersonOrg returns a person's organisation and its kind (0 and ""
// for none).
func (db *DB) FindPersonOrg(ctx context.Context, personID int64) (int64, string, error) {
	var id int64
	var kind string
	err := db.queryRow(ctx, `SELECT COALESCE(p.organisation_id, 0), COALESCE(o.kind, '') FROM people p LEFT JOIN organisations o ON o.id = p.organisation_id
		WHERE p.id = ?`, personID).Scan(&id, &kind)
	return id, kind, orNotFound(mapError(err), "person", personID)
}

// FindBodyIDByKind returns the id of the first active body of a kind.
func (db *DB) FindBodyIDByKind(ctx context.Context, kind string) (int64, error) {
	var id int64
	err := db.queryRow(ctx, `SELECT id FROM bodies WHERE kind = ? ORDER BY active DESC, id LIMIT 1`, kind).Scan(&id)
	return id, orNotFound(mapError(err), "body", kind)
}

const electionColumns = `id, forum_id, body_id, title, seats, deputies, term_from, term_to, rule, balance, state, closes_at,
	ballots_hash, result, created_at, updated_at`

func scanElection(sc interface{ Scan(...any) error }) (*forum.Election, error) {
	var e forum.Election
	var balance, result string
	err := sc.Scan(&e.ID, &e.ForumID, &e.BodyID, &e.Title, &e.Seats, &e.Deputies, tm(&e.TermFrom), tm(&e.TermTo), &e.Rule, &balance,
		&e.State, tm(&e.ClosesAt), &e.BallotsHash, &result, tm(&e.CreatedAt), tm(&e.UpdatedAt))
	if err != nil {
		return nil, mapError(err)
	}
	if err := json.Unmarshal([]byte(balance), &e.Balance); err != nil {
		return nil, fmt.Errorf("election %d balance: %w", e.ID, err)
	}
	if result != "" {
		e.Result = &forum.Result{}
		if err := json.Unmarshal([]byte(result), e.Result); err != nil {
			return nil, fmt.Errorf("election %d result: %w", e.ID, err)
		}
	}
	return &e, nil
}

func electionJSON(e *forum.Election) (string, string, error) {
	b, err := json.Marshal(e.Balance)
	if err != nil {
		return "", "", err
	}
	var r []byte
	if e.Result != nil {
		if r, err = json.Marshal(e.Result); err != nil {
			return "", "", err
		}
	}
	return string(b), string(r), nil
}

// CreateElection inserts an election.
func (db *DB) CreateElection(ctx context.Context, e *forum.Election) error {
	now := db.now()
	e.CreatedAt, e.UpdatedAt = now, now
	balance, result, err := electionJSON(e)
	if err != nil {
		return err
	}
	e.ID, err = db.insert(ctx, `INSERT INTO elections (forum_id, body_id, title, seats, deputies, term_from, term_to, rule, balance, state,
		closes_at, ballots_hash, result, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		e.ForumID, e.BodyID, e.Title, e.Seats, e.Deputies, dateArg(e.TermFrom), dateArg(e.TermTo), e.Rule, balance, e.State,
		timeArg(e.ClosesAt), e.BallotsHash, result, now, now)
	return err
}

// UpdateElection writes an election's state, window, hash and result.
func (db *DB) UpdateElection(ctx context.Context, e *forum.Election) error {
	e.UpdatedAt = db.now()
	balance, result, err := electionJSON(e)
	if err != nil {
		return err
	}
	res, err := db.exec(ctx, `UPDATE elections SET title = ?, seats = ?, deputies = ?, term_from = ?, term_to = ?, rule = ?, balance = ?,
		state = ?, closes_at = ?, ballots_hash = ?, result = ?, updated_at = ? WHERE id = ?`, e.Title, e.Seats, e.Deputies,
		dateArg(e.TermFrom), dateArg(e.TermTo), e.Rule, balance, e.State, timeArg(e.ClosesAt), e.BallotsHash, result, e.UpdatedAt, e.ID)
	return affected(res, err, "election", e.ID)
}

// FindElectionByID returns an election.
func (db *DB) FindElectionByID(ctx context.Context, id int64) (*forum.Election, error) {
	e, err := scanElection(db.queryRow(ctx, `SELECT `+electionColumns+` FROM elections WHERE id = ?`, id))
	return e, orNotFound(err, "election", id)
}

// FindElections returns a forum's elections (0: every one), newest first.
func (db *DB) FindElections(ctx context.Context, forumID int64) ([]*forum.Election, error) {
	q, args := `SELECT `+electionColumns+` FROM elections`, []any{}
	if forumID != 0 {
		q, args = q+` WHERE forum_id = ?`, append(args, forumID)
	}
	rows, err := db.query(ctx, q+` ORDER BY id DESC`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []*forum.Election{}
	for rows.Next() {
		e, err := scanElection(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, mapError(rows.Err())
}

// ReplaceRoll sets the election's roll.
func (db *DB) ReplaceRoll(ctx context.Context, electionID int64, orgIDs []int64) error {
	return db.WithTx(ctx, func(ctx context.Context) error {
		if _, err := db.exec(ctx, `DELETE FROM election_roll WHERE election_id = ?`, electionID); err != nil {
			return err
		}
		for _, id := range orgIDs {
			if _, err := db.exec(ctx, `INSERT INTO election_roll (election_id, org_id) VALUES (?, ?)`, electionID, id); err != nil {
				return err
			}
		}
		return nil
	})
}

// FindRoll returns the roll with whether each municipality voted.
func (db *DB) FindRoll(ctx context.Context, electionID int64) ([]forum.RollEntry, error) {
	rows, err := db.query(ctx, `SELECT r.org_id, o.name, o.county_name, CASE WHEN v.org_id IS NULL THEN 0 ELSE 1 END
		FROM election_roll r JOIN organisations o ON o.id = r.org_id
		LEFT JOIN election_voted v ON v.election_id = r.election_id AND v.org_id = r.org_id
		WHERE r.election_id = ? ORDER BY o.county_name, o.search_name`, electionID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []forum.RollEntry{}
	for rows.Next() {
		var r forum.RollEntry
		var voted int
		if err := rows.Scan(&r.OrgID, &r.Name, &r.County, &voted); err != nil {
			return nil, mapError(err)
		}
		r.Voted = voted == 1
		out = append(out, r)
	}
	return out, mapError(rows.Err())
}

// CreateCandidate inserts a nomination.
func (db *DB) CreateCandidate(ctx context.Context, c *forum.Candidate) error {
	c.CreatedAt = db.now()
	var err error
	c.ID, err = db.insert(ctx, `INSERT INTO election_candidates (election_id, person_id, org_id, sector, gender, nominator_id, consent, motivation, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, c.ElectionID, c.PersonID, c.OrgID, c.Sector, c.Gender, nullInt(c.NominatorID), c.Consent, c.Motivation, c.CreatedAt)
	return err
}

// FindCandidates returns the candidates in nomination order.
func (db *DB) FindCandidates(ctx context.Context, electionID int64) ([]*forum.Candidate, error) {
	rows, err := db.query(ctx, `SELECT c.id, c.election_id, c.person_id, p.name, c.org_id, o.name, o.county_name, COALESCE(o.population, 0),
		c.sector, c.gender, c.nominator_id, COALESCE(n.name, ''), c.consent, c.motivation, c.created_at
		FROM election_candidates c JOIN people p ON p.id = c.person_id JOIN organisations o ON o.id = c.org_id
		LEFT JOIN people n ON n.id = c.nominator_id WHERE c.election_id = ? ORDER BY c.id`, electionID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []*forum.Candidate{}
	for rows.Next() {
		var c forum.Candidate
		if err := rows.Scan(&c.ID, &c.ElectionID, &c.PersonID, &c.PersonName, &c.OrgID, &c.OrgName, &c.County, &c.Population,
			&c.Sector, &c.Gender, ni(&c.NominatorID), &c.Nominator, &c.Consent, &c.Motivation, tm(&c.CreatedAt)); err != nil {
			return nil, mapError(err)
		}
		out = append(out, &c)
	}
	return out, mapError(rows.Err())
}

// VotingOrg returns the organisation a person is the registered voting
// representative of at a forum.
func (db *DB) VotingOrg(ctx context.Context, forumID, personID int64) (int64, error) {
	var id int64
	err := db.queryRow(ctx, `SELECT org_id FROM forum_registrations WHERE forum_id = ? AND person_id = ? AND role = 'voting'`,
		forumID, personID).Scan(&id)
	return id, orNotFound(mapError(err), "registration", personID)
}

// CastBallot records that the municipality voted and puts the ballot in
// the box, in one transaction. The primary key of election_voted refuses
// a second vote (Conflict); its foreign key refuses a municipality not on
// the roll.
func (db *DB) CastBallot(ctx context.Context, electionID, orgID int64, b forum.Ballot) error {
	return db.WithTx(ctx, func(ctx context.Context) error {
		if _, err := db.exec(ctx, `INSERT INTO election_voted (election_id, org_id) VALUES (?, ?)`, electionID, orgID); err != nil {
			return err
		}
		_, err := db.exec(ctx, `INSERT INTO election_ballots (id, election_id, choices, receipt) VALUES (?, ?, ?, ?)`,
			b.ID, electionID, choicesText(b.Choices), b.Receipt)
		return err
	})
}

func choicesText(c []int64) string {
	parts := make([]string, len(c))
	for i, id := range c {
		parts[i] = strconv.FormatInt(id, 10)
	}
	return strings.Join(parts, ",")
}

// FindBallots returns an election's ballots in receipt order.
func (db *DB) FindBallots(ctx context.Context, electionID int64) ([]forum.Ballot, error) {
	rows, err := db.query(ctx, `SELECT id, choices, receipt FROM election_ballots WHERE election_id = ? ORDER BY receipt`, electionID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []forum.Ballot
	for rows.Next() {
		var b forum.Ballot
		var choices string
		if err := rows.Scan(&b.ID, &choices, &b.Receipt); err != nil {
			return nil, mapError(err)
		}
		b.Choices = []int64{}
		for _, s := range strings.Split(choices, ",") {
			if s == "" {
				continue
			}
			n, err := strconv.ParseInt(s, 10, 64)
			if err != nil {
				return nil, errs.E(errs.Internal, "error.internal")
			}
			b.Choices = append(b.Choices, n)
		}
		out = append(out, b)
	}
	return out, mapError(rows.Err())
}

// ShuffleBallots writes the election's ballots again in receipt order, so
// that their physical order (and on PostgreSQL their transaction ids) no
// longer follows the order they were cast in.
func (db *DB) ShuffleBallots(ctx context.Context, electionID int64) error {
	return db.WithTx(ctx, func(ctx context.Context) error {
		bs, err := db.FindBallots(ctx, electionID)
		if err != nil {
			return err
		}
		if _, err := db.exec(ctx, `DELETE FROM election_ballots WHERE election_id = ?`, electionID); err != nil {
			return err
		}
		for _, b := range bs {
			if _, err := db.exec(ctx, `INSERT INTO election_ballots (id, election_id, choices, receipt) VALUES (?, ?, ?, ?)`,
				b.ID, electionID, choicesText(b.Choices), b.Receipt); err != nil {
				return err
			}
		}
		return nil
	})
}

// LinkMembership records that a membership came from an election.
func (db *DB) LinkMembership(ctx context.Context, electionID, membershipID int64) error {
	_, err := db.exec(ctx, `INSERT INTO election_memberships (election_id, membership_id) VALUES (?, ?)`, electionID, membershipID)
	return err
}

// ElectionMemberships returns the memberships an election proposed.
func (db *DB) ElectionMemberships(ctx context.Context, electionID int64) ([]int64, error) {
	return db.int64s(ctx, `SELECT membership_id FROM election_memberships WHERE election_id = ? ORDER BY membership_id`, electionID)
}

// BallotColumns returns the columns of the ballot box, so that a test can
// show that none of them could name a voter.
func (db *DB) BallotColumns(ctx context.Context) ([]string, error) {
	rows, err := db.query(ctx, `SELECT * FROM election_ballots WHERE 1 = 0`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	return rows.Columns()
}

const inputColumns = `i.id, i.forum_id, i.subject, i.need_id, '', i.topic, i.title, i.body, i.author_id, p.name,
	i.org_id, COALESCE(o.name, ''), i.group_label, i.answer, i.outcome, i.answered_by, i.answered_at,
	(SELECT COUNT(*) FROM forum_input_supports s WHERE s.input_id = i.id), i.created_at, i.updated_at`

const inputFrom = ` FROM forum_inputs i JOIN people p ON p.id = i.author_id LEFT JOIN organisations o ON o.id = i.org_id`

func scanInput(sc interface{ Scan(...any) error }) (*forum.Input, error) {
	var in forum.Input
	err := sc.Scan(&in.ID, ni(&in.ForumID), &in.Subject, ni(&in.NeedID), &in.NeedTitle, &in.Topic, &in.Title, &in.Body, &in.AuthorID,
		&in.AuthorName, ni(&in.OrgID), &in.OrgName, &in.Group, &in.Answer, &in.Outcome, ni(&in.AnsweredBy), tm(&in.AnsweredAt),
		&in.Supports, tm(&in.CreatedAt), tm(&in.UpdatedAt))
	if err != nil {
		return nil, mapError(err)
	}
	return &in, nil
}

// CreateInput inserts an input.
func (db *DB) CreateInput(ctx context.Context, in *forum.Input) error {
	now := db.now()
	in.CreatedAt, in.UpdatedAt = now, now
	var err error
	in.ID, err = db.insert(ctx, `INSERT INTO forum_inputs (forum_id, subject, need_id, topic, title, body, author_id, org_id, group_label,
		answer, outcome, answered_by, answered_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		nullInt(in.ForumID), in.Subject, nullInt(in.NeedID), in.Topic, in.Title, in.Body, in.AuthorID, nullInt(in.OrgID), in.Group,
		in.Answer, in.Outcome, nullInt(in.AnsweredBy), timeArg(in.AnsweredAt), now, now)
	return err
}

// UpdateInput writes an input's grouping and answer.
func (db *DB) UpdateInput(ctx context.Context, in *forum.Input) error {
	in.UpdatedAt = db.now()
	res, err := db.exec(ctx, `UPDATE forum_inputs SET group_label = ?, answer = ?, outcome = ?, answered_by = ?, answered_at = ?, updated_at = ?
		WHERE id = ?`, in.Group, in.Answer, in.Outcome, nullInt(in.AnsweredBy), timeArg(in.AnsweredAt), in.UpdatedAt, in.ID)
	return affected(res, err, "input", in.ID)
}

// FindInputByID returns an input.
func (db *DB) FindInputByID(ctx context.Context, id int64) (*forum.Input, error) {
	in, err := scanInput(db.queryRow(ctx, `SELECT `+inputColumns+inputFrom+` WHERE i.id = ?`, id))
	return in, orNotFound(err, "input", id)
}

// FindInputs returns inputs, newest first.
func (db *DB) FindInputs(ctx context.Context, f forum.InputFilter) ([]*forum.Input, error) {
	q, args := `SELECT `+inputColumns+inputFrom+` WHERE 1 = 1`, []any{}
	if f.ForumID != 0 {
		q, args = q+` AND i.forum_id = ?`, append(args, f.ForumID)
	}
	if f.NeedID != 0 {
		q, args = q+` AND i.need_id = ?`, append(args, f.NeedID)
	}
	q += ` ORDER BY i.id DESC`
	if f.Limit > 0 {
		q, args = q+` LIMIT ?`, append(args, f.Limit)
	}
	rows, err := db.query(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []*forum.Input{}
	for rows.Next() {
		in, err := scanInput(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, in)
	}
	return out, mapError(rows.Err())
}

// AddSupport records a person's support of an input (Conflict the second
// time).
func (db *DB) AddSupport(ctx context.Context, inputID, personID int64) error {
	_, err := db.exec(ctx, `INSERT INTO forum_input_supports (input_id, person_id) VALUES (?, ?)`, inputID, personID)
	return err
}

// NeedExists reports whether a need exists.
func (db *DB) NeedExists(ctx context.Context, id int64) (bool, error) {
	var n int
	err := db.queryRow(ctx, `SELECT COUNT(*) FROM needs WHERE id = ?`, id).Scan(&n)
	return n > 0, mapError(err)
}

var _ forum.InputStore = (*DB)(nil)
