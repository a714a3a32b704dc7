package meetings

import (
	"context"
	"slices"
	"time"

	"github.com/samstyr/samstyr/internal/audit"
	"github.com/samstyr/samstyr/internal/errs"
	"github.com/samstyr/samstyr/internal/governance"
	"github.com/samstyr/samstyr/internal/i18n"
	"github.com/samstyr/samstyr/internal/listing"
	"github.com/samstyr/samstyr/internal/policy"
)

// Scope says which meetings and cases a reader may see beyond the
// published ones: every body's (All) or those of some bodies.
type Scope struct {
	All    bool
	Bodies []int64
}

// MeetingFilter selects meetings; lists are newest first.
type MeetingFilter struct {
	BodyID   int64
	BodyIDs  []int64 // any of these bodies (calendar feeds)
	From     time.Time
	Upcoming bool     // starting from From, oldest first
	States   []string // any of these states (none: every state)
	Scope    Scope
	Limit    int
	After    *listing.Cursor
}

// CaseFilter selects cases; lists are newest number first.
type CaseFilter struct {
	BodyID      int64
	MeetingID   int64
	State       string
	Unscheduled bool // not on any meeting's agenda
	// Decided keeps the cases with a recorded decision; BodyKinds those
	// of bodies of these kinds.
	Decided   bool
	BodyKinds []string
	Year      int // cases of this year (the year of their number)
	// Q matches the title, or a case number such as 14/26.
	Q     string
	Scope Scope
	Limit int
	After *listing.Cursor
}

// ActionFilter selects follow-up actions, by deadline.
type ActionFilter struct {
	BodyID           int64
	OwnerID          int64
	DecisionID       int64
	State            string
	DueBy            time.Time // deadline on or before this day
	NotRemindedSince bool      // reminded_on is empty
}

// Store is what the service needs from storage.
type Store interface {
	WithTx(ctx context.Context, fn func(ctx context.Context) error) error
	audit.Recorder
	FindBodyByID(ctx context.Context, id int64) (*governance.Body, error)
	FindMemberships(ctx context.Context, f governance.MembershipFilter) ([]*governance.Membership, error)
	PersonExists(ctx context.Context, id int64) (bool, error)
	FindActor(ctx context.Context, personID int64, today time.Time) (*policy.Actor, error)

	CreateMeeting(ctx context.Context, m *Meeting) error
	UpdateMeeting(ctx context.Context, m *Meeting) error
	FindMeetingByID(ctx context.Context, id int64) (*Meeting, error)
	FindMeetings(ctx context.Context, f MeetingFilter) ([]*Meeting, error)
	FindPreviousMeeting(ctx context.Context, bodyID int64, before time.Time) (*Meeting, error)

	NextCaseNumber(ctx context.Context, bodyID int64, year int) (int, error)
	CreateCase(ctx context.Context, c *Case) error
	UpdateCase(ctx context.Context, c *Case) error
	FindCaseByID(ctx context.Context, id int64) (*Case, error)
	FindCases(ctx context.Context, f CaseFilter) ([]*Case, error)
	MaxAgendaOrder(ctx context.Context, meetingID int64) (int, error)
	FindCaseLinks(ctx context.Context, caseID int64) ([]Link, error)
	FindCasesLinkedTo(ctx context.Context, itemType string, itemID int64) ([]*Case, error)
	// FindOpenStandingItems returns the standing items of a kind about a
	// meeting's minutes that are not yet handled or withdrawn.
	FindOpenStandingItems(ctx context.Context, standing string, minutesMeetingID int64) ([]*Case, error)
	AddCaseLink(ctx context.Context, caseID int64, l Link) error
	RemoveCaseLink(ctx context.Context, caseID int64, l Link) error
	CreateCaseAttachment(ctx context.Context, x *Attachment) error
	FindCaseAttachments(ctx context.Context, caseID int64) ([]*Attachment, error)
	FindCaseAttachment(ctx context.Context, id int64) (*Attachment, error)

	CreateDecision(ctx context.Context, d *Decision) error
	FindDecisionByID(ctx context.Context, id int64) (*Decision, error)
	FindDecisionByCase(ctx context.Context, caseID int64) (*Decision, error)
	FindDecisionRef(ctx context.Context, decisionID int64) (*governance.DecisionRef, error)

	CreateAttendee(ctx context.Context, t *Attendee) error
	UpdateAttendeeKind(ctx context.Context, id int64, kind string, forPersonID int64) error
	DeleteAttendee(ctx context.Context, id int64) error
	FindAttendance(ctx context.Context, meetingID int64) ([]*Attendee, error)

	CreateMinutes(ctx context.Context, m *Minutes) error
	UpdateMinutes(ctx context.Context, m *Minutes, frozen []byte) error
	FindMinutes(ctx context.Context, meetingID int64) (*Minutes, []byte, error)
	SetMinutesNote(ctx context.Context, meetingID, caseID int64, note string) error

	CreateAction(ctx context.Context, x *Action) error
	UpdateAction(ctx context.Context, x *Action) error
	FindActionByID(ctx context.Context, id int64) (*Action, error)
	FindActions(ctx context.Context, f ActionFilter) ([]*Action, error)

	SetCalendarFeed(ctx context.Context, personID int64, tokenHash string) error
	DeleteCalendarFeed(ctx context.Context, personID int64) error
	FindCalendarFeed(ctx context.Context, tokenHash string) (int64, error)
	HasCalendarFeed(ctx context.Context, personID int64) (bool, error)
}

// ItemInfo describes an item a case links to, for display.
type ItemInfo struct {
	Title  string
	Path   string
	Status string
}

// Resolver looks up an item of one type by id as the actor may see it,
// through the owning area's service and its visibility rule: NotFound when
// it does not exist or the actor may not know it exists (another
// organisation's draft need), Unauthenticated or Forbidden when the actor
// may not see it. The server registers one per linkable item type.
type Resolver func(ctx context.Context, a *policy.Actor, id int64) (ItemInfo, error)

// Service holds the meeting use cases.
type Service struct {
	store Store
	// Effects are the decision effects by kind (wired in internal/server).
	Effects Effects
	// Resolvers find linked items by type (wired in internal/server).
	Resolvers map[string]Resolver
	// Linked run when a case links an item of a type (wired in internal/server).
	Linked map[string]LinkHook
	// Notifier sends notices of meeting and reminders; nil sends nothing.
	Notifier Notifier
	// Catalog gives standing items their stored (bokmål) titles and the
	// documents their texts.
	Catalog *i18n.Catalog
	// BaseURL makes absolute links in calendar entries and mail.
	BaseURL string
	// MailFrom is the organiser address of calendar invitations.
	MailFrom string
	// ReminderDays is how many days before a deadline owners are reminded.
	ReminderDays int
	// Now is the clock; tests replace it.
	Now func() time.Time
}

// NewService returns the meeting service.
func NewService(s Store, cat *i18n.Catalog) *Service {
	return &Service{store: s, Catalog: cat, Effects: Effects{}, Resolvers: map[string]Resolver{}, ReminderDays: 7, Now: time.Now}
}

// scope returns what the actor may read beyond published material.
func scope(a *policy.Actor) Scope {
	if a == nil {
		return Scope{}
	}
	// BodyID -1 matches no membership: only the body-independent rules
	// (the secretariat, administrators, the system) allow it.
	if policy.Can(a, policy.CaseInternal, policy.Resource{BodyID: -1}) {
		return Scope{All: true}
	}
	var sc Scope
	for _, m := range a.Memberships {
		if policy.Can(a, policy.CaseInternal, policy.Resource{BodyID: m.BodyID}) && !slices.Contains(sc.Bodies, m.BodyID) {
			sc.Bodies = append(sc.Bodies, m.BodyID)
		}
	}
	return sc
}

// internal reports whether the actor reads the non-public material of a body.
func internal(a *policy.Actor, bodyID int64) bool {
	return policy.Can(a, policy.CaseInternal, policy.Resource{BodyID: bodyID})
}

func (s *Service) record(ctx context.Context, a *policy.Actor, action, typ string, id int64, before, after any) error {
	return s.store.Record(ctx, audit.Entry{ActorID: a.ID(), Action: action, ObjectType: typ, ObjectID: id, Before: before, After: after})
}

// today is the current calendar day in Europe/Oslo, as a date.
func (s *Service) today() time.Time {
	y, m, d := s.Now().In(i18n.Oslo()).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// nb returns the bokmål text of a key (stored titles of standing items).
func (s *Service) nb(key string, args ...any) string {
	if s.Catalog == nil {
		return key
	}
	return s.Catalog.Printer("nb").T(key, args...)
}

func notFound(kind string, id int64) error {
	return &errs.Error{Code: errs.NotFound, Key: "error.not_found", Args: map[string]any{"kind": kind, "id": itoa(id)}}
}

// MayManageMeetings reports (nil, or Unauthenticated or Forbidden) whether
// the actor may run the meetings of a body: the pages ask it before they
// show a form's own input errors, so that someone without the right is
// told so first (permission before fields).
func (s *Service) MayManageMeetings(a *policy.Actor, bodyID int64) error {
	return policy.Check(a, policy.MeetingManage, policy.Resource{BodyID: bodyID})
}

// MayManageMeeting is MayManageMeetings for the body of a meeting.
// Errors: NotFound, Unauthenticated, Forbidden.
func (s *Service) MayManageMeeting(ctx context.Context, a *policy.Actor, id int64) error {
	m, err := s.store.FindMeetingByID(ctx, id)
	if err != nil {
		return err
	}
	return s.MayManageMeetings(a, m.BodyID)
}

// MayManageCase reports whether the actor may change a case (its links,
// attachments, fields). Errors: NotFound, Unauthenticated, Forbidden.
func (s *Service) MayManageCase(ctx context.Context, a *policy.Actor, id int64) error {
	c, err := s.store.FindCaseByID(ctx, id)
	if err != nil {
		return err
	}
	return policy.Check(a, policy.CaseManage, policy.Resource{BodyID: c.BodyID})
}

// DecisionChoice is a recorded decision offered where a person picks the
// decision that something rests on (search-and-pick).
type DecisionChoice struct {
	ID   int64 `json:"id"`
	Case *Case `json:"case"`
}

// PickDecisions finds the recorded decisions the actor may see whose case
// title or number (14/26) matches q, of bodies of the given kinds (any when
// none), newest first. Errors: Invalid (too long a query).
func (s *Service) PickDecisions(ctx context.Context, a *policy.Actor, q string, bodyKinds []string, limit int) ([]DecisionChoice, error) {
	if len([]rune(q)) > 200 {
		return nil, errs.InvalidField("q", "error.too_long", "max", 200)
	}
	if limit <= 0 || limit > 20 {
		limit = 10
	}
	cases, err := s.store.FindCases(ctx, CaseFilter{Q: q, Decided: true, BodyKinds: bodyKinds, Scope: scope(a), Limit: limit})
	if err != nil {
		return nil, err
	}
	out := make([]DecisionChoice, 0, len(cases))
	for _, c := range cases {
		d, err := s.store.FindDecisionByCase(ctx, c.ID)
		if err != nil {
			return nil, err
		}
		if !internal(a, c.BodyID) {
			redactCase(c)
		}
		out = append(out, DecisionChoice{ID: d.ID, Case: c})
	}
	return out, nil
}
