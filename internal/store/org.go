package store

import (
	"context"
	"strings"

	"github.com/samstyr/samstyr/internal/org"
)

const orgColumns = `id, kind, name, official_name, org_number, municipality_number, county_number, county_name,
	population, population_date, website, active, created_at, updated_at`

func scanOrg(sc interface{ Scan(...any) error }) (*org.Organisation, error) {
	var o org.Organisation
	err := sc.Scan(&o.ID, &o.Kind, &o.Name, &o.OfficialName, ns(&o.OrgNumber), ns(&o.MunicipalityNumber), ns(&o.CountyNumber),
		&o.CountyName, ni(&o.Population), tm(&o.PopulationDate), &o.Website, &o.Active, tm(&o.CreatedAt), tm(&o.UpdatedAt))
	if err != nil {
		return nil, mapError(err)
	}
	return &o, nil
}

// FindOrganisationByID returns one organisation or NotFound.
func (db *DB) FindOrganisationByID(ctx context.Context, id int64) (*org.Organisation, error) {
	o, err := scanOrg(db.queryRow(ctx, `SELECT `+orgColumns+` FROM organisations WHERE id = ?`, id))
	if err != nil {
		return nil, orNotFound(err, "organisation", id)
	}
	return o, nil
}

// FindOrganisationByNumber returns the organisation with the organisation
// number or municipality number given, or NotFound.
func (db *DB) FindOrganisationByNumber(ctx context.Context, number string) (*org.Organisation, error) {
	o, err := scanOrg(db.queryRow(ctx, `SELECT `+orgColumns+` FROM organisations WHERE org_number = ? OR municipality_number = ?`, number, number))
	if err != nil {
		return nil, orNotFound(err, "organisation", number)
	}
	return o, nil
}

// FindOrganisations returns organisations matching the filter, sorted by
// name, at most f.Limit of them, after the cursor.
func (db *DB) FindOrganisations(ctx context.Context, f org.Filter) ([]*org.Organisation, error) {
	var where []string
	var args []any
	if f.Kind != "" {
		where, args = append(where, "kind = ?"), append(args, f.Kind)
	}
	if f.County != "" {
		where, args = append(where, "county_number = ?"), append(args, f.County)
	}
	if q := strings.TrimSpace(f.Q); q != "" {
		where = append(where, "(search_name LIKE ? ESCAPE '\\' OR org_number = ? OR municipality_number = ?)")
		args = append(args, "%"+likeEscape(org.SearchName(q))+"%", strings.ReplaceAll(q, " ", ""), q)
	}
	if f.After != nil {
		where = append(where, "(search_name > ? OR (search_name = ? AND id > ?))")
		args = append(args, f.After.Key, f.After.Key, f.After.ID)
	}
	q := `SELECT ` + orgColumns + ` FROM organisations`
	if len(where) > 0 {
		q += " WHERE " + strings.Join(where, " AND ")
	}
	q += " ORDER BY search_name, id LIMIT ?"
	args = append(args, f.Limit)
	rows, err := db.query(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*org.Organisation
	for rows.Next() {
		o, err := scanOrg(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, o)
	}
	return out, mapError(rows.Err())
}

// FindCounties returns every county with its municipality count and
// population, from the municipalities' county numbers.
func (db *DB) FindCounties(ctx context.Context) ([]org.County, error) {
	rows, err := db.query(ctx, `SELECT county_number, MAX(county_name), COUNT(*), COALESCE(SUM(population), 0)
		FROM organisations WHERE kind = 'municipality' AND county_number IS NOT NULL
		GROUP BY county_number ORDER BY MAX(county_name)`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []org.County
	for rows.Next() {
		var c org.County
		if err := rows.Scan(&c.Number, &c.Name, &c.Municipalities, &c.Population); err != nil {
			return nil, mapError(err)
		}
		out = append(out, c)
	}
	return out, mapError(rows.Err())
}

// CreateOrganisation inserts o and sets its id and times.
func (db *DB) CreateOrganisation(ctx context.Context, o *org.Organisation) error {
	o.CreatedAt, o.UpdatedAt = db.now(), db.now()
	id, err := db.insert(ctx, `INSERT INTO organisations (kind, name, official_name, search_name, org_number, municipality_number,
		county_number, county_name, population, population_date, website, active, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		o.Kind, o.Name, o.OfficialName, org.SearchName(o.Name), nullStr(o.OrgNumber), nullStr(o.MunicipalityNumber),
		nullStr(o.CountyNumber), o.CountyName, nullInt(o.Population), dateArg(o.PopulationDate), o.Website, o.Active, o.CreatedAt, o.UpdatedAt)
	o.ID = id
	return err
}

// UpdateOrganisation writes o's fields.
func (db *DB) UpdateOrganisation(ctx context.Context, o *org.Organisation) error {
	o.UpdatedAt = db.now()
	res, err := db.exec(ctx, `UPDATE organisations SET name = ?, official_name = ?, search_name = ?, org_number = ?,
		municipality_number = ?, county_number = ?, county_name = ?, population = ?, population_date = ?, website = ?,
		active = ?, updated_at = ? WHERE id = ?`,
		o.Name, o.OfficialName, org.SearchName(o.Name), nullStr(o.OrgNumber), nullStr(o.MunicipalityNumber),
		nullStr(o.CountyNumber), o.CountyName, nullInt(o.Population), dateArg(o.PopulationDate), o.Website, o.Active, o.UpdatedAt, o.ID)
	return affected(res, err, "organisation", o.ID)
}

// likeEscape escapes LIKE wildcards in user input.
func likeEscape(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}
