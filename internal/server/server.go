// Package server wires samstyr together: the database, every service, the
// pages, the API, health and metrics. The command line and the tests build
// the application the same way through Open.
package server

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"log/slog"
	"net/http"
	"sync/atomic"
	"time"

	"github.com/samstyr/samstyr/internal/api"
	"github.com/samstyr/samstyr/internal/audit"
	"github.com/samstyr/samstyr/internal/auth"
	"github.com/samstyr/samstyr/internal/benefits"
	"github.com/samstyr/samstyr/internal/catalog"
	"github.com/samstyr/samstyr/internal/config"
	"github.com/samstyr/samstyr/internal/directives"
	"github.com/samstyr/samstyr/internal/forum"
	"github.com/samstyr/samstyr/internal/governance"
	"github.com/samstyr/samstyr/internal/httpx"
	"github.com/samstyr/samstyr/internal/i18n"
	"github.com/samstyr/samstyr/internal/jobs"
	"github.com/samstyr/samstyr/internal/mail"
	"github.com/samstyr/samstyr/internal/meetings"
	"github.com/samstyr/samstyr/internal/needs"
	"github.com/samstyr/samstyr/internal/notify"
	"github.com/samstyr/samstyr/internal/org"
	"github.com/samstyr/samstyr/internal/portfolio"
	"github.com/samstyr/samstyr/internal/projects"
	"github.com/samstyr/samstyr/internal/stakeholders"
	"github.com/samstyr/samstyr/internal/store"
	"github.com/samstyr/samstyr/internal/toolkit"
	"github.com/samstyr/samstyr/internal/vendors"
	"github.com/samstyr/samstyr/internal/web"
)

// App is the wired application: the database and every service.
type App struct {
	Config    config.Config
	Log       *slog.Logger
	DB        *store.DB
	Catalog   *i18n.Catalog
	Auth      *auth.Service
	Orgs      *org.Service
	Gov       *governance.Service
	Audit     *audit.Service
	Needs     *needs.Service
	Portfolio *portfolio.Service
	Notify    *notify.Service
	Jobs      *jobs.Runner
	// Meetings holds bodies' meetings, cases, decisions and minutes.
	Meetings *meetings.Service
	// Directives is the concept phase: ideas, directives, projects.
	Directives *directives.Service
	// Plan is project plans, staffing plans and meeting plans.
	Plan *projects.PlanService
	// Control is project control: status reports, deviations, risks.
	Control *projects.ControlService
	// Forum is Brukerforum and the elections of the user council.
	Forum *forum.Service
	// Inquiries and Standards are issue 15's areas (wireStakeholders).
	Inquiries *stakeholders.Service
	Standards *catalog.Service
	// Benefits is benefit realisation (wireBenefits).
	Benefits *benefits.Service
	// Toolkit is the toolkit (verktøykasse) and the news.
	Toolkit *toolkit.Service
	Vendors *vendors.Service // vendor register and contact log (wireVendors)

	// Web and API are set by Handler.
	Web *web.Server
	API *api.Server

	// Draining is set when serve is shutting down: /readyz answers 503 so
	// that a load balancer stops sending new requests.
	Draining atomic.Bool
}

// Open opens the database, applies migrations and builds the services.
func Open(ctx context.Context, cfg config.Config, log *slog.Logger) (*App, error) {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	db, err := store.Open(ctx, store.Options{URL: cfg.DatabaseURL, Path: cfg.SQLitePath(), Logger: log,
		ConnectTimeout: cfg.DBConnectTimeout, StatementTimeout: cfg.DBStatementTimeout})
	if err != nil {
		return nil, err
	}
	if err := db.Migrate(ctx); err != nil {
		db.Close()
		return nil, err
	}
	// Free-text decision references from before decisions were linked.
	if linked, flagged, err := db.LinkDecisionReferences(ctx); err != nil {
		db.Close()
		return nil, err
	} else if linked+flagged > 0 {
		log.Info("decision references", "linked", linked, "flagged_unmatched", flagged)
	}
	cat, err := i18n.Load()
	if err != nil {
		db.Close()
		return nil, err
	}
	a := &App{Config: cfg, Log: log, DB: db, Catalog: cat}
	var providers []auth.Provider
	for _, p := range cfg.OIDC {
		providers = append(providers, auth.Provider{ID: p.ID, Name: p.Name, Issuer: p.Issuer, ClientID: p.ClientID,
			ClientSecret: p.ClientSecret, Scopes: p.Scopes, AutoCreate: p.AutoCreate, TrustEmail: p.TrustEmail, MFA: p.MFA})
	}
	a.Auth = auth.NewService(db, auth.Options{SessionIdle: cfg.SessionIdle, SessionAbsolute: cfg.SessionAbsolute,
		LoginWindow: cfg.LoginWindow, LoginMaxPerAccount: cfg.LoginMaxPerAccount, LoginMaxPerAddress: cfg.LoginMaxPerAddress,
		Providers: providers, BaseURL: cfg.BaseURL})
	a.Orgs = org.NewService(db)
	a.Gov = governance.NewService(db)
	a.Audit = audit.NewService(db)
	a.Needs = needs.NewService(db)
	a.Portfolio = portfolio.NewService()
	a.Portfolio.UseStore(db)
	var mailer mail.Sender
	if m := mail.NewSMTP(cfg.SMTP); m != nil {
		mailer = m
	}
	a.Notify = notify.NewService(db, cat, mailer, cfg.BaseURL, log)
	a.Jobs = jobs.NewRunner(db, log)
	a.Notify.Register(a.Jobs)
	a.Needs.Notifier = a.Notify
	a.Auth.Notifier = a.Notify
	a.Directives = directives.NewService(db, a.Needs)
	a.Plan = projects.NewPlanService(db)
	a.wireControl()
	a.wireBenefits()
	a.Forum = forum.NewService(db, a.Gov)
	a.Forum.BaseURL = cfg.BaseURL
	a.wireMeetings()
	a.wireStakeholders(mailer)
	a.Toolkit = toolkit.NewService(db)
	a.wireVendors()
	return a, nil
}

// Close closes the database.
func (a *App) Close() error { return a.DB.Close() }

// secret returns the key for CSRF tokens, created once and kept in the
// database so that every node of a cluster agrees.
func (a *App) secret(ctx context.Context) ([]byte, error) {
	b := make([]byte, 32)
	_, _ = rand.Read(b)
	v, err := a.DB.EnsureSetting(ctx, "csrf_key", hex.EncodeToString(b))
	if err != nil {
		return nil, err
	}
	return hex.DecodeString(v)
}

// Handler wires pages, API, health and metrics behind the shared middleware.
func (a *App) Handler(ctx context.Context) (http.Handler, error) {
	secret, err := a.secret(ctx)
	if err != nil {
		return nil, err
	}
	if dir := a.Config.UploadDir(); dir != "" {
		// Files of uploads a stopped process was reading.
		if err := web.CleanUploadDir(dir); err != nil {
			return nil, fmt.Errorf("upload folder: %w", err)
		}
	}
	w, err := web.New(web.Deps{Log: a.Log, Auth: a.Auth, Orgs: a.Orgs, Gov: a.Gov, Audit: a.Audit, Needs: a.Needs, Notify: a.Notify, Portfolio: a.Portfolio,
		Meetings: a.Meetings, Catalog: a.Catalog, Directives: a.Directives, Plan: a.Plan, Control: a.Control, Forum: a.Forum, Inquiries: a.Inquiries, Standards: a.Standards, Toolkit: a.Toolkit,
		Secret: secret, Secure: a.Config.Secure(), TrustProxy: a.Config.TrustProxy, Dev: a.Config.Dev, DevDir: "internal/web",
		Generation: a.DB.WriteGeneration, Changed: a.DB.Changed, UploadDir: a.Config.UploadDir(), Benefits: a.Benefits})
	if err != nil {
		return nil, err
	}
	mux := http.NewServeMux()
	w.Register(mux)
	a.Web = w
	a.API = api.New(api.Deps{Log: a.Log, Auth: a.Auth, Orgs: a.Orgs, Gov: a.Gov, Audit: a.Audit, Needs: a.Needs, Notify: a.Notify, Portfolio: a.Portfolio,
		Meetings: a.Meetings, Catalog: a.Catalog, Directives: a.Directives, Plan: a.Plan, Control: a.Control, Forum: a.Forum, Inquiries: a.Inquiries, Standards: a.Standards,
		Benefits: a.Benefits, Toolkit: a.Toolkit})
	a.API.Register(mux)
	metrics := httpx.NewMetrics()
	mux.Handle("GET /metrics", httpx.BearerOnly(a.Config.MetricsToken, metrics.Handler()))
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		fmt.Fprintln(w, "ok")
	})
	mux.HandleFunc("GET /readyz", a.ready)
	return httpx.Chain(mux, httpx.RequestID, httpx.SecurityHeaders(a.Config.Secure()), httpx.Observe(a.Log, metrics),
		httpx.Deadline(a.Config.RequestTimeout, "/healthz", "/readyz", "/metrics")), nil
}

// ready answers /readyz: 200 while the database answers and takes writes
// and the process is not shutting down, else 503 with the reason.
func (a *App) ready(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	fail := func(msg string, err error) {
		a.Log.Warn("not ready", "reason", msg, "err", err)
		w.WriteHeader(http.StatusServiceUnavailable)
		fmt.Fprintln(w, msg)
	}
	if a.Draining.Load() {
		fail("shutting down", nil)
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
	defer cancel()
	if err := a.DB.Ping(ctx); err != nil {
		fail("database unreachable", err)
		return
	}
	if err := a.DB.CheckWrites(ctx); err != nil {
		fail("database does not take writes", err)
		return
	}
	fmt.Fprintln(w, "ok")
}

// Janitor removes expired sessions every hour.
func (a *App) Janitor(ctx context.Context) {
	t := time.NewTicker(time.Hour)
	defer t.Stop()
	for {
		if n, err := a.DB.DeleteExpiredSessions(ctx, time.Now(), a.Config.SessionIdle); err != nil && ctx.Err() == nil {
			a.Log.Warn("session clean-up", "err", err)
		} else if n > 0 {
			a.Log.Info("expired sessions removed", "count", n)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
