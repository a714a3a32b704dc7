package seed

import (
	"embed"
	"encoding/csv"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
	"time"
)

//go:embed data/kommuner.csv data/kommuner-fakta.csv
var data embed.FS

// Municipality is one row of the bundled municipality data.
type Municipality struct {
	Number, Name, OfficialName, CountyNumber, County, CountyOfficial, OrgNumber string
	Population                                                                  int64
	PopulationDate                                                              time.Time
}

// Municipalities reads the bundled kommuner.csv and kommuner-fakta.csv.
func Municipalities() ([]Municipality, error) {
	k, err := data.Open("data/kommuner.csv")
	if err != nil {
		return nil, err
	}
	defer k.Close()
	f, err := data.Open("data/kommuner-fakta.csv")
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return ParseMunicipalities(k, f)
}

// The columns of the two files, in order.
var (
	municipalityHeader = []string{"kommunenummer", "navn", "navn_offisielt", "fylkesnummer", "fylke", "fylke_offisielt"}
	factsHeader        = []string{"kommunenummer", "organisasjonsnummer", "innbyggere", "innbyggere_dato"}
	reMunicipality     = regexp.MustCompile(`^[0-9]{4}$`)
	reCounty           = regexp.MustCompile(`^[0-9]{2}$`)
	reOrgNumber        = regexp.MustCompile(`^[0-9]{9}$`)
)

// ParseMunicipalities reads municipality data in the format of the bundled
// files: kommuner.csv (number, name, official name, county number, county,
// official county name) and kommuner-fakta.csv (number, organisation number,
// population, date of the population figure), both with their header row.
// A municipality without facts gets none. Bad input is an error naming the
// file, line and field.
func ParseMunicipalities(kommuner, fakta io.Reader) ([]Municipality, error) {
	rows, err := readCSV("kommuner.csv", kommuner, municipalityHeader)
	if err != nil {
		return nil, err
	}
	facts, err := readCSV("kommuner-fakta.csv", fakta, factsHeader)
	if err != nil {
		return nil, err
	}
	byNumber := map[string]Municipality{}
	for i, f := range facts {
		line := i + 2
		m := Municipality{Number: f[0], OrgNumber: f[1]}
		switch {
		case !reMunicipality.MatchString(m.Number):
			return nil, fmt.Errorf("kommuner-fakta.csv line %d: kommunenummer %q is not four digits", line, f[0])
		case m.OrgNumber != "" && !reOrgNumber.MatchString(m.OrgNumber):
			return nil, fmt.Errorf("kommuner-fakta.csv line %d: organisasjonsnummer %q is not nine digits", line, f[1])
		}
		if f[2] != "" {
			if m.Population, err = strconv.ParseInt(f[2], 10, 64); err != nil || m.Population < 0 {
				return nil, fmt.Errorf("kommuner-fakta.csv line %d: innbyggere %q is not a whole number", line, f[2])
			}
		}
		if f[3] != "" {
			if m.PopulationDate, err = time.Parse(time.DateOnly, f[3]); err != nil {
				return nil, fmt.Errorf("kommuner-fakta.csv line %d: innbyggere_dato %q is not a date (YYYY-MM-DD)", line, f[3])
			}
		}
		if _, dup := byNumber[m.Number]; dup {
			return nil, fmt.Errorf("kommuner-fakta.csv line %d: kommunenummer %s appears twice", line, m.Number)
		}
		byNumber[m.Number] = m
	}
	seen := map[string]bool{}
	out := make([]Municipality, 0, len(rows))
	for i, r := range rows {
		line := i + 2
		m := Municipality{Number: r[0], Name: strings.TrimSpace(r[1]), OfficialName: strings.TrimSpace(r[2]), CountyNumber: r[3],
			County: strings.TrimSpace(r[4]), CountyOfficial: strings.TrimSpace(r[5])}
		switch {
		case !reMunicipality.MatchString(m.Number):
			return nil, fmt.Errorf("kommuner.csv line %d: kommunenummer %q is not four digits", line, r[0])
		case seen[m.Number]:
			return nil, fmt.Errorf("kommuner.csv line %d: kommunenummer %s appears twice", line, m.Number)
		case m.Name == "":
			return nil, fmt.Errorf("kommuner.csv line %d: navn is empty", line)
		case !reCounty.MatchString(m.CountyNumber):
			return nil, fmt.Errorf("kommuner.csv line %d: fylkesnummer %q is not two digits", line, r[3])
		case m.County == "":
			return nil, fmt.Errorf("kommuner.csv line %d: fylke is empty", line)
		}
		seen[m.Number] = true
		if f, ok := byNumber[m.Number]; ok {
			m.OrgNumber, m.Population, m.PopulationDate = f.OrgNumber, f.Population, f.PopulationDate
		}
		out = append(out, m)
	}
	return out, nil
}

// readCSV reads a CSV file with the header given and returns its rows
// without the header.
func readCSV(name string, r io.Reader, header []string) ([][]string, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	got, err := cr.Read()
	if err == io.EOF {
		return nil, fmt.Errorf("%s is empty: want the header %s", name, strings.Join(header, ","))
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if strings.Join(got, ",") != strings.Join(header, ",") {
		return nil, fmt.Errorf("%s: the header is %q, want %q", name, strings.Join(got, ","), strings.Join(header, ","))
	}
	cr.FieldsPerRecord = len(header)
	var rows [][]string
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			return rows, nil
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		rows = append(rows, rec)
	}
}
