package web

import (
	"net/http"
	"net/url"

	"github.com/samstyr/samstyr/internal/governance"
	"github.com/samstyr/samstyr/internal/httpx"
	"github.com/samstyr/samstyr/internal/meetings"
)

func (s *Server) registerDecisionRoutes(mux *http.ServeMux) {
	s.route(mux, "GET /decisions", public, s.decisionList)
}

// decisionListPage is the decisions register: decisions across bodies,
// filtered by body and year, each linking to its case and meeting.
type decisionListPage struct {
	basePage
	Bodies []*governance.Body
	Filter meetings.DecisionFilter
	Cases  []*meetings.Case
	Next   string
}

func (s *Server) decisionList(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	a := httpx.Actor(r.Context())
	f, err := meetings.ParseDecisionFilter(q)
	if err != nil {
		return err
	}
	page, err := s.Meetings.Decisions(r.Context(), a, f)
	if err != nil {
		return err
	}
	data := decisionListPage{basePage: s.base(w, r, "decisions.title"), Filter: f, Cases: page.Items}
	if data.Bodies, err = s.Gov.Bodies(r.Context(), a); err != nil {
		return err
	}
	if page.Next != "" {
		data.Next = url.Values{"body": {q.Get("body")}, "year": {q.Get("year")}, "cursor": {page.Next}}.Encode()
	}
	s.render(w, r, http.StatusOK, "decisions/list", data)
	return nil
}
