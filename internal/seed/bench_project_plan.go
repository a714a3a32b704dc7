package seed

import (
	"fmt"
	"time"

	"github.com/samstyr/samstyr/internal/projects"
	"github.com/samstyr/samstyr/internal/store"
)

// The benchmark dataset's project plans (issue 12 item 1): about 2,000
// activities and milestones per N over the projects an earlier part
// wrote (the concept phase's approved directives), each project a chain
// of activities from its approval with a milestone every sixth item,
// about a third slipped, those ended before today done, and the first
// activity of each project after the first waiting for a milestone of
// the project before it (edges only point at older projects: no cycle).
// Without projects it writes nothing.
var _ = addBenchPart(benchPart{name: "project plans", order: 40, estimate: 2 * 2_000, run: benchProjectPlans})

var auditActivityCreate = addAuditKind("activity.create", "activity", func(g *benchGen, e *auditRec) (string, string) {
	return "", js(map[string]any{"id": e.oid, "project_id": e.a, "kind": projects.ActivityKinds[e.b]})
})

var benchActivityNames = []string{"Kartlegging av dagens praksis", "Analyse av behov i kommunene", "Løsningsdesign", "Arkitektur og informasjonsmodell",
	"Anskaffelse", "Utvikling", "Integrasjon med fellestjenester", "Test og kvalitetssikring", "Pilot", "Opplæring", "Innføring", "Gevinstmåling"}

var benchMilestoneNames = []string{"Behov kartlagt", "Løsning valgt", "Kontrakt signert", "Første versjon levert", "Pilot fullført", "I drift"}

func benchProjectPlans(g *benchGen) error {
	// The projects are read back from the transaction once the rows
	// queued so far are written.
	if err := g.pipe.Wait(); err != nil {
		return err
	}
	g.pipe = g.db.NewBulkPipeline(g.ctx)
	ps, err := g.db.FindProjectStarts(g.ctx)
	if err != nil || len(ps) == 0 {
		return err
	}
	per := max(6, g.times(2_000)/len(ps))
	acts := g.bulk("project_activities", "id", "project_id", "kind", "name", "deliverable", "planned_start", "planned_end",
		"forecast_start", "forecast_end", "actual_start", "actual_end", "created_by", "created_at", "updated_at")
	w := &benchPlanWriter{g: g, acts: acts, per: per}
	for _, p := range ps {
		if err := w.project(p); err != nil {
			return err
		}
	}
	if err := acts.close(); err != nil {
		return err
	}
	edges := g.bulk("project_activity_deps", "activity_id", "depends_on_id")
	for _, d := range w.deps {
		if err := edges.add(d[0], d[1]); err != nil {
			return err
		}
	}
	return edges.close()
}

func planMaxTime(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}

// benchPlanWriter writes the projects' plans in turn: ids run on, and
// each project's first activity waits for the previous one's last
// milestone.
type benchPlanWriter struct {
	g             *benchGen
	acts          *benchBulk
	per           int
	id, milestone int64
	deps          [][2]int64
}

// project writes one project's chain of activities.
func (w *benchPlanWriter) project(p store.ProjectStart) error {
	g := w.g
	t := time.Date(p.Start.Year(), p.Start.Month(), p.Start.Day(), 0, 0, 0, 0, time.UTC).AddDate(0, 0, 14)
	if w.milestone != 0 {
		w.deps = append(w.deps, [2]int64{w.id + 1, w.milestone})
	}
	for k := range w.per {
		w.id++
		kind, name := 0, fmt.Sprintf("%s %d", benchActivityNames[k%len(benchActivityNames)], k/len(benchActivityNames)+1)
		start, end := t, t.AddDate(0, 0, 14+g.r.IntN(62))
		if k%6 == 5 {
			kind, name = 1, benchMilestoneNames[(k/6)%len(benchMilestoneNames)]
			start = end
		}
		var fs, fe, as, ae time.Time
		if g.r.IntN(3) == 0 {
			fs, fe = start, end.AddDate(0, 0, 5+g.r.IntN(55))
			if kind == 1 {
				fs = fe
			}
		}
		if last := planMaxTime(end, fe); last.Before(g.today) {
			as, ae = start, last
			if kind == 1 {
				as = ae
			}
		}
		if err := w.acts.add(w.id, p.ID, projects.ActivityKinds[kind], name, "", store.Date(start), store.Date(end), store.Date(fs), store.Date(fe),
			store.Date(as), store.Date(ae), nullInt(p.ManagerID), p.Start, p.Start); err != nil {
			return err
		}
		g.record(p.Start, p.ManagerID, auditActivityCreate, w.id, p.ID, int64(kind))
		if kind == 1 {
			w.milestone = w.id
		}
		if k > 0 {
			w.deps = append(w.deps, [2]int64{w.id, w.id - 1})
		}
		t = planMaxTime(end, fe).AddDate(0, 0, 1)
	}
	return nil
}
