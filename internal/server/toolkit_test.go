package server_test

import (
	"bytes"
	"context"
	"encoding/xml"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/samstyr/samstyr/internal/audit"
	"github.com/samstyr/samstyr/internal/policy"
	"github.com/samstyr/samstyr/internal/testutil/apptest"
	"github.com/samstyr/samstyr/internal/toolkit"
)

// postToolkit sends a multipart form with an optional file as the client.
func postToolkit(a *apptest.App, c *apptest.Client, path string, fields map[string]string, fileName string, data []byte) *apptest.Response {
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	_ = mw.WriteField("csrf_token", c.CSRF())
	for k, v := range fields {
		_ = mw.WriteField(k, v)
	}
	if fileName != "" {
		fw, _ := mw.CreateFormFile("file", fileName)
		_, _ = fw.Write(data)
	}
	_ = mw.Close()
	req, _ := http.NewRequest(http.MethodPost, a.URL+path, &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Origin", a.URL)
	return c.Do(req)
}

// TestToolkitFlow: the secretariat adds a document with a file, a refused
// file or an empty title stores nothing, a new version becomes current
// with its date and author, both versions' files download, and the audit
// log has every write.
func TestToolkitFlow(t *testing.T) {
	a := apptest.New(t)
	ctx := context.Background()
	sys := policy.SystemActor
	sec := a.Client("secretariat")
	sec.Get("/toolkit/new")
	pdf := []byte("%PDF-1.4\n% mal v1\n")
	fields := map[string]string{"category": "Maler for saksframlegg", "title": "Mal for saksframlegg", "visibility": "public", "note": "Første"}

	res := postToolkit(a, sec, "/toolkit", fields, "virus.exe", []byte("MZ\x90\x00 not a document"))
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, `id="e-file"`) {
		t.Fatalf("a refused file type: %d", res.StatusCode)
	}
	big := append([]byte("%PDF-1.4\n"), make([]byte, 11<<20)...)
	if res := postToolkit(a, sec, "/toolkit", fields, "stor.pdf", big); res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, `id="e-file"`) {
		t.Fatalf("a file over 10 MB: %d", res.StatusCode)
	}
	empty := map[string]string{"category": "Maler", "title": "  ", "visibility": "public", "text": "Tekst"}
	if res := postToolkit(a, sec, "/toolkit", empty, "", nil); res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, `id="e-title"`) {
		t.Fatalf("an empty title: %d", res.StatusCode)
	}
	if ds, _ := a.Toolkit.Documents(ctx, sys, toolkit.Filter{}); len(ds) != 0 {
		t.Fatalf("a refused document was stored: %d", len(ds))
	}
	if res := postToolkit(a, sec, "/toolkit", fields, "mal.pdf", pdf); res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/toolkit/") {
		t.Fatalf("create: %d to %s", res.StatusCode, res.Header.Get("Location"))
	}
	ds, _ := a.Toolkit.Documents(ctx, sys, toolkit.Filter{})
	if len(ds) != 1 || ds[0].Current != 1 {
		t.Fatalf("documents: %+v", ds)
	}
	id := ds[0].ID
	path := fmt.Sprintf("/toolkit/%d", id)
	sec.Get(path)
	if res := postToolkit(a, sec, path+"/versions", map[string]string{"text": ""}, "", nil); res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, `id="e-text"`) {
		t.Fatalf("an empty version: %d", res.StatusCode)
	}
	if res := postToolkit(a, sec, path+"/versions", map[string]string{"text": "## Ny mal\n\n<script>alert(1)</script>Slik", "note": "Andre"}, "", nil); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("new version: %d", res.StatusCode)
	}
	page := a.Client("anonymous").Get(path)
	if page.StatusCode != http.StatusOK || !strings.Contains(page.Body, "Ny mal") || strings.Contains(page.Body, "<script>alert") {
		t.Fatalf("the public page: %d", page.StatusCode)
	}
	d, err := a.Toolkit.Document(ctx, nil, id)
	if err != nil || d.Current != 2 || len(d.Versions) != 2 || d.UpdatedByName == "" || d.Versions[0].Note != "Andre" {
		t.Fatalf("after a new version: %+v %v", d, err)
	}
	if res := a.Client("anonymous").Get(path + "/versions/1/file"); res.StatusCode != http.StatusOK || res.Header.Get("Content-Type") != "application/pdf" || res.Body != string(pdf) {
		t.Fatalf("the first version's file: %d %s", res.StatusCode, res.Header.Get("Content-Type"))
	}
	if res := a.Client("anonymous").Get(path + "/versions/2/file"); res.StatusCode != http.StatusNotFound {
		t.Fatalf("a version without a file: %d", res.StatusCode)
	}
	for act, want := range map[string]int{"toolkit.create": 1, "toolkit.version": 2} {
		evs, err := a.Audit.List(ctx, sys, audit.Filter{ObjectType: "toolkit_document", ObjectID: fmt.Sprint(id), Action: act, Limit: 5})
		if err != nil || len(evs.Items) != want {
			t.Errorf("audit %s: %d events, want %d (%v)", act, len(evs.Items), want, err)
		}
	}
	a.VerifyAudit()
}

// TestToolkitVisibilityAndSearch: members-only documents are hidden from
// the public in the list, the search, the page, its files and the API; the
// search finds the current version's text.
func TestToolkitVisibilityAndSearch(t *testing.T) {
	a := apptest.New(t)
	ctx := context.Background()
	sys := policy.SystemActor
	pub := &toolkit.Document{Category: "Metodeveiledere", Title: "Gevinstrealisering", Visibility: toolkit.Public}
	mem := &toolkit.Document{Category: "Metodeveiledere", Title: "Intern prosess", Visibility: toolkit.Members}
	for _, d := range []*toolkit.Document{pub, mem} {
		if err := a.Toolkit.CreateDocument(ctx, sys, d, &toolkit.Version{Text: "Felles ord: kvalitetssikring_100%", FileName: "v.pdf", FileData: []byte("%PDF-1.4\n")}); err != nil {
			t.Fatal(err)
		}
	}
	find := func(c *apptest.Client, q string) string {
		res := c.Get("/toolkit?q=" + url.QueryEscape(q))
		if res.StatusCode != http.StatusOK {
			t.Fatalf("search %q: %d", q, res.StatusCode)
		}
		return res.Body
	}
	anon, member := a.Client("anonymous"), a.Client("member")
	if b := find(anon, "KVALITETSSIKRING_100%"); !strings.Contains(b, "Gevinstrealisering") || strings.Contains(b, "Intern prosess") {
		t.Error("the public search: want the public document only")
	}
	if b := find(member, "kvalitetssikring"); !strings.Contains(b, "Gevinstrealisering") || !strings.Contains(b, "Intern prosess") {
		t.Error("a member's search: want both")
	}
	if b := find(member, "kvalitetssikringX"); strings.Contains(b, "Gevinstrealisering") {
		t.Error("a search for a word no document has found one")
	}
	if b := find(anon, "g_v"); strings.Contains(b, "Gevinstrealisering") {
		t.Error("the search treats _ as a wildcard")
	}
	for _, p := range []string{"/toolkit/%d", "/toolkit/%d/versions/1/file", "/api/v1/toolkit/%d"} {
		if res := anon.Get(fmt.Sprintf(p, mem.ID)); res.StatusCode != http.StatusNotFound {
			t.Errorf("the public reads %s: %d", p, res.StatusCode)
		}
		get := member.Get
		if strings.HasPrefix(p, "/api/") {
			get = func(path string) *apptest.Response { return member.API(http.MethodGet, path, "") }
		}
		if res := get(fmt.Sprintf(p, mem.ID)); res.StatusCode != http.StatusOK {
			t.Errorf("a member reads %s: %d", p, res.StatusCode)
		}
	}
	if res := anon.Get("/api/v1/toolkit"); res.StatusCode != http.StatusOK || strings.Contains(res.Body, "Intern prosess") || !strings.Contains(res.Body, "Gevinstrealisering") {
		t.Errorf("the public API list: %d %s", res.StatusCode, res.Body)
	}
}

// TestToolkitVersionsUnderConcurrency: eight versions added at once get
// the numbers 2…9 without gaps or duplicates.
func TestToolkitVersionsUnderConcurrency(t *testing.T) {
	a := apptest.New(t)
	ctx := context.Background()
	sys := policy.SystemActor
	d := &toolkit.Document{Category: "Maler", Title: "Samtidig", Visibility: toolkit.Public}
	if err := a.Toolkit.CreateDocument(ctx, sys, d, &toolkit.Version{Text: "1"}); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := a.Toolkit.AddVersion(ctx, sys, d.ID, &toolkit.Version{Text: fmt.Sprint(i)}); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	got, err := a.Toolkit.Document(ctx, sys, d.ID)
	if err != nil || got.Current != 9 || len(got.Versions) != 9 {
		t.Fatalf("after eight at once: current %d, %d versions, %v", got.Current, len(got.Versions), err)
	}
	for i, v := range got.Versions {
		if v.Number != int64(9-i) {
			t.Fatalf("version numbers: %d at %d", v.Number, i)
		}
	}
}

// TestNewsAndFeed: the secretariat publishes news (an empty title or an
// unknown language is 422 naming the field, nothing stored); /news shows it
// and /news.atom is an Atom 1.0 feed with the entries.
func TestNewsAndFeed(t *testing.T) {
	a := apptest.New(t)
	ctx := context.Background()
	sec := a.Client("secretariat")
	sec.Get("/news/new")
	for field, form := range map[string]url.Values{
		"title": {"title": {""}, "summary": {"Kort"}, "lang": {"nb"}},
		"lang":  {"title": {"Tittel"}, "summary": {"Kort"}, "lang": {"de"}},
	} {
		if res := sec.PostForm("/news", form); res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, `id="e-`+field+`"`) {
			t.Fatalf("bad %s: %d", field, res.StatusCode)
		}
	}
	if ns, _ := a.Toolkit.NewsItems(ctx, nil, 10); len(ns) != 0 {
		t.Fatal("refused news were stored")
	}
	for _, n := range []url.Values{
		{"title": {"Ny versjon av NPS"}, "summary": {"NPS 3.1 er vedtatt."}, "body": {"Les **mer** <script>x</script>"}, "lang": {"nb"}},
		{"title": {"Webinar & kurs"}, "summary": {"Course <soon>"}, "lang": {"en"}},
	} {
		if res := sec.PostForm("/news", n); res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/news/") {
			t.Fatalf("publish: %d", res.StatusCode)
		}
	}
	if res := a.Client("anonymous").Get("/news"); res.StatusCode != http.StatusOK || !strings.Contains(res.Body, "Ny versjon av NPS") {
		t.Fatalf("/news: %d", res.StatusCode)
	}
	res := a.Client("anonymous").Get("/news.atom")
	if res.StatusCode != http.StatusOK || !strings.HasPrefix(res.Header.Get("Content-Type"), "application/atom+xml") {
		t.Fatalf("/news.atom: %d %s", res.StatusCode, res.Header.Get("Content-Type"))
	}
	var feed struct {
		XMLName xml.Name `xml:"http://www.w3.org/2005/Atom feed"`
		ID      string   `xml:"id"`
		Title   string   `xml:"title"`
		Updated string   `xml:"updated"`
		Entries []struct {
			ID        string `xml:"id"`
			Title     string `xml:"title"`
			Updated   string `xml:"updated"`
			Published string `xml:"published"`
			Link      struct {
				Href string `xml:"href,attr"`
			} `xml:"link"`
			Content struct {
				Type string `xml:"type,attr"`
				Text string `xml:",chardata"`
			} `xml:"content"`
		} `xml:"entry"`
	}
	if err := xml.Unmarshal([]byte(res.Body), &feed); err != nil {
		t.Fatalf("the feed does not parse: %v\n%s", err, res.Body)
	}
	if feed.ID == "" || feed.Title == "" || feed.Updated == "" || len(feed.Entries) != 2 {
		t.Fatalf("feed: %+v", feed)
	}
	e := feed.Entries[1] // the oldest: the NPS news
	if e.Title != "Ny versjon av NPS" || e.Updated == "" || e.Published == "" || !strings.HasPrefix(e.Link.Href, "http") || e.ID != e.Link.Href {
		t.Fatalf("entry: %+v", e)
	}
	if e.Content.Type != "html" || !strings.Contains(e.Content.Text, "<strong>mer</strong>") || strings.Contains(e.Content.Text, "<script") {
		t.Fatalf("entry content: %q", e.Content.Text)
	}
	if feed.Entries[0].Title != "Webinar & kurs" {
		t.Fatalf("the newest first: %q", feed.Entries[0].Title)
	}
}
