// Package errs defines the application error type shared by every layer.
//
// A domain or store function returns an *Error carrying a Code (which the web
// and API layers map to an HTTP status in one table each), an i18n Key with
// Args for the person-facing message, and optional per-field errors for forms
// and 422 answers. Any other error is treated as Internal.
package errs

import (
	"context"
	"errors"
	"fmt"
)

// Code classifies an error for the transport layers.
type Code string

// The error codes. Transport layers map each to one status.
const (
	Invalid         Code = "invalid"
	NotFound        Code = "not_found"
	Conflict        Code = "conflict"
	Unauthenticated Code = "unauthenticated"
	Forbidden       Code = "forbidden"
	TooMany         Code = "too_many_requests"
	TooLarge        Code = "too_large"
	// Unavailable: the database did not answer in time, is unreachable or
	// cannot store anything (disk full); retrying later may succeed (503
	// with Retry-After).
	Unavailable Code = "unavailable"
	Internal    Code = "internal"
)

// RetryUnavailable is the Retry-After, in seconds, of an Unavailable error
// that does not give one.
const RetryUnavailable = 5

// FieldError is a validation failure on one named input field. Field is the
// form field or JSON member name; Key is an i18n message key.
type FieldError struct {
	Field string         `json:"field"`
	Key   string         `json:"-"`
	Args  map[string]any `json:"-"`
}

// Error is an application error with a code and a translatable message.
type Error struct {
	Code   Code
	Key    string         // i18n key of the message shown to people
	Args   map[string]any // arguments for Key
	Fields []FieldError   // per-field validation errors (Invalid)
	// RetryAfter is set for TooMany: seconds until a retry may succeed.
	RetryAfter int
	Err        error // wrapped cause, never shown to people
}

// Error implements error.
func (e *Error) Error() string {
	s := string(e.Code)
	if e.Key != "" {
		s += ": " + e.Key
	}
	for _, f := range e.Fields {
		s += fmt.Sprintf(" [%s: %s]", f.Field, f.Key)
	}
	if e.Err != nil {
		s += ": " + e.Err.Error()
	}
	return s
}

// Unwrap returns the cause.
func (e *Error) Unwrap() error { return e.Err }

// E builds an error with a code and message key.
func E(code Code, key string, args ...any) *Error {
	return &Error{Code: code, Key: key, Args: pairs(args)}
}

func pairs(args []any) map[string]any {
	if len(args) == 0 {
		return nil
	}
	m := make(map[string]any, len(args)/2)
	for i := 0; i+1 < len(args); i += 2 {
		m[fmt.Sprint(args[i])] = args[i+1]
	}
	return m
}

// CodeOf returns the code of err, Internal for foreign errors and "" for nil.
// A request whose deadline passed is Unavailable wherever it was noticed.
func CodeOf(err error) Code {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	if errors.Is(err, context.DeadlineExceeded) {
		return Unavailable
	}
	return Internal
}

// As returns the *Error in err's chain, or nil.
func As(err error) *Error {
	var e *Error
	if errors.As(err, &e) {
		return e
	}
	return nil
}

// Is reports whether err carries code.
func Is(err error, code Code) bool { return CodeOf(err) == code }

// Wrap adds context to *errp when it is non-nil, keeping its code:
//
//	defer errs.Wrap(&err, "create need %d", id)
func Wrap(errp *error, format string, args ...any) {
	if *errp != nil {
		*errp = fmt.Errorf("%s: %w", fmt.Sprintf(format, args...), *errp)
	}
}

// Validation collects field errors; Err returns nil when there are none.
type Validation struct {
	fields []FieldError
}

// Add records that field failed with the message key and args.
func (v *Validation) Add(field, key string, args ...any) {
	v.fields = append(v.fields, FieldError{Field: field, Key: key, Args: pairs(args)})
}

// Has reports whether field already has an error.
func (v *Validation) Has(field string) bool {
	for _, f := range v.fields {
		if f.Field == field {
			return true
		}
	}
	return false
}

// Err returns an Invalid *Error with the collected fields, or nil.
func (v *Validation) Err() error {
	if len(v.fields) == 0 {
		return nil
	}
	return &Error{Code: Invalid, Key: "error.validation", Fields: v.fields}
}

// InvalidField returns an Invalid error for a single field.
func InvalidField(field, key string, args ...any) *Error {
	return &Error{Code: Invalid, Key: "error.validation", Fields: []FieldError{{Field: field, Key: key, Args: pairs(args)}}}
}
