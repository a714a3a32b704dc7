package needs

import (
	"fmt"
	"slices"
	"strings"
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
// similar needs (a full-text query over every need), kept until that need
// changes (SimilarTag; see touchNeighbours). The needs themselves are always read
// fresh, so counts and states are never stale.
type cache struct {
	mu       sync.Mutex
	public   []string
	publicAt time.Time
	similar  map[similarKey]similarEntry
	lists    map[string]listEntry
	sums     map[int64]statsEntry
}

// statsEntry is a need's backing sums read at a write generation.
type statsEntry struct {
	st  Stats
	gen uint64
	at  time.Time
}

// maxStatsEntries bounds the memory of the backing sums kept.
const maxStatsEntries = 20000

// stats returns need id's backing sums unless a write since has changed
// the need (or anything untagged).
func (c *cache) stats(id int64, changed func(uint64, ...string) bool, now time.Time) (Stats, bool) {
	c.mu.Lock()
	e, ok := c.sums[id]
	c.mu.Unlock()
	if !ok || now.Sub(e.at) > cacheTTL || changed(e.gen, Tag(id)) {
		return Stats{}, false
	}
	st := e.st
	st.Counties = slices.Clone(e.st.Counties)
	return st, true
}

func (c *cache) setStats(id int64, st Stats, gen uint64, now time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.sums == nil || len(c.sums) >= maxStatsEntries {
		c.sums = map[int64]statsEntry{}
	}
	st.Counties = slices.Clone(st.Counties)
	c.sums[id] = statsEntry{st: st, gen: gen, at: now}
}

// listTTL bounds how long a list page is reused: a committed write that
// changes lists of needs ends it at once (the store's write log, which
// counts the writes of other processes and nodes too); this is a safety
// net.
const listTTL = 5 * time.Minute

// maxListEntries bounds the memory of the list cache.
const maxListEntries = 256

// listEntry is a page of needs as the public, or the people of one
// organisation, see it, read at a write generation.
type listEntry struct {
	gen  uint64
	at   time.Time
	rows []Need
}

// listKey is the cache key of a filter (after the service has set its
// visibility).
func listKey(f Filter) string {
	var after string
	if f.After != nil {
		after = f.After.Key + "/" + fmt.Sprint(f.After.ID)
	}
	return strings.Join([]string{f.State, f.Area, f.County, fmt.Sprint(f.OrgID), fmt.Sprint(f.RoundID), fmt.Sprint(f.Backing), f.Q,
		f.Sort, fmt.Sprint(f.Limit), after, fmt.Sprint(f.SignedIn), fmt.Sprint(f.ViewerOrgID), strings.Join(f.PublicStates, ",")}, "\x00")
}

// list returns copies of a cached page and the generation it was read at,
// unless a write since has changed lists of needs.
func (c *cache) list(key string, changed func(uint64, ...string) bool, now time.Time) ([]*Need, uint64, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.lists[key]
	if !ok || now.Sub(e.at) > listTTL || changed(e.gen, TagLists) {
		return nil, 0, false
	}
	out := make([]*Need, len(e.rows))
	for i := range e.rows {
		n := e.rows[i]
		out[i] = &n
	}
	return out, e.gen, true
}

func (c *cache) setList(key string, gen uint64, rows []*Need, now time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.lists == nil || len(c.lists) >= maxListEntries {
		c.lists = map[string]listEntry{}
	}
	e := listEntry{gen: gen, at: now, rows: make([]Need, len(rows))}
	for i, n := range rows {
		e.rows[i] = *n
	}
	c.lists[key] = e
}

type similarKey struct {
	id       int64
	signedIn bool // the public sees fewer needs than people who sign in
	limit    int
}

type similarEntry struct {
	ids []int64
	gen uint64 // the write generation it was read at
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

// similarIDs returns the similar needs of need k.id, unless a write since
// has changed that need or made it a neighbour of another (touchNeighbours).
func (c *cache) similarIDs(k similarKey, changed func(uint64, ...string) bool, now time.Time) ([]int64, bool) {
	c.mu.Lock()
	e, ok := c.similar[k]
	c.mu.Unlock()
	if !ok || now.Sub(e.at) > cacheTTL || changed(e.gen, SimilarTag(k.id)) {
		return nil, false
	}
	return e.ids, true
}

func (c *cache) setSimilarIDs(k similarKey, ids []int64, gen uint64, now time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.similar == nil || len(c.similar) >= maxSimilarEntries {
		c.similar = map[similarKey]similarEntry{}
	}
	c.similar[k] = similarEntry{ids: ids, gen: gen, at: now}
}

// invalidate forgets everything; called after every write that changes
// what needs say or which are visible.
func (c *cache) invalidate() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.public, c.similar, c.lists, c.sums = nil, nil, nil, nil
}
