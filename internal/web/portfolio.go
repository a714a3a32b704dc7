package web

import (
	"fmt"
	"net/http"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/samstyr/samstyr/internal/errs"
	"github.com/samstyr/samstyr/internal/httpx"
	"github.com/samstyr/samstyr/internal/optimize"
	"github.com/samstyr/samstyr/internal/portfolio"
)

func (s *Server) registerPortfolioRoutes(mux *http.ServeMux) {
	s.route(mux, "GET /portfolio", signedIn, s.portfolioForm)
	s.route(mux, "POST /portfolio", signedIn, s.portfolioSolve)
	s.guard("POST /portfolio", s.portfolioGuard)
	s.registerPortfolioOverviewRoutes(mux)
	s.registerPortfolioScenarioRoutes(mux)
}

// portfolioGuard refuses, before the form is read, a caller who may not run
// the optimiser and a declared body that cannot hold an instance within
// the limit (the document plus 1 MiB for the other fields).
func (s *Server) portfolioGuard(r *http.Request) error {
	if err := s.Portfolio.Authorize(httpx.Actor(r.Context())); err != nil {
		return err
	}
	if r.ContentLength > portfolio.MaxInstanceBytes+1<<20 {
		return portfolio.TooLarge("file")
	}
	return nil
}

// portfolioPage is the optimiser's form and, after a run, its result.
type portfolioPage struct {
	basePage
	Examples  []string
	Example   string
	Instance  string // the JSON document, carried between runs
	Inst      *optimize.Instance
	TimeLimit int
	Frontier  int
	Explain   bool
	Force     string
	Forbid    string
	Budget    []int64
	Errors    formErrors
	Out       *portfolio.Outcome
	Chart     *frontierChart
	Selected  []projectRow
	Rejected  []projectRow
}

// projectRow is one project in the result tables.
type projectRow struct {
	ID        string
	Benefit   int64
	TotalCost int64
	Selected  *optimize.SelectedReason
	Rejected  *optimize.RejectedReason
}

func (s *Server) portfolioForm(w http.ResponseWriter, r *http.Request) error {
	if err := s.Portfolio.Authorize(httpx.Actor(r.Context())); err != nil {
		return err
	}
	data := s.newPortfolioPage(w, r)
	s.render(w, r, http.StatusOK, "portfolio/form", data)
	return nil
}

func (s *Server) newPortfolioPage(w http.ResponseWriter, r *http.Request) *portfolioPage {
	p := &portfolioPage{basePage: s.base(w, r, "portfolio.title"), TimeLimit: int(portfolio.DefaultTimeLimit.Seconds()),
		Frontier: portfolio.DefaultFrontier, Explain: true}
	for _, e := range s.Portfolio.Examples() {
		p.Examples = append(p.Examples, e.Name)
	}
	return p
}

func (s *Server) portfolioSolve(w http.ResponseWriter, r *http.Request) error {
	data := s.newPortfolioPage(w, r)
	req, err := data.read(r, s.Portfolio)
	if err == nil { // permission came before the body (portfolioGuard)
		release, berr := s.Portfolio.Begin(httpx.Actor(r.Context()), req.TimeLimit)
		if berr != nil {
			return berr
		}
		defer release()
	}
	var inst *optimize.Instance
	if err == nil {
		inst, err = s.Portfolio.Parse([]byte(data.Instance))
		err = onField(err, "instance")
	}
	if err == nil {
		data.Inst = inst
		data.Out, err = s.Portfolio.Optimize(r.Context(), httpx.Actor(r.Context()), inst, req)
	}
	if isFormError(err) {
		data.Errors = fieldErrors(data.P, err)
		s.render(w, r, http.StatusUnprocessableEntity, "portfolio/form", data)
		return nil
	}
	if err != nil {
		return err
	}
	if len(data.Budget) == 0 {
		data.Budget = inst.Budget
	}
	data.rows(inst)
	data.Chart = newFrontierChart(data.Out.Frontier, data.P)
	data.Title = data.T("portfolio.result_title")
	s.render(w, r, http.StatusOK, "portfolio/result", data)
	return nil
}

// read takes the document (an upload, the text field or an example) and
// the options from the form.
func (p *portfolioPage) read(r *http.Request, svc *portfolio.Service) (portfolio.Request, error) {
	var req portfolio.Request
	var v errs.Validation
	p.Instance = r.PostFormValue("instance")
	p.Example = r.PostFormValue("example")
	if file := formUpload(r, "file"); file != nil {
		b, err := file.ReadAll(portfolio.MaxInstanceBytes)
		if len(b) > portfolio.MaxInstanceBytes {
			v.Add("file", "portfolio.error.instance_too_large", "max_mib", portfolio.MaxInstanceBytes>>20)
		} else if err == nil && len(b) > 0 {
			p.Instance = string(b)
		}
	}
	if strings.TrimSpace(p.Instance) == "" {
		for _, e := range svc.Examples() {
			if e.Name == p.Example {
				p.Instance = string(e.Data)
			}
		}
	}
	if strings.TrimSpace(p.Instance) == "" {
		v.Add("instance", "portfolio.error.no_instance")
	}
	p.TimeLimit = formIntOr(r, "time_limit", p.TimeLimit, &v)
	p.Frontier = formIntOr(r, "frontier", 0, &v)
	p.Explain = r.PostFormValue("explain") != ""
	p.Force, p.Forbid = r.PostFormValue("force"), r.PostFormValue("forbid")
	for y := 1; r.PostForm.Has(fmt.Sprintf("budget_%d", y)); y++ {
		p.Budget = append(p.Budget, int64(formIntOr(r, fmt.Sprintf("budget_%d", y), 0, &v)))
	}
	req = portfolio.Request{TimeLimit: time.Duration(p.TimeLimit) * time.Second, Frontier: p.Frontier, Explain: p.Explain,
		Force: portfolio.ParseIDs(p.Force), Forbid: portfolio.ParseIDs(p.Forbid), Budget: p.Budget}
	return req, v.Err()
}

// onField puts the field errors of an Invalid error on one form field: a
// problem inside the document belongs to the document's field (the message
// names the place in the document).
func onField(err error, field string) error {
	e := errs.As(err)
	if e == nil || len(e.Fields) == 0 {
		return err
	}
	c := *e
	c.Fields = slices.Clone(e.Fields)
	for i := range c.Fields {
		c.Fields[i].Field = field
	}
	return &c
}

// formIntOr reads a whole number like formInt; empty gives def.
func formIntOr(r *http.Request, name string, def int, v *errs.Validation) int {
	if strings.TrimSpace(r.FormValue(name)) == "" {
		return def
	}
	return int(formInt(v, r, name))
}

// rows builds the result tables: chosen projects, then the others, by
// benefit.
func (p *portfolioPage) rows(inst *optimize.Instance) {
	chosen := map[string]bool{}
	for _, id := range p.Out.Selected {
		chosen[id] = true
	}
	sel, rej := map[string]*optimize.SelectedReason{}, map[string]*optimize.RejectedReason{}
	if e := p.Out.Explanations; e != nil {
		for i := range e.Selected {
			sel[e.Selected[i].ID] = &e.Selected[i]
		}
		for i := range e.Rejected {
			rej[e.Rejected[i].ID] = &e.Rejected[i]
		}
	}
	for _, pr := range inst.Projects {
		row := projectRow{ID: pr.ID, Benefit: pr.Benefit, Selected: sel[pr.ID], Rejected: rej[pr.ID]}
		for _, c := range pr.Cost {
			row.TotalCost += c
		}
		if chosen[pr.ID] {
			p.Selected = append(p.Selected, row)
		} else {
			p.Rejected = append(p.Rejected, row)
		}
	}
	for _, list := range [][]projectRow{p.Selected, p.Rejected} {
		sort.SliceStable(list, func(i, j int) bool { return list[i].Benefit > list[j].Benefit })
	}
}

// Sum adds up a slice (for the budget totals in the template).
func (p *portfolioPage) Sum(xs []int64) int64 {
	var t int64
	for _, x := range xs {
		t += x
	}
	return t
}

// NameOf is how a project of the result tables is named: by its id.
func (p *portfolioPage) NameOf(id string) string { return id }
