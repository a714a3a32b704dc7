package seed

import (
	"bytes"
	"encoding/csv"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"
)

func TestBundledMunicipalities(t *testing.T) {
	ms, err := Municipalities()
	if err != nil {
		t.Fatal(err)
	}
	counties := map[string]bool{}
	for _, m := range ms {
		counties[m.CountyNumber] = true
	}
	if len(ms) != 357 || len(counties) != 15 {
		t.Fatalf("%d municipalities in %d counties, want 357 in 15", len(ms), len(counties))
	}
	if ms[0].Number != "0301" || ms[0].Name != "Oslo" || ms[0].OrgNumber != "958935420" || ms[0].Population < 700000 {
		t.Fatalf("first municipality %+v", ms[0])
	}
}

const (
	goodKommuner = "kommunenummer,navn,navn_offisielt,fylkesnummer,fylke,fylke_offisielt\n0301,Oslo,Oslo,03,Oslo,Oslo\n4601,Bergen,Bergen,46,Vestland,Vestland\n"
	goodFakta    = "kommunenummer,organisasjonsnummer,innbyggere,innbyggere_dato\n0301,958935420,717710,2024-01-01\n"
)

func TestParseMunicipalitiesRefusesBadInput(t *testing.T) {
	for _, tc := range []struct{ kommuner, fakta, want string }{
		{"", goodFakta, "kommuner.csv is empty"},
		{"number,name\n", goodFakta, "header"},
		{strings.Replace(goodKommuner, "0301,", "301,", 1), goodFakta, "line 2: kommunenummer \"301\""},
		{goodKommuner + "4601,Bergen,Bergen,46,Vestland,Vestland\n", goodFakta, "line 4: kommunenummer 4601 appears twice"},
		{strings.Replace(goodKommuner, ",46,", ",4,", 1), goodFakta, "fylkesnummer"},
		{strings.Replace(goodKommuner, "Bergen,Bergen,46", ",Bergen,46", 1), goodFakta, "navn is empty"},
		{goodKommuner + "5001,Trondheim\n", goodFakta, "wrong number of fields"},
		{goodKommuner, strings.Replace(goodFakta, "717710", "mange", 1), "innbyggere \"mange\""},
		{goodKommuner, strings.Replace(goodFakta, "2024-01-01", "1.1.2024", 1), "innbyggere_dato"},
		{goodKommuner, strings.Replace(goodFakta, "958935420", "95893542", 1), "organisasjonsnummer"},
		{goodKommuner, "kommunenummer\n", "header"},
	} {
		_, err := ParseMunicipalities(strings.NewReader(tc.kommuner), strings.NewReader(tc.fakta))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("kommuner %q fakta %q: err %v, want one saying %q", tc.kommuner, tc.fakta, err, tc.want)
		}
	}
	ms, err := ParseMunicipalities(strings.NewReader(goodKommuner), strings.NewReader(goodFakta))
	if err != nil || len(ms) != 2 || ms[0].Population != 717710 || ms[1].OrgNumber != "" {
		t.Fatalf("good input: %+v %v", ms, err)
	}
}

// FuzzParseMunicipalities feeds the reader arbitrary files: it must never
// panic, and what it accepts must be valid and read back the same when
// written out again.
func FuzzParseMunicipalities(f *testing.F) {
	f.Add(goodKommuner, goodFakta)
	f.Add(goodKommuner, "kommunenummer,organisasjonsnummer,innbyggere,innbyggere_dato\n")
	f.Add("kommunenummer,navn,navn_offisielt,fylkesnummer,fylke,fylke_offisielt\n\"0301\",\"Os\"\"lo\",,03,Oslo,\n", goodFakta)
	f.Add("", "")
	f.Fuzz(func(t *testing.T, kommuner, fakta string) {
		ms, err := ParseMunicipalities(strings.NewReader(kommuner), strings.NewReader(fakta))
		if err != nil {
			return
		}
		seen := map[string]bool{}
		for _, m := range ms {
			if !reMunicipality.MatchString(m.Number) || seen[m.Number] || m.Name == "" || !reCounty.MatchString(m.CountyNumber) || m.Population < 0 {
				t.Fatalf("accepted a bad municipality %+v", m)
			}
			seen[m.Number] = true
		}
		k, fa := writeMunicipalities(ms)
		again, err := ParseMunicipalities(strings.NewReader(k), strings.NewReader(fa))
		if err != nil || !reflect.DeepEqual(again, ms) {
			t.Fatalf("written out and read again: %v\n%+v\n%+v", err, ms, again)
		}
	})
}

func writeMunicipalities(ms []Municipality) (string, string) {
	var k, f bytes.Buffer
	kw, fw := csv.NewWriter(&k), csv.NewWriter(&f)
	kw.Write(municipalityHeader)
	fw.Write(factsHeader)
	for _, m := range ms {
		kw.Write([]string{m.Number, m.Name, m.OfficialName, m.CountyNumber, m.County, m.CountyOfficial})
		if m.OrgNumber != "" || m.Population != 0 || !m.PopulationDate.IsZero() {
			date := ""
			if !m.PopulationDate.IsZero() {
				date = m.PopulationDate.Format(time.DateOnly)
			}
			fw.Write([]string{m.Number, m.OrgNumber, strconv.FormatInt(m.Population, 10), date})
		}
	}
	kw.Flush()
	fw.Flush()
	return k.String(), f.String()
}
