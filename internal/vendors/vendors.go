// Package vendors holds the vendor register (organisations of kind vendor
// with their contact people, products and projects) and the contact log:
// vendor meetings and consultations with state agencies, with the
// organisations that took part and follow-up actions (issue 15, items 2
// and 5). One record serves both kinds of contact.
package vendors

import (
	"net/mail"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/samstyr/samstyr/internal/errs"
)

// Kinds of contact.
const (
	KindVendorMeeting = "vendor_meeting"
	KindStateContact  = "state_contact"
)

// Kinds lists the kinds of contact in display order.
var Kinds = []string{KindVendorMeeting, KindStateContact}

// States of a follow-up action.
const (
	ActionOpen = "open"
	ActionDone = "done"
)

// Limits on text fields.
const (
	MaxName  = 200
	MaxNotes = 20000
)

// Vendor is an organisation of kind vendor with what the register shows.
// People, Projects and Contacts are filled only for those who may see
// them.
type Vendor struct {
	ID           int64          `json:"id"`
	Name         string         `json:"name"`
	OrgNumber    string         `json:"org_number,omitempty"`
	Website      string         `json:"website,omitempty"`
	Products     []string       `json:"products"`
	People       []*Person      `json:"contacts,omitempty"`
	Projects     []*ProjectLink `json:"projects,omitempty"`
	Contacts     []*Contact     `json:"meetings,omitempty"`
	Declarations []*Declaration `json:"declarations"`
	Details      bool           `json:"-"` // the reader may see the details
}

// Person is a contact person at a vendor.
type Person struct {
	ID        int64     `json:"id"`
	OrgID     int64     `json:"org_id"`
	Name      string    `json:"name"`
	Role      string    `json:"role,omitempty"`
	Email     string    `json:"email,omitempty"`
	Phone     string    `json:"phone,omitempty"`
	CreatedAt time.Time `json:"created_at"`
}

// ProjectLink says that a vendor takes part in a project with a role.
type ProjectLink struct {
	OrgID       int64  `json:"org_id"`
	OrgName     string `json:"org_name,omitempty"`
	ProjectID   int64  `json:"project_id"`
	ProjectName string `json:"project_name,omitempty"`
	Role        string `json:"role"`
}

// Org is an organisation taking part in a contact.
type Org struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
	Kind string `json:"kind"`
}

// Contact is one vendor meeting or consultation with state agencies.
type Contact struct {
	ID          int64     `json:"id"`
	Kind        string    `json:"kind"`
	HeldOn      time.Time `json:"held_on"`
	Topic       string    `json:"topic"`
	Notes       string    `json:"notes,omitempty"` // Markdown, rendered sanitised
	ProjectID   int64     `json:"project_id,omitempty"`
	ProjectName string    `json:"project_name,omitempty"`
	Orgs        []Org     `json:"organisations"`
	OrgIDs      []int64   `json:"-"` // input
	Actions     []*Action `json:"actions,omitempty"`
	OpenActions int       `json:"open_actions"`
	CreatedBy   int64     `json:"created_by,omitempty"`
	CreatedAt   time.Time `json:"created_at"`
}

// Action is a follow-up action of a contact.
type Action struct {
	ID        int64     `json:"id"`
	ContactID int64     `json:"contact_id"`
	Topic     string    `json:"contact_topic,omitempty"`
	Text      string    `json:"text"`
	OwnerID   int64     `json:"owner_id"`
	OwnerName string    `json:"owner_name,omitempty"`
	DueOn     time.Time `json:"due_on"`
	State     string    `json:"state"`
	DoneBy    int64     `json:"done_by,omitempty"`
	DoneAt    time.Time `json:"done_at,omitzero"`
}

// Filter selects contacts. Empty fields do not filter.
type Filter struct {
	Kind      string
	OrgID     int64
	ProjectID int64
	OpenOnly  bool // only contacts with open follow-up actions
}

// VendorFilter selects vendors.
type VendorFilter struct {
	Q string // part of the name or the organisation number
}

func text(field, s string, max int) error {
	if !utf8.ValidString(s) || strings.ContainsAny(s, "\x00") {
		return errs.InvalidField(field, "vendors.error.text")
	}
	if utf8.RuneCountInString(s) > max {
		return errs.InvalidField(field, "vendors.error.too_long", "max", max)
	}
	return nil
}

// Normalize trims the fields.
func (p *Person) Normalize() {
	p.Name, p.Role = strings.TrimSpace(p.Name), strings.TrimSpace(p.Role)
	p.Email, p.Phone = strings.TrimSpace(p.Email), strings.TrimSpace(p.Phone)
}

// Validate checks a contact person: a name, a plain e-mail address if
// any, a phone number of digits, spaces and + if any.
func (p *Person) Validate() error {
	if p.Name == "" {
		return errs.InvalidField("name", "vendors.error.name_required")
	}
	for f, v := range map[string]string{"name": p.Name, "role": p.Role} {
		if err := text(f, v, MaxName); err != nil {
			return err
		}
	}
	if p.Email != "" {
		if a, err := mail.ParseAddress(p.Email); err != nil || a.Address != p.Email {
			return errs.InvalidField("email", "vendors.error.email")
		}
	}
	if p.Phone != "" {
		if len(p.Phone) > 30 || strings.Trim(p.Phone, "+0123456789 ") != "" {
			return errs.InvalidField("phone", "vendors.error.phone")
		}
	}
	return nil
}

// Normalize trims the fields.
func (c *Contact) Normalize() {
	c.Topic, c.Notes = strings.TrimSpace(c.Topic), strings.TrimSpace(c.Notes)
}

// Validate checks a contact before it is stored: a kind, a date, a topic,
// at least one organisation. That the organisations exist and have the
// right kind is checked by the service.
func (c *Contact) Validate() error {
	switch c.Kind {
	case KindVendorMeeting, KindStateContact:
	default:
		return errs.InvalidField("kind", "vendors.error.kind")
	}
	if c.HeldOn.IsZero() {
		return errs.InvalidField("held_on", "vendors.error.date_required")
	}
	if c.Topic == "" {
		return errs.InvalidField("topic", "vendors.error.topic_required")
	}
	if err := text("topic", c.Topic, MaxName); err != nil {
		return err
	}
	if err := text("notes", c.Notes, MaxNotes); err != nil {
		return err
	}
	if len(c.OrgIDs) == 0 {
		return errs.InvalidField("organisations", "vendors.error.org_required")
	}
	return nil
}

// Validate checks a follow-up action: a text, an owner and a due date.
func (a *Action) Validate() error {
	a.Text = strings.TrimSpace(a.Text)
	if a.Text == "" {
		return errs.InvalidField("text", "vendors.error.action_text_required")
	}
	if err := text("text", a.Text, MaxName*5); err != nil {
		return err
	}
	if a.OwnerID == 0 {
		return errs.InvalidField("owner_id", "vendors.error.owner_required")
	}
	if a.DueOn.IsZero() {
		return errs.InvalidField("due_on", "vendors.error.due_required")
	}
	return nil
}

// Declaration is a conformance declaration as the vendor page shows it
// (the records live in internal/catalog).
type Declaration struct {
	ID             int64  `json:"id"`
	Product        string `json:"product"`
	ProductVersion string `json:"product_version"`
	Standard       string `json:"standard"`
	State          string `json:"state"`
}
