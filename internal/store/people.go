package store

import (
	"context"
	"strings"
	"time"

	"github.com/samstyr/samstyr/internal/auth"
	"github.com/samstyr/samstyr/internal/policy"
)

const personColumns = `p.id, p.email, p.name, p.organisation_id, COALESCE(o.name, ''), COALESCE(o.kind, ''), p.is_admin, p.locale,
	p.notify_mode, p.demo, p.disabled_at, p.password_hash, p.totp_secret, p.totp_enabled_at, p.totp_last_step, p.created_at, p.updated_at`

const personFrom = ` FROM people p LEFT JOIN organisations o ON o.id = p.organisation_id`

func scanPerson(sc interface{ Scan(...any) error }) (*auth.Person, error) {
	var p auth.Person
	var totpEnabled time.Time
	err := sc.Scan(&p.ID, &p.Email, &p.Name, ni(&p.OrgID), &p.OrgName, &p.OrgKind, &p.Admin, &p.Locale, &p.NotifyMode, &p.Demo,
		tm(&p.DisabledAt), ns(&p.PasswordHash), ns(&p.TOTPSecret), tm(&totpEnabled), &p.TOTPLastStep, tm(&p.CreatedAt), tm(&p.UpdatedAt))
	if err != nil {
		return nil, mapError(err)
	}
	p.HasPassword = p.PasswordHash != ""
	p.TOTPEnabled = !totpEnabled.IsZero()
	return &p, nil
}

// FindPersonByID returns one person or NotFound.
func (db *DB) FindPersonByID(ctx context.Context, id int64) (*auth.Person, error) {
	p, err := scanPerson(db.queryRow(ctx, `SELECT `+personColumns+personFrom+` WHERE p.id = ?`, id))
	return p, orNotFound(err, "person", id)
}

// FindPersonByEmail returns the person with the (lower-case) address.
func (db *DB) FindPersonByEmail(ctx context.Context, email string) (*auth.Person, error) {
	p, err := scanPerson(db.queryRow(ctx, `SELECT `+personColumns+personFrom+` WHERE p.email = ?`, email))
	return p, orNotFound(err, "person", email)
}

// FindPeople returns people matching the filter, by name.
func (db *DB) FindPeople(ctx context.Context, f auth.PersonFilter) ([]*auth.Person, error) {
	q := `SELECT ` + personColumns + personFrom + ` WHERE 1=1`
	var args []any
	if s := strings.ToLower(strings.TrimSpace(f.Q)); s != "" {
		q += ` AND (p.search_name LIKE ? ESCAPE '\' OR p.email LIKE ? ESCAPE '\')`
		like := "%" + likeEscape(s) + "%"
		args = append(args, like, like)
	}
	if f.OrgID != 0 {
		q, args = q+` AND p.organisation_id = ?`, append(args, f.OrgID)
	}
	if f.Disabled != nil {
		if *f.Disabled {
			q += ` AND p.disabled_at IS NOT NULL`
		} else {
			q += ` AND p.disabled_at IS NULL`
		}
	}
	if f.After != nil {
		q += ` AND (p.search_name > ? OR (p.search_name = ? AND p.id > ?))`
		args = append(args, f.After.Key, f.After.Key, f.After.ID)
	}
	q, args = q+` ORDER BY p.search_name, p.id LIMIT ?`, append(args, f.Limit)
	rows, err := db.query(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*auth.Person
	for rows.Next() {
		p, err := scanPerson(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, mapError(rows.Err())
}

// CreatePerson inserts p and sets its id and times.
func (db *DB) CreatePerson(ctx context.Context, p *auth.Person) error {
	now := db.now()
	p.CreatedAt, p.UpdatedAt = now, now
	var pwChanged any
	if p.PasswordHash != "" {
		pwChanged = now
	}
	id, err := db.insert(ctx, `INSERT INTO people (email, name, search_name, organisation_id, is_admin, password_hash,
		password_changed_at, locale, notify_mode, demo, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		p.Email, p.Name, strings.ToLower(p.Name), nullInt(p.OrgID), p.Admin, nullStr(p.PasswordHash), pwChanged,
		p.Locale, p.NotifyMode, p.Demo, now, now)
	p.ID = id
	return err
}

// UpdatePerson writes every changeable field of p.
func (db *DB) UpdatePerson(ctx context.Context, p *auth.Person) error {
	p.UpdatedAt = db.now()
	var totpEnabled any
	if p.TOTPEnabled {
		totpEnabled = p.UpdatedAt
	}
	res, err := db.exec(ctx, `UPDATE people SET email = ?, name = ?, search_name = ?, organisation_id = ?, is_admin = ?,
		password_hash = ?, password_changed_at = CASE WHEN password_hash IS DISTINCT FROM ? THEN ? ELSE password_changed_at END,
		totp_secret = ?, totp_enabled_at = CASE WHEN ? THEN COALESCE(totp_enabled_at, ?) ELSE NULL END, totp_last_step = ?,
		locale = ?, notify_mode = ?, disabled_at = ?, updated_at = ? WHERE id = ?`,
		p.Email, p.Name, strings.ToLower(p.Name), nullInt(p.OrgID), p.Admin,
		nullStr(p.PasswordHash), nullStr(p.PasswordHash), p.UpdatedAt,
		nullStr(p.TOTPSecret), p.TOTPEnabled, totpEnabled, p.TOTPLastStep,
		p.Locale, p.NotifyMode, timeArg(p.DisabledAt), p.UpdatedAt, p.ID)
	return affected(res, err, "person", p.ID)
}

// OrganisationExists reports whether an organisation with the id exists.
func (db *DB) OrganisationExists(ctx context.Context, id int64) (bool, error) {
	var n int
	err := db.queryRow(ctx, `SELECT COUNT(*) FROM organisations WHERE id = ?`, id).Scan(&n)
	return n > 0, mapError(err)
}

// FindActor loads an enabled person with their organisation, current
// memberships (active, term covering today) and project roles.
func (db *DB) FindActor(ctx context.Context, personID int64, today time.Time) (*policy.Actor, error) {
	a := &policy.Actor{PersonID: personID}
	var disabled, totp time.Time
	err := db.queryRow(ctx, `SELECT p.name, p.email, p.organisation_id, COALESCE(o.kind, ''), p.is_admin, p.locale, p.disabled_at,
		p.totp_enabled_at`+personFrom+` WHERE p.id = ?`, personID).
		Scan(&a.Name, &a.Email, ni(&a.OrgID), &a.OrgKind, &a.Admin, &a.Locale, tm(&disabled), tm(&totp))
	if err != nil {
		return nil, orNotFound(mapError(err), "person", personID)
	}
	if !disabled.IsZero() {
		return nil, notFound("person", personID)
	}
	a.TOTP = !totp.IsZero()
	day := today.Format(dateLayout)
	rows, err := db.query(ctx, `SELECT m.body_id, b.kind, m.function FROM memberships m JOIN bodies b ON b.id = m.body_id
		WHERE m.person_id = ? AND m.status = 'active' AND m.term_from <= ? AND (m.term_to IS NULL OR m.term_to >= ?)
		ORDER BY m.body_id`, personID, day, day)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var m policy.Membership
		if err := rows.Scan(&m.BodyID, &m.BodyKind, &m.Function); err != nil {
			return nil, mapError(err)
		}
		a.Memberships = append(a.Memberships, m)
	}
	if err := rows.Err(); err != nil {
		return nil, mapError(err)
	}
	rows.Close()
	prow, err := db.query(ctx, `SELECT project_id, role FROM project_roles WHERE person_id = ? AND term_from <= ?
		AND (term_to IS NULL OR term_to >= ?) ORDER BY project_id`, personID, day, day)
	if err != nil {
		return nil, err
	}
	defer prow.Close()
	for prow.Next() {
		var r policy.ProjectRole
		if err := prow.Scan(&r.ProjectID, &r.Role); err != nil {
			return nil, mapError(err)
		}
		a.ProjectRoles = append(a.ProjectRoles, r)
	}
	return a, mapError(prow.Err())
}

// CreateSession stores a session.
func (db *DB) CreateSession(ctx context.Context, s *auth.Session) error {
	_, err := db.exec(ctx, `INSERT INTO sessions (id_hash, person_id, mfa_ok, created_at, last_seen_at, expires_at, address, user_agent)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, s.IDHash, s.PersonID, s.MFAOK, timeArg(s.CreatedAt), timeArg(s.LastSeenAt),
		timeArg(s.ExpiresAt), s.Address, s.UserAgent)
	return err
}

// FindSession returns the session with the id hash, or NotFound.
func (db *DB) FindSession(ctx context.Context, idHash string) (*auth.Session, error) {
	var s auth.Session
	err := db.queryRow(ctx, `SELECT id_hash, person_id, mfa_ok, created_at, last_seen_at, expires_at, address, user_agent
		FROM sessions WHERE id_hash = ?`, idHash).Scan(&s.IDHash, &s.PersonID, &s.MFAOK, tm(&s.CreatedAt), tm(&s.LastSeenAt),
		tm(&s.ExpiresAt), &s.Address, &s.UserAgent)
	if err != nil {
		return nil, orNotFound(mapError(err), "session", "")
	}
	return &s, nil
}

// TouchSession records activity on a session.
func (db *DB) TouchSession(ctx context.Context, idHash string, at time.Time) error {
	return db.bookkeep(ctx, `UPDATE sessions SET last_seen_at = ? WHERE id_hash = ?`, timeArg(at), idHash)
}

// SetSessionMFA marks a session as having passed the second factor.
func (db *DB) SetSessionMFA(ctx context.Context, idHash string) error {
	res, err := db.exec(ctx, `UPDATE sessions SET mfa_ok = ? WHERE id_hash = ?`, true, idHash)
	return affected(res, err, "session", "")
}

// DeleteSession ends a session.
func (db *DB) DeleteSession(ctx context.Context, idHash string) error {
	_, err := db.exec(ctx, `DELETE FROM sessions WHERE id_hash = ?`, idHash)
	return err
}

// DeleteSessionsOfPerson ends all of a person's sessions but except.
func (db *DB) DeleteSessionsOfPerson(ctx context.Context, personID int64, except string) error {
	_, err := db.exec(ctx, `DELETE FROM sessions WHERE person_id = ? AND id_hash <> ?`, personID, except)
	return err
}

// DeleteExpiredSessions removes sessions past their absolute end or idle
// longer than idle; it returns how many.
func (db *DB) DeleteExpiredSessions(ctx context.Context, now time.Time, idle time.Duration) (int64, error) {
	res, err := db.exec(ctx, `DELETE FROM sessions WHERE expires_at < ? OR last_seen_at < ?`, timeArg(now), timeArg(now.Add(-idle)))
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

const tokenColumns = `id, person_id, name, prefix, token_hash, created_at, last_used_at, revoked_at`

func scanToken(sc interface{ Scan(...any) error }) (*auth.Token, error) {
	var t auth.Token
	if err := sc.Scan(&t.ID, &t.PersonID, &t.Name, &t.Prefix, &t.Hash, tm(&t.CreatedAt), tm(&t.LastUsedAt), tm(&t.RevokedAt)); err != nil {
		return nil, mapError(err)
	}
	return &t, nil
}

// CreateToken stores an API token and sets its id.
func (db *DB) CreateToken(ctx context.Context, t *auth.Token) error {
	id, err := db.insert(ctx, `INSERT INTO api_tokens (person_id, name, token_hash, prefix, created_at) VALUES (?, ?, ?, ?, ?)`,
		t.PersonID, t.Name, t.Hash, t.Prefix, timeArg(t.CreatedAt))
	t.ID = id
	return err
}

// FindTokenByHash returns the token with the hash, or NotFound.
func (db *DB) FindTokenByHash(ctx context.Context, hash string) (*auth.Token, error) {
	t, err := scanToken(db.queryRow(ctx, `SELECT `+tokenColumns+` FROM api_tokens WHERE token_hash = ?`, hash))
	return t, orNotFound(err, "api_token", "")
}

// FindTokenByID returns the token with the id, or NotFound.
func (db *DB) FindTokenByID(ctx context.Context, id int64) (*auth.Token, error) {
	t, err := scanToken(db.queryRow(ctx, `SELECT `+tokenColumns+` FROM api_tokens WHERE id = ?`, id))
	return t, orNotFound(err, "api_token", id)
}

// FindTokens returns a person's tokens, newest first.
func (db *DB) FindTokens(ctx context.Context, personID int64) ([]*auth.Token, error) {
	rows, err := db.query(ctx, `SELECT `+tokenColumns+` FROM api_tokens WHERE person_id = ? ORDER BY id DESC`, personID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*auth.Token
	for rows.Next() {
		t, err := scanToken(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, mapError(rows.Err())
}

// RevokeToken marks a token revoked.
func (db *DB) RevokeToken(ctx context.Context, id int64, at time.Time) error {
	res, err := db.exec(ctx, `UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL`, timeArg(at), id)
	return affected(res, err, "api_token", id)
}

// TouchToken records the use of a token.
func (db *DB) TouchToken(ctx context.Context, id int64, at time.Time) error {
	return db.bookkeep(ctx, `UPDATE api_tokens SET last_used_at = ? WHERE id = ?`, timeArg(at), id)
}

// ReplaceRecoveryCodes replaces a person's recovery codes with the hashes.
func (db *DB) ReplaceRecoveryCodes(ctx context.Context, personID int64, hashes []string) error {
	return db.WithTx(ctx, func(ctx context.Context) error {
		if _, err := db.exec(ctx, `DELETE FROM recovery_codes WHERE person_id = ?`, personID); err != nil {
			return err
		}
		for _, h := range hashes {
			if _, err := db.exec(ctx, `INSERT INTO recovery_codes (person_id, code_hash) VALUES (?, ?)`, personID, h); err != nil {
				return err
			}
		}
		return nil
	})
}

// UseRecoveryCode marks an unused code as used; false when none matched.
func (db *DB) UseRecoveryCode(ctx context.Context, personID int64, hash string, at time.Time) (bool, error) {
	res, err := db.exec(ctx, `UPDATE recovery_codes SET used_at = ? WHERE person_id = ? AND code_hash = ? AND used_at IS NULL`,
		timeArg(at), personID, hash)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, mapError(err)
}

// CountRecoveryCodes counts a person's unused recovery codes.
func (db *DB) CountRecoveryCodes(ctx context.Context, personID int64) (int, error) {
	var n int
	err := db.queryRow(ctx, `SELECT COUNT(*) FROM recovery_codes WHERE person_id = ? AND used_at IS NULL`, personID).Scan(&n)
	return n, mapError(err)
}

// AddLoginFailure records a failed sign-in, and prunes failures older than
// a day so the table stays small.
func (db *DB) AddLoginFailure(ctx context.Context, scope, key string, at time.Time) error {
	if _, err := db.exec(ctx, `INSERT INTO login_failures (scope, key, at) VALUES (?, ?, ?)`, scope, key, timeArg(at)); err != nil {
		return err
	}
	_, err := db.exec(ctx, `DELETE FROM login_failures WHERE scope = ? AND key = ? AND at < ?`, scope, key, timeArg(at.Add(-24*time.Hour)))
	return err
}

// CountLoginFailures counts failures since a time and returns the oldest.
func (db *DB) CountLoginFailures(ctx context.Context, scope, key string, since time.Time) (int, time.Time, error) {
	var n int
	var oldest time.Time
	err := db.queryRow(ctx, `SELECT COUNT(*), MIN(at) FROM login_failures WHERE scope = ? AND key = ? AND at >= ?`,
		scope, key, timeArg(since)).Scan(&n, tm(&oldest))
	return n, oldest, mapError(err)
}

// ClearLoginFailures forgets the failures of a key (after a success).
func (db *DB) ClearLoginFailures(ctx context.Context, scope, key string) error {
	_, err := db.exec(ctx, `DELETE FROM login_failures WHERE scope = ? AND key = ?`, scope, key)
	return err
}

// CreateOIDCLogin stores an OpenID sign-in in progress.
func (db *DB) CreateOIDCLogin(ctx context.Context, l *auth.OIDCLogin) error {
	_, err := db.exec(ctx, `INSERT INTO oidc_logins (state_hash, provider, nonce, verifier, return_to, created_at) VALUES (?, ?, ?, ?, ?, ?)`,
		l.StateHash, l.Provider, l.Nonce, l.Verifier, l.ReturnTo, timeArg(l.CreatedAt))
	if err != nil {
		return err
	}
	_, err = db.exec(ctx, `DELETE FROM oidc_logins WHERE created_at < ?`, timeArg(l.CreatedAt.Add(-time.Hour)))
	return err
}

// TakeOIDCLogin returns and removes the sign-in with the state hash, so a
// state can be used once only.
func (db *DB) TakeOIDCLogin(ctx context.Context, stateHash string) (*auth.OIDCLogin, error) {
	var l auth.OIDCLogin
	err := db.WithTx(ctx, func(ctx context.Context) error {
		err := db.queryRow(ctx, `SELECT state_hash, provider, nonce, verifier, return_to, created_at FROM oidc_logins WHERE state_hash = ?`,
			stateHash).Scan(&l.StateHash, &l.Provider, &l.Nonce, &l.Verifier, &l.ReturnTo, tm(&l.CreatedAt))
		if err != nil {
			return orNotFound(mapError(err), "oidc_login", "")
		}
		_, err = db.exec(ctx, `DELETE FROM oidc_logins WHERE state_hash = ?`, stateHash)
		return err
	})
	if err != nil {
		return nil, err
	}
	return &l, nil
}

// FindOIDCIdentity returns the person of an (issuer, subject) pair.
func (db *DB) FindOIDCIdentity(ctx context.Context, issuer, subject string) (int64, error) {
	var id int64
	err := db.queryRow(ctx, `SELECT person_id FROM oidc_identities WHERE issuer = ? AND subject = ?`, issuer, subject).Scan(&id)
	return id, orNotFound(mapError(err), "oidc_identity", subject)
}

// CreateOIDCIdentity links an (issuer, subject) pair to a person.
func (db *DB) CreateOIDCIdentity(ctx context.Context, personID int64, provider, issuer, subject string) error {
	_, err := db.exec(ctx, `INSERT INTO oidc_identities (person_id, provider, issuer, subject, created_at) VALUES (?, ?, ?, ?, ?)`,
		personID, provider, issuer, subject, db.now())
	return err
}
