package server_test

// Fuzz targets for the input the pages and the API read from outside:
// query parameters of every GET route, form bodies of every page POST and
// JSON bodies of every API POST. The routes come from the policy matrix
// (with fixture ids), so a new area's routes are fuzzed as soon as its
// matrix rows exist. The rule everywhere: never a 500, and a refused
// request stores nothing (the audit log does not grow).

import (
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/samstyr/samstyr/internal/api"
	"github.com/samstyr/samstyr/internal/testutil/apptest"
)

// fuzzSkip lists routes the fuzzers leave alone, with why.
var fuzzSkip = map[string]string{
	"POST /logout":               "ends the fuzzer's own session",
	"POST /account/totp/reset":   "removes the fuzzer's own second factor",
	"POST /account/password":     "could change the fuzzer's own password",
	"POST /login":                "sign-in: throttled after failures, so fuzzing it only locks the fixture out; auth tests cover it",
	"POST /login/totp":           "second factor: throttled after failures; auth tests cover it",
	"GET /login/oidc/{provider}": "redirects to an external provider",
}

// fuzzApp is the application a fuzz target sends requests to, signed in
// as the administrator (who may reach every route).
type fuzzApp struct {
	a       *apptest.App
	http    *http.Client
	cookies []*http.Cookie
	csrf    string
	token   string
	rows    []matrixRow // routes of the kind fuzzed, placeholders filled
}

func newFuzzApp(f *testing.F, keep func(method string, isAPI bool) bool) *fuzzApp {
	a := apptest.New(f)
	repl := walkReplacer(f, a)
	c := a.Client("admin")
	c.Get("/account")
	fa := &fuzzApp{a: a, cookies: c.Cookies(), csrf: c.CSRF(), token: a.People["admin"].Token,
		http: &http.Client{Timeout: 30 * time.Second, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
	for _, row := range matrix {
		method, _, _ := strings.Cut(row.route, " ")
		if fuzzSkip[row.route] != "" || row.last || !keep(method, strings.HasPrefix(row.path, api.Prefix)) {
			continue
		}
		r := strings.NewReplacer("{role}", "admin")
		row.path = r.Replace(repl.Replace(row.path))
		row.form = r.Replace(repl.Replace(row.form))
		row.json = r.Replace(repl.Replace(row.json))
		fa.rows = append(fa.rows, row)
	}
	if len(fa.rows) == 0 {
		f.Fatal("no routes to fuzz")
	}
	return fa
}

func (fa *fuzzApp) row(i uint16) matrixRow { return fa.rows[int(i)%len(fa.rows)] }

// send sends a request as the administrator and returns the status and
// body; ok is false when the request could not even be written (a URL the
// client refuses), which is no finding.
func (fa *fuzzApp) send(t *testing.T, method, path, rawQuery, contentType, body string) (int, string, bool) {
	req, err := http.NewRequest(method, fa.a.URL+path, strings.NewReader(body))
	if err != nil {
		return 0, "", false
	}
	if strings.ContainsFunc(rawQuery, func(r rune) bool { return r <= ' ' || r == 0x7f }) {
		return 0, "", false // no client can send this: the request line would break
	}
	if rawQuery != "" {
		req.URL.RawQuery = rawQuery
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	if strings.HasPrefix(path, api.Prefix) {
		req.Header.Set("Authorization", "Bearer "+fa.token)
	} else {
		for _, ck := range fa.cookies {
			req.AddCookie(ck)
		}
	}
	res, err := fa.http.Do(req)
	if err != nil {
		if strings.Contains(err.Error(), "invalid") || strings.Contains(err.Error(), "control character") {
			return 0, "", false
		}
		t.Fatalf("%s %s?%s: %v", method, path, rawQuery, err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b), true
}

// FuzzQueryParams sends arbitrary query strings to every GET route (pages
// and API): filters, sort orders, cursors, limits and search terms must
// never give a server error.
func FuzzQueryParams(f *testing.F) {
	fa := newFuzzApp(f, func(method string, _ bool) bool { return method == "GET" })
	for i, row := range fa.rows {
		_, q, _ := strings.Cut(row.path, "?")
		f.Add(uint16(i), q)
		f.Add(uint16(i), "q=%25_%5C&limit=0&cursor=e30&sort=priority&state=x&kind=vendor&county=4")
	}
	f.Fuzz(func(t *testing.T, i uint16, query string) {
		row := fa.row(i)
		path, _, _ := strings.Cut(row.path, "?")
		status, body, ok := fa.send(t, "GET", path, query, "", "")
		if ok && status >= 500 {
			t.Fatalf("GET %s?%s: status %d: %.300s", path, query, status, body)
		}
	})
}

// FuzzPageForms posts arbitrary form bodies (with a valid CSRF token) to
// every page form the administrator may use: never a server error, and a
// refused form stores nothing.
func FuzzPageForms(f *testing.F) {
	fa := newFuzzApp(f, func(method string, isAPI bool) bool { return method == "POST" && !isAPI })
	for i, row := range fa.rows {
		f.Add(uint16(i), row.form)
		f.Add(uint16(i), "name=%00&email=%FF&population=1e99&kind=<b>&locale=xx&id=-1&id=x")
	}
	f.Fuzz(func(t *testing.T, i uint16, form string) {
		row := fa.row(i)
		before := fa.a.ChangeCount()
		status, body, ok := fa.send(t, "POST", row.path, "", "application/x-www-form-urlencoded", form+"&csrf_token="+url.QueryEscape(fa.csrf))
		if !ok {
			return
		}
		if status >= 500 {
			t.Fatalf("POST %s %q: status %d: %.300s", row.path, form, status, body)
		}
		if status >= 400 && fa.a.ChangeCount() != before {
			t.Fatalf("POST %s %q: refused with %d but the audit log grew", row.path, form, status)
		}
	})
}

// FuzzAPIBodies posts arbitrary JSON bodies to every API write route:
// never a server error, and a refused body stores nothing.
func FuzzAPIBodies(f *testing.F) {
	fa := newFuzzApp(f, func(method string, isAPI bool) bool { return method != "GET" && isAPI })
	for i, row := range fa.rows {
		f.Add(uint16(i), row.json)
		f.Add(uint16(i), `{"name":"\u0000","kind":"municipality","population":-1,"ids":[0,-1,9007199254740993]}`)
		f.Add(uint16(i), `[`)
	}
	f.Fuzz(func(t *testing.T, i uint16, body string) {
		row := fa.row(i)
		method, _, _ := strings.Cut(row.route, " ")
		before := fa.a.ChangeCount()
		status, resBody, ok := fa.send(t, method, row.path, "", "application/json", body)
		if !ok {
			return
		}
		if status >= 500 {
			t.Fatalf("%s %s %q: status %d: %.300s", method, row.path, body, status, resBody)
		}
		if status >= 400 && fa.a.ChangeCount() != before {
			t.Fatalf("%s %s %q: refused with %d but the audit log grew", method, row.path, body, status)
		}
	})
}
