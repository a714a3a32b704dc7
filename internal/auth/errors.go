package auth

import "github.com/samstyr/samstyr/internal/errs"

func invalid(field, key string, args ...any) error { return errs.InvalidField(field, key, args...) }

// emailConflict turns a unique violation on people into a field error.
func emailConflict(err error) error {
	if errs.Is(err, errs.Conflict) {
		return &errs.Error{Code: errs.Conflict, Key: "auth.error.email_taken", Fields: []errs.FieldError{{Field: "email", Key: "auth.error.email_taken"}}, Err: err}
	}
	return err
}
