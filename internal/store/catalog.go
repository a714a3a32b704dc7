package store

import (
	"context"
	"strconv"
	"strings"
	"time"

	"github.com/samstyr/samstyr/internal/catalog"
)

// The standards catalogue and product conformance (internal/catalog).

// CreateStandard inserts a standard and sets its id and times.
func (db *DB) CreateStandard(ctx context.Context, s *catalog.Standard) error {
	now := db.now()
	s.CreatedAt, s.UpdatedAt = now, now
	var err error
	s.ID, err = db.insert(ctx, `INSERT INTO standards (code, name, owner, scope, url, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
		s.Code, s.Name, s.Owner, s.Scope, s.URL, now, now)
	return err
}

const standardColumns = `id, code, name, owner, scope, url, created_at, updated_at`

func scanStandard(sc interface{ Scan(...any) error }) (*catalog.Standard, error) {
	var s catalog.Standard
	err := sc.Scan(&s.ID, &s.Code, &s.Name, &s.Owner, &s.Scope, &s.URL, tm(&s.CreatedAt), tm(&s.UpdatedAt))
	s.Versions, s.Links = []*catalog.Version{}, []catalog.Link{}
	return &s, mapError(err)
}

// FindStandardByID returns a standard with its versions and links.
func (db *DB) FindStandardByID(ctx context.Context, id int64) (*catalog.Standard, error) {
	s, err := scanStandard(db.queryRow(ctx, `SELECT `+standardColumns+` FROM standards WHERE id = ?`, id))
	if err != nil {
		return nil, orNotFound(err, "standard", id)
	}
	if s.Versions, err = db.findVersions(ctx, `WHERE v.standard_id = ?`, id); err != nil {
		return nil, err
	}
	rows, err := db.query(ctx, `SELECT item_type, item_id, title FROM standard_links WHERE standard_id = ? ORDER BY item_type, item_id`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var l catalog.Link
		if err := rows.Scan(&l.Type, &l.ID, &l.Title); err != nil {
			return nil, mapError(err)
		}
		s.Links = append(s.Links, l)
	}
	return s, mapError(rows.Err())
}

// FindStandards returns the catalogue by code, with versions.
func (db *DB) FindStandards(ctx context.Context) ([]*catalog.Standard, error) {
	rows, err := db.query(ctx, `SELECT `+standardColumns+` FROM standards ORDER BY code`)
	if err != nil {
		return nil, err
	}
	out := []*catalog.Standard{}
	byID := map[int64]*catalog.Standard{}
	for rows.Next() {
		s, err := scanStandard(rows)
		if err != nil {
			rows.Close()
			return nil, err
		}
		out = append(out, s)
		byID[s.ID] = s
	}
	rows.Close()
	if err := mapError(rows.Err()); err != nil {
		return nil, err
	}
	vs, err := db.findVersions(ctx, ``)
	if err != nil {
		return nil, err
	}
	for _, v := range vs {
		if s := byID[v.StandardID]; s != nil {
			s.Versions = append(s.Versions, v)
		}
	}
	return out, nil
}

const stdVersionColumns = `v.id, v.standard_id, s.code, v.version, v.published_on, v.status, v.decision_id, v.adopted_on, v.retired_on`

func (db *DB) findVersions(ctx context.Context, where string, args ...any) ([]*catalog.Version, error) {
	rows, err := db.query(ctx, `SELECT `+stdVersionColumns+` FROM standard_versions v JOIN standards s ON s.id = v.standard_id `+where+
		` ORDER BY s.code, v.id`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []*catalog.Version{}
	for rows.Next() {
		var v catalog.Version
		if err := rows.Scan(&v.ID, &v.StandardID, &v.StandardCode, &v.Version, tm(&v.PublishedOn), &v.Status, ni(&v.DecisionID),
			tm(&v.AdoptedOn), tm(&v.RetiredOn)); err != nil {
			return nil, mapError(err)
		}
		out = append(out, &v)
	}
	return out, mapError(rows.Err())
}

// FindStandardVersions returns every version of every standard.
func (db *DB) FindStandardVersions(ctx context.Context) ([]*catalog.Version, error) {
	return db.findVersions(ctx, ``)
}

// FindStandardVersion returns one version.
func (db *DB) FindStandardVersion(ctx context.Context, id int64) (*catalog.Version, error) {
	vs, err := db.findVersions(ctx, `WHERE v.id = ?`, id)
	if err != nil {
		return nil, err
	}
	if len(vs) == 0 {
		return nil, notFound("standard_version", id)
	}
	return vs[0], nil
}

// CreateStandardVersion inserts a version and sets its id.
func (db *DB) CreateStandardVersion(ctx context.Context, v *catalog.Version) error {
	var err error
	v.ID, err = db.insert(ctx, `INSERT INTO standard_versions (standard_id, version, published_on, status, decision_id, adopted_on, retired_on)
		VALUES (?, ?, ?, ?, ?, ?, ?)`, v.StandardID, v.Version, dateArg(v.PublishedOn), v.Status, nullInt(v.DecisionID),
		dateArg(v.AdoptedOn), dateArg(v.RetiredOn))
	return err
}

// UpdateStandardVersion writes a version's status, decision and dates.
func (db *DB) UpdateStandardVersion(ctx context.Context, v *catalog.Version) error {
	res, err := db.exec(ctx, `UPDATE standard_versions SET status = ?, decision_id = ?, adopted_on = ?, retired_on = ?, published_on = ?
		WHERE id = ?`, v.Status, nullInt(v.DecisionID), dateArg(v.AdoptedOn), dateArg(v.RetiredOn), dateArg(v.PublishedOn), v.ID)
	return affected(res, err, "standard_version", v.ID)
}

// AddStandardLink links a need or project to a standard (once).
func (db *DB) AddStandardLink(ctx context.Context, standardID int64, l catalog.Link) error {
	_, err := db.exec(ctx, `INSERT INTO standard_links (standard_id, item_type, item_id, title) VALUES (?, ?, ?, ?)
		ON CONFLICT (standard_id, item_type, item_id) DO NOTHING`, standardID, l.Type, l.ID, l.Title)
	return err
}

// ExpireDeclarations expires the declared and verified declarations of a
// version and returns their ids.
func (db *DB) ExpireDeclarations(ctx context.Context, versionID int64, at time.Time) ([]int64, error) {
	ids, err := db.int64s(ctx, `SELECT id FROM conformance_declarations WHERE standard_version_id = ? AND state IN ('declared','verified')
		ORDER BY id`, versionID)
	if err != nil || len(ids) == 0 {
		return ids, err
	}
	_, err = db.exec(ctx, `UPDATE conformance_declarations SET state = 'expired', decided_at = ? WHERE standard_version_id = ?
		AND state IN ('declared','verified')`, timeArg(at), versionID)
	return ids, err
}

// CreateDeclaration inserts a declaration and sets its id.
func (db *DB) CreateDeclaration(ctx context.Context, d *catalog.Declaration) error {
	var err error
	var data any
	if len(d.EvidenceData) > 0 {
		data = d.EvidenceData
	}
	d.ID, err = db.insert(ctx, `INSERT INTO conformance_declarations (vendor_id, product, product_version, standard_version_id,
		evidence_url, evidence_name, evidence_type, evidence_size, evidence_data, state, reason, declared_by, declared_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		d.VendorID, d.Product, d.ProductVersion, d.StandardVersionID, d.EvidenceURL, d.EvidenceName, d.EvidenceType, d.EvidenceSize,
		data, d.State, d.Reason, nullInt(d.DeclaredBy), timeArg(d.DeclaredAt))
	return err
}

// UpdateDeclaration writes a declaration's state and decision.
func (db *DB) UpdateDeclaration(ctx context.Context, d *catalog.Declaration) error {
	res, err := db.exec(ctx, `UPDATE conformance_declarations SET state = ?, reason = ?, decided_by = ?, decided_at = ? WHERE id = ?`,
		d.State, d.Reason, nullInt(d.DecidedBy), timeArg(d.DecidedAt), d.ID)
	return affected(res, err, "conformance_declaration", d.ID)
}

const declarationColumns = `d.id, d.vendor_id, o.name, d.product, d.product_version, d.standard_version_id, s.code, v.version,
	d.evidence_url, d.evidence_name, d.evidence_type, d.evidence_size, d.state, d.reason, d.declared_by, d.declared_at, d.decided_by,
	d.decided_at`

const declarationFrom = ` FROM conformance_declarations d JOIN organisations o ON o.id = d.vendor_id
	JOIN standard_versions v ON v.id = d.standard_version_id JOIN standards s ON s.id = v.standard_id`

func scanDeclaration(sc interface{ Scan(...any) error }) (*catalog.Declaration, error) {
	var d catalog.Declaration
	var code, version string
	err := sc.Scan(&d.ID, &d.VendorID, &d.VendorName, &d.Product, &d.ProductVersion, &d.StandardVersionID, &code, &version,
		&d.EvidenceURL, &d.EvidenceName, &d.EvidenceType, &d.EvidenceSize, &d.State, &d.Reason, ni(&d.DeclaredBy), tm(&d.DeclaredAt), ni(&d.DecidedBy), tm(&d.DecidedAt))
	d.StandardLabel = code + " " + version
	return &d, mapError(err)
}

// FindDeclarationByID returns one declaration.
func (db *DB) FindDeclarationByID(ctx context.Context, id int64) (*catalog.Declaration, error) {
	d, err := scanDeclaration(db.queryRow(ctx, `SELECT `+declarationColumns+declarationFrom+` WHERE d.id = ?`, id))
	if err != nil {
		return nil, orNotFound(err, "conformance_declaration", id)
	}
	return d, nil
}

// FindDeclarationEvidence returns a declaration with its evidence file.
func (db *DB) FindDeclarationEvidence(ctx context.Context, id int64) (*catalog.Declaration, error) {
	d, err := db.FindDeclarationByID(ctx, id)
	if err != nil {
		return nil, err
	}
	var data []byte
	if err := db.queryRow(ctx, `SELECT evidence_data FROM conformance_declarations WHERE id = ?`, id).Scan(&data); err != nil {
		return nil, mapError(err)
	}
	d.EvidenceData = data
	return d, nil
}

// FindDeclarations returns declarations by standard, product and vendor;
// Public keeps the verified ones and the vendor's own (VendorID).
func (db *DB) FindDeclarations(ctx context.Context, f catalog.DeclarationFilter) ([]*catalog.Declaration, error) {
	var where []string
	var args []any
	if f.Public {
		where, args = append(where, "(d.state = 'verified' OR (? <> 0 AND d.vendor_id = ?))"), append(args, f.VendorID, f.VendorID)
	}
	if f.StandardVersionID != 0 {
		where, args = append(where, "d.standard_version_id = ?"), append(args, f.StandardVersionID)
	}
	if f.State != "" {
		where, args = append(where, "d.state = ?"), append(args, f.State)
	}
	if q := strings.TrimSpace(f.Q); q != "" {
		like := "%" + likeEscape(strings.ToLower(q)) + "%"
		where, args = append(where, `(LOWER(d.product) LIKE ? ESCAPE '\' OR LOWER(o.name) LIKE ? ESCAPE '\')`), append(args, like, like)
	}
	q := `SELECT ` + declarationColumns + declarationFrom
	if len(where) > 0 {
		q += " WHERE " + strings.Join(where, " AND ")
	}
	q += ` ORDER BY s.code, v.id, o.name, d.product, d.id`
	if f.Limit > 0 {
		q += ` LIMIT ` + strconv.Itoa(f.Limit)
	}
	rows, err := db.query(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []*catalog.Declaration{}
	for rows.Next() {
		d, err := scanDeclaration(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, mapError(rows.Err())
}

// CountVerifiedDeclarations returns the number of verified declarations
// per standard version.
func (db *DB) CountVerifiedDeclarations(ctx context.Context) (map[int64]int, error) {
	rows, err := db.query(ctx, `SELECT standard_version_id, COUNT(*) FROM conformance_declarations WHERE state = 'verified' GROUP BY standard_version_id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int64]int{}
	for rows.Next() {
		var id int64
		var n int
		if err := rows.Scan(&id, &n); err != nil {
			return nil, mapError(err)
		}
		out[id] = n
	}
	return out, mapError(rows.Err())
}

// OrganisationKind returns an organisation's kind.
func (db *DB) OrganisationKind(ctx context.Context, id int64) (string, error) {
	var k string
	err := db.queryRow(ctx, `SELECT kind FROM organisations WHERE id = ?`, id).Scan(&k)
	return k, orNotFound(mapError(err), "organisation", id)
}
