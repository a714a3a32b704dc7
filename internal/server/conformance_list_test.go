package server_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/samstyr/samstyr/internal/catalog"
	"github.com/samstyr/samstyr/internal/policy"
	"github.com/samstyr/samstyr/internal/testutil/apptest"
)

// TestConformanceListIsBoundedAndSearchable: with more verified
// declarations than one page shows, the public list shows the first 100
// and says so; the search by product or vendor narrows it (on the page and
// in the API), and the standard page counts every verified declaration of
// each version.
func TestConformanceListIsBoundedAndSearchable(t *testing.T) {
	a := apptest.New(t)
	ctx := context.Background()
	sys := policy.SystemActor
	st := &catalog.Standard{Code: "NPS", Name: "Nasjonal produktspesifikasjon", Owner: "KS", URL: "https://example.org/nps"}
	if err := a.Standards.CreateStandard(ctx, sys, st); err != nil {
		t.Fatal(err)
	}
	v := &catalog.Version{StandardID: st.ID, Version: "3.1"}
	if err := a.Standards.AddVersion(ctx, sys, v); err != nil {
		t.Fatal(err)
	}
	const n = 105
	for i := range n {
		d := &catalog.Declaration{VendorID: a.Organisations["vendor"].ID, Product: fmt.Sprintf("Saksflyt %03d", i), ProductVersion: "1",
			StandardVersionID: v.ID, EvidenceURL: "https://example.org/t"}
		if i == 42 {
			d.Product = "Planverktøy Ekstra"
		}
		if err := a.Standards.Declare(ctx, sys, d); err != nil {
			t.Fatal(err)
		}
		if _, err := a.Standards.Verify(ctx, sys, d.ID); err != nil {
			t.Fatal(err)
		}
	}
	anon := a.NewClient()
	doc := htmlDoc(t, anon.Get("/conformance"))
	if rows := doc.Find("#conforming tbody tr").Length(); rows != 100 {
		t.Errorf("the public list shows %d rows, want 100", rows)
	}
	if doc.Find("#conforming-more").Length() != 1 {
		t.Error("the list does not say that more declarations exist")
	}
	doc = htmlDoc(t, anon.Get("/conformance?q=planverkt%C3%B8y"))
	if rows := doc.Find("#conforming tbody tr").Length(); rows != 1 || !strings.Contains(doc.Find("#conforming tbody").Text(), "Planverktøy Ekstra") {
		t.Errorf("the search found %d rows: %s", rows, doc.Find("#conforming tbody").Text())
	}
	if doc.Find("#conforming-more").Length() != 0 {
		t.Error("a narrowed list still says there are more")
	}
	if v, _ := doc.Find("#f-q").Attr("value"); v != "planverktøy" {
		t.Errorf("the search field keeps %q", v)
	}
	res := anon.API("GET", "/api/v1/conformance?q=EKSTRA", "")
	if res.StatusCode != http.StatusOK || strings.Count(res.Body, `"product":`) != 1 {
		t.Errorf("API search: %d %s", res.StatusCode, res.Body)
	}
	if res := anon.API("GET", "/api/v1/conformance", ""); strings.Count(res.Body, `"product":`) != n {
		t.Errorf("the API lists %d declarations without a search, want %d", strings.Count(res.Body, `"product":`), n)
	}
	page := anon.Get(fmt.Sprintf("/standards/%d", st.ID))
	if !strings.Contains(page.Body, fmt.Sprint(n)) {
		t.Errorf("the standard page does not count %d verified declarations", n)
	}
}
