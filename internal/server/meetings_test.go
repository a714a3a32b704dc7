package server_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"
	ics "github.com/arran4/golang-ical"

	"github.com/samstyr/samstyr/internal/governance"
	"github.com/samstyr/samstyr/internal/i18n"
	"github.com/samstyr/samstyr/internal/meetings"
	"github.com/samstyr/samstyr/internal/needs"
	"github.com/samstyr/samstyr/internal/policy"
	"github.com/samstyr/samstyr/internal/testutil/apptest"
)

// idFrom returns the id at the end of a redirect's Location.
func idFrom(t *testing.T, res *apptest.Response) string {
	t.Helper()
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("status %d, want 303: %s", res.StatusCode, snippet(res.Body))
	}
	loc := res.Header.Get("Location")
	return loc[strings.LastIndex(loc, "/")+1:]
}

func snippet(s string) string {
	if i := strings.Index(s, `id="main"`); i >= 0 {
		s = s[i:]
	}
	if len(s) > 1500 {
		s = s[:1500]
	}
	return s
}

func htmlDoc(t *testing.T, res *apptest.Response) *goquery.Document {
	t.Helper()
	d, err := goquery.NewDocumentFromReader(strings.NewReader(res.Body))
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func expect(t *testing.T, res *apptest.Response, status int) *apptest.Response {
	t.Helper()
	if res.StatusCode != status {
		t.Fatalf("%s: status %d, want %d: %s", res.Request.URL.Path, res.StatusCode, status, snippet(res.Body))
	}
	return res
}

func mustInt(s string) int64 {
	var n int64
	fmt.Sscan(s, &n)
	return n
}

func dtLocal(t time.Time) string { return t.In(i18n.Oslo()).Format("2006-01-02T15:04") }

// TestMeetingCycleInBrowser runs a full cycle through the pages as the
// secretariat: a proposed user-council member is approved by a decision of
// the strategic council, the minutes are approved at the next meeting and
// published, and the membership shows the decision.
func TestMeetingCycleInBrowser(t *testing.T) {
	a := apptest.New(t)
	sec := a.Client("secretariat")
	sc, uc := a.Bodies[policy.BodyStrategicCouncil].ID, a.Bodies[policy.BodyUserCouncil].ID
	cand := a.NewPerson("kandidat", "bergen", "", false)

	// A proposed membership of the user council.
	mid := idFrom(t, sec.PostForm(fmt.Sprintf("/bodies/%d/members", uc), url.Values{"person_email": {cand.Email}, "organisation_number": {"4601"},
		"function": {"member"}, "sector": {"municipal"}, "term_from": {"2026-01-01"}, "term_to": {"2027-12-31"}, "appointed_by": {"Valgt av Brukerforum"}}))
	page := expect(t, sec.Get("/memberships/"+mid), 200)
	if !strings.Contains(page.Body, "Foreslått") {
		t.Fatal("new user-council membership is not shown as proposed")
	}
	// A bad term stores nothing.
	head := a.ChangeCount()
	res := expect(t, sec.PostForm(fmt.Sprintf("/bodies/%d/members", uc), url.Values{"person_email": {cand.Email}, "function": {"member"},
		"sector": {"municipal"}, "term_from": {"2027-01-01"}, "term_to": {"2026-01-01"}}), 422)
	if d := htmlDoc(t, res); d.Find("#f-term_to[aria-invalid=true]").Length() != 1 || d.Find(".ds-error-summary a[href='#f-term_to']").Length() != 1 {
		t.Fatalf("422 form lacks the field error: %s", snippet(res.Body))
	}
	if a.ChangeCount() != head {
		t.Fatal("a refused membership changed the audit log")
	}

	// Meeting of the strategic council, started an hour ago.
	start := time.Now().Add(-time.Hour)
	meet := idFrom(t, sec.PostForm("/meetings", url.Values{"body_id": {fmt.Sprint(sc)}, "starts_at": {dtLocal(start)}, "ends_at": {dtLocal(start.Add(2 * time.Hour))},
		"place": {"KS-huset, Oslo"}, "notice_text": {"Velkommen til møte."}}))
	caseID := idFrom(t, sec.PostForm("/cases", url.Values{"body_id": {fmt.Sprint(sc)}, "kind": {"decision"}, "title": {"Nytt medlem i Brukerrådet"},
		"background": {"Brukerforum har valgt **ny representant**."}, "proposed_decision": {"KommIT-rådet godkjenner medlemmet."}}))
	expect(t, sec.PostForm("/cases/"+caseID+"/links", url.Values{"item_type": {"membership"}, "item_id": {mid}}), 303)
	expect(t, sec.PostForm("/cases/"+caseID+"/move", url.Values{"to": {"prepared"}}), 303)
	expect(t, sec.PostForm("/cases/"+caseID+"/move", url.Values{"to": {"on_agenda"}, "meeting_id": {meet}}), 303)
	// Editing the number by hand is refused.
	res = expect(t, sec.PostForm("/cases/"+caseID, url.Values{"number": {"7/26"}, "kind": {"decision"}, "title": {"Endret"}}), 422)
	if !strings.Contains(res.Body, "kan ikke endres") {
		t.Fatalf("hand-edited number: %s", snippet(res.Body))
	}
	// Deciding before the meeting is held is refused.
	expect(t, sec.PostForm("/cases/"+caseID+"/decision", url.Values{"kind": {"approval"}, "text": {"x"}, "unanimous": {"on"}}), 409)
	expect(t, sec.PostForm("/meetings/"+meet+"/publish", nil), 303)
	show := htmlDoc(t, expect(t, a.NewClient().Get("/meetings/"+meet), 200))
	if n := show.Find("table.ds-table tbody tr").Length(); n != 2 {
		t.Fatalf("public agenda has %d rows, want the standing item and the case", n)
	}
	expect(t, sec.PostForm("/meetings/"+meet+"/hold", nil), 303)
	expect(t, sec.PostForm("/meetings/"+meet+"/attendance", url.Values{"kind": {"present"}, "person_id": {fmt.Sprint(a.People["strategic_council"].ID)}}), 303)
	expect(t, sec.PostForm("/meetings/"+meet+"/attendance", url.Values{"kind": {"guest"}, "name": {"Gjest Gjestesen"}, "organisation": {"DiBK"}, "case_id": {caseID}}), 303)
	expect(t, sec.PostForm("/cases/"+caseID+"/decision", url.Values{"kind": {"approval"}, "text": {"KommIT-rådet godkjenner medlemmet."},
		"unanimous": {"on"}, "effects": {meetings.EffectApproveMemberships}}), 303)
	page = expect(t, a.NewClient().Get("/memberships/"+mid), 200)
	if htmlDoc(t, page).Find(`a[href="/cases/`+caseID+`"]`).Length() == 0 || !strings.Contains(page.Body, "Aktiv") {
		t.Fatalf("approved membership does not show its decision: %s", snippet(page.Body))
	}
	// Draft minutes: the secretariat writes; the public cannot read them yet.
	expect(t, sec.PostForm("/meetings/"+meet+"/minutes", url.Values{"intro": {"Møtet ble satt."}, "note_" + caseID: {"Saken ble drøftet."}}), 303)
	expect(t, a.NewClient().Get("/meetings/"+meet+"/minutes"), 404)

	// The next meeting approves the minutes as a standing item.
	next := idFrom(t, sec.PostForm("/meetings", url.Values{"body_id": {fmt.Sprint(sc)}, "starts_at": {dtLocal(start.Add(30 * time.Minute))},
		"ends_at": {dtLocal(start.Add(90 * time.Minute))}, "place": {"Teams"}}))
	expect(t, sec.PostForm("/meetings/"+next+"/publish", nil), 303)
	expect(t, sec.PostForm("/meetings/"+next+"/hold", nil), 303)
	var standing string
	htmlDoc(t, expect(t, sec.Get("/meetings/"+next), 200)).Find("tbody tr td a").Each(func(_ int, s *goquery.Selection) {
		if h, _ := s.Attr("href"); strings.HasPrefix(h, "/cases/") && !strings.Contains(h, "#") && strings.Contains(s.Closest("tr").Text(), "referat") {
			standing = strings.TrimPrefix(h, "/cases/")
		}
	})
	if standing == "" {
		t.Fatal("the next meeting has no standing item for the previous minutes")
	}
	expect(t, sec.PostForm("/cases/"+standing+"/decision", url.Values{"kind": {"approval"}, "text": {"Referatet godkjennes."}, "unanimous": {"on"}}), 303)
	if c, err := a.Meetings.Case(context.Background(), policy.SystemActor, mustInt(standing)); err != nil || c.Standing != meetings.StandingPreviousMinutes {
		t.Fatalf("standing case %s: %+v %v", standing, c, err)
	}
	minutes := expect(t, a.NewClient().Get("/meetings/"+meet+"/minutes"), 200)
	if !strings.Contains(minutes.Body, "Saken ble drøftet.") || !strings.Contains(minutes.Body, "Gjest Gjestesen") {
		t.Fatalf("approved minutes lack the note or the guest: %s", snippet(minutes.Body))
	}
	// Frozen: edits and a second approval are refused.
	expect(t, sec.PostForm("/meetings/"+meet+"/minutes", url.Values{"intro": {"Endret"}}), 409)
	expect(t, sec.PostForm("/meetings/"+meet+"/minutes/approve", url.Values{"circulation_date": {time.Now().Format(time.DateOnly)}}), 409)
	pdf := expect(t, a.NewClient().Get("/meetings/"+meet+"/minutes.pdf"), 200)
	if !strings.HasPrefix(pdf.Body, "%PDF-") || pdf.Header.Get("Content-Type") != "application/pdf" {
		t.Fatal("minutes PDF is not a PDF")
	}
	a.VerifyAudit()
}

// TestMeetingCycleThroughAPI runs the cycle with API calls: a working group
// is appointed by the user council, follow-up actions are created and
// reminded, and the minutes are approved by circulation.
func TestMeetingCycleThroughAPI(t *testing.T) {
	a := apptest.New(t)
	sec := a.Client("secretariat")
	uc := a.Bodies[policy.BodyUserCouncil].ID
	call := func(method, path, body string, status int) map[string]any {
		t.Helper()
		res := sec.API(method, "/api/v1"+path, body)
		if res.StatusCode != status {
			t.Fatalf("%s %s: status %d, want %d: %s", method, path, res.StatusCode, status, res.Body)
		}
		var m map[string]any
		_ = json.Unmarshal([]byte(res.Body), &m)
		return m
	}
	id := func(m map[string]any) int64 { return int64(m["id"].(float64)) }
	wg := call("POST", "/bodies", `{"kind":"working_group","name_nb":"Arbeidsgruppe for planregister","mandate":"Utrede felles planregister.","financing_nok":450000,"financing_source":"DigiFin","period_from":"2026-04-01","period_to":"2026-12-31"}`, 201)
	if wg["active"] != false {
		t.Fatalf("working group created active: %v", wg)
	}
	start := time.Now().Add(-time.Hour).UTC().Format(time.RFC3339)
	end := time.Now().Add(time.Hour).UTC().Format(time.RFC3339)
	m := call("POST", "/meetings", fmt.Sprintf(`{"body_id":%d,"starts_at":%q,"ends_at":%q,"video_url":"https://teams.example/meet"}`, uc, start, end), 201)
	c := call("POST", "/cases", fmt.Sprintf(`{"body_id":%d,"kind":"decision","title":"Oppnevning av arbeidsgruppe","proposed_decision":"Arbeidsgruppen oppnevnes."}`, uc), 201)
	if !strings.HasSuffix(c["number"].(string), fmt.Sprintf("/%02d", time.Now().Year()%100)) {
		t.Fatalf("case number %v", c["number"])
	}
	call("POST", fmt.Sprintf("/cases/%d/links", id(c)), fmt.Sprintf(`{"item_type":"working_group","item_id":%d}`, id(wg)), 200)
	call("POST", fmt.Sprintf("/cases/%d/move", id(c)), fmt.Sprintf(`{"to":"on_agenda","meeting_id":%d}`, id(m)), 200)
	// An exempt case without a legal basis is refused, naming the fields.
	res := sec.API("POST", "/api/v1/cases", fmt.Sprintf(`{"body_id":%d,"kind":"decision","title":"Hemmelig","exempt":true}`, uc))
	if res.StatusCode != 422 || !strings.Contains(res.Body, `"field":"legal_basis"`) || !strings.Contains(res.Body, `"field":"public_title"`) {
		t.Fatalf("exempt case without basis: %d %s", res.StatusCode, res.Body)
	}
	call("POST", fmt.Sprintf("/meetings/%d/publish", id(m)), "", 200)
	call("POST", fmt.Sprintf("/meetings/%d/hold", id(m)), "", 200)
	call("POST", fmt.Sprintf("/meetings/%d/attendance", id(m)), fmt.Sprintf(`{"kind":"deputy","person_id":%d,"for_person_id":%d}`, a.People["member"].ID, a.People["user_council"].ID), 201)
	d := call("POST", fmt.Sprintf("/cases/%d/decision", id(c)), `{"kind":"appointment","text":"Arbeidsgruppen oppnevnes.","votes_for":6,"votes_against":1,"votes_abstaining":0,"dissent":"Ett medlem ville vente.","effects":["appoint_working_groups"]}`, 201)
	got := call("GET", fmt.Sprintf("/bodies/%d", id(wg)), "", 200)
	if got["active"] != true || got["decision"] == nil {
		t.Fatalf("working group after decision: %v", got)
	}
	x := call("POST", fmt.Sprintf("/decisions/%d/actions", id(d)), fmt.Sprintf(`{"title":"Kalle inn til første møte","owner_id":%d,"deadline":%q}`,
		a.People["secretariat"].ID, time.Now().AddDate(0, 0, 3).Format(time.DateOnly)), 201)
	open := call("GET", fmt.Sprintf("/bodies/%d/actions?state=open", uc), "", 200)
	if len(open["items"].([]any)) != 1 {
		t.Fatalf("open actions: %v", open)
	}
	n, err := a.Meetings.RemindActions(context.Background())
	if err != nil || n != 1 {
		t.Fatalf("reminders: %d %v", n, err)
	}
	if n, _ := a.Meetings.RemindActions(context.Background()); n != 0 {
		t.Fatal("the reminder was sent twice")
	}
	call("POST", fmt.Sprintf("/actions/%d/done", id(x)), `{"done":true}`, 200)
	call("PUT", fmt.Sprintf("/meetings/%d/minutes", id(m)), fmt.Sprintf(`{"intro":"Referat","notes":{"%d":"Gruppen ble oppnevnt."}}`, id(c)), 200)
	call("POST", fmt.Sprintf("/meetings/%d/minutes/approve", id(m)), fmt.Sprintf(`{"circulation_date":%q}`, time.Now().Format(time.DateOnly)), 200)
	call("POST", fmt.Sprintf("/meetings/%d/minutes/approve", id(m)), fmt.Sprintf(`{"circulation_date":%q}`, time.Now().Format(time.DateOnly)), 409)
	pub := a.NewClient().API("GET", fmt.Sprintf("/api/v1/meetings/%d/minutes", id(m)), "")
	if pub.StatusCode != 200 || !strings.Contains(pub.Body, "Gruppen ble oppnevnt.") || !strings.Contains(pub.Body, `"approved"`) {
		t.Fatalf("public minutes: %d %s", pub.StatusCode, pub.Body)
	}
	a.VerifyAudit()
}

// exemptFixture holds a published meeting whose agenda has an exempt case
// with an exempt attachment, decided and minuted, with approved minutes.
const (
	secretTitle      = "Avtale med Hemmelig Hansen"
	secretBackground = "SECRET-BACKGROUND-7731"
	secretDecision   = "SECRET-DECISION-7731"
	secretNote       = "SECRET-NOTE-7731"
	secretFile       = "hansen-personalia-7731.txt"
	secretFileBody   = "SECRET-FILE-7731"
	secretPubFile    = "personalia-vedlegg-7731.txt"
)

func exemptFixture(t *testing.T, a *apptest.App) (*meetings.Meeting, *meetings.Case) {
	t.Helper()
	ctx := context.Background()
	sys := policy.SystemActor
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	uc := a.Bodies[policy.BodyUserCouncil].ID
	start := time.Now().Add(-3 * time.Hour).Truncate(time.Minute)
	m := &meetings.Meeting{BodyID: uc, StartsAt: start, EndsAt: start.Add(2 * time.Hour), Place: "Oslo"}
	must(a.Meetings.CreateMeeting(ctx, sys, m))
	c := &meetings.Case{BodyID: uc, Kind: meetings.KindDecision, Title: secretTitle, Background: secretBackground,
		ProposedDecision: secretDecision, Exempt: true, LegalBasis: "offtl. § 13", PublicTitle: "Avtale med ekstern konsulent"}
	must(a.Meetings.CreateCase(ctx, sys, c))
	_, err := a.Meetings.MoveCase(ctx, sys, c.ID, meetings.CaseOnAgenda, m.ID)
	must(err)
	open := &meetings.Case{BodyID: uc, Kind: meetings.KindInformation, Title: "Åpen orientering"}
	must(a.Meetings.CreateCase(ctx, sys, open))
	_, err = a.Meetings.MoveCase(ctx, sys, open.ID, meetings.CaseOnAgenda, m.ID)
	must(err)
	must(a.Meetings.AddAttachment(ctx, sys, &meetings.Attachment{CaseID: open.ID, Name: secretFile, Data: []byte(secretFileBody), Exempt: true,
		LegalBasis: "offtl. § 13", PublicTitle: "Vedlegg om person"}))
	must(a.Meetings.AddAttachment(ctx, sys, &meetings.Attachment{CaseID: c.ID, Name: secretPubFile, Data: []byte(secretFileBody)}))
	_, err = a.Meetings.PublishNotice(ctx, sys, m.ID)
	must(err)
	_, err = a.Meetings.Hold(ctx, sys, m.ID)
	must(err)
	must(a.Meetings.RecordDecision(ctx, sys, c.ID, &meetings.Decision{Kind: "approval", Text: secretDecision, Unanimous: true}))
	must(a.Meetings.EditMinutes(ctx, sys, m.ID, meetings.MinutesEditInput{Intro: "Referat", Notes: map[int64]string{c.ID: secretNote, open.ID: "Tatt til orientering."}}))
	must(a.Meetings.ApproveByCirculation(ctx, sys, m.ID, time.Now(), ""))
	return m, c
}

// TestExemptContentNeverPublic walks every public page, feed, document and
// API answer as the public and checks that the exempt content's text never
// appears, while the public title and legal basis do.
func TestExemptContentNeverPublic(t *testing.T) {
	a := apptest.New(t)
	m, c := exemptFixture(t, a)
	anon := a.NewClient()
	uc := a.Bodies[policy.BodyUserCouncil].ID
	secrets := []string{"Hemmelig Hansen", secretBackground, secretDecision, secretNote, secretFile, secretFileBody, secretPubFile}
	pages := []string{"/", "/meetings", fmt.Sprintf("/meetings?body=%d", uc), fmt.Sprintf("/meetings/%d", m.ID), fmt.Sprintf("/meetings/%d/notice", m.ID),
		fmt.Sprintf("/meetings/%d/minutes", m.ID), "/cases", "/cases?q=hemmelig", "/cases?q=hansen", fmt.Sprintf("/cases/%d", c.ID),
		fmt.Sprintf("/bodies/%d", uc), fmt.Sprintf("/bodies/%d/calendar.ics", uc), "/api/v1/meetings", fmt.Sprintf("/api/v1/meetings/%d", m.ID),
		fmt.Sprintf("/api/v1/meetings/%d/minutes", m.ID), fmt.Sprintf("/api/v1/meetings/%d/attendance", m.ID), "/api/v1/cases",
		"/api/v1/cases?q=hansen", fmt.Sprintf("/api/v1/cases?meeting=%d", m.ID), fmt.Sprintf("/api/v1/cases/%d", c.ID),
		fmt.Sprintf("/api/v1/bodies/%d", uc)}
	if c.Decision == nil {
		got, _ := a.Meetings.Case(context.Background(), policy.SystemActor, c.ID)
		pages = append(pages, fmt.Sprintf("/api/v1/decisions/%d", got.Decision.ID))
	}
	for _, p := range pages {
		var res *apptest.Response
		if strings.HasPrefix(p, "/api/") {
			res = anon.API("GET", p, "")
		} else {
			res = anon.Get(p)
		}
		if res.StatusCode != 200 {
			t.Errorf("%s: status %d", p, res.StatusCode)
			continue
		}
		for _, s := range secrets {
			if strings.Contains(res.Body, s) {
				t.Errorf("%s shows exempt content %q", p, s)
			}
		}
	}
	casePage := anon.Get(fmt.Sprintf("/cases/%d", c.ID)).Body
	if !strings.Contains(casePage, "Avtale med ekstern konsulent") || !strings.Contains(casePage, "offtl. § 13") {
		t.Error("the exempt case does not show its public title and legal basis")
	}
	// Exempt attachments cannot be fetched; the PDFs are made from the
	// redacted documents and their text is checked where pdftotext exists.
	atts, _ := a.DB.FindCaseAttachments(context.Background(), c.ID)
	if res := anon.Get(fmt.Sprintf("/attachments/%d", atts[0].ID)); res.StatusCode == 200 {
		t.Error("an attachment of an exempt case was served to the public")
	}
	for _, kind := range []string{"notice", "minutes"} {
		doc, err := a.Meetings.NoticeDocument(context.Background(), nil, m.ID)
		if kind == "minutes" {
			doc, err = a.Meetings.MinutesDocument(context.Background(), nil, m.ID)
		}
		if err != nil {
			t.Fatal(err)
		}
		b, _ := json.Marshal(doc)
		for _, s := range secrets {
			if strings.Contains(string(b), s) {
				t.Errorf("the public %s document holds %q", kind, s)
			}
		}
		res := anon.Get(fmt.Sprintf("/meetings/%d/%s.pdf", m.ID, kind))
		if res.StatusCode != 200 {
			t.Fatalf("%s.pdf: %d", kind, res.StatusCode)
		}
		if text := pdfText(t, []byte(res.Body)); text != "" {
			for _, s := range secrets {
				if strings.Contains(text, s) {
					t.Errorf("%s.pdf shows %q", kind, s)
				}
			}
			if !strings.Contains(text, "ekstern konsulent") {
				t.Errorf("%s.pdf lacks the public title: %s", kind, text)
			}
		}
	}
	// Members of the body do see it.
	member := a.Client("user_council")
	if res := member.Get(fmt.Sprintf("/cases/%d", c.ID)); !strings.Contains(res.Body, secretBackground) {
		t.Error("a member of the body cannot read the exempt case")
	}
}

// pdfText extracts a PDF's text with pdftotext when it is installed.
func pdfText(t *testing.T, b []byte) string {
	path, err := exec.LookPath("pdftotext")
	if err != nil {
		return ""
	}
	cmd := exec.Command(path, "-", "-")
	cmd.Stdin = strings.NewReader(string(b))
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return string(out)
}

// TestCalendarFeeds parses the body and person feeds with an iCalendar
// parser and checks UIDs, sequences, cancellations and line folding.
func TestCalendarFeeds(t *testing.T) {
	a := apptest.New(t)
	ctx := context.Background()
	sys := policy.SystemActor
	uc := a.Bodies[policy.BodyUserCouncil].ID
	start := time.Now().AddDate(0, 0, 7).Truncate(time.Minute)
	long := strings.Repeat("Kommunal plan- og byggesaksbehandling med æøå og ŋ, ", 3)
	m1 := &meetings.Meeting{BodyID: uc, Title: long, StartsAt: start, EndsAt: start.Add(2 * time.Hour), Place: "Møterom «Fjord», Oslo; 3. etg"}
	m2 := &meetings.Meeting{BodyID: uc, StartsAt: start.AddDate(0, 0, 7), EndsAt: start.AddDate(0, 0, 7).Add(time.Hour), VideoURL: "https://teams.example/x"}
	hidden := &meetings.Meeting{BodyID: uc, StartsAt: start.AddDate(0, 1, 0), EndsAt: start.AddDate(0, 1, 0).Add(time.Hour), Place: "Ikke publisert"}
	for _, m := range []*meetings.Meeting{m1, m2, hidden} {
		if err := a.Meetings.CreateMeeting(ctx, sys, m); err != nil {
			t.Fatal(err)
		}
	}
	for _, m := range []*meetings.Meeting{m1, m2} {
		if _, err := a.Meetings.PublishNotice(ctx, sys, m.ID); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := a.Meetings.UpdateMeeting(ctx, sys, m1.ID, meetings.MeetingUpdate{Title: long, StartsAt: start.Add(time.Hour), EndsAt: start.Add(3 * time.Hour), Place: m1.Place}); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Meetings.Cancel(ctx, sys, m2.ID, "Sykdom"); err != nil {
		t.Fatal(err)
	}
	res := a.NewClient().Get(fmt.Sprintf("/bodies/%d/calendar.ics", uc))
	if res.StatusCode != 200 || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/calendar") {
		t.Fatalf("body feed: %d %s", res.StatusCode, res.Header.Get("Content-Type"))
	}
	checkFolding(t, res.Body)
	cal, err := ics.ParseCalendar(strings.NewReader(res.Body))
	if err != nil {
		t.Fatalf("parse body feed: %v", err)
	}
	events := map[string]*ics.VEvent{}
	for _, e := range cal.Events() {
		events[e.Id()] = e
	}
	if len(events) != 2 || events[m1.UID()] == nil || events[m2.UID()] == nil {
		t.Fatalf("events %v, want the two published meetings", events)
	}
	e1 := events[m1.UID()]
	if got := e1.GetProperty(ics.ComponentPropertySequence).Value; got != "1" {
		t.Errorf("updated meeting has SEQUENCE %s, want 1", got)
	}
	if st, err := e1.GetStartAt(); err != nil || !st.Equal(start.Add(time.Hour)) {
		t.Errorf("DTSTART %v %v, want %v", st, err, start.Add(time.Hour))
	}
	if got := e1.GetProperty(ics.ComponentPropertySummary).Value; !strings.Contains(got, "æøå og ŋ") {
		t.Errorf("summary after unfolding = %q", got)
	}
	if got := e1.GetProperty(ics.ComponentPropertyLocation).Value; got != `Møterom «Fjord»\, Oslo\; 3. etg` && got != "Møterom «Fjord», Oslo; 3. etg" {
		t.Errorf("location = %q", got)
	}
	if got := events[m2.UID()].GetProperty(ics.ComponentPropertyStatus).Value; got != "CANCELLED" {
		t.Errorf("cancelled meeting has STATUS %s", got)
	}
	// The person feed of a member includes the unpublished meeting; a
	// revoked token stops working.
	member := a.Client("user_council")
	page := member.PostForm("/meetings/calendar", nil)
	feedURL := htmlDoc(t, page).Find("#feed-url").Text()
	u, err := url.Parse(feedURL)
	if err != nil || u.Path == "" {
		t.Fatalf("feed url %q: %v", feedURL, err)
	}
	res = a.NewClient().Get(u.Path)
	if res.StatusCode != 200 || !strings.Contains(res.Body, hidden.UID()) {
		t.Fatalf("person feed: %d, has unpublished meeting: %v", res.StatusCode, strings.Contains(res.Body, hidden.UID()))
	}
	if _, err := ics.ParseCalendar(strings.NewReader(res.Body)); err != nil {
		t.Fatalf("parse person feed: %v", err)
	}
	member.PostForm("/meetings/calendar/revoke", nil)
	if res := a.NewClient().Get(u.Path); res.StatusCode != 404 {
		t.Fatalf("revoked feed: %d", res.StatusCode)
	}
}

// checkFolding checks CRLF line ends and at most 75 octets per line.
func checkFolding(t *testing.T, body string) {
	t.Helper()
	if !strings.HasSuffix(body, "\r\n") || strings.Contains(strings.ReplaceAll(body, "\r\n", ""), "\n") {
		t.Fatal("feed lines are not ended by CRLF")
	}
	for _, line := range strings.Split(strings.TrimSuffix(body, "\r\n"), "\r\n") {
		if len(line) > 75 {
			t.Fatalf("line of %d octets: %q", len(line), line)
		}
	}
}

// TestNoticeMailHasInvitation checks that publishing the notice queues a
// notice to every current member with an iCalendar REQUEST attached.
func TestNoticeMailHasInvitation(t *testing.T) {
	a := apptest.New(t)
	rec := &noticeRecorder{}
	a.Meetings.Notifier = rec
	ctx := context.Background()
	uc := a.Bodies[policy.BodyUserCouncil].ID
	start := time.Now().AddDate(0, 0, 3).Truncate(time.Minute)
	m := &meetings.Meeting{BodyID: uc, StartsAt: start, EndsAt: start.Add(time.Hour), Place: "Bergen"}
	if err := a.Meetings.CreateMeeting(ctx, policy.SystemActor, m); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Meetings.PublishNotice(ctx, policy.SystemActor, m.ID); err != nil {
		t.Fatal(err)
	}
	if len(rec.sent) != 1 {
		t.Fatalf("%d notices queued", len(rec.sent))
	}
	n := rec.sent[0]
	ms, _ := a.DB.FindMemberships(ctx, governance.MembershipFilter{BodyID: uc, CurrentOn: time.Now()})
	if len(n.to) != len(ms) || len(n.n.Attachments) != 1 {
		t.Fatalf("notice to %v with %d attachments", n.to, len(n.n.Attachments))
	}
	att := n.n.Attachments[0]
	cal, err := ics.ParseCalendar(strings.NewReader(string(att.Data)))
	if err != nil || !strings.Contains(string(att.Data), "METHOD:REQUEST") || len(cal.Events()) != 1 || cal.Events()[0].Id() != m.UID() {
		t.Fatalf("invitation: %v\n%s", err, att.Data)
	}
	for _, key := range []string{n.n.SubjectKey, n.n.BodyKey} {
		for _, lang := range i18n.Languages {
			if !a.Catalog.Has(lang, key) {
				t.Errorf("mail key %s missing in %s", key, lang)
			}
		}
	}
}

type noticeRecorder struct{ sent []sentNotice }

type sentNotice struct {
	to []int64
	n  meetings.Notice
}

func (r *noticeRecorder) Notify(_ context.Context, to []int64, n meetings.Notice) error {
	r.sent = append(r.sent, sentNotice{to, n})
	return nil
}

// TestDecisionPrioritisesNeeds: a decision of the user council with the
// prioritise_needs effect moves the linked needs to prioritised in the same
// transaction, and the need points at the decision.
func TestDecisionPrioritisesNeeds(t *testing.T) {
	a := apptest.New(t)
	ctx := context.Background()
	sys := policy.SystemActor
	oslo, err := a.DB.FindActor(ctx, a.People["member"].ID, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	n, err := a.Needs.Create(ctx, oslo, needs.Input{Title: "Felles planregister", Problem: "Planer er spredt.", Area: "plan", Affected: []string{"citizens"}})
	if err != nil {
		t.Fatal(err)
	}
	for _, to := range []string{needs.InTriage, needs.UnderAssessment, needs.Assessed} {
		if _, err := a.Needs.Transition(ctx, sys, n.ID, needs.Transition{To: to, Comment: "test"}); err != nil {
			t.Fatalf("move need to %s: %v", to, err)
		}
	}
	uc := a.Bodies[policy.BodyUserCouncil].ID
	start := time.Now().Add(-time.Hour).Truncate(time.Minute)
	m := &meetings.Meeting{BodyID: uc, StartsAt: start, EndsAt: start.Add(2 * time.Hour), Place: "Oslo"}
	c := &meetings.Case{BodyID: uc, Kind: meetings.KindDecision, Title: "Prioritering av behov", ProposedDecision: "Behovet prioriteres."}
	steps := []func() error{
		func() error { return a.Meetings.CreateMeeting(ctx, sys, m) },
		func() error { return a.Meetings.CreateCase(ctx, sys, c) },
		func() error { _, err := a.Meetings.MoveCase(ctx, sys, c.ID, meetings.CaseOnAgenda, m.ID); return err },
		func() error {
			return a.Meetings.LinkItem(ctx, sys, c.ID, meetings.Link{ItemType: "need", ItemID: n.ID}, false)
		},
		func() error { _, err := a.Meetings.PublishNotice(ctx, sys, m.ID); return err },
		func() error { _, err := a.Meetings.Hold(ctx, sys, m.ID); return err },
		func() error {
			return a.Meetings.RecordDecision(ctx, sys, c.ID, &meetings.Decision{Kind: "priority", Text: "Behovet prioriteres.", Unanimous: true,
				Effects: []string{meetings.EffectPrioritiseNeeds}})
		},
	}
	for i, step := range steps {
		if err := step(); err != nil {
			t.Fatalf("step %d: %v", i, err)
		}
	}
	got, err := a.DB.FindNeedByID(ctx, n.ID)
	if err != nil || got.State != needs.Prioritised {
		t.Fatalf("need after decision: %+v %v", got, err)
	}
	page := a.NewClient().Get(fmt.Sprintf("/cases/%d", c.ID))
	if !strings.Contains(page.Body, "Felles planregister") {
		t.Error("the case page does not show the linked need")
	}
}
