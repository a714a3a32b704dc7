package forum

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"
)

// Ballot is one cast ballot. It carries no voter, municipality, time or
// sequence number: only a random id, the choices and the receipt derived
// from them (DOMAIN.md §10a).
type Ballot struct {
	ID      string  `json:"id"`      // 32 random hex digits
	Choices []int64 `json:"choices"` // candidate ids, ascending
	Receipt string  `json:"receipt"` // Receipt(election, ID, Choices)
}

// NewBallotID returns 16 random bytes in hex.
func NewBallotID() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// choiceList formats choices as the receipt hashes them: ascending ids
// separated by commas.
func choiceList(choices []int64) string {
	c := slices.Clone(choices)
	slices.Sort(c)
	parts := make([]string, len(c))
	for i, id := range c {
		parts[i] = strconv.FormatInt(id, 10)
	}
	return strings.Join(parts, ",")
}

// Receipt is the SHA-256 of the election, the ballot's random id and its
// choices, in hex. Anyone can recompute it from a published ballot; nobody
// can find a ballot's choices from the receipt alone, and without the
// random id nobody can make a receipt for given choices.
func Receipt(electionID int64, ballotID string, choices []int64) string {
	h := sha256.Sum256(fmt.Appendf(nil, "samstyr-ballot-v1\n%d\n%s\n%s", electionID, ballotID, choiceList(choices)))
	return hex.EncodeToString(h[:])
}

// SortBallots orders ballots by receipt: the order of the published list,
// which says nothing of the order they were cast in.
func SortBallots(bs []Ballot) {
	sort.Slice(bs, func(i, j int) bool { return bs[i].Receipt < bs[j].Receipt })
}

// BallotsHash is the SHA-256 over the sorted list: one line per ballot
// with its id, choices and receipt. Any added, removed or changed ballot
// changes it.
func BallotsHash(electionID int64, bs []Ballot) string {
	h := sha256.New()
	fmt.Fprintf(h, "samstyr-ballots-v1\n%d\n", electionID)
	for _, b := range bs {
		fmt.Fprintf(h, "%s %s %s\n", b.ID, choiceList(b.Choices), b.Receipt)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// TallyRow is one candidate's votes.
type TallyRow struct {
	CandidateID int64  `json:"candidate_id"`
	Name        string `json:"name"`
	Votes       int    `json:"votes"`
}

// Tally counts the votes for each candidate and ranks them: most votes
// first, then in nomination order (ascending id). Candidates without
// votes are listed too.
func Tally(candidates []int64, bs []Ballot) []TallyRow {
	votes := map[int64]int{}
	for _, b := range bs {
		for _, c := range b.Choices {
			votes[c]++
		}
	}
	rows := make([]TallyRow, 0, len(candidates))
	for _, c := range candidates {
		rows = append(rows, TallyRow{CandidateID: c, Votes: votes[c]})
	}
	sort.SliceStable(rows, func(i, j int) bool {
		if rows[i].Votes != rows[j].Votes {
			return rows[i].Votes > rows[j].Votes
		}
		return rows[i].CandidateID < rows[j].CandidateID
	})
	return rows
}

// Split takes the ranked tally: the first seats are elected, the next
// deputies are deputies. Tie reports equal votes across a boundary (the
// rule then is nomination order; the result says so).
func Split(rows []TallyRow, seats, deputies int) (elected, deps []int64, tie bool) {
	for i, r := range rows {
		switch {
		case i < seats:
			elected = append(elected, r.CandidateID)
		case i < seats+deputies:
			deps = append(deps, r.CandidateID)
		}
		if i > 0 && (i == seats || i == seats+deputies) && rows[i-1].Votes == r.Votes {
			tie = true
		}
	}
	return elected, deps, tie
}

// Published is the list of ballots published after closing, with what
// anyone needs to check it and to count again.
type Published struct {
	ElectionID      int64       `json:"election_id"`
	Title           string      `json:"title"`
	Rule            string      `json:"rule"`
	Seats           int         `json:"seats"`
	Deputies        int         `json:"deputies"`
	Candidates      []PubPerson `json:"candidates"`
	Voted           int         `json:"municipalities_voted"`
	Ballots         []Ballot    `json:"ballots"`
	BallotsHash     string      `json:"ballots_hash"`
	Tally           []TallyRow  `json:"tally"`
	Elected         []int64     `json:"elected"`
	DeputiesElected []int64     `json:"deputies_elected"`
}

// PubPerson is a candidate in the published list.
type PubPerson struct {
	ID           int64  `json:"id"`
	Name         string `json:"name"`
	Organisation string `json:"organisation,omitempty"`
}

// Recount checks a published list and counts it again: every receipt is
// recomputed, the order and the hash over the list are checked, every
// choice must name a candidate and no ballot may choose more than the
// seats; the tally, those elected and the deputies must match what was
// published. It returns the tally it computed.
func Recount(p *Published) ([]TallyRow, error) {
	cands := map[int64]bool{}
	var ids []int64
	for _, c := range p.Candidates {
		cands[c.ID] = true
		ids = append(ids, c.ID)
	}
	for i, b := range p.Ballots {
		if got := Receipt(p.ElectionID, b.ID, b.Choices); got != b.Receipt {
			return nil, fmt.Errorf("ballot %d (%s): receipt %s does not match its contents (%s)", i+1, b.ID, b.Receipt, got)
		}
		if i > 0 && p.Ballots[i-1].Receipt >= b.Receipt {
			return nil, fmt.Errorf("ballot %d: the list is not sorted by receipt", i+1)
		}
		if p.Rule == RuleMajority && (len(b.Choices) == 0 || len(b.Choices) > p.Seats) {
			return nil, fmt.Errorf("ballot %d: %d choices for %d seats", i+1, len(b.Choices), p.Seats)
		}
		seen := map[int64]bool{}
		for _, c := range b.Choices {
			if !cands[c] || seen[c] {
				return nil, fmt.Errorf("ballot %d: choice %d is not a candidate, or is repeated", i+1, c)
			}
			seen[c] = true
		}
	}
	if got := BallotsHash(p.ElectionID, p.Ballots); got != p.BallotsHash {
		return nil, fmt.Errorf("the hash over the ballots is %s, the list says %s", got, p.BallotsHash)
	}
	if len(p.Ballots) != p.Voted {
		return nil, fmt.Errorf("%d ballots, but %d municipalities voted", len(p.Ballots), p.Voted)
	}
	rows := Tally(ids, p.Ballots)
	if p.Rule == RuleAcclamation {
		return rows, nil
	}
	if len(rows) != len(p.Tally) {
		return rows, fmt.Errorf("the tally has %d rows, the list says %d", len(rows), len(p.Tally))
	}
	for i := range rows {
		if rows[i].CandidateID != p.Tally[i].CandidateID || rows[i].Votes != p.Tally[i].Votes {
			return rows, fmt.Errorf("row %d of the tally: candidate %d has %d votes, the list says candidate %d with %d",
				i+1, rows[i].CandidateID, rows[i].Votes, p.Tally[i].CandidateID, p.Tally[i].Votes)
		}
	}
	el, deps, _ := Split(rows, p.Seats, p.Deputies)
	if !slices.Equal(el, p.Elected) || !slices.Equal(deps, p.DeputiesElected) {
		return rows, fmt.Errorf("elected %v and deputies %v, the list says %v and %v", el, deps, p.Elected, p.DeputiesElected)
	}
	return rows, nil
}

// GenderMinimum is the least number of each gender among n members under
// likestillings- og diskrimineringsloven § 28: 2–3 members one, 4–5 two,
// 6–8 three, 9 four, more than 9 at least 40 %.
func GenderMinimum(n int) int {
	switch {
	case n <= 1:
		return 0
	case n <= 3:
		return 1
	case n <= 5:
		return 2
	case n <= 8:
		return 3
	case n == 9:
		return 4
	}
	return int(math.Ceil(0.4 * float64(n)))
}
