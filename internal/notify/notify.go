// Package notify tells people what happened: a notice is stored for each
// recipient (shown on their page) and, by their choice, mailed at once or
// gathered into a weekly digest. Notices are created inside the business
// transaction, and mail goes out through a job after commit, rendered in the
// recipient's language.
package notify

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"time"

	"github.com/samstyr/samstyr/internal/errs"
	"github.com/samstyr/samstyr/internal/i18n"
	"github.com/samstyr/samstyr/internal/jobs"
	"github.com/samstyr/samstyr/internal/listing"
	"github.com/samstyr/samstyr/internal/mail"
	"github.com/samstyr/samstyr/internal/policy"
)

// Job kinds.
const (
	JobSend   = "notify.send"
	JobDigest = "notify.digest"
)

// Notice is what a service tells people. SubjectKey and BodyKey are i18n
// keys rendered with Args in each recipient's language. Args values should
// be strings, numbers or time.Time (dates are formatted for the language).
type Notice struct {
	Kind        string
	SubjectKey  string
	BodyKey     string
	Args        map[string]any
	Link        string // path in samstyr, e.g. /needs/12
	ObjectType  string
	ObjectID    int64
	Attachments []Attachment
}

// Attachment is a file mailed with the notice (for example an .ics).
type Attachment struct {
	Name        string
	ContentType string
	Data        []byte
}

// Notification is a stored notice for one person.
type Notification struct {
	ID         int64          `json:"id"`
	PersonID   int64          `json:"person_id"`
	Kind       string         `json:"kind"`
	SubjectKey string         `json:"-"`
	BodyKey    string         `json:"-"`
	Args       map[string]any `json:"-"`
	Subject    string         `json:"subject"` // rendered for the reader
	Body       string         `json:"body"`
	Link       string         `json:"link,omitempty"`
	ObjectType string         `json:"object_type,omitempty"`
	ObjectID   int64          `json:"object_id,omitempty"`
	CreatedAt  time.Time      `json:"created_at"`
	ReadAt     time.Time      `json:"read_at,omitzero"`
	EmailedAt  time.Time      `json:"emailed_at,omitzero"`
}

// Recipient is what mailing needs to know of a person.
type Recipient struct {
	ID         int64
	Email      string
	Name       string
	Locale     string
	NotifyMode string
	Disabled   bool
}

// Store is what the service needs from storage.
type Store interface {
	jobs.Store
	FindRecipient(ctx context.Context, personID int64) (*Recipient, error)
	CreateNotification(ctx context.Context, n *Notification, attachments []Attachment) error
	FindNotification(ctx context.Context, id int64) (*Notification, []Attachment, error)
	FindNotifications(ctx context.Context, personID int64, unread bool, limit int, before int64) ([]*Notification, error)
	CountUnread(ctx context.Context, personID int64) (int, error)
	MarkNotificationsRead(ctx context.Context, personID int64, ids []int64, at time.Time) error
	FindUnmailed(ctx context.Context, personID int64) ([]*Notification, error)
	FindDigestRecipients(ctx context.Context) ([]int64, error)
	MarkEmailed(ctx context.Context, ids []int64, at time.Time) error
}

// Service creates, lists and mails notifications.
type Service struct {
	store   Store
	catalog *i18n.Catalog
	mailer  mail.Sender // nil: no mail is sent
	baseURL string
	log     *slog.Logger
	// Now is the clock; tests replace it.
	Now func() time.Time
}

// NewService returns the service; mailer may be nil.
func NewService(s Store, cat *i18n.Catalog, mailer mail.Sender, baseURL string, log *slog.Logger) *Service {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Service{store: s, catalog: cat, mailer: mailer, baseURL: strings.TrimSuffix(baseURL, "/"), log: log, Now: time.Now}
}

// Register adds the mail jobs to a runner: immediate sends and the weekly
// digest (Monday 07:00 Europe/Oslo).
func (s *Service) Register(r *jobs.Runner) {
	r.Handle(JobSend, s.sendJob)
	r.Handle(JobDigest, func(ctx context.Context, _ []byte) error { return s.SendDigests(ctx) })
	r.Every(jobs.Periodic{Kind: JobDigest, Next: jobs.WeeklyAt(i18n.Oslo(), time.Monday, 7)})
}

// Notify stores the notice for every recipient (duplicates and 0 dropped)
// and queues mail for those who want it at once. Call it inside the
// business transaction: if that rolls back, nobody is told.
func (s *Service) Notify(ctx context.Context, recipients []int64, n Notice) error {
	ids := slices.Clone(recipients)
	slices.Sort(ids)
	ids = slices.Compact(ids)
	for _, pid := range ids {
		if pid == 0 {
			continue
		}
		r, err := s.store.FindRecipient(ctx, pid)
		if err != nil {
			return fmt.Errorf("notify %d: %w", pid, err)
		}
		if r.Disabled {
			continue
		}
		no := &Notification{PersonID: pid, Kind: n.Kind, SubjectKey: n.SubjectKey, BodyKey: n.BodyKey, Args: n.Args,
			Link: n.Link, ObjectType: n.ObjectType, ObjectID: n.ObjectID, CreatedAt: s.Now()}
		if err := s.store.CreateNotification(ctx, no, n.Attachments); err != nil {
			return err
		}
		if s.mailer != nil && (r.NotifyMode != "digest" || len(n.Attachments) > 0) {
			if err := jobs.Enqueue(ctx, s.store, JobSend, map[string]int64{"id": no.ID}, s.Now(), fmt.Sprintf("notify:%d", no.ID)); err != nil {
				return err
			}
		}
	}
	return nil
}

// List returns the actor's notifications, newest first, rendered in the
// actor's language. Errors: Unauthenticated.
func (s *Service) List(ctx context.Context, a *policy.Actor, unread bool, limit int, before int64) (listing.Page[*Notification], error) {
	var page listing.Page[*Notification]
	if err := policy.Check(a, policy.PersonSelf, policy.Resource{OwnerID: a.ID()}); err != nil {
		return page, err
	}
	if limit <= 0 || limit > listing.MaxLimit {
		limit = listing.DefaultLimit
	}
	rows, err := s.store.FindNotifications(ctx, a.ID(), unread, limit+1, before)
	if err != nil {
		return page, err
	}
	p := s.catalog.Printer(a.Locale)
	for _, n := range rows {
		n.Subject, n.Body = s.render(p, n)
	}
	return listing.Trim(rows, limit, func(n *Notification) listing.Cursor { return listing.Cursor{ID: n.ID} }), nil
}

// Unread counts the actor's unread notifications.
func (s *Service) Unread(ctx context.Context, a *policy.Actor) (int, error) {
	if err := policy.Check(a, policy.PersonSelf, policy.Resource{OwnerID: a.ID()}); err != nil {
		return 0, err
	}
	return s.store.CountUnread(ctx, a.ID())
}

// MarkRead marks the actor's notifications read (all when ids is empty).
func (s *Service) MarkRead(ctx context.Context, a *policy.Actor, ids []int64) error {
	if err := policy.Check(a, policy.PersonSelf, policy.Resource{OwnerID: a.ID()}); err != nil {
		return err
	}
	return s.store.MarkNotificationsRead(ctx, a.ID(), ids, s.Now())
}

// render returns the subject and body of a notification in p's language.
func (s *Service) render(p *i18n.Printer, n *Notification) (string, string) {
	args := map[string]any{}
	for k, v := range n.Args {
		if str, ok := v.(string); ok {
			if t, err := time.Parse(time.RFC3339, str); err == nil {
				v = t
			}
		}
		if f, ok := v.(float64); ok && f == float64(int64(f)) {
			v = int64(f)
		}
		args[k] = v
	}
	return p.TMap(n.SubjectKey, args), p.TMap(n.BodyKey, args)
}

// sendJob mails one notification (the payload names it); a notification
// already mailed is skipped, so a retried job never mails twice.
func (s *Service) sendJob(ctx context.Context, payload []byte) error {
	var in struct {
		ID int64 `json:"id"`
	}
	if err := json.Unmarshal(payload, &in); err != nil {
		return err
	}
	n, atts, err := s.store.FindNotification(ctx, in.ID)
	if errs.Is(err, errs.NotFound) {
		return nil
	}
	if err != nil || !n.EmailedAt.IsZero() || s.mailer == nil {
		return err
	}
	r, err := s.store.FindRecipient(ctx, n.PersonID)
	if err != nil || r.Disabled {
		return err
	}
	p := s.catalog.Printer(r.Locale)
	subject, body := s.render(p, n)
	m := &mail.Message{To: r.Email, ToName: r.Name, Subject: subject, Text: s.mailText(p, r, body, n.Link)}
	for _, a := range atts {
		m.Attachments = append(m.Attachments, mail.Attachment(a))
	}
	if err := s.mailer.Send(ctx, m); err != nil {
		return err
	}
	return s.store.MarkEmailed(ctx, []int64{n.ID}, s.Now())
}

// SendDigests mails each digest reader their unmailed notifications as one
// message.
func (s *Service) SendDigests(ctx context.Context) error {
	if s.mailer == nil {
		return nil
	}
	people, err := s.store.FindDigestRecipients(ctx)
	if err != nil {
		return err
	}
	for _, pid := range people {
		if err := s.sendDigest(ctx, pid); err != nil {
			return err
		}
	}
	return nil
}

func (s *Service) sendDigest(ctx context.Context, pid int64) error {
	r, err := s.store.FindRecipient(ctx, pid)
	if err != nil || r.Disabled {
		return err
	}
	ns, err := s.store.FindUnmailed(ctx, pid)
	if err != nil || len(ns) == 0 {
		return err
	}
	p := s.catalog.Printer(r.Locale)
	var b strings.Builder
	ids := make([]int64, 0, len(ns))
	for _, n := range ns {
		subject, body := s.render(p, n)
		fmt.Fprintf(&b, "• %s\n  %s\n", subject, body)
		if n.Link != "" {
			fmt.Fprintf(&b, "  %s%s\n", s.baseURL, n.Link)
		}
		b.WriteString("\n")
		ids = append(ids, n.ID)
	}
	m := &mail.Message{To: r.Email, ToName: r.Name, Subject: p.N("notify.digest.subject", int64(len(ns))),
		Text: s.mailText(p, r, b.String(), "")}
	if err := s.mailer.Send(ctx, m); err != nil {
		return err
	}
	return s.store.MarkEmailed(ctx, ids, s.Now())
}

// mailText wraps a body with the greeting, link and footer.
func (s *Service) mailText(p *i18n.Printer, r *Recipient, body, link string) string {
	var b strings.Builder
	b.WriteString(p.T("notify.mail.greeting", "name", r.Name))
	b.WriteString("\n\n")
	b.WriteString(body)
	b.WriteString("\n")
	if link != "" {
		b.WriteString("\n" + s.baseURL + link + "\n")
	}
	b.WriteString("\n-- \n")
	b.WriteString(p.T("notify.mail.footer", "url", s.baseURL+"/account"))
	b.WriteString("\n")
	return b.String()
}
