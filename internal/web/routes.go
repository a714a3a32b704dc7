package web

import (
	"net/http"

	"github.com/samstyr/samstyr/internal/geo"
)

// access says who may reach a route at all; the services decide the rest.
type access int

const (
	public   access = iota // anyone, signed in or not
	signedIn               // a signed-in person; others are sent to sign in
)

// route registers a page handler behind the page middleware.
func (s *Server) route(mux *http.ServeMux, pattern string, a access, h func(http.ResponseWriter, *http.Request) error) {
	hf := s.handle(h)
	if a == signedIn {
		hf = s.requireSignIn(hf)
	} else {
		hf = s.cachePublic(hf)
	}
	s.patterns = append(s.patterns, pattern)
	mux.Handle(pattern, s.Middleware(hf))
}

// guard makes check run for the route pattern before Middleware reads the
// request's body (after the session is known).
func (s *Server) guard(pattern string, check func(*http.Request) error) {
	if s.guards == nil {
		s.guards = map[string]func(*http.Request) error{}
	}
	s.guards[pattern] = check
}

// Patterns returns every page route pattern registered, for the test that
// walks every route with every role.
func (s *Server) Patterns() []string { return s.patterns }

// routes registers every page. Each area keeps its routes beside its
// handlers; this is the list of areas.
func (s *Server) routes(mux *http.ServeMux) {
	mux.Handle("GET /static/{version}/{path...}", s.static)
	mux.HandleFunc("GET /map/{file}", s.mapFile)
	mux.Handle("GET /favicon.ico", http.RedirectHandler(s.static.prefix+"img/favicon.svg", http.StatusMovedPermanently))
	s.route(mux, "GET /{$}", public, s.home)
	s.registerAuthRoutes(mux)
	s.registerAccountRoutes(mux)
	s.registerNotificationRoutes(mux)
	s.registerOrgRoutes(mux)
	s.registerBodyRoutes(mux)
	s.registerMeetingRoutes(mux)
	s.registerCaseRoutes(mux)
	s.registerDecisionRoutes(mux)
	s.registerPeopleRoutes(mux)
	s.registerAuditRoutes(mux)
	s.registerNeedRoutes(mux)
	s.registerAssessmentRoutes(mux)
	s.registerPortfolioRoutes(mux)
	s.registerDirectiveRoutes(mux)
	s.registerPlanRoutes(mux)
	s.registerDepsRoutes(mux)
	s.registerControlRoutes(mux)
	s.registerClosureRoutes(mux)
	s.registerProjectInputRoutes(mux)
	s.registerForumRoutes(mux)
	s.registerInquiryRoutes(mux)
	s.registerCatalogRoutes(mux)
	s.registerRoadmapRoutes(mux)
	s.registerBenefitRoutes(mux)
	s.registerToolkitRoutes(mux)
	s.route(mux, "GET /pick/{kind}", signedIn, s.pickSearch)
	s.route(mux, "/", public, s.notFound)
}

func (s *Server) notFound(w http.ResponseWriter, r *http.Request) error {
	return errNotFound
}

// mapFile serves the base map of Norway that map pictures reference, under
// a URL with its hash so that browsers keep it for a year.
func (s *Server) mapFile(w http.ResponseWriter, r *http.Request) {
	doc, hash, err := geo.Base()
	if err != nil || r.PathValue("file") != "norway-"+hash+".svg" {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", "image/svg+xml")
	w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
	_, _ = w.Write([]byte(doc))
}
