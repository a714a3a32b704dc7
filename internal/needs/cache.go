package needs

import (
	"slices"
	"sync"
	"time"
)

// cacheTTL bounds how stale a cached answer may be: writes in this process
// clear the cache at once; writes by other nodes show within this time.
const cacheTTL = 5 * time.Minute

// maxSimilarEntries bounds the memory of the similar-needs cache.
const maxSimilarEntries = 20000

// cache keeps what many page views ask for and few writes change: the
// public states of the current method, and for each need the ids of its most
// similar needs (a full-text query over every need). The needs themselves
// are always read fresh, so counts and states are never stale.
type cache struct {
	mu       sync.Mutex
	public   []string
	publicAt time.Time
	similar  map[similarKey]similarEntry
}

type similarKey struct {
	id       int64
	signedIn bool // the public sees fewer needs than people who sign in
	limit    int
}

type similarEntry struct {
	ids []int64
	at  time.Time
}

func (c *cache) publicStates(now time.Time) ([]string, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.public == nil || now.Sub(c.publicAt) > cacheTTL {
		return nil, false
	}
	return slices.Clone(c.public), true
}

func (c *cache) setPublicStates(ps []string, now time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.public, c.publicAt = slices.Clone(ps), now
}

func (c *cache) similarIDs(k similarKey, now time.Time) ([]int64, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.similar[k]
	if !ok || now.Sub(e.at) > cacheTTL {
		return nil, false
	}
	return e.ids, true
}

func (c *cache) setSimilarIDs(k similarKey, ids []int64, now time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.similar == nil || len(c.similar) >= maxSimilarEntries {
		c.similar = map[similarKey]similarEntry{}
	}
	c.similar[k] = similarEntry{ids: ids, at: now}
}

// invalidate forgets everything; called after every write that changes
// what needs say or which are visible.
func (c *cache) invalidate() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.public, c.similar = nil, nil
}
