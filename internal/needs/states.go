package needs

import (
	"slices"

	"github.com/samstyr/samstyr/internal/policy"
)

// Move is one allowed transition of the state machine and the action (in
// the policy table) a person needs to take it.
type Move struct {
	From, To string
	Action   policy.Action
}

// moves is the state machine of DOMAIN.md §8A. Withdrawn and merged are
// reachable from every open state (see MoveFor); merged only through Merge.
var moves = []Move{
	{Draft, Submitted, policy.NeedSubmit},
	{Returned, Submitted, policy.NeedSubmit},
	{Submitted, InTriage, policy.NeedTriage},
	{InTriage, Returned, policy.NeedTriage},
	{InTriage, Rejected, policy.NeedTriage},
	{InTriage, UnderAssessment, policy.NeedTriage},
	{Parked, UnderAssessment, policy.NeedTriage},
	{UnderAssessment, Assessed, policy.NeedAssess},
	{Assessed, Prioritised, policy.NeedPrioritise},
	{Assessed, Parked, policy.NeedPrioritise},
	{Parked, Prioritised, policy.NeedPrioritise},
	{Prioritised, Parked, policy.NeedPrioritise},
	{Prioritised, InConcept, policy.NeedAdvance},
	{InConcept, InProject, policy.NeedAdvance},
	{InProject, Resolved, policy.NeedAdvance},
}

// MoveFor returns the move from → to and whether the state machine allows
// it.
func MoveFor(from, to string) (Move, bool) {
	if IsOpen(from) {
		switch to {
		case Withdrawn:
			return Move{from, to, policy.NeedWithdraw}, true
		case Merged:
			if from != Draft {
				return Move{from, to, policy.NeedMerge}, true
			}
		}
	}
	for _, m := range moves {
		if m.From == from && m.To == to {
			return m, true
		}
	}
	return Move{}, false
}

// ActionFor returns the action a person needs to move a need into state
// to, from whichever state it is in (every move into a state takes the
// same action: TestActionForMatchesMoves), and false for a state no move
// leads to. Permission is checked with it before the state machine, so
// that someone without the right learns nothing of the need's state.
func ActionFor(to string) (policy.Action, bool) {
	switch to {
	case Withdrawn:
		return policy.NeedWithdraw, true
	case Merged:
		return policy.NeedMerge, true
	}
	for _, m := range moves {
		if m.To == to {
			return m.Action, true
		}
	}
	return "", false
}

// moveActions are the actions of every move, for "may this person move
// the need at all".
var moveActions = []policy.Action{policy.NeedSubmit, policy.NeedTriage, policy.NeedAssess, policy.NeedPrioritise,
	policy.NeedAdvance, policy.NeedWithdraw, policy.NeedMerge}

// MovesFrom lists the moves out of a state, in the order of States.
func MovesFrom(from string) []Move {
	var out []Move
	for _, to := range States {
		if m, ok := MoveFor(from, to); ok {
			out = append(out, m)
		}
	}
	return out
}

// DefaultPublicStates are the states in which a need is public under the
// seeded method: submitted and everything after it, except returned
// (waiting for the submitter), rejected and withdrawn. Drafts are never
// public, whatever a method says.
var DefaultPublicStates = []string{Submitted, InTriage, UnderAssessment, Assessed, Prioritised, Parked, InConcept, InProject, Resolved, Merged}

// PublicIn reports whether a need in state is public when the method marks
// publicStates public.
func PublicIn(state string, publicStates []string) bool {
	return state != Draft && slices.Contains(publicStates, state)
}
