package directives

import "github.com/samstyr/samstyr/internal/errs"

// conflictField is a conflict with the state of the record that names the
// field the refused input was in (the version edited, the decision's
// effects), so that the answer says where as well as why.
func conflictField(field, key string, args ...any) error {
	e := errs.InvalidField(field, key, args...)
	e.Code, e.Key, e.Args = errs.Conflict, key, e.Fields[0].Args
	return e
}
