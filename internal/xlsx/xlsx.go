// Package xlsx writes a spreadsheet of one worksheet as an Office Open XML
// workbook (.xlsx): text and number cells, column widths and a frozen
// heading row. It is what the exports need and no more.
//
// It exists for start-up time: excelize, which can read and write every
// feature of the format, makes about 21,000 allocations (regexps, tables
// of number formats and formula functions) in its package
// initialisation, which every run of the samstyr binary pays before main:
// a fifth of the CPU time of "samstyr --help" and of a small "samstyr
// portfolio solve" (docs/BENCHMARKS.md, Start-up). This package has no
// package state; it uses archive/zip and encoding/xml, which samstyr
// links anyway.
package xlsx

import (
	"archive/zip"
	"bufio"
	"encoding/xml"
	"fmt"
	"io"
	"maps"
	"math"
	"slices"
	"strconv"
	"strings"
)

// maxColumns is the number of columns a worksheet holds (A to XFD).
const maxColumns = 16384

// Sheet is the one worksheet of a workbook.
type Sheet struct {
	// Name is the worksheet's name (at most 31 characters, none of
	// \ / ? * [ ] :); "Sheet1" when empty.
	Name string
	// Rows are the cells, row by row. A cell is a string (written as text,
	// never as a formula), a float64, an int or an int64 (written as a
	// number); nil leaves the cell empty.
	Rows [][]any
	// Widths sets the width of columns, in characters, by column index
	// from 0.
	Widths map[int]float64
	// FreezeFirstRow keeps the first row in view when scrolling.
	FreezeFirstRow bool
}

// Write writes s as an .xlsx workbook to w.
func Write(w io.Writer, s Sheet) error {
	name := s.Name
	if name == "" {
		name = "Sheet1"
	}
	if err := checkName(name); err != nil {
		return err
	}
	z := zip.NewWriter(w)
	for _, part := range []struct{ name, body string }{
		{"[Content_Types].xml", contentTypes},
		{"_rels/.rels", rootRels},
		{"xl/workbook.xml", fmt.Sprintf(workbook, escape(name))},
		{"xl/_rels/workbook.xml.rels", workbookRels},
		{"xl/styles.xml", styles},
	} {
		if err := writePart(z, part.name, func(w *bufio.Writer) error { _, err := w.WriteString(part.body); return err }); err != nil {
			return err
		}
	}
	if err := writePart(z, "xl/worksheets/sheet1.xml", func(w *bufio.Writer) error { return writeSheet(w, s) }); err != nil {
		return err
	}
	return z.Close()
}

func writePart(z *zip.Writer, name string, body func(w *bufio.Writer) error) error {
	f, err := z.Create(name)
	if err != nil {
		return err
	}
	bw := bufio.NewWriter(f)
	if err := body(bw); err != nil {
		return fmt.Errorf("xlsx %s: %w", name, err)
	}
	return bw.Flush()
}

func writeSheet(w *bufio.Writer, s Sheet) error {
	w.WriteString(xml.Header)
	w.WriteString(`<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">`)
	if s.FreezeFirstRow {
		w.WriteString(`<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>` +
			`<selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView></sheetViews>`)
	}
	if len(s.Widths) > 0 {
		w.WriteString(`<cols>`)
		for _, col := range slices.Sorted(maps.Keys(s.Widths)) {
			width := s.Widths[col]
			if col < 0 || col >= maxColumns || width <= 0 || width > 255 {
				return fmt.Errorf("column %d: width %g: want a column from 0 to %d and a width from 0 to 255", col, width, maxColumns-1)
			}
			fmt.Fprintf(w, `<col min="%d" max="%d" width="%s" customWidth="1"/>`, col+1, col+1, strconv.FormatFloat(width, 'f', -1, 64))
		}
		w.WriteString(`</cols>`)
	}
	w.WriteString(`<sheetData>`)
	for i, row := range s.Rows {
		r := strconv.Itoa(i + 1)
		fmt.Fprintf(w, `<row r="%s">`, r)
		if len(row) > maxColumns {
			return fmt.Errorf("row %d has %d cells; a worksheet holds %d columns", i+1, len(row), maxColumns)
		}
		for j, v := range row {
			if err := writeCell(w, column(j)+r, v); err != nil {
				return err
			}
		}
		w.WriteString(`</row>`)
	}
	_, err := w.WriteString(`</sheetData></worksheet>`)
	return err
}

func writeCell(w *bufio.Writer, ref string, v any) error {
	var num string
	switch x := v.(type) {
	case nil:
		return nil
	case string:
		fmt.Fprintf(w, `<c r="%s" t="inlineStr"><is><t xml:space="preserve">%s</t></is></c>`, ref, escape(x))
		return nil
	case int:
		num = strconv.Itoa(x)
	case int64:
		num = strconv.FormatInt(x, 10)
	case float64:
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return fmt.Errorf("cell %s: %v is not a number a spreadsheet holds", ref, x)
		}
		num = strconv.FormatFloat(x, 'g', -1, 64)
	default:
		return fmt.Errorf("cell %s: cannot write a %T", ref, v)
	}
	fmt.Fprintf(w, `<c r="%s"><v>%s</v></c>`, ref, num)
	return nil
}

// column returns the letters of the column with index i from 0: A, …, Z,
// AA, ….
func column(i int) string {
	var b []byte
	for i++; i > 0; i = (i - 1) / 26 {
		b = append([]byte{byte('A' + (i-1)%26)}, b...)
	}
	return string(b)
}

// escape escapes text for XML; characters XML 1.0 cannot hold (control
// characters other than tab and line breaks) become U+FFFD.
func escape(s string) string {
	var b strings.Builder
	_ = xml.EscapeText(&b, []byte(s))
	return b.String()
}

func checkName(name string) error {
	if len([]rune(name)) > 31 || strings.ContainsAny(name, `\/?*[]:`) {
		return fmt.Errorf("xlsx: %q is not a worksheet name (at most 31 characters, none of \\ / ? * [ ] :)", name)
	}
	return nil
}

const contentTypes = xml.Header + `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
	`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
	`<Default Extension="xml" ContentType="application/xml"/>` +
	`<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>` +
	`<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>` +
	`<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>` +
	`</Types>`

const rootRels = xml.Header + `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
	`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>` +
	`</Relationships>`

const workbook = xml.Header + `<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" ` +
	`xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">` +
	`<sheets><sheet name="%s" sheetId="1" r:id="rId1"/></sheets></workbook>`

const workbookRels = xml.Header + `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
	`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>` +
	`<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>` +
	`</Relationships>`

// styles is the smallest style sheet spreadsheet programs accept: one
// font, the two fills they require, no border, one cell format.
const styles = xml.Header + `<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">` +
	`<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>` +
	`<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>` +
	`<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>` +
	`<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>` +
	`<cellXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/></cellXfs>` +
	`<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>` +
	`</styleSheet>`
