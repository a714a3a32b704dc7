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
	page := func(gen uint64) *cachedPage { // 1 MiB as kept
		return &cachedPage{gen: gen, at: now, page: &gzPage{zsize: 1 << 20}}
	}
	for i := range maxPageBytes >> 21 { // half full with generation 1
		c.put(fmt.Sprint("old", i), page(1))
	}
	for i := range maxPageBytes >> 20 { // then generation 2: over the limit
		c.put(fmt.Sprint("new", i), page(2))
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
	if _, ok := c.get(last, 2, now); !ok {
		t.Fatal("the page just put is not there")
	}
	if _, ok := c.get(last, 3, now); ok {
		t.Fatal("a page of generation 2 served at generation 3")
	}
	if _, ok := c.get(last, 2, now.Add(pageTTL+time.Second)); ok {
		t.Fatal("a page served after pageTTL")
	}
}
