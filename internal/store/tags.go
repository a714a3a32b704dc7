package store

import (
	"context"
	"strings"
	"sync"
)

// A cached answer (a rendered page, a list of needs) is ended by what a
// write changes, not by every write. Every write statement either names
// what it changes with tags (Tagged: "need:42", needs.TagLists …) or changes
// "everything". The write log keeps, for each tag, the write sequence
// number of the last committed write that named it, and the number of the
// last write that named nothing; an answer read at sequence number s that
// depends on tags T is still good while no write after s named one of T
// or named nothing (Changed).
//
// Tags are conservative by construction: a transaction counts as tagged
// only when every statement in it was tagged; one untagged statement
// makes it change everything. Writes by other processes (SQLite) change
// everything; other nodes' writes (PostgreSQL) carry their tags in the
// commit notice.

// TagAudit is the audit log (no cached answer shows it). The areas name
// their own tags (needs.Tag, needs.TagLists …).
const TagAudit = "audit"

// tagTerms is the words of needs' texts (the search index's term counts).
const tagTerms = "needs:terms"

// tagNotifications is the notifications and the job queue (no cached
// answer shows them).
const tagNotifications = "notifications"

// maxTags bounds the write log's memory: past it the log forgets every
// tag, as if a write had changed everything (answers are then read anew).
const maxTags = 200_000

// writeLog is the committed writes' sequence numbers by tag.
type writeLog struct {
	mu   sync.RWMutex
	all  uint64            // last write that changed everything
	tags map[string]uint64 // last write that named the tag
}

// tagsKey carries the tags of the statements run under it.
type tagsKey struct{}

// txTags collects what the statements of one transaction changed.
type txTags struct {
	mu       sync.Mutex
	tags     map[string]struct{}
	untagged bool
}

// Tagged returns a context whose write statements change only tags (and
// everything read from them). Store methods wrap their writes with it.
func Tagged(ctx context.Context, tags ...string) context.Context {
	return context.WithValue(ctx, tagsKey{}, tags)
}

// noteStatement records a write statement run under ctx in its
// transaction's tags.
func noteStatement(ctx context.Context) {
	t, ok := ctx.Value(txTagsKey{}).(*txTags)
	if !ok {
		return
	}
	tags, _ := ctx.Value(tagsKey{}).([]string)
	t.mu.Lock()
	defer t.mu.Unlock()
	if len(tags) == 0 {
		t.untagged = true
		return
	}
	if t.tags == nil {
		t.tags = map[string]struct{}{}
	}
	for _, tag := range tags {
		t.tags[tag] = struct{}{}
	}
}

type txTagsKey struct{}

// list returns the transaction's tags, or nil when it changed everything
// (an untagged statement, or writes made around exec and insert).
func (t *txTags) list() []string {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.untagged || len(t.tags) == 0 {
		return nil
	}
	out := make([]string, 0, len(t.tags))
	for tag := range t.tags {
		out = append(out, tag)
	}
	return out
}

// bump counts a committed write that changed tags (nil: everything) and
// returns its sequence number.
func (db *DB) bump(tags []string) uint64 {
	db.written.mu.Lock()
	defer db.written.mu.Unlock()
	seq := db.gen.Add(1)
	if len(tags) == 0 || len(db.written.tags)+len(tags) > maxTags {
		db.written.all = seq
		db.written.tags = nil
		return seq
	}
	if db.written.tags == nil {
		db.written.tags = map[string]uint64{}
	}
	for _, t := range tags {
		db.written.tags[t] = seq
	}
	return seq
}

// Changed reports whether a write committed after sequence number since
// (WriteGeneration, read before the answer was) may have changed an answer
// that depends on tags; with no tags, whether anything was written.
func (db *DB) Changed(since uint64, tags ...string) bool {
	if len(tags) == 0 {
		return db.gen.Load() > since
	}
	db.written.mu.RLock()
	defer db.written.mu.RUnlock()
	if db.written.all > since {
		return true
	}
	for _, t := range tags {
		if db.written.tags[t] > since {
			return true
		}
	}
	return false
}

// notice is the payload of a commit notice to other nodes: this node's id,
// then the tags ("*" for everything). PostgreSQL bounds a payload at 8000
// bytes; a longer list says everything.
func (db *DB) notice(tags []string) string {
	s := db.node + " " + strings.Join(tags, ",")
	if len(tags) == 0 || len(s) > 7900 {
		return db.node + " *"
	}
	return s
}

// parseNotice reads a commit notice: the node that wrote and what it
// changed (nil: everything).
func parseNotice(payload string) (node string, tags []string) {
	node, rest, _ := strings.Cut(payload, " ")
	if rest == "" || rest == "*" {
		return node, nil
	}
	return node, strings.Split(rest, ",")
}

// Touch marks tags as changed by the transaction in ctx (or, outside one,
// at once): for what a write changes that no statement of its names, such
// as the needs a new need is now similar to.
func (db *DB) Touch(ctx context.Context, tags ...string) {
	if len(tags) == 0 {
		return
	}
	if InTx(ctx) {
		noteStatement(Tagged(ctx, tags...))
		return
	}
	db.bump(tags)
	if err := db.notifyWrite(ctx, db.write, tags); err != nil {
		db.log.Warn("telling other nodes of a write", "err", err)
	}
}

// isWrite reports whether a query passed to queryRow or query writes
// (UPDATE … RETURNING and the like).
func isWrite(q string) bool {
	q = strings.TrimLeft(q, " \t\n")
	if len(q) < 6 {
		return false
	}
	switch strings.ToUpper(q[:6]) {
	case "UPDATE", "INSERT", "DELETE":
		return true
	}
	return false
}
