// Package org holds organisations: municipalities, counties, state agencies,
// vendors, KS and others, with their official identifiers.
package org

import (
	"context"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/samstyr/samstyr/internal/audit"
	"github.com/samstyr/samstyr/internal/errs"
	"github.com/samstyr/samstyr/internal/listing"
	"github.com/samstyr/samstyr/internal/policy"
)

// Kinds of organisation, in display order.
var Kinds = []string{policy.OrgMunicipality, policy.OrgCounty, policy.OrgStateAgency, policy.OrgKS, policy.OrgVendor, policy.OrgOther}

// Organisation is a municipality, county, agency, vendor, KS or other body
// that people belong to and that submits and backs needs.
type Organisation struct {
	ID                 int64     `json:"id"`
	Kind               string    `json:"kind"`
	Name               string    `json:"name"`
	OfficialName       string    `json:"official_name,omitempty"`
	OrgNumber          string    `json:"org_number,omitempty"`          // 9 digits, Enhetsregisteret
	MunicipalityNumber string    `json:"municipality_number,omitempty"` // kommunenummer, 4 digits
	CountyNumber       string    `json:"county_number,omitempty"`       // fylkesnummer, 2 digits
	CountyName         string    `json:"county_name,omitempty"`
	Population         int64     `json:"population,omitempty"`
	PopulationDate     time.Time `json:"population_date,omitzero"`
	Website            string    `json:"website,omitempty"`
	Active             bool      `json:"active"`
	CreatedAt          time.Time `json:"created_at"`
	UpdatedAt          time.Time `json:"updated_at"`
}

// IsMember reports whether the organisation takes part in the programme as a
// member (may submit and back needs): municipalities, counties, state
// agencies and KS.
func (o *Organisation) IsMember() bool {
	switch o.Kind {
	case policy.OrgMunicipality, policy.OrgCounty, policy.OrgStateAgency, policy.OrgKS:
		return true
	}
	return false
}

// Filter selects organisations. Empty fields do not filter.
type Filter struct {
	Kind   string
	County string // county number
	Q      string // part of the name, or an organisation or municipality number
	Limit  int
	After  *listing.Cursor
}

// County is a county with how many municipalities it has.
type County struct {
	Number         string `json:"number"`
	Name           string `json:"name"`
	Municipalities int    `json:"municipalities"`
	Population     int64  `json:"population"`
}

// Store is what the service needs from storage.
type Store interface {
	WithTx(ctx context.Context, fn func(ctx context.Context) error) error
	audit.Recorder
	FindOrganisationByID(ctx context.Context, id int64) (*Organisation, error)
	FindOrganisations(ctx context.Context, f Filter) ([]*Organisation, error)
	FindCounties(ctx context.Context) ([]County, error)
	CreateOrganisation(ctx context.Context, o *Organisation) error
	UpdateOrganisation(ctx context.Context, o *Organisation) error
	// WriteGeneration changes after every committed write (caches compare it).
	WriteGeneration() uint64
}

// Service holds the organisation use cases.
type Service struct {
	store Store

	// The counties (on every list page's county filter), read again after
	// any write this process commits and at least every countiesTTL.
	mu         sync.Mutex
	counties   []County
	countiesAt time.Time
	countyGen  uint64
}

// countiesTTL bounds how long writes by other nodes take to show in the
// counties.
const countiesTTL = time.Minute

// NewService returns the organisation service.
func NewService(s Store) *Service { return &Service{store: s} }

// List returns a page of organisations. Errors: Invalid (filter).
func (s *Service) List(ctx context.Context, a *policy.Actor, f Filter) (listing.Page[*Organisation], error) {
	var page listing.Page[*Organisation]
	if err := policy.Check(a, policy.OrgList, policy.Resource{}); err != nil {
		return page, err
	}
	if err := f.Validate(); err != nil {
		return page, err
	}
	if f.Limit == 0 {
		f.Limit = listing.DefaultLimit
	}
	want := f.Limit
	f.Limit++
	rows, err := s.store.FindOrganisations(ctx, f)
	if err != nil {
		return page, err
	}
	return listing.Trim(rows, want, func(o *Organisation) listing.Cursor {
		return listing.Cursor{Key: SearchName(o.Name), ID: o.ID}
	}), nil
}

// Get returns one organisation. Errors: NotFound.
func (s *Service) Get(ctx context.Context, a *policy.Actor, id int64) (*Organisation, error) {
	if err := policy.Check(a, policy.OrgView, policy.Resource{}); err != nil {
		return nil, err
	}
	return s.store.FindOrganisationByID(ctx, id)
}

// Counties returns the counties with their municipality counts.
func (s *Service) Counties(ctx context.Context, a *policy.Actor) ([]County, error) {
	if err := policy.Check(a, policy.OrgList, policy.Resource{}); err != nil {
		return nil, err
	}
	gen := s.store.WriteGeneration()
	s.mu.Lock()
	if s.counties != nil && s.countyGen == gen && time.Since(s.countiesAt) < countiesTTL {
		defer s.mu.Unlock()
		return slices.Clone(s.counties), nil
	}
	s.mu.Unlock()
	cs, err := s.store.FindCounties(ctx)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	s.counties, s.countiesAt, s.countyGen = slices.Clone(cs), time.Now(), gen
	s.mu.Unlock()
	return cs, nil
}

// Create adds an organisation. Errors: Forbidden, Invalid, Conflict (a
// number already in use).
func (s *Service) Create(ctx context.Context, a *policy.Actor, o *Organisation) error {
	if err := policy.Check(a, policy.OrgCreate, policy.Resource{}); err != nil {
		return err
	}
	o.Normalize()
	if err := o.Validate(); err != nil {
		return err
	}
	o.Active = true
	return s.store.WithTx(ctx, func(ctx context.Context) error {
		if err := s.store.CreateOrganisation(ctx, o); err != nil {
			return err
		}
		return s.store.Record(ctx, audit.Entry{ActorID: a.ID(), Action: "org.create", ObjectType: "organisation", ObjectID: o.ID, After: o})
	})
}

// Update changes an organisation's name, identifiers and facts. Errors:
// Forbidden, NotFound, Invalid, Conflict.
func (s *Service) Update(ctx context.Context, a *policy.Actor, o *Organisation) error {
	if err := policy.Check(a, policy.OrgUpdate, policy.Resource{OrgID: o.ID}); err != nil {
		return err
	}
	o.Normalize()
	if err := o.Validate(); err != nil {
		return err
	}
	return s.store.WithTx(ctx, func(ctx context.Context) error {
		before, err := s.store.FindOrganisationByID(ctx, o.ID)
		if err != nil {
			return err
		}
		o.Kind = before.Kind // the kind of an organisation does not change
		o.CreatedAt = before.CreatedAt
		if err := s.store.UpdateOrganisation(ctx, o); err != nil {
			return err
		}
		return s.store.Record(ctx, audit.Entry{ActorID: a.ID(), Action: "org.update", ObjectType: "organisation", ObjectID: o.ID, Before: before, After: o})
	})
}

// digits reports whether s is exactly n ASCII digits (a loop, not a
// regexp compiled at every start of the binary).
func digits(s string, n int) bool {
	if len(s) != n {
		return false
	}
	for i := 0; i < n; i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// Normalize trims whitespace and removes spaces inside numbers.
func (o *Organisation) Normalize() {
	o.Name = strings.TrimSpace(o.Name)
	o.OfficialName = strings.TrimSpace(o.OfficialName)
	o.OrgNumber = strings.ReplaceAll(strings.TrimSpace(o.OrgNumber), " ", "")
	o.MunicipalityNumber = strings.TrimSpace(o.MunicipalityNumber)
	o.CountyNumber = strings.TrimSpace(o.CountyNumber)
	o.Website = strings.TrimSpace(o.Website)
}

// Validate checks the organisation's fields.
func (o *Organisation) Validate() error {
	var v errs.Validation
	if !slices.Contains(Kinds, o.Kind) {
		v.Add("kind", "org.error.kind")
	}
	if o.Name == "" {
		v.Add("name", "error.required")
	} else if len([]rune(o.Name)) > 200 {
		v.Add("name", "error.too_long", "max", 200)
	}
	if o.OrgNumber != "" && !ValidOrgNumber(o.OrgNumber) {
		v.Add("org_number", "org.error.org_number")
	}
	if o.Kind == policy.OrgMunicipality {
		if !digits(o.MunicipalityNumber, 4) {
			v.Add("municipality_number", "org.error.municipality_number")
		}
		if !digits(o.CountyNumber, 2) {
			v.Add("county_number", "org.error.county_number")
		}
	} else if o.MunicipalityNumber != "" && !digits(o.MunicipalityNumber, 4) {
		v.Add("municipality_number", "org.error.municipality_number")
	}
	if o.Kind == policy.OrgCounty && !digits(o.CountyNumber, 2) {
		v.Add("county_number", "org.error.county_number")
	}
	if o.Population < 0 {
		v.Add("population", "error.not_negative")
	}
	if o.Website != "" && !strings.HasPrefix(o.Website, "https://") && !strings.HasPrefix(o.Website, "http://") {
		v.Add("website", "error.url")
	}
	return v.Err()
}

// Validate checks a list filter.
func (f *Filter) Validate() error {
	var v errs.Validation
	if f.Kind != "" && !slices.Contains(Kinds, f.Kind) {
		v.Add("kind", "org.error.kind")
	}
	if f.County != "" && !digits(f.County, 2) {
		v.Add("county", "org.error.county_number")
	}
	if len(f.Q) > 200 {
		v.Add("q", "error.too_long", "max", 200)
	}
	if f.Limit < 0 || f.Limit > listing.MaxLimit {
		v.Add("limit", "error.limit", "max", listing.MaxLimit)
	}
	return v.Err()
}

// ValidOrgNumber checks a Norwegian organisation number: nine digits whose
// last is the modulus-11 check digit with weights 3, 2, 7, 6, 5, 4, 3, 2.
func ValidOrgNumber(s string) bool {
	if !digits(s, 9) {
		return false
	}
	weights := []int{3, 2, 7, 6, 5, 4, 3, 2}
	sum := 0
	for i, w := range weights {
		sum += int(s[i]-'0') * w
	}
	check := 11 - sum%11
	if check == 11 {
		check = 0
	}
	return check != 10 && check == int(s[8]-'0')
}

// SearchName is the lower-cased form names are searched and sorted by.
func SearchName(name string) string { return strings.ToLower(strings.TrimSpace(name)) }
