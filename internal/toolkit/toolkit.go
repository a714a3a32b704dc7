// Package toolkit is the programme's toolkit (verktøykasse) and its news
// (issue 15, items 6 and 7): documents, templates and guides the
// secretariat keeps in categories, each with versions (a file checked like
// a need's attachment and/or Markdown text), public or for signed-in
// members; and news items, public, with an Atom feed.
package toolkit

import (
	"strings"
	"time"
	"unicode/utf8"

	"github.com/samstyr/samstyr/internal/errs"
)

// Visibility of a toolkit document.
const (
	Public  = "public"  // everyone, also without signing in
	Members = "members" // signed-in people only
)

// Categories are the suggested categories; the secretariat may name others.
var Categories = []string{"Maler for saksframlegg", "Maler for direktiv", "Maler for statusrapporter", "Metodeveiledere"}

// Document is one document, template or guide of the toolkit.
type Document struct {
	ID         int64  `json:"id"`
	Category   string `json:"category"`
	Title      string `json:"title"`
	Summary    string `json:"summary"`
	Visibility string `json:"visibility"`
	// Current is the number of the current version (0: none yet).
	Current       int64      `json:"current_version"`
	UpdatedBy     int64      `json:"updated_by,omitempty"`
	UpdatedByName string     `json:"updated_by_name,omitempty"`
	CreatedAt     time.Time  `json:"created_at"`
	UpdatedAt     time.Time  `json:"updated_at"`
	Versions      []*Version `json:"versions,omitempty"` // newest first (on the document's page)
}

// Version is one version of a document: Markdown text, a file, or both.
type Version struct {
	ID            int64     `json:"id"`
	DocumentID    int64     `json:"document_id"`
	Number        int64     `json:"number"`
	Text          string    `json:"text"`
	Note          string    `json:"note"`
	FileName      string    `json:"file_name,omitempty"`
	FileType      string    `json:"file_type,omitempty"`
	FileSize      int64     `json:"file_size,omitempty"`
	FileData      []byte    `json:"-"`
	CreatedBy     int64     `json:"created_by,omitempty"`
	CreatedByName string    `json:"created_by_name,omitempty"`
	CreatedAt     time.Time `json:"created_at"`
}

// Filter selects documents. Members false keeps the public ones (applied
// in SQL); Query searches title, summary, category and the current text.
type Filter struct {
	Members  bool
	Category string
	Query    string
}

// News is one news item.
type News struct {
	ID          int64     `json:"id"`
	Title       string    `json:"title"`
	Summary     string    `json:"summary"`
	Body        string    `json:"body"` // Markdown, shown sanitised
	Lang        string    `json:"lang"`
	PublishedAt time.Time `json:"published_at"`
	CreatedBy   int64     `json:"created_by,omitempty"`
	UpdatedAt   time.Time `json:"updated_at"`
}

// Langs are the languages a news item may be written in.
var Langs = []string{"nb", "nn", "en"}

func checkText(v *errs.Validation, field, val string, max int, required bool) {
	switch {
	case required && val == "":
		v.Add(field, "error.required")
	case utf8.RuneCountInString(val) > max:
		v.Add(field, "toolkit.error.too_long", "max", max)
	}
}

// Normalize trims the fields.
func (d *Document) Normalize() {
	for _, p := range []*string{&d.Category, &d.Title, &d.Summary, &d.Visibility} {
		*p = strings.TrimSpace(*p)
	}
}

// Validate checks a document's fields.
func (d *Document) Validate() error {
	var v errs.Validation
	checkText(&v, "category", d.Category, 100, true)
	checkText(&v, "title", d.Title, 300, true)
	checkText(&v, "summary", d.Summary, 2000, false)
	if d.Visibility != Public && d.Visibility != Members {
		v.Add("visibility", "toolkit.error.visibility")
	}
	return v.Err()
}

// Normalize trims the fields.
func (n *News) Normalize() {
	for _, p := range []*string{&n.Title, &n.Summary, &n.Body, &n.Lang} {
		*p = strings.TrimSpace(*p)
	}
}

// Validate checks a news item's fields.
func (n *News) Validate() error {
	var v errs.Validation
	checkText(&v, "title", n.Title, 300, true)
	checkText(&v, "summary", n.Summary, 1000, true)
	checkText(&v, "body", n.Body, 100000, false)
	ok := false
	for _, l := range Langs {
		ok = ok || l == n.Lang
	}
	if !ok {
		v.Add("lang", "toolkit.error.lang")
	}
	return v.Err()
}
