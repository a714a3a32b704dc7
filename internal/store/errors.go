package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"net"
	"strings"

	"github.com/jackc/pgx/v5/pgconn"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"github.com/samstyr/samstyr/internal/errs"
)

// mapError turns driver errors into application errors in one place:
// sql.ErrNoRows becomes NotFound, unique violations Conflict, foreign-key,
// check and not-null violations and text PostgreSQL cannot store Invalid,
// and a busy database Internal with the cause kept. Other errors pass through unchanged.
func mapError(err error) error {
	if err == nil {
		return nil
	}
	if errs.As(err) != nil {
		return err
	}
	if errors.Is(err, sql.ErrNoRows) {
		return &errs.Error{Code: errs.NotFound, Key: "error.not_found", Err: err}
	}
	if unavailable(err) {
		return &errs.Error{Code: errs.Unavailable, Key: "error.unavailable", RetryAfter: errs.RetryUnavailable, Err: err}
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		switch pe.Code {
		case "23505":
			return &errs.Error{Code: errs.Conflict, Key: "error.duplicate", Args: map[string]any{"constraint": pe.ConstraintName}, Err: err}
		case "23503":
			return &errs.Error{Code: errs.Invalid, Key: "error.reference", Args: map[string]any{"constraint": pe.ConstraintName}, Err: err}
		case "23514", "23502", "22P02", "22007", "22008":
			return &errs.Error{Code: errs.Invalid, Key: "error.constraint", Args: map[string]any{"constraint": pe.ConstraintName}, Err: err}
		case "22021", "22P05":
			// Text PostgreSQL cannot store (a NUL character, bytes that are
			// not UTF-8), which SQLite accepts: bad input, not a server error.
			return &errs.Error{Code: errs.Invalid, Key: "error.constraint", Err: err}
		}
		return err
	}
	var se *sqlite.Error
	if errors.As(err, &se) {
		switch se.Code() {
		case sqlite3.SQLITE_CONSTRAINT_UNIQUE, sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY:
			return &errs.Error{Code: errs.Conflict, Key: "error.duplicate", Args: map[string]any{"constraint": constraintName(se.Error())}, Err: err}
		case sqlite3.SQLITE_CONSTRAINT_FOREIGNKEY:
			return &errs.Error{Code: errs.Invalid, Key: "error.reference", Err: err}
		case sqlite3.SQLITE_CONSTRAINT_CHECK, sqlite3.SQLITE_CONSTRAINT_NOTNULL:
			return &errs.Error{Code: errs.Invalid, Key: "error.constraint", Args: map[string]any{"constraint": constraintName(se.Error())}, Err: err}
		}
	}
	return err
}

// unavailable reports whether err says the database cannot serve the
// request now, where a later retry may succeed: it did not answer before the
// deadline, the connection failed or was refused, the server is shutting
// down or out of resources (disk full), it is read-only, or SQLite is full,
// failed to write or stayed locked past the busy timeout.
func unavailable(err error) bool {
	if errors.Is(err, context.DeadlineExceeded) || errors.Is(err, driver.ErrBadConn) || pgconn.Timeout(err) {
		return true
	}
	var ce *pgconn.ConnectError
	var ne net.Error
	if errors.As(err, &ce) || errors.As(err, &ne) {
		return true
	}
	return storageFailure(err) || busy(err)
}

// storageFailure reports whether err says the database cannot store
// anything: the disk is full, writing failed, the database is read-only or
// the connection to it broke. /readyz reports such a write failure.
func storageFailure(err error) bool {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		switch {
		case strings.HasPrefix(pe.Code, "08"), strings.HasPrefix(pe.Code, "53"), strings.HasPrefix(pe.Code, "58"), // connection, resources (53100 disk full), system I/O
			pe.Code == "57P01", pe.Code == "57P02", pe.Code == "57P03", // shutting down, cannot connect now
			pe.Code == "25006": // read-only transaction (a standby)
			return true
		}
		return false
	}
	var se *sqlite.Error
	if errors.As(err, &se) {
		switch se.Code() & 0xff {
		case sqlite3.SQLITE_FULL, sqlite3.SQLITE_IOERR, sqlite3.SQLITE_READONLY, sqlite3.SQLITE_CANTOPEN:
			return true
		}
	}
	return false
}

// busy reports a lock that outlasted its wait: SQLite's busy timeout, or a
// PostgreSQL statement timeout or lock timeout.
func busy(err error) bool {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		return pe.Code == "57014" || pe.Code == "55P03"
	}
	var se *sqlite.Error
	if errors.As(err, &se) {
		switch se.Code() & 0xff {
		case sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED:
			return true
		}
	}
	return false
}

// constraintName pulls "table.column" out of SQLite's constraint message.
func constraintName(msg string) string {
	if i := strings.LastIndex(msg, ": "); i >= 0 {
		return strings.TrimSuffix(msg[i+2:], ")")
	}
	return msg
}

// notFound returns a NotFound error naming the kind of item.
func notFound(kind string, id any) error {
	return &errs.Error{Code: errs.NotFound, Key: "error.not_found", Args: map[string]any{"kind": kind, "id": fmt.Sprint(id)}}
}

// orNotFound replaces a generic NotFound (from sql.ErrNoRows) with one that
// names the item.
func orNotFound(err error, kind string, id any) error {
	if e := errs.As(err); e != nil && e.Code == errs.NotFound && e.Args == nil {
		return notFound(kind, id)
	}
	return err
}

// affected returns NotFound when an UPDATE touched no row.
func affected(res sql.Result, err error, kind string, id any) error {
	if err != nil {
		return err
	}
	n, err := res.RowsAffected()
	if err != nil {
		return mapError(err)
	}
	if n == 0 {
		return notFound(kind, id)
	}
	return nil
}

func isNotFound(err error) bool { return errs.Is(err, errs.NotFound) }
