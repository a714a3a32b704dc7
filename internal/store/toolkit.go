package store

import (
	"context"
	"strings"
	"time"

	"github.com/samstyr/samstyr/internal/toolkit"
)

// The toolkit and news (internal/toolkit).

// CreateToolkitDocument inserts a document without versions.
func (db *DB) CreateToolkitDocument(ctx context.Context, d *toolkit.Document) error {
	now := db.now()
	d.CreatedAt, d.UpdatedAt = now, now
	var err error
	d.ID, err = db.insert(ctx, `INSERT INTO toolkit_documents (category, title, summary, visibility, current_version, created_at, updated_at)
		VALUES (?, ?, ?, ?, 0, ?, ?)`, d.Category, d.Title, d.Summary, d.Visibility, now, now)
	return err
}

const toolkitDocColumns = `d.id, d.category, d.title, d.summary, d.visibility, d.current_version, d.updated_by, COALESCE(p.name, ''),
	d.created_at, d.updated_at`

const toolkitDocFrom = ` FROM toolkit_documents d LEFT JOIN people p ON p.id = d.updated_by`

func scanToolkitDoc(sc interface{ Scan(...any) error }) (*toolkit.Document, error) {
	var d toolkit.Document
	err := sc.Scan(&d.ID, &d.Category, &d.Title, &d.Summary, &d.Visibility, &d.Current, ni(&d.UpdatedBy), &d.UpdatedByName,
		tm(&d.CreatedAt), tm(&d.UpdatedAt))
	return &d, mapError(err)
}

// FindToolkitDocument returns a document with its versions, newest first
// (without the files' content).
func (db *DB) FindToolkitDocument(ctx context.Context, id int64) (*toolkit.Document, error) {
	d, err := scanToolkitDoc(db.queryRow(ctx, `SELECT `+toolkitDocColumns+toolkitDocFrom+` WHERE d.id = ?`, id))
	if err != nil {
		return nil, orNotFound(err, "toolkit_document", id)
	}
	rows, err := db.query(ctx, `SELECT v.id, v.document_id, v.number, v.body, v.note, v.file_name, v.file_type, v.file_size, v.created_by,
		COALESCE(p.name, ''), v.created_at FROM toolkit_versions v LEFT JOIN people p ON p.id = v.created_by
		WHERE v.document_id = ? ORDER BY v.number DESC`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	d.Versions = []*toolkit.Version{}
	for rows.Next() {
		var v toolkit.Version
		if err := rows.Scan(&v.ID, &v.DocumentID, &v.Number, &v.Text, &v.Note, &v.FileName, &v.FileType, &v.FileSize, ni(&v.CreatedBy),
			&v.CreatedByName, tm(&v.CreatedAt)); err != nil {
			return nil, mapError(err)
		}
		d.Versions = append(d.Versions, &v)
	}
	return d, mapError(rows.Err())
}

// FindToolkitDocuments returns the documents by category and title; the
// public ones only unless f.Members; f.Query matches (case-insensitively)
// the title, summary, category and the current version's text.
func (db *DB) FindToolkitDocuments(ctx context.Context, f toolkit.Filter) ([]*toolkit.Document, error) {
	where, args := []string{"1 = 1"}, []any{}
	if !f.Members {
		where = append(where, "d.visibility = 'public'")
	}
	if f.Category != "" {
		where, args = append(where, "d.category = ?"), append(args, f.Category)
	}
	if f.Query != "" {
		q := "%" + strings.NewReplacer(`\`, `\\`, "%", `\%`, "_", `\_`).Replace(strings.ToLower(f.Query)) + "%"
		where = append(where, `(LOWER(d.title) LIKE ? ESCAPE '\' OR LOWER(d.summary) LIKE ? ESCAPE '\' OR LOWER(d.category) LIKE ? ESCAPE '\'
			OR EXISTS (SELECT 1 FROM toolkit_versions v WHERE v.document_id = d.id AND v.number = d.current_version AND LOWER(v.body) LIKE ? ESCAPE '\'))`)
		args = append(args, q, q, q, q)
	}
	rows, err := db.query(ctx, `SELECT `+toolkitDocColumns+toolkitDocFrom+` WHERE `+strings.Join(where, " AND ")+
		` ORDER BY d.category, d.title, d.id`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []*toolkit.Document{}
	for rows.Next() {
		d, err := scanToolkitDoc(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, mapError(rows.Err())
}

// NextToolkitVersion raises the current version number in one conditional
// update (the row lock on PostgreSQL orders concurrent writers).
func (db *DB) NextToolkitVersion(ctx context.Context, id, by int64, at time.Time) (int64, error) {
	var n int64
	err := db.queryRow(ctx, `UPDATE toolkit_documents SET current_version = current_version + 1, updated_by = ?, updated_at = ?
		WHERE id = ? RETURNING current_version`, nullInt(by), timeArg(at), id).Scan(&n)
	return n, orNotFound(mapError(err), "toolkit_document", id)
}

// CreateToolkitVersion inserts a version.
func (db *DB) CreateToolkitVersion(ctx context.Context, v *toolkit.Version) error {
	var data any
	if len(v.FileData) > 0 {
		data = v.FileData
	}
	var err error
	v.ID, err = db.insert(ctx, `INSERT INTO toolkit_versions (document_id, number, body, note, file_name, file_type, file_size, file_data,
		created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		v.DocumentID, v.Number, v.Text, v.Note, v.FileName, v.FileType, v.FileSize, data, nullInt(v.CreatedBy), timeArg(v.CreatedAt))
	return err
}

// FindToolkitVersionFile returns one version with its file.
func (db *DB) FindToolkitVersionFile(ctx context.Context, documentID, number int64) (*toolkit.Version, error) {
	var v toolkit.Version
	err := db.queryRow(ctx, `SELECT id, document_id, number, file_name, file_type, file_size, file_data FROM toolkit_versions
		WHERE document_id = ? AND number = ?`, documentID, number).Scan(&v.ID, &v.DocumentID, &v.Number, &v.FileName, &v.FileType, &v.FileSize, &v.FileData)
	if err != nil {
		return nil, orNotFound(mapError(err), "toolkit_version", number)
	}
	return &v, nil
}

// CreateNews inserts a news item.
func (db *DB) CreateNews(ctx context.Context, n *toolkit.News) error {
	var err error
	n.ID, err = db.insert(ctx, `INSERT INTO news_items (title, summary, body, lang, published_at, created_by, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
		n.Title, n.Summary, n.Body, n.Lang, timeArg(n.PublishedAt), nullInt(n.CreatedBy), timeArg(n.UpdatedAt))
	return err
}

const newsColumns = `id, title, summary, body, lang, published_at, created_by, updated_at`

func scanNews(sc interface{ Scan(...any) error }) (*toolkit.News, error) {
	var n toolkit.News
	err := sc.Scan(&n.ID, &n.Title, &n.Summary, &n.Body, &n.Lang, tm(&n.PublishedAt), ni(&n.CreatedBy), tm(&n.UpdatedAt))
	return &n, mapError(err)
}

// FindNewsByID returns one news item.
func (db *DB) FindNewsByID(ctx context.Context, id int64) (*toolkit.News, error) {
	n, err := scanNews(db.queryRow(ctx, `SELECT `+newsColumns+` FROM news_items WHERE id = ?`, id))
	if err != nil {
		return nil, orNotFound(err, "news", id)
	}
	return n, nil
}

// FindNews returns the newest news items first.
func (db *DB) FindNews(ctx context.Context, limit int) ([]*toolkit.News, error) {
	rows, err := db.query(ctx, `SELECT `+newsColumns+` FROM news_items ORDER BY published_at DESC, id DESC LIMIT ?`, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []*toolkit.News{}
	for rows.Next() {
		n, err := scanNews(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, n)
	}
	return out, mapError(rows.Err())
}
