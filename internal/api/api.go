// Package api serves samstyr's JSON API under /api/v1. It calls the same
// services as the pages, so the same policy applies; it authenticates with
// API tokens (Authorization: Bearer sst_…), answers lists as
// {"items": […], "next_cursor": "…"} and errors as RFC 9457 problem+json.
package api

import (
	"context"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strconv"
	"strings"

	"github.com/samstyr/samstyr/internal/audit"
	"github.com/samstyr/samstyr/internal/auth"
	"github.com/samstyr/samstyr/internal/benefits"
	"github.com/samstyr/samstyr/internal/catalog"
	"github.com/samstyr/samstyr/internal/directives"
	"github.com/samstyr/samstyr/internal/errs"
	"github.com/samstyr/samstyr/internal/forum"
	"github.com/samstyr/samstyr/internal/governance"
	"github.com/samstyr/samstyr/internal/httpx"
	"github.com/samstyr/samstyr/internal/i18n"
	"github.com/samstyr/samstyr/internal/meetings"
	"github.com/samstyr/samstyr/internal/needs"
	"github.com/samstyr/samstyr/internal/notify"
	"github.com/samstyr/samstyr/internal/org"
	"github.com/samstyr/samstyr/internal/portfolio"
	"github.com/samstyr/samstyr/internal/projects"
	"github.com/samstyr/samstyr/internal/stakeholders"
	"github.com/samstyr/samstyr/internal/toolkit"
)

// Prefix is where the API lives.
const Prefix = "/api/v1"

// maxBody bounds JSON request bodies.
const maxBody = 1 << 20

//go:embed openapi
var openapiFS embed.FS

// Deps are the services the API calls.
type Deps struct {
	Log        *slog.Logger
	Auth       *auth.Service
	Orgs       *org.Service
	Gov        *governance.Service
	Audit      *audit.Service
	Needs      *needs.Service
	Directives *directives.Service
	Plan       *projects.PlanService
	Control    *projects.ControlService
	Forum      *forum.Service
	Inquiries  *stakeholders.Service
	Standards  *catalog.Service
	Benefits   *benefits.Service
	Toolkit    *toolkit.Service
	Notify     *notify.Service
	Portfolio  *portfolio.Service
	Catalog    *i18n.Catalog
	Meetings   *meetings.Service
}

// Server holds the API handlers.
type Server struct {
	Deps
	routes  []Route
	encoded encodedPages
}

// Route is one API route, for registration and for the test that compares
// the routes with the OpenAPI document.
type Route struct {
	Method  string
	Path    string
	Handler func(w http.ResponseWriter, r *http.Request) error
}

// New returns the API server.
func New(d Deps) *Server {
	if d.Log == nil {
		d.Log = slog.New(slog.DiscardHandler)
	}
	s := &Server{Deps: d}
	s.routes = []Route{
		{"GET", "/openapi.json", s.openapi},
		{"GET", "/me", s.me},
	}
	s.routes = append(s.routes, s.orgRoutes()...)
	s.routes = append(s.routes, s.bodyRoutes()...)
	s.routes = append(s.routes, s.meetingRoutes()...)
	s.routes = append(s.routes, s.homeRoutes()...)
	s.routes = append(s.routes, s.peopleRoutes()...)
	s.routes = append(s.routes, s.auditRoutes()...)
	s.routes = append(s.routes, s.needRoutes()...)
	s.routes = append(s.routes, s.assessmentRoutes()...)
	s.routes = append(s.routes, s.notificationRoutes()...)
	s.routes = append(s.routes, s.portfolioRoutes()...)
	s.routes = append(s.routes, s.directiveRoutes()...)
	s.routes = append(s.routes, s.directiveDocRoutes()...)
	s.routes = append(s.routes, s.planRoutes()...)
	s.routes = append(s.routes, s.depsRoutes()...)
	s.routes = append(s.routes, s.controlRoutes()...)
	s.routes = append(s.routes, s.closureRoutes()...)
	s.routes = append(s.routes, s.projectInputRoutes()...)
	s.routes = append(s.routes, s.forumRoutes()...)
	s.routes = append(s.routes, s.inquiryRoutes()...)
	s.routes = append(s.routes, s.catalogRoutes()...)
	s.routes = append(s.routes, s.benefitRoutes()...)
	s.routes = append(s.routes, s.toolkitRoutes()...)
	return s
}

// Routes returns every API route.
func (s *Server) Routes() []Route { return s.routes }

// publicWrites lists the routes that change something and that the public
// may call without a token ("METHOD /path"); every other POST, PUT or
// DELETE answers 401 to a caller without one before its body is read.
var publicWrites = map[string]bool{}

// Register adds the API routes to mux, each behind token authentication.
func (s *Server) Register(mux *http.ServeMux) {
	for _, rt := range s.routes {
		h := s.handle(rt.Handler)
		if rt.Method != http.MethodGet && !publicWrites[rt.Method+" "+rt.Path] {
			h = s.requireToken(h)
		}
		mux.Handle(rt.Method+" "+Prefix+rt.Path, s.authenticate(h))
	}
	mux.Handle(Prefix+"/", s.authenticate(s.handle(func(w http.ResponseWriter, r *http.Request) error {
		return errs.E(errs.NotFound, "error.not_found")
	})))
}

// authenticate reads a bearer token. Without one the request goes on as
// the public; a bad one is refused with 401.
func (s *Server) authenticate(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := r.Header.Get("Authorization")
		if h == "" {
			next.ServeHTTP(w, r)
			return
		}
		raw, ok := strings.CutPrefix(h, "Bearer ")
		if !ok {
			s.problem(w, r, errs.E(errs.Unauthenticated, "auth.error.token"))
			return
		}
		a, err := s.Auth.AuthenticateToken(r.Context(), strings.TrimSpace(raw))
		if err != nil {
			s.problem(w, r, err)
			return
		}
		next.ServeHTTP(w, r.WithContext(httpx.WithActor(r.Context(), a)))
	})
}

// requireToken answers 401 to the public before the body is read: who asks
// is known before what is asked (permission before fields).
func (s *Server) requireToken(next http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if httpx.Actor(r.Context()) == nil {
			s.problem(w, r, errs.E(errs.Unauthenticated, "error.unauthenticated"))
			return
		}
		next(w, r)
	}
}

func (s *Server) handle(h func(w http.ResponseWriter, r *http.Request) error) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if err := h(w, r); err != nil {
			s.problem(w, r, err)
		}
	}
}

// statusOf maps error codes to HTTP statuses for the API (one table).
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

// Problem is an RFC 9457 problem details object.
type Problem struct {
	Type      string         `json:"type"`
	Title     string         `json:"title"`
	Status    int            `json:"status"`
	Detail    string         `json:"detail,omitempty"`
	Instance  string         `json:"instance,omitempty"`
	Code      string         `json:"code"`
	RequestID string         `json:"request_id,omitempty"`
	Errors    []ProblemField `json:"errors,omitempty"`
}

// ProblemField is one failing input field of a 422 answer.
type ProblemField struct {
	Field   string `json:"field"`
	Code    string `json:"code"`
	Message string `json:"message"`
}

// printer picks the language: the actor's, else Accept-Language.
func (s *Server) printer(r *http.Request) *i18n.Printer {
	if a := httpx.Actor(r.Context()); a != nil && a.Locale != "" {
		return s.Catalog.Printer(a.Locale)
	}
	return s.Catalog.Printer(i18n.Match(r.Header.Get("Accept-Language")))
}

// problem writes err as problem+json.
func (s *Server) problem(w http.ResponseWriter, r *http.Request, err error) {
	if errors.Is(err, context.Canceled) && r.Context().Err() != nil {
		s.Log.Debug("request cancelled by the client", "path", r.URL.Path)
		return // the caller has gone
	}
	code := errs.CodeOf(err)
	status := statusOf[code]
	if code == errs.Forbidden && s.Audit != nil {
		route := r.Pattern
		if route == "" {
			route = r.Method + " " + r.URL.Path
		}
		if _, err := s.Audit.Refused(r.Context(), httpx.Actor(r.Context()).ID(), route); err != nil {
			s.Log.Warn("recording a refusal", "err", err, "route", route)
		}
	}
	p := s.printer(r)
	pr := Problem{Type: "about:blank", Title: http.StatusText(status), Status: status, Code: string(code),
		Instance: r.URL.Path, RequestID: audit.RequestID(r.Context())}
	if code == errs.Unavailable {
		s.Log.Warn("unavailable", "err", err, "request_id", pr.RequestID, "path", r.URL.Path)
		pr.Detail = p.T("error.unavailable")
		ra := errs.RetryUnavailable
		if e := errs.As(err); e != nil && e.RetryAfter > 0 {
			ra = e.RetryAfter
		}
		w.Header().Set("Retry-After", strconv.Itoa(ra))
	} else if e := errs.As(err); e != nil && code != errs.Internal {
		pr.Detail = p.TMap(e.Key, e.Args)
		for _, f := range e.Fields {
			pr.Errors = append(pr.Errors, ProblemField{Field: f.Field, Code: f.Key, Message: p.TMap(f.Key, f.Args)})
		}
		if e.RetryAfter > 0 {
			w.Header().Set("Retry-After", strconv.Itoa(e.RetryAfter))
		}
	} else {
		s.Log.Error("internal error", "err", err, "request_id", pr.RequestID, "path", r.URL.Path)
		pr.Detail = p.T("error.internal", "id", pr.RequestID)
	}
	if status == http.StatusUnauthorized {
		w.Header().Set("WWW-Authenticate", `Bearer realm="samstyr"`)
	}
	w.Header().Set("Content-Type", "application/problem+json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(pr)
}

// reply writes v as JSON with the status.
func reply(w http.ResponseWriter, status int, v any) error {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	return json.NewEncoder(w).Encode(v)
}

// decode reads a JSON body strictly: at most 1 MiB, no unknown fields, one
// value. Problems are Invalid errors naming the field where known.
func decode(r *http.Request, v any) error {
	if ct := r.Header.Get("Content-Type"); ct != "" && !strings.HasPrefix(ct, "application/json") {
		return errs.InvalidField("body", "error.json", "detail", "Content-Type must be application/json")
	}
	dec := json.NewDecoder(io.LimitReader(r.Body, maxBody+1))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return decodeError(err)
	}
	if dec.More() {
		return errs.InvalidField("body", "error.json", "detail", "more than one JSON value")
	}
	drain(r)
	return nil
}

// drain reads the rest of a decoded body (white space) to its end: only
// then does net/http watch the connection and cancel the request's context
// when the client leaves, so that a write the client gave up on while it
// waited is not stored.
func drain(r *http.Request) { _, _ = io.Copy(io.Discard, io.LimitReader(r.Body, 4096)) }

func decodeError(err error) error {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syn):
		return errs.InvalidField("body", "error.json", "detail", fmt.Sprintf("syntax error at byte %d", syn.Offset))
	case errors.As(err, &typ):
		field := typ.Field
		if field == "" {
			field = "body"
		}
		return errs.InvalidField(field, "error.json", "detail", fmt.Sprintf("%s must be %s", field, typ.Type))
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		name := strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`)
		if name == "" {
			name = "body" // a member with an empty name: blame the body, not a field without a name
		}
		return errs.InvalidField(name, "error.unknown_field")
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return errs.InvalidField("body", "error.json", "detail", "empty or truncated body")
	}
	return errs.InvalidField("body", "error.json", "detail", err.Error())
}

// pathID parses the {id} path value; a malformed one is NotFound.
func pathID(r *http.Request) (int64, error) {
	v := r.PathValue("id")
	id, err := strconv.ParseInt(v, 10, 64)
	if err != nil || id <= 0 {
		return 0, errs.E(errs.NotFound, "error.not_found")
	}
	return id, nil
}

func (s *Server) openapi(w http.ResponseWriter, r *http.Request) error {
	doc, err := OpenAPI()
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "public, max-age=300")
	_, err = w.Write(doc)
	return err
}
