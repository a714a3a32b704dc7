package server_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/samstyr/samstyr/internal/directives"
	"github.com/samstyr/samstyr/internal/needs"
)

var _ = addBrowserFlows(
	browserFlow{"idea and directive from a prioritised need", "secretariat", func(t *testing.T, b *tab) {
		ctx := context.Background()
		member, err := b.a.DB.FindActor(ctx, b.a.People["member"].ID, time.Now())
		if err != nil {
			t.Fatal(err)
		}
		n, err := b.a.Needs.Create(ctx, member, needs.Input{Title: "Nettleserbehov for planregister", Problem: "P", Area: "plan", Affected: []string{"citizens"}})
		if err != nil {
			t.Fatal(err)
		}
		n.State = needs.Prioritised
		if err := b.a.DB.UpdateNeed(ctx, n); err != nil {
			t.Fatal(err)
		}
		b.open(fmt.Sprintf("/ideas/new?need=%d", n.ID))
		b.checkAxe("idea form")
		b.fill("title", "Felles planregister", "purpose", "", "cost_nok", "mange")
		b.wantInvalid(b.submitSave(), "idea form", "purpose", "cost_nok")
		b.fill("purpose", "Ett register for alle planer.", "cost_nok", "2 000 000")
		b.wantSaved(b.submitSave(), "idea form", "/ideas/")
		if !strings.Contains(b.text("main"), "Nettleserbehov for planregister") {
			t.Errorf("idea page does not name its need: %q", b.text("main"))
		}
		got, err := b.a.Needs.Get(ctx, member, n.ID)
		if err != nil || got.State != needs.InConcept {
			t.Fatalf("need after the idea: %v %v", got.State, err)
		}
		// The user council's decision is tested in internal/directives;
		// here the idea is put in the concept phase directly.
		ideas, err := b.a.DB.FindIdeas(ctx, directives.IdeaFilter{NeedID: n.ID})
		if err != nil || len(ideas) != 1 {
			t.Fatalf("ideas of the need: %v %v", ideas, err)
		}
		ideas[0].State = directives.IdeaConcept
		if err := b.a.DB.UpdateIdea(ctx, ideas[0]); err != nil {
			t.Fatal(err)
		}
		b.open(fmt.Sprintf("/directives/new?idea=%d", ideas[0].ID))
		b.checkAxe("directive form")
		b.fill("purpose", "", "budget_total", "1000")
		b.wantInvalid(b.submitSave(), "directive form", "purpose", "budget_total")
		b.fill("purpose", "Et felles planregister.", "budget_total", "")
		b.wantSaved(b.submitSave(), "directive form", "/directives/")
		if b.text("#h-roles") == "" || b.text("main .ds-tag") == "" {
			t.Errorf("directive page shows no required-role check or no state")
		}
	}},
)
