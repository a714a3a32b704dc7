package catalog

import (
	"context"
	"strings"

	"github.com/samstyr/samstyr/internal/errs"
	"github.com/samstyr/samstyr/internal/needs"
	"github.com/samstyr/samstyr/internal/policy"
)

// Declarations lists declarations: the public sees the verified ones, a
// vendor also its own, the secretariat all (filtered in SQL).
func (s *Service) Declarations(ctx context.Context, a *policy.Actor, f DeclarationFilter) ([]*Declaration, error) {
	if err := policy.Check(a, policy.ConformanceList, policy.Resource{}); err != nil {
		return nil, err
	}
	f.Public, f.VendorID = true, 0
	if a != nil && a.System || a.HasAny(policy.Secretariat, policy.Admin) {
		f.Public = false
	} else if a.Has(policy.Vendor) {
		f.VendorID = a.OrgID
	}
	return s.store.FindDeclarations(ctx, f)
}

// VerifiedCounts returns the number of verified declarations per standard
// version (public: verified declarations are).
func (s *Service) VerifiedCounts(ctx context.Context, a *policy.Actor) (map[int64]int, error) {
	if err := policy.Check(a, policy.ConformanceList, policy.Resource{}); err != nil {
		return nil, err
	}
	return s.store.CountVerifiedDeclarations(ctx)
}

// Declare records that a product version conforms to a standard version.
// A vendor declares for its own organisation; the secretariat names the
// vendor. A retired standard version takes no declarations (Invalid).
// Errors: Unauthenticated, Forbidden, Invalid.
func (s *Service) Declare(ctx context.Context, a *policy.Actor, d *Declaration) error {
	if err := policy.Check(a, policy.ConformanceDeclare, policy.Resource{}); err != nil {
		return err
	}
	if a.Has(policy.Vendor) && !a.Has(policy.Secretariat) {
		d.VendorID = a.OrgID
	}
	d.Normalize()
	err := d.Validate()
	if d.EvidenceName != "" || len(d.EvidenceData) > 0 {
		f := &needs.Attachment{Name: d.EvidenceName, Data: d.EvidenceData}
		if ferr := needs.CheckAttachment(f); ferr != nil {
			if err == nil {
				err = errs.InvalidField("evidence_file", "catalog.error.file")
			} else {
				errs.As(err).Fields = append(errs.As(err).Fields, errs.FieldError{Field: "evidence_file", Key: "catalog.error.file"})
			}
		}
		d.EvidenceName, d.EvidenceType, d.EvidenceSize = f.Name, f.ContentType, f.Size
	}
	if err != nil {
		return err
	}
	return s.store.WithTx(ctx, func(ctx context.Context) error {
		kind, err := s.store.OrganisationKind(ctx, d.VendorID)
		if errs.Is(err, errs.NotFound) || err == nil && kind != policy.OrgVendor {
			return errs.InvalidField("vendor_id", "catalog.error.vendor")
		}
		if err != nil {
			return err
		}
		v, err := s.store.FindStandardVersion(ctx, d.StandardVersionID)
		if errs.Is(err, errs.NotFound) {
			return errs.InvalidField("standard_version_id", "catalog.error.version")
		}
		if err != nil {
			return err
		}
		if v.Status == Retired {
			return errs.InvalidField("standard_version_id", "catalog.error.version_retired")
		}
		d.State, d.Reason, d.DeclaredBy, d.DeclaredAt = Declared, "", a.ID(), s.Now()
		d.DecidedBy, d.StandardLabel = 0, v.Label()
		if err := s.store.CreateDeclaration(ctx, d); err != nil {
			return err
		}
		return s.record(ctx, a, "conformance.declare", "conformance_declaration", d.ID, nil, d)
	})
}

// Verify accepts a declared declaration. Errors: Unauthenticated,
// Forbidden, NotFound, Conflict (not waiting).
func (s *Service) Verify(ctx context.Context, a *policy.Actor, id int64) (*Declaration, error) {
	return s.decide(ctx, a, id, Verified, "")
}

// Reject refuses a declared declaration with a reason. Errors:
// Unauthenticated, Forbidden, NotFound, Conflict (not waiting), Invalid
// (no reason).
func (s *Service) Reject(ctx context.Context, a *policy.Actor, id int64, reason string) (*Declaration, error) {
	return s.decide(ctx, a, id, Rejected, strings.TrimSpace(reason))
}

func (s *Service) decide(ctx context.Context, a *policy.Actor, id int64, to, reason string) (*Declaration, error) {
	if err := policy.Check(a, policy.ConformanceVerify, policy.Resource{}); err != nil {
		return nil, err
	}
	var out *Declaration
	err := s.store.WithTx(ctx, func(ctx context.Context) error {
		d, err := s.store.FindDeclarationByID(ctx, id)
		if err != nil {
			return err
		}
		if d.State != Declared {
			return errs.E(errs.Conflict, "catalog.error.not_declared")
		}
		if to == Rejected && reason == "" {
			return errs.InvalidField("reason", "error.required")
		}
		if len(reason) > 2000 {
			return errs.InvalidField("reason", "catalog.error.too_long", "max", 2000)
		}
		before := *d
		d.State, d.Reason, d.DecidedBy, d.DecidedAt = to, reason, a.ID(), s.Now()
		if err := s.store.UpdateDeclaration(ctx, d); err != nil {
			return err
		}
		out = d
		return s.record(ctx, a, "conformance."+map[string]string{Verified: "verify", Rejected: "reject"}[to], "conformance_declaration", d.ID, before, d)
	})
	return out, err
}

// Evidence returns a declaration with its evidence file, to whoever may
// see the declaration (verified ones: everyone; others: the vendor and the
// secretariat). Errors: NotFound (also for a declaration the actor may
// not see, or one without a file).
func (s *Service) Evidence(ctx context.Context, a *policy.Actor, id int64) (*Declaration, error) {
	if err := policy.Check(a, policy.ConformanceList, policy.Resource{}); err != nil {
		return nil, err
	}
	d, err := s.store.FindDeclarationEvidence(ctx, id)
	if err != nil {
		return nil, err
	}
	mine := a.Has(policy.Vendor) && a.OrgID == d.VendorID
	if d.State != Verified && !mine && !(a != nil && a.System) && !a.HasAny(policy.Secretariat, policy.Admin) || len(d.EvidenceData) == 0 {
		return nil, errs.E(errs.NotFound, "error.not_found")
	}
	return d, nil
}
