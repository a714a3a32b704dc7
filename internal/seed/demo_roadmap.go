package seed

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/samstyr/samstyr/internal/i18n"
	"github.com/samstyr/samstyr/internal/meetings"
	"github.com/samstyr/samstyr/internal/policy"
	"github.com/samstyr/samstyr/internal/portfolio"
	"github.com/samstyr/samstyr/internal/store"
)

// demoInitiative is a roadmap initiative of the demo, its half-years as
// offsets from today's half-year.
type demoInitiative struct {
	title, area, actor string // actor: a word of the organisation's name
	start, end         int
	forecast           int // 0: on plan
	standards          []string
	project            string
	deps               []string
	status             string
}

var demoInitiatives = []demoInitiative{
	{title: "Fellestjenester BYGG: mottak av digitale byggesøknader", area: "bygg", actor: "DiBK", start: -2, end: 1, standards: []string{"NPS"}, status: portfolio.InitiativeOngoing},
	{title: "eByggesak og ePlansak i kommunene", area: "bygg", actor: "KS", start: -1, end: 2, standards: []string{"NPS", "FIKS-ARKIV"},
		deps: []string{"Fellestjenester BYGG: mottak av digitale byggesøknader"}, status: portfolio.InitiativeOngoing},
	{title: "Fellestjenester PLAN: automatisk kontroll av planer", area: "plan", actor: "DiBK", start: 0, end: 2, forecast: 3, standards: []string{"SOSI"}, status: portfolio.InitiativeOngoing},
	{title: "Digitalt planregister i alle kommuner", area: "plan", actor: "KDD", start: 1, end: 3, standards: []string{"SOSI"},
		deps: []string{"Fellestjenester PLAN: automatisk kontroll av planer"}},
	{title: "Digital plandialog", area: "plan", actor: "KS", start: 0, end: 1, project: "Digital plandialog"},
	{title: "GeoIntegrasjon neste generasjon", area: "geodata", actor: "Kartverket", start: -2, end: 0, standards: []string{"GI"}, status: portfolio.InitiativeOngoing},
	{title: "Fiks Matrikkelføring", area: "geodata", actor: "KS", start: 0, end: 1, standards: []string{"FIKS-MATRIKKEL"},
		deps: []string{"GeoIntegrasjon neste generasjon"}, status: portfolio.InitiativeOngoing},
	{title: "Årlig revisjon av DOK-listen", area: "geodata", actor: "KDD", start: 1, end: 1},
	{title: "KOSTRA-rapportering rett fra fagsystemet", area: "cross_cutting", actor: "SSB", start: 2, end: 3, standards: []string{"NPS"}},
}

// demoLater is added after the first version is endorsed, so the second
// differs by an added initiative as well as a moved and a changed one.
var demoLater = demoInitiative{title: "ArkivLett: arkivering fra fagsystemer", area: "cross_cutting", actor: "KS", start: 1, end: 4,
	standards: []string{"FIKS-ARKIV", "NOARK5"}, deps: []string{"eByggesak og ePlansak i kommunene"}}

// DemoRoadmap fills the roadmap (veikart): initiatives across the four
// need areas and the actors (KS, DiBK, Kartverket, KDD, SSB), one linked
// to the demo project with a plan; a first version frozen and endorsed by
// KommIT-rådet three days ago (a real decision with the endorse_roadmap
// effect), then a moved, a changed and an added initiative frozen as a
// second version not yet endorsed. It does nothing when any initiative
// exists; it returns the number of initiatives created.
func DemoRoadmap(ctx context.Context, db *store.DB, mt *meetings.Service, pf *portfolio.Service, today time.Time) (int, error) {
	if ins, err := db.FindInitiatives(ctx); err != nil || len(ins) > 0 {
		return 0, err
	}
	pfNow := pf.Now
	pf.Now = func() time.Time { return today }
	defer func() { pf.Now = pfNow }()
	dr := &demoRoadmap{ctx: ctx, db: db, pf: pf, today: today, ids: map[string]int64{}}
	if err := dr.load(); err != nil {
		return 0, fmt.Errorf("demo roadmap: %w", err)
	}
	for _, di := range demoInitiatives {
		if err := dr.add(di); err != nil {
			return len(dr.ids), fmt.Errorf("demo roadmap %q: %w", di.title, err)
		}
	}
	if err := dr.endorseFirst(mt); err != nil {
		return len(dr.ids), fmt.Errorf("demo roadmap endorsement: %w", err)
	}
	if err := dr.revise(); err != nil {
		return len(dr.ids), fmt.Errorf("demo roadmap revision: %w", err)
	}
	return len(dr.ids), nil
}

type demoRoadmap struct {
	ctx       context.Context
	db        *store.DB
	pf        *portfolio.Service
	today     time.Time
	actors    []portfolio.Actor
	standards map[string]int64
	projects  map[string]int64
	ids       map[string]int64
}

func (dr *demoRoadmap) load() error {
	c, err := dr.pf.RoadmapChoices(dr.ctx, policy.SystemActor)
	if err != nil {
		return err
	}
	dr.actors, dr.standards, dr.projects = c.Actors, map[string]int64{}, map[string]int64{}
	for _, s := range c.Standards {
		dr.standards[s.Code] = s.ID
	}
	for _, p := range c.Projects {
		dr.projects[p.Name] = p.ID
	}
	return nil
}

func (dr *demoRoadmap) input(di demoInitiative) (portfolio.InitiativeInput, error) {
	now := portfolio.HalfOf(dr.today).Index()
	half := func(off int) string { return portfolio.HalfAt(now + off).String() }
	in := portfolio.InitiativeInput{Title: di.title, Area: di.area, Start: half(di.start), End: half(di.end), Status: di.status,
		ProjectID: dr.projects[di.project]}
	if di.forecast != 0 {
		in.ForecastEnd = half(di.forecast)
	}
	for _, a := range dr.actors {
		if a.Name == di.actor || strings.Contains(a.Name, "("+di.actor+")") || strings.HasPrefix(a.Name, di.actor+" ") {
			in.ActorID = a.ID
		}
	}
	if in.ActorID == 0 {
		return in, fmt.Errorf("actor %s not found (load the demo organisations first)", di.actor)
	}
	for _, s := range di.standards {
		if id := dr.standards[s]; id != 0 { // without the demo catalogue, none
			in.Standards = append(in.Standards, id)
		}
	}
	for _, d := range di.deps {
		in.DependsOn = append(in.DependsOn, dr.ids[d])
	}
	return in, nil
}

func (dr *demoRoadmap) add(di demoInitiative) error {
	in, err := dr.input(di)
	if err != nil {
		return err
	}
	x, err := dr.pf.CreateInitiative(dr.ctx, policy.SystemActor, in)
	if err != nil {
		return err
	}
	dr.ids[di.title] = x.ID
	return nil
}

// endorseFirst freezes the first version and has KommIT-rådet endorse it
// in a meeting three days ago.
func (dr *demoRoadmap) endorseFirst(mt *meetings.Service) error {
	v, err := dr.pf.FreezeRoadmap(dr.ctx, policy.SystemActor, fmt.Sprintf("Veikart for plan, bygg og geodata %d", dr.today.Year()))
	if err != nil {
		return err
	}
	b, err := dr.db.FindBodyBySlug(dr.ctx, "kommit-radet")
	if err != nil {
		return err
	}
	d := &demo{ctx: dr.ctx, db: dr.db, mt: mt, sys: policy.SystemActor, bodies: map[string]int64{"kommit-radet": b.ID}}
	y, mo, day := dr.today.AddDate(0, 0, -3).Date()
	start := time.Date(y, mo, day, 10, 0, 0, 0, i18n.Oslo())
	d.at(start.Add(time.Hour), func() {
		m := d.meeting("kommit-radet", start, "KS-huset, Oslo")
		c := d.addCase(m, &meetings.Case{Kind: meetings.KindDecision, Title: "Veikart for plan, bygg og geodata", Presenter: "Per Programleder",
			Background:       "Veikartet samler tiltakene til KS, DiBK, Kartverket, KDD og SSB per behovsområde og halvår. Den frosne versjonen ligger ved.",
			ProposedDecision: "KommIT-rådet slutter seg til veikartet for plan, bygg og geodata som foreslått."})
		d.do(func() error {
			return mt.LinkItem(dr.ctx, policy.SystemActor, c.ID, meetings.Link{ItemType: "roadmap_version", ItemID: v.ID}, false)
		})
		d.holdAndDecideStanding(m)
		d.do(func() error {
			return mt.RecordDecision(dr.ctx, policy.SystemActor, c.ID, &meetings.Decision{Kind: "approval", Text: c.ProposedDecision, Unanimous: true,
				Effects: []string{portfolio.EffectEndorseRoadmap}})
		})
	})
	return d.err
}

// revise moves one initiative, marks another done, adds a third and
// freezes the result as a second version (not endorsed).
func (dr *demoRoadmap) revise() error {
	for i, di := range demoInitiatives {
		switch i {
		case 3: // the planning register moves half a year
			di.start, di.end = di.start+1, di.end+1
		case 5: // GeoIntegrasjon is done
			di.status = portfolio.InitiativeDone
		default:
			continue
		}
		in, err := dr.input(di)
		if err != nil {
			return err
		}
		if _, err := dr.pf.UpdateInitiative(dr.ctx, policy.SystemActor, dr.ids[di.title], in); err != nil {
			return err
		}
	}
	if err := dr.add(demoLater); err != nil {
		return err
	}
	_, err := dr.pf.FreezeRoadmap(dr.ctx, policy.SystemActor, fmt.Sprintf("Veikart for plan, bygg og geodata %d, revidert utkast", dr.today.Year()))
	return err
}
