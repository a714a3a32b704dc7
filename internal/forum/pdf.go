package forum

import (
	"bytes"
	"context"

	"github.com/go-pdf/fpdf"

	"github.com/samstyr/samstyr/internal/i18n"
	"github.com/samstyr/samstyr/internal/meetings"
	"github.com/samstyr/samstyr/internal/policy"
)

// ParticipantsPDF returns the forum's participant list as an A4 PDF (the
// font set-up of internal/meetings/pdf.go): the forum, then a table of
// county, organisation, name and role. Errors: Forbidden, NotFound.
func (s *Service) ParticipantsPDF(ctx context.Context, a *policy.Actor, forumID int64, p *i18n.Printer) ([]byte, error) {
	regs, err := s.Registrations(ctx, a, forumID)
	if err != nil {
		return nil, err
	}
	f, err := s.store.FindForumByID(ctx, forumID)
	if err != nil {
		return nil, err
	}
	regular, bold := meetings.PDFFonts()
	doc := fpdf.New("P", "mm", "A4", "")
	doc.AddUTF8FontFromBytes("DejaVu", "", regular)
	doc.AddUTF8FontFromBytes("DejaVu", "B", bold)
	title := f.Title + " – " + p.T("forum.registrations")
	doc.SetTitle(title, true)
	doc.SetCreator("samstyr", true)
	doc.SetLang(p.Lang)
	doc.SetMargins(20, 20, 20)
	doc.SetAutoPageBreak(true, 20)
	doc.AliasNbPages("{nb}")
	doc.SetFooterFunc(func() {
		doc.SetY(-14)
		doc.SetFont("DejaVu", "", 8)
		doc.CellFormat(0, 6, p.T("doc.page", "page", p.Int(int64(doc.PageNo())), "pages", "{nb}"), "", 0, "R", false, 0, "")
	})
	doc.AddPage()
	doc.SetFont("DejaVu", "B", 16)
	doc.MultiCell(0, 8, title, "", "L", false)
	doc.SetFont("DejaVu", "", 10)
	where := f.Place
	if where == "" {
		where = f.VideoURL
	}
	doc.MultiCell(0, 5.5, p.DateTime(f.StartsAt)+" – "+p.DateTime(f.EndsAt)+", "+where, "", "L", false)
	doc.Ln(4)
	widths := []float64{35, 55, 45, 35}
	row := func(cells []string, b bool) {
		style := ""
		if b {
			style = "B"
		}
		doc.SetFont("DejaVu", style, 9)
		for i, c := range cells {
			doc.CellFormat(widths[i], 6, c, "B", 0, "L", false, 0, "")
		}
		doc.Ln(-1)
	}
	row([]string{p.T("forum.col.county"), p.T("forum.col.organisation"), p.T("forum.col.person"), p.T("forum.field.role")}, true)
	for _, r := range regs {
		row([]string{r.CountyName, r.OrgName, r.PersonName, p.T("forum.role." + r.Role)}, false)
	}
	doc.Ln(3)
	doc.SetFont("DejaVu", "", 9)
	doc.MultiCell(0, 5, p.N("forum.registered_n", int64(len(regs))), "", "L", false)
	var buf bytes.Buffer
	if err := doc.Output(&buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
