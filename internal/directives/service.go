package directives

import (
	"context"
	"strconv"
	"time"

	"github.com/samstyr/samstyr/internal/audit"
	"github.com/samstyr/samstyr/internal/errs"
	"github.com/samstyr/samstyr/internal/governance"
	"github.com/samstyr/samstyr/internal/policy"
)

// Store is the storage the concept phase needs (internal/store).
type Store interface {
	WithTx(ctx context.Context, fn func(ctx context.Context) error) error
	Record(ctx context.Context, e audit.Entry) error
	ThreadStore

	CreateIdea(ctx context.Context, i *Idea) error
	UpdateIdea(ctx context.Context, i *Idea) error
	FindIdeaByID(ctx context.Context, id int64) (*Idea, error)
	FindIdeas(ctx context.Context, f IdeaFilter) ([]*Idea, error)

	CreateDirective(ctx context.Context, d *Directive) error
	UpdateDirective(ctx context.Context, d *Directive) error
	FindDirectiveByID(ctx context.Context, id int64) (*Directive, error)
	FindDirectives(ctx context.Context, f DirectiveFilter) ([]*Directive, error)
	CreateDirectiveVersion(ctx context.Context, v *Version) error
	UpdateDirectiveVersion(ctx context.Context, v *Version) error
	FindDirectiveVersion(ctx context.Context, directiveID, n int64) (*Version, error)
	FindDirectiveVersions(ctx context.Context, directiveID int64) ([]*Version, error)

	CreateApprovedProject(ctx context.Context, p *Project) error
	SetProjectSteeringBody(ctx context.Context, projectID, bodyID int64) error
	FindProjectByID(ctx context.Context, id int64) (*Project, error)
	FindProjects(ctx context.Context) ([]*Project, error)
	EnsureProjectRole(ctx context.Context, projectID, personID int64, role string, from time.Time) error

	CreateBody(ctx context.Context, b *governance.Body) error
	CreateMembership(ctx context.Context, m *governance.Membership) error
	FindDecisionRef(ctx context.Context, decisionID int64) (*governance.DecisionRef, error)
	BodyKind(ctx context.Context, id int64) (string, error)
	PersonExists(ctx context.Context, id int64) (bool, error)
	PersonContact(ctx context.Context, id int64) (name, email string, err error)
}

// NeedMover moves the needs an idea covers (the needs area, inside the
// caller's transaction).
type NeedMover interface {
	AdvanceNeeds(ctx context.Context, a *policy.Actor, needIDs []int64, to string) error
}

// Need states this area moves needs into.
const (
	needInConcept = "in_concept"
	needInProject = "in_project"
)

// Service is the concept phase's use cases.
type Service struct {
	store Store
	Needs NeedMover
	Now   func() time.Time
}

// NewService returns the service over a store and the needs area.
func NewService(s Store, n NeedMover) *Service {
	return &Service{store: s, Needs: n, Now: time.Now}
}

func (s *Service) record(ctx context.Context, a *policy.Actor, action, typ string, id int64, before, after any) error {
	return s.store.Record(ctx, audit.Entry{ActorID: a.ID(), Action: action, ObjectType: typ, ObjectID: id, Before: before, After: after})
}

func notFound(kind string, id int64) error {
	return errs.E(errs.NotFound, "error.not_found", "kind", kind, "id", strconv.FormatInt(id, 10))
}

// CreateIdea registers a project idea. An idea from needs moves them to
// in_concept in the same transaction (each must be prioritised); one from
// a working group or a guideline cites its decision (a guideline is the
// strategic council's). Errors: Forbidden, Unauthenticated, NotFound (a
// need), Conflict (a need not prioritised), Invalid.
func (s *Service) CreateIdea(ctx context.Context, a *policy.Actor, i *Idea) error {
	if err := policy.Check(a, policy.IdeaCreate, policy.Resource{}); err != nil {
		return err
	}
	i.Normalize()
	if err := i.Validate(); err != nil {
		return err
	}
	return s.store.WithTx(ctx, func(ctx context.Context) error {
		if i.Source == SourceNeeds {
			if err := s.Needs.AdvanceNeeds(ctx, a, i.NeedIDs, needInConcept); err != nil {
				return err
			}
		} else {
			ref, err := s.decision(ctx, i.SourceDecisionID, "source_decision_id")
			if err != nil {
				return err
			}
			if i.Source == SourceGuideline {
				if err := s.bodyIs(ctx, ref.BodyID, policy.BodyStrategicCouncil, "source_decision_id", "idea.error.guideline_body"); err != nil {
					return err
				}
			}
		}
		i.State, i.CreatedBy, i.ConceptDecisionID = IdeaIdea, a.ID(), 0
		if err := s.store.CreateIdea(ctx, i); err != nil {
			return err
		}
		return s.record(ctx, a, "idea.create", "idea", i.ID, nil, i)
	})
}

// decision returns a recorded decision, or a field error.
func (s *Service) decision(ctx context.Context, id int64, field string) (*governance.DecisionRef, error) {
	ref, err := s.store.FindDecisionRef(ctx, id)
	if errs.Is(err, errs.NotFound) {
		return nil, errs.InvalidField(field, "idea.error.decision")
	}
	return ref, err
}

// bodyIs refuses (Invalid on field) a body not of kind.
func (s *Service) bodyIs(ctx context.Context, bodyID int64, kind, field, key string) error {
	k, err := s.store.BodyKind(ctx, bodyID)
	if err != nil {
		return err
	}
	if k != kind {
		return errs.InvalidField(field, key)
	}
	return nil
}

// UpdateIdea changes an idea and its concept mandate while it waits for
// the user council (its needs and source stay). Errors: Forbidden,
// Unauthenticated, NotFound, Conflict (the concept phase started),
// Invalid.
func (s *Service) UpdateIdea(ctx context.Context, a *policy.Actor, id int64, in *Idea) error {
	if err := policy.Check(a, policy.IdeaUpdate, policy.Resource{}); err != nil {
		return err
	}
	return s.store.WithTx(ctx, func(ctx context.Context) error {
		i, err := s.store.FindIdeaByID(ctx, id)
		if err != nil {
			return err
		}
		if i.State != IdeaIdea {
			return errs.E(errs.Conflict, "idea.error.not_idea")
		}
		before := *i
		i.Title, i.Purpose, i.Benefits, i.Alternatives, i.CostNOK, i.DurationMonths, i.Owner, i.Mandate =
			in.Title, in.Purpose, in.Benefits, in.Alternatives, in.CostNOK, in.DurationMonths, in.Owner, in.Mandate
		i.Normalize()
		if err := i.Validate(); err != nil {
			return err
		}
		if err := s.store.UpdateIdea(ctx, i); err != nil {
			return err
		}
		*in = *i
		return s.record(ctx, a, "idea.update", "idea", i.ID, before, i)
	})
}

// Idea returns an idea with its decisions. Errors: Unauthenticated,
// Forbidden, NotFound.
func (s *Service) Idea(ctx context.Context, a *policy.Actor, id int64) (*Idea, error) {
	if err := policy.Check(a, policy.IdeaView, policy.Resource{}); err != nil {
		return nil, err
	}
	i, err := s.store.FindIdeaByID(ctx, id)
	if err != nil {
		return nil, err
	}
	if i.SourceDecision, err = s.ref(ctx, i.SourceDecisionID); err != nil {
		return nil, err
	}
	if i.ConceptDecision, err = s.ref(ctx, i.ConceptDecisionID); err != nil {
		return nil, err
	}
	return i, nil
}

// ref returns a decision's reference, nil for none.
func (s *Service) ref(ctx context.Context, id int64) (*governance.DecisionRef, error) {
	if id == 0 {
		return nil, nil
	}
	return s.store.FindDecisionRef(ctx, id)
}

// Ideas lists ideas. Errors: Unauthenticated, Forbidden.
func (s *Service) Ideas(ctx context.Context, a *policy.Actor, f IdeaFilter) ([]*Idea, error) {
	if err := policy.Check(a, policy.IdeaList, policy.Resource{}); err != nil {
		return nil, err
	}
	return s.store.FindIdeas(ctx, f)
}

// Thread is what became of a need in the concept phase, for its page:
// the idea (for those who may read ideas), its directive as the actor
// may see it, and the project.
type Thread struct {
	Idea      *Idea
	IdeaID    int64
	Directive *Directive
	Project   *Project
}

// ThreadOfNeed returns the idea, directive and project that a need went
// into, as far as the actor may see them; nil when none.
func (s *Service) ThreadOfNeed(ctx context.Context, a *policy.Actor, needID int64) (*Thread, error) {
	ideas, err := s.store.FindIdeas(ctx, IdeaFilter{NeedID: needID})
	if err != nil || len(ideas) == 0 {
		return nil, err
	}
	t := &Thread{IdeaID: ideas[0].ID}
	if policy.Can(a, policy.IdeaView, policy.Resource{}) {
		if t.Idea, err = s.Idea(ctx, a, ideas[0].ID); err != nil {
			return nil, err
		}
	}
	ds, err := s.store.FindDirectives(ctx, DirectiveFilter{IdeaID: t.IdeaID})
	if err != nil {
		return nil, err
	}
	if len(ds) > 0 {
		if d, err := s.Directive(ctx, a, ds[0].ID); err == nil {
			t.Directive = d
		} else if !errs.Is(err, errs.NotFound) {
			return nil, err
		}
		if ds[0].ProjectID != 0 {
			if t.Project, err = s.Project(ctx, a, ds[0].ProjectID); err != nil {
				return nil, err
			}
		}
	}
	if t.Idea == nil && t.Directive == nil && t.Project == nil {
		return nil, nil // nothing the actor may see
	}
	return t, nil
}
