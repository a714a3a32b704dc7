package seed

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/samstyr/samstyr/internal/audit"
	"github.com/samstyr/samstyr/internal/auth"
	"github.com/samstyr/samstyr/internal/org"
	"github.com/samstyr/samstyr/internal/policy"
	"github.com/samstyr/samstyr/internal/store"
)

// The benchmark dataset (`samstyr seed bench --scale N`): the programme as
// it looks after ten years of use, at N times its real size. Every
// municipality and county (from the real data; N does not multiply them),
// about 2,000 people per N with their memberships, the governance bodies
// with ten years of terms, and the rows of every area (each area adds its
// part with addBenchPart), ending with about 100,000 audit events per N in
// one intact hash chain.
//
// It is deterministic: the same scale and seed give the same rows. It
// writes through store.Bulk (multi-row INSERTs in one transaction on the
// one write connection), bypassing the per-row services, but computes what
// they would: ids, timestamps in order, state histories that follow each
// area's state machine, search rows, derived results and the audit chain.

// BenchOptions say what the benchmark dataset holds.
type BenchOptions struct {
	// Scale is N: N times the real size of the programme. The command
	// takes whole numbers; tests use fractions for a small dataset.
	Scale float64
	Seed  uint64 // random seed
	// Today is the last day of the ten years (zero: BenchToday).
	Today time.Time
	// Progress is told the rows written so far and the rows expected.
	Progress func(done, total int64)
	// BatchRows caps the rows per INSERT (0: as many as the database
	// binds). Tests set it low, so that a small dataset flushes its
	// tables in the interleaved order a big one does.
	BatchRows int
}

// BenchToday is the last day of the benchmark dataset's ten years.
var BenchToday = time.Date(2026, 11, 1, 12, 0, 0, 0, time.UTC)

// BenchPassword is the password of every person of the benchmark dataset;
// its administrators (benchadmin1@bench.samstyr.no …) use the demo
// administrator's TOTP secret.
const BenchPassword = "samstyr-bench-2026"

// BenchResult counts the rows written, per table.
type BenchResult struct {
	Rows  map[string]int64
	Total int64
}

// benchPart is one part of the dataset: an area's rows.
type benchPart struct {
	name  string
	order int // parts run in this order
	// estimate is the number of rows the part writes at scale 1, for the
	// progress bar.
	estimate int64
	run      func(g *benchGen) error
}

// benchParts are the areas' parts, in the order they run (after the
// foundation's organisations, people and bodies, before notifications and
// the audit log).
var benchParts []benchPart

func addBenchPart(p benchPart) bool { benchParts = append(benchParts, p); return true }

// Bench writes the benchmark dataset into an empty database.
func Bench(ctx context.Context, db *store.DB, o BenchOptions) (BenchResult, error) {
	if o.Scale <= 0 || o.Scale > 1000 {
		return BenchResult{}, fmt.Errorf("scale must be above 0 and at most 1000, not %g", o.Scale)
	}
	empty, err := db.IsEmpty(ctx)
	if err != nil {
		return BenchResult{}, err
	}
	if !empty {
		return BenchResult{}, fmt.Errorf("the database already holds data: seed bench writes into an empty database only")
	}
	if o.Today.IsZero() {
		o.Today = BenchToday
	}
	g := &benchGen{db: db, r: rand.New(rand.NewPCG(o.Seed, 0x5a3d7f1c)), scale: o.Scale, today: o.Today.UTC(),
		start: o.Today.UTC().AddDate(-10, 0, 0), rows: map[string]int64{}, progress: o.Progress, byOrg: map[int64][]*bPerson{},
		bodies: map[string]*bBody{}, terms: map[string][]bTerm{}, area: map[string]any{}}
	g.total = int64(o.Scale * (110_000 + 2_600))
	for _, p := range benchParts {
		g.total += int64(o.Scale * float64(p.estimate))
	}
	parts := []benchPart{{name: "organisations", run: benchOrganisations}, {name: "people", run: benchPeople},
		{name: "bodies", run: benchBodies}}
	sort.SliceStable(benchParts, func(i, j int) bool { return benchParts[i].order < benchParts[j].order })
	parts = append(parts, benchParts...)
	parts = append(parts, benchPart{name: "notifications", run: benchNotifications}, benchPart{name: "audit", run: benchAudit})
	err = db.BulkLoad(ctx, func(ctx context.Context) error {
		g.ctx, g.pipe = ctx, db.NewBulkPipeline(ctx)
		g.pipe.BatchRows = o.BatchRows
		for _, p := range parts {
			if err := p.run(g); err != nil {
				return errors.Join(fmt.Errorf("%s: %w", p.name, err), g.pipe.Wait())
			}
		}
		return g.pipe.Wait()
	})
	if err != nil {
		return BenchResult{}, err
	}
	if err := db.AfterBulkLoad(ctx); err != nil {
		return BenchResult{}, err
	}
	// The needs' latest rank and score, once every round result is written.
	if err := db.RefreshNeedPriorities(ctx); err != nil {
		return BenchResult{}, err
	}
	res := BenchResult{Rows: g.rows}
	for _, n := range g.rows {
		res.Total += n
	}
	if g.progress != nil {
		g.progress(res.Total, res.Total)
	}
	return res, nil
}

// benchGen is the generator's state: the random source, the rows made so
// far that later parts refer to, and the audit events to write at the end.
type benchGen struct {
	ctx          context.Context
	db           *store.DB
	pipe         *store.BulkPipeline // writes the rows while the next are made
	r            *rand.Rand
	scale        float64
	today, start time.Time
	rows         map[string]int64
	done, total  int64
	progress     func(done, total int64)

	orgs      []*bOrg
	munis     []*bOrg
	muniPop   int64
	others    []*bOrg // counties and state agencies (they back needs too)
	people    []*bPerson
	byOrg     map[int64][]*bPerson
	admins    []*bPerson
	bodies    map[string]*bBody // by slug
	bodyList  []*bBody
	terms     map[string][]bTerm // memberships by body kind
	nextMemb  int64
	audit     []auditRec
	notes     []bNote
	muniWeigh []float64      // cumulative weights of municipalities (population^0.5)
	area      map[string]any // what an area's part keeps for later parts and its audit payloads
}

type bOrg struct {
	id                     int64
	kind, name, county     string
	population             int64
	orgNumber, municipalNo string
}

type bPerson struct {
	id     int64
	org    *bOrg
	name   string
	email  string
	joined time.Time
	admin  bool
}

type bBody struct {
	id         int64
	kind, slug string
	from, to   time.Time // when it was active
}

// bTerm is a membership: a person's seat in a body for a term.
type bTerm struct {
	person   *bPerson
	body     *bBody
	function string
	from, to time.Time
}

// bNote is a notification to write.
type bNote struct {
	person  int64
	kind    string
	subject string
	body    string
	args    string
	link    string
	objType string
	objID   int64
	at      time.Time
}

// bulk opens a bulk writer whose rows count towards the progress bar.
type benchBulk struct {
	g *benchGen
	b *store.Bulk
	t string
}

func (g *benchGen) bulk(table string, cols ...string) *benchBulk {
	return &benchBulk{g: g, b: g.pipe.NewBulk(table, cols...), t: table}
}

func (b *benchBulk) add(vals ...any) error {
	if err := b.b.Add(vals...); err != nil {
		return err
	}
	b.g.rows[b.t]++
	b.g.done++
	if b.g.progress != nil && b.g.done%2048 == 0 {
		b.g.progress(b.g.done, max(b.g.total, b.g.done))
	}
	return nil
}

func (b *benchBulk) close() error { return b.b.Close() }

// times returns n times the scale, at least 1.
func (g *benchGen) times(n int) int { return max(1, int(math.Round(float64(n)*g.scale))) }

// between returns a random time in [a, b).
func (g *benchGen) between(a, b time.Time) time.Time {
	if !b.After(a) {
		return a
	}
	return a.Add(time.Duration(g.r.Int64N(int64(b.Sub(a))))).Truncate(time.Second)
}

// days returns a random duration of lo to hi days.
func (g *benchGen) days(lo, hi int) time.Duration {
	return time.Duration(lo*24*3600+g.r.IntN((hi-lo)*24*3600+1)) * time.Second
}

// weighted picks an index from cumulative weights.
func (g *benchGen) weighted(cum []float64) int {
	x := g.r.Float64() * cum[len(cum)-1]
	return sort.SearchFloat64s(cum, x)
}

// muni picks a municipality, larger ones more often.
func (g *benchGen) muni() *bOrg { return g.munis[g.weighted(g.muniWeigh)] }

// personOf picks a person of an organisation who had joined by t (or any).
func (g *benchGen) personOf(o *bOrg, t time.Time) *bPerson {
	ps := g.byOrg[o.id]
	if len(ps) == 0 {
		return nil
	}
	for range 4 {
		if p := pick(g.r, ps); !p.joined.After(t) {
			return p
		}
	}
	return ps[0]
}

// member picks a person holding a seat in a body of kind at time t.
func (g *benchGen) member(kind string, t time.Time) *bPerson {
	ts := g.terms[kind]
	for range 20 {
		m := pick(g.r, ts)
		if !t.Before(m.from) && t.Before(m.to) {
			return m.person
		}
	}
	for _, m := range ts {
		if !t.Before(m.from) && t.Before(m.to) {
			return m.person
		}
	}
	return g.admins[0]
}

// members lists the people holding a seat in a body of kind at time t.
func (g *benchGen) members(kind string, t time.Time) []*bPerson {
	var out []*bPerson
	seen := map[int64]bool{}
	for _, m := range g.terms[kind] {
		if !t.Before(m.from) && t.Before(m.to) && !seen[m.person.id] && m.function != policy.FuncObserver {
			seen[m.person.id] = true
			out = append(out, m.person)
		}
	}
	return out
}

// ---- audit events ----

// auditRec is an audit event to write, compactly: the payload is made from
// the kind and the numbers when the log is written.
type auditRec struct {
	at    int64 // unix microseconds
	actor int64
	kind  uint8
	oid   int64
	a, b  int64
}

// auditKind is one kind of audit event of the dataset.
type auditKind struct {
	action, objectType string
	// payload returns the event's Before and After JSON.
	payload func(g *benchGen, e *auditRec) (before, after string)
}

var auditKinds []auditKind

// addAuditKind registers a kind of audit event and returns its number.
func addAuditKind(action, objectType string, payload func(g *benchGen, e *auditRec) (string, string)) uint8 {
	auditKinds = append(auditKinds, auditKind{action, objectType, payload})
	return uint8(len(auditKinds) - 1)
}

// record queues an audit event.
func (g *benchGen) record(at time.Time, actor int64, kind uint8, oid, a, b int64) {
	g.audit = append(g.audit, auditRec{at: at.UnixMicro(), actor: actor, kind: kind, oid: oid, a: a, b: b})
}

func js(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

var (
	auditOrgCreate = addAuditKind("org.create", "organisation", func(g *benchGen, e *auditRec) (string, string) {
		o := g.orgs[e.a]
		return "", js(map[string]any{"id": o.id, "kind": o.kind, "name": o.name, "org_number": o.orgNumber, "municipality_number": o.municipalNo,
			"population": o.population, "active": true})
	})
	auditPersonCreate = addAuditKind("person.create", "person", func(g *benchGen, e *auditRec) (string, string) {
		p := g.people[e.a]
		return "", js(map[string]any{"id": p.id, "email": p.email, "name": p.name, "organisation_id": p.org.id, "admin": p.admin, "locale": "nb"})
	})
	auditBodyCreate = addAuditKind("body.create", "body", func(g *benchGen, e *auditRec) (string, string) {
		b := g.bodyList[e.a]
		return "", js(map[string]any{"id": b.id, "kind": b.kind, "slug": b.slug, "active": true})
	})
	auditMembership = addAuditKind("membership.create", "membership", func(g *benchGen, e *auditRec) (string, string) {
		return "", js(map[string]any{"id": e.oid, "body_id": e.a, "person_id": e.b, "status": "active"})
	})
	auditLogin = addAuditKind("auth.login", "person", func(g *benchGen, e *auditRec) (string, string) {
		return "", fmt.Sprintf(`{"address":"10.%d.%d.%d","method":"password"}`, e.a%250, (e.a/250)%250, 1+e.b%250)
	})
)

// benchAudit fills the log up to 100,000 events per N with sign-ins spread
// over the ten years, sorts every event by time and writes the chain.
func benchAudit(g *benchGen) error {
	target := int64(g.times(100_000))
	span := g.today.Sub(g.start)
	for int64(len(g.audit)) < target {
		// Sign-ins grow over the years, as the programme does.
		at := g.start.Add(time.Duration(math.Sqrt(g.r.Float64()) * float64(span)))
		p := g.people[g.r.IntN(len(g.people))]
		if p.joined.After(at) {
			at = g.between(p.joined, g.today)
		}
		g.record(at, p.id, auditLogin, p.id, p.id, g.r.Int64N(1000))
	}
	slices.SortStableFunc(g.audit, func(a, b auditRec) int { return cmp.Compare(a.at, b.at) })
	b := g.bulk("audit_events", "seq", "at", "actor_id", "action", "object_type", "object_id", "before", "after", "request_id", "prev_hash", "hash")
	prev := audit.Genesis
	for i := range g.audit {
		e := &g.audit[i]
		k := auditKinds[e.kind]
		before, after := k.payload(g, e)
		ev := audit.Event{Seq: int64(i + 1), At: audit.Normalize(time.UnixMicro(e.at)), ActorID: e.actor, Action: k.action,
			ObjectType: k.objectType, ObjectID: strconv.FormatInt(e.oid, 10), Before: before, After: after, PrevHash: prev}
		ev.Hash = ev.ComputeHash()
		var actor any
		if ev.ActorID != 0 {
			actor = ev.ActorID
		}
		if err := b.add(ev.Seq, ev.At, actor, ev.Action, ev.ObjectType, ev.ObjectID, ev.Before, ev.After, "", ev.PrevHash, ev.Hash); err != nil {
			return err
		}
		prev = ev.Hash
	}
	if err := b.close(); err != nil {
		return err
	}
	return g.db.SetAuditHeadForLoad(g.ctx, int64(len(g.audit)), prev)
}

// ---- the foundation: organisations, people, bodies ----

// benchAgencies are the state agencies of the field (with their real
// organisation numbers where the demo has them).
var benchAgencies = []struct{ name, number string }{
	{"Direktoratet for byggkvalitet (DiBK)", "974760223"}, {"Kartverket", "971040238"},
	{"Kommunal- og distriktsdepartementet (KDD)", "972417858"}, {"Statistisk sentralbyrå (SSB)", "971526920"},
	{"Digitaliseringsdirektoratet (Digdir)", "991825827"}, {"Norges vassdrags- og energidirektorat (NVE)", ""},
	{"Miljødirektoratet", ""}, {"Riksantikvaren", ""}, {"Statsforvalteren i Vestland", ""},
}

func benchOrganisations(g *benchGen) error {
	ms, err := Municipalities()
	if err != nil {
		return err
	}
	b := g.bulk("organisations", "id", "kind", "name", "official_name", "search_name", "org_number", "municipality_number",
		"county_number", "county_name", "population", "population_date", "website", "active", "created_at", "updated_at")
	add := func(o *bOrg, official, countyNo, countyName string, popDate time.Time, website string) error {
		o.id = int64(len(g.orgs) + 1)
		g.orgs = append(g.orgs, o)
		created := g.start.Add(time.Duration(o.id) * time.Second)
		var pop any
		if o.population > 0 {
			pop = o.population
		}
		g.record(created, 0, auditOrgCreate, o.id, o.id-1, 0)
		return b.add(o.id, o.kind, o.name, official, org.SearchName(o.name), nullable(o.orgNumber), nullable(o.municipalNo),
			nullable(countyNo), countyName, pop, store.Date(popDate), website, true, created, created)
	}
	counties := map[string]bool{}
	for _, m := range ms {
		if !counties[m.CountyNumber] {
			counties[m.CountyNumber] = true
			c := &bOrg{kind: policy.OrgCounty, name: m.County, county: m.CountyNumber}
			official := m.CountyOfficial
			if m.CountyNumber == "03" {
				c.name, official = "Oslo (fylke)", "Oslo"
			}
			if err := add(c, official, m.CountyNumber, m.County, time.Time{}, ""); err != nil {
				return err
			}
			g.others = append(g.others, c)
		}
		o := &bOrg{kind: policy.OrgMunicipality, name: m.Name, county: m.CountyNumber, population: m.Population, orgNumber: m.OrgNumber, municipalNo: m.Number}
		if err := add(o, m.OfficialName, m.CountyNumber, m.County, m.PopulationDate, ""); err != nil {
			return err
		}
		g.munis = append(g.munis, o)
		g.muniPop += o.population
		w := math.Sqrt(float64(max(o.population, 100)))
		if n := len(g.muniWeigh); n > 0 {
			w += g.muniWeigh[n-1]
		}
		g.muniWeigh = append(g.muniWeigh, w)
	}
	for _, a := range benchAgencies {
		o := &bOrg{kind: policy.OrgStateAgency, name: a.name, orgNumber: a.number}
		if err := add(o, "", "", "", time.Time{}, ""); err != nil {
			return err
		}
		g.others = append(g.others, o)
	}
	if err := add(&bOrg{kind: policy.OrgKS, name: "KS – Kommunesektorens organisasjon", orgNumber: "971032146"}, "", "", "", time.Time{}, "https://www.ks.no"); err != nil {
		return err
	}
	for i := range g.times(20) {
		name := benchVendors[i%len(benchVendors)] + " AS"
		if i >= len(benchVendors) {
			name = fmt.Sprintf("%s %s %d AS", benchVendors[i%len(benchVendors)], pick(g.r, []string{"Digital", "Kart", "Bygg", "Plan", "Data"}), i/len(benchVendors))
		}
		if err := add(&bOrg{kind: policy.OrgVendor, name: name}, "", "", "", time.Time{}, ""); err != nil {
			return err
		}
	}
	return b.close()
}

func nullable(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// orgOfKind returns the organisations of a kind.
func (g *benchGen) orgOfKind(kind string) []*bOrg {
	var out []*bOrg
	for _, o := range g.orgs {
		if o.kind == kind {
			out = append(out, o)
		}
	}
	return out
}

// benchPeople makes about 2,000 people per N: at least one in every
// municipality, most in the larger ones, and people of the counties, the
// state agencies, KS and the vendors; three administrators at KS.
func benchPeople(g *benchGen) error {
	salt := make([]byte, 16)
	for i := range salt {
		salt[i] = byte(g.r.Uint32())
	}
	hash := auth.HashPasswordWithSalt(BenchPassword, salt)
	ks := g.orgOfKind(policy.OrgKS)[0]
	var owners []*bOrg
	for range 3 {
		owners = append(owners, ks)
	}
	owners = append(owners, g.munis...)
	n := g.times(2000)
	agencies, vendors := g.orgOfKind(policy.OrgStateAgency), g.orgOfKind(policy.OrgVendor)
	for len(owners) < n {
		switch x := g.r.IntN(100); {
		case x < 78:
			owners = append(owners, g.muni())
		case x < 86:
			owners = append(owners, pick(g.r, agencies))
		case x < 90:
			owners = append(owners, ks)
		case x < 94:
			owners = append(owners, pick(g.r, g.orgOfKind(policy.OrgCounty)))
		default:
			owners = append(owners, pick(g.r, vendors))
		}
	}
	b := g.bulk("people", "id", "email", "name", "search_name", "organisation_id", "is_admin", "password_hash", "password_changed_at",
		"totp_secret", "totp_enabled_at", "locale", "notify_mode", "demo", "created_at", "updated_at")
	for i, o := range owners {
		p := &bPerson{id: int64(i + 1), org: o, name: benchName(g.r), admin: i < 3}
		p.email = fmt.Sprintf("person%06d@bench.samstyr.no", p.id)
		p.joined = g.start.Add(time.Hour)
		if i >= len(g.munis)+3 {
			p.joined = g.between(g.start, g.today.AddDate(0, -1, 0))
		}
		var secret any
		var enabled time.Time
		if p.admin {
			p.email = fmt.Sprintf("benchadmin%d@bench.samstyr.no", i+1)
			secret, enabled = DemoAdminTOTPSecret, p.joined
			g.admins = append(g.admins, p)
		}
		locale, mode := "nb", "immediate"
		if x := g.r.IntN(100); x < 12 {
			locale = "nn"
		} else if x < 15 {
			locale = "en"
		}
		if g.r.IntN(5) == 0 {
			mode = "digest"
		}
		g.people = append(g.people, p)
		g.byOrg[o.id] = append(g.byOrg[o.id], p)
		var by int64
		if !p.admin {
			by = g.admins[0].id
		}
		g.record(p.joined, by, auditPersonCreate, p.id, int64(i), 0)
		if err := b.add(p.id, p.email, p.name, strings.ToLower(p.name), o.id, p.admin, hash, p.joined, secret, enabled, locale, mode,
			false, p.joined, p.joined); err != nil {
			return err
		}
	}
	return b.close()
}

// benchBody describes a standing governance body: its seats per term and
// where its members come from.
type benchBody struct {
	kind, slug, nb, nn, en, parent string
	seats                          int
	from                           func(g *benchGen) *bOrg
}

func benchStandingBodies(g *benchGen) []benchBody {
	ks := func(g *benchGen) *bOrg { return g.orgOfKind(policy.OrgKS)[0] }
	muni := func(g *benchGen) *bOrg { return g.muni() }
	mixed := func(g *benchGen) *bOrg {
		if g.r.IntN(4) == 0 {
			return pick(g.r, g.orgOfKind(policy.OrgStateAgency))
		}
		return g.muni()
	}
	return []benchBody{
		{policy.BodyMainBoard, "ks-hovedstyre", "KS Hovedstyre", "KS Hovudstyre", "KS Main Board", "", 9, muni},
		{policy.BodyStrategicCouncil, "kommit-radet", "KommIT-rådet", "KommIT-rådet", "KommIT Council", "ks-hovedstyre", 9, mixed},
		{policy.BodyWorkingCommittee, "kommit-au", "KommIT-rådets arbeidsutvalg", "KommIT-rådets arbeidsutval", "KommIT Council working committee", "kommit-radet", 5, mixed},
		{policy.BodyUserCouncil, "brukerradet", "Brukerrådet for plan, bygg og geodata", "Brukarrådet for plan, bygg og geodata", "User Council for planning, building and geodata", "kommit-radet", 11, mixed},
		{policy.BodyUserForum, "brukerforum", "Brukerforum for plan, bygg og geodata", "Brukarforum for plan, bygg og geodata", "User Forum for planning, building and geodata", "brukerradet", 60, muni},
		{policy.BodySecretariat, "sekretariatet", "Programsekretariatet", "Programsekretariatet", "Programme secretariat", "brukerradet", 4, ks},
	}
}

// benchBodies makes the standing bodies with two-year terms over the ten
// years (and the current term), and working groups and steering groups
// that each lived for a while, with their members.
func benchBodies(g *benchGen) error {
	bb := g.bulk("bodies", "id", "kind", "slug", "name_nb", "name_nn", "name_en", "short_name", "mandate", "parent_id",
		"secretariat_id", "active", "created_at", "updated_at")
	mb := g.bulk("memberships", "id", "body_id", "person_id", "organisation_id", "function", "sector", "term_from", "term_to",
		"status", "appointed_by", "decision_id", "created_at", "updated_at")
	addBody := func(kind, slug, nb, nn, en, parent string, from, to time.Time) (*bBody, error) {
		b := &bBody{id: int64(len(g.bodyList) + 1), kind: kind, slug: slug, from: from, to: to}
		g.bodyList = append(g.bodyList, b)
		g.bodies[slug] = b
		var parentID, secID any
		if p := g.bodies[parent]; p != nil {
			parentID = p.id
		}
		if s := g.bodies["sekretariatet"]; s != nil {
			secID = s.id
		}
		g.record(from, 0, auditBodyCreate, b.id, b.id-1, 0)
		return b, bb.add(b.id, kind, slug, nb, nn, en, "", "", parentID, secID, !to.Before(g.today), from, from)
	}
	seat := func(b *bBody, p *bPerson, function string, from, to time.Time) error {
		g.terms[b.kind] = append(g.terms[b.kind], bTerm{person: p, body: b, function: function, from: from, to: to})
		return nil
	}
	write := func(m bTerm) error {
		g.nextMemb++
		id, b, p, from, to, function := g.nextMemb, m.body, m.person, m.from, m.to, m.function
		status := "active"
		if to.Before(g.today) {
			status = "ended"
		}
		sector := "municipal"
		switch p.org.kind {
		case policy.OrgStateAgency:
			sector = "state"
		case policy.OrgKS, policy.OrgVendor:
			sector = "other"
		}
		g.record(from, g.admins[0].id, auditMembership, id, b.id, p.id)
		return mb.add(id, b.id, p.id, p.org.id, function, sector, store.Date(from), store.Date(to), status, "Valgt av Brukerforum",
			nil, from, from)
	}
	// Standing bodies: terms of two years, the last running past today.
	for _, s := range benchStandingBodies(g) {
		b, err := addBody(s.kind, s.slug, s.nb, s.nn, s.en, s.parent, g.start, g.today.AddDate(10, 0, 0))
		if err != nil {
			return err
		}
		seats := s.seats
		if s.kind == policy.BodyUserForum {
			seats = max(5, int(math.Round(float64(seats)*g.scale)))
		}
		for from := g.start; !from.After(g.today); from = from.AddDate(2, 0, 0) {
			to := from.AddDate(2, 0, 0).Add(-24 * time.Hour)
			for i := range seats {
				fn := policy.FuncMember
				switch {
				case i == 0 && s.kind == policy.BodySecretariat:
					fn = policy.FuncSecretary
				case i == 0:
					fn = policy.FuncChair
				case i == 1 && s.kind != policy.BodySecretariat:
					fn = policy.FuncDeputyChair
				case i == seats-1 && s.kind == policy.BodyUserCouncil:
					fn = policy.FuncObserver
				}
				o := s.from(g)
				p := g.personOf(o, from)
				if p == nil {
					continue
				}
				if err := seat(b, p, fn, from, to); err != nil {
					return err
				}
			}
		}
	}
	// Working groups and steering groups, each active for one to three years.
	for i := range max(2, g.times(8)) {
		kind, prefix, nb := policy.BodyWorkingGroup, "ag", "Arbeidsgruppe for "
		if i%2 == 1 {
			kind, prefix, nb = policy.BodySteeringGroup, "sg", "Styringsgruppe for "
		}
		topic := pick(g.r, benchObjects)
		from := g.between(g.start, g.today.AddDate(0, -3, 0))
		to := from.AddDate(1+g.r.IntN(3), 0, 0)
		b, err := addBody(kind, fmt.Sprintf("%s-%d", prefix, i+1), nb+topic, nb+topic, map[string]string{"ag": "Working group on ", "sg": "Steering group for "}[prefix]+topic,
			"brukerradet", from, to)
		if err != nil {
			return err
		}
		for j := range 5 + g.r.IntN(4) {
			fn := policy.FuncMember
			if j == 0 {
				fn = policy.FuncChair
			}
			p := g.personOf(g.muni(), from)
			if p == nil {
				continue
			}
			if err := seat(b, p, fn, from, to); err != nil {
				return err
			}
		}
	}
	if err := bb.close(); err != nil { // the bodies before the memberships that refer to them
		return err
	}
	var all []bTerm
	for _, ts := range g.terms {
		all = append(all, ts...)
	}
	sort.SliceStable(all, func(i, j int) bool {
		if !all[i].from.Equal(all[j].from) {
			return all[i].from.Before(all[j].from)
		}
		return all[i].body.id < all[j].body.id
	})
	for _, m := range all {
		if err := write(m); err != nil {
			return err
		}
	}
	return mb.close()
}

// benchNotifications writes the notifications the parts queued: older ones
// read (and mailed to those who want mail at once), the last month's unread.
func benchNotifications(g *benchGen) error {
	b := g.bulk("notifications", "id", "person_id", "kind", "subject_key", "body_key", "args", "link", "object_type", "object_id",
		"created_at", "read_at", "emailed_at")
	sort.SliceStable(g.notes, func(i, j int) bool { return g.notes[i].at.Before(g.notes[j].at) })
	for i, n := range g.notes {
		var read, mailed time.Time
		if n.at.Before(g.today.AddDate(0, -1, 0)) {
			read = n.at.Add(g.days(0, 20))
			mailed = n.at.Add(time.Minute)
		}
		if err := b.add(int64(i+1), n.person, n.kind, n.subject, n.body, n.args, n.link, n.objType, n.objID, n.at, read, mailed); err != nil {
			return err
		}
	}
	return b.close()
}
