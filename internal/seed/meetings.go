package seed

import (
	"context"
	"fmt"
	"time"

	"github.com/samstyr/samstyr/internal/governance"
	"github.com/samstyr/samstyr/internal/i18n"
	"github.com/samstyr/samstyr/internal/meetings"
	"github.com/samstyr/samstyr/internal/needs"
	"github.com/samstyr/samstyr/internal/policy"
	"github.com/samstyr/samstyr/internal/store"
)

// DemoMeetings adds a meeting cycle to the demo: a held meeting of
// KommIT-rådet that approves a proposed member of Brukerrådet, a held
// meeting of Brukerrådet that appoints a working group (with an exempt
// case, attendance, a follow-up action and draft minutes), and the next,
// announced meeting of Brukerrådet with the previous minutes as a standing
// item. It runs once: it does nothing when any meeting exists. It returns
// the number of meetings created.
func DemoMeetings(ctx context.Context, db *store.DB, gov *governance.Service, mt *meetings.Service, today time.Time) (int, error) {
	existing, err := db.FindMeetings(ctx, meetings.MeetingFilter{Scope: meetings.Scope{All: true}, Limit: 1})
	if err != nil || len(existing) > 0 {
		return 0, err
	}
	d := &demo{ctx: ctx, db: db, gov: gov, mt: mt, sys: policy.SystemActor, bodies: map[string]int64{}}
	for _, slug := range []string{"kommit-radet", "brukerradet", "sekretariatet"} {
		b, err := db.FindBodyBySlug(ctx, slug)
		if err != nil {
			return 0, fmt.Errorf("demo meetings: body %s: %w", slug, err)
		}
		d.bodies[slug] = b.ID
	}
	at := func(days, hour int) time.Time {
		y, m, dd := today.AddDate(0, 0, days).Date()
		return time.Date(y, m, dd, hour, 0, 0, 0, i18n.Oslo())
	}
	steps := []func() error{
		func() error { return d.strategicCouncil(at(-21, 10)) },
		func() error { return d.userCouncil(at(-14, 12)) },
		func() error { return d.nextUserCouncil(at(14, 12)) },
	}
	for _, step := range steps {
		if err := step(); err != nil {
			return d.n, fmt.Errorf("demo meetings: %w", err)
		}
	}
	return d.n, nil
}

type demo struct {
	ctx    context.Context
	db     *store.DB
	gov    *governance.Service
	mt     *meetings.Service
	sys    *policy.Actor
	bodies map[string]int64
	n      int
	err    error
	held   *meetings.Meeting
}

// at runs f with the meetings' and the store's clocks at t.
func (d *demo) at(t time.Time, f func()) {
	mtNow, dbNow := d.mt.Now, d.db.Now
	d.mt.Now, d.db.Now = func() time.Time { return t }, func() time.Time { return t }
	defer func() { d.mt.Now, d.db.Now = mtNow, dbNow }()
	f()
}

func (d *demo) do(f func() error) {
	if d.err == nil {
		d.err = f()
	}
}

func (d *demo) person(email string) int64 {
	if d.err != nil {
		return 0
	}
	p, err := d.db.FindPersonByEmail(d.ctx, email)
	if err != nil {
		d.err = fmt.Errorf("person %s: %w", email, err)
		return 0
	}
	return p.ID
}

// need returns the id of the demo need with the title (0 when the demo
// needs were not loaded).
func (d *demo) need(title string) int64 {
	if d.err != nil {
		return 0
	}
	rows, err := d.db.FindNeeds(d.ctx, needs.Filter{Q: title, SignedIn: true, Limit: 5})
	if err != nil {
		d.err = err
		return 0
	}
	for _, n := range rows {
		if n.Title == title {
			return n.ID
		}
	}
	return 0
}

func (d *demo) meeting(body string, start time.Time, place string) *meetings.Meeting {
	m := &meetings.Meeting{BodyID: d.bodies[body], StartsAt: start, EndsAt: start.Add(3 * time.Hour), Place: place,
		NoticeText: "Velkommen til møte. Saksdokumentene ligger under hver sak."}
	d.do(func() error { return d.mt.CreateMeeting(d.ctx, d.sys, m) })
	d.n++
	return m
}

func (d *demo) addCase(m *meetings.Meeting, c *meetings.Case) *meetings.Case {
	c.BodyID = m.BodyID
	d.do(func() error { return d.mt.CreateCase(d.ctx, d.sys, c) })
	d.do(func() error { _, err := d.mt.MoveCase(d.ctx, d.sys, c.ID, meetings.CaseOnAgenda, m.ID); return err })
	return c
}

func (d *demo) holdAndDecideStanding(m *meetings.Meeting) {
	// The notice of a past meeting went out two weeks before it.
	d.do(func() error {
		now := d.mt.Now
		defer func() { d.mt.Now = now }()
		d.mt.Now = func() time.Time { return m.StartsAt.AddDate(0, 0, -14) }
		_, err := d.mt.PublishNotice(d.ctx, d.sys, m.ID)
		return err
	})
	d.do(func() error { _, err := d.mt.Hold(d.ctx, d.sys, m.ID); return err })
	agenda, err := d.mt.Agenda(d.ctx, d.sys, m)
	if err != nil && d.err == nil {
		d.err = err
	}
	for _, c := range agenda {
		if c.Standing == meetings.StandingNoticeAgenda {
			d.do(func() error {
				return d.mt.RecordDecision(d.ctx, d.sys, c.ID, &meetings.Decision{Kind: "approval", Text: "Innkalling og saksliste godkjennes.", Unanimous: true})
			})
		}
	}
}

// strategicCouncil: KommIT-rådet approves a proposed member of Brukerrådet.
func (d *demo) strategicCouncil(start time.Time) error {
	sara := d.person("saksbehandler@demo.samstyr.no")
	stavanger, err := d.db.FindOrganisationByNumber(d.ctx, "964965226")
	if err != nil {
		return err
	}
	ms := &governance.Membership{BodyID: d.bodies["brukerradet"], PersonID: sara, OrgID: stavanger.ID, Function: policy.FuncDeputyMember,
		Sector: "municipal", TermFrom: time.Date(start.Year(), 1, 1, 0, 0, 0, 0, time.UTC), TermTo: time.Date(start.Year()+1, 12, 31, 0, 0, 0, 0, time.UTC),
		AppointedBy: "Valgt av Brukerforum"}
	d.do(func() error { return d.gov.CreateMembership(d.ctx, d.sys, ms) })
	m := d.meeting("kommit-radet", start, "KS-huset, Haakon VIIs gate 9, Oslo")
	c := d.addCase(m, &meetings.Case{Kind: meetings.KindDecision, Title: "Godkjenning av nytt varamedlem i Brukerrådet",
		Presenter: "Per Programleder", Background: "Brukerforum valgte i sitt årsmøte en ny vararepresentant fra Stavanger kommune.",
		Assessment:       "Valget er gjennomført etter reglene for Brukerforum, og kandidaten styrker den kommunale representasjonen fra Rogaland.",
		ProposedDecision: "KommIT-rådet godkjenner valget av nytt varamedlem til Brukerrådet."})
	d.do(func() error {
		return d.mt.LinkItem(d.ctx, d.sys, c.ID, meetings.Link{ItemType: "membership", ItemID: ms.ID}, false)
	})
	d.holdAndDecideStanding(m)
	d.do(func() error {
		return d.mt.RecordDecision(d.ctx, d.sys, c.ID, &meetings.Decision{Kind: "approval", Text: c.ProposedDecision, Unanimous: true,
			Effects: []string{meetings.EffectApproveMemberships}})
	})
	d.do(func() error {
		return d.mt.ApproveByCirculation(d.ctx, d.sys, m.ID, start.AddDate(0, 0, 5), "Godkjent på e-post.")
	})
	return d.err
}

// userCouncil: Brukerrådet appoints a working group and discusses an
// exempt matter.
func (d *demo) userCouncil(start time.Time) error {
	wg := &governance.Body{Kind: policy.BodyWorkingGroup, NameNB: "Arbeidsgruppe for felles planregister", NameNN: "Arbeidsgruppe for felles planregister",
		NameEN: "Working group on a shared planning register", Mandate: "Utrede krav til et felles nasjonalt planregister og foreslå en gevinstrealiseringsplan.",
		FinancingNOK: 450000, FinancingSource: "KS og DigiFin", PeriodFrom: time.Date(start.Year(), start.Month(), 1, 0, 0, 0, 0, time.UTC).AddDate(0, 1, 0),
		PeriodTo: time.Date(start.Year(), 12, 31, 0, 0, 0, 0, time.UTC).AddDate(0, 6, 0), SecretariatID: d.bodies["sekretariatet"]}
	d.do(func() error { return d.gov.CreateBody(d.ctx, d.sys, wg) })
	m := d.meeting("brukerradet", start, "Bergen rådhus, møterom 3")
	c := d.addCase(m, &meetings.Case{Kind: meetings.KindDecision, Title: "Oppnevning av arbeidsgruppe for felles planregister",
		Presenter: "Per Programleder", Background: "Flere kommuner har meldt inn behov for et **felles planregister**.",
		Assessment:       "En arbeidsgruppe med kommunale og statlige deltakere kan utrede kravene innen årets slutt.",
		Consequences:     "Finansiering på 450 000 kroner fra KS og DigiFin.",
		ProposedDecision: "Brukerrådet oppnevner arbeidsgruppen med mandat og finansiering som foreslått."})
	d.do(func() error {
		return d.mt.LinkItem(d.ctx, d.sys, c.ID, meetings.Link{ItemType: "working_group", ItemID: wg.ID}, false)
	})
	info := d.addCase(m, &meetings.Case{Kind: meetings.KindInformation, Title: "Status for Digital plandialog", Presenter: "Pia Prosjektleder",
		Background: "Prosjektet er i rute. Neste leveranse er pilot i tre kommuner."})
	prio := d.addCase(m, &meetings.Case{Kind: meetings.KindDecision, Title: "Prioritering etter prioriteringsrunden",
		Presenter: "Per Programleder", Background: "Prioriteringsrunden er avsluttet. Behovet med høyest skår legges fram for prioritering.",
		ProposedDecision: "Brukerrådet prioriterer behovet «Digital byggesøknad for tiltak uten ansvarsrett»."})
	if winner := d.need("Digital byggesøknad for tiltak uten ansvarsrett"); winner != 0 {
		d.do(func() error {
			return d.mt.LinkItem(d.ctx, d.sys, prio.ID, meetings.Link{ItemType: "need", ItemID: winner}, false)
		})
	}
	exempt := d.addCase(m, &meetings.Case{Kind: meetings.KindDiscussion, Title: "Forhandlinger med leverandør om lisensvilkår",
		Background: "Forhandlingsposisjon og prisnivå.", Exempt: true, LegalBasis: "offtl. § 23 første ledd", PublicTitle: "Forhandlinger med leverandør"})
	d.holdAndDecideStanding(m)
	liv, mats, siri, olav := d.person("leder.brukerrad@demo.samstyr.no"), d.person("medlem.brukerrad@demo.samstyr.no"),
		d.person("stat.brukerrad@demo.samstyr.no"), d.person("observator@demo.samstyr.no")
	for _, t := range []*meetings.Attendee{{Kind: "present", PersonID: liv}, {Kind: "present", PersonID: siri}, {Kind: "absent_notice", PersonID: mats},
		{Kind: "observer", PersonID: olav}, {Kind: "secretariat", PersonID: d.person("programleder@demo.samstyr.no")},
		{Kind: "guest", Name: "Pia Prosjektleder", Organisation: "KS", CaseID: info.ID}} {
		d.do(func() error { return d.mt.RecordAttendance(d.ctx, d.sys, m.ID, t) })
	}
	dec := &meetings.Decision{Kind: "appointment", Text: c.ProposedDecision, VotesFor: 5, VotesAgainst: 1,
		Dissent: "Ett medlem mente mandatet burde avgrenses til reguleringsplaner.", Effects: []string{meetings.EffectAppointWorkingGroups}}
	// The decisions and their effects (the need prioritised) are dated on
	// the meeting's day.
	d.at(m.StartsAt.Add(2*time.Hour), func() {
		d.do(func() error { return d.mt.RecordDecision(d.ctx, d.sys, c.ID, dec) })
		d.do(func() error {
			return d.mt.RecordDecision(d.ctx, d.sys, prio.ID, &meetings.Decision{Kind: "priority", Text: prio.ProposedDecision, Unanimous: true,
				Effects: []string{meetings.EffectPrioritiseNeeds}})
		})
	})
	d.do(func() error { _, err := d.mt.MoveCase(d.ctx, d.sys, info.ID, meetings.CaseHandled, 0); return err })
	d.do(func() error { _, err := d.mt.MoveCase(d.ctx, d.sys, exempt.ID, meetings.CaseDeferred, 0); return err })
	d.do(func() error {
		return d.mt.CreateAction(d.ctx, d.sys, dec.ID, &meetings.Action{Title: "Kalle inn arbeidsgruppen til oppstartsmøte",
			OwnerID: d.person("programleder@demo.samstyr.no"), Deadline: time.Date(start.Year(), start.Month(), start.Day(), 0, 0, 0, 0, time.UTC).AddDate(0, 0, 21)})
	})
	d.do(func() error {
		return d.mt.EditMinutes(d.ctx, d.sys, m.ID, meetings.MinutesEditInput{Intro: "Leder ønsket velkommen. Møtet var vedtaksført.",
			Notes: map[int64]string{c.ID: "Programleder la fram forslaget. Rådet drøftet avgrensningen av mandatet.",
				info.ID: "Prosjektleder orienterte om framdriften. Rådet tok orienteringen til etterretning."}})
	})
	d.held = m
	return d.err
}

// nextUserCouncil: the next meeting of Brukerrådet, announced, with the
// previous minutes as a standing item and a prepared case.
func (d *demo) nextUserCouncil(start time.Time) error {
	m := d.meeting("brukerradet", start, "KS-huset, Oslo")
	d.do(func() error {
		_, err := d.mt.UpdateMeeting(d.ctx, d.sys, m.ID, meetings.MeetingUpdate{StartsAt: m.StartsAt, EndsAt: m.EndsAt, Place: m.Place,
			VideoURL:   "https://teams.microsoft.com/l/meetup-join/demo",
			NoticeText: "Møtet holdes i KS-huset og på Teams. Referatet fra forrige møte legges fram for godkjenning."})
		return err
	})
	d.addCase(m, &meetings.Case{Kind: meetings.KindDecision, Title: "Prioritering av innmeldte behov, høsten", Presenter: "Per Programleder",
		Background: "Arbeidsutvalget har vurdert behovene etter metoden.", ProposedDecision: "Brukerrådet prioriterer behovene som foreslått."})
	d.do(func() error { _, err := d.mt.PublishNotice(d.ctx, d.sys, m.ID); return err })
	return d.err
}
