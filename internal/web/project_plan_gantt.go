package web

import (
	"fmt"
	"strings"
	"time"

	"github.com/samstyr/samstyr/internal/i18n"
	"github.com/samstyr/samstyr/internal/projects"
)

// ganttChart is a server-side SVG Gantt chart of a project plan: per
// activity a thin bar for the planned period and a thick one for the
// expected period (actual, else forecast, else planned); a milestone is
// a diamond. Slipped items are hatched and carry a "!" marker beside
// the bar, so they are not told by colour alone. Today is a dashed line.
// The page shows the same data as a table.
type ganttChart struct {
	Width, Height int
	Left, Right   int
	Top, Bottom   int
	Rows          []ganttRow
	Ticks         []chartTick
	TodayX        float64
	TodayLabel    string
}

type ganttRow struct {
	Y         float64 // top of the row
	Name      string
	Milestone bool
	PlanX     float64
	PlanW     float64
	CurX      float64
	CurW      float64
	Slipped   bool
	Done      bool
	Label     string // the row's text alternative (name, dates, state)
}

const (
	ganttW, ganttLabel, ganttRight = 1000, 320, 980
	ganttRowH, ganttTop            = 26, 36
)

func newGantt(pl *projects.Plan, today time.Time, p *i18n.Printer) *ganttChart {
	if len(pl.Activities) == 0 {
		return nil
	}
	today = today.In(i18n.Oslo())
	today = time.Date(today.Year(), today.Month(), today.Day(), 0, 0, 0, 0, time.UTC)
	from, to := pl.Span(today)
	from = time.Date(from.Year(), from.Month(), 1, 0, 0, 0, 0, time.UTC)
	to = time.Date(to.Year(), to.Month()+1, 1, 0, 0, 0, 0, time.UTC)
	days := to.Sub(from).Hours() / 24
	x := func(t time.Time) float64 {
		return ganttLabel + t.Sub(from).Hours()/24/days*(ganttRight-ganttLabel)
	}
	c := &ganttChart{Width: ganttW, Left: ganttLabel, Right: ganttRight, Top: ganttTop,
		TodayX: x(today), TodayLabel: today.Format(projects.PlanDateLayout)}
	c.Bottom = ganttTop + len(pl.Activities)*ganttRowH
	c.Height = c.Bottom + 10
	months := int(days / 30)
	step := 1
	switch {
	case months > 60:
		step = 12
	case months > 24:
		step = 3
	case months > 12:
		step = 2
	}
	for m := from; m.Before(to); m = m.AddDate(0, step, 0) {
		c.Ticks = append(c.Ticks, chartTick{Pos: x(m), Label: m.Format("2006-01")})
	}
	for i, a := range pl.Activities {
		ps, pe := ganttDate(a.PlannedStart), ganttDate(a.PlannedEnd)
		r := ganttRow{Y: float64(ganttTop + i*ganttRowH), Name: ganttName(a.Name), Milestone: a.Kind == projects.KindMilestone,
			Slipped: a.Slipped(), Done: a.Done()}
		r.PlanX, r.PlanW = x(ps), x(pe.AddDate(0, 0, 1))-x(ps)
		r.CurX, r.CurW = x(a.Start()), x(a.End().AddDate(0, 0, 1))-x(a.Start())
		if r.Milestone {
			r.CurX = x(a.End())
		}
		state := p.T("plan.status.on_plan")
		switch {
		case r.Done:
			state = p.T("plan.status.done")
		case r.Slipped:
			state = p.T("plan.status.slipped", "days", fmt.Sprint(a.SlipDays()))
		}
		r.Label = fmt.Sprintf("%s: %s – %s (%s)", a.Name, a.Start().Format(projects.PlanDateLayout), a.End().Format(projects.PlanDateLayout), state)
		c.Rows = append(c.Rows, r)
	}
	return c
}

func ganttDate(s string) time.Time {
	t, _ := time.Parse(projects.PlanDateLayout, s)
	return t
}

// ganttName shortens a long name to fit the chart's label column (the
// table beside the chart has it whole).
func ganttName(s string) string {
	const most = 40
	if r := []rune(s); len(r) > most {
		return strings.TrimSpace(string(r[:most-1])) + "…"
	}
	return s
}
