package seed

import (
	"context"
	"fmt"
	"time"

	"github.com/samstyr/samstyr/internal/audit"
	"github.com/samstyr/samstyr/internal/errs"
	"github.com/samstyr/samstyr/internal/needs"
	"github.com/samstyr/samstyr/internal/policy"
	"github.com/samstyr/samstyr/internal/store"
)

// demoNeed is a demo need: who submits it, the municipalities (by number)
// that back it and the moves it has been through.
type demoNeed struct {
	by      string // demo person's e-mail
	in      needs.Input
	backers []string
	moves   []string
}

var demoNeeds = []demoNeed{
	{by: "saksbehandler@demo.samstyr.no", in: needs.Input{Title: "Digital byggesøknad for tiltak uten ansvarsrett",
		Problem:  "Søknader om tiltak uten ansvarsrett (garasjer, tilbygg under 50 m²) kommer fortsatt på papir eller e-post og må registreres manuelt i sakssystemet. Det tar tid og gir feil.",
		Affected: []string{"citizens", "case_officers"}, Area: "bygg", Source: "efficiency", Urgency: "high", Size: "m",
		Benefit:    "Innbyggerne får veiledning underveis og kortere saksbehandlingstid; kommunene slipper manuell registrering.",
		HoursSaved: 300, NOKSaved: 250000, Standards: []string{"NPS v3.1", "eByggesak dokumenttyper"}, Components: []string{"Fellestjenester BYGG", "Fiks IO"}},
		backers: []string{"0301", "4601", "5001", "1806", "3201", "3301", "4204", "1507", "1508", "3907", "3411", "5501", "4001", "1103", "3105", "3107", "4621", "1505", "3203", "3205"},
		moves:   []string{needs.InTriage, needs.UnderAssessment}},
	{by: "leder.brukerrad@demo.samstyr.no", in: needs.Input{Title: "Felles løsning for digital plandialog med innbyggere",
		Problem:  "Innspill til planforslag kommer i mange kanaler og må sammenstilles for hånd. Innbyggerne ser ikke hvordan innspillene er fulgt opp.",
		Affected: []string{"citizens", "businesses", "case_officers"}, Area: "plan", Source: "national_strategy", Urgency: "medium", Size: "l",
		Benefit: "Bedre medvirkning og sporbarhet i planprosessene.", Standards: []string{"NPAD", "SOSI Plan 5.0"}, Components: []string{"Digitalt planregister"}},
		backers: []string{"0301", "5001", "1103", "4601", "3201", "1804", "5401"},
		moves:   []string{needs.InTriage, needs.UnderAssessment}},
	{by: "medlem.brukerrad@demo.samstyr.no", in: needs.Input{Title: "Automatisk kontroll av reguleringsplaner mot SOSI Plan 5.0",
		Problem:  "Plankonsulenter leverer plankart med feil som først oppdages sent i saksbehandlingen.",
		Affected: []string{"businesses", "case_officers"}, Area: "geodata", Source: "identified_problem", Urgency: "medium", Size: "s",
		Standards: []string{"SOSI Plan 5.0", "NPAD"}, Components: []string{"Fellestjenester PLAN"}},
		backers: []string{"4601", "1103", "3907"},
		moves:   []string{needs.InTriage, needs.UnderAssessment}},
	{by: "kommit@demo.samstyr.no", in: needs.Input{Title: "Matrikkelføring direkte fra byggesaken via Fiks",
		Problem:  "Når en byggesak er ferdigbehandlet, må bygningsdata tastes inn på nytt i matrikkelen.",
		Affected: []string{"case_officers", "state"}, Area: "geodata", Source: "efficiency", Urgency: "high", Size: "m",
		Components: []string{"Fiks Matrikkelføring", "Matrikkelen"}},
		backers: []string{"5001", "4601"},
		moves:   []string{needs.InTriage}},
	{by: "saksbehandler@demo.samstyr.no", in: needs.Input{Title: "Nasjonal sjekkliste for tilsyn i byggesaker",
		Problem:  "Kommunene lager egne sjekklister for tilsyn, og praksis varierer mye mellom kommunene.",
		Affected: []string{"case_officers", "businesses"}, Area: "bygg", Source: "needs_survey", Urgency: "low", Size: "s"},
		backers: []string{"1806", "3301"}},
	{by: "medlem.brukerrad@demo.samstyr.no", in: needs.Input{Title: "KOSTRA-rapportering uten dobbeltregistrering",
		Problem:  "Tall om plan- og byggesaker til KOSTRA hentes ut manuelt fra sakssystemet hvert år.",
		Affected: []string{"case_officers", "state"}, Area: "cross_cutting", Source: "efficiency", Urgency: "low", Size: "s", Standards: []string{"KOSTRA-grensesnitt"}},
		backers: []string{"0301"},
		moves:   []string{needs.InTriage, needs.UnderAssessment, needs.Assessed, needs.Parked}},
	{by: "forum@demo.samstyr.no", in: needs.Input{Title: "Deling av situasjonskart direkte fra kommunens kartløsning", Draft: true,
		Problem: "Søkere må bestille situasjonskart og vente på svar før de kan søke.", Area: "geodata", Affected: []string{"citizens"}}},
	{by: "kommit@demo.samstyr.no", in: needs.Input{Title: "Digital nabovarsling med svar i samme løsning",
		Problem: "Nabovarsler sendes på papir.", Area: "bygg", Affected: []string{"citizens"}, Source: "identified_problem"},
		moves: []string{needs.InTriage, needs.Rejected}},
	{by: "au@demo.samstyr.no", in: needs.Input{Title: "Byggesøknad på nett for små tiltak",
		Problem: "Små tiltak kan ikke søkes digitalt.", Area: "bygg", Affected: []string{"citizens"}},
		backers: []string{"1124"}},
}

// DemoNeeds loads the demo needs with backing and a closed prioritisation
// round whose first two needs are assessed (DemoMeetings prioritises the
// winner by a decision of the user council). It does nothing when they
// exist.
func DemoNeeds(ctx context.Context, db *store.DB, today time.Time) (int, error) {
	svc := needs.NewService(db)
	svc.Now = func() time.Time { return today }
	if page, err := svc.List(ctx, policy.SystemActor, needs.Filter{Q: "tiltak uten ansvarsrett", Limit: 1}); err != nil || len(page.Items) > 0 {
		return 0, err
	}
	sec, err := demoActor(ctx, db, "programleder@demo.samstyr.no", today)
	if err != nil {
		return 0, err
	}
	var ids []int64
	for i, d := range demoNeeds {
		// The needs came in over a week two months ago, and the secretariat
		// handled them a fortnight later (the round is four weeks ago).
		restore := demoClock(db, svc, today.AddDate(0, 0, -60+i))
		n, err := demoCreateNeed(ctx, db, svc, sec, d, today)
		restore()
		if err != nil {
			return len(ids), fmt.Errorf("demo need %q: %w", d.in.Title, err)
		}
		ids = append(ids, n.ID)
	}
	defer demoClock(db, svc, today.AddDate(0, 0, -35))()
	if _, err := svc.Merge(ctx, sec, ids[8], ids[0], "Samme behov som «Digital byggesøknad for tiltak uten ansvarsrett»; slått sammen etter samtale med Stavanger."); err != nil {
		return len(ids), err
	}
	return len(ids), demoRound(ctx, db, svc, sec, ids, today)
}

// demoClock sets the store's and the service's clock to t (the demo tells
// a story over the past weeks, with dates in order) and returns what puts
// them back. The seed runs alone, before serve.
func demoClock(db *store.DB, svc *needs.Service, t time.Time) func() {
	dbNow, svcNow := db.Now, svc.Now
	db.Now, svc.Now = func() time.Time { return t }, func() time.Time { return t }
	return func() { db.Now, svc.Now = dbNow, svcNow }
}

func demoActor(ctx context.Context, db *store.DB, email string, today time.Time) (*policy.Actor, error) {
	p, err := db.FindPersonByEmail(ctx, email)
	if err != nil {
		return nil, fmt.Errorf("demo person %s: %w", email, err)
	}
	return db.FindActor(ctx, p.ID, today)
}

func demoCreateNeed(ctx context.Context, db *store.DB, svc *needs.Service, sec *policy.Actor, d demoNeed, today time.Time) (*needs.Need, error) {
	by, err := demoActor(ctx, db, d.by, today)
	if err != nil {
		return nil, err
	}
	n, err := svc.Create(ctx, by, d.in)
	if err != nil {
		return nil, err
	}
	for _, num := range d.backers {
		if err := demoBack(ctx, db, n, num); err != nil {
			return nil, err
		}
	}
	defer demoClock(db, svc, db.Now().AddDate(0, 0, 14))()
	for _, to := range d.moves {
		t := needs.Transition{To: to, Comment: "Behandlet av sekretariatet."}
		switch to {
		case needs.Rejected:
			t.Reason = "Dekkes allerede av Fellestjenester BYGG sin nabovarslingstjeneste."
		case needs.Parked:
			t.ReviewDate = today.AddDate(0, 6, 0)
		}
		if _, err := svc.Transition(ctx, sec, n.ID, t); err != nil {
			return nil, err
		}
	}
	return n, nil
}

// demoBack records a municipality's backing (without a person) and audits it.
func demoBack(ctx context.Context, db *store.DB, n *needs.Need, number string) error {
	o, err := db.FindOrganisationByNumber(ctx, number)
	if errs.Is(err, errs.NotFound) {
		return nil
	}
	if err != nil || o.ID == n.OrgID || o.Kind != policy.OrgMunicipality {
		return err
	}
	return db.WithTx(ctx, func(ctx context.Context) error {
		b := &needs.Backing{NeedID: n.ID, OrgID: o.ID}
		if err := db.CreateBacking(ctx, b); err != nil {
			return err
		}
		return db.Record(ctx, audit.Entry{Action: "need.back", ObjectType: "need", ObjectID: n.ID, After: b})
	})
}

// demoRound scores the first three needs in a round, closes it and moves
// the first two to assessed.
func demoRound(ctx context.Context, db *store.DB, svc *needs.Service, sec *policy.Actor, ids []int64, today time.Time) error {
	// The round ran four weeks ago; the user council's meeting two weeks
	// later prioritised its winner by decision (DemoMeetings).
	defer demoClock(db, svc, today.AddDate(0, 0, -28))()
	m, err := svc.LatestMethod(ctx, sec)
	if err != nil {
		return err
	}
	r, err := svc.OpenRound(ctx, sec, needs.RoundInput{Name: fmt.Sprintf("Høsten %d", today.Year()), MethodID: m.ID, NeedIDs: ids[:3]})
	if err != nil {
		return err
	}
	for i, email := range []string{"leder.brukerrad@demo.samstyr.no", "medlem.brukerrad@demo.samstyr.no", "programleder@demo.samstyr.no"} {
		a, err := demoActor(ctx, db, email, today)
		if err != nil {
			return err
		}
		for j, id := range ids[:3] {
			var in []needs.ScoreInput
			for k, c := range m.Criteria {
				v := c.Min + int64((i+2*j+k+3)%int(c.Max-c.Min+1))
				if j == 0 {
					v = c.Max - int64((i+k)%2)
				}
				in = append(in, needs.ScoreInput{Criterion: c.Key, Value: v, Rationale: "Vurdert ut fra innmeldingen og tilslutningen."})
			}
			if err := svc.SubmitScores(ctx, a, r.ID, id, in); err != nil {
				return err
			}
		}
	}
	if _, err := svc.CloseRound(ctx, sec, r.ID, true); err != nil {
		return err
	}
	for _, id := range ids[:2] {
		if _, err := svc.Transition(ctx, sec, id, needs.Transition{To: needs.Assessed, Comment: "Vurdert i prioriteringsrunden."}); err != nil {
			return err
		}
	}
	return nil
}
