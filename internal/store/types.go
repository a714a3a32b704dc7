package store

import (
	"database/sql"
	"fmt"
	"time"
)

// dateLayout is how dates are written to both databases.
const dateLayout = "2006-01-02"

// dateArg converts an optional date to a query argument: a "YYYY-MM-DD"
// string, or nil for the zero time.
func dateArg(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.Format(dateLayout)
}

// timeArg converts an optional time to a query argument in UTC with
// microsecond precision, or nil for the zero time.
func timeArg(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.UTC().Truncate(time.Microsecond)
}

// nullInt converts 0 to NULL.
func nullInt(n int64) any {
	if n == 0 {
		return nil
	}
	return n
}

// nullStr converts "" to NULL.
func nullStr(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// scanTime scans a time (TIMESTAMPTZ or SQLite text) into a UTC time.Time;
// NULL gives the zero time.
type scanTime struct{ t *time.Time }

func (s scanTime) Scan(v any) error {
	switch x := v.(type) {
	case nil:
		*s.t = time.Time{}
	case time.Time:
		*s.t = x.UTC()
	case string:
		return s.parse(x)
	case []byte:
		return s.parse(string(x))
	default:
		return fmt.Errorf("scan time: unexpected %T", v)
	}
	return nil
}

func (s scanTime) parse(x string) error {
	for _, layout := range []string{"2006-01-02 15:04:05.999999999-07:00", time.RFC3339Nano, "2006-01-02 15:04:05.999999999", dateLayout} {
		if t, err := time.Parse(layout, x); err == nil {
			*s.t = t.UTC()
			return nil
		}
	}
	return fmt.Errorf("scan time: cannot parse %q", x)
}

// tm returns a scanner for a time column.
func tm(t *time.Time) sql.Scanner { return scanTime{t} }

// nint scans a nullable integer into an int64 (NULL is 0).
type nint struct{ p *int64 }

func (n nint) Scan(v any) error {
	var x sql.NullInt64
	if err := x.Scan(v); err != nil {
		return err
	}
	*n.p = x.Int64
	return nil
}

// ni returns a scanner for a nullable integer column.
func ni(p *int64) sql.Scanner { return nint{p} }

// nstr scans a nullable text into a string (NULL is "").
type nstr struct{ p *string }

func (n nstr) Scan(v any) error {
	var x sql.NullString
	if err := x.Scan(v); err != nil {
		return err
	}
	*n.p = x.String
	return nil
}

// ns returns a scanner for a nullable text column.
func ns(p *string) sql.Scanner { return nstr{p} }
