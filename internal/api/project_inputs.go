package api

import (
	"net/http"
	"strconv"

	"github.com/samstyr/samstyr/internal/httpx"
	"github.com/samstyr/samstyr/internal/projects"
)

// Participants' input on a project through the API (issue 12 item 8), the
// same service as the pages.
func (s *Server) projectInputRoutes() []Route {
	return []Route{
		{"GET", "/projects/{id}/inputs", s.pinputList},
		{"POST", "/projects/{id}/inputs", s.pinputCreate},
		{"GET", "/projects/{id}/inputs/{rid}", s.pinputGet},
		{"POST", "/projects/{id}/inputs/{rid}/move", s.pinputMove},
	}
}

func (s *Server) pinputList(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	ins, _, err := s.Control.Inputs(r.Context(), httpx.Actor(r.Context()), id, projects.InputFilter{Kind: q.Get("kind"), State: q.Get("state")})
	if err != nil {
		return err
	}
	return reply(w, http.StatusOK, ins)
}

func (s *Server) pinputCreate(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var in projects.Input
	if err := decode(r, &in); err != nil {
		return err
	}
	if err := s.Control.CreateInput(r.Context(), httpx.Actor(r.Context()), id, &in); err != nil {
		return err
	}
	w.Header().Set("Location", Prefix+"/projects/"+strconv.FormatInt(id, 10)+"/inputs/"+strconv.FormatInt(in.ID, 10))
	return reply(w, http.StatusCreated, in)
}

func (s *Server) pinputGet(w http.ResponseWriter, r *http.Request) error {
	id, rid, err := ids(r)
	if err != nil {
		return err
	}
	in, _, err := s.Control.Input(r.Context(), httpx.Actor(r.Context()), id, rid)
	if err != nil {
		return err
	}
	return reply(w, http.StatusOK, in)
}

// pinputMoveInput acknowledges, puts before the steering group or refers.
type pinputMoveInput struct {
	To string `json:"to"`
	projects.Referral
}

func (s *Server) pinputMove(w http.ResponseWriter, r *http.Request) error {
	id, rid, err := ids(r)
	if err != nil {
		return err
	}
	var in pinputMoveInput
	if err := decode(r, &in); err != nil {
		return err
	}
	got, err := s.Control.MoveInput(r.Context(), httpx.Actor(r.Context()), id, rid, in.To, in.Referral)
	if err != nil {
		return err
	}
	return reply(w, http.StatusOK, got)
}
