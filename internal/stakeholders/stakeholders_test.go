package stakeholders

import (
	"strings"
	"testing"

	"github.com/samstyr/samstyr/internal/errs"
)

func TestValidateNamesTheField(t *testing.T) {
	ok := func() *Inquiry {
		return &Inquiry{Channel: ChannelWeb, SenderName: "Ola", SenderEmail: "ola@example.org", Topic: "Plan", Text: "Spørsmål om 5 < 6"}
	}
	for _, tc := range []struct {
		name  string
		edit  func(*Inquiry)
		field string
	}{
		{"valid", func(*Inquiry) {}, ""},
		{"no name", func(i *Inquiry) { i.SenderName = " " }, "sender_name"},
		{"no e-mail on the web", func(i *Inquiry) { i.SenderEmail = "" }, "sender_email"},
		{"phone without e-mail", func(i *Inquiry) { i.Channel, i.SenderEmail = ChannelPhone, "" }, ""},
		{"bad e-mail", func(i *Inquiry) { i.SenderEmail = "Ola <ola@example.org>" }, "sender_email"},
		{"tag", func(i *Inquiry) { i.Text = "se <a href=x>her</a>" }, "text"},
		{"closing tag", func(i *Inquiry) { i.Topic = "x</b>" }, "topic"},
		{"control character", func(i *Inquiry) { i.Text = "a\x00b" }, "text"},
		{"too long", func(i *Inquiry) { i.Text = strings.Repeat("æ", MaxText+1) }, "text"},
		{"just long enough", func(i *Inquiry) { i.Text = strings.Repeat("æ", MaxText) }, ""},
		{"unknown channel", func(i *Inquiry) { i.Channel = "fax" }, "channel"},
	} {
		i := ok()
		tc.edit(i)
		i.Normalize()
		err := i.Validate()
		if tc.field == "" {
			if err != nil {
				t.Errorf("%s: %v", tc.name, err)
			}
			continue
		}
		e := errs.As(err)
		if e == nil || e.Code != errs.Invalid || len(e.Fields) == 0 || e.Fields[0].Field != tc.field {
			t.Errorf("%s: %v, want a field error on %s", tc.name, err, tc.field)
		}
	}
}

func TestTransitions(t *testing.T) {
	for _, tc := range []struct {
		from, to string
		ok       bool
	}{
		{Open, Answered, true}, {Open, Closed, true}, {Answered, Answered, true}, {Answered, Closed, true},
		{Closed, Answered, false}, {Closed, Closed, false}, {Closed, Open, false}, {Answered, Open, false},
	} {
		if CanMove(tc.from, tc.to) != tc.ok {
			t.Errorf("%s → %s: want %v", tc.from, tc.to, tc.ok)
		}
	}
}

func TestReference(t *testing.T) {
	if got := Reference(2026, 7); got != "H-2026-0007" || !ValidReference(got) {
		t.Fatalf("reference %q", got)
	}
	for _, bad := range []string{"", "H-26-1", "H-2026-01", "<script>", "H-2026-0001x"} {
		if ValidReference(bad) {
			t.Errorf("%q accepted", bad)
		}
	}
}
