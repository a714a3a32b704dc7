package web

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"net/url"
	"path"
	"strings"
	"sync"
	"time"

	"github.com/samstyr/samstyr/internal/audit"
	"github.com/samstyr/samstyr/internal/errs"
	"github.com/samstyr/samstyr/internal/httpx"
	"github.com/samstyr/samstyr/internal/i18n"
	"github.com/samstyr/samstyr/internal/meetings"
	"github.com/samstyr/samstyr/internal/policy"
)

// parseTemplates parses layout and partials once, then each page on a clone
// of them. Every page file becomes one entry named after it ("orgs/list").
func parseTemplates(fsys fs.FS, static string) (map[string]*template.Template, error) {
	funcs := template.FuncMap{
		"static":    func(p string) string { return static + p },
		"isodate":   i18n.ISODate,
		"add":       func(a, b int) int { return a + b },
		"int64":     func(n int) int64 { return int64(n) },
		"kb":        func(n int64) int64 { return (n + 1023) / 1024 },
		"join":      func(xs []string) string { return strings.Join(xs, "\n") },
		"joinComma": func(xs []string) string { return strings.Join(xs, ", ") },
		"joinInts": func(xs []int64, p *i18n.Printer) string {
			out := make([]string, len(xs))
			for i, x := range xs {
				out[i] = p.Int(x)
			}
			return strings.Join(out, " / ")
		},
		"sub":  func(a, b int) int { return a - b },
		"div":  func(a, b int) int { return a / b },
		"list": func(xs ...string) []string { return xs },
		// safeURL passes data: URLs of PNG images made by samstyr itself.
		"safeURL": func(s string) template.URL {
			if strings.HasPrefix(s, "data:image/png;base64,") {
				return template.URL(s)
			}
			return ""
		},
		"query": func(v url.Values) template.URL { return template.URL(v.Encode()) },
		// markdown renders people's Markdown through the sanitiser.
		"markdown": func(s string) template.HTML { return template.HTML(meetings.Markdown(s)) },
		"dtlocal":  dtLocal,
		"diffURL":  diffURL,
		"contains": func(list []string, s string) bool {
			for _, x := range list {
				if x == s {
					return true
				}
			}
			return false
		},
		"dict": func(kv ...any) map[string]any {
			m := map[string]any{}
			for i := 0; i+1 < len(kv); i += 2 {
				m[fmt.Sprint(kv[i])] = kv[i+1]
			}
			return m
		},
	}
	base := template.New("").Funcs(funcs)
	partials, err := fs.Glob(fsys, "templates/partials/*.html")
	if err != nil {
		return nil, err
	}
	files := append([]string{"templates/layout.html"}, partials...)
	if base, err = base.ParseFS(fsys, files...); err != nil {
		return nil, fmt.Errorf("parse layout: %w", err)
	}
	out := map[string]*template.Template{}
	err = fs.WalkDir(fsys, "templates/pages", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".html") {
			return err
		}
		t, err := base.Clone()
		if err != nil {
			return err
		}
		if t, err = t.ParseFS(fsys, p); err != nil {
			return fmt.Errorf("parse %s: %w", p, err)
		}
		name := strings.TrimSuffix(strings.TrimPrefix(p, "templates/pages/"), ".html")
		out[name] = t
		return nil
	})
	return out, err
}

// TemplateNames lists the parsed pages (for the test that renders them all).
func (s *Server) TemplateNames() []string {
	var names []string
	for n := range s.tmpl {
		names = append(names, n)
	}
	return names
}

// navItem is one entry of the main navigation.
type navItem struct {
	Href    string
	Key     string
	Current bool
}

// navGroup is a group of the main navigation: its items, shown behind a
// disclosure button (a group with one item shows as that link).
type navGroup struct {
	Key     string
	Items   []navItem
	Current bool // the current page is under one of its items
}

// basePage is embedded in every page's data: who is looking, in which
// language, the CSRF token, the flash message and the navigation.
type basePage struct {
	P         *i18n.Printer
	Lang      string
	Actor     *policy.Actor
	CSRF      string
	Flash     string
	Path      string
	ReturnTo  string
	Title     string
	Nav       []navItem
	NavGroups []navGroup
	RequestID string
	Languages []string
	Now       time.Time
	Unread    int // unread notifications of the viewer
}

// T translates a key with name, value pairs.
func (b basePage) T(key string, args ...any) string { return b.P.T(key, args...) }

// N translates a plural key for n.
func (b basePage) N(key string, n int64, args ...any) string { return b.P.N(key, n, args...) }

// Int formats a whole number.
func (b basePage) Int(n int64) string { return b.P.Int(n) }

// Date formats a date.
func (b basePage) Date(t time.Time) string { return b.P.Date(t) }

// DateTime formats a time in Europe/Oslo.
func (b basePage) DateTime(t time.Time) string { return b.P.DateTime(t) }

// Percent formats a share as a percentage.
func (b basePage) Percent(f float64) string { return b.P.Percent(f, 1) }

// NOK formats kroner.
func (b basePage) NOK(n int64) string { return b.P.NOK(n) }

// Can reports whether the viewer may take an action (to show or hide links;
// the service checks again).
func (b basePage) Can(act string) bool {
	return policy.Can(b.Actor, policy.Action(act), policy.Resource{})
}

// SignedIn reports whether someone is signed in.
func (b basePage) SignedIn() bool { return b.Actor != nil && b.Actor.PersonID != 0 }

// Has reports whether the viewer holds a role.
func (b basePage) Has(role string) bool { return b.Actor.Has(policy.Role(role)) }

// base builds the basePage of a request.
func (s *Server) base(w http.ResponseWriter, r *http.Request, titleKey string) basePage {
	a := httpx.Actor(r.Context())
	lang := langOf(r)
	b := basePage{
		P: s.Catalog.Printer(lang), Lang: lang, Actor: a, CSRF: s.csrfToken(r), Path: r.URL.Path,
		ReturnTo: r.URL.RequestURI(), RequestID: audit.RequestID(r.Context()), Languages: i18n.Languages, Now: s.now(),
	}
	b.Title = b.P.T(titleKey)
	if a != nil && s.Notify != nil {
		if n, err := s.Notify.Unread(r.Context(), a); err == nil {
			b.Unread = n
		}
	}
	b.Flash = s.takeFlash(w, r, b.P)
	// The current item is the one whose address is the longest start of
	// this page's (so /portfolio/overview is not also /portfolio).
	current, longest := -1, 0
	path := r.URL.Path
	for from, to := range navAliases {
		if path == from || strings.HasPrefix(path, from+"/") {
			path = to
		}
	}
	for _, item := range navItems {
		if item.action == "" || policy.Can(a, item.action, policy.Resource{}) {
			if path == item.href || (item.href != "/" && strings.HasPrefix(path, item.href+"/")) {
				if len(item.href) > longest {
					current, longest = len(b.Nav), len(item.href)
				}
			}
			b.Nav = append(b.Nav, navItem{Href: item.href, Key: item.key})
		}
	}
	if current >= 0 {
		b.Nav[current].Current = true
	}
	b.NavGroups = groupNav(b.Nav)
	return b
}

// navGroups orders the groups of the main navigation and names, by the
// address of an item, the group it belongs to; an item no group names
// goes under "more". The home page stands alone.
var (
	navGroupOrder = []string{"home", "needs", "projects", "portfolio", "governance", "cooperation", "more", "admin"}
	navGroupOf    = map[string]string{
		"/":      "home",
		"/needs": "needs", "/assessment/rounds": "needs",
		"/ideas": "projects", "/directives": "projects", "/projects": "projects", "/account/projects": "projects",
		"/portfolio/overview": "portfolio", "/portfolio": "portfolio", "/roadmap": "portfolio", "/benefits": "portfolio",
		"/portfolio/dependencies": "portfolio", "/portfolio/live": "portfolio", "/portfolio/scenarios": "portfolio",
		"/vendors": "cooperation", "/contacts": "cooperation", "/toolkit": "cooperation", "/news": "cooperation",
		"/bodies": "governance", "/meetings": "governance", "/cases": "governance", "/decisions": "governance", "/forum": "governance",
		"/standards": "cooperation", "/inquiries": "cooperation", "/faq": "cooperation",
		"/organisations": "admin", "/admin/people": "admin", "/audit": "admin",
	}
)

// groupNav puts the items the viewer may see into their groups, in
// order, leaving out empty groups.
func groupNav(items []navItem) []navGroup {
	by := map[string]*navGroup{}
	for _, it := range items {
		k := navGroupOf[it.Href]
		if k == "" {
			k = "more"
		}
		g := by[k]
		if g == nil {
			g = &navGroup{Key: "nav.group." + k}
			by[k] = g
		}
		g.Items = append(g.Items, it)
		g.Current = g.Current || it.Current
	}
	out := make([]navGroup, 0, len(by))
	for _, k := range navGroupOrder {
		if g := by[k]; g != nil {
			out = append(out, *g)
		}
	}
	return out
}

// navAliases are addresses (with the pages under them) that belong under
// another navigation item.
var navAliases = map[string]string{"/conformance": "/standards", "/elections": "/forum", "/inputs": "/forum",
	"/portfolio/frames": "/portfolio/overview", "/portfolio/guidelines": "/portfolio/overview"}

// navItems is the main navigation; an item shows when the viewer may take
// its action. Areas add their items here.
var navItems = []struct {
	href, key string
	action    policy.Action
}{
	{"/", "nav.home", ""},
	{"/bodies", "nav.bodies", policy.BodyList},
	{"/needs", "nav.needs", policy.NeedList},
	{"/assessment/rounds", "nav.rounds", policy.RoundList},
	{"/ideas", "nav.ideas", policy.IdeaList},
	{"/directives", "nav.directives", policy.DirectiveList},
	{"/projects", "nav.projects", policy.ProjectList},
	{"/account/projects", "nav.my_projects", policy.ProjectMine},
	{"/forum", "nav.forum", policy.ForumList},
	{"/toolkit", "nav.toolkit", policy.ToolkitList}, {"/news", "nav.news", policy.NewsList},
	{"/portfolio/overview", "nav.portfolio_overview", policy.PortfolioView},
	{"/benefits", "nav.benefits", policy.BenefitOverview},
	{"/portfolio", "nav.portfolio", policy.PortfolioOptimize},
	{"/roadmap", "nav.roadmap", policy.RoadmapView},
	{"/meetings", "nav.meetings", policy.MeetingList},
	{"/cases", "nav.cases", policy.MeetingList},
	{"/decisions", "nav.decisions", policy.MeetingList},
	{"/organisations", "nav.organisations", policy.OrgList},
	{"/admin/people", "nav.people", policy.PersonList},
	{"/audit", "nav.audit", policy.AuditList},
}

// render executes a page into a buffer first, so a template error becomes a
// clean 500 instead of half a page.
// renderBuffers are the buffers pages are rendered into before they are
// sent (so that a template error still gives a clean error page).
var renderBuffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

func (s *Server) render(w http.ResponseWriter, r *http.Request, status int, name string, data any) {
	t, ok := s.tmpl[name]
	if !ok {
		s.Log.Error("unknown template", "name", name)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	buf := renderBuffers.Get().(*bytes.Buffer)
	defer func() {
		if buf.Cap() <= 1<<20 { // a rare huge page is not kept
			buf.Reset()
			renderBuffers.Put(buf)
		}
	}()
	err := t.ExecuteTemplate(buf, "layout", data)
	if err == nil && bytes.Contains(buf.Bytes(), []byte(`id="error-summary"`)) {
		// Again, now that the fields have recorded their labels for the
		// error summary above them.
		buf.Reset()
		err = t.ExecuteTemplate(buf, "layout", data)
	}
	if err != nil {
		s.Log.Error("render", "template", name, "err", err, "request_id", audit.RequestID(r.Context()))
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_, _ = w.Write(buf.Bytes())
}

// errorPage is the data of the error page.
type errorPage struct {
	basePage
	Status  int
	Message string
	Detail  string
}

// statusOf maps error codes to HTTP statuses for pages (one table).
var statusOf = map[errs.Code]int{
	errs.Invalid:         http.StatusUnprocessableEntity,
	errs.NotFound:        http.StatusNotFound,
	errs.Conflict:        http.StatusConflict,
	errs.Unauthenticated: http.StatusUnauthorized,
	errs.Forbidden:       http.StatusForbidden,
	errs.TooMany:         http.StatusTooManyRequests,
	errs.TooLarge:        http.StatusRequestEntityTooLarge,
	errs.Unavailable:     http.StatusServiceUnavailable,
	errs.Internal:        http.StatusInternalServerError,
}

// handle adapts a handler that returns an error: an Unauthenticated error
// sends the person to sign in; others render the error page.
func (s *Server) handle(h func(w http.ResponseWriter, r *http.Request) error) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if err := h(w, r); err != nil {
			s.fail(w, r, err)
		}
	}
}

// fail renders err as the error page with the status of its code.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, err error) {
	code := errs.CodeOf(err)
	if code == errs.Unauthenticated && (r.Method == http.MethodGet || r.Method == http.MethodHead) {
		http.Redirect(w, r, "/login?return="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
		return
	}
	s.showError(w, r, err)
}

// recordRefusal writes a refused request (403) to the audit log, at most
// once a minute per person and route (audit.Service.Refused).
func (s *Server) recordRefusal(r *http.Request) {
	if s.Audit == nil {
		return
	}
	route := r.Pattern
	if route == "" {
		route = r.Method + " " + r.URL.Path
	}
	if _, err := s.Audit.Refused(r.Context(), httpx.Actor(r.Context()).ID(), route); err != nil {
		s.Log.Warn("recording a refusal", "err", err, "route", route)
	}
}

// showError renders err as the error page with the status of its code,
// without sending people to sign in.
func (s *Server) showError(w http.ResponseWriter, r *http.Request, err error) {
	if errors.Is(err, context.Canceled) && r.Context().Err() != nil {
		// The person left (another click, a closed tab): nobody reads an
		// answer, and it is no error of ours.
		s.Log.Debug("request cancelled by the client", "path", r.URL.Path)
		return
	}
	code := errs.CodeOf(err)
	status := statusOf[code]
	if code == errs.Forbidden {
		s.recordRefusal(r)
	}
	data := errorPage{basePage: s.base(w, r, "error.title"), Status: status}
	if code == errs.Unavailable {
		s.Log.Warn("unavailable", "err", err, "request_id", data.RequestID, "path", r.URL.Path)
		data.Message = data.P.T("error.unavailable")
		w.Header().Set("Retry-After", fmt.Sprint(retryAfter(err)))
	} else if e := errs.As(err); e != nil && code != errs.Internal {
		data.Message = data.P.TMap(e.Key, e.Args)
		if e.RetryAfter > 0 {
			w.Header().Set("Retry-After", fmt.Sprint(e.RetryAfter))
		}
	} else {
		s.Log.Error("internal error", "err", err, "request_id", data.RequestID, "path", r.URL.Path)
		data.Message = data.P.T("error.internal", "id", data.RequestID)
		if s.Dev {
			data.Detail = err.Error()
		}
	}
	data.Title = data.P.T(fmt.Sprintf("error.status.%d", status))
	s.render(w, r, status, "error", data)
}

// retryAfter returns the seconds an Unavailable error asks to wait.
func retryAfter(err error) int {
	if e := errs.As(err); e != nil && e.RetryAfter > 0 {
		return e.RetryAfter
	}
	return errs.RetryUnavailable
}

// redirect answers a successful form with 303 and a flash message.
func (s *Server) redirect(w http.ResponseWriter, r *http.Request, to, flashKey string) {
	if flashKey != "" {
		s.setFlash(w, r, flashKey)
	}
	http.Redirect(w, r, to, http.StatusSeeOther)
}

// formErrors is the field errors of a form, translated, in order.
type formErrors struct {
	List   []fieldMessage
	byName map[string]string
	// labels are the fields' labels, recorded by the form partials as they
	// render, so that the error summary names each field (render runs a
	// page with errors twice: the summary comes before the fields).
	labels map[string]string
}

// Label records the label of a field for the error summary; it returns ""
// so that templates can call it inline.
func (f formErrors) Label(field, label string) string {
	if f.labels != nil {
		f.labels[field] = label
	}
	return ""
}

// Named returns the label recorded for a field, or "".
func (f formErrors) Named(field string) string { return f.labels[field] }

type fieldMessage struct {
	Field   string
	Message string
}

// Err returns the message of a field, or "".
func (f formErrors) Err(field string) string { return f.byName[field] }

// Any reports whether there are errors.
func (f formErrors) Any() bool { return len(f.List) > 0 }

// fieldErrors translates an Invalid error's fields; other errors give a
// form-wide message under the field "".
func fieldErrors(p *i18n.Printer, err error) formErrors {
	fe := formErrors{byName: map[string]string{}, labels: map[string]string{}}
	e := errs.As(err)
	if e == nil {
		return fe
	}
	for _, f := range e.Fields {
		msg := p.TMap(f.Key, f.Args)
		if _, dup := fe.byName[f.Field]; !dup {
			fe.byName[f.Field] = msg
			fe.List = append(fe.List, fieldMessage{Field: f.Field, Message: msg})
		}
	}
	if len(e.Fields) == 0 {
		fe.List = append(fe.List, fieldMessage{Message: p.TMap(e.Key, e.Args)})
	}
	return fe
}

// isFormError reports whether err should re-render the form (422) rather
// than the error page.
func isFormError(err error) bool {
	switch errs.CodeOf(err) {
	case errs.Invalid, errs.Conflict, errs.TooMany:
		return errs.As(err) != nil
	}
	return false
}

// pathID parses a numeric path value; a malformed one is NotFound.
func pathID(r *http.Request, name string) (int64, error) {
	var id int64
	v := r.PathValue(name)
	if _, err := fmt.Sscan(v, &id); err != nil || id <= 0 || fmt.Sprint(id) != v {
		return 0, errs.E(errs.NotFound, "error.not_found")
	}
	return id, nil
}

// cleanPath joins path elements (used in return links).
func cleanPath(p string) string { return path.Clean("/" + p) }
