package server_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/samstyr/samstyr/internal/governance"
	"github.com/samstyr/samstyr/internal/meetings"
	"github.com/samstyr/samstyr/internal/policy"
	"github.com/samstyr/samstyr/internal/testutil/apptest"
)

// meetingFixture makes, in the user council: a held, published meeting
// with a decided case (a public and an exempt attachment, a follow-up
// action, an attendee) and an exempt case; a planned meeting not yet
// published; a proposed case; and a calendar token of a person of its own.
func meetingFixture(t testing.TB, a *apptest.App) []string {
	ctx := context.Background()
	sys := policy.SystemActor
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatalf("meeting fixture: %v", err)
		}
	}
	uc := a.Bodies[policy.BodyUserCouncil].ID
	start := time.Now().Add(-48 * time.Hour).Truncate(time.Minute)
	held := &meetings.Meeting{BodyID: uc, StartsAt: start, EndsAt: start.Add(2 * time.Hour), Place: "KS-huset"}
	must(a.Meetings.CreateMeeting(ctx, sys, held))
	c1 := &meetings.Case{BodyID: uc, Kind: meetings.KindDecision, Title: "Matrix case", ProposedDecision: "Vedtak"}
	must(a.Meetings.CreateCase(ctx, sys, c1))
	_, err := a.Meetings.MoveCase(ctx, sys, c1.ID, meetings.CaseOnAgenda, held.ID)
	must(err)
	c2 := &meetings.Case{BodyID: uc, Kind: meetings.KindInformation, Title: "Matrix exempt", Exempt: true, LegalBasis: "offtl. § 14", PublicTitle: "Skjermet"}
	must(a.Meetings.CreateCase(ctx, sys, c2))
	_, err = a.Meetings.MoveCase(ctx, sys, c2.ID, meetings.CaseOnAgenda, held.ID)
	must(err)
	pub := &meetings.Attachment{CaseID: c1.ID, Name: "notat.pdf", Data: []byte("%PDF-1.4\n% matrix\n")}
	must(a.Meetings.AddAttachment(ctx, sys, pub))
	secret := &meetings.Attachment{CaseID: c1.ID, Name: "personalia.txt", Data: []byte("hemmelig"), Exempt: true, LegalBasis: "offtl. § 13", PublicTitle: "Vedlegg"}
	must(a.Meetings.AddAttachment(ctx, sys, secret))
	_, err = a.Meetings.PublishNotice(ctx, sys, held.ID)
	must(err)
	_, err = a.Meetings.Hold(ctx, sys, held.ID)
	must(err)
	att := &meetings.Attendee{Kind: "present", PersonID: a.People["user_council"].ID}
	must(a.Meetings.RecordAttendance(ctx, sys, held.ID, att))
	d := &meetings.Decision{Kind: "advice", Text: "Rådet anbefaler.", Unanimous: true}
	must(a.Meetings.RecordDecision(ctx, sys, c1.ID, d))
	x := &meetings.Action{Title: "Følge opp", OwnerID: a.People["secretariat"].ID, Deadline: time.Now().AddDate(0, 1, 0)}
	must(a.Meetings.CreateAction(ctx, sys, d.ID, x))
	ps := start.Add(12 * 24 * time.Hour)
	planned := &meetings.Meeting{BodyID: uc, StartsAt: ps, EndsAt: ps.Add(time.Hour), Place: "Teams"}
	must(a.Meetings.CreateMeeting(ctx, sys, planned))
	c3 := &meetings.Case{BodyID: uc, Kind: meetings.KindDecision, Title: "Matrix proposed"}
	must(a.Meetings.CreateCase(ctx, sys, c3))
	ms, err := a.DB.FindMemberships(ctx, governance.MembershipFilter{BodyID: uc, PersonID: a.People["user_council"].ID})
	must(err)
	cal := a.NewPerson("calendar", "oslo", policy.BodyUserCouncil, false)
	tok, err := a.Meetings.CalendarToken(ctx, &policy.Actor{PersonID: cal.ID})
	must(err)
	id := func(n int64) string { return fmt.Sprint(n) }
	return []string{"{meeting}", id(held.ID), "{meeting_planned}", id(planned.ID), "{case_exempt}", id(c2.ID),
		"{case_proposed}", id(c3.ID), "{case}", id(c1.ID), "{attachment_exempt}", id(secret.ID), "{attachment}", id(pub.ID),
		"{decision}", id(d.ID), "{action}", id(x.ID), "{membership}", id(ms[0].ID), "{caltoken}", tok}
}

var _ = addFixture(meetingFixture)

// Roles, in order: anonymous member vendor secretariat user_council
// strategic_council working_committee admin.
var _ = addRows(
	matrixRow{route: "GET /bodies/new", path: "/bodies/new", want: "lffofffo"},
	matrixRow{route: "POST /bodies", path: "/bodies", form: "kind=working_group&name_nb=Matrix+{role}", want: "lffifffi"},
	matrixRow{route: "GET /bodies/{id}/edit", path: "/bodies/{body}/edit", want: "lffofffo"},
	matrixRow{route: "POST /bodies/{id}", path: "/bodies/{body}", form: "name_nb=", want: "lffifffi"},
	matrixRow{route: "GET /bodies/{id}/members/new", path: "/bodies/{body}/members/new", want: "lffofffo"},
	matrixRow{route: "POST /bodies/{id}/members", path: "/bodies/{body}/members", form: "function=member&sector=municipal", want: "lffifffi"},
	matrixRow{route: "GET /memberships/{id}", path: "/memberships/{membership}", want: "oooooooo"},
	matrixRow{route: "POST /memberships/{id}", path: "/memberships/{membership}", form: "function=member&sector=municipal", want: "lffifffi"},
	matrixRow{route: "GET /bodies/{id}/calendar.ics", path: "/bodies/{body}/calendar.ics", want: "oooooooo"},
	matrixRow{route: "GET /bodies/{id}/actions", path: "/bodies/{body}/actions", want: "lffooffo"},

	matrixRow{route: "GET /meetings", path: "/meetings", want: "oooooooo"},
	matrixRow{route: "GET /meetings/new", path: "/meetings/new", want: "lffofffo"},
	matrixRow{route: "POST /meetings", path: "/meetings", form: "body_id={body}&place=Oslo", want: "lffifffi"},
	matrixRow{route: "GET /meetings/{id}", path: "/meetings/{meeting}", want: "oooooooo"},
	matrixRow{route: "GET /meetings/{id}", path: "/meetings/{meeting_planned}", want: "lffooffo"},
	matrixRow{route: "GET /meetings/{id}/edit", path: "/meetings/{meeting}/edit", want: "lffofffo"},
	matrixRow{route: "POST /meetings/{id}", path: "/meetings/{meeting}", form: "body_id={body}&starts_at=2026-05-05T10:00&ends_at=2026-05-05T12:00&place=Oslo", want: "lffcfffc"},
	matrixRow{route: "POST /meetings/{id}/publish", path: "/meetings/{meeting}/publish", want: "lffcfffc"},
	matrixRow{route: "POST /meetings/{id}/hold", path: "/meetings/{meeting}/hold", want: "lffcfffc"},
	matrixRow{route: "POST /meetings/{id}/cancel", path: "/meetings/{meeting}/cancel", form: "cancel_reason=x", want: "lffcfffc"},
	matrixRow{route: "GET /meetings/{id}/attendance", path: "/meetings/{meeting}/attendance", want: "lffofffo"},
	matrixRow{route: "POST /meetings/{id}/attendance", path: "/meetings/{meeting}/attendance", form: "kind=deputy&name=Vara", want: "lffifffi"},
	matrixRow{route: "POST /meetings/{id}/attendance/{aid}/delete", path: "/meetings/{meeting}/attendance/999999/delete", want: "lffnfffn"},
	matrixRow{route: "GET /meetings/{id}/notice", path: "/meetings/{meeting}/notice", want: "oooooooo"},
	matrixRow{route: "GET /meetings/{id}/notice.pdf", path: "/meetings/{meeting}/notice.pdf", want: "oooooooo"},
	matrixRow{route: "GET /meetings/{id}/minutes", path: "/meetings/{meeting}/minutes", want: "nnnoonno"},
	matrixRow{route: "GET /meetings/{id}/minutes.pdf", path: "/meetings/{meeting}/minutes.pdf", want: "nnnoonno"},
	matrixRow{route: "GET /meetings/{id}/minutes/edit", path: "/meetings/{meeting}/minutes/edit", want: "lnnofnno"},
	matrixRow{route: "POST /meetings/{id}/minutes", path: "/meetings/{meeting}/minutes", form: "intro=Matrix", want: "lffofffo"},
	matrixRow{route: "POST /meetings/{id}/minutes/approve", path: "/meetings/{meeting}/minutes/approve", form: "circulation_note=x", want: "lffifffi"},
	matrixRow{route: "GET /meetings/calendar", path: "/meetings/calendar", want: "looooooo"},
	matrixRow{route: "POST /meetings/calendar", path: "/meetings/calendar", want: "looooooo"},
	matrixRow{route: "POST /meetings/calendar/revoke", path: "/meetings/calendar/revoke", want: "looooooo"},
	matrixRow{route: "GET /calendar/{token}/meetings.ics", path: "/calendar/{caltoken}/meetings.ics", want: "oooooooo"},
	matrixRow{route: "GET /calendar/{token}/meetings.ics", path: "/calendar/not-a-token/meetings.ics", want: "nnnnnnnn"},
	matrixRow{route: "GET /actions/{id}", path: "/actions/{action}", want: "lffooffo"},
	matrixRow{route: "POST /actions/{id}/done", path: "/actions/{action}/done", form: "done=1", want: "lffofffo"},
	matrixRow{route: "POST /decisions/{id}/actions", path: "/decisions/{decision}/actions", form: "title=", want: "lffifffi"},

	matrixRow{route: "GET /cases", path: "/cases?q=matrix", want: "oooooooo"},
	matrixRow{route: "GET /decisions", path: "/decisions?year=2026", want: "oooooooo"},
	matrixRow{route: "GET /cases/new", path: "/cases/new", want: "lffofffo"},
	matrixRow{route: "POST /cases", path: "/cases", form: "body_id={body}&kind=decision", want: "lffifffi"},
	matrixRow{route: "GET /cases/{id}", path: "/cases/{case}", want: "oooooooo"},
	matrixRow{route: "GET /cases/{id}", path: "/cases/{case_exempt}", want: "oooooooo"},
	matrixRow{route: "GET /cases/{id}", path: "/cases/{case_proposed}", want: "lffooffo"},
	matrixRow{route: "GET /cases/{id}/edit", path: "/cases/{case_proposed}/edit", want: "lffofffo"},
	matrixRow{route: "POST /cases/{id}", path: "/cases/{case_proposed}", form: "number=99/99&kind=decision&title=x", want: "lffifffi"},
	matrixRow{route: "POST /cases/{id}/move", path: "/cases/{case_proposed}/move", form: "to=bogus", want: "lffifffi"},
	matrixRow{route: "POST /cases/{id}/links", path: "/cases/{case_proposed}/links", form: "item_type=membership&item_id=999999", want: "lffifffi"},
	matrixRow{route: "POST /cases/{id}/links/delete", path: "/cases/{case_proposed}/links/delete", form: "item_type=membership&item_id=999999", want: "lffnfffn"},
	matrixRow{route: "POST /cases/{id}/attachments", path: "/cases/{case_proposed}/attachments", form: "legal_basis=", want: "lffifffi"},
	matrixRow{route: "GET /attachments/{id}", path: "/attachments/{attachment}", want: "oooooooo"},
	matrixRow{route: "GET /attachments/{id}", path: "/attachments/{attachment_exempt}", want: "lffooffo"},
	matrixRow{route: "POST /cases/{id}/decision", path: "/cases/{case_proposed}/decision", form: "kind=approval&text=", want: "lffifffi"},

	matrixRow{route: "POST /api/v1/bodies", path: "/api/v1/bodies", json: `{"kind":"working_group","name_nb":"API {role}"}`, want: "lffifffi"},
	matrixRow{route: "PUT /api/v1/bodies/{id}", path: "/api/v1/bodies/{body}", json: `{"name_nb":""}`, want: "lffifffi"},
	matrixRow{route: "POST /api/v1/bodies/{id}/memberships", path: "/api/v1/bodies/{body}/memberships", json: `{"function":"member"}`, want: "lffifffi"},
	matrixRow{route: "GET /api/v1/memberships/{id}", path: "/api/v1/memberships/{membership}", want: "oooooooo"},
	matrixRow{route: "PUT /api/v1/memberships/{id}", path: "/api/v1/memberships/{membership}", json: `{"function":"member","sector":"municipal"}`, want: "lffifffi"},
	matrixRow{route: "GET /api/v1/bodies/{id}/actions", path: "/api/v1/bodies/{body}/actions?state=open", want: "lffooffo"},
	matrixRow{route: "GET /api/v1/meetings", path: "/api/v1/meetings?body={body}", want: "oooooooo"},
	matrixRow{route: "POST /api/v1/meetings", path: "/api/v1/meetings", json: `{"body_id":{body},"place":"Oslo"}`, want: "lffifffi"},
	matrixRow{route: "GET /api/v1/meetings/{id}", path: "/api/v1/meetings/{meeting}", want: "oooooooo"},
	matrixRow{route: "GET /api/v1/meetings/{id}", path: "/api/v1/meetings/{meeting_planned}", want: "lffooffo"},
	matrixRow{route: "PUT /api/v1/meetings/{id}", path: "/api/v1/meetings/{meeting}", json: `{"starts_at":"2026-05-05T08:00:00Z","ends_at":"2026-05-05T10:00:00Z","place":"Oslo"}`, want: "lffcfffc"},
	matrixRow{route: "POST /api/v1/meetings/{id}/publish", path: "/api/v1/meetings/{meeting}/publish", want: "lffcfffc"},
	matrixRow{route: "POST /api/v1/meetings/{id}/hold", path: "/api/v1/meetings/{meeting}/hold", want: "lffcfffc"},
	matrixRow{route: "POST /api/v1/meetings/{id}/cancel", path: "/api/v1/meetings/{meeting}/cancel", json: `{"cancel_reason":"x"}`, want: "lffcfffc"},
	matrixRow{route: "GET /api/v1/meetings/{id}/attendance", path: "/api/v1/meetings/{meeting}/attendance", want: "oooooooo"},
	matrixRow{route: "POST /api/v1/meetings/{id}/attendance", path: "/api/v1/meetings/{meeting}/attendance", json: `{"kind":"deputy","name":"Vara"}`, want: "lffifffi"},
	matrixRow{route: "DELETE /api/v1/meetings/{id}/attendance/{aid}", path: "/api/v1/meetings/{meeting}/attendance/999999", want: "lffnfffn"},
	matrixRow{route: "GET /api/v1/meetings/{id}/minutes", path: "/api/v1/meetings/{meeting}/minutes", want: "nnnoonno"},
	matrixRow{route: "PUT /api/v1/meetings/{id}/minutes", path: "/api/v1/meetings/{meeting}/minutes", json: `{"intro":"API"}`, want: "lffofffo"},
	matrixRow{route: "POST /api/v1/meetings/{id}/minutes/approve", path: "/api/v1/meetings/{meeting}/minutes/approve", json: `{}`, want: "lffifffi"},
	matrixRow{route: "GET /api/v1/cases", path: "/api/v1/cases?q=matrix", want: "oooooooo"},
	matrixRow{route: "GET /api/v1/decisions", path: "/api/v1/decisions?body={body}", want: "oooooooo"},
	matrixRow{route: "GET /api/v1/me/tasks", path: "/api/v1/me/tasks", want: "looooooo"},
	matrixRow{route: "POST /api/v1/cases", path: "/api/v1/cases", json: `{"body_id":{body},"kind":"decision"}`, want: "lffifffi"},
	matrixRow{route: "GET /api/v1/cases/{id}", path: "/api/v1/cases/{case}", want: "oooooooo"},
	matrixRow{route: "PUT /api/v1/cases/{id}", path: "/api/v1/cases/{case_proposed}", json: `{"number":"99/99","kind":"decision","title":"x"}`, want: "lffifffi"},
	matrixRow{route: "POST /api/v1/cases/{id}/move", path: "/api/v1/cases/{case_proposed}/move", json: `{"to":"bogus"}`, want: "lffifffi"},
	matrixRow{route: "POST /api/v1/cases/{id}/links", path: "/api/v1/cases/{case_proposed}/links", json: `{"item_type":"membership","item_id":999999}`, want: "lffifffi"},
	matrixRow{route: "DELETE /api/v1/cases/{id}/links/{type}/{item}", path: "/api/v1/cases/{case_proposed}/links/membership/999999", want: "lffnfffn"},
	matrixRow{route: "POST /api/v1/cases/{id}/attachments", path: "/api/v1/cases/{case_proposed}/attachments", json: `{"name":"x.txt"}`, want: "lffifffi"},
	matrixRow{route: "POST /api/v1/cases/{id}/decision", path: "/api/v1/cases/{case_proposed}/decision", json: `{"kind":"approval"}`, want: "lffifffi"},
	matrixRow{route: "GET /api/v1/decisions/{id}", path: "/api/v1/decisions/{decision}", want: "oooooooo"},
	matrixRow{route: "POST /api/v1/decisions/{id}/actions", path: "/api/v1/decisions/{decision}/actions", json: `{}`, want: "lffifffi"},
	matrixRow{route: "GET /api/v1/actions/{id}", path: "/api/v1/actions/{action}", want: "lffooffo"},
	matrixRow{route: "POST /api/v1/actions/{id}/done", path: "/api/v1/actions/{action}/done", json: `{"done":true}`, want: "lffofffo"},
)
