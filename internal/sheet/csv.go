// Package sheet writes tables for spreadsheet programs. Every CSV samstyr
// writes goes through WriteCSV, so that no cell can run as a formula.
package sheet

import (
	"encoding/csv"
	"io"
	"strconv"
	"strings"
)

// SafeCell returns s so that a spreadsheet program shows it as text: a
// cell starting with =, +, -, @, TAB or CR (which Excel, LibreOffice and
// Google Sheets would take as the start of a formula) gets a leading
// apostrophe, as OWASP advises. A plain number (-5, +1.5) stays as it is:
// it is no formula, and a sheet should still add it up.
func SafeCell(s string) string {
	if s == "" || !strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return s
	}
	if _, err := strconv.ParseFloat(s, 64); err == nil && s[0] != '\t' && s[0] != '\r' && s[0] != '=' && s[0] != '@' {
		return s
	}
	return "'" + s
}

// WriteCSV writes rows as CSV (RFC 4180) preceded by a UTF-8 byte order
// mark, so that spreadsheet programs read the letters æ, ø and å right,
// with every cell made safe by SafeCell.
func WriteCSV(w io.Writer, rows [][]string) error {
	if _, err := io.WriteString(w, "\ufeff"); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	for _, row := range rows {
		safe := make([]string, len(row))
		for i, c := range row {
			safe[i] = SafeCell(c)
		}
		if err := cw.Write(safe); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}
