package web

import (
	"bytes"
	"context"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/samstyr/samstyr/internal/httpx"
)

// The public's pages (needs, organisations, meetings …) are the same for
// every visitor who has not signed in, but for the CSRF token of the
// language form. pageCache keeps them, rendered, from one committed write to
// the next that may change it: a page read at write generation g is served
// again only while no write after g changed what it shows (Changed: the
// tags the handler declared with dependsOn, or any write at all when it
// declared none; other processes' and nodes' writes count too,
// store.DB.WatchWrites), and for at most pageTTL as a safety net.
// The visitor's own CSRF token is put in on every answer. Signed-in people,
// flash messages, HEAD requests, answers other than 200 HTML and answers
// that set a cookie of their own are never cached.

// pageTTL bounds how long a cached page is served.
const pageTTL = 5 * time.Minute

// maxPageBytes bounds the memory of the page cache (compressed, about
// 9,000 need pages); when full, pages of an older generation go first, then
// any.
const maxPageBytes = 32 << 20

type pageCache struct {
	mu    sync.Mutex
	pages map[string]*cachedPage
	size  int
}

// cachedPage is a page as read at a write generation.
type cachedPage struct {
	gen  uint64
	deps []string // what the page shows, as write tags (nil: everything)
	at   time.Time
	page *gzPage
}

// pageDeps collects what a page being rendered shows (dependsOn).
type pageDeps struct{ tags []string }

type pageDepsKey struct{}

// dependsOn declares what the page being rendered shows, as the tags of
// the writes that change it (see store.Tagged): its cached copy is then
// ended only by those writes and by writes that name nothing. A page that
// declares nothing is ended by every write.
func dependsOn(r *http.Request, tags ...string) {
	if d, ok := r.Context().Value(pageDepsKey{}).(*pageDeps); ok {
		d.tags = append(d.tags, tags...)
	}
}

// size is the memory the page holds.
func (p *cachedPage) size() int { return p.page.zsize }

// changedFunc reports whether a write after a generation changed tags
// (store.DB.Changed).
type changedFunc func(since uint64, tags ...string) bool

func (c *pageCache) get(key string, changed changedFunc, now time.Time) (*cachedPage, bool) {
	c.mu.Lock()
	p, ok := c.pages[key]
	c.mu.Unlock()
	if !ok || now.Sub(p.at) > pageTTL || changed(p.gen, p.deps...) {
		return nil, false
	}
	return p, true
}

func (c *pageCache) put(key string, p *cachedPage, changed changedFunc) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.pages == nil {
		c.pages = map[string]*cachedPage{}
	}
	if old, ok := c.pages[key]; ok {
		c.size -= old.size()
		delete(c.pages, key)
	}
	if c.size+p.size() > maxPageBytes {
		c.evict(changed, maxPageBytes*3/4-p.size())
	}
	c.pages[key] = p
	c.size += p.size()
}

// evict removes the pages a write has changed (they are never served
// again), then any until at most target bytes are kept.
func (c *pageCache) evict(changed changedFunc, target int) {
	for k, p := range c.pages {
		if changed(p.gen, p.deps...) {
			delete(c.pages, k)
			c.size -= p.size()
		}
	}
	for k, p := range c.pages {
		if c.size <= target {
			return
		}
		delete(c.pages, k)
		c.size -= p.size()
	}
}

// cachePublic serves a public page from the page cache when it may.
func (s *Server) cachePublic(next http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if s.Generation == nil || s.Changed == nil || r.Method != http.MethodGet || httpx.Actor(r.Context()) != nil ||
			s.cookie(r, cookieSession) != "" || s.cookie(r, cookieFlash) != "" {
			next(w, r)
			return
		}
		key := langOf(r) + "\x00" + r.URL.RequestURI()
		gen := s.Generation()
		token := []byte(s.csrfToken(r))
		if cached, ok := s.pages.get(key, s.Changed, s.now()); ok {
			s.servePage(w, r, cached.page, token)
			return
		}
		cookies := len(w.Header().Values("Set-Cookie"))
		rec := &pageRecorder{ResponseWriter: w, status: http.StatusOK}
		deps := &pageDeps{}
		next(rec, r.WithContext(context.WithValue(r.Context(), pageDepsKey{}, deps)))
		if rec.status == http.StatusOK && !rec.streamed && len(w.Header().Values("Set-Cookie")) == cookies &&
			strings.HasPrefix(w.Header().Get("Content-Type"), "text/html") {
			s.pages.put(key, &cachedPage{gen: gen, deps: deps.tags, at: s.now(), page: newGzPage(rec.body.Bytes(), token)}, s.Changed)
		}
	}
}

// servePage writes a cached page with the visitor's token: gzip when the
// browser takes it (they all do), text otherwise.
func (s *Server) servePage(w http.ResponseWriter, r *http.Request, p *gzPage, token []byte) {
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	h.Add("Vary", "Accept-Encoding")
	if acceptsGzip(r.Header.Get("Accept-Encoding")) {
		h.Set("Content-Encoding", "gzip")
		h.Set("Content-Length", strconv.Itoa(p.gzipLength(len(token))))
		w.WriteHeader(http.StatusOK)
		_ = p.writeGzip(w, token)
		return
	}
	h.Set("Content-Length", strconv.Itoa(p.length(len(token))))
	w.WriteHeader(http.StatusOK)
	_ = p.writeText(w, token)
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
