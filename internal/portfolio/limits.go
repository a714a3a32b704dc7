package portfolio

import (
	"context"
	"math"
	"runtime"
	"sync"
	"time"

	"github.com/samstyr/samstyr/internal/errs"
	"github.com/samstyr/samstyr/internal/optimize"
	"github.com/samstyr/samstyr/internal/policy"
)

// Limits on the instance of one request (docs/portfolio.md and the OpenAPI
// document state them). They keep a run's memory and its parts that do not
// poll the time limit (reading and checking the document, the per-project
// set-up) small; the command line takes instances up to the optimiser's own
// limits.
const (
	MaxInstanceBytes = 4 << 20 // the JSON document
	MaxProjects      = 10000
	MaxYears         = 20
	MaxPrerequisites = 50000 // prerequisite links over all projects
	MaxGroupMembers  = 10000 // members of exclusive groups, all groups together
)

// runs limits how many optimisations run at once: one per core, since a
// run keeps one core busy for its whole time limit. Pages and API share it
// through the one Service.
type runs struct {
	mu   sync.Mutex
	max  int
	ends map[*int]time.Time // running runs and when their time limits end
}

// Begin checks that the actor may run the optimiser and takes one of the
// run slots for a run of up to timeLimit (0: the default). Call it before
// reading the instance; call the returned function when the run is over.
// Errors: Unauthenticated, Forbidden, TooMany (all slots busy, with
// RetryAfter: seconds until the first running run reaches its limit).
func (s *Service) Begin(a *policy.Actor, timeLimit time.Duration) (release func(), err error) {
	if err := s.Authorize(a); err != nil {
		return nil, err
	}
	if timeLimit <= 0 || timeLimit > MaxTimeLimit {
		timeLimit = min(max(timeLimit, DefaultTimeLimit), MaxTimeLimit)
	}
	r := &s.runs
	r.mu.Lock()
	defer r.mu.Unlock()
	now := time.Now()
	if len(r.ends) >= r.max {
		first := now.Add(MaxTimeLimit)
		for _, end := range r.ends {
			if end.Before(first) {
				first = end
			}
		}
		e := errs.E(errs.TooMany, "portfolio.error.busy", "runs", r.max)
		e.RetryAfter = max(1, int(math.Ceil(first.Sub(now).Seconds())))
		return nil, e
	}
	key := new(int)
	r.ends[key] = now.Add(timeLimit)
	return func() {
		r.mu.Lock()
		delete(r.ends, key)
		r.mu.Unlock()
	}, nil
}

// Running returns how many optimisations are running now.
func (s *Service) Running() int {
	s.runs.mu.Lock()
	defer s.runs.mu.Unlock()
	return len(s.runs.ends)
}

// MaxRuns returns how many optimisations may run at once.
func (s *Service) MaxRuns() int { return s.runs.max }

func newRuns(n int) runs {
	if n <= 0 {
		n = runtime.GOMAXPROCS(0)
	}
	return runs{max: n, ends: map[*int]time.Time{}}
}

// TooLarge is the error for an instance document over MaxInstanceBytes.
func TooLarge(field string) error {
	return &errs.Error{Code: errs.TooLarge, Key: "portfolio.error.instance_too_large",
		Args:   map[string]any{"max_mib": int64(MaxInstanceBytes >> 20)},
		Fields: []errs.FieldError{{Field: field, Key: "portfolio.error.instance_too_large", Args: map[string]any{"max_mib": int64(MaxInstanceBytes >> 20)}}}}
}

// checkSize holds an instance to the limits above. Errors: Invalid, naming
// the field over its limit.
func checkSize(inst *optimize.Instance) error {
	var v errs.Validation
	if inst.Years > MaxYears {
		v.Add("years", "portfolio.error.too_many_years", "max", MaxYears, "got", inst.Years)
	}
	if len(inst.Projects) > MaxProjects {
		v.Add("projects", "portfolio.error.too_many_projects", "max", MaxProjects, "got", len(inst.Projects))
	}
	pre := 0
	for _, p := range inst.Projects {
		pre += len(p.Prerequisites)
	}
	if pre > MaxPrerequisites {
		v.Add("projects.prerequisites", "portfolio.error.too_many_prerequisites", "max", MaxPrerequisites, "got", pre)
	}
	members := 0
	for _, g := range inst.ExclusiveGroups {
		members += len(g)
	}
	if members > MaxGroupMembers {
		v.Add("exclusive_groups", "portfolio.error.too_many_group_members", "max", MaxGroupMembers, "got", members)
	}
	return v.Err()
}

// effectiveLimit shortens the time limit so that the run ends before ctx's
// deadline (the request's), with a little time left to write the answer.
func effectiveLimit(ctx context.Context, limit time.Duration) time.Duration {
	d, ok := ctx.Deadline()
	if !ok {
		return limit
	}
	left := time.Until(d)
	left -= min(time.Second, left/10) // to render and write the answer
	return max(min(limit, left), time.Millisecond)
}
