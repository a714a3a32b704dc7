package server_test

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"testing"

	"github.com/samstyr/samstyr/internal/audit"
	"github.com/samstyr/samstyr/internal/config"
	"github.com/samstyr/samstyr/internal/mail/mailtest"
	"github.com/samstyr/samstyr/internal/policy"
	"github.com/samstyr/samstyr/internal/testutil/apptest"
)

// TestSecretariatManagesAccounts: the programme manager invites a person
// (mailed through the notification jobs, in the person's language),
// disables and re-enables their account, each audited, without the
// administrator; administrators' accounts and the administrator flag stay
// the administrator's (issue 10, item 10).
func TestSecretariatManagesAccounts(t *testing.T) {
	smtp := mailtest.Start(t)
	a := apptest.NewWith(t, apptest.Options{Config: func(c *config.Config) {
		c.SMTP = config.SMTP{Host: smtp.Host, Port: smtp.Port, From: "samstyr <noreply@samstyr.test>", TLS: "none"}
	}})
	ctx := context.Background()
	sec := a.Client("secretariat")
	if htmlDoc(t, expect(t, sec.Get("/"), 200)).Find("nav a[href='/admin/people']").Length() != 1 {
		t.Error("the secretariat's menu lacks people")
	}
	form := htmlDoc(t, expect(t, sec.Get("/admin/people/new"), 200))
	if form.Find("input[name=admin]").Length() != 0 {
		t.Error("the secretariat is offered the administrator flag")
	}
	invite := url.Values{"name": {"Nina Ny"}, "email": {"nina.ny@bergen.kommune.no"}, "organisation": {"964338531"}, "locale": {"nn"}, "notify_mode": {"immediate"}}
	id := idFrom(t, sec.PostForm("/admin/people", invite))
	if _, err := a.Jobs.RunDue(ctx); err != nil {
		t.Fatal(err)
	}
	msg := smtp.Wait(t, 1)[0]
	if msg.To != "nina.ny@bergen.kommune.no" || msg.Subject != "Du er invitert til samstyr" || !strings.Contains(msg.Text, "Test secretariat har gjeve deg ein konto") {
		t.Fatalf("invitation mail to %s: %q\n%s", msg.To, msg.Subject, msg.Text)
	}

	expect(t, sec.PostForm("/admin/people/"+id+"/disable", nil), 303)
	page := htmlDoc(t, expect(t, sec.Get("/admin/people/"+id), 200))
	if page.Find("form[action='/admin/people/"+id+"/enable']").Length() != 1 {
		t.Fatal("a disabled account offers no re-enable")
	}
	expect(t, sec.PostForm("/admin/people/"+id+"/enable", nil), 303)
	expect(t, sec.API("POST", "/api/v1/people/"+id+"/disable", ""), 204)
	events, err := a.Audit.List(ctx, policy.SystemActor, audit.Filter{ObjectType: "person", ObjectID: id, ActorID: a.People["secretariat"].ID})
	if err != nil {
		t.Fatal(err)
	}
	var actions []string
	for _, e := range events.Items {
		actions = append(actions, e.Action)
	}
	if got := strings.Join(actions, " "); got != "person.disable person.enable person.disable person.create" {
		t.Errorf("audit of the account, newest first: %q", got)
	}

	// The administrator's account and flag are not the secretariat's.
	admin := fmt.Sprint(a.People["admin"].ID)
	expect(t, sec.PostForm("/admin/people/"+admin+"/disable", nil), 403)
	expect(t, sec.API("POST", "/api/v1/people/"+admin+"/disable", ""), 403)
	invite.Set("email", "ny.admin@ks.no")
	invite.Set("admin", "on")
	expect(t, sec.PostForm("/admin/people", invite), 403)
	expect(t, sec.API("POST", "/api/v1/people", `{"name":"Ny admin","email":"ny.admin2@ks.no","admin":true}`), 403)
	expect(t, sec.PostForm("/admin/people/"+id, url.Values{"name": {"Nytt namn"}, "email": {"nina.ny@bergen.kommune.no"}, "locale": {"nn"}, "notify_mode": {"immediate"}}), 403)
	expect(t, a.Client("user_council").Get("/admin/people"), 403)
}
