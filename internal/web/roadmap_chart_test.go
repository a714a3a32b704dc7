package web

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestFitLabel(t *testing.T) {
	short := "Digital plandialog"
	if got := fitLabel(short, false); got != short {
		t.Errorf("short title changed: %q", got)
	}
	long := "Fellestjenester BYGG: mottak av digitale byggesøknader fra søknadsløsningene"
	got := fitLabel(long, false)
	if !strings.HasSuffix(got, "…") || utf8.RuneCountInString(got) > roadmapLabelRunes || !strings.HasPrefix(long, strings.TrimSuffix(got, "…")) {
		t.Errorf("long title: %q", got)
	}
	if s := fitLabel(long, true); utf8.RuneCountInString(s) > roadmapLabelRunes-2 {
		t.Errorf("slipped title leaves no room for the mark: %q", s)
	}
}
