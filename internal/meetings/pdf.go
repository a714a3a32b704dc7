package meetings

import (
	"bytes"
	_ "embed"
	"html"
	"regexp"
	"strings"
	"sync"

	"github.com/go-pdf/fpdf"

	"github.com/samstyr/samstyr/internal/i18n"
)

// DejaVu Sans (Bitstream Vera licence, see fonts/LICENSE-DejaVu.txt) is
// embedded so that æøå and the Sámi letters render without any file on
// the server.
var (
	//go:embed fonts/DejaVuSans.ttf
	fontRegular []byte
	//go:embed fonts/DejaVuSans-Bold.ttf
	fontBold []byte
)

// pdfDoc writes one A4 document with the embedded font, a running footer
// with page numbers and an outline (bookmarks) per case.
type pdfDoc struct {
	f *fpdf.Fpdf
	p *i18n.Printer
}

func newPDF(p *i18n.Printer, title, footer string) *pdfDoc {
	f := fpdf.New("P", "mm", "A4", "")
	f.AddUTF8FontFromBytes("DejaVu", "", fontRegular)
	f.AddUTF8FontFromBytes("DejaVu", "B", fontBold)
	f.SetTitle(title, true)
	f.SetCreator("samstyr", true)
	f.SetLang(p.Lang)
	f.SetMargins(20, 20, 20)
	f.SetAutoPageBreak(true, 20)
	f.AliasNbPages("{nb}")
	f.SetFooterFunc(func() {
		f.SetY(-14)
		f.SetFont("DejaVu", "", 8)
		f.SetTextColor(80, 80, 80)
		f.CellFormat(85, 6, footer, "", 0, "L", false, 0, "")
		f.CellFormat(85, 6, p.T("doc.page", "page", itoa(int64(f.PageNo())), "pages", "{nb}"), "", 0, "R", false, 0, "")
		f.SetTextColor(0, 0, 0)
	})
	f.AddPage()
	return &pdfDoc{f: f, p: p}
}

func (d *pdfDoc) heading(text string, size float64, bookmark int) {
	if bookmark >= 0 {
		d.f.Bookmark(text, bookmark, -1)
	}
	d.f.SetFont("DejaVu", "B", size)
	d.f.MultiCell(0, size*0.55, text, "", "L", false)
	d.f.Ln(2)
}

func (d *pdfDoc) label(label, text string) {
	if strings.TrimSpace(text) == "" {
		return
	}
	d.f.SetFont("DejaVu", "B", 10)
	d.f.CellFormat(58, 5.5, label, "", 0, "L", false, 0, "")
	d.f.SetFont("DejaVu", "", 10)
	d.f.MultiCell(0, 5.5, text, "", "L", false)
}

func (d *pdfDoc) text(s string) {
	if strings.TrimSpace(s) == "" {
		return
	}
	d.f.SetFont("DejaVu", "", 10)
	d.f.MultiCell(0, 5.5, s, "", "L", false)
	d.f.Ln(1.5)
}

func (d *pdfDoc) section(label, markdown string) {
	if strings.TrimSpace(markdown) == "" {
		return
	}
	d.f.SetFont("DejaVu", "B", 10.5)
	d.f.MultiCell(0, 6, label, "", "L", false)
	d.text(plainText(markdown))
}

// PDF renders a meeting's notice (with agenda and case papers) or its
// minutes as an A4 PDF in the printer's language. The document is already
// redacted for its reader.
func PDF(doc *Document, p *i18n.Printer, minutes bool) ([]byte, error) {
	m := doc.Meeting
	body := m.BodyNameIn(p.Lang)
	titleKey := "doc.notice_title"
	if minutes {
		titleKey = "doc.minutes_title"
	}
	title := p.T(titleKey, "body", body, "date", m.StartsAt)
	d := newPDF(p, title, body)
	d.heading(title, 16, 0)
	d.label(p.T("meeting.time"), p.DateTime(m.StartsAt)+" – "+m.EndsAt.In(i18n.Oslo()).Format("15:04"))
	d.label(p.T("meeting.place"), m.Place)
	if m.JoinHidden {
		d.label(p.T("meeting.video_url"), p.T("meeting.join_hidden"))
	} else {
		d.label(p.T("meeting.video_url"), m.VideoURL)
	}
	if m.State == MeetingCancelled {
		d.label(p.T("meeting.state"), p.T("meeting.state.cancelled")+" "+m.CancelReason)
	}
	d.f.Ln(3)
	if minutes {
		d.attendance(doc)
		if doc.Minutes != nil {
			d.text(plainText(doc.Minutes.Intro))
		}
	} else {
		d.text(m.NoticeText)
		d.agenda(doc.Cases)
	}
	for _, c := range doc.Cases {
		d.casePart(doc, c, minutes)
	}
	if minutes {
		d.actions(doc)
		d.approval(doc)
	}
	var b bytes.Buffer
	if err := d.f.Output(&b); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

func caseTitle(p *i18n.Printer, c *Case) string {
	if c.Standing != "" {
		return p.T("case.standing." + c.Standing)
	}
	return c.Title
}

func (d *pdfDoc) agenda(cases []*Case) {
	p, f := d.p, d.f
	d.heading(p.T("doc.agenda"), 13, -1)
	f.SetFont("DejaVu", "B", 10)
	f.CellFormat(22, 7, p.T("case.number"), "B", 0, "L", false, 0, "")
	f.CellFormat(112, 7, p.T("case.title"), "B", 0, "L", false, 0, "")
	f.CellFormat(36, 7, p.T("case.kind"), "B", 1, "L", false, 0, "")
	f.SetFont("DejaVu", "", 10)
	for _, c := range cases {
		f.CellFormat(22, 6.5, c.Number, "", 0, "L", false, 0, "")
		x, y := f.GetX(), f.GetY()
		f.MultiCell(112, 6.5, caseTitle(p, c), "", "L", false)
		y2 := f.GetY()
		f.SetXY(x+112, y)
		f.CellFormat(36, 6.5, p.T("case.kind."+c.Kind), "", 1, "L", false, 0, "")
		if y2 > f.GetY() {
			f.SetY(y2)
		}
	}
	f.Ln(4)
}

func (d *pdfDoc) casePart(doc *Document, c *Case, minutes bool) {
	p := d.p
	d.f.Ln(2)
	d.heading(p.T("doc.case_heading", "number", c.Number, "title", caseTitle(p, c)), 12, 1)
	if c.Redacted {
		d.text(p.T("case.exempt_note", "basis", c.LegalBasis))
	}
	d.label(p.T("case.presenter"), c.Presenter)
	if !minutes {
		d.section(p.T("case.background"), c.Background)
		d.section(p.T("case.assessment"), c.Assessment)
		d.section(p.T("case.consequences"), c.Consequences)
		d.section(p.T("case.proposed_decision"), c.ProposedDecision)
	} else {
		var guests []string
		for _, t := range doc.Attendance {
			if t.Kind == "guest" && t.CaseID == c.ID {
				guests = append(guests, attendeeText(t))
			}
		}
		d.label(p.T("attendance.kind.guest"), strings.Join(guests, ", "))
		if doc.Minutes != nil {
			d.text(plainText(doc.Minutes.Notes[c.ID]))
		}
	}
	for _, x := range c.Attachments {
		d.label(p.T("case.attachment"), x.Name)
	}
	if dec := c.Decision; dec != nil {
		d.section(p.T("decision.title"), dec.Text)
		if dec.Unanimous {
			d.text(p.T("decision.unanimous"))
		} else {
			d.text(p.T("decision.votes_line", "for", dec.VotesFor, "against", dec.VotesAgainst, "abstain", dec.VotesAbstain))
		}
		d.label(p.T("decision.dissent"), dec.Dissent)
		for _, q := range dec.Disqualified {
			d.text(p.T("decision.disqualified_line", "name", q.Name, "reason", q.Reason))
		}
	} else if ma := c.MinutesApproval; ma != nil {
		if !ma.CirculationDate.IsZero() {
			d.text(p.T("case.minutes_approved_circulation", "date", ma.CirculationDate))
		} else {
			d.text(p.T("case.minutes_approved_at", "date", ma.ApprovedAt))
		}
	} else if minutes {
		d.text(p.T("case.state." + c.State))
	}
}

func attendeeText(t *Attendee) string {
	s := t.Name
	if t.Organisation != "" {
		s += " (" + t.Organisation + ")"
	}
	return s
}

func (d *pdfDoc) attendance(doc *Document) {
	p := d.p
	for _, kind := range AttendanceKinds {
		if kind == "guest" {
			continue
		}
		var names []string
		for _, t := range doc.Attendance {
			if t.Kind != kind {
				continue
			}
			s := attendeeText(t)
			if kind == "deputy" {
				s = p.T("attendance.pva", "name", s, "for", t.ForName)
			}
			names = append(names, s)
		}
		d.label(p.T("attendance.kind."+kind), strings.Join(names, ", "))
	}
	d.f.Ln(3)
}

func (d *pdfDoc) actions(doc *Document) {
	if len(doc.Actions) == 0 {
		return
	}
	p := d.p
	d.f.Ln(2)
	d.heading(p.T("actions.title"), 12, 0)
	for _, x := range doc.Actions {
		d.text(p.T("actions.line", "case", x.CaseNumber, "title", x.Title, "owner", x.OwnerName, "deadline", x.Deadline))
	}
}

func (d *pdfDoc) approval(doc *Document) {
	min, p := doc.Minutes, d.p
	if min == nil {
		return
	}
	d.f.Ln(3)
	switch {
	case min.State != MinutesApproved:
		d.text(p.T("minutes.draft_note"))
	case !min.CirculationDate.IsZero():
		d.text(p.T("minutes.approved_circulation", "date", min.CirculationDate))
	default:
		d.text(p.T("minutes.approved_at", "date", min.ApprovedAt))
	}
}

// The regexps of plainText, compiled at first use rather than at every
// start of the binary.
var (
	reBlockEnd = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`(?i)</(p|li|h[1-6]|tr|blockquote|pre)>|<br\s*/?>`)
	})
	reListItem = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`(?i)<li>`) })
	reTag      = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`<[^>]*>`) })
	reBlank    = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`\n{3,}`) })
)

// plainText turns Markdown into readable plain text for the PDF: it is
// rendered and sanitised like on the pages, then the markup is dropped.
func plainText(markdown string) string {
	h := Markdown(markdown)
	h = reListItem().ReplaceAllString(h, "• ")
	h = reBlockEnd().ReplaceAllString(h, "\n")
	h = reTag().ReplaceAllString(h, "")
	return strings.TrimSpace(reBlank().ReplaceAllString(html.UnescapeString(h), "\n\n"))
}
