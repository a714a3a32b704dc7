package api

import (
	"fmt"
	"net/http"

	"github.com/samstyr/samstyr/internal/errs"
	"github.com/samstyr/samstyr/internal/httpx"
	"github.com/samstyr/samstyr/internal/projects"
)

// A project's plan through the API: activities and milestones and their
// dependencies, and the staffing plan, through the same service as the
// pages (projects.PlanService).
func (s *Server) planRoutes() []Route {
	return []Route{
		{"GET", "/projects/{id}/activities", s.activityList},
		{"POST", "/projects/{id}/activities", s.activityCreate},
		{"PATCH", "/projects/{id}/activities/{aid}", s.activityPatch},
		{"GET", "/projects/{id}/dependencies", s.dependencyList},
		{"POST", "/projects/{id}/dependencies", s.dependencyCreate},
		{"GET", "/projects/{id}/staffing", s.staffingGet},
		{"POST", "/projects/{id}/staffing", s.staffingCreate},
	}
}

// activityID parses the {aid} path value.
func activityID(r *http.Request) (int64, error) {
	var id int64
	v := r.PathValue("aid")
	if _, err := fmt.Sscan(v, &id); err != nil || id <= 0 || fmt.Sprint(id) != v {
		return 0, errs.E(errs.NotFound, "error.not_found")
	}
	return id, nil
}

func (s *Server) activityList(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	pl, err := s.Plan.Plan(r.Context(), httpx.Actor(r.Context()), id)
	if err != nil {
		return err
	}
	return reply(w, http.StatusOK, pl.Activities)
}

func (s *Server) activityCreate(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var in projects.Activity
	if err := decode(r, &in); err != nil {
		return err
	}
	if err := s.Plan.CreateActivity(r.Context(), httpx.Actor(r.Context()), id, &in); err != nil {
		return err
	}
	w.Header().Set("Location", fmt.Sprintf("%s/projects/%d/activities/%d", Prefix, id, in.ID))
	return reply(w, http.StatusCreated, in)
}

func (s *Server) activityPatch(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	aid, err := activityID(r)
	if err != nil {
		return err
	}
	var in projects.ActivityPatch
	if err := decode(r, &in); err != nil {
		return err
	}
	x, err := s.Plan.UpdateActivity(r.Context(), httpx.Actor(r.Context()), id, aid, &in)
	if err != nil {
		return err
	}
	return reply(w, http.StatusOK, x)
}

func (s *Server) dependencyList(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	ds, err := s.Plan.Dependencies(r.Context(), httpx.Actor(r.Context()), id)
	if err != nil {
		return err
	}
	return reply(w, http.StatusOK, ds)
}

// dependencyInput is a new dependency: activity_id waits for
// depends_on_id.
type dependencyInput struct {
	ActivityID  int64 `json:"activity_id"`
	DependsOnID int64 `json:"depends_on_id"`
}

func (s *Server) dependencyCreate(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var in dependencyInput
	if err := decode(r, &in); err != nil {
		return err
	}
	x, err := s.Plan.AddDependency(r.Context(), httpx.Actor(r.Context()), id, in.ActivityID, in.DependsOnID)
	if err != nil {
		return err
	}
	return reply(w, http.StatusCreated, x)
}

func (s *Server) staffingGet(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	st, err := s.Plan.Staffing(r.Context(), httpx.Actor(r.Context()), id)
	if err != nil {
		return err
	}
	return reply(w, http.StatusOK, st)
}

func (s *Server) staffingCreate(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var in projects.StaffLine
	if err := decode(r, &in); err != nil {
		return err
	}
	if err := s.Plan.AddStaffLine(r.Context(), httpx.Actor(r.Context()), id, &in); err != nil {
		return err
	}
	return reply(w, http.StatusCreated, in)
}
