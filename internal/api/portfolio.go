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

// maxInstance bounds the instance document of an optimisation.
const maxInstance = 16 << 20

func (s *Server) portfolioRoutes() []Route {
	return []Route{{"POST", "/portfolio/optimize", s.portfolioOptimize}}
}

// portfolioOptimize solves the portfolio-instance/v1 document in the body;
// time_limit, frontier, explain, force and forbid come as query parameters.
func (s *Server) portfolioOptimize(w http.ResponseWriter, r *http.Request) error {
	req, err := portfolioRequest(r)
	if err != nil {
		return err
	}
	data, err := io.ReadAll(io.LimitReader(r.Body, maxInstance+1))
	if err != nil {
		return err
	}
	if len(data) > maxInstance {
		return errs.E(errs.TooLarge, "error.body_too_large")
	}
	// Check the caller before parsing, so the public learns nothing.
	if err := s.Portfolio.Authorize(httpx.Actor(r.Context())); err != nil {
		return err
	}
	inst, err := s.Portfolio.Parse(data)
	if err != nil {
		return err
	}
	out, err := s.Portfolio.Optimize(r.Context(), httpx.Actor(r.Context()), inst, req)
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
