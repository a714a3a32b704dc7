package api

import (
	"bytes"
	"encoding/json"
	"net/http"
	"sync"

	"github.com/samstyr/samstyr/internal/listing"
)

// maxEncodedBytes bounds the memory of the encoded pages kept; when full
// they are all dropped (pages of an old write generation are never asked
// for again).
const maxEncodedBytes = 16 << 20

// encodedPages keeps the JSON of list pages by their Version: encoding a
// page of needs costs more than everything else its request does, and the
// same page is asked for again and again between two writes.
type encodedPages struct {
	mu    sync.Mutex
	pages map[string][]byte
	size  int
}

func (c *encodedPages) get(version string) ([]byte, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	b, ok := c.pages[version]
	return b, ok
}

func (c *encodedPages) put(version string, b []byte) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.pages == nil || c.size+len(b) > maxEncodedBytes {
		c.pages, c.size = map[string][]byte{}, 0
	}
	c.pages[version] = b
	c.size += len(b)
}

// replyPage writes a list page as JSON, reusing the encoding of the same
// page when it has a Version.
func replyPage[T any](s *Server, w http.ResponseWriter, p listing.Page[T]) error {
	if p.Version == "" {
		return reply(w, http.StatusOK, p)
	}
	b, ok := s.encoded.get(p.Version)
	if !ok {
		var buf bytes.Buffer
		if err := json.NewEncoder(&buf).Encode(p); err != nil {
			return err
		}
		b = buf.Bytes()
		s.encoded.put(p.Version, b)
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusOK)
	_, err := w.Write(b)
	return err
}
