package server_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/samstyr/samstyr/internal/policy"
	"github.com/samstyr/samstyr/internal/portfolio"
	"github.com/samstyr/samstyr/internal/testutil/apptest"
)

// roadmapEndorsed makes two endorsed versions that differ (moved and added).
func roadmapEndorsed(t *testing.T, a *apptest.App) {
	t.Helper()
	ctx := context.Background()
	ks := a.Organisations["ks"].ID
	mk := func(title, area, start, end, forecast string) *portfolio.Initiative {
		in, err := a.Portfolio.CreateInitiative(ctx, policy.SystemActor, portfolio.InitiativeInput{Title: title, Area: area, ActorID: ks,
			Start: start, End: end, ForecastEnd: forecast})
		if err != nil {
			t.Fatal(err)
		}
		return in
	}
	geo := mk("GeoIntegrasjon neste generasjon", "geodata", "2026H1", "2027H1", "")
	mk("Fellestjenester PLAN", "plan", "2026H2", "2027H2", "2028H2")
	sec := a.Client("secretariat")
	for i, change := range []func(){func() {}, func() {
		if _, err := a.Portfolio.UpdateInitiative(ctx, policy.SystemActor, geo.ID, portfolio.InitiativeInput{Title: geo.Title, Area: "geodata", ActorID: ks,
			Start: "2026H2", End: "2027H2"}); err != nil {
			t.Fatal(err)
		}
		mk("eByggesak i alle kommuner", "bygg", "2027H1", "2028H1", "")
	}} {
		change()
		v, err := a.Portfolio.FreezeRoadmap(ctx, policy.SystemActor, fmt.Sprintf("Veikart %d", i+1))
		if err != nil {
			t.Fatal(err)
		}
		decideOn(t, a, sec, policy.BodyStrategicCouncil, "roadmap_version", v.ID, portfolio.EffectEndorseRoadmap, 201)
	}
}

// TestBrowserRoadmap: the public roadmap and the diff page pass axe at
// desktop and phone width without sideways scrolling; the picture has its
// text alternative; the secretariat's form names a bad field and saves a
// good initiative.
func TestBrowserRoadmap(t *testing.T) {
	a := apptest.New(t)
	roadmapEndorsed(t, a)
	for _, width := range []string{"desktop", "phone"} {
		var b *tab
		if width == "phone" {
			b = phoneTab(t, a)
		} else {
			b = newTab(t, a)
		}
		b.open("/roadmap")
		b.checkAxe("roadmap, " + width)
		if got := eval[string](b, `document.querySelector("svg desc").textContent`); !strings.Contains(got, "3") {
			t.Errorf("picture description: %q", got)
		}
		if got := b.text("#roadmap-table"); !strings.Contains(got, "Slipped 2 half-years") {
			t.Errorf("slip not in the table: %q", got)
		}
		b.open("/roadmap/diff?from=1&to=2")
		b.checkAxe("roadmap diff, " + width)
		if got := b.text("#roadmap-diff"); !strings.Contains(got, "Moved") || !strings.Contains(got, "Added") {
			t.Errorf("diff: %q", got)
		}
		if width == "phone" {
			b.open("/roadmap")
			b.checkPhoneWidth("roadmap")
			b.open("/roadmap/diff?from=1&to=2")
			b.checkPhoneWidth("roadmap diff")
		}
	}
	b := newTab(t, a)
	b.signIn("secretariat")
	b.open("/roadmap/manage")
	b.checkAxe("roadmap manage")
	b.fill("title", "Digitalt planregister", "start", "2028H1", "end", "2027H2")
	b.choose("area", "plan")
	b.choose("actor_id", fmt.Sprint(a.Organisations["dibk"].ID))
	b.wantInvalid(b.submit("title"), "initiative form", "end")
	b.checkAxe("roadmap manage with errors")
	b.fill("end", "2028H2")
	b.wantSaved(b.submit("title"), "initiative form", "/roadmap/manage")
	if !strings.Contains(b.text("main"), "Digitalt planregister") {
		t.Error("the new initiative is not listed")
	}
}
