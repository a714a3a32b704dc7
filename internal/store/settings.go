package store

import "context"

// EnsureSetting returns the setting's value, storing value first when the
// setting does not exist yet (the first writer wins on every dialect).
func (db *DB) EnsureSetting(ctx context.Context, key, value string) (string, error) {
	if _, err := db.exec(ctx, `INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO NOTHING`, key, value); err != nil {
		return "", err
	}
	var v string
	err := db.queryRow(ctx, `SELECT value FROM settings WHERE key = ?`, key).Scan(&v)
	return v, mapError(err)
}
