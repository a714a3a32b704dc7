package web

import (
	"net/http"
	"strconv"

	"github.com/samstyr/samstyr/internal/audit"
	"github.com/samstyr/samstyr/internal/httpx"
	"github.com/samstyr/samstyr/internal/listing"
)

func (s *Server) registerAuditRoutes(mux *http.ServeMux) {
	s.route(mux, "GET /audit", signedIn, s.auditList)
	s.route(mux, "GET /audit/verify", signedIn, s.auditVerify)
	s.route(mux, "GET /audit/{type}/{id}", signedIn, s.auditItem)
}

type auditListPage struct {
	basePage
	Events []*audit.Event
	Filter audit.Filter
	Next   string
	Item   bool
}

func (s *Server) auditList(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	f := audit.Filter{ObjectType: q.Get("type"), Action: q.Get("action")}
	if v := q.Get("actor"); v != "" {
		f.ActorID, _ = strconv.ParseInt(v, 10, 64)
	}
	return s.renderAudit(w, r, f, "audit.title", false)
}

func (s *Server) auditItem(w http.ResponseWriter, r *http.Request) error {
	f := audit.Filter{ObjectType: r.PathValue("type"), ObjectID: r.PathValue("id")}
	return s.renderAudit(w, r, f, "audit.item_title", true)
}

func (s *Server) renderAudit(w http.ResponseWriter, r *http.Request, f audit.Filter, title string, item bool) error {
	c, err := listing.DecodeCursor(r.URL.Query().Get("cursor"))
	if err != nil {
		return err
	}
	if c != nil {
		f.Before = c.ID
	}
	page, err := s.Audit.List(r.Context(), httpx.Actor(r.Context()), f)
	if err != nil {
		return err
	}
	data := auditListPage{basePage: s.base(w, r, title), Events: page.Items, Filter: f, Item: item}
	if item {
		data.Title = data.T(title, "type", f.ObjectType, "id", f.ObjectID)
	}
	if page.Next != "" {
		q := r.URL.Query()
		q.Set("cursor", page.Next)
		data.Next = q.Encode()
	}
	s.render(w, r, http.StatusOK, "audit/list", data)
	return nil
}

type auditVerifyPage struct {
	basePage
	Result audit.Result
}

func (s *Server) auditVerify(w http.ResponseWriter, r *http.Request) error {
	res, err := s.Audit.Verify(r.Context(), httpx.Actor(r.Context()))
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "audit/verify", auditVerifyPage{basePage: s.base(w, r, "audit.verify_title"), Result: res})
	return nil
}
