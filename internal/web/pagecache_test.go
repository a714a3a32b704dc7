package web

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

func TestPageCacheEvictsOldGenerationsFirst(t *testing.T) {
	var c pageCache
	now := time.Now()
	current := uint64(1)
	changed := func(since uint64, tags ...string) bool { return since < current } // every write changes everything
	page := func(gen uint64) *cachedPage {                                        // 1 MiB as kept
		return &cachedPage{gen: gen, at: now, page: &gzPage{zsize: 1 << 20}}
	}
	for i := range maxPageBytes >> 21 { // half full with generation 1
		c.put(fmt.Sprint("old", i), page(1), changed)
	}
	current = 2
	for i := range maxPageBytes >> 20 { // then generation 2: over the limit
		c.put(fmt.Sprint("new", i), page(2), changed)
	}
	if c.size > maxPageBytes {
		t.Fatalf("cache holds %d bytes, more than %d", c.size, maxPageBytes)
	}
	size := 0
	for k, p := range c.pages {
		size += p.size()
		if strings.HasPrefix(k, "old") {
			t.Errorf("%s of an old generation kept while pages of the current one went", k)
		}
	}
	if size != c.size {
		t.Fatalf("size counted %d, pages hold %d", c.size, size)
	}
	last := fmt.Sprint("new", maxPageBytes>>20-1)
	if _, ok := c.get(last, changed, now); !ok {
		t.Fatal("the page just put is not there")
	}
	current = 3
	if _, ok := c.get(last, changed, now); ok {
		t.Fatal("a page of generation 2 served at generation 3")
	}
	current = 2
	if _, ok := c.get(last, changed, now.Add(pageTTL+time.Second)); ok {
		t.Fatal("a page served after pageTTL")
	}
}

// A page is ended by the writes that change what it declared it shows,
// and by nothing else.
func TestPageCacheEndsPagesByTheirTags(t *testing.T) {
	var c pageCache
	now := time.Now()
	written := map[string]uint64{} // tag → generation of its last write
	changed := func(since uint64, tags ...string) bool {
		for _, t := range tags {
			if written[t] > since {
				return true
			}
		}
		return len(tags) == 0 && written["*"] > since
	}
	c.put("a", &cachedPage{gen: 1, deps: []string{"need:1"}, at: now, page: &gzPage{zsize: 10}}, changed)
	c.put("b", &cachedPage{gen: 1, deps: []string{"need:2"}, at: now, page: &gzPage{zsize: 10}}, changed)
	c.put("home", &cachedPage{gen: 1, at: now, page: &gzPage{zsize: 10}}, changed)
	written["need:2"], written["*"] = 2, 2
	if _, ok := c.get("a", changed, now); !ok {
		t.Error("a write to need 2 ended the page of need 1")
	}
	if _, ok := c.get("b", changed, now); ok {
		t.Error("a write to need 2 left its page cached")
	}
	if _, ok := c.get("home", changed, now); ok {
		t.Error("a page that declared nothing outlived a write")
	}
}
