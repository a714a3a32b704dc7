package directives_test

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/samstyr/samstyr/internal/audit"
	"github.com/samstyr/samstyr/internal/directives"
	"github.com/samstyr/samstyr/internal/errs"
	"github.com/samstyr/samstyr/internal/governance"
	"github.com/samstyr/samstyr/internal/meetings"
	"github.com/samstyr/samstyr/internal/policy"
)

// pdfHas reports whether a PDF made by fpdf carries the text in its
// document information (title and subject, written in UTF-16BE): the page
// text itself is glyph numbers of the embedded font.
func pdfHas(doc []byte, s string) bool {
	var b bytes.Buffer
	for _, r := range utf16.Encode([]rune(s)) {
		_ = binary.Write(&b, binary.BigEndian, r)
	}
	return bytes.Contains(doc, b.Bytes())
}

// validPDF checks the frame of a PDF file: header, cross-reference table
// and end marker.
func validPDF(t *testing.T, what string, doc []byte) {
	t.Helper()
	if !bytes.HasPrefix(doc, []byte("%PDF-1.")) || !bytes.Contains(doc, []byte("xref")) || !bytes.HasSuffix(bytes.TrimSpace(doc), []byte("%%EOF")) {
		t.Fatalf("%s is not a PDF: %.40q", what, doc)
	}
}

// conceptDirective makes an idea in the concept phase and its draft
// directive (version 1).
func (f *fixture) conceptDirective(title string) (*directives.Idea, *directives.Directive) {
	f.t.Helper()
	n := f.prioritisedNeed("Behov for " + title)
	i := &directives.Idea{Title: title, Source: directives.SourceNeeds, NeedIDs: []int64{n.ID}, Purpose: "Formål med " + title,
		Mandate: directives.Mandate{Background: "**Planer** i mange formater", Purpose: "Utrede", Time: "6 måneder"}}
	f.must(f.Directives.CreateIdea(f.ctx, f.sec, i))
	_, err := f.decide(policy.BodyUserCouncil, "project_idea", i.ID, directives.EffectStartConcept)
	f.must(err)
	d := &directives.Directive{IdeaID: i.ID, Title: title}
	f.must(f.Directives.CreateDirective(f.ctx, f.sec, d, content(f.People["strategic_council"].ID, f.People["member"].ID)))
	return i, d
}

// openCase makes a case of the body, not yet decided.
func (f *fixture) openCase(bodyKind string) *meetings.Case {
	f.t.Helper()
	c := &meetings.Case{BodyID: f.Bodies[bodyKind].ID, Kind: meetings.KindDecision, Title: "Sak om styringsdokument", Background: "B", ProposedDecision: "F"}
	f.must(f.Meetings.CreateCase(f.ctx, f.sec, c))
	return c
}

// TestLinkFreezesVersionAndAttachesPDF: a version is frozen as soon as a
// case links the directive (before any decision); an edit of it is 409
// and stores nothing; the case carries the frozen version's document as
// its paper, and a case linking the idea carries the concept mandate.
func TestLinkFreezesVersionAndAttachesPDF(t *testing.T) {
	f := newFixture(t)
	ctx := f.ctx
	i, d := f.conceptDirective("Byggesaksregister")
	owner, manager := f.People["strategic_council"].ID, f.People["member"].ID

	// The idea's case got the mandate as its paper.
	ideaCases, err := f.Meetings.CasesAbout(ctx, f.sec, "project_idea", i.ID)
	f.must(err)
	if len(ideaCases) != 1 || len(ideaCases[0].Attachments) != 1 || ideaCases[0].Attachments[0].Name != fmt.Sprintf("mandat-konseptfase-%d.pdf", i.ID) {
		t.Fatalf("the idea's case papers: %+v", ideaCases)
	}
	mandate, err := f.Meetings.Attachment(ctx, f.sec, ideaCases[0].Attachments[0].ID)
	f.must(err)
	validPDF(t, "the mandate", mandate.Data)
	if !pdfHas(mandate.Data, "Byggesaksregister") {
		t.Error("the mandate's PDF lacks the idea's title")
	}

	// Before any case, version 1 may be edited.
	c1 := content(owner, manager)
	c1.Purpose = "Første utkast"
	f.must(f.Directives.UpdateDraft(ctx, f.sec, d.ID, 1, c1))

	c := f.openCase(policy.BodyUserCouncil)
	f.must(f.Meetings.LinkItem(ctx, f.sec, c.ID, meetings.Link{ItemType: "directive", ItemID: d.ID}, false))
	v, err := f.Directives.Version(ctx, f.sec, d.ID, 1)
	f.must(err)
	if !v.Frozen {
		t.Fatal("version 1 is not frozen after a case linked the directive")
	}
	evs, err := f.DB.FindAuditEvents(ctx, audit.Filter{Action: "directive.version.freeze", ObjectID: fmt.Sprint(d.ID), Limit: 10})
	f.must(err)
	if len(evs) != 1 || !strings.Contains(string(evs[0].After), c.Number) {
		t.Fatalf("freeze audit: %+v", evs)
	}
	changed := content(owner, manager)
	changed.Purpose = "Endret etter at saken ble laget"
	err = f.Directives.UpdateDraft(ctx, f.sec, d.ID, 1, changed)
	code(t, err, errs.Conflict, "")
	if errs.As(err).Key != "directive.error.frozen" {
		t.Fatalf("edit of a frozen version: %v", err)
	}
	if v, _ := f.Directives.Version(ctx, f.sec, d.ID, 1); v.Content.Purpose != "Første utkast" {
		t.Fatalf("the refused edit was stored: %q", v.Content.Purpose)
	}

	// The case paper is the frozen version's document.
	gc, err := f.Meetings.Case(ctx, f.sec, c.ID)
	f.must(err)
	if len(gc.Attachments) != 1 || gc.Attachments[0].Name != fmt.Sprintf("styringsdokument-%d-v1.pdf", d.ID) {
		t.Fatalf("case papers: %+v", gc.Attachments)
	}
	paper, err := f.Meetings.Attachment(ctx, f.sec, gc.Attachments[0].ID)
	f.must(err)
	validPDF(t, "the case paper", paper.Data)
	if !pdfHas(paper.Data, "Styringsdokument: Byggesaksregister, versjon 1") {
		t.Error("the case paper lacks the directive's title and version")
	}

	// A new version is a draft again; the document of each version is
	// offered for download.
	v2, err := f.Directives.NewVersion(ctx, f.sec, d.ID)
	f.must(err)
	f.must(f.Directives.UpdateDraft(ctx, f.sec, d.ID, v2.Number, changed))
	p := f.Catalog.Printer("en")
	doc, err := f.Directives.VersionPDF(ctx, f.sec, d.ID, 2, p)
	f.must(err)
	validPDF(t, "version 2", doc)
	if !pdfHas(doc, "Project directive: Byggesaksregister, version 2") {
		t.Error("version 2's PDF lacks its title and version")
	}
	if _, err := f.Directives.VersionPDF(ctx, nil, d.ID, 2, p); errs.CodeOf(err) != errs.NotFound {
		t.Fatalf("the public downloads a draft: %v", err)
	}
}

// TestApprovedPDFNamesDecision: the approved version's title page names
// the approving decision with its case number.
func TestApprovedPDFNamesDecision(t *testing.T) {
	f := newFixture(t)
	_, d := f.conceptDirective("Planinnsyn")
	_, err := f.decide(policy.BodyUserCouncil, "directive", d.ID, directives.EffectRecommendDirective)
	f.must(err)
	appr, err := f.decide(policy.BodyStrategicCouncil, "directive", d.ID, directives.EffectApproveDirective)
	f.must(err)
	// The approval case's paper is the recommended (frozen) version.
	if len(appr.Attachments) != 1 || appr.Attachments[0].Name != fmt.Sprintf("styringsdokument-%d-v1.pdf", d.ID) {
		t.Fatalf("approval case papers: %+v", appr.Attachments)
	}
	doc, err := f.Directives.VersionPDF(f.ctx, nil, d.ID, 1, f.Catalog.Printer("nb"))
	f.must(err)
	validPDF(t, "the approved version", doc)
	if !pdfHas(doc, "Styringsdokument: Planinnsyn, versjon 1") || !pdfHas(doc, appr.Number) {
		t.Error("the approved version's PDF lacks its title, version or approving case")
	}
}

// TestRecommendOnlyTheVersionOnTheCase: a version made after the case
// linked the directive is not recommended by that case's decision (409
// naming effects, nothing stored) until the directive is linked again.
func TestRecommendOnlyTheVersionOnTheCase(t *testing.T) {
	f := newFixture(t)
	ctx := f.ctx
	_, d := f.conceptDirective("Versjon etter saken")
	c := f.openCase(policy.BodyUserCouncil)
	link := meetings.Link{ItemType: "directive", ItemID: d.ID}
	f.must(f.Meetings.LinkItem(ctx, f.sec, c.ID, link, false))
	_, err := f.Directives.NewVersion(ctx, f.sec, d.ID)
	f.must(err)
	ref := f.refOf(c)
	err = f.Directives.Recommend(ctx, f.sec, []int64{d.ID}, ref)
	code(t, err, errs.Conflict, "effects")
	if got, _ := f.Directives.Directive(ctx, f.sec, d.ID); got.State != directives.Draft || got.RecommendedVersion != 0 {
		t.Fatalf("after the refused recommendation: %+v", got)
	}
	// Linked again, version 2 is frozen and its PDF attached.
	f.must(f.Meetings.LinkItem(ctx, f.sec, c.ID, link, true))
	f.must(f.Meetings.LinkItem(ctx, f.sec, c.ID, link, false))
	gc, err := f.Meetings.Case(ctx, f.sec, c.ID)
	f.must(err)
	if len(gc.Attachments) != 2 || gc.Attachments[1].Name != fmt.Sprintf("styringsdokument-%d-v2.pdf", d.ID) {
		t.Fatalf("case papers after linking again: %+v", gc.Attachments)
	}
	f.must(f.Directives.Recommend(ctx, f.sec, []int64{d.ID}, ref))
	if got, _ := f.Directives.Directive(ctx, f.sec, d.ID); got.State != directives.Recommended || got.RecommendedVersion != 2 {
		t.Fatalf("after linking again: %+v", got)
	}
}

// refOf is a reference to a (not yet taken) decision of the case's body,
// for calling an effect directly.
func (f *fixture) refOf(c *meetings.Case) governance.DecisionRef {
	return governance.DecisionRef{BodyID: c.BodyID, CaseID: c.ID, Case: c.Number}
}
