// Package meetings holds the meetings of governance bodies: the notice and
// agenda, numbered cases (saker) with their case papers, attachments and
// linked items, decisions (vedtak) and what they change, attendance,
// minutes (referat), follow-up actions, publication without the exempt
// parts, calendar feeds and the documents (PDF) of a meeting.
//
// A decision is what other areas point at: recording one runs its effects
// (approve memberships, appoint working groups, prioritise needs) in the
// same transaction through the Effects registry wired in internal/server.
package meetings

import (
	"slices"
	"strings"
	"time"

	"github.com/samstyr/samstyr/internal/errs"
	"github.com/samstyr/samstyr/internal/governance"
)

// Meeting states.
const (
	MeetingPlanned         = "planned"
	MeetingNoticePublished = "notice_published"
	MeetingHeld            = "held"
	MeetingMinutesApproved = "minutes_approved"
	MeetingCancelled       = "cancelled"
)

// MeetingStates in order.
var MeetingStates = []string{MeetingPlanned, MeetingNoticePublished, MeetingHeld, MeetingMinutesApproved, MeetingCancelled}

// Meeting is a meeting of a body.
type Meeting struct {
	ID         int64     `json:"id"`
	BodyID     int64     `json:"body_id"`
	BodyKind   string    `json:"body_kind,omitempty"`
	BodyName   string    `json:"body_name,omitempty"`
	BodyNameNN string    `json:"-"`
	BodyNameEN string    `json:"-"`
	Title      string    `json:"title,omitempty"`
	StartsAt   time.Time `json:"starts_at"`
	EndsAt     time.Time `json:"ends_at"`
	Place      string    `json:"place,omitempty"`
	VideoURL   string    `json:"video_url,omitempty"`
	// JoinHidden is set when the meeting has join details (a video link)
	// this reader may not see (policy.MeetingJoin); they are cleared.
	JoinHidden   bool      `json:"join_hidden,omitempty"`
	NoticeText   string    `json:"notice_text,omitempty"`
	State        string    `json:"state"`
	Sequence     int       `json:"sequence"`
	PublishedAt  time.Time `json:"published_at,omitzero"`
	CancelledAt  time.Time `json:"cancelled_at,omitzero"`
	CancelReason string    `json:"cancel_reason,omitempty"`
	CreatedBy    int64     `json:"-"`
	CreatedAt    time.Time `json:"created_at"`
	UpdatedAt    time.Time `json:"updated_at"`
}

// Public reports whether the meeting's notice has been published; from
// then on its agenda, case papers, decisions and minutes are public except
// what is exempt.
func (m *Meeting) Public() bool { return !m.PublishedAt.IsZero() }

// BodyNameIn returns the body's name in the language given.
func (m *Meeting) BodyNameIn(lang string) string {
	switch lang {
	case "nn":
		return m.BodyNameNN
	case "en":
		return m.BodyNameEN
	}
	return m.BodyName
}

// UID is the stable iCalendar identifier of the meeting.
func (m *Meeting) UID() string { return "meeting-" + itoa(m.ID) + "@samstyr" }

// Normalize trims the meeting's texts and stores times in UTC.
func (m *Meeting) Normalize() {
	m.Title = strings.TrimSpace(m.Title)
	m.Place = strings.TrimSpace(m.Place)
	m.VideoURL = strings.TrimSpace(m.VideoURL)
	m.NoticeText = strings.TrimSpace(m.NoticeText)
	m.StartsAt = m.StartsAt.UTC().Truncate(time.Minute)
	m.EndsAt = m.EndsAt.UTC().Truncate(time.Minute)
}

// Validate checks the meeting's fields.
func (m *Meeting) Validate() error {
	var v errs.Validation
	if m.BodyID <= 0 {
		v.Add("body_id", "error.required")
	}
	if m.StartsAt.IsZero() {
		v.Add("starts_at", "error.required")
	}
	if m.EndsAt.IsZero() {
		v.Add("ends_at", "error.required")
	} else if !m.StartsAt.IsZero() && !m.EndsAt.After(m.StartsAt) {
		v.Add("ends_at", "meeting.error.ends_before")
	}
	if m.Place == "" && m.VideoURL == "" {
		v.Add("place", "meeting.error.place")
	}
	if m.VideoURL != "" && !strings.HasPrefix(m.VideoURL, "https://") {
		v.Add("video_url", "error.url")
	}
	limits := map[string]struct {
		s string
		n int
	}{"title": {m.Title, 200}, "place": {m.Place, 300}, "video_url": {m.VideoURL, 500}, "notice_text": {m.NoticeText, 20000}}
	for f, l := range limits {
		if len([]rune(l.s)) > l.n {
			v.Add(f, "error.too_long", "max", l.n)
		}
	}
	return v.Err()
}

// Case kinds.
const (
	KindDecision    = "decision"
	KindDiscussion  = "discussion"
	KindInformation = "information"
	KindStanding    = "standing"
	KindAOB         = "aob"
)

// CaseKinds in display order; standing items are made by the system.
var CaseKinds = []string{KindDecision, KindDiscussion, KindInformation, KindAOB}

// Standing items, generated for every meeting.
const (
	StandingNoticeAgenda    = "notice_agenda"
	StandingPreviousMinutes = "previous_minutes"
)

// Case states.
const (
	CaseProposed  = "proposed"
	CasePrepared  = "prepared"
	CaseOnAgenda  = "on_agenda"
	CaseHandled   = "handled"
	CaseDeferred  = "deferred"
	CaseWithdrawn = "withdrawn"
)

// CaseStates in order.
var CaseStates = []string{CaseProposed, CasePrepared, CaseOnAgenda, CaseHandled, CaseDeferred, CaseWithdrawn}

// Case is a numbered case (sak) of a body.
type Case struct {
	ID               int64         `json:"id"`
	BodyID           int64         `json:"body_id"`
	BodyName         string        `json:"body_name,omitempty"`
	BodyNameNN       string        `json:"-"`
	BodyNameEN       string        `json:"-"`
	Year             int           `json:"year"`
	Seq              int           `json:"seq"`
	Number           string        `json:"number"` // N/YY
	MeetingID        int64         `json:"meeting_id,omitempty"`
	MeetingPublic    bool          `json:"-"`
	MeetingStart     time.Time     `json:"meeting_start,omitzero"`
	AgendaOrder      int           `json:"agenda_order"`
	Kind             string        `json:"kind"`
	Standing         string        `json:"standing,omitempty"`
	MinutesMeetingID int64         `json:"minutes_meeting_id,omitempty"`
	Title            string        `json:"title"`
	PresenterID      int64         `json:"presenter_id,omitempty"`
	Presenter        string        `json:"presenter,omitempty"`
	Background       string        `json:"background,omitempty"`
	Assessment       string        `json:"assessment,omitempty"`
	Consequences     string        `json:"consequences,omitempty"`
	ProposedDecision string        `json:"proposed_decision,omitempty"`
	Exempt           bool          `json:"exempt"`
	LegalBasis       string        `json:"legal_basis,omitempty"`
	PublicTitle      string        `json:"public_title,omitempty"`
	State            string        `json:"state"`
	Redacted         bool          `json:"redacted,omitempty"` // exempt content removed for this reader
	Links            []Link        `json:"links"`
	Attachments      []*Attachment `json:"attachments"`
	Decision         *Decision     `json:"decision,omitempty"`
	// MinutesApproval is set on the standing item "approval of the
	// previous minutes" when those minutes were approved otherwise than by
	// this item's decision (by circulation, or at another meeting): the
	// item then offers no approval and has closed itself.
	MinutesApproval *MinutesApproval `json:"minutes_approval,omitempty"`
	CreatedBy       int64            `json:"-"`
	CreatedAt       time.Time        `json:"created_at"`
	UpdatedAt       time.Time        `json:"updated_at"`
}

// MinutesApproval is how the minutes a standing item approves were
// approved: on ApprovedAt, by circulation on CirculationDate, or by
// decision DecisionID.
type MinutesApproval struct {
	MeetingID       int64     `json:"meeting_id"`
	ApprovedAt      time.Time `json:"approved_at"`
	CirculationDate time.Time `json:"circulation_date,omitzero"`
	DecisionID      int64     `json:"decision_id,omitempty"`
}

// BodyNameIn returns the name of the case's body in the language.
func (c *Case) BodyNameIn(lang string) string {
	switch {
	case lang == "nn" && c.BodyNameNN != "":
		return c.BodyNameNN
	case lang == "en" && c.BodyNameEN != "":
		return c.BodyNameEN
	}
	return c.BodyName
}

// HasPaper reports whether the case paper has any text.
func (c *Case) HasPaper() bool {
	return c.Background != "" || c.Assessment != "" || c.Consequences != "" || c.ProposedDecision != ""
}

// Normalize trims the case's texts.
func (c *Case) Normalize() {
	for _, p := range []*string{&c.Title, &c.Presenter, &c.LegalBasis, &c.PublicTitle} {
		*p = strings.TrimSpace(*p)
	}
	for _, p := range []*string{&c.Background, &c.Assessment, &c.Consequences, &c.ProposedDecision} {
		*p = strings.TrimRight(strings.ReplaceAll(*p, "\r\n", "\n"), " \n\t")
	}
	if !c.Exempt {
		c.LegalBasis, c.PublicTitle = "", ""
	}
}

// Validate checks the case's fields. An exempt case needs a legal basis
// and a public title with names screened.
func (c *Case) Validate() error {
	var v errs.Validation
	if c.Title == "" {
		v.Add("title", "error.required")
	} else if len([]rune(c.Title)) > 300 {
		v.Add("title", "error.too_long", "max", 300)
	}
	if c.Standing == "" && !slices.Contains(CaseKinds, c.Kind) {
		v.Add("kind", "case.error.kind")
	}
	if len([]rune(c.Presenter)) > 200 {
		v.Add("presenter", "error.too_long", "max", 200)
	}
	for f, s := range map[string]string{"background": c.Background, "assessment": c.Assessment, "consequences": c.Consequences, "proposed_decision": c.ProposedDecision} {
		if len([]rune(s)) > 50000 {
			v.Add(f, "error.too_long", "max", 50000)
		}
	}
	validExempt(&v, c.Exempt, c.LegalBasis, c.PublicTitle, c.Title)
	return v.Err()
}

// validExempt checks the exemption fields shared by cases and attachments.
func validExempt(v *errs.Validation, exempt bool, basis, publicTitle, title string) {
	if !exempt {
		return
	}
	if basis == "" {
		v.Add("legal_basis", "case.error.legal_basis")
	} else if len([]rune(basis)) > 200 {
		v.Add("legal_basis", "error.too_long", "max", 200)
	}
	if publicTitle == "" {
		v.Add("public_title", "case.error.public_title")
	} else if len([]rune(publicTitle)) > 300 {
		v.Add("public_title", "error.too_long", "max", 300)
	} else if publicTitle == title && title != "" {
		v.Add("public_title", "case.error.public_title_same")
	}
}

// Link is an item a case concerns: a need, a prioritisation round, a
// membership, a working group (later directives and projects).
type Link struct {
	ItemType string `json:"item_type"`
	ItemID   int64  `json:"item_id"`
	Title    string `json:"title,omitempty"`
	Path     string `json:"path,omitempty"`
	Status   string `json:"status,omitempty"`
	// Hidden: the reader may not see the linked item; its title, path and
	// state are left out.
	Hidden bool `json:"hidden,omitempty"`
}

// Attachment is a file attached to a case, stored in the database.
type Attachment struct {
	ID          int64     `json:"id"`
	CaseID      int64     `json:"case_id"`
	Name        string    `json:"name"`
	ContentType string    `json:"content_type"`
	Size        int64     `json:"size"`
	Exempt      bool      `json:"exempt"`
	LegalBasis  string    `json:"legal_basis,omitempty"`
	PublicTitle string    `json:"public_title,omitempty"`
	Redacted    bool      `json:"redacted,omitempty"`
	Data        []byte    `json:"-"`
	CreatedBy   int64     `json:"-"`
	CreatedAt   time.Time `json:"created_at"`
}

// Decision kinds.
var DecisionKinds = []string{"approval", "priority", "appointment", "budget", "advice"}

// Decision is a decision (vedtak) in a case of a held meeting.
type Decision struct {
	ID           int64          `json:"id"`
	CaseID       int64          `json:"case_id"`
	CaseNumber   string         `json:"case_number,omitempty"`
	MeetingID    int64          `json:"meeting_id"`
	BodyID       int64          `json:"body_id"`
	Kind         string         `json:"kind"`
	Text         string         `json:"text"`
	Unanimous    bool           `json:"unanimous"`
	VotesFor     int            `json:"votes_for"`
	VotesAgainst int            `json:"votes_against"`
	VotesAbstain int            `json:"votes_abstaining"`
	Dissent      string         `json:"dissent,omitempty"`
	Effects      []string       `json:"effects"`
	Disqualified []Disqualified `json:"disqualified"`
	DecidedAt    time.Time      `json:"decided_at"`
	Redacted     bool           `json:"redacted,omitempty"`
	CreatedBy    int64          `json:"-"`
	CreatedAt    time.Time      `json:"created_at"`
	// Priority is given with approve_directive (internal/directives keeps
	// it on the directive and the project); not stored with the decision.
	Priority int64 `json:"priority,omitempty"`
	// Choice is the option chosen with choose_direction (1-based; kept on
	// the project input, not with the decision).
	Choice int64 `json:"choice,omitempty"`
}

// Disqualified is a member who declared themselves disqualified (inhabil)
// and left the case.
type Disqualified struct {
	PersonID int64  `json:"person_id"`
	Name     string `json:"name,omitempty"`
	Reason   string `json:"reason,omitempty"`
}

// Normalize trims the decision's texts; a unanimous decision has no
// dissent and no vote counts against.
func (d *Decision) Normalize() {
	d.Text = strings.TrimSpace(strings.ReplaceAll(d.Text, "\r\n", "\n"))
	d.Dissent = strings.TrimSpace(d.Dissent)
	if d.Unanimous {
		d.VotesAgainst, d.VotesAbstain, d.Dissent = 0, 0, ""
	}
}

// Validate checks the decision's fields.
func (d *Decision) Validate() error {
	var v errs.Validation
	if !slices.Contains(DecisionKinds, d.Kind) {
		v.Add("kind", "decision.error.kind")
	}
	if d.Text == "" {
		v.Add("text", "error.required")
	} else if len([]rune(d.Text)) > 20000 {
		v.Add("text", "error.too_long", "max", 20000)
	}
	if d.VotesFor < 0 || d.VotesAgainst < 0 || d.VotesAbstain < 0 {
		v.Add("votes_for", "error.not_negative")
	}
	if !d.Unanimous && d.VotesFor+d.VotesAgainst+d.VotesAbstain == 0 {
		v.Add("votes_for", "decision.error.votes")
	}
	if len([]rune(d.Dissent)) > 5000 {
		v.Add("dissent", "error.too_long", "max", 5000)
	}
	seen := map[int64]bool{}
	for _, q := range d.Disqualified {
		if q.PersonID <= 0 || seen[q.PersonID] {
			v.Add("disqualified", "decision.error.disqualified")
			break
		}
		seen[q.PersonID] = true
	}
	return v.Err()
}

// Attendance kinds.
var AttendanceKinds = []string{"present", "absent_notice", "absent", "deputy", "observer", "secretariat", "guest"}

// Attendee is one line of a meeting's attendance.
type Attendee struct {
	ID           int64     `json:"id"`
	MeetingID    int64     `json:"meeting_id"`
	Kind         string    `json:"kind"`
	PersonID     int64     `json:"person_id,omitempty"`
	Name         string    `json:"name"`
	Organisation string    `json:"organisation,omitempty"`
	ForPersonID  int64     `json:"for_person_id,omitempty"`
	ForName      string    `json:"for_name,omitempty"`
	CaseID       int64     `json:"case_id,omitempty"`
	CaseNumber   string    `json:"case_number,omitempty"`
	CreatedAt    time.Time `json:"created_at"`
}

// Validate checks an attendance line: a deputy attends for someone, a
// guest may come for one case, and a line names a person or a name.
func (t *Attendee) Validate() error {
	var v errs.Validation
	t.Name, t.Organisation = strings.TrimSpace(t.Name), strings.TrimSpace(t.Organisation)
	if !slices.Contains(AttendanceKinds, t.Kind) {
		v.Add("kind", "attendance.error.kind")
	}
	if t.PersonID == 0 && t.Name == "" {
		v.Add("person_id", "attendance.error.who")
	}
	if t.Kind == "deputy" && t.ForPersonID == 0 {
		v.Add("for_person_id", "attendance.error.for")
	}
	if t.Kind != "deputy" {
		t.ForPersonID = 0
	}
	if t.CaseID != 0 && t.Kind != "guest" {
		v.Add("case_id", "attendance.error.case")
	}
	if len([]rune(t.Name)) > 200 || len([]rune(t.Organisation)) > 200 {
		v.Add("name", "error.too_long", "max", 200)
	}
	return v.Err()
}

// Minutes states.
const (
	MinutesDraft    = "draft"
	MinutesApproved = "approved"
)

// Minutes are the minutes (referat) of a meeting: an introduction and a
// note per case, composed with the attendance, the cases and the decisions.
type Minutes struct {
	MeetingID          int64            `json:"meeting_id"`
	Intro              string           `json:"intro"`
	State              string           `json:"state"`
	ApprovedAt         time.Time        `json:"approved_at,omitzero"`
	ApprovalDecisionID int64            `json:"approval_decision_id,omitempty"`
	CirculationDate    time.Time        `json:"circulation_date,omitzero"`
	CirculationNote    string           `json:"circulation_note,omitempty"`
	Notes              map[int64]string `json:"notes"` // by case id
	CreatedAt          time.Time        `json:"created_at"`
	UpdatedAt          time.Time        `json:"updated_at"`
}

// Action states.
const (
	ActionOpen = "open"
	ActionDone = "done"
)

// Action is a follow-up action from a decision.
type Action struct {
	ID         int64     `json:"id"`
	DecisionID int64     `json:"decision_id"`
	BodyID     int64     `json:"body_id"`
	CaseID     int64     `json:"case_id"`
	CaseNumber string    `json:"case_number"`
	MeetingID  int64     `json:"meeting_id"`
	Title      string    `json:"title"`
	OwnerID    int64     `json:"owner_id"`
	OwnerName  string    `json:"owner_name,omitempty"`
	Deadline   time.Time `json:"deadline"`
	State      string    `json:"state"`
	DoneAt     time.Time `json:"done_at,omitzero"`
	RemindedOn time.Time `json:"reminded_on,omitzero"`
	CreatedBy  int64     `json:"-"`
	CreatedAt  time.Time `json:"created_at"`
	UpdatedAt  time.Time `json:"updated_at"`
}

// Validate checks an action's fields.
func (x *Action) Validate() error {
	var v errs.Validation
	x.Title = strings.TrimSpace(x.Title)
	if x.Title == "" {
		v.Add("title", "error.required")
	} else if len([]rune(x.Title)) > 300 {
		v.Add("title", "error.too_long", "max", 300)
	}
	if x.OwnerID <= 0 {
		v.Add("owner_id", "error.required")
	}
	if x.Deadline.IsZero() {
		v.Add("deadline", "error.required")
	}
	return v.Err()
}

// caseNumber formats N/YY.
func caseNumber(seq, year int) string { return governance.CaseNumber(seq, year) }

func itoa(n int64) string {
	if n == 0 {
		return "0"
	}
	neg := n < 0
	if neg {
		n = -n
	}
	var b []byte
	for n > 0 {
		b = append([]byte{byte('0' + n%10)}, b...)
		n /= 10
	}
	if neg {
		b = append([]byte{'-'}, b...)
	}
	return string(b)
}
