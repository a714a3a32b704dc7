package server_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/samstyr/samstyr/internal/audit"
	"github.com/samstyr/samstyr/internal/notify"
	"github.com/samstyr/samstyr/internal/policy"
	"github.com/samstyr/samstyr/internal/testutil/apptest"
)

// concurrentWrites is how many requests of each write kind run at once.
const concurrentWrites = 50

// writeKind is one kind of write for TestConcurrentWritesLoseNothing: send
// makes write i (half of them through the API, half through the pages where
// both exist) and returns the id the server acknowledged, or 0; check then
// verifies that every acknowledged write is stored exactly once.
type writeKind struct {
	name   string
	action string // the audit action each write records, "" for none
	setup  func(t *testing.T, a *apptest.App) any
	send   func(a *apptest.App, c map[string]*apptest.Client, state any, i int) (int64, error)
	check  func(t *testing.T, a *apptest.App, state any, acked []int64)
}

// writeKinds are the write kinds of every area; areas add theirs through
// addWriteKinds.
var writeKinds []writeKind

func addWriteKinds(k ...writeKind) bool { writeKinds = append(writeKinds, k...); return true }

var reLocationID = regexp.MustCompile(`/(\d+)$`)

// createdID reads the id of what a write created: from the Location of a
// 201 or 303 answer.
func createdID(res *apptest.Response, want int) (int64, error) {
	if res.StatusCode != want {
		return 0, fmt.Errorf("status %d: %.200s", res.StatusCode, res.Body)
	}
	m := reLocationID.FindStringSubmatch(res.Header.Get("Location"))
	if m == nil {
		return 0, fmt.Errorf("status %d without the new id in Location %q", res.StatusCode, res.Header.Get("Location"))
	}
	return strconv.ParseInt(m[1], 10, 64)
}

var _ = addWriteKinds(
	writeKind{name: "organisation create", action: "org.create",
		send: func(a *apptest.App, c map[string]*apptest.Client, _ any, i int) (int64, error) {
			name := fmt.Sprintf("Samtidig %02d AS", i)
			if i%2 == 0 {
				return createdID(c["admin"].API("POST", "/api/v1/organisations", `{"kind":"vendor","name":"`+name+`"}`), http.StatusCreated)
			}
			return createdID(c["admin"].PostForm("/organisations", url.Values{"kind": {"vendor"}, "name": {name}}), http.StatusSeeOther)
		},
		check: func(t *testing.T, a *apptest.App, _ any, acked []int64) {
			for _, id := range acked {
				o, err := a.Orgs.Get(context.Background(), policy.SystemActor, id)
				if err != nil || !strings.HasPrefix(o.Name, "Samtidig ") {
					t.Errorf("organisation %d acknowledged but stored as %+v, %v", id, o, err)
				}
			}
			wantRows(t, a, "organisations", "name LIKE 'Samtidig %'", len(acked))
		}},
	writeKind{name: "person create", action: "person.create",
		send: func(a *apptest.App, c map[string]*apptest.Client, _ any, i int) (int64, error) {
			email := fmt.Sprintf("samtidig-%02d@test.samstyr.no", i)
			if i%2 == 0 {
				return createdID(c["admin"].API("POST", "/api/v1/people", `{"name":"Samtidig `+strconv.Itoa(i)+`","email":"`+email+`"}`), http.StatusCreated)
			}
			return createdID(c["admin"].PostForm("/admin/people", url.Values{"name": {"Samtidig " + strconv.Itoa(i)}, "email": {email},
				"locale": {"nb"}, "notify_mode": {"immediate"}}), http.StatusSeeOther)
		},
		check: func(t *testing.T, a *apptest.App, _ any, acked []int64) {
			for _, id := range acked {
				p, err := a.Auth.GetPerson(context.Background(), policy.SystemActor, id)
				if err != nil || !strings.HasPrefix(p.Email, "samtidig-") {
					t.Errorf("person %d acknowledged but stored as %+v, %v", id, p, err)
				}
			}
			wantRows(t, a, "people", "email LIKE 'samtidig-%'", len(acked))
		}},
	writeKind{name: "token create", action: "token.create",
		send: func(a *apptest.App, c map[string]*apptest.Client, _ any, i int) (int64, error) {
			res := c["member"].PostForm("/account/tokens", url.Values{"name": {fmt.Sprintf("samtidig %02d", i)}})
			m := regexp.MustCompile(`id="new-token">(sst_[^<]+)<`).FindStringSubmatch(res.Body)
			if res.StatusCode != http.StatusOK || m == nil {
				return 0, fmt.Errorf("status %d without the new token", res.StatusCode)
			}
			actor, err := a.Auth.AuthenticateToken(context.Background(), m[1])
			if err != nil || actor.PersonID != a.People["member"].ID {
				return 0, fmt.Errorf("the new token does not authenticate: %v", err)
			}
			ts, err := a.DB.FindTokens(context.Background(), a.People["member"].ID)
			for _, tk := range ts {
				if tk.Name == fmt.Sprintf("samtidig %02d", i) {
					return tk.ID, err
				}
			}
			return 0, fmt.Errorf("token samtidig %02d not listed", i)
		},
		check: func(t *testing.T, a *apptest.App, _ any, acked []int64) {
			wantRows(t, a, "api_tokens", "name LIKE 'samtidig %'", len(acked))
		}},
	writeKind{name: "notification mark-read",
		setup: func(t *testing.T, a *apptest.App) any {
			ctx := context.Background()
			member := a.People["member"].ID
			err := a.DB.WithTx(ctx, func(ctx context.Context) error {
				for i := range 2 * concurrentWrites {
					if err := a.Notify.Notify(ctx, []int64{member}, notify.Notice{Kind: "test", SubjectKey: "notifications.title",
						BodyKey: "notifications.title", Link: "/", ObjectType: "test", ObjectID: int64(i)}); err != nil {
						return err
					}
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			page, err := a.Notify.List(ctx, &policy.Actor{PersonID: member}, true, 500, 0)
			if err != nil || len(page.Items) != 2*concurrentWrites {
				t.Fatalf("notifications: %d, %v", len(page.Items), err)
			}
			var ids []int64
			for _, n := range page.Items {
				ids = append(ids, n.ID)
			}
			return ids
		},
		send: func(a *apptest.App, c map[string]*apptest.Client, state any, i int) (int64, error) {
			ids := state.([]int64)[2*i : 2*i+2]
			var res *apptest.Response
			if i%2 == 0 {
				b, _ := json.Marshal(map[string][]int64{"ids": ids})
				if res = c["member"].API("POST", "/api/v1/notifications/read", string(b)); res.StatusCode != http.StatusNoContent {
					return 0, fmt.Errorf("status %d", res.StatusCode)
				}
			} else if res = c["member"].PostForm("/account/notifications/read", url.Values{"id": {fmt.Sprint(ids[0]), fmt.Sprint(ids[1])}}); res.StatusCode != http.StatusSeeOther {
				return 0, fmt.Errorf("status %d", res.StatusCode)
			}
			return ids[0], nil
		},
		check: func(t *testing.T, a *apptest.App, state any, acked []int64) {
			n, err := a.Notify.Unread(context.Background(), &policy.Actor{PersonID: a.People["member"].ID})
			if err != nil || n != 0 {
				t.Errorf("after marking all read, %d unread (%v)", n, err)
			}
			if res := a.Client("member").Get("/account/notifications"); strings.Contains(res.Body, "nye varsler") || strings.Contains(res.Body, "nytt varsel") {
				t.Errorf("the page still counts unread notifications")
			}
		}},
)

// wantRows checks the number of rows of a table matching where.
func wantRows(t *testing.T, a *apptest.App, table, where string, want int) {
	t.Helper()
	n, err := a.DB.CountRowsForTest(context.Background(), table, where)
	if err != nil || n != want {
		t.Errorf("%s where %s: %d rows (%v), want %d: a write was lost or doubled", table, where, n, err, want)
	}
}

// TestConcurrentWritesLoseNothing sends 50 concurrent requests of each write
// kind through the API and the pages (run it with -race, as make test does)
// and checks that no write is lost or doubled: every acknowledged write is
// stored exactly once, with exactly one audit event, and the audit chain is
// intact.
func TestConcurrentWritesLoseNothing(t *testing.T) {
	a := apptest.New(t)
	clients := map[string]*apptest.Client{}
	for _, role := range apptest.Roles {
		clients[role] = a.Client(role)
	}
	for _, k := range writeKinds {
		t.Run(k.name, func(t *testing.T) {
			var state any
			if k.setup != nil {
				state = k.setup(t, a)
			}
			before := a.ChangeCount()
			acked := make([]int64, concurrentWrites)
			errors := make([]error, concurrentWrites)
			var wg sync.WaitGroup
			start := make(chan struct{})
			for i := range concurrentWrites {
				wg.Go(func() {
					<-start
					acked[i], errors[i] = k.send(a, clients, state, i)
				})
			}
			close(start)
			wg.Wait()
			seen := map[int64]bool{}
			for i, err := range errors {
				if err != nil {
					t.Errorf("write %d: %v", i, err)
				} else if seen[acked[i]] {
					t.Errorf("write %d: id %d acknowledged twice", i, acked[i])
				}
				seen[acked[i]] = true
			}
			k.check(t, a, state, acked)
			if k.action != "" {
				wantAudit(t, a, k.action, before, acked)
			}
		})
	}
	a.VerifyAudit()
}

// wantAudit checks that each acknowledged id has exactly one audit event of
// action after seq before.
func wantAudit(t *testing.T, a *apptest.App, action string, before int64, acked []int64) {
	t.Helper()
	evs, err := a.DB.FindAuditEvents(context.Background(), audit.Filter{Action: action, Limit: 10 * concurrentWrites})
	if err != nil {
		t.Fatal(err)
	}
	count := map[string]int{}
	for _, e := range evs {
		if e.Seq > before {
			count[e.ObjectID]++
		}
	}
	for _, id := range acked {
		if n := count[fmt.Sprint(id)]; n != 1 {
			t.Errorf("%s %d: %d audit events, want 1", action, id, n)
		}
	}
	if len(count) != len(acked) {
		t.Errorf("%s: %d objects in the audit log, %d writes acknowledged", action, len(count), len(acked))
	}
}
