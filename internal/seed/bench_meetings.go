package seed

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/samstyr/samstyr/internal/governance"
	"github.com/samstyr/samstyr/internal/i18n"
	"github.com/samstyr/samstyr/internal/meetings"
	"github.com/samstyr/samstyr/internal/policy"
	"github.com/samstyr/samstyr/internal/store"
)

// The meetings area's part of the benchmark dataset: every body meets on
// its own rhythm through its ten years (the working committee monthly, the
// user council six times a year, the main board twice …), each meeting
// with its standing items and cases numbered per body and year from the
// case counter, decisions, attendance of the members of the time, minutes
// approved at the next meeting and frozen as the service freezes them, and
// follow-up actions. After every closed prioritisation round the user
// council decides the priorities; the needs part moves the needs by those
// decisions.

var _ = addBenchPart(benchPart{name: "meetings", order: 10, estimate: 14_000, run: benchMeetings})

// perYear is how often each kind of body meets.
var perYear = map[string]int{policy.BodyMainBoard: 2, policy.BodyStrategicCouncil: 4, policy.BodyWorkingCommittee: 10,
	policy.BodyUserCouncil: 6, policy.BodyUserForum: 1, policy.BodyWorkingGroup: 6, policy.BodySteeringGroup: 6}

type bMeeting struct {
	m       meetings.Meeting
	body    *bBody
	cases   []*meetings.Case
	att     []*meetings.Attendee
	minutes *meetings.Minutes
	actions []*meetings.Action
	held    bool
}

// bDecisionRef is a priority decision the needs part moves needs by.
type bDecisionRef struct {
	id, bodyID int64
	ref        string
	at         time.Time
}

var (
	auditMeetingCreate = addAuditKind("meeting.create", "meeting", func(g *benchGen, e *auditRec) (string, string) {
		return "", js(map[string]any{"id": e.oid, "body_id": e.a, "state": meetings.MeetingPlanned})
	})
	auditCaseCreate = addAuditKind("case.create", "case", func(g *benchGen, e *auditRec) (string, string) {
		return "", js(map[string]any{"id": e.oid, "body_id": e.a, "number": governance.CaseNumber(int(e.b>>16), int(e.b&0xffff))})
	})
	auditDecision = addAuditKind("decision.create", "decision", func(g *benchGen, e *auditRec) (string, string) {
		return "", js(map[string]any{"id": e.oid, "case_id": e.a, "meeting_id": e.b})
	})
	auditMeetingState = addAuditKind("meeting.update", "meeting", func(g *benchGen, e *auditRec) (string, string) {
		return "", js(map[string]any{"id": e.oid, "state": []string{meetings.MeetingNoticePublished, meetings.MeetingHeld, meetings.MeetingCancelled}[e.a]})
	})
	auditMinutesApprove = addAuditKind("minutes.approve", "minutes", func(g *benchGen, e *auditRec) (string, string) {
		return "", js(map[string]any{"meeting_id": e.oid, "state": meetings.MinutesApproved, "approval_decision_id": e.a})
	})
	auditActionCreate = addAuditKind("action.create", "action", func(g *benchGen, e *auditRec) (string, string) {
		return "", js(map[string]any{"id": e.oid, "decision_id": e.a, "owner_id": e.b})
	})
)

var benchCaseTitles = []string{"Orientering om status i %s", "Prioritering av tiltak for %s", "Oppnevning av referansegruppe for %s",
	"Budsjett for arbeidet med %s", "Høringsuttalelse om %s", "Veikart for %s", "Mandat for konseptfase om %s",
	"Evaluering av pilot for %s", "Gevinstrealisering for %s", "Samarbeid med staten om %s"}

func benchMeetings(g *benchGen) error {
	oslo := i18n.Oslo()
	rounds := g.benchRounds()
	var all []*bMeeting
	for _, b := range g.bodyList {
		n := perYear[b.kind]
		if n == 0 {
			continue
		}
		end := b.to
		if limit := g.today.AddDate(0, 2, 0); end.After(limit) {
			end = limit
		}
		for y := b.from.Year(); y <= end.Year(); y++ {
			for i := range n {
				month := time.Month(1 + (i*12+6)/n)
				day := 5 + g.r.IntN(20)
				start := time.Date(y, month, day, 10, 0, 0, 0, oslo)
				for start.Weekday() == time.Saturday || start.Weekday() == time.Sunday {
					start = start.AddDate(0, 0, 1)
				}
				if start.Before(b.from) || start.After(end) {
					continue
				}
				all = append(all, &bMeeting{body: b, m: meetings.Meeting{BodyID: b.id, StartsAt: start.UTC(), EndsAt: start.Add(3 * time.Hour).UTC(),
					Place: pick(g.r, []string{"KS-huset, Haakon VIIs gate 9, Oslo", "Teams", "Bergen rådhus", "Trondheim, Erling Skakkes gate 14", "Kartverket, Hønefoss"})}})
			}
		}
	}
	sort.SliceStable(all, func(i, j int) bool { return all[i].m.StartsAt.Before(all[j].m.StartsAt) })
	// The priority decision of each closed round: at the first user
	// council meeting a week or more after the round closed.
	priority := map[*bMeeting]int64{}
	decisions := map[int64]*bDecisionRef{}
	for _, r := range rounds {
		if r.close.IsZero() {
			continue
		}
		for _, m := range all {
			if m.body.kind == policy.BodyUserCouncil && m.m.StartsAt.After(r.close.AddDate(0, 0, 7)) {
				if _, taken := priority[m]; !taken {
					priority[m] = r.id
				}
				break
			}
		}
	}
	ids := struct{ meeting, cases, decision, attendance, action int64 }{}
	counters := map[[2]int64]int{}
	last := map[int64]*bMeeting{} // the body's previous meeting
	for _, m := range all {
		ids.meeting++
		m.m.ID = ids.meeting
		start := m.m.StartsAt
		created := start.AddDate(0, 0, -30-g.r.IntN(30))
		creator := g.member(policy.BodySecretariat, created)
		m.m.CreatedBy, m.m.CreatedAt, m.m.UpdatedAt, m.m.State = creator.id, created, created, meetings.MeetingPlanned
		m.m.NoticeText = "Velkommen til møte. Saksdokumentene ligger under hver sak."
		g.record(created, creator.id, auditMeetingCreate, m.m.ID, m.body.id, 0)
		newCase := func(c *meetings.Case, at time.Time) {
			ids.cases++
			key := [2]int64{m.body.id, int64(c.Year)}
			counters[key]++
			c.ID, c.BodyID, c.Seq, c.MeetingID, c.CreatedBy, c.CreatedAt, c.UpdatedAt = ids.cases, m.body.id, counters[key], m.m.ID, creator.id, at, at
			c.Number = governance.CaseNumber(c.Seq, c.Year)
			m.cases = append(m.cases, c)
			g.record(at, creator.id, auditCaseCreate, c.ID, m.body.id, int64(c.Seq)<<16|int64(c.Year))
		}
		year := start.In(oslo).Year()
		newCase(&meetings.Case{Year: year, Kind: meetings.KindStanding, Standing: "notice_agenda", Title: "Godkjenning av innkalling og saksliste", AgendaOrder: 1}, created)
		if prev := last[m.body.id]; prev != nil {
			newCase(&meetings.Case{Year: year, Kind: meetings.KindStanding, Standing: "previous_minutes", MinutesMeetingID: prev.m.ID,
				Title: "Godkjenning av referat fra forrige møte", AgendaOrder: 2}, created)
		}
		last[m.body.id] = m
		if _, ok := priority[m]; ok {
			newCase(&meetings.Case{Year: created.In(oslo).Year(), Kind: meetings.KindDecision, Title: "Prioritering av innmeldte behov",
				Presenter: "Programleder", Background: "Arbeidsutvalget har vurdert behovene etter metoden, og resultatet av prioriteringsrunden foreligger.",
				ProposedDecision: "Brukerrådet prioriterer behovene etter rangeringen fra prioriteringsrunden.", AgendaOrder: len(m.cases) + 1}, created.Add(time.Hour))
		}
		for range 1 + g.r.IntN(4) {
			kind := pick(g.r, []string{meetings.KindDecision, meetings.KindDecision, meetings.KindDiscussion, meetings.KindInformation})
			topic := pickSkewed(g.r, benchObjects)
			c := &meetings.Case{Year: created.In(oslo).Year(), Kind: kind, Title: fmt.Sprintf(pick(g.r, benchCaseTitles), topic),
				Presenter: benchName(g.r), Background: benchProblem(g.r), AgendaOrder: len(m.cases) + 1}
			if kind == meetings.KindDecision {
				c.Assessment = benchBenefit(g.r)
				c.ProposedDecision = "Saken tas til orientering, og sekretariatet følger opp som foreslått."
			}
			newCase(c, created.Add(time.Duration(g.r.IntN(20*24))*time.Hour))
		}
		g.meetingLife(m, &ids.decision, &ids.attendance, &ids.action, priority, decisions)
	}
	g.area["roundDecisions"] = decisions
	g.area["meetings"] = all // the concept phase cites their decisions (bench_directives.go)
	g.approveMinutes(all)
	return g.writeMeetings(all, counters)
}

// meetingLife moves a meeting through its states by today: notice
// published three weeks before, held on the day (or cancelled), its cases
// handled with decisions and attendance taken.
func (g *benchGen) meetingLife(m *bMeeting, decisionID, attendanceID, actionID *int64, priority map[*bMeeting]int64, decisions map[int64]*bDecisionRef) {
	start := m.m.StartsAt
	secretary := g.member(policy.BodySecretariat, start)
	if notice := start.AddDate(0, 0, -21); notice.Before(g.today) {
		m.m.State, m.m.PublishedAt, m.m.Sequence, m.m.UpdatedAt = meetings.MeetingNoticePublished, notice, 1, notice
		g.record(notice, secretary.id, auditMeetingState, m.m.ID, 0, 0)
		for _, c := range m.cases {
			c.State = meetings.CaseOnAgenda
		}
	} else {
		for _, c := range m.cases {
			c.State = meetings.CasePrepared
			if c.Kind == meetings.KindStanding {
				c.State = meetings.CaseOnAgenda
			}
		}
		return
	}
	if !start.Before(g.today) {
		return
	}
	if g.r.IntN(40) == 0 {
		m.m.State, m.m.CancelledAt, m.m.CancelReason, m.m.UpdatedAt = meetings.MeetingCancelled, start.AddDate(0, 0, -3), "For få medlemmer kunne møte.", start.AddDate(0, 0, -3)
		g.record(m.m.CancelledAt, secretary.id, auditMeetingState, m.m.ID, 2, 0)
		for _, c := range m.cases {
			c.State = meetings.CaseDeferred
		}
		return
	}
	m.held = true
	m.m.State, m.m.UpdatedAt = meetings.MeetingHeld, start.Add(3*time.Hour)
	g.record(m.m.UpdatedAt, secretary.id, auditMeetingState, m.m.ID, 1, 0)
	members := map[int64]bool{}
	for _, t := range g.terms[m.body.kind] {
		if t.body == m.body && !start.Before(t.from) && start.Before(t.to) && !members[t.person.id] {
			members[t.person.id] = true
			kind := "present"
			switch x := g.r.IntN(100); {
			case t.function == policy.FuncObserver:
				kind = "observer"
			case x < 8:
				kind = "absent_notice"
			case x < 11:
				kind = "absent"
			}
			*attendanceID++
			m.att = append(m.att, &meetings.Attendee{ID: *attendanceID, MeetingID: m.m.ID, Kind: kind, PersonID: t.person.id, Name: t.person.name,
				Organisation: t.person.org.name, CreatedAt: start})
		}
	}
	if secretary != nil && !members[secretary.id] {
		*attendanceID++
		m.att = append(m.att, &meetings.Attendee{ID: *attendanceID, MeetingID: m.m.ID, Kind: "secretariat", PersonID: secretary.id, Name: secretary.name,
			Organisation: secretary.org.name, CreatedAt: start})
	}
	decidedAt := start.Add(time.Hour)
	notes := map[int64]string{}
	for _, c := range m.cases {
		c.State = meetings.CaseHandled
		var d *meetings.Decision
		switch {
		case c.Standing == "notice_agenda":
			d = &meetings.Decision{Kind: "approval", Text: "Innkalling og saksliste godkjennes."}
		case c.Standing == "previous_minutes":
			d = &meetings.Decision{Kind: "approval", Text: "Referatet fra forrige møte godkjennes."}
		case c.Kind == meetings.KindDecision:
			d = &meetings.Decision{Kind: pick(g.r, []string{"approval", "advice", "budget", "appointment"}), Text: c.ProposedDecision}
			if _, ok := priority[m]; ok && strings.HasPrefix(c.Title, "Prioritering av innmeldte") {
				d.Kind, d.Effects = "priority", []string{meetings.EffectPrioritiseNeeds}
			}
			notes[c.ID] = "Saken ble lagt fram og drøftet. " + pick(g.r, benchRationales)
		default:
			notes[c.ID] = "Rådet tok orienteringen til etterretning."
		}
		if d == nil {
			continue
		}
		*decisionID++
		d.ID, d.CaseID, d.CaseNumber, d.MeetingID, d.BodyID, d.DecidedAt, d.CreatedBy, d.CreatedAt = *decisionID, c.ID, c.Number, m.m.ID, m.body.id, decidedAt, secretary.id, decidedAt
		d.Unanimous = g.r.IntN(10) > 0
		if !d.Unanimous {
			d.VotesFor, d.VotesAgainst, d.Dissent = 5+g.r.IntN(4), 1+g.r.IntN(2), "Et mindretall ønsket saken utredet videre."
		}
		if d.Effects == nil {
			d.Effects = []string{}
		}
		d.Disqualified = []meetings.Disqualified{}
		c.Decision = d
		if r, ok := priority[m]; ok && d.Kind == "priority" {
			decisions[r] = &bDecisionRef{id: d.ID, bodyID: m.body.id, ref: c.Number, at: d.DecidedAt}
		}
		g.record(decidedAt, secretary.id, auditDecision, d.ID, c.ID, m.m.ID)
		if c.Kind == meetings.KindDecision && g.r.IntN(3) == 0 {
			*actionID++
			x := &meetings.Action{ID: *actionID, DecisionID: d.ID, BodyID: m.body.id, CaseID: c.ID, CaseNumber: c.Number, MeetingID: m.m.ID,
				Title: "Følge opp vedtaket i sak " + c.Number, OwnerID: secretary.id, OwnerName: secretary.name,
				Deadline: start.AddDate(0, 0, 30+g.r.IntN(60)).Truncate(24 * time.Hour), State: meetings.ActionOpen, CreatedBy: secretary.id,
				CreatedAt: decidedAt, UpdatedAt: decidedAt}
			if x.Deadline.Before(g.today.AddDate(0, 0, -14)) && g.r.IntN(10) > 0 {
				x.State, x.DoneAt, x.UpdatedAt = meetings.ActionDone, x.Deadline.Add(-time.Duration(g.r.IntN(10*24))*time.Hour), x.Deadline
			}
			m.actions = append(m.actions, x)
			g.record(decidedAt, secretary.id, auditActionCreate, x.ID, d.ID, secretary.id)
		}
	}
	m.minutes = &meetings.Minutes{MeetingID: m.m.ID, Intro: "Leder ønsket velkommen. Møtet var vedtaksført.", State: meetings.MinutesDraft,
		Notes: notes, CreatedAt: start.Add(24 * time.Hour), UpdatedAt: start.Add(24 * time.Hour)}
}

// approveMinutes approves each held meeting's minutes by the decision on
// the standing item of the body's next held meeting, as the service does.
func (g *benchGen) approveMinutes(all []*bMeeting) {
	byID := map[int64]*bMeeting{}
	for _, m := range all {
		byID[m.m.ID] = m
	}
	for _, m := range all {
		if !m.held {
			continue
		}
		for _, c := range m.cases {
			prev := byID[c.MinutesMeetingID]
			if c.Standing != "previous_minutes" || c.Decision == nil || prev == nil || prev.minutes == nil {
				continue
			}
			min := prev.minutes
			min.State, min.ApprovedAt, min.ApprovalDecisionID, min.UpdatedAt = meetings.MinutesApproved, c.Decision.DecidedAt, c.Decision.ID, c.Decision.DecidedAt
			prev.m.State, prev.m.UpdatedAt = meetings.MeetingMinutesApproved, c.Decision.DecidedAt
			g.record(c.Decision.DecidedAt, c.Decision.CreatedBy, auditMinutesApprove, prev.m.ID, c.Decision.ID, 0)
		}
	}
}

// writeMeetings writes the meetings and everything in them, parents before
// the rows that refer to them; approved minutes are written as drafts with
// their notes, then approved (the database freezes approved minutes).
func (g *benchGen) writeMeetings(all []*bMeeting, counters map[[2]int64]int) error {
	mb := g.bulk("meetings", "id", "body_id", "title", "starts_at", "ends_at", "place", "video_url", "notice_text", "state", "sequence",
		"published_at", "cancelled_at", "cancel_reason", "created_by", "created_at", "updated_at")
	for _, m := range all {
		x := &m.m
		if err := mb.add(x.ID, x.BodyID, x.Title, x.StartsAt, x.EndsAt, x.Place, x.VideoURL, x.NoticeText, x.State, x.Sequence, x.PublishedAt,
			x.CancelledAt, x.CancelReason, x.CreatedBy, x.CreatedAt, x.UpdatedAt); err != nil {
			return err
		}
	}
	if err := mb.close(); err != nil {
		return err
	}
	cc := g.bulk("case_counters", "body_id", "year", "last_number")
	keys := make([][2]int64, 0, len(counters))
	for k := range counters {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		return keys[i][0] < keys[j][0] || keys[i][0] == keys[j][0] && keys[i][1] < keys[j][1]
	})
	for _, k := range keys {
		if err := cc.add(k[0], k[1], counters[k]); err != nil {
			return err
		}
	}
	cb := g.bulk("cases", "id", "body_id", "year", "number", "meeting_id", "agenda_order", "kind", "standing", "minutes_meeting_id", "title",
		"presenter_id", "presenter", "background", "assessment", "consequences", "proposed_decision", "exempt", "legal_basis", "public_title",
		"state", "created_by", "created_at", "updated_at")
	for _, m := range all {
		for _, c := range m.cases {
			if err := cb.add(c.ID, c.BodyID, c.Year, c.Seq, c.MeetingID, c.AgendaOrder, c.Kind, c.Standing, nullInt(c.MinutesMeetingID), c.Title,
				nil, c.Presenter, c.Background, c.Assessment, c.Consequences, c.ProposedDecision, false, "", "", c.State, c.CreatedBy,
				c.CreatedAt, c.CreatedAt); err != nil {
				return err
			}
		}
	}
	for _, b := range []*benchBulk{cc, cb} {
		if err := b.close(); err != nil {
			return err
		}
	}
	db := g.bulk("decisions", "id", "case_id", "meeting_id", "body_id", "kind", "text", "unanimous", "votes_for", "votes_against",
		"votes_abstain", "dissent", "effects", "decided_at", "created_by", "created_at")
	ab := g.bulk("attendance", "id", "meeting_id", "kind", "person_id", "name", "organisation", "for_person_id", "case_id", "created_at")
	lb := g.bulk("case_links", "id", "case_id", "item_type", "item_id")
	var linkID int64
	decisions := g.area["roundDecisions"].(map[int64]*bDecisionRef)
	byDecision := map[int64]int64{}
	for r, d := range decisions {
		byDecision[d.id] = r
	}
	for _, m := range all {
		for _, c := range m.cases {
			d := c.Decision
			if d == nil {
				continue
			}
			if err := db.add(d.ID, c.ID, d.MeetingID, d.BodyID, d.Kind, d.Text, d.Unanimous, d.VotesFor, d.VotesAgainst, d.VotesAbstain, d.Dissent,
				strings.Join(d.Effects, ","), d.DecidedAt, d.CreatedBy, d.CreatedAt); err != nil {
				return err
			}
			if r, ok := byDecision[d.ID]; ok {
				linkID++
				c.Links = []meetings.Link{{ItemType: "prioritisation_round", ItemID: r}}
				if err := lb.add(linkID, c.ID, "prioritisation_round", r); err != nil {
					return err
				}
			}
		}
		for _, t := range m.att {
			if err := ab.add(t.ID, t.MeetingID, t.Kind, t.PersonID, "", "", nil, nil, t.CreatedAt); err != nil {
				return err
			}
		}
	}
	for _, b := range []*benchBulk{db, ab, lb} {
		if err := b.close(); err != nil {
			return err
		}
	}
	return g.writeMinutes(all)
}

func (g *benchGen) writeMinutes(all []*bMeeting) error {
	xb := g.bulk("actions", "id", "decision_id", "body_id", "title", "owner_id", "deadline", "state", "done_at", "reminded_on", "created_by", "created_at", "updated_at")
	nb := g.bulk("minutes", "meeting_id", "intro", "state", "approved_at", "approval_decision_id", "circulation_date", "circulation_note", "frozen", "created_at", "updated_at")
	for _, m := range all {
		for _, x := range m.actions {
			if err := xb.add(x.ID, x.DecisionID, x.BodyID, x.Title, x.OwnerID, store.Date(x.Deadline), x.State, x.DoneAt, nil, x.CreatedBy, x.CreatedAt, x.UpdatedAt); err != nil {
				return err
			}
		}
		if m.minutes != nil {
			if err := nb.add(m.m.ID, m.minutes.Intro, meetings.MinutesDraft, nil, nil, nil, "", "", m.minutes.CreatedAt, m.minutes.CreatedAt); err != nil {
				return err
			}
		}
	}
	for _, b := range []*benchBulk{xb, nb} {
		if err := b.close(); err != nil {
			return err
		}
	}
	notes := g.bulk("minutes_notes", "meeting_id", "case_id", "note")
	for _, m := range all {
		if m.minutes == nil {
			continue
		}
		ids := make([]int64, 0, len(m.minutes.Notes))
		for id := range m.minutes.Notes {
			ids = append(ids, id)
		}
		sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] })
		for _, id := range ids {
			if err := notes.add(m.m.ID, id, m.minutes.Notes[id]); err != nil {
				return err
			}
		}
	}
	if err := notes.close(); err != nil {
		return err
	}
	// Approve: the frozen content is the document as the service composes it.
	if err := g.pipe.Sync(); err != nil {
		return err
	}
	for _, m := range all {
		min := m.minutes
		if min == nil || min.State != meetings.MinutesApproved {
			continue
		}
		for _, c := range m.cases {
			c.MeetingStart, c.BodyName = m.m.StartsAt, ""
			if c.Links == nil {
				c.Links = []meetings.Link{}
			}
			c.Attachments = []*meetings.Attachment{}
		}
		doc := meetings.Document{Meeting: &m.m, Cases: m.cases, Attendance: m.att, Minutes: min, Actions: m.actions}
		if doc.Actions == nil {
			doc.Actions = []*meetings.Action{}
		}
		frozen, err := json.Marshal(doc)
		if err != nil {
			return err
		}
		if err := g.db.ApproveMinutesForLoad(g.ctx, m.m.ID, min.ApprovedAt, min.ApprovalDecisionID, frozen); err != nil {
			return err
		}
	}
	return nil
}
