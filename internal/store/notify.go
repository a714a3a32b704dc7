package store

import (
	"context"
	"encoding/json"
	"strings"
	"time"

	"github.com/samstyr/samstyr/internal/notify"
)

// FindRecipient returns what mailing needs to know of a person.
func (db *DB) FindRecipient(ctx context.Context, personID int64) (*notify.Recipient, error) {
	var r notify.Recipient
	var disabled time.Time
	err := db.queryRow(ctx, `SELECT id, email, name, locale, notify_mode, disabled_at FROM people WHERE id = ?`, personID).
		Scan(&r.ID, &r.Email, &r.Name, &r.Locale, &r.NotifyMode, tm(&disabled))
	if err != nil {
		return nil, orNotFound(mapError(err), "person", personID)
	}
	r.Disabled = !disabled.IsZero()
	return &r, nil
}

// CreateNotification stores a notification and its attachments.
func (db *DB) CreateNotification(ctx context.Context, n *notify.Notification, atts []notify.Attachment) error {
	args, err := json.Marshal(n.Args)
	if err != nil {
		return err
	}
	// Notifications are read fresh by the person they are for (no cached
	// answer shows them).
	return db.WithTx(Tagged(ctx, tagNotifications), func(ctx context.Context) error {
		id, err := db.insert(ctx, `INSERT INTO notifications (person_id, kind, subject_key, body_key, args, link, object_type, object_id, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, n.PersonID, n.Kind, n.SubjectKey, n.BodyKey, string(args), n.Link, n.ObjectType, n.ObjectID, timeArg(n.CreatedAt))
		if err != nil {
			return err
		}
		n.ID = id
		for _, a := range atts {
			if _, err := db.exec(ctx, `INSERT INTO notification_attachments (notification_id, name, content_type, data) VALUES (?, ?, ?, ?)`,
				id, a.Name, a.ContentType, a.Data); err != nil {
				return err
			}
		}
		return nil
	})
}

const notificationColumns = `id, person_id, kind, subject_key, body_key, args, link, object_type, object_id, created_at, read_at, emailed_at`

func scanNotification(sc interface{ Scan(...any) error }) (*notify.Notification, error) {
	var n notify.Notification
	var args string
	if err := sc.Scan(&n.ID, &n.PersonID, &n.Kind, &n.SubjectKey, &n.BodyKey, &args, &n.Link, &n.ObjectType, &n.ObjectID,
		tm(&n.CreatedAt), tm(&n.ReadAt), tm(&n.EmailedAt)); err != nil {
		return nil, mapError(err)
	}
	if err := json.Unmarshal([]byte(args), &n.Args); err != nil {
		return nil, err
	}
	return &n, nil
}

func (db *DB) notifications(ctx context.Context, q string, args ...any) ([]*notify.Notification, error) {
	rows, err := db.query(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*notify.Notification
	for rows.Next() {
		n, err := scanNotification(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, n)
	}
	return out, mapError(rows.Err())
}

// FindNotification returns one notification and its attachments.
func (db *DB) FindNotification(ctx context.Context, id int64) (*notify.Notification, []notify.Attachment, error) {
	n, err := scanNotification(db.queryRow(ctx, `SELECT `+notificationColumns+` FROM notifications WHERE id = ?`, id))
	if err != nil {
		return nil, nil, orNotFound(err, "notification", id)
	}
	rows, err := db.query(ctx, `SELECT name, content_type, data FROM notification_attachments WHERE notification_id = ? ORDER BY id`, id)
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	var atts []notify.Attachment
	for rows.Next() {
		var a notify.Attachment
		if err := rows.Scan(&a.Name, &a.ContentType, &a.Data); err != nil {
			return nil, nil, mapError(err)
		}
		atts = append(atts, a)
	}
	return n, atts, mapError(rows.Err())
}

// FindNotifications returns a person's notifications, newest first.
func (db *DB) FindNotifications(ctx context.Context, personID int64, unread bool, limit int, before int64) ([]*notify.Notification, error) {
	q := `SELECT ` + notificationColumns + ` FROM notifications WHERE person_id = ?`
	args := []any{personID}
	if unread {
		q += ` AND read_at IS NULL`
	}
	if before > 0 {
		q, args = q+` AND id < ?`, append(args, before)
	}
	q, args = q+` ORDER BY id DESC LIMIT ?`, append(args, limit)
	return db.notifications(ctx, q, args...)
}

// CountUnread counts a person's unread notifications.
func (db *DB) CountUnread(ctx context.Context, personID int64) (int, error) {
	var n int
	err := db.queryRow(ctx, `SELECT COUNT(*) FROM notifications WHERE person_id = ? AND read_at IS NULL`, personID).Scan(&n)
	return n, mapError(err)
}

// MarkNotificationsRead marks notifications read (all when ids is empty).
func (db *DB) MarkNotificationsRead(ctx context.Context, personID int64, ids []int64, at time.Time) error {
	q := `UPDATE notifications SET read_at = ? WHERE person_id = ? AND read_at IS NULL`
	args := []any{timeArg(at), personID}
	if len(ids) > 0 {
		q += ` AND id IN (?` + strings.Repeat(", ?", len(ids)-1) + `)`
		for _, id := range ids {
			args = append(args, id)
		}
	}
	_, err := db.exec(ctx, q, args...)
	return err
}

// FindUnmailed returns a person's notifications not yet mailed, oldest first.
func (db *DB) FindUnmailed(ctx context.Context, personID int64) ([]*notify.Notification, error) {
	return db.notifications(ctx, `SELECT `+notificationColumns+` FROM notifications WHERE person_id = ? AND emailed_at IS NULL ORDER BY id`, personID)
}

// FindDigestRecipients returns the enabled people who want a digest and
// have unmailed notifications.
func (db *DB) FindDigestRecipients(ctx context.Context) ([]int64, error) {
	rows, err := db.query(ctx, `SELECT DISTINCT n.person_id FROM notifications n JOIN people p ON p.id = n.person_id
		WHERE n.emailed_at IS NULL AND p.notify_mode = 'digest' AND p.disabled_at IS NULL ORDER BY n.person_id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, mapError(err)
		}
		out = append(out, id)
	}
	return out, mapError(rows.Err())
}

// MarkEmailed records that notifications were mailed.
func (db *DB) MarkEmailed(ctx context.Context, ids []int64, at time.Time) error {
	if len(ids) == 0 {
		return nil
	}
	args := []any{timeArg(at)}
	for _, id := range ids {
		args = append(args, id)
	}
	_, err := db.exec(ctx, `UPDATE notifications SET emailed_at = ? WHERE id IN (?`+strings.Repeat(", ?", len(ids)-1)+`)`, args...)
	return err
}
