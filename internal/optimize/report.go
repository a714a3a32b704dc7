package optimize

import (
	"cmp"
	"context"
	"time"
)

// Why a report's work ended early (Report.Stopped).
const (
	// StoppedTimeLimit: the time limit (or a deadline of the context) came
	// first.
	StoppedTimeLimit = "time_limit"
	// StoppedCancelled: the context was cancelled, for example because the
	// client went away.
	StoppedCancelled = "cancelled"
)

// Report is the answer to "solve this instance" as samstyr gives it on the
// command line, in the API and on the page: the best selection, whether it
// is proven, and optionally the efficient frontier and explanations.
type Report struct {
	Objective    int64           `json:"objective"`
	Selected     []string        `json:"selected"`
	CostPerYear  []int64         `json:"cost_per_year"`
	Optimal      bool            `json:"optimal"`
	Gap          float64         `json:"gap"`
	Bound        int64           `json:"bound"`
	Seconds      float64         `json:"seconds"`
	Frontier     []FrontierPoint `json:"frontier,omitempty"`
	Explanations *Explanation    `json:"explanations,omitempty"`
	// Stopped is StoppedTimeLimit or StoppedCancelled when the work ended
	// before everything asked for was computed: the selection may then not
	// be proven optimal, the frontier may have fewer levels than asked (or
	// none) and the explanations may lack projects (or be missing). It is
	// empty when everything was computed.
	Stopped string `json:"stopped,omitempty"`
	// TotalSeconds is the wall time of everything the report computed.
	TotalSeconds float64 `json:"total_seconds"`
}

// SolveReport solves inst and adds the frontier at frontier budget levels
// (none when 0) and the explanations when explain is set. The time limit of
// opts and ctx bound all of it together: when the frontier or explanations
// are asked for, the solve may use the first half of the limit, the
// frontier the time up to three quarters (the whole limit without
// explanations) and the explanations what is left; time a part does not use
// goes to the next. Every part checks the deadline and ctx as it goes and
// keeps the best it has when either ends it (see Report.Stopped).
func SolveReport(ctx context.Context, inst *Instance, opts Options, frontierLevels int, explanations bool) (*Report, error) {
	start := time.Now()
	all := newStopper(ctx, start, opts.TimeLimit)
	phase := func(share float64) *stopper {
		if opts.TimeLimit <= 0 {
			return all.until(time.Time{})
		}
		return all.until(start.Add(time.Duration(share * float64(opts.TimeLimit))))
	}
	solveShare, frontierShare := 1.0, 1.0
	if frontierLevels > 0 || explanations {
		solveShare = 0.5
	}
	if frontierLevels > 0 && explanations {
		frontierShare = 0.75
	}
	st := phase(solveShare)
	res, err := solve(inst, opts, st)
	if err != nil {
		return nil, err
	}
	out := &Report{Objective: res.Objective, Selected: res.Selected, CostPerYear: res.CostPerYear, Optimal: res.Optimal,
		Gap: res.Gap, Bound: res.Bound, Seconds: res.Seconds, Stopped: st.reason()}
	if out.Selected == nil {
		out.Selected = []string{}
	}
	if frontierLevels > 0 {
		st := phase(frontierShare)
		if !st.check() {
			if out.Frontier, err = frontier(inst, FrontierLevels(frontierLevels), opts, st); err != nil {
				return nil, err
			}
		}
		out.Stopped = cmp.Or(out.Stopped, st.reason())
	}
	if explanations {
		st := phase(1)
		if !st.check() {
			// The re-solves get what is left of the limit (2 s without one).
			by := time.Time{}
			if opts.TimeLimit <= 0 {
				by = time.Now().Add(2 * time.Second)
			}
			if out.Explanations, err = explain(inst, res, ExplainOptions{Options: opts}, st, by); err != nil {
				return nil, err
			}
		}
		out.Stopped = cmp.Or(out.Stopped, st.reason())
	}
	out.TotalSeconds = time.Since(start).Seconds()
	return out, nil
}
