package seed

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/samstyr/samstyr/internal/directives"
	"github.com/samstyr/samstyr/internal/meetings"
	"github.com/samstyr/samstyr/internal/needs"
	"github.com/samstyr/samstyr/internal/policy"
	"github.com/samstyr/samstyr/internal/store"
)

// The concept phase's rows (issue 11): at scale 1 about 60 project ideas,
// 40 directives with 1–4 versions and 30 projects with budget, roles and a
// steering group, scaling with the scale. Ideas are made of the needs
// whose history went into the concept phase (projects of those that went
// on into a project), and cite decisions of the user council and the
// strategic council from the meetings part.
var _ = addBenchPart(benchPart{name: "directives", order: 30, estimate: 60 + 60*2 + 40 + 100 + 30*12, run: benchDirectives})

// bDec is a decision of a held meeting, for the concept phase to cite.
type bDec struct {
	id int64
	at time.Time
}

var (
	auditIdeaCreate = addAuditKind("idea.create", "idea", func(g *benchGen, e *auditRec) (string, string) {
		return "", js(map[string]any{"id": e.oid, "state": directives.IdeaIdea, "needs": e.a})
	})
	auditIdeaMove = addAuditKind("idea.concept", "idea", func(g *benchGen, e *auditRec) (string, string) {
		return js(map[string]any{"state": directives.IdeaIdea}), js(map[string]any{"state": directives.IdeaStates[e.a], "decision_id": e.b})
	})
	auditDirectiveCreate = addAuditKind("directive.create", "directive", func(g *benchGen, e *auditRec) (string, string) {
		return "", js(map[string]any{"id": e.oid, "idea_id": e.a, "state": directives.Draft, "version": 1})
	})
	auditDirectiveVersion = addAuditKind("directive.version.create", "directive", func(g *benchGen, e *auditRec) (string, string) {
		return js(map[string]any{"version": e.a - 1}), js(map[string]any{"version": e.a, "state": directives.Draft})
	})
	auditDirectiveMove = addAuditKind("directive.decision", "directive", func(g *benchGen, e *auditRec) (string, string) {
		return "", js(map[string]any{"state": directives.States[e.a], "decision_id": e.b})
	})
	auditProjectCreate = addAuditKind("project.create", "project", func(g *benchGen, e *auditRec) (string, string) {
		return "", js(map[string]any{"id": e.oid, "state": directives.ProjectPlanning, "directive_id": e.a, "decision_id": e.b})
	})
)

// benchDecisions lists the decisions of held meetings of a kind of body
// on decision cases, in time order.
func benchDecisions(g *benchGen, kind string) []bDec {
	all, _ := g.area["meetings"].([]*bMeeting)
	var out []bDec
	for _, m := range all {
		if !m.held || m.body.kind != kind {
			continue
		}
		for _, c := range m.cases {
			if c.Decision != nil && c.Kind == meetings.KindDecision && len(c.Decision.Effects) == 0 {
				out = append(out, bDec{id: c.Decision.ID, at: c.Decision.DecidedAt})
			}
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].at.Before(out[j].at) })
	return out
}

// decAfter is the first decision at or after t (the last one when none is).
func decAfter(ds []bDec, t time.Time) bDec {
	i := sort.Search(len(ds), func(i int) bool { return !ds[i].at.Before(t) })
	if i == len(ds) {
		i = len(ds) - 1
	}
	return ds[i]
}

// stepAt is when the need moved into state (zero when it never did).
func stepAt(n *bNeed, state string) time.Time {
	for _, s := range n.steps {
		if s.state == state {
			return s.at
		}
	}
	return time.Time{}
}

func benchDirectives(g *benchGen) error {
	uc, sc := benchDecisions(g, policy.BodyUserCouncil), benchDecisions(g, policy.BodyStrategicCouncil)
	if len(uc) == 0 || len(sc) == 0 {
		return nil // no meetings part: nothing to cite
	}
	// The needs that went into a project, and those still in the concept
	// phase, in the order they got there.
	var toProject, inConcept []*bNeed
	for _, n := range benchNeedsOf(g) {
		last := n.steps[len(n.steps)-1].state
		switch {
		case !stepAt(n, needs.InProject).IsZero():
			toProject = append(toProject, n)
		case last == needs.InConcept:
			inConcept = append(inConcept, n)
		}
	}
	byTime := func(ns []*bNeed) {
		sort.SliceStable(ns, func(i, j int) bool { return stepAt(ns[i], needs.InConcept).Before(stepAt(ns[j], needs.InConcept)) })
	}
	byTime(toProject)
	byTime(inConcept)

	w := &benchDirectiveWriter{g: g}
	// Projects: 30 per N, each from 1–3 needs that went into a project.
	nProjects, nOther := g.times(30), g.times(30)
	var pending []*bDirective
	for i := 0; i < nProjects && len(toProject) > 0; i++ {
		k := min(len(toProject), 1+g.r.IntN(3))
		ns := toProject[:k]
		toProject = toProject[k:]
		idea := w.idea(ns, uc)
		d := w.draft(idea, uc)
		rec := decAfter(uc, maxTime(d.created.AddDate(0, 0, 30), stepAt(ns[0], needs.InProject).AddDate(0, 0, -60)))
		appr := decAfter(sc, maxTime(rec.at.AddDate(0, 0, 7), stepAt(ns[0], needs.InProject).AddDate(0, 0, -14)))
		d.recommend(rec)
		d.approve(appr)
		if err := w.project(d, appr); err != nil {
			return err
		}
		pending = append(pending, d)
	}
	// Ideas still in the concept phase: a third with a directive in one of
	// the other states, the rest waiting for the user council or drafting.
	others := []string{directives.Draft, directives.Recommended, directives.Revise, directives.Rejected}
	for i := 0; i < nOther && len(inConcept) > 0; i++ {
		k := min(len(inConcept), 1+g.r.IntN(2))
		ns := inConcept[:k]
		inConcept = inConcept[k:]
		if i%3 != 0 {
			w.idea(ns, nil) // some ideas still wait for the user council
			if i%3 == 1 {
				w.lastIdea.concept(uc)
			}
			continue
		}
		idea := w.idea(ns, uc)
		d := w.draft(idea, uc)
		switch st := others[(i/3)%len(others)]; st {
		case directives.Recommended:
			d.recommend(decAfter(uc, d.created.AddDate(0, 0, 30)))
		case directives.Revise, directives.Rejected:
			rec := decAfter(uc, d.created.AddDate(0, 0, 30))
			d.recommend(rec)
			d.decide(st, decAfter(sc, rec.at.AddDate(0, 0, 7)))
		}
		pending = append(pending, d)
	}
	if err := w.writeIdeas(); err != nil {
		return err
	}
	if err := w.writeProjects(); err != nil {
		return err
	}
	if err := w.writeDirectives(pending); err != nil {
		return err
	}
	if err := g.pipe.Sync(); err != nil {
		return err
	}
	return g.db.LinkProjectsToDirectives(g.ctx)
}

func maxTime(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

type benchDirectiveWriter struct {
	g        *benchGen
	nIdea    int64
	lastIdea *bIdea
	written  []*bIdea
	projects []*bProject
}

// bProject is an approved directive's project with its steering group.
type bProject struct {
	d       *bDirective
	appr    bDec
	name    string
	body    *bBody
	seats   []bTerm
	seatIDs []int64
	roles   []bRole
}

type bRole struct {
	p    *bPerson
	role string
}

type bIdea struct {
	w                *benchDirectiveWriter
	id               int64
	title            string
	needs            []*bNeed
	created          time.Time
	by               *bPerson
	state            string
	conceptDecision  int64
	conceptAt        time.Time
	costNOK, months  int64
	purpose, benefit string
}

type bDirective struct {
	idea                    *bIdea
	id                      int64
	state                   string
	versions                int
	created, updated        time.Time
	recommended, approved   int
	recDec, apprDec, retDec int64
	projectID               int64
	manager, owner          *bPerson
	steering                []*bPerson
	staff                   []*bPerson
	content                 []directives.Content
}

// idea makes an idea of the needs when they went into the concept phase;
// with uc its concept phase starts by the user council's decision.
func (w *benchDirectiveWriter) idea(ns []*bNeed, uc []bDec) *bIdea {
	g := w.g
	w.nIdea++
	at := stepAt(ns[0], needs.InConcept)
	i := &bIdea{w: w, id: w.nIdea, needs: ns, created: at, by: g.member(policy.BodySecretariat, at), state: directives.IdeaIdea,
		title: "Prosjektidé: " + ns[0].title, costNOK: int64(1+g.r.IntN(30)) * 500_000, months: int64(6 + g.r.IntN(30)),
		purpose: benchBenefit(g.r), benefit: benchBenefit(g.r)}
	if len(i.title) > 190 {
		i.title = i.title[:strings.LastIndex(i.title[:190], " ")]
	}
	g.record(at, i.by.id, auditIdeaCreate, i.id, int64(len(ns)), 0)
	if uc != nil {
		i.concept(uc)
	}
	w.lastIdea = i
	w.written = append(w.written, i)
	return i
}

// concept starts the idea's concept phase by the user council's decision.
func (i *bIdea) concept(uc []bDec) {
	d := decAfter(uc, i.created.Add(24*time.Hour))
	i.state, i.conceptDecision, i.conceptAt = directives.IdeaConcept, d.id, d.at
	i.w.g.record(d.at, i.by.id, auditIdeaMove, i.id, 1, d.id)
}

// draft starts the idea's directive in 1–4 versions.
func (w *benchDirectiveWriter) draft(i *bIdea, uc []bDec) *bDirective {
	g := w.g
	at := maxTime(i.conceptAt, i.created).AddDate(0, 0, 7+g.r.IntN(30))
	d := &bDirective{idea: i, id: i.id, state: directives.Draft, versions: 1 + g.r.IntN(4), created: at, updated: at,
		owner: g.personOf(i.needs[0].org, at), manager: g.member(policy.BodySecretariat, at)}
	if d.owner == nil {
		d.owner = d.manager
	}
	for range 2 {
		if p := g.member(policy.BodyUserCouncil, at); p != nil && p.id != d.owner.id {
			d.steering = append(d.steering, p)
		}
	}
	for range 3 {
		if p := g.personOf(g.muni(), at); p != nil {
			d.staff = append(d.staff, p)
		}
	}
	g.record(at, i.by.id, auditDirectiveCreate, d.id, i.id, 0)
	for v := 2; v <= d.versions; v++ {
		d.updated = d.updated.AddDate(0, 0, 3+g.r.IntN(20))
		g.record(d.updated, i.by.id, auditDirectiveVersion, d.id, int64(v), 0)
	}
	y := int64(at.Year() + 1)
	for v := range d.versions {
		total := int64(0)
		var lines []directives.BudgetLine
		for k, src := range []string{"digifin", "ks", "own"} {
			amt := int64(1+g.r.IntN(20)) * 250_000
			lines = append(lines, directives.BudgetLine{Year: y + int64(k%2), Source: src, AmountNOK: amt})
			total += amt
		}
		c := directives.Content{Background: benchProblem(g.r), Purpose: i.purpose,
			Goals: []directives.Goal{{Level: "societal", Text: "Enklere kontakt med kommunen", Indicator: "Andel digitale søknader"},
				{Level: "effect", Text: "Kortere saksbehandlingstid", Indicator: "Median antall dager"},
				{Level: "result", Text: "Tatt i bruk i pilotkommunene", Indicator: "Antall kommuner"}},
			Deliverables: []directives.Deliverable{{Name: "Løsning i pilot", Acceptance: "Tatt i bruk i tre kommuner"}},
			Scope:        "Kommunal saksbehandling.", Start: fmt.Sprintf("%d-01-01", y), End: fmt.Sprintf("%d-12-31", y+1),
			Milestones: []directives.Milestone{{Name: "Pilot", Date: fmt.Sprintf("%d-09-01", y)}},
			Budget:     lines, BudgetTotal: total,
			Waivers: []directives.Waiver{{Role: "citizen_rep", Reason: "Innbyggerne medvirker i brukertester."},
				{Role: "business_rep", Reason: "Høres gjennom referansegruppen."}},
			OwnerID: d.owner.id, ManagerID: d.manager.id, UserCouncilReference: true, Reporting: "monthly",
			Benefits:  []directives.Benefit{{Text: i.benefit, Type: "nok", Owner: "Kommunene"}},
			Standards: []string{}, Tolerances: directives.Tolerances{TimePct: 10, CostPct: float64(5 + v), ScopePct: 10}}
		if s := i.needs[0].standards; s != "" {
			c.Standards = strings.Split(s, "\n")
		}
		for _, p := range d.steering {
			c.SteeringIDs = append(c.SteeringIDs, p.id)
		}
		for k, role := range []string{"process_leader", "architect", "expert", "state_rep"} {
			st := directives.Staff{Role: role, Organisation: "KS", EffortHours: int64(100 * (1 + g.r.IntN(8)))}
			if k < len(d.staff) {
				st.Organisation, st.Name, st.PersonID = d.staff[k].org.name, d.staff[k].name, d.staff[k].id
			}
			c.Staffing = append(c.Staffing, st)
		}
		d.content = append(d.content, c)
	}
	return d
}

func (d *bDirective) recommend(dec bDec) {
	d.recommended, d.recDec, d.state = d.versions, dec.id, directives.Recommended
	d.updated = maxTime(d.updated, dec.at)
	d.idea.w.g.record(dec.at, d.idea.by.id, auditDirectiveMove, d.id, 1, dec.id)
}

func (d *bDirective) approve(dec bDec) {
	d.approved, d.apprDec, d.state = d.recommended, dec.id, directives.Approved
	d.updated = maxTime(d.updated, dec.at)
	d.idea.state = directives.IdeaProject
	d.idea.w.g.record(dec.at, d.idea.by.id, auditDirectiveMove, d.id, 2, dec.id)
}

func (d *bDirective) decide(state string, dec bDec) {
	d.retDec, d.state = dec.id, state
	d.updated = maxTime(d.updated, dec.at)
	idx := map[string]int64{directives.Revise: 3, directives.Rejected: 4}[state]
	d.idea.w.g.record(dec.at, d.idea.by.id, auditDirectiveMove, d.id, idx, dec.id)
}

// project creates the approved directive's project: budget, steering
// group (owner as chair) and roles, all pointing at the approval (the
// rows are written by writeProjects).
func (w *benchDirectiveWriter) project(d *bDirective, appr bDec) error {
	g := w.g
	d.projectID = int64(len(w.projects) + 1)
	at := appr.at
	c := d.content[d.approved-1]
	p := &bProject{d: d, appr: appr, name: strings.TrimPrefix(d.idea.title, "Prosjektidé: ")}
	p.body = &bBody{id: int64(len(g.bodyList) + 1), kind: policy.BodySteeringGroup, slug: fmt.Sprintf("styringsgruppe-prosjekt-%d", d.projectID),
		from: at, to: at.AddDate(3, 0, 0)}
	g.bodyList = append(g.bodyList, p.body)
	g.bodies[p.body.slug] = p.body
	g.record(at, 0, auditBodyCreate, p.body.id, p.body.id-1, 0)
	seat := func(person *bPerson, fn string) {
		g.nextMemb++
		t := bTerm{person: person, body: p.body, function: fn, from: at, to: p.body.to}
		g.terms[p.body.kind] = append(g.terms[p.body.kind], t)
		p.seats, p.seatIDs = append(p.seats, t), append(p.seatIDs, g.nextMemb)
		g.record(at, g.admins[0].id, auditMembership, g.nextMemb, p.body.id, person.id)
	}
	seat(d.owner, policy.FuncChair)
	for _, s := range d.steering {
		seat(s, policy.FuncMember)
	}
	g.record(at, 0, auditProjectCreate, d.projectID, d.id, appr.id)
	seen := map[string]bool{}
	add := func(person *bPerson, role string) {
		if key := fmt.Sprint(person.id, role); !seen[key] {
			seen[key] = true
			p.roles = append(p.roles, bRole{person, role})
		}
	}
	add(d.owner, "owner")
	add(d.manager, "manager")
	for k, s := range d.staff {
		add(s, c.Staffing[k].Role)
	}
	w.projects = append(w.projects, p)
	return nil
}

// writeProjects writes the steering groups, their members, the projects,
// their budgets and roles.
func (w *benchDirectiveWriter) writeProjects() error {
	g := w.g
	bodies := g.bulk("bodies", "id", "kind", "slug", "name_nb", "name_nn", "name_en", "short_name", "mandate", "parent_id",
		"secretariat_id", "active", "decision_id", "created_at", "updated_at")
	for _, p := range w.projects {
		b, at := p.body, p.appr.at
		if err := bodies.add(b.id, b.kind, b.slug, "Styringsgruppe for "+p.name, "Styringsgruppe for "+p.name, "Steering group of "+p.name,
			"", "", nil, nil, true, p.appr.id, at, at); err != nil {
			return err
		}
	}
	if err := bodies.close(); err != nil {
		return err
	}
	members := g.bulk("memberships", "id", "body_id", "person_id", "organisation_id", "function", "sector", "term_from", "term_to",
		"status", "appointed_by", "decision_id", "created_at", "updated_at")
	for _, p := range w.projects {
		for k, t := range p.seats {
			if err := members.add(p.seatIDs[k], p.body.id, t.person.id, t.person.org.id, t.function, "municipal", store.Date(t.from), nil,
				"active", "Vedtak om godkjenning", p.appr.id, t.from, t.from); err != nil {
				return err
			}
		}
	}
	if err := members.close(); err != nil {
		return err
	}
	projects := g.bulk("projects", "id", "name", "state", "idea_id", "decision_id", "steering_body_id", "owner_id", "manager_id",
		"priority", "created_at", "updated_at")
	for _, p := range w.projects {
		d, at := p.d, p.appr.at
		if err := projects.add(d.projectID, p.name, directives.ProjectPlanning, d.idea.id, p.appr.id, p.body.id, d.owner.id, d.manager.id,
			int64(1+g.r.IntN(5)), at, at); err != nil {
			return err
		}
	}
	if err := projects.close(); err != nil {
		return err
	}
	budget := g.bulk("project_budget", "id", "project_id", "year", "source", "amount_nok", "decision_id")
	roles := g.bulk("project_roles", "id", "project_id", "person_id", "role", "term_from", "term_to", "created_at")
	var nb, nr int64
	for _, p := range w.projects {
		for _, l := range p.d.content[p.d.approved-1].Budget {
			nb++
			if err := budget.add(nb, p.d.projectID, l.Year, l.Source, l.AmountNOK, p.appr.id); err != nil {
				return err
			}
		}
		for _, r := range p.roles {
			nr++
			if err := roles.add(nr, p.d.projectID, r.p.id, r.role, store.Date(p.appr.at), nil, p.appr.at); err != nil {
				return err
			}
		}
	}
	if err := budget.close(); err != nil {
		return err
	}
	return roles.close()
}

// writeIdeas writes the ideas in their final state, with their needs.
func (w *benchDirectiveWriter) writeIdeas() error {
	g := w.g
	ideas := g.bulk("project_ideas", "id", "title", "source", "source_decision_id", "purpose", "benefits", "alternatives", "cost_nok",
		"duration_months", "owner", "state", "mandate", "concept_decision_id", "created_by", "created_at", "updated_at")
	for _, i := range w.written {
		mandate := js(directives.Mandate{Background: benchProblem(g.r), Purpose: i.purpose, Organisation: "Sekretariatet leder konseptfasen.",
			Results: "Styringsdokument.", CostNOK: i.costNOK / 20, Time: "4 måneder"})
		if err := ideas.add(i.id, i.title, directives.SourceNeeds, nil, i.purpose, i.benefit, "Videreføre dagens praksis.", i.costNOK,
			i.months, i.needs[0].org.name, i.state, mandate, nullInt(i.conceptDecision), i.by.id, i.created, maxTime(i.created, i.conceptAt)); err != nil {
			return err
		}
	}
	if err := ideas.close(); err != nil {
		return err
	}
	in := g.bulk("project_idea_needs", "idea_id", "need_id")
	for _, i := range w.written {
		for _, n := range i.needs {
			if err := in.add(i.id, n.id); err != nil {
				return err
			}
		}
	}
	return in.close()
}

// writeDirectives writes the directives and their versions.
func (w *benchDirectiveWriter) writeDirectives(ds []*bDirective) error {
	g := w.g
	db := g.bulk("directives", "id", "idea_id", "title", "state", "version", "recommended_version", "approved_version",
		"recommend_decision_id", "approve_decision_id", "return_decision_id", "project_id", "manager_id", "priority", "created_by",
		"created_at", "updated_at")
	vb := g.bulk("directive_versions", "id", "directive_id", "number", "content", "frozen", "created_by", "created_at", "updated_at")
	var nv int64
	for _, d := range ds {
		title := strings.TrimPrefix(d.idea.title, "Prosjektidé: ")
		if err := db.add(d.id, d.idea.id, title, d.state, d.versions, nullInt(int64(d.recommended)), nullInt(int64(d.approved)),
			nullInt(d.recDec), nullInt(d.apprDec), nullInt(d.retDec), nullInt(d.projectID), d.manager.id, 0, d.idea.by.id,
			d.created, d.updated); err != nil {
			return err
		}
		for v, c := range d.content {
			nv++
			frozen := v+1 < d.versions || d.state != directives.Draft
			if err := vb.add(nv, d.id, v+1, js(c), frozen, d.idea.by.id, d.created, d.updated); err != nil {
				return err
			}
		}
	}
	for _, b := range []*benchBulk{db, vb} {
		if err := b.close(); err != nil {
			return err
		}
	}
	return nil
}
