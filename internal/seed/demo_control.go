package seed

import (
	"fmt"

	"github.com/samstyr/samstyr/internal/directives"
	"github.com/samstyr/samstyr/internal/i18n"
	"github.com/samstyr/samstyr/internal/projects"
)

// exceptionDemoProject starts the demo's first approved project (digital
// building applications) and gives it what a project in an exception
// has: a submitted status report whose cost forecast breaches the cost
// tolerance — the system raises the deviation and puts the exception case
// before the steering group —, and a risk register with an owner and
// measures. The steering group has not decided yet, so the project is
// outside its approval until it does.
func (dd *demoDirectives) exceptionDemoProject(dirID int64, owner int64) {
	var p *directives.Project
	dd.do(func() error {
		d, err := dd.db.FindDirectiveByID(dd.ctx, dirID)
		if err != nil {
			return err
		}
		if d.ProjectID == 0 {
			return fmt.Errorf("directive %d has no project", dirID)
		}
		p, err = dd.db.FindProjectByID(dd.ctx, d.ProjectID)
		return err
	})
	if dd.err != nil {
		return
	}
	cat, err := i18n.Load()
	if err != nil {
		dd.err = err
		return
	}
	ctl := projects.NewControlService(dd.db)
	ctl.Text = cat.Printer("nb").TMap
	dd.on(1, 13, func() {
		now := dd.dir.Now
		ctl.Now = now
		dd.do(func() error { _, err := ctl.MoveProject(dd.ctx, dd.sec, p.ID, projects.MoveStart, ""); return err })
		for _, r := range []*projects.Risk{
			{Title: "Leverandørene rekker ikke å ta i bruk ny versjon av NPS i tide", Cause: "Ny versjon av standarden kom sent.",
				Probability: 4, Consequence: 4, Measures: "Tidlig dialog med leverandørene; pilot med én leverandør først.", State: projects.RiskMitigating},
			{Title: "Pilotkommunene mangler kapasitet til opplæring", Cause: "Høy saksmengde i byggesak.",
				Probability: 3, Consequence: 3, Measures: "Opplæring digitalt og i små grupper.", State: projects.RiskAssessed},
			{Title: "Endringer i byggesaksforskriften", Probability: 2, Consequence: 4, State: projects.RiskIdentified},
		} {
			r.ProjectID, r.OwnerID = p.ID, owner
			r.NextReview = now().AddDate(0, 1, 0).Format("2006-01-02")
			dd.do(func() error { return ctl.CreateRisk(dd.ctx, dd.sec, r) })
		}
		var r *projects.StatusReport
		dd.do(func() error { r, err = ctl.NewReport(dd.ctx, dd.sec, p.ID); return err })
		if dd.err != nil {
			return
		}
		r.Overall = "amber"
		r.Rating["cost"], r.Rating["time"], r.Rating["risk"] = "red", "amber", "amber"
		r.WorkDone = "Kravspesifikasjon ferdig; avtale med to leverandører om pilot."
		r.WorkPlanned = "Pilot i tre kommuner; veileder for innføring."
		r.DecisionsNeeded = "Styringsgruppen må velge mellom å redusere omfanget av piloten og å be KommIT-rådet om mer midler."
		for i := range r.Costs {
			r.Costs[i].ActualNOK = r.Costs[i].BudgetNOK / 3
			r.Costs[i].ForecastNOK = r.Costs[i].BudgetNOK * 5 / 4
		}
		dd.do(func() error { return ctl.CreateReport(dd.ctx, dd.sec, p.ID, r) })
		dd.do(func() error { _, err := ctl.SubmitReport(dd.ctx, dd.sec, r.ID); return err })
	})
}
