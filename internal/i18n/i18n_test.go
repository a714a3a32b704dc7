package i18n_test

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/samstyr/samstyr/internal/directives"
	"github.com/samstyr/samstyr/internal/forum"
	"github.com/samstyr/samstyr/internal/i18n"
	"github.com/samstyr/samstyr/internal/meetings"
	"github.com/samstyr/samstyr/internal/needs"
	"github.com/samstyr/samstyr/internal/projects"
	"github.com/samstyr/samstyr/internal/stakeholders"
)

func TestEveryKeyInEveryLanguage(t *testing.T) {
	c := i18n.MustLoad()
	keys := map[string]bool{}
	for _, lang := range i18n.Languages {
		for _, k := range c.Keys(lang) {
			keys[k] = true
		}
	}
	if len(keys) < 100 {
		t.Fatalf("only %d keys loaded", len(keys))
	}
	for k := range keys {
		for _, lang := range i18n.Languages {
			if !c.Has(lang, k) && !c.Has(lang, strings.TrimSuffix(strings.TrimSuffix(k, ".one"), ".other")) {
				t.Errorf("key %q is missing in %s", k, lang)
			}
		}
	}
}

// keyPatterns find message keys used in Go code and templates.
var keyPatterns = []*regexp.Regexp{
	regexp.MustCompile(`(?:\.T|\.N|\$\.T|\.P\.T) "([a-z][a-z0-9_]*(?:\.[a-z0-9_]+)+)"`),
	regexp.MustCompile(`"(?:Label|Help|Empty|Caption)" "([a-z][a-z0-9_]*(?:\.[a-z0-9_]+)+)"`),
	regexp.MustCompile(`errs\.(?:E|InvalidField)\([^,]+, "([a-z][a-z0-9_]*(?:\.[a-z0-9_]+)+)"`),
	regexp.MustCompile(`\.Add\("[a-z_0-9.\[\]]*", "([a-z][a-z0-9_]*(?:\.[a-z0-9_]+)+)"`),
	regexp.MustCompile(`(?:setFlash|redirect)\([^"]*"[^"]*", "([a-z][a-z0-9_]*(?:\.[a-z0-9_]+)+)"\)`),
	regexp.MustCompile(`s\.base\(w, r, "([a-z][a-z0-9_]*(?:\.[a-z0-9_]+)+)"\)`),
	regexp.MustCompile(`invalid\("[a-z_]+", "([a-z][a-z0-9_]*(?:\.[a-z0-9_]+)+)"`),
}

// TestUsedKeysExist scans the Go code and templates for message keys and
// fails when one is missing from a catalogue.
func TestUsedKeysExist(t *testing.T) {
	c := i18n.MustLoad()
	root := filepath.Join("..")
	found := 0
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || strings.HasSuffix(path, "_test.go") {
			return err
		}
		if !strings.HasSuffix(path, ".go") && !strings.HasSuffix(path, ".html") {
			return nil
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for _, re := range keyPatterns {
			for _, m := range re.FindAllStringSubmatch(string(b), -1) {
				found++
				for _, lang := range i18n.Languages {
					if !c.Has(lang, m[1]) {
						t.Errorf("%s uses %q, missing in %s", path, m[1], lang)
					}
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if found < 200 {
		t.Fatalf("found only %d key uses; the scan is broken", found)
	}
}

func TestFormatting(t *testing.T) {
	c := i18n.MustLoad()
	nb, en := c.Printer("nb"), c.Printer("en")
	for _, tc := range []struct{ got, want string }{
		{nb.Int(5550203), "5\u00a0550\u00a0203"},
		{en.Int(5550203), "5,550,203"},
		{nb.Int(-1200), "−1\u00a0200"},
		{nb.Float(12.345, 1), "12,3"},
		{en.Float(0.96, 1), "1.0"},
		{nb.Percent(0.1293, 1), "12,9\u00a0%"},
		{en.NOK(1250000), "NOK 1,250,000"},
		{nb.NOK(1250000), "1\u00a0250\u00a0000\u00a0kr"},
		{nb.Date(time.Date(2026, 11, 27, 0, 0, 0, 0, time.UTC)), "27. november 2026"},
		{en.Date(time.Date(2026, 11, 27, 0, 0, 0, 0, time.UTC)), "27 November 2026"},
		{nb.DateTime(time.Date(2026, 6, 1, 12, 30, 0, 0, time.UTC)), "1. juni 2026 kl.\u00a014:30"},   // CEST
		{nb.DateTime(time.Date(2026, 1, 1, 12, 30, 0, 0, time.UTC)), "1. januar 2026 kl.\u00a013:30"}, // CET
		{nb.N("account.codes_left", 1), "1 gjenopprettingskode igjen"},
		{nb.N("account.codes_left", 3), "3 gjenopprettingskoder igjen"},
		{c.Printer("nn").T("error.too_long", "max", 200), "Teksten kan ha høgst 200 teikn."},
		{c.Printer("xx").T("layout.sign_in"), "Logg inn"},
		{nb.T("no.such.key"), "no.such.key"},
	} {
		if tc.got != tc.want {
			t.Errorf("got %q, want %q", tc.got, tc.want)
		}
	}
}

func TestMatch(t *testing.T) {
	for h, want := range map[string]string{
		"":                             "nb",
		"en-US,en;q=0.9":               "en",
		"nn-NO,nn;q=0.9,nb;q=0.8":      "nn",
		"no,en;q=0.5":                  "nb",
		"de-DE,en;q=0.3,nb;q=0.7":      "nb",
		"fr":                           "nb",
		"en;q=0.9, nn;q=1.0, nb;q=0.1": "nn",
	} {
		if got := i18n.Match(h); got != want {
			t.Errorf("Match(%q) = %q, want %q", h, got, want)
		}
	}
}

// TestEveryStateHasALabel fails when a state of a record has no label in a
// language: the pages print "prefix.state.<state>", and a state the domain
// knows but the catalogue does not leaks as a developer string.
func TestEveryStateHasALabel(t *testing.T) {
	c := i18n.MustLoad()
	lists := map[string][]string{
		"need.state.":      needs.States,
		"idea.state.":      directives.IdeaStates,
		"directive.state.": directives.States,
		"project.state.":   directives.ProjectStates,
		"report.state.":    projects.ReportStates,
		"risk.state.":      projects.RiskStates,
		"deviation.state.": projects.DeviationStates,
		"inquiry.state.":   stakeholders.States,
		"meeting.state.":   meetings.MeetingStates,
		"case.state.":      meetings.CaseStates,
		"election.state.":  {forum.StateNominating, forum.StateVoting, forum.StateClosed},
	}
	for prefix, states := range lists {
		if len(states) == 0 {
			t.Errorf("%s: no states listed", prefix)
		}
		for _, st := range states {
			for _, lang := range i18n.Languages {
				if !c.Has(lang, prefix+st) {
					t.Errorf("%s%s missing in %s", prefix, st, lang)
				}
			}
		}
	}
}
