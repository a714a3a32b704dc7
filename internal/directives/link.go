package directives

import (
	"context"

	"github.com/samstyr/samstyr/internal/i18n"
	"github.com/samstyr/samstyr/internal/policy"
)

// CaseVersion is the version a case about the directive concerns: the
// recommended one once the user council recommended it, otherwise the
// latest.
func (d *Directive) CaseVersion() int64 {
	if d.RecommendedVersion > 0 && (d.State == Recommended || d.State == Approved || d.State == Rejected) {
		return d.RecommendedVersion
	}
	return d.Version
}

// LinkToCase runs when a case links the directive (inside the link's
// transaction; internal/meetings checked that the actor manages the case
// and may see the directive): the version the case concerns is frozen,
// an edit of it is refused from now on, and its document is returned to
// be attached as the case paper. Errors: NotFound.
func (s *Service) LinkToCase(ctx context.Context, a *policy.Actor, id, caseID int64, caseNumber string, p *i18n.Printer) (name string, doc []byte, err error) {
	err = s.store.WithTx(ctx, func(ctx context.Context) error {
		d, err := s.load(ctx, a, id)
		if err != nil {
			return err
		}
		v, err := s.store.FindDirectiveVersion(ctx, id, d.CaseVersion())
		if err != nil {
			return err
		}
		if !v.Frozen {
			v.Frozen = true
			if err := s.store.UpdateDirectiveVersion(ctx, v); err != nil {
				return err
			}
			if err := s.record(ctx, a, "directive.version.freeze", "directive", id, map[string]any{"version": v.Number, "frozen": false},
				map[string]any{"version": v.Number, "frozen": true, "case_id": caseID, "case": caseNumber}); err != nil {
				return err
			}
		}
		if d, err = s.withDecisions(ctx, d); err != nil {
			return err
		}
		name = PDFName(d, v.Number)
		doc, err = s.directivePDF(ctx, d, v, p, true)
		return err
	})
	return name, doc, err
}

// MandateForCase returns the concept mandate's document to attach as the
// case paper when a case links the idea. Errors: NotFound.
func (s *Service) MandateForCase(ctx context.Context, a *policy.Actor, id int64, p *i18n.Printer) (name string, doc []byte, err error) {
	i, err := s.Idea(ctx, a, id)
	if err != nil {
		return "", nil, err
	}
	doc, err = s.mandatePDF(i, p)
	return MandatePDFName(i), doc, err
}
