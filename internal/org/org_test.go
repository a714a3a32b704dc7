package org

import (
	"fmt"
	"regexp"
	"testing"

	"github.com/samstyr/samstyr/internal/errs"
)

func TestValidOrgNumber(t *testing.T) {
	for n, want := range map[string]bool{
		"958935420": true, "971032146": true, "974760223": true, "929911709": true,
		"958935421": false, "12345678": false, "1234567890": false, "95893542a": false, "": false,
	} {
		if got := ValidOrgNumber(n); got != want {
			t.Errorf("ValidOrgNumber(%q) = %v", n, got)
		}
	}
}

func TestValidate(t *testing.T) {
	for _, tc := range []struct {
		o     Organisation
		field string
	}{
		{Organisation{Kind: "municipality", Name: "Oslo", MunicipalityNumber: "0301", CountyNumber: "03"}, ""},
		{Organisation{Kind: "municipality", Name: "Oslo", MunicipalityNumber: "301", CountyNumber: "03"}, "municipality_number"},
		{Organisation{Kind: "municipality", Name: "Oslo", MunicipalityNumber: "0301"}, "county_number"},
		{Organisation{Kind: "county", Name: "Agder"}, "county_number"},
		{Organisation{Kind: "vendor", Name: ""}, "name"},
		{Organisation{Kind: "club", Name: "X"}, "kind"},
		{Organisation{Kind: "vendor", Name: "X", OrgNumber: "958935421"}, "org_number"},
		{Organisation{Kind: "vendor", Name: "X", Population: -1}, "population"},
		{Organisation{Kind: "vendor", Name: "X", Website: "javascript:alert(1)"}, "website"},
	} {
		err := tc.o.Validate()
		got := ""
		if e := errs.As(err); e != nil {
			got = e.Fields[0].Field
		}
		if got != tc.field {
			t.Errorf("%+v: field %q, want %q", tc.o, got, tc.field)
		}
	}
}

// TestDigits holds the digit check to the regexps it replaced.
func TestDigits(t *testing.T) {
	for _, n := range []int{2, 4, 9} {
		re := regexp.MustCompile(fmt.Sprintf(`^[0-9]{%d}$`, n))
		for _, s := range []string{"", "1", "12", "1234", "123456789", "12345678", "1234567890", "12a4", "١٢", "12\n", " 12", "12 ", "0000", "999999999"} {
			if got, want := digits(s, n), re.MatchString(s); got != want {
				t.Errorf("digits(%q, %d) = %v, the regexp says %v", s, n, got, want)
			}
		}
	}
}
