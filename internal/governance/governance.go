// Package governance holds the governance bodies (KommIT-rådet, its working
// committee, Brukerrådet, Brukerforum, working groups, steering groups, the
// secretariat) and people's memberships of them, with function and term.
package governance

import (
	"context"
	"time"

	"github.com/samstyr/samstyr/internal/audit"
	"github.com/samstyr/samstyr/internal/policy"
)

// Functions a member can hold, in display order.
var Functions = []string{policy.FuncChair, policy.FuncDeputyChair, policy.FuncMember, policy.FuncDeputyMember, policy.FuncSecretary, policy.FuncObserver}

// BodyKinds in display order.
var BodyKinds = []string{policy.BodyMainBoard, policy.BodyStrategicCouncil, policy.BodyWorkingCommittee, policy.BodyUserCouncil,
	policy.BodyUserForum, policy.BodyWorkingGroup, policy.BodySteeringGroup, policy.BodySecretariat}

// Body is a governance body.
type Body struct {
	ID            int64  `json:"id"`
	Kind          string `json:"kind"`
	Slug          string `json:"slug"`
	NameNB        string `json:"name_nb"`
	NameNN        string `json:"name_nn"`
	NameEN        string `json:"name_en"`
	ShortName     string `json:"short_name,omitempty"`
	Mandate       string `json:"mandate,omitempty"`
	ParentID      int64  `json:"parent_id,omitempty"`
	SecretariatID int64  `json:"secretariat_id,omitempty"`
	Active        bool   `json:"active"`
	// Working groups: financing in whole NOK and its source, the period,
	// and the decision of the user council that appointed the group.
	FinancingNOK    int64        `json:"financing_nok,omitempty"`
	FinancingSource string       `json:"financing_source,omitempty"`
	PeriodFrom      time.Time    `json:"period_from,omitzero"`
	PeriodTo        time.Time    `json:"period_to,omitzero"`
	DecisionID      int64        `json:"decision_id,omitempty"`
	Decision        *DecisionRef `json:"decision,omitempty"`
	CreatedAt       time.Time    `json:"created_at"`
	UpdatedAt       time.Time    `json:"updated_at"`
}

// Name returns the body's name in the language given (nb, nn or en).
func (b *Body) Name(lang string) string {
	switch lang {
	case "nn":
		return b.NameNN
	case "en":
		return b.NameEN
	}
	return b.NameNB
}

// Membership is a person's seat in a body for a term.
type Membership struct {
	ID          int64     `json:"id"`
	BodyID      int64     `json:"body_id"`
	BodyKind    string    `json:"body_kind,omitempty"`
	BodyName    string    `json:"body_name,omitempty"` // bokmål name, for lists
	PersonID    int64     `json:"person_id"`
	PersonName  string    `json:"person_name,omitempty"`
	OrgID       int64     `json:"organisation_id,omitempty"`
	OrgName     string    `json:"organisation_name,omitempty"`
	CountyName  string    `json:"county_name,omitempty"`
	Function    string    `json:"function"`
	Sector      string    `json:"sector"`
	TermFrom    time.Time `json:"term_from"`
	TermTo      time.Time `json:"term_to,omitzero"`
	Status      string    `json:"status"`
	AppointedBy string    `json:"appointed_by,omitempty"` // the election or decision, as text until it points at a decision
	// PersonEmail and OrgNumber identify the person and organisation on
	// input when their ids are not given (forms).
	PersonEmail string       `json:"-"`
	OrgNumber   string       `json:"-"`
	DecisionID  int64        `json:"decision_id,omitempty"`
	Decision    *DecisionRef `json:"decision,omitempty"`
	CreatedAt   time.Time    `json:"created_at"`
	UpdatedAt   time.Time    `json:"updated_at"`
}

// Current reports whether the membership is active and its term covers day.
func (m *Membership) Current(day time.Time) bool {
	d := day.Format(time.DateOnly)
	return m.Status == "active" && m.TermFrom.Format(time.DateOnly) <= d && (m.TermTo.IsZero() || m.TermTo.Format(time.DateOnly) >= d)
}

// MembershipFilter selects memberships.
type MembershipFilter struct {
	BodyID   int64
	PersonID int64
	// Q matches the person's or the body's name; Status keeps one status.
	Q      string
	Status string
	Limit  int
	// CurrentOn keeps memberships active on that day; zero keeps all.
	CurrentOn time.Time
}

// Store is what the service needs from storage.
type Store interface {
	WithTx(ctx context.Context, fn func(ctx context.Context) error) error
	audit.Recorder
	FindBodies(ctx context.Context) ([]*Body, error)
	FindBodyByID(ctx context.Context, id int64) (*Body, error)
	FindBodyBySlug(ctx context.Context, slug string) (*Body, error)
	CreateBody(ctx context.Context, b *Body) error
	UpdateBody(ctx context.Context, b *Body) error
	FindMemberships(ctx context.Context, f MembershipFilter) ([]*Membership, error)
	FindMembershipByID(ctx context.Context, id int64) (*Membership, error)
	CreateMembership(ctx context.Context, m *Membership) error
	UpdateMembership(ctx context.Context, m *Membership) error
	PersonExists(ctx context.Context, id int64) (bool, error)
	FindPersonIDByEmail(ctx context.Context, email string) (int64, error)
	FindOrganisationIDByNumber(ctx context.Context, number string) (int64, error)
	OrganisationExists(ctx context.Context, id int64) (bool, error)
}

// Service holds the governance use cases.
type Service struct {
	store Store
	// Now is the clock; tests replace it.
	Now func() time.Time
}

// NewService returns the governance service.
func NewService(s Store) *Service { return &Service{store: s, Now: time.Now} }

// Bodies lists every body. The structure is public.
func (s *Service) Bodies(ctx context.Context, a *policy.Actor) ([]*Body, error) {
	if err := policy.Check(a, policy.BodyList, policy.Resource{}); err != nil {
		return nil, err
	}
	return s.store.FindBodies(ctx)
}

// Body returns one body by id. Errors: NotFound.
func (s *Service) Body(ctx context.Context, a *policy.Actor, id int64) (*Body, error) {
	if err := policy.Check(a, policy.BodyView, policy.Resource{BodyID: id}); err != nil {
		return nil, err
	}
	return s.store.FindBodyByID(ctx, id)
}

// Members returns a body's memberships; with current set, only those active
// today, else the whole history.
func (s *Service) Members(ctx context.Context, a *policy.Actor, bodyID int64, current bool) ([]*Membership, error) {
	if err := policy.Check(a, policy.BodyView, policy.Resource{BodyID: bodyID}); err != nil {
		return nil, err
	}
	f := MembershipFilter{BodyID: bodyID}
	if current {
		f.CurrentOn = s.Now()
	}
	return s.store.FindMemberships(ctx, f)
}

// MyMemberships returns the actor's memberships, past and present.
func (s *Service) MyMemberships(ctx context.Context, a *policy.Actor) ([]*Membership, error) {
	if err := policy.Check(a, policy.PersonSelf, policy.Resource{OwnerID: a.ID()}); err != nil {
		return nil, err
	}
	return s.store.FindMemberships(ctx, MembershipFilter{PersonID: a.ID()})
}
