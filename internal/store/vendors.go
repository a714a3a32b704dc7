package store

import (
	"context"
	"strings"
	"time"

	"github.com/samstyr/samstyr/internal/errs"
	"github.com/samstyr/samstyr/internal/vendors"
)

// The vendor register and the contact log (internal/vendors).

// vendorProducts returns the distinct products of a vendor's declarations
// (verified ones only unless all).
func (db *DB) vendorProducts(ctx context.Context, orgID int64, all bool) ([]string, error) {
	rows, err := db.query(ctx, `SELECT DISTINCT product FROM conformance_declarations WHERE vendor_id = ?
		AND (? OR state = 'verified') ORDER BY product`, orgID, all)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []string{}
	for rows.Next() {
		var p string
		if err := rows.Scan(&p); err != nil {
			return nil, mapError(err)
		}
		out = append(out, p)
	}
	return out, mapError(rows.Err())
}

// FindVendors returns the active vendors by name with their verified
// products; Q matches part of the name or the organisation number.
func (db *DB) FindVendors(ctx context.Context, f vendors.VendorFilter) ([]*vendors.Vendor, error) {
	q := `SELECT id, name, COALESCE(org_number, ''), COALESCE(website, '') FROM organisations WHERE kind = 'vendor' AND active`
	var args []any
	if s := strings.TrimSpace(f.Q); s != "" {
		q += ` AND (LOWER(name) LIKE ? OR org_number = ?)`
		args = append(args, "%"+strings.ToLower(s)+"%", s)
	}
	rows, err := db.query(ctx, q+` ORDER BY name, id`, args...)
	if err != nil {
		return nil, err
	}
	out := []*vendors.Vendor{}
	for rows.Next() {
		v := &vendors.Vendor{}
		if err := rows.Scan(&v.ID, &v.Name, &v.OrgNumber, &v.Website); err != nil {
			rows.Close()
			return nil, mapError(err)
		}
		out = append(out, v)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, mapError(err)
	}
	for _, v := range out {
		if v.Products, err = db.vendorProducts(ctx, v.ID, false); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// FindVendorByID returns a vendor with products and declarations.
func (db *DB) FindVendorByID(ctx context.Context, id int64, all bool) (*vendors.Vendor, error) {
	v := &vendors.Vendor{}
	err := db.queryRow(ctx, `SELECT id, name, COALESCE(org_number, ''), COALESCE(website, '') FROM organisations
		WHERE id = ? AND kind = 'vendor'`, id).Scan(&v.ID, &v.Name, &v.OrgNumber, &v.Website)
	if err != nil {
		return nil, orNotFound(mapError(err), "vendor", id)
	}
	if v.Products, err = db.vendorProducts(ctx, id, all); err != nil {
		return nil, err
	}
	rows, err := db.query(ctx, `SELECT d.id, d.product, d.product_version, s.code || ' ' || sv.version, d.state
		FROM conformance_declarations d JOIN standard_versions sv ON sv.id = d.standard_version_id JOIN standards s ON s.id = sv.standard_id
		WHERE d.vendor_id = ? AND (? OR d.state = 'verified') ORDER BY d.product, d.product_version, d.id`, id, all)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	v.Declarations = []*vendors.Declaration{}
	for rows.Next() {
		d := &vendors.Declaration{}
		if err := rows.Scan(&d.ID, &d.Product, &d.ProductVersion, &d.Standard, &d.State); err != nil {
			return nil, mapError(err)
		}
		v.Declarations = append(v.Declarations, d)
	}
	return v, mapError(rows.Err())
}

// FindVendorPeople returns a vendor's contact people by name.
func (db *DB) FindVendorPeople(ctx context.Context, orgID int64) ([]*vendors.Person, error) {
	rows, err := db.query(ctx, `SELECT id, org_id, name, role, email, phone, created_at FROM vendor_contacts WHERE org_id = ? ORDER BY name, id`, orgID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []*vendors.Person{}
	for rows.Next() {
		p := &vendors.Person{}
		if err := rows.Scan(&p.ID, &p.OrgID, &p.Name, &p.Role, &p.Email, &p.Phone, tm(&p.CreatedAt)); err != nil {
			return nil, mapError(err)
		}
		out = append(out, p)
	}
	return out, mapError(rows.Err())
}

// CreateVendorPerson inserts a contact person.
func (db *DB) CreateVendorPerson(ctx context.Context, p *vendors.Person) error {
	var err error
	p.ID, err = db.insert(ctx, `INSERT INTO vendor_contacts (org_id, name, role, email, phone, created_at) VALUES (?, ?, ?, ?, ?, ?)`,
		p.OrgID, p.Name, p.Role, p.Email, p.Phone, timeArg(p.CreatedAt))
	return err
}

// FindVendorProjects returns the projects a vendor takes part in.
func (db *DB) FindVendorProjects(ctx context.Context, orgID int64) ([]*vendors.ProjectLink, error) {
	rows, err := db.query(ctx, `SELECT l.org_id, o.name, l.project_id, p.name, l.role FROM vendor_projects l
		JOIN organisations o ON o.id = l.org_id JOIN projects p ON p.id = l.project_id WHERE l.org_id = ? ORDER BY p.name, p.id`, orgID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []*vendors.ProjectLink{}
	for rows.Next() {
		l := &vendors.ProjectLink{}
		if err := rows.Scan(&l.OrgID, &l.OrgName, &l.ProjectID, &l.ProjectName, &l.Role); err != nil {
			return nil, mapError(err)
		}
		out = append(out, l)
	}
	return out, mapError(rows.Err())
}

// LinkVendorProject inserts or updates a vendor's role in a project.
func (db *DB) LinkVendorProject(ctx context.Context, l *vendors.ProjectLink) error {
	_, err := db.exec(ctx, `INSERT INTO vendor_projects (org_id, project_id, role) VALUES (?, ?, ?)
		ON CONFLICT (org_id, project_id) DO UPDATE SET role = excluded.role`, l.OrgID, l.ProjectID, l.Role)
	return err
}

// FindContactOrgs returns those of the organisations that exist.
func (db *DB) FindContactOrgs(ctx context.Context, ids []int64) ([]vendors.Org, error) {
	out := []vendors.Org{}
	if len(ids) == 0 {
		return out, nil
	}
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	rows, err := db.query(ctx, `SELECT id, name, kind FROM organisations WHERE id IN (?`+strings.Repeat(", ?", len(ids)-1)+`) ORDER BY name, id`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var o vendors.Org
		if err := rows.Scan(&o.ID, &o.Name, &o.Kind); err != nil {
			return nil, mapError(err)
		}
		out = append(out, o)
	}
	return out, mapError(rows.Err())
}

// CreateContact inserts a contact with its organisations (c.Orgs).
func (db *DB) CreateContact(ctx context.Context, c *vendors.Contact) error {
	var err error
	c.ID, err = db.insert(ctx, `INSERT INTO contact_logs (kind, held_on, topic, notes, project_id, created_by, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?)`, c.Kind, dateArg(c.HeldOn), c.Topic, c.Notes, nullInt(c.ProjectID), nullInt(c.CreatedBy), timeArg(c.CreatedAt))
	if err != nil {
		return err
	}
	for _, o := range c.Orgs {
		if _, err := db.exec(ctx, `INSERT INTO contact_log_orgs (log_id, org_id) VALUES (?, ?)`, c.ID, o.ID); err != nil {
			return err
		}
	}
	return nil
}

const contactColumns = `c.id, c.kind, c.held_on, c.topic, c.notes, c.project_id, COALESCE(p.name, ''), c.created_by, c.created_at,
	(SELECT COUNT(*) FROM contact_actions x WHERE x.log_id = c.id AND x.state = 'open')`

const contactFrom = ` FROM contact_logs c LEFT JOIN projects p ON p.id = c.project_id`

func scanContact(sc interface{ Scan(...any) error }) (*vendors.Contact, error) {
	c := &vendors.Contact{Orgs: []vendors.Org{}}
	err := sc.Scan(&c.ID, &c.Kind, tm(&c.HeldOn), &c.Topic, &c.Notes, ni(&c.ProjectID), &c.ProjectName, ni(&c.CreatedBy), tm(&c.CreatedAt), &c.OpenActions)
	return c, mapError(err)
}

// contactOrgs fills the organisations of contacts.
func (db *DB) contactOrgs(ctx context.Context, cs []*vendors.Contact) error {
	for _, c := range cs {
		rows, err := db.query(ctx, `SELECT o.id, o.name, o.kind FROM contact_log_orgs l JOIN organisations o ON o.id = l.org_id
			WHERE l.log_id = ? ORDER BY o.name, o.id`, c.ID)
		if err != nil {
			return err
		}
		for rows.Next() {
			var o vendors.Org
			if err := rows.Scan(&o.ID, &o.Name, &o.Kind); err != nil {
				rows.Close()
				return mapError(err)
			}
			c.Orgs = append(c.Orgs, o)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return mapError(err)
		}
	}
	return nil
}

// FindContactByID returns a contact with organisations and actions.
func (db *DB) FindContactByID(ctx context.Context, id int64) (*vendors.Contact, error) {
	c, err := scanContact(db.queryRow(ctx, `SELECT `+contactColumns+contactFrom+` WHERE c.id = ?`, id))
	if err != nil {
		return nil, orNotFound(err, "contact", id)
	}
	if err := db.contactOrgs(ctx, []*vendors.Contact{c}); err != nil {
		return nil, err
	}
	c.Actions, err = db.findContactActions(ctx, `WHERE x.log_id = ? ORDER BY x.due_on, x.id`, id)
	return c, err
}

// FindContacts returns contacts by the filter, newest first.
func (db *DB) FindContacts(ctx context.Context, f vendors.Filter) ([]*vendors.Contact, error) {
	var where []string
	var args []any
	if f.Kind != "" {
		where, args = append(where, "c.kind = ?"), append(args, f.Kind)
	}
	if f.OrgID != 0 {
		where, args = append(where, "EXISTS (SELECT 1 FROM contact_log_orgs l WHERE l.log_id = c.id AND l.org_id = ?)"), append(args, f.OrgID)
	}
	if f.ProjectID != 0 {
		where, args = append(where, "c.project_id = ?"), append(args, f.ProjectID)
	}
	if f.OpenOnly {
		where = append(where, "EXISTS (SELECT 1 FROM contact_actions x WHERE x.log_id = c.id AND x.state = 'open')")
	}
	q := `SELECT ` + contactColumns + contactFrom
	if len(where) > 0 {
		q += " WHERE " + strings.Join(where, " AND ")
	}
	rows, err := db.query(ctx, q+` ORDER BY c.held_on DESC, c.id DESC LIMIT 500`, args...)
	if err != nil {
		return nil, err
	}
	out := []*vendors.Contact{}
	for rows.Next() {
		c, err := scanContact(rows)
		if err != nil {
			rows.Close()
			return nil, err
		}
		out = append(out, c)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, mapError(err)
	}
	return out, db.contactOrgs(ctx, out)
}

const contactActionColumns = `x.id, x.log_id, c.topic, x.text, x.owner_id, pe.name, x.due_on, x.state, x.done_by, x.done_at
	FROM contact_actions x JOIN contact_logs c ON c.id = x.log_id JOIN people pe ON pe.id = x.owner_id `

func (db *DB) findContactActions(ctx context.Context, where string, args ...any) ([]*vendors.Action, error) {
	rows, err := db.query(ctx, `SELECT `+contactActionColumns+where, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []*vendors.Action{}
	for rows.Next() {
		x := &vendors.Action{}
		if err := rows.Scan(&x.ID, &x.ContactID, &x.Topic, &x.Text, &x.OwnerID, &x.OwnerName, tm(&x.DueOn), &x.State, ni(&x.DoneBy), tm(&x.DoneAt)); err != nil {
			return nil, mapError(err)
		}
		out = append(out, x)
	}
	return out, mapError(rows.Err())
}

// CreateContactAction inserts a follow-up action.
func (db *DB) CreateContactAction(ctx context.Context, x *vendors.Action) error {
	var err error
	x.ID, err = db.insert(ctx, `INSERT INTO contact_actions (log_id, text, owner_id, due_on, state) VALUES (?, ?, ?, ?, ?)`,
		x.ContactID, x.Text, x.OwnerID, dateArg(x.DueOn), x.State)
	return err
}

// FindContactAction returns one follow-up action.
func (db *DB) FindContactAction(ctx context.Context, id int64) (*vendors.Action, error) {
	xs, err := db.findContactActions(ctx, `WHERE x.id = ?`, id)
	if err != nil {
		return nil, err
	}
	if len(xs) == 0 {
		return nil, notFound("contact_action", id)
	}
	return xs[0], nil
}

// CloseContactAction marks an open action done; the condition on the
// state makes a second, concurrent close a Conflict.
func (db *DB) CloseContactAction(ctx context.Context, x *vendors.Action) error {
	res, err := db.exec(ctx, `UPDATE contact_actions SET state = 'done', done_by = ?, done_at = ? WHERE id = ? AND state = 'open'`,
		nullInt(x.DoneBy), timeArg(x.DoneAt), x.ID)
	if err := affected(res, err, "contact_action", x.ID); err != nil {
		if errs.Is(err, errs.NotFound) {
			return errs.E(errs.Conflict, "vendors.error.action_done")
		}
		return err
	}
	return nil
}

// FindOpenContactActions returns a person's open actions due before a
// time, soonest first.
func (db *DB) FindOpenContactActions(ctx context.Context, ownerID int64, dueBefore time.Time) ([]*vendors.Action, error) {
	return db.findContactActions(ctx, `WHERE x.owner_id = ? AND x.state = 'open' AND x.due_on <= ? ORDER BY x.due_on, x.id`,
		ownerID, dateArg(dueBefore))
}

var _ vendors.Store = (*DB)(nil)
