package seed

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/samstyr/samstyr/internal/needs"
	"github.com/samstyr/samstyr/internal/policy"
	"github.com/samstyr/samstyr/internal/store"
)

// The needs area's part of the benchmark dataset: 5,000 needs per N over
// the ten years, each with a history that follows the state machine (the
// older ones mostly far along or closed, the recent ones early), backing by
// municipalities with a long tail (most needs by a handful, a few by
// hundreds), half-yearly prioritisation rounds with about 20,000
// assessments per N (each an assessor's scores of every criterion) and
// the frozen results of the closed rounds, ranked by needs.Rank as the
// service does.

var _ = addBenchPart(benchPart{name: "needs", order: 20, estimate: 5000 * 44, run: benchNeeds})

type bNeed struct {
	id                         int64
	title, problem, benefit    string
	org                        *bOrg
	submitter                  *bPerson
	area, source, urgency      string
	size                       string
	affected                   []string
	hours, nok                 int64
	deadline                   time.Time
	standards, components      string
	created, submitted, closed time.Time
	target                     string
	steps                      []bStep
	round                      *bRound // the round it was assessed in
	mergedInto                 int64
	uaAt                       time.Time
	backings                   []*bBacking
	movedOut                   []*bBacking // backings moved to another need by a merge
	attachment                 bool
}

// bStep is one state of a need's history: the move into it.
type bStep struct {
	state       string
	at          time.Time
	actor       *bPerson
	comment     string
	reason      string
	reviewDate  time.Time
	bodyID      int64
	decisionID  int64
	decisionRef string
	into        int64
}

type bBacking struct {
	id          int64
	need        *bNeed
	org         *bOrg
	person      *bPerson
	comment     string
	at          time.Time
	withdrawn   time.Time
	byPerson    bool // withdrawn by the organisation (not by a merge)
	movedFrom   int64
	movedAt     time.Time
	originalFor *bNeed
}

// bRound is a half-yearly prioritisation round.
type bRound struct {
	id            int64
	name          string
	open, close   time.Time // close is zero while it is open
	opener        *bPerson
	closer        *bPerson
	needs         []*bNeed
	scoresByNeeds map[int64][]needs.Score
}

var (
	auditNeedCreate = addAuditKind("need.create", "need", func(g *benchGen, e *auditRec) (string, string) {
		n := benchNeedsOf(g)[e.a]
		return "", js(map[string]any{"id": n.id, "title": n.title, "state": needs.Draft, "organisation_id": n.org.id, "area": n.area})
	})
	auditNeedMove = addAuditKind("need.transition", "need", func(g *benchGen, e *auditRec) (string, string) {
		return js(map[string]any{"state": needs.States[e.a]}), js(map[string]any{"need_id": e.oid, "from": needs.States[e.a], "to": needs.States[e.b]})
	})
	auditNeedMerge = addAuditKind("need.merge", "need", func(g *benchGen, e *auditRec) (string, string) {
		return "", js(map[string]any{"into": e.a, "backings_moved": e.b})
	})
	auditNeedBack = addAuditKind("need.back", "need", func(g *benchGen, e *auditRec) (string, string) {
		return "", js(map[string]any{"need_id": e.oid, "organisation_id": e.a, "person_id": e.b})
	})
	auditNeedUnback = addAuditKind("need.unback", "need", func(g *benchGen, e *auditRec) (string, string) {
		return js(map[string]any{"need_id": e.oid, "organisation_id": e.a, "person_id": e.b}), ""
	})
	auditNeedAttach = addAuditKind("need.attach", "need", func(g *benchGen, e *auditRec) (string, string) {
		return "", js(map[string]any{"need_id": e.oid, "name": fmt.Sprintf("vedlegg-%d.pdf", e.oid), "content_type": needs.TypePDF})
	})
	auditRoundOpen = addAuditKind("round.open", "round", func(g *benchGen, e *auditRec) (string, string) {
		return "", js(map[string]any{"id": e.oid, "method_id": 1, "needs": e.a})
	})
	auditRoundScore = addAuditKind("round.score", "round", func(g *benchGen, e *auditRec) (string, string) {
		return "", js(map[string]any{"need_id": e.a, "assessor_id": e.b})
	})
	auditRoundClose = addAuditKind("round.close", "round", func(g *benchGen, e *auditRec) (string, string) {
		return "", js(map[string]any{"id": e.oid, "state": needs.RoundClosed, "results": e.a})
	})
)

// benchNeedsOf returns the needs generated, kept for the audit payloads.
func benchNeedsOf(g *benchGen) []*bNeed { return g.area["needs"].([]*bNeed) }

// needTargets are the states needs are headed for, with weights; needs
// submitted lately stop earlier on the way, at today.
var needTargets = []struct {
	state  string
	weight int
}{
	{needs.Draft, 2}, {needs.Returned, 3}, {needs.Rejected, 9}, {needs.Withdrawn, 8}, {needs.Merged, 6}, {needs.Assessed, 5},
	{needs.Parked, 10}, {needs.Prioritised, 9}, {needs.InConcept, 6}, {needs.InProject, 9}, {needs.Resolved, 33},
}

func benchNeeds(g *benchGen) error {
	if err := g.pipe.Sync(); err != nil {
		return err
	}
	method, err := g.db.FindMethodByID(g.ctx, 1)
	if err != nil {
		return err
	}
	rounds := g.benchRounds()
	list := g.makeNeeds(rounds)
	g.area["needs"] = list
	g.backNeeds(list)
	g.mergeNeeds(list)
	g.dedupeBackings(list)
	if err := g.writeNeeds(list); err != nil {
		return err
	}
	return g.writeRounds(method, rounds)
}

// benchRounds schedules the half-yearly rounds: opened in spring and
// autumn, closed six weeks later; the last may still be open.
func (g *benchGen) benchRounds() []*bRound {
	var rs []*bRound
	for k := 0; ; k++ {
		open := g.start.AddDate(0, 5+6*k, 0)
		if open.After(g.today.AddDate(0, 0, -7)) {
			break
		}
		r := &bRound{id: int64(k + 1), open: open, scoresByNeeds: map[int64][]needs.Score{}}
		season := "vår"
		if open.Month() > 6 {
			season = "høst"
		}
		r.name = fmt.Sprintf("Prioriteringsrunde %s %d", season, open.Year())
		if c := open.AddDate(0, 0, 42); c.Before(g.today) {
			r.close = c
		}
		rs = append(rs, r)
	}
	return rs
}

// makeNeeds makes the needs in order of creation, each with its history.
func (g *benchGen) makeNeeds(rounds []*bRound) []*bNeed {
	n := g.times(5000)
	span := g.today.Sub(g.start) - 48*time.Hour
	times := make([]time.Time, n)
	for i := range times {
		// More needs each year, as the programme grows.
		times[i] = g.start.Add(time.Duration(math.Sqrt(g.r.Float64()) * float64(span))).Truncate(time.Second)
	}
	slices.SortFunc(times, func(a, b time.Time) int { return a.Compare(b) })
	var cum []int
	total := 0
	for _, t := range needTargets {
		total += t.weight
		cum = append(cum, total)
	}
	agencies := g.orgOfKind(policy.OrgStateAgency)
	list := make([]*bNeed, n)
	for i, t := range times {
		o := g.muni()
		if x := g.r.IntN(100); x < 8 {
			o = pick(g.r, agencies)
		} else if x < 10 {
			o = pick(g.r, g.orgOfKind(policy.OrgCounty))
		}
		if len(g.byOrg[o.id]) == 0 { // a small dataset has no one there
			o = g.muni()
		}
		nd := &bNeed{id: int64(i + 1), org: o, submitter: g.personOf(o, t), created: t, title: benchTitle(g.r), problem: benchProblem(g.r),
			benefit: benchBenefit(g.r), area: pick(g.r, needs.Areas), source: pick(g.r, needs.Sources), urgency: pick(g.r, needs.Urgencies),
			size: pick(g.r, needs.Sizes)}
		if nd.submitter.joined.After(t) {
			nd.created = nd.submitter.joined
		}
		for _, a := range needs.AffectedGroups {
			if g.r.IntN(3) == 0 || (a == "case_officers" && len(nd.affected) == 0) {
				nd.affected = append(nd.affected, a)
			}
		}
		if g.r.IntN(3) == 0 {
			nd.hours = int64(50 + g.r.IntN(20000))
		}
		if g.r.IntN(4) == 0 {
			nd.nok = int64(100_000 + g.r.IntN(20_000_000))
		}
		if g.r.IntN(10) == 0 {
			nd.deadline = nd.created.AddDate(1+g.r.IntN(3), g.r.IntN(12), 0).Truncate(24 * time.Hour)
		}
		if g.r.IntN(3) == 0 {
			nd.standards = pick(g.r, []string{"SOSI", "NPS", "GeoIntegrasjon", "Fiks", "ByggSøk-XML"})
		}
		if g.r.IntN(3) == 0 {
			nd.components = pick(g.r, benchSystems)
		}
		nd.attachment = g.r.IntN(50) == 0
		x := g.r.IntN(total)
		nd.target = needTargets[sort.SearchInts(cum, x+1)].state
		g.history(nd, rounds)
		list[i] = nd
	}
	return list
}

// history builds the need's path through the state machine towards its
// target, stopping at today.
func (g *benchGen) history(n *bNeed, rounds []*bRound) {
	t := n.created
	n.steps = []bStep{{state: needs.Draft, at: t, actor: n.submitter}}
	if n.target == needs.Draft {
		return
	}
	var path []string
	switch n.target {
	case needs.Returned, needs.Rejected:
		path = []string{needs.Submitted, needs.InTriage, n.target}
	case needs.Withdrawn, needs.Merged:
		full := []string{needs.Submitted, needs.InTriage, needs.UnderAssessment, needs.Assessed, needs.Parked}
		path = append(full[:1+g.r.IntN(len(full))], n.target)
	default:
		full := []string{needs.Submitted, needs.InTriage, needs.UnderAssessment, needs.Assessed, needs.Prioritised, needs.InConcept, needs.InProject, needs.Resolved}
		if n.target == needs.Parked {
			full = []string{needs.Submitted, needs.InTriage, needs.UnderAssessment, needs.Assessed, needs.Parked}
		}
		path = full[:slices.Index(full, n.target)+1]
	}
	for _, state := range path {
		s := bStep{state: state}
		sec := func(at time.Time) *bPerson { return g.member(policy.BodySecretariat, at) }
		switch state {
		case needs.Submitted:
			t = t.Add(g.days(0, 14))
			s.actor, s.comment = n.submitter, "-"
		case needs.InTriage:
			t = t.Add(g.days(3, 60))
			s.actor, s.comment = sec(t), "Tatt til vurdering i sekretariatet."
		case needs.Returned:
			t = t.Add(g.days(5, 40))
			s.actor, s.comment = sec(t), "Behovet må beskrives nærmere før det kan vurderes."
		case needs.Rejected:
			t = t.Add(g.days(5, 40))
			s.actor, s.comment, s.reason = sec(t), "Avvist etter triage.", "Ligger utenfor programmets mandat."
		case needs.UnderAssessment:
			t = t.Add(g.days(7, 90))
			s.actor, s.comment = sec(t), "Tas med i neste prioriteringsrunde."
			n.uaAt = t
		case needs.Assessed:
			r := roundAfter(rounds, n.uaAt)
			if r == nil {
				return
			}
			r.needs = append(r.needs, n)
			if r.close.IsZero() {
				return // the round is still open
			}
			t = r.close.Add(g.days(1, 6))
			s.actor, s.comment = sec(t), "Vurdert i "+r.name+"."
			n.round = r
		case needs.Prioritised, needs.Parked:
			// By the user council's priority decision after the round.
			d := g.roundDecision(n.round)
			if d == nil {
				return
			}
			t = d.at.Add(time.Minute)
			s.actor, s.bodyID, s.decisionID, s.decisionRef = g.member(policy.BodyUserCouncil, t), d.bodyID, d.id, d.ref
			s.comment = "Prioritert av Brukerrådet i sak " + d.ref + "."
			if state == needs.Parked {
				s.comment, s.reviewDate, s.bodyID, s.decisionID, s.decisionRef = "Parkert til neste runde.", t.Add(g.days(180, 540)).Truncate(24*time.Hour), 0, 0, ""
			}
		case needs.InConcept:
			t = t.Add(g.days(30, 180))
			s.actor, s.comment = sec(t), "Konseptfase startet."
		case needs.InProject:
			t = t.Add(g.days(60, 300))
			s.actor, s.comment = sec(t), "Prosjekt etablert."
		case needs.Resolved:
			t = t.Add(g.days(180, 900))
			s.actor, s.comment = sec(t), "Løst gjennom prosjektet."
		case needs.Withdrawn:
			t = t.Add(g.days(10, 200))
			s.actor, s.comment = n.submitter, "Trukket av kommunen."
		case needs.Merged:
			t = t.Add(g.days(10, 200))
			s.actor, s.comment = sec(t), "Slått sammen med et likt behov."
		}
		if !t.Before(g.today) {
			return
		}
		s.at = t
		n.steps = append(n.steps, s)
		if state == needs.Submitted {
			n.submitted = t
		}
		if !needs.IsOpen(state) {
			n.closed = t
		}
	}
}

// roundDecision is the user council's priority decision after the round
// (from the meetings part), or nil when there is none by today. Without
// the meetings part, a decision reference is made up.
func (g *benchGen) roundDecision(r *bRound) *bDecisionRef {
	ds, ok := g.area["roundDecisions"].(map[int64]*bDecisionRef)
	if !ok {
		at := r.close.Add(g.days(14, 60))
		return &bDecisionRef{bodyID: g.bodies["brukerradet"].id, ref: fmt.Sprintf("%d/%02d", 1+g.r.IntN(30), at.Year()%100), at: at}
	}
	if d := ds[r.id]; d != nil && d.at.Before(g.today) {
		return d
	}
	return nil
}

// roundAfter is the first round opened at or after t.
func roundAfter(rounds []*bRound, t time.Time) *bRound {
	for _, r := range rounds {
		if !r.open.Before(t) {
			return r
		}
	}
	return nil
}

// state returns the need's state at t ("" before it was made).
func (n *bNeed) state(t time.Time) string {
	s := ""
	for _, st := range n.steps {
		if st.at.After(t) {
			break
		}
		s = st.state
	}
	return s
}

func (n *bNeed) last() *bStep { return &n.steps[len(n.steps)-1] }

// backNeeds gives every submitted need its backing: the submitting
// organisation at once, then a long tail of others (the number drawn from
// a Pareto distribution: most needs get a handful, a few hundreds).
func (g *benchGen) backNeeds(list []*bNeed) {
	for _, n := range list {
		if n.submitted.IsZero() {
			continue
		}
		end := g.today
		if !n.closed.IsZero() {
			end = n.closed
		}
		have := map[int64]bool{n.org.id: true}
		n.backings = append(n.backings, &bBacking{need: n, org: n.org, person: n.submitter, at: n.submitted})
		k := int(1 / math.Pow(1-g.r.Float64(), 1/1.15))
		k = min(k, len(g.munis)+len(g.others)-1)
		for tries := 0; len(have) < k && tries < 4*k+20; tries++ {
			o := g.muni()
			if k > 60 {
				o = g.munis[g.r.IntN(len(g.munis))] // the widely backed: every kind of municipality
			}
			if g.r.IntN(12) == 0 {
				o = pick(g.r, g.others)
			}
			if have[o.id] {
				continue
			}
			at := n.submitted.Add(time.Duration(math.Pow(g.r.Float64(), 2) * float64(end.Sub(n.submitted))))
			p := g.personOf(o, at)
			if p == nil {
				continue
			}
			have[o.id] = true
			b := &bBacking{need: n, org: o, person: p, at: at.Truncate(time.Second), comment: pick(g.r, benchComments)}
			if g.r.IntN(33) == 0 {
				b.withdrawn, b.byPerson = g.between(b.at, end), true
			}
			n.backings = append(n.backings, b)
		}
	}
}

// mergeNeeds finds, for each merged need, an older need that was open
// then, and moves its backings there as the service does (those of
// organisations already backing the kept need are withdrawn instead). A
// need without such a partner is withdrawn instead.
func (g *benchGen) mergeNeeds(list []*bNeed) {
	for i, n := range list {
		st := n.last()
		if st.state != needs.Merged {
			continue
		}
		var kept *bNeed
		for range 40 {
			if i == 0 {
				break
			}
			c := list[g.r.IntN(i)]
			if c.target != needs.Merged && c.target != needs.Withdrawn && c.target != needs.Rejected {
				if s := c.state(st.at); s != "" && s != needs.Draft && needs.IsOpen(s) && !c.submitted.IsZero() {
					kept = c
					break
				}
			}
		}
		if kept == nil {
			st.state, st.actor, st.comment = needs.Withdrawn, n.submitter, "Trukket av kommunen."
			continue
		}
		st.into, n.mergedInto = kept.id, kept.id
		backs := map[int64]bool{}
		for _, b := range kept.backings {
			if b.effective().After(st.at) || (!b.withdrawn.IsZero() && !b.withdrawn.After(st.at)) {
				continue
			}
			backs[b.org.id] = true
		}
		var keep []*bBacking
		for _, b := range n.backings {
			active := !b.at.After(st.at) && (b.withdrawn.IsZero() || b.withdrawn.After(st.at))
			if active && !backs[b.org.id] {
				b.movedFrom, b.movedAt, b.originalFor, b.need = n.id, st.at, n, kept
				kept.backings = append(kept.backings, b)
				n.movedOut = append(n.movedOut, b)
				continue
			}
			if active {
				b.withdrawn, b.byPerson = st.at, false
			}
			keep = append(keep, b)
		}
		n.backings = keep
	}
}

// effective is when a backing came to its need: when it was made, or when
// a merge moved it there.
func (b *bBacking) effective() time.Time {
	if b.originalFor != nil {
		return b.movedAt
	}
	return b.at
}

// dedupeBackings keeps one current backing per organisation and need, as
// the service does: going through each need's backings in time order, a
// backing made while the organisation already backed the need is dropped
// (the service refuses it), and one a merge would have brought is left
// withdrawn on the merged need (as MoveBackings does).
func (g *benchGen) dedupeBackings(list []*bNeed) {
	byID := map[int64]*bNeed{}
	for _, n := range list {
		byID[n.id] = n
	}
	for _, n := range list {
		bs := slices.Clone(n.backings)
		sort.SliceStable(bs, func(i, j int) bool { return bs[i].effective().Before(bs[j].effective()) })
		activeUntil := map[int64]time.Time{} // org → end of its current backing (zero: still backing)
		var keep []*bBacking
		for _, b := range bs {
			t := b.effective()
			if until, ok := activeUntil[b.org.id]; ok && (until.IsZero() || until.After(t)) {
				if b.originalFor != nil {
					from := b.originalFor
					b.need, b.withdrawn, b.byPerson, b.movedFrom, b.originalFor = from, b.movedAt, false, 0, nil
					from.backings = append(from.backings, b)
					from.movedOut = slices.DeleteFunc(from.movedOut, func(x *bBacking) bool { return x == b })
				}
				continue
			}
			activeUntil[b.org.id] = b.withdrawn
			keep = append(keep, b)
		}
		n.backings = keep
	}
}

// writeNeeds writes the needs, their search rows, histories, backings and
// attachments, and queues their audit events and notifications.
func (g *benchGen) writeNeeds(list []*bNeed) error {
	nb := g.bulk("needs", "id", "title", "problem", "affected", "area", "source", "benefit", "hours_saved", "nok_saved", "urgency",
		"legal_deadline", "standards", "components", "size", "org_id", "contact_id", "submitter_id", "state", "merged_into", "review_date",
		"body_id", "decision_id", "decision_ref", "submitted_at", "created_at", "updated_at")
	var fts *benchBulk
	if g.db.Dialect() == store.SQLite {
		fts = g.bulk("needs_fts", "rowid", "title", "problem", "benefit")
	}
	var events []*bStep
	var eventNeed []*bNeed
	var backings []*bBacking
	for i, n := range list {
		st := n.last()
		var review time.Time
		var body, decision int64
		var ref string
		for _, s := range n.steps {
			switch s.state {
			case needs.Parked:
				review = s.reviewDate
			case needs.Prioritised:
				body, decision, ref, review = s.bodyID, s.decisionID, s.decisionRef, time.Time{}
			}
		}
		if st.state != needs.Parked {
			review = time.Time{}
		}
		if err := nb.add(n.id, n.title, n.problem, strings.Join(n.affected, ","), n.area, n.source, n.benefit, nullInt(n.hours), nullInt(n.nok),
			n.urgency, store.Date(n.deadline), n.standards, n.components, n.size, n.org.id, nil, n.submitter.id, st.state, nullInt(n.mergedInto),
			store.Date(review), nullInt(body), nullInt(decision), ref, n.submitted, n.created, st.at); err != nil {
			return err
		}
		if fts != nil {
			if err := fts.add(n.id, n.title, n.problem, n.benefit); err != nil {
				return err
			}
		}
		g.record(n.created, n.submitter.id, auditNeedCreate, n.id, int64(i), 0)
		for j := range n.steps {
			s := &n.steps[j]
			events, eventNeed = append(events, s), append(eventNeed, n)
			if j == 0 {
				continue
			}
			from := slices.Index(needs.States, n.steps[j-1].state)
			g.record(s.at, s.actor.id, auditNeedMove, n.id, int64(from), int64(slices.Index(needs.States, s.state)))
			if s.state == needs.Merged {
				g.record(s.at, s.actor.id, auditNeedMerge, n.id, s.into, 0)
			}
			if s.actor.id != n.submitter.id {
				g.notes = append(g.notes, bNote{person: n.submitter.id, kind: "need.state", subject: "needs.notify.subject." + s.state,
					body: "needs.notify.body." + s.state, args: js(map[string]any{"title": n.title, "id": n.id}),
					link: fmt.Sprintf("/needs/%d", n.id), objType: "need", objID: n.id, at: s.at})
			}
		}
	}
	for _, n := range list {
		backings = append(backings, n.backings...)
	}
	if err := nb.close(); err != nil {
		return err
	}
	if fts != nil {
		if err := fts.close(); err != nil {
			return err
		}
	}
	if err := g.writeNeedEvents(events, eventNeed); err != nil {
		return err
	}
	if err := g.writeBackings(backings); err != nil {
		return err
	}
	return g.writeAttachments(list)
}

func nullInt(n int64) any {
	if n == 0 {
		return nil
	}
	return n
}

func (g *benchGen) writeNeedEvents(events []*bStep, owner []*bNeed) error {
	idx := make([]int, len(events))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool { return events[idx[a]].at.Before(events[idx[b]].at) })
	eb := g.bulk("need_events", "id", "need_id", "from_state", "to_state", "actor_id", "comment", "reason", "review_date", "body_id",
		"decision_id", "decision_ref", "merged_into", "at")
	for id, i := range idx {
		s, n := events[i], owner[i]
		from := ""
		for j := range n.steps {
			if &n.steps[j] == s && j > 0 {
				from = n.steps[j-1].state
			}
		}
		comment := s.comment
		if s.state == needs.Draft {
			comment = ""
		}
		if err := eb.add(int64(id+1), n.id, from, s.state, s.actor.id, comment, s.reason, store.Date(s.reviewDate), nullInt(s.bodyID), nullInt(s.decisionID),
			s.decisionRef, nullInt(s.into), s.at); err != nil {
			return err
		}
	}
	return eb.close()
}

func (g *benchGen) writeBackings(backings []*bBacking) error {
	sort.SliceStable(backings, func(i, j int) bool { return backings[i].at.Before(backings[j].at) })
	bb := g.bulk("need_backings", "id", "need_id", "org_id", "person_id", "comment", "moved_from", "created_at", "withdrawn_at", "withdrawn_by")
	for i, b := range backings {
		b.id = int64(i + 1)
		var by any
		if b.byPerson {
			by = b.person.id
		}
		if err := bb.add(b.id, b.need.id, b.org.id, b.person.id, b.comment, nullInt(b.movedFrom), b.at, b.withdrawn, by); err != nil {
			return err
		}
		original := b.need
		if b.originalFor != nil {
			original = b.originalFor
		}
		g.record(b.at, b.person.id, auditNeedBack, original.id, b.org.id, b.person.id)
		if b.byPerson {
			g.record(b.withdrawn, b.person.id, auditNeedUnback, original.id, b.org.id, b.person.id)
		}
	}
	return bb.close()
}

// benchPDF is a small valid PDF for the attachments.
var benchPDF = []byte("%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj " +
	"3 0 obj<</Type/Page/MediaBox[0 0 595 842]/Parent 2 0 R>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n")

func (g *benchGen) writeAttachments(list []*bNeed) error {
	ab := g.bulk("need_attachments", "id", "need_id", "name", "content_type", "size", "data", "uploaded_by", "created_at")
	id := int64(0)
	for _, n := range list {
		if !n.attachment {
			continue
		}
		id++
		if err := ab.add(id, n.id, fmt.Sprintf("vedlegg-%d.pdf", n.id), needs.TypePDF, len(benchPDF), benchPDF, n.submitter.id, n.created); err != nil {
			return err
		}
		g.record(n.created, n.submitter.id, auditNeedAttach, n.id, 0, 0)
	}
	return ab.close()
}

// writeRounds writes the rounds with their needs, the assessors' scores
// (every criterion of the method) and, for closed rounds, the ranked
// results from needs.Rank with the backing as it was at the close.
func (g *benchGen) writeRounds(m *needs.Method, rounds []*bRound) error {
	rb := g.bulk("rounds", "id", "name", "method_id", "state", "opened_by", "opened_at", "closed_by", "closed_at")
	nb := g.bulk("round_needs", "round_id", "need_id")
	sb := g.bulk("round_scores", "id", "round_id", "need_id", "assessor_id", "criterion", "score", "rationale", "submitted_at")
	res := g.bulk("round_results", "round_id", "need_id", "rank", "score", "spread", "score_range", "assessors", "mandatory", "backing_score",
		"not_assessed")
	for _, r := range rounds {
		r.opener = g.member(policy.BodySecretariat, r.open)
		state := needs.RoundClosed
		var closer any
		if r.close.IsZero() {
			state = needs.RoundOpen
		} else {
			r.closer = g.member(policy.BodySecretariat, r.close)
			closer = r.closer.id
		}
		if err := rb.add(r.id, r.name, m.ID, state, r.opener.id, r.open, closer, r.close); err != nil {
			return err
		}
		g.record(r.open, r.opener.id, auditRoundOpen, r.id, int64(len(r.needs)), 0)
	}
	if err := rb.close(); err != nil { // the rounds before the rows that refer to them
		return err
	}
	scoreID := int64(0)
	criteria := slices.Clone(m.Criteria)
	slices.SortFunc(criteria, func(a, b needs.Criterion) int { return strings.Compare(a.Key, b.Key) })
	for _, r := range rounds {
		end := r.close
		if end.IsZero() {
			end = g.today
		}
		council := g.members(policy.BodyUserCouncil, r.open)
		var ids []int64
		var scores []needs.Score
		for _, n := range r.needs {
			ids = append(ids, n.id)
			if err := nb.add(r.id, n.id); err != nil {
				return err
			}
			quality := 1 + 4*g.r.Float64()
			assessors := slices.Clone(council)
			g.r.Shuffle(len(assessors), func(i, j int) { assessors[i], assessors[j] = assessors[j], assessors[i] })
			assessors = assessors[:min(len(assessors), 4+g.r.IntN(4))]
			// In the order of the table's unique key, so its index grows at
			// the end.
			slices.SortFunc(assessors, func(a, b *bPerson) int { return cmp.Compare(a.id, b.id) })
			for _, a := range assessors {
				at := g.between(r.open, end)
				if r.close.IsZero() && g.r.IntN(5) < 2 {
					continue // not scored yet in the open round
				}
				for _, c := range criteria {
					v := int64(math.Round(quality + g.r.NormFloat64()*0.8))
					v = max(c.Min, min(c.Max, v))
					scoreID++
					rat := pick(g.r, benchRationales)
					if err := sb.add(scoreID, r.id, n.id, a.id, c.Key, v, rat, at); err != nil {
						return err
					}
					scores = append(scores, needs.Score{RoundID: r.id, NeedID: n.id, AssessorID: a.id, Criterion: c.Key, Value: v})
				}
				g.record(at, a.id, auditRoundScore, r.id, n.id, a.id)
			}
		}
		if r.close.IsZero() {
			continue
		}
		results := needs.Rank(m, ids, scores, g.backingFacts(r.needs, r.close))
		for _, x := range results {
			if err := res.add(r.id, x.NeedID, x.Rank, x.Score, x.Spread, x.Range, x.Assessors, x.Mandatory, x.Backing, x.NotAssessed); err != nil {
				return err
			}
		}
		g.record(r.close, r.closer.id, auditRoundClose, r.id, int64(len(results)), 0)
	}
	for _, b := range []*benchBulk{nb, sb, res} {
		if err := b.close(); err != nil {
			return err
		}
	}
	return nil
}

// backingFacts are the needs' backing at time t: the municipalities and
// their share of the population of every municipality.
func (g *benchGen) backingFacts(list []*bNeed, t time.Time) map[int64]needs.BackingFacts {
	out := map[int64]needs.BackingFacts{}
	for _, n := range list {
		var munis, pop int64
		count := func(b *bBacking) {
			if b.org.kind == policy.OrgMunicipality && !b.at.After(t) && (b.withdrawn.IsZero() || b.withdrawn.After(t)) {
				munis++
				pop += b.org.population
			}
		}
		for _, b := range n.backings {
			if b.originalFor == nil || !b.movedAt.After(t) { // moved here by a merge: counts from then on
				count(b)
			}
		}
		for _, b := range n.movedOut {
			if b.movedAt.After(t) { // still here at t
				count(b)
			}
		}
		out[n.id] = needs.BackingFacts{Share: float64(pop) / float64(g.muniPop), Municipalities: munis}
	}
	return out
}
