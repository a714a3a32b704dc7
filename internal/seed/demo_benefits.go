package seed

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/samstyr/samstyr/internal/benefits"
	"github.com/samstyr/samstyr/internal/policy"
	"github.com/samstyr/samstyr/internal/store"
)

// demoBenefit is the plan and the course of one demo benefit: measured
// every period from the baseline (months ago) to today, at the share of
// the way to the target that ahead gives (1 on the line, less behind).
type demoBenefit struct {
	owner, indicator, unit, method, frequency string
	baseline, target                          float64
	months, period                            int
	ahead                                     float64
}

var demoBenefits = []demoBenefit{
	{owner: "saksbehandler@demo.samstyr.no", indicator: "Median saksbehandlingstid for søknader uten ansvarsrett", unit: "dager",
		method: "Uttrekk fra kommunenes sakssystemer gjennom Fiks, median per kvartal", frequency: "quarterly",
		baseline: 42, target: 21, months: 15, period: 3, ahead: 1.1},
	{owner: "medlem.brukerrad@demo.samstyr.no", indicator: "Andel søknader uten mangler ved første innsending", unit: "prosent",
		method: "Stikkprøve av 200 søknader i pilotkommunene", frequency: "half_yearly",
		baseline: 55, target: 80, months: 14, period: 6, ahead: 0.6},
}

// DemoBenefits gives benefit realisation a project to show: the first
// project with an approved directive that plans benefits gets them taken
// in by the secretariat, planned with an owner in a municipality,
// baselined, and measured by the owner every period up to today — one on
// course, one behind (at risk). Idempotent: a benefit already planned is
// left as it is. It returns how many measurements it recorded.
func DemoBenefits(ctx context.Context, db *store.DB, svc *benefits.Service, today time.Time) (int, error) {
	sec, err := demoActor(ctx, db, "programleder@demo.samstyr.no", today)
	if err != nil {
		return 0, err
	}
	pid, err := demoBenefitProject(ctx, db)
	if err != nil || pid == 0 {
		return 0, err
	}
	if _, err := svc.Import(ctx, sec, pid); err != nil {
		return 0, fmt.Errorf("demo benefits: import: %w", err)
	}
	_, bs, err := svc.ProjectBenefits(ctx, policy.SystemActor, pid)
	if err != nil {
		return 0, err
	}
	n := 0
	for i, b := range bs {
		if i >= len(demoBenefits) || b.State != benefits.Identified {
			continue
		}
		m, err := demoBenefitCourse(ctx, db, svc, sec, b, demoBenefits[i], today)
		n += m
		if err != nil {
			return n, fmt.Errorf("demo benefit %d: %w", b.ID, err)
		}
	}
	return n, nil
}

// demoBenefitProject finds the first project whose approved directive
// plans benefits; 0 for none.
func demoBenefitProject(ctx context.Context, db *store.DB) (int64, error) {
	ps, err := db.FindProjects(ctx)
	if err != nil {
		return 0, err
	}
	for _, p := range ps {
		if p.DirectiveID == 0 {
			continue
		}
		d, err := db.FindDirectiveByID(ctx, p.DirectiveID)
		if err != nil {
			return 0, err
		}
		if d.ApprovedVersion == 0 {
			continue
		}
		v, err := db.FindDirectiveVersion(ctx, d.ID, d.ApprovedVersion)
		if err != nil {
			return 0, err
		}
		if len(v.Content.Benefits) > 0 {
			return p.ID, nil
		}
	}
	return 0, nil
}

func demoBenefitCourse(ctx context.Context, db *store.DB, svc *benefits.Service, sec *policy.Actor, b *benefits.Benefit, d demoBenefit, today time.Time) (int, error) {
	owner, err := demoActor(ctx, db, d.owner, today)
	if err != nil {
		return 0, err
	}
	first := time.Date(today.Year(), today.Month(), 1, 0, 0, 0, 0, time.UTC)
	baseOn, targetOn := first.AddDate(0, -d.months, 0), first.AddDate(0, 24-d.months, 0)
	f := func(x float64) string { return strconv.FormatFloat(x, 'f', -1, 64) }
	if _, err := svc.Plan(ctx, sec, b.ID, benefits.PlanInput{Description: b.Description, Type: b.Type, Indicator: d.indicator, Unit: d.unit,
		Baseline: f(d.baseline), BaselineOn: baseOn.Format(time.DateOnly), Target: f(d.target), TargetOn: targetOn.Format(time.DateOnly),
		Method: d.method, Frequency: d.frequency, OwnerID: owner.PersonID}); err != nil {
		return 0, err
	}
	for _, to := range []string{benefits.Planned, benefits.Baselined} {
		if _, err := svc.Move(ctx, sec, b.ID, to); err != nil {
			return 0, err
		}
	}
	n := 0
	for on := baseOn.AddDate(0, d.period, 0); !on.After(today); on = on.AddDate(0, d.period, 0) {
		share := float64(on.Sub(baseOn)) / float64(targetOn.Sub(baseOn)) * d.ahead
		v := d.baseline + share*(d.target-d.baseline)
		in := benefits.MeasurementInput{Value: strconv.FormatFloat(float64(int(v*10+0.5))/10, 'f', -1, 64), On: on.Format(time.DateOnly),
			Comment: "Demomåling"}
		if _, err := svc.Measure(ctx, owner, b.ID, in); err != nil {
			return n, err
		}
		n++
	}
	return n, nil
}
