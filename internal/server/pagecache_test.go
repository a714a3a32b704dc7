package server_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/samstyr/samstyr/internal/testutil/apptest"
)

// The public's pages are kept between visitors (web/pagecache.go), yet
// every visitor gets their own CSRF token and language, signed-in people
// get their own page, and every write shows at once.
func TestPublicPagesAreCachedButNeverStale(t *testing.T) {
	a := apptest.New(t)
	member := a.NewClient()
	member.Token = a.People["member"].Token
	res := member.API("POST", "/api/v1/needs", `{"title":"Felles løsning for digitale situasjonskart","problem":"Situasjonskart bestilles for hånd.","area":"plan","affected":["citizens"]}`)
	if res.StatusCode != http.StatusCreated {
		t.Fatalf("create the need: %d %s", res.StatusCode, res.Body)
	}
	var n struct{ ID int64 }
	if err := json.Unmarshal([]byte(res.Body), &n); err != nil {
		t.Fatal(err)
	}
	page := fmt.Sprintf("/needs/%d", n.ID)

	// Two visitors, the second served from the cache: each page carries
	// the visitor's own token, which their form posts are accepted with.
	first, second := a.NewClient(), a.NewClient()
	for _, c := range []*apptest.Client{first, second, second} {
		if res := c.Get(page); res.StatusCode != http.StatusOK || !strings.Contains(res.Body, "digitale situasjonskart") {
			t.Fatalf("the public need page: %d", res.StatusCode)
		}
	}
	if first.CSRF() == "" || first.CSRF() == second.CSRF() {
		t.Fatalf("visitors share a CSRF token: %q %q", first.CSRF(), second.CSRF())
	}
	if res := second.PostForm("/language", url.Values{"lang": {"en"}, "return": {page}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("a form with the token of a cached page: %d", res.StatusCode)
	}
	if res := second.Get(page); !strings.Contains(res.Body, `<html lang="en"`) {
		t.Fatal("the language chosen is not the page's")
	}
	if res := first.Get(page); !strings.Contains(res.Body, `<html lang="nb"`) {
		t.Fatal("another visitor's language leaked into the page")
	}

	// A backing shows at once, whoever reads the page.
	bergen := a.NewClient()
	bergen.Token = a.People["user_council"].Token
	if res := bergen.API("POST", fmt.Sprintf("/api/v1/needs/%d/backings", n.ID), `{"comment":"Vi trenger dette."}`); res.StatusCode != http.StatusCreated && res.StatusCode != http.StatusOK {
		t.Fatalf("back the need: %d %s", res.StatusCode, res.Body)
	}
	if res := first.Get(page); !strings.Contains(res.Body, ">Bergen<") {
		t.Fatal("the public page does not show the new backing")
	}

	// A signed-in person gets their own page, not the public's.
	signed := a.NewClient()
	signed.Login(a.People["member"].Email, apptest.Password)
	if res := signed.Get(page); !strings.Contains(res.Body, `action="/logout"`) {
		t.Fatal("a signed-in person got the public's page")
	}
}

// TestCachedPagesAsGzip: a cached page goes out as gzip to a browser that
// takes it (checked by Go's reader: CRC and length) and as text to one that
// does not, the same page but for each visitor's token, and the token in
// it is the one that visitor's forms are accepted with.
func TestCachedPagesAsGzip(t *testing.T) {
	a := apptest.New(t)
	page := fmt.Sprintf("/organisations/%d", a.Organisations["bergen"].ID)
	a.NewClient().Get(page) // rendered and kept
	visit := func(gzipOK bool) (body, token string, client *http.Client) {
		jar, _ := cookiejar.New(nil)
		client = &http.Client{Jar: jar, Transport: &http.Transport{DisableCompression: true},
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
		req, _ := http.NewRequest(http.MethodGet, a.URL+page, nil)
		if gzipOK {
			req.Header.Set("Accept-Encoding", "gzip, deflate, br, zstd")
		}
		res, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		raw, _ := io.ReadAll(res.Body)
		if got := res.Header.Get("Content-Encoding") == "gzip"; got != gzipOK || !strings.Contains(res.Header.Get("Vary"), "Accept-Encoding") {
			t.Fatalf("gzip taken %v: Content-Encoding %q, Vary %q", gzipOK, res.Header.Get("Content-Encoding"), res.Header.Get("Vary"))
		}
		if res.ContentLength != int64(len(raw)) {
			t.Fatalf("Content-Length %d, body %d bytes", res.ContentLength, len(raw))
		}
		if gzipOK {
			zr, err := gzip.NewReader(bytes.NewReader(raw))
			if err != nil {
				t.Fatal(err)
			}
			if raw, err = io.ReadAll(zr); err != nil {
				t.Fatalf("the gzip answer does not check out: %v", err)
			}
		}
		m := regexp.MustCompile(`name="csrf_token" value="([^"]+)"`).FindStringSubmatch(string(raw))
		if m == nil {
			t.Fatalf("no token in the page")
		}
		return string(raw), m[1], client
	}
	zipped, zipToken, zipClient := visit(true)
	text, textToken, _ := visit(false)
	if zipToken == textToken || strings.ReplaceAll(zipped, zipToken, textToken) != text {
		t.Fatal("the two visitors got other pages than the same page with their own token")
	}
	form := url.Values{"csrf_token": {zipToken}, "lang": {"en"}, "return": {page}}
	req, _ := http.NewRequest(http.MethodPost, a.URL+"/language", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", a.URL)
	res, err := zipClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("the form with the token of the gzip page: %d", res.StatusCode)
	}
}

// TestAPIListEncodingReused: the API keeps the JSON of a list page between
// writes, yet each viewer gets their own page and a write shows at once.
func TestAPIListEncodingReused(t *testing.T) {
	a := apptest.New(t)
	member, council, anon := a.NewClient(), a.NewClient(), a.NewClient()
	member.Token, council.Token = a.People["member"].Token, a.People["user_council"].Token
	const list = "/api/v1/needs?area=geodata"
	if res := member.API("POST", "/api/v1/needs", `{"title":"Utkast om adresser","problem":"Adresser mangler.","area":"geodata","draft":true}`); res.StatusCode != http.StatusCreated {
		t.Fatalf("draft: %d %s", res.StatusCode, res.Body)
	}
	for range 2 { // the second from the kept encoding
		if res := member.API("GET", list, ""); !strings.Contains(res.Body, "Utkast om adresser") {
			t.Fatalf("the member does not see their organisation's draft: %s", res.Body)
		}
		for _, c := range []*apptest.Client{council, anon} {
			if res := c.API("GET", list, ""); res.StatusCode != http.StatusOK || strings.Contains(res.Body, "Utkast om adresser") {
				t.Fatalf("another organisation or the public sees the draft: %d %s", res.StatusCode, res.Body)
			}
		}
	}
	if res := member.API("POST", "/api/v1/needs", `{"title":"Adresser for fritidsboliger","problem":"Mangler.","area":"geodata"}`); res.StatusCode != http.StatusCreated {
		t.Fatalf("submit: %d %s", res.StatusCode, res.Body)
	}
	if res := council.API("GET", list, ""); !strings.Contains(res.Body, "Adresser for fritidsboliger") {
		t.Fatalf("a new need does not show in the list at once: %s", res.Body)
	}
}

// TestAWriteEndsOnlyThePagesItChanges: backing one need ends that need's
// cached page and the lists of needs, not the cached page of another need
// (whose data is changed behind the cache to see which page is read anew);
// backing that other need then ends its page too.
func TestAWriteEndsOnlyThePagesItChanges(t *testing.T) {
	a := apptest.New(t)
	member := a.NewClient()
	member.Token = a.People["member"].Token
	create := func(title, problem string) int64 {
		res := member.API("POST", "/api/v1/needs", `{"title":"`+title+`","problem":"`+problem+`","area":"plan","affected":["citizens"]}`)
		if res.StatusCode != http.StatusCreated {
			t.Fatalf("create the need: %d %s", res.StatusCode, res.Body)
		}
		var n struct{ ID int64 }
		if err := json.Unmarshal([]byte(res.Body), &n); err != nil {
			t.Fatal(err)
		}
		return n.ID
	}
	// Nothing alike (a similar need's figures are on the page).
	one, other := create("Digitale situasjonskart", "Kart bestilles for hånd."), create("Ferdigattest uten papir", "Attester sendes i posten.")
	visitor := a.NewClient()
	get := func(path string) string {
		t.Helper()
		res := visitor.Get(path)
		if res.StatusCode != http.StatusOK {
			t.Fatalf("GET %s: %d", path, res.StatusCode)
		}
		return res.Body
	}
	for _, p := range []string{fmt.Sprintf("/needs/%d", one), fmt.Sprintf("/needs/%d", other), "/needs"} {
		get(p) // cached
	}
	// Behind the caches: the other need's title changes.
	if _, err := a.DB.ExecUncountedForTest(context.Background(), `UPDATE needs SET title = ? WHERE id = ?`, "Ferdigattest helt digitalt", other); err != nil {
		t.Fatal(err)
	}
	back := func(id int64) {
		t.Helper()
		c := a.NewClient()
		c.Token = a.People["user_council"].Token
		if res := c.API("POST", fmt.Sprintf("/api/v1/needs/%d/backings", id), `{}`); res.StatusCode != http.StatusCreated {
			t.Fatalf("back need %d: %d %s", id, res.StatusCode, res.Body)
		}
	}
	back(one)
	if !strings.Contains(get(fmt.Sprintf("/needs/%d", one)), ">Bergen<") {
		t.Fatal("the backed need's page does not show the backing")
	}
	if !strings.Contains(get("/needs"), "Ferdigattest helt digitalt") {
		t.Fatal("the list of needs was not read anew after a backing")
	}
	if body := get(fmt.Sprintf("/needs/%d", other)); !strings.Contains(body, "Ferdigattest uten papir") {
		t.Fatal("a backing of one need ended the cached page of another")
	}
	back(other)
	if !strings.Contains(get(fmt.Sprintf("/needs/%d", other)), "Ferdigattest helt digitalt") {
		t.Fatal("backing the need did not end its cached page")
	}
	// A new need like the first ends the first's page (its similar needs
	// change), not the other's.
	if _, err := a.DB.ExecUncountedForTest(context.Background(), `UPDATE needs SET title = ? WHERE id = ?`, "Ferdigattest på nett", other); err != nil {
		t.Fatal(err)
	}
	create("Situasjonskart bestilt digitalt", "Kart bestilles for hånd hos kommunen.")
	if !strings.Contains(get(fmt.Sprintf("/needs/%d", one)), "Situasjonskart bestilt digitalt") {
		t.Fatal("a new similar need is not among the first need's similar needs")
	}
	if !strings.Contains(get(fmt.Sprintf("/needs/%d", other)), "Ferdigattest helt digitalt") {
		t.Fatal("a new need unlike the other ended the other's cached page")
	}
}
