// Package portfolio puts the optimiser (internal/optimize) in front of
// people: it checks who may run it, bounds the work, and turns the
// optimiser's input errors into field errors in the person's language.
// The candidates come as a portfolio-instance/v1 document (pasted, uploaded,
// one of the bundled examples, and later the live portfolio).
package portfolio

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"
	"time"

	"github.com/samstyr/samstyr/internal/errs"
	"github.com/samstyr/samstyr/internal/optimize"
	"github.com/samstyr/samstyr/internal/policy"
)

// Limits on one request.
const (
	DefaultTimeLimit = 10 * time.Second
	MaxTimeLimit     = 60 * time.Second
	MaxFrontier      = 25
	DefaultFrontier  = 15
)

//go:embed examples/*.json
var examples embed.FS

// Request says what to compute besides the optimal selection.
type Request struct {
	TimeLimit time.Duration
	Frontier  int      // budget levels of the efficient frontier, 0 for none
	Explain   bool     // explanations per project and year
	Force     []string // project ids that must be chosen
	Forbid    []string // project ids that must not be chosen
	// Budget replaces the instance's yearly budgets when not empty.
	Budget []int64
}

// Outcome is the answer; its JSON is the same object as the command line's.
type Outcome = optimize.Report

// Service runs optimisations, at most one per core at a time (see Begin).
type Service struct {
	runs runs
	// store holds the live portfolio (ideas, directives, projects, frames);
	// nil for the optimiser alone (see UseStore).
	store Store
	// Now is the clock of the roadmap's horizons (time.Now when nil).
	Now func() time.Time
}

// NewService returns the service.
func NewService() *Service { return &Service{runs: newRuns(0)} }

// Example is a bundled instance to try the optimiser with.
type Example struct {
	Name string
	Data []byte
}

// Examples returns the bundled instances, by name.
func (s *Service) Examples() []Example {
	names, _ := fs.Glob(examples, "examples/*.json")
	sort.Strings(names)
	var out []Example
	for _, n := range names {
		b, _ := examples.ReadFile(n)
		out = append(out, Example{Name: strings.TrimSuffix(path.Base(n), ".json"), Data: b})
	}
	return out
}

// Parse reads and validates an instance document and holds it to the size
// limits (MaxInstanceBytes, MaxProjects, …). Errors: TooLarge (the
// document's bytes), Invalid, with the field path of the problem.
func (s *Service) Parse(data []byte) (*optimize.Instance, error) {
	if len(data) > MaxInstanceBytes {
		return nil, TooLarge("instance")
	}
	inst, err := optimize.ParseInstance(data)
	if err != nil {
		return nil, inputError(err, "instance")
	}
	if err := checkSize(inst); err != nil {
		return nil, err
	}
	return inst, nil
}

// Authorize checks that the actor may run the optimiser. Errors:
// Unauthenticated, Forbidden.
func (s *Service) Authorize(a *policy.Actor) error {
	return policy.Check(a, policy.PortfolioOptimize, policy.Resource{})
}

// Optimize finds the best selection of inst under the request. The time
// limit bounds everything it computes and is shortened to end before ctx's
// deadline; when ctx is cancelled (the client went away) the work stops.
// The caller holds a run slot from Begin. Errors: Unauthenticated,
// Forbidden, Invalid (the instance or the request).
func (s *Service) Optimize(ctx context.Context, a *policy.Actor, inst *optimize.Instance, req Request) (*Outcome, error) {
	if err := s.Authorize(a); err != nil {
		return nil, err
	}
	if err := req.validate(inst); err != nil {
		return nil, err
	}
	if len(req.Budget) > 0 {
		c := *inst
		c.Budget = req.Budget
		inst = &c
		if err := inst.Validate(); err != nil {
			return nil, inputError(err, "budget")
		}
	}
	opts := optimize.Options{TimeLimit: effectiveLimit(ctx, req.TimeLimit), Force: req.Force, Forbid: req.Forbid}
	out, err := optimize.SolveReport(ctx, inst, opts, req.Frontier, req.Explain)
	if err != nil {
		return nil, inputError(err, "instance")
	}
	return out, nil
}

// validate checks the request against the limits and the instance.
func (r *Request) validate(inst *optimize.Instance) error {
	var v errs.Validation
	if r.TimeLimit == 0 {
		r.TimeLimit = DefaultTimeLimit
	}
	if r.TimeLimit < 0 || r.TimeLimit > MaxTimeLimit {
		v.Add("time_limit", "portfolio.error.time_limit", "max", int(MaxTimeLimit.Seconds()))
	}
	if r.Frontier < 0 || r.Frontier > MaxFrontier {
		v.Add("frontier", "portfolio.error.frontier", "max", MaxFrontier)
	}
	if len(r.Budget) > 0 && len(r.Budget) != inst.Years {
		v.Add("budget", "portfolio.error.budget_length", "want", inst.Years, "got", len(r.Budget))
	}
	return v.Err()
}

// inputError turns an optimiser input error into a field error whose
// message key is portfolio.error.<code>; other errors pass through.
func inputError(err error, fallbackField string) error {
	var in *optimize.InputError
	if !errors.As(err, &in) {
		return err
	}
	field := in.Field
	if field == "" {
		field = fallbackField
	}
	args := map[string]any{"field": field, "detail": in.Message}
	for k, v := range in.Args {
		switch x := v.(type) {
		case []string:
			args[k] = strings.Join(x, " → ")
		case int:
			args[k] = int64(x)
		default:
			args[k] = x
		}
	}
	key := "portfolio.error." + in.Code
	if problem, ok := in.Args["problem"].(string); ok && in.Code == optimize.CodeJSON {
		// A JSON problem is explained in words (with the document's own
		// field path where there is one), not with the decoder's message.
		key += "_" + problem
		args["path"] = in.Field
	}
	return &errs.Error{Code: errs.Invalid, Key: "error.validation", Err: err,
		Fields: []errs.FieldError{{Field: field, Key: key, Args: args}}}
}

// ParseIDs splits a list of project ids given one per line or separated by
// commas or spaces.
func ParseIDs(s string) []string {
	f := strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' || r == '\n' || r == '\r' || r == '\t' || r == ';' })
	out := f[:0]
	seen := map[string]bool{}
	for _, id := range f {
		if !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	return out
}

// String describes the request for logs.
func (r Request) String() string {
	return fmt.Sprintf("time limit %s, frontier %d, explain %v, %d forced, %d forbidden", r.TimeLimit, r.Frontier, r.Explain, len(r.Force), len(r.Forbid))
}
