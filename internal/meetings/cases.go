package meetings

import (
	"context"
	"net/http"
	"slices"
	"strings"

	"github.com/samstyr/samstyr/internal/errs"
	"github.com/samstyr/samstyr/internal/i18n"
	"github.com/samstyr/samstyr/internal/listing"
	"github.com/samstyr/samstyr/internal/policy"
)

// caseTransitions is the case state machine: the states each move may
// start from. Every move needs policy.CaseManage on the case's body.
var caseTransitions = map[string][]string{
	CasePrepared:  {CaseProposed, CaseOnAgenda},
	CaseOnAgenda:  {CaseProposed, CasePrepared, CaseDeferred},
	CaseHandled:   {CaseOnAgenda},
	CaseDeferred:  {CaseOnAgenda},
	CaseWithdrawn: {CaseProposed, CasePrepared, CaseOnAgenda, CaseDeferred},
}

// CanMoveCase reports whether a case in state from may move to to.
func CanMoveCase(from, to string) bool { return slices.Contains(caseTransitions[to], from) }

// CreateCase registers a case of a body and gives it the next number of
// the year (N/YY), taken from the body's counter in the same transaction.
// Errors: Forbidden, NotFound (body), Invalid.
func (s *Service) CreateCase(ctx context.Context, a *policy.Actor, c *Case) error {
	if err := policy.Check(a, policy.CaseManage, policy.Resource{BodyID: c.BodyID}); err != nil {
		return err
	}
	c.Normalize()
	c.Standing, c.MinutesMeetingID, c.MeetingID, c.AgendaOrder = "", 0, 0, 0
	c.State, c.CreatedBy = CaseProposed, a.ID()
	if err := c.Validate(); err != nil {
		return err
	}
	c.Year = s.Now().In(i18n.Oslo()).Year()
	return s.store.WithTx(ctx, func(ctx context.Context) error {
		if _, err := s.store.FindBodyByID(ctx, c.BodyID); err != nil {
			return err
		}
		if err := s.checkPresenter(ctx, c); err != nil {
			return err
		}
		return s.createCase(ctx, a, c)
	})
}

func (s *Service) createCase(ctx context.Context, a *policy.Actor, c *Case) error {
	n, err := s.store.NextCaseNumber(ctx, c.BodyID, c.Year)
	if err != nil {
		return err
	}
	c.Seq, c.Number = n, caseNumber(n, c.Year)
	if err := s.store.CreateCase(ctx, c); err != nil {
		return err
	}
	return s.record(ctx, a, "case.create", "case", c.ID, nil, c)
}

func (s *Service) checkPresenter(ctx context.Context, c *Case) error {
	if c.PresenterID == 0 {
		return nil
	}
	ok, err := s.store.PersonExists(ctx, c.PresenterID)
	if err != nil {
		return err
	}
	if !ok {
		return errs.InvalidField("presenter_id", "error.reference")
	}
	return nil
}

// CaseUpdate is a change to a case's title, paper and exemption. Number,
// when given, must be the case's own: numbers are never edited.
type CaseUpdate struct {
	Number           string
	Kind             string
	Title            string
	PresenterID      int64
	Presenter        string
	Background       string
	Assessment       string
	Consequences     string
	ProposedDecision string
	Exempt           bool
	LegalBasis       string
	PublicTitle      string
}

// UpdateCase changes a case that is not handled or withdrawn. Errors:
// Forbidden, NotFound, Invalid (also a changed number), Conflict (closed).
func (s *Service) UpdateCase(ctx context.Context, a *policy.Actor, id int64, u CaseUpdate) (*Case, error) {
	var out *Case
	err := s.store.WithTx(ctx, func(ctx context.Context) error {
		c, err := s.store.FindCaseByID(ctx, id)
		if err != nil {
			return err
		}
		if err := policy.Check(a, policy.CaseManage, policy.Resource{BodyID: c.BodyID}); err != nil {
			return err
		}
		if u.Number != "" && strings.TrimSpace(u.Number) != c.Number {
			return errs.InvalidField("number", "case.error.number_fixed", "number", c.Number)
		}
		if c.State == CaseHandled || c.State == CaseWithdrawn {
			return errs.E(errs.Conflict, "case.error.closed")
		}
		before := *c
		if c.Standing == "" {
			c.Kind, c.Title = u.Kind, u.Title
		}
		c.PresenterID, c.Presenter = u.PresenterID, u.Presenter
		c.Background, c.Assessment, c.Consequences, c.ProposedDecision = u.Background, u.Assessment, u.Consequences, u.ProposedDecision
		c.Exempt, c.LegalBasis, c.PublicTitle = u.Exempt, u.LegalBasis, u.PublicTitle
		c.Normalize()
		if err := c.Validate(); err != nil {
			return err
		}
		if err := s.checkPresenter(ctx, c); err != nil {
			return err
		}
		if err := s.store.UpdateCase(ctx, c); err != nil {
			return err
		}
		out = c
		return s.record(ctx, a, "case.update", "case", c.ID, before, c)
	})
	return out, err
}

// MoveCase moves a case through its states: prepare, put on the agenda of
// a planned or announced meeting of the same body (meetingID), take it off
// again, mark it handled or deferred in a held meeting, or withdraw it.
// A withdrawn case keeps its number. Errors: Forbidden, NotFound, Invalid,
// Conflict (move not allowed now).
func (s *Service) MoveCase(ctx context.Context, a *policy.Actor, id int64, to string, meetingID int64) (*Case, error) {
	var out *Case
	err := s.store.WithTx(ctx, func(ctx context.Context) error {
		c, err := s.store.FindCaseByID(ctx, id)
		if err != nil {
			return err
		}
		if err := policy.Check(a, policy.CaseManage, policy.Resource{BodyID: c.BodyID}); err != nil {
			return err
		}
		if !slices.Contains(CaseStates, to) {
			return errs.InvalidField("state", "case.error.state")
		}
		if !CanMoveCase(c.State, to) || (c.Standing != "" && to != CaseHandled && to != CaseDeferred) {
			return errs.E(errs.Conflict, "case.error.transition", "from", c.State, "to", to)
		}
		before := *c
		if err := s.moveCase(ctx, c, to, meetingID); err != nil {
			return err
		}
		if err := s.store.UpdateCase(ctx, c); err != nil {
			return err
		}
		out = c
		return s.record(ctx, a, "case."+to, "case", c.ID, before, c)
	})
	return out, err
}

// moveCase applies the conditions and changes of one case move.
func (s *Service) moveCase(ctx context.Context, c *Case, to string, meetingID int64) error {
	switch to {
	case CasePrepared:
		if c.State == CaseOnAgenda {
			m, err := s.store.FindMeetingByID(ctx, c.MeetingID)
			if err != nil {
				return err
			}
			if m.State != MeetingPlanned && m.State != MeetingNoticePublished {
				return errs.E(errs.Conflict, "case.error.meeting_held")
			}
			c.MeetingID, c.AgendaOrder = 0, 0
		} else if c.Kind == KindDecision && c.ProposedDecision == "" {
			return errs.InvalidField("proposed_decision", "case.error.needs_proposal")
		}
	case CaseOnAgenda:
		if meetingID == 0 {
			return errs.InvalidField("meeting_id", "error.required")
		}
		m, err := s.store.FindMeetingByID(ctx, meetingID)
		if errs.Is(err, errs.NotFound) {
			return errs.InvalidField("meeting_id", "error.reference")
		} else if err != nil {
			return err
		}
		if m.BodyID != c.BodyID {
			return errs.InvalidField("meeting_id", "case.error.other_body")
		}
		if m.State != MeetingPlanned && m.State != MeetingNoticePublished {
			return errs.InvalidField("meeting_id", "case.error.meeting_closed")
		}
		max, err := s.store.MaxAgendaOrder(ctx, m.ID)
		if err != nil {
			return err
		}
		c.MeetingID, c.AgendaOrder = m.ID, max+1
	case CaseHandled, CaseDeferred:
		m, err := s.store.FindMeetingByID(ctx, c.MeetingID)
		if err != nil {
			return err
		}
		if m.State != MeetingHeld {
			return errs.E(errs.Conflict, "case.error.meeting_not_held")
		}
		if to == CaseHandled && (c.Kind == KindDecision || c.Standing != "") {
			d, err := s.store.FindDecisionByCase(ctx, c.ID)
			if err != nil && !errs.Is(err, errs.NotFound) {
				return err
			}
			if d == nil {
				return errs.E(errs.Conflict, "case.error.needs_decision")
			}
		}
	}
	c.State = to
	return nil
}

// Case returns a case the actor may read, with its links, attachments and
// decision; exempt content is removed for readers without access.
// Errors: NotFound, Unauthenticated, Forbidden.
func (s *Service) Case(ctx context.Context, a *policy.Actor, id int64) (*Case, error) {
	c, err := s.store.FindCaseByID(ctx, id)
	if err != nil {
		return nil, err
	}
	if err := policy.Check(a, policy.CaseView, policy.Resource{BodyID: c.BodyID, Public: c.MeetingPublic}); err != nil {
		return nil, err
	}
	return c, s.fill(ctx, a, c, internal(a, c.BodyID))
}

// Cases lists the cases the actor may see.
func (s *Service) Cases(ctx context.Context, a *policy.Actor, f CaseFilter) (listing.Page[*Case], error) {
	var page listing.Page[*Case]
	if err := policy.Check(a, policy.MeetingList, policy.Resource{}); err != nil {
		return page, err
	}
	if f.State != "" && !slices.Contains(CaseStates, f.State) {
		return page, errs.InvalidField("state", "case.error.state")
	}
	if f.Limit <= 0 || f.Limit > listing.MaxLimit {
		f.Limit = listing.DefaultLimit
	}
	f.Scope = scope(a)
	want := f.Limit
	f.Limit++
	rows, err := s.store.FindCases(ctx, f)
	if err != nil {
		return page, err
	}
	for _, c := range rows {
		if !internal(a, c.BodyID) {
			redactCase(c)
		}
	}
	return listing.Trim(rows, want, func(c *Case) listing.Cursor {
		return listing.Cursor{Key: itoa(int64(c.Year*100000 + c.Seq)), ID: c.ID}
	}), nil
}

// fill loads a case's links (as actor a may see them), attachments and
// decision, and redacts what the reader may not see.
func (s *Service) fill(ctx context.Context, a *policy.Actor, c *Case, in bool) error {
	links, err := s.store.FindCaseLinks(ctx, c.ID)
	if err != nil {
		return err
	}
	if c.Links, err = s.resolve(ctx, a, links); err != nil {
		return err
	}
	if c.Attachments, err = s.store.FindCaseAttachments(ctx, c.ID); err != nil {
		return err
	}
	d, err := s.store.FindDecisionByCase(ctx, c.ID)
	if err != nil && !errs.Is(err, errs.NotFound) {
		return err
	}
	c.Decision = d
	if c.MinutesApproval, err = s.minutesApproval(ctx, c); err != nil {
		return err
	}
	if !in {
		redactCase(c)
	}
	return nil
}

// minutesApproval returns how the minutes a standing "approval of the
// previous minutes" item approves were approved, when they were approved
// otherwise than by the item's own decision; nil for other cases.
func (s *Service) minutesApproval(ctx context.Context, c *Case) (*MinutesApproval, error) {
	if c.Standing != StandingPreviousMinutes || c.MinutesMeetingID == 0 {
		return nil, nil
	}
	min, _, err := s.store.FindMinutes(ctx, c.MinutesMeetingID)
	if errs.Is(err, errs.NotFound) {
		return nil, nil
	} else if err != nil {
		return nil, err
	}
	if min.State != MinutesApproved || (c.Decision != nil && min.ApprovalDecisionID == c.Decision.ID) {
		return nil, nil
	}
	return &MinutesApproval{MeetingID: min.MeetingID, ApprovedAt: min.ApprovedAt, CirculationDate: min.CirculationDate,
		DecisionID: min.ApprovalDecisionID}, nil
}

// resolve gives each link the title, path and state of its item as actor
// a may see it; an item a may not see is marked hidden, with none of them.
func (s *Service) resolve(ctx context.Context, a *policy.Actor, links []Link) ([]Link, error) {
	out := make([]Link, 0, len(links))
	for _, l := range links {
		l.Title, l.Path, l.Status, l.Hidden = "", "", "", true
		if r := s.Resolvers[l.ItemType]; r != nil {
			info, err := r(ctx, a, l.ItemID)
			switch errs.CodeOf(err) {
			case "":
				l.Title, l.Path, l.Status, l.Hidden = info.Title, info.Path, info.Status, false
			case errs.NotFound, errs.Forbidden, errs.Unauthenticated:
			default:
				return nil, err
			}
		}
		out = append(out, l)
	}
	return out, nil
}

// screenLinks hides, in links kept from earlier (frozen minutes), the
// items actor a may not see now.
func (s *Service) screenLinks(ctx context.Context, a *policy.Actor, cases []*Case) error {
	for _, c := range cases {
		for i := range c.Links {
			l := &c.Links[i]
			r := s.Resolvers[l.ItemType]
			if r == nil {
				continue
			}
			_, err := r(ctx, a, l.ItemID)
			switch errs.CodeOf(err) {
			case "":
			case errs.NotFound, errs.Forbidden, errs.Unauthenticated:
				l.Title, l.Path, l.Status, l.Hidden = "", "", "", true
			default:
				return err
			}
		}
	}
	return nil
}

// redactCase removes exempt content: an exempt case shows only its public
// title and legal basis; an exempt attachment only its public title.
func redactCase(c *Case) {
	if c.Exempt {
		c.Title = c.PublicTitle
		c.Background, c.Assessment, c.Consequences, c.ProposedDecision = "", "", "", ""
		c.Presenter, c.PresenterID = "", 0
		c.Links = []Link{}
		c.Redacted = true
		if c.Decision != nil {
			c.Decision.Text, c.Decision.Dissent, c.Decision.Disqualified, c.Decision.Redacted = "", "", []Disqualified{}, true
		}
	}
	kept := make([]*Attachment, 0, len(c.Attachments))
	for _, x := range c.Attachments {
		if c.Exempt || x.Exempt {
			y := *x
			y.Name, y.Redacted, y.Data = y.PublicTitle, true, nil
			if c.Exempt && !x.Exempt {
				y.Name = ""
			}
			if y.Name == "" {
				continue
			}
			x = &y
		}
		kept = append(kept, x)
	}
	c.Attachments = kept
}

// LinkItem links the case to an item it concerns (item types are those
// with a registered resolver). Errors: Forbidden, NotFound, Invalid.
func (s *Service) LinkItem(ctx context.Context, a *policy.Actor, caseID int64, l Link, remove bool) error {
	return s.store.WithTx(ctx, func(ctx context.Context) error {
		c, err := s.store.FindCaseByID(ctx, caseID)
		if err != nil {
			return err
		}
		if err := policy.Check(a, policy.CaseManage, policy.Resource{BodyID: c.BodyID}); err != nil {
			return err
		}
		if c.State == CaseHandled || c.State == CaseWithdrawn {
			return errs.E(errs.Conflict, "case.error.closed")
		}
		r := s.Resolvers[l.ItemType]
		if r == nil {
			return errs.InvalidField("item_type", "case.error.item_type")
		}
		if remove {
			if err := s.store.RemoveCaseLink(ctx, caseID, l); err != nil {
				return err
			}
			return s.record(ctx, a, "case.unlink", "case", caseID, l, nil)
		}
		// Only what the person linking may see can be linked: another
		// organisation's draft cannot, as if it did not exist.
		if _, err := r(ctx, a, l.ItemID); err != nil {
			switch errs.CodeOf(err) {
			case errs.NotFound, errs.Forbidden, errs.Unauthenticated:
				return errs.InvalidField("item_id", "error.reference")
			}
			return err
		}
		if err := s.store.AddCaseLink(ctx, caseID, l); err != nil {
			if errs.Is(err, errs.Conflict) {
				return errs.InvalidField("item_id", "case.error.linked")
			}
			return err
		}
		if h := s.Linked[l.ItemType]; h != nil {
			if err := h(ctx, a, c, l.ItemID); err != nil {
				return err
			}
		}
		return s.record(ctx, a, "case.link", "case", caseID, nil, l)
	})
}

// CasesAbout returns the cases (that the actor may see) linked to an item,
// with their decisions: what an item shows as its history of decisions.
func (s *Service) CasesAbout(ctx context.Context, a *policy.Actor, itemType string, itemID int64) ([]*Case, error) {
	cases, err := s.store.FindCasesLinkedTo(ctx, itemType, itemID)
	if err != nil {
		return nil, err
	}
	var out []*Case
	for _, c := range cases {
		if !policy.Can(a, policy.CaseView, policy.Resource{BodyID: c.BodyID, Public: c.MeetingPublic}) {
			continue
		}
		if err := s.fill(ctx, a, c, internal(a, c.BodyID)); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, nil
}

// MaxAttachment is the largest attachment accepted.
const MaxAttachment = 10 << 20

// attachmentTypes are the content types accepted, as detected from the
// content (never from the name or the sender's claim).
var attachmentTypes = map[string]bool{
	"application/pdf": true, "image/png": true, "image/jpeg": true, "image/gif": true, "image/webp": true,
	"text/plain; charset=utf-8": true, "application/zip": true, // zip: Office documents (docx, xlsx, pptx)
}

// AddAttachment stores a file on a case. Its type is detected from its
// content and must be one of the accepted ones. Errors: Forbidden,
// NotFound, Invalid, TooLarge, Conflict (closed case).
func (s *Service) AddAttachment(ctx context.Context, a *policy.Actor, x *Attachment) error {
	c, err := s.store.FindCaseByID(ctx, x.CaseID)
	if err != nil {
		return err
	}
	if err := policy.Check(a, policy.CaseManage, policy.Resource{BodyID: c.BodyID}); err != nil {
		return err
	}
	var v errs.Validation
	x.Name, x.LegalBasis, x.PublicTitle = strings.TrimSpace(x.Name), strings.TrimSpace(x.LegalBasis), strings.TrimSpace(x.PublicTitle)
	if x.Name == "" || len([]rune(x.Name)) > 200 || strings.ContainsAny(x.Name, "/\\\x00") {
		v.Add("file", "attachment.error.name")
	}
	if len(x.Data) == 0 {
		v.Add("file", "error.required")
	} else if len(x.Data) > MaxAttachment {
		return errs.E(errs.TooLarge, "attachment.error.size", "max", MaxAttachment>>20)
	}
	x.ContentType = http.DetectContentType(x.Data)
	if len(x.Data) > 0 && !attachmentTypes[x.ContentType] {
		v.Add("file", "attachment.error.type")
	}
	if !x.Exempt {
		x.LegalBasis, x.PublicTitle = "", ""
	}
	validExempt(&v, x.Exempt, x.LegalBasis, x.PublicTitle, x.Name)
	if err := v.Err(); err != nil {
		return err
	}
	x.Size = int64(len(x.Data))
	return s.store.WithTx(ctx, func(ctx context.Context) error {
		c, err := s.store.FindCaseByID(ctx, x.CaseID)
		if err != nil {
			return err
		}
		if err := policy.Check(a, policy.CaseManage, policy.Resource{BodyID: c.BodyID}); err != nil {
			return err
		}
		if c.State == CaseHandled || c.State == CaseWithdrawn {
			return errs.E(errs.Conflict, "case.error.closed")
		}
		x.CreatedBy = a.ID()
		if err := s.store.CreateCaseAttachment(ctx, x); err != nil {
			return err
		}
		return s.record(ctx, a, "case.attach", "case_attachment", x.ID, nil, x)
	})
}

// Attachment returns an attachment with its content, when the actor may
// read it: an exempt attachment (or one of an exempt case) only for the
// body's readers. Errors: NotFound, Unauthenticated, Forbidden.
func (s *Service) Attachment(ctx context.Context, a *policy.Actor, id int64) (*Attachment, error) {
	x, err := s.store.FindCaseAttachment(ctx, id)
	if err != nil {
		return nil, err
	}
	c, err := s.store.FindCaseByID(ctx, x.CaseID)
	if err != nil {
		return nil, err
	}
	if err := policy.Check(a, policy.CaseView, policy.Resource{BodyID: c.BodyID, Public: c.MeetingPublic}); err != nil {
		return nil, err
	}
	if (x.Exempt || c.Exempt) && !internal(a, c.BodyID) {
		return nil, policy.Check(a, policy.CaseInternal, policy.Resource{BodyID: c.BodyID})
	}
	return x, nil
}
