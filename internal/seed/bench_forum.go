package seed

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/samstyr/samstyr/internal/forum"
	"github.com/samstyr/samstyr/internal/i18n"
)

// The forum's part of the benchmark dataset: a Brukerforum every autumn of
// the ten years with its adopted programme and the registrations of about
// a fifth of the municipalities (one voting representative each), 3,000
// inputs per scale with supports and answers, and an election every other
// year (five), closed, with its roll, candidates, one ballot per
// municipality that voted (receipts computed as the service computes them)
// and its result. Memberships from the elections are not written.

var _ = addBenchPart(benchPart{name: "forum", order: 30, estimate: 3_000*3 + 10*200 + 5*150, run: benchForum})

var (
	auditForumCreate = addAuditKind("forum.create", "forum", func(g *benchGen, e *auditRec) (string, string) {
		return "", js(map[string]any{"id": e.oid})
	})
	auditInputCreate = addAuditKind("input.create", "input", func(g *benchGen, e *auditRec) (string, string) {
		return "", js(map[string]any{"id": e.oid, "author_id": e.a})
	})
	auditElectionClose = addAuditKind("election.close", "election", func(g *benchGen, e *auditRec) (string, string) {
		return "", js(map[string]any{"id": e.oid, "voted": e.a})
	})
)

var benchInputTopics = []string{"Byggesak", "Plandialog", "Matrikkel", "Geodata", "Arkiv", "Innsyn", "Opplæring", "Veikartet"}

func benchForum(g *benchGen) error {
	oslo := i18n.Oslo()
	fb := g.bulk("forums", "id", "year", "title", "starts_at", "ends_at", "place", "video_url", "description", "programme", "adopted_by", "created_at", "updated_at")
	sb := g.bulk("forum_sessions", "id", "forum_id", "starts_at", "title", "speakers")
	rb := g.bulk("forum_registrations", "id", "forum_id", "person_id", "org_id", "role", "created_at")
	eb := g.bulk("elections", "id", "forum_id", "body_id", "title", "seats", "deputies", "term_from", "term_to", "rule", "balance", "state",
		"closes_at", "ballots_hash", "result", "created_at", "updated_at")
	rollb := g.bulk("election_roll", "election_id", "org_id")
	votedb := g.bulk("election_voted", "election_id", "org_id")
	ballotb := g.bulk("election_ballots", "id", "election_id", "choices", "receipt")
	candb := g.bulk("election_candidates", "id", "election_id", "person_id", "org_id", "sector", "gender", "nominator_id", "consent", "motivation", "created_at")
	uc := g.bodies["brukerradet"]
	var regID, sessID, candID, elID int64
	type held struct {
		id    int64
		start time.Time
		regs  []*bPerson
	}
	var forums []held
	for y := g.start.Year() + 1; y <= g.today.Year(); y++ {
		start := time.Date(y, 10, 10+g.r.IntN(10), 9, 0, 0, 0, oslo).UTC()
		if start.After(g.today) {
			break
		}
		id := int64(len(forums) + 1)
		created := start.AddDate(0, -4, 0)
		secretary := g.member("secretariat", created)
		if err := fb.add(id, y, fmt.Sprintf("Brukerforum %d", y), start, start.Add(7*time.Hour), "Gardermoen", "", "Det årlige Brukerforum.",
			forum.ProgrammeAdopted, g.member("user_council", created).id, created, created.AddDate(0, 1, 0)); err != nil {
			return err
		}
		// The forum reaches the database before any batch of its sessions
		// or registrations can (the writers flush on their own when full).
		if err := fb.b.Flush(); err != nil {
			return err
		}
		g.record(created, secretary.id, auditForumCreate, id, 0, 0)
		for i, t := range []string{"Velkommen og status", "Erfaringer fra kommunene", "Innspill til veikartet", "Valg og avslutning"} {
			sessID++
			if err := sb.add(sessID, id, start.Add(time.Duration(i*90)*time.Minute), t, ""); err != nil {
				return err
			}
		}
		h := held{id: id, start: start}
		for _, o := range g.munis {
			if g.r.IntN(5) != 0 {
				continue
			}
			for i := range 1 + g.r.IntN(2) {
				p := g.personOf(o, start)
				if p == nil || (i > 0 && p == h.regs[len(h.regs)-1]) {
					continue
				}
				role := forum.RoleObserver
				if i == 0 {
					role = forum.RoleVoting
					h.regs = append(h.regs, p)
				}
				regID++
				if err := rb.add(regID, id, p.id, o.id, role, g.between(created, start)); err != nil {
					return err
				}
			}
		}
		forums = append(forums, h)
	}
	// Five elections, every other forum from the second.
	for i := 1; i < len(forums) && elID < 5; i += 2 {
		f := forums[i]
		elID++
		e := forum.Election{ID: elID, Seats: 5, Deputies: 3, Rule: forum.RuleMajority, Balance: forum.Balance{GenderLaw: true, MinCounties: 3}}
		var cands []*forum.Candidate
		// The election's rows are added after the election itself (below):
		// the writers flush on their own, and a row must not reach the
		// database before the election it refers to.
		var later []laterRow
		for k := range 10 {
			p := pick(g.r, f.regs)
			candID++
			c := &forum.Candidate{ID: candID, PersonID: p.id, OrgID: p.org.id, PersonName: p.name, County: p.org.county, Population: p.org.population,
				Sector: "municipal", Gender: forum.Genders[k%2]}
			dup := false
			for _, o := range cands {
				dup = dup || o.PersonID == p.id
			}
			if dup {
				candID--
				continue
			}
			cands = append(cands, c)
			later = append(later, laterRow{candb, []any{c.ID, elID, c.PersonID, c.OrgID, c.Sector, c.Gender, g.member("secretariat", f.start).id, true, "", f.start.AddDate(0, -1, 0)}})
		}
		var ballots []forum.Ballot
		for _, p := range f.regs {
			later = append(later, laterRow{rollb, []any{elID, p.org.id}})
			if g.r.IntN(10) == 0 {
				continue
			}
			later = append(later, laterRow{votedb, []any{elID, p.org.id}})
			var choices []int64
			for _, c := range cands {
				if len(choices) < e.Seats && g.r.IntN(3) == 0 {
					choices = append(choices, c.ID)
				}
			}
			if len(choices) == 0 {
				choices = []int64{cands[0].ID}
			}
			b := forum.Ballot{ID: fmt.Sprintf("%016x%016x", g.r.Uint64(), g.r.Uint64()), Choices: choices}
			b.Receipt = forum.Receipt(elID, b.ID, choices)
			ballots = append(ballots, b)
		}
		forum.SortBallots(ballots)
		for _, b := range ballots {
			ch, _ := json.Marshal(b.Choices)
			later = append(later, laterRow{ballotb, []any{b.ID, elID, string(ch[1 : len(ch)-1]), b.Receipt}})
		}
		ids := make([]int64, len(cands))
		for k, c := range cands {
			ids[k] = c.ID
		}
		res := forum.Result{Tally: forum.Tally(ids, ballots), Voted: len(ballots), Roll: len(f.regs)}
		res.Elected, res.Deputies, res.Tie = forum.Split(res.Tally, e.Seats, e.Deputies)
		res.Breaches = forum.CheckBalance(e.Balance, pickCands(cands, res.Elected), pickCands(cands, res.Deputies))
		balance, _ := json.Marshal(e.Balance)
		result, _ := json.Marshal(res)
		y := f.start.Year()
		closed := f.start.Add(6 * time.Hour)
		if err := eb.add(elID, f.id, uc.id, fmt.Sprintf("Valg til Brukerrådet %d–%d", y+1, y+2), e.Seats, e.Deputies,
			time.Date(y+1, 1, 1, 0, 0, 0, 0, time.UTC).Format(time.DateOnly), time.Date(y+2, 12, 31, 0, 0, 0, 0, time.UTC).Format(time.DateOnly),
			e.Rule, string(balance), forum.StateClosed, nil, forum.BallotsHash(elID, ballots), string(result), f.start.AddDate(0, -2, 0), closed); err != nil {
			return err
		}
		g.record(closed, g.member("secretariat", closed).id, auditElectionClose, elID, int64(len(ballots)), 0)
		if err := eb.b.Flush(); err != nil {
			return err
		}
		// Table by table, each flushed before the next: a vote refers to
		// the roll, and a ballot to its election's candidates.
		for _, bb := range []*benchBulk{candb, rollb, votedb, ballotb} {
			for _, r := range later {
				if r.b != bb {
					continue
				}
				if err := r.b.add(r.vals...); err != nil {
					return err
				}
			}
			if err := bb.b.Flush(); err != nil {
				return err
			}
		}
	}
	for _, b := range []*benchBulk{fb, sb, rb, eb, rollb, votedb, ballotb, candb} {
		if err := b.close(); err != nil {
			return err
		}
	}
	return benchInputs(g, forums[0].start, len(forums))
}

func pickCands(cands []*forum.Candidate, ids []int64) []*forum.Candidate {
	var out []*forum.Candidate
	for _, id := range ids {
		for _, c := range cands {
			if c.ID == id {
				out = append(out, c)
			}
		}
	}
	return out
}

// benchInputs writes 3,000 inputs per scale through the ten years, a third
// about needs, with supports and (for most older ones) answers.
func benchInputs(g *benchGen, first time.Time, nForums int) error {
	ib := g.bulk("forum_inputs", "id", "forum_id", "subject", "need_id", "topic", "title", "body", "author_id", "org_id", "group_label",
		"answer", "outcome", "answered_by", "answered_at", "created_at", "updated_at")
	// Supports are written after the inputs: the bulk writers flush on
	// their own, and a support must not reach the database before its input.
	type support struct{ input, person int64 }
	var supports []support
	var ns []*bNeed
	if list, ok := g.area["needs"].([]*bNeed); ok {
		ns = list
	}
	n := g.times(3000)
	for id := int64(1); id <= int64(n); id++ {
		at := g.between(g.start, g.today)
		o := g.muni()
		p := g.personOf(o, at)
		if p == nil {
			p = g.admins[0]
			o = p.org
		}
		subject, topic := forum.SubjectTopic, pick(g.r, benchInputTopics)
		var needID any
		switch {
		case len(ns) > 0 && g.r.IntN(3) == 0:
			subject, topic, needID = forum.SubjectNeed, "", pick(g.r, ns).id
		case g.r.IntN(4) == 0:
			subject, topic = forum.SubjectRoadmap, ""
		}
		var forumID any
		if y := at.Year() - first.Year(); y >= 0 && y < nForums && g.r.IntN(2) == 0 {
			forumID = int64(y + 1)
		}
		group, answer, outcome, answeredBy, answeredAt := "", "", "", any(nil), any(nil)
		if at.Before(g.today.AddDate(0, -2, 0)) && g.r.IntN(5) != 0 {
			t := at.Add(g.days(7, 60))
			group, outcome = pick(g.r, benchInputTopics), pick(g.r, forum.Outcomes)
			answer, answeredBy, answeredAt = "Sekretariatet har vurdert innspillet.", g.member("secretariat", t).id, t
		}
		orgID := any(nil)
		if o != nil {
			orgID = o.id
		}
		if err := ib.add(id, forumID, subject, needID, topic, fmt.Sprintf("Innspill om %s", pick(g.r, benchInputTopics)),
			"Vi ber programmet se på dette.", p.id, orgID, group, answer, outcome, answeredBy, answeredAt, at, at); err != nil {
			return err
		}
		g.record(at, p.id, auditInputCreate, id, p.id, 0)
		seen := map[int64]bool{p.id: true}
		for range g.r.IntN(4) {
			q := g.personOf(g.muni(), at)
			if q == nil || seen[q.id] {
				continue
			}
			seen[q.id] = true
			supports = append(supports, support{id, q.id})
		}
	}
	if err := ib.close(); err != nil {
		return err
	}
	supb := g.bulk("forum_input_supports", "input_id", "person_id")
	for _, x := range supports {
		if err := supb.add(x.input, x.person); err != nil {
			return err
		}
	}
	return supb.close()
}

// laterRow is a row held back until the row it refers to is written.
type laterRow struct {
	b    *benchBulk
	vals []any
}
