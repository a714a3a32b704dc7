package store_test

import (
	"context"
	"testing"

	"github.com/samstyr/samstyr/internal/directives"
	"github.com/samstyr/samstyr/internal/errs"
	"github.com/samstyr/samstyr/internal/testutil"
)

// TestDirectiveStore writes an idea, a directive in two versions and a
// project, reads them back, refuses to write a frozen version, and keeps
// drafts out of the public list, on SQLite and (with the env) PostgreSQL.
func TestDirectiveStore(t *testing.T) {
	db := testutil.NewDB(t)
	ctx := context.Background()
	idea := &directives.Idea{Title: "Felles planregister", Source: directives.SourceGuideline, Purpose: "Ett register",
		State: directives.IdeaIdea, Mandate: directives.Mandate{Background: "Bakgrunn", CostNOK: 500000}}
	if err := db.CreateIdea(ctx, idea); err != nil {
		t.Fatal(err)
	}
	got, err := db.FindIdeaByID(ctx, idea.ID)
	if err != nil || got.Mandate.CostNOK != 500000 || got.Mandate.Background != "Bakgrunn" || got.State != directives.IdeaIdea {
		t.Fatalf("idea read back: %+v, %v", got, err)
	}
	d := &directives.Directive{IdeaID: idea.ID, Title: "Styringsdokument", State: directives.Draft, Version: 1}
	if err := db.CreateDirective(ctx, d); err != nil {
		t.Fatal(err)
	}
	c := directives.Content{Purpose: "Formål", Budget: []directives.BudgetLine{{Year: 2027, Source: "digifin", AmountNOK: 1000}}, BudgetTotal: 1000,
		Goals: []directives.Goal{{Level: "effect", Text: "Raskere saker", Indicator: "dager"}}}
	v1 := &directives.Version{DirectiveID: d.ID, Number: 1, Content: c}
	if err := db.CreateDirectiveVersion(ctx, v1); err != nil {
		t.Fatal(err)
	}
	v1.Frozen = true
	if err := db.UpdateDirectiveVersion(ctx, v1); err != nil {
		t.Fatal(err)
	}
	v1.Content.Purpose = "Endret"
	if err := db.UpdateDirectiveVersion(ctx, v1); errs.CodeOf(err) != errs.Conflict {
		t.Fatalf("write of a frozen version: %v, want Conflict", err)
	}
	back, err := db.FindDirectiveVersion(ctx, d.ID, 1)
	if err != nil || back.Content.Purpose != "Formål" || !back.Frozen || back.Content.Goals[0].Indicator != "dager" {
		t.Fatalf("version 1: %+v, %v", back, err)
	}
	if _, err := db.FindDirectiveVersion(ctx, d.ID, 2); errs.CodeOf(err) != errs.NotFound {
		t.Fatalf("missing version: %v", err)
	}
	pub, err := db.FindDirectives(ctx, directives.DirectiveFilter{Public: true})
	if err != nil || len(pub) != 0 {
		t.Fatalf("public list has a draft: %d, %v", len(pub), err)
	}
	p := &directives.Project{Name: "Planregister", State: directives.ProjectPlanning, IdeaID: idea.ID, DirectiveID: d.ID,
		Budget: []directives.BudgetLine{{Year: 2027, Source: "digifin", AmountNOK: 1000}, {Year: 2028, Source: "ks", AmountNOK: 500}}}
	if err := db.CreateApprovedProject(ctx, p); err != nil {
		t.Fatal(err)
	}
	d.State, d.ProjectID, d.ApprovedVersion = directives.Approved, p.ID, 1
	if err := db.UpdateDirective(ctx, d); err != nil {
		t.Fatal(err)
	}
	pub, err = db.FindDirectives(ctx, directives.DirectiveFilter{Public: true})
	if err != nil || len(pub) != 1 || pub[0].ProjectID != p.ID {
		t.Fatalf("public list after approval: %+v, %v", pub, err)
	}
	gp, err := db.FindProjectByID(ctx, p.ID)
	if err != nil || gp.BudgetTotal() != 1500 || len(gp.Budget) != 2 || gp.DirectiveID != d.ID {
		t.Fatalf("project: %+v, %v", gp, err)
	}
}
