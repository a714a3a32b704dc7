package seed

import (
	"fmt"
	"strconv"

	"github.com/samstyr/samstyr/internal/directives"
	"github.com/samstyr/samstyr/internal/i18n"
	"github.com/samstyr/samstyr/internal/meetings"
	"github.com/samstyr/samstyr/internal/projects"
)

// closeDemoProject runs the demo's second approved project (the plan
// dialogue) through execution and closure: started the day after its
// approval, its plan delivered, the BP4 closing recommendation approved
// and the BP5 final report accepted by its steering group, so that it is
// realising. The other approved project stays in planning.
func (dd *demoDirectives) closeDemoProject(dirID int64) {
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
	nb := cat.Printer("nb")
	ctl.Text = nb.TMap
	plan := projects.NewPlanService(dd.db)
	slug := "styringsgruppe-prosjekt-" + strconv.FormatInt(p.ID, 10)
	dd.bodies[slug] = p.SteeringBodyID
	id := p.ID
	step := func(days int, f func()) {
		dd.on(days, 11, func() {
			now := dd.dir.Now
			ctl.Now = now
			f()
		})
	}
	decide := func(days int, caseID int64, effect string) {
		m := dd.meetingAt(slug, days, "Teams")
		dd.do(func() error {
			_, err := dd.mt.MoveCase(dd.ctx, dd.sys, caseID, meetings.CaseOnAgenda, m.ID)
			return err
		})
		dd.holdAndDecideStanding(m)
		c := &meetings.Case{ID: caseID}
		dd.do(func() error {
			got, err := dd.mt.Case(dd.ctx, dd.sys, caseID)
			if err == nil {
				c = got
			}
			return err
		})
		dd.record(c, "approval", c.ProposedDecision, effect)
	}
	y := strconv.Itoa(demoYear)
	step(1, func() {
		dd.do(func() error { _, err := ctl.MoveProject(dd.ctx, dd.sec, id, projects.MoveStart, ""); return err })
		dd.do(func() error {
			return plan.CreateActivity(dd.ctx, dd.sec, id, &projects.Activity{Kind: projects.KindActivity, Name: "Innspillsløsning i pilotkommunene",
				PlannedStart: y + "-01-15", PlannedEnd: y + "-06-30", ActualStart: y + "-01-15", ActualEnd: y + "-07-10"})
		})
		dd.do(func() error {
			return plan.CreateActivity(dd.ctx, dd.sec, id, &projects.Activity{Kind: projects.KindMilestone, Name: "Pilot i tre kommuner",
				PlannedEnd: y + "-06-30", ActualEnd: y + "-07-10"})
		})
		c := &projects.Closure{RemainingWork: "Forvaltningen overtas av KS; to kommuner venter på opplæring."}
		for _, k := range projects.ChecklistItems {
			c.Checklist = append(c.Checklist, projects.CheckItem{Key: k, Answer: "yes"})
		}
		c.Checklist[3] = projects.CheckItem{Key: "line_ready", Answer: "no", Comment: "Opplæring av to kommuner gjenstår; avtalt med KS."}
		dd.do(func() error { _, err := ctl.SubmitClosure(dd.ctx, dd.sec, id, c); return err })
	})
	var cl *projects.ClosureView
	dd.do(func() error { cl, err = ctl.Closure(dd.ctx, dd.sys, id); return err })
	if dd.err != nil {
		return
	}
	step(1, func() { decide(1, cl.Closure.CaseID, projects.EffectApproveClosure) })
	step(0, func() {
		dd.do(func() error {
			_, err := ctl.SubmitFinalReport(dd.ctx, dd.sec, id, &projects.Closure{
				Evaluation: "Løsningen for medvirkning er tatt i bruk i pilotkommunene; innbyggerne ser hvordan innspillene følges opp.",
				Lessons:    "Test med ekte innbyggere tidlig; avklar forvaltning før piloten starter."})
			return err
		})
	})
	dd.do(func() error { cl, err = ctl.Closure(dd.ctx, dd.sys, id); return err })
	if dd.err != nil {
		return
	}
	step(0, func() { decide(0, cl.Closure.FinalCaseID, projects.EffectAcceptFinalReport) })
}
