package needs

import (
	"context"
	"slices"

	"github.com/samstyr/samstyr/internal/audit"
	"github.com/samstyr/samstyr/internal/errs"
	"github.com/samstyr/samstyr/internal/policy"
)

// Methods returns every version of the assessment method, newest first.
func (s *Service) Methods(ctx context.Context, a *policy.Actor) ([]*Method, error) {
	if err := policy.Check(a, policy.MethodView, policy.Resource{}); err != nil {
		return nil, err
	}
	return s.store.FindMethods(ctx)
}

// Method returns one version. Errors: NotFound.
func (s *Service) Method(ctx context.Context, a *policy.Actor, id int64) (*Method, error) {
	if err := policy.Check(a, policy.MethodView, policy.Resource{}); err != nil {
		return nil, err
	}
	return s.store.FindMethodByID(ctx, id)
}

// LatestMethod returns the newest version. Errors: NotFound.
func (s *Service) LatestMethod(ctx context.Context, a *policy.Actor) (*Method, error) {
	if err := policy.Check(a, policy.MethodView, policy.Resource{}); err != nil {
		return nil, err
	}
	return s.store.FindLatestMethod(ctx)
}

// MayEditMethod reports whether the actor may change the assessment
// method (nil, Unauthenticated or Forbidden); the method form asks it
// before it shows the form's own input errors.
func (s *Service) MayEditMethod(a *policy.Actor) error {
	return policy.Check(a, policy.MethodEdit, policy.Resource{})
}

// SaveMethod saves m as a change of version baseID: in place while that
// version has not been used, else (or when baseID is 0) as a new version.
// It returns the saved version and whether it is new. Errors: Forbidden,
// NotFound, Invalid, Conflict (the base is used and a newer version already
// exists: change that one, so that two people editing the same used
// version at once make one new version, not two).
func (s *Service) SaveMethod(ctx context.Context, a *policy.Actor, baseID int64, m *Method) (*Method, bool, error) {
	if err := policy.Check(a, policy.MethodEdit, policy.Resource{}); err != nil {
		return nil, false, err
	}
	if err := m.Validate(); err != nil {
		return nil, false, err
	}
	created := false
	err := s.store.WithTx(ctx, func(ctx context.Context) error {
		var base *Method
		if baseID != 0 {
			var err error
			if base, err = s.store.FindMethodByID(ctx, baseID); err != nil {
				return err
			}
		}
		if base != nil && base.Frozen {
			latest, err := s.store.FindLatestMethod(ctx)
			if err != nil {
				return err
			}
			if latest.ID != base.ID {
				return errs.E(errs.Conflict, "needs.error.method_stale", "version", latest.Version)
			}
		}
		if base != nil && !base.Frozen {
			m.ID, m.Version, m.CreatedAt, m.CreatedBy = base.ID, base.Version, base.CreatedAt, base.CreatedBy
			if err := s.store.UpdateMethod(ctx, m); err != nil {
				return err
			}
			return s.store.Record(ctx, audit.Entry{ActorID: a.ID(), Action: "method.update", ObjectType: "method", ObjectID: m.ID, Before: base, After: m})
		}
		created = true
		m.CreatedBy = a.ID()
		if err := s.store.CreateMethod(ctx, m); err != nil {
			return err
		}
		return s.store.Record(ctx, audit.Entry{ActorID: a.ID(), Action: "method.create", ObjectType: "method", ObjectID: m.ID, After: m})
	})
	if err != nil {
		return nil, false, err
	}
	s.cache.invalidate() // the public states may have changed
	saved, err := s.store.FindMethodByID(ctx, m.ID)
	return saved, created, err
}

// Rounds returns every round, newest first.
func (s *Service) Rounds(ctx context.Context, a *policy.Actor) ([]*Round, error) {
	if err := policy.Check(a, policy.RoundList, policy.Resource{}); err != nil {
		return nil, err
	}
	return s.store.FindRounds(ctx)
}

// OpenRound opens a round with a method version and needs (each under
// assessment, assessed or parked). The method version is frozen from now
// on. Errors: Forbidden, Invalid, NotFound.
func (s *Service) OpenRound(ctx context.Context, a *policy.Actor, in RoundInput) (*Round, error) {
	if err := policy.Check(a, policy.RoundOpen, policy.Resource{}); err != nil {
		return nil, err
	}
	if err := in.Validate(); err != nil {
		return nil, err
	}
	r := &Round{Name: in.Name, MethodID: in.MethodID, NeedIDs: in.NeedIDs, State: RoundOpen, OpenedBy: a.ID(), OpenedAt: s.Now()}
	err := s.store.WithTx(ctx, func(ctx context.Context) error {
		if _, err := s.store.FindMethodByID(ctx, in.MethodID); err != nil {
			return errs.InvalidField("method_id", "needs.error.method")
		}
		for _, id := range in.NeedIDs {
			n, err := s.store.FindNeedByID(ctx, id)
			if err != nil || !slices.Contains(RoundEligible, n.State) {
				return errs.InvalidField("need_ids", "needs.error.round_need", "id", id)
			}
		}
		if err := s.store.CreateRound(ctx, r); err != nil {
			return err
		}
		return s.store.Record(ctx, audit.Entry{ActorID: a.ID(), Action: "round.open", ObjectType: "round", ObjectID: r.ID, After: r})
	})
	if err != nil {
		return nil, err
	}
	return s.Round(ctx, a, r.ID)
}

// Round returns a round with its ranked list. While the round is open the
// RoundHeader returns a round's name and state, without scores or
// results, for a reader of rounds (what a case linking it shows). Errors:
// Unauthenticated, Forbidden, NotFound.
func (s *Service) RoundHeader(ctx context.Context, a *policy.Actor, id int64) (*Round, error) {
	if err := policy.Check(a, policy.RoundList, policy.Resource{}); err != nil {
		return nil, err
	}
	return s.store.FindRoundByID(ctx, id)
}

// list is computed live, and a need's figures are hidden from a viewer who
// may score and has not yet scored it; people who may not score see the
// list only once the round is closed. Errors: Forbidden, NotFound.
func (s *Service) Round(ctx context.Context, a *policy.Actor, id int64) (*Round, error) {
	if err := policy.Check(a, policy.RoundList, policy.Resource{}); err != nil {
		return nil, err
	}
	r, err := s.store.FindRoundByID(ctx, id)
	if err != nil || r.State == RoundClosed {
		return r, err
	}
	m, err := s.store.FindMethodByID(ctx, r.MethodID)
	if err != nil {
		return nil, err
	}
	scores, err := s.store.FindAllScores(ctx, id)
	if err != nil {
		return nil, err
	}
	backing, err := s.backingFacts(ctx, r.NeedIDs)
	if err != nil {
		return nil, err
	}
	mine, err := s.store.ScoredNeeds(ctx, id, a.ID())
	if err != nil {
		return nil, err
	}
	r.Results = hideUnscored(Rank(m, r.NeedIDs, scores, backing), mine, policy.Can(a, policy.RoundScore, policy.Resource{}))
	return r, s.titles(ctx, r)
}

// titles fills the needs' titles and states into the results.
func (s *Service) titles(ctx context.Context, r *Round) error {
	for i := range r.Results {
		n, err := s.store.FindNeedByID(ctx, r.Results[i].NeedID)
		if err != nil {
			return err
		}
		r.Results[i].Title, r.Results[i].State = n.Title, n.State
	}
	return nil
}

func (s *Service) backingFacts(ctx context.Context, ids []int64) (map[int64]BackingFacts, error) {
	out := map[int64]BackingFacts{}
	for _, id := range ids {
		st, err := s.store.BackingStats(ctx, id)
		if err != nil {
			return nil, err
		}
		out[id] = BackingFacts{Share: st.PopulationShare, Municipalities: st.Municipalities}
	}
	return out, nil
}

// SubmitScores records the actor's scores of one need in an open round (a
// score and a rationale per criterion); submitting again replaces them.
// Errors: Forbidden, NotFound, Conflict (closed round, need not in it),
// Invalid (scores outside the scale, missing criteria or rationale).
func (s *Service) SubmitScores(ctx context.Context, a *policy.Actor, roundID, needID int64, in []ScoreInput) error {
	if err := policy.Check(a, policy.RoundScore, policy.Resource{}); err != nil {
		return err
	}
	return s.store.WithTx(ctx, func(ctx context.Context) error {
		r, m, err := s.roundAndMethod(ctx, roundID)
		if err != nil {
			return err
		}
		if r.State != RoundOpen {
			return errs.E(errs.Conflict, "needs.error.round_closed")
		}
		if !slices.Contains(r.NeedIDs, needID) {
			return errs.E(errs.NotFound, "needs.error.not_in_round")
		}
		if err := ValidateScores(m, in); err != nil {
			return err
		}
		if err := s.store.SaveScores(ctx, roundID, needID, a.ID(), in); err != nil {
			return err
		}
		return s.store.Record(ctx, audit.Entry{ActorID: a.ID(), Action: "round.score", ObjectType: "round", ObjectID: roundID,
			After: map[string]any{"need_id": needID, "scores": in}})
	})
}

func (s *Service) roundAndMethod(ctx context.Context, id int64) (*Round, *Method, error) {
	r, err := s.store.FindRoundByID(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	m, err := s.store.FindMethodByID(ctx, r.MethodID)
	return r, m, err
}

// Scores returns the scores of one need in a round that the actor may see:
// their own always; everyone's once they have scored the need themselves or
// the round is closed (the store enforces the same rule in SQL). Errors:
// Forbidden, NotFound.
func (s *Service) Scores(ctx context.Context, a *policy.Actor, roundID, needID int64) ([]Score, error) {
	if err := policy.Check(a, policy.RoundList, policy.Resource{}); err != nil {
		return nil, err
	}
	r, err := s.store.FindRoundByID(ctx, roundID)
	if err != nil {
		return nil, err
	}
	if !slices.Contains(r.NeedIDs, needID) {
		return nil, errs.E(errs.NotFound, "needs.error.not_in_round")
	}
	return s.store.FindScores(ctx, roundID, needID, a.ID())
}

// RoundProgress returns how far the scoring of a round has come, per need
// and assessor: the assessors are the current members of the user council
// (chair, deputy chair, member) and anyone else who has scored. Only the
// secretariat, who closes rounds, sees it. Errors: Unauthenticated,
// Forbidden, NotFound.
func (s *Service) RoundProgress(ctx context.Context, a *policy.Actor, id int64) (*RoundProgress, error) {
	if err := policy.Check(a, policy.RoundClose, policy.Resource{}); err != nil {
		return nil, err
	}
	r, err := s.store.FindRoundByID(ctx, id)
	if err != nil {
		return nil, err
	}
	return s.progress(ctx, r)
}

func (s *Service) progress(ctx context.Context, r *Round) (*RoundProgress, error) {
	assessors, err := s.store.FindRoundAssessors(ctx, s.Now())
	if err != nil {
		return nil, err
	}
	scores, err := s.store.FindAllScores(ctx, r.ID)
	if err != nil {
		return nil, err
	}
	p := Progress(r.NeedIDs, assessors, scores)
	for i := range p.Needs {
		n, err := s.store.FindNeedByID(ctx, p.Needs[i].NeedID)
		if err != nil {
			return nil, err
		}
		p.Needs[i].Title = n.Title
	}
	return p, nil
}

// MayCloseRound reports whether the actor may close rounds (nil,
// Unauthenticated or Forbidden); the API asks it before reading a body.
func (s *Service) MayCloseRound(a *policy.Actor) error {
	return policy.Check(a, policy.RoundClose, policy.Resource{})
}

// CloseRound computes and freezes the ranked list; needs nobody scored are
// recorded as not assessed, without rank or score. While scores are
// missing (a need nobody scored, or an assessor who has not scored a need)
// it closes only when confirm is set, after the secretariat has seen what
// is missing. Errors: Forbidden, NotFound, Conflict (already closed;
// needs.error.round_incomplete: scores missing and not confirmed).
func (s *Service) CloseRound(ctx context.Context, a *policy.Actor, id int64, confirm bool) (*Round, error) {
	if err := policy.Check(a, policy.RoundClose, policy.Resource{}); err != nil {
		return nil, err
	}
	err := s.store.WithTx(ctx, func(ctx context.Context) error {
		r, m, err := s.roundAndMethod(ctx, id)
		if err != nil {
			return err
		}
		if r.State != RoundOpen {
			return errs.E(errs.Conflict, "needs.error.round_closed")
		}
		p, err := s.progress(ctx, r)
		if err != nil {
			return err
		}
		if !p.Complete() && !confirm {
			return errs.E(errs.Conflict, "needs.error.round_incomplete", "needs", len(p.Unscored), "missing", p.Missing)
		}
		scores, err := s.store.FindAllScores(ctx, id)
		if err != nil {
			return err
		}
		backing, err := s.backingFacts(ctx, r.NeedIDs)
		if err != nil {
			return err
		}
		r.Results, r.State, r.ClosedBy, r.ClosedAt = Rank(m, r.NeedIDs, scores, backing), RoundClosed, a.ID(), s.Now()
		if err := s.store.CloseRound(ctx, r); err != nil {
			return err
		}
		return s.store.Record(ctx, audit.Entry{ActorID: a.ID(), Action: "round.close", ObjectType: "round", ObjectID: id, After: r})
	})
	if err != nil {
		return nil, err
	}
	return s.Round(ctx, a, id)
}

// Eligible returns the needs that may be put in a round.
func (s *Service) Eligible(ctx context.Context, a *policy.Actor) ([]*Need, error) {
	if err := policy.Check(a, policy.RoundOpen, policy.Resource{}); err != nil {
		return nil, err
	}
	var out []*Need
	for _, st := range RoundEligible {
		page, err := s.List(ctx, a, Filter{State: st, Sort: "oldest", Limit: 500})
		if err != nil {
			return nil, err
		}
		out = append(out, page.Items...)
	}
	return out, nil
}

// hideUnscored keeps the figures of the needs the viewer has scored (none
// for a viewer who may not score), numbered among themselves, and lists the
// others after them by id with nothing but their id, so that the live
// ranking reveals nothing about needs the viewer has not yet scored.
func hideUnscored(results []Result, mine []int64, canScore bool) []Result {
	var shown, hidden []Result
	for _, x := range results {
		if canScore && slices.Contains(mine, x.NeedID) {
			x.Rank = int64(len(shown) + 1)
			shown = append(shown, x)
		} else {
			hidden = append(hidden, Result{NeedID: x.NeedID, Hidden: true})
		}
	}
	slices.SortFunc(hidden, func(a, b Result) int { return int(a.NeedID - b.NeedID) })
	return append(shown, hidden...)
}
