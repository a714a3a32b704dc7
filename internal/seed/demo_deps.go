package seed

import (
	"context"
	"time"

	"github.com/samstyr/samstyr/internal/policy"
	"github.com/samstyr/samstyr/internal/projects"
	"github.com/samstyr/samstyr/internal/store"
)

// DemoDeps gives the demo cross-project dependencies (issue 12, item 7):
// the register of national components (Fellestjenester PLAN slipped),
// a second project "Nasjonalt planregister" whose API milestone has
// slipped, and the demo project's plan waiting for both — its pilot for
// the other project's milestone, its development for Fellestjenester
// PLAN — so that the demo project is flagged and its chain is critical.
// It does nothing once the register has components (idempotent) or
// when the demo project has no plan.
func DemoDeps(ctx context.Context, db *store.DB, projectID int64, today time.Time) error {
	have, err := db.FindComponents(ctx)
	if err != nil || len(have) > 0 {
		return err
	}
	acts, err := db.FindActivities(ctx, projectID, false)
	if err != nil || len(acts) == 0 {
		return err
	}
	byName := map[string]*projects.Activity{}
	for _, x := range acts {
		byName[x.Name] = x
	}
	dev, pilot := byName["Utvikling av planinnsyn"], byName["Pilot i tre kommuner"]
	if dev == nil || pilot == nil {
		return nil
	}
	svc := projects.NewPlanService(db)
	sys := policy.SystemActor
	d := func(months, days int) string {
		return time.Date(today.Year(), today.Month(), 1, 0, 0, 0, 0, time.UTC).AddDate(0, months, days).Format(projects.PlanDateLayout)
	}
	comps := []*projects.Component{
		{Name: "Fellestjenester BYGG", Owner: "DiBK", Status: projects.ComponentProduction, Description: "Digitale byggesøknader til kommunen gjennom eByggesak, SvarInn eller Altinn."},
		{Name: "Fellestjenester PLAN", Owner: "DiBK", Status: projects.ComponentDevelopment, PlannedDate: d(1, 0), ForecastDate: d(3, 0),
			Description: "Automatisk validering av planer (GeoLett-samarbeidet)."},
		{Name: "Fiks", Owner: "KS", Status: projects.ComponentProduction, Description: "KS' plattform for felles kommunale tjenester."},
		{Name: "Matrikkelen", Owner: "Kartverket", Status: projects.ComponentProduction, Description: "Det offisielle registeret over eiendommer, adresser og bygninger."},
	}
	for _, c := range comps {
		if err := svc.CreateComponent(ctx, sys, c); err != nil {
			return err
		}
	}
	other, err := db.EnsureProject(ctx, "Nasjonalt planregister")
	if err != nil {
		return err
	}
	work := &projects.Activity{Kind: projects.KindActivity, Name: "Utvikling av planregister-API", PlannedStart: d(-3, 0), PlannedEnd: d(2, -1),
		ForecastStart: d(-3, 0), ForecastEnd: d(3, 13)}
	if err := svc.CreateActivity(ctx, sys, other, work); err != nil {
		return err
	}
	api := &projects.Activity{Kind: projects.KindMilestone, Name: "Planregister-API tilgjengelig", PlannedEnd: d(2, 0), ForecastEnd: d(3, 14),
		DependsOn: []int64{work.ID}}
	if err := svc.CreateActivity(ctx, sys, other, api); err != nil {
		return err
	}
	if _, err := svc.AddDependency(ctx, sys, projectID, pilot.ID, api.ID); err != nil {
		return err
	}
	return svc.AddComponentDep(ctx, sys, projectID, &projects.ComponentDep{ActivityID: dev.ID, ComponentID: comps[1].ID,
		Note: "Planinnsynet bruker valideringen i Fellestjenester PLAN."})
}
