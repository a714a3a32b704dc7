package sheet

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"
)

func TestSafeCell(t *testing.T) {
	for in, want := range map[string]string{
		"":                         "",
		"Byggesak":                 "Byggesak",
		"=HYPERLINK(\"http://x\")": "'=HYPERLINK(\"http://x\")",
		"+1+cmd|' /C calc'!A0":     "'+1+cmd|' /C calc'!A0",
		"-2+3":                     "'-2+3",
		"@SUM(A1:A9)":              "'@SUM(A1:A9)",
		"\t=1+1":                   "'\t=1+1",
		"\r=1+1":                   "'\r=1+1",
		"-5":                       "-5",
		"+1.5":                     "+1.5",
		"12":                       "12",
		"a=b":                      "a=b",
		"'=already quoted":         "'=already quoted",
	} {
		if got := SafeCell(in); got != want {
			t.Errorf("SafeCell(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestWriteCSV(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteCSV(&buf, [][]string{{"id", "tittel"}, {"1", "=1+1"}, {"2", "Kart, plan"}}); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(buf.String(), "\ufeff") {
		t.Fatal("no byte order mark")
	}
	rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(buf.String(), "\ufeff"))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if rows[1][1] != "'=1+1" || rows[2][1] != "Kart, plan" {
		t.Fatalf("rows: %q", rows)
	}
}
