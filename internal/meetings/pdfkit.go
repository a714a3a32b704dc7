package meetings

import (
	"bytes"

	"github.com/samstyr/samstyr/internal/i18n"
)

// PDFWriter lends other areas (the directive and the concept mandate,
// internal/directives) the layout of the meeting documents: A4, the
// embedded DejaVu font, a running footer with page numbers, bookmarks per
// heading, and Markdown rendered as readable text.
type PDFWriter struct{ d *pdfDoc }

// NewPDFWriter starts a document with its title (metadata) and footer.
func NewPDFWriter(p *i18n.Printer, title, footer string) *PDFWriter {
	w := &PDFWriter{d: newPDF(p, title, footer)}
	w.d.f.SetSubject(title, true)
	return w
}

// SetSubject sets the document's subject (metadata).
func (w *PDFWriter) SetSubject(s string) { w.d.f.SetSubject(s, true) }

// Heading writes a heading of the given size; level ≥ 0 adds a bookmark.
func (w *PDFWriter) Heading(text string, size float64, level int) { w.d.heading(text, size, level) }

// Label writes a label and its value on one line (nothing when empty).
func (w *PDFWriter) Label(label, text string) { w.d.label(label, text) }

// Text writes a paragraph of plain text.
func (w *PDFWriter) Text(s string) { w.d.text(s) }

// Section writes a label and a Markdown text rendered as plain text.
func (w *PDFWriter) Section(label, markdown string) { w.d.section(label, markdown) }

// Space moves down by mm millimetres.
func (w *PDFWriter) Space(mm float64) { w.d.f.Ln(mm) }

// NewPage starts a new page.
func (w *PDFWriter) NewPage() { w.d.f.AddPage() }

// Table writes a table with a header row; widths are in millimetres.
func (w *PDFWriter) Table(headers []string, widths []float64, rows [][]string) {
	f := w.d.f
	f.SetFont("DejaVu", "B", 9.5)
	for i, h := range headers {
		f.CellFormat(widths[i], 7, h, "B", 0, "L", false, 0, "")
	}
	f.Ln(-1)
	f.SetFont("DejaVu", "", 9.5)
	for _, r := range rows {
		// The row's height is that of its longest cell.
		lines := 1
		for i, c := range r {
			if n := len(f.SplitText(c, widths[i]-2)); n > lines {
				lines = n
			}
		}
		h := float64(lines) * 5.5
		if f.GetY()+h > 277 {
			f.AddPage()
		}
		x, y := f.GetX(), f.GetY()
		for i, c := range r {
			f.SetXY(x, y)
			f.MultiCell(widths[i], 5.5, c, "", "L", false)
			x += widths[i]
		}
		f.SetXY(w.d.f.GetX(), y+h)
		f.SetX(20)
	}
	f.Ln(2)
}

// Bytes finishes the document.
func (w *PDFWriter) Bytes() ([]byte, error) {
	var b bytes.Buffer
	if err := w.d.f.Output(&b); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}
