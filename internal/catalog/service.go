package catalog

import (
	"context"
	"strings"
	"time"

	"github.com/samstyr/samstyr/internal/audit"
	"github.com/samstyr/samstyr/internal/errs"
	"github.com/samstyr/samstyr/internal/governance"
	"github.com/samstyr/samstyr/internal/policy"
)

// Store is the storage the catalogue needs (internal/store).
type Store interface {
	WithTx(ctx context.Context, fn func(ctx context.Context) error) error
	Record(ctx context.Context, e audit.Entry) error

	CreateStandard(ctx context.Context, s *Standard) error
	FindStandardByID(ctx context.Context, id int64) (*Standard, error)
	FindStandards(ctx context.Context) ([]*Standard, error)
	CreateStandardVersion(ctx context.Context, v *Version) error
	UpdateStandardVersion(ctx context.Context, v *Version) error
	FindStandardVersion(ctx context.Context, id int64) (*Version, error)
	FindStandardVersions(ctx context.Context) ([]*Version, error)
	AddStandardLink(ctx context.Context, standardID int64, l Link) error
	ExpireDeclarations(ctx context.Context, versionID int64, at time.Time) ([]int64, error)

	CreateDeclaration(ctx context.Context, d *Declaration) error
	UpdateDeclaration(ctx context.Context, d *Declaration) error
	FindDeclarationByID(ctx context.Context, id int64) (*Declaration, error)
	FindDeclarationEvidence(ctx context.Context, id int64) (*Declaration, error)
	FindDeclarations(ctx context.Context, f DeclarationFilter) ([]*Declaration, error)
	CountVerifiedDeclarations(ctx context.Context) (map[int64]int, error)

	FindDecisionRef(ctx context.Context, decisionID int64) (*governance.DecisionRef, error)
	OrganisationKind(ctx context.Context, id int64) (string, error)
}

// LinkChecker returns the title of a need or project the actor may see
// (NotFound or Forbidden otherwise).
type LinkChecker func(ctx context.Context, a *policy.Actor, typ string, id int64) (string, error)

// Service is the catalogue's use cases.
type Service struct {
	store Store
	Links LinkChecker
	Now   func() time.Time
}

// NewService returns the service over a store.
func NewService(s Store) *Service { return &Service{store: s, Now: time.Now} }

func (s *Service) record(ctx context.Context, a *policy.Actor, action, typ string, id int64, before, after any) error {
	return s.store.Record(ctx, audit.Entry{ActorID: a.ID(), Action: action, ObjectType: typ, ObjectID: id, Before: before, After: after})
}

// Standards lists the catalogue with versions (public).
func (s *Service) Standards(ctx context.Context, a *policy.Actor) ([]*Standard, error) {
	if err := policy.Check(a, policy.StandardList, policy.Resource{}); err != nil {
		return nil, err
	}
	return s.store.FindStandards(ctx)
}

// Standard returns one standard with its versions, their decisions and
// its links (public). Errors: NotFound.
func (s *Service) Standard(ctx context.Context, a *policy.Actor, id int64) (*Standard, error) {
	if err := policy.Check(a, policy.StandardView, policy.Resource{}); err != nil {
		return nil, err
	}
	st, err := s.store.FindStandardByID(ctx, id)
	if err != nil {
		return nil, err
	}
	for _, v := range st.Versions {
		if v.DecisionID != 0 {
			if v.Decision, err = s.store.FindDecisionRef(ctx, v.DecisionID); err != nil && !errs.Is(err, errs.NotFound) {
				return nil, err
			}
		}
	}
	return st, nil
}

// Versions lists every standard version ("NPS 3.1"), for choosing.
func (s *Service) Versions(ctx context.Context, a *policy.Actor) ([]*Version, error) {
	if err := policy.Check(a, policy.StandardList, policy.Resource{}); err != nil {
		return nil, err
	}
	return s.store.FindStandardVersions(ctx)
}

// CreateStandard adds a standard. Errors: Unauthenticated, Forbidden,
// Invalid, Conflict (the code is taken).
func (s *Service) CreateStandard(ctx context.Context, a *policy.Actor, st *Standard) error {
	if err := policy.Check(a, policy.StandardEdit, policy.Resource{}); err != nil {
		return err
	}
	st.Normalize()
	if err := st.Validate(); err != nil {
		return err
	}
	return s.store.WithTx(ctx, func(ctx context.Context) error {
		if err := s.store.CreateStandard(ctx, st); err != nil {
			if errs.Is(err, errs.Conflict) {
				return errs.InvalidField("code", "catalog.error.code_taken")
			}
			return err
		}
		return s.record(ctx, a, "standard.create", "standard", st.ID, nil, st)
	})
}

// AddVersion adds a draft version to a standard. Errors: Unauthenticated,
// Forbidden, NotFound, Invalid.
func (s *Service) AddVersion(ctx context.Context, a *policy.Actor, v *Version) error {
	if err := policy.Check(a, policy.StandardEdit, policy.Resource{}); err != nil {
		return err
	}
	v.Version = strings.TrimSpace(v.Version)
	return s.store.WithTx(ctx, func(ctx context.Context) error {
		st, err := s.store.FindStandardByID(ctx, v.StandardID)
		if err != nil {
			return err
		}
		var val errs.Validation
		checkText(&val, "version", v.Version, 40, true)
		for _, x := range st.Versions {
			if x.Version == v.Version {
				val.Add("version", "catalog.error.version_taken")
			}
		}
		if err := val.Err(); err != nil {
			return err
		}
		v.Status, v.StandardCode = Draft, st.Code
		if err := s.store.CreateStandardVersion(ctx, v); err != nil {
			return err
		}
		return s.record(ctx, a, "standard.version_add", "standard_version", v.ID, nil, v)
	})
}

// Adopt marks a draft version adopted by a recorded decision (picked).
// Errors: Unauthenticated, Forbidden, NotFound, Conflict (not a draft),
// Invalid (no such decision).
func (s *Service) Adopt(ctx context.Context, a *policy.Actor, versionID, decisionID int64, on time.Time) (*Version, error) {
	return s.moveVersion(ctx, a, versionID, Adopted, func(ctx context.Context, v *Version) error {
		if decisionID <= 0 {
			return errs.InvalidField("decision_id", "error.required")
		}
		if _, err := s.store.FindDecisionRef(ctx, decisionID); errs.Is(err, errs.NotFound) {
			return errs.InvalidField("decision_id", "catalog.error.decision")
		} else if err != nil {
			return err
		}
		if on.IsZero() {
			on = s.Now()
		}
		v.DecisionID, v.AdoptedOn = decisionID, on
		return nil
	})
}

// Retire retires a version and expires every declaration for it in the
// same transaction. Errors: Unauthenticated, Forbidden, NotFound,
// Conflict (retired already).
func (s *Service) Retire(ctx context.Context, a *policy.Actor, versionID int64, on time.Time) (*Version, error) {
	return s.moveVersion(ctx, a, versionID, Retired, func(ctx context.Context, v *Version) error {
		if on.IsZero() {
			on = s.Now()
		}
		v.RetiredOn = on
		ids, err := s.store.ExpireDeclarations(ctx, v.ID, s.Now())
		if err != nil {
			return err
		}
		for _, id := range ids {
			if err := s.record(ctx, a, "conformance.expire", "conformance_declaration", id, nil, map[string]any{"state": Expired}); err != nil {
				return err
			}
		}
		return nil
	})
}

func (s *Service) moveVersion(ctx context.Context, a *policy.Actor, id int64, to string, fn func(context.Context, *Version) error) (*Version, error) {
	if err := policy.Check(a, policy.StandardEdit, policy.Resource{}); err != nil {
		return nil, err
	}
	var out *Version
	err := s.store.WithTx(ctx, func(ctx context.Context) error {
		v, err := s.store.FindStandardVersion(ctx, id)
		if err != nil {
			return err
		}
		if !CanMoveVersion(v.Status, to) {
			return errs.E(errs.Conflict, "catalog.error.version_move", "from", v.Status, "to", to)
		}
		before := *v
		v.Status = to
		if err := fn(ctx, v); err != nil {
			return err
		}
		if err := s.store.UpdateStandardVersion(ctx, v); err != nil {
			return err
		}
		out = v
		return s.record(ctx, a, "standard.version_"+to, "standard_version", v.ID, before, v)
	})
	return out, err
}

// Link records that a need or project rests on a standard. Errors:
// Unauthenticated, Forbidden, NotFound, Invalid.
func (s *Service) Link(ctx context.Context, a *policy.Actor, standardID int64, l Link) error {
	if err := policy.Check(a, policy.StandardEdit, policy.Resource{}); err != nil {
		return err
	}
	return s.store.WithTx(ctx, func(ctx context.Context) error {
		if _, err := s.store.FindStandardByID(ctx, standardID); err != nil {
			return err
		}
		if l.Type != LinkNeed && l.Type != LinkProject {
			return errs.InvalidField("type", "catalog.error.link_type")
		}
		if l.ID <= 0 {
			return errs.InvalidField("item_id", "error.required")
		}
		if s.Links != nil {
			if _, err := s.Links(ctx, a, l.Type, l.ID); errs.Is(err, errs.NotFound) || errs.Is(err, errs.Forbidden) {
				return errs.InvalidField("item_id", "catalog.error.link_item")
			} else if err != nil {
				return err
			}
		}
		if err := s.store.AddStandardLink(ctx, standardID, l); err != nil {
			return err
		}
		return s.record(ctx, a, "standard.link", "standard", standardID, nil, l)
	})
}
