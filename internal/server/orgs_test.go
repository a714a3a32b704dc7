package server_test

import (
	"context"
	"testing"

	"github.com/samstyr/samstyr/internal/org"
	"github.com/samstyr/samstyr/internal/policy"
	"github.com/samstyr/samstyr/internal/testutil/apptest"
)

// The counties (the county filter of every list) are kept between
// requests, but a new municipality counts at once.
func TestCountiesAreCachedButNeverStale(t *testing.T) {
	a := apptest.New(t)
	ctx := context.Background()
	county := func() (org.County, bool) {
		t.Helper()
		cs, err := a.Orgs.Counties(ctx, policy.SystemActor)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range cs {
			if c.Number == "98" {
				return c, true
			}
		}
		return org.County{}, false
	}
	if _, ok := county(); ok {
		t.Fatal("county 98 exists before any municipality in it")
	}
	for i, pop := range []int64{1200, 3400} {
		o := &org.Organisation{Kind: policy.OrgMunicipality, Name: "Prøvekommune " + string(rune('A'+i)),
			MunicipalityNumber: "980" + string(rune('1'+i)), CountyNumber: "98", CountyName: "Prøvefylke", Population: pop}
		if err := a.Orgs.Create(ctx, policy.SystemActor, o); err != nil {
			t.Fatal(err)
		}
		c, ok := county()
		if !ok || c.Municipalities != i+1 || c.Population != 1200+int64(i)*3400 {
			t.Fatalf("after municipality %d: %+v %v", i+1, c, ok)
		}
	}
}
