package needs

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/samstyr/samstyr/internal/errs"
)

// Method is one version of the assessment method, owned by the working
// committee. A version used in a round is frozen: changing it makes a new
// version.
type Method struct {
	ID      int64  `json:"id"`
	Version int64  `json:"version"`
	Name    string `json:"name"`
	Notes   string `json:"notes,omitempty"`
	// Backing counts as a derived criterion: a score between 0 and 1 from
	// the population share and the number of backing municipalities (half
	// each, each full at the given level), weighted by BackingWeight.
	BackingWeight         int64 `json:"backing_weight"`
	BackingSharePct       int64 `json:"backing_share_full_pct"`      // population share (percent) that gives full marks
	BackingMunicipalities int64 `json:"backing_municipalities_full"` // municipalities that give full marks
	// MandatoryFirst puts needs carrying a mandatory flag (a criterion with
	// MandatoryOverride scored at its top by at least half the assessors)
	// before all others in the ranking.
	MandatoryFirst bool        `json:"mandatory_first"`
	PublicStates   []string    `json:"public_states"`
	Criteria       []Criterion `json:"criteria"`
	Frozen         bool        `json:"frozen"` // used in a round
	CreatedBy      int64       `json:"created_by,omitempty"`
	CreatedAt      time.Time   `json:"created_at"`
}

// Criterion is one criterion of a method version.
type Criterion struct {
	Key    string `json:"key"`
	NameNB string `json:"name_nb"`
	NameNN string `json:"name_nn"`
	NameEN string `json:"name_en"`
	// Guidance and Anchors are in bokmål; the nynorsk and English texts
	// may be empty, and then the bokmål ones are shown with a note that
	// says so.
	Guidance   string   `json:"guidance,omitempty"`
	GuidanceNN string   `json:"guidance_nn,omitempty"`
	GuidanceEN string   `json:"guidance_en,omitempty"`
	Min        int64    `json:"min"`
	Max        int64    `json:"max"`
	Anchors    []string `json:"anchors"` // one label per step, Min first
	AnchorsNN  []string `json:"anchors_nn,omitempty"`
	AnchorsEN  []string `json:"anchors_en,omitempty"`
	Weight     int64    `json:"weight"`
	// Inverse criteria score better when lower (for example cost).
	Inverse           bool `json:"inverse,omitempty"`
	MandatoryOverride bool `json:"mandatory_override,omitempty"`
}

// Name returns the criterion's name in lang.
func (c *Criterion) Name(lang string) string {
	switch lang {
	case "nn":
		return c.NameNN
	case "en":
		return c.NameEN
	}
	return c.NameNB
}

// Steps returns the scale's values with their bokmål anchors.
func (c *Criterion) Steps() []Step { return c.steps(c.Anchors) }

func (c *Criterion) steps(anchors []string) []Step {
	var out []Step
	for v := c.Min; v <= c.Max; v++ {
		s := Step{Value: v}
		if i := int(v - c.Min); i < len(anchors) {
			s.Anchor = anchors[i]
		}
		out = append(out, s)
	}
	return out
}

// Texts are a criterion's guidance and scale in one language. Fallback is
// set when the method has no text in the language asked for and the
// bokmål text stands in (Lang is then "nb").
type Texts struct {
	Guidance string
	Steps    []Step
	Lang     string
	Fallback bool
}

// TextsIn returns the guidance and the scale's steps in lang, or in bokmål
// when the method lacks them in lang.
func (c *Criterion) TextsIn(lang string) Texts {
	guidance, anchors := c.Guidance, c.Anchors
	switch lang {
	case "nn":
		guidance, anchors = c.GuidanceNN, c.AnchorsNN
	case "en":
		guidance, anchors = c.GuidanceEN, c.AnchorsEN
	default:
		lang = "nb"
	}
	if lang != "nb" && (len(anchors) == 0 || (guidance == "" && c.Guidance != "")) {
		return Texts{Guidance: c.Guidance, Steps: c.steps(c.Anchors), Lang: "nb", Fallback: true}
	}
	return Texts{Guidance: guidance, Steps: c.steps(anchors), Lang: lang}
}

// Step is one value of a criterion's scale and its label.
type Step struct {
	Value  int64
	Anchor string
}

// Criterion returns the criterion with the key, or nil.
func (m *Method) Criterion(key string) *Criterion {
	for i := range m.Criteria {
		if m.Criteria[i].Key == key {
			return &m.Criteria[i]
		}
	}
	return nil
}

var reKey = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[a-z][a-z0-9_]{0,39}$`) })

// Validate checks a method version. Field names of criteria are
// criteria.N.field (N from 0), as in the form.
func (m *Method) Validate() error {
	var v errs.Validation
	m.Name = strings.TrimSpace(m.Name)
	if m.Name == "" {
		v.Add("name", "error.required")
	} else if utf8.RuneCountInString(m.Name) > 200 || HasMarkup(m.Name) {
		v.Add("name", "needs.error.markup")
	}
	if HasMarkup(m.Notes) {
		v.Add("notes", "needs.error.markup")
	}
	if m.BackingWeight < 0 || m.BackingWeight > 100 {
		v.Add("backing_weight", "needs.error.weight")
	}
	if m.BackingSharePct < 1 || m.BackingSharePct > 100 {
		v.Add("backing_share_full_pct", "needs.error.percent")
	}
	if m.BackingMunicipalities < 1 || m.BackingMunicipalities > 357 {
		v.Add("backing_municipalities_full", "needs.error.municipalities")
	}
	for _, s := range m.PublicStates {
		if !slices.Contains(States, s) || s == Draft {
			v.Add("public_states", "needs.error.public_states")
			break
		}
	}
	if len(m.Criteria) == 0 {
		v.Add("criteria", "needs.error.no_criteria")
	}
	seen := map[string]bool{}
	for i := range m.Criteria {
		m.Criteria[i].validate(&v, fmt.Sprintf("criteria.%d.", i), seen)
	}
	return v.Err()
}

func (c *Criterion) validate(v *errs.Validation, prefix string, seen map[string]bool) {
	c.Key = strings.TrimSpace(c.Key)
	switch {
	case !reKey().MatchString(c.Key):
		v.Add(prefix+"key", "needs.error.criterion_key")
	case seen[c.Key]:
		v.Add(prefix+"key", "needs.error.criterion_dup")
	}
	seen[c.Key] = true
	for field, s := range map[string]*string{"name_nb": &c.NameNB, "name_nn": &c.NameNN, "name_en": &c.NameEN} {
		*s = strings.TrimSpace(*s)
		if *s == "" {
			v.Add(prefix+field, "error.required")
		} else if HasMarkup(*s) || utf8.RuneCountInString(*s) > 200 {
			v.Add(prefix+field, "needs.error.markup")
		}
	}
	for field, s := range map[string]*string{"guidance": &c.Guidance, "guidance_nn": &c.GuidanceNN, "guidance_en": &c.GuidanceEN} {
		*s = strings.TrimSpace(*s)
		if HasMarkup(*s) {
			v.Add(prefix+field, "needs.error.markup")
		}
	}
	if c.Min < 0 || c.Max > 10 || c.Max <= c.Min {
		v.Add(prefix+"max", "needs.error.scale")
	}
	if c.Weight < 0 || c.Weight > 100 {
		v.Add(prefix+"weight", "needs.error.weight")
	}
	c.Anchors, c.AnchorsNN, c.AnchorsEN = trimAnchors(c.Anchors), trimAnchors(c.AnchorsNN), trimAnchors(c.AnchorsEN)
	for _, f := range []struct {
		field    string
		anchors  []string
		optional bool
	}{{"anchors", c.Anchors, false}, {"anchors_nn", c.AnchorsNN, true}, {"anchors_en", c.AnchorsEN, true}} {
		if c.Max > c.Min && int64(len(f.anchors)) != c.Max-c.Min+1 && !(f.optional && len(f.anchors) == 0) {
			v.Add(prefix+f.field, "needs.error.anchors", "n", c.Max-c.Min+1)
		}
		for _, a := range f.anchors {
			if HasMarkup(a) {
				v.Add(prefix+f.field, "needs.error.markup")
				break
			}
		}
	}
}

func trimAnchors(xs []string) []string {
	out := []string{}
	for _, x := range xs {
		if x = strings.TrimSpace(x); x != "" {
			out = append(out, x)
		}
	}
	return out
}

// ParseAnchors reads anchors written one per line; a leading "3 =" or "3:"
// is dropped.
func ParseAnchors(s string) []string {
	var out []string
	for _, line := range strings.Split(s, "\n") {
		line = strings.TrimSpace(line)
		if i := strings.IndexAny(line, "=:"); i > 0 && i < 4 {
			if _, err := strconv.Atoi(strings.TrimSpace(line[:i])); err == nil {
				line = strings.TrimSpace(line[i+1:])
			}
		}
		if line != "" {
			out = append(out, line)
		}
	}
	return out
}

// TotalWeight is the sum of the criteria's weights and the backing weight.
func (m *Method) TotalWeight() int64 {
	t := m.BackingWeight
	for _, c := range m.Criteria {
		t += c.Weight
	}
	return t
}

// BackingScore is the derived backing criterion between 0 and 1: half from
// the population share (full at BackingSharePct percent), half from the
// number of municipalities (full at BackingMunicipalities).
func (m *Method) BackingScore(share float64, municipalities int64) float64 {
	a, b := 0.0, 0.0
	if m.BackingSharePct > 0 {
		a = min(1, share*100/float64(m.BackingSharePct))
	}
	if m.BackingMunicipalities > 0 {
		b = min(1, float64(municipalities)/float64(m.BackingMunicipalities))
	}
	return (a + b) / 2
}
