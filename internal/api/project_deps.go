package api

import (
	"fmt"
	"net/http"
	"strconv"

	"github.com/samstyr/samstyr/internal/errs"
	"github.com/samstyr/samstyr/internal/httpx"
	"github.com/samstyr/samstyr/internal/projects"
)

// Cross-project dependencies through the API: the portfolio-wide view, the
// register of national components and a project's dependencies on them
// (projects.PlanService, as the pages).
func (s *Server) depsRoutes() []Route {
	return []Route{
		{"GET", "/portfolio/dependencies", s.depsView},
		{"GET", "/components", s.componentList},
		{"POST", "/components", s.componentCreate},
		{"PATCH", "/components/{id}", s.componentPatch},
		{"GET", "/projects/{id}/component-dependencies", s.componentDepList},
		{"POST", "/projects/{id}/component-dependencies", s.componentDepCreate},
		{"DELETE", "/projects/{id}/component-dependencies/{did}", s.componentDepDelete},
	}
}

func (s *Server) depsView(w http.ResponseWriter, r *http.Request) error {
	v, err := s.Plan.DependencyView(r.Context(), httpx.Actor(r.Context()))
	if err != nil {
		return err
	}
	return reply(w, http.StatusOK, v)
}

func (s *Server) componentList(w http.ResponseWriter, r *http.Request) error {
	cs, err := s.Plan.Components(r.Context(), httpx.Actor(r.Context()))
	if err != nil {
		return err
	}
	return reply(w, http.StatusOK, cs)
}

func (s *Server) componentCreate(w http.ResponseWriter, r *http.Request) error {
	var in projects.Component
	if err := decode(r, &in); err != nil {
		return err
	}
	if err := s.Plan.CreateComponent(r.Context(), httpx.Actor(r.Context()), &in); err != nil {
		return err
	}
	w.Header().Set("Location", fmt.Sprintf("%s/components/%d", Prefix, in.ID))
	return reply(w, http.StatusCreated, in)
}

func (s *Server) componentPatch(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var in projects.ComponentPatch
	if err := decode(r, &in); err != nil {
		return err
	}
	c, err := s.Plan.UpdateComponent(r.Context(), httpx.Actor(r.Context()), id, &in)
	if err != nil {
		return err
	}
	return reply(w, http.StatusOK, c)
}

func (s *Server) componentDepList(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	ds, err := s.Plan.ComponentDeps(r.Context(), httpx.Actor(r.Context()), id)
	if err != nil {
		return err
	}
	return reply(w, http.StatusOK, ds)
}

func (s *Server) componentDepCreate(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var in projects.ComponentDep
	if err := decode(r, &in); err != nil {
		return err
	}
	if err := s.Plan.AddComponentDep(r.Context(), httpx.Actor(r.Context()), id, &in); err != nil {
		return err
	}
	return reply(w, http.StatusCreated, in)
}

func (s *Server) componentDepDelete(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	did, err := strconv.ParseInt(r.PathValue("did"), 10, 64)
	if err != nil || did <= 0 {
		return errs.E(errs.NotFound, "error.not_found")
	}
	if err := s.Plan.RemoveComponentDep(r.Context(), httpx.Actor(r.Context()), id, did); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}
