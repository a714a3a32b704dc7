package web

import (
	"net/http"
	"strings"
	"testing"

	"github.com/samstyr/samstyr/internal/errs"
)

func formRequest(body string) *http.Request {
	r, _ := http.NewRequest("POST", "/organisations", strings.NewReader(body))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return r
}

func TestOrgFromForm(t *testing.T) {
	o, err := orgFromForm(formRequest("kind=municipality&name=Bergen&population=291+940&population_date=2024-01-01&active_present=1&active=on"))
	if err != nil || o.Population != 291940 || o.PopulationDate.Year() != 2024 || !o.Active {
		t.Fatalf("good form: %+v %v", o, err)
	}
	o, _ = orgFromForm(formRequest("name=X&active_present=1"))
	if o.Active {
		t.Fatal("an unticked box must give inactive")
	}
	_, err = orgFromForm(formRequest("name=X&population=mange&population_date=1.1.2024"))
	e := errs.As(err)
	if e == nil || len(e.Fields) != 2 || e.Fields[0].Field != "population" || e.Fields[1].Field != "population_date" {
		t.Fatalf("bad numbers: %v", err)
	}
}

// FuzzOrgFromForm feeds the organisation form reader arbitrary bodies: it
// never panics; it refuses only by naming the population fields; what it
// reads is what was sent, and the organisation then validates or names the
// fields that are wrong.
func FuzzOrgFromForm(f *testing.F) {
	for _, s := range []string{"kind=municipality&name=Bergen&org_number=964338531&municipality_number=4601&county_number=46&population=291940&population_date=2024-01-01",
		"kind=vendor&name=A+AS&website=https://a.example&active_present=1", "population=1+000", "population=-5", "population_date=2024-02-30",
		"name=%3Cscript%3E&kind=other", "kind=county&county_number=4", "%zz", "name=a&name=b", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, body string) {
		r := formRequest(body)
		o, err := orgFromForm(r)
		if err != nil {
			e := errs.As(err)
			if e == nil || e.Code != errs.Invalid || len(e.Fields) == 0 {
				t.Fatalf("%q: %v", body, err)
			}
			for _, fe := range e.Fields {
				if fe.Field != "population" && fe.Field != "population_date" {
					t.Fatalf("%q: refused field %q", body, fe.Field)
				}
			}
			return
		}
		if o.Name != r.PostFormValue("name") || o.Kind != r.PostFormValue("kind") || o.Website != r.PostFormValue("website") {
			t.Fatalf("%q read as %+v", body, o)
		}
		o.Normalize()
		if err := o.Validate(); err != nil {
			e := errs.As(err)
			if e == nil || e.Code != errs.Invalid || len(e.Fields) == 0 {
				t.Fatalf("%q: validate: %v", body, err)
			}
			for _, fe := range e.Fields {
				if fe.Field == "" || fe.Key == "" {
					t.Fatalf("%q: validation error without field or message: %+v", body, fe)
				}
			}
		}
	})
}
