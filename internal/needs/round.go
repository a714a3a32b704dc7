package needs

import (
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/samstyr/samstyr/internal/errs"
)

// Round states.
const (
	RoundOpen   = "open"
	RoundClosed = "closed"
)

// RoundEligible are the states a need must be in to be put in a round.
var RoundEligible = []string{UnderAssessment, Assessed, Parked}

// Round is a prioritisation round: the secretariat opens it with a method
// version and a set of needs, assessors score, and closing freezes the
// ranked list (Results), which a meeting case can refer to by the round's id.
type Round struct {
	ID            int64     `json:"id"`
	Name          string    `json:"name"`
	MethodID      int64     `json:"method_id"`
	MethodVersion int64     `json:"method_version"`
	State         string    `json:"state"`
	NeedIDs       []int64   `json:"need_ids"`
	OpenedBy      int64     `json:"opened_by,omitempty"`
	OpenedAt      time.Time `json:"opened_at"`
	ClosedBy      int64     `json:"closed_by,omitempty"`
	ClosedAt      time.Time `json:"closed_at,omitzero"`
	// Results is the ranked list: live while open (only needs the viewer
	// may see results of), frozen when closed.
	Results []Result `json:"results"`
}

// RoundInput opens a round.
type RoundInput struct {
	Name     string  `json:"name"`
	MethodID int64   `json:"method_id"`
	NeedIDs  []int64 `json:"need_ids"`
}

// Validate checks the input.
func (in *RoundInput) Validate() error {
	var v errs.Validation
	in.Name = strings.TrimSpace(in.Name)
	if in.Name == "" {
		v.Add("name", "error.required")
	} else if utf8.RuneCountInString(in.Name) > 200 || HasMarkup(in.Name) {
		v.Add("name", "needs.error.markup")
	}
	if in.MethodID <= 0 {
		v.Add("method_id", "error.required")
	}
	if len(in.NeedIDs) == 0 {
		v.Add("need_ids", "needs.error.round_needs")
	}
	slices.Sort(in.NeedIDs)
	in.NeedIDs = slices.Compact(in.NeedIDs)
	return v.Err()
}

// Score is one assessor's score of one need on one criterion.
type Score struct {
	RoundID     int64     `json:"round_id"`
	NeedID      int64     `json:"need_id"`
	AssessorID  int64     `json:"assessor_id"`
	Assessor    string    `json:"assessor_name,omitempty"`
	Criterion   string    `json:"criterion"`
	Value       int64     `json:"score"`
	Rationale   string    `json:"rationale"`
	SubmittedAt time.Time `json:"submitted_at"`
}

// ScoreInput is one criterion's score in a submission.
type ScoreInput struct {
	Criterion string `json:"criterion"`
	Value     int64  `json:"score"`
	Rationale string `json:"rationale"`
}

// ValidateScores checks a submission against the method: every criterion
// scored once, inside its scale, with a rationale.
func ValidateScores(m *Method, in []ScoreInput) error {
	var v errs.Validation
	got := map[string]bool{}
	for i := range in {
		s := &in[i]
		s.Rationale = strings.TrimSpace(s.Rationale)
		c := m.Criterion(s.Criterion)
		field := "scores." + s.Criterion
		switch {
		case c == nil:
			v.Add("scores", "needs.error.criterion_unknown", "key", s.Criterion)
			continue
		case got[s.Criterion]:
			v.Add(field, "needs.error.criterion_dup")
			continue
		}
		got[s.Criterion] = true
		if s.Value < c.Min || s.Value > c.Max {
			v.Add(field, "needs.error.score_range", "min", c.Min, "max", c.Max)
		}
		if s.Rationale == "" {
			v.Add("rationale."+s.Criterion, "needs.error.rationale")
		} else if utf8.RuneCountInString(s.Rationale) > 4000 || HasMarkup(s.Rationale) {
			v.Add("rationale."+s.Criterion, "needs.error.markup")
		}
	}
	for _, c := range m.Criteria {
		if !got[c.Key] && !v.Has("scores."+c.Key) {
			v.Add("scores."+c.Key, "needs.error.score_missing")
		}
	}
	return v.Err()
}

// Result is one need's line in a round's ranked list.
type Result struct {
	NeedID    int64   `json:"need_id"`
	Title     string  `json:"title,omitempty"`
	State     string  `json:"state,omitempty"`
	Rank      int64   `json:"rank"`
	Score     float64 `json:"score"`  // mean of the assessors' weighted totals, 0–100
	Spread    float64 `json:"spread"` // standard deviation of the assessors' totals
	Range     float64 `json:"range"`  // highest minus lowest total
	Assessors int64   `json:"assessors"`
	Mandatory bool    `json:"mandatory"`
	Backing   float64 `json:"backing_score"` // the derived backing criterion, 0–1
	// Hidden is set while the round is open for a viewer who has not yet
	// scored the need: the scores are not shown.
	Hidden bool `json:"hidden,omitempty"`
	// NotAssessed is set for a need no assessor scored: it has no rank
	// (0) and no score, and comes after the ranked needs.
	NotAssessed bool `json:"not_assessed,omitempty"`
}

// BackingFacts are what the derived backing criterion needs about a need.
type BackingFacts struct {
	Share          float64
	Municipalities int64
}

// Rank computes the ranked list of a round from the scores (all assessors),
// the method and the needs' backing. Each assessor's total is the weighted
// mean of their normalised criterion scores and the backing score, 0–100;
// a need's score is the mean of its assessors' totals and its spread their
// standard deviation. Mandatory needs come first when the method says so,
// then higher scores; ties go to the lower need id. A need no assessor
// scored is not assessed: it gets no rank and no score (never a 0 that
// would rank it), and is listed after the ranked needs by id.
func Rank(m *Method, needIDs []int64, scores []Score, backing map[int64]BackingFacts) []Result {
	type key struct{ need, assessor int64 }
	per := map[key]map[string]int64{}
	byNeed := map[int64][]key{} // each need's assessors, so a big round is not quadratic
	for _, s := range scores {
		k := key{s.NeedID, s.AssessorID}
		if per[k] == nil {
			per[k] = map[string]int64{}
			byNeed[k.need] = append(byNeed[k.need], k)
		}
		per[k][s.Criterion] = s.Value
	}
	total := float64(m.TotalWeight())
	out := make([]Result, 0, len(needIDs))
	for _, id := range needIDs {
		b := backing[id]
		r := Result{NeedID: id, Backing: m.BackingScore(b.Share, b.Municipalities)}
		var totals []float64
		topVotes := map[string]int{}
		for _, k := range byNeed[id] {
			vals := per[k]
			sum := float64(m.BackingWeight) * r.Backing
			for _, c := range m.Criteria {
				v, ok := vals[c.Key]
				if !ok {
					continue
				}
				x := float64(v-c.Min) / float64(c.Max-c.Min)
				if c.Inverse {
					x = 1 - x
				}
				sum += float64(c.Weight) * x
				if c.MandatoryOverride && v == c.Max {
					topVotes[c.Key]++
				}
			}
			if total > 0 {
				totals = append(totals, 100*sum/total)
			}
		}
		r.Assessors = int64(len(totals))
		r.NotAssessed = r.Assessors == 0
		r.Score, r.Spread, r.Range = stats(totals)
		for _, n := range topVotes {
			if r.Assessors > 0 && 2*int64(n) >= r.Assessors {
				r.Mandatory = true
			}
		}
		out = append(out, r)
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.NotAssessed != b.NotAssessed {
			return b.NotAssessed
		}
		if a.NotAssessed {
			return a.NeedID < b.NeedID
		}
		if m.MandatoryFirst && a.Mandatory != b.Mandatory {
			return a.Mandatory
		}
		if a.Score != b.Score {
			return a.Score > b.Score
		}
		return a.NeedID < b.NeedID
	})
	for i := range out {
		if !out[i].NotAssessed {
			out[i].Rank = int64(i + 1)
		}
	}
	return out
}

// Assessor is a person expected to score a round, or who did.
type Assessor struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
}

// NeedProgress is how far the scoring of one need in a round has come.
type NeedProgress struct {
	NeedID  int64      `json:"need_id"`
	Title   string     `json:"title,omitempty"`
	Scored  []Assessor `json:"scored"`  // who has scored it
	Missing []Assessor `json:"missing"` // who of the assessors has not
}

// RoundProgress is the scoring progress of an open round per need and
// assessor, for the secretariat before it closes the round.
type RoundProgress struct {
	Assessors []Assessor     `json:"assessors"`
	Needs     []NeedProgress `json:"needs"`
	// Unscored are the needs nobody has scored: closing records them as
	// not assessed.
	Unscored []int64 `json:"unscored"`
	// Missing counts the (need, assessor) pairs not yet scored.
	Missing int `json:"missing"`
}

// Complete reports whether every assessor has scored every need.
func (p *RoundProgress) Complete() bool { return p.Missing == 0 && len(p.Unscored) == 0 }

// Progress works out a round's progress from its needs, the expected
// assessors and the scores so far. Anyone who scored counts as an
// assessor, whether expected or not.
func Progress(needIDs []int64, assessors []Assessor, scores []Score) *RoundProgress {
	p := &RoundProgress{Assessors: slices.Clone(assessors), Needs: []NeedProgress{}, Unscored: []int64{}}
	done := map[[2]int64]bool{}
	for _, s := range scores {
		if !slices.ContainsFunc(p.Assessors, func(a Assessor) bool { return a.ID == s.AssessorID }) {
			p.Assessors = append(p.Assessors, Assessor{ID: s.AssessorID, Name: s.Assessor})
		}
		done[[2]int64{s.NeedID, s.AssessorID}] = true
	}
	for _, id := range needIDs {
		np := NeedProgress{NeedID: id, Scored: []Assessor{}, Missing: []Assessor{}}
		for _, a := range p.Assessors {
			if done[[2]int64{id, a.ID}] {
				np.Scored = append(np.Scored, a)
			} else {
				np.Missing = append(np.Missing, a)
			}
		}
		if len(np.Scored) == 0 {
			p.Unscored = append(p.Unscored, id)
		}
		p.Missing += len(np.Missing)
		p.Needs = append(p.Needs, np)
	}
	return p
}

// stats returns the mean, the population standard deviation and the range.
func stats(xs []float64) (mean, sd, rng float64) {
	if len(xs) == 0 {
		return 0, 0, 0
	}
	lo, hi := xs[0], xs[0]
	for _, x := range xs {
		mean += x
		lo, hi = min(lo, x), max(hi, x)
	}
	mean /= float64(len(xs))
	for _, x := range xs {
		sd += (x - mean) * (x - mean)
	}
	sd = math.Sqrt(sd / float64(len(xs)))
	return round2(mean), round2(sd), round2(hi - lo)
}

func round2(x float64) float64 { return math.Round(x*100) / 100 }

// String is a short description for logs.
func (r Result) String() string { return fmt.Sprintf("#%d need %d %.2f", r.Rank, r.NeedID, r.Score) }
