package server_test

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/samstyr/samstyr/internal/meetings"
	"github.com/samstyr/samstyr/internal/needs"
	"github.com/samstyr/samstyr/internal/policy"
	"github.com/samstyr/samstyr/internal/testutil/apptest"
)

// homeTasks is what homeFixture made for the home pages to show.
type homeTasks struct {
	submitted, inRound *needs.Need
	round              int64
	upcoming, held     *meetings.Meeting
	caseID             int64
	action             *meetings.Action
}

// homeFixture gives the secretariat a need to triage and minutes to
// approve, the user council member a need to score, a coming meeting of
// their council and an action with a deadline.
func homeFixture(t testing.TB, a *apptest.App) homeTasks {
	ctx := context.Background()
	sys := policy.SystemActor
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatalf("home fixture: %v", err)
		}
	}
	member, err := a.DB.FindActor(ctx, a.People["member"].ID, a.DB.Now())
	must(err)
	var h homeTasks
	h.submitted, err = a.Needs.Create(ctx, member, needs.Input{Title: "Heimebehov til mottak", Problem: "Venter på sekretariatet.", Area: "plan", Affected: []string{"citizens"}})
	must(err)
	h.inRound, err = a.Needs.Create(ctx, member, needs.Input{Title: "Heimebehov til skåring", Problem: "Skal skåres.", Area: "bygg", Affected: []string{"citizens"}})
	must(err)
	for _, to := range []string{needs.InTriage, needs.UnderAssessment} {
		_, err = a.Needs.Transition(ctx, sys, h.inRound.ID, needs.Transition{To: to, Comment: "fixture"})
		must(err)
	}
	m, err := a.Needs.LatestMethod(ctx, nil)
	must(err)
	r, err := a.Needs.OpenRound(ctx, sys, needs.RoundInput{Name: "Heimerunde", MethodID: m.ID, NeedIDs: []int64{h.inRound.ID}})
	must(err)
	h.round = r.ID

	uc := a.Bodies[policy.BodyUserCouncil].ID
	start := time.Now().Add(-72 * time.Hour).Truncate(time.Minute)
	h.held = &meetings.Meeting{BodyID: uc, StartsAt: start, EndsAt: start.Add(2 * time.Hour), Place: "KS-huset"}
	must(a.Meetings.CreateMeeting(ctx, sys, h.held))
	c := &meetings.Case{BodyID: uc, Kind: meetings.KindDecision, Title: "Heimesak", ProposedDecision: "Vedtak"}
	must(a.Meetings.CreateCase(ctx, sys, c))
	h.caseID = c.ID
	_, err = a.Meetings.MoveCase(ctx, sys, c.ID, meetings.CaseOnAgenda, h.held.ID)
	must(err)
	_, err = a.Meetings.PublishNotice(ctx, sys, h.held.ID)
	must(err)
	_, err = a.Meetings.Hold(ctx, sys, h.held.ID)
	must(err)
	d := &meetings.Decision{Kind: "advice", Text: "Rådet anbefaler.", Unanimous: true}
	must(a.Meetings.RecordDecision(ctx, sys, c.ID, d))
	h.action = &meetings.Action{Title: "Skrive høringssvar", OwnerID: a.People["user_council"].ID, Deadline: time.Now().AddDate(0, 0, 14)}
	must(a.Meetings.CreateAction(ctx, sys, d.ID, h.action))
	next := time.Now().Add(10 * 24 * time.Hour).Truncate(time.Minute)
	h.upcoming = &meetings.Meeting{BodyID: uc, StartsAt: next, EndsAt: next.Add(time.Hour), Place: "Teams"}
	must(a.Meetings.CreateMeeting(ctx, sys, h.upcoming))
	return h
}

// TestHomeShowsTasks: sign-in lands on the home page, which shows each
// person the tasks that are theirs and links to each item (issue 10, item
// 10); the API gives the same lists.
func TestHomeShowsTasks(t *testing.T) {
	a := apptest.New(t)
	h := homeFixture(t, a)

	// Sign-in lands on the home page, not account settings.
	c := a.NewClient()
	c.Login(a.People["secretariat"].Email, apptest.Password)
	if loc := c.Get("/login").Header.Get("Location"); loc != "/" {
		t.Fatalf("signed in, /login sends to %q, want /", loc)
	}

	sec := htmlDoc(t, expect(t, a.Client("secretariat").Get("/"), 200))
	for sel, what := range map[string]string{
		fmt.Sprintf("#tasks-triage a[href='/needs/%d']", h.submitted.ID):             "the need to triage",
		fmt.Sprintf("#tasks-minutes a[href='/meetings/%d/minutes/edit']", h.held.ID): "the minutes to approve",
		fmt.Sprintf("#tasks-meetings a[href='/meetings/%d']", h.upcoming.ID):         "the coming meeting (every body)",
	} {
		if sec.Find(sel).Length() != 1 {
			t.Errorf("secretariat's home lacks %s (%s)", what, sel)
		}
	}
	if sec.Find(fmt.Sprintf("#tasks-triage a[href='/needs/%d']", h.inRound.ID)).Length() != 0 || sec.Find("#tasks-actions").Length() != 0 {
		t.Error("secretariat's home shows what is not theirs to do")
	}

	uc := htmlDoc(t, expect(t, a.Client("user_council").Get("/"), 200))
	for sel, what := range map[string]string{
		fmt.Sprintf("#tasks-scores a[href='/assessment/rounds/%d/needs/%d']", h.round, h.inRound.ID): "the need to score",
		fmt.Sprintf("#tasks-actions a[href='/actions/%d']", h.action.ID):                             "their action",
		fmt.Sprintf("#tasks-meetings a[href='/meetings/%d']", h.upcoming.ID):                         "their council's coming meeting",
	} {
		if uc.Find(sel).Length() != 1 {
			t.Errorf("user council member's home lacks %s (%s)", what, sel)
		}
	}
	if uc.Find("#tasks-triage").Length() != 0 || uc.Find("#tasks-minutes").Length() != 0 {
		t.Error("user council member's home shows the secretariat's tasks")
	}

	member := htmlDoc(t, expect(t, a.Client("member").Get("/"), 200))
	if member.Find("#no-tasks").Length() != 1 || member.Find("#tasks-meetings").Length() != 0 {
		t.Error("a member without tasks is not told so")
	}

	// The API gives the same lists.
	var tasks struct {
		Needs    needs.Tasks    `json:"needs"`
		Meetings meetings.Tasks `json:"meetings"`
	}
	res := expect(t, a.Client("user_council").API("GET", "/api/v1/me/tasks", ""), 200)
	if err := json.Unmarshal([]byte(res.Body), &tasks); err != nil {
		t.Fatal(err)
	}
	if len(tasks.Needs.ScoresDue) != 1 || tasks.Needs.ScoresDue[0].Needs[0].ID != h.inRound.ID || len(tasks.Needs.Triage) != 0 ||
		len(tasks.Meetings.Actions) != 1 || tasks.Meetings.Actions[0].ID != h.action.ID || len(tasks.Meetings.Upcoming) != 1 {
		t.Errorf("API tasks of the user council member: %+v", tasks)
	}
	if res := a.NewClient().API("GET", "/api/v1/me/tasks", ""); res.StatusCode != 401 {
		t.Errorf("the public's tasks: %d", res.StatusCode)
	}
}

// TestDecisionsRegister: the menu has cases and decisions; the register
// lists decisions across bodies, filters by body and year, and links each
// to its case and meeting; the case list names each case's body (1/26
// exists in every body). Pages and API agree.
func TestDecisionsRegister(t *testing.T) {
	a := apptest.New(t)
	h := homeFixture(t, a)
	uc, sc := a.Bodies[policy.BodyUserCouncil].ID, a.Bodies[policy.BodyStrategicCouncil].ID
	year := time.Now().Year()
	for _, role := range []string{"anonymous", "member"} {
		c := a.Client(role)
		home := htmlDoc(t, expect(t, c.Get("/"), 200))
		if home.Find("nav a[href='/cases']").Length() == 0 || home.Find("nav a[href='/decisions']").Length() == 0 {
			t.Errorf("%s: the menu lacks cases or decisions", role)
		}
		reg := htmlDoc(t, expect(t, c.Get(fmt.Sprintf("/decisions?body=%d&year=%d", uc, year)), 200))
		row := reg.Find("#decisions tbody tr")
		if row.Length() != 1 || row.Find(fmt.Sprintf("a[href='/cases/%d']", h.caseID)).Length() != 1 ||
			row.Find(fmt.Sprintf("a[href='/meetings/%d']", h.held.ID)).Length() != 1 || row.Find(fmt.Sprintf("a[href='/bodies/%d']", uc)).Length() != 1 {
			t.Errorf("%s: register row: %s", role, snippet(expect(t, c.Get("/decisions"), 200).Body))
		}
		for _, q := range []string{fmt.Sprintf("body=%d", sc), fmt.Sprintf("year=%d", year-1)} {
			if n := htmlDoc(t, expect(t, c.Get("/decisions?"+q), 200)).Find("#decisions tbody tr").Length(); n != 0 {
				t.Errorf("%s: /decisions?%s has %d rows", role, q, n)
			}
		}
		list := htmlDoc(t, expect(t, c.Get("/cases"), 200))
		if got := list.Find("table.ds-table thead th").Eq(1).Text(); got != "Organ" {
			t.Errorf("%s: the case list's second column is %q, want the body", role, got)
		}
		if list.Find("table.ds-table tbody tr td").Eq(1).Text() != "user_council" {
			t.Errorf("%s: the case list does not name the body", role)
		}
	}
	expect(t, a.NewClient().Get("/decisions?year=tjuetjueseks"), 422)

	var page struct {
		Items []meetings.Case `json:"items"`
	}
	res := expect(t, a.NewClient().API("GET", fmt.Sprintf("/api/v1/decisions?body=%d&year=%d", uc, year), ""), 200)
	if err := json.Unmarshal([]byte(res.Body), &page); err != nil || len(page.Items) != 1 || page.Items[0].ID != h.caseID ||
		page.Items[0].Decision == nil || page.Items[0].Decision.Text != "Rådet anbefaler." || page.Items[0].MeetingID != h.held.ID {
		t.Errorf("API register: %v %s", err, res.Body)
	}
	if res := a.NewClient().API("GET", "/api/v1/decisions?year=x", ""); res.StatusCode != 422 || !strings.Contains(res.Body, `"year"`) {
		t.Errorf("API bad year: %d %s", res.StatusCode, res.Body)
	}
}
