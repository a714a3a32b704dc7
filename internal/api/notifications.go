package api

import (
	"net/http"

	"github.com/samstyr/samstyr/internal/httpx"
)

func (s *Server) notificationRoutes() []Route {
	return []Route{
		{"GET", "/notifications", s.notificationList},
		{"POST", "/notifications/read", s.notificationsRead},
	}
}

func (s *Server) notificationList(w http.ResponseWriter, r *http.Request) error {
	limit, c, err := pageParams(r)
	if err != nil {
		return err
	}
	var before int64
	if c != nil {
		before = c.ID
	}
	page, err := s.Notify.List(r.Context(), httpx.Actor(r.Context()), r.URL.Query().Get("unread") == "true", limit, before)
	if err != nil {
		return err
	}
	return reply(w, http.StatusOK, page)
}

// readInput is the body of POST /notifications/read; no ids marks all.
type readInput struct {
	IDs []int64 `json:"ids"`
}

func (s *Server) notificationsRead(w http.ResponseWriter, r *http.Request) error {
	var in readInput
	if r.ContentLength != 0 {
		if err := decode(r, &in); err != nil {
			return err
		}
	}
	if err := s.Notify.MarkRead(r.Context(), httpx.Actor(r.Context()), in.IDs); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}
