package seed

import (
	"context"
	"fmt"
	"time"

	"github.com/samstyr/samstyr/internal/directives"
	"github.com/samstyr/samstyr/internal/i18n"
	"github.com/samstyr/samstyr/internal/meetings"
	"github.com/samstyr/samstyr/internal/needs"
	"github.com/samstyr/samstyr/internal/policy"
	"github.com/samstyr/samstyr/internal/store"
)

// DemoDirectives carries the demo needs through the concept phase
// (issue 11), by the services, so that audit entries and decision links
// are real: the user council prioritises more needs, the secretariat
// makes project ideas of them (and of a working group's recommendation
// and a guideline of the strategic council), the user council starts
// their concept phase, the directives are drafted (one in two versions),
// the user council recommends five, and the strategic council approves
// two (creating the projects with steering group, roles and budget),
// sends one back and rejects one. It leaves an idea in each state and a
// directive in each state. It does nothing when any idea exists, or
// without the demo needs; it returns the number of ideas created.
func DemoDirectives(ctx context.Context, db *store.DB, mt *meetings.Service, dir *directives.Service, today time.Time) (int, error) {
	if is, err := db.FindIdeas(ctx, directives.IdeaFilter{}); err != nil || len(is) > 0 {
		return 0, err
	}
	d := &demo{ctx: ctx, db: db, mt: mt, sys: policy.SystemActor, bodies: map[string]int64{}}
	for _, slug := range []string{"kommit-radet", "brukerradet"} {
		b, err := db.FindBodyBySlug(ctx, slug)
		if err != nil {
			return 0, fmt.Errorf("demo directives: body %s: %w", slug, err)
		}
		d.bodies[slug] = b.ID
	}
	first := d.need("Digital byggesøknad for tiltak uten ansvarsrett")
	if first == 0 || d.err != nil {
		return 0, d.err
	}
	if n, err := db.FindNeedByID(ctx, first); err != nil || n.State != needs.Prioritised {
		return 0, err // the demo meetings did not prioritise it: nothing to build on
	}
	sec, err := demoActor(ctx, db, "programleder@demo.samstyr.no", today)
	if err != nil {
		return 0, err
	}
	demoYear = today.Year() + 1
	dd := &demoDirectives{demo: d, dir: dir, needs: needs.NewService(db), sec: sec, today: today}
	if err := dd.run(); err != nil {
		return dd.ideas, fmt.Errorf("demo directives: %w", err)
	}
	return dd.ideas, nil
}

// demoYear is the first year of the demo directives' period.
var demoYear = time.Now().Year() + 1

type demoDirectives struct {
	*demo
	dir   *directives.Service
	needs *needs.Service
	sec   *policy.Actor
	today time.Time
	ideas int
}

// on runs f with every clock at days before today, hour o'clock (Oslo).
func (dd *demoDirectives) on(days, hour int, f func()) {
	y, m, day := dd.today.AddDate(0, 0, -days).Date()
	t := time.Date(y, m, day, hour, 0, 0, 0, i18n.Oslo())
	nsNow, dirNow := dd.needs.Now, dd.dir.Now
	dd.needs.Now, dd.dir.Now = func() time.Time { return t }, func() time.Time { return t }
	defer func() { dd.needs.Now, dd.dir.Now = nsNow, dirNow }()
	dd.at(t, f)
}

// meetingAt creates a meeting of the body days before today at 10.
func (dd *demoDirectives) meetingAt(body string, days int, place string) *meetings.Meeting {
	y, m, day := dd.today.AddDate(0, 0, -days).Date()
	return dd.meeting(body, time.Date(y, m, day, 10, 0, 0, 0, i18n.Oslo()), place)
}

// decide adds a decision case linking the items to the meeting.
func (dd *demoDirectives) caseFor(m *meetings.Meeting, title, background, proposed, itemType string, ids ...int64) *meetings.Case {
	c := dd.addCase(m, &meetings.Case{Kind: meetings.KindDecision, Title: title, Presenter: "Per Programleder",
		Background: background, ProposedDecision: proposed})
	for _, id := range ids {
		dd.do(func() error {
			return dd.mt.LinkItem(dd.ctx, dd.sys, c.ID, meetings.Link{ItemType: itemType, ItemID: id}, false)
		})
	}
	return c
}

// record records the case's proposed decision with the effects.
func (dd *demoDirectives) record(c *meetings.Case, kind, text string, effects ...string) *meetings.Decision {
	dec := &meetings.Decision{Kind: kind, Text: text, Unanimous: true, Effects: effects}
	dd.do(func() error { return dd.mt.RecordDecision(dd.ctx, dd.sys, c.ID, dec) })
	return dec
}

func (dd *demoDirectives) move(id int64, to ...string) {
	for _, st := range to {
		dd.do(func() error {
			_, err := dd.needs.Transition(dd.ctx, dd.sec, id, needs.Transition{To: st, Comment: "Behandlet av sekretariatet."})
			return err
		})
	}
}

func (dd *demoDirectives) idea(i *directives.Idea) *directives.Idea {
	dd.do(func() error { return dd.dir.CreateIdea(dd.ctx, dd.sec, i) })
	if dd.err == nil {
		dd.ideas++
	}
	return i
}

func (dd *demoDirectives) directive(i *directives.Idea, c *directives.Content) *directives.Directive {
	d := &directives.Directive{IdeaID: i.ID, Title: i.Title}
	dd.do(func() error { return dd.dir.CreateDirective(dd.ctx, dd.sec, d, c) })
	return d
}

func (dd *demoDirectives) run() error {
	ns := map[string]int64{}
	for key, title := range map[string]string{"byggesoknad": "Digital byggesøknad for tiltak uten ansvarsrett",
		"plandialog": "Felles løsning for digital plandialog med innbyggere", "sosi": "Automatisk kontroll av reguleringsplaner mot SOSI Plan 5.0",
		"matrikkel": "Matrikkelføring direkte fra byggesaken via Fiks", "tilsyn": "Nasjonal sjekkliste for tilsyn i byggesaker"} {
		if ns[key] = dd.need(title); ns[key] == 0 && dd.err == nil {
			return fmt.Errorf("demo need %q missing", title)
		}
	}
	if dd.err != nil {
		return dd.err
	}

	// Day -13: the secretariat finishes assessing three more needs; day
	// -12: the user council prioritises them with the plan dialogue need,
	// and endorses a working group's recommendation.
	dd.on(13, 9, func() {
		dd.move(ns["sosi"], needs.Assessed)
		dd.move(ns["matrikkel"], needs.UnderAssessment, needs.Assessed)
		dd.move(ns["tilsyn"], needs.InTriage, needs.UnderAssessment, needs.Assessed)
	})
	var wgDecision *meetings.Decision
	dd.on(12, 12, func() {
		m := dd.meetingAt("brukerradet", 12, "Teams (ekstraordinært møte)")
		prio := dd.caseFor(m, "Prioritering av vurderte behov",
			"Sekretariatet har vurdert fire behov etter metoden. Alle har bred tilslutning fra kommunene.",
			"Brukerrådet prioriterer de fire behovene og ber sekretariatet lage prosjektideer av dem.",
			"need", ns["plandialog"], ns["sosi"], ns["matrikkel"], ns["tilsyn"])
		wg := dd.caseFor(m, "Anbefaling fra arbeidsgruppen for felles planregister",
			"Arbeidsgruppen anbefaler å utrede et **felles nasjonalt planregister** som et eget prosjekt.",
			"Brukerrådet slutter seg til arbeidsgruppens anbefaling og ber sekretariatet lage en prosjektidé.", "")
		dd.holdAndDecideStanding(m)
		dd.record(prio, "priority", prio.ProposedDecision, meetings.EffectPrioritiseNeeds)
		wgDecision = dd.record(wg, "advice", wg.ProposedDecision)
	})
	if dd.err != nil {
		return dd.err
	}

	// Day -11: the secretariat makes project ideas, with their concept
	// mandates.
	mandate := func(purpose string) directives.Mandate {
		return directives.Mandate{Background: "Behovet er prioritert av Brukerrådet og har bred tilslutning fra kommunene.",
			Purpose: purpose, Constraints: "Bygger på nasjonale felleskomponenter; ingen egenutviklet saksbehandling.",
			Lessons:      "Erfaringer fra Fellestjenester BYGG: involver kommunene tidlig og test med ekte brukere.",
			Organisation: "Sekretariatet leder konseptfasen med en referansegruppe fra tre kommuner.",
			Results:      "Styringsdokument med mål, leveranser, budsjett og bemanning.", CostNOK: 350000, Time: "4 måneder"}
	}
	var byggesoknad, plandialog, sosi, matrikkel, tilsyn, planregister, datadeling *directives.Idea
	dd.on(11, 10, func() {
		byggesoknad = dd.idea(&directives.Idea{Title: "Digital byggesøknad for små tiltak", Source: directives.SourceNeeds,
			NeedIDs: []int64{ns["byggesoknad"]}, Purpose: "Innbyggerne søker om tiltak uten ansvarsrett digitalt, med veiledning underveis.",
			Benefits: "Kortere saksbehandlingstid; ingen manuell registrering.", Alternatives: "Videreutvikle kommunenes egne skjema; kjøpe en felles skjemaløsning.",
			CostNOK: 6000000, DurationMonths: 18, Owner: "Bergen kommune", Mandate: mandate("Utrede en felles digital søknad for små tiltak.")})
		plandialog = dd.idea(&directives.Idea{Title: "Medvirkning i planprosesser", Source: directives.SourceNeeds,
			NeedIDs: []int64{ns["plandialog"]}, Purpose: "Én løsning for innspill til planforslag, der innbyggerne ser hvordan innspillene følges opp.",
			CostNOK: 9000000, DurationMonths: 24, Owner: "Oslo kommune", Mandate: mandate("Utrede en felles løsning for medvirkning i planprosesser.")})
		sosi = dd.idea(&directives.Idea{Title: "Automatisk plankontroll", Source: directives.SourceNeeds,
			NeedIDs: []int64{ns["sosi"]}, Purpose: "Plankart kontrolleres mot SOSI Plan 5.0 før de sendes inn.", CostNOK: 2500000, DurationMonths: 12,
			Owner: "Trondheim kommune", Mandate: mandate("Utrede automatisk kontroll av plankart.")})
		matrikkel = dd.idea(&directives.Idea{Title: "Matrikkelføring fra byggesaken", Source: directives.SourceNeeds,
			NeedIDs: []int64{ns["matrikkel"]}, Purpose: "Bygningsdata går fra byggesaken til matrikkelen uten ny registrering.", CostNOK: 4000000,
			DurationMonths: 15, Owner: "Trondheim kommune", Mandate: mandate("Utrede matrikkelføring via Fiks.")})
		tilsyn = dd.idea(&directives.Idea{Title: "Nasjonal tilsynssjekkliste", Source: directives.SourceNeeds,
			NeedIDs: []int64{ns["tilsyn"]}, Purpose: "Én nasjonal sjekkliste for tilsyn i byggesaker.", CostNOK: 1500000, DurationMonths: 9,
			Owner: "Stavanger kommune", Mandate: mandate("Utrede en felles sjekkliste for tilsyn.")})
		planregister = dd.idea(&directives.Idea{Title: "Felles planregister", Source: directives.SourceWorkingGroup, SourceDecisionID: wgDecision.ID,
			Purpose: "Et felles nasjonalt planregister som alle kommuner kan bruke.", CostNOK: 12000000, DurationMonths: 30,
			Owner: "KS", Mandate: mandate("Utrede krav til et felles planregister.")})
	})

	// Day -9: the user council starts the concept phase of six ideas (BP1).
	dd.on(9, 12, func() {
		m := dd.meetingAt("brukerradet", 9, "KS-huset, Oslo")
		var cases []*meetings.Case
		for _, i := range []*directives.Idea{byggesoknad, plandialog, sosi, matrikkel, tilsyn, planregister} {
			cases = append(cases, dd.caseFor(m, "Oppstart av konseptfase: "+i.Title, "Prosjektidé med mandat for konseptfasen ligger ved.",
				"Brukerrådet starter konseptfasen for «"+i.Title+"» med mandatet som foreslått.", "project_idea", i.ID))
		}
		dd.holdAndDecideStanding(m)
		for _, c := range cases {
			dd.record(c, "approval", c.ProposedDecision, directives.EffectStartConcept)
		}
	})

	// Days -8 to -6: the directives are drafted; the building application
	// gets a second version with a larger budget.
	people := map[string]int64{}
	for _, e := range []string{"leder.brukerrad", "kommit", "prosjektleder", "deltaker", "saksbehandler", "arbeidsgruppe",
		"stat.brukerrad", "styringsgruppe", "medlem.brukerrad"} {
		people[e] = dd.person(e + "@demo.samstyr.no")
	}
	if dd.err != nil {
		return dd.err
	}
	var dBygg, dPlan, dSosi, dMatr, dTilsyn, dRegister *directives.Directive
	dd.on(8, 10, func() {
		dBygg = dd.directive(byggesoknad, demoContent(people, people["leder.brukerrad"], 4000000, 2000000))
		dPlan = dd.directive(plandialog, demoContent(people, people["kommit"], 5000000, 4000000))
		dSosi = dd.directive(sosi, demoContent(people, people["medlem.brukerrad"], 1500000, 1000000))
		dMatr = dd.directive(matrikkel, demoContent(people, people["kommit"], 2500000, 1500000))
		dTilsyn = dd.directive(tilsyn, demoContent(people, people["leder.brukerrad"], 1000000, 500000))
		c := demoContent(people, people["leder.brukerrad"], 6000000, 6000000)
		c.Staffing, c.Waivers = c.Staffing[:2], nil // still being staffed: roles missing
		dRegister = dd.directive(planregister, c)
	})
	dd.on(6, 14, func() {
		dd.do(func() error {
			v, err := dd.dir.NewVersion(dd.ctx, dd.sec, dBygg.ID)
			if err != nil {
				return err
			}
			c := demoContent(people, people["leder.brukerrad"], 4500000, 2500000)
			c.Background += "\n\nVersjon 2: budsjettet er justert etter innspill fra KS om integrasjon mot Fiks."
			return dd.dir.UpdateDraft(dd.ctx, dd.sec, dBygg.ID, v.Number, c)
		})
	})
	_ = dRegister

	// Day -5: the user council recommends five directives.
	dd.on(5, 12, func() {
		m := dd.meetingAt("brukerradet", 5, "Bergen rådhus, møterom 3")
		var cases []*meetings.Case
		for _, d := range []*directives.Directive{dBygg, dPlan, dSosi, dMatr, dTilsyn} {
			cases = append(cases, dd.caseFor(m, "Anbefaling av styringsdokument: "+d.Title, "Styringsdokumentet er utarbeidet i konseptfasen.",
				"Brukerrådet anbefaler styringsdokumentet for «"+d.Title+"» overfor KommIT-rådet.", "directive", d.ID))
		}
		dd.holdAndDecideStanding(m)
		for _, c := range cases {
			dd.record(c, "advice", c.ProposedDecision, directives.EffectRecommendDirective)
		}
	})

	// Day -2: the strategic council approves two (the projects come into
	// being), sends one back, rejects one and gives a guideline; the plan
	// control waits for its next meeting.
	var guideline *meetings.Decision
	dd.on(2, 12, func() {
		m := dd.meetingAt("kommit-radet", 2, "KS-huset, Haakon VIIs gate 9, Oslo")
		approve := []*meetings.Case{
			dd.caseFor(m, "Godkjenning av prosjektet "+dBygg.Title, "Brukerrådet anbefaler versjon 2 av styringsdokumentet.",
				"KommIT-rådet godkjenner styringsdokumentet med budsjett og bemanning, og prosjektet opprettes.", "directive", dBygg.ID),
			dd.caseFor(m, "Godkjenning av prosjektet "+dPlan.Title, "Brukerrådet anbefaler styringsdokumentet.",
				"KommIT-rådet godkjenner styringsdokumentet med budsjett og bemanning, og prosjektet opprettes.", "directive", dPlan.ID)}
		ret := dd.caseFor(m, "Styringsdokument: "+dMatr.Title, "Avhengigheten til Kartverkets nye matrikkel-API er uavklart.",
			"KommIT-rådet sender styringsdokumentet tilbake for revisjon av avhengigheter og tidsplan.", "directive", dMatr.ID)
		rej := dd.caseFor(m, "Styringsdokument: "+dTilsyn.Title, "DiBK lager en nasjonal veileder for tilsyn som dekker behovet.",
			"KommIT-rådet avviser styringsdokumentet; behovet følges opp gjennom DiBKs veileder.", "directive", dTilsyn.ID)
		guide := dd.caseFor(m, "Føring om gjenbruk av nasjonale felleskomponenter",
			"Flere prosjekter planlegger egne løsninger for deling av data mellom kommune og stat.",
			"KommIT-rådet ber om at nye prosjekter gjenbruker Fiks-plattformen og nasjonale felleskomponenter, og ber om en prosjektidé for felles datadeling.", "")
		dd.holdAndDecideStanding(m)
		for _, c := range approve {
			dd.record(c, "budget", c.ProposedDecision, directives.EffectApproveDirective)
		}
		dd.record(ret, "approval", ret.ProposedDecision, directives.EffectReturnDirective)
		dd.record(rej, "approval", rej.ProposedDecision, directives.EffectRejectDirective)
		guideline = dd.record(guide, "advice", guide.ProposedDecision)
	})
	if dd.err != nil {
		return dd.err
	}

	// Day -1: an idea from the guideline waits for the user council.
	dd.on(1, 10, func() {
		datadeling = dd.idea(&directives.Idea{Title: "Felles datadeling mellom kommune og stat", Source: directives.SourceGuideline,
			SourceDecisionID: guideline.ID, Purpose: "Data om plan- og byggesaker deles med staten gjennom Fiks, uten egne integrasjoner.",
			CostNOK: 3000000, DurationMonths: 12, Owner: "KS", Mandate: mandate("Utrede felles datadeling via Fiks.")})
	})
	_ = datadeling
	dd.closeDemoProject(dPlan.ID)
	dd.exceptionDemoProject(dBygg.ID, people["saksbehandler"])
	return dd.err
}

// demoContent is a directive's content: goals, deliverables, a period of
// two years with milestones, the budget over two years (DigiFin and KS the
// first, own funding the second), staffing of the required roles by demo
// people, the owner chairing the steering group, and tolerances.
func demoContent(people map[string]int64, owner, year1, year2 int64) *directives.Content {
	y := int64(demoYear)
	half := year1 / 2
	return &directives.Content{
		Background: "Behovet er meldt inn av kommunene og prioritert av Brukerrådet. Konseptfasen har vurdert alternativene.",
		Purpose:    "Gi kommunene en felles digital løsning som sparer tid for innbyggere og saksbehandlere.",
		Goals: []directives.Goal{{Level: "societal", Text: "Enklere kontakt med kommunen", Indicator: "Andel digitale søknader"},
			{Level: "effect", Text: "Kortere saksbehandlingstid", Indicator: "Median antall dager"},
			{Level: "result", Text: "Løsningen er tatt i bruk i pilotkommunene", Indicator: "Antall kommuner i drift"}},
		Deliverables: []directives.Deliverable{{Name: "Løsning i pilot", Acceptance: "Tatt i bruk i tre kommuner"},
			{Name: "Veileder for innføring", Acceptance: "Godkjent av Brukerrådet"}},
		Scope: "Kommunal saksbehandling og innbyggerens søknad.", Exclusions: "Endringer i nasjonale registre.",
		Start: fmt.Sprintf("%d-01-01", y), End: fmt.Sprintf("%d-12-31", y+1),
		Milestones: []directives.Milestone{{Name: "Pilot i tre kommuner", Date: fmt.Sprintf("%d-09-01", y)},
			{Name: "Nasjonal innføring", Date: fmt.Sprintf("%d-06-01", y+1)}},
		Budget: []directives.BudgetLine{{Year: y, Source: "digifin", AmountNOK: half}, {Year: y, Source: "ks", AmountNOK: year1 - half},
			{Year: y + 1, Source: "own", AmountNOK: year2}},
		BudgetTotal: year1 + year2,
		Staffing: []directives.Staff{
			{Role: "process_leader", Organisation: "Stavanger kommune", Name: "Sara Saksbehandler", PersonID: people["saksbehandler"], EffortHours: 600},
			{Role: "architect", Organisation: "KS", Name: "Dag Deltaker", PersonID: people["deltaker"], EffortHours: 800},
			{Role: "expert", Organisation: "Bergen kommune", Name: "Aud Arbeidsgruppe", PersonID: people["arbeidsgruppe"], EffortHours: 400},
			{Role: "state_rep", Organisation: "Direktoratet for byggkvalitet", Name: "Siri Statlig", PersonID: people["stat.brukerrad"], EffortHours: 120}},
		Waivers: []directives.Waiver{{Role: "citizen_rep", Reason: "Innbyggerne medvirker gjennom brukertester i piloten."},
			{Role: "business_rep", Reason: "Næringslivet høres gjennom Brukerrådet som referansegruppe."}},
		OwnerID: owner, ManagerID: people["prosjektleder"], SteeringIDs: []int64{owner, people["styringsgruppe"], people["medlem.brukerrad"]},
		UserCouncilReference: true,
		Dependencies:         "Fiks-plattformen; Fellestjenester BYGG; Matrikkelen.",
		Risks:                "Kommunenes kapasitet til innføring; leverandørenes tidsplan.",
		Benefits: []directives.Benefit{{Text: "Spart saksbehandlingstid", Type: "nok", Owner: "Kommunene"},
			{Text: "Bedre veiledning for innbyggerne", Type: "quality", Owner: "KS"}},
		Stakeholders: "Kommunene, DiBK, Kartverket, leverandørene av sakssystemer.", Vendors: "Leverandørene deltar i pilot og test.",
		Reporting: "monthly", Tolerances: directives.Tolerances{TimePct: 10, CostPct: 5, ScopePct: 10},
	}
}
