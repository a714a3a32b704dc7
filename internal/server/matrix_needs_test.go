package server_test

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/samstyr/samstyr/internal/needs"
	"github.com/samstyr/samstyr/internal/policy"
	"github.com/samstyr/samstyr/internal/testutil/apptest"
)

// needsFixture creates the needs, method version and rounds the needs rows
// act on:
//
//	{need}     submitted by Oslo (the member's organisation), moved to triage by the transitions row
//	{need2}    kept need of the merge row; {mergefrom} submitted by Bergen, merged into {need2}
//	{need3}    submitted by DiBK: backed and unbacked by the page rows
//	{need4}    submitted by DiBK: backed and unbacked by the API rows
//	{need5}    API transitions; {mergefrom2} merged into it through the API
//	{draft}    a draft of Oslo
//	{att}      an attachment of {need3}
//	{elig}     a need under assessment, in {round} and {round2}
//	{method}   an unused method version (the working committee edits it in place)
//	{round}    an open round (scored and closed by the page rows)
//	{round2}   an open round (scored and closed by the API rows)
//	{scoreform}, {scorejson}: complete scores for the seeded method
func needsFixture(t testing.TB, a *apptest.App) []string {
	ctx := context.Background()
	actor := func(p *apptest.Person) *policy.Actor {
		ac, err := a.DB.FindActor(ctx, p.ID, time.Now())
		if err != nil {
			t.Fatal(err)
		}
		return ac
	}
	oslo, sec := actor(a.People["member"]), actor(a.People["secretariat"])
	bergen := actor(a.People["user_council"])
	dibk := actor(a.NewPerson("dibk", "dibk", "", false))
	mk := func(who *policy.Actor, title string, draft bool) *needs.Need {
		n, err := a.Needs.Create(ctx, who, needs.Input{Title: title, Problem: "Problem: " + title, Area: "plan", Affected: []string{"citizens"}, Draft: draft})
		if err != nil {
			t.Fatalf("fixture need %q: %v", title, err)
		}
		return n
	}
	move := func(n *needs.Need, to string) {
		if _, err := a.Needs.Transition(ctx, sec, n.ID, needs.Transition{To: to, Comment: "fixture"}); err != nil {
			t.Fatalf("fixture move %s: %v", to, err)
		}
	}
	need, need2, need3, need4, need5 := mk(oslo, "Matrise behov", false), mk(oslo, "Matrise beholdes", false), mk(dibk, "Matrise tilslutning side", false),
		mk(dibk, "Matrise tilslutning API", false), mk(oslo, "Matrise API-overgang", false)
	mergeFrom, mergeFrom2 := mk(bergen, "Matrise duplikat", false), mk(bergen, "Matrise duplikat API", false)
	draft := mk(oslo, "Matrise utkast", true)
	elig := mk(oslo, "Matrise i runde", false)
	move(elig, needs.InTriage)
	move(elig, needs.UnderAssessment)
	att := &needs.Attachment{Name: "notat.pdf", Data: []byte("%PDF-1.4\n%%EOF\n")}
	if err := a.Needs.Attach(ctx, dibk, need3.ID, att); err != nil {
		t.Fatal(err)
	}
	m, err := a.Needs.LatestMethod(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	copyM := *m
	copyM.Name = "Matrise-metode"
	method, _, err := a.Needs.SaveMethod(ctx, policy.SystemActor, 0, &copyM)
	if err != nil {
		t.Fatal(err)
	}
	var rounds []int64
	for _, name := range []string{"Matrise-runde", "Matrise-runde API"} {
		r, err := a.Needs.OpenRound(ctx, sec, needs.RoundInput{Name: name, MethodID: m.ID, NeedIDs: []int64{elig.ID}})
		if err != nil {
			t.Fatal(err)
		}
		rounds = append(rounds, r.ID)
	}
	form := url.Values{}
	var js []string
	for _, c := range m.Criteria {
		form.Set("scores."+c.Key, "3")
		form.Set("rationale."+c.Key, "Matrise")
		js = append(js, fmt.Sprintf(`{"criterion":%q,"score":3,"rationale":"Matrise"}`, c.Key))
	}
	id := func(x int64) string { return fmt.Sprint(x) }
	return []string{"{need}", id(need.ID), "{need2}", id(need2.ID), "{need3}", id(need3.ID), "{need4}", id(need4.ID), "{need5}", id(need5.ID),
		"{mergefrom}", id(mergeFrom.ID), "{mergefrom2}", id(mergeFrom2.ID), "{draft}", id(draft.ID), "{att}", id(att.ID), "{elig}", id(elig.ID),
		"{method}", id(method.ID), "{round}", id(rounds[0]), "{round2}", id(rounds[1]), "{scoreform}", form.Encode(),
		"{scorejson}", `[` + strings.Join(js, ",") + `]`}
}

var _ = addFixture(needsFixture)

// methodForm is a valid method form with one criterion.
const methodForm = "name=Matrise+{role}&notes=&backing_weight=10&backing_share_full_pct=25&backing_municipalities_full=50&mandatory_first=on" +
	"&public_states=submitted&public_states=in_triage&public_states=under_assessment&public_states=assessed&public_states=prioritised" +
	"&public_states=parked&public_states=in_concept&public_states=in_project&public_states=resolved&public_states=merged&criteria.0.key=benefit&criteria.0.name_nb=Nytte&criteria.0.name_nn=Nytte&criteria.0.name_en=Benefit" +
	"&criteria.0.min=1&criteria.0.max=3&criteria.0.weight=5&criteria.0.anchors=Lite%0AnOe%0AMye"

const methodJSON = `{"name":"API {role}","backing_weight":10,"backing_share_full_pct":25,"backing_municipalities_full":50,"mandatory_first":true,` +
	`"public_states":["submitted","in_triage","under_assessment","assessed","prioritised","parked","in_concept","in_project","resolved","merged"],"criteria":[{"key":"benefit","name_nb":"Nytte","name_nn":"Nytte","name_en":"Benefit","min":1,"max":3,"anchors":["a","b","c"],"weight":5}]}`

// Roles, in order: anonymous member vendor secretariat user_council
// strategic_council working_committee admin.
var _ = addRows(
	matrixRow{route: "GET /needs", path: "/needs?state=submitted&area=plan&county=03&backing=1&sort=backing&q=matrise", want: "oooooooo"},
	matrixRow{route: "GET /needs/export", path: "/needs/export?format=csv&sort=priority", want: "oooooooo"},
	matrixRow{route: "GET /needs/new", path: "/needs/new", want: "lofooooo"},
	matrixRow{route: "POST /needs", path: "/needs", form: "title=Side+{role}&problem=Problem&area=bygg&affected=citizens&action=draft", want: "lofooooo"},
	matrixRow{route: "GET /needs/similar", path: "/needs/similar?title=matrise+behov", want: "oooooooo"},
	matrixRow{route: "GET /needs/{id}", path: "/needs/{need3}", want: "oooooooo"},
	matrixRow{route: "GET /needs/{id}/edit", path: "/needs/{draft}/edit", want: "lonnnonn"},
	matrixRow{route: "POST /needs/{id}", path: "/needs/{draft}", form: "title=Matrise+utkast+{role}&problem=P&area=plan&action=draft", want: "lonnnonn"},
	matrixRow{route: "POST /needs/{id}/transitions", path: "/needs/{need}/transitions", form: "to=in_triage&comment=Matrise", want: "lffoffff"},
	matrixRow{route: "POST /needs/{id}/merge", path: "/needs/{mergefrom}/merge", form: "into={need2}&merge_comment=Duplikat", want: "lffoffff"},
	matrixRow{route: "POST /needs/{id}/backing", path: "/needs/{need3}/backing", form: "backing_comment=Enig", want: "lofooccc"},
	matrixRow{route: "POST /needs/{id}/backing/withdraw", path: "/needs/{need3}/backing/withdraw", want: "lofoonnn"},
	matrixRow{route: "POST /needs/{id}/attachments", path: "/needs/{need}/attachments", want: "lifififf"},
	matrixRow{route: "GET /needs/{id}/attachments/{aid}", path: "/needs/{need3}/attachments/{att}", want: "looooooo"},
	matrixRow{route: "GET /organisations/{id}/needs", path: "/organisations/{org}/needs", want: "oooooooo"},

	matrixRow{route: "GET /pick/{kind}", path: "/pick/need?q=Matrise", want: "looooooo"},
	matrixRow{route: "GET /assessment/methods", path: "/assessment/methods", want: "oooooooo"},
	matrixRow{route: "GET /assessment/methods/{id}", path: "/assessment/methods/{method}", want: "oooooooo"},
	matrixRow{route: "GET /assessment/methods/{id}/edit", path: "/assessment/methods/{method}/edit", want: "lfffffof"},
	matrixRow{route: "POST /assessment/methods/{id}", path: "/assessment/methods/{method}", form: methodForm, want: "lfffffof"},
	matrixRow{route: "GET /assessment/rounds", path: "/assessment/rounds", want: "lffooooo"},
	matrixRow{route: "GET /assessment/rounds/new", path: "/assessment/rounds/new", want: "lffoffff"},
	matrixRow{route: "POST /assessment/rounds", path: "/assessment/rounds", form: "name=Runde+{role}&method_id={method}&need_ids={elig}", want: "lffoffff"},
	matrixRow{route: "GET /assessment/rounds/{id}", path: "/assessment/rounds/{round}", want: "lffooooo"},
	matrixRow{route: "GET /assessment/rounds/{id}/needs/{need}", path: "/assessment/rounds/{round}/needs/{elig}", want: "lffooooo"},
	matrixRow{route: "POST /assessment/rounds/{id}/needs/{need}", path: "/assessment/rounds/{round}/needs/{elig}", form: "{scoreform}", want: "lffoofff"},
	matrixRow{route: "GET /assessment/rounds/{id}/close", path: "/assessment/rounds/{round}/close", want: "lffoffff"},
	matrixRow{route: "POST /assessment/rounds/{id}/close", path: "/assessment/rounds/{round}/close", form: "confirm=yes", want: "lffoffff"},

	matrixRow{route: "GET /api/v1/needs", path: "/api/v1/needs?sort=reach&q=matrise&limit=5", want: "oooooooo"},
	matrixRow{route: "POST /api/v1/needs", path: "/api/v1/needs", json: `{"title":"API {role}","problem":"Et problem","area":"geodata"}`, want: "lofooooo"},
	matrixRow{route: "GET /api/v1/needs/similar", path: "/api/v1/needs/similar?title=matrise", want: "oooooooo"},
	matrixRow{route: "GET /api/v1/needs/{id}", path: "/api/v1/needs/{need4}", want: "oooooooo"},
	matrixRow{route: "PUT /api/v1/needs/{id}", path: "/api/v1/needs/{draft}", json: `{"title":"API-utkast {role}","draft":true}`, want: "lonnnonn"},
	matrixRow{route: "POST /api/v1/needs/{id}/backings", path: "/api/v1/needs/{need4}/backings", json: `{"comment":"Enig"}`, want: "lofooccc"},
	matrixRow{route: "DELETE /api/v1/needs/{id}/backings", path: "/api/v1/needs/{need4}/backings", want: "lofoonnn"},
	matrixRow{route: "POST /api/v1/needs/{id}/transitions", path: "/api/v1/needs/{need5}/transitions", json: `{"to":"in_triage","comment":"API"}`, want: "lffoffff"},
	matrixRow{route: "POST /api/v1/needs/{id}/merge", path: "/api/v1/needs/{mergefrom2}/merge", json: `{"into":{need5},"comment":"Duplikat"}`, want: "lffoffff"},
	matrixRow{route: "GET /api/v1/needs/{id}/similar", path: "/api/v1/needs/{need4}/similar", want: "oooooooo"},
	matrixRow{route: "GET /api/v1/needs/{id}/attachments", path: "/api/v1/needs/{need3}/attachments", want: "looooooo"},
	matrixRow{route: "POST /api/v1/needs/{id}/attachments", path: "/api/v1/needs/{need}/attachments?name=x.pdf", want: "lifififf"},
	matrixRow{route: "GET /api/v1/needs/{id}/attachments/{aid}", path: "/api/v1/needs/{need3}/attachments/{att}", want: "looooooo"},
	matrixRow{route: "GET /api/v1/assessment/methods", path: "/api/v1/assessment/methods", want: "oooooooo"},
	matrixRow{route: "POST /api/v1/assessment/methods", path: "/api/v1/assessment/methods", json: methodJSON, want: "lfffffof"},
	matrixRow{route: "GET /api/v1/assessment/methods/{id}", path: "/api/v1/assessment/methods/{method}", want: "oooooooo"},
	matrixRow{route: "PUT /api/v1/assessment/methods/{id}", path: "/api/v1/assessment/methods/{method}", json: methodJSON, want: "lfffffcf"}, // {method} is used by a round by now, and the API row above made a newer version: change that one
	matrixRow{route: "GET /api/v1/assessment/rounds", path: "/api/v1/assessment/rounds", want: "lffooooo"},
	matrixRow{route: "POST /api/v1/assessment/rounds", path: "/api/v1/assessment/rounds", json: `{"name":"API {role}","method_id":{method},"need_ids":[{elig}]}`, want: "lffoffff"},
	matrixRow{route: "GET /api/v1/assessment/rounds/{id}", path: "/api/v1/assessment/rounds/{round2}", want: "lffooooo"},
	matrixRow{route: "GET /api/v1/assessment/rounds/{id}/scores", path: "/api/v1/assessment/rounds/{round2}/scores?need={elig}", want: "lffooooo"},
	matrixRow{route: "POST /api/v1/assessment/rounds/{id}/scores", path: "/api/v1/assessment/rounds/{round2}/scores", json: `{"need_id":{elig},"scores":{scorejson}}`, want: "lffoofff"},
	matrixRow{route: "GET /api/v1/assessment/rounds/{id}/progress", path: "/api/v1/assessment/rounds/{round2}/progress", want: "lffoffff"},
	matrixRow{route: "POST /api/v1/assessment/rounds/{id}/close", path: "/api/v1/assessment/rounds/{round2}/close", json: `{"confirm":true}`, want: "lffoffff"},
)
