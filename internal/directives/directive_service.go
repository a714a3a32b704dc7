package directives

import (
	"context"
	"strings"

	"github.com/samstyr/samstyr/internal/errs"
	"github.com/samstyr/samstyr/internal/governance"
	"github.com/samstyr/samstyr/internal/policy"
)

func directiveRes(d *Directive) policy.Resource {
	return policy.Resource{State: d.State, Public: d.State == Approved, OwnerID: d.ManagerID}
}

// load returns a directive the actor may read; a draft they may not read
// is NotFound (they may not know it exists).
func (s *Service) load(ctx context.Context, a *policy.Actor, id int64) (*Directive, error) {
	d, err := s.store.FindDirectiveByID(ctx, id)
	if err != nil {
		return nil, err
	}
	if !policy.Can(a, policy.DirectiveView, directiveRes(d)) {
		return nil, notFound("directive", id)
	}
	return d, nil
}

// MayEdit reports whether the actor may draft directives (for pages that
// parse numbers before the service).
func (s *Service) MayEdit(a *policy.Actor) bool {
	return policy.Can(a, policy.DirectiveEdit, policy.Resource{})
}

// CreateDirective drafts the directive of an idea in its concept phase,
// as version 1. Errors: Forbidden, Unauthenticated, NotFound (the idea),
// Conflict (the idea is not in the concept phase, or has a directive),
// Invalid.
func (s *Service) CreateDirective(ctx context.Context, a *policy.Actor, d *Directive, c *Content) error {
	if err := policy.Check(a, policy.DirectiveEdit, policy.Resource{}); err != nil {
		return err
	}
	return s.store.WithTx(ctx, func(ctx context.Context) error {
		i, err := s.store.FindIdeaByID(ctx, d.IdeaID)
		if errs.Is(err, errs.NotFound) {
			return errs.InvalidField("idea_id", "directive.error.idea")
		}
		if err != nil {
			return err
		}
		if i.State != IdeaConcept {
			return errs.E(errs.Conflict, "directive.error.idea_not_concept")
		}
		if ds, err := s.store.FindDirectives(ctx, DirectiveFilter{IdeaID: i.ID}); err != nil {
			return err
		} else if len(ds) > 0 {
			return errs.E(errs.Conflict, "directive.error.exists")
		}
		if len(c.Standards) == 0 { // standards to follow: the needs' own, unless given
			if c.Standards, err = s.standardsOf(ctx, i); err != nil {
				return err
			}
		}
		d.Title = strings.TrimSpace(d.Title)
		if d.Title == "" {
			d.Title = i.Title
		}
		if err := s.checkContent(ctx, c); err != nil {
			return err
		}
		d.State, d.Version, d.ManagerID, d.CreatedBy = Draft, 1, c.ManagerID, a.ID()
		if err := s.store.CreateDirective(ctx, d); err != nil {
			return err
		}
		v := &Version{DirectiveID: d.ID, Number: 1, Content: *c, CreatedBy: a.ID()}
		if err := s.store.CreateDirectiveVersion(ctx, v); err != nil {
			return err
		}
		return s.record(ctx, a, "directive.create", "directive", d.ID, nil, map[string]any{"directive": d, "version": v})
	})
}

// checkContent normalises and validates a version's content, and checks
// that the people it names (by id: picked from a search on the page)
// exist.
func (s *Service) checkContent(ctx context.Context, c *Content) error {
	c.Normalize()
	var v errs.Validation
	c.Check(&v)
	check := func(field string, id int64) error {
		if id == 0 {
			return nil
		}
		ok, err := s.store.PersonExists(ctx, id)
		if err == nil && !ok {
			v.Add(field, "error.reference")
		}
		return err
	}
	if err := check("owner_id", c.OwnerID); err != nil {
		return err
	}
	if err := check("manager_id", c.ManagerID); err != nil {
		return err
	}
	for _, id := range c.SteeringIDs {
		if err := check("steering_ids", id); err != nil {
			return err
		}
	}
	return v.Err()
}

// People returns the names and e-mail addresses of the people a version
// names (owner, manager, steering group), for its page and form; only for
// those who may read the drafts.
func (s *Service) People(ctx context.Context, a *policy.Actor, c *Content) (map[int64]Person, error) {
	out := map[int64]Person{}
	ids := []int64{c.OwnerID, c.ManagerID}
	if policy.Can(a, policy.DirectiveView, policy.Resource{}) {
		ids = append(ids, c.SteeringIDs...)
	}
	for _, id := range ids {
		if id == 0 {
			continue
		}
		name, email, err := s.store.PersonContact(ctx, id)
		if errs.Is(err, errs.NotFound) {
			continue // a form shown again with a person who does not exist
		}
		if err != nil {
			return nil, err
		}
		if !policy.Can(a, policy.DirectiveEdit, policy.Resource{}) {
			email = ""
		}
		out[id] = Person{Name: name, Email: email}
	}
	return out, nil
}

// Person is a person a directive names.
type Person struct {
	Name  string
	Email string
}

// UpdateDraft changes the content of the directive's draft version n.
// Errors: Forbidden, NotFound, Conflict (not a draft, not the latest
// version, or frozen), Invalid.
func (s *Service) UpdateDraft(ctx context.Context, a *policy.Actor, id, n int64, c *Content) error {
	if err := policy.Check(a, policy.DirectiveEdit, policy.Resource{}); err != nil {
		return err
	}
	return s.store.WithTx(ctx, func(ctx context.Context) error {
		d, err := s.load(ctx, a, id)
		if err != nil {
			return err
		}
		v, err := s.store.FindDirectiveVersion(ctx, id, n)
		if err != nil {
			return err
		}
		if v.Frozen || d.State != Draft || n != d.Version {
			return conflictField("version", "directive.error.frozen")
		}
		if err := s.checkContent(ctx, c); err != nil {
			return err
		}
		before := *v
		v.Content = *c
		if err := s.store.UpdateDirectiveVersion(ctx, v); err != nil {
			return err
		}
		if d.ManagerID != c.ManagerID {
			d.ManagerID = c.ManagerID
			if err := s.store.UpdateDirective(ctx, d); err != nil {
				return err
			}
		}
		return s.record(ctx, a, "directive.version.update", "directive", id, before, v)
	})
}

// NewVersion starts a new draft version as a copy of the latest: after
// the strategic council sent the directive back (revise → draft), or
// while drafting, which freezes the version before. Errors: Forbidden,
// NotFound, Conflict (recommended, approved or rejected).
func (s *Service) NewVersion(ctx context.Context, a *policy.Actor, id int64) (*Version, error) {
	if err := policy.Check(a, policy.DirectiveEdit, policy.Resource{}); err != nil {
		return nil, err
	}
	var nv *Version
	err := s.store.WithTx(ctx, func(ctx context.Context) error {
		d, err := s.load(ctx, a, id)
		if err != nil {
			return err
		}
		if !CanMove(d.State, Draft) {
			return errs.E(errs.Conflict, "directive.error.move", "from", d.State, "to", Draft)
		}
		last, err := s.store.FindDirectiveVersion(ctx, id, d.Version)
		if err != nil {
			return err
		}
		if !last.Frozen {
			last.Frozen = true
			if err := s.store.UpdateDirectiveVersion(ctx, last); err != nil {
				return err
			}
		}
		before := *d
		d.State, d.Version = Draft, d.Version+1
		nv = &Version{DirectiveID: id, Number: d.Version, Content: last.Content, CreatedBy: a.ID()}
		if err := s.store.CreateDirectiveVersion(ctx, nv); err != nil {
			return err
		}
		if err := s.store.UpdateDirective(ctx, d); err != nil {
			return err
		}
		return s.record(ctx, a, "directive.version.create", "directive", id, before, d)
	})
	return nv, err
}

// Directive returns a directive with its decisions. Errors: NotFound
// (also a draft the actor may not read).
func (s *Service) Directive(ctx context.Context, a *policy.Actor, id int64) (*Directive, error) {
	d, err := s.load(ctx, a, id)
	if err != nil {
		return nil, err
	}
	return s.withDecisions(ctx, d)
}

// withDecisions fills in the references of a directive's decisions.
func (s *Service) withDecisions(ctx context.Context, d *Directive) (*Directive, error) {
	var err error
	for _, p := range []struct {
		id  int64
		ref **governance.DecisionRef
	}{{d.RecommendDecisionID, &d.RecommendDecision}, {d.ApproveDecisionID, &d.ApproveDecision}, {d.ReturnDecisionID, &d.ReturnDecision}} {
		if *p.ref, err = s.ref(ctx, p.id); err != nil {
			return nil, err
		}
	}
	return d, nil
}

// Directives lists the directives the actor may see: all for their
// readers, otherwise the approved ones and those naming the actor as
// project manager (filtered in SQL).
func (s *Service) Directives(ctx context.Context, a *policy.Actor, f DirectiveFilter) ([]*Directive, error) {
	if err := policy.Check(a, policy.DirectiveList, policy.Resource{}); err != nil {
		return nil, err
	}
	f.Public = !policy.Can(a, policy.DirectiveView, policy.Resource{})
	f.ManagerID = a.ID()
	return s.store.FindDirectives(ctx, f)
}

// Version returns version n of a directive the actor may read; the
// public reads only the approved version. Errors: NotFound.
func (s *Service) Version(ctx context.Context, a *policy.Actor, id, n int64) (*Version, error) {
	d, err := s.load(ctx, a, id)
	if err != nil {
		return nil, err
	}
	if !s.mayReadVersions(a, d) && n != d.ApprovedVersion {
		return nil, notFound("directive_version", n)
	}
	return s.store.FindDirectiveVersion(ctx, id, n)
}

// mayReadVersions: readers of drafts see every version; the public the
// approved one.
func (s *Service) mayReadVersions(a *policy.Actor, d *Directive) bool {
	r := directiveRes(d)
	r.Public = false
	return policy.Can(a, policy.DirectiveView, r)
}

// Versions lists a directive's versions as the actor may read them.
func (s *Service) Versions(ctx context.Context, a *policy.Actor, id int64) ([]*Version, error) {
	d, err := s.load(ctx, a, id)
	if err != nil {
		return nil, err
	}
	vs, err := s.store.FindDirectiveVersions(ctx, id)
	if err != nil || s.mayReadVersions(a, d) {
		return vs, err
	}
	out := []*Version{}
	for _, v := range vs {
		if v.Number == d.ApprovedVersion {
			out = append(out, v)
		}
	}
	return out, nil
}

// Diff compares two versions of a directive field by field. Errors:
// NotFound.
func (s *Service) Diff(ctx context.Context, a *policy.Actor, id, from, to int64) ([]Change, error) {
	va, err := s.Version(ctx, a, id, from)
	if err != nil {
		return nil, err
	}
	vb, err := s.Version(ctx, a, id, to)
	if err != nil {
		return nil, err
	}
	return Diff(va.Content, vb.Content), nil
}

// Projects lists the projects (public). Errors: none beyond storage.
func (s *Service) Projects(ctx context.Context, a *policy.Actor) ([]*Project, error) {
	if err := policy.Check(a, policy.ProjectList, policy.Resource{}); err != nil {
		return nil, err
	}
	return s.store.FindProjects(ctx)
}

// Project returns a project with its approving decision, budget, needs
// and backing organisations. Errors: NotFound.
func (s *Service) Project(ctx context.Context, a *policy.Actor, id int64) (*Project, error) {
	if err := policy.Check(a, policy.ProjectView, policy.Resource{}); err != nil {
		return nil, err
	}
	p, err := s.store.FindProjectByID(ctx, id)
	if err != nil {
		return nil, err
	}
	p.Decision, err = s.ref(ctx, p.DecisionID)
	return p, err
}
