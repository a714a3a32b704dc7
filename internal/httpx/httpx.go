// Package httpx holds what the page and API handlers share: request ids,
// structured request logs, panic recovery, security headers, metrics, the
// client address and the actor of a request.
package httpx

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/hex"
	"log/slog"
	"mime"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/samstyr/samstyr/internal/audit"
	"github.com/samstyr/samstyr/internal/policy"
)

type actorKey struct{}

// requestPerson is where Observe learns who made the request: the actor
// is found by inner middleware, in a context Observe never sees.
type requestPerson struct{ id atomic.Int64 }

type requestPersonKey struct{}

// WithActor returns ctx carrying the actor of the request, and tells the
// request log who it is.
func WithActor(ctx context.Context, a *policy.Actor) context.Context {
	if p, ok := ctx.Value(requestPersonKey{}).(*requestPerson); ok && a != nil {
		p.id.Store(a.ID())
	}
	return context.WithValue(ctx, actorKey{}, a)
}

// Actor returns the actor of the request, nil for the public.
func Actor(ctx context.Context) *policy.Actor {
	a, _ := ctx.Value(actorKey{}).(*policy.Actor)
	return a
}

// validRequestID reports whether an incoming X-Request-Id is 8 to 64 of
// A-Z, a-z, 0-9, '.', '_' and '-' (checked by hand: the regexp with {8,64}
// cost 786 allocations at every start of the binary).
func validRequestID(id string) bool {
	if len(id) < 8 || len(id) > 64 {
		return false
	}
	for i := 0; i < len(id); i++ {
		c := id[i]
		if !(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '.' || c == '_' || c == '-') {
			return false
		}
	}
	return true
}

// RequestID gives every request an id (a sane incoming X-Request-Id is
// kept), puts it in the context for logs and audit events and echoes it in
// the response.
func RequestID(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id := r.Header.Get("X-Request-Id")
		if !validRequestID(id) {
			b := make([]byte, 8)
			_, _ = rand.Read(b)
			id = hex.EncodeToString(b)
		}
		w.Header().Set("X-Request-Id", id)
		next.ServeHTTP(w, r.WithContext(audit.WithRequestID(r.Context(), id)))
	})
}

// SecurityHeaders sets the headers every response carries. The content
// security policy allows no inline script or style.
func SecurityHeaders(tls bool) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			h := w.Header()
			h.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "+
				"font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'")
			h.Set("X-Content-Type-Options", "nosniff")
			h.Set("Referrer-Policy", "strict-origin-when-cross-origin")
			h.Set("X-Frame-Options", "DENY")
			h.Set("Cross-Origin-Opener-Policy", "same-origin")
			h.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
			if tls || r.TLS != nil {
				h.Set("Strict-Transport-Security", "max-age=63072000; includeSubDomains")
			}
			next.ServeHTTP(w, r)
		})
	}
}

// statusWriter records the status and size of a response.
type statusWriter struct {
	http.ResponseWriter
	status int
	size   int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	n, err := w.ResponseWriter.Write(b)
	w.size += n
	return n, err
}

// Unwrap lets http.ResponseController reach the underlying writer.
func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// Metrics counts requests and their durations for /metrics.
type Metrics struct {
	Registry *prometheus.Registry
	requests *prometheus.CounterVec
	duration *prometheus.HistogramVec
}

// NewMetrics returns a registry with the Go and process collectors and the
// HTTP request metrics.
func NewMetrics() *Metrics {
	m := &Metrics{Registry: prometheus.NewRegistry()}
	m.requests = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "samstyr_http_requests_total", Help: "HTTP requests by route and status class."}, []string{"route", "code"})
	m.duration = prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "samstyr_http_request_duration_seconds", Help: "HTTP request durations by route.",
		Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5}}, []string{"route"})
	m.Registry.MustRegister(m.requests, m.duration, collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

// Handler serves the Prometheus text format.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.Registry, promhttp.HandlerOpts{})
}

// BearerOnly serves h only to requests with "Authorization: Bearer token";
// others get 401. Without a token h is off: every request gets 404, so
// nothing is public by default (used for /metrics).
func BearerOnly(token string, h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if token == "" {
			http.NotFound(w, r)
			return
		}
		got, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
		if !ok || subtle.ConstantTimeCompare([]byte(got), []byte(token)) != 1 {
			w.Header().Set("WWW-Authenticate", `Bearer realm="metrics"`)
			http.Error(w, "unauthorized", http.StatusUnauthorized)
			return
		}
		h.ServeHTTP(w, r)
	})
}

// Observe logs every request with slog, counts it in the metrics, and turns
// a panic into a 500 without taking the process down.
func Observe(log *slog.Logger, m *Metrics) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			start := time.Now()
			sw := &statusWriter{ResponseWriter: w}
			person := &requestPerson{}
			inner := r.WithContext(context.WithValue(r.Context(), requestPersonKey{}, person))
			defer func() {
				if p := recover(); p != nil {
					if p == http.ErrAbortHandler {
						panic(p)
					}
					log.Error("panic", "request_id", audit.RequestID(r.Context()), "panic", p, "path", r.URL.Path)
					if sw.status == 0 {
						http.Error(sw, "internal error", http.StatusInternalServerError)
					}
				}
				d := time.Since(start)
				route := inner.Pattern
				if route == "" {
					route = "unmatched"
				}
				if m != nil {
					m.requests.WithLabelValues(route, strconv.Itoa(sw.status/100)+"xx").Inc()
					m.duration.WithLabelValues(route).Observe(d.Seconds())
				}
				level := slog.LevelInfo
				if sw.status >= 500 {
					level = slog.LevelError
				}
				log.Log(r.Context(), level, "request", "method", r.Method, "path", r.URL.Path, "status", sw.status,
					"bytes", sw.size, "duration_ms", float64(d.Microseconds())/1000, "request_id", audit.RequestID(r.Context()),
					"person", person.id.Load())
			}()
			next.ServeHTTP(sw, inner)
		})
	}
}

// ClientAddr returns the client's IP address: the first X-Forwarded-For
// entry when the proxy is trusted, else the connection's address.
func ClientAddr(r *http.Request, trustProxy bool) string {
	if trustProxy {
		if xff := r.Header.Get("X-Forwarded-For"); xff != "" {
			first := strings.TrimSpace(strings.Split(xff, ",")[0])
			if net.ParseIP(first) != nil {
				return first
			}
		}
	}
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// Deadline gives every request a deadline d from its start, except on the
// paths listed (health checks and metrics answer on their own terms).
// Handlers pass the request's context to every database call, which then
// gives up at the deadline; the error pages and problems answer that with
// 503 and Retry-After (errs.Unavailable).
func Deadline(d time.Duration, except ...string) func(http.Handler) http.Handler {
	skip := map[string]bool{}
	for _, p := range except {
		skip[p] = true
	}
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if skip[r.URL.Path] || d <= 0 {
				next.ServeHTTP(w, r)
				return
			}
			ctx, cancel := context.WithTimeout(r.Context(), d)
			defer cancel()
			next.ServeHTTP(w, r.WithContext(ctx))
		})
	}
}

// Chain applies middleware so that the first listed runs first.
func Chain(h http.Handler, mw ...func(http.Handler) http.Handler) http.Handler {
	for i := len(mw) - 1; i >= 0; i-- {
		h = mw[i](h)
	}
	return h
}

// ServeDownload writes a stored file (an attachment of a need or a case)
// as a download: its checked content type, never sniffed or shown inline,
// never cached by shared caches, with its name encoded for every browser
// (RFC 6266: an ASCII filename and filename* in UTF-8). Pages and the API
// serve every stored file through it.
func ServeDownload(w http.ResponseWriter, name, contentType string, data []byte) error {
	h := w.Header()
	h.Set("Content-Type", contentType)
	ascii := strings.Map(func(r rune) rune {
		if r < 32 || r >= 127 || r == '"' || r == '\\' {
			return '_'
		}
		return r
	}, name)
	disp := mime.FormatMediaType("attachment", map[string]string{"filename": ascii})
	if ascii != name {
		if full := mime.FormatMediaType("attachment", map[string]string{"filename": name}); full != "" {
			disp += strings.TrimPrefix(full, "attachment")
		}
	}
	h.Set("Content-Disposition", disp)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Content-Security-Policy", "default-src 'none'; sandbox")
	h.Set("Cache-Control", "private, no-store")
	h.Set("Content-Length", strconv.Itoa(len(data)))
	_, err := w.Write(data)
	return err
}
