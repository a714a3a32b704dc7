package optimize

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
)

// FormatV1 is the only value of Instance.Format that ParseInstance and
// Validate accept.
const FormatV1 = "portfolio-instance/v1"

// Limits on the size of an instance. They keep every sum of costs or
// benefits far inside int64 and the solver's memory bounded.
const (
	// MaxYears is the largest planning horizon accepted.
	MaxYears = 100
	// MaxProjects is the largest number of projects accepted.
	MaxProjects = 100000
	// MaxValue is the largest benefit, cost or budget accepted.
	MaxValue = 1_000_000_000_000
)

// Instance is one portfolio selection problem in the portfolio-instance/v1
// format (see testdata/portfolio/FORMAT.md).
type Instance struct {
	Format          string     `json:"format"`
	Name            string     `json:"name"`
	CostUnit        string     `json:"cost_unit"`
	Years           int        `json:"years"`
	Budget          []int64    `json:"budget"`
	Projects        []Project  `json:"projects"`
	ExclusiveGroups [][]string `json:"exclusive_groups"`
	// Generator holds the parameters an instance was generated with. The
	// solver ignores it; it is kept verbatim.
	Generator json.RawMessage `json:"generator,omitempty"`
}

// Project is one candidate project of an Instance.
type Project struct {
	ID      string  `json:"id"`
	Benefit int64   `json:"benefit"`
	Cost    []int64 `json:"cost"`
	// Prerequisites lists the ids that must be chosen if this one is.
	Prerequisites []string `json:"prerequisites,omitempty"`
	// Mandatory projects must be chosen.
	Mandatory bool `json:"mandatory,omitempty"`
}

// InputError describes why an instance or an option is unusable. Code is a
// stable machine key (see the Code* constants), Field a JSON path such as
// "projects[3].cost[1]", Args the values a translated message needs (years
// are 1-based) and Message an English sentence.
type InputError struct {
	Field   string
	Code    string
	Args    map[string]any
	Message string
}

// Error returns "field: message", or only the message when Field is empty.
func (e *InputError) Error() string {
	if e.Field == "" {
		return e.Message
	}
	return e.Field + ": " + e.Message
}

// Stable codes of InputError.
const (
	CodeJSON                 = "json"
	CodeFormat               = "format"
	CodeYears                = "years"
	CodeBudgetLength         = "budget_length"
	CodeBudgetNegative       = "budget_negative"
	CodeValueTooLarge        = "value_too_large"
	CodeTooManyProjects      = "too_many_projects"
	CodeEmptyID              = "empty_id"
	CodeDuplicateID          = "duplicate_id"
	CodeBenefitNegative      = "benefit_negative"
	CodeCostLength           = "cost_length"
	CodeCostNegative         = "cost_negative"
	CodeUnknownID            = "unknown_id"
	CodeDuplicatePrereq      = "duplicate_prerequisite"
	CodePrerequisiteCycle    = "prerequisite_cycle"
	CodeGroupEmpty           = "group_empty"
	CodeDuplicateGroupMember = "duplicate_group_member"
	CodeMandatoryExclusive   = "mandatory_exclusive"
	CodeMandatoryInfeasible  = "mandatory_infeasible"
	CodeForceConflict        = "force_conflict"
	CodeForceInfeasible      = "force_infeasible"
	CodeBudgetScale          = "budget_scale"
)

func inputErr(field, code string, args map[string]any, format string, a ...any) *InputError {
	return &InputError{Field: field, Code: code, Args: args, Message: fmt.Sprintf(format, a...)}
}

// ParseInstance decodes one portfolio-instance/v1 JSON object strictly
// (unknown fields and trailing data are errors; "generator" is kept as raw
// JSON) and validates it. Every error is an *InputError.
func ParseInstance(data []byte) (*Instance, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var inst Instance
	if err := dec.Decode(&inst); err != nil {
		return nil, jsonError(err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return nil, inputErr("", CodeJSON, map[string]any{"problem": "trailing", "offset": dec.InputOffset()},
			"unexpected data after the instance object at byte %d", dec.InputOffset())
	}
	if err := inst.Validate(); err != nil {
		return nil, err
	}
	return &inst, nil
}

// jsonError turns an encoding/json error into an *InputError with a field
// path when json reports one. Its code is CodeJSON; Args["problem"] says
// which kind of problem it is (empty, syntax, not_object, type,
// unknown_field) so that a page can explain it in the reader's language.
func jsonError(err error) *InputError {
	var typeErr *json.UnmarshalTypeError
	var syntaxErr *json.SyntaxError
	switch {
	case errors.As(err, &typeErr) && typeErr.Field == "":
		return inputErr("", CodeJSON, map[string]any{"problem": "not_object", "offset": typeErr.Offset, "got": typeErr.Value},
			"expected a JSON object, got JSON %s", typeErr.Value)
	case errors.As(err, &typeErr):
		return inputErr(typeErr.Field, CodeJSON,
			map[string]any{"problem": "type", "offset": typeErr.Offset, "expected": typeErr.Type.String(), "got": typeErr.Value},
			"expected %s, got JSON %s", typeErr.Type, typeErr.Value)
	case errors.As(err, &syntaxErr):
		return inputErr("", CodeJSON, map[string]any{"problem": "syntax", "offset": syntaxErr.Offset},
			"invalid JSON at byte %d: %v", syntaxErr.Offset, err)
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return inputErr("", CodeJSON, map[string]any{"problem": "empty"}, "empty or truncated JSON")
	}
	msg := err.Error()
	if field, ok := strings.CutPrefix(msg, "json: unknown field "); ok {
		field = strings.Trim(field, `"`)
		return inputErr(field, CodeJSON, map[string]any{"problem": "unknown_field", "field": field}, "unknown field %q", field)
	}
	return inputErr("", CodeJSON, map[string]any{}, "invalid JSON: %s", strings.TrimPrefix(msg, "json: "))
}
