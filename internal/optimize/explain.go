package optimize

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"slices"
	"time"
)

// ExplainOptions tunes Explain.
type ExplainOptions struct {
	// Options must be the options the result was solved with (Force,
	// Forbid, BudgetScale). TimeLimit bounds the exact re-solves in total
	// (0: 2 s).
	Options
	// MaxResolves bounds the number of exact re-solves (0: 200, negative:
	// none). Values not re-solved come from LP bounds and heuristics.
	MaxResolves int
}

// Explanation says why a selection looks the way it does.
type Explanation struct {
	Objective int64            `json:"objective"`
	Years     []YearUse        `json:"years"`
	Selected  []SelectedReason `json:"selected"`
	Rejected  []RejectedReason `json:"rejected"`
	// Resolves counts the exact re-solves made.
	Resolves int `json:"resolves"`
	// Stopped reports that the time limit or a cancelled context ended the
	// work before every project had its reason: the projects not reached
	// are missing from Selected and Rejected, and the bounds of the others
	// may be wider than they would have been.
	Stopped bool `json:"stopped,omitempty"`
}

// YearUse tells how one year's budget is used.
type YearUse struct {
	Year   int   `json:"year"` // 1-based
	Budget int64 `json:"budget"`
	Cost   int64 `json:"cost"`
	Slack  int64 `json:"slack"`
	// DualPrice is the LP relaxation's marginal benefit of one more unit of
	// budget in this year; Binding reports that it is positive.
	DualPrice float64 `json:"dual_price"`
	Binding   bool    `json:"binding"`
}

// SelectedReason tells what leaving a chosen project out would cost: the
// best selection without it is worth Loss less (LossLow ≤ loss ≤ LossHigh;
// equal and Exact when proven). AlsoOut lists chosen projects that need it.
type SelectedReason struct {
	ID       string `json:"id"`
	Benefit  int64  `json:"benefit"`
	Required bool   `json:"required"` // mandatory or forced, or needed by one
	LossLow  int64  `json:"loss_low"`
	LossHigh int64  `json:"loss_high"`
	Exact    bool   `json:"exact"`
	// Source is "resolve" (exact re-solve), "bounds" (LP bound and
	// heuristic met) or "estimate" (an interval).
	Source  string   `json:"source"`
	AlsoOut []string `json:"also_out,omitempty"`
}

// RejectedReason tells what it would take to choose a left-out project.
// Forcing it in would lower the best total benefit by DropLow…DropHigh, so
// with a benefit of at least Benefit + Drop it would be part of an optimal
// selection (BenefitNeededLow…High). ExtraBudget is the extra budget per
// year needed to add it, with its missing prerequisites (Missing), on top
// of the selection without removing anything. Blocked is non-empty when it
// can never be chosen: "forbidden", "budget" or "exclusive".
type RejectedReason struct {
	ID               string   `json:"id"`
	Benefit          int64    `json:"benefit"`
	Blocked          string   `json:"blocked,omitempty"`
	DropLow          int64    `json:"drop_low"`
	DropHigh         int64    `json:"drop_high"`
	BenefitNeededLow int64    `json:"benefit_needed_low"`
	BenefitNeededHi  int64    `json:"benefit_needed_high"`
	Exact            bool     `json:"exact"`
	Source           string   `json:"source"`
	ExtraBudget      []int64  `json:"extra_budget"`
	Missing          []string `json:"missing,omitempty"`
}

// Explain explains res, a result of Solve for inst with opts.Options. Loss
// and threshold intervals come first from the LP relaxation (reduced costs
// with forced and dependent projects) and from repaired selections; then up
// to MaxResolves of the intervals that are still open, the most marginal
// projects first, are closed by exact re-solves with the project forbidden
// or forced. Values are exact only when res is optimal. A positive
// opts.TimeLimit bounds all of it (the Explanation then says Stopped when
// it cut the estimates short); without one, only the re-solves are bounded
// (2 s) and ctx ends the rest.
func Explain(ctx context.Context, inst *Instance, res *Result, opts ExplainOptions) (*Explanation, error) {
	start := time.Now()
	resolveLimit := opts.TimeLimit
	if resolveLimit <= 0 {
		resolveLimit = 2 * time.Second
	}
	return explain(inst, res, opts, newStopper(ctx, start, opts.TimeLimit), start.Add(resolveLimit))
}

// explain is Explain under stop; the re-solves also end at resolveBy.
func explain(inst *Instance, res *Result, opts ExplainOptions, stop *stopper, resolveBy time.Time) (*Explanation, error) {
	if err := inst.Validate(); err != nil {
		return nil, err
	}
	e, err := newExplainer(inst, res, opts.Options, stop)
	if err != nil {
		return nil, err
	}
	e.estimate(stop)
	maxResolves := opts.MaxResolves
	if maxResolves == 0 {
		maxResolves = 200
	}
	if res.Optimal && !e.out.Stopped {
		if err := e.resolve(stop.until(resolveBy), maxResolves); err != nil {
			return nil, err
		}
	}
	return e.out, nil
}

// explainer holds the state of one Explain call.
type explainer struct {
	t     *task
	opts  Options
	sel   []bool
	obj   int64
	full  *problem
	root  *searcher // on the presolved problem, reused by every re-solve
	col   []int32   // instance index → column of root.p, or -1
	lpRes *rootRelaxation
	out   *Explanation
	// scratch for repairs
	base      *fixer
	packer    *packer
	fillOrder []int32
	selAt     []int // instance index → position in out.Selected or Rejected
}

func newExplainer(inst *Instance, res *Result, opts Options, stop *stopper) (*explainer, error) {
	t, err := newTask(inst, opts)
	if err != nil {
		return nil, err
	}
	e := &explainer{t: t, opts: opts, sel: make([]bool, len(inst.Projects)), obj: res.Objective}
	for _, id := range res.Selected {
		i, ok := t.index[id]
		if !ok {
			return nil, fmt.Errorf("optimize: explain: selected id %q is not a project", id)
		}
		e.sel[i] = true
	}
	if err := checkSelection(inst, e.sel, t.budget, t.in, t.out); err != nil {
		return nil, fmt.Errorf("optimize: explain: the result is not feasible: %w", err)
	}
	e.full = newProblem(inst, t.index, t.budget)
	p0, err := t.prepare()
	if err != nil {
		return nil, err
	}
	noCutoff := &incumbent{val: math.MinInt64 / 2, target: math.MinInt64, slack: t.boundSlack, ub: math.MaxInt64}
	e.root = newSearcher(p0, newFixer(p0), noCutoff, stop, newPseudocosts(len(inst.Projects)))
	e.col = make([]int32, len(inst.Projects))
	for i := range e.col {
		e.col[i] = -1
	}
	for j, i := range p0.orig {
		e.col[i] = int32(j)
	}
	e.lpRes = solveRelaxation(e.root, inst)
	e.out = &Explanation{Objective: res.Objective}
	e.fillYears()
	return e, nil
}

func (e *explainer) fillYears() {
	inst := e.t.inst
	for y := range inst.Years {
		var cost int64
		for i, p := range inst.Projects {
			if e.sel[i] {
				cost += p.Cost[y]
			}
		}
		price := e.lpRes.prices[y]
		e.out.Years = append(e.out.Years, YearUse{
			Year: y + 1, Budget: e.t.budget[y], Cost: cost, Slack: e.t.budget[y] - cost,
			DualPrice: price, Binding: price > 1e-9,
		})
	}
}

// estimate fills every reason from LP bounds and repaired selections,
// until stop says to end (then the projects not reached have none).
func (e *explainer) estimate(stop *stopper) {
	inst := e.t.inst
	e.selAt = make([]int, len(inst.Projects))
	for i := range inst.Projects {
		if stop.check() {
			e.out.Stopped = true
			return
		}
		if e.sel[i] {
			e.selAt[i] = len(e.out.Selected)
			e.out.Selected = append(e.out.Selected, e.selectedReason(int32(i)))
		} else {
			e.selAt[i] = len(e.out.Rejected)
			e.out.Rejected = append(e.out.Rejected, e.rejectedReason(int32(i)))
		}
	}
}

// resolve closes the widest-open intervals, most marginal projects first,
// by exact re-solves.
func (e *explainer) resolve(stop *stopper, maxResolves int) error {
	type job struct {
		i      int32
		forbid bool
		key    int64
	}
	var jobs []job
	for _, r := range e.out.Selected {
		if !r.Exact && !r.Required {
			jobs = append(jobs, job{int32(e.t.index[r.ID]), true, r.LossLow})
		}
	}
	for _, r := range e.out.Rejected {
		if !r.Exact && r.Blocked == "" {
			jobs = append(jobs, job{int32(e.t.index[r.ID]), false, r.DropLow})
		}
	}
	slices.SortStableFunc(jobs, func(a, b job) int { return cmp.Compare(a.key, b.key) })
	for _, j := range jobs {
		if e.out.Resolves >= maxResolves || stop.check() {
			break
		}
		if err := e.resolveOne(j.i, j.forbid, stop); err != nil {
			return err
		}
		e.out.Resolves++
	}
	return nil
}

// resolveOne re-solves with project i forbidden (or forced) and narrows its
// interval with the outcome.
func (e *explainer) resolveOne(i int32, forbid bool, stop *stopper) error {
	obj, bound, err := e.solveWith(i, forbid, stop)
	if err != nil {
		return err
	}
	lo, hi := e.obj-bound, e.obj-obj
	if forbid {
		r := &e.out.Selected[e.selAt[i]]
		r.LossLow, r.LossHigh = max(r.LossLow, lo), min(r.LossHigh, hi)
		r.Exact = r.LossLow == r.LossHigh
		if r.Exact {
			r.Source = "resolve"
		}
		return nil
	}
	r := &e.out.Rejected[e.selAt[i]]
	r.DropLow, r.DropHigh = max(r.DropLow, lo), min(r.DropHigh, hi)
	r.Exact = r.DropLow == r.DropHigh
	if r.Exact {
		r.Source = "resolve"
	}
	r.BenefitNeededLow, r.BenefitNeededHi = r.Benefit+r.DropLow, r.Benefit+r.DropHigh
	return nil
}

// solveWith returns the best objective found and a proven bound with
// project i forbidden (or forced). Projects in the presolved problem reuse
// the root searcher: the decision is applied on top of it and the dual
// simplex restarts from the root basis. Others take a full solve.
func (e *explainer) solveWith(i int32, forbid bool, stop *stopper) (int64, int64, error) {
	warm, value := e.repaired(i, forbid)
	if value >= 0 && !feasible(e.full, warm) {
		return 0, 0, errInternal
	}
	j := e.col[i]
	if j < 0 {
		return e.solveFresh(i, forbid, stop, warm)
	}
	inc := &incumbent{sel: make([]bool, len(e.sel)), val: -1, target: math.MinInt64, slack: e.t.boundSlack, ub: math.MaxInt64}
	if value >= 0 {
		copy(inc.sel, warm)
		inc.val = value
	}
	mark := len(e.root.fx.trail)
	defer e.root.fx.undo(mark)
	v := int8(1)
	if forbid {
		v = 0
	}
	if !e.root.fx.set(j, v) {
		return 0, 0, fmt.Errorf("optimize: explain: cannot fix %s", e.t.inst.Projects[i].ID)
	}
	e.root.inc, e.root.stop = inc, stop
	bound := e.t.branchAndBound(e.root, &Result{})
	if !stop.stopped {
		return inc.val, inc.val, nil
	}
	return inc.val, max(inc.val, floorBound(bound, inc.slack)), nil
}

// solveFresh solves the task with i forbidden or forced from scratch.
func (e *explainer) solveFresh(i int32, forbid bool, stop *stopper, warm []bool) (int64, int64, error) {
	opts := e.opts
	id := e.t.inst.Projects[i].ID
	if forbid {
		opts.Forbid = append(slices.Clone(opts.Forbid), id)
	} else {
		opts.Force = append(slices.Clone(opts.Force), id)
	}
	t, err := newTask(e.t.inst, opts)
	if err != nil {
		return 0, 0, err
	}
	res, err := t.run(stop, warm)
	if err != nil {
		return 0, 0, err
	}
	return res.Objective, res.Bound, nil
}

// floorBound rounds an LP bound down to the integer it proves.
func floorBound(v, slack float64) int64 { return int64(math.Floor(v + slack)) }
