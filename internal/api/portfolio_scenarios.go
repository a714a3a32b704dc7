package api

import (
	"fmt"
	"net/http"
	"time"

	"github.com/samstyr/samstyr/internal/httpx"
	"github.com/samstyr/samstyr/internal/policy"
	"github.com/samstyr/samstyr/internal/portfolio"
)

// The scenarios of the optimiser on the live portfolio through the API:
// the same service as /portfolio/live and /portfolio/scenarios.
func (s *Server) portfolioScenarioRoutes() []Route {
	return []Route{
		{"GET", "/portfolio/scenarios", s.scenarioList},
		{"POST", "/portfolio/scenarios", s.scenarioCreate},
		{"GET", "/portfolio/scenarios/{id}", s.scenarioShow},
	}
}

func (s *Server) scenarioList(w http.ResponseWriter, r *http.Request) error {
	list, err := s.Portfolio.Scenarios(r.Context(), httpx.Actor(r.Context()))
	if err != nil {
		return err
	}
	return reply(w, http.StatusOK, list)
}

func (s *Server) scenarioShow(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	sc, err := s.Portfolio.Scenario(r.Context(), httpx.Actor(r.Context()), id)
	if err != nil {
		return err
	}
	return reply(w, http.StatusOK, sc)
}

// scenarioCreate builds the live instance for the horizon, solves it
// (the optimiser's run slots and time limit) and saves it by name.
func (s *Server) scenarioCreate(w http.ResponseWriter, r *http.Request) error {
	a := httpx.Actor(r.Context())
	if err := policy.Check(a, policy.PortfolioScenarioSave, policy.Resource{}); err != nil {
		return err
	}
	var in struct {
		Name             string `json:"name"`
		FromYear         int64  `json:"from_year"`
		Years            int64  `json:"years"`
		TimeLimitSeconds int64  `json:"time_limit_seconds"`
	}
	if err := decode(r, &in); err != nil {
		return err
	}
	req := portfolio.Request{TimeLimit: time.Duration(in.TimeLimitSeconds) * time.Second, Frontier: portfolio.DefaultFrontier, Explain: true}
	release, err := s.Portfolio.Begin(a, req.TimeLimit)
	if err != nil {
		return err
	}
	defer release()
	sc, err := s.Portfolio.SaveScenario(r.Context(), a, portfolio.LiveRequest{Name: in.Name, FromYear: in.FromYear, Years: in.Years}, req)
	if err != nil {
		return err
	}
	w.Header().Set("Location", fmt.Sprintf("%s/portfolio/scenarios/%d", Prefix, sc.ID))
	return reply(w, http.StatusCreated, sc)
}
