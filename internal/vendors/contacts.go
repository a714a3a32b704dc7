package vendors

import (
	"context"
	"strings"

	"github.com/samstyr/samstyr/internal/errs"
	"github.com/samstyr/samstyr/internal/policy"
)

func trim(s string) string { return strings.TrimSpace(s) }

// checkOrgs checks that every organisation of a contact exists and that a
// vendor meeting has a vendor and a state contact a state agency.
func (s *Service) checkOrgs(ctx context.Context, c *Contact) error {
	orgs, err := s.store.FindContactOrgs(ctx, c.OrgIDs)
	if err != nil {
		return err
	}
	if len(orgs) != len(c.OrgIDs) {
		return errs.InvalidField("organisations", "vendors.error.unknown_org")
	}
	want, key := policy.OrgVendor, "vendors.error.org_kind_vendor_meeting"
	if c.Kind == KindStateContact {
		want, key = policy.OrgStateAgency, "vendors.error.org_kind_state_contact"
	}
	for _, o := range orgs {
		if o.Kind == want {
			c.Orgs = orgs
			return nil
		}
	}
	return errs.InvalidField("organisations", key)
}

// dedupe removes repeated and zero ids.
func dedupe(ids []int64) []int64 {
	out := []int64{}
	seen := map[int64]bool{}
	for _, id := range ids {
		if id != 0 && !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	return out
}

// RecordContact records a vendor meeting or a state contact with its
// follow-up actions, all or nothing. Errors: Unauthenticated, Forbidden,
// Invalid (naming the field: held_on, topic, organisations, project_id,
// actions' text, owner_id, due_on).
func (s *Service) RecordContact(ctx context.Context, a *policy.Actor, c *Contact, actions []*Action) error {
	if err := policy.Check(a, policy.ContactRecord, policy.Resource{}); err != nil {
		return err
	}
	c.Normalize()
	c.OrgIDs = dedupe(c.OrgIDs)
	if err := c.Validate(); err != nil {
		return err
	}
	for _, x := range actions {
		if err := x.Validate(); err != nil {
			return err
		}
	}
	if c.ProjectID != 0 {
		name, err := s.project(ctx, a, c.ProjectID, "project_id")
		if err != nil {
			return err
		}
		c.ProjectName = name
	}
	return s.store.WithTx(ctx, func(ctx context.Context) error {
		if err := s.checkOrgs(ctx, c); err != nil {
			return err
		}
		c.CreatedBy, c.CreatedAt = a.ID(), s.Now().UTC()
		if err := s.store.CreateContact(ctx, c); err != nil {
			return err
		}
		if err := s.record(ctx, a, "contact.record", "contact", c.ID, nil, c); err != nil {
			return err
		}
		for _, x := range actions {
			if err := s.addAction(ctx, a, c, x); err != nil {
				return err
			}
		}
		c.Actions = actions
		return nil
	})
}

func (s *Service) addAction(ctx context.Context, a *policy.Actor, c *Contact, x *Action) error {
	ok, err := s.store.PersonExists(ctx, x.OwnerID)
	if err != nil {
		return err
	}
	if !ok {
		return errs.InvalidField("owner_id", "vendors.error.owner_required")
	}
	x.ContactID, x.State = c.ID, ActionOpen
	if err := s.store.CreateContactAction(ctx, x); err != nil {
		return err
	}
	return s.record(ctx, a, "contact.action_add", "contact", c.ID, nil, x)
}

// AddAction adds a follow-up action to a contact. Errors: Unauthenticated,
// Forbidden, NotFound, Invalid.
func (s *Service) AddAction(ctx context.Context, a *policy.Actor, contactID int64, x *Action) error {
	if err := policy.Check(a, policy.ContactRecord, policy.Resource{}); err != nil {
		return err
	}
	if err := x.Validate(); err != nil {
		return err
	}
	return s.store.WithTx(ctx, func(ctx context.Context) error {
		c, err := s.store.FindContactByID(ctx, contactID)
		if err != nil {
			return err
		}
		return s.addAction(ctx, a, c, x)
	})
}

// CloseAction marks a follow-up action done: the secretariat or the
// action's owner. Errors: Unauthenticated, Forbidden, NotFound, Conflict
// (already done).
func (s *Service) CloseAction(ctx context.Context, a *policy.Actor, id int64) (*Action, error) {
	var x *Action
	err := s.store.WithTx(ctx, func(ctx context.Context) error {
		var err error
		if x, err = s.store.FindContactAction(ctx, id); err != nil {
			return err
		}
		if err := policy.Check(a, policy.ContactClose, policy.Resource{OwnerID: x.OwnerID}); err != nil {
			return err
		}
		if x.State != ActionOpen {
			return errs.E(errs.Conflict, "vendors.error.action_done")
		}
		before := *x
		x.State, x.DoneBy, x.DoneAt = ActionDone, a.ID(), s.Now().UTC()
		if err := s.store.CloseContactAction(ctx, x); err != nil {
			return err
		}
		return s.record(ctx, a, "contact.action_close", "contact", x.ContactID, before, x)
	})
	return x, err
}

// Contacts lists the contact log, newest first. Errors: Unauthenticated,
// Forbidden.
func (s *Service) Contacts(ctx context.Context, a *policy.Actor, f Filter) ([]*Contact, error) {
	if err := policy.Check(a, policy.ContactList, policy.Resource{}); err != nil {
		return nil, err
	}
	return s.store.FindContacts(ctx, f)
}

// Contact returns one contact with its organisations and actions.
// Errors: Unauthenticated, Forbidden, NotFound.
func (s *Service) Contact(ctx context.Context, a *policy.Actor, id int64) (*Contact, error) {
	if err := policy.Check(a, policy.ContactView, policy.Resource{}); err != nil {
		return nil, err
	}
	return s.store.FindContactByID(ctx, id)
}

// MyActions returns the actor's open follow-up actions due within the
// next days (and overdue ones), for the account page.
func (s *Service) MyActions(ctx context.Context, a *policy.Actor, days int) ([]*Action, error) {
	if err := policy.Check(a, policy.PersonSelf, policy.Resource{}); err != nil {
		return nil, err
	}
	return s.store.FindOpenContactActions(ctx, a.ID(), s.Now().UTC().AddDate(0, 0, days))
}
