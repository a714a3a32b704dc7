package directives_test

import (
	"slices"
	"testing"

	"github.com/samstyr/samstyr/internal/directives"
	"github.com/samstyr/samstyr/internal/errs"
	"github.com/samstyr/samstyr/internal/needs"
	"github.com/samstyr/samstyr/internal/policy"
)

// TestStandardsFromNeeds: a directive drafted without standards gets the
// covered needs' standards (each once, in order); given ones are kept;
// the service offers them to the form.
func TestStandardsFromNeeds(t *testing.T) {
	f := newFixture(t)
	ctx := f.ctx
	mk := func(title string, std ...string) *needs.Need {
		n, err := f.Needs.Create(ctx, f.actor("member"), needs.Input{Title: title, Problem: "P", Area: "plan", Affected: []string{"citizens"}, Standards: std})
		f.must(err)
		n.State = needs.Prioritised
		f.must(f.DB.UpdateNeed(ctx, n))
		return n
	}
	a, b := mk("Standardbehov A", "SOSI Plan 5.0", "NPS v3.1"), mk("Standardbehov B", "NPS v3.1", "Fiks IO")
	idea := func(ns ...*needs.Need) *directives.Idea {
		i := &directives.Idea{Title: "Standardidé", Source: directives.SourceNeeds, Purpose: "p"}
		for _, n := range ns {
			i.NeedIDs = append(i.NeedIDs, n.ID)
		}
		f.must(f.Directives.CreateIdea(ctx, f.sec, i))
		_, err := f.decide(policy.BodyUserCouncil, "project_idea", i.ID, directives.EffectStartConcept)
		f.must(err)
		return i
	}
	i1 := idea(a, b)
	want := []string{"SOSI Plan 5.0", "NPS v3.1", "Fiks IO"}
	got, err := f.Directives.Standards(ctx, f.sec, i1.ID)
	f.must(err)
	if !slices.Equal(got, want) {
		t.Fatalf("standards offered: %q, want %q", got, want)
	}
	if _, err := f.Directives.Standards(ctx, f.actor("member"), i1.ID); errs.CodeOf(err) != errs.Forbidden {
		t.Fatalf("standards for a member: %v", err)
	}
	d := &directives.Directive{IdeaID: i1.ID}
	f.must(f.Directives.CreateDirective(ctx, f.sec, d, &directives.Content{Purpose: "p", Reporting: "monthly"}))
	v, err := f.DB.FindDirectiveVersion(ctx, d.ID, 1)
	f.must(err)
	if !slices.Equal(v.Content.Standards, want) {
		t.Fatalf("stored standards: %q, want %q", v.Content.Standards, want)
	}
	c := mk("Standardbehov C", "KOSTRA")
	i2 := idea(c)
	d2 := &directives.Directive{IdeaID: i2.ID}
	f.must(f.Directives.CreateDirective(ctx, f.sec, d2, &directives.Content{Purpose: "p", Reporting: "monthly", Standards: []string{"Egen standard"}}))
	v2, err := f.DB.FindDirectiveVersion(ctx, d2.ID, 1)
	f.must(err)
	if !slices.Equal(v2.Content.Standards, []string{"Egen standard"}) {
		t.Fatalf("given standards replaced: %q", v2.Content.Standards)
	}
}

// TestStepsOfNeeds: the organisation's list sees the idea only as a
// reader of ideas, a draft directive only as its reader or its manager,
// and the project always.
func TestStepsOfNeeds(t *testing.T) {
	f := newFixture(t)
	ctx := f.ctx
	n := f.prioritisedNeed("Stegbehov")
	i := &directives.Idea{Title: "Stegidé", Source: directives.SourceNeeds, NeedIDs: []int64{n.ID}, Purpose: "p"}
	f.must(f.Directives.CreateIdea(ctx, f.sec, i))
	steps, err := f.Directives.StepsOfNeeds(ctx, nil, []int64{n.ID})
	f.must(err)
	if len(steps) != 0 {
		t.Fatalf("public sees an idea: %+v", steps[n.ID])
	}
	steps, err = f.Directives.StepsOfNeeds(ctx, f.actor("user_council"), []int64{n.ID})
	f.must(err)
	if st := steps[n.ID]; st == nil || st.IdeaID != i.ID || st.DirectiveID != 0 {
		t.Fatalf("user council's step: %+v", st)
	}
	_, err = f.decide(policy.BodyUserCouncil, "project_idea", i.ID, directives.EffectStartConcept)
	f.must(err)
	manager := f.People["member"].ID
	d := &directives.Directive{IdeaID: i.ID}
	f.must(f.Directives.CreateDirective(ctx, f.sec, d, &directives.Content{Purpose: "p", Reporting: "monthly", ManagerID: manager}))
	for who, a := range map[string]*policy.Actor{"public": nil, "vendor": f.actor("vendor")} {
		steps, err = f.Directives.StepsOfNeeds(ctx, a, []int64{n.ID})
		f.must(err)
		if len(steps) != 0 {
			t.Fatalf("%s sees a draft: %+v", who, steps[n.ID])
		}
	}
	steps, err = f.Directives.StepsOfNeeds(ctx, f.actor("member"), []int64{n.ID})
	f.must(err)
	if st := steps[n.ID]; st == nil || st.IdeaID != 0 || st.DirectiveID != d.ID || st.DirectiveVersion != 1 {
		t.Fatalf("the named manager's step: %+v", st)
	}
}
