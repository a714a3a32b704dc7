package auth

import (
	"net/mail"
	"strings"
	"time"

	"github.com/samstyr/samstyr/internal/errs"
	"github.com/samstyr/samstyr/internal/listing"
)

// Locales people can choose.
var Locales = []string{"nb", "nn", "en"}

// Notification modes.
const (
	NotifyImmediate = "immediate"
	NotifyDigest    = "digest"
)

// Person is someone who can sign in.
type Person struct {
	ID          int64     `json:"id"`
	Email       string    `json:"email"`
	Name        string    `json:"name"`
	OrgID       int64     `json:"organisation_id,omitempty"`
	OrgName     string    `json:"organisation_name,omitempty"`
	OrgKind     string    `json:"organisation_kind,omitempty"`
	Admin       bool      `json:"admin"`
	Locale      string    `json:"locale"`
	NotifyMode  string    `json:"notify_mode"`
	Demo        bool      `json:"demo,omitempty"`
	DisabledAt  time.Time `json:"disabled_at,omitzero"`
	HasPassword bool      `json:"has_password"`
	TOTPEnabled bool      `json:"totp_enabled"`
	CreatedAt   time.Time `json:"created_at"`
	UpdatedAt   time.Time `json:"updated_at"`

	PasswordHash string `json:"-"`
	TOTPSecret   string `json:"-"`
	TOTPLastStep int64  `json:"-"`
}

// Disabled reports whether the account is disabled.
func (p *Person) Disabled() bool { return !p.DisabledAt.IsZero() }

// PersonInput is what an administrator (or the command line) gives to
// create or change a person.
type PersonInput struct {
	Email      string
	Name       string
	OrgID      int64
	Admin      bool
	Locale     string
	NotifyMode string
	Password   string // create only; empty for OpenID-only accounts
	Demo       bool
}

// Normalize trims the input and lower-cases the e-mail address.
func (in *PersonInput) Normalize() {
	in.Email = strings.ToLower(strings.TrimSpace(in.Email))
	in.Name = strings.TrimSpace(in.Name)
	if in.Locale == "" {
		in.Locale = "nb"
	}
	if in.NotifyMode == "" {
		in.NotifyMode = NotifyImmediate
	}
}

// Validate checks the input; passwordRequired is set for local accounts.
func (in *PersonInput) Validate(passwordRequired bool) error {
	var v errs.Validation
	if err := ValidEmail(in.Email); err != "" {
		v.Add("email", err)
	}
	if in.Name == "" {
		v.Add("name", "error.required")
	} else if len([]rune(in.Name)) > 200 {
		v.Add("name", "error.too_long", "max", 200)
	}
	if !contains(Locales, in.Locale) {
		v.Add("locale", "auth.error.locale")
	}
	if in.NotifyMode != NotifyImmediate && in.NotifyMode != NotifyDigest {
		v.Add("notify_mode", "auth.error.notify_mode")
	}
	if passwordRequired || in.Password != "" {
		if err := CheckPassword("password", in.Password, in.Email); err != nil {
			for _, f := range errs.As(err).Fields {
				v.Add(f.Field, f.Key, flatten(f.Args)...)
			}
		}
	}
	return v.Err()
}

// ValidEmail returns "" for a plain address like name@example.no, else the
// message key of the problem.
func ValidEmail(s string) string {
	if s == "" {
		return "error.required"
	}
	a, err := mail.ParseAddress(s)
	if err != nil || a.Address != s || !strings.Contains(s[strings.LastIndex(s, "@")+1:], ".") || len(s) > 254 {
		return "error.email"
	}
	return ""
}

// PersonFilter selects people for the administration list.
type PersonFilter struct {
	Q        string // part of name or e-mail
	OrgID    int64
	Disabled *bool
	Limit    int
	After    *listing.Cursor
}

func flatten(m map[string]any) []any {
	var out []any
	for k, v := range m {
		out = append(out, k, v)
	}
	return out
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
