package web

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/samstyr/samstyr/internal/errs"
	"github.com/samstyr/samstyr/internal/httpx"
	"github.com/samstyr/samstyr/internal/i18n"
	"github.com/samstyr/samstyr/internal/policy"
	"github.com/samstyr/samstyr/internal/portfolio"
)

// The optimiser on the live portfolio and the saved scenarios (issue 13,
// item 3).

func (s *Server) registerPortfolioScenarioRoutes(mux *http.ServeMux) {
	s.route(mux, "GET /portfolio/live", signedIn, s.liveShow)
	s.route(mux, "POST /portfolio/live", signedIn, s.liveSolve)
	s.route(mux, "GET /portfolio/scenarios", signedIn, s.scenarioList)
	s.route(mux, "POST /portfolio/scenarios", signedIn, s.scenarioCreate)
	s.route(mux, "GET /portfolio/scenarios/compare", signedIn, s.scenarioCompare)
	s.route(mux, "GET /portfolio/scenarios/{id}", signedIn, s.scenarioShow)
	s.route(mux, "GET /portfolio/scenarios/{id}/paper.pdf", signedIn, s.scenarioPDF)
}

// livePage is the live instance and, after a run, its result (the
// optimiser page's result fields, rendered by the same partial).
type livePage struct {
	portfolioPage
	Live     *portfolio.Live
	FromYear int64
	Years    int64
	Name     string
	MaySave  bool
	Scenario *portfolio.Scenario
}

// Names are the candidates' titles by instance id, for the result tables.
func (p *livePage) Names() map[string]string {
	out := map[string]string{}
	if p.Live != nil {
		for _, c := range p.Live.Candidates {
			out[c.ID] = c.Title
		}
	}
	return out
}

// CostNOK is a candidate's total cost in kroner.
func (p *livePage) CostNOK(c *portfolio.Candidate) int64 { return p.Sum(c.CostNOK) }

func (s *Server) newLivePage(w http.ResponseWriter, r *http.Request) *livePage {
	a := httpx.Actor(r.Context())
	p := &livePage{portfolioPage: *s.newPortfolioPage(w, r), FromYear: int64(time.Now().Year()), Years: 2,
		MaySave: policy.Can(a, policy.PortfolioScenarioSave, policy.Resource{})}
	p.Title = p.T("portfolio.live.title")
	var v errs.Validation
	p.FromYear = int64(formIntOr(r, "from_year", int(p.FromYear), &v))
	p.Years = int64(formIntOr(r, "years", int(p.Years), &v))
	p.TimeLimit = formIntOr(r, "time_limit", p.TimeLimit, &v)
	p.Name = strings.TrimSpace(r.PostFormValue("name"))
	if err := v.Err(); err != nil {
		p.Errors = fieldErrors(p.P, err)
	}
	return p
}

// live builds the instance for the page; a horizon error is shown on the
// form (422).
func (s *Server) live(r *http.Request, p *livePage) (int, error) {
	if len(p.Errors.List) > 0 {
		return http.StatusUnprocessableEntity, nil
	}
	l, err := s.Portfolio.Live(r.Context(), httpx.Actor(r.Context()), p.FromYear, p.Years)
	if isFormError(err) {
		p.Errors = fieldErrors(p.P, err)
		return http.StatusUnprocessableEntity, nil
	}
	p.Live = l
	return http.StatusOK, err
}

func (s *Server) liveShow(w http.ResponseWriter, r *http.Request) error {
	if err := policy.Check(httpx.Actor(r.Context()), policy.PortfolioScenarioView, policy.Resource{}); err != nil {
		return err
	}
	_ = r.ParseForm()
	data := s.newLivePage(w, r)
	status, err := s.live(r, data)
	if err != nil {
		return err
	}
	s.render(w, r, status, "portfolio/live", data)
	return nil
}

// liveSolve runs the optimiser on the live instance (the optimiser's run
// slots and time limits) and shows the result under the candidates.
func (s *Server) liveSolve(w http.ResponseWriter, r *http.Request) error {
	a := httpx.Actor(r.Context())
	if err := policy.Check(a, policy.PortfolioScenarioView, policy.Resource{}); err != nil {
		return err
	}
	_ = r.ParseForm()
	data := s.newLivePage(w, r)
	status, err := s.live(r, data)
	if err != nil || status != http.StatusOK {
		if err == nil {
			s.render(w, r, status, "portfolio/live", data)
		}
		return err
	}
	req := portfolio.Request{TimeLimit: time.Duration(data.TimeLimit) * time.Second, Frontier: portfolio.DefaultFrontier, Explain: true}
	release, err := s.Portfolio.Begin(a, req.TimeLimit)
	if err != nil {
		return err
	}
	defer release()
	data.Inst = data.Live.Instance
	data.Out, err = s.Portfolio.Optimize(r.Context(), a, data.Inst, req)
	if isFormError(err) {
		data.Errors = fieldErrors(data.P, onField(err, "years"))
		s.render(w, r, http.StatusUnprocessableEntity, "portfolio/live", data)
		return nil
	}
	if err != nil {
		return err
	}
	data.Budget = data.Inst.Budget
	data.rows(data.Inst)
	data.Chart = newFrontierChart(data.Out.Frontier, data.P)
	s.render(w, r, http.StatusOK, "portfolio/live", data)
	return nil
}

// scenarioCreate solves the live instance again and saves it as a named
// scenario; bad input shows the live page with the errors (422), nothing
// stored.
func (s *Server) scenarioCreate(w http.ResponseWriter, r *http.Request) error {
	a := httpx.Actor(r.Context())
	if err := policy.Check(a, policy.PortfolioScenarioSave, policy.Resource{}); err != nil {
		return err
	}
	_ = r.ParseForm()
	data := s.newLivePage(w, r)
	var sc *portfolio.Scenario
	if len(data.Errors.List) == 0 {
		req := portfolio.Request{TimeLimit: time.Duration(data.TimeLimit) * time.Second, Frontier: portfolio.DefaultFrontier, Explain: true}
		release, berr := s.Portfolio.Begin(a, req.TimeLimit)
		if berr != nil {
			return berr
		}
		defer release()
		var serr error
		sc, serr = s.Portfolio.SaveScenario(r.Context(), a, portfolio.LiveRequest{FromYear: data.FromYear, Years: data.Years, Name: data.Name}, req)
		if !isFormError(serr) && serr != nil {
			return serr
		}
		if serr != nil {
			data.Errors = fieldErrors(data.P, serr)
		}
	}
	if sc == nil {
		if l, lerr := s.Portfolio.Live(r.Context(), a, data.FromYear, data.Years); lerr == nil {
			data.Live = l
		}
		s.render(w, r, http.StatusUnprocessableEntity, "portfolio/live", data)
		return nil
	}
	s.redirect(w, r, fmt.Sprintf("/portfolio/scenarios/%d", sc.ID), "portfolio.scenario.saved")
	return nil
}

type scenarioListPage struct {
	basePage
	Scenarios []*portfolio.Scenario
}

func (s *Server) scenarioList(w http.ResponseWriter, r *http.Request) error {
	list, err := s.Portfolio.Scenarios(r.Context(), httpx.Actor(r.Context()))
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "portfolio/scenarios", &scenarioListPage{basePage: s.base(w, r, "portfolio.scenarios.title"), Scenarios: list})
	return nil
}

func (s *Server) scenarioShow(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	sc, err := s.Portfolio.Scenario(r.Context(), httpx.Actor(r.Context()), id)
	if err != nil {
		return err
	}
	data := &livePage{portfolioPage: *s.newPortfolioPage(w, r), Live: sc.Live, Scenario: sc, FromYear: sc.FromYear, Years: sc.Years}
	data.Title = sc.Name
	data.Inst, data.Out, data.Budget = sc.Live.Instance, sc.Result, sc.Live.Instance.Budget
	data.rows(data.Inst)
	data.Chart = newFrontierChart(data.Out.Frontier, data.P)
	s.render(w, r, http.StatusOK, "portfolio/scenario", data)
	return nil
}

func (s *Server) scenarioPDF(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	name, doc, err := s.Portfolio.ScenarioPDF(r.Context(), httpx.Actor(r.Context()), id, s.printer(r))
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("Content-Disposition", fmt.Sprintf("attachment; filename=%q", name))
	_, err = w.Write(doc)
	return err
}

type comparePage struct {
	basePage
	Scenarios []*portfolio.Scenario
	A, B      int64
	C         *portfolio.Comparison
}

func (s *Server) scenarioCompare(w http.ResponseWriter, r *http.Request) error {
	ctx, a := r.Context(), httpx.Actor(r.Context())
	list, err := s.Portfolio.Scenarios(ctx, a)
	if err != nil {
		return err
	}
	data := &comparePage{basePage: s.base(w, r, "portfolio.compare.title"), Scenarios: list}
	data.A, _ = strconv.ParseInt(r.URL.Query().Get("a"), 10, 64)
	data.B, _ = strconv.ParseInt(r.URL.Query().Get("b"), 10, 64)
	if data.A > 0 && data.B > 0 {
		if data.C, err = s.Portfolio.Compare(ctx, a, data.A, data.B); err != nil {
			return err
		}
	}
	s.render(w, r, http.StatusOK, "portfolio/compare", data)
	return nil
}

// pickScenarios finds draft scenarios by name or number, for linking a
// case to them (the user council or the strategic council decides).
func pickScenarios(s *Server, ctx context.Context, a *policy.Actor, p *i18n.Printer, q string, _ int64) ([]pickOption, error) {
	list, err := s.Portfolio.Scenarios(ctx, a)
	if err != nil {
		return nil, err
	}
	out := []pickOption{}
	for _, sc := range list {
		if sc.State == portfolio.ScenarioDraft && pickMatch(q, sc.ID, sc.Name) && len(out) < 10 {
			out = append(out, pickOption{ID: sc.ID, Label: sc.Name, Detail: p.T("portfolio.scenario.state."+sc.State) + ", " + p.Date(sc.CreatedAt)})
		}
	}
	return out, nil
}

// NameOf names a candidate in the result tables by its title and id.
func (p *livePage) NameOf(id string) string {
	if t, ok := p.Names()[id]; ok {
		return t + " (" + id + ")"
	}
	return id
}

// Sum adds up a candidate's costs (for the comparison's tables).
func (p *comparePage) Sum(xs []int64) int64 {
	var t int64
	for _, x := range xs {
		t += x
	}
	return t
}

// MayScenarios reports whether the reader may open the live portfolio and
// the scenarios (the overview links them).
func (p *overviewPage) MayScenarios() bool {
	return policy.Can(p.Actor, policy.PortfolioScenarioView, policy.Resource{})
}
