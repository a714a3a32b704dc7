package api

import (
	"encoding/json"
	"net/http"
	"reflect"
	"strings"
	"testing"

	"github.com/samstyr/samstyr/internal/errs"
)

// bodies are the input structs of the API, by a name for the fuzzer to
// pick; each area adds its inputs here.
var bodies = []func() any{
	func() any { return &orgInput{} },
	func() any { return &personInput{} },
	func() any { return &readInput{} },
	func() any { return &needInput{} },
	func() any { return &transitionInput{} },
	func() any { return &methodInput{} },
	func() any { return &[]scoreInput{} },
	func() any { return &caseInput{} },
	func() any { return &decisionInput{} },
	func() any { return &bodyInput{} },
	func() any { return &membershipInput{} },
	func() any { return &meetingInput{} },
	func() any { return &attendeeInput{} },
}

func decodeString(body, contentType string, v any) error {
	r, _ := http.NewRequest("POST", "/", strings.NewReader(body))
	if contentType != "" {
		r.Header.Set("Content-Type", contentType)
	}
	return decode(r, v)
}

func TestDecodeIsStrict(t *testing.T) {
	for _, tc := range []struct{ body, ct, field string }{
		{`{"name":"A","colour":"red"}`, "", "colour"},
		{`{"name":1}`, "", "name"},
		{`{"name":"A"} {"name":"B"}`, "", "body"},
		{`{"name":`, "", "body"},
		{``, "", "body"},
		{`{"name":"A"}`, "text/plain", "body"},
		{`{"population":1.5}`, "application/json; charset=utf-8", "population"},
		{`{"population":99999999999999999999}`, "", "population"},
		{`[1,2]`, "", "body"},
	} {
		err := decodeString(tc.body, tc.ct, &orgInput{})
		e := errs.As(err)
		if e == nil || e.Code != errs.Invalid || len(e.Fields) != 1 || e.Fields[0].Field != tc.field {
			t.Errorf("%q: %v; want invalid field %q", tc.body, err, tc.field)
		}
	}
	var in orgInput
	if err := decodeString(`{"kind":"vendor","name":"A"}`, "application/json", &in); err != nil || in.Name != "A" {
		t.Fatalf("good body: %+v %v", in, err)
	}
	big := `{"name":"` + strings.Repeat("x", maxBody) + `"}`
	if err := decodeString(big, "", &in); errs.CodeOf(err) != errs.Invalid {
		t.Fatalf("body over 1 MiB: %v", err)
	}
}

// FuzzDecode feeds decode arbitrary bodies for every input struct of the
// API: it never panics; a refused body is an Invalid error naming one
// field; an accepted body's fields, encoded and decoded again, give the
// same struct.
func FuzzDecode(f *testing.F) {
	for _, s := range []string{`{"kind":"vendor","name":"A AS","population":5}`, `{"email":"a@b.no","admin":true,"organisation_id":3}`,
		`{"title":"T","problem":"P","area":"plan","affected":["citizens"],"legal_deadline":"2027-01-01","draft":true}`,
		`{"to":"in_triage","comment":"c","review_date":"2027-02-01"}`, `[{"criterion":"benefit","score":3,"rationale":"r"}]`,
		`{"body_id":1,"kind":"decision","title":"Sak","exempt":true,"legal_basis":"offtl. § 23"}`,
		`{"kind":"approval","text":"Vedtatt","unanimous":true,"effects":["prioritise_needs"]}`,
		`{"body_id":1,"starts_at":"2027-01-01T10:00:00Z","ends_at":"2027-01-01T12:00:00Z","place":"Oslo"}`,
		`{"ids":[1,2,3]}`, `{"ids":null}`, `{}`, `null`, `{"name":"\u00e6"}`, `{"name":"A"}{}`, `{"x":1}`} {
		for i := range bodies {
			f.Add(uint8(i), s)
		}
	}
	f.Fuzz(func(t *testing.T, which uint8, body string) {
		v := bodies[int(which)%len(bodies)]()
		err := decodeString(body, "application/json", v)
		if err != nil {
			e := errs.As(err)
			if e == nil || e.Code != errs.Invalid || len(e.Fields) != 1 || e.Fields[0].Field == "" {
				t.Fatalf("%q: error %v is not one invalid field", body, err)
			}
			return
		}
		b, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		again := bodies[int(which)%len(bodies)]()
		// Date fields parse "YYYY-MM-DD" but encode as times, so a struct
		// with one does not always read back; when it does, it must be equal.
		if err := decodeString(string(b), "application/json", again); err == nil && !reflect.DeepEqual(v, again) {
			t.Fatalf("%q decoded to %+v; encoded %s and decoded again: %+v, %v", body, v, b, again, err)
		}
	})
}
