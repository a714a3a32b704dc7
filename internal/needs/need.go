// Package needs is the programme's needs method (behov: innmelding,
// håndtering, prioritering): member organisations submit needs, other
// organisations back them, the secretariat triages and merges them, the
// working committee keeps the assessment method, and prioritisation rounds
// score and rank them. It holds the types, validation, the state machine and
// the use cases (Service); storage is behind the Store interface.
package needs

import (
	"regexp"
	"slices"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/samstyr/samstyr/internal/errs"
	"github.com/samstyr/samstyr/internal/governance"
)

// States of a need, in the order of the method.
const (
	Draft           = "draft"
	Submitted       = "submitted"
	InTriage        = "in_triage"
	Returned        = "returned"
	Rejected        = "rejected"
	UnderAssessment = "under_assessment"
	Assessed        = "assessed"
	Prioritised     = "prioritised"
	Parked          = "parked"
	InConcept       = "in_concept"
	InProject       = "in_project"
	Resolved        = "resolved"
	Withdrawn       = "withdrawn"
	Merged          = "merged"
)

// States lists every state in display order.
var States = []string{Draft, Submitted, InTriage, Returned, Rejected, UnderAssessment, Assessed, Prioritised, Parked,
	InConcept, InProject, Resolved, Withdrawn, Merged}

// Closed states: nothing moves out of them.
var closedStates = []string{Rejected, Resolved, Withdrawn, Merged}

// IsOpen reports whether a need in state may still move (and be withdrawn
// or merged).
func IsOpen(state string) bool {
	return slices.Contains(States, state) && !slices.Contains(closedStates, state)
}

// Affected groups, areas, source categories, urgencies and sizes.
var (
	AffectedGroups = []string{"citizens", "businesses", "case_officers", "state"}
	Areas          = []string{"plan", "bygg", "geodata", "cross_cutting"}
	Sources        = []string{"law_change", "national_strategy", "own_strategy", "needs_survey", "efficiency", "identified_problem", "innovation"}
	Urgencies      = []string{"low", "medium", "high", "critical"}
	Sizes          = []string{"xs", "s", "m", "l", "xl"}
)

// Sorts of the need list.
var Sorts = []string{"newest", "oldest", "priority", "backing", "reach"}

// Need is one need (behov) submitted by a member organisation.
type Need struct {
	ID            int64     `json:"id"`
	Title         string    `json:"title"`
	Problem       string    `json:"problem"`
	Affected      []string  `json:"affected"`
	Area          string    `json:"area"`
	Source        string    `json:"source,omitempty"`
	Benefit       string    `json:"benefit,omitempty"`
	HoursSaved    int64     `json:"hours_saved,omitempty"` // per municipality per year
	NOKSaved      int64     `json:"nok_saved,omitempty"`   // whole NOK per municipality per year
	Urgency       string    `json:"urgency,omitempty"`
	LegalDeadline time.Time `json:"legal_deadline,omitzero"`
	Standards     []string  `json:"standards"`
	Components    []string  `json:"components"`
	Size          string    `json:"size,omitempty"`
	OrgID         int64     `json:"organisation_id"`
	OrgName       string    `json:"organisation_name,omitempty"`
	ContactID     int64     `json:"contact_id,omitempty"`
	ContactName   string    `json:"contact_name,omitempty"`
	SubmitterID   int64     `json:"submitter_id,omitempty"`
	SubmitterName string    `json:"submitter_name,omitempty"`
	State         string    `json:"state"`
	Public        bool      `json:"public"`
	MergedInto    int64     `json:"merged_into,omitempty"`
	ReviewDate    time.Time `json:"review_date,omitzero"`  // when parked
	BodyID        int64     `json:"body_id,omitempty"`     // the body that prioritised it
	DecisionID    int64     `json:"decision_id,omitempty"` // the decision that prioritised it
	DecisionRef   string    `json:"decision_ref,omitempty"`
	// Decision is the decision that prioritised it, with its body, case and
	// meeting (the need's page and API; not in lists).
	Decision *governance.DecisionRef `json:"decision,omitempty"`
	// DecisionUnmatched: DecisionRef is free text (from before decisions
	// were linked) that matches no recorded decision; the secretariat
	// links the right one.
	DecisionUnmatched bool      `json:"decision_unmatched,omitempty"`
	SubmittedAt       time.Time `json:"submitted_at,omitzero"`
	CreatedAt         time.Time `json:"created_at"`
	UpdatedAt         time.Time `json:"updated_at"`

	// From the lists: backing counts and the latest closed round's result.
	Backers    int64   `json:"backers"`
	Reach      int64   `json:"population_reach"`
	Rank       int64   `json:"rank,omitempty"`
	Score      float64 `json:"score,omitempty"`
	SearchRank float64 `json:"-"`
}

// Redact removes personal data (names and person ids) for the public.
func (n *Need) Redact() {
	n.ContactID, n.ContactName, n.SubmitterID, n.SubmitterName = 0, "", 0, ""
}

// Input is what a person gives when submitting or editing a need.
type Input struct {
	Title         string    `json:"title"`
	Problem       string    `json:"problem"`
	Affected      []string  `json:"affected"`
	Area          string    `json:"area"`
	Source        string    `json:"source"`
	Benefit       string    `json:"benefit"`
	HoursSaved    int64     `json:"hours_saved"`
	NOKSaved      int64     `json:"nok_saved"`
	Urgency       string    `json:"urgency"`
	LegalDeadline time.Time `json:"legal_deadline"`
	Standards     []string  `json:"standards"`
	Components    []string  `json:"components"`
	Size          string    `json:"size"`
	ContactID     int64     `json:"contact_id"`
	Draft         bool      `json:"draft"`
	// Attachments are filed with the need when it is created (pages); the
	// API adds them afterwards, one request each.
	Attachments []*Attachment `json:"-"`
}

// maxAttachmentsAtOnce bounds the files given with a new need.
const maxAttachmentsAtOnce = 10

// Text limits.
const (
	maxTitle   = 200
	maxText    = 10000
	maxListed  = 20
	maxListLen = 120
)

// reMarkup finds HTML tags and script in text fields; the pages escape all
// text anyway, but markup in a need is refused so that it is never stored.
var reMarkup = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`(?i)<\s*/?\s*[a-z!][^>]*>|javascript\s*:`)
})

// HasMarkup reports whether s contains HTML tags or a javascript: URL.
func HasMarkup(s string) bool { return reMarkup().MatchString(s) }

// Normalize trims the input and removes empty and repeated list entries.
func (in *Input) Normalize() {
	in.Title = strings.TrimSpace(in.Title)
	in.Problem = strings.TrimSpace(in.Problem)
	in.Benefit = strings.TrimSpace(in.Benefit)
	in.Area, in.Source, in.Urgency, in.Size = strings.TrimSpace(in.Area), strings.TrimSpace(in.Source), strings.TrimSpace(in.Urgency), strings.TrimSpace(in.Size)
	in.Affected = cleanList(in.Affected)
	in.Standards = cleanList(in.Standards)
	in.Components = cleanList(in.Components)
}

func cleanList(xs []string) []string {
	out := []string{}
	for _, x := range xs {
		x = strings.TrimSpace(x)
		if x != "" && !slices.Contains(out, x) {
			out = append(out, x)
		}
	}
	return out
}

// SplitList splits a text of one item per line (or comma) into a list.
func SplitList(s string) []string {
	return cleanList(strings.FieldsFunc(s, func(r rune) bool { return r == '\n' || r == ',' || r == ';' }))
}

// Validate checks the input. A draft needs only a title; a submission needs
// the title, the problem, the area and at least one affected group.
func (in *Input) Validate() error {
	var v errs.Validation
	text := func(field, s string, max int, required bool) {
		switch {
		case s == "" && required:
			v.Add(field, "error.required")
		case utf8.RuneCountInString(s) > max:
			v.Add(field, "error.too_long", "max", max)
		case HasMarkup(s):
			v.Add(field, "needs.error.markup")
		}
	}
	text("title", in.Title, maxTitle, true)
	text("problem", in.Problem, maxText, !in.Draft)
	text("benefit", in.Benefit, maxText, false)
	if in.Area == "" && !in.Draft {
		v.Add("area", "needs.error.area")
	} else if in.Area != "" && !slices.Contains(Areas, in.Area) {
		v.Add("area", "needs.error.area")
	}
	for _, a := range in.Affected {
		if !slices.Contains(AffectedGroups, a) {
			v.Add("affected", "needs.error.affected")
			break
		}
	}
	oneOf := func(field, val string, allowed []string) {
		if val != "" && !slices.Contains(allowed, val) {
			v.Add(field, "needs.error.choice")
		}
	}
	oneOf("source", in.Source, Sources)
	oneOf("urgency", in.Urgency, Urgencies)
	oneOf("size", in.Size, Sizes)
	if in.HoursSaved < 0 {
		v.Add("hours_saved", "error.not_negative")
	}
	if in.NOKSaved < 0 {
		v.Add("nok_saved", "error.not_negative")
	}
	list := func(field string, xs []string) {
		if len(xs) > maxListed {
			v.Add(field, "needs.error.list_long", "max", maxListed)
			return
		}
		for _, x := range xs {
			if utf8.RuneCountInString(x) > maxListLen {
				v.Add(field, "error.too_long", "max", maxListLen)
				return
			}
			if HasMarkup(x) {
				v.Add(field, "needs.error.markup")
				return
			}
		}
	}
	list("standards", in.Standards)
	list("components", in.Components)
	return v.Err()
}

// apply copies the input's fields onto n.
func (in *Input) apply(n *Need) {
	n.Title, n.Problem, n.Affected, n.Area, n.Source = in.Title, in.Problem, in.Affected, in.Area, in.Source
	n.Benefit, n.HoursSaved, n.NOKSaved, n.Urgency, n.LegalDeadline = in.Benefit, in.HoursSaved, in.NOKSaved, in.Urgency, in.LegalDeadline
	n.Standards, n.Components, n.Size = in.Standards, in.Components, in.Size
}

// InputOf returns the editable fields of n.
func InputOf(n *Need) Input {
	return Input{Title: n.Title, Problem: n.Problem, Affected: n.Affected, Area: n.Area, Source: n.Source, Benefit: n.Benefit,
		HoursSaved: n.HoursSaved, NOKSaved: n.NOKSaved, Urgency: n.Urgency, LegalDeadline: n.LegalDeadline,
		Standards: n.Standards, Components: n.Components, Size: n.Size, ContactID: n.ContactID, Draft: n.State == Draft}
}
