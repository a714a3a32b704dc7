package server_test

import (
	"strings"
	"testing"
)

var _ = addBrowserFlows(
	browserFlow{"portfolio overview and budget frames", "secretariat", func(t *testing.T, b *tab) {
		f := newPortfolio(t, b.a)
		b.open("/portfolio/overview")
		b.checkAxe("portfolio overview")
		if !strings.Contains(b.text("#portfolio-items"), f.idea.Title) || !strings.Contains(b.text("#portfolio-items"), "Felles planregister") {
			t.Errorf("overview rows: %q", b.text("#portfolio-items"))
		}
		b.choose("source", "ks")
		if status := b.submit("source"); status != 200 {
			t.Fatalf("filter: status %d", status)
		}
		if got := b.text("#portfolio-items tbody"); !strings.Contains(got, "Felles planregister") || strings.Contains(got, f.idea.Title) {
			t.Errorf("rows with source=ks: %q", got)
		}
		b.checkAxe("portfolio overview, filtered")
		b.open("/portfolio/frames")
		b.checkAxe("budget frames")
		b.fill("year", "2027", "amount_nok", "mange")
		b.choose("source", "digifin")
		b.wantInvalid(b.submit("year"), "frame form", "amount_nok")
		b.fill("year", "2027", "amount_nok", "4 000 000")
		b.choose("source", "digifin")
		b.wantSaved(b.submit("year"), "frame form", "/portfolio/frames")
		if !strings.Contains(b.text("#frames"), "2027") {
			t.Errorf("frames table: %q", b.text("#frames"))
		}
		b.open("/portfolio/guidelines")
		b.checkAxe("main guidelines")
		b.fill("title", "Hovedretningslinjer", "share_plan", "mye")
		b.wantInvalid(b.submit("title"), "guideline form", "share_plan")
		b.fill("share_plan", "40", "share_bygg", "60")
		b.wantSaved(b.submit("title"), "guideline form", "/portfolio/guidelines")
	}},
	browserFlow{"public portfolio overview", "anonymous", func(t *testing.T, b *tab) {
		b.open("/portfolio/overview?sort=title")
		b.checkAxe("public portfolio overview")
	}},
)
