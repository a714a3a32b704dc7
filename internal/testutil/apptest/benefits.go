package apptest

import (
	"context"

	"github.com/samstyr/samstyr/internal/benefits"
	"github.com/samstyr/samstyr/internal/directives"
	"github.com/samstyr/samstyr/internal/policy"
)

// BenefitProject is a project in execution whose approved directive plans
// two benefits, imported: Benefits[0] planned and baselined (owned by
// Owner, a person of another organisation), Benefits[1] identified.
type BenefitProject struct {
	*ControlProject
	Owner    *Person
	Benefits []*benefits.Benefit
}

// NewBenefitProject creates the project and its benefits as the
// secretariat would.
func (a *App) NewBenefitProject(name string) *BenefitProject {
	t := a.T
	t.Helper()
	ctx := context.Background()
	c := ControlContent()
	c.Benefits = []directives.Benefit{{Text: "Kortere saksbehandlingstid for byggesøknader", Type: "others", Owner: "Plansjef i Bergen"},
		{Text: "Færre manuelle kontroller", Type: "nok", Owner: "DiBK"}}
	bp := &BenefitProject{ControlProject: a.NewControlProject(name, c), Owner: a.NewPerson("benefitowner", "bergen", "", false)}
	sys := policy.SystemActor
	if n, err := a.Benefits.Import(ctx, sys, bp.Project.ID); err != nil || n != 2 {
		t.Fatalf("import: %d %v", n, err)
	}
	_, bs, err := a.Benefits.ProjectBenefits(ctx, sys, bp.Project.ID)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.Benefits.Plan(ctx, sys, bs[0].ID, benefits.PlanInput{Description: bs[0].Description, Type: "others",
		Indicator: "Median saksbehandlingstid", Unit: "døgn", Baseline: "40", BaselineOn: "2027-01-01", Target: "20", TargetOn: "2028-12-31",
		Method: "Uttrekk fra byggesaksregisteret", Frequency: "quarterly", OwnerID: bp.Owner.ID}); err != nil {
		t.Fatal(err)
	}
	for _, to := range []string{benefits.Planned, benefits.Baselined} {
		if _, err := a.Benefits.Move(ctx, sys, bs[0].ID, to); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := a.Benefits.Plan(ctx, sys, bs[1].ID, benefits.PlanInput{Description: bs[1].Description, Type: "nok",
		Indicator: "Kostnad til kontroller", Unit: "NOK", Target: "1000000", TargetOn: "2028-12-31", Method: "Regnskap", Frequency: "yearly",
		OwnerID: bp.Owner.ID}); err != nil {
		t.Fatal(err)
	}
	for i := range bs {
		if bs[i], _, err = a.Benefits.Benefit(ctx, sys, bs[i].ID); err != nil {
			t.Fatal(err)
		}
	}
	bp.Benefits = bs
	return bp
}
