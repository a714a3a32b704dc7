package needs

import (
	"context"
	"slices"

	"github.com/samstyr/samstyr/internal/policy"
)

// Tasks is what a person has to do with needs, for their home page.
type Tasks struct {
	// Triage are the needs waiting for the secretariat (submitted or in
	// triage), oldest first; empty for those who do not triage.
	Triage []*Need `json:"triage"`
	// ScoresDue are, per open round, the needs the person may score and has
	// not yet scored; empty for those who do not score.
	ScoresDue []ScoresDue `json:"scores_due"`
}

// ScoresDue is an open round with the needs the person still has to score.
type ScoresDue struct {
	RoundID   int64        `json:"round_id"`
	RoundName string       `json:"round_name"`
	Needs     []NeedHeader `json:"needs"`
}

// NeedHeader names a need in a list that links to it.
type NeedHeader struct {
	ID    int64  `json:"id"`
	Title string `json:"title"`
}

// taskLimit caps the triage list of the home page; it links on.
const taskLimit = 10

// Tasks returns the actor's needs tasks under the actor's visibility.
// Errors: Unauthenticated.
func (s *Service) Tasks(ctx context.Context, a *policy.Actor) (*Tasks, error) {
	if err := policy.Check(a, policy.PersonSelf, policy.Resource{OwnerID: a.ID()}); err != nil {
		return nil, err
	}
	t := &Tasks{Triage: []*Need{}, ScoresDue: []ScoresDue{}}
	if policy.Can(a, policy.NeedTriage, policy.Resource{}) {
		for _, st := range []string{Submitted, InTriage} {
			page, err := s.List(ctx, a, Filter{State: st, Sort: "oldest", Limit: taskLimit})
			if err != nil {
				return nil, err
			}
			t.Triage = append(t.Triage, page.Items...)
		}
		if len(t.Triage) > taskLimit {
			t.Triage = t.Triage[:taskLimit]
		}
	}
	if !policy.Can(a, policy.RoundScore, policy.Resource{}) {
		return t, nil
	}
	rounds, err := s.store.FindRounds(ctx)
	if err != nil {
		return nil, err
	}
	for _, r := range rounds {
		if r.State != RoundOpen {
			continue
		}
		scored, err := s.store.ScoredNeeds(ctx, r.ID, a.ID())
		if err != nil {
			return nil, err
		}
		due := ScoresDue{RoundID: r.ID, RoundName: r.Name, Needs: []NeedHeader{}}
		for _, id := range r.NeedIDs {
			if slices.Contains(scored, id) {
				continue
			}
			n, err := s.store.FindNeedByID(ctx, id)
			if err != nil {
				return nil, err
			}
			due.Needs = append(due.Needs, NeedHeader{ID: n.ID, Title: n.Title})
		}
		if len(due.Needs) > 0 {
			t.ScoresDue = append(t.ScoresDue, due)
		}
	}
	return t, nil
}
