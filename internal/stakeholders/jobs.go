package stakeholders

import (
	"context"
	"encoding/json"
	"strconv"
	"strings"
	"time"

	"github.com/samstyr/samstyr/internal/audit"
	"github.com/samstyr/samstyr/internal/errs"
	"github.com/samstyr/samstyr/internal/i18n"
	"github.com/samstyr/samstyr/internal/jobs"
	"github.com/samstyr/samstyr/internal/mail"
	"github.com/samstyr/samstyr/internal/notify"
)

// Mailer sends the inquiries' mail to senders, who have no account: the
// acknowledgement and the answers, in the language they wrote in.
type Mailer struct {
	Catalog *i18n.Catalog
	Sender  mail.Sender // nil: no mail is configured
	BaseURL string
}

// RegisterJobs adds the inquiries' jobs to a runner.
func (s *Service) RegisterJobs(r *jobs.Runner, m Mailer) {
	r.Handle(JobMail, func(ctx context.Context, p []byte) error { return s.mailJob(ctx, m, p) })
	r.Handle(JobRemind, s.remindJob)
	r.Handle(JobEscalate, s.escalateJob)
}

// mailJob sends one acknowledgement or answer; one already sent is not
// sent again, so a retried job never mails twice.
func (s *Service) mailJob(ctx context.Context, m Mailer, payload []byte) error {
	var in mailJob
	if err := json.Unmarshal(payload, &in); err != nil {
		return err
	}
	if m.Sender == nil {
		return nil
	}
	i, err := s.store.FindInquiryByID(ctx, in.ID)
	if errs.Is(err, errs.NotFound) {
		return nil
	}
	if err != nil || i.SenderEmail == "" {
		return err
	}
	p := m.Catalog.Printer(i.Locale)
	var subject, body string
	switch in.Kind {
	case "ack":
		if !i.AckMailedAt.IsZero() {
			return nil
		}
		subject = p.T("inquiry.mail.ack_subject", "ref", i.Reference)
		body = p.T("inquiry.mail.ack_body", "ref", i.Reference, "topic", i.Topic, "deadline", i.Deadline)
	case "answer":
		as, err := s.store.FindInquiryAnswers(ctx, i.ID)
		if err != nil {
			return err
		}
		var text string
		for _, a := range as {
			if a.ID == in.AnswerID {
				if !a.MailedAt.IsZero() {
					return nil
				}
				text = a.Text
			}
		}
		subject = p.T("inquiry.mail.answer_subject", "ref", i.Reference, "topic", i.Topic)
		body = p.T("inquiry.mail.answer_body", "ref", i.Reference) + "\n\n" + text
	default:
		return nil
	}
	var b strings.Builder
	b.WriteString(p.T("inquiry.mail.greeting", "name", i.SenderName))
	b.WriteString("\n\n" + body + "\n\n-- \n")
	b.WriteString(p.T("inquiry.mail.footer", "url", strings.TrimSuffix(m.BaseURL, "/")+"/faq"))
	b.WriteString("\n")
	if err := m.Sender.Send(ctx, &mail.Message{To: i.SenderEmail, ToName: i.SenderName, Subject: subject, Text: b.String()}); err != nil {
		return err
	}
	return s.store.MarkInquiryMailed(ctx, i.ID, in.Kind, in.AnswerID, s.Now())
}

// deadlineTarget reads a deadline job's inquiry; nil when the job is
// stale (the inquiry is no longer open or has another deadline).
func (s *Service) deadlineTarget(ctx context.Context, payload []byte) (*Inquiry, error) {
	var in deadlineJob
	if err := json.Unmarshal(payload, &in); err != nil {
		return nil, err
	}
	i, err := s.store.FindInquiryByID(ctx, in.ID)
	if errs.Is(err, errs.NotFound) {
		return nil, nil
	}
	if err != nil || i.State != Open || i.Deadline.UTC().Format(time.RFC3339) != in.Deadline {
		return nil, err
	}
	return i, nil
}

// remindJob tells the owner (or, without one, the secretariat) that an
// open inquiry's deadline is near.
func (s *Service) remindJob(ctx context.Context, payload []byte) error {
	i, err := s.deadlineTarget(ctx, payload)
	if err != nil || i == nil || !i.RemindedAt.IsZero() {
		return err
	}
	return s.store.WithTx(ctx, func(ctx context.Context) error {
		to, err := s.recipients(ctx, i, false)
		if err != nil {
			return err
		}
		if err := s.notify(ctx, to, "inquiry.remind", i); err != nil {
			return err
		}
		i.RemindedAt = s.Now()
		return s.store.UpdateInquiry(ctx, i)
	})
}

// escalateJob tells the owner and the whole secretariat that an open
// inquiry passed its deadline, once per deadline.
func (s *Service) escalateJob(ctx context.Context, payload []byte) error {
	i, err := s.deadlineTarget(ctx, payload)
	if err != nil || i == nil || !i.EscalatedAt.IsZero() {
		return err
	}
	return s.store.WithTx(ctx, func(ctx context.Context) error {
		to, err := s.recipients(ctx, i, true)
		if err != nil {
			return err
		}
		if err := s.notify(ctx, to, "inquiry.escalate", i); err != nil {
			return err
		}
		i.EscalatedAt = s.Now()
		if err := s.store.UpdateInquiry(ctx, i); err != nil {
			return err
		}
		return s.store.Record(ctx, auditEscalation(i))
	})
}

// recipients is the owner, and the secretariat when there is none or all
// is set.
func (s *Service) recipients(ctx context.Context, i *Inquiry, all bool) ([]int64, error) {
	var to []int64
	if i.OwnerID != 0 {
		to = append(to, i.OwnerID)
	}
	if all || i.OwnerID == 0 {
		sec, err := s.store.SecretariatPeople(ctx, s.Now())
		if err != nil {
			return nil, err
		}
		to = append(to, sec...)
	}
	return to, nil
}

func (s *Service) notify(ctx context.Context, to []int64, kind string, i *Inquiry) error {
	if s.Notify == nil || len(to) == 0 {
		return nil
	}
	return s.Notify.Notify(ctx, to, notify.Notice{Kind: kind, SubjectKey: kind + ".subject", BodyKey: kind + ".body",
		Args: map[string]any{"ref": i.Reference, "topic": i.Topic, "deadline": i.Deadline.Format(time.RFC3339)},
		Link: "/inquiries/" + itoa(i.ID), ObjectType: "inquiry", ObjectID: i.ID})
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func auditEscalation(i *Inquiry) audit.Entry {
	return audit.Entry{Action: "inquiry.escalate", ObjectType: "inquiry", ObjectID: i.ID,
		After: map[string]any{"deadline": i.Deadline, "owner_id": i.OwnerID}}
}
