package web

import (
	"bytes"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/samstyr/samstyr/internal/httpx"
)

// The public's pages (needs, organisations, meetings …) are the same for
// every visitor who has not signed in, but for the CSRF token of the
// language form. pageCache keeps them, rendered, from one committed write to
// the next: a page read at write generation g is served again only while
// the store is still at g, and for at most pageTTL (writes by other nodes
// show within that time). The visitor's own CSRF token is put in on every
// answer. Signed-in people, flash messages, HEAD requests, answers other than
// 200 HTML and answers that set a cookie of their own are never cached.

// pageTTL bounds how long a cached page is served.
const pageTTL = 10 * time.Second

// maxPageBytes bounds the memory of the page cache; when full it starts
// over.
const maxPageBytes = 16 << 20

// csrfSentinel stands for the visitor's CSRF token in a cached page.
var csrfSentinel = []byte("\x00csrf\x00")

type pageCache struct {
	mu    sync.Mutex
	pages map[string]cachedPage
	size  int
}

type cachedPage struct {
	gen  uint64
	at   time.Time
	body []byte // with csrfSentinel for the token
}

func (c *pageCache) get(key string, gen uint64, now time.Time) ([]byte, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	p, ok := c.pages[key]
	if !ok || p.gen != gen || now.Sub(p.at) > pageTTL {
		return nil, false
	}
	return p.body, true
}

func (c *pageCache) put(key string, p cachedPage) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.pages == nil || c.size+len(p.body) > maxPageBytes {
		c.pages, c.size = map[string]cachedPage{}, 0
	}
	if old, ok := c.pages[key]; ok {
		c.size -= len(old.body)
	}
	c.pages[key] = p
	c.size += len(p.body)
}

// cachePublic serves a public page from the page cache when it may.
func (s *Server) cachePublic(next http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if s.Generation == nil || r.Method != http.MethodGet || httpx.Actor(r.Context()) != nil ||
			s.cookie(r, cookieSession) != "" || s.cookie(r, cookieFlash) != "" {
			next(w, r)
			return
		}
		key := langOf(r) + "\x00" + r.URL.RequestURI()
		gen := s.Generation()
		token := []byte(s.csrfToken(r))
		if body, ok := s.pages.get(key, gen, s.now()); ok {
			h := w.Header()
			h.Set("Content-Type", "text/html; charset=utf-8")
			h.Set("Cache-Control", "no-store")
			w.WriteHeader(http.StatusOK)
			_, _ = w.Write(bytes.ReplaceAll(body, csrfSentinel, token))
			return
		}
		cookies := len(w.Header().Values("Set-Cookie"))
		rec := &pageRecorder{ResponseWriter: w, status: http.StatusOK}
		next(rec, r)
		if rec.status == http.StatusOK && !rec.streamed && len(w.Header().Values("Set-Cookie")) == cookies &&
			strings.HasPrefix(w.Header().Get("Content-Type"), "text/html") {
			s.pages.put(key, cachedPage{gen: gen, at: s.now(), body: bytes.ReplaceAll(rec.body.Bytes(), token, csrfSentinel)})
		}
	}
}

// pageRecorder passes an answer through and keeps a copy of its body.
type pageRecorder struct {
	http.ResponseWriter
	status   int
	body     bytes.Buffer
	streamed bool // flushed or too large to keep
}

func (p *pageRecorder) WriteHeader(status int) {
	p.status = status
	p.ResponseWriter.WriteHeader(status)
}

func (p *pageRecorder) Write(b []byte) (int, error) {
	if !p.streamed {
		if p.body.Len()+len(b) > 1<<20 {
			p.streamed = true
			p.body.Reset()
		} else {
			p.body.Write(b)
		}
	}
	return p.ResponseWriter.Write(b)
}

// Flush marks the answer as streamed (never cached) and flushes it.
func (p *pageRecorder) Flush() {
	p.streamed = true
	if f, ok := p.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

// Unwrap gives http.ResponseController the connection's writer.
func (p *pageRecorder) Unwrap() http.ResponseWriter { return p.ResponseWriter }
