// Package stakeholders is the programme's contact with the world outside
// its bodies (DOMAIN.md §5, §7): inquiries (henvendelser) from anyone,
// through a public form or registered by the secretariat from e-mail or
// phone. Each gets a reference number (H-2026-0001, gap-free per year), an
// acknowledgement by e-mail, an owner and a deadline (offentleglova § 29:
// without undue delay), reminders before and escalation after the
// deadline, links to needs, cases and projects, an answer sent by e-mail
// and kept, and, once answered, an optional entry in the public FAQ with
// names removed (the secretariat writes the public text).
package stakeholders

import (
	"fmt"
	"net/mail"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/samstyr/samstyr/internal/errs"
)

// Inquiry states.
const (
	Open     = "open"     // registered, waiting for an answer
	Answered = "answered" // the answer was sent
	Closed   = "closed"   // done: nothing more is sent
)

// States lists the inquiry states in order.
var States = []string{Open, Answered, Closed}

// Channels an inquiry came through.
const (
	ChannelWeb   = "web"   // the public form
	ChannelEmail = "email" // registered by the secretariat from an e-mail
	ChannelPhone = "phone" // registered by the secretariat from a call
	ChannelAPI   = "api"   // registered through the API
)

// Channels lists the channels the secretariat registers from.
var Channels = []string{ChannelEmail, ChannelPhone, ChannelAPI}

// Link item types.
const (
	LinkNeed    = "need"
	LinkCase    = "case"
	LinkProject = "project"
)

// LinkTypes lists what an inquiry links to.
var LinkTypes = []string{LinkNeed, LinkCase, LinkProject}

// Size limits of the public form.
const (
	MaxName  = 200
	MaxTopic = 200
	MaxText  = 10000
)

// Inquiry is one inquiry (henvendelse).
type Inquiry struct {
	ID        int64  `json:"id"`
	Reference string `json:"reference"`
	Year      int    `json:"year"`
	Seq       int    `json:"seq"`
	Channel   string `json:"channel"`
	// The sender: name, e-mail (needed for the acknowledgement and the
	// answer; may be empty for a phone call), organisation.
	SenderName   string    `json:"sender_name"`
	SenderEmail  string    `json:"sender_email"`
	Organisation string    `json:"organisation"`
	Topic        string    `json:"topic"`
	Text         string    `json:"text"`
	Locale       string    `json:"locale"`
	State        string    `json:"state"`
	OwnerID      int64     `json:"owner_id,omitempty"`
	OwnerName    string    `json:"owner_name,omitempty"`
	Deadline     time.Time `json:"deadline"`
	Answer       string    `json:"answer,omitempty"`
	AnsweredAt   time.Time `json:"answered_at,omitzero"`
	AnsweredBy   int64     `json:"answered_by,omitempty"`
	ClosedAt     time.Time `json:"closed_at,omitzero"`
	// The public FAQ entry, written by the secretariat without names.
	FAQQuestion    string    `json:"faq_question,omitempty"`
	FAQAnswer      string    `json:"faq_answer,omitempty"`
	FAQPublishedAt time.Time `json:"faq_published_at,omitzero"`
	AckMailedAt    time.Time `json:"ack_mailed_at,omitzero"`
	RemindedAt     time.Time `json:"reminded_at,omitzero"`
	EscalatedAt    time.Time `json:"escalated_at,omitzero"`
	Links          []Link    `json:"links"`
	// Files are the files sent with a new inquiry (not read back).
	Files     []*Attachment `json:"-"`
	CreatedBy int64         `json:"created_by,omitempty"`
	CreatedAt time.Time     `json:"created_at"`
	UpdatedAt time.Time     `json:"updated_at"`
}

// Link is an item an inquiry concerns.
type Link struct {
	Type  string `json:"type"`
	ID    int64  `json:"id"`
	Title string `json:"title,omitempty"`
}

// FAQ is a published question and answer (no names).
type FAQ struct {
	ID          int64     `json:"id"`
	Reference   string    `json:"reference"`
	Topic       string    `json:"topic"`
	Question    string    `json:"question"`
	Answer      string    `json:"answer"`
	PublishedAt time.Time `json:"published_at"`
}

// Filter selects inquiries for the queue.
type Filter struct {
	State   string
	OwnerID int64
	Overdue bool
	Limit   int
}

// QueueStats counts the open inquiries for the secretariat's queue.
type QueueStats struct {
	Open     int `json:"open"`
	Overdue  int `json:"overdue"`
	DueSoon  int `json:"due_soon"`
	Answered int `json:"answered"`
}

// Age is how long an inquiry has waited at now, in whole days.
func (i *Inquiry) Age(now time.Time) int { return int(now.Sub(i.CreatedAt).Hours() / 24) }

// Overdue reports whether an open inquiry passed its deadline at now.
func (i *Inquiry) Overdue(now time.Time) bool { return i.State == Open && now.After(i.Deadline) }

// Reference formats a reference number: H-2026-0001.
func Reference(year, seq int) string { return fmt.Sprintf("H-%d-%04d", year, seq) }

var referenceRE = regexp.MustCompile(`^H-\d{4}-\d{4,}$`)

// ValidReference reports whether s looks like a reference number.
func ValidReference(s string) bool { return referenceRE.MatchString(s) }

// markup matches what looks like an HTML tag: the form takes plain text.
var markup = regexp.MustCompile(`<\s*[a-zA-Z!/?]`)

// Normalize trims the fields.
func (i *Inquiry) Normalize() {
	for _, p := range []*string{&i.SenderName, &i.SenderEmail, &i.Organisation, &i.Topic, &i.Text} {
		*p = strings.TrimSpace(*p)
	}
	i.SenderEmail = strings.ToLower(i.SenderEmail)
	if !slices.Contains([]string{"nb", "nn", "en"}, i.Locale) {
		i.Locale = "nb"
	}
}

// Validate checks the fields of a new inquiry. Public inquiries need an
// e-mail address (the answer goes there); the secretariat may register a
// phone call without one.
func (i *Inquiry) Validate() error {
	var v errs.Validation
	text := func(field, val string, max int, required bool) {
		switch {
		case required && val == "":
			v.Add(field, "error.required")
		case utf8.RuneCountInString(val) > max:
			v.Add(field, "inquiry.error.too_long", "max", max)
		case markup.MatchString(val):
			v.Add(field, "inquiry.error.html")
		case strings.ContainsFunc(val, func(r rune) bool { return r < 32 && r != '\n' && r != '\r' && r != '\t' }):
			v.Add(field, "inquiry.error.control")
		}
	}
	text("sender_name", i.SenderName, MaxName, true)
	text("organisation", i.Organisation, MaxName, false)
	text("topic", i.Topic, MaxTopic, true)
	text("text", i.Text, MaxText, true)
	if i.SenderEmail == "" && i.Channel != ChannelPhone {
		v.Add("sender_email", "error.required")
	} else if i.SenderEmail != "" {
		if a, err := mail.ParseAddress(i.SenderEmail); err != nil || a.Address != i.SenderEmail || len(i.SenderEmail) > 254 {
			v.Add("sender_email", "inquiry.error.email")
		}
	}
	if i.Channel != ChannelWeb && !slices.Contains(Channels, i.Channel) {
		v.Add("channel", "inquiry.error.channel")
	}
	return v.Err()
}

// transitions are the state machine: from → allowed targets.
var transitions = map[string][]string{
	Open:     {Answered, Closed},
	Answered: {Answered, Closed},
	Closed:   {},
}

// CanMove reports whether an inquiry may go from one state to another.
func CanMove(from, to string) bool { return slices.Contains(transitions[from], to) }
