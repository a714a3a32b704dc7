package forum

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/samstyr/samstyr/internal/audit"
	"github.com/samstyr/samstyr/internal/errs"
	"github.com/samstyr/samstyr/internal/governance"
	"github.com/samstyr/samstyr/internal/policy"
)

// Election rules.
const (
	RuleMajority    = "majority"    // each municipality chooses up to Seats candidates; most votes win
	RuleAcclamation = "acclamation" // no vote: the candidates are elected when they are no more than the places
)

// Rules in display order.
var Rules = []string{RuleMajority, RuleAcclamation}

// Election states (DOMAIN.md §8H): nominations are taken while opened,
// voting runs from open to close, then the result is published.
const (
	StateNominating = "nominating"
	StateVoting     = "voting"
	StateClosed     = "closed"
)

// Genders a candidate declares, for the balance rule of § 28.
var Genders = []string{"female", "male", "other"}

// Sectors of a candidate.
var Sectors = []string{"municipal", "state"}

// Size groups of municipalities by population.
const (
	SmallBelow = 10000 // a small municipality has fewer inhabitants
	LargeFrom  = 50000 // a large one at least this many
)

// Balance holds the balance rules, checked on the result: each is a
// minimum number of elected seats.
type Balance struct {
	GenderLaw    bool `json:"gender_law"`    // § 28: minimum of each gender among seats, and among deputies
	MinMunicipal int  `json:"min_municipal"` // seats from the municipal sector
	MinState     int  `json:"min_state"`     // seats from the state
	MinCounties  int  `json:"min_counties"`  // different counties among the seats
	MinSmall     int  `json:"min_small"`     // seats from municipalities under 10 000 inhabitants
	MinLarge     int  `json:"min_large"`     // seats from municipalities of 50 000 or more
}

// Election is an election of the user council's members at a forum.
type Election struct {
	ID       int64     `json:"id"`
	ForumID  int64     `json:"forum_id"`
	BodyID   int64     `json:"body_id"` // the user council
	Title    string    `json:"title"`
	Seats    int       `json:"seats"`
	Deputies int       `json:"deputies"`
	TermFrom time.Time `json:"term_from"`
	TermTo   time.Time `json:"term_to"`
	Rule     string    `json:"rule"`
	Balance  Balance   `json:"balance"`
	State    string    `json:"state"`
	// ClosesAt ends the voting window (zero: the secretariat closes it).
	ClosesAt time.Time `json:"closes_at,omitzero"`
	// BallotsHash is the hash over the published list, set at closing.
	BallotsHash string    `json:"ballots_hash,omitempty"`
	Result      *Result   `json:"result,omitempty"`
	CreatedAt   time.Time `json:"created_at"`
	UpdatedAt   time.Time `json:"updated_at"`
}

// Candidate is a nominated person.
type Candidate struct {
	ID          int64  `json:"id"`
	ElectionID  int64  `json:"election_id"`
	PersonID    int64  `json:"person_id"`
	PersonName  string `json:"person_name"`
	OrgID       int64  `json:"organisation_id"`
	OrgName     string `json:"organisation_name,omitempty"`
	County      string `json:"county,omitempty"`
	Population  int64  `json:"population,omitempty"`
	Sector      string `json:"sector"`
	Gender      string `json:"gender"`
	NominatorID int64  `json:"nominator_id"`
	Nominator   string `json:"nominator_name,omitempty"`
	// Consent: the candidate agreed to stand; without it nobody is nominated.
	Consent     bool      `json:"consent"`
	Motivation  string    `json:"motivation,omitempty"`
	PersonEmail string    `json:"-"` // on input
	CreatedAt   time.Time `json:"created_at"`
}

// RollEntry is a municipality on an election's roll and whether it voted.
type RollEntry struct {
	OrgID  int64  `json:"organisation_id"`
	Name   string `json:"name"`
	County string `json:"county,omitempty"`
	Voted  bool   `json:"voted"`
}

// Result is the outcome of an election.
type Result struct {
	Tally    []TallyRow `json:"tally"`
	Elected  []int64    `json:"elected"`
	Deputies []int64    `json:"deputies"`
	// Tie: equal votes across a boundary, decided by nomination order.
	Tie      bool     `json:"tie"`
	Breaches []Breach `json:"breaches"`
	Voted    int      `json:"municipalities_voted"`
	Roll     int      `json:"municipalities_on_roll"`
}

// Breach is a balance rule the result does not meet, naming the seat that
// breaks it: the lowest-ranked seat outside the group lacking.
type Breach struct {
	Rule  string `json:"rule"` // gender, deputies_gender, municipal, state, counties, small, large
	Group string `json:"group,omitempty"`
	Need  int    `json:"need"`
	Have  int    `json:"have"`
	// Seat is the 1-based rank of the breaking seat, CandidateID its holder.
	Seat        int    `json:"seat,omitempty"`
	CandidateID int64  `json:"candidate_id,omitempty"`
	Name        string `json:"name,omitempty"`
}

// Normalize trims the election's texts and sets defaults.
func (e *Election) Normalize() {
	e.Title = strings.TrimSpace(e.Title)
	if e.Rule == "" {
		e.Rule = RuleMajority
	}
}

// Validate checks an election's fields.
func (e *Election) Validate() error {
	var v errs.Validation
	if e.Title == "" {
		v.Add("title", "error.required")
	} else if len([]rune(e.Title)) > 200 {
		v.Add("title", "error.too_long", "max", 200)
	}
	if e.Seats < 1 || e.Seats > 30 {
		v.Add("seats", "election.error.seats")
	}
	if e.Deputies < 0 || e.Deputies > 30 {
		v.Add("deputies", "election.error.deputies")
	}
	if e.TermFrom.IsZero() {
		v.Add("term_from", "error.required")
	}
	if e.TermTo.IsZero() {
		v.Add("term_to", "error.required")
	} else if !e.TermFrom.IsZero() && !e.TermTo.After(e.TermFrom) {
		v.Add("term_to", "election.error.term_order")
	}
	if !slices.Contains(Rules, e.Rule) {
		v.Add("rule", "election.error.rule")
	}
	b := e.Balance
	for _, x := range []struct {
		name string
		n    int
	}{{"min_municipal", b.MinMunicipal}, {"min_state", b.MinState}, {"min_counties", b.MinCounties}, {"min_small", b.MinSmall}, {"min_large", b.MinLarge}} {
		if x.n < 0 || x.n > e.Seats && e.Seats > 0 {
			v.Add(x.name, "election.error.minimum", "seats", e.Seats)
		}
	}
	return v.Err()
}

// Elections lists a forum's elections (forumID 0: all). Public.
func (s *Service) Elections(ctx context.Context, a *policy.Actor, forumID int64) ([]*Election, error) {
	if err := policy.Check(a, policy.ElectionList, policy.Resource{}); err != nil {
		return nil, err
	}
	return s.store.FindElections(ctx, forumID)
}

// Election returns one election. Public. Errors: NotFound.
func (s *Service) Election(ctx context.Context, a *policy.Actor, id int64) (*Election, error) {
	if err := policy.Check(a, policy.ElectionView, policy.Resource{}); err != nil {
		return nil, err
	}
	return s.store.FindElectionByID(ctx, id)
}

// CreateElection sets up an election at a forum, taking nominations.
// Errors: Forbidden, NotFound (forum), Invalid.
func (s *Service) CreateElection(ctx context.Context, a *policy.Actor, e *Election) error {
	if err := policy.Check(a, policy.ElectionManage, policy.Resource{}); err != nil {
		return err
	}
	e.Normalize()
	e.State = StateNominating
	if err := e.Validate(); err != nil {
		return err
	}
	return s.store.WithTx(ctx, func(ctx context.Context) error {
		if _, err := s.store.FindForumByID(ctx, e.ForumID); err != nil {
			if errs.Is(err, errs.NotFound) {
				return errs.InvalidField("forum_id", "error.reference")
			}
			return err
		}
		if e.BodyID == 0 {
			id, err := s.store.FindBodyIDByKind(ctx, policy.BodyUserCouncil)
			if err != nil {
				return err
			}
			e.BodyID = id
		}
		if err := s.store.CreateElection(ctx, e); err != nil {
			return err
		}
		return s.store.Record(ctx, audit.Entry{ActorID: a.ID(), Action: "election.create", ObjectType: "election", ObjectID: e.ID, After: e})
	})
}

// Roll returns the election's roll: the municipalities that may vote and
// whether each has voted. Public.
func (s *Service) Roll(ctx context.Context, a *policy.Actor, id int64) ([]RollEntry, error) {
	if err := policy.Check(a, policy.ElectionView, policy.Resource{}); err != nil {
		return nil, err
	}
	return s.store.FindRoll(ctx, id)
}

// SetRoll replaces the roll of voting municipalities: by organisation or
// municipality numbers, or (fromRegistrations) the municipalities with a
// voting representative registered for the forum. The roll is frozen
// when voting opens. Errors: Forbidden, NotFound, Conflict (voting
// opened), Invalid (an unknown number, not a municipality).
func (s *Service) SetRoll(ctx context.Context, a *policy.Actor, id int64, numbers []string, fromRegistrations bool) error {
	if err := policy.Check(a, policy.ElectionManage, policy.Resource{}); err != nil {
		return err
	}
	return s.store.WithTx(ctx, func(ctx context.Context) error {
		e, err := s.store.FindElectionByID(ctx, id)
		if err != nil {
			return err
		}
		if e.State != StateNominating {
			return errs.E(errs.Conflict, "election.error.roll_frozen")
		}
		var ids []int64
		if fromRegistrations {
			regs, err := s.store.FindRegistrations(ctx, e.ForumID)
			if err != nil {
				return err
			}
			for _, r := range regs {
				if r.Role == RoleVoting && !slices.Contains(ids, r.OrgID) {
					ids = append(ids, r.OrgID)
				}
			}
		}
		for _, n := range numbers {
			n = strings.ReplaceAll(strings.TrimSpace(n), " ", "")
			if n == "" {
				continue
			}
			oid, err := s.store.FindOrganisationIDByNumber(ctx, n)
			if errs.Is(err, errs.NotFound) {
				return errs.InvalidField("numbers", "election.error.roll_number", "number", n)
			} else if err != nil {
				return err
			}
			if !slices.Contains(ids, oid) {
				ids = append(ids, oid)
			}
		}
		if len(ids) == 0 {
			return errs.InvalidField("numbers", "election.error.roll_empty")
		}
		if err := s.store.ReplaceRoll(ctx, id, ids); err != nil {
			return err
		}
		return s.store.Record(ctx, audit.Entry{ActorID: a.ID(), Action: "election.roll", ObjectType: "election", ObjectID: id, After: ids})
	})
}

// Candidates lists the election's candidates in nomination order. Public.
func (s *Service) Candidates(ctx context.Context, a *policy.Actor, id int64) ([]*Candidate, error) {
	if err := policy.Check(a, policy.ElectionView, policy.Resource{}); err != nil {
		return nil, err
	}
	if _, err := s.store.FindElectionByID(ctx, id); err != nil {
		return nil, err
	}
	return s.store.FindCandidates(ctx, id)
}

// Nominate puts a person forward, with the nominator and the candidate's
// consent; without consent nobody is nominated. Nominations close when
// voting opens. Errors: Forbidden, NotFound, Conflict, Invalid.
func (s *Service) Nominate(ctx context.Context, a *policy.Actor, electionID int64, c *Candidate) error {
	if err := policy.Check(a, policy.ElectionNominate, policy.Resource{}); err != nil {
		return err
	}
	c.ElectionID, c.NominatorID = electionID, a.ID()
	c.Motivation = strings.TrimSpace(c.Motivation)
	return s.store.WithTx(ctx, func(ctx context.Context) error {
		e, err := s.store.FindElectionByID(ctx, electionID)
		if err != nil {
			return err
		}
		if e.State != StateNominating {
			return errs.E(errs.Conflict, "election.error.nominations_closed")
		}
		var v errs.Validation
		if em := strings.ToLower(strings.TrimSpace(c.PersonEmail)); em != "" {
			id, err := s.store.FindPersonIDByEmail(ctx, em)
			if errs.Is(err, errs.NotFound) {
				v.Add("person_email", "forum.error.person_email")
			} else if err != nil {
				return err
			} else {
				c.PersonID = id
			}
		} else if c.PersonID == 0 {
			v.Add("person_email", "error.required")
		}
		if c.PersonID != 0 {
			oid, _, err := s.store.FindPersonOrg(ctx, c.PersonID)
			if errs.Is(err, errs.NotFound) {
				v.Add("person_email", "forum.error.person_email")
			} else if err != nil {
				return err
			} else if oid == 0 {
				v.Add("person_email", "forum.error.no_org")
			}
			c.OrgID = oid
		}
		if !slices.Contains(Sectors, c.Sector) {
			v.Add("sector", "election.error.sector")
		}
		if !slices.Contains(Genders, c.Gender) {
			v.Add("gender", "election.error.gender")
		}
		if !c.Consent {
			v.Add("consent", "election.error.consent")
		}
		if len([]rune(c.Motivation)) > 2000 {
			v.Add("motivation", "error.too_long", "max", 2000)
		}
		if err := v.Err(); err != nil {
			return err
		}
		if err := s.store.CreateCandidate(ctx, c); err != nil {
			if errs.Is(err, errs.Conflict) {
				return errs.InvalidField("person_email", "election.error.nominated")
			}
			return err
		}
		return s.store.Record(ctx, audit.Entry{ActorID: a.ID(), Action: "election.nominate", ObjectType: "election", ObjectID: electionID, After: c})
	})
}

// OpenVoting freezes the roll and the candidate list and opens the
// ballot box, until closesAt (zero: until the secretariat closes).
// Errors: Forbidden, NotFound, Conflict (not nominating, no roll, too few
// candidates, an acclamation election).
func (s *Service) OpenVoting(ctx context.Context, a *policy.Actor, id int64, closesAt time.Time) error {
	if err := policy.Check(a, policy.ElectionManage, policy.Resource{}); err != nil {
		return err
	}
	return s.store.WithTx(ctx, func(ctx context.Context) error {
		e, err := s.store.FindElectionByID(ctx, id)
		if err != nil {
			return err
		}
		if e.State != StateNominating {
			return errs.E(errs.Conflict, "election.error.state")
		}
		if e.Rule == RuleAcclamation {
			return errs.E(errs.Conflict, "election.error.acclamation_no_vote")
		}
		if !closesAt.IsZero() && !closesAt.After(s.Now()) {
			return errs.InvalidField("closes_at", "election.error.closes_past")
		}
		roll, err := s.store.FindRoll(ctx, id)
		if err != nil {
			return err
		}
		if len(roll) == 0 {
			return errs.E(errs.Conflict, "election.error.roll_empty")
		}
		cands, err := s.store.FindCandidates(ctx, id)
		if err != nil {
			return err
		}
		if len(cands) <= e.Seats {
			return errs.E(errs.Conflict, "election.error.few_candidates", "seats", e.Seats)
		}
		e.State, e.ClosesAt = StateVoting, closesAt
		if err := s.store.UpdateElection(ctx, e); err != nil {
			return err
		}
		return s.store.Record(ctx, audit.Entry{ActorID: a.ID(), Action: "election.open", ObjectType: "election", ObjectID: id, After: map[string]any{"roll": len(roll), "candidates": len(cands), "closes_at": closesAt}})
	})
}

// VoterStatus says whether the actor may vote in the election, for which
// municipality, and whether it has voted.
type VoterStatus struct {
	OrgID   int64  `json:"organisation_id,omitempty"`
	OrgName string `json:"organisation_name,omitempty"`
	OnRoll  bool   `json:"on_roll"`
	Voted   bool   `json:"voted"`
}

// Voter returns the actor's status as a voter: the municipality they are
// the registered voting representative of at the election's forum.
func (s *Service) Voter(ctx context.Context, a *policy.Actor, e *Election) (VoterStatus, error) {
	var st VoterStatus
	if a == nil || a.PersonID == 0 {
		return st, nil
	}
	oid, err := s.store.VotingOrg(ctx, e.ForumID, a.ID())
	if errs.Is(err, errs.NotFound) {
		return st, nil
	} else if err != nil {
		return st, err
	}
	roll, err := s.store.FindRoll(ctx, e.ID)
	if err != nil {
		return st, err
	}
	for _, r := range roll {
		if r.OrgID == oid {
			st = VoterStatus{OrgID: oid, OrgName: r.Name, OnRoll: true, Voted: r.Voted}
		}
	}
	return st, nil
}

// Vote casts the municipality's ballot. The actor must be the voting
// representative registered for a municipality on the roll, voting must
// be open, and the choices must be distinct candidates, at most the
// seats. The roll's row for the municipality and the ballot are written
// in one transaction; the database refuses a second row, so of parallel
// attempts exactly one counts. The ballot holds no voter, municipality or
// time. It returns the receipt. A refused vote stores nothing and is
// audited without its choices. Errors: Forbidden (not a voter on the
// roll), NotFound, Conflict (not open, voted already), Invalid (choices).
func (s *Service) Vote(ctx context.Context, a *policy.Actor, electionID int64, choices []int64) (string, error) {
	if err := policy.Check(a, policy.ElectionVote, policy.Resource{}); err != nil {
		return "", err
	}
	var receipt string
	var orgID int64
	err := s.store.WithTx(ctx, func(ctx context.Context) error {
		e, err := s.store.FindElectionByID(ctx, electionID)
		if err != nil {
			return err
		}
		if e.State != StateVoting || (!e.ClosesAt.IsZero() && !s.Now().Before(e.ClosesAt)) {
			return errs.E(errs.Conflict, "election.error.not_open")
		}
		st, err := s.Voter(ctx, a, e)
		if err != nil {
			return err
		}
		if !st.OnRoll {
			return errs.E(errs.Forbidden, "election.error.not_on_roll")
		}
		orgID = st.OrgID
		cands, err := s.store.FindCandidates(ctx, electionID)
		if err != nil {
			return err
		}
		if err := checkChoices(e, cands, choices); err != nil {
			return err
		}
		c := slices.Clone(choices)
		slices.Sort(c)
		b := Ballot{ID: NewBallotID(), Choices: c}
		b.Receipt = Receipt(electionID, b.ID, c)
		if err := s.store.CastBallot(ctx, electionID, orgID, b); err != nil {
			if errs.Is(err, errs.Conflict) {
				return errs.E(errs.Conflict, "election.error.voted")
			}
			return err
		}
		receipt = b.Receipt
		// The audit says who voted for which municipality, never the ballot.
		return s.store.Record(ctx, audit.Entry{ActorID: a.ID(), Action: "election.vote", ObjectType: "election", ObjectID: electionID,
			After: map[string]any{"organisation_id": orgID}})
	})
	if err != nil {
		// A refused vote (state, second vote, bad choices) is audited here
		// with its reason; a voter not on the roll (403) is audited as
		// every refusal is (audit.ActionRefused, by route).
		if code := errs.CodeOf(err); code == errs.Conflict || code == errs.Invalid {
			key := ""
			if e := errs.As(err); e != nil {
				key = e.Key
				if len(e.Fields) > 0 {
					key = e.Fields[0].Key
				}
			}
			if rerr := s.store.Record(ctx, audit.Entry{ActorID: a.ID(), Action: "election.vote_refused", ObjectType: "election", ObjectID: electionID,
				After: map[string]any{"reason": key}}); rerr != nil {
				return "", rerr
			}
		}
		return "", err
	}
	return receipt, nil
}

// checkChoices refuses a ballot with no choice, more choices than seats, a
// repeated choice or one not on the candidate list.
func checkChoices(e *Election, cands []*Candidate, choices []int64) error {
	if len(choices) == 0 {
		return errs.InvalidField("choices", "election.error.no_choice")
	}
	if len(choices) > e.Seats {
		return errs.InvalidField("choices", "election.error.too_many", "seats", e.Seats)
	}
	seen := map[int64]bool{}
	for _, id := range choices {
		if seen[id] {
			return errs.InvalidField("choices", "election.error.repeated")
		}
		seen[id] = true
		if !slices.ContainsFunc(cands, func(c *Candidate) bool { return c.ID == id }) {
			return errs.InvalidField("choices", "election.error.not_candidate")
		}
	}
	return nil
}

// Close ends the election: the ballot box is written again in receipt
// order, the hash over the published list is fixed, the result is
// counted and checked against the balance rules, and the elected and the
// deputies become proposed memberships of the user council with this
// election as their source; they become active when KommIT-rådet's
// decision approves them. An acclamation election closes without a vote
// when the candidates are no more than the places. Errors: Forbidden,
// NotFound, Conflict.
func (s *Service) Close(ctx context.Context, a *policy.Actor, id int64) error {
	if err := policy.Check(a, policy.ElectionManage, policy.Resource{}); err != nil {
		return err
	}
	return s.store.WithTx(ctx, func(ctx context.Context) error {
		e, err := s.store.FindElectionByID(ctx, id)
		if err != nil {
			return err
		}
		cands, err := s.store.FindCandidates(ctx, id)
		if err != nil {
			return err
		}
		switch {
		case e.Rule == RuleAcclamation && e.State == StateNominating:
			if len(cands) == 0 || len(cands) > e.Seats+e.Deputies {
				return errs.E(errs.Conflict, "election.error.acclamation_count", "places", e.Seats+e.Deputies)
			}
		case e.State != StateVoting:
			return errs.E(errs.Conflict, "election.error.state")
		}
		if err := s.store.ShuffleBallots(ctx, id); err != nil {
			return err
		}
		ballots, err := s.store.FindBallots(ctx, id)
		if err != nil {
			return err
		}
		roll, err := s.store.FindRoll(ctx, id)
		if err != nil {
			return err
		}
		res := count(e, cands, ballots, roll)
		e.State, e.Result, e.BallotsHash = StateClosed, res, BallotsHash(id, ballots)
		if err := s.store.UpdateElection(ctx, e); err != nil {
			return err
		}
		if err := s.store.Record(ctx, audit.Entry{ActorID: a.ID(), Action: "election.close", ObjectType: "election", ObjectID: id,
			After: map[string]any{"ballots_hash": e.BallotsHash, "elected": res.Elected, "deputies": res.Deputies, "breaches": len(res.Breaches)}}); err != nil {
			return err
		}
		return s.propose(ctx, a, e, cands)
	})
}

// count makes the result of the ballots.
func count(e *Election, cands []*Candidate, ballots []Ballot, roll []RollEntry) *Result {
	ids := make([]int64, len(cands))
	for i, c := range cands {
		ids[i] = c.ID
	}
	res := &Result{Roll: len(roll), Voted: len(ballots), Tally: Tally(ids, ballots)}
	for i := range res.Tally {
		for _, c := range cands {
			if c.ID == res.Tally[i].CandidateID {
				res.Tally[i].Name = c.PersonName
			}
		}
	}
	res.Elected, res.Deputies, res.Tie = Split(res.Tally, e.Seats, e.Deputies)
	if e.Rule == RuleAcclamation {
		res.Tie = false
	}
	res.Breaches = CheckBalance(e.Balance, pick(cands, res.Elected), pick(cands, res.Deputies))
	if res.Elected == nil {
		res.Elected = []int64{}
	}
	if res.Deputies == nil {
		res.Deputies = []int64{}
	}
	return res
}

func pick(cands []*Candidate, ids []int64) []*Candidate {
	var out []*Candidate
	for _, id := range ids {
		for _, c := range cands {
			if c.ID == id {
				out = append(out, c)
			}
		}
	}
	return out
}

// CheckBalance checks the balance rules on the seats (in rank order) and
// the deputies, naming for each broken rule the lowest-ranked seat
// outside the group that lacks.
func CheckBalance(b Balance, seats, deputies []*Candidate) []Breach {
	out := []Breach{}
	minimum := func(rule, group string, need int, in func(*Candidate) bool, list []*Candidate) {
		have := 0
		for _, c := range list {
			if in(c) {
				have++
			}
		}
		if need <= 0 || have >= need {
			return
		}
		br := Breach{Rule: rule, Group: group, Need: need, Have: have}
		for i := len(list) - 1; i >= 0; i-- {
			if !in(list[i]) {
				br.Seat, br.CandidateID, br.Name = i+1, list[i].ID, list[i].PersonName
				break
			}
		}
		out = append(out, br)
	}
	if b.GenderLaw {
		for _, g := range []string{"female", "male"} {
			in := func(c *Candidate) bool { return c.Gender == g }
			minimum("gender", g, GenderMinimum(len(seats)), in, seats)
			minimum("deputies_gender", g, GenderMinimum(len(deputies)), in, deputies)
		}
	}
	minimum("municipal", "", b.MinMunicipal, func(c *Candidate) bool { return c.Sector == "municipal" }, seats)
	minimum("state", "", b.MinState, func(c *Candidate) bool { return c.Sector == "state" }, seats)
	minimum("small", "", b.MinSmall, func(c *Candidate) bool { return c.Population > 0 && c.Population < SmallBelow }, seats)
	minimum("large", "", b.MinLarge, func(c *Candidate) bool { return c.Population >= LargeFrom }, seats)
	if b.MinCounties > 0 {
		counties := map[string]int{}
		for _, c := range seats {
			if c.County != "" {
				counties[c.County]++
			}
		}
		if len(counties) < b.MinCounties {
			br := Breach{Rule: "counties", Need: b.MinCounties, Have: len(counties)}
			// The lowest seat whose county another seat also holds.
			for i := len(seats) - 1; i >= 0; i-- {
				if counties[seats[i].County] > 1 || seats[i].County == "" {
					br.Seat, br.CandidateID, br.Name = i+1, seats[i].ID, seats[i].PersonName
					break
				}
			}
			out = append(out, br)
		}
	}
	return out
}

// propose creates the proposed memberships of the user council.
func (s *Service) propose(ctx context.Context, a *policy.Actor, e *Election, cands []*Candidate) error {
	add := func(ids []int64, function string) error {
		for _, c := range pick(cands, ids) {
			m := &governance.Membership{BodyID: e.BodyID, PersonID: c.PersonID, OrgID: c.OrgID, Function: function, Sector: c.Sector,
				TermFrom: e.TermFrom, TermTo: e.TermTo, AppointedBy: fmt.Sprintf("%s (valg %d)", e.Title, e.ID)}
			if err := s.gov.CreateMembership(ctx, a, m); err != nil {
				if fe := errs.As(err); fe != nil && fe.Code == errs.Invalid {
					return errs.E(errs.Conflict, "election.error.membership", "name", c.PersonName)
				}
				return err
			}
			if err := s.store.LinkMembership(ctx, e.ID, m.ID); err != nil {
				return err
			}
		}
		return nil
	}
	if err := add(e.Result.Elected, policy.FuncMember); err != nil {
		return err
	}
	return add(e.Result.Deputies, policy.FuncDeputyMember)
}

// Published returns the published list of ballots, after closing.
// Public. Errors: NotFound, Conflict (not closed).
func (s *Service) Published(ctx context.Context, a *policy.Actor, id int64) (*Published, error) {
	if err := policy.Check(a, policy.ElectionView, policy.Resource{}); err != nil {
		return nil, err
	}
	e, err := s.store.FindElectionByID(ctx, id)
	if err != nil {
		return nil, err
	}
	if e.State != StateClosed || e.Result == nil {
		return nil, errs.E(errs.Conflict, "election.error.not_closed")
	}
	cands, err := s.store.FindCandidates(ctx, id)
	if err != nil {
		return nil, err
	}
	ballots, err := s.store.FindBallots(ctx, id)
	if err != nil {
		return nil, err
	}
	SortBallots(ballots)
	p := &Published{ElectionID: id, Title: e.Title, Rule: e.Rule, Seats: e.Seats, Deputies: e.Deputies, Voted: e.Result.Voted,
		Ballots: ballots, BallotsHash: e.BallotsHash, Tally: e.Result.Tally, Elected: e.Result.Elected, DeputiesElected: e.Result.Deputies}
	if p.Ballots == nil {
		p.Ballots = []Ballot{}
	}
	for _, c := range cands {
		p.Candidates = append(p.Candidates, PubPerson{ID: c.ID, Name: c.PersonName, Organisation: c.OrgName})
	}
	return p, nil
}

// CheckReceipt tells whether a receipt is in the ballot box, and once the
// election is closed, the ballot it belongs to. A receipt that is not
// there (mistyped or forged) is NotFound. Public.
func (s *Service) CheckReceipt(ctx context.Context, a *policy.Actor, id int64, receipt string) (*Ballot, error) {
	if err := policy.Check(a, policy.ElectionView, policy.Resource{}); err != nil {
		return nil, err
	}
	receipt = strings.ToLower(strings.Join(strings.Fields(receipt), ""))
	if len(receipt) != 64 || strings.Trim(receipt, "0123456789abcdef") != "" {
		return nil, errs.InvalidField("receipt", "election.error.receipt_format")
	}
	e, err := s.store.FindElectionByID(ctx, id)
	if err != nil {
		return nil, err
	}
	ballots, err := s.store.FindBallots(ctx, id)
	if err != nil {
		return nil, err
	}
	for _, b := range ballots {
		if b.Receipt == receipt {
			if e.State != StateClosed {
				return &Ballot{Receipt: b.Receipt}, nil
			}
			return &b, nil
		}
	}
	return nil, errs.E(errs.NotFound, "election.error.receipt_unknown")
}
