package api

import (
	"net/http"

	"github.com/samstyr/samstyr/internal/httpx"
	"github.com/samstyr/samstyr/internal/meetings"
	"github.com/samstyr/samstyr/internal/needs"
)

func (s *Server) homeRoutes() []Route {
	return []Route{
		{"GET", "/me/tasks", s.myTasks},
		{"GET", "/decisions", s.decisionList},
	}
}

// tasks is the answer of GET /me/tasks: the home page's lists, each from
// the service that owns it.
type tasks struct {
	Needs    *needs.Tasks    `json:"needs"`
	Meetings *meetings.Tasks `json:"meetings"`
}

func (s *Server) myTasks(w http.ResponseWriter, r *http.Request) error {
	a := httpx.Actor(r.Context())
	var out tasks
	var err error
	if out.Needs, err = s.Needs.Tasks(r.Context(), a); err != nil {
		return err
	}
	if out.Meetings, err = s.Meetings.Tasks(r.Context(), a); err != nil {
		return err
	}
	return reply(w, http.StatusOK, out)
}

func (s *Server) decisionList(w http.ResponseWriter, r *http.Request) error {
	limit, _, err := pageParams(r)
	if err != nil {
		return err
	}
	f, err := meetings.ParseDecisionFilter(r.URL.Query())
	if err != nil {
		return err
	}
	f.Limit = limit
	page, err := s.Meetings.Decisions(r.Context(), httpx.Actor(r.Context()), f)
	if err != nil {
		return err
	}
	return reply(w, http.StatusOK, page)
}
