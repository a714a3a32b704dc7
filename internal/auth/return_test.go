package auth_test

import (
	"testing"

	"github.com/samstyr/samstyr/internal/auth"
)

func TestSafeReturn(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"/bodies", "/bodies"},
		{"/needs?state=submitted&area=plan", "/needs?state=submitted&area=plan"},
		{"/needs/4#history", "/needs/4#history"},
		{"/", "/"},
		{"", ""},
		{"bodies", ""},
		{"//evil.example", ""},
		{"///evil.example", ""},
		{"/\t/evil.example", ""},   // browsers drop the TAB: //evil.example
		{"/\n/evil.example", ""},   // and LF
		{"/\r\n/evil.example", ""}, // and CR
		{"\t//evil.example", ""},
		{"/\x00/evil.example", ""},
		{"/\u0085/evil.example", ""}, // a C1 control character
		{" //evil.example", ""},
		{"/\\evil.example", ""}, // browsers read \ as /
		{"\\\\evil.example", ""},
		{"/\t\\evil.example", ""},
		{"/a\\b", ""},
		{"https://evil.example/", ""},
		{"http:/evil.example", ""},
		{"javascript:alert(1)", ""},
		{"/needs\t/4", "/needs/4"},                     // still a local path once the TAB is gone
		{"/%2F%2Fevil.example", "/%2F%2Fevil.example"}, // an escaped slash stays in the path
	} {
		if got := auth.SafeReturn(c.in); got != c.want {
			t.Errorf("SafeReturn(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}
