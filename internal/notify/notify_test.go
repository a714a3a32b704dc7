package notify_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/samstyr/samstyr/internal/auth"
	"github.com/samstyr/samstyr/internal/config"
	"github.com/samstyr/samstyr/internal/i18n"
	"github.com/samstyr/samstyr/internal/jobs"
	"github.com/samstyr/samstyr/internal/mail"
	"github.com/samstyr/samstyr/internal/mail/mailtest"
	"github.com/samstyr/samstyr/internal/notify"
	"github.com/samstyr/samstyr/internal/policy"
	"github.com/samstyr/samstyr/internal/store"
	"github.com/samstyr/samstyr/internal/testutil"
)

type fixture struct {
	db     *store.DB
	svc    *notify.Service
	runner *jobs.Runner
	smtp   *mailtest.Server
	nn     *auth.Person // wants mail at once, in nynorsk
	dig    *auth.Person // wants a weekly digest, in English
}

func setup(t *testing.T) *fixture {
	db := testutil.NewDB(t)
	smtp := mailtest.Start(t)
	sender := mail.NewSMTP(config.SMTP{Host: smtp.Host, Port: smtp.Port, From: "samstyr <noreply@samstyr.test>", TLS: "none"})
	svc := notify.NewService(db, i18n.MustLoad(), sender, "https://samstyr.test", nil)
	runner := jobs.NewRunner(db, nil)
	svc.Register(runner)
	people := auth.NewService(db, auth.Options{})
	ctx := context.Background()
	nn, err := people.CreatePerson(ctx, policy.SystemActor, auth.PersonInput{Email: "nn@test.no", Name: "Nora Nynorsk", Locale: "nn"}, false)
	if err != nil {
		t.Fatal(err)
	}
	dig, err := people.CreatePerson(ctx, policy.SystemActor, auth.PersonInput{Email: "dig@test.no", Name: "Dan Digest", Locale: "en", NotifyMode: "digest"}, false)
	if err != nil {
		t.Fatal(err)
	}
	return &fixture{db: db, svc: svc, runner: runner, smtp: smtp, nn: nn, dig: dig}
}

var notice = notify.Notice{Kind: "test", SubjectKey: "notifications.title", BodyKey: "notify.mail.greeting",
	Args: map[string]any{"name": "verden"}, Link: "/account", ObjectType: "person", ObjectID: 1}

func TestImmediateMailInRecipientsLanguage(t *testing.T) {
	f := setup(t)
	ctx := context.Background()
	err := f.db.WithTx(ctx, func(ctx context.Context) error {
		return f.svc.Notify(ctx, []int64{f.nn.ID, f.nn.ID, 0, f.dig.ID}, notice)
	})
	if err != nil {
		t.Fatal(err)
	}
	n, err := f.runner.RunDue(ctx)
	if err != nil || n != 1 {
		t.Fatalf("ran %d jobs, %v; want 1 (only the immediate reader)", n, err)
	}
	msgs := f.smtp.Wait(t, 1)
	m := msgs[0]
	if m.To != "nn@test.no" || m.Subject != "Varsel" || !strings.Contains(m.Text, "Hei, Nora Nynorsk!") ||
		!strings.Contains(m.Text, "https://samstyr.test/account") {
		t.Fatalf("mail = to %q subject %q text %q", m.To, m.Subject, m.Text)
	}
	// A re-run sends nothing twice.
	if n, _ := f.runner.RunDue(ctx); n != 0 {
		t.Fatalf("second run ran %d jobs", n)
	}
	// The digest reader gets one message with the notice, in English.
	if err := f.svc.SendDigests(ctx); err != nil {
		t.Fatal(err)
	}
	msgs = f.smtp.Wait(t, 2)
	if d := msgs[1]; d.To != "dig@test.no" || d.Subject != "samstyr: 1 new notification this week" || !strings.Contains(d.Text, "Notifications") {
		t.Fatalf("digest = to %q subject %q text %q", d.To, d.Subject, d.Text)
	}
	if err := f.svc.SendDigests(ctx); err != nil || len(f.smtp.Messages()) != 2 {
		t.Fatalf("a second digest mailed again: %d messages, %v", len(f.smtp.Messages()), err)
	}
}

func TestRollbackTellsNobody(t *testing.T) {
	f := setup(t)
	ctx := context.Background()
	boom := errors.New("business rule failed")
	err := f.db.WithTx(ctx, func(ctx context.Context) error {
		if err := f.svc.Notify(ctx, []int64{f.nn.ID}, notice); err != nil {
			return err
		}
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatal(err)
	}
	if n, _ := f.runner.RunDue(ctx); n != 0 {
		t.Fatalf("%d jobs ran after a rollback", n)
	}
	page, err := f.svc.List(ctx, &policy.Actor{PersonID: f.nn.ID, Locale: "nn"}, false, 10, 0)
	if err != nil || len(page.Items) != 0 {
		t.Fatalf("notifications after rollback: %v %v", page.Items, err)
	}
}

func TestAttachmentsAreMailed(t *testing.T) {
	f := setup(t)
	ctx := context.Background()
	n := notice
	n.Attachments = []notify.Attachment{{Name: "møte.ics", ContentType: "text/calendar", Data: []byte("BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n")}}
	if err := f.db.WithTx(ctx, func(ctx context.Context) error { return f.svc.Notify(ctx, []int64{f.nn.ID}, n) }); err != nil {
		t.Fatal(err)
	}
	if _, err := f.runner.RunDue(ctx); err != nil {
		t.Fatal(err)
	}
	m := f.smtp.Wait(t, 1)[0]
	if got := string(m.Attachments["møte.ics"]); got != "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n" {
		t.Fatalf("attachment = %q (attachments %v)", got, m.Attachments)
	}
}

func TestListMarkRead(t *testing.T) {
	f := setup(t)
	ctx := context.Background()
	a := &policy.Actor{PersonID: f.nn.ID, Locale: "en"}
	for range 3 {
		if err := f.db.WithTx(ctx, func(ctx context.Context) error { return f.svc.Notify(ctx, []int64{f.nn.ID}, notice) }); err != nil {
			t.Fatal(err)
		}
	}
	page, err := f.svc.List(ctx, a, false, 2, 0)
	if err != nil || len(page.Items) != 2 || page.Next == "" || page.Items[0].Subject != "Notifications" {
		t.Fatalf("page = %+v, %v", page, err)
	}
	if err := f.svc.MarkRead(ctx, a, []int64{page.Items[0].ID}); err != nil {
		t.Fatal(err)
	}
	if n, _ := f.svc.Unread(ctx, a); n != 2 {
		t.Fatalf("unread = %d, want 2", n)
	}
	if err := f.svc.MarkRead(ctx, a, nil); err != nil {
		t.Fatal(err)
	}
	if n, _ := f.svc.Unread(ctx, a); n != 0 {
		t.Fatalf("unread = %d, want 0", n)
	}
	// Someone else cannot read them.
	other := &policy.Actor{PersonID: f.dig.ID}
	if p, _ := f.svc.List(ctx, other, false, 10, 0); len(p.Items) != 0 {
		t.Fatal("another person sees the notifications")
	}
}

func TestWeeklyAt(t *testing.T) {
	next := jobs.WeeklyAt(i18n.Oslo(), time.Monday, 7)
	from := time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC) // a Friday
	got := next(from)
	if want := time.Date(2026, 11, 30, 6, 0, 0, 0, time.UTC); !got.Equal(want) { // 07:00 CET
		t.Fatalf("next = %v, want %v", got, want)
	}
}
