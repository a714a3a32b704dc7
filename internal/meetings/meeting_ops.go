package meetings

import (
	"context"
	"time"

	"github.com/samstyr/samstyr/internal/errs"
	"github.com/samstyr/samstyr/internal/i18n"
	"github.com/samstyr/samstyr/internal/listing"
	"github.com/samstyr/samstyr/internal/policy"
)

// meetingTransitions is the meeting state machine: the states a move may
// start from. Every move needs policy.MeetingManage on the meeting's body;
// minutes_approved is reached only by approving the minutes.
var meetingTransitions = map[string][]string{
	MeetingNoticePublished: {MeetingPlanned},
	MeetingHeld:            {MeetingNoticePublished},
	MeetingCancelled:       {MeetingPlanned, MeetingNoticePublished},
}

// CanMoveMeeting reports whether a meeting in state from may move to to.
func CanMoveMeeting(from, to string) bool {
	for _, f := range meetingTransitions[to] {
		if f == from {
			return true
		}
	}
	return false
}

// CreateMeeting plans a meeting and puts the standing items on its agenda:
// approval of the notice and agenda, and (when the body met before)
// approval of the previous meeting's minutes. Errors: Forbidden, NotFound
// (body), Invalid.
func (s *Service) CreateMeeting(ctx context.Context, a *policy.Actor, m *Meeting) error {
	if err := policy.Check(a, policy.MeetingManage, policy.Resource{BodyID: m.BodyID}); err != nil {
		return err
	}
	m.Normalize()
	if err := m.Validate(); err != nil {
		return err
	}
	m.State, m.Sequence, m.CreatedBy = MeetingPlanned, 0, a.ID()
	m.PublishedAt, m.CancelledAt, m.CancelReason = time.Time{}, time.Time{}, ""
	return s.store.WithTx(ctx, func(ctx context.Context) error {
		b, err := s.store.FindBodyByID(ctx, m.BodyID)
		if err != nil {
			return err
		}
		m.BodyKind, m.BodyName, m.BodyNameNN, m.BodyNameEN = b.Kind, b.NameNB, b.NameNN, b.NameEN
		prev, err := s.store.FindPreviousMeeting(ctx, m.BodyID, m.StartsAt)
		if err != nil && !errs.Is(err, errs.NotFound) {
			return err
		}
		if err := s.store.CreateMeeting(ctx, m); err != nil {
			return err
		}
		if err := s.record(ctx, a, "meeting.create", "meeting", m.ID, nil, m); err != nil {
			return err
		}
		if err := s.addStanding(ctx, a, m, StandingNoticeAgenda, 0, 1); err != nil {
			return err
		}
		if prev != nil {
			return s.addStanding(ctx, a, m, StandingPreviousMinutes, prev.ID, 2)
		}
		return nil
	})
}

// addStanding registers a standing item with the next case number of the
// meeting's year and puts it on the agenda.
func (s *Service) addStanding(ctx context.Context, a *policy.Actor, m *Meeting, kind string, minutesOf int64, order int) error {
	c := &Case{BodyID: m.BodyID, Year: m.StartsAt.In(i18n.Oslo()).Year(), Kind: KindStanding, Standing: kind, MinutesMeetingID: minutesOf,
		Title: s.nb("case.standing." + kind), MeetingID: m.ID, AgendaOrder: order, State: CaseOnAgenda, CreatedBy: a.ID()}
	return s.createCase(ctx, a, c)
}

// MeetingUpdate changes a meeting's time, place and notice.
type MeetingUpdate struct {
	Title      string
	StartsAt   time.Time
	EndsAt     time.Time
	Place      string
	VideoURL   string
	NoticeText string
}

// UpdateMeeting changes a planned or announced meeting. A change to an
// announced meeting raises its calendar sequence and sends the members an
// updated invitation. Errors: Forbidden, NotFound, Invalid, Conflict (held
// or cancelled).
func (s *Service) UpdateMeeting(ctx context.Context, a *policy.Actor, id int64, u MeetingUpdate) (*Meeting, error) {
	var out *Meeting
	err := s.store.WithTx(ctx, func(ctx context.Context) error {
		m, err := s.store.FindMeetingByID(ctx, id)
		if err != nil {
			return err
		}
		if err := policy.Check(a, policy.MeetingManage, policy.Resource{BodyID: m.BodyID}); err != nil {
			return err
		}
		if m.State != MeetingPlanned && m.State != MeetingNoticePublished {
			return errs.E(errs.Conflict, "meeting.error.not_editable")
		}
		before := *m
		m.Title, m.StartsAt, m.EndsAt, m.Place, m.VideoURL, m.NoticeText = u.Title, u.StartsAt, u.EndsAt, u.Place, u.VideoURL, u.NoticeText
		m.Normalize()
		if err := m.Validate(); err != nil {
			return err
		}
		m.Sequence++
		if err := s.store.UpdateMeeting(ctx, m); err != nil {
			return err
		}
		if err := s.record(ctx, a, "meeting.update", "meeting", m.ID, before, m); err != nil {
			return err
		}
		out = m
		if m.Public() {
			return s.sendInvitation(ctx, m, "meeting.mail.updated")
		}
		return nil
	})
	return out, err
}

// PublishNotice publishes the notice and agenda: from now on the meeting,
// its agenda and its case papers are public (except what is exempt), and
// the members get the notice by mail with a calendar invitation.
// Errors: Forbidden, NotFound, Conflict (wrong state).
func (s *Service) PublishNotice(ctx context.Context, a *policy.Actor, id int64) (*Meeting, error) {
	return s.moveMeeting(ctx, a, id, MeetingNoticePublished, "", func(ctx context.Context, m *Meeting) error {
		m.PublishedAt = s.Now().UTC()
		return nil
	}, func(ctx context.Context, m *Meeting) error { return s.sendInvitation(ctx, m, "meeting.mail.notice") })
}

// Hold records that the meeting took place; decisions can then be
// recorded in its cases. Errors: Forbidden, NotFound, Conflict (wrong state
// or not started yet).
func (s *Service) Hold(ctx context.Context, a *policy.Actor, id int64) (*Meeting, error) {
	return s.moveMeeting(ctx, a, id, MeetingHeld, "", func(ctx context.Context, m *Meeting) error {
		if s.Now().Before(m.StartsAt) {
			return errs.E(errs.Conflict, "meeting.error.not_started")
		}
		return nil
	}, func(ctx context.Context, m *Meeting) error { return s.ensureMinutes(ctx, m) })
}

// Cancel cancels a planned or announced meeting; calendars get the
// cancellation. Its cases go back to prepared. Errors: Forbidden, NotFound,
// Conflict, Invalid (no reason).
func (s *Service) Cancel(ctx context.Context, a *policy.Actor, id int64, reason string) (*Meeting, error) {
	return s.moveMeeting(ctx, a, id, MeetingCancelled, reason, func(ctx context.Context, m *Meeting) error {
		if len([]rune(reason)) > 1000 {
			return errs.InvalidField("cancel_reason", "error.too_long", "max", 1000)
		}
		m.CancelledAt, m.CancelReason = s.Now().UTC(), reason
		m.Sequence++
		return s.releaseAgenda(ctx, a, m)
	}, func(ctx context.Context, m *Meeting) error {
		if m.Public() {
			return s.sendInvitation(ctx, m, "meeting.mail.cancelled")
		}
		return nil
	})
}

// moveMeeting runs one meeting transition: check, change, store, audit,
// then the follow-up, all in one transaction.
func (s *Service) moveMeeting(ctx context.Context, a *policy.Actor, id int64, to, _ string, change, after func(context.Context, *Meeting) error) (*Meeting, error) {
	var out *Meeting
	err := s.store.WithTx(ctx, func(ctx context.Context) error {
		m, err := s.store.FindMeetingByID(ctx, id)
		if err != nil {
			return err
		}
		if err := policy.Check(a, policy.MeetingManage, policy.Resource{BodyID: m.BodyID}); err != nil {
			return err
		}
		if !CanMoveMeeting(m.State, to) {
			return errs.E(errs.Conflict, "meeting.error.transition", "from", m.State, "to", to)
		}
		before := *m
		m.State = to
		if err := change(ctx, m); err != nil {
			return err
		}
		if err := s.store.UpdateMeeting(ctx, m); err != nil {
			return err
		}
		if err := s.record(ctx, a, "meeting."+to, "meeting", m.ID, before, m); err != nil {
			return err
		}
		out = m
		return after(ctx, m)
	})
	return out, err
}

// releaseAgenda sends the cases of a cancelled meeting back to prepared
// (standing items are withdrawn; their numbers are not reused).
func (s *Service) releaseAgenda(ctx context.Context, a *policy.Actor, m *Meeting) error {
	cases, err := s.store.FindCases(ctx, CaseFilter{MeetingID: m.ID, Scope: Scope{All: true}})
	if err != nil {
		return err
	}
	for _, c := range cases {
		if c.State != CaseOnAgenda {
			continue
		}
		before := *c
		if c.Standing != "" {
			c.State = CaseWithdrawn
		} else {
			c.State, c.MeetingID, c.AgendaOrder = CasePrepared, 0, 0
		}
		if err := s.store.UpdateCase(ctx, c); err != nil {
			return err
		}
		if err := s.record(ctx, a, "case."+c.State, "case", c.ID, before, c); err != nil {
			return err
		}
	}
	return nil
}

// Meeting returns a meeting the actor may read. Errors: NotFound,
// Unauthenticated, Forbidden.
func (s *Service) Meeting(ctx context.Context, a *policy.Actor, id int64) (*Meeting, error) {
	m, err := s.store.FindMeetingByID(ctx, id)
	if err != nil {
		return nil, err
	}
	if err := policy.Check(a, policy.MeetingView, policy.Resource{BodyID: m.BodyID, Public: m.Public(), State: m.State}); err != nil {
		return nil, err
	}
	return m, s.hideJoin(ctx, a, m)
}

// MayJoin reports whether the actor may see the join details of a meeting
// (its video link, dial-in and contact details): the body's readers (its
// secretariat and current members, observers included) and the guests
// invited to it (policy.MeetingJoin). It is the one rule for every way a
// meeting leaves the service: pages, API, documents, PDF and calendars.
func (s *Service) MayJoin(ctx context.Context, a *policy.Actor, m *Meeting) (bool, error) {
	res := policy.Resource{BodyID: m.BodyID}
	if policy.Can(a, policy.MeetingJoin, res) {
		return true, nil
	}
	if a.ID() == 0 {
		return false, nil
	}
	att, err := s.store.FindAttendance(ctx, m.ID)
	if err != nil {
		return false, err
	}
	for _, t := range att {
		if t.Kind == "guest" && t.PersonID == a.ID() {
			res.Invited = true
		}
	}
	return policy.Can(a, policy.MeetingJoin, res), nil
}

// hideJoin clears the join details of the meetings the actor may not join.
func (s *Service) hideJoin(ctx context.Context, a *policy.Actor, ms ...*Meeting) error {
	for _, m := range ms {
		if m.VideoURL == "" {
			continue
		}
		ok, err := s.MayJoin(ctx, a, m)
		if err != nil {
			return err
		}
		if !ok {
			m.VideoURL, m.JoinHidden = "", true
		}
	}
	return nil
}

// Meetings lists the meetings the actor may see: published ones for
// everyone, and all of the bodies whose material the actor reads.
func (s *Service) Meetings(ctx context.Context, a *policy.Actor, f MeetingFilter) (listing.Page[*Meeting], error) {
	var page listing.Page[*Meeting]
	if err := policy.Check(a, policy.MeetingList, policy.Resource{BodyID: f.BodyID}); err != nil {
		return page, err
	}
	if f.Limit <= 0 || f.Limit > listing.MaxLimit {
		f.Limit = listing.DefaultLimit
	}
	f.Scope = scope(a)
	want := f.Limit
	f.Limit++
	rows, err := s.store.FindMeetings(ctx, f)
	if err != nil {
		return page, err
	}
	if err := s.hideJoin(ctx, a, rows...); err != nil {
		return page, err
	}
	return listing.Trim(rows, want, func(m *Meeting) listing.Cursor {
		return listing.Cursor{Key: m.StartsAt.Format(time.RFC3339Nano), ID: m.ID}
	}), nil
}

// Agenda returns the meeting's cases in agenda order (standing items
// first), with exempt content removed for readers without access.
func (s *Service) Agenda(ctx context.Context, a *policy.Actor, m *Meeting) ([]*Case, error) {
	if err := policy.Check(a, policy.MeetingView, policy.Resource{BodyID: m.BodyID, Public: m.Public()}); err != nil {
		return nil, err
	}
	cases, err := s.store.FindCases(ctx, CaseFilter{MeetingID: m.ID, Scope: scope(a)})
	if err != nil {
		return nil, err
	}
	in := internal(a, m.BodyID)
	for _, c := range cases {
		if err := s.fill(ctx, a, c, in); err != nil {
			return nil, err
		}
	}
	return cases, nil
}
