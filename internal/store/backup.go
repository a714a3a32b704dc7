package store

import (
	"bufio"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"
)

// BackupFormat names the PostgreSQL backup format: gzipped JSON lines.
const BackupFormat = "samstyr-backup/v1"

var sqliteMagic = []byte("SQLite format 3\x00")

// Backup writes a consistent copy of the database to path while samstyr
// keeps running. SQLite uses VACUUM INTO (a read transaction, so writers
// are not blocked for long); PostgreSQL dumps every table from one
// REPEATABLE READ snapshot. The file is written beside path and renamed, so
// a failed backup never leaves a half file behind.
func (db *DB) Backup(ctx context.Context, path string) error {
	if _, err := os.Stat(path); err == nil {
		return fmt.Errorf("backup: %s exists; choose a new file name", path)
	}
	tmp := path + ".partial"
	os.Remove(tmp)
	var err error
	if db.dialect == SQLite {
		_, err = db.write.ExecContext(ctx, `VACUUM INTO ?`, tmp)
	} else {
		err = db.dumpPostgres(ctx, tmp)
	}
	if err != nil {
		os.Remove(tmp)
		return fmt.Errorf("backup: %w", err)
	}
	return os.Rename(tmp, path)
}

// tableInfo describes one table in a PostgreSQL backup.
type tableInfo struct {
	Name    string   `json:"name"`
	Columns []string `json:"columns"`
	Types   []string `json:"types"`
}

type backupHeader struct {
	Format        string      `json:"format"`
	Dialect       string      `json:"dialect"`
	SchemaVersion int64       `json:"schema_version"`
	CreatedAt     time.Time   `json:"created_at"`
	Tables        []tableInfo `json:"tables"`
}

func (db *DB) dumpPostgres(ctx context.Context, path string) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	defer f.Close()
	gz := gzip.NewWriter(f)
	w := bufio.NewWriter(gz)
	enc := json.NewEncoder(w)
	err = db.readSnapshot(ctx, func(ctx context.Context) error {
		if err := db.untimed(ctx); err != nil {
			return err
		}
		h := backupHeader{Format: BackupFormat, Dialect: "postgres", CreatedAt: time.Now().UTC()}
		if err := db.queryRow(ctx, `SELECT COALESCE(MAX(version_id), 0) FROM schema_migrations WHERE is_applied`).Scan(&h.SchemaVersion); err != nil {
			return mapError(err)
		}
		tables, err := db.pgTables(ctx)
		if err != nil {
			return err
		}
		h.Tables = tables
		if err := enc.Encode(h); err != nil {
			return err
		}
		for _, t := range tables {
			if t.Name == "schema_migrations" {
				continue
			}
			if err := db.dumpTable(ctx, enc, t); err != nil {
				return fmt.Errorf("table %s: %w", t.Name, err)
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	if err := w.Flush(); err != nil {
		return err
	}
	if err := gz.Close(); err != nil {
		return err
	}
	if err := f.Sync(); err != nil {
		return err
	}
	return f.Close()
}

// pgTables lists the tables of the current schema, parents before the
// tables that refer to them, with their columns.
func (db *DB) pgTables(ctx context.Context) ([]tableInfo, error) {
	rows, err := db.query(ctx, `SELECT table_name, column_name, data_type FROM information_schema.columns
		WHERE table_schema = current_schema() AND table_name IN
		  (SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE')
		ORDER BY table_name, ordinal_position`)
	if err != nil {
		return nil, err
	}
	byName := map[string]*tableInfo{}
	var names []string
	for rows.Next() {
		var t, c, typ string
		if err := rows.Scan(&t, &c, &typ); err != nil {
			rows.Close()
			return nil, mapError(err)
		}
		if byName[t] == nil {
			byName[t] = &tableInfo{Name: t}
			names = append(names, t)
		}
		byName[t].Columns = append(byName[t].Columns, c)
		byName[t].Types = append(byName[t].Types, typ)
	}
	rows.Close()
	deps := map[string][]string{}
	frows, err := db.query(ctx, `SELECT c.conrelid::regclass::text, c.confrelid::regclass::text FROM pg_constraint c
		WHERE c.contype = 'f' AND c.connamespace = current_schema()::regnamespace`)
	if err != nil {
		return nil, err
	}
	for frows.Next() {
		var child, parent string
		if err := frows.Scan(&child, &parent); err != nil {
			frows.Close()
			return nil, mapError(err)
		}
		deps[unqualify(child)] = append(deps[unqualify(child)], unqualify(parent))
	}
	frows.Close()
	var out []tableInfo
	for _, n := range topoSort(names, deps) {
		out = append(out, *byName[n])
	}
	return out, nil
}

func unqualify(name string) string {
	if i := strings.LastIndex(name, "."); i >= 0 {
		name = name[i+1:]
	}
	return strings.Trim(name, `"`)
}

// topoSort orders names so that every table comes after those it refers to
// (self-references are ignored; rows are inserted in id order).
func topoSort(names []string, deps map[string][]string) []string {
	sort.Strings(names)
	done := map[string]bool{}
	var out []string
	var visit func(string)
	visit = func(n string) {
		if done[n] {
			return
		}
		done[n] = true
		for _, d := range deps[n] {
			if d != n {
				visit(d)
			}
		}
		out = append(out, n)
	}
	for _, n := range names {
		visit(n)
	}
	return out
}

func (db *DB) dumpTable(ctx context.Context, enc *json.Encoder, t tableInfo) error {
	if err := enc.Encode(map[string]string{"table": t.Name}); err != nil {
		return err
	}
	rows, err := db.query(ctx, `SELECT `+quoteCols(t.Columns)+` FROM `+t.Name+` ORDER BY 1`)
	if err != nil {
		return err
	}
	defer rows.Close()
	n := 0
	vals := make([]any, len(t.Columns))
	ptrs := make([]any, len(t.Columns))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return mapError(err)
		}
		out := make([]any, len(vals))
		for i, v := range vals {
			out[i] = encodeValue(v)
		}
		if err := enc.Encode(out); err != nil {
			return err
		}
		n++
	}
	if err := rows.Err(); err != nil {
		return mapError(err)
	}
	return enc.Encode(map[string]any{"end": t.Name, "rows": n})
}

func quoteCols(cols []string) string {
	q := make([]string, len(cols))
	for i, c := range cols {
		q[i] = `"` + c + `"`
	}
	return strings.Join(q, ", ")
}

// encodeValue makes a scanned value JSON-safe: times as RFC 3339 in UTC,
// bytes as base64.
func encodeValue(v any) any {
	switch x := v.(type) {
	case time.Time:
		return x.UTC().Format(time.RFC3339Nano)
	case []byte:
		return base64.StdEncoding.EncodeToString(x)
	}
	return v
}

// IsEmpty reports whether the database holds no data yet (no organisations,
// no people and no audit events), so that a restore may write into it.
func (db *DB) IsEmpty(ctx context.Context) (bool, error) {
	var n int64
	err := db.queryRow(ctx, `SELECT (SELECT COUNT(*) FROM organisations) + (SELECT COUNT(*) FROM people) + (SELECT COUNT(*) FROM audit_events)`).Scan(&n)
	if err != nil {
		return false, mapError(err)
	}
	return n == 0, nil
}

// RestoreSQLite installs a SQLite backup file as the database file at
// target. The target must not exist or be empty unless force is set; the
// caller must make sure samstyr is not running on it. The restored file is
// migrated to this build's schema.
func RestoreSQLite(ctx context.Context, backup, target string, force bool) error {
	if err := checkMagic(backup, sqliteMagic); err != nil {
		return err
	}
	if _, err := os.Stat(target); err == nil && !force {
		cur, err := Open(ctx, Options{Path: target})
		if err != nil {
			return err
		}
		empty, err := cur.IsEmpty(ctx)
		cur.Close()
		if err != nil || !empty {
			return errors.Join(ErrNotEmpty, err)
		}
	}
	if err := os.MkdirAll(filepath.Dir(target), 0o750); err != nil {
		return err
	}
	tmp := target + ".restore"
	if err := copyFile(backup, tmp); err != nil {
		return err
	}
	probe, err := Open(ctx, Options{Path: tmp})
	if err == nil {
		err = probe.Migrate(ctx)
		probe.Close()
	}
	if err != nil {
		os.Remove(tmp)
		return fmt.Errorf("restore: %w", err)
	}
	for _, suffix := range []string{"-wal", "-shm"} {
		os.Remove(target + suffix)
		os.Remove(tmp + suffix)
	}
	return os.Rename(tmp, target)
}

// ErrNotEmpty is returned when a restore would overwrite data.
var ErrNotEmpty = errors.New("the target already holds data; restore refuses to overwrite it without --force")

// RestorePostgres loads a backup into the database of db, which must be
// empty unless force is set (then its schema is dropped and created anew).
func (db *DB) RestorePostgres(ctx context.Context, backup string, force bool) error {
	if db.dialect != Postgres {
		return errors.New("restore: the backup is of PostgreSQL; give --database-url")
	}
	f, err := os.Open(backup)
	if err != nil {
		return err
	}
	defer f.Close()
	gz, err := gzip.NewReader(f)
	if err != nil {
		return fmt.Errorf("restore: %s is not a samstyr backup: %w", backup, err)
	}
	dec := json.NewDecoder(bufio.NewReaderSize(gz, 1<<20))
	dec.UseNumber()
	var h backupHeader
	if err := dec.Decode(&h); err != nil || h.Format != BackupFormat {
		return fmt.Errorf("restore: %s is not a samstyr backup", backup)
	}
	if err := db.prepareRestoreTarget(ctx, force); err != nil {
		return err
	}
	if err := db.migrateTo(ctx, h.SchemaVersion); err != nil {
		return err
	}
	// Some tables refer to each other (a project to its directive and the
	// directive to the project it became), so no table order satisfies
	// every foreign key row by row. The keys are made deferrable for the
	// load, checked all at once when it commits, and made as they were
	// again afterwards, so a restored schema is the same as a migrated one.
	deferred, err := db.deferForeignKeys(ctx)
	if err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	err = db.WithTx(ctx, func(ctx context.Context) error {
		if err := db.untimed(ctx); err != nil {
			return err
		}
		if _, err := db.exec(ctx, `SET CONSTRAINTS ALL DEFERRED`); err != nil {
			return err
		}
		// Migrations may have seeded rows (the audit head, defaults); the
		// backup holds their current values, so clear them first.
		for i := len(h.Tables) - 1; i >= 0; i-- {
			if n := h.Tables[i].Name; n != "schema_migrations" && n != "audit_events" {
				if _, err := db.exec(ctx, `DELETE FROM `+n); err != nil {
					return err
				}
			}
		}
		types := map[string]tableInfo{}
		for _, t := range h.Tables {
			types[t.Name] = t
		}
		return db.loadTables(ctx, dec, types)
	})
	err = errors.Join(err, db.undeferForeignKeys(ctx, deferred))
	if err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	if err := db.resetSequences(ctx, h.Tables); err != nil {
		return err
	}
	return db.Migrate(ctx)
}

// deferForeignKeys makes every foreign key of the current schema that is
// not deferrable DEFERRABLE INITIALLY IMMEDIATE (which checks rows as
// before unless a transaction defers it) and returns the keys it changed,
// as quoted "table" and "constraint" pairs.
func (db *DB) deferForeignKeys(ctx context.Context) ([][2]string, error) {
	rows, err := db.query(ctx, `SELECT quote_ident(t.relname), quote_ident(c.conname)
		FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid
		WHERE c.contype = 'f' AND NOT c.condeferrable AND c.connamespace = current_schema()::regnamespace
		ORDER BY 1, 2`)
	if err != nil {
		return nil, mapError(err)
	}
	var keys [][2]string
	for rows.Next() {
		var k [2]string
		if err := rows.Scan(&k[0], &k[1]); err != nil {
			rows.Close()
			return nil, mapError(err)
		}
		keys = append(keys, k)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, mapError(err)
	}
	for i, k := range keys {
		if _, err := db.exec(ctx, `ALTER TABLE `+k[0]+` ALTER CONSTRAINT `+k[1]+` DEFERRABLE INITIALLY IMMEDIATE`); err != nil {
			return nil, errors.Join(err, db.undeferForeignKeys(ctx, keys[:i]))
		}
	}
	return keys, nil
}

// undeferForeignKeys makes the keys deferForeignKeys changed NOT
// DEFERRABLE again.
func (db *DB) undeferForeignKeys(ctx context.Context, keys [][2]string) error {
	var errs []error
	for _, k := range keys {
		if _, err := db.exec(ctx, `ALTER TABLE `+k[0]+` ALTER CONSTRAINT `+k[1]+` NOT DEFERRABLE`); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

func (db *DB) prepareRestoreTarget(ctx context.Context, force bool) error {
	var exists bool
	if err := db.queryRow(ctx, `SELECT EXISTS (SELECT 1 FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = 'organisations')`).Scan(&exists); err != nil {
		return mapError(err)
	}
	if !exists {
		return nil
	}
	empty, err := db.IsEmpty(ctx)
	if err != nil {
		return err
	}
	if !empty && !force {
		return ErrNotEmpty
	}
	var schema string
	if err := db.queryRow(ctx, `SELECT current_schema()`).Scan(&schema); err != nil {
		return mapError(err)
	}
	_, err = db.exec(ctx, `DROP SCHEMA "`+schema+`" CASCADE; CREATE SCHEMA "`+schema+`"`)
	return err
}

func (db *DB) migrateTo(ctx context.Context, version int64) error {
	p, done, err := db.migrator()
	if err != nil {
		return err
	}
	defer done()
	_, err = p.UpTo(ctx, version)
	return err
}

func (db *DB) loadTables(ctx context.Context, dec *json.Decoder, tables map[string]tableInfo) error {
	var cur tableInfo
	var stmt *sql.Stmt
	defer func() {
		if stmt != nil {
			stmt.Close()
		}
	}()
	tx := ctx.Value(txKey{}).(*sql.Tx)
	for {
		var raw json.RawMessage
		if err := dec.Decode(&raw); err == io.EOF {
			return nil
		} else if err != nil {
			return err
		}
		if len(raw) > 0 && raw[0] == '{' {
			var mark struct {
				Table string `json:"table"`
			}
			if err := json.Unmarshal(raw, &mark); err != nil {
				return err
			}
			if mark.Table == "" {
				continue // end of a table
			}
			if stmt != nil {
				stmt.Close()
			}
			cur = tables[mark.Table]
			ph := strings.TrimSuffix(strings.Repeat("?, ", len(cur.Columns)), ", ")
			var err error
			stmt, err = tx.PrepareContext(ctx, db.rebind(`INSERT INTO `+cur.Name+` (`+quoteCols(cur.Columns)+`) VALUES (`+ph+`)`))
			if err != nil {
				return err
			}
			continue
		}
		var row []any
		d := json.NewDecoder(strings.NewReader(string(raw)))
		d.UseNumber()
		if err := d.Decode(&row); err != nil {
			return err
		}
		args, err := decodeRow(row, cur.Types)
		if err != nil {
			return fmt.Errorf("table %s: %w", cur.Name, err)
		}
		if _, err := stmt.ExecContext(ctx, args...); err != nil {
			return fmt.Errorf("table %s: %w", cur.Name, err)
		}
	}
}

func decodeRow(row []any, types []string) ([]any, error) {
	out := make([]any, len(row))
	for i, v := range row {
		switch x := v.(type) {
		case json.Number:
			if n, err := x.Int64(); err == nil {
				out[i] = n
			} else {
				f, err := x.Float64()
				if err != nil {
					return nil, err
				}
				out[i] = f
			}
		case string:
			if i < len(types) && types[i] == "bytea" {
				b, err := base64.StdEncoding.DecodeString(x)
				if err != nil {
					return nil, err
				}
				out[i] = b
			} else {
				out[i] = x
			}
		default:
			out[i] = v
		}
	}
	return out, nil
}

// resetSequences moves every identity sequence past the restored ids.
func (db *DB) resetSequences(ctx context.Context, tables []tableInfo) error {
	for _, t := range tables {
		var seq sql.NullString
		if err := db.queryRow(ctx, `SELECT pg_get_serial_sequence(?, 'id')`, t.Name).Scan(&seq); err != nil || !seq.Valid {
			continue
		}
		if _, err := db.exec(ctx, `SELECT setval(?, COALESCE((SELECT MAX(id) FROM `+t.Name+`), 0) + 1, false)`, seq.String); err != nil {
			return err
		}
	}
	return nil
}

// BackupDialect tells which database a backup file is of.
func BackupDialect(path string) (Dialect, error) {
	if checkMagic(path, sqliteMagic) == nil {
		return SQLite, nil
	}
	if checkMagic(path, []byte{0x1f, 0x8b}) == nil {
		return Postgres, nil
	}
	return 0, fmt.Errorf("%s is not a samstyr backup", path)
}

func checkMagic(path string, magic []byte) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	buf := make([]byte, len(magic))
	if _, err := io.ReadFull(f, buf); err != nil || string(buf) != string(magic) {
		return fmt.Errorf("%s is not a samstyr backup of that kind", path)
	}
	return nil
}

func copyFile(from, to string) error {
	in, err := os.Open(from)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.Create(to)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	if err := out.Sync(); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// Checksums returns, per table, the row count and a SHA-256 over every row
// in primary-key order, to compare two databases' contents.
func (db *DB) Checksums(ctx context.Context) (map[string]string, error) {
	names, err := db.tableNames(ctx)
	if err != nil {
		return nil, err
	}
	out := map[string]string{}
	err = db.readSnapshot(ctx, func(ctx context.Context) error {
		for _, n := range names {
			rows, err := db.query(ctx, `SELECT * FROM `+n+` ORDER BY 1`)
			if err != nil {
				return err
			}
			cols, _ := rows.Columns()
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			h := sha256.New()
			count := 0
			for rows.Next() {
				if err := rows.Scan(ptrs...); err != nil {
					rows.Close()
					return err
				}
				b, _ := json.Marshal(canonical(vals))
				h.Write(b)
				h.Write([]byte{'\n'})
				count++
			}
			rows.Close()
			out[n] = fmt.Sprintf("%d:%s", count, hex.EncodeToString(h.Sum(nil))[:16])
		}
		return nil
	})
	return out, err
}

func canonical(vals []any) []any {
	out := make([]any, len(vals))
	for i, v := range vals {
		switch x := v.(type) {
		case time.Time:
			out[i] = x.UTC().Format(time.RFC3339Nano)
		case []byte:
			out[i] = base64.StdEncoding.EncodeToString(x)
		default:
			out[i] = v
		}
	}
	return out
}

// tableNames lists the application's tables (without the migration log).
func (db *DB) tableNames(ctx context.Context) ([]string, error) {
	q := `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> 'schema_migrations' ORDER BY name`
	if db.dialect == Postgres {
		q = `SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'
			AND table_name <> 'schema_migrations' ORDER BY table_name`
	}
	rows, err := db.query(ctx, q)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var names []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			return nil, err
		}
		if !strings.Contains(n, "_fts") {
			names = append(names, n)
		}
	}
	return names, rows.Err()
}

// BackupChecksums returns, per table, the same row count and hash as
// Checksums, computed from a backup file: a SQLite backup is opened (a
// copy of it, so the file is left as it is); a PostgreSQL backup is read
// row by row. A restored database's Checksums must equal these.
func BackupChecksums(ctx context.Context, path string) (map[string]string, error) {
	dialect, err := BackupDialect(path)
	if err != nil {
		return nil, err
	}
	if dialect == SQLite {
		dir, err := os.MkdirTemp("", "samstyr-backup-check")
		if err != nil {
			return nil, err
		}
		defer os.RemoveAll(dir)
		cp := filepath.Join(dir, "backup.db")
		if err := copyFile(path, cp); err != nil {
			return nil, err
		}
		db, err := Open(ctx, Options{Path: cp})
		if err != nil {
			return nil, err
		}
		defer db.Close()
		return db.Checksums(ctx)
	}
	return postgresBackupChecksums(path)
}

// postgresBackupChecksums hashes the rows of a PostgreSQL backup the way
// Checksums hashes the rows of a database: each row as a JSON array of its
// values in column order (times in RFC 3339 UTC, bytes in base64), rows in
// the order of the first column, which is the order dumpTable wrote.
func postgresBackupChecksums(path string) (map[string]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	gz, err := gzip.NewReader(f)
	if err != nil {
		return nil, fmt.Errorf("%s is not a samstyr backup: %w", path, err)
	}
	dec := json.NewDecoder(bufio.NewReaderSize(gz, 1<<20))
	dec.UseNumber()
	var h backupHeader
	if err := dec.Decode(&h); err != nil || h.Format != BackupFormat {
		return nil, fmt.Errorf("%s is not a samstyr backup", path)
	}
	out := map[string]string{}
	for _, t := range h.Tables {
		if t.Name != "schema_migrations" && !strings.Contains(t.Name, "_fts") {
			out[t.Name] = "0:" + hex.EncodeToString(sha256.New().Sum(nil))[:16]
		}
	}
	var table string
	h256, count := sha256.New(), 0
	for {
		var raw json.RawMessage
		if err := dec.Decode(&raw); err == io.EOF {
			return out, nil
		} else if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		if len(raw) > 0 && raw[0] == '{' {
			var mark struct {
				Table string `json:"table"`
				End   string `json:"end"`
			}
			if err := json.Unmarshal(raw, &mark); err != nil {
				return nil, err
			}
			if mark.Table != "" {
				table, h256, count = mark.Table, sha256.New(), 0
			} else if mark.End != "" && mark.End == table {
				out[table] = fmt.Sprintf("%d:%s", count, hex.EncodeToString(h256.Sum(nil))[:16])
			}
			continue
		}
		d := json.NewDecoder(strings.NewReader(string(raw)))
		d.UseNumber()
		var row []any
		if err := d.Decode(&row); err != nil {
			return nil, err
		}
		b, _ := json.Marshal(row)
		h256.Write(b)
		h256.Write([]byte{'\n'})
		count++
	}
}

// BackupAuditHead returns the position of the audit log that a backup
// file holds (the sequence number of its last event and that event's
// hash), read from the file itself, so that it names what a restore will
// bring back even when samstyr kept writing after the backup.
func BackupAuditHead(ctx context.Context, path string) (int64, string, error) {
	dialect, err := BackupDialect(path)
	if err != nil {
		return 0, "", err
	}
	if dialect == Postgres {
		return postgresBackupAuditHead(path)
	}
	// immutable: nothing else writes the file, and reading it must leave
	// no journal beside it.
	conn, err := sql.Open("sqlite", "file:"+path+"?mode=ro&immutable=1")
	if err != nil {
		return 0, "", err
	}
	defer conn.Close()
	var seq int64
	var hash string
	if err := conn.QueryRowContext(ctx, `SELECT seq, hash FROM audit_head WHERE id = 1`).Scan(&seq, &hash); err != nil {
		return 0, "", fmt.Errorf("%s: audit head: %w", path, err)
	}
	return seq, hash, nil
}

// postgresBackupAuditHead reads the audit_head row of a PostgreSQL backup.
// Every value is one line of JSON, so the rows of other tables are skipped
// line by line without decoding them.
func postgresBackupAuditHead(path string) (int64, string, error) {
	f, err := os.Open(path)
	if err != nil {
		return 0, "", err
	}
	defer f.Close()
	gz, err := gzip.NewReader(f)
	if err != nil {
		return 0, "", fmt.Errorf("%s is not a samstyr backup: %w", path, err)
	}
	br := bufio.NewReaderSize(gz, 1<<16)
	first, err := br.ReadBytes('\n')
	var h backupHeader
	if err != nil || json.Unmarshal(first, &h) != nil || h.Format != BackupFormat {
		return 0, "", fmt.Errorf("%s is not a samstyr backup", path)
	}
	seqCol, hashCol := -1, -1
	for _, t := range h.Tables {
		if t.Name == "audit_head" {
			for i, c := range t.Columns {
				switch c {
				case "seq":
					seqCol = i
				case "hash":
					hashCol = i
				}
			}
		}
	}
	if seqCol < 0 || hashCol < 0 {
		return 0, "", fmt.Errorf("%s holds no audit head", path)
	}
	in := false
	for {
		line, err := br.ReadSlice('\n')
		for errors.Is(err, bufio.ErrBufferFull) { // a long row: never the audit head's
			line = nil
			_, err = br.ReadSlice('\n')
		}
		if err == io.EOF {
			return 0, "", fmt.Errorf("%s holds no audit head row", path)
		}
		if err != nil {
			return 0, "", fmt.Errorf("%s: %w", path, err)
		}
		switch {
		case in && len(line) > 0 && line[0] == '[':
			d := json.NewDecoder(strings.NewReader(string(line)))
			d.UseNumber()
			var row []any
			if err := d.Decode(&row); err != nil || len(row) <= max(seqCol, hashCol) {
				return 0, "", fmt.Errorf("%s: bad audit head row", path)
			}
			n, _ := row[seqCol].(json.Number)
			seq, err := n.Int64()
			hash, ok := row[hashCol].(string)
			if err != nil || !ok {
				return 0, "", fmt.Errorf("%s: bad audit head row", path)
			}
			return seq, hash, nil
		case len(line) > 0 && line[0] == '{':
			var mark struct {
				Table string `json:"table"`
			}
			in = json.Unmarshal(line, &mark) == nil && mark.Table == "audit_head"
		}
	}
}
