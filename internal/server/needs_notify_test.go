package server_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/samstyr/samstyr/internal/config"
	"github.com/samstyr/samstyr/internal/mail/mailtest"
	"github.com/samstyr/samstyr/internal/testutil/apptest"
)

// TestNeedStateChangeIsMailed checks that the submitter and the backers are
// told of a state change on their page and by e-mail over a real SMTP
// server, each in their own language, and the actor is not.
func TestNeedStateChangeIsMailed(t *testing.T) {
	smtp := mailtest.Start(t)
	a := apptest.NewWith(t, apptest.Options{Config: func(c *config.Config) {
		c.SMTP = config.SMTP{Host: smtp.Host, Port: smtp.Port, From: "samstyr <noreply@samstyr.test>", TLS: "none"}
		c.BaseURL = "https://samstyr.test"
	}})
	ctx := context.Background()
	council := a.People["user_council"]
	council.Locale = "nn"
	if err := a.DB.UpdatePerson(ctx, council.Person); err != nil {
		t.Fatal(err)
	}
	member, sec := a.Client("member"), a.Client("secretariat")
	res := member.API("POST", "/api/v1/needs", `{"title":"Varslet behov","problem":"Noe","area":"plan"}`)
	wantStatus(t, "create", res, http.StatusCreated)
	var id int64
	fmt.Sscanf(res.Header.Get("Location"), "/api/v1/needs/%d", &id)
	wantStatus(t, "back", a.Client("user_council").API("POST", fmt.Sprintf("/api/v1/needs/%d/backings", id), ""), http.StatusCreated)
	wantStatus(t, "triage", sec.API("POST", fmt.Sprintf("/api/v1/needs/%d/transitions", id), `{"to":"in_triage","comment":"Ser på det"}`), http.StatusOK)
	if _, err := a.Jobs.RunDue(ctx); err != nil {
		t.Fatal(err)
	}
	msgs := smtp.Wait(t, 2)
	got := map[string]string{}
	for _, m := range msgs {
		got[m.To] = m.Subject + "\n" + m.Text
	}
	if s := got[a.People["member"].Email]; !strings.Contains(s, "Behovet «Varslet behov» er nå: til vurdering i sekretariatet") ||
		!strings.Contains(s, fmt.Sprintf("https://samstyr.test/needs/%d", id)) {
		t.Fatalf("submitter's mail (bokmål): %q", s)
	}
	if s := got[council.Email]; !strings.Contains(s, "Behovet «Varslet behov» er no: til vurdering i sekretariatet") {
		t.Fatalf("backer's mail (nynorsk): %q", s)
	}
	if _, ok := got[a.People["secretariat"].Email]; ok || len(msgs) != 2 {
		t.Fatalf("mailed %d messages, the actor included: %v", len(msgs), got)
	}
	res = member.Get("/account/notifications")
	if !strings.Contains(res.Body, "Varslet behov") {
		t.Fatal("the notice is not on the submitter's page")
	}
}
