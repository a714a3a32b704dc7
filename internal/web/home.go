package web

import (
	"net/http"

	"github.com/samstyr/samstyr/internal/errs"
	"github.com/samstyr/samstyr/internal/governance"
	"github.com/samstyr/samstyr/internal/httpx"
)

var errNotFound = errs.E(errs.NotFound, "error.page_not_found")

type homePage struct {
	basePage
	Memberships []*governance.Membership
}

func (s *Server) home(w http.ResponseWriter, r *http.Request) error {
	data := homePage{basePage: s.base(w, r, "home.title")}
	if a := httpx.Actor(r.Context()); a != nil {
		ms, err := s.Gov.MyMemberships(r.Context(), a)
		if err != nil {
			return err
		}
		for _, m := range ms {
			if m.Current(s.now()) {
				data.Memberships = append(data.Memberships, m)
			}
		}
	}
	s.render(w, r, http.StatusOK, "home", data)
	return nil
}
