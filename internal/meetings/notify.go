package meetings

import (
	"context"

	"github.com/samstyr/samstyr/internal/governance"
	"github.com/samstyr/samstyr/internal/notify"
)

// Notice is a message to people (an in-app notice and an e-mail written
// from i18n keys in each recipient's language): the notify area's type.
type Notice = notify.Notice

// MailAttachment is a file sent with the e-mail of a notice.
type MailAttachment = notify.Attachment

// Notifier queues notices inside the caller's transaction
// (notify.Service; tests may record instead).
type Notifier interface {
	Notify(ctx context.Context, recipients []int64, n Notice) error
}

// notify queues a notice when a notifier is wired.
func (s *Service) notify(ctx context.Context, recipients []int64, n Notice) error {
	if s.Notifier == nil || len(recipients) == 0 {
		return nil
	}
	return s.Notifier.Notify(ctx, recipients, n)
}

// sendInvitation mails the body's current members the meeting's notice,
// update or cancellation with an iCalendar invitation (METHOD:REQUEST, or
// METHOD:CANCEL for a cancelled meeting).
func (s *Service) sendInvitation(ctx context.Context, m *Meeting, key string) error {
	if s.Notifier == nil {
		return nil
	}
	ms, err := s.store.FindMemberships(ctx, governance.MembershipFilter{BodyID: m.BodyID, CurrentOn: s.Now()})
	if err != nil {
		return err
	}
	var to []int64
	for _, x := range ms {
		to = append(to, x.PersonID)
	}
	cases, err := s.store.FindCases(ctx, CaseFilter{MeetingID: m.ID, Scope: Scope{All: true}})
	if err != nil {
		return err
	}
	for _, c := range cases {
		redactCase(c) // mail leaves the system: exempt titles are screened
	}
	method := "REQUEST"
	if m.State == MeetingCancelled {
		method = "CANCEL"
	}
	ics := s.ICS(method, m.BodyName, []*Meeting{m}, map[int64][]*Case{m.ID: cases})
	return s.notify(ctx, to, Notice{Kind: "meeting.notice", SubjectKey: key + "_subject", BodyKey: key + "_body",
		Args: map[string]any{"body": m.BodyName, "start": m.StartsAt, "place": m.Place},
		Link: "/meetings/" + itoa(m.ID), ObjectType: "meeting", ObjectID: m.ID,
		Attachments: []MailAttachment{{Name: "invitation.ics", ContentType: "text/calendar; charset=utf-8; method=" + method, Data: ics}}})
}
