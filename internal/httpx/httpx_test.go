package httpx

import (
	"regexp"
	"strings"
	"testing"
)

// TestValidRequestID checks the hand-written check against the regexp it
// replaced.
func TestValidRequestID(t *testing.T) {
	re := regexp.MustCompile(`^[A-Za-z0-9._-]{8,64}$`)
	ids := []string{"", "abc", "abcdefg", "abcdefgh", "ABCdef09._-", strings.Repeat("a", 64), strings.Repeat("a", 65),
		"abcdefg h", "abcdefgh\n", "abcdefgh/", "æøåæøåæø", "1234567\x00", "req-2026-12-04.0001"}
	for c := 0; c < 256; c++ {
		ids = append(ids, "abcdefg"+string(rune(c)), "abcdefg"+string([]byte{byte(c)}))
	}
	for _, id := range ids {
		if got, want := validRequestID(id), re.MatchString(id); got != want {
			t.Errorf("validRequestID(%q) = %v, the regexp says %v", id, got, want)
		}
	}
}
