package vendors

import (
	"context"
	"time"

	"github.com/samstyr/samstyr/internal/audit"
	"github.com/samstyr/samstyr/internal/errs"
	"github.com/samstyr/samstyr/internal/policy"
)

// Store is the storage the vendor register and the contact log need
// (internal/store).
type Store interface {
	WithTx(ctx context.Context, fn func(ctx context.Context) error) error
	Record(ctx context.Context, e audit.Entry) error

	FindVendors(ctx context.Context, f VendorFilter) ([]*Vendor, error)
	// FindVendorByID returns a vendor with its products and declarations
	// (all of them when all is true, else the verified ones); NotFound
	// when the organisation is no vendor.
	FindVendorByID(ctx context.Context, id int64, all bool) (*Vendor, error)
	FindVendorPeople(ctx context.Context, orgID int64) ([]*Person, error)
	CreateVendorPerson(ctx context.Context, p *Person) error
	FindVendorProjects(ctx context.Context, orgID int64) ([]*ProjectLink, error)
	LinkVendorProject(ctx context.Context, l *ProjectLink) error

	FindContactOrgs(ctx context.Context, ids []int64) ([]Org, error)
	PersonExists(ctx context.Context, id int64) (bool, error)
	CreateContact(ctx context.Context, c *Contact) error
	FindContactByID(ctx context.Context, id int64) (*Contact, error)
	FindContacts(ctx context.Context, f Filter) ([]*Contact, error)
	CreateContactAction(ctx context.Context, x *Action) error
	FindContactAction(ctx context.Context, id int64) (*Action, error)
	// CloseContactAction marks an open action done; Conflict when it is
	// no longer open (a concurrent writer closed it first).
	CloseContactAction(ctx context.Context, x *Action) error
	FindOpenContactActions(ctx context.Context, ownerID int64, dueBefore time.Time) ([]*Action, error)
}

// ProjectChecker returns the name of a project the actor may see
// (NotFound or Forbidden otherwise).
type ProjectChecker func(ctx context.Context, a *policy.Actor, id int64) (string, error)

// Service is the vendor register's and the contact log's use cases.
type Service struct {
	store    Store
	Projects ProjectChecker
	Now      func() time.Time
}

// NewService returns the service over a store.
func NewService(s Store) *Service { return &Service{store: s, Now: time.Now} }

func (s *Service) record(ctx context.Context, a *policy.Actor, action, typ string, id int64, before, after any) error {
	return s.store.Record(ctx, audit.Entry{ActorID: a.ID(), Action: action, ObjectType: typ, ObjectID: id, Before: before, After: after})
}

// Vendors lists the register: names and products (public).
func (s *Service) Vendors(ctx context.Context, a *policy.Actor, f VendorFilter) ([]*Vendor, error) {
	if err := policy.Check(a, policy.VendorList, policy.Resource{}); err != nil {
		return nil, err
	}
	return s.store.FindVendors(ctx, f)
}

// Vendor returns one vendor: name, products and verified declarations for
// everyone; contacts, all declarations, projects and meetings for those
// who may see the details. Errors: NotFound.
func (s *Service) Vendor(ctx context.Context, a *policy.Actor, id int64) (*Vendor, error) {
	if err := policy.Check(a, policy.VendorView, policy.Resource{}); err != nil {
		return nil, err
	}
	details := policy.Can(a, policy.VendorDetails, policy.Resource{OrgID: id})
	v, err := s.store.FindVendorByID(ctx, id, details)
	if err != nil || !details {
		return v, err
	}
	v.Details = true
	if v.People, err = s.store.FindVendorPeople(ctx, id); err != nil {
		return nil, err
	}
	if v.Projects, err = s.store.FindVendorProjects(ctx, id); err != nil {
		return nil, err
	}
	if v.Contacts, err = s.store.FindContacts(ctx, Filter{OrgID: id}); err != nil {
		return nil, err
	}
	return v, nil
}

// vendorOrg checks that id names a vendor (field names the form field).
func (s *Service) vendorOrg(ctx context.Context, id int64, field string) error {
	orgs, err := s.store.FindContactOrgs(ctx, []int64{id})
	if err != nil {
		return err
	}
	if len(orgs) != 1 || orgs[0].Kind != policy.OrgVendor {
		return errs.InvalidField(field, "vendors.error.unknown_vendor")
	}
	return nil
}

// AddPerson adds a contact person to a vendor. Errors: Unauthenticated,
// Forbidden, Invalid.
func (s *Service) AddPerson(ctx context.Context, a *policy.Actor, p *Person) error {
	if err := policy.Check(a, policy.VendorManage, policy.Resource{OrgID: p.OrgID}); err != nil {
		return err
	}
	p.Normalize()
	if err := p.Validate(); err != nil {
		return err
	}
	return s.store.WithTx(ctx, func(ctx context.Context) error {
		if err := s.vendorOrg(ctx, p.OrgID, "org_id"); err != nil {
			return err
		}
		p.CreatedAt = s.Now().UTC()
		if err := s.store.CreateVendorPerson(ctx, p); err != nil {
			return err
		}
		return s.record(ctx, a, "vendor.contact_add", "organisation", p.OrgID, nil, p)
	})
}

// LinkProject records that a vendor takes part in a project with a role
// (a second link replaces the role). Errors: Unauthenticated, Forbidden,
// Invalid.
func (s *Service) LinkProject(ctx context.Context, a *policy.Actor, l *ProjectLink) error {
	if err := policy.Check(a, policy.VendorManage, policy.Resource{OrgID: l.OrgID}); err != nil {
		return err
	}
	if l.Role = trim(l.Role); l.Role == "" {
		return errs.InvalidField("role", "vendors.error.role_required")
	}
	if err := text("role", l.Role, MaxName); err != nil {
		return err
	}
	name, err := s.project(ctx, a, l.ProjectID, "project_id")
	if err != nil {
		return err
	}
	l.ProjectName = name
	return s.store.WithTx(ctx, func(ctx context.Context) error {
		if err := s.vendorOrg(ctx, l.OrgID, "org_id"); err != nil {
			return err
		}
		if err := s.store.LinkVendorProject(ctx, l); err != nil {
			return err
		}
		return s.record(ctx, a, "vendor.project_link", "organisation", l.OrgID, nil, l)
	})
}

// project returns the name of a project the actor may see, or an Invalid
// error naming field.
func (s *Service) project(ctx context.Context, a *policy.Actor, id int64, field string) (string, error) {
	if id == 0 || s.Projects == nil {
		return "", errs.InvalidField(field, "vendors.error.unknown_project")
	}
	name, err := s.Projects(ctx, a, id)
	if errs.Is(err, errs.NotFound) || errs.Is(err, errs.Forbidden) {
		return "", errs.InvalidField(field, "vendors.error.unknown_project")
	}
	return name, err
}
