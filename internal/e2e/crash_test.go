package e2e

import (
	"context"
	"fmt"
	"math/rand/v2"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/samstyr/samstyr/internal/store"
)

// ack is a write the server acknowledged: a 2xx answer with the new id.
type ack struct {
	kind string
	id   int64
	key  string // what identifies the write, e.g. the organisation's unique name
}

// writeKind is a kind of write the crash and backup tests stream at the
// server: write makes write n of writer w and returns its ack when the
// server acknowledged it; verify checks that every acknowledged write is
// stored exactly once. Areas add theirs with addWriteKinds.
type writeKind struct {
	name   string
	write  func(ctx context.Context, f *fixture, w, n int) (ack, bool)
	verify func(t *testing.T, f *fixture, acks []ack)
}

var writeKinds []writeKind

func addWriteKinds(k ...writeKind) bool { writeKinds = append(writeKinds, k...); return true }

// fixture is what the writers use: per writer an administrator's API
// client and a client of a person in a municipality of its own (each with
// a token of its own), an administrator's client for checks, and the needs
// acknowledged so far (for the backings).
type fixture struct {
	tg      target
	admin   *client
	writers []*client
	members []*client

	body int64 // the body the case writes file cases in

	mu     sync.Mutex
	needs  []needRef
	backed []int // per writer: how far in needs it has looked for one to back
}

type needRef struct {
	id     int64
	writer int
}

const writers = 4

// newFixture creates administrators with tokens for the writers.
func newFixture(t *testing.T, tg target) *fixture {
	t.Helper()
	f := &fixture{tg: tg}
	for i := range writers {
		f.writers = append(f.writers, newClient("", newAdminToken(t, tg, fmt.Sprintf("writer%d@test.samstyr.no", i))))
	}
	f.admin = newClient("", f.writers[0].token)
	f.backed = make([]int, writers)
	return f
}

// addMembers creates, through the running server's API, a municipality per
// writer with a person in it, and gives each an API token (command line).
func (f *fixture) addMembers(t *testing.T, s *server) {
	t.Helper()
	f.point(s)
	ctx := context.Background()
	for w := range writers {
		var o, p struct {
			ID int64 `json:"id"`
		}
		status, err := f.admin.call(ctx, "POST", "/api/v1/organisations", map[string]any{"kind": "municipality", "name": fmt.Sprintf("Skrivekommune %d", w),
			"municipality_number": fmt.Sprintf("98%02d", w), "county_number": "98", "county_name": "Skrivefylke", "population": 1000 + w}, &o)
		if err != nil || status != 201 {
			t.Fatalf("create municipality: %d %v", status, err)
		}
		email := fmt.Sprintf("member%d@test.samstyr.no", w)
		status, err = f.admin.call(ctx, "POST", "/api/v1/people", map[string]any{"name": fmt.Sprintf("Medlem %d", w), "email": email,
			"organisation_id": o.ID, "password": "a long enough passphrase"}, &p)
		if err != nil || status != 201 {
			t.Fatalf("create member: %d %v", status, err)
		}
		out := strings.Split(strings.TrimSpace(mustCLI(t, f.tg, "", "token", "create", "--email", email)), "\n")
		f.members = append(f.members, newClient(s.URL, out[len(out)-1]))
	}
	var b struct {
		ID int64 `json:"id"`
	}
	status, err := f.admin.call(ctx, "POST", "/api/v1/bodies", map[string]any{"kind": "steering_group", "slug": "sg-skrive",
		"name_nb": "Styringsgruppe for skriveprøven", "name_nn": "Styringsgruppe for skriveprøva", "name_en": "Write test steering group"}, &b)
	if err != nil || status != 201 {
		t.Fatalf("create body: %d %v", status, err)
	}
	f.body = b.ID
}

// point aims every client at a (restarted) server.
func (f *fixture) point(s *server) {
	f.admin.base = s.URL
	for _, c := range append(f.writers, f.members...) {
		c.base = s.URL
	}
}

// needToBack returns a need of another writer that writer w has not looked
// at yet, or 0.
func (f *fixture) needToBack(w int) int64 {
	f.mu.Lock()
	defer f.mu.Unlock()
	for f.backed[w] < len(f.needs) {
		n := f.needs[f.backed[w]]
		f.backed[w]++
		if n.writer != w {
			return n.id
		}
	}
	return 0
}

var _ = addWriteKinds(writeKind{
	name: "organisation",
	write: func(ctx context.Context, f *fixture, w, n int) (ack, bool) {
		name := fmt.Sprintf("Skrive %d-%06d AS", w, n)
		var o struct {
			ID int64 `json:"id"`
		}
		status, err := f.writers[w].call(ctx, "POST", "/api/v1/organisations", map[string]string{"kind": "vendor", "name": name}, &o)
		return ack{kind: "organisation", id: o.ID, key: name}, err == nil && status == 201 && o.ID > 0
	},
	verify: func(t *testing.T, f *fixture, acks []ack) {
		found := map[string][]int64{}
		cursor := ""
		for {
			var page struct {
				Items []struct {
					ID   int64  `json:"id"`
					Name string `json:"name"`
				} `json:"items"`
				Next string `json:"next_cursor"`
			}
			status, err := f.admin.call(context.Background(), "GET", "/api/v1/organisations?kind=vendor&q=Skrive&limit=500&cursor="+url.QueryEscape(cursor), nil, &page)
			if err != nil || status != 200 {
				t.Fatalf("list organisations: %d %v", status, err)
			}
			for _, o := range page.Items {
				found[o.Name] = append(found[o.Name], o.ID)
			}
			if cursor = page.Next; cursor == "" {
				break
			}
		}
		for _, a := range acks {
			if ids := found[a.key]; !slices.Equal(ids, []int64{a.id}) {
				t.Errorf("acknowledged organisation %q (id %d) is stored as %v", a.key, a.id, ids)
			}
		}
	},
})

// needResponse is the part of GET /api/v1/needs/{id} the checks read.
type needResponse struct {
	ID       int64  `json:"id"`
	Title    string `json:"title"`
	Backings []struct {
		ID     int64 `json:"id"`
		NeedID int64 `json:"need_id"`
	} `json:"backings"`
}

var _ = addWriteKinds(writeKind{
	name: "need",
	write: func(ctx context.Context, f *fixture, w, n int) (ack, bool) {
		title := fmt.Sprintf("Skrivebehov %d-%06d", w, n)
		var need needResponse
		status, err := f.members[w].call(ctx, "POST", "/api/v1/needs", map[string]any{"title": title, "problem": "Problem " + title,
			"area": "plan", "affected": []string{"citizens"}}, &need)
		if err != nil || status != 201 || need.ID == 0 {
			return ack{}, false
		}
		f.mu.Lock()
		f.needs = append(f.needs, needRef{id: need.ID, writer: w})
		f.mu.Unlock()
		return ack{kind: "need", id: need.ID, key: title}, true
	},
	verify: func(t *testing.T, f *fixture, acks []ack) {
		for _, a := range acks {
			var need needResponse
			status, err := f.admin.call(context.Background(), "GET", fmt.Sprintf("/api/v1/needs/%d", a.id), nil, &need)
			if err != nil || status != 200 || need.Title != a.key {
				t.Errorf("acknowledged need %d %q: %d %q %v", a.id, a.key, status, need.Title, err)
			}
		}
	},
}, writeKind{
	name: "backing",
	write: func(ctx context.Context, f *fixture, w, n int) (ack, bool) {
		id := f.needToBack(w)
		if id == 0 {
			return ack{}, false
		}
		var b struct {
			ID int64 `json:"id"`
		}
		status, err := f.members[w].call(ctx, "POST", fmt.Sprintf("/api/v1/needs/%d/backings", id), map[string]string{"comment": "Skrivestøtte"}, &b)
		return ack{kind: "backing", id: b.ID, key: fmt.Sprint(id)}, err == nil && status == 201 && b.ID > 0
	},
	verify: func(t *testing.T, f *fixture, acks []ack) {
		byNeed := map[string][]ack{}
		for _, a := range acks {
			byNeed[a.key] = append(byNeed[a.key], a)
		}
		for needID, as := range byNeed {
			var need needResponse
			status, err := f.admin.call(context.Background(), "GET", "/api/v1/needs/"+needID, nil, &need)
			if err != nil || status != 200 {
				t.Fatalf("need %s: %d %v", needID, status, err)
			}
			count := map[int64]int{}
			for _, b := range need.Backings {
				count[b.ID]++
			}
			for _, a := range as {
				if count[a.id] != 1 {
					t.Errorf("acknowledged backing %d of need %s appears %d times", a.id, needID, count[a.id])
				}
			}
		}
	},
})

var _ = addWriteKinds(writeKind{
	name: "case",
	write: func(ctx context.Context, f *fixture, w, n int) (ack, bool) {
		var c struct {
			ID     int64  `json:"id"`
			Number string `json:"number"`
		}
		status, err := f.writers[w].call(ctx, "POST", "/api/v1/cases", map[string]any{"body_id": f.body, "kind": "information",
			"title": fmt.Sprintf("Skrivesak %d-%06d", w, n)}, &c)
		return ack{kind: "case", id: c.ID, key: c.Number}, err == nil && status == 201 && c.ID > 0 && c.Number != ""
	},
	// Every acknowledged case is there with the number it was given, and no
	// number was given twice (the counter survived the kills).
	verify: func(t *testing.T, f *fixture, acks []ack) {
		numbers := map[string]int64{}
		for _, a := range acks {
			var c struct {
				ID     int64  `json:"id"`
				Number string `json:"number"`
			}
			status, err := f.admin.call(context.Background(), "GET", fmt.Sprintf("/api/v1/cases/%d", a.id), nil, &c)
			if err != nil || status != 200 || c.Number != a.key {
				t.Errorf("acknowledged case %d number %s: %d %q %v", a.id, a.key, status, c.Number, err)
			}
			if other, dup := numbers[a.key]; dup && other != a.id {
				t.Errorf("case number %s given to cases %d and %d", a.key, other, a.id)
			}
			numbers[a.key] = a.id
		}
	},
})

// stream runs the writers against the server until ctx ends and returns
// what the server acknowledged. first (if not nil) is closed at the first
// acknowledgement.
func stream(ctx context.Context, f *fixture, next []int, first chan struct{}) []ack {
	var mu sync.Mutex
	var acks []ack
	var wg sync.WaitGroup
	for w := range f.writers {
		wg.Go(func() {
			for ctx.Err() == nil {
				k := writeKinds[next[w]%len(writeKinds)]
				a, ok := k.write(ctx, f, w, next[w])
				next[w]++
				if ok {
					mu.Lock()
					acks = append(acks, a)
					if len(acks) == 1 && first != nil {
						close(first)
					}
					mu.Unlock()
				}
			}
		})
	}
	wg.Wait()
	return acks
}

// verifyAcks checks every acknowledged write, kind by kind.
func verifyAcks(t *testing.T, f *fixture, acks []ack) {
	t.Helper()
	for _, k := range writeKinds {
		var mine []ack
		for _, a := range acks {
			if a.kind == k.name {
				mine = append(mine, a)
			}
		}
		k.verify(t, f, mine)
	}
}

// TestCrashDurability streams writes from several clients at samstyr
// serve, kills it with SIGKILL at a random moment, checks the audit chain
// of the database as the crash left it (samstyr audit verify), restarts
// it, and checks that every write the server acknowledged is there exactly
// once; again and again (20 times on SQLite, 5 on PostgreSQL, 200 with
// -long).
func TestCrashDurability(t *testing.T) {
	tg := newTarget(t)
	cycles := 20
	if tg.postgres() {
		cycles = 5
	}
	if *long {
		cycles = 200
	}
	seed := uint64(time.Now().UnixNano())
	t.Logf("%d kill cycles, random seed %d", cycles, seed)
	rng := rand.New(rand.NewPCG(seed, 1))
	f := newFixture(t, tg)
	next := make([]int, writers)
	var all []ack
	s := startServer(t, tg)
	f.addMembers(t, s)
	for cycle := range cycles {
		f.point(s)
		ctx, cancel := context.WithCancel(context.Background())
		done, first := make(chan []ack, 1), make(chan struct{})
		go func() { done <- stream(ctx, f, next, first) }()
		// Kill at a random moment once the writes flow.
		select {
		case <-first:
		case <-time.After(60 * time.Second):
			t.Errorf("cycle %d: no write acknowledged within a minute", cycle)
		}
		time.Sleep(time.Duration(rng.IntN(700)) * time.Millisecond)
		s.kill()
		cancel()
		acks := <-done
		all = append(all, acks...)
		if code, out, errOut := cli(t, tg, "", "audit", "verify"); code != 0 {
			t.Fatalf("cycle %d: audit verify after the kill: exit %d\n%s%s", cycle, code, out, errOut)
		}
		s = startServer(t, tg)
		f.point(s)
		verifyAcks(t, f, acks)
		if t.Failed() {
			t.Fatalf("cycle %d: acknowledged writes lost", cycle)
		}
	}
	verifyAcks(t, f, all)
	s.stop()
	checkAuditCovers(t, tg, all)
	t.Logf("%d writes acknowledged over %d kills", len(all), cycles)
}

// checkAuditCovers opens the database directly and checks that every
// acknowledged organisation has exactly one org.create event.
func checkAuditCovers(t *testing.T, tg target, acks []ack) {
	t.Helper()
	ctx := context.Background()
	db, err := store.Open(ctx, store.Options{URL: tg.URL, Path: tg.Data + "/samstyr.db"})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, a := range acks {
		if a.kind != "organisation" {
			continue
		}
		n, err := db.CountRowsForTest(ctx, "audit_events", "action = 'org.create' AND object_id = '"+strconv.FormatInt(a.id, 10)+"'")
		if err != nil || n != 1 {
			t.Errorf("organisation %d: %d org.create events (%v)", a.id, n, err)
		}
	}
}
