package portfolio

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/samstyr/samstyr/internal/audit"
	"github.com/samstyr/samstyr/internal/errs"
	"github.com/samstyr/samstyr/internal/governance"
	"github.com/samstyr/samstyr/internal/policy"
)

// EffectApproveBudgetFrame is the strategic council's decision approving
// the budget frames linked to the case: draft → approved (frozen),
// pointing at the decision.
const EffectApproveBudgetFrame = "approve_budget_frame"

// Store is the storage the portfolio overview needs (internal/store).
type Store interface {
	WithTx(ctx context.Context, fn func(ctx context.Context) error) error
	Record(ctx context.Context, e audit.Entry) error
	BodyKind(ctx context.Context, id int64) (string, error)
	FindDecisionRef(ctx context.Context, decisionID int64) (*governance.DecisionRef, error)

	// FindPortfolioItems returns the rows of the portfolio; public keeps
	// approved projects only (in SQL), without actors or benefits.
	FindPortfolioItems(ctx context.Context, public bool) ([]*Item, error)
	FindPortfolioActors(ctx context.Context) ([]Actor, error)
	SetPortfolioActor(ctx context.Context, itemType string, itemID, orgID int64) error
	PortfolioItemExists(ctx context.Context, itemType string, itemID int64) (bool, error)

	FindBudgetFrames(ctx context.Context) ([]*Frame, error)
	FindBudgetFrameByID(ctx context.Context, id int64) (*Frame, error)
	CreateBudgetFrame(ctx context.Context, f *Frame) error
	UpdateBudgetFrame(ctx context.Context, f *Frame) error

	FindGuidelines(ctx context.Context) ([]*Guideline, error)
	FindGuidelineByID(ctx context.Context, id int64) (*Guideline, error)
	CreateGuideline(ctx context.Context, g *Guideline) error
	UpdateGuidelineState(ctx context.Context, g *Guideline) error
	RoadmapStore
	ScenarioStore
}

// UseStore gives the service the live portfolio.
func (s *Service) UseStore(st Store) { s.store = st }

func (s *Service) record(ctx context.Context, a *policy.Actor, action, typ string, id int64, before, after any) error {
	return s.store.Record(ctx, audit.Entry{ActorID: a.ID(), Action: action, ObjectType: typ, ObjectID: id, Before: before, After: after})
}

// FrameInput is a frame as typed in a form: every field a string, so that
// a word where a number belongs is named as the field's error.
type FrameInput struct {
	Year, Source, Amount, Note string
}

// Parse turns the input into a frame, or field errors (year, source,
// amount_nok, note).
func (in FrameInput) Parse() (*Frame, error) {
	f := &Frame{Source: strings.TrimSpace(in.Source), Note: strings.TrimSpace(in.Note)}
	var v errs.Validation
	var err error
	if f.Year, err = strconv.ParseInt(strings.TrimSpace(in.Year), 10, 64); err != nil {
		v.Add("year", "portfolio.frame.error.year")
	}
	amount := strings.NewReplacer(" ", "", "\u00a0", "", "\u202f", "").Replace(strings.TrimSpace(in.Amount))
	if f.AmountNOK, err = strconv.ParseInt(amount, 10, 64); err != nil {
		v.Add("amount_nok", "portfolio.frame.error.amount")
	}
	if err := v.Err(); err != nil {
		f.Validate(&v)
		return nil, v.Err()
	}
	return f, nil
}

// Validate checks a frame's fields into v: a year 2000–2100, a known
// funding source, an amount not below zero, a short note.
func (f *Frame) Validate(v *errs.Validation) {
	if (f.Year < 2000 || f.Year > 2100) && !v.Has("year") {
		v.Add("year", "portfolio.frame.error.year")
	}
	if !slices.Contains(FundingSources, f.Source) {
		v.Add("source", "portfolio.frame.error.source")
	}
	if f.AmountNOK < 0 && !v.Has("amount_nok") {
		v.Add("amount_nok", "portfolio.frame.error.amount")
	}
	if utf8.RuneCountInString(f.Note) > 2000 {
		v.Add("note", "portfolio.frame.error.note")
	}
}

func (f *Frame) check() error {
	f.Source, f.Note = strings.TrimSpace(f.Source), strings.TrimSpace(f.Note)
	var v errs.Validation
	f.Validate(&v)
	return v.Err()
}

// Frames returns every budget frame, by year and source. Errors:
// Unauthenticated, Forbidden.
func (s *Service) Frames(ctx context.Context, a *policy.Actor) ([]*Frame, error) {
	if err := policy.Check(a, policy.PortfolioViewAll, policy.Resource{}); err != nil {
		return nil, err
	}
	return s.store.FindBudgetFrames(ctx)
}

// Frame returns one budget frame. Errors: Unauthenticated, Forbidden,
// NotFound.
func (s *Service) Frame(ctx context.Context, a *policy.Actor, id int64) (*Frame, error) {
	if err := policy.Check(a, policy.PortfolioViewAll, policy.Resource{}); err != nil {
		return nil, err
	}
	return s.store.FindBudgetFrameByID(ctx, id)
}

// CreateFrame adds a draft frame for a year and source. Errors:
// Forbidden, Unauthenticated, Invalid (fields), Conflict (a frame for the
// year and source exists).
func (s *Service) CreateFrame(ctx context.Context, a *policy.Actor, f *Frame) error {
	if err := policy.Check(a, policy.PortfolioFrameEdit, policy.Resource{}); err != nil {
		return err
	}
	if err := f.check(); err != nil {
		return err
	}
	return s.store.WithTx(ctx, func(ctx context.Context) error {
		f.State, f.DecisionID, f.Decision, f.CreatedBy = FrameDraft, 0, nil, a.ID()
		if err := s.store.CreateBudgetFrame(ctx, f); err != nil {
			if errs.Is(err, errs.Conflict) {
				return errs.E(errs.Conflict, "portfolio.frame.error.exists", "year", f.Year, "source", f.Source)
			}
			return err
		}
		return s.record(ctx, a, "budget_frame.create", "budget_frame", f.ID, nil, f)
	})
}

// UpdateFrame changes a draft frame's amount and note (year and source
// stay; in.Year and in.Source are not read). Errors: Forbidden,
// Unauthenticated, NotFound, Conflict (approved: frozen), Invalid.
func (s *Service) UpdateFrame(ctx context.Context, a *policy.Actor, id int64, in FrameInput) (*Frame, error) {
	if err := policy.Check(a, policy.PortfolioFrameEdit, policy.Resource{}); err != nil {
		return nil, err
	}
	var out *Frame
	err := s.store.WithTx(ctx, func(ctx context.Context) error {
		f, err := s.store.FindBudgetFrameByID(ctx, id)
		if err != nil {
			return err
		}
		if f.State != FrameDraft {
			return errs.E(errs.Conflict, "portfolio.frame.error.frozen")
		}
		in.Year, in.Source = strconv.FormatInt(f.Year, 10), f.Source
		parsed, err := in.Parse()
		if err != nil {
			return err
		}
		before := *f
		f.AmountNOK, f.Note = parsed.AmountNOK, parsed.Note
		if err := f.check(); err != nil {
			return err
		}
		if err := s.store.UpdateBudgetFrame(ctx, f); err != nil {
			return err
		}
		out = f
		return s.record(ctx, a, "budget_frame.update", "budget_frame", id, before, f)
	})
	return out, err
}

// ApproveFrames is the approve_budget_frame effect: the strategic
// council approves draft frames, which are frozen and point at the
// decision. It runs in the transaction recording the decision. Errors:
// Invalid (not the strategic council), NotFound, Conflict (not a draft).
func (s *Service) ApproveFrames(ctx context.Context, a *policy.Actor, ids []int64, ref governance.DecisionRef) error {
	return s.store.WithTx(ctx, func(ctx context.Context) error {
		k, err := s.store.BodyKind(ctx, ref.BodyID)
		if err != nil {
			return err
		}
		if k != policy.BodyStrategicCouncil {
			return errs.InvalidField("effects", "portfolio.frame.error.approve_body")
		}
		for _, id := range ids {
			f, err := s.store.FindBudgetFrameByID(ctx, id)
			if err != nil {
				return err
			}
			if f.State != FrameDraft {
				return errs.E(errs.Conflict, "portfolio.frame.error.frozen")
			}
			f.State, f.DecisionID = FrameApproved, ref.DecisionID
			if err := s.store.UpdateBudgetFrame(ctx, f); err != nil {
				return err
			}
			if err := s.record(ctx, a, "budget_frame.approve", "budget_frame", id, map[string]any{"state": FrameDraft},
				map[string]any{"state": FrameApproved, "amount_nok": f.AmountNOK, "decision_id": ref.DecisionID, "decision": ref.String()}); err != nil {
				return err
			}
		}
		return nil
	})
}

// Overview returns the portfolio the actor may see, filtered, sorted and
// summed against the approved frames. Readers without
// portfolio.view_all see approved projects only. Errors: Invalid (an
// unknown filter value).
func (s *Service) Overview(ctx context.Context, a *policy.Actor, f Filter) (*Overview, error) {
	if err := policy.Check(a, policy.PortfolioView, policy.Resource{}); err != nil {
		return nil, err
	}
	if err := f.validate(); err != nil {
		return nil, err
	}
	full := policy.Can(a, policy.PortfolioViewAll, policy.Resource{})
	items, err := s.store.FindPortfolioItems(ctx, !full)
	if err != nil {
		return nil, err
	}
	o := &Overview{Filter: f, Full: full, Frames: []*Frame{}, Actors: []Actor{}}
	if full {
		if o.Frames, err = s.store.FindBudgetFrames(ctx); err != nil {
			return nil, err
		}
		if o.Actors, err = s.store.FindPortfolioActors(ctx); err != nil {
			return nil, err
		}
	}
	o.Items = f.Apply(items)
	o.sum(o.Frames)
	if full {
		gs, err := s.store.FindGuidelines(ctx)
		if err != nil {
			return nil, err
		}
		for _, g := range gs { // newest first
			if g.State == GuidelineAdopted {
				o.Guideline = g
				break
			}
		}
		o.Areas = areaRows(o.Items, f, o.Guideline)
	}
	return o, nil
}

func (f Filter) validate() error {
	var v errs.Validation
	if f.Kind != "" && !slices.Contains(Kinds, f.Kind) {
		v.Add("kind", "portfolio.overview.error.filter")
	}
	if f.Source != "" && !slices.Contains(FundingSources, f.Source) {
		v.Add("source", "portfolio.overview.error.filter")
	}
	if f.Year != 0 && (f.Year < 2000 || f.Year > 2100) {
		v.Add("year", "portfolio.overview.error.filter")
	}
	if f.Sort != "" && !slices.Contains(SortKeys, f.Sort) {
		v.Add("sort", "portfolio.overview.error.filter")
	}
	return v.Err()
}

// Actors returns the organisations that may be responsible for an item
// (state agencies and KS). Errors: Unauthenticated, Forbidden.
func (s *Service) Actors(ctx context.Context, a *policy.Actor) ([]Actor, error) {
	if err := policy.Check(a, policy.PortfolioViewAll, policy.Resource{}); err != nil {
		return nil, err
	}
	return s.store.FindPortfolioActors(ctx)
}

// SetActor names the organisation responsible for an idea or a project
// (a directive's is its idea's). Errors: Forbidden, Unauthenticated,
// NotFound (the item), Invalid (item type; actor not a state agency or KS).
func (s *Service) SetActor(ctx context.Context, a *policy.Actor, itemType string, itemID, orgID int64) error {
	if err := policy.Check(a, policy.PortfolioActorSet, policy.Resource{}); err != nil {
		return err
	}
	if itemType != "idea" && itemType != "project" {
		return errs.InvalidField("item_type", "portfolio.actor.error.item")
	}
	return s.store.WithTx(ctx, func(ctx context.Context) error {
		ok, err := s.store.PortfolioItemExists(ctx, itemType, itemID)
		if err != nil {
			return err
		}
		if !ok {
			return errs.E(errs.NotFound, "error.not_found", "kind", itemType, "id", strconv.FormatInt(itemID, 10))
		}
		actors, err := s.store.FindPortfolioActors(ctx)
		if err != nil {
			return err
		}
		if !slices.ContainsFunc(actors, func(x Actor) bool { return x.ID == orgID }) {
			return errs.InvalidField("actor_id", "portfolio.actor.error.actor")
		}
		if err := s.store.SetPortfolioActor(ctx, itemType, itemID, orgID); err != nil {
			return err
		}
		return s.record(ctx, a, "portfolio.actor", itemType, itemID, nil, map[string]any{"actor_id": orgID})
	})
}
