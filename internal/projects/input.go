package projects

import (
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/samstyr/samstyr/internal/errs"
)

// Participants' input (issue 12 item 8; DOMAIN.md §8D): a project member
// records a fact, a problem, a choice of direction (veivalg) with options,
// or a challenge outside the project's scope. Inputs are never deleted.

// Input kinds.
const (
	InputFact       = "fact"
	InputProblem    = "problem"
	InputVeivalg    = "veivalg"      // a choice of direction for the steering group
	InputOutOfScope = "out_of_scope" // a challenge outside the project's scope
)

// InputKinds lists the kinds in order.
var InputKinds = []string{InputFact, InputProblem, InputVeivalg, InputOutOfScope}

// Input states.
const (
	InputRecorded     = "recorded"
	InputAcknowledged = "acknowledged"              // a fact or problem, by the manager
	InputPutBefore    = "put_before_steering_group" // a veivalg, as a case of the steering group
	InputDecided      = "decided"                   // a veivalg, by the steering group's decision
	InputDocumented   = "documented"                // an out-of-scope challenge, as recorded
	InputReferred     = "referred"                  // an out-of-scope challenge, referred to its owner
)

// InputStates lists the states in order.
var InputStates = []string{InputRecorded, InputAcknowledged, InputPutBefore, InputDecided, InputDocumented, InputReferred}

// Referral targets of an out-of-scope challenge.
const (
	ReferToProject     = "project"
	ReferToSecretariat = "secretariat"
	ReferToNeed        = "need" // a new need, pre-filled from the input
)

// ReferTargets lists the referral targets.
var ReferTargets = []string{ReferToProject, ReferToSecretariat, ReferToNeed}

// EffectChooseDirection is the steering group's decision on a veivalg: it
// chooses one of the options (Decision.Choice, 1-based).
const EffectChooseDirection = "choose_direction"

const (
	maxInputTitle = 200
	maxInputText  = 20000
	maxOptions    = 10
)

// InputOption is one option of a veivalg.
type InputOption struct {
	Description string `json:"description"`
	Consequence string `json:"consequence"`
}

// Input is one participant's input on a project.
type Input struct {
	ID          int64         `json:"id"`
	ProjectID   int64         `json:"project_id"`
	ProjectName string        `json:"project_name,omitempty"`
	Kind        string        `json:"kind"`
	State       string        `json:"state"`
	Title       string        `json:"title"`
	Text        string        `json:"text"` // Markdown, sanitised when shown
	Options     []InputOption `json:"options"`
	AuthorID    int64         `json:"author_id"`
	AuthorName  string        `json:"author_name,omitempty"`
	CaseID      int64         `json:"case_id,omitempty"`
	DecisionID  int64         `json:"decision_id,omitempty"`
	// DecisionRef is "case n/yy body" of DecisionID, for display.
	DecisionRef  string `json:"decision,omitempty"`
	ChosenOption int    `json:"chosen_option,omitempty"` // 1-based
	// ReferredTo is where an out-of-scope challenge went: another project
	// (ReferredProjectID), the secretariat, or a new need (NeedID).
	ReferredTo          string    `json:"referred_to,omitempty"`
	ReferredProjectID   int64     `json:"referred_project_id,omitempty"`
	ReferredProjectName string    `json:"referred_project_name,omitempty"`
	NeedID              int64     `json:"need_id,omitempty"`
	ReferralNote        string    `json:"referral_note,omitempty"`
	HandledBy           int64     `json:"handled_by,omitempty"`
	CreatedAt           time.Time `json:"created_at"`
	UpdatedAt           time.Time `json:"updated_at"`
}

// InitialInputState is the state an input of the kind starts in: an
// out-of-scope challenge is documented as it is recorded.
func InitialInputState(kind string) string {
	if kind == InputOutOfScope {
		return InputDocumented
	}
	return InputRecorded
}

// inputTransitions: for each target state, the kind it applies to and the
// state it starts from. Decided is reached only through a decision.
var inputTransitions = map[string]struct {
	kinds []string
	from  string
}{
	InputAcknowledged: {[]string{InputFact, InputProblem}, InputRecorded},
	InputPutBefore:    {[]string{InputVeivalg}, InputRecorded},
	InputDecided:      {[]string{InputVeivalg}, InputPutBefore},
	InputReferred:     {[]string{InputOutOfScope}, InputDocumented},
}

// CanMoveInput reports whether the input may move to the state.
func CanMoveInput(in *Input, to string) bool {
	t, ok := inputTransitions[to]
	return ok && in.State == t.from && slices.Contains(t.kinds, in.Kind)
}

// InputMoves returns the moves open from the input's state (other than
// the decision, which the steering group records in its meeting).
func InputMoves(in *Input) []string {
	out := []string{}
	for _, to := range []string{InputAcknowledged, InputPutBefore, InputReferred} {
		if CanMoveInput(in, to) {
			out = append(out, to)
		}
	}
	return out
}

// Open reports whether the input still waits for handling.
func (in *Input) Open() bool {
	return in.State == InputRecorded || in.State == InputDocumented || in.State == InputPutBefore
}

// Normalize trims the texts and drops empty options.
func (in *Input) Normalize() {
	in.Kind, in.Title, in.Text = strings.TrimSpace(in.Kind), strings.TrimSpace(in.Title), strings.TrimSpace(in.Text)
	opts := []InputOption{}
	for _, o := range in.Options {
		o.Description, o.Consequence = strings.TrimSpace(o.Description), strings.TrimSpace(o.Consequence)
		if o.Description != "" || o.Consequence != "" {
			opts = append(opts, o)
		}
	}
	if in.Kind != InputVeivalg {
		opts = []InputOption{}
	}
	in.Options = opts
}

// Validate checks a new input. Errors: Invalid, naming the fields.
func (in *Input) Validate() error {
	var v errs.Validation
	if !slices.Contains(InputKinds, in.Kind) {
		v.Add("kind", "pinput.error.kind")
	}
	switch {
	case in.Title == "":
		v.Add("title", "error.required")
	case utf8.RuneCountInString(in.Title) > maxInputTitle:
		v.Add("title", "error.too_long", "max", maxInputTitle)
	}
	switch {
	case in.Text == "":
		v.Add("text", "error.required")
	case utf8.RuneCountInString(in.Text) > maxInputText:
		v.Add("text", "error.too_long", "max", maxInputText)
	}
	if in.Kind == InputVeivalg {
		switch {
		case len(in.Options) < 2:
			v.Add("options", "pinput.error.options")
		case len(in.Options) > maxOptions:
			v.Add("options", "error.too_long", "max", maxOptions)
		default:
			for _, o := range in.Options {
				if o.Description == "" || o.Consequence == "" {
					v.Add("options", "pinput.error.option")
					break
				}
			}
		}
	}
	return v.Err()
}

// InputFilter selects a project's inputs.
type InputFilter struct {
	ProjectID int64
	Kind      string
	State     string
}
