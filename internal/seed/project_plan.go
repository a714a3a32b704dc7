package seed

import (
	"context"
	"time"

	"github.com/samstyr/samstyr/internal/policy"
	"github.com/samstyr/samstyr/internal/projects"
	"github.com/samstyr/samstyr/internal/store"
)

// DemoPlan gives the demo project a plan around today: two activities
// done (one late), one under way that slips, a pilot that waits for it,
// two milestones, and a staffing plan with an open position. It does
// nothing when the project already has a plan (idempotent); it returns
// the number of activities written.
func DemoPlan(ctx context.Context, db *store.DB, projectID int64, today time.Time) (int, error) {
	have, err := db.FindActivities(ctx, projectID, false)
	if err != nil || len(have) > 0 {
		return 0, err
	}
	svc := projects.NewPlanService(db)
	d := func(months, days int) string {
		return time.Date(today.Year(), today.Month(), 1, 0, 0, 0, 0, time.UTC).AddDate(0, months, days).Format(projects.PlanDateLayout)
	}
	sys := policy.SystemActor
	plan := []*projects.Activity{
		{Kind: "activity", Name: "Kartlegging av behov i kommunene", PlannedStart: d(-6, 0), PlannedEnd: d(-4, -1), ActualStart: d(-6, 0), ActualEnd: d(-4, -1)},
		{Kind: "activity", Name: "Løsningsdesign og arkitektur", PlannedStart: d(-4, 0), PlannedEnd: d(-2, -1), ActualStart: d(-4, 0), ActualEnd: d(-1, 9)},
		{Kind: "milestone", Name: "Løsningsdesign godkjent i styringsgruppen", PlannedEnd: d(-2, 0), ActualEnd: d(-1, 10)},
		{Kind: "activity", Name: "Utvikling av planinnsyn", PlannedStart: d(-1, 0), PlannedEnd: d(3, -1), ForecastStart: d(-1, 10), ForecastEnd: d(4, 14)},
		{Kind: "activity", Name: "Pilot i tre kommuner", PlannedStart: d(3, 0), PlannedEnd: d(5, -1), ForecastStart: d(4, 15), ForecastEnd: d(6, 14)},
		{Kind: "milestone", Name: "Digital plandialog i drift", PlannedEnd: d(6, 0), ForecastEnd: d(7, 0)},
	}
	for i, x := range plan {
		if i > 0 {
			x.DependsOn = []int64{plan[i-1].ID}
		}
		if err := svc.CreateActivity(ctx, sys, projectID, x); err != nil {
			return i, err
		}
	}
	for _, l := range []*projects.StaffLine{
		{Role: "architect", Organisation: "KS", SharePct: 40, From: d(-4, 0), To: d(6, 0)},
		{Role: "expert", Organisation: "Trondheim kommune", SharePct: 20, From: d(-6, 0), To: d(6, 0)},
	} {
		if err := svc.AddStaffLine(ctx, sys, projectID, l); err != nil {
			return len(plan), err
		}
	}
	return len(plan), nil
}
