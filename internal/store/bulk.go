package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"
)

// Bulk loading, for `samstyr seed bench`: millions of generated rows are
// written with multi-row INSERT statements inside big transactions on the
// one write connection. The loader computes every derived value itself
// (ids, audit hashes, search rows), so the result is what the services
// would have written.

// sqliteTimeFormat is how the SQLite driver writes times (_time_format=sqlite).
const sqliteTimeFormat = "2006-01-02 15:04:05.999999999-07:00"

// Date marks a value for a DATE column in a bulk row.
type Date time.Time

// Bulk buffers the rows of one table and writes them with multi-row INSERT
// statements in the transaction of its context. Create it with NewBulk,
// Add rows, and Flush at the end.
type Bulk struct {
	db    *DB
	ctx   context.Context
	pipe  *BulkPipeline // when set, full batches are written by the pipeline
	table string
	cols  []string
	per   int // rows per statement
	buf   []any
	stmt  *sql.Stmt // the statement for a full batch
	Rows  int64     // rows written (or queued) so far
}

// NewBulk returns a bulk writer for table's columns. ctx must carry a
// transaction (see BulkLoad).
func (db *DB) NewBulk(ctx context.Context, table string, cols ...string) *Bulk {
	// SQLite binds at most 32766 parameters, PostgreSQL 65535.
	per := min(4000, 30000/len(cols))
	return &Bulk{db: db, ctx: ctx, table: table, cols: cols, per: per, buf: make([]any, 0, per*len(cols))}
}

// BulkPipeline writes the batches of several Bulk writers on one goroutine,
// in the order they are handed over, while the caller makes the next rows:
// the database works on one batch while the program generates the next.
// Order is kept across tables, so a batch of rows is written after the
// batches (of any table) handed over before it.
type BulkPipeline struct {
	// BatchRows, when set, caps the rows per statement of the pipeline's
	// writers, so a small dataset is written in as many interleaved
	// batches as a big one (tests use it to catch a child row written
	// before its parent).
	BatchRows int
	db        *DB
	ctx       context.Context
	jobs      chan func() error
	done      chan struct{}
	mu        sync.Mutex
	err       error
}

// NewBulkPipeline starts a pipeline for the transaction in ctx. Call Wait
// at the end.
func (db *DB) NewBulkPipeline(ctx context.Context) *BulkPipeline {
	p := &BulkPipeline{db: db, ctx: ctx, jobs: make(chan func() error, 4), done: make(chan struct{})}
	go func() {
		defer close(p.done)
		for job := range p.jobs {
			if p.Err() != nil {
				continue
			}
			if err := job(); err != nil {
				p.mu.Lock()
				p.err = err
				p.mu.Unlock()
			}
		}
	}()
	return p
}

// Err returns the first error of a batch written so far.
func (p *BulkPipeline) Err() error {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.err
}

// NewBulk returns a bulk writer whose batches the pipeline writes.
func (p *BulkPipeline) NewBulk(table string, cols ...string) *Bulk {
	b := p.db.NewBulk(p.ctx, table, cols...)
	b.pipe = p
	if p.BatchRows > 0 && p.BatchRows < b.per {
		b.per = p.BatchRows
		b.buf = make([]any, 0, b.per*len(cols))
	}
	return b
}

// Sync waits until every batch handed over so far is written, so that the
// caller may read in the transaction (a query must not run while a batch
// is being written on the same connection).
func (p *BulkPipeline) Sync() error {
	done := make(chan struct{})
	if err := p.submit(func() error { close(done); return nil }); err != nil {
		return err
	}
	<-done
	return p.Err()
}

// Wait writes what is left and returns the first error.
func (p *BulkPipeline) Wait() error {
	close(p.jobs)
	<-p.done
	return p.Err()
}

func (p *BulkPipeline) submit(job func() error) error {
	if err := p.Err(); err != nil {
		return err
	}
	p.jobs <- job
	return nil
}

// Add appends a row (one value per column). A zero time.Time, or a zero
// Date, is NULL.
func (b *Bulk) Add(vals ...any) error {
	if len(vals) != len(b.cols) {
		return fmt.Errorf("bulk %s: %d values for %d columns", b.table, len(vals), len(b.cols))
	}
	for _, v := range vals {
		switch x := v.(type) {
		case time.Time:
			v = timeArg(x)
			if v != nil && b.db.dialect == SQLite {
				// The text the SQLite driver writes for a time
				// (_time_format=sqlite), made here rather than on the
				// goroutine that writes, which is the bottleneck.
				v = x.UTC().Truncate(time.Microsecond).Format(sqliteTimeFormat)
			}
		case Date:
			v = dateArg(time.Time(x))
		}
		b.buf = append(b.buf, v)
	}
	if len(b.buf) == cap(b.buf) {
		return b.write(true)
	}
	return nil
}

// Flush writes the buffered rows.
func (b *Bulk) Flush() error {
	if len(b.buf) == 0 {
		return nil
	}
	return b.write(false)
}

func (b *Bulk) write(full bool) error {
	n := len(b.buf) / len(b.cols)
	b.Rows += int64(n)
	if b.pipe != nil {
		buf := b.buf
		b.buf = make([]any, 0, cap(buf))
		return b.pipe.submit(func() error { return b.exec(buf, full) })
	}
	err := b.exec(b.buf, full)
	b.buf = b.buf[:0]
	return err
}

// exec writes the rows in buf with one statement.
func (b *Bulk) exec(buf []any, full bool) error {
	n := len(buf) / len(b.cols)
	tx, ok := b.ctx.Value(txKey{}).(*sql.Tx)
	if !ok {
		return fmt.Errorf("bulk %s: no transaction", b.table)
	}
	var err error
	if full {
		if b.stmt == nil {
			if b.stmt, err = tx.PrepareContext(b.ctx, b.db.rebind(b.insertSQL(n))); err != nil {
				return fmt.Errorf("bulk %s: %w", b.table, err)
			}
		}
		_, err = b.stmt.ExecContext(b.ctx, buf...)
	} else {
		_, err = tx.ExecContext(b.ctx, b.db.rebind(b.insertSQL(n)), buf...)
	}
	if err != nil {
		return fmt.Errorf("bulk %s: %w", b.table, mapError(err))
	}
	return nil
}

// Close flushes and releases the prepared statement (in the pipeline's
// order when there is one).
func (b *Bulk) Close() error {
	err := b.Flush()
	release := func() error {
		if b.stmt != nil {
			b.stmt.Close()
			b.stmt = nil
		}
		return nil
	}
	if b.pipe != nil {
		return errors.Join(err, b.pipe.submit(release))
	}
	return errors.Join(err, release())
}

func (b *Bulk) insertSQL(rows int) string {
	row := "(" + strings.TrimSuffix(strings.Repeat("?, ", len(b.cols)), ", ") + ")"
	var s strings.Builder
	s.WriteString("INSERT INTO " + b.table + " (" + strings.Join(b.cols, ", ") + ") VALUES ")
	for i := range rows {
		if i > 0 {
			s.WriteString(", ")
		}
		s.WriteString(row)
	}
	return s.String()
}

// BulkLoad runs fn in one transaction tuned for loading: on SQLite with
// synchronous writes off for the transaction's connection and a large page
// cache; on PostgreSQL with asynchronous commit. Every constraint, index
// and trigger stays in force.
func (db *DB) BulkLoad(ctx context.Context, fn func(ctx context.Context) error) error {
	if db.dialect == SQLite {
		// The sorter that builds the indexes at the end may use a second
		// thread.
		for _, p := range []string{`PRAGMA synchronous = OFF`, `PRAGMA cache_size = -262144`, `PRAGMA temp_store = MEMORY`, `PRAGMA threads = 2`} {
			if _, err := db.write.ExecContext(ctx, p); err != nil {
				return err
			}
		}
		defer func() {
			_, _ = db.write.ExecContext(context.Background(), `PRAGMA synchronous = NORMAL`)
			_, _ = db.write.ExecContext(context.Background(), `PRAGMA cache_size = -2000`)
			_, _ = db.write.ExecContext(context.Background(), `PRAGMA threads = 0`)
		}()
	}
	return db.WithTx(ctx, func(ctx context.Context) error {
		if db.dialect == Postgres {
			if _, err := db.exec(ctx, `SET LOCAL synchronous_commit = off`); err != nil {
				return err
			}
			if err := db.untimed(ctx); err != nil {
				return err
			}
		}
		// Secondary indexes are built once at the end, from all the rows,
		// which is much faster than keeping them up to date row by row. A
		// unique one is checked then: duplicates still fail the load.
		indexes, err := db.dropIndexes(ctx)
		if err != nil {
			return err
		}
		if err := fn(ctx); err != nil {
			return err
		}
		for _, ddl := range indexes {
			if _, err := db.exec(ctx, ddl); err != nil {
				return fmt.Errorf("rebuild index: %w", err)
			}
		}
		return nil
	})
}

// dropIndexes drops the indexes the migrations created (not those that
// carry a primary key or unique constraint) and returns their definitions.
func (db *DB) dropIndexes(ctx context.Context) ([]string, error) {
	q := `SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL ORDER BY name`
	if db.dialect == Postgres {
		q = `SELECT indexname, indexdef FROM pg_indexes i WHERE schemaname = current_schema()
			AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname AND c.connamespace = current_schema()::regnamespace)
			ORDER BY indexname`
	}
	rows, err := db.query(ctx, q)
	if err != nil {
		return nil, err
	}
	var names, defs []string
	for rows.Next() {
		var n, d string
		if err := rows.Scan(&n, &d); err != nil {
			rows.Close()
			return nil, mapError(err)
		}
		names, defs = append(names, n), append(defs, d)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, mapError(err)
	}
	for _, n := range names {
		if _, err := db.exec(ctx, `DROP INDEX `+n); err != nil {
			return nil, err
		}
	}
	return defs, nil
}

// AfterBulkLoad brings the database in step after rows were loaded with
// explicit ids: SQLite's write-ahead log is folded into the database file;
// PostgreSQL's identity sequences move past the highest id and its planner
// statistics are refreshed (as autovacuum would). SQLite gets no
// statistics, as samstyr never gathers them in use either.
func (db *DB) AfterBulkLoad(ctx context.Context) error {
	if db.dialect == SQLite {
		_, err := db.write.ExecContext(ctx, `PRAGMA wal_checkpoint(TRUNCATE)`)
		return err
	}
	names, err := db.tableNames(ctx)
	if err != nil {
		return err
	}
	tables := make([]tableInfo, len(names))
	for i, n := range names {
		tables[i] = tableInfo{Name: n}
	}
	if err := db.resetSequences(ctx, tables); err != nil {
		return err
	}
	return db.WithTx(ctx, func(ctx context.Context) error {
		if err := db.untimed(ctx); err != nil {
			return err
		}
		_, err := db.conn(ctx).ExecContext(ctx, `ANALYZE`)
		return err
	})
}

// SetAuditHeadForLoad records the head of an audit chain a bulk load wrote
// (the loader computed every event's hash, as Record does).
func (db *DB) SetAuditHeadForLoad(ctx context.Context, seq int64, hash string) error {
	_, err := db.exec(ctx, `UPDATE audit_head SET seq = ?, hash = ? WHERE id = 1`, seq, hash)
	return err
}

// ApproveMinutesForLoad approves draft minutes loaded in bulk, with the
// frozen document the loader composed as the service does.
func (db *DB) ApproveMinutesForLoad(ctx context.Context, meetingID int64, at time.Time, decisionID int64, frozen []byte) error {
	_, err := db.exec(ctx, `UPDATE minutes SET state = 'approved', approved_at = ?, approval_decision_id = ?, frozen = ?, updated_at = ?
		WHERE meeting_id = ? AND state = 'draft'`, timeArg(at), nullInt(decisionID), string(frozen), timeArg(at), meetingID)
	return err
}
