package meetings_test

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/samstyr/samstyr/internal/errs"
	"github.com/samstyr/samstyr/internal/governance"
	"github.com/samstyr/samstyr/internal/i18n"
	"github.com/samstyr/samstyr/internal/meetings"
	"github.com/samstyr/samstyr/internal/policy"
	"github.com/samstyr/samstyr/internal/testutil"
	"github.com/samstyr/samstyr/internal/testutil/apptest"
)

// fixture is a running app with a fake clock for the meeting service and
// the secretariat's actor.
type fixture struct {
	*apptest.App
	t     *testing.T
	ctx   context.Context
	clock *testutil.Clock
	sec   *policy.Actor
	notes *recorder
}

// recorder keeps the notices the service queues (the notify area on main
// replaces it with the real outbox).
type recorder struct {
	mu   sync.Mutex
	sent []sentNotice
}

type sentNotice struct {
	to []int64
	n  meetings.Notice
}

func (r *recorder) Notify(_ context.Context, to []int64, n meetings.Notice) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.sent = append(r.sent, sentNotice{to: to, n: n})
	return nil
}

func oslo(y, m, d, h, min int) time.Time {
	return time.Date(y, time.Month(m), d, h, min, 0, 0, i18n.Oslo())
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	a := apptest.New(t)
	f := &fixture{App: a, t: t, ctx: context.Background(), clock: testutil.NewClock(oslo(2026, 2, 20, 9, 0)), notes: &recorder{}}
	a.Meetings.Now = f.clock.Now
	a.Gov.Now = f.clock.Now
	a.Meetings.Notifier = f.notes
	f.sec = f.actor("secretariat")
	return f
}

// actor returns the policy actor of a fixture role.
func (f *fixture) actor(role string) *policy.Actor {
	f.t.Helper()
	act, err := f.DB.FindActor(f.ctx, f.People[role].ID, time.Now())
	if err != nil {
		f.t.Fatal(err)
	}
	act.MFA = true
	return act
}

func (f *fixture) must(err error) {
	f.t.Helper()
	if err != nil {
		f.t.Fatal(err)
	}
}

// meeting plans a meeting of a body at start (Oslo time), two hours long.
func (f *fixture) meeting(bodyKind string, start time.Time) *meetings.Meeting {
	f.t.Helper()
	m := &meetings.Meeting{BodyID: f.Bodies[bodyKind].ID, StartsAt: start, EndsAt: start.Add(2 * time.Hour), Place: "KS-huset, Haakon VIIs gate 9, Oslo"}
	f.must(f.Meetings.CreateMeeting(f.ctx, f.sec, m))
	return m
}

// caseOn registers a prepared decision case of the meeting's body and puts
// it on the meeting's agenda.
func (f *fixture) caseOn(m *meetings.Meeting, title string) *meetings.Case {
	f.t.Helper()
	c := &meetings.Case{BodyID: m.BodyID, Kind: meetings.KindDecision, Title: title, Background: "Bakgrunn", ProposedDecision: "Forslag til vedtak"}
	f.must(f.Meetings.CreateCase(f.ctx, f.sec, c))
	if _, err := f.Meetings.MoveCase(f.ctx, f.sec, c.ID, meetings.CasePrepared, 0); err != nil {
		f.t.Fatal(err)
	}
	c2, err := f.Meetings.MoveCase(f.ctx, f.sec, c.ID, meetings.CaseOnAgenda, m.ID)
	if err != nil {
		f.t.Fatal(err)
	}
	return c2
}

// hold publishes the notice, moves the clock into the meeting and holds it.
func (f *fixture) hold(m *meetings.Meeting) {
	f.t.Helper()
	cur, err := f.Meetings.Meeting(f.ctx, f.sec, m.ID)
	f.must(err)
	if cur.State == meetings.MeetingPlanned {
		if _, err := f.Meetings.PublishNotice(f.ctx, f.sec, m.ID); err != nil {
			f.t.Fatal(err)
		}
	}
	if f.clock.Now().Before(m.StartsAt) {
		f.clock.Set(m.StartsAt.Add(30 * time.Minute))
	}
	if _, err := f.Meetings.Hold(f.ctx, f.sec, m.ID); err != nil {
		f.t.Fatal(err)
	}
}

// proposedMember adds a person with a proposed user-council membership.
func (f *fixture) proposedMember(name string) *governance.Membership {
	f.t.Helper()
	p := f.NewPerson(name, "bergen", "", false)
	m := &governance.Membership{BodyID: f.Bodies[policy.BodyUserCouncil].ID, PersonID: p.ID, OrgID: f.Organisations["bergen"].ID,
		Function: policy.FuncMember, Sector: "municipal", TermFrom: day(2026, 3, 1), TermTo: day(2028, 2, 28), AppointedBy: "Valgt av Brukerforum 2026"}
	f.must(f.Gov.CreateMembership(f.ctx, f.sec, m))
	if m.Status != governance.StatusProposed {
		f.t.Fatalf("user council membership created %q, want proposed", m.Status)
	}
	return m
}

func day(y, m, d int) time.Time { return time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC) }

func code(t *testing.T, err error, want errs.Code) {
	t.Helper()
	if errs.CodeOf(err) != want {
		t.Fatalf("got %v, want %s", err, want)
	}
}

func TestFullMeetingCycle(t *testing.T) {
	f := newFixture(t)
	ctx := f.ctx
	member := f.proposedMember("kandidat")
	sc := f.meeting(policy.BodyStrategicCouncil, oslo(2026, 3, 3, 10, 0))

	agenda, err := f.Meetings.Agenda(ctx, f.sec, sc)
	f.must(err)
	if len(agenda) != 1 || agenda[0].Standing != meetings.StandingNoticeAgenda || agenda[0].Number != "1/26" {
		t.Fatalf("first meeting's agenda = %+v, want the standing item 1/26 only", agenda)
	}
	c := f.caseOn(sc, "Godkjenning av nytt medlem i Brukerrådet")
	if c.Number != "2/26" || c.State != meetings.CaseOnAgenda {
		t.Fatalf("case = %s %s, want 2/26 on_agenda", c.Number, c.State)
	}
	f.must(f.Meetings.LinkItem(ctx, f.sec, c.ID, meetings.Link{ItemType: "membership", ItemID: member.ID}, false))

	// A decision before the meeting is held is refused.
	dec := &meetings.Decision{Kind: "approval", Text: "Rådet godkjenner medlemmet.", Unanimous: true, Effects: []string{meetings.EffectApproveMemberships}}
	code(t, f.Meetings.RecordDecision(ctx, f.sec, c.ID, dec), errs.Conflict)
	// Holding before the start is refused.
	_, err = f.Meetings.PublishNotice(ctx, f.sec, sc.ID)
	f.must(err)
	_, err = f.Meetings.Hold(ctx, f.sec, sc.ID)
	code(t, err, errs.Conflict)
	f.hold(sc)

	// Attendance: present, absent with notice, a deputy attending for a member, a guest for the case.
	kari := f.People["strategic_council"]
	f.must(f.Meetings.RecordAttendance(ctx, f.sec, sc.ID, &meetings.Attendee{Kind: "present", PersonID: kari.ID}))
	f.must(f.Meetings.RecordAttendance(ctx, f.sec, sc.ID, &meetings.Attendee{Kind: "absent_notice", PersonID: f.People["member"].ID}))
	f.must(f.Meetings.RecordAttendance(ctx, f.sec, sc.ID, &meetings.Attendee{Kind: "deputy", PersonID: f.People["vendor"].ID, ForPersonID: f.People["member"].ID}))
	f.must(f.Meetings.RecordAttendance(ctx, f.sec, sc.ID, &meetings.Attendee{Kind: "guest", Name: "Gjest Gjestesen", Organisation: "DiBK", CaseID: c.ID}))
	code(t, f.Meetings.RecordAttendance(ctx, f.sec, sc.ID, &meetings.Attendee{Kind: "deputy", PersonID: kari.ID}), errs.Invalid)

	// The decision approves the membership in the same transaction.
	dec.Disqualified = []meetings.Disqualified{{PersonID: kari.ID, Reason: "Arbeidsgiver er part"}}
	f.must(f.Meetings.RecordDecision(ctx, f.sec, c.ID, dec))
	got, err := f.Gov.Membership(ctx, f.sec, member.ID)
	f.must(err)
	if got.Status != governance.StatusActive || got.Decision == nil || got.Decision.Case != "2/26" || got.Decision.MeetingID != sc.ID {
		t.Fatalf("membership after decision = %+v (decision %+v), want active by 2/26", got, got.Decision)
	}
	c, err = f.Meetings.Case(ctx, f.sec, c.ID)
	f.must(err)
	if c.State != meetings.CaseHandled || c.Decision == nil || len(c.Decision.Disqualified) != 1 {
		t.Fatalf("case after decision = %s, decision %+v", c.State, c.Decision)
	}
	// Deciding twice is refused.
	code(t, f.Meetings.RecordDecision(ctx, f.sec, c.ID, &meetings.Decision{Kind: "approval", Text: "x", Unanimous: true}), errs.Conflict)

	// A follow-up action from the decision.
	act := &meetings.Action{Title: "Sende velkomstbrev", OwnerID: f.People["secretariat"].ID, Deadline: day(2026, 3, 10)}
	f.must(f.Meetings.CreateAction(ctx, f.sec, c.Decision.ID, act))
	open, err := f.Meetings.Actions(ctx, f.sec, sc.BodyID, meetings.ActionOpen)
	f.must(err)
	if len(open) != 1 || open[0].CaseNumber != "2/26" {
		t.Fatalf("open actions = %+v", open)
	}

	// The standing item of notice and agenda is decided too; draft minutes exist.
	f.must(f.Meetings.RecordDecision(ctx, f.sec, agenda[0].ID, &meetings.Decision{Kind: "approval", Text: "Innkalling og saksliste godkjent.", Unanimous: true}))
	f.must(f.Meetings.EditMinutes(ctx, f.sec, sc.ID, meetings.MinutesEditInput{Intro: "Møtet ble satt kl. 10.", Notes: map[int64]string{c.ID: "Saken ble lagt fram av sekretariatet."}}))

	// The next meeting has the previous minutes as a standing item; approving them freezes them.
	next := f.meeting(policy.BodyStrategicCouncil, oslo(2026, 4, 14, 10, 0))
	nextAgenda, err := f.Meetings.Agenda(ctx, f.sec, next)
	f.must(err)
	if len(nextAgenda) != 2 || nextAgenda[1].Standing != meetings.StandingPreviousMinutes || nextAgenda[1].MinutesMeetingID != sc.ID || nextAgenda[1].Number != "4/26" {
		t.Fatalf("next agenda = %+v", nextAgenda)
	}
	f.hold(next)
	f.must(f.Meetings.RecordDecision(ctx, f.sec, nextAgenda[1].ID, &meetings.Decision{Kind: "approval", Text: "Referatet godkjent.", Unanimous: true}))
	doc, err := f.Meetings.MinutesDocument(ctx, nil, sc.ID)
	f.must(err)
	if doc.Minutes.State != meetings.MinutesApproved || doc.Minutes.ApprovalDecisionID == 0 || len(doc.Attendance) != 4 || doc.Meeting.State != meetings.MeetingMinutesApproved {
		t.Fatalf("approved minutes = %+v, attendance %d, meeting %s", doc.Minutes, len(doc.Attendance), doc.Meeting.State)
	}
	// Frozen: edits and a second approval are refused, also by the database.
	code(t, f.Meetings.EditMinutes(ctx, f.sec, sc.ID, meetings.MinutesEditInput{Intro: "endret"}), errs.Conflict)
	code(t, f.Meetings.ApproveByCirculation(ctx, f.sec, sc.ID, day(2026, 4, 14), ""), errs.Conflict)
	if err := f.DB.WithTx(ctx, func(ctx context.Context) error {
		min, _, err := f.DB.FindMinutes(ctx, sc.ID)
		if err != nil {
			return err
		}
		min.Intro = "changed behind the service's back"
		return f.DB.UpdateMinutes(ctx, min, nil)
	}); err == nil {
		t.Fatal("the database accepted a change to approved minutes")
	}
	f.VerifyAudit()
}

func TestCaseNumbersNeverReused(t *testing.T) {
	f := newFixture(t)
	body := f.Bodies[policy.BodyUserCouncil].ID
	mk := func(title string) *meetings.Case {
		c := &meetings.Case{BodyID: body, Kind: meetings.KindInformation, Title: title}
		f.must(f.Meetings.CreateCase(f.ctx, f.sec, c))
		return c
	}
	a, b := mk("Første"), mk("Andre")
	if _, err := f.Meetings.MoveCase(f.ctx, f.sec, b.ID, meetings.CaseWithdrawn, 0); err != nil {
		t.Fatal(err)
	}
	c := mk("Tredje")
	if a.Number != "1/26" || b.Number != "2/26" || c.Number != "3/26" {
		t.Fatalf("numbers %s %s %s, want 1/26 2/26 3/26", a.Number, b.Number, c.Number)
	}
	// The number cannot be edited by hand, and nothing is stored.
	head := f.AuditCount()
	_, err := f.Meetings.UpdateCase(f.ctx, f.sec, c.ID, meetings.CaseUpdate{Number: "9/26", Kind: meetings.KindInformation, Title: "Tredje, endret"})
	if e := errs.As(err); e == nil || e.Code != errs.Invalid || e.Fields[0].Field != "number" {
		t.Fatalf("hand-edited number: %v", err)
	}
	if f.AuditCount() != head {
		t.Fatal("a refused edit was audited")
	}
	got, _ := f.Meetings.Case(f.ctx, f.sec, c.ID)
	if got.Title != "Tredje" {
		t.Fatalf("title changed to %q by a refused edit", got.Title)
	}
	// A new year restarts the numbering.
	f.clock.Set(oslo(2027, 1, 2, 9, 0))
	if d := mk("Nytt år"); d.Number != "1/27" {
		t.Fatalf("first case of 2027 = %s", d.Number)
	}
	// The store refuses a changed number too.
	got.Seq = 7
	if err := f.DB.UpdateCase(f.ctx, got); err != nil {
		t.Fatal(err) // UpdateCase never writes the number
	}
	again, _ := f.Meetings.Case(f.ctx, f.sec, c.ID)
	if again.Number != "3/26" {
		t.Fatalf("number after store update = %s", again.Number)
	}
}

func TestDecisionRefusals(t *testing.T) {
	f := newFixture(t)
	ctx := f.ctx
	// The user council cannot approve its own members: a decision of the
	// strategic council is required, and nothing is stored when refused.
	member := f.proposedMember("kandidat2")
	uc := f.meeting(policy.BodyUserCouncil, oslo(2026, 3, 5, 12, 0))
	c := f.caseOn(uc, "Nye medlemmer")
	f.must(f.Meetings.LinkItem(ctx, f.sec, c.ID, meetings.Link{ItemType: "membership", ItemID: member.ID}, false))
	f.hold(uc)
	head := f.AuditCount()
	err := f.Meetings.RecordDecision(ctx, f.sec, c.ID, &meetings.Decision{Kind: "approval", Text: "Godkjent", Unanimous: true, Effects: []string{meetings.EffectApproveMemberships}})
	code(t, err, errs.Invalid)
	if f.AuditCount() != head {
		t.Fatal("a refused decision left audit events")
	}
	got, _ := f.Meetings.Case(ctx, f.sec, c.ID)
	if got.Decision != nil || got.State != meetings.CaseOnAgenda {
		t.Fatalf("refused decision stored: %+v %s", got.Decision, got.State)
	}
	m, _ := f.Gov.Membership(ctx, f.sec, member.ID)
	if m.Status != governance.StatusProposed {
		t.Fatalf("membership became %s", m.Status)
	}
	// Unknown effect, missing votes and an effect without linked items.
	code(t, f.Meetings.RecordDecision(ctx, f.sec, c.ID, &meetings.Decision{Kind: "approval", Text: "x", Unanimous: true, Effects: []string{"launch_rockets"}}), errs.Invalid)
	code(t, f.Meetings.RecordDecision(ctx, f.sec, c.ID, &meetings.Decision{Kind: "approval", Text: "x"}), errs.Invalid)
	code(t, f.Meetings.RecordDecision(ctx, f.sec, c.ID, &meetings.Decision{Kind: "approval", Text: "x", Unanimous: true, Effects: []string{meetings.EffectAppointWorkingGroups}}), errs.Invalid)
	// A case not on the agenda of a held meeting.
	loose := &meetings.Case{BodyID: uc.BodyID, Kind: meetings.KindDecision, Title: "Løs sak"}
	f.must(f.Meetings.CreateCase(ctx, f.sec, loose))
	code(t, f.Meetings.RecordDecision(ctx, f.sec, loose.ID, &meetings.Decision{Kind: "advice", Text: "x", Unanimous: true}), errs.Conflict)
	// A vote with dissent is fine; a member of the user council may not record it.
	code(t, f.Meetings.RecordDecision(ctx, f.actor("user_council"), c.ID, &meetings.Decision{Kind: "advice", Text: "x", Unanimous: true}), errs.Forbidden)
	f.must(f.Meetings.RecordDecision(ctx, f.sec, c.ID, &meetings.Decision{Kind: "advice", Text: "Rådet anbefaler.", VotesFor: 5, VotesAgainst: 2, VotesAbstain: 1, Dissent: "Mindretallet mente saken burde utsettes."}))
}

func TestWorkingGroupAppointedByUserCouncil(t *testing.T) {
	f := newFixture(t)
	ctx := f.ctx
	wg := &governance.Body{Kind: policy.BodyWorkingGroup, NameNB: "Arbeidsgruppe for planregister", Mandate: "Utrede felles planregister.",
		FinancingNOK: 450000, FinancingSource: "KS og DigiFin", PeriodFrom: day(2026, 4, 1), PeriodTo: day(2026, 12, 31)}
	f.must(f.Gov.CreateBody(ctx, f.sec, wg))
	if wg.Active || wg.ParentID != f.Bodies[policy.BodyUserCouncil].ID {
		t.Fatalf("working group created active=%v parent=%d", wg.Active, wg.ParentID)
	}
	bad := &governance.Body{Kind: policy.BodyWorkingGroup, NameNB: "Uten mandat", FinancingNOK: 10}
	err := f.Gov.CreateBody(ctx, f.sec, bad)
	if e := errs.As(err); e == nil || len(e.Fields) != 2 {
		t.Fatalf("working group without mandate and source: %v", err)
	}
	uc := f.meeting(policy.BodyUserCouncil, oslo(2026, 3, 5, 12, 0))
	c := f.caseOn(uc, "Oppnevning av arbeidsgruppe")
	f.must(f.Meetings.LinkItem(ctx, f.sec, c.ID, meetings.Link{ItemType: "working_group", ItemID: wg.ID}, false))
	code(t, f.Meetings.LinkItem(ctx, f.sec, c.ID, meetings.Link{ItemType: "working_group", ItemID: f.Bodies[policy.BodyUserCouncil].ID}, false), errs.Invalid)
	code(t, f.Meetings.LinkItem(ctx, f.sec, c.ID, meetings.Link{ItemType: "spaceship", ItemID: 1}, false), errs.Invalid)
	f.hold(uc)
	f.must(f.Meetings.RecordDecision(ctx, f.sec, c.ID, &meetings.Decision{Kind: "appointment", Text: "Arbeidsgruppen oppnevnes.", Unanimous: true, Effects: []string{meetings.EffectAppointWorkingGroups}}))
	got, err := f.Gov.Body(ctx, nil, wg.ID)
	f.must(err)
	if !got.Active || got.Decision == nil || got.Decision.Case != c.Number {
		t.Fatalf("working group after decision: active=%v decision=%+v", got.Active, got.Decision)
	}
	about, err := f.Meetings.CasesAbout(ctx, nil, "working_group", wg.ID)
	f.must(err)
	if len(about) != 1 || about[0].Decision == nil {
		t.Fatalf("cases about the working group = %+v", about)
	}
}

func TestMembershipRules(t *testing.T) {
	f := newFixture(t)
	ctx := f.ctx
	body := f.Bodies[policy.BodyWorkingCommittee].ID
	p := f.NewPerson("au-member", "oslo", "", false)
	m := &governance.Membership{BodyID: body, PersonID: p.ID, Function: policy.FuncMember, Sector: "municipal", TermFrom: day(2026, 1, 1), TermTo: day(2027, 12, 31)}
	f.must(f.Gov.CreateMembership(ctx, f.sec, m))
	if m.Status != governance.StatusActive {
		t.Fatalf("working committee membership %s, want active", m.Status)
	}
	cases := []struct {
		name  string
		m     governance.Membership
		field string
	}{
		{"term ends before it starts", governance.Membership{BodyID: body, PersonID: p.ID, Function: "member", Sector: "municipal", TermFrom: day(2028, 1, 1), TermTo: day(2027, 1, 1)}, "term_to"},
		{"overlapping term for the same person", governance.Membership{BodyID: body, PersonID: p.ID, Function: "deputy_member", Sector: "municipal", TermFrom: day(2027, 6, 1)}, "term_from"},
		{"unknown function", governance.Membership{BodyID: body, PersonID: p.ID, Function: "king", Sector: "municipal", TermFrom: day(2030, 1, 1)}, "function"},
		{"unknown sector", governance.Membership{BodyID: body, PersonID: p.ID, Function: "member", Sector: "galactic", TermFrom: day(2030, 1, 1)}, "sector"},
	}
	for _, tc := range cases {
		head := f.AuditCount()
		err := f.Gov.CreateMembership(ctx, f.sec, &tc.m)
		e := errs.As(err)
		if e == nil || e.Code != errs.Invalid || e.Fields[0].Field != tc.field {
			t.Errorf("%s: got %v, want Invalid on %s", tc.name, err, tc.field)
		}
		if f.AuditCount() != head {
			t.Errorf("%s: audit moved", tc.name)
		}
	}
	// One chair at a time.
	c1 := &governance.Membership{BodyID: body, PersonID: f.NewPerson("chair1", "oslo", "", false).ID, Function: "chair", Sector: "municipal", TermFrom: day(2026, 1, 1), TermTo: day(2026, 12, 31)}
	f.must(f.Gov.CreateMembership(ctx, f.sec, c1))
	c2 := &governance.Membership{BodyID: body, PersonID: f.NewPerson("chair2", "oslo", "", false).ID, Function: "chair", Sector: "municipal", TermFrom: day(2026, 6, 1)}
	code(t, f.Gov.CreateMembership(ctx, f.sec, c2), errs.Invalid)
	c2.TermFrom = day(2027, 1, 1)
	f.must(f.Gov.CreateMembership(ctx, f.sec, c2))
	// A member of the body may not manage memberships.
	code(t, f.Gov.CreateMembership(ctx, f.actor("working_committee"), &governance.Membership{BodyID: body, PersonID: p.ID, Function: "member", Sector: "municipal", TermFrom: day(2031, 1, 1)}), errs.Forbidden)
	// Ending a membership keeps it as history.
	ended, err := f.Gov.UpdateMembership(ctx, f.sec, m.ID, governance.MembershipUpdate{Function: "member", Sector: "municipal", TermFrom: m.TermFrom, TermTo: day(2026, 2, 19), EndStatus: governance.StatusResigned})
	f.must(err)
	if ended.Status != governance.StatusResigned {
		t.Fatalf("ended = %+v", ended)
	}
	// A user-council membership is proposed until approved; composition counts active seats.
	prop := f.proposedMember("kandidat3")
	cur, err := f.Gov.Members(ctx, nil, prop.BodyID, true)
	f.must(err)
	comp := governance.CompositionOf(cur, f.clock.Now())
	if comp.Municipal != 1 || len(comp.Counties) != 1 || comp.Counties[0] != "Vestland" {
		t.Fatalf("composition = %+v", comp)
	}
}

func TestExemptCaseNeedsLegalBasis(t *testing.T) {
	f := newFixture(t)
	body := f.Bodies[policy.BodyUserCouncil].ID
	c := &meetings.Case{BodyID: body, Kind: meetings.KindDecision, Title: "Avtale med Ola Nordmann", Exempt: true}
	err := f.Meetings.CreateCase(f.ctx, f.sec, c)
	e := errs.As(err)
	if e == nil || len(e.Fields) != 2 || e.Fields[0].Field != "legal_basis" || e.Fields[1].Field != "public_title" {
		t.Fatalf("exempt case without basis and public title: %v", err)
	}
	if f.AuditCount() == 0 {
		t.Fatal("fixture audit missing")
	}
	c.LegalBasis, c.PublicTitle = "offtl. § 14", "Avtale med ekstern konsulent"
	f.must(f.Meetings.CreateCase(f.ctx, f.sec, c))
	if !strings.HasSuffix(c.Number, "/26") {
		t.Fatalf("number %s", c.Number)
	}
}

func TestCaseTransitions(t *testing.T) {
	tests := []struct {
		from, to string
		ok       bool
	}{
		{meetings.CaseProposed, meetings.CasePrepared, true},
		{meetings.CaseProposed, meetings.CaseOnAgenda, true},
		{meetings.CasePrepared, meetings.CaseOnAgenda, true},
		{meetings.CaseOnAgenda, meetings.CaseHandled, true},
		{meetings.CaseOnAgenda, meetings.CaseDeferred, true},
		{meetings.CaseDeferred, meetings.CaseOnAgenda, true},
		{meetings.CaseDeferred, meetings.CaseWithdrawn, true},
		{meetings.CaseProposed, meetings.CaseHandled, false},
		{meetings.CaseHandled, meetings.CaseWithdrawn, false},
		{meetings.CaseWithdrawn, meetings.CasePrepared, false},
		{meetings.CaseHandled, meetings.CaseOnAgenda, false},
	}
	for _, tc := range tests {
		if got := meetings.CanMoveCase(tc.from, tc.to); got != tc.ok {
			t.Errorf("%s → %s: %v, want %v", tc.from, tc.to, got, tc.ok)
		}
	}
	mt := []struct {
		from, to string
		ok       bool
	}{
		{meetings.MeetingPlanned, meetings.MeetingNoticePublished, true},
		{meetings.MeetingNoticePublished, meetings.MeetingHeld, true},
		{meetings.MeetingPlanned, meetings.MeetingHeld, false},
		{meetings.MeetingHeld, meetings.MeetingCancelled, false},
		{meetings.MeetingNoticePublished, meetings.MeetingCancelled, true},
		{meetings.MeetingCancelled, meetings.MeetingPlanned, false},
		{meetings.MeetingHeld, meetings.MeetingMinutesApproved, false},
	}
	for _, tc := range mt {
		if got := meetings.CanMoveMeeting(tc.from, tc.to); got != tc.ok {
			t.Errorf("meeting %s → %s: %v, want %v", tc.from, tc.to, got, tc.ok)
		}
	}
}

// TestStandingItemKnowsMinutesApprovedByCirculation: when the minutes a
// standing item "approval of the previous minutes" approves are approved
// by circulation, the item closes itself (handled, not left on the
// agenda), says how the minutes were approved, offers no approval, and a
// decision posted anyway gets the case page with the reason, not an error
// page; the next meeting's minutes show the note, not "on the agenda".
func TestStandingItemKnowsMinutesApprovedByCirculation(t *testing.T) {
	f := newFixture(t)
	ctx := f.ctx
	sc := f.meeting(policy.BodyStrategicCouncil, oslo(2026, 3, 3, 10, 0))
	f.hold(sc)
	f.must(f.Meetings.EditMinutes(ctx, f.sec, sc.ID, meetings.MinutesEditInput{Intro: "Møtet ble satt."}))
	next := f.meeting(policy.BodyStrategicCouncil, oslo(2026, 4, 14, 10, 0))
	agenda, err := f.Meetings.Agenda(ctx, f.sec, next)
	f.must(err)
	item := agenda[1]
	if item.Standing != meetings.StandingPreviousMinutes || item.State != meetings.CaseOnAgenda {
		t.Fatalf("standing item = %+v", item)
	}
	if c, _ := f.Meetings.Case(ctx, f.sec, item.ID); c.MinutesApproval != nil {
		t.Fatalf("draft minutes reported approved: %+v", c.MinutesApproval)
	}
	f.must(f.Meetings.ApproveByCirculation(ctx, f.sec, sc.ID, day(2026, 3, 3), "Godkjent på e-post."))
	c, err := f.Meetings.Case(ctx, f.sec, item.ID)
	f.must(err)
	if c.State != meetings.CaseHandled || c.MinutesApproval == nil || !c.MinutesApproval.CirculationDate.Equal(day(2026, 3, 3)) {
		t.Fatalf("standing item after circulation: state %s, approval %+v", c.State, c.MinutesApproval)
	}
	f.hold(next)
	err = f.Meetings.RecordDecision(ctx, f.sec, item.ID, &meetings.Decision{Kind: "approval", Text: "Referatet godkjent.", Unanimous: true})
	if e := errs.As(err); e == nil || e.Code != errs.Conflict || e.Key != "case.error.minutes_approved" {
		t.Fatalf("approving approved minutes: %v", err)
	}

	sec := f.Client("secretariat")
	page := sec.Get(fmt.Sprintf("/cases/%d", item.ID))
	if page.StatusCode != 200 || !strings.Contains(page.Body, `id="minutes-approval"`) || strings.Contains(page.Body, fmt.Sprintf(`action="/cases/%d/decision"`, item.ID)) {
		t.Fatalf("case page: %d, approval note %v, decision form %v", page.StatusCode, strings.Contains(page.Body, `id="minutes-approval"`),
			strings.Contains(page.Body, "/decision\""))
	}
	res := sec.PostForm(fmt.Sprintf("/cases/%d/decision", item.ID), url.Values{"kind": {"approval"}, "text": {"Referatet godkjent."}, "unanimous": {"on"}})
	if res.StatusCode != 409 || !strings.Contains(res.Body, `id="error-summary"`) || !strings.Contains(res.Body, `id="minutes-approval"`) {
		t.Fatalf("decision posted anyway: %d, want the case page with the reason", res.StatusCode)
	}
	f.must(f.Meetings.EditMinutes(ctx, f.sec, next.ID, meetings.MinutesEditInput{Intro: "Neste møte."}))
	f.must(f.Meetings.ApproveByCirculation(ctx, f.sec, next.ID, day(2026, 4, 14), ""))
	doc, err := f.Meetings.MinutesDocument(ctx, nil, next.ID)
	f.must(err)
	for _, x := range doc.Cases {
		if x.ID == item.ID && (x.State != meetings.CaseHandled || x.MinutesApproval == nil) {
			t.Errorf("approved minutes show the standing item as %s, approval %+v", x.State, x.MinutesApproval)
		}
	}
	html := f.Client("anonymous").Get(fmt.Sprintf("/meetings/%d/minutes", next.ID))
	if html.StatusCode != 200 || !strings.Contains(html.Body, `id="minutes-approval"`) {
		t.Errorf("approved minutes page: %d, no note on the standing item", html.StatusCode)
	}
	f.VerifyAudit()
}
