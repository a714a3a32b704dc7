package server_test

// Every state machine under parallel moves (issue 9, item 1): 50 requests
// that each try the same move of one record must give exactly one success,
// one history row and one audit event, on SQLite and on PostgreSQL. Before
// write transactions were serialised on PostgreSQL, READ COMMITTED let
// several of them read the old state and all succeed.

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/samstyr/samstyr/internal/audit"
	"github.com/samstyr/samstyr/internal/needs"
	"github.com/samstyr/samstyr/internal/policy"
	"github.com/samstyr/samstyr/internal/testutil/apptest"
)

// parallelMoves sends n requests at once and returns their statuses.
func parallelMoves(n int, send func(i int) *apptest.Response) []int {
	statuses := make([]int, n)
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i := range n {
		wg.Go(func() {
			<-start
			statuses[i] = send(i).StatusCode
		})
	}
	close(start)
	wg.Wait()
	return statuses
}

// oneWinner checks that exactly one request succeeded (ok) and every other
// one was refused as a conflict.
func oneWinner(t *testing.T, what string, statuses []int, ok int) {
	t.Helper()
	count := map[int]int{}
	for _, s := range statuses {
		count[s]++
	}
	if count[ok] != 1 || count[ok]+count[http.StatusConflict] != len(statuses) {
		t.Errorf("%s: statuses %v, want one %d and %d × 409", what, count, ok, len(statuses)-1)
	}
}

// auditEvents counts the audit events of action on one object after seq.
func auditEvents(t *testing.T, a *apptest.App, action, objectID string, after int64) int {
	t.Helper()
	evs, err := a.DB.FindAuditEvents(context.Background(), audit.Filter{Action: action, ObjectID: objectID, Limit: 500})
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, e := range evs {
		if e.Seq > after {
			n++
		}
	}
	return n
}

func apiJSON(t *testing.T, res *apptest.Response, status int) map[string]any {
	t.Helper()
	if res.StatusCode != status {
		t.Fatalf("status %d, want %d: %.300s", res.StatusCode, status, res.Body)
	}
	var m map[string]any
	if err := json.Unmarshal([]byte(res.Body), &m); err != nil {
		t.Fatalf("answer is not JSON: %v", err)
	}
	return m
}

func idOf(m map[string]any) int64 { return int64(m["id"].(float64)) }

func TestParallelNeedMovesOneWins(t *testing.T) {
	a := apptest.New(t)
	sec := a.Client("secretariat")
	n := harnessNeed(t, a, "Behov som flyttes samtidig")
	path := fmt.Sprintf("/api/v1/needs/%d/transitions", n.ID)
	objectID := fmt.Sprint(n.ID)

	before := a.ChangeCount()
	statuses := parallelMoves(concurrentWrites, func(int) *apptest.Response {
		return sec.API("POST", path, `{"to":"in_triage","comment":"Til vurdering"}`)
	})
	oneWinner(t, "submitted → in_triage", statuses, http.StatusOK)
	if got := auditEvents(t, a, "need.transition", objectID, before); got != 1 {
		t.Errorf("submitted → in_triage: %d audit events, want 1", got)
	}

	// From in_triage, three different moves at once: exactly one wins and
	// the stored state is the winner's.
	targets := []string{needs.UnderAssessment, needs.Returned, needs.Rejected}
	before = a.ChangeCount()
	statuses = parallelMoves(concurrentWrites, func(i int) *apptest.Response {
		return sec.API("POST", path, fmt.Sprintf(`{"to":%q,"comment":"Avgjort","reason":"Utenfor programmet"}`, targets[i%3]))
	})
	oneWinner(t, "in_triage → one of three", statuses, http.StatusOK)
	if got := auditEvents(t, a, "need.transition", objectID, before); got != 1 {
		t.Errorf("in_triage → one of three: %d audit events, want 1", got)
	}
	evs, err := a.Needs.History(context.Background(), policy.SystemActor, n.ID)
	if err != nil {
		t.Fatal(err)
	}
	moves := map[string]int{}
	for _, e := range evs {
		moves[e.From+"→"+e.To]++
	}
	if moves["submitted→in_triage"] != 1 {
		t.Errorf("history has %d moves submitted → in_triage, want 1: %v", moves["submitted→in_triage"], moves)
	}
	last := evs[len(evs)-1]
	got, err := a.Needs.Get(context.Background(), policy.SystemActor, n.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(evs) != 4 || last.From != needs.InTriage || got.State != last.To {
		t.Errorf("history %v ends in %s, the need is %s: they must agree, with one move out of triage", moves, last.To, got.State)
	}
}

// TestParallelNeedEditsAndResubmission edits a returned need ten times at
// once while its organisation resubmits it: every acknowledged edit is in
// the audit log, the stored text is the last acknowledged edit's, and the
// state is the history's.
func TestParallelNeedEditsAndResubmission(t *testing.T) {
	a := apptest.New(t)
	sec, member := a.Client("secretariat"), a.Client("member")
	n := harnessNeed(t, a, "Behov som redigeres samtidig")
	path := fmt.Sprintf("/api/v1/needs/%d", n.ID)
	for _, to := range []string{"in_triage", "returned"} {
		apiJSON(t, sec.API("POST", path+"/transitions", fmt.Sprintf(`{"to":%q,"comment":"Mer informasjon trengs"}`, to)), http.StatusOK)
	}
	before := a.ChangeCount()
	const edits = 10
	statuses := parallelMoves(edits+1, func(i int) *apptest.Response {
		if i == edits {
			return member.API("POST", path+"/transitions", `{"to":"submitted","comment":"Sendt inn på nytt"}`)
		}
		return member.API("PUT", path, fmt.Sprintf(`{"title":"Redigert samtidig %02d","problem":"Problem %02d","area":"bygg","affected":["case_officers"]}`, i, i))
	})
	if statuses[edits] != http.StatusOK {
		t.Fatalf("resubmission: status %d", statuses[edits])
	}
	acked := 0
	for _, s := range statuses[:edits] {
		switch s {
		case http.StatusOK:
			acked++
		case http.StatusConflict: // after the resubmission the need is no longer editable
		default:
			t.Errorf("edit: status %d", s)
		}
	}
	evs, err := a.DB.FindAuditEvents(context.Background(), audit.Filter{ObjectType: "need", ObjectID: fmt.Sprint(n.ID), Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	updates, lastTitle := 0, n.Title
	for i := len(evs) - 1; i >= 0; i-- { // oldest first
		e := evs[i]
		if e.Seq <= before || e.Action != "need.update" {
			continue
		}
		updates++
		var after struct{ Title string }
		if err := json.Unmarshal([]byte(e.After), &after); err != nil {
			t.Fatal(err)
		}
		lastTitle = after.Title
	}
	if updates != acked {
		t.Errorf("%d edits acknowledged, %d in the audit log", acked, updates)
	}
	got, err := a.Needs.Get(context.Background(), policy.SystemActor, n.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Title != lastTitle || got.State != needs.Submitted {
		t.Errorf("stored %q in %s, want the last acknowledged edit %q in submitted: an acknowledged edit was lost", got.Title, got.State, lastTitle)
	}
}

// meetingWithCase sets up, through the API, a meeting of the user council
// with one decision case on its agenda.
func meetingWithCase(t *testing.T, a *apptest.App) (meetingID, caseID int64) {
	t.Helper()
	sec := a.Client("secretariat")
	uc := a.Bodies[policy.BodyUserCouncil].ID
	start := time.Now().Add(-time.Hour).UTC().Format(time.RFC3339)
	end := time.Now().Add(time.Hour).UTC().Format(time.RFC3339)
	m := apiJSON(t, sec.API("POST", "/api/v1/meetings", fmt.Sprintf(`{"body_id":%d,"starts_at":%q,"ends_at":%q,"place":"Oslo"}`, uc, start, end)), 201)
	c := apiJSON(t, sec.API("POST", "/api/v1/cases", fmt.Sprintf(`{"body_id":%d,"kind":"decision","title":"Sak om samtidighet","proposed_decision":"Vedtas."}`, uc)), 201)
	apiJSON(t, sec.API("POST", fmt.Sprintf("/api/v1/cases/%d/move", idOf(c)), fmt.Sprintf(`{"to":"on_agenda","meeting_id":%d}`, idOf(m))), 200)
	return idOf(m), idOf(c)
}

func TestParallelMeetingMovesOneWins(t *testing.T) {
	a := apptest.New(t)
	sec := a.Client("secretariat")
	m, c := meetingWithCase(t, a)
	mid := fmt.Sprint(m)

	// A second case put on the agenda by 50 requests at once.
	uc := a.Bodies[policy.BodyUserCouncil].ID
	c2 := idOf(apiJSON(t, sec.API("POST", "/api/v1/cases", fmt.Sprintf(`{"body_id":%d,"kind":"information","title":"Orientering om samtidighet"}`, uc)), 201))
	before := a.ChangeCount()
	statuses := parallelMoves(concurrentWrites, func(int) *apptest.Response {
		return sec.API("POST", fmt.Sprintf("/api/v1/cases/%d/move", c2), fmt.Sprintf(`{"to":"on_agenda","meeting_id":%d}`, m))
	})
	oneWinner(t, "case on the agenda", statuses, http.StatusOK)
	if got := auditEvents(t, a, "case.on_agenda", fmt.Sprint(c2), before); got != 1 {
		t.Errorf("case on the agenda: %d audit events, want 1", got)
	}

	for _, step := range []struct{ path, action string }{{"publish", "meeting.notice_published"}, {"hold", "meeting.held"}} {
		before := a.ChangeCount()
		statuses := parallelMoves(concurrentWrites, func(int) *apptest.Response {
			return sec.API("POST", fmt.Sprintf("/api/v1/meetings/%d/%s", m, step.path), "")
		})
		oneWinner(t, "meeting "+step.path, statuses, http.StatusOK)
		if got := auditEvents(t, a, step.action, mid, before); got != 1 {
			t.Errorf("meeting %s: %d audit events, want 1", step.path, got)
		}
	}

	before = a.ChangeCount()
	statuses = parallelMoves(concurrentWrites, func(int) *apptest.Response {
		return sec.API("POST", fmt.Sprintf("/api/v1/cases/%d/decision", c), `{"kind":"approval","text":"Vedtatt samtidig.","unanimous":true}`)
	})
	oneWinner(t, "decision", statuses, http.StatusCreated)
	if n, err := a.DB.CountRowsForTest(context.Background(), "decisions", fmt.Sprintf("case_id = %d", c)); err != nil || n != 1 {
		t.Errorf("decisions of the case: %d (%v), want 1", n, err)
	}
	if got := auditEvents(t, a, "decision.create", "", before); got != 1 {
		t.Errorf("decision: %d audit events, want 1", got)
	}
	d, err := a.DB.FindAuditEvents(context.Background(), audit.Filter{Action: "decision.create", Limit: 1})
	if err != nil || len(d) != 1 {
		t.Fatalf("the decision's audit event: %v", err)
	}

	// A follow-up action marked done by 50 requests at once.
	x := apiJSON(t, sec.API("POST", "/api/v1/decisions/"+d[0].ObjectID+"/actions", fmt.Sprintf(`{"title":"Følge opp","owner_id":%d,"deadline":%q}`,
		a.People["secretariat"].ID, time.Now().AddDate(0, 0, 7).Format(time.DateOnly))), 201)
	before = a.ChangeCount()
	statuses = parallelMoves(concurrentWrites, func(int) *apptest.Response {
		return sec.API("POST", fmt.Sprintf("/api/v1/actions/%d/done", idOf(x)), `{"done":true}`)
	})
	okDone := 0
	for _, s := range statuses {
		if s == http.StatusOK {
			okDone++
		}
	}
	if got := auditEvents(t, a, "action.done", fmt.Sprint(idOf(x)), before); got != 1 || okDone == 0 {
		t.Errorf("action done: %d audit events (want 1), %d answers 200", got, okDone)
	}

	apiJSON(t, sec.API("PUT", fmt.Sprintf("/api/v1/meetings/%d/minutes", m), `{"intro":"Referat"}`), 200)
	before = a.ChangeCount()
	today := time.Now().Format(time.DateOnly)
	statuses = parallelMoves(concurrentWrites, func(int) *apptest.Response {
		return sec.API("POST", fmt.Sprintf("/api/v1/meetings/%d/minutes/approve", m), fmt.Sprintf(`{"circulation_date":%q}`, today))
	})
	oneWinner(t, "minutes approval", statuses, http.StatusOK)
	evs, err := a.DB.FindAuditEvents(context.Background(), audit.Filter{Limit: 500})
	if err != nil {
		t.Fatal(err)
	}
	approvals := 0
	for _, e := range evs {
		if e.Seq > before && strings.HasPrefix(e.Action, "minutes.approve") {
			approvals++
		}
	}
	if approvals != 1 {
		t.Errorf("minutes approval: %d audit events, want 1", approvals)
	}
	a.VerifyAudit()
}

func TestParallelRoundCloseOneWins(t *testing.T) {
	a := apptest.New(t)
	sec := a.Client("secretariat")
	n := harnessNeed(t, a, "Behov i en runde som lukkes samtidig")
	path := fmt.Sprintf("/api/v1/needs/%d/transitions", n.ID)
	for _, to := range []string{"in_triage", "under_assessment"} {
		apiJSON(t, sec.API("POST", path, fmt.Sprintf(`{"to":%q,"comment":"Videre"}`, to)), http.StatusOK)
	}
	methods := apiJSON(t, sec.API("GET", "/api/v1/assessment/methods", ""), 200)
	m := methods["items"].([]any)[0].(map[string]any)
	r := apiJSON(t, sec.API("POST", "/api/v1/assessment/rounds", fmt.Sprintf(`{"name":"Samtidig runde","method_id":%d,"need_ids":[%d]}`, idOf(m), n.ID)), 201)
	// Every criterion scored, so that closing is a valid move.
	var scores []map[string]any
	for _, c := range m["criteria"].([]any) {
		c := c.(map[string]any)
		scores = append(scores, map[string]any{"criterion": c["key"], "score": c["min"], "rationale": "Vurdert"})
	}
	body, _ := json.Marshal(map[string]any{"need_id": n.ID, "scores": scores})
	apiJSON(t, sec.API("POST", fmt.Sprintf("/api/v1/assessment/rounds/%d/scores", idOf(r)), string(body)), 201)
	before := a.ChangeCount()
	statuses := parallelMoves(concurrentWrites, func(int) *apptest.Response {
		return sec.API("POST", fmt.Sprintf("/api/v1/assessment/rounds/%d/close", idOf(r)), `{"confirm":true}`)
	})
	oneWinner(t, "round close", statuses, http.StatusOK)
	if got := auditEvents(t, a, "round.close", fmt.Sprint(idOf(r)), before); got != 1 {
		t.Errorf("round close: %d audit events, want 1", got)
	}

	// The method version is used now: 50 edits of it at once make one new
	// version; the others are told to change that one.
	edit := map[string]any{}
	for _, k := range []string{"name", "notes", "backing_weight", "backing_share_full_pct", "backing_municipalities_full", "mandatory_first", "public_states", "criteria"} {
		edit[k] = m[k]
	}
	edit["notes"] = "Endret samtidig"
	body, _ = json.Marshal(edit)
	before = a.ChangeCount()
	wc := a.Client("working_committee")
	statuses = parallelMoves(concurrentWrites, func(int) *apptest.Response {
		return wc.API("PUT", fmt.Sprintf("/api/v1/assessment/methods/%d", idOf(m)), string(body))
	})
	oneWinner(t, "edit of a used method version", statuses, http.StatusCreated)
	if got := auditEvents(t, a, "method.create", "", before); got != 1 {
		t.Errorf("edit of a used method version: %d new versions, want 1", got)
	}
}
