package listing

import (
	"strconv"
	"testing"

	"github.com/samstyr/samstyr/internal/errs"
)

func TestCursorRoundTripAndBadCursors(t *testing.T) {
	for _, c := range []Cursor{{ID: 1}, {Key: "bergen", ID: 42}, {Key: "æøå \"x\"", ID: 1 << 62}} {
		got, err := DecodeCursor(c.Encode())
		if err != nil || *got != c {
			t.Errorf("%+v: decoded %+v, %v", c, got, err)
		}
	}
	if c, err := DecodeCursor(""); c != nil || err != nil {
		t.Errorf("empty cursor: %v %v", c, err)
	}
	for _, bad := range []string{"!!", Cursor{ID: -1}.Encode(), "W10", "eyJpIjoiMSJ9"} {
		if _, err := DecodeCursor(bad); !isInvalid(err, "cursor") {
			t.Errorf("cursor %q: %v, want an invalid cursor", bad, err)
		}
	}
}

func TestLimit(t *testing.T) {
	for in, want := range map[string]int{"": DefaultLimit, "1": 1, "500": 500} {
		if n, err := Limit(in); n != want || err != nil {
			t.Errorf("Limit(%q) = %d, %v", in, n, err)
		}
	}
	for _, bad := range []string{"0", "-1", "501", "ten", "1e2", " 5", "99999999999999999999"} {
		if _, err := Limit(bad); !isInvalid(err, "limit") {
			t.Errorf("Limit(%q): %v", bad, err)
		}
	}
}

func isInvalid(err error, field string) bool {
	e := errs.As(err)
	return e != nil && e.Code == errs.Invalid && len(e.Fields) == 1 && e.Fields[0].Field == field
}

// FuzzDecodeCursor: any string either decodes to a cursor that encodes back
// to one decoding the same, or is refused as an invalid cursor field.
func FuzzDecodeCursor(f *testing.F) {
	for _, s := range []string{"", Cursor{Key: "oslo", ID: 7}.Encode(), "e30", "eyJrIjoiYSIsImkiOi0xfQ", "%%%", "bnVsbA"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c, err := DecodeCursor(s)
		if err != nil {
			if !isInvalid(err, "cursor") {
				t.Fatalf("%q: error %v is not an invalid cursor", s, err)
			}
			return
		}
		if c == nil {
			if s != "" {
				t.Fatalf("%q decoded to no cursor", s)
			}
			return
		}
		if c.ID < 0 {
			t.Fatalf("%q: negative id %d accepted", s, c.ID)
		}
		again, err := DecodeCursor(c.Encode())
		if err != nil || *again != *c {
			t.Fatalf("%q: %+v encodes to one that decodes to %+v, %v", s, c, again, err)
		}
	})
}

// FuzzLimit: any string is a limit within 1..MaxLimit or an invalid limit.
func FuzzLimit(f *testing.F) {
	for _, s := range []string{"", "1", "50", "500", "501", "-3", "x", "007"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n, err := Limit(s)
		if err != nil {
			if !isInvalid(err, "limit") {
				t.Fatalf("%q: %v", s, err)
			}
			return
		}
		if n < 1 || n > MaxLimit {
			t.Fatalf("%q gave limit %d", s, n)
		}
		if s != "" {
			if m, _ := strconv.Atoi(s); m != n {
				t.Fatalf("%q gave %d", s, n)
			}
		}
	})
}
