package web

import (
	"net/http"

	"github.com/samstyr/samstyr/internal/governance"
	"github.com/samstyr/samstyr/internal/httpx"
)

func (s *Server) registerBodyRoutes(mux *http.ServeMux) {
	s.route(mux, "GET /bodies", public, s.bodyList)
	s.route(mux, "GET /bodies/{id}", public, s.bodyShow)
}

type bodyListPage struct {
	basePage
	Bodies []*governance.Body
}

func (s *Server) bodyList(w http.ResponseWriter, r *http.Request) error {
	bs, err := s.Gov.Bodies(r.Context(), httpx.Actor(r.Context()))
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "bodies/list", bodyListPage{basePage: s.base(w, r, "bodies.title"), Bodies: bs})
	return nil
}

type bodyShowPage struct {
	basePage
	Body    *governance.Body
	Parent  *governance.Body
	Current []*governance.Membership
	History []*governance.Membership
}

func (s *Server) bodyShow(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	a := httpx.Actor(r.Context())
	b, err := s.Gov.Body(r.Context(), a, id)
	if err != nil {
		return err
	}
	all, err := s.Gov.Members(r.Context(), a, id, false)
	if err != nil {
		return err
	}
	data := bodyShowPage{basePage: s.base(w, r, "bodies.title"), Body: b}
	data.Title = b.Name(data.Lang)
	if b.ParentID != 0 {
		if data.Parent, err = s.Gov.Body(r.Context(), a, b.ParentID); err != nil {
			return err
		}
	}
	for _, m := range all {
		if m.Current(s.now()) {
			data.Current = append(data.Current, m)
		} else {
			data.History = append(data.History, m)
		}
	}
	s.render(w, r, http.StatusOK, "bodies/show", data)
	return nil
}
