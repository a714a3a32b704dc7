package meetings

import (
	"context"
	"encoding/json"
	"strings"
	"time"

	"github.com/samstyr/samstyr/internal/errs"
	"github.com/samstyr/samstyr/internal/i18n"
	"github.com/samstyr/samstyr/internal/policy"
)

// attendanceOpen reports whether attendance can still be recorded.
func attendanceOpen(m *Meeting) bool {
	return m.State == MeetingPlanned || m.State == MeetingNoticePublished || m.State == MeetingHeld
}

// RecordAttendance adds a line to a meeting's attendance; for a member
// already listed it changes how they attended. Errors: Forbidden,
// NotFound, Invalid, Conflict (minutes approved or meeting cancelled).
func (s *Service) RecordAttendance(ctx context.Context, a *policy.Actor, meetingID int64, t *Attendee) error {
	return s.store.WithTx(ctx, func(ctx context.Context) error {
		m, err := s.store.FindMeetingByID(ctx, meetingID)
		if err != nil {
			return err
		}
		if err := policy.Check(a, policy.AttendanceRecord, policy.Resource{BodyID: m.BodyID}); err != nil {
			return err
		}
		if err := t.Validate(); err != nil {
			return err
		}
		if !attendanceOpen(m) {
			return errs.E(errs.Conflict, "attendance.error.closed")
		}
		if err := s.checkAttendee(ctx, m, t); err != nil {
			return err
		}
		t.MeetingID = meetingID
		if t.PersonID != 0 && t.CaseID == 0 {
			list, err := s.store.FindAttendance(ctx, meetingID)
			if err != nil {
				return err
			}
			for _, o := range list {
				if o.PersonID == t.PersonID && o.CaseID == 0 {
					before := *o
					if err := s.store.UpdateAttendeeKind(ctx, o.ID, t.Kind, t.ForPersonID); err != nil {
						return err
					}
					t.ID = o.ID
					return s.record(ctx, a, "attendance.update", "meeting", meetingID, before, t)
				}
			}
		}
		if err := s.store.CreateAttendee(ctx, t); err != nil {
			return err
		}
		return s.record(ctx, a, "attendance.add", "meeting", meetingID, nil, t)
	})
}

func (s *Service) checkAttendee(ctx context.Context, m *Meeting, t *Attendee) error {
	for field, id := range map[string]int64{"person_id": t.PersonID, "for_person_id": t.ForPersonID} {
		if id == 0 {
			continue
		}
		ok, err := s.store.PersonExists(ctx, id)
		if err != nil {
			return err
		}
		if !ok {
			return errs.InvalidField(field, "error.reference")
		}
	}
	if t.CaseID != 0 {
		c, err := s.store.FindCaseByID(ctx, t.CaseID)
		if err != nil || c.MeetingID != m.ID {
			return errs.InvalidField("case_id", "attendance.error.case_agenda")
		}
	}
	return nil
}

// RemoveAttendee removes a line from a meeting's attendance. Errors:
// Forbidden, NotFound, Conflict.
func (s *Service) RemoveAttendee(ctx context.Context, a *policy.Actor, meetingID, id int64) error {
	return s.store.WithTx(ctx, func(ctx context.Context) error {
		m, err := s.store.FindMeetingByID(ctx, meetingID)
		if err != nil {
			return err
		}
		if err := policy.Check(a, policy.AttendanceRecord, policy.Resource{BodyID: m.BodyID}); err != nil {
			return err
		}
		if !attendanceOpen(m) {
			return errs.E(errs.Conflict, "attendance.error.closed")
		}
		list, err := s.store.FindAttendance(ctx, meetingID)
		if err != nil {
			return err
		}
		for _, o := range list {
			if o.ID == id {
				if err := s.store.DeleteAttendee(ctx, id); err != nil {
					return err
				}
				return s.record(ctx, a, "attendance.remove", "meeting", meetingID, o, nil)
			}
		}
		return notFound("attendee", id)
	})
}

// Attendance returns who attended a meeting the actor may read.
func (s *Service) Attendance(ctx context.Context, a *policy.Actor, m *Meeting) ([]*Attendee, error) {
	if err := policy.Check(a, policy.MeetingView, policy.Resource{BodyID: m.BodyID, Public: m.Public()}); err != nil {
		return nil, err
	}
	return s.store.FindAttendance(ctx, m.ID)
}

// ensureMinutes creates the draft minutes of a held meeting.
func (s *Service) ensureMinutes(ctx context.Context, m *Meeting) error {
	if _, _, err := s.store.FindMinutes(ctx, m.ID); err == nil {
		return nil
	} else if !errs.Is(err, errs.NotFound) {
		return err
	}
	return s.store.CreateMinutes(ctx, &Minutes{MeetingID: m.ID, State: MinutesDraft})
}

// MinutesEditInput is a change to draft minutes: the introduction and a
// note per case (by case id).
type MinutesEditInput struct {
	Intro string
	Notes map[int64]string
}

// EditMinutes changes draft minutes. Approved minutes are frozen.
// Errors: Forbidden, NotFound (no minutes yet), Invalid, Conflict (approved).
func (s *Service) EditMinutes(ctx context.Context, a *policy.Actor, meetingID int64, in MinutesEditInput) error {
	m, err := s.store.FindMeetingByID(ctx, meetingID)
	if err != nil {
		return err
	}
	if err := policy.Check(a, policy.MinutesEdit, policy.Resource{BodyID: m.BodyID}); err != nil {
		return err
	}
	var v errs.Validation
	in.Intro = strings.TrimSpace(strings.ReplaceAll(in.Intro, "\r\n", "\n"))
	if len([]rune(in.Intro)) > 50000 {
		v.Add("intro", "error.too_long", "max", 50000)
	}
	for id, n := range in.Notes {
		in.Notes[id] = strings.TrimSpace(strings.ReplaceAll(n, "\r\n", "\n"))
		if len([]rune(n)) > 50000 {
			v.Add("note_"+itoa(id), "error.too_long", "max", 50000)
		}
	}
	if err := v.Err(); err != nil {
		return err
	}
	return s.store.WithTx(ctx, func(ctx context.Context) error {
		m, err := s.store.FindMeetingByID(ctx, meetingID)
		if err != nil {
			return err
		}
		if err := policy.Check(a, policy.MinutesEdit, policy.Resource{BodyID: m.BodyID}); err != nil {
			return err
		}
		min, _, err := s.store.FindMinutes(ctx, meetingID)
		if err != nil {
			return err
		}
		if min.State == MinutesApproved {
			return errs.E(errs.Conflict, "minutes.error.frozen")
		}
		cases, err := s.store.FindCases(ctx, CaseFilter{MeetingID: meetingID, Scope: Scope{All: true}})
		if err != nil {
			return err
		}
		onAgenda := map[int64]bool{}
		for _, c := range cases {
			onAgenda[c.ID] = true
		}
		before := *min
		min.Intro = in.Intro
		if err := s.store.UpdateMinutes(ctx, min, nil); err != nil {
			return err
		}
		for id, n := range in.Notes {
			if !onAgenda[id] {
				return errs.InvalidField("note_"+itoa(id), "minutes.error.case")
			}
			if err := s.store.SetMinutesNote(ctx, meetingID, id, n); err != nil {
				return err
			}
		}
		return s.record(ctx, a, "minutes.update", "minutes", meetingID, before, in)
	})
}

// ApproveByCirculation approves the minutes by circulation among the
// members (instead of at the next meeting), on the date given.
// Errors: Forbidden, NotFound, Invalid, Conflict (not held, already approved).
func (s *Service) ApproveByCirculation(ctx context.Context, a *policy.Actor, meetingID int64, date time.Time, note string) error {
	m, err := s.store.FindMeetingByID(ctx, meetingID)
	if err != nil {
		return err
	}
	if err := policy.Check(a, policy.MinutesApprove, policy.Resource{BodyID: m.BodyID}); err != nil {
		return err
	}
	var v errs.Validation
	note = strings.TrimSpace(note)
	if !date.IsZero() {
		y, mo, d := date.In(i18n.Oslo()).Date()
		date = time.Date(y, mo, d, 0, 0, 0, 0, time.UTC)
	}
	if date.IsZero() {
		v.Add("circulation_date", "error.required")
	} else if date.After(s.today()) {
		v.Add("circulation_date", "minutes.error.future")
	}
	if len([]rune(note)) > 2000 {
		v.Add("circulation_note", "error.too_long", "max", 2000)
	}
	if err := v.Err(); err != nil {
		return err
	}
	return s.store.WithTx(ctx, func(ctx context.Context) error {
		m, err := s.store.FindMeetingByID(ctx, meetingID)
		if err != nil {
			return err
		}
		if err := policy.Check(a, policy.MinutesApprove, policy.Resource{BodyID: m.BodyID}); err != nil {
			return err
		}
		return s.approveMinutes(ctx, a, meetingID, 0, &circulation{date: date, note: note})
	})
}

type circulation struct {
	date time.Time
	note string
}

// approveMinutes approves a meeting's draft minutes, by a decision on the
// standing item of a later meeting or by circulation, freezes their
// composed content and moves the meeting to minutes_approved.
func (s *Service) approveMinutes(ctx context.Context, a *policy.Actor, meetingID, decisionID int64, c *circulation) error {
	m, err := s.store.FindMeetingByID(ctx, meetingID)
	if err != nil {
		return err
	}
	min, _, err := s.store.FindMinutes(ctx, meetingID)
	if errs.Is(err, errs.NotFound) {
		return errs.E(errs.Conflict, "minutes.error.missing")
	} else if err != nil {
		return err
	}
	if min.State == MinutesApproved {
		return errs.E(errs.Conflict, "minutes.error.already_approved")
	}
	before := *min
	min.State, min.ApprovedAt, min.ApprovalDecisionID = MinutesApproved, s.Now().UTC(), decisionID
	if c != nil {
		min.CirculationDate, min.CirculationNote = c.date, c.note
	}
	doc, err := s.compose(ctx, policy.SystemActor, m, min)
	if err != nil {
		return err
	}
	frozen, err := json.Marshal(doc)
	if err != nil {
		return err
	}
	if err := s.store.UpdateMinutes(ctx, min, frozen); err != nil {
		return err
	}
	if err := s.record(ctx, a, "minutes.approve", "minutes", meetingID, before, min); err != nil {
		return err
	}
	if err := s.closeStandingItems(ctx, a, meetingID); err != nil {
		return err
	}
	mb := *m
	m.State = MeetingMinutesApproved
	if err := s.store.UpdateMeeting(ctx, m); err != nil {
		return err
	}
	return s.record(ctx, a, "meeting.minutes_approved", "meeting", m.ID, mb, m)
}

// closeStandingItems closes the standing items "approval of the previous
// minutes" that approve a meeting's minutes just approved otherwise (by
// circulation, or by the decision on another item): there is nothing left
// for them to approve, so they are handled and leave the agenda's open
// items.
func (s *Service) closeStandingItems(ctx context.Context, a *policy.Actor, meetingID int64) error {
	items, err := s.store.FindOpenStandingItems(ctx, StandingPreviousMinutes, meetingID)
	if err != nil {
		return err
	}
	for _, c := range items {
		before := *c
		c.State = CaseHandled
		if err := s.store.UpdateCase(ctx, c); err != nil {
			return err
		}
		if err := s.record(ctx, a, "case.handled", "case", c.ID, before, c); err != nil {
			return err
		}
	}
	return nil
}

// Document is a meeting's notice or minutes as composed for a reader: the
// meeting, its agenda with case papers and decisions, the attendance, the
// minutes' texts and the follow-up actions.
type Document struct {
	Meeting    *Meeting    `json:"meeting"`
	Cases      []*Case     `json:"cases"`
	Attendance []*Attendee `json:"attendance"`
	Minutes    *Minutes    `json:"minutes,omitempty"`
	Actions    []*Action   `json:"actions"`
}

// compose builds the full (unredacted) document of a meeting, with linked
// items as actor a may see them (the system when minutes are frozen: the
// readers' view is applied when the frozen minutes are read).
func (s *Service) compose(ctx context.Context, a *policy.Actor, m *Meeting, min *Minutes) (*Document, error) {
	cases, err := s.store.FindCases(ctx, CaseFilter{MeetingID: m.ID, Scope: Scope{All: true}})
	if err != nil {
		return nil, err
	}
	for _, c := range cases {
		if err := s.fill(ctx, a, c, true); err != nil {
			return nil, err
		}
	}
	att, err := s.store.FindAttendance(ctx, m.ID)
	if err != nil {
		return nil, err
	}
	var acts []*Action
	for _, c := range cases {
		if c.Decision == nil {
			continue
		}
		xs, err := s.store.FindActions(ctx, ActionFilter{DecisionID: c.Decision.ID})
		if err != nil {
			return nil, err
		}
		acts = append(acts, xs...)
	}
	return &Document{Meeting: m, Cases: cases, Attendance: att, Minutes: min, Actions: acts}, nil
}

// NoticeDocument returns the notice with the agenda and case papers, as the
// actor may read it.
func (s *Service) NoticeDocument(ctx context.Context, a *policy.Actor, meetingID int64) (*Document, error) {
	m, err := s.Meeting(ctx, a, meetingID)
	if err != nil {
		return nil, err
	}
	doc, err := s.compose(ctx, a, m, nil)
	if err != nil {
		return nil, err
	}
	doc.Attendance, doc.Actions = nil, nil
	return redactDoc(doc, internal(a, m.BodyID)), nil
}

// MinutesDocument returns the minutes as the actor may read them: approved
// minutes (frozen at approval) for everyone who may read the meeting, draft
// minutes only for the body's readers. Errors: NotFound (none yet),
// Unauthenticated, Forbidden.
func (s *Service) MinutesDocument(ctx context.Context, a *policy.Actor, meetingID int64) (*Document, error) {
	m, err := s.Meeting(ctx, a, meetingID)
	if err != nil {
		return nil, err
	}
	min, frozen, err := s.store.FindMinutes(ctx, meetingID)
	if err != nil {
		return nil, err
	}
	in := internal(a, m.BodyID)
	if min.State != MinutesApproved {
		if !in {
			return nil, errs.E(errs.NotFound, "minutes.error.not_public")
		}
		return s.compose(ctx, a, m, min)
	}
	var doc Document
	if err := json.Unmarshal(frozen, &doc); err != nil {
		return nil, err
	}
	if err := s.screenLinks(ctx, a, doc.Cases); err != nil {
		return nil, err
	}
	doc.Meeting = m
	doc.Minutes = min
	return redactDoc(&doc, in), nil
}

// MinutesOf returns the minutes record (state and approval) of a meeting
// the actor may read, or NotFound.
func (s *Service) MinutesOf(ctx context.Context, a *policy.Actor, m *Meeting) (*Minutes, error) {
	if err := policy.Check(a, policy.MeetingView, policy.Resource{BodyID: m.BodyID, Public: m.Public()}); err != nil {
		return nil, err
	}
	min, _, err := s.store.FindMinutes(ctx, m.ID)
	return min, err
}

// redactDoc removes what a reader without access to the body's internal
// material may not see: exempt case content, notes on exempt cases and the
// follow-up actions.
func redactDoc(doc *Document, in bool) *Document {
	if in {
		return doc
	}
	for _, c := range doc.Cases {
		redactCase(c)
		if c.Exempt && doc.Minutes != nil && doc.Minutes.Notes != nil {
			delete(doc.Minutes.Notes, c.ID)
		}
	}
	doc.Actions = nil
	return doc
}
