package directives

import (
	"context"

	"github.com/samstyr/samstyr/internal/errs"
	"github.com/samstyr/samstyr/internal/policy"
)

// UpdateMandate changes an idea's concept-phase mandate while the idea
// waits for the user council or is in the concept phase; once the
// directive is approved (the idea became a project) the mandate is a
// record and read-only. Errors: Forbidden, Unauthenticated, NotFound,
// Conflict (the idea is a project), Invalid (mandate.* fields).
func (s *Service) UpdateMandate(ctx context.Context, a *policy.Actor, id int64, m *Mandate) error {
	if err := policy.Check(a, policy.IdeaUpdate, policy.Resource{}); err != nil {
		return err
	}
	return s.store.WithTx(ctx, func(ctx context.Context) error {
		i, err := s.store.FindIdeaByID(ctx, id)
		if err != nil {
			return err
		}
		if i.State != IdeaIdea && i.State != IdeaConcept {
			return errs.E(errs.Conflict, "idea.error.mandate_closed")
		}
		before := i.Mandate
		i.Mandate = *m
		i.Normalize()
		if err := i.Validate(); err != nil {
			return err
		}
		if err := s.store.UpdateIdea(ctx, i); err != nil {
			return err
		}
		*m = i.Mandate
		return s.record(ctx, a, "idea.mandate.update", "idea", i.ID, map[string]any{"mandate": before}, map[string]any{"mandate": i.Mandate, "state": i.State})
	})
}

// MayEditMandate reports whether the actor may edit the idea's mandate now.
func (s *Service) MayEditMandate(a *policy.Actor, i *Idea) bool {
	return policy.Can(a, policy.IdeaUpdate, policy.Resource{}) && (i.State == IdeaIdea || i.State == IdeaConcept)
}
