package api

import (
	"io"
	"net/http"
	"strconv"
	"time"

	"github.com/samstyr/samstyr/internal/errs"
	"github.com/samstyr/samstyr/internal/httpx"
	"github.com/samstyr/samstyr/internal/portfolio"
)

func (s *Server) portfolioRoutes() []Route {
	routes := append([]Route{{"POST", "/portfolio/optimize", s.portfolioOptimize}}, s.portfolioOverviewRoutes()...)
	return append(append(routes, s.roadmapRoutes()...), s.portfolioScenarioRoutes()...)
}

// portfolioOptimize solves the portfolio-instance/v1 document in the body;
// time_limit, frontier, explain, force and forbid come as query parameters.
// Who calls and whether a run slot is free are settled before the body is
// read; a declared length over the limit is refused unread.
func (s *Server) portfolioOptimize(w http.ResponseWriter, r *http.Request) error {
	a := httpx.Actor(r.Context())
	if err := s.Portfolio.Authorize(a); err != nil {
		return err
	}
	req, err := portfolioRequest(r)
	if err != nil {
		return err
	}
	if r.ContentLength > portfolio.MaxInstanceBytes {
		return portfolio.TooLarge("body")
	}
	release, err := s.Portfolio.Begin(a, req.TimeLimit)
	if err != nil {
		return err
	}
	defer release()
	data, err := io.ReadAll(io.LimitReader(r.Body, portfolio.MaxInstanceBytes+1))
	if err != nil {
		return err
	}
	if len(data) > portfolio.MaxInstanceBytes {
		return portfolio.TooLarge("body")
	}
	inst, err := s.Portfolio.Parse(data)
	if err != nil {
		return err
	}
	out, err := s.Portfolio.Optimize(r.Context(), a, inst, req)
	if err != nil {
		return err
	}
	return reply(w, http.StatusOK, out)
}

func portfolioRequest(r *http.Request) (portfolio.Request, error) {
	q := r.URL.Query()
	var req portfolio.Request
	var v errs.Validation
	if s := q.Get("time_limit"); s != "" {
		d, err := time.ParseDuration(s)
		if err != nil {
			if n, nerr := strconv.Atoi(s); nerr == nil {
				d, err = time.Duration(n)*time.Second, nil
			}
		}
		if err != nil {
			v.Add("time_limit", "portfolio.error.time_limit", "max", int(portfolio.MaxTimeLimit.Seconds()))
		}
		req.TimeLimit = d
	}
	if s := q.Get("frontier"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil {
			v.Add("frontier", "portfolio.error.frontier", "max", portfolio.MaxFrontier)
		}
		req.Frontier = n
	}
	req.Explain = q.Get("explain") == "true" || q.Get("explain") == "1"
	req.Force, req.Forbid = portfolio.ParseIDs(q.Get("force")), portfolio.ParseIDs(q.Get("forbid"))
	return req, v.Err()
}
