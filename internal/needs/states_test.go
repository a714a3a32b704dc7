package needs_test

import (
	"testing"

	"github.com/samstyr/samstyr/internal/needs"
	"github.com/samstyr/samstyr/internal/policy"
)

func TestStateMachine(t *testing.T) {
	secretariat := &policy.Actor{PersonID: 1, OrgID: 9, OrgKind: policy.OrgKS, Memberships: []policy.Membership{{BodyKind: policy.BodySecretariat, Function: policy.FuncSecretary}}}
	submitter := &policy.Actor{PersonID: 2, OrgID: 5, OrgKind: policy.OrgMunicipality}
	other := &policy.Actor{PersonID: 3, OrgID: 6, OrgKind: policy.OrgMunicipality}
	council := &policy.Actor{PersonID: 4, OrgID: 6, OrgKind: policy.OrgMunicipality, Memberships: []policy.Membership{{BodyKind: policy.BodyUserCouncil, Function: policy.FuncMember}}}
	cases := []struct {
		from, to string
		allowed  bool
		who      map[*policy.Actor]bool
	}{
		{needs.Draft, needs.Submitted, true, map[*policy.Actor]bool{submitter: true, other: false, secretariat: false}},
		{needs.Returned, needs.Submitted, true, map[*policy.Actor]bool{submitter: true, secretariat: false}},
		{needs.Submitted, needs.InTriage, true, map[*policy.Actor]bool{secretariat: true, submitter: false, council: false}},
		{needs.InTriage, needs.Rejected, true, map[*policy.Actor]bool{secretariat: true, submitter: false}},
		{needs.InTriage, needs.Returned, true, map[*policy.Actor]bool{secretariat: true}},
		{needs.InTriage, needs.UnderAssessment, true, map[*policy.Actor]bool{secretariat: true, council: false}},
		{needs.UnderAssessment, needs.Assessed, true, map[*policy.Actor]bool{secretariat: true, council: false}},
		{needs.Assessed, needs.Prioritised, true, map[*policy.Actor]bool{secretariat: true, council: false}},
		{needs.Assessed, needs.Parked, true, map[*policy.Actor]bool{secretariat: true}},
		{needs.Parked, needs.UnderAssessment, true, map[*policy.Actor]bool{secretariat: true}},
		{needs.Prioritised, needs.InConcept, true, map[*policy.Actor]bool{secretariat: true, submitter: false}},
		{needs.InConcept, needs.InProject, true, map[*policy.Actor]bool{secretariat: true}},
		{needs.InProject, needs.Resolved, true, map[*policy.Actor]bool{secretariat: true}},
		{needs.Submitted, needs.Withdrawn, true, map[*policy.Actor]bool{submitter: true, secretariat: true, other: false}},
		{needs.Draft, needs.Withdrawn, true, map[*policy.Actor]bool{submitter: true}},
		{needs.Assessed, needs.Merged, true, map[*policy.Actor]bool{secretariat: true, submitter: false}},
		{needs.Draft, needs.Merged, false, nil},
		{needs.Draft, needs.InTriage, false, nil},
		{needs.Submitted, needs.Prioritised, false, nil},
		{needs.Rejected, needs.Submitted, false, nil},
		{needs.Resolved, needs.Withdrawn, false, nil},
		{needs.Merged, needs.Withdrawn, false, nil},
		{needs.Withdrawn, needs.Submitted, false, nil},
		{needs.UnderAssessment, needs.Prioritised, false, nil},
		{"bogus", needs.Submitted, false, nil},
	}
	for _, c := range cases {
		m, ok := needs.MoveFor(c.from, c.to)
		if ok != c.allowed {
			t.Errorf("%s → %s: allowed %v, want %v", c.from, c.to, ok, c.allowed)
			continue
		}
		for a, want := range c.who {
			if got := policy.Can(a, m.Action, policy.Resource{OrgID: 5, State: c.from}); got != want {
				t.Errorf("%s → %s (%s) by person %d: %v, want %v", c.from, c.to, m.Action, a.PersonID, got, want)
			}
		}
	}
	// Every state but the closed ones has a way out, and every move's action is in the policy table.
	for _, s := range needs.States {
		if needs.IsOpen(s) && len(needs.MovesFrom(s)) == 0 {
			t.Errorf("open state %s has no moves", s)
		}
		for _, m := range needs.MovesFrom(s) {
			if !policy.Known(m.Action) {
				t.Errorf("action %s is not in the policy table", m.Action)
			}
		}
	}
}

func TestDetectType(t *testing.T) {
	cases := map[string]struct {
		data []byte
		want string
	}{
		"pdf":  {[]byte("%PDF-1.7\n..."), needs.TypePDF},
		"png":  {[]byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), needs.TypePNG},
		"jpeg": {[]byte("\xff\xd8\xff\xe0\x00\x10JFIF\x00"), needs.TypeJPEG},
		"docx": {zipOf(map[string]string{"[Content_Types].xml": `<Types><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>`}), needs.TypeDOCX},
		"odt":  {zipOf(map[string]string{"mimetype": "application/vnd.oasis.opendocument.text"}), needs.TypeODT},
		"zip":  {zipOf(map[string]string{"a.txt": "hello"}), ""},
		"html": {[]byte("<html><script>alert(1)</script></html>"), ""},
		"exe":  {[]byte("MZ\x90\x00\x03"), ""},
		"svg":  {[]byte(`<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>`), ""},
	}
	for name, c := range cases {
		if got := needs.DetectType(c.data); got != c.want {
			t.Errorf("%s: %q, want %q", name, got, c.want)
		}
	}
	a := &needs.Attachment{Name: `C:\Users\x\rapport`, Data: cases["docx"].data}
	if err := needs.CheckAttachment(a); err != nil || a.Name != "rapport.docx" || a.ContentType != needs.TypeDOCX {
		t.Fatalf("check: %+v %v", a, err)
	}
}

func TestActionForMatchesMoves(t *testing.T) {
	for _, from := range needs.States {
		for _, to := range needs.States {
			m, ok := needs.MoveFor(from, to)
			if !ok {
				continue
			}
			act, ok := needs.ActionFor(to)
			if !ok || act != m.Action {
				t.Errorf("move %s → %s takes %s, ActionFor(%s) says %s", from, to, m.Action, to, act)
			}
		}
	}
	if _, ok := needs.ActionFor(needs.Draft); ok {
		t.Errorf("no move leads to draft, yet ActionFor(draft) names an action")
	}
}
