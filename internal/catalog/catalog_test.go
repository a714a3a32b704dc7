package catalog

import (
	"testing"

	"github.com/samstyr/samstyr/internal/errs"
)

func TestVersionMoves(t *testing.T) {
	for _, tc := range []struct {
		from, to string
		ok       bool
	}{
		{Draft, Adopted, true}, {Draft, Retired, true}, {Adopted, Retired, true},
		{Adopted, Draft, false}, {Retired, Adopted, false}, {Retired, Retired, false}, {Adopted, Adopted, false},
	} {
		if CanMoveVersion(tc.from, tc.to) != tc.ok {
			t.Errorf("%s → %s: want %v", tc.from, tc.to, tc.ok)
		}
	}
}

func TestDeclarationValidate(t *testing.T) {
	ok := func() *Declaration {
		return &Declaration{Product: "Sak", ProductVersion: "1.0", StandardVersionID: 3, EvidenceURL: "https://example.org/r"}
	}
	for _, tc := range []struct {
		name  string
		edit  func(*Declaration)
		field string
	}{
		{"valid", func(*Declaration) {}, ""},
		{"no product", func(d *Declaration) { d.Product = "" }, "product"},
		{"no version", func(d *Declaration) { d.ProductVersion = "" }, "product_version"},
		{"no standard version", func(d *Declaration) { d.StandardVersionID = 0 }, "standard_version_id"},
		{"no evidence", func(d *Declaration) { d.EvidenceURL = "" }, "evidence_url"},
		{"javascript evidence", func(d *Declaration) { d.EvidenceURL = "javascript:alert(1)" }, "evidence_url"},
	} {
		d := ok()
		tc.edit(d)
		d.Normalize()
		err := d.Validate()
		if tc.field == "" {
			if err != nil {
				t.Errorf("%s: %v", tc.name, err)
			}
			continue
		}
		if e := errs.As(err); e == nil || len(e.Fields) == 0 || e.Fields[0].Field != tc.field {
			t.Errorf("%s: %v, want a field error on %s", tc.name, err, tc.field)
		}
	}
	s := &Standard{Code: "NPS", Name: "N", Owner: "KS", URL: "ftp://x"}
	if e := errs.As(s.Validate()); e == nil || e.Fields[0].Field != "url" {
		t.Errorf("standard with an ftp address: %v", e)
	}
}
