// Package audit defines the append-only, hash-chained event log.
//
// Every state change in samstyr writes one Event in the same transaction as
// the change. Events are numbered by Seq without gaps; each holds the hash of
// the event before it (PrevHash) and its own Hash over all its fields and
// PrevHash, so a changed, removed, inserted or reordered event breaks the
// chain. The store refuses UPDATE and DELETE on the table by trigger; Verify
// proves the rest.
package audit

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strconv"
	"time"
)

// Genesis is the PrevHash of the first event.
const Genesis = "0000000000000000000000000000000000000000000000000000000000000000"

// Event is one recorded state change.
type Event struct {
	Seq        int64     `json:"seq"`
	At         time.Time `json:"at"`
	ActorID    int64     `json:"actor_id,omitempty"` // 0: the system or a command-line operator
	Action     string    `json:"action"`             // e.g. "need.transition"
	ObjectType string    `json:"object_type"`        // e.g. "need"
	ObjectID   string    `json:"object_id"`
	Before     string    `json:"before,omitempty"` // compact JSON, or empty
	After      string    `json:"after,omitempty"`  // compact JSON, or empty
	RequestID  string    `json:"request_id,omitempty"`
	PrevHash   string    `json:"prev_hash"`
	Hash       string    `json:"hash"`
	// ActorName is the actor's current name, for display; not hashed.
	ActorName string `json:"actor_name,omitempty"`
	// ObjectName is the current name of the object when it is a person or
	// an organisation, for display; not hashed.
	ObjectName string `json:"object_name,omitempty"`
}

// Entry is what a service records; the store fills in the sequence, time,
// request id and hashes.
type Entry struct {
	ActorID    int64
	Action     string
	ObjectType string
	ObjectID   int64
	ObjectKey  string // used instead of ObjectID for items keyed by text
	Before     any    // marshalled to JSON; nil for none
	After      any
}

// Key returns the object id as text.
func (e Entry) Key() string {
	if e.ObjectKey != "" {
		return e.ObjectKey
	}
	return strconv.FormatInt(e.ObjectID, 10)
}

// Recorder appends entries to the log inside the caller's transaction (the
// transaction travels in ctx).
type Recorder interface {
	Record(ctx context.Context, e Entry) error
}

// Marshal encodes v as compact JSON for Before/After; nil gives "".
func Marshal(v any) (string, error) {
	if v == nil {
		return "", nil
	}
	if s, ok := v.(string); ok {
		return s, nil
	}
	b, err := json.Marshal(v)
	if err != nil {
		return "", fmt.Errorf("audit: marshal: %w", err)
	}
	if string(b) == "null" {
		return "", nil
	}
	return string(b), nil
}

// Normalize truncates t to what both databases store (microseconds, UTC), so
// that a hash computed before insert matches the one recomputed on read.
func Normalize(t time.Time) time.Time { return t.UTC().Truncate(time.Microsecond) }

// ComputeHash returns the hex SHA-256 of the event's fields and PrevHash.
// Each field is length-prefixed so that no two events encode alike.
func (e *Event) ComputeHash() string {
	h := sha256.New()
	var n [8]byte
	put := func(s string) {
		binary.BigEndian.PutUint64(n[:], uint64(len(s)))
		h.Write(n[:])
		h.Write([]byte(s))
	}
	put("samstyr-audit-v1")
	put(strconv.FormatInt(e.Seq, 10))
	put(Normalize(e.At).Format(time.RFC3339Nano))
	put(strconv.FormatInt(e.ActorID, 10))
	put(e.Action)
	put(e.ObjectType)
	put(e.ObjectID)
	put(e.Before)
	put(e.After)
	put(e.RequestID)
	put(e.PrevHash)
	return hex.EncodeToString(h.Sum(nil))
}

// Result is the outcome of verifying the chain.
type Result struct {
	OK       bool   `json:"ok"`
	Count    int64  `json:"count"`
	Head     string `json:"head"`               // hash of the last event
	BadSeq   int64  `json:"bad_seq,omitempty"`  // first event that fails
	Problem  string `json:"problem,omitempty"`  // what is wrong with it
	Expected string `json:"expected,omitempty"` // for a hash mismatch, the recomputed hash
}

// Verifier checks events one by one in Seq order.
type Verifier struct {
	res  Result
	prev string
	seq  int64
}

// NewVerifier starts a verification at the genesis.
func NewVerifier() *Verifier { return &Verifier{prev: Genesis, res: Result{OK: true, Head: Genesis}} }

// Add checks the next event; it returns false once the chain is broken.
func (v *Verifier) Add(e *Event) bool {
	if !v.res.OK {
		return false
	}
	v.seq++
	fail := func(problem string) bool {
		v.res.OK, v.res.BadSeq, v.res.Problem = false, e.Seq, problem
		return false
	}
	switch {
	case e.Seq != v.seq:
		return fail(fmt.Sprintf("sequence number %d where %d was expected (an event was removed, inserted or reordered)", e.Seq, v.seq))
	case e.PrevHash != v.prev:
		return fail("previous-hash link does not match the event before (an event was removed, inserted or reordered)")
	}
	if got := e.ComputeHash(); got != e.Hash {
		v.res.Expected = got
		return fail("stored hash does not match the event's content (the event was changed)")
	}
	v.prev = e.Hash
	v.res.Count++
	v.res.Head = e.Hash
	return true
}

// Finish compares the end of the chain with the recorded head (the sequence
// number and hash of the last event kept beside the log), which detects
// removal of the newest events.
func (v *Verifier) Finish(headSeq int64, headHash string) Result {
	if v.res.OK && (headSeq != v.res.Count || headHash != v.res.Head) {
		v.res.OK = false
		v.res.BadSeq = v.res.Count + 1
		if headSeq < v.res.Count {
			v.res.BadSeq = headSeq
		}
		v.res.Problem = fmt.Sprintf("the log ends at event %d but the recorded head is event %d (events were removed from the end or added outside the log)", v.res.Count, headSeq)
	}
	return v.res
}

type requestIDKey struct{}

// WithRequestID puts the request id in ctx so that audit events carry it.
func WithRequestID(ctx context.Context, id string) context.Context {
	return context.WithValue(ctx, requestIDKey{}, id)
}

// RequestID returns the request id in ctx, or "".
func RequestID(ctx context.Context) string {
	s, _ := ctx.Value(requestIDKey{}).(string)
	return s
}
