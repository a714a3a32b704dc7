package server_test

import (
	"bytes"
	"context"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/samstyr/samstyr/internal/audit"
	"github.com/samstyr/samstyr/internal/catalog"
	"github.com/samstyr/samstyr/internal/config"
	"github.com/samstyr/samstyr/internal/mail/mailtest"
	"github.com/samstyr/samstyr/internal/meetings"
	"github.com/samstyr/samstyr/internal/needs"
	"github.com/samstyr/samstyr/internal/policy"
	"github.com/samstyr/samstyr/internal/stakeholders"
	"github.com/samstyr/samstyr/internal/testutil/apptest"
)

// TestInquiryFlow walks an inquiry from the public form to the FAQ over
// a real SMTP server: the acknowledgement, a link to a need, the answer
// by e-mail before the deadline, the FAQ without names, closing, and a
// refused answer after closing (409, nothing stored).
func TestInquiryFlow(t *testing.T) {
	smtp := mailtest.Start(t)
	a := apptest.NewWith(t, apptest.Options{Config: func(c *config.Config) {
		c.SMTP = config.SMTP{Host: smtp.Host, Port: smtp.Port, From: "samstyr <noreply@samstyr.test>", TLS: "none"}
	}})
	ctx := context.Background()
	anon := a.Client("anonymous")
	form := url.Values{"sender_name": {"Kari Nordmann"}, "sender_email": {"kari@example.org"}, "organisation": {"Eksempel kommune"},
		"topic": {"Digital byggesøknad"}, "text": {"Når kan vi <ta i bruk> eByggesak? 5 < 6"}}
	// "<ta" looks like a tag: refused, nothing stored.
	res := anon.PostForm("/inquiries", form)
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, `id="e-text"`) {
		t.Fatalf("HTML in the text: %d", res.StatusCode)
	}
	if is, _, _ := a.Inquiries.Queue(ctx, policy.SystemActor, stakeholders.Filter{}); len(is) != 0 {
		t.Fatalf("a refused inquiry was stored: %d", len(is))
	}
	form.Set("text", "Når kan vi ta i bruk eByggesak? 5 < 6 & mer")
	res = anon.PostForm("/inquiries", form)
	year := time.Now().Year()
	ref := fmt.Sprintf("H-%d-0001", year)
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/inquiries/sent?ref="+ref {
		t.Fatalf("submit: %d %q", res.StatusCode, res.Header.Get("Location"))
	}
	if page := anon.Get(res.Header.Get("Location")); !strings.Contains(page.Body, ref) {
		t.Fatalf("the thanks page does not show %s", ref)
	}
	is, _, err := a.Inquiries.Queue(ctx, policy.SystemActor, stakeholders.Filter{})
	if err != nil || len(is) != 1 {
		t.Fatalf("queue: %v %v", is, err)
	}
	i := is[0]
	days := i.Deadline.Sub(i.CreatedAt).Hours() / 24
	if i.Reference != ref || i.State != stakeholders.Open || i.Channel != stakeholders.ChannelWeb || days < 13.9 || days > 14.1 {
		t.Fatalf("stored: %+v (deadline after %.1f days)", i, days)
	}
	if _, err := a.Jobs.RunDue(ctx); err != nil {
		t.Fatal(err)
	}
	ack := smtp.Wait(t, 1)[0]
	if ack.To != "kari@example.org" || !strings.Contains(ack.Subject, ref) || !strings.Contains(ack.Text, "Digital byggesøknad") {
		t.Fatalf("acknowledgement: %s %q\n%s", ack.To, ack.Subject, ack.Text)
	}

	// The text is shown escaped on the secretariat's page.
	sec := a.Client("secretariat")
	page := sec.Get(fmt.Sprintf("/inquiries/%d", i.ID))
	if page.StatusCode != http.StatusOK || !strings.Contains(page.Body, "5 &lt; 6 &amp; mer") {
		t.Fatalf("inquiry page: %d", page.StatusCode)
	}
	member, err := a.DB.FindActor(ctx, a.People["member"].ID, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	n, err := a.Needs.Create(ctx, member, needs.Input{Title: "Digital byggesøknad for alle", Problem: "P", Area: "plan", Affected: []string{"citizens"}})
	if err != nil {
		t.Fatal(err)
	}
	res = sec.API("POST", fmt.Sprintf("/api/v1/inquiries/%d/links", i.ID), fmt.Sprintf(`{"type":"need","id":%d}`, n.ID))
	if res.StatusCode != http.StatusOK || !strings.Contains(res.Body, "Digital byggesøknad for alle") {
		t.Fatalf("link: %d %s", res.StatusCode, res.Body)
	}
	res = sec.PostForm(fmt.Sprintf("/inquiries/%d/answer", i.ID), url.Values{"answer": {"eByggesak er i bruk fra 1. mars."}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("answer: %d", res.StatusCode)
	}
	if _, err := a.Jobs.RunDue(ctx); err != nil {
		t.Fatal(err)
	}
	answer := smtp.Wait(t, 2)[1]
	if answer.To != "kari@example.org" || !strings.Contains(answer.Text, "eByggesak er i bruk fra 1. mars.") {
		t.Fatalf("answer mail: %s\n%s", answer.To, answer.Text)
	}
	got, err := a.Inquiries.Inquiry(ctx, policy.SystemActor, i.ID)
	if err != nil || got.State != stakeholders.Answered || !got.AnsweredAt.Before(got.Deadline) || len(got.Links) != 1 {
		t.Fatalf("after the answer: %+v %v", got, err)
	}
	// The FAQ must not name the sender.
	res = sec.PostForm(fmt.Sprintf("/inquiries/%d/faq", i.ID), url.Values{"faq_question": {"Kari Nordmann spør om eByggesak"}, "faq_answer": {"Fra 1. mars."}})
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("FAQ with the name: %d", res.StatusCode)
	}
	res = sec.PostForm(fmt.Sprintf("/inquiries/%d/faq", i.ID), url.Values{"faq_question": {"Når kommer eByggesak?"}, "faq_answer": {"Fra 1. mars."}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("FAQ: %d", res.StatusCode)
	}
	faq := anon.Get("/faq")
	if !strings.Contains(faq.Body, "Når kommer eByggesak?") || strings.Contains(faq.Body, "Kari") || strings.Contains(faq.Body, "kari@") {
		t.Fatalf("public FAQ: %s", faq.Body)
	}
	if api := anon.API("GET", "/api/v1/faq", ""); api.StatusCode != http.StatusOK || !strings.Contains(api.Body, "Fra 1. mars.") {
		t.Fatalf("FAQ API: %d %s", api.StatusCode, api.Body)
	}
	if res = sec.PostForm(fmt.Sprintf("/inquiries/%d/close", i.ID), url.Values{}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("close: %d", res.StatusCode)
	}
	res = sec.API("POST", fmt.Sprintf("/api/v1/inquiries/%d/answer", i.ID), `{"text":"Et svar til"}`)
	if res.StatusCode != http.StatusConflict {
		t.Fatalf("answer after closing: %d %s", res.StatusCode, res.Body)
	}
	if as, _ := a.Inquiries.Answers(ctx, policy.SystemActor, i.ID); len(as) != 1 {
		t.Fatalf("answers after the refused one: %d", len(as))
	}
	for _, act := range []string{"inquiry.create", "inquiry.link", "inquiry.answer", "inquiry.faq", "inquiry.close"} {
		evs, err := a.Audit.List(ctx, policy.SystemActor, audit.Filter{ObjectType: "inquiry", ObjectID: fmt.Sprint(i.ID), Action: act, Limit: 5})
		if err != nil || len(evs.Items) != 1 {
			t.Errorf("audit %s: %d %v", act, len(evs.Items), err)
		}
	}
	a.VerifyAudit()
}

// TestInquiryAbuse: the per-address limit (429 with Retry-After, nothing
// stored), the same answer for a known and an unknown address, and the
// size limit.
func TestInquiryAbuse(t *testing.T) {
	a := apptest.New(t)
	ctx := context.Background()
	a.Inquiries.MaxPerAddress = 2
	anon := a.Client("anonymous")
	send := func(email, text string) *apptest.Response {
		return anon.PostForm("/inquiries", url.Values{"sender_name": {"Ola"}, "sender_email": {email}, "topic": {"Spørsmål"}, "text": {text}})
	}
	known := send(a.People["member"].Email, "Hei")
	unknown := send("ingen@example.org", "Hei")
	if known.StatusCode != http.StatusSeeOther || unknown.StatusCode != http.StatusSeeOther {
		t.Fatalf("known %d, unknown %d", known.StatusCode, unknown.StatusCode)
	}
	if !strings.HasPrefix(known.Header.Get("Location"), "/inquiries/sent?ref=") || !strings.HasPrefix(unknown.Header.Get("Location"), "/inquiries/sent?ref=") {
		t.Fatalf("answers differ: %q %q", known.Header.Get("Location"), unknown.Header.Get("Location"))
	}
	third := send("tredje@example.org", "Hei")
	if third.StatusCode != http.StatusTooManyRequests || third.Header.Get("Retry-After") == "" {
		t.Fatalf("third from the address: %d %q", third.StatusCode, third.Header.Get("Retry-After"))
	}
	a.Inquiries.MaxPerAddress = 100
	if long := send("lang@example.org", strings.Repeat("x", stakeholders.MaxText+1)); long.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("too long: %d", long.StatusCode)
	}
	is, _, _ := a.Inquiries.Queue(ctx, policy.SystemActor, stakeholders.Filter{})
	if len(is) != 2 {
		t.Fatalf("stored %d inquiries, want 2", len(is))
	}
}

// TestInquiryReferencesUnderConcurrency registers inquiries at once: the
// numbers of the year are 1..n with no gap and no repeat.
func TestInquiryReferencesUnderConcurrency(t *testing.T) {
	a := apptest.New(t)
	ctx := context.Background()
	const n = 16
	var wg sync.WaitGroup
	errc := make(chan error, n)
	for k := 0; k < n; k++ {
		wg.Add(1)
		go func(k int) {
			defer wg.Done()
			i := &stakeholders.Inquiry{Channel: stakeholders.ChannelPhone, SenderName: fmt.Sprintf("Ringer %d", k), Topic: "T", Text: "Tekst"}
			errc <- a.Inquiries.Register(ctx, policy.SystemActor, i)
		}(k)
	}
	wg.Wait()
	close(errc)
	for err := range errc {
		if err != nil {
			t.Fatal(err)
		}
	}
	is, _, err := a.Inquiries.Queue(ctx, policy.SystemActor, stakeholders.Filter{})
	if err != nil || len(is) != n {
		t.Fatalf("%d inquiries, %v", len(is), err)
	}
	seen := map[string]bool{}
	for _, i := range is {
		seen[i.Reference] = true
	}
	for k := 1; k <= n; k++ {
		if ref := stakeholders.Reference(time.Now().Year(), k); !seen[ref] {
			t.Errorf("reference %s missing (have %v)", ref, seen)
		}
	}
}

// TestInquiryDeadlineJobs: the owner is reminded before the deadline, the
// secretariat told after it (once, audited), and the queue counts the
// inquiry overdue; an answered inquiry is not escalated.
func TestInquiryDeadlineJobs(t *testing.T) {
	a := apptest.New(t)
	ctx := context.Background()
	sys := policy.SystemActor
	owner := a.People["secretariat"].ID
	reg := func(topic string) *stakeholders.Inquiry {
		i := &stakeholders.Inquiry{Channel: stakeholders.ChannelPhone, SenderName: "Per", SenderEmail: "per@example.org", Topic: topic, Text: "Tekst"}
		if err := a.Inquiries.Register(ctx, sys, i); err != nil {
			t.Fatal(err)
		}
		if _, err := a.Inquiries.Assign(ctx, sys, i.ID, owner, time.Time{}); err != nil {
			t.Fatal(err)
		}
		return i
	}
	late, answered := reg("Sen"), reg("Besvart")
	if _, err := a.Inquiries.AnswerInquiry(ctx, sys, answered.ID, "Svar"); err != nil {
		t.Fatal(err)
	}
	at := func(t0 time.Time) {
		a.Jobs.Now = func() time.Time { return t0 }
		a.Inquiries.Now = a.Jobs.Now
		if _, err := a.Jobs.RunDue(ctx); err != nil {
			t.Fatal(err)
		}
	}
	at(late.Deadline.Add(-time.Hour))
	got, _ := a.Inquiries.Inquiry(ctx, sys, late.ID)
	if got.RemindedAt.IsZero() || !got.EscalatedAt.IsZero() {
		t.Fatalf("before the deadline: reminded %v escalated %v", got.RemindedAt, got.EscalatedAt)
	}
	at(late.Deadline.Add(time.Hour))
	at(late.Deadline.Add(2 * time.Hour))
	got, _ = a.Inquiries.Inquiry(ctx, sys, late.ID)
	if got.EscalatedAt.IsZero() {
		t.Fatal("not escalated after the deadline")
	}
	if g2, _ := a.Inquiries.Inquiry(ctx, sys, answered.ID); !g2.EscalatedAt.IsZero() {
		t.Fatal("an answered inquiry was escalated")
	}
	evs, err := a.Audit.List(ctx, sys, audit.Filter{Action: "inquiry.escalate", Limit: 10})
	if err != nil || len(evs.Items) != 1 {
		t.Fatalf("escalation audit: %d %v", len(evs.Items), err)
	}
	actor, err := a.DB.FindActor(ctx, owner, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if n, err := a.Notify.Unread(ctx, actor); err != nil || n < 2 {
		t.Fatalf("owner's notices: %d %v", n, err)
	}
	_, st, err := a.Inquiries.Queue(ctx, sys, stakeholders.Filter{})
	if err != nil || st.Overdue != 1 || st.Open != 1 {
		t.Fatalf("queue stats: %+v %v", st, err)
	}
	a.VerifyAudit()
}

// recordedDecision records a decision of the user council for tests.
func recordedDecision(t testing.TB, a *apptest.App) int64 {
	t.Helper()
	ctx := context.Background()
	sys := policy.SystemActor
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	start := time.Now().Add(-48 * time.Hour).Truncate(time.Minute)
	m := &meetings.Meeting{BodyID: a.Bodies[policy.BodyUserCouncil].ID, StartsAt: start, EndsAt: start.Add(time.Hour), Place: "KS-huset"}
	must(a.Meetings.CreateMeeting(ctx, sys, m))
	c := &meetings.Case{BodyID: m.BodyID, Kind: meetings.KindDecision, Title: "Vedta NPS 3.1", ProposedDecision: "NPS 3.1 vedtas."}
	must(a.Meetings.CreateCase(ctx, sys, c))
	_, err := a.Meetings.MoveCase(ctx, sys, c.ID, meetings.CaseOnAgenda, m.ID)
	must(err)
	_, err = a.Meetings.PublishNotice(ctx, sys, m.ID)
	must(err)
	_, err = a.Meetings.Hold(ctx, sys, m.ID)
	must(err)
	must(a.Meetings.RecordAttendance(ctx, sys, m.ID, &meetings.Attendee{Kind: "present", PersonID: a.People["user_council"].ID}))
	d := &meetings.Decision{Kind: "advice", Text: "NPS 3.1 vedtas.", Unanimous: true}
	must(a.Meetings.RecordDecision(ctx, sys, c.ID, d))
	return d.ID
}

// TestConformanceFlow: NPS 3.1 adopted by a decision; a vendor declares
// a product through the API, the secretariat verifies it and it shows on
// the public page; a rejection needs a reason; retiring the version
// expires the declaration and refuses new ones (422, nothing stored).
func TestConformanceFlow(t *testing.T) {
	a := apptest.New(t)
	ctx := context.Background()
	sec, vendor, anon := a.Client("secretariat"), a.Client("vendor"), a.Client("anonymous")
	res := sec.API("POST", "/api/v1/standards", `{"code":"NPS","name":"Nasjonal produktspesifikasjon for ePlansak og eByggesak","owner":"KS"}`)
	if res.StatusCode != http.StatusCreated {
		t.Fatalf("standard: %d %s", res.StatusCode, res.Body)
	}
	sts, _ := a.Standards.Standards(ctx, nil)
	st := sts[0]
	v := &catalog.Version{StandardID: st.ID, Version: "3.1", PublishedOn: time.Date(2023, 11, 24, 0, 0, 0, 0, time.UTC)}
	if err := a.Standards.AddVersion(ctx, policy.SystemActor, v); err != nil {
		t.Fatal(err)
	}
	dec := recordedDecision(t, a)
	res = sec.PostForm(fmt.Sprintf("/standards/%d/adopt", st.ID), url.Values{"version_id": {fmt.Sprint(v.ID)}, "decision_id": {fmt.Sprint(dec)}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("adopt: %d %s", res.StatusCode, res.Body)
	}
	if page := anon.Get(fmt.Sprintf("/standards/%d", st.ID)); !strings.Contains(page.Body, "/cases/") {
		t.Fatal("the standard page does not link the adopting decision")
	}
	body := fmt.Sprintf(`{"product":"Saksbehandler Pluss","product_version":"7.2","standard_version_id":%d,"evidence_url":"https://test.example.org/run/17"}`, v.ID)
	res = vendor.API("POST", "/api/v1/conformance", body)
	if res.StatusCode != http.StatusCreated {
		t.Fatalf("declare: %d %s", res.StatusCode, res.Body)
	}
	ds, _ := a.Standards.Declarations(ctx, policy.SystemActor, catalog.DeclarationFilter{})
	if len(ds) != 1 || ds[0].VendorID != a.Organisations["vendor"].ID || ds[0].State != catalog.Declared {
		t.Fatalf("declarations: %+v", ds)
	}
	if page := anon.Get(fmt.Sprintf("/conformance?version=%d", v.ID)); strings.Contains(page.Body, "Saksbehandler Pluss") {
		t.Fatal("an unverified declaration is public")
	}
	if res = sec.PostForm(fmt.Sprintf("/conformance/%d/verify", ds[0].ID), url.Values{}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("verify: %d", res.StatusCode)
	}
	page := anon.Get(fmt.Sprintf("/conformance?version=%d", v.ID))
	if !strings.Contains(page.Body, "Saksbehandler Pluss") || !strings.Contains(page.Body, "NPS 3.1") {
		t.Fatalf("public conformance page: %s", page.Body)
	}
	if res = sec.API("POST", fmt.Sprintf("/api/v1/conformance/%d/verify", ds[0].ID), ""); res.StatusCode != http.StatusConflict {
		t.Fatalf("verify twice: %d", res.StatusCode)
	}
	res = vendor.API("POST", "/api/v1/conformance", strings.Replace(body, "7.2", "7.3", 1))
	var second struct{ ID int64 }
	fmt.Sscanf(res.Body[strings.Index(res.Body, `"id":`)+5:], "%d", &second.ID)
	if res = sec.API("POST", fmt.Sprintf("/api/v1/conformance/%d/reject", second.ID), `{"reason":""}`); res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("reject without a reason: %d", res.StatusCode)
	}
	if res = sec.API("POST", fmt.Sprintf("/api/v1/standard-versions/%d/retire", v.ID), ""); res.StatusCode != http.StatusOK {
		t.Fatalf("retire: %d %s", res.StatusCode, res.Body)
	}
	ds, _ = a.Standards.Declarations(ctx, policy.SystemActor, catalog.DeclarationFilter{})
	for _, d := range ds {
		if d.State != catalog.Expired {
			t.Errorf("declaration %d is %s after retiring", d.ID, d.State)
		}
	}
	res = vendor.API("POST", "/api/v1/conformance", body)
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, "standard_version_id") {
		t.Fatalf("declare for a retired version: %d %s", res.StatusCode, res.Body)
	}
	if ds2, _ := a.Standards.Declarations(ctx, policy.SystemActor, catalog.DeclarationFilter{}); len(ds2) != len(ds) {
		t.Fatal("a refused declaration was stored")
	}
	if page := anon.Get(fmt.Sprintf("/conformance?version=%d", v.ID)); strings.Contains(page.Body, "Saksbehandler Pluss") {
		t.Fatal("an expired declaration is still listed")
	}
	a.VerifyAudit()
}

// TestStakeholderPagesAreWellFormed renders this area's pages for the
// public, a vendor and the secretariat in every language (one h1,
// labelled controls, CSRF tokens, no untranslated key).
func TestStakeholderPagesAreWellFormed(t *testing.T) {
	a := apptest.New(t)
	ctx := context.Background()
	sys := policy.SystemActor
	i := &stakeholders.Inquiry{Channel: stakeholders.ChannelEmail, SenderName: "Kari", SenderEmail: "kari@example.org", Topic: "Sider", Text: "Hei"}
	if err := a.Inquiries.Register(ctx, sys, i); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Inquiries.AnswerInquiry(ctx, sys, i.ID, "Svar"); err != nil {
		t.Fatal(err)
	}
	st := &catalog.Standard{Code: "NPS", Name: "Nasjonal produktspesifikasjon", Owner: "KS", URL: "https://example.org/nps"}
	if err := a.Standards.CreateStandard(ctx, sys, st); err != nil {
		t.Fatal(err)
	}
	v := &catalog.Version{StandardID: st.ID, Version: "3.1"}
	if err := a.Standards.AddVersion(ctx, sys, v); err != nil {
		t.Fatal(err)
	}
	d := &catalog.Declaration{VendorID: a.Organisations["vendor"].ID, Product: "Sak", ProductVersion: "1", StandardVersionID: v.ID, EvidenceURL: "https://example.org/t"}
	if err := a.Standards.Declare(ctx, sys, d); err != nil {
		t.Fatal(err)
	}
	pages := map[string][]string{
		"anonymous":   {"/inquiries/new", "/faq", "/standards", fmt.Sprintf("/standards/%d", st.ID), "/conformance", fmt.Sprintf("/conformance?version=%d", v.ID)},
		"vendor":      {"/conformance/new", "/conformance"},
		"secretariat": {"/inquiries", "/inquiries?overdue=1", "/inquiries/register", fmt.Sprintf("/inquiries/%d", i.ID), "/standards/new", fmt.Sprintf("/standards/%d", st.ID), "/conformance", "/conformance/new"},
	}
	for _, lang := range []string{"nb", "nn", "en"} {
		for role, paths := range pages {
			c := a.Client(role)
			c.Lang = lang
			if role != "anonymous" {
				c.PostForm("/account/settings", map[string][]string{"locale": {lang}, "notify_mode": {"immediate"}})
			}
			for _, p := range paths {
				res := c.Get(p)
				if res.StatusCode != http.StatusOK {
					t.Errorf("%s %s as %s: status %d", lang, p, role, res.StatusCode)
					continue
				}
				checkPage(t, fmt.Sprintf("%s %s as %s", lang, p, role), lang, res)
			}
		}
	}
}

// TestInquiryAttachments registers an inquiry with files (the secretariat;
// the server takes uploads only from signed-in people, so the public form
// has none): a file named .pdf that is HTML is refused (422, nothing
// stored), a real PDF is kept and only the secretariat may download it.
func TestInquiryAttachments(t *testing.T) {
	a := apptest.New(t)
	ctx := context.Background()
	anon := a.Client("secretariat")
	anon.Get("/inquiries/register")
	send := func(name string, data []byte) *apptest.Response {
		var buf bytes.Buffer
		mw := multipart.NewWriter(&buf)
		_ = mw.WriteField("csrf_token", anon.CSRF())
		for k, v := range map[string]string{"channel": "email", "sender_name": "Ola", "sender_email": "ola@example.org", "topic": "Vedlegg", "text": "Se vedlegget."} {
			_ = mw.WriteField(k, v)
		}
		fw, _ := mw.CreateFormFile("files", name)
		_, _ = fw.Write(data)
		_ = mw.Close()
		req, _ := http.NewRequest(http.MethodPost, a.URL+"/inquiries/register", &buf)
		req.Header.Set("Content-Type", mw.FormDataContentType())
		req.Header.Set("Origin", a.URL)
		return anon.Do(req)
	}
	if res := send("rapport.pdf", []byte("<html><script>alert(1)</script></html>")); res.StatusCode != http.StatusUnprocessableEntity ||
		!strings.Contains(res.Body, `id="e-files"`) {
		t.Fatalf("HTML named .pdf: %d", res.StatusCode)
	}
	if is, _, _ := a.Inquiries.Queue(ctx, policy.SystemActor, stakeholders.Filter{}); len(is) != 0 {
		t.Fatal("an inquiry with a refused file was stored")
	}
	if res := send("rapport.pdf", []byte("%PDF-1.4\n% test\n")); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("PDF: %d", res.StatusCode)
	}
	is, _, _ := a.Inquiries.Queue(ctx, policy.SystemActor, stakeholders.Filter{})
	if len(is) != 1 {
		t.Fatalf("stored %d", len(is))
	}
	fs, err := a.Inquiries.Attachments(ctx, policy.SystemActor, is[0].ID)
	if err != nil || len(fs) != 1 || fs[0].ContentType != "application/pdf" {
		t.Fatalf("files: %+v %v", fs, err)
	}
	path := fmt.Sprintf("/inquiries/%d/attachments/%d", is[0].ID, fs[0].ID)
	if res := a.Client("secretariat").Get(path); res.StatusCode != http.StatusOK || res.Header.Get("Content-Type") != "application/pdf" {
		t.Fatalf("download: %d %v", res.StatusCode, res.Header)
	}
	if res := a.Client("member").Get(path); res.StatusCode != http.StatusForbidden {
		t.Fatalf("download as a member: %d", res.StatusCode)
	}
}

// TestConformanceEvidenceFile: a vendor gives the test report as a file;
// one that is not of an accepted type (judged from the content) is
// refused with nothing stored; the report of a declaration waiting for
// review is hidden from the public until it is verified.
func TestConformanceEvidenceFile(t *testing.T) {
	a := apptest.New(t)
	ctx := context.Background()
	sys := policy.SystemActor
	st := &catalog.Standard{Code: "NPS", Name: "NPS", Owner: "KS"}
	if err := a.Standards.CreateStandard(ctx, sys, st); err != nil {
		t.Fatal(err)
	}
	v := &catalog.Version{StandardID: st.ID, Version: "3.1"}
	if err := a.Standards.AddVersion(ctx, sys, v); err != nil {
		t.Fatal(err)
	}
	vendor := a.Client("vendor")
	vendor.Get("/conformance/new")
	send := func(data []byte) *apptest.Response {
		var buf bytes.Buffer
		mw := multipart.NewWriter(&buf)
		_ = mw.WriteField("csrf_token", vendor.CSRF())
		for k, val := range map[string]string{"product": "Rapportsak", "product_version": "2.0", "standard_version_id": fmt.Sprint(v.ID)} {
			_ = mw.WriteField(k, val)
		}
		fw, _ := mw.CreateFormFile("evidence_file", "testrapport.pdf")
		_, _ = fw.Write(data)
		_ = mw.Close()
		req, _ := http.NewRequest(http.MethodPost, a.URL+"/conformance", &buf)
		req.Header.Set("Content-Type", mw.FormDataContentType())
		req.Header.Set("Origin", a.URL)
		return vendor.Do(req)
	}
	if res := send([]byte("MZ\x90\x00 not a report")); res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, `id="e-evidence_file"`) {
		t.Fatalf("an executable as the report: %d", res.StatusCode)
	}
	if ds, _ := a.Standards.Declarations(ctx, sys, catalog.DeclarationFilter{}); len(ds) != 0 {
		t.Fatal("a refused declaration was stored")
	}
	if res := send([]byte("%PDF-1.4\n% rapport\n")); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("declare with a PDF: %d", res.StatusCode)
	}
	ds, _ := a.Standards.Declarations(ctx, sys, catalog.DeclarationFilter{})
	if len(ds) != 1 || ds[0].EvidenceType != "application/pdf" || ds[0].EvidenceURL != "" {
		t.Fatalf("declaration: %+v", ds)
	}
	path := fmt.Sprintf("/conformance/%d/evidence", ds[0].ID)
	if res := a.Client("anonymous").Get(path); res.StatusCode != http.StatusNotFound {
		t.Fatalf("the public reads a report under review: %d", res.StatusCode)
	}
	if res := vendor.Get(path); res.StatusCode != http.StatusOK || res.Header.Get("Content-Type") != "application/pdf" {
		t.Fatalf("the vendor reads its report: %d", res.StatusCode)
	}
	if _, err := a.Standards.Verify(ctx, sys, ds[0].ID); err != nil {
		t.Fatal(err)
	}
	if res := a.Client("anonymous").Get(path); res.StatusCode != http.StatusOK {
		t.Fatalf("the public reads a verified report: %d", res.StatusCode)
	}
}

// TestInquiryLinkOrder: permission comes before the fields: a member who
// posts the link form without a choice gets 403, the secretariat 422.
func TestInquiryLinkOrder(t *testing.T) {
	a := apptest.New(t)
	i := &stakeholders.Inquiry{Channel: stakeholders.ChannelPhone, SenderName: "Per", Topic: "T", Text: "Tekst"}
	if err := a.Inquiries.Register(context.Background(), policy.SystemActor, i); err != nil {
		t.Fatal(err)
	}
	path := fmt.Sprintf("/inquiries/%d/links", i.ID)
	if res := a.Client("member").PostForm(path, url.Values{}); res.StatusCode != http.StatusForbidden {
		t.Fatalf("member: %d", res.StatusCode)
	}
	if res := a.Client("secretariat").PostForm(path, url.Values{}); res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("secretariat: %d", res.StatusCode)
	}
}
