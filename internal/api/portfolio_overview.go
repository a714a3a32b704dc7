package api

import (
	"net/http"
	"net/url"
	"strconv"

	"github.com/samstyr/samstyr/internal/errs"
	"github.com/samstyr/samstyr/internal/httpx"
	"github.com/samstyr/samstyr/internal/policy"
	"github.com/samstyr/samstyr/internal/portfolio"
)

// The portfolio overview and the budget frames through the API: the same
// service as /portfolio/overview and /portfolio/frames.
func (s *Server) portfolioOverviewRoutes() []Route {
	return []Route{
		{"GET", "/portfolio", s.portfolioOverview},
		{"GET", "/portfolio/frames", s.frameList},
		{"POST", "/portfolio/frames", s.frameCreate},
		{"PUT", "/portfolio/frames/{id}", s.frameUpdate},
	}
}

// overviewFilter reads ?kind=&state=&actor_id=&year=&source=&sort=&desc=;
// a year or actor that is not a number is a field error.
func overviewFilter(q url.Values) (portfolio.Filter, error) {
	f := portfolio.Filter{Kind: q.Get("kind"), State: q.Get("state"), Source: q.Get("source"), Sort: q.Get("sort")}
	var v errs.Validation
	for _, p := range []struct {
		name string
		to   *int64
	}{{"actor_id", &f.ActorID}, {"year", &f.Year}} {
		if s := q.Get(p.name); s != "" {
			n, err := strconv.ParseInt(s, 10, 64)
			if err != nil {
				v.Add(p.name, "portfolio.overview.error.filter")
			}
			*p.to = n
		}
	}
	f.Desc = q.Get("desc") == "true" || q.Get("desc") == "1"
	return f, v.Err()
}

func (s *Server) portfolioOverview(w http.ResponseWriter, r *http.Request) error {
	f, err := overviewFilter(r.URL.Query())
	if err != nil {
		return err
	}
	o, err := s.Portfolio.Overview(r.Context(), httpx.Actor(r.Context()), f)
	if err != nil {
		return err
	}
	return reply(w, http.StatusOK, o)
}

func (s *Server) frameList(w http.ResponseWriter, r *http.Request) error {
	fs, err := s.Portfolio.Frames(r.Context(), httpx.Actor(r.Context()))
	if err != nil {
		return err
	}
	return reply(w, http.StatusOK, fs)
}

// frameInput is a frame in a request body.
type frameInput struct {
	Year      int64  `json:"year"`
	Source    string `json:"source"`
	AmountNOK int64  `json:"amount_nok"`
	Note      string `json:"note"`
}

func (s *Server) frameCreate(w http.ResponseWriter, r *http.Request) error {
	a := httpx.Actor(r.Context())
	if err := policy.Check(a, policy.PortfolioFrameEdit, policy.Resource{}); err != nil {
		return err
	}
	var in frameInput
	if err := decode(r, &in); err != nil {
		return err
	}
	f := &portfolio.Frame{Year: in.Year, Source: in.Source, AmountNOK: in.AmountNOK, Note: in.Note}
	if err := s.Portfolio.CreateFrame(r.Context(), a, f); err != nil {
		return err
	}
	w.Header().Set("Location", Prefix+"/portfolio/frames")
	return reply(w, http.StatusCreated, f)
}

// frameUpdate changes a draft frame's amount and note.
func (s *Server) frameUpdate(w http.ResponseWriter, r *http.Request) error {
	a := httpx.Actor(r.Context())
	if err := policy.Check(a, policy.PortfolioFrameEdit, policy.Resource{}); err != nil {
		return err
	}
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var in struct {
		AmountNOK int64  `json:"amount_nok"`
		Note      string `json:"note"`
	}
	if err := decode(r, &in); err != nil {
		return err
	}
	f, err := s.Portfolio.UpdateFrame(r.Context(), a, id, portfolio.FrameInput{Amount: strconv.FormatInt(in.AmountNOK, 10), Note: in.Note})
	if err != nil {
		return err
	}
	return reply(w, http.StatusOK, f)
}
