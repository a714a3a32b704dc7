package api

import (
	"net/http"
	"strconv"

	"github.com/samstyr/samstyr/internal/errs"
	"github.com/samstyr/samstyr/internal/httpx"
	"github.com/samstyr/samstyr/internal/policy"
	"github.com/samstyr/samstyr/internal/portfolio"
)

// The roadmap (veikart) through the API: the same service as /roadmap and
// /roadmap/manage.
func (s *Server) roadmapRoutes() []Route {
	return []Route{
		{"GET", "/roadmap", s.roadmapGet},
		{"GET", "/roadmap/versions", s.roadmapVersions},
		{"POST", "/roadmap/versions", s.roadmapFreeze},
		{"POST", "/roadmap/initiatives", s.initiativeCreate},
		{"PUT", "/roadmap/initiatives/{id}", s.initiativeUpdate},
	}
}

// roadmapGet answers the current roadmap, or with ?version=N that frozen
// version (a version not endorsed only for its readers).
func (s *Server) roadmapGet(w http.ResponseWriter, r *http.Request) error {
	a := httpx.Actor(r.Context())
	if q := r.URL.Query().Get("version"); q != "" {
		n, err := strconv.ParseInt(q, 10, 64)
		if err != nil || n <= 0 {
			return errs.InvalidField("version", "roadmap.error.version_not_found")
		}
		v, err := s.Portfolio.RoadmapVersion(r.Context(), a, n)
		if err != nil {
			return err
		}
		return reply(w, http.StatusOK, v)
	}
	ins, err := s.Portfolio.Roadmap(r.Context(), a)
	if err != nil {
		return err
	}
	return reply(w, http.StatusOK, map[string]any{"initiatives": ins})
}

func (s *Server) roadmapVersions(w http.ResponseWriter, r *http.Request) error {
	vs, err := s.Portfolio.RoadmapVersions(r.Context(), httpx.Actor(r.Context()))
	if err != nil {
		return err
	}
	return reply(w, http.StatusOK, vs)
}

func (s *Server) roadmapFreeze(w http.ResponseWriter, r *http.Request) error {
	a := httpx.Actor(r.Context())
	if err := policy.Check(a, policy.RoadmapEdit, policy.Resource{}); err != nil {
		return err
	}
	var in struct {
		Title string `json:"title"`
	}
	if err := decode(r, &in); err != nil {
		return err
	}
	v, err := s.Portfolio.FreezeRoadmap(r.Context(), a, in.Title)
	if err != nil {
		return err
	}
	w.Header().Set("Location", Prefix+"/roadmap?version="+strconv.FormatInt(v.Number, 10))
	return reply(w, http.StatusCreated, v)
}

// initiativeBody is an initiative in a request body.
type initiativeBody struct {
	Title       string  `json:"title"`
	Description string  `json:"description"`
	Area        string  `json:"area"`
	ActorID     int64   `json:"actor_id"`
	Start       string  `json:"start"`
	End         string  `json:"end"`
	ForecastEnd string  `json:"forecast_end"`
	Status      string  `json:"status"`
	ProjectID   int64   `json:"project_id"`
	DependsOn   []int64 `json:"depends_on"`
	Standards   []int64 `json:"standards"`
}

func (b initiativeBody) input() portfolio.InitiativeInput {
	return portfolio.InitiativeInput{Title: b.Title, Description: b.Description, Area: b.Area, ActorID: b.ActorID, Start: b.Start, End: b.End,
		ForecastEnd: b.ForecastEnd, Status: b.Status, ProjectID: b.ProjectID, DependsOn: b.DependsOn, Standards: b.Standards}
}

func (s *Server) initiativeCreate(w http.ResponseWriter, r *http.Request) error {
	a := httpx.Actor(r.Context())
	if err := policy.Check(a, policy.RoadmapEdit, policy.Resource{}); err != nil {
		return err
	}
	var b initiativeBody
	if err := decode(r, &b); err != nil {
		return err
	}
	in, err := s.Portfolio.CreateInitiative(r.Context(), a, b.input())
	if err != nil {
		return err
	}
	w.Header().Set("Location", Prefix+"/roadmap#initiative-"+strconv.FormatInt(in.ID, 10))
	return reply(w, http.StatusCreated, in)
}

func (s *Server) initiativeUpdate(w http.ResponseWriter, r *http.Request) error {
	a := httpx.Actor(r.Context())
	if err := policy.Check(a, policy.RoadmapEdit, policy.Resource{}); err != nil {
		return err
	}
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var b initiativeBody
	if err := decode(r, &b); err != nil {
		return err
	}
	in, err := s.Portfolio.UpdateInitiative(r.Context(), a, id, b.input())
	if err != nil {
		return err
	}
	return reply(w, http.StatusOK, in)
}
