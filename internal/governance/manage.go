package governance

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/samstyr/samstyr/internal/audit"
	"github.com/samstyr/samstyr/internal/errs"
	"github.com/samstyr/samstyr/internal/policy"
)

// Sectors a seat belongs to.
var Sectors = []string{"municipal", "state", "other"}

// Membership states. A membership of the user council starts proposed and
// becomes active only through a decision of the strategic council.
const (
	StatusProposed = "proposed"
	StatusActive   = "active"
	StatusEnded    = "ended"
	StatusResigned = "resigned"
	StatusReplaced = "replaced"
	StatusRejected = "rejected"
)

// EndStates are the states a membership can be ended with.
var EndStates = []string{StatusEnded, StatusResigned, StatusReplaced}

// DecisionRef says which decision made something: the case number, the
// body and the meeting, so an item can show "approved by decision in case
// 12/26, KommIT-rådet, meeting 3 March 2026".
type DecisionRef struct {
	DecisionID   int64     `json:"decision_id"`
	CaseID       int64     `json:"case_id"`
	Case         string    `json:"case_number"`
	BodyID       int64     `json:"body_id"`
	BodyName     string    `json:"body_name"`
	BodyNameNN   string    `json:"-"`
	BodyNameEN   string    `json:"-"`
	MeetingID    int64     `json:"meeting_id"`
	MeetingStart time.Time `json:"meeting_start"`
}

// Name returns the deciding body's name in the language given.
func (d *DecisionRef) Name(lang string) string {
	switch lang {
	case "nn":
		return d.BodyNameNN
	case "en":
		return d.BodyNameEN
	}
	return d.BodyName
}

// String is a language-neutral reference ("12/26 KommIT-rådet
// 2026-03-03") for audit entries and other areas' records.
func (d *DecisionRef) String() string {
	return fmt.Sprintf("%s %s %s", d.Case, d.BodyName, d.MeetingStart.Format(time.DateOnly))
}

var reSlug = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`) })

// Normalize trims the body's texts and makes a slug from the name when
// none is given.
func (b *Body) Normalize() {
	for _, p := range []*string{&b.NameNB, &b.NameNN, &b.NameEN, &b.ShortName, &b.Mandate, &b.FinancingSource, &b.Slug} {
		*p = strings.TrimSpace(*p)
	}
	if b.NameNN == "" {
		b.NameNN = b.NameNB
	}
	if b.NameEN == "" {
		b.NameEN = b.NameNB
	}
	if b.Slug == "" {
		b.Slug = Slugify(b.NameNB)
	}
}

// Slugify makes a URL name: lower case, Norwegian letters spelled out.
func Slugify(s string) string {
	s = strings.NewReplacer("æ", "ae", "ø", "o", "å", "a", "Æ", "ae", "Ø", "o", "Å", "a").Replace(strings.ToLower(s))
	var b strings.Builder
	dash := false
	for _, r := range s {
		if (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') {
			b.WriteRune(r)
			dash = false
		} else if !dash && b.Len() > 0 {
			b.WriteByte('-')
			dash = true
		}
	}
	out := strings.TrimSuffix(b.String(), "-")
	if len(out) > 60 {
		out = strings.TrimSuffix(out[:60], "-")
	}
	return out
}

// Validate checks a body's fields.
func (b *Body) Validate() error {
	var v errs.Validation
	if !slices.Contains(BodyKinds, b.Kind) {
		v.Add("kind", "body.error.kind")
	}
	if b.NameNB == "" {
		v.Add("name_nb", "error.required")
	}
	for f, s := range map[string]string{"name_nb": b.NameNB, "name_nn": b.NameNN, "name_en": b.NameEN} {
		if len([]rune(s)) > 200 {
			v.Add(f, "error.too_long", "max", 200)
		}
	}
	if !reSlug().MatchString(b.Slug) {
		v.Add("slug", "body.error.slug")
	}
	if len([]rune(b.Mandate)) > 20000 {
		v.Add("mandate", "error.too_long", "max", 20000)
	}
	if b.FinancingNOK < 0 {
		v.Add("financing_nok", "error.not_negative")
	}
	if b.FinancingNOK > 0 && b.FinancingSource == "" {
		v.Add("financing_source", "body.error.financing_source")
	}
	if !b.PeriodFrom.IsZero() && !b.PeriodTo.IsZero() && b.PeriodTo.Before(b.PeriodFrom) {
		v.Add("period_to", "body.error.period")
	}
	if b.Kind == policy.BodyWorkingGroup && b.Mandate == "" {
		v.Add("mandate", "body.error.mandate")
	}
	if b.ID != 0 && b.ParentID == b.ID {
		v.Add("parent_id", "body.error.parent_self")
	}
	return v.Err()
}

// CreateBody adds a body. A working group is created inactive under the
// user council: it is appointed by a decision of the user council (see
// AppointWorkingGroups). Errors: Forbidden, Invalid, Conflict (slug taken).
func (s *Service) CreateBody(ctx context.Context, a *policy.Actor, b *Body) error {
	if err := policy.Check(a, policy.BodyCreate, policy.Resource{}); err != nil {
		return err
	}
	b.Normalize()
	b.Active = b.Kind != policy.BodyWorkingGroup
	b.DecisionID = 0
	if err := b.Validate(); err != nil {
		return err
	}
	return s.store.WithTx(ctx, func(ctx context.Context) error {
		if err := s.checkRelations(ctx, b); err != nil {
			return err
		}
		if err := s.store.CreateBody(ctx, b); err != nil {
			return slugConflict(err)
		}
		return s.store.Record(ctx, audit.Entry{ActorID: a.ID(), Action: "body.create", ObjectType: "body", ObjectID: b.ID, After: b})
	})
}

// UpdateBody changes a body's names, mandate, parent, secretariat and (for
// working groups) financing and period. The kind, the slug, the appointing
// decision and whether it is active do not change here. Errors: Forbidden,
// NotFound, Invalid.
func (s *Service) UpdateBody(ctx context.Context, a *policy.Actor, b *Body) error {
	if err := policy.Check(a, policy.BodyUpdate, policy.Resource{BodyID: b.ID}); err != nil {
		return err
	}
	return s.store.WithTx(ctx, func(ctx context.Context) error {
		before, err := s.store.FindBodyByID(ctx, b.ID)
		if err != nil {
			return err
		}
		b.Kind, b.Slug, b.Active, b.DecisionID, b.CreatedAt = before.Kind, before.Slug, before.Active, before.DecisionID, before.CreatedAt
		b.Normalize()
		if err := b.Validate(); err != nil {
			return err
		}
		if err := s.checkRelations(ctx, b); err != nil {
			return err
		}
		if err := s.store.UpdateBody(ctx, b); err != nil {
			return err
		}
		return s.store.Record(ctx, audit.Entry{ActorID: a.ID(), Action: "body.update", ObjectType: "body", ObjectID: b.ID, Before: before, After: b})
	})
}

// checkRelations checks that the parent and secretariat exist and that the
// parent chain has no loop.
func (s *Service) checkRelations(ctx context.Context, b *Body) error {
	var v errs.Validation
	if b.Kind == policy.BodyWorkingGroup && b.ParentID == 0 {
		uc, err := s.bodyOfKind(ctx, policy.BodyUserCouncil)
		if err != nil {
			return err
		}
		if uc != nil {
			b.ParentID = uc.ID
		}
	}
	seen := map[int64]bool{b.ID: b.ID != 0}
	for id := b.ParentID; id != 0; {
		if seen[id] {
			v.Add("parent_id", "body.error.parent_loop")
			break
		}
		seen[id] = true
		p, err := s.store.FindBodyByID(ctx, id)
		if errs.Is(err, errs.NotFound) {
			v.Add("parent_id", "error.reference")
			break
		} else if err != nil {
			return err
		}
		id = p.ParentID
	}
	if b.SecretariatID != 0 {
		if _, err := s.store.FindBodyByID(ctx, b.SecretariatID); errs.Is(err, errs.NotFound) {
			v.Add("secretariat_id", "error.reference")
		} else if err != nil {
			return err
		}
	}
	return v.Err()
}

func (s *Service) bodyOfKind(ctx context.Context, kind string) (*Body, error) {
	bs, err := s.store.FindBodies(ctx)
	if err != nil {
		return nil, err
	}
	for _, b := range bs {
		if b.Kind == kind {
			return b, nil
		}
	}
	return nil, nil
}

func slugConflict(err error) error {
	if errs.Is(err, errs.Conflict) {
		return errs.InvalidField("slug", "body.error.slug_taken")
	}
	return err
}
