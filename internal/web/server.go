// Package web serves samstyr's pages: server-rendered HTML built on Digdir's
// Designsystemet, working without JavaScript, in bokmål, nynorsk and
// English. Handlers parse input, call one service method and render or
// redirect; who may do what is decided by the services through policy.
package web

import (
	"context"
	"embed"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"
	"os"
	"time"

	"github.com/samstyr/samstyr/internal/audit"
	"github.com/samstyr/samstyr/internal/auth"
	"github.com/samstyr/samstyr/internal/benefits"
	"github.com/samstyr/samstyr/internal/catalog"
	"github.com/samstyr/samstyr/internal/directives"
	"github.com/samstyr/samstyr/internal/forum"
	"github.com/samstyr/samstyr/internal/geo"
	"github.com/samstyr/samstyr/internal/governance"
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

//go:embed templates static
var embedded embed.FS

// Deps are the services and settings the pages need.
type Deps struct {
	Log        *slog.Logger
	Auth       *auth.Service
	Orgs       *org.Service
	Gov        *governance.Service
	Audit      *audit.Service
	Needs      *needs.Service
	Notify     *notify.Service
	Portfolio  *portfolio.Service
	Meetings   *meetings.Service
	Directives *directives.Service
	Plan       *projects.PlanService
	Control    *projects.ControlService
	Forum      *forum.Service
	Catalog    *i18n.Catalog
	Inquiries  *stakeholders.Service
	Standards  *catalog.Service
	Benefits   *benefits.Service
	Toolkit    *toolkit.Service
	Secret     []byte // key for CSRF tokens, shared by every node (stored in the database)
	Secure     bool   // served over TLS: __Host- cookies with Secure
	TrustProxy bool
	Dev        bool // read templates and assets from disk, show error details
	DevDir     string
	// UploadDir is where the files of uploads go while a request is read
	// (the data directory's tmp folder; "" for the system's).
	UploadDir string
	// Ready reports whether the database answers, for /readyz.
	Ready func(ctx context.Context) error
	// Generation changes after every write the store commits; the public's
	// pages are cached between writes (nil: no page cache).
	Generation func() uint64
	// Changed reports whether a write after a generation changed what
	// depends on tags (store.DB.Changed): the page cache asks it.
	Changed func(since uint64, tags ...string) bool
}

// Server holds the page handlers.
type Server struct {
	Deps
	tmpl     map[string]*template.Template
	patterns []string
	mapHref  string // URL of the base map of Norway
	static   *staticFiles
	now      func() time.Time
	pages    pageCache // the public's pages (pagecache.go)
	// guards check a route's caller before its body is read, by pattern
	// (see Middleware).
	guards map[string]func(*http.Request) error
}

// New parses every template and indexes the static files; it fails when a
// template is broken, so a bad build cannot start.
func New(d Deps) (*Server, error) {
	if d.Log == nil {
		d.Log = slog.New(slog.DiscardHandler)
	}
	fsys := fs.FS(embedded)
	if d.Dev && d.DevDir != "" {
		fsys = os.DirFS(d.DevDir)
	}
	s := &Server{Deps: d, now: time.Now}
	if d.Dev {
		s.Generation, s.Changed = nil, nil // templates read from disk change without a write
	}
	st, err := newStaticFiles(fsys)
	if err != nil {
		return nil, err
	}
	s.static = st
	if s.tmpl, err = parseTemplates(fsys, st.prefix); err != nil {
		return nil, err
	}
	_, hash, err := geo.Base()
	if err != nil {
		return nil, err
	}
	s.mapHref = "/map/norway-" + hash + ".svg"
	return s, nil
}

// Register adds every page route to mux, each behind the page middleware
// (session, locale, CSRF, sign-in requirement).
func (s *Server) Register(mux *http.ServeMux) {
	s.routes(mux)
}
