package server_test

import (
	"context"
	"strings"
	"testing"
	"time"

	ics "github.com/arran4/golang-ical"

	"github.com/samstyr/samstyr/internal/config"
	"github.com/samstyr/samstyr/internal/mail/mailtest"
	"github.com/samstyr/samstyr/internal/meetings"
	"github.com/samstyr/samstyr/internal/policy"
	"github.com/samstyr/samstyr/internal/testutil/apptest"
)

// TestNoticeIsMailedWithInvitation publishes a notice of meeting and checks,
// over a real SMTP server, that the body's member gets it in their language
// with an iCalendar REQUEST for the meeting attached; cancelling sends a
// CANCEL with a higher sequence.
func TestNoticeIsMailedWithInvitation(t *testing.T) {
	smtp := mailtest.Start(t)
	a := apptest.NewWith(t, apptest.Options{Config: func(c *config.Config) {
		c.SMTP = config.SMTP{Host: smtp.Host, Port: smtp.Port, From: "samstyr <noreply@samstyr.test>", TLS: "none"}
		c.BaseURL = "https://samstyr.test"
	}})
	ctx := context.Background()
	member := a.People["user_council"]
	member.Locale = "nn"
	if err := a.DB.UpdatePerson(ctx, member.Person); err != nil {
		t.Fatal(err)
	}
	start := time.Now().AddDate(0, 0, 10).Truncate(time.Minute)
	m := &meetings.Meeting{BodyID: a.Bodies[policy.BodyUserCouncil].ID, StartsAt: start, EndsAt: start.Add(2 * time.Hour), Place: "Bergen"}
	if err := a.Meetings.CreateMeeting(ctx, policy.SystemActor, m); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Meetings.PublishNotice(ctx, policy.SystemActor, m.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Jobs.RunDue(ctx); err != nil {
		t.Fatal(err)
	}
	msg := smtp.Wait(t, 1)[0]
	if msg.To != member.Email || !strings.Contains(msg.Subject, "Innkalling") || !strings.Contains(msg.Text, "Du er kalla inn") {
		t.Fatalf("notice mail to %s: %q\n%s", msg.To, msg.Subject, msg.Text)
	}
	inv := msg.Attachments["invitation.ics"]
	cal, err := ics.ParseCalendar(strings.NewReader(string(inv)))
	if err != nil || !strings.Contains(string(inv), "METHOD:REQUEST") || len(cal.Events()) != 1 || cal.Events()[0].Id() != m.UID() {
		t.Fatalf("invitation: %v\n%s", err, inv)
	}
	if _, err := a.Meetings.Cancel(ctx, policy.SystemActor, m.ID, "Flyttet"); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Jobs.RunDue(ctx); err != nil {
		t.Fatal(err)
	}
	msgs := smtp.Wait(t, 2)
	cancel := string(msgs[1].Attachments["invitation.ics"])
	if !strings.Contains(cancel, "METHOD:CANCEL") || !strings.Contains(cancel, "STATUS:CANCELLED") || !strings.Contains(cancel, "SEQUENCE:1") {
		t.Fatalf("cancellation:\n%s", cancel)
	}
}
