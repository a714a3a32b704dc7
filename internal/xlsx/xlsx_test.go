package xlsx

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"io"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// TestWriteReadsBackInExcelize writes a workbook and reads it with
// excelize (in the test only, so the binary does not link it): values,
// cell types, widths and the frozen row come back as written, and every
// part is well-formed XML.
func TestWriteReadsBackInExcelize(t *testing.T) {
	long := strings.Repeat("ø", 300)
	rows := [][]any{
		{"ID", "Tittel", "Tilstand", "Innbyggjarar"},
		{int64(7), "=HYPERLINK(\"http://evil\")", "Til vurdering", 1234.5},
		{8, "Plan & bygg <i> \"sitat\" æøå ŋ č", nil, float64(-3)},
		{9, "tab\tlinje\nskift\x01kontroll", "  mellomrom  ", 1e21},
		{10, long, "", 0.1},
	}
	var buf bytes.Buffer
	err := Write(&buf, Sheet{Name: "Behov", Rows: rows, Widths: map[int]float64{1: 60, 2: 22, 3: 22.5}, FreezeFirstRow: true})
	if err != nil {
		t.Fatal(err)
	}
	zr, err := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range zr.File {
		rc, _ := f.Open()
		dec := xml.NewDecoder(rc)
		for {
			if _, err := dec.Token(); err == io.EOF {
				break
			} else if err != nil {
				t.Fatalf("%s is not well-formed XML: %v", f.Name, err)
			}
		}
		rc.Close()
	}

	x, err := excelize.OpenReader(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	if got := x.GetSheetList(); len(got) != 1 || got[0] != "Behov" {
		t.Fatalf("sheets %v", got)
	}
	got, err := x.GetRows("Behov", excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{
		{"ID", "Tittel", "Tilstand", "Innbyggjarar"},
		{"7", "=HYPERLINK(\"http://evil\")", "Til vurdering", "1234.5"},
		{"8", "Plan & bygg <i> \"sitat\" æøå ŋ č", "", "-3"},
		{"9", "tab\tlinje\nskift\uFFFDkontroll", "  mellomrom  ", "1e+21"},
		{"10", long, "", "0.1"},
	}
	for i := range want {
		for j := range want[i] {
			if j >= len(got[i]) && want[i][j] == "" {
				continue
			}
			if j >= len(got[i]) || got[i][j] != want[i][j] {
				t.Errorf("row %d: got %q, want %q", i+1, got[i], want[i])
				break
			}
		}
	}
	// Numbers carry no type attribute, which means a number (the format's
	// default, as excelize writes them too); text is an inline string.
	for ref, want := range map[string]excelize.CellType{"A2": excelize.CellTypeUnset, "D2": excelize.CellTypeUnset,
		"B2": excelize.CellTypeInlineString, "A1": excelize.CellTypeInlineString} {
		if ct, err := x.GetCellType("Behov", ref); err != nil || ct != want {
			t.Errorf("%s: type %v (%v), want %v", ref, ct, err, want)
		}
	}
	if f, _ := x.GetCellFormula("Behov", "B2"); f != "" {
		t.Errorf("B2 reads as the formula %q; text must stay text", f)
	}
	for col, want := range map[string]float64{"B": 60, "C": 22, "D": 22.5} {
		if w, err := x.GetColWidth("Behov", col); err != nil || w != want {
			t.Errorf("width of %s: %v %v, want %v", col, w, err, want)
		}
	}
	panes, err := x.GetPanes("Behov")
	if err != nil || !panes.Freeze || panes.YSplit != 1 || panes.TopLeftCell != "A2" {
		t.Errorf("panes %+v %v; want the first row frozen", panes, err)
	}
}

func TestWriteRefusesWhatASheetCannotHold(t *testing.T) {
	for name, s := range map[string]Sheet{
		"bad name":    {Name: "a/b"},
		"long name":   {Name: strings.Repeat("x", 32)},
		"NaN":         {Rows: [][]any{{0.0 / zero()}}},
		"a struct":    {Rows: [][]any{{struct{}{}}}},
		"wide column": {Widths: map[int]float64{0: 300}},
		"column":      {Widths: map[int]float64{-1: 10}},
	} {
		if err := Write(io.Discard, s); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}

func zero() float64 { return 0 }

func TestColumn(t *testing.T) {
	for i, want := range map[int]string{0: "A", 25: "Z", 26: "AA", 27: "AB", 51: "AZ", 52: "BA", 701: "ZZ", 702: "AAA", 16383: "XFD"} {
		if got := column(i); got != want {
			t.Errorf("column(%d) = %s, want %s", i, got, want)
		}
	}
}
