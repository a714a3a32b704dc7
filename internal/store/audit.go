package store

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/samstyr/samstyr/internal/audit"
	"github.com/samstyr/samstyr/internal/listing"
)

// Record appends an audit event. It must run inside the transaction of the
// change it records; outside one it opens its own. The head row is locked
// by the UPDATE, which serialises appends across connections and nodes.
func (db *DB) Record(ctx context.Context, e audit.Entry) error {
	before, err := audit.Marshal(e.Before)
	if err != nil {
		return err
	}
	after, err := audit.Marshal(e.After)
	if err != nil {
		return err
	}
	// No cached answer shows the audit log: recording an event ends none.
	return db.WithTx(Tagged(ctx, TagAudit), func(ctx context.Context) error {
		ev := audit.Event{At: db.now(), ActorID: e.ActorID, Action: e.Action, ObjectType: e.ObjectType,
			ObjectID: e.Key(), Before: before, After: after, RequestID: audit.RequestID(ctx)}
		if err := db.queryRow(ctx, `UPDATE audit_head SET seq = seq + 1 WHERE id = 1 RETURNING seq, hash`).Scan(&ev.Seq, &ev.PrevHash); err != nil {
			return mapError(fmt.Errorf("audit head: %w", err))
		}
		ev.Hash = ev.ComputeHash()
		if _, err := db.exec(ctx, `INSERT INTO audit_events (seq, at, actor_id, action, object_type, object_id, before, after, request_id, prev_hash, hash)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, ev.Seq, ev.At, nullInt(ev.ActorID), ev.Action, ev.ObjectType, ev.ObjectID,
			ev.Before, ev.After, ev.RequestID, ev.PrevHash, ev.Hash); err != nil {
			return fmt.Errorf("audit insert: %w", err)
		}
		_, err := db.exec(ctx, `UPDATE audit_head SET hash = ? WHERE id = 1`, ev.Hash)
		return err
	})
}

const auditColumns = `seq, at, actor_id, action, object_type, object_id, before, after, request_id, prev_hash, hash`

func scanEvent(sc interface{ Scan(...any) error }) (*audit.Event, error) {
	var e audit.Event
	if err := sc.Scan(&e.Seq, tm(&e.At), ni(&e.ActorID), &e.Action, &e.ObjectType, &e.ObjectID, &e.Before, &e.After,
		&e.RequestID, &e.PrevHash, &e.Hash); err != nil {
		return nil, mapError(err)
	}
	return &e, nil
}

// FindAuditEvents returns events matching the filter, newest first.
func (db *DB) FindAuditEvents(ctx context.Context, f audit.Filter) ([]*audit.Event, error) {
	q := `SELECT ` + auditColumns + `, COALESCE((SELECT name FROM people WHERE id = audit_events.actor_id), ''),
		COALESCE(CASE object_type
			WHEN 'person' THEN (SELECT name FROM people WHERE CAST(people.id AS TEXT) = audit_events.object_id)
			WHEN 'organisation' THEN (SELECT name FROM organisations WHERE CAST(organisations.id AS TEXT) = audit_events.object_id)
		END, '') FROM audit_events WHERE 1=1`
	var args []any
	if f.ObjectType != "" {
		q, args = q+` AND object_type = ?`, append(args, f.ObjectType)
	}
	if f.ObjectID != "" {
		q, args = q+` AND object_id = ?`, append(args, f.ObjectID)
	}
	if f.ActorID != 0 {
		q, args = q+` AND actor_id = ?`, append(args, f.ActorID)
	}
	if f.Action != "" {
		q, args = q+` AND action = ?`, append(args, f.Action)
	}
	if f.Before > 0 {
		q, args = q+` AND seq < ?`, append(args, f.Before)
	}
	if f.Limit <= 0 {
		f.Limit = listing.DefaultLimit
	}
	q, args = q+` ORDER BY seq DESC LIMIT ?`, append(args, f.Limit)
	rows, err := db.query(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*audit.Event
	for rows.Next() {
		var e audit.Event
		if err := rows.Scan(&e.Seq, tm(&e.At), ni(&e.ActorID), &e.Action, &e.ObjectType, &e.ObjectID, &e.Before, &e.After,
			&e.RequestID, &e.PrevHash, &e.Hash, &e.ActorName, &e.ObjectName); err != nil {
			return nil, mapError(err)
		}
		out = append(out, &e)
	}
	return out, mapError(rows.Err())
}

// VerifyAudit walks the whole log in order, in batches, inside one read
// snapshot, and checks the chain against the recorded head.
func (db *DB) VerifyAudit(ctx context.Context) (audit.Result, error) {
	var res audit.Result
	err := db.readSnapshot(ctx, func(ctx context.Context) error {
		var headSeq int64
		var headHash string
		if err := db.queryRow(ctx, `SELECT seq, hash FROM audit_head WHERE id = 1`).Scan(&headSeq, &headHash); err != nil {
			return mapError(err)
		}
		v := audit.NewVerifier()
		after := int64(-1)
		for {
			rows, err := db.query(ctx, `SELECT `+auditColumns+` FROM audit_events WHERE seq > ? ORDER BY seq LIMIT 5000`, after)
			if err != nil {
				return err
			}
			n, ok := 0, true
			for ok && rows.Next() {
				e, err := scanEvent(rows)
				if err != nil {
					rows.Close()
					return err
				}
				n++
				after = e.Seq
				ok = v.Add(e)
			}
			rows.Close()
			if err := rows.Err(); err != nil {
				return mapError(err)
			}
			if !ok || n < 5000 {
				break
			}
		}
		res = v.Finish(headSeq, headHash)
		return nil
	})
	return res, err
}

// AuditHead returns the sequence number and hash of the newest event.
func (db *DB) AuditHead(ctx context.Context) (int64, string, error) {
	var seq int64
	var hash string
	err := db.queryRow(ctx, `SELECT seq, hash FROM audit_head WHERE id = 1`).Scan(&seq, &hash)
	return seq, hash, mapError(err)
}

// readSnapshot runs fn in a read-only transaction that sees one consistent
// snapshot (REPEATABLE READ on PostgreSQL; a read transaction on SQLite).
func (db *DB) readSnapshot(ctx context.Context, fn func(ctx context.Context) error) error {
	if InTx(ctx) {
		return fn(ctx)
	}
	opts := &sql.TxOptions{ReadOnly: true}
	if db.dialect == Postgres {
		opts.Isolation = sql.LevelRepeatableRead
	}
	tx, err := db.read.BeginTx(ctx, opts)
	if err != nil {
		return mapError(err)
	}
	defer tx.Rollback()
	return fn(context.WithValue(ctx, txKey{}, tx))
}
