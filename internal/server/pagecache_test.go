package server_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
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
