package directives

import (
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/samstyr/samstyr/internal/errs"
)

// Normalize trims an idea's texts and drops repeated needs.
func (i *Idea) Normalize() {
	for _, p := range []*string{&i.Title, &i.Source, &i.Purpose, &i.Benefits, &i.Alternatives, &i.Owner,
		&i.Mandate.Background, &i.Mandate.Purpose, &i.Mandate.Constraints, &i.Mandate.Lessons,
		&i.Mandate.Organisation, &i.Mandate.Results, &i.Mandate.Time} {
		*p = strings.TrimSpace(*p)
	}
	ids := make([]int64, 0, len(i.NeedIDs))
	for _, id := range i.NeedIDs {
		if id > 0 && !slices.Contains(ids, id) {
			ids = append(ids, id)
		}
	}
	i.NeedIDs = ids
}

// Validate checks an idea's fields: a title and purpose, a known source,
// needs for an idea from needs and a decision for one from a working
// group or a guideline, no negative estimates.
func (i *Idea) Validate() error {
	var v errs.Validation
	if i.Title == "" || utf8.RuneCountInString(i.Title) > 200 {
		v.Add("title", "idea.error.title")
	}
	if i.Purpose == "" {
		v.Add("purpose", "idea.error.purpose")
	}
	switch i.Source {
	case SourceNeeds:
		if len(i.NeedIDs) == 0 {
			v.Add("need_ids", "idea.error.needs")
		}
	case SourceWorkingGroup, SourceGuideline:
		if i.SourceDecisionID <= 0 {
			v.Add("source_decision_id", "idea.error.source_decision")
		}
	default:
		v.Add("source", "idea.error.source")
	}
	if i.CostNOK < 0 {
		v.Add("cost_nok", "idea.error.number")
	}
	if i.DurationMonths < 0 {
		v.Add("duration_months", "idea.error.number")
	}
	if i.Mandate.CostNOK < 0 {
		v.Add("mandate.cost_nok", "idea.error.number")
	}
	for f, s := range map[string]string{"purpose": i.Purpose, "benefits": i.Benefits, "alternatives": i.Alternatives,
		"mandate.background": i.Mandate.Background, "mandate.purpose": i.Mandate.Purpose, "mandate.constraints": i.Mandate.Constraints,
		"mandate.lessons": i.Mandate.Lessons, "mandate.organisation": i.Mandate.Organisation, "mandate.results": i.Mandate.Results} {
		if utf8.RuneCountInString(s) > maxText {
			v.Add(f, "directive.error.too_long")
		}
	}
	return v.Err()
}

// Move is one transition of the directive's state machine and the
// decision effect that takes it (empty for the secretariat's own move:
// a new draft version after a return).
type Move struct {
	From, To string
	Effect   string
}

// Decision effects of this area (registered with internal/meetings).
const (
	EffectStartConcept       = "start_concept"
	EffectRecommendDirective = "recommend_directive"
	EffectApproveDirective   = "approve_directive"
	EffectReturnDirective    = "return_directive"
	EffectRejectDirective    = "reject_directive"
)

// moves is the directive's state machine (DOMAIN.md §8B).
var moves = []Move{
	{Draft, Recommended, EffectRecommendDirective},
	{Recommended, Approved, EffectApproveDirective},
	{Recommended, Revise, EffectReturnDirective},
	{Recommended, Rejected, EffectRejectDirective},
	{Revise, Draft, ""},
	{Draft, Draft, ""}, // a new version of a draft freezes the one before
}

// CanMove reports whether the state machine allows from → to.
func CanMove(from, to string) bool {
	return slices.ContainsFunc(moves, func(m Move) bool { return m.From == from && m.To == to })
}
