package server_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/samstyr/samstyr/internal/catalog"
	"github.com/samstyr/samstyr/internal/policy"
	"github.com/samstyr/samstyr/internal/stakeholders"
	"github.com/samstyr/samstyr/internal/testutil/apptest"
)

// stakeholdersFixture creates what the inquiry and catalogue rows act on:
//
//	{inq}, {inq_answer}, {inq_faq} (answered), {inq_close}: inquiries for the page rows
//	{ainq}, {ainq_answer}, {ainq_faq}, {ainq_close}: the same for the API rows
//	{std}: a standard with {ver_draft}, {ver_retire}, {ver_adopted} (and {aver_…} for the API)
//	{decl1}, {decl2}, {adecl1}, {adecl2}: declarations waiting for review
//	{vendororg}: the vendor organisation
func stakeholdersFixture(t testing.TB, a *apptest.App) []string {
	ctx := context.Background()
	sys := policy.SystemActor
	a.Inquiries.MaxPerAddress = 1000 // every role sends the public form from 127.0.0.1
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	inq := func(answered bool) int64 {
		i := &stakeholders.Inquiry{Channel: stakeholders.ChannelEmail, SenderName: "Kari Nordmann", SenderEmail: "kari@example.org",
			Topic: "Matrise", Text: "Spørsmål"}
		must(a.Inquiries.Register(ctx, sys, i))
		if answered {
			_, err := a.Inquiries.AnswerInquiry(ctx, sys, i.ID, "Svar")
			must(err)
		}
		return i.ID
	}
	st := &catalog.Standard{Code: "MATRISE", Name: "Matrisestandard", Owner: "KS"}
	must(a.Standards.CreateStandard(ctx, sys, st))
	ver := func(name string) *catalog.Version {
		v := &catalog.Version{StandardID: st.ID, Version: name}
		must(a.Standards.AddVersion(ctx, sys, v))
		return v
	}
	vd, vr, va, avd, avr := ver("1.0"), ver("1.1"), ver("2.0"), ver("3.0"), ver("3.1")
	decl := func() int64 {
		d := &catalog.Declaration{VendorID: a.Organisations["vendor"].ID, Product: "Saksys", ProductVersion: "5", StandardVersionID: va.ID,
			EvidenceURL: "https://example.org/test"}
		must(a.Standards.Declare(ctx, sys, d))
		return d.ID
	}
	fi := &stakeholders.Inquiry{Channel: stakeholders.ChannelEmail, SenderName: "Fil", SenderEmail: "fil@example.org", Topic: "Fil", Text: "Vedlegg",
		Files: []*stakeholders.Attachment{{Name: "notat.pdf", Data: []byte("%PDF-1.4\n% matrix\n")}}}
	must(a.Inquiries.Register(ctx, sys, fi))
	ev := &catalog.Declaration{VendorID: a.Organisations["vendor"].ID, Product: "Rapportsys", ProductVersion: "1", StandardVersionID: va.ID,
		EvidenceName: "rapport.pdf", EvidenceData: []byte("%PDF-1.4\n% rapport\n")}
	must(a.Standards.Declare(ctx, sys, ev))
	_, err := a.Standards.Verify(ctx, sys, ev.ID)
	must(err)
	id := func(x int64) string { return fmt.Sprint(x) }
	return []string{"{inq}", id(inq(false)), "{inq_answer}", id(inq(false)), "{inq_faq}", id(inq(true)), "{inq_close}", id(inq(false)),
		"{ainq}", id(inq(false)), "{ainq_answer}", id(inq(false)), "{ainq_faq}", id(inq(true)), "{ainq_close}", id(inq(false)),
		"{std}", id(st.ID), "{ver_draft}", id(vd.ID), "{ver_retire}", id(vr.ID), "{ver_adopted}", id(va.ID),
		"{aver_draft}", id(avd.ID), "{aver_retire}", id(avr.ID),
		"{decl1}", id(decl()), "{decl2}", id(decl()), "{adecl1}", id(decl()), "{adecl2}", id(decl()),
		"{vendororg}", id(a.Organisations["vendor"].ID), "{inq_file}", id(fi.ID), "{inq_att}", id(fi.Files[0].ID), "{decl_ev}", id(ev.ID)}
}

var _ = addFixture(stakeholdersFixture)

// Roles, in order: anonymous member vendor secretariat user_council
// strategic_council working_committee admin.
var _ = addRows(
	matrixRow{route: "GET /inquiries/new", path: "/inquiries/new", want: "oooooooo"},
	matrixRow{route: "POST /inquiries", path: "/inquiries", form: "sender_name=Ola+{role}&sender_email=ola@example.org&topic=Byggesak&text=Hvordan%3F", want: "oooooooo"},
	matrixRow{route: "GET /inquiries/sent", path: "/inquiries/sent?ref=H-2026-0001", want: "oooooooo"},
	matrixRow{route: "GET /faq", path: "/faq", want: "oooooooo"},
	matrixRow{route: "GET /inquiries", path: "/inquiries", want: "lffofffo"},
	matrixRow{route: "GET /inquiries/register", path: "/inquiries/register", want: "lffoffff"},
	matrixRow{route: "POST /inquiries/register", path: "/inquiries/register", form: "channel=phone&sender_name=Per+{role}&topic=Plan&text=Ringte", want: "lffoffff"},
	matrixRow{route: "GET /inquiries/{id}", path: "/inquiries/{inq}", want: "lffofffo"},
	matrixRow{route: "GET /inquiries/{id}/attachments/{aid}", path: "/inquiries/{inq_file}/attachments/{inq_att}", want: "lffofffo"},
	matrixRow{route: "POST /inquiries/{id}/assign", path: "/inquiries/{inq}/assign", form: "owner_id=0&deadline=", want: "lffoffff"},
	matrixRow{route: "POST /inquiries/{id}/links", path: "/inquiries/{inq}/links", form: "item_project={project}", want: "lffoffff"},
	matrixRow{route: "POST /inquiries/{id}/answer", path: "/inquiries/{inq_answer}/answer", form: "answer=Svaret", want: "lffoffff"},
	matrixRow{route: "POST /inquiries/{id}/faq", path: "/inquiries/{inq_faq}/faq", form: "faq_question=Hvordan%3F&faq_answer=Slik.", want: "lffoffff"},
	matrixRow{route: "POST /inquiries/{id}/close", path: "/inquiries/{inq_close}/close", want: "lffoffff"},

	matrixRow{route: "GET /api/v1/faq", path: "/api/v1/faq", want: "oooooooo"},
	matrixRow{route: "GET /api/v1/inquiries", path: "/api/v1/inquiries", want: "lffofffo"},
	matrixRow{route: "POST /api/v1/inquiries", path: "/api/v1/inquiries", json: `{"sender_name":"API {role}","sender_email":"api@example.org","topic":"T","text":"Tekst"}`, want: "lffoffff"},
	matrixRow{route: "GET /api/v1/inquiries/{id}", path: "/api/v1/inquiries/{ainq}", want: "lffofffo"},
	matrixRow{route: "POST /api/v1/inquiries/{id}/assign", path: "/api/v1/inquiries/{ainq}/assign", json: `{"owner_id":0,"deadline":"2030-01-31"}`, want: "lffoffff"},
	matrixRow{route: "POST /api/v1/inquiries/{id}/links", path: "/api/v1/inquiries/{ainq}/links", json: `{"type":"project","id":{project}}`, want: "lffoffff"},
	matrixRow{route: "POST /api/v1/inquiries/{id}/answer", path: "/api/v1/inquiries/{ainq_answer}/answer", json: `{"text":"Svar"}`, want: "lffoffff"},
	matrixRow{route: "POST /api/v1/inquiries/{id}/faq", path: "/api/v1/inquiries/{ainq_faq}/faq", json: `{"question":"Q","answer":"A"}`, want: "lffoffff"},
	matrixRow{route: "POST /api/v1/inquiries/{id}/close", path: "/api/v1/inquiries/{ainq_close}/close", want: "lffoffff"},

	matrixRow{route: "GET /standards", path: "/standards", want: "oooooooo"},
	matrixRow{route: "GET /standards/new", path: "/standards/new", want: "lffoffff"},
	matrixRow{route: "POST /standards", path: "/standards", form: "code=M{role}&name=Standard&owner=KS", want: "lffoffff"},
	matrixRow{route: "GET /standards/{id}", path: "/standards/{std}", want: "oooooooo"},
	matrixRow{route: "POST /standards/{id}/versions", path: "/standards/{std}/versions", form: "version=9-{role}&published_on=2026-01-02", want: "lffoffff"},
	matrixRow{route: "POST /standards/{id}/adopt", path: "/standards/{std}/adopt", form: "version_id={ver_draft}&decision_id={decision}", want: "lffoffff"},
	matrixRow{route: "POST /standards/{id}/retire", path: "/standards/{std}/retire", form: "version_id={ver_retire}", want: "lffoffff"},
	matrixRow{route: "POST /standards/{id}/links", path: "/standards/{std}/links", form: "item_project={project}", want: "lffoffff"},
	matrixRow{route: "GET /conformance", path: "/conformance?version={ver_adopted}", want: "oooooooo"},
	matrixRow{route: "GET /conformance/new", path: "/conformance/new", want: "lfooffff"},
	matrixRow{route: "POST /conformance", path: "/conformance", form: "vendor_id={vendororg}&product=Sak+{role}&product_version=1&standard_version_id={ver_adopted}&evidence_url=https%3A%2F%2Fexample.org%2Fr", want: "lfooffff"},
	matrixRow{route: "GET /conformance/{id}/evidence", path: "/conformance/{decl_ev}/evidence", want: "oooooooo"},
	matrixRow{route: "POST /conformance/{id}/verify", path: "/conformance/{decl1}/verify", want: "lffoffff"},
	matrixRow{route: "POST /conformance/{id}/reject", path: "/conformance/{decl2}/reject", form: "reason=Mangler+testrapport", want: "lffoffff"},

	matrixRow{route: "GET /api/v1/standards", path: "/api/v1/standards", want: "oooooooo"},
	matrixRow{route: "POST /api/v1/standards", path: "/api/v1/standards", json: `{"code":"A{role}","name":"S","owner":"KS"}`, want: "lffoffff"},
	matrixRow{route: "GET /api/v1/standards/{id}", path: "/api/v1/standards/{std}", want: "oooooooo"},
	matrixRow{route: "POST /api/v1/standards/{id}/versions", path: "/api/v1/standards/{std}/versions", json: `{"version":"8-{role}"}`, want: "lffoffff"},
	matrixRow{route: "POST /api/v1/standards/{id}/links", path: "/api/v1/standards/{std}/links", json: `{"type":"project","id":{project}}`, want: "lffoffff"},
	matrixRow{route: "POST /api/v1/standard-versions/{id}/adopt", path: "/api/v1/standard-versions/{aver_draft}/adopt", json: `{"decision_id":{decision}}`, want: "lffoffff"},
	matrixRow{route: "POST /api/v1/standard-versions/{id}/retire", path: "/api/v1/standard-versions/{aver_retire}/retire", want: "lffoffff"},
	matrixRow{route: "GET /api/v1/conformance", path: "/api/v1/conformance", want: "oooooooo"},
	matrixRow{route: "POST /api/v1/conformance", path: "/api/v1/conformance", json: `{"vendor_id":{vendororg},"product":"API {role}","product_version":"1","standard_version_id":{ver_adopted},"evidence_url":"https://example.org/r"}`, want: "lfooffff"},
	matrixRow{route: "POST /api/v1/conformance/{id}/verify", path: "/api/v1/conformance/{adecl1}/verify", want: "lffoffff"},
	matrixRow{route: "POST /api/v1/conformance/{id}/reject", path: "/api/v1/conformance/{adecl2}/reject", json: `{"reason":"Nei"}`, want: "lffoffff"},
)
