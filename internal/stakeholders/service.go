package stakeholders

import (
	"context"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/samstyr/samstyr/internal/audit"
	"github.com/samstyr/samstyr/internal/errs"
	"github.com/samstyr/samstyr/internal/jobs"
	"github.com/samstyr/samstyr/internal/notify"
	"github.com/samstyr/samstyr/internal/policy"
)

// Job kinds.
const (
	JobMail     = "inquiry.mail"     // the acknowledgement or an answer to the sender
	JobRemind   = "inquiry.remind"   // tell the owner the deadline is near
	JobEscalate = "inquiry.escalate" // tell the secretariat the deadline passed
)

// Answer is one answer sent to the sender.
type Answer struct {
	ID        int64     `json:"id"`
	InquiryID int64     `json:"inquiry_id"`
	Text      string    `json:"text"`
	SentBy    int64     `json:"sent_by"`
	SentAt    time.Time `json:"sent_at"`
	MailedAt  time.Time `json:"mailed_at,omitzero"`
}

// Store is the storage inquiries need (internal/store).
type Store interface {
	WithTx(ctx context.Context, fn func(ctx context.Context) error) error
	Record(ctx context.Context, e audit.Entry) error
	jobs.Store

	NextInquirySeq(ctx context.Context, year int) (int, error)
	CreateInquiry(ctx context.Context, i *Inquiry) error
	UpdateInquiry(ctx context.Context, i *Inquiry) error
	FindInquiryByID(ctx context.Context, id int64) (*Inquiry, error)
	FindInquiries(ctx context.Context, f Filter) ([]*Inquiry, error)
	InquiryStats(ctx context.Context, now time.Time) (QueueStats, error)
	AddInquiryLink(ctx context.Context, id int64, l Link) error
	CreateInquiryAnswer(ctx context.Context, a *Answer) error
	FindInquiryAnswers(ctx context.Context, id int64) ([]*Answer, error)
	MarkInquiryMailed(ctx context.Context, id int64, kind string, answerID int64, at time.Time) error
	FindFAQ(ctx context.Context) ([]*FAQ, error)
	CreateInquiryAttachment(ctx context.Context, a *Attachment) error
	FindInquiryAttachments(ctx context.Context, inquiryID int64) ([]*Attachment, error)
	FindInquiryAttachment(ctx context.Context, inquiryID, id int64) (*Attachment, error)
	SecretariatPeople(ctx context.Context, today time.Time) ([]int64, error)
	FindInquiryOwners(ctx context.Context, today time.Time) ([]Owner, error)
	PersonExists(ctx context.Context, id int64) (bool, error)

	// The per-address throttle, shared with sign-in (login_failures).
	AddLoginFailure(ctx context.Context, scope, key string, at time.Time) error
	CountLoginFailures(ctx context.Context, scope, key string, since time.Time) (int, time.Time, error)

	EnsureSetting(ctx context.Context, key, value string) (string, error)
}

// LinkChecker tells whether the actor may see the item an inquiry links
// to, and its title (the areas that own needs, cases and projects).
type LinkChecker func(ctx context.Context, a *policy.Actor, typ string, id int64) (string, error)

// Notifier tells people inside samstyr (internal/notify).
type Notifier interface {
	Notify(ctx context.Context, recipients []int64, n notify.Notice) error
}

// The throttle counts public inquiries in the sign-in throttle's table,
// under its address scope with keys of their own ("inquiry:" + address),
// so that they and failed sign-ins never count against each other.
const (
	throttleScope  = "address"
	throttlePrefix = "inquiry:"
)

// Service is the inquiries' use cases.
type Service struct {
	store  Store
	Notify Notifier
	Links  LinkChecker
	// MaxPerAddress public inquiries are taken from one address within
	// Window; ReminderBefore is how long before the deadline the owner is
	// reminded; DefaultDays is the deadline when the setting is absent.
	MaxPerAddress  int
	Window         time.Duration
	ReminderBefore time.Duration
	DefaultDays    int
	Now            func() time.Time
}

// NewService returns the service over a store.
func NewService(s Store) *Service {
	return &Service{store: s, MaxPerAddress: 5, Window: time.Hour, ReminderBefore: 48 * time.Hour, DefaultDays: 14, Now: time.Now}
}

func (s *Service) record(ctx context.Context, a *policy.Actor, action string, id int64, before, after any) error {
	return s.store.Record(ctx, audit.Entry{ActorID: a.ID(), Action: action, ObjectType: "inquiry", ObjectID: id, Before: before, After: after})
}

// Submit takes an inquiry from the public form. Nothing in the answer
// depends on whether the address belongs to anyone (no enumeration); an
// address that sent too many within the window is refused (TooMany).
// Errors: TooMany, Invalid.
func (s *Service) Submit(ctx context.Context, a *policy.Actor, addr string, i *Inquiry) error {
	if err := policy.Check(a, policy.InquirySubmit, policy.Resource{}); err != nil {
		return err
	}
	if err := s.throttle(ctx, addr); err != nil {
		return err
	}
	i.Channel = ChannelWeb
	return s.create(ctx, a, i, func(ctx context.Context) error {
		if addr == "" {
			return nil
		}
		return s.store.AddLoginFailure(ctx, throttleScope, throttlePrefix+addr, s.Now())
	})
}

// throttle refuses an address past MaxPerAddress within Window.
func (s *Service) throttle(ctx context.Context, addr string) error {
	if addr == "" {
		return nil
	}
	now := s.Now()
	n, oldest, err := s.store.CountLoginFailures(ctx, throttleScope, throttlePrefix+addr, now.Add(-s.Window))
	if err != nil || n < s.MaxPerAddress {
		return err
	}
	wait := oldest.Add(s.Window).Sub(now)
	e := errs.E(errs.TooMany, "inquiry.error.throttled", "minutes", int(math.Ceil(wait.Minutes())))
	e.RetryAfter = int(math.Max(1, math.Ceil(wait.Seconds())))
	return e
}

// Register records an inquiry the secretariat took by e-mail or phone (or
// through the API). Errors: Unauthenticated, Forbidden, Invalid.
func (s *Service) Register(ctx context.Context, a *policy.Actor, i *Inquiry) error {
	if err := policy.Check(a, policy.InquiryRegister, policy.Resource{}); err != nil {
		return err
	}
	if i.Channel == "" {
		i.Channel = ChannelEmail
	}
	if i.Channel == ChannelWeb {
		return errs.InvalidField("channel", "inquiry.error.channel")
	}
	return s.create(ctx, a, i, nil)
}

// create numbers, stores and acknowledges a new inquiry in one
// transaction; extra runs inside it.
func (s *Service) create(ctx context.Context, a *policy.Actor, i *Inquiry, extra func(context.Context) error) error {
	i.Normalize()
	err := i.Validate()
	if ferr := checkFiles(i.Files); ferr != nil {
		if err == nil {
			err = ferr
		} else {
			errs.As(err).Fields = append(errs.As(err).Fields, errs.As(ferr).Fields...)
		}
	}
	if err != nil {
		return err
	}
	now := s.Now()
	return s.store.WithTx(ctx, func(ctx context.Context) error {
		days, err := s.deadlineDays(ctx)
		if err != nil {
			return err
		}
		i.Year = now.Year()
		if i.Seq, err = s.store.NextInquirySeq(ctx, i.Year); err != nil {
			return err
		}
		i.Reference = Reference(i.Year, i.Seq)
		i.State, i.CreatedBy, i.OwnerID = Open, a.ID(), 0
		i.Deadline = now.AddDate(0, 0, days).UTC().Truncate(time.Second)
		if err := s.store.CreateInquiry(ctx, i); err != nil {
			return err
		}
		for _, f := range i.Files {
			f.InquiryID = i.ID
			if err := s.store.CreateInquiryAttachment(ctx, f); err != nil {
				return err
			}
		}
		if extra != nil {
			if err := extra(ctx); err != nil {
				return err
			}
		}
		if i.SenderEmail != "" {
			if err := jobs.Enqueue(ctx, s.store, JobMail, mailJob{ID: i.ID, Kind: "ack"}, now, "inquiry.ack:"+strconv.FormatInt(i.ID, 10)); err != nil {
				return err
			}
		}
		if err := s.scheduleDeadline(ctx, i); err != nil {
			return err
		}
		return s.record(ctx, a, "inquiry.create", i.ID, nil, i)
	})
}

// deadlineDays is the setting inquiry_deadline_days (DefaultDays when
// unset or unreadable).
func (s *Service) deadlineDays(ctx context.Context) (int, error) {
	v, err := s.store.EnsureSetting(ctx, "inquiry_deadline_days", strconv.Itoa(s.DefaultDays))
	if err != nil {
		return 0, err
	}
	n, err := strconv.Atoi(strings.TrimSpace(v))
	if err != nil || n < 1 {
		return s.DefaultDays, nil
	}
	return n, nil
}

// mailJob names an inquiry and what to mail about it.
type mailJob struct {
	ID       int64  `json:"id"`
	Kind     string `json:"kind"` // ack or answer
	AnswerID int64  `json:"answer_id,omitempty"`
}

// deadlineJob names an inquiry and the deadline it was scheduled for.
type deadlineJob struct {
	ID       int64  `json:"id"`
	Deadline string `json:"deadline"`
}

// scheduleDeadline enqueues the reminder and the escalation of the
// inquiry's current deadline; a job of an earlier deadline finds it
// changed and does nothing.
func (s *Service) scheduleDeadline(ctx context.Context, i *Inquiry) error {
	d := i.Deadline.UTC().Format(time.RFC3339)
	p := deadlineJob{ID: i.ID, Deadline: d}
	key := strconv.FormatInt(i.ID, 10) + "@" + d
	if err := jobs.Enqueue(ctx, s.store, JobRemind, p, i.Deadline.Add(-s.ReminderBefore), JobRemind+":"+key); err != nil {
		return err
	}
	return jobs.Enqueue(ctx, s.store, JobEscalate, p, i.Deadline.Add(time.Second), JobEscalate+":"+key)
}

// Inquiry returns one inquiry with its links. Errors: Unauthenticated,
// Forbidden, NotFound.
func (s *Service) Inquiry(ctx context.Context, a *policy.Actor, id int64) (*Inquiry, error) {
	if err := policy.Check(a, policy.InquiryView, policy.Resource{}); err != nil {
		return nil, err
	}
	return s.store.FindInquiryByID(ctx, id)
}

// Answers returns the answers sent on an inquiry, oldest first.
func (s *Service) Answers(ctx context.Context, a *policy.Actor, id int64) ([]*Answer, error) {
	if err := policy.Check(a, policy.InquiryView, policy.Resource{}); err != nil {
		return nil, err
	}
	return s.store.FindInquiryAnswers(ctx, id)
}

// Queue lists inquiries for the secretariat with the queue's counts.
// Errors: Unauthenticated, Forbidden.
func (s *Service) Queue(ctx context.Context, a *policy.Actor, f Filter) ([]*Inquiry, QueueStats, error) {
	if err := policy.Check(a, policy.InquiryList, policy.Resource{}); err != nil {
		return nil, QueueStats{}, err
	}
	if f.Limit <= 0 || f.Limit > 500 {
		f.Limit = 200
	}
	is, err := s.store.FindInquiries(ctx, f)
	if err != nil {
		return nil, QueueStats{}, err
	}
	st, err := s.store.InquiryStats(ctx, s.Now())
	return is, st, err
}

// FAQ returns the published questions and answers (public).
func (s *Service) FAQ(ctx context.Context, a *policy.Actor) ([]*FAQ, error) {
	if err := policy.Check(a, policy.FAQList, policy.Resource{}); err != nil {
		return nil, err
	}
	return s.store.FindFAQ(ctx)
}

// Owner is a person who may own inquiries.
type Owner struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
}

// Owners lists the people who may own inquiries (the secretariat).
// Errors: Unauthenticated, Forbidden.
func (s *Service) Owners(ctx context.Context, a *policy.Actor) ([]Owner, error) {
	if err := policy.Check(a, policy.InquiryManage, policy.Resource{}); err != nil {
		return nil, err
	}
	return s.store.FindInquiryOwners(ctx, s.Now())
}
