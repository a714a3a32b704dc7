package web

import (
	"net/http"
	"sort"
	"strconv"
	"strings"

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
	Events  []*audit.Event
	Filter  audit.Filter
	Next    string
	Item    bool
	Actions []auditOption // the filter's choices, in the page's language
	Types   []auditOption
}

// auditOption is one choice of the log's filter: a code and its text.
type auditOption struct{ Code, Text string }

// auditOptions lists the codes the catalogue has a text for under prefix
// (audit.action. or audit.type.), sorted by text.
func (s *Server) auditOptions(p basePage, prefix string) []auditOption {
	var out []auditOption
	seen := map[string]bool{}
	for _, k := range s.Catalog.Keys(p.Lang) {
		code, ok := strings.CutPrefix(k, prefix)
		if !ok || code == "other" {
			continue
		}
		text := p.T(k)
		if seen[text] {
			text += " (" + p.T("audit.type."+strings.SplitN(code, ".", 2)[0]) + ")"
		}
		seen[text] = true
		out = append(out, auditOption{Code: code, Text: text})
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Text < out[j].Text })
	return out
}

// ActionText returns what an event did, in the page's language.
func (p auditListPage) ActionText(e *audit.Event) string {
	if p.P.Has("audit.action." + e.Action) {
		return p.T("audit.action." + e.Action)
	}
	return p.T("audit.action.other")
}

// TypeText returns the name of a kind of object in the page's language.
func (p auditListPage) TypeText(typ string) string {
	if p.P.Has("audit.type." + typ) {
		return p.T("audit.type." + typ)
	}
	return p.T("audit.type.other")
}

// ObjectText names the object of an event: its kind and its name (people
// and organisations) or number.
func (p auditListPage) ObjectText(e *audit.Event) string {
	if e.ObjectName != "" {
		return p.T("audit.object_named", "type", p.TypeText(e.ObjectType), "name", e.ObjectName)
	}
	return p.T("audit.object_numbered", "type", p.TypeText(e.ObjectType), "id", e.ObjectID)
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
	data.Actions, data.Types = s.auditOptions(data.basePage, "audit.action."), s.auditOptions(data.basePage, "audit.type.")
	if item {
		object := &audit.Event{ObjectType: f.ObjectType, ObjectID: f.ObjectID}
		if len(page.Items) > 0 {
			object = page.Items[0]
		}
		data.Title = data.T(title, "object", data.ObjectText(object))
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
