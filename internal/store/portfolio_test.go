package store_test

import (
	"context"
	"testing"

	"github.com/samstyr/samstyr/internal/directives"
	"github.com/samstyr/samstyr/internal/errs"
	"github.com/samstyr/samstyr/internal/org"
	"github.com/samstyr/samstyr/internal/portfolio"
	"github.com/samstyr/samstyr/internal/testutil"
)

// TestPortfolioStore writes frames (one per year and source; a second is a
// Conflict, a negative amount refused by the database), reads them back,
// keeps an actor for an idea that its directive inherits, and reads the
// portfolio rows (the public ones: projects only), on SQLite and (with the
// env) PostgreSQL.
func TestPortfolioStore(t *testing.T) {
	db := testutil.NewDB(t)
	ctx := context.Background()
	f := &portfolio.Frame{Year: 2027, Source: "digifin", AmountNOK: 4000000, Note: "Tildeling", State: portfolio.FrameDraft}
	if err := db.CreateBudgetFrame(ctx, f); err != nil {
		t.Fatal(err)
	}
	if err := db.CreateBudgetFrame(ctx, &portfolio.Frame{Year: 2027, Source: "digifin", AmountNOK: 1, State: portfolio.FrameDraft}); !errs.Is(err, errs.Conflict) {
		t.Errorf("second frame for 2027 digifin: %v", err)
	}
	if err := db.CreateBudgetFrame(ctx, &portfolio.Frame{Year: 2028, Source: "ks", AmountNOK: -1, State: portfolio.FrameDraft}); err == nil {
		t.Error("a negative frame was stored")
	}
	f.AmountNOK = 4500000
	if err := db.UpdateBudgetFrame(ctx, f); err != nil {
		t.Fatal(err)
	}
	got, err := db.FindBudgetFrameByID(ctx, f.ID)
	if err != nil || got.AmountNOK != 4500000 || got.Note != "Tildeling" || got.State != portfolio.FrameDraft {
		t.Fatalf("frame read back: %+v %v", got, err)
	}
	if _, err := db.FindBudgetFrameByID(ctx, f.ID+100); !errs.Is(err, errs.NotFound) {
		t.Errorf("missing frame: %v", err)
	}

	o := &org.Organisation{Kind: "state_agency", Name: "Kartverket"}
	if err := db.CreateOrganisation(ctx, o); err != nil {
		t.Fatal(err)
	}
	if err := db.CreateOrganisation(ctx, &org.Organisation{Kind: "vendor", Name: "Leverandør AS"}); err != nil {
		t.Fatal(err)
	}
	actors, err := db.FindPortfolioActors(ctx)
	if err != nil || len(actors) != 1 || actors[0].Name != "Kartverket" {
		t.Fatalf("actors: %+v %v", actors, err)
	}
	idea := &directives.Idea{Title: "Matrikkelføring", Source: directives.SourceGuideline, Purpose: "P", State: directives.IdeaConcept}
	if err := db.CreateIdea(ctx, idea); err != nil {
		t.Fatal(err)
	}
	d := &directives.Directive{IdeaID: idea.ID, Title: "Styringsdokument matrikkel", State: directives.Draft, Version: 1}
	if err := db.CreateDirective(ctx, d); err != nil {
		t.Fatal(err)
	}
	if err := db.CreateDirectiveVersion(ctx, &directives.Version{DirectiveID: d.ID, Number: 1, Content: directives.Content{
		Budget: []directives.BudgetLine{{Year: 2027, Source: "state", AmountNOK: 700}}}}); err != nil {
		t.Fatal(err)
	}
	if err := db.SetPortfolioActor(ctx, "idea", idea.ID, o.ID); err != nil {
		t.Fatal(err)
	}
	if err := db.SetPortfolioActor(ctx, "idea", idea.ID, o.ID); err != nil { // again: kept once
		t.Fatal(err)
	}
	p := &directives.Project{Name: "Fiks matrikkel", State: directives.ProjectPlanning, Budget: []directives.BudgetLine{{Year: 2027, Source: "digifin", AmountNOK: 300}}}
	if err := db.CreateApprovedProject(ctx, p); err != nil {
		t.Fatal(err)
	}
	items, err := db.FindPortfolioItems(ctx, false)
	if err != nil || len(items) != 2 {
		t.Fatalf("items: %d %v", len(items), err)
	}
	for _, it := range items {
		switch it.Kind {
		case portfolio.KindDirective:
			if it.Actor != "Kartverket" || len(it.Budget) != 1 || it.Budget[0].Approved || it.Budget[0].AmountNOK != 700 {
				t.Errorf("directive row %+v", it)
			}
		case portfolio.KindProject:
			if len(it.Budget) != 1 || !it.Budget[0].Approved || it.Actor != "" {
				t.Errorf("project row %+v", it)
			}
		default:
			t.Errorf("row %+v", it)
		}
	}
	public, err := db.FindPortfolioItems(ctx, true)
	if err != nil || len(public) != 1 || public[0].Kind != portfolio.KindProject {
		t.Fatalf("public items: %+v %v", public, err)
	}
	if ok, err := db.PortfolioItemExists(ctx, "project", p.ID); !ok || err != nil {
		t.Errorf("project exists: %v %v", ok, err)
	}
	if ok, _ := db.PortfolioItemExists(ctx, "project", p.ID+100); ok {
		t.Error("a missing project exists")
	}
}

// TestGuidelineStore writes a guideline with shares and reads it back,
// adopted, on both databases.
func TestGuidelineStore(t *testing.T) {
	db := testutil.NewDB(t)
	ctx := context.Background()
	g := &portfolio.Guideline{Title: "Hovedretningslinjer", Goals: "Mål", State: portfolio.GuidelineDraft,
		Areas: []portfolio.AreaShare{{Area: "bygg", SharePct: 60}, {Area: "plan", SharePct: 40}}}
	if err := db.CreateGuideline(ctx, g); err != nil {
		t.Fatal(err)
	}
	if err := db.CreateGuideline(ctx, &portfolio.Guideline{Title: "Feil", State: portfolio.GuidelineDraft,
		Areas: []portfolio.AreaShare{{Area: "plan", SharePct: 101}}}); err == nil {
		t.Error("a share over 100 was stored")
	}
	g.State = portfolio.GuidelineAdopted
	if err := db.UpdateGuidelineState(ctx, g); err != nil {
		t.Fatal(err)
	}
	gs, err := db.FindGuidelines(ctx)
	if err != nil || len(gs) != 1 {
		t.Fatalf("guidelines: %d %v", len(gs), err)
	}
	if got := gs[0]; got.State != portfolio.GuidelineAdopted || len(got.Areas) != 2 || got.Areas[0].Area != "plan" || got.Share("bygg") != 60 {
		t.Errorf("guideline read back: %+v", got)
	}
	if _, err := db.FindGuidelineByID(ctx, g.ID+10); !errs.Is(err, errs.NotFound) {
		t.Errorf("missing guideline: %v", err)
	}
}
