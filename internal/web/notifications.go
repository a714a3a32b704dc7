package web

import (
	"net/http"
	"strconv"

	"github.com/samstyr/samstyr/internal/httpx"
	"github.com/samstyr/samstyr/internal/listing"
	"github.com/samstyr/samstyr/internal/notify"
)

func (s *Server) registerNotificationRoutes(mux *http.ServeMux) {
	s.route(mux, "GET /account/notifications", signedIn, s.notificationList)
	s.route(mux, "POST /account/notifications/read", signedIn, s.notificationsRead)
}

type notificationsPage struct {
	basePage
	Items []*notify.Notification
	Next  string
}

func (s *Server) notificationList(w http.ResponseWriter, r *http.Request) error {
	c, err := listing.DecodeCursor(r.URL.Query().Get("cursor"))
	if err != nil {
		return err
	}
	var before int64
	if c != nil {
		before = c.ID
	}
	page, err := s.Notify.List(r.Context(), httpx.Actor(r.Context()), false, 50, before)
	if err != nil {
		return err
	}
	data := notificationsPage{basePage: s.base(w, r, "notifications.title"), Items: page.Items}
	if page.Next != "" {
		data.Next = "cursor=" + page.Next
	}
	s.render(w, r, http.StatusOK, "notifications", data)
	return nil
}

func (s *Server) notificationsRead(w http.ResponseWriter, r *http.Request) error {
	var ids []int64
	if err := r.ParseForm(); err != nil {
		return err
	}
	for _, v := range r.PostForm["id"] {
		if id, err := strconv.ParseInt(v, 10, 64); err == nil {
			ids = append(ids, id)
		}
	}
	if err := s.Notify.MarkRead(r.Context(), httpx.Actor(r.Context()), ids); err != nil {
		return err
	}
	s.redirect(w, r, "/account/notifications", "flash.notifications_read")
	return nil
}
