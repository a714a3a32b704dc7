// Package catalog is the standards catalogue and product conformance
// (DOMAIN.md §6): the adopted standards (NPS, SOSI, GeoIntegrasjon, Fiks
// protocols, Noark 5 …) with their owner, versions with dates and status
// (draft, adopted, retired), the decision that adopted a version, the needs
// and projects resting on them; and vendors' declarations that a product
// version conforms to a standard version, with evidence, verified or
// rejected by the secretariat. Retiring a standard version expires its
// declarations.
package catalog

import (
	"net/url"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/samstyr/samstyr/internal/errs"
	"github.com/samstyr/samstyr/internal/governance"
)

// Version states.
const (
	Draft   = "draft"
	Adopted = "adopted"
	Retired = "retired"
)

// VersionStates lists the version states in order.
var VersionStates = []string{Draft, Adopted, Retired}

// versionMoves is the version state machine.
var versionMoves = map[string][]string{Draft: {Adopted, Retired}, Adopted: {Retired}, Retired: {}}

// CanMoveVersion reports whether a version may go from one state to another.
func CanMoveVersion(from, to string) bool { return slices.Contains(versionMoves[from], to) }

// Declaration states.
const (
	Declared = "declared" // the vendor declared it; waiting for the secretariat
	Verified = "verified" // the secretariat verified the evidence
	Rejected = "rejected" // the secretariat rejected it, with a reason
	Expired  = "expired"  // the standard version was retired
)

// DeclarationStates lists the declaration states.
var DeclarationStates = []string{Declared, Verified, Rejected, Expired}

// Link item types.
const (
	LinkNeed    = "need"
	LinkProject = "project"
)

// Standard is one standard of the catalogue.
type Standard struct {
	ID        int64      `json:"id"`
	Code      string     `json:"code"` // short name, e.g. NPS
	Name      string     `json:"name"`
	Owner     string     `json:"owner"` // the body that owns it, e.g. KS, DiBK
	Scope     string     `json:"scope"`
	URL       string     `json:"url,omitempty"`
	Versions  []*Version `json:"versions"`
	Links     []Link     `json:"links"`
	CreatedAt time.Time  `json:"created_at"`
	UpdatedAt time.Time  `json:"updated_at"`
}

// Version is one version of a standard.
type Version struct {
	ID           int64                   `json:"id"`
	StandardID   int64                   `json:"standard_id"`
	StandardCode string                  `json:"standard_code,omitempty"`
	Version      string                  `json:"version"`
	PublishedOn  time.Time               `json:"published_on,omitzero"`
	Status       string                  `json:"status"`
	DecisionID   int64                   `json:"decision_id,omitempty"`
	Decision     *governance.DecisionRef `json:"decision,omitempty"`
	AdoptedOn    time.Time               `json:"adopted_on,omitzero"`
	RetiredOn    time.Time               `json:"retired_on,omitzero"`
}

// Label is "NPS 3.1".
func (v *Version) Label() string { return strings.TrimSpace(v.StandardCode + " " + v.Version) }

// Link is a need or project resting on a standard.
type Link struct {
	Type  string `json:"type"`
	ID    int64  `json:"id"`
	Title string `json:"title,omitempty"`
}

// Declaration says a vendor's product version conforms to a standard
// version.
type Declaration struct {
	ID                int64  `json:"id"`
	VendorID          int64  `json:"vendor_id"`
	VendorName        string `json:"vendor_name,omitempty"`
	Product           string `json:"product"`
	ProductVersion    string `json:"product_version"`
	StandardVersionID int64  `json:"standard_version_id"`
	StandardLabel     string `json:"standard,omitempty"`
	EvidenceURL       string `json:"evidence_url"`
	// A test report given as a file (the type judged from the content):
	// its name, type and size; the content only through Evidence.
	EvidenceName string    `json:"evidence_name,omitempty"`
	EvidenceType string    `json:"evidence_type,omitempty"`
	EvidenceSize int64     `json:"evidence_size,omitempty"`
	EvidenceData []byte    `json:"-"`
	State        string    `json:"state"`
	Reason       string    `json:"reason,omitempty"`
	DeclaredBy   int64     `json:"declared_by,omitempty"`
	DeclaredAt   time.Time `json:"declared_at"`
	DecidedBy    int64     `json:"decided_by,omitempty"`
	DecidedAt    time.Time `json:"decided_at,omitzero"`
}

// DeclarationFilter selects declarations. Public keeps the verified ones
// and, with VendorID, the vendor's own.
type DeclarationFilter struct {
	StandardVersionID int64
	State             string
	Public            bool
	VendorID          int64
	// Q keeps the declarations whose product or vendor name contains it
	// (case-insensitive); Limit, when above 0, bounds the rows.
	Q     string
	Limit int
}

func checkText(v *errs.Validation, field, val string, max int, required bool) {
	switch {
	case required && val == "":
		v.Add(field, "error.required")
	case utf8.RuneCountInString(val) > max:
		v.Add(field, "catalog.error.too_long", "max", max)
	}
}

// checkURL accepts an empty string or an http(s) address.
func checkURL(v *errs.Validation, field, s string, required bool) {
	if s == "" {
		if required {
			v.Add(field, "error.required")
		}
		return
	}
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || len(s) > 2000 {
		v.Add(field, "catalog.error.url")
	}
}

// Normalize trims the fields.
func (s *Standard) Normalize() {
	for _, p := range []*string{&s.Code, &s.Name, &s.Owner, &s.Scope, &s.URL} {
		*p = strings.TrimSpace(*p)
	}
}

// Validate checks a standard's fields.
func (s *Standard) Validate() error {
	var v errs.Validation
	checkText(&v, "code", s.Code, 40, true)
	checkText(&v, "name", s.Name, 300, true)
	checkText(&v, "owner", s.Owner, 200, true)
	checkText(&v, "scope", s.Scope, 2000, false)
	checkURL(&v, "url", s.URL, false)
	return v.Err()
}

// Normalize trims the fields.
func (d *Declaration) Normalize() {
	for _, p := range []*string{&d.Product, &d.ProductVersion, &d.EvidenceURL} {
		*p = strings.TrimSpace(*p)
	}
}

// Validate checks a declaration's fields (the standard version's state is
// the service's).
func (d *Declaration) Validate() error {
	var v errs.Validation
	checkText(&v, "product", d.Product, 200, true)
	checkText(&v, "product_version", d.ProductVersion, 60, true)
	checkURL(&v, "evidence_url", d.EvidenceURL, len(d.EvidenceData) == 0 && d.EvidenceName == "")
	if d.StandardVersionID <= 0 {
		v.Add("standard_version_id", "error.required")
	}
	return v.Err()
}
