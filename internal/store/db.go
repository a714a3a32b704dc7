// Package store implements every area's Store interface on database/sql,
// for SQLite (embedded, the default) and PostgreSQL.
//
// SQL is written once with ? placeholders and rebound to $n for PostgreSQL.
// Where the dialects differ, a named function switches on the dialect.
// Transactions travel in the context: WithTx puts the *sql.Tx in ctx and
// every store method uses it when present.
package store

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"hash/fnv"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/database"
	"github.com/pressly/goose/v3/lock"
	_ "modernc.org/sqlite" // SQLite driver "sqlite"
)

// Dialect is the SQL dialect of the open database.
type Dialect int

// The supported dialects.
const (
	SQLite Dialect = iota
	Postgres
)

func (d Dialect) String() string {
	if d == Postgres {
		return "postgres"
	}
	return "sqlite"
}

//go:embed migrations
var migrations embed.FS

// Options says which database to open.
type Options struct {
	// URL is a postgres:// URL; when empty, Path names the SQLite file.
	URL  string
	Path string
	// ReadConns is the size of the SQLite read pool (default 4) or the
	// PostgreSQL pool (default 16).
	ReadConns int
	Logger    *slog.Logger
	// ConnectTimeout bounds connecting to PostgreSQL (default 5 s);
	// StatementTimeout bounds each statement on the server (default 30 s),
	// and a transaction left idle twice as long is ended by the server, so
	// that a node that stops answering cannot hold the write lock. A URL
	// that sets connect_timeout or statement_timeout itself keeps its own.
	ConnectTimeout   time.Duration
	StatementTimeout time.Duration
}

// DB is the database handle. For SQLite it holds one write connection and a
// pool of read connections; for PostgreSQL both are the same pool.
type DB struct {
	dialect Dialect
	write   *sql.DB
	read    *sql.DB
	log     *slog.Logger
	binds   sync.Map // query → rebound query (PostgreSQL)
	// Prepared statements of SQLite, by query, for the read and the write
	// pool: SQLite parses a statement anew on every call otherwise, which
	// costs more than running a simple query. (pgx caches on its own.)
	readStmts, writeStmts stmtCache
	// gen counts the writes this process has committed; caches of derived
	// answers compare it (WriteGeneration).
	gen atomic.Uint64
	// written is what the committed writes changed, by tag (Changed).
	written writeLog
	// url is the PostgreSQL URL (WatchWrites listens on a connection of
	// its own); node names this process in its commit notices, sent on
	// channel; watching is true while WatchWrites watches.
	url      string
	node     string
	channel  string
	watching atomic.Bool
	// pgConfig is the PostgreSQL connection configuration (migrations use
	// it without the statement timeout).
	pgConfig *pgx.ConnConfig
	// lockKey is the PostgreSQL advisory lock every write transaction
	// takes first (one per schema): see WithTx.
	lockKey int64
	// smallCollection: see similarStages.
	smallCollection atomic.Int64
	// Word counts of the needs' search index (termDocs).
	terms struct {
		mu   sync.Mutex
		docs map[string]int64
		most int64
		at   time.Time
		gen  uint64 // write generation read at (tagTerms)
	}
	// health tracks whether writes work, for /readyz (health.go).
	health writeHealth
	// Now is the clock; tests replace it.
	Now func() time.Time
}

// Open opens (and for SQLite creates) the database. It does not migrate.
func Open(ctx context.Context, o Options) (*DB, error) {
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	db := &DB{log: o.Logger, Now: time.Now, url: o.URL, node: newNodeID()}
	db.smallCollection.Store(smallCollection)
	var err error
	if o.URL != "" {
		err = db.openPostgres(ctx, o)
	} else {
		err = db.openSQLite(ctx, o)
	}
	if err != nil {
		return nil, err
	}
	return db, nil
}

func (db *DB) openPostgres(ctx context.Context, o Options) error {
	db.dialect = Postgres
	pc, err := pgx.ParseConfig(o.URL)
	if err != nil {
		return fmt.Errorf("open postgres: %w", err)
	}
	if o.ConnectTimeout <= 0 {
		o.ConnectTimeout = 5 * time.Second
	}
	if o.StatementTimeout <= 0 {
		o.StatementTimeout = 30 * time.Second
	}
	if pc.ConnectTimeout == 0 {
		pc.ConnectTimeout = o.ConnectTimeout
	}
	ms := func(d time.Duration) string { return strconv.FormatInt(d.Milliseconds(), 10) }
	if _, ok := pc.RuntimeParams["statement_timeout"]; !ok {
		pc.RuntimeParams["statement_timeout"] = ms(o.StatementTimeout)
	}
	if _, ok := pc.RuntimeParams["idle_in_transaction_session_timeout"]; !ok {
		pc.RuntimeParams["idle_in_transaction_session_timeout"] = ms(2 * o.StatementTimeout)
	}
	db.pgConfig = pc.Copy()
	conn := stdlib.OpenDB(*pc)
	n := o.ReadConns
	if n <= 0 {
		n = 16
	}
	conn.SetMaxOpenConns(n)
	conn.SetMaxIdleConns(n)
	conn.SetConnMaxIdleTime(5 * time.Minute)
	db.write, db.read = conn, conn
	var schema string
	if err := conn.QueryRowContext(ctx, `SELECT current_schema()`).Scan(&schema); err != nil {
		conn.Close()
		return fmt.Errorf("connect to postgres: %w", err)
	}
	db.channel = writesChannel(schema)
	db.lockKey = writeLockKey(schema)
	return nil
}

// writeLockKey is the key of the advisory lock that serialises the write
// transactions of one schema, on every node.
func writeLockKey(schema string) int64 {
	h := fnv.New64a()
	h.Write([]byte("samstyr write lock\x00" + schema))
	return int64(h.Sum64())
}

func (db *DB) openSQLite(ctx context.Context, o Options) error {
	db.dialect = SQLite
	if o.Path == "" {
		return errors.New("open sqlite: no path")
	}
	if err := os.MkdirAll(filepath.Dir(o.Path), 0o750); err != nil {
		return fmt.Errorf("create data directory: %w", err)
	}
	pragmas := "_pragma=busy_timeout(10000)&_pragma=foreign_keys(1)&_pragma=synchronous(NORMAL)&_time_format=sqlite"
	w, err := sql.Open("sqlite", "file:"+o.Path+"?"+pragmas+"&_pragma=journal_mode(WAL)&_txlock=immediate")
	if err != nil {
		return fmt.Errorf("open sqlite: %w", err)
	}
	// One writer: SQLite allows one write transaction at a time, so queueing
	// writers in the pool avoids "database is locked" inside this process.
	w.SetMaxOpenConns(1)
	w.SetMaxIdleConns(1)
	w.SetConnMaxLifetime(0)
	w.SetConnMaxIdleTime(0)
	if err := w.PingContext(ctx); err != nil {
		w.Close()
		return fmt.Errorf("open sqlite %s: %w", o.Path, err)
	}
	r, err := sql.Open("sqlite", "file:"+o.Path+"?"+pragmas+"&_pragma=query_only(1)")
	if err != nil {
		w.Close()
		return fmt.Errorf("open sqlite: %w", err)
	}
	n := o.ReadConns
	if n <= 0 {
		n = 4
	}
	r.SetMaxOpenConns(n)
	r.SetMaxIdleConns(n)
	r.SetConnMaxIdleTime(0)
	db.write, db.read = w, r
	return nil
}

// Dialect returns the dialect of the database.
func (db *DB) Dialect() Dialect { return db.dialect }

// Close closes every connection.
func (db *DB) Close() error {
	for _, c := range []*stmtCache{&db.readStmts, &db.writeStmts} {
		c.m.Range(func(_, v any) bool { v.(*sql.Stmt).Close(); return true })
	}
	err := db.write.Close()
	if db.read != db.write {
		err = errors.Join(err, db.read.Close())
	}
	return err
}

// Ping checks that the database answers (readiness).
func (db *DB) Ping(ctx context.Context) error {
	var one int
	return db.read.QueryRowContext(ctx, "SELECT 1").Scan(&one)
}

// Migrate applies every pending migration of the dialect, each in its own
// transaction, and records them in schema_migrations.
func (db *DB) Migrate(ctx context.Context) error {
	p, done, err := db.migrator()
	if err != nil {
		return err
	}
	defer done()
	res, err := p.Up(ctx)
	for _, r := range res {
		db.log.Info("migration applied", "version", r.Source.Version, "file", filepath.Base(r.Source.Path), "duration", r.Duration)
	}
	if err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	return nil
}

// MigrationStatus returns the applied and the latest available version.
func (db *DB) MigrationStatus(ctx context.Context) (current, latest int64, err error) {
	p, done, err := db.migrator()
	if err != nil {
		return 0, 0, err
	}
	defer done()
	current, err = p.GetDBVersion(ctx)
	if err != nil {
		return 0, 0, err
	}
	srcs := p.ListSources()
	if len(srcs) > 0 {
		latest = srcs[len(srcs)-1].Version
	}
	return current, latest, nil
}

// migrator returns the migration provider and a function that releases
// it. On PostgreSQL it runs on a pool of its own without the statement
// timeout: building an index of a large table may take longer.
func (db *DB) migrator() (*goose.Provider, func(), error) {
	sub, err := fs.Sub(migrations, "migrations/"+db.dialect.String())
	if err != nil {
		return nil, nil, err
	}
	gd := database.DialectSQLite3
	conn, done := db.write, func() {}
	opts := []goose.ProviderOption{goose.WithDisableGlobalRegistry(true)}
	if db.dialect == Postgres {
		gd = database.DialectPostgres
		locker, err := lock.NewPostgresSessionLocker()
		if err != nil {
			return nil, nil, err
		}
		opts = append(opts, goose.WithSessionLocker(locker))
		pc := db.pgConfig.Copy()
		pc.RuntimeParams["statement_timeout"] = "0"
		pc.RuntimeParams["idle_in_transaction_session_timeout"] = "0"
		conn = stdlib.OpenDB(*pc)
		conn.SetMaxOpenConns(2)
		done = func() { conn.Close() }
	}
	st, err := database.NewStore(gd, "schema_migrations")
	if err != nil {
		done()
		return nil, nil, err
	}
	opts = append(opts, goose.WithStore(st))
	p, err := goose.NewProvider("", conn, sub, opts...)
	if err != nil {
		done()
		return nil, nil, err
	}
	return p, done, nil
}

// untimed lifts the PostgreSQL statement timeout for the rest of the
// transaction in ctx, for work that may rightly take long (bulk loads,
// backups, restores). It does nothing on SQLite.
func (db *DB) untimed(ctx context.Context) error {
	if db.dialect != Postgres {
		return nil
	}
	_, err := db.conn(ctx).ExecContext(ctx, `SET LOCAL statement_timeout = 0; SET LOCAL idle_in_transaction_session_timeout = 0`)
	return mapError(err)
}

// MigrationFiles lists the migration file names of a dialect, for the test
// that checks both dialects carry the same numbers.
func MigrationFiles(d Dialect) ([]string, error) {
	entries, err := fs.ReadDir(migrations, "migrations/"+d.String())
	if err != nil {
		return nil, err
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names, nil
}

type txKey struct{}

// quietKey marks a transaction that WithTx opened for one statement outside
// a transaction (PostgreSQL): it moves the write generation only when the
// statement changed a row.
type quietKey struct{}

type quietTx struct{ wrote bool }

// querier is what *sql.DB and *sql.Tx have in common.
type querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// WithTx runs fn in a transaction carried in the context passed to fn. A
// nested call joins the outer transaction. The transaction commits when fn
// returns nil and rolls back otherwise.
//
// Write transactions are serialised, on both databases, so that a service
// may read a record, check its state and write it back without another
// writer changing it in between (no lost updates, no double state moves):
// SQLite has one writer (the write pool holds one connection and begins
// IMMEDIATE, which also locks out other processes); on PostgreSQL every
// transaction first takes an advisory lock of the schema
// (pg_advisory_xact_lock), held until commit or rollback, on every node,
// and reads in READ COMMITTED after it see every write committed before.
// Single statements outside a transaction run in one such transaction too
// (exec, insert), so nothing writes around the lock; only bookkeeping
// writes (bookkeep) do. Reads outside transactions run in parallel on the
// read pool. The hash-chained audit log already orders every change, so
// the lock costs little concurrency that the chain allowed.
func (db *DB) WithTx(ctx context.Context, fn func(ctx context.Context) error) (err error) {
	if _, ok := ctx.Value(txKey{}).(*sql.Tx); ok {
		return fn(ctx)
	}
	tx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return mapError(fmt.Errorf("begin: %w", err))
	}
	quiet, _ := ctx.Value(quietKey{}).(*quietTx)
	changes := &txTags{}
	defer func() {
		if p := recover(); p != nil {
			_ = tx.Rollback()
			panic(p)
		}
		wrote := quiet == nil || quiet.wrote
		if err == nil {
			// A request that was given up (its deadline passed, the client
			// left) while its transaction waited or ran stores nothing: the
			// caller answers 503, or nobody, and neither says "saved".
			err = mapError(ctx.Err())
		}
		tags := changes.list()
		if err == nil && wrote {
			err = db.notifyWrite(ctx, tx, tags)
		}
		if err != nil {
			_ = tx.Rollback()
			db.noteWrite(err)
			return
		}
		if cerr := tx.Commit(); cerr != nil {
			err = mapError(fmt.Errorf("commit: %w", cerr))
			db.noteWrite(err)
			return
		}
		db.noteWrite(nil)
		if wrote {
			db.bump(tags)
		}
	}()
	if db.dialect == Postgres {
		if _, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock($1)`, db.lockKey); err != nil {
			return mapError(fmt.Errorf("write lock: %w", err))
		}
	}
	ctx = context.WithValue(ctx, txTagsKey{}, changes)
	return fn(context.WithValue(ctx, txKey{}, tx))
}

// lockedStatement runs one write statement outside a transaction on
// PostgreSQL in a transaction of its own, under the write lock (WithTx).
func (db *DB) lockedStatement(ctx context.Context, fn func(ctx context.Context) (wrote bool, err error)) error {
	q := &quietTx{}
	return db.WithTx(context.WithValue(ctx, quietKey{}, q), func(ctx context.Context) error {
		wrote, err := fn(ctx)
		q.wrote = wrote
		if wrote {
			noteStatement(ctx)
		}
		return err
	})
}

// WriteGeneration changes after every write this process commits (a
// statement outside a transaction, or a transaction's commit), so a cache
// of answers read at one generation knows when they may have changed.
func (db *DB) WriteGeneration() uint64 { return db.gen.Load() }

// wrote counts a write made outside a transaction (WithTx counts a
// transaction at its commit).
func (db *DB) wrote(ctx context.Context, err error) {
	if !InTx(ctx) {
		db.noteWrite(err)
	}
	if err == nil && InTx(ctx) {
		noteStatement(ctx)
	}
	if err == nil && !InTx(ctx) {
		tags, _ := ctx.Value(tagsKey{}).([]string)
		db.bump(tags)
		if nerr := db.notifyWrite(ctx, db.write, tags); nerr != nil {
			db.log.Warn("telling other nodes of a write", "err", nerr)
		}
	}
}

// InTx reports whether ctx carries a transaction.
func InTx(ctx context.Context) bool {
	_, ok := ctx.Value(txKey{}).(*sql.Tx)
	return ok
}

// conn returns the transaction in ctx, or the read pool.
func (db *DB) conn(ctx context.Context) querier {
	if tx, ok := ctx.Value(txKey{}).(*sql.Tx); ok {
		return tx
	}
	return db.read
}

// writer returns the transaction in ctx, or the write pool for a single
// statement outside a transaction.
func (db *DB) writer(ctx context.Context) querier {
	if tx, ok := ctx.Value(txKey{}).(*sql.Tx); ok {
		return tx
	}
	return db.write
}

// rebind turns ? placeholders into $1, $2 … for PostgreSQL. Question marks
// inside quoted strings are left alone.
func (db *DB) rebind(q string) string {
	if db.dialect != Postgres {
		return q
	}
	if v, ok := db.binds.Load(q); ok {
		return v.(string)
	}
	var b strings.Builder
	n := 0
	inQuote := false
	for i := 0; i < len(q); i++ {
		c := q[i]
		switch {
		case c == '\'':
			inQuote = !inQuote
			b.WriteByte(c)
		case c == '?' && !inQuote:
			n++
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(n))
		default:
			b.WriteByte(c)
		}
	}
	out := b.String()
	db.binds.Store(q, out)
	return out
}

// exec runs a statement on the transaction in ctx (or, alone, under the
// write lock).
func (db *DB) exec(ctx context.Context, q string, args ...any) (sql.Result, error) {
	if db.dialect == Postgres && !InTx(ctx) {
		var res sql.Result
		err := db.lockedStatement(ctx, func(ctx context.Context) (bool, error) {
			var err error
			res, err = db.execOnly(ctx, q, args...)
			return err == nil && changed(res), err
		})
		return res, mapError(err)
	}
	res, err := db.execOnly(ctx, q, args...)
	if err != nil {
		db.wrote(ctx, err)
	} else if changed(res) { // a statement that changed nothing changed no answer
		db.wrote(ctx, nil)
	}
	return res, mapError(err)
}

// changed reports whether a statement changed a row (or cannot tell).
func changed(res sql.Result) bool {
	n, err := res.RowsAffected()
	return err != nil || n > 0
}

// bookkeep runs a write to what no cached answer reads (when a session or
// a token was last used, the job queue): it does not move the write
// generation, so that signed-in people and the job runner do not empty the
// caches of everyone's pages.
func (db *DB) bookkeep(ctx context.Context, q string, args ...any) error {
	_, err := db.execOnly(ctx, q, args...)
	if !InTx(ctx) {
		db.noteWrite(err)
	}
	return mapError(err)
}

// execOnly runs a statement on the transaction in ctx or the write pool.
func (db *DB) execOnly(ctx context.Context, q string, args ...any) (sql.Result, error) {
	q = db.rebind(q)
	if st := db.stmt(ctx, q, true); st != nil {
		return st.ExecContext(ctx, args...)
	}
	return db.writer(ctx).ExecContext(ctx, q, args...)
}

// query runs a query on the transaction in ctx (or the read pool).
func (db *DB) query(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	if InTx(ctx) && isWrite(q) {
		noteStatement(ctx)
	}
	q = db.rebind(q)
	if st := db.stmt(ctx, q, false); st != nil {
		rows, err := st.QueryContext(ctx, args...)
		return rows, mapError(err)
	}
	rows, err := db.conn(ctx).QueryContext(ctx, q, args...)
	return rows, mapError(err)
}

// queryRow runs a one-row query on the transaction in ctx (or the read pool).
func (db *DB) queryRow(ctx context.Context, q string, args ...any) *sql.Row {
	if InTx(ctx) && isWrite(q) {
		noteStatement(ctx)
	}
	q = db.rebind(q)
	if st := db.stmt(ctx, q, false); st != nil {
		return st.QueryRowContext(ctx, args...)
	}
	return db.conn(ctx).QueryRowContext(ctx, q, args...)
}

// insert runs an INSERT … RETURNING id and returns the id.
func (db *DB) insert(ctx context.Context, q string, args ...any) (int64, error) {
	if db.dialect == Postgres && !InTx(ctx) {
		var id int64
		err := db.lockedStatement(ctx, func(ctx context.Context) (bool, error) {
			var err error
			id, err = db.insert(ctx, q, args...)
			return err == nil, err
		})
		return id, err
	}
	var id int64
	q = db.rebind(q + " RETURNING id")
	var row *sql.Row
	if st := db.stmt(ctx, q, true); st != nil {
		row = st.QueryRowContext(ctx, args...)
	} else {
		row = db.writer(ctx).QueryRowContext(ctx, q, args...)
	}
	err := row.Scan(&id)
	db.wrote(ctx, err)
	return id, mapError(err)
}

// maxStmts bounds each statement cache; queries built from many filter
// combinations beyond it run unprepared.
const maxStmts = 1000

type stmtCache struct {
	m sync.Map // query → *sql.Stmt
	n atomic.Int64
}

// stmt returns the cached prepared statement of q (SQLite only; nil
// otherwise, in a transaction, or when preparing fails, and the caller runs
// q directly). Transactions run unprepared: preparing on the write pool
// while the transaction holds its only connection would wait forever.
func (db *DB) stmt(ctx context.Context, q string, write bool) *sql.Stmt {
	if db.dialect != SQLite {
		return nil
	}
	if _, inTx := ctx.Value(txKey{}).(*sql.Tx); inTx {
		return nil
	}
	pool, cache := db.read, &db.readStmts
	if write {
		pool, cache = db.write, &db.writeStmts
	}
	var st *sql.Stmt
	if v, ok := cache.m.Load(q); ok {
		st = v.(*sql.Stmt)
	} else {
		if cache.n.Load() >= maxStmts {
			return nil
		}
		p, err := pool.PrepareContext(context.WithoutCancel(ctx), q)
		if err != nil {
			return nil
		}
		if v, loaded := cache.m.LoadOrStore(q, p); loaded {
			p.Close()
			st = v.(*sql.Stmt)
		} else {
			cache.n.Add(1)
			st = p
		}
	}
	return st
}

// now returns the store clock's time, normalised to what both databases keep.
func (db *DB) now() time.Time { return db.Now().UTC().Truncate(time.Microsecond) }
