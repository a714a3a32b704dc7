package server_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/samstyr/samstyr/internal/directives"
	"github.com/samstyr/samstyr/internal/policy"
	"github.com/samstyr/samstyr/internal/testutil/apptest"
)

// TestDirectivePageComparesVersions: the directive page compares two
// versions field by field, marking only the lines that changed.
func TestDirectivePageComparesVersions(t *testing.T) {
	a := apptest.New(t)
	ctx := context.Background()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	idea := &directives.Idea{Title: "Sammenligningsidé", Source: directives.SourceNeeds, Purpose: "Formål", State: directives.IdeaConcept}
	must(a.DB.CreateIdea(ctx, idea))
	c := &directives.Content{Purpose: "Formål", Reporting: "monthly",
		Deliverables: []directives.Deliverable{{Name: "Felles API"}, {Name: "Gammel veileder"}}}
	d := &directives.Directive{IdeaID: idea.ID, Title: "Sammenlignet styringsdokument"}
	must(a.Directives.CreateDirective(ctx, policy.SystemActor, d, c))
	_, err := a.Directives.NewVersion(ctx, policy.SystemActor, d.ID)
	must(err)
	c.Deliverables = []directives.Deliverable{{Name: "Felles API"}, {Name: "Ny veileder"}}
	must(a.Directives.UpdateDraft(ctx, policy.SystemActor, d.ID, 2, c))
	res := a.Client("secretariat").Get(fmt.Sprintf("/directives/%d?from=1&to=2", d.ID))
	if res.StatusCode != 200 {
		t.Fatalf("comparison: %d", res.StatusCode)
	}
	for _, want := range []string{"<del>Gammel veileder</del>", "<ins>Ny veileder</ins>", "<td>Felles API<br>"} {
		if !strings.Contains(res.Body, want) {
			t.Errorf("the comparison lacks %q", want)
		}
	}
	if strings.Contains(res.Body, "<del>Felles API</del>") || strings.Contains(res.Body, "<ins>Felles API</ins>") {
		t.Error("a line both versions have is marked as changed")
	}
}
