package needs_test

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/samstyr/samstyr/internal/auth"
	"github.com/samstyr/samstyr/internal/errs"
	"github.com/samstyr/samstyr/internal/governance"
	"github.com/samstyr/samstyr/internal/meetings"
	"github.com/samstyr/samstyr/internal/needs"
	"github.com/samstyr/samstyr/internal/notify"
	"github.com/samstyr/samstyr/internal/org"
	"github.com/samstyr/samstyr/internal/policy"
	"github.com/samstyr/samstyr/internal/store"
	"github.com/samstyr/samstyr/internal/testutil"
)

// fixture is a database with organisations, bodies and one actor per role.
type fixture struct {
	t      *testing.T
	db     *store.DB
	svc    *needs.Service
	notes  *recorder
	orgs   map[string]*org.Organisation
	bodies map[string]*governance.Body
	actors map[string]*policy.Actor
}

// recorder is a Notifier that keeps what it was told.
type recorder struct {
	mu      sync.Mutex
	notices []sent
}

type sent struct {
	to []int64
	n  notify.Notice
}

func (r *recorder) Notify(_ context.Context, to []int64, n notify.Notice) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.notices = append(r.notices, sent{to, n})
	return nil
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	ctx := context.Background()
	db := testutil.NewDB(t)
	f := &fixture{t: t, db: db, svc: needs.NewService(db), notes: &recorder{}, orgs: map[string]*org.Organisation{},
		bodies: map[string]*governance.Body{}, actors: map[string]*policy.Actor{}}
	f.svc.Notifier = f.notes
	f.svc.Decisions = db
	for key, o := range map[string]*org.Organisation{
		"oslo":     {Kind: "municipality", Name: "Oslo", MunicipalityNumber: "0301", CountyNumber: "03", CountyName: "Oslo", Population: 700000},
		"bergen":   {Kind: "municipality", Name: "Bergen", MunicipalityNumber: "4601", CountyNumber: "46", CountyName: "Vestland", Population: 290000},
		"voss":     {Kind: "municipality", Name: "Voss", MunicipalityNumber: "4621", CountyNumber: "46", CountyName: "Vestland", Population: 10000},
		"ks":       {Kind: "ks", Name: "KS"},
		"vendor":   {Kind: "vendor", Name: "Leverandør AS"},
		"kartverk": {Kind: "state_agency", Name: "Kartverket"},
	} {
		o.Active = true
		if err := db.CreateOrganisation(ctx, o); err != nil {
			t.Fatal(err)
		}
		f.orgs[key] = o
	}
	for _, k := range []string{policy.BodySecretariat, policy.BodyUserCouncil, policy.BodyWorkingCommittee, policy.BodyWorkingGroup} {
		b := &governance.Body{Kind: k, Slug: k, NameNB: k, NameNN: k, NameEN: k, Active: true}
		if err := db.CreateBody(ctx, b); err != nil {
			t.Fatal(err)
		}
		f.bodies[k] = b
	}
	for _, p := range []struct{ role, org, body string }{
		{"member", "oslo", ""}, {"bergen", "bergen", ""}, {"voss", "voss", ""}, {"vendor", "vendor", ""},
		{"secretariat", "ks", policy.BodySecretariat}, {"council", "bergen", policy.BodyUserCouncil},
		{"council2", "kartverk", policy.BodyUserCouncil}, {"committee", "oslo", policy.BodyWorkingCommittee}, {"noorg", "", ""},
	} {
		f.actors[p.role] = f.person(p.role, p.org, p.body)
	}
	return f
}

func (f *fixture) person(name, orgKey, bodyKind string) *policy.Actor {
	ctx := context.Background()
	p := &auth.Person{Email: name + "@test.no", Name: "Test " + name, Locale: "nb", NotifyMode: "immediate"}
	a := &policy.Actor{Name: p.Name, Locale: "nb"}
	if o := f.orgs[orgKey]; o != nil {
		p.OrgID, a.OrgID, a.OrgKind = o.ID, o.ID, o.Kind
	}
	if err := f.db.CreatePerson(ctx, p); err != nil {
		f.t.Fatal(err)
	}
	a.PersonID = p.ID
	if b := f.bodies[bodyKind]; b != nil {
		a.Memberships = []policy.Membership{{BodyID: b.ID, BodyKind: b.Kind, Function: policy.FuncMember}}
	}
	return a
}

func (f *fixture) create(role string, in needs.Input) *needs.Need {
	f.t.Helper()
	n, err := f.svc.Create(context.Background(), f.actors[role], in)
	if err != nil {
		f.t.Fatalf("create as %s: %v", role, err)
	}
	return n
}

func (f *fixture) move(role string, id int64, tr needs.Transition) *needs.Need {
	f.t.Helper()
	if tr.Comment == "" {
		tr.Comment = "ok"
	}
	n, err := f.svc.Transition(context.Background(), f.actors[role], id, tr)
	if err != nil {
		f.t.Fatalf("move %d to %s as %s: %v", id, tr.To, role, err)
	}
	return n
}

// decision records a decision of a body in a held meeting (straight in
// the store: the meetings area is tested on its own) and returns its id
// and case number.
func (f *fixture) decision(bodyKind string, title string) (int64, string) {
	f.t.Helper()
	ctx := context.Background()
	body := f.bodies[bodyKind]
	var id int64
	var number string
	err := f.db.WithTx(ctx, func(ctx context.Context) error {
		at := time.Now().Add(-24 * time.Hour).UTC()
		m := &meetings.Meeting{BodyID: body.ID, StartsAt: at, EndsAt: at.Add(time.Hour), State: meetings.MeetingHeld}
		if err := f.db.CreateMeeting(ctx, m); err != nil {
			return err
		}
		seq, err := f.db.NextCaseNumber(ctx, body.ID, at.Year())
		if err != nil {
			return err
		}
		c := &meetings.Case{BodyID: body.ID, Year: at.Year(), Seq: seq, MeetingID: m.ID, Kind: meetings.KindDecision, Title: title, State: meetings.CaseHandled}
		if err := f.db.CreateCase(ctx, c); err != nil {
			return err
		}
		d := &meetings.Decision{CaseID: c.ID, MeetingID: m.ID, BodyID: body.ID, Kind: "priority", Text: title, Unanimous: true, DecidedAt: at}
		if err := f.db.CreateDecision(ctx, d); err != nil {
			return err
		}
		id, number = d.ID, fmt.Sprintf("%d/%02d", seq, at.Year()%100)
		return nil
	})
	if err != nil {
		f.t.Fatal(err)
	}
	return id, number
}

func (f *fixture) auditSeq() int64 {
	seq, _, err := f.db.AuditHead(context.Background())
	if err != nil {
		f.t.Fatal(err)
	}
	return seq
}

func wantCode(t *testing.T, what string, err error, code errs.Code) {
	t.Helper()
	if errs.CodeOf(err) != code {
		t.Fatalf("%s: got %v, want %s", what, err, code)
	}
}

var sample = needs.Input{Title: "Digital byggesøknad for tiltak uten ansvarsrett", Problem: "Søknader om tiltak uten ansvarsrett kommer på papir og må tastes inn manuelt.",
	Affected: []string{"citizens", "case_officers"}, Area: "bygg", Source: "efficiency", Urgency: "high", Size: "m",
	Benefit: "Sparer saksbehandlertid.", HoursSaved: 200, NOKSaved: 150000, Standards: []string{"NPS v3.1"}, Components: []string{"Fellestjenester BYGG"}}

func TestNeedLifecycle(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	draft := sample
	draft.Draft = true
	n := f.create("member", draft)
	if n.State != needs.Draft || n.ContactID != f.actors["member"].PersonID || n.OrgName != "Oslo" {
		t.Fatalf("draft: %+v", n)
	}
	// A draft is private to its organisation: NotFound for everyone else, also the secretariat.
	for _, role := range []string{"bergen", "secretariat", "vendor"} {
		_, err := f.svc.Get(ctx, f.actors[role], n.ID)
		wantCode(t, "draft seen by "+role, err, errs.NotFound)
	}
	if _, err := f.svc.Get(ctx, nil, n.ID); errs.CodeOf(err) != errs.NotFound {
		t.Fatalf("draft seen by the public: %v", err)
	}
	page, err := f.svc.List(ctx, f.actors["bergen"], needs.Filter{})
	if err != nil || len(page.Items) != 0 {
		t.Fatalf("bergen lists a draft: %v %v", page.Items, err)
	}
	// Submit: the organisation backs its own need.
	n = f.move("member", n.ID, needs.Transition{To: needs.Submitted})
	if n.State != needs.Submitted || n.Backers != 1 || n.SubmittedAt.IsZero() {
		t.Fatalf("submitted: %+v", n)
	}
	// Backing: Bergen and Voss back it; a second backing is a conflict.
	if _, err := f.svc.Back(ctx, f.actors["bergen"], n.ID, "Vi har samme problem."); err != nil {
		t.Fatal(err)
	}
	_, err = f.svc.Back(ctx, f.actors["council"], n.ID, "")
	wantCode(t, "second backing by Bergen", err, errs.Conflict)
	if _, err := f.svc.Back(ctx, f.actors["voss"], n.ID, ""); err != nil {
		t.Fatal(err)
	}
	_, err = f.svc.Back(ctx, f.actors["vendor"], n.ID, "")
	wantCode(t, "vendor backing", err, errs.Forbidden)
	_, err = f.svc.Back(ctx, f.actors["noorg"], n.ID, "")
	wantCode(t, "backing without organisation", err, errs.Invalid)
	_, st, err := f.svc.Backings(ctx, f.actors["member"], n.ID)
	if err != nil || st.Organisations != 3 || st.Municipalities != 3 || st.Population != 1000000 || len(st.Counties) != 2 {
		t.Fatalf("stats: %+v %v", st, err)
	}
	if st.PopulationShare != 1 { // the fixture's municipalities are all municipalities
		t.Fatalf("share = %v", st.PopulationShare)
	}
	// Withdraw and back again: history is kept, and the sums (kept between
	// reads) follow at once.
	if err := f.svc.Unback(ctx, f.actors["voss"], n.ID); err != nil {
		t.Fatal(err)
	}
	if _, st, err := f.svc.Backings(ctx, f.actors["member"], n.ID); err != nil || st.Organisations != 2 {
		t.Fatalf("stats after a withdrawal: %+v %v", st, err)
	}
	all, err := f.db.FindBackings(ctx, n.ID, true)
	if err != nil || len(all) != 3 || all[2].WithdrawnAt.IsZero() && all[1].WithdrawnAt.IsZero() && all[0].WithdrawnAt.IsZero() {
		t.Fatalf("withdrawn backing not kept: %v %v", all, err)
	}
	if _, err := f.svc.Back(ctx, f.actors["voss"], n.ID, "igjen"); err != nil {
		t.Fatal(err)
	}

	// Triage: a vendor may not, a member may not; the secretariat may.
	_, err = f.svc.Transition(ctx, f.actors["member"], n.ID, needs.Transition{To: needs.InTriage, Comment: "x"})
	wantCode(t, "member triages", err, errs.Forbidden)
	_, err = f.svc.Transition(ctx, f.actors["secretariat"], n.ID, needs.Transition{To: needs.Resolved, Comment: "x"})
	wantCode(t, "submitted → resolved", err, errs.Conflict)
	_, err = f.svc.Transition(ctx, f.actors["secretariat"], n.ID, needs.Transition{To: "nonsense", Comment: "x"})
	wantCode(t, "unknown state", err, errs.Invalid)
	_, err = f.svc.Transition(ctx, f.actors["secretariat"], n.ID, needs.Transition{To: needs.InTriage})
	wantCode(t, "no comment", err, errs.Invalid)
	f.notes.notices = nil
	n = f.move("secretariat", n.ID, needs.Transition{To: needs.InTriage})
	if len(f.notes.notices) != 1 || len(f.notes.notices[0].to) != 3 || f.notes.notices[0].n.BodyKey != "needs.notify.body.in_triage" {
		t.Fatalf("notices: %+v", f.notes.notices)
	}
	n = f.move("secretariat", n.ID, needs.Transition{To: needs.UnderAssessment})
	n = f.move("secretariat", n.ID, needs.Transition{To: needs.Assessed})
	// Parked needs a future review date; prioritised a recorded decision of
	// the user council or the strategic council, whose body it records.
	_, err = f.svc.Transition(ctx, f.actors["secretariat"], n.ID, needs.Transition{To: needs.Parked, Comment: "x"})
	wantCode(t, "park without date", err, errs.Invalid)
	_, err = f.svc.Transition(ctx, f.actors["secretariat"], n.ID, needs.Transition{To: needs.Prioritised, Comment: "x"})
	if e := errs.As(err); e == nil || e.Code != errs.Invalid || len(e.Fields) != 1 || e.Fields[0].Field != "decision_id" {
		t.Fatalf("prioritise without a decision: %v", err)
	}
	_, err = f.svc.Transition(ctx, f.actors["secretariat"], n.ID, needs.Transition{To: needs.Prioritised, Comment: "x", DecisionID: 99})
	wantCode(t, "unknown decision", err, errs.Invalid)
	wg, _ := f.decision(policy.BodyWorkingGroup, "Arbeidsgruppen anbefaler")
	_, err = f.svc.Transition(ctx, f.actors["secretariat"], n.ID, needs.Transition{To: needs.Prioritised, Comment: "x", DecisionID: wg})
	if e := errs.As(err); e == nil || len(e.Fields) != 1 || e.Fields[0].Key != "needs.error.decision_body" {
		t.Fatalf("a working group's decision prioritises: %v", err)
	}
	dec, number := f.decision(policy.BodyUserCouncil, "Prioritering av behov")
	_, err = f.svc.Transition(ctx, f.actors["secretariat"], n.ID, needs.Transition{To: needs.Prioritised, Comment: "x", DecisionID: dec,
		BodyID: f.bodies[policy.BodyWorkingCommittee].ID})
	wantCode(t, "decision of another body than the one named", err, errs.Invalid)
	n = f.move("secretariat", n.ID, needs.Transition{To: needs.Parked, ReviewDate: time.Now().AddDate(0, 6, 0)})
	n = f.move("secretariat", n.ID, needs.Transition{To: needs.Prioritised, DecisionID: dec})
	if n.BodyID != f.bodies[policy.BodyUserCouncil].ID || n.DecisionID != dec || !n.ReviewDate.IsZero() ||
		n.Decision == nil || n.Decision.Case != number || n.Decision.BodyID != n.BodyID {
		t.Fatalf("prioritised: %+v, decision %+v", n, n.Decision)
	}
	evs, err := f.svc.History(ctx, f.actors["bergen"], n.ID)
	if err != nil || len(evs) != 7 || evs[0].To != needs.Draft || evs[6].To != needs.Prioritised || evs[6].Comment != "ok" {
		t.Fatalf("history: %d %v", len(evs), err)
	}
	pub, err := f.svc.History(ctx, nil, n.ID)
	if err != nil || pub[6].Comment != "" || pub[6].ActorName != "" {
		t.Fatalf("public history shows personal data: %+v %v", pub[6], err)
	}
	got, err := f.svc.Get(ctx, nil, n.ID)
	if err != nil || got.ContactName != "" || got.SubmitterName != "" || got.OrgName != "Oslo" || !got.Public {
		t.Fatalf("public need: %+v %v", got, err)
	}
	f.move("secretariat", n.ID, needs.Transition{To: needs.InConcept})
	f.move("secretariat", n.ID, needs.Transition{To: needs.InProject})
	n = f.move("secretariat", n.ID, needs.Transition{To: needs.Resolved})
	_, err = f.svc.Transition(ctx, f.actors["secretariat"], n.ID, needs.Transition{To: needs.Withdrawn, Comment: "x"})
	wantCode(t, "resolved → withdrawn", err, errs.Conflict)
	if res, err := f.db.VerifyAudit(ctx); err != nil || !res.OK {
		t.Fatalf("audit: %+v %v", res, err)
	}
}

func TestVendorAndNoOrgCannotSubmit(t *testing.T) {
	f := newFixture(t)
	_, err := f.svc.Create(context.Background(), f.actors["vendor"], sample)
	wantCode(t, "vendor submits", err, errs.Forbidden)
	_, err = f.svc.Create(context.Background(), f.actors["noorg"], sample)
	wantCode(t, "no organisation submits", err, errs.Forbidden)
	_, err = f.svc.Create(context.Background(), nil, sample)
	wantCode(t, "public submits", err, errs.Unauthenticated)
}

func TestBadInputStoresNothing(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	before := f.auditSeq()
	for name, in := range map[string]needs.Input{
		"script in title": {Title: "<script>alert(1)</script>", Problem: "p", Area: "plan"},
		"no problem":      {Title: "t", Area: "plan"},
		"bad area":        {Title: "t", Problem: "p", Area: "havbruk"},
		"bad group":       {Title: "t", Problem: "p", Area: "plan", Affected: []string{"aliens"}},
		"negative hours":  {Title: "t", Problem: "p", Area: "plan", HoursSaved: -1},
		"html in list":    {Title: "t", Problem: "p", Area: "plan", Standards: []string{"<b>x</b>"}},
	} {
		_, err := f.svc.Create(ctx, f.actors["member"], in)
		wantCode(t, name, err, errs.Invalid)
	}
	n := f.create("member", sample)
	after := f.auditSeq()
	_, err := f.svc.Transition(ctx, f.actors["secretariat"], n.ID, needs.Transition{To: needs.InTriage, Comment: "<img src=x onerror=alert(1)>"})
	wantCode(t, "markup in comment", err, errs.Invalid)
	if f.auditSeq() != after {
		t.Fatal("a refused move changed the audit log")
	}
	if list, _ := f.svc.List(ctx, f.actors["member"], needs.Filter{}); len(list.Items) != 1 || before >= after {
		t.Fatalf("needs stored: %d", len(list.Items))
	}
}

func TestMergeMovesBackings(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	keep := f.create("member", sample)
	dup := sample
	dup.Title = "Byggesøknad uten ansvarsrett må bli digital"
	gone := f.create("bergen", dup)
	// Voss backs both; Oslo (the kept need's submitter) backs the duplicate too.
	for _, id := range []int64{keep.ID, gone.ID} {
		if _, err := f.svc.Back(ctx, f.actors["voss"], id, ""); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := f.svc.Back(ctx, f.actors["member"], gone.ID, ""); err != nil {
		t.Fatal(err)
	}
	_, err := f.svc.Merge(ctx, f.actors["bergen"], gone.ID, keep.ID, "duplikat")
	wantCode(t, "member merges", err, errs.Forbidden)
	_, err = f.svc.Merge(ctx, f.actors["secretariat"], gone.ID, gone.ID, "duplikat")
	wantCode(t, "merge into itself", err, errs.Invalid)
	merged, err := f.svc.Merge(ctx, f.actors["secretariat"], gone.ID, keep.ID, "Samme behov, slått sammen etter samtale.")
	if err != nil {
		t.Fatal(err)
	}
	if merged.State != needs.Merged || merged.MergedInto != keep.ID || merged.Backers != 0 {
		t.Fatalf("merged: %+v", merged)
	}
	_, st, err := f.svc.Backings(ctx, f.actors["member"], keep.ID)
	if err != nil || st.Organisations != 3 { // Oslo, Voss, Bergen – each once
		t.Fatalf("kept need's backing: %+v %v", st, err)
	}
	old, _ := f.db.FindBackings(ctx, gone.ID, true)
	if len(old) != 2 { // Voss and Oslo kept as withdrawn on the merged need; Bergen moved
		t.Fatalf("backings left on merged need: %d", len(old))
	}
}

func TestSimilarAndSearch(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	a := f.create("member", sample)
	other := needs.Input{Title: "Felles kartgrunnlag for reguleringsplaner", Problem: "Plankart lages i ulike formater.", Area: "plan", Affected: []string{"state"}}
	f.create("bergen", other)
	draft := sample
	draft.Draft, draft.Title = true, "Byggesøknad hemmelig utkast"
	f.create("bergen", draft)
	sim, err := f.svc.SimilarTo(ctx, f.actors["voss"], "Digitale byggesøknader", "tiltak uten ansvarsrett på papir", 5)
	if err != nil || len(sim) != 1 || sim[0].ID != a.ID {
		t.Fatalf("similar: %v %v", titles(sim), err)
	}
	sim, err = f.svc.Similar(ctx, f.actors["voss"], a.ID, 5)
	if err != nil || len(sim) != 0 {
		t.Fatalf("similar to itself or drafts: %v %v", titles(sim), err)
	}
	page, err := f.svc.List(ctx, nil, needs.Filter{Q: "kartgrunnlag"})
	if err != nil || len(page.Items) != 1 {
		t.Fatalf("search: %v %v", titles(page.Items), err)
	}
	// Two-letter words are searched for too.
	short := needs.Input{Title: "Felles KS-løsning for 3D-modeller", Problem: "Modellene lages på nytt i hver kommune.", Area: "bygg", Affected: []string{"state"}}
	b := f.create("bergen", short)
	for _, q := range []string{"KS", "3d"} {
		page, err = f.svc.List(ctx, nil, needs.Filter{Q: q})
		if err != nil || len(page.Items) != 1 || page.Items[0].ID != b.ID {
			t.Fatalf("search for %q: %v %v", q, titles(page.Items), err)
		}
	}
}

// Similar needs are first sought among those sharing the rarest words: a
// need that shares two rare words outranks many sharing only common ones,
// and when too few share them, every match is ranked.
func TestSimilarPrefersRareWords(t *testing.T) {
	for _, large := range []bool{false, true} {
		t.Run(fmt.Sprintf("large=%v", large), func(t *testing.T) { testSimilarPrefersRareWords(t, large) })
	}
}

func testSimilarPrefersRareWords(t *testing.T, large bool) {
	f := newFixture(t)
	ctx := context.Background()
	if large { // the rarest words decide, as in a collection of thousands
		f.db.SetSmallCollectionForTest(0)
	}
	for i := range 8 {
		f.create("bergen", needs.Input{Title: fmt.Sprintf("Digital byggesøknad nummer %d", i), Problem: "Kommunene behandler byggesøknader for hånd.",
			Area: "bygg", Affected: []string{"citizens"}})
	}
	var rare []int64
	for _, title := range []string{"Solcellepanel med takvinkel i byggesøknaden", "Takvinkel og solcellepanel på verneverdige bygg"} {
		rare = append(rare, f.create("bergen", needs.Input{Title: title, Problem: "Kommunene behandler byggesøknader for hånd.",
			Area: "bygg", Affected: []string{"citizens"}}).ID)
	}
	sim, err := f.svc.SimilarTo(ctx, f.actors["voss"], "Digital byggesøknad for solcellepanel", "Kommunene vil vite takvinkel.", 2)
	if err != nil || len(sim) != 2 || !slices.Contains(rare, sim[0].ID) || !slices.Contains(rare, sim[1].ID) {
		t.Fatalf("the two sharing the rare words: %v %v", titles(sim), err)
	}
	sim, err = f.svc.SimilarTo(ctx, f.actors["voss"], "Digital byggesøknad for solcellepanel", "Kommunene vil vite takvinkel.", 5)
	if large {
		// Only the needs sharing a rare word: sharing "byggesøknad" and
		// "kommunene" with thousands does not make a need similar.
		if err != nil || len(sim) != 2 || !slices.Contains(rare, sim[0].ID) || !slices.Contains(rare, sim[1].ID) {
			t.Fatalf("a large collection: only those sharing rare words: %v %v", titles(sim), err)
		}
	} else if err != nil || len(sim) != 5 || !slices.Contains(rare, sim[0].ID) || !slices.Contains(rare, sim[1].ID) {
		t.Fatalf("a small collection: every match ranked, rare first: %v %v", titles(sim), err)
	}
	// No need shares the rarest word: every match is ranked.
	sim, err = f.svc.SimilarTo(ctx, f.actors["voss"], "Kommunene behandler byggesøknader", "for hånd i vindusløse rom", 3)
	if err != nil || len(sim) != 3 {
		t.Fatalf("nothing shares the rarest word: %v %v", titles(sim), err)
	}
}

func titles(ns []*needs.Need) []string {
	var out []string
	for _, n := range ns {
		out = append(out, fmt.Sprintf("%d %s", n.ID, n.Title))
	}
	return out
}

func TestListFiltersSortAndPaging(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	var ids []int64
	for i := range 7 {
		in := sample
		in.Title = fmt.Sprintf("Behov nummer %d", i)
		ids = append(ids, f.create("member", in).ID)
	}
	for _, id := range ids[:3] {
		if _, err := f.svc.Back(ctx, f.actors["bergen"], id, ""); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := f.svc.Back(ctx, f.actors["voss"], ids[1], ""); err != nil {
		t.Fatal(err)
	}
	page, err := f.svc.List(ctx, f.actors["member"], needs.Filter{Sort: "backing", Limit: 2})
	if err != nil || len(page.Items) != 2 || page.Items[0].ID != ids[1] || page.Next == "" {
		t.Fatalf("backing sort: %v %v", titles(page.Items), err)
	}
	seen := map[int64]bool{}
	f2 := needs.Filter{Sort: "reach", Limit: 3}
	for {
		page, err := f.svc.List(ctx, f.actors["member"], f2)
		if err != nil {
			t.Fatal(err)
		}
		for _, n := range page.Items {
			if seen[n.ID] {
				t.Fatalf("need %d twice", n.ID)
			}
			seen[n.ID] = true
		}
		if page.Next == "" {
			break
		}
		c, _ := decodeCursor(page.Next)
		f2.After = c
	}
	if len(seen) != 7 {
		t.Fatalf("paged through %d of 7", len(seen))
	}
	page, _ = f.svc.List(ctx, f.actors["member"], needs.Filter{Backing: 2})
	if len(page.Items) != 3 {
		t.Fatalf("backing ≥ 2: %v", titles(page.Items))
	}
	page, _ = f.svc.List(ctx, f.actors["member"], needs.Filter{County: "46"})
	if len(page.Items) != 3 {
		t.Fatalf("county 46: %v", titles(page.Items))
	}
	page, _ = f.svc.List(ctx, f.actors["member"], needs.Filter{OrgID: f.orgs["voss"].ID})
	if len(page.Items) != 1 {
		t.Fatalf("org voss: %v", titles(page.Items))
	}
	_, err = f.svc.List(ctx, f.actors["member"], needs.Filter{State: "bogus"})
	wantCode(t, "bad state filter", err, errs.Invalid)
}

func TestAttachments(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	n := f.create("member", sample)
	pdf := &needs.Attachment{Name: "notat.pdf", Data: []byte("%PDF-1.4\n%âãÏÓ\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF")}
	if err := f.svc.Attach(ctx, f.actors["member"], n.ID, pdf); err != nil {
		t.Fatal(err)
	}
	if pdf.ContentType != needs.TypePDF {
		t.Fatalf("type %q", pdf.ContentType)
	}
	fake := &needs.Attachment{Name: "virus.pdf", Data: []byte("MZ\x90\x00 this is an exe")}
	wantCode(t, "mislabelled file", f.svc.Attach(ctx, f.actors["member"], n.ID, fake), errs.Invalid)
	big := &needs.Attachment{Name: "big.png", Data: make([]byte, needs.MaxAttachment+1)}
	wantCode(t, "oversized file", f.svc.Attach(ctx, f.actors["member"], n.ID, big), errs.Invalid)
	wantCode(t, "vendor attaches", f.svc.Attach(ctx, f.actors["vendor"], n.ID, pdf), errs.Forbidden)
	list, err := f.svc.Attachments(ctx, f.actors["bergen"], n.ID)
	if err != nil || len(list) != 1 {
		t.Fatalf("attachments: %v %v", list, err)
	}
	got, err := f.svc.Attachment(ctx, f.actors["bergen"], n.ID, list[0].ID)
	if err != nil || string(got.Data) != string(pdf.Data) {
		t.Fatalf("attachment content: %v", err)
	}
	_, err = f.svc.Attachments(ctx, nil, n.ID)
	wantCode(t, "public reads attachments", err, errs.Unauthenticated)
}

func TestAttachmentsWithANewNeed(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	pdf := &needs.Attachment{Name: "notat.pdf", Data: []byte("%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF")}
	png := &needs.Attachment{Name: "skisse.png", Data: append([]byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), make([]byte, 40)...)}
	in := sample
	in.Attachments = []*needs.Attachment{pdf, png}
	n, err := f.svc.Create(ctx, f.actors["member"], in)
	if err != nil {
		t.Fatal(err)
	}
	list, err := f.svc.Attachments(ctx, f.actors["member"], n.ID)
	if err != nil || len(list) != 2 {
		t.Fatalf("attachments filed with the need: %v %v", list, err)
	}
	// One bad file refuses the whole submission: no need, no files.
	before, _, _ := f.db.AuditHead(ctx)
	in.Title = "Another need entirely"
	in.Attachments = []*needs.Attachment{pdf, {Name: "evil.pdf", Data: []byte("<script>alert(1)</script>")}}
	_, err = f.svc.Create(ctx, f.actors["member"], in)
	e := errs.As(err)
	if e == nil || e.Code != errs.Invalid || e.Fields[0].Field != "attachments" || e.Fields[0].Args["name"] != "evil.pdf" {
		t.Fatalf("bad file with a new need: %v", err)
	}
	if after, _, _ := f.db.AuditHead(ctx); after != before {
		t.Fatalf("a refused submission wrote %d audit events", after-before)
	}
}

// The public's list pages are reused between visitors, but every write
// shows at once: a backing changes the count, a withdrawal removes the need,
// whichever service made the write.
func TestPublicListIsCachedButNeverStale(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	a := f.create("member", sample)
	list := func() *needs.Need {
		t.Helper()
		page, err := f.svc.List(ctx, nil, needs.Filter{})
		if err != nil {
			t.Fatal(err)
		}
		for _, n := range page.Items {
			if n.ID == a.ID {
				return n
			}
		}
		return nil
	}
	first := list()
	if first == nil || first.Backers != 1 || first.SubmitterName != "" {
		t.Fatalf("the public's list: %+v", first)
	}
	first.Title = "changed by a caller" // callers get copies: the cache is not theirs to change
	if n := list(); n == nil || n.Title != sample.Title {
		t.Fatalf("a caller's change reached the cache: %+v", n)
	}
	if _, err := f.svc.Back(ctx, f.actors["bergen"], a.ID, ""); err != nil {
		t.Fatal(err)
	}
	if n := list(); n == nil || n.Backers != 2 {
		t.Fatalf("after a backing the public sees %+v", n)
	}
	if _, err := f.svc.Transition(ctx, f.actors["member"], a.ID, needs.Transition{To: needs.Withdrawn, Comment: "Feil"}); err != nil {
		t.Fatal(err)
	}
	if n := list(); n != nil && n.State != needs.Withdrawn {
		t.Fatalf("after a withdrawal the public still sees %+v", n)
	}
}

func TestSimilarIsCachedButNeverStale(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	a := f.create("member", sample)
	in := sample
	in.Title = "Digital byggesøknad for små tiltak"
	b := f.create("bergen", in)
	first, err := f.svc.Similar(ctx, nil, a.ID, 5)
	if err != nil || len(first) == 0 || first[0].ID != b.ID {
		t.Fatalf("similar: %v %v", first, err)
	}
	// A new, closer need shows at once: creating clears the cache.
	in.Title = "Digital byggesøknad for tiltak uten ansvarsrett og med nabovarsel"
	c := f.create("bergen", in)
	again, _ := f.svc.Similar(ctx, nil, a.ID, 5)
	found := false
	for _, n := range again {
		found = found || n.ID == c.ID
	}
	if !found {
		t.Fatalf("a new similar need is missing from %v", again)
	}
	// A need withdrawn since the list was cached leaves the public's list
	// at once, although the cached ids still name it.
	if _, err := f.svc.Transition(ctx, f.actors["bergen"], c.ID, needs.Transition{To: needs.Withdrawn, Comment: "Feil"}); err != nil {
		t.Fatal(err)
	}
	after, _ := f.svc.Similar(ctx, nil, a.ID, 5)
	for _, n := range after {
		if n.ID == c.ID {
			t.Fatal("a withdrawn need is still shown to the public")
		}
	}
}

// TestListVisibilityAgreesWithVisible holds the store's list filter (SQL)
// to needs.Visible, the one home of the rule: for needs in every kind of
// state from two organisations, each viewer's list holds exactly the needs
// Visible says they may see, and Get agrees.
func TestListVisibilityAgreesWithVisible(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	var all []*needs.Need
	for _, owner := range []string{"member", "bergen"} {
		draft := sample
		draft.Draft, draft.Title = true, "Utkast fra "+owner
		all = append(all, f.create(owner, draft))
		for _, path := range [][]string{{}, {needs.InTriage}, {needs.InTriage, needs.Returned}, {needs.InTriage, needs.Rejected},
			{needs.Withdrawn}, {needs.InTriage, needs.UnderAssessment}} {
			in := sample
			in.Title = fmt.Sprintf("Behov fra %s via %v", owner, path)
			n := f.create(owner, in)
			for _, to := range path {
				who := "secretariat"
				if to == needs.Withdrawn {
					who = owner
				}
				n = f.move(who, n.ID, needs.Transition{To: to, Reason: "r"})
			}
			all = append(all, n)
		}
	}
	m, err := f.svc.LatestMethod(ctx, nil)
	public := needs.DefaultPublicStates
	if err == nil {
		public = m.PublicStates
	}
	for _, who := range []string{"", "member", "bergen", "vendor", "secretariat", "noorg"} {
		a := f.actors[who]
		page, err := f.svc.List(ctx, a, needs.Filter{Limit: 100})
		if err != nil {
			t.Fatal(err)
		}
		listed := map[int64]bool{}
		for _, n := range page.Items {
			listed[n.ID] = true
		}
		for _, n := range all {
			want := needs.Visible(a, n, public)
			if listed[n.ID] != want {
				t.Errorf("viewer %q, need %q (%s): listed %v, Visible says %v", who, n.Title, n.State, listed[n.ID], want)
			}
			_, gerr := f.svc.Get(ctx, a, n.ID)
			if (gerr == nil) != want {
				t.Errorf("viewer %q, need %q (%s): Get %v, Visible says %v", who, n.Title, n.State, gerr, want)
			}
		}
	}
}
