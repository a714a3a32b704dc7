package projects_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/samstyr/samstyr/internal/errs"
	"github.com/samstyr/samstyr/internal/projects"
)

func TestInputValidate(t *testing.T) {
	two := []projects.InputOption{{Description: "Bygg selv", Consequence: "Dyrere"}, {Description: "Kjøp", Consequence: "Raskere"}}
	for _, c := range []struct {
		name  string
		in    projects.Input
		field string // "" = valid
	}{
		{"fact", projects.Input{Kind: "fact", Title: "T", Text: "Tekst"}, ""},
		{"empty text", projects.Input{Kind: "fact", Title: "T", Text: "  "}, "text"},
		{"empty title", projects.Input{Kind: "problem", Title: " ", Text: "x"}, "title"},
		{"unknown kind", projects.Input{Kind: "wish", Title: "T", Text: "x"}, "kind"},
		{"veivalg with two", projects.Input{Kind: "veivalg", Title: "T", Text: "x", Options: two}, ""},
		{"veivalg with one", projects.Input{Kind: "veivalg", Title: "T", Text: "x", Options: two[:1]}, "options"},
		{"veivalg with blank rows", projects.Input{Kind: "veivalg", Title: "T", Text: "x", Options: append(two[:1:1], projects.InputOption{}, projects.InputOption{})}, "options"},
		{"option without consequence", projects.Input{Kind: "veivalg", Title: "T", Text: "x", Options: []projects.InputOption{two[0], {Description: "Vent"}}}, "options"},
		{"long title", projects.Input{Kind: "fact", Title: strings.Repeat("a", 201), Text: "x"}, "title"},
	} {
		t.Run(c.name, func(t *testing.T) {
			in := c.in
			in.Normalize()
			err := in.Validate()
			if c.field == "" {
				if err != nil {
					t.Fatalf("valid input refused: %v", err)
				}
				return
			}
			if errs.CodeOf(err) != errs.Invalid || !slices.ContainsFunc(errs.As(err).Fields, func(f errs.FieldError) bool { return f.Field == c.field }) {
				t.Fatalf("got %v, want Invalid on %s", err, c.field)
			}
		})
	}
	// Options of another kind are dropped.
	in := projects.Input{Kind: "fact", Title: "T", Text: "x", Options: two}
	in.Normalize()
	if len(in.Options) != 0 {
		t.Fatalf("a fact kept options: %+v", in.Options)
	}
}

func TestInputTransitions(t *testing.T) {
	for _, c := range []struct {
		kind, from, to string
		ok             bool
	}{
		{"fact", "recorded", "acknowledged", true},
		{"problem", "recorded", "acknowledged", true},
		{"fact", "acknowledged", "acknowledged", false},
		{"fact", "recorded", "put_before_steering_group", false},
		{"veivalg", "recorded", "put_before_steering_group", true},
		{"veivalg", "recorded", "acknowledged", false},
		{"veivalg", "recorded", "decided", false},
		{"veivalg", "put_before_steering_group", "decided", true},
		{"out_of_scope", "documented", "referred", true},
		{"out_of_scope", "referred", "referred", false},
		{"problem", "recorded", "referred", false},
	} {
		if got := projects.CanMoveInput(&projects.Input{Kind: c.kind, State: c.from}, c.to); got != c.ok {
			t.Errorf("%s %s → %s: %v, want %v", c.kind, c.from, c.to, got, c.ok)
		}
	}
	if projects.InitialInputState("out_of_scope") != "documented" || projects.InitialInputState("veivalg") != "recorded" {
		t.Fatal("initial states")
	}
}
