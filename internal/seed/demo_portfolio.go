package seed

import (
	"context"
	"fmt"
	"time"

	"github.com/samstyr/samstyr/internal/policy"
	"github.com/samstyr/samstyr/internal/portfolio"
	"github.com/samstyr/samstyr/internal/store"
)

// DemoPortfolio gives the portfolio overview something to hold against:
// draft budget frames for this year and the next (DigiFin and KS), a
// draft main guideline, and Kartverket as the actor responsible for the
// demo project. KommIT-rådet's approval is left to the demo (a decision
// with the approve_budget_frame or adopt_guideline effect). Idempotent;
// every change goes through the service and is audited.
func DemoPortfolio(ctx context.Context, db *store.DB, today time.Time) error {
	svc := portfolio.NewService()
	svc.UseStore(db)
	sys := policy.SystemActor
	frames, err := db.FindBudgetFrames(ctx)
	if err != nil {
		return err
	}
	have := map[string]bool{}
	for _, f := range frames {
		have[fmt.Sprint(f.Year, f.Source)] = true
	}
	for _, f := range []portfolio.Frame{
		{Year: int64(today.Year()), Source: "digifin", AmountNOK: 12_000_000, Note: "DigiFin-tildeling (demo)"},
		{Year: int64(today.Year()), Source: "ks", AmountNOK: 4_000_000, Note: "KS egenfinansiering (demo)"},
		{Year: int64(today.Year()) + 1, Source: "digifin", AmountNOK: 10_000_000, Note: "Forventet DigiFin-tildeling (demo)"},
	} {
		if have[fmt.Sprint(f.Year, f.Source)] {
			continue
		}
		if err := svc.CreateFrame(ctx, sys, &f); err != nil {
			return fmt.Errorf("frame %d %s: %w", f.Year, f.Source, err)
		}
	}
	gs, err := db.FindGuidelines(ctx)
	if err != nil {
		return err
	}
	if len(gs) == 0 {
		if _, err := svc.CreateGuideline(ctx, sys, portfolio.GuidelineInput{Title: fmt.Sprintf("Hovedretningslinjer %d", today.Year()+1),
			Goals:  "- Flere kommuner tar i bruk digitale byggesøknader.\n- Planer skal være maskinlesbare og søkbare nasjonalt.",
			Shares: map[string]string{"plan": "35", "bygg": "35", "geodata": "20", "cross_cutting": "10"}}); err != nil {
			return fmt.Errorf("guideline: %w", err)
		}
	}
	project, err := db.EnsureProject(ctx, "Digital plandialog")
	if err != nil {
		return err
	}
	kartverket, err := db.FindOrganisationByNumber(ctx, "971040238")
	if err != nil {
		return fmt.Errorf("find Kartverket: %w", err)
	}
	items, err := db.FindPortfolioItems(ctx, true)
	if err != nil {
		return err
	}
	for _, it := range items {
		if it.ID == project && it.ActorID == kartverket.ID {
			return nil
		}
	}
	return svc.SetActor(ctx, sys, "project", project, kartverket.ID)
}
