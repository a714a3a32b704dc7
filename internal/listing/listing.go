// Package listing holds what every paged list shares: the limit, the opaque
// keyset cursor and the page of results. Lists are paged by keyset (the sort
// key and id of the last row seen), never by offset, so a page costs the
// same however deep it is.
package listing

import (
	"encoding/base64"
	"encoding/json"
	"strconv"

	"github.com/samstyr/samstyr/internal/errs"
)

// DefaultLimit and MaxLimit bound the page size.
const (
	DefaultLimit = 50
	MaxLimit     = 500
)

// Cursor is the position after the last row of a page: the sort key of that
// row (as text) and its id.
type Cursor struct {
	Key string `json:"k,omitempty"`
	ID  int64  `json:"i"`
}

// Encode returns the cursor as an opaque URL-safe string.
func (c Cursor) Encode() string {
	b, _ := json.Marshal(c)
	return base64.RawURLEncoding.EncodeToString(b)
}

// DecodeCursor parses a cursor string; "" gives nil.
func DecodeCursor(s string) (*Cursor, error) {
	if s == "" {
		return nil, nil
	}
	b, err := base64.RawURLEncoding.DecodeString(s)
	var c Cursor
	if err == nil {
		err = json.Unmarshal(b, &c)
	}
	if err != nil || c.ID < 0 {
		return nil, errs.InvalidField("cursor", "error.cursor")
	}
	return &c, nil
}

// Limit parses and bounds a limit parameter; "" gives DefaultLimit.
func Limit(s string) (int, error) {
	if s == "" {
		return DefaultLimit, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 || n > MaxLimit {
		return 0, errs.InvalidField("limit", "error.limit", "max", MaxLimit)
	}
	return n, nil
}

// Page is one page of a list and the cursor of the next, "" on the last.
type Page[T any] struct {
	Items []T    `json:"items"`
	Next  string `json:"next_cursor,omitempty"`
	Total int    `json:"total,omitempty"` // total count where cheap to know, else 0
	// Version, when set, names this page's content in this process: two
	// pages with the same Version are the same page (the API reuses its
	// encoding). Empty when unknown.
	Version string `json:"-"`
}

// Trim turns limit+1 fetched rows into a page: when there are more than
// limit rows, the extra one is dropped and the cursor is taken from the last
// row kept.
func Trim[T any](rows []T, limit int, cursor func(T) Cursor) Page[T] {
	if rows == nil {
		rows = []T{}
	}
	if len(rows) <= limit {
		return Page[T]{Items: rows}
	}
	rows = rows[:limit]
	return Page[T]{Items: rows, Next: cursor(rows[limit-1]).Encode()}
}
