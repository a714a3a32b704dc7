package stakeholders

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/samstyr/samstyr/internal/errs"
	"github.com/samstyr/samstyr/internal/jobs"
	"github.com/samstyr/samstyr/internal/policy"
)

// change runs fn on an inquiry inside a transaction after the policy
// check, and records the change as action.
func (s *Service) change(ctx context.Context, a *policy.Actor, id int64, action string, fn func(ctx context.Context, i *Inquiry) error) (*Inquiry, error) {
	if err := policy.Check(a, policy.InquiryManage, policy.Resource{}); err != nil {
		return nil, err
	}
	var out *Inquiry
	err := s.store.WithTx(ctx, func(ctx context.Context) error {
		i, err := s.store.FindInquiryByID(ctx, id)
		if err != nil {
			return err
		}
		before := *i
		if err := fn(ctx, i); err != nil {
			return err
		}
		if err := s.store.UpdateInquiry(ctx, i); err != nil {
			return err
		}
		out = i
		return s.record(ctx, a, action, i.ID, before, i)
	})
	return out, err
}

// Assign sets the owner (a person, 0 for none) and the deadline (zero
// keeps it) of an open inquiry; a new deadline gets a new reminder and
// escalation. Errors: Unauthenticated, Forbidden, NotFound, Conflict (not
// open), Invalid.
func (s *Service) Assign(ctx context.Context, a *policy.Actor, id, ownerID int64, deadline time.Time) (*Inquiry, error) {
	return s.change(ctx, a, id, "inquiry.assign", func(ctx context.Context, i *Inquiry) error {
		if i.State != Open {
			return errs.E(errs.Conflict, "inquiry.error.not_open")
		}
		if ownerID < 0 {
			return errs.InvalidField("owner_id", "inquiry.error.owner")
		}
		if ownerID != 0 {
			ok, err := s.store.PersonExists(ctx, ownerID)
			if err != nil {
				return err
			}
			if !ok {
				return errs.InvalidField("owner_id", "inquiry.error.owner")
			}
		}
		i.OwnerID = ownerID
		if !deadline.IsZero() && !deadline.Equal(i.Deadline) {
			if deadline.Before(i.CreatedAt) {
				return errs.InvalidField("deadline", "inquiry.error.deadline")
			}
			i.Deadline, i.RemindedAt, i.EscalatedAt = deadline.UTC(), time.Time{}, time.Time{}
			return s.scheduleDeadline(ctx, i)
		}
		return nil
	})
}

// Link adds a need, case or project the inquiry concerns (one the actor
// may see). Errors: Unauthenticated, Forbidden, NotFound, Invalid.
func (s *Service) Link(ctx context.Context, a *policy.Actor, id int64, l Link) (*Inquiry, error) {
	return s.change(ctx, a, id, "inquiry.link", func(ctx context.Context, i *Inquiry) error {
		if !slices.Contains(LinkTypes, l.Type) {
			return errs.InvalidField("type", "inquiry.error.link_type")
		}
		if l.ID <= 0 {
			return errs.InvalidField("item_id", "error.required")
		}
		if s.Links != nil {
			title, err := s.Links(ctx, a, l.Type, l.ID)
			if errs.Is(err, errs.NotFound) || errs.Is(err, errs.Forbidden) {
				return errs.InvalidField("item_id", "inquiry.error.link_item")
			}
			if err != nil {
				return err
			}
			l.Title = title
		}
		if slices.ContainsFunc(i.Links, func(x Link) bool { return x.Type == l.Type && x.ID == l.ID }) {
			return nil
		}
		if err := s.store.AddInquiryLink(ctx, i.ID, l); err != nil {
			return err
		}
		i.Links = append(i.Links, l)
		return nil
	})
}

// AnswerInquiry keeps the answer and mails it to the sender (a job in the
// same transaction). An open or answered inquiry takes an answer; a closed
// one does not (Conflict). Errors: Unauthenticated, Forbidden, NotFound,
// Conflict, Invalid.
func (s *Service) AnswerInquiry(ctx context.Context, a *policy.Actor, id int64, text string) (*Inquiry, error) {
	text = strings.TrimSpace(text)
	return s.change(ctx, a, id, "inquiry.answer", func(ctx context.Context, i *Inquiry) error {
		if !CanMove(i.State, Answered) {
			return errs.E(errs.Conflict, "inquiry.error.closed")
		}
		switch {
		case text == "":
			return errs.InvalidField("answer", "error.required")
		case utf8.RuneCountInString(text) > MaxText:
			return errs.InvalidField("answer", "inquiry.error.too_long", "max", MaxText)
		case i.SenderEmail == "":
			return errs.InvalidField("answer", "inquiry.error.no_email")
		}
		now := s.Now()
		ans := &Answer{InquiryID: i.ID, Text: text, SentBy: a.ID(), SentAt: now}
		if err := s.store.CreateInquiryAnswer(ctx, ans); err != nil {
			return err
		}
		i.State, i.Answer, i.AnsweredAt, i.AnsweredBy = Answered, text, now, a.ID()
		return jobs.Enqueue(ctx, s.store, JobMail, mailJob{ID: i.ID, Kind: "answer", AnswerID: ans.ID}, now,
			"inquiry.answer:"+strconv.FormatInt(ans.ID, 10))
	})
}

// Close closes an inquiry (open or answered): nothing more is sent.
// Errors: Unauthenticated, Forbidden, NotFound, Conflict (closed already).
func (s *Service) Close(ctx context.Context, a *policy.Actor, id int64) (*Inquiry, error) {
	return s.change(ctx, a, id, "inquiry.close", func(ctx context.Context, i *Inquiry) error {
		if !CanMove(i.State, Closed) {
			return errs.E(errs.Conflict, "inquiry.error.closed")
		}
		i.State, i.ClosedAt = Closed, s.Now()
		return nil
	})
}

// PublishFAQ publishes an answered inquiry as a public question and
// answer, in the secretariat's words without names; empty texts withdraw
// it. Errors: Unauthenticated, Forbidden, NotFound, Conflict (not
// answered), Invalid.
func (s *Service) PublishFAQ(ctx context.Context, a *policy.Actor, id int64, question, answer string) (*Inquiry, error) {
	question, answer = strings.TrimSpace(question), strings.TrimSpace(answer)
	return s.change(ctx, a, id, "inquiry.faq", func(ctx context.Context, i *Inquiry) error {
		if i.AnsweredAt.IsZero() {
			return errs.E(errs.Conflict, "inquiry.error.not_answered")
		}
		if question == "" && answer == "" {
			i.FAQQuestion, i.FAQAnswer, i.FAQPublishedAt = "", "", time.Time{}
			return nil
		}
		var v errs.Validation
		for _, f := range []struct{ name, val string }{{"faq_question", question}, {"faq_answer", answer}} {
			switch {
			case f.val == "":
				v.Add(f.name, "error.required")
			case utf8.RuneCountInString(f.val) > MaxText:
				v.Add(f.name, "inquiry.error.too_long", "max", MaxText)
			case i.SenderName != "" && strings.Contains(strings.ToLower(f.val), strings.ToLower(i.SenderName)):
				v.Add(f.name, "inquiry.error.faq_name")
			case i.SenderEmail != "" && strings.Contains(strings.ToLower(f.val), i.SenderEmail):
				v.Add(f.name, "inquiry.error.faq_name")
			}
		}
		if err := v.Err(); err != nil {
			return err
		}
		i.FAQQuestion, i.FAQAnswer = question, answer
		if i.FAQPublishedAt.IsZero() {
			i.FAQPublishedAt = s.Now()
		}
		return nil
	})
}
