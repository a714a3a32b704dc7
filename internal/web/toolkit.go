package web

import (
	"encoding/xml"
	"net/http"
	"strconv"
	"time"

	"github.com/samstyr/samstyr/internal/httpx"
	"github.com/samstyr/samstyr/internal/meetings"
	"github.com/samstyr/samstyr/internal/needs"
	"github.com/samstyr/samstyr/internal/policy"
	"github.com/samstyr/samstyr/internal/toolkit"
)

// The toolkit (verktøykasse) and the news with their Atom feed
// (internal/toolkit).

func (s *Server) registerToolkitRoutes(mux *http.ServeMux) {
	s.route(mux, "GET /toolkit", public, s.toolkitList)
	s.route(mux, "GET /toolkit/new", signedIn, s.toolkitNew)
	s.route(mux, "POST /toolkit", signedIn, s.toolkitCreate)
	s.route(mux, "GET /toolkit/{id}", public, s.toolkitShow)
	s.route(mux, "POST /toolkit/{id}/versions", signedIn, s.toolkitAddVersion)
	s.route(mux, "GET /toolkit/{id}/versions/{n}/file", public, s.toolkitFile)
	s.route(mux, "GET /news", public, s.newsList)
	s.route(mux, "GET /news.atom", public, s.newsFeed)
	s.route(mux, "GET /news/new", signedIn, s.newsNew)
	s.route(mux, "POST /news", signedIn, s.newsCreate)
	s.route(mux, "GET /news/{id}", public, s.newsShow)
}

type toolkitListPage struct {
	basePage
	Documents  []*toolkit.Document
	Categories []string // the categories shown, in order
	Query      string
	Category   string
}

func (s *Server) toolkitList(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	f := toolkit.Filter{Query: q.Get("q"), Category: q.Get("category")}
	ds, err := s.Toolkit.Documents(r.Context(), httpx.Actor(r.Context()), f)
	if err != nil {
		return err
	}
	data := toolkitListPage{basePage: s.base(w, r, "toolkit.title"), Documents: ds, Query: f.Query, Category: f.Category}
	for _, d := range ds {
		if n := len(data.Categories); n == 0 || data.Categories[n-1] != d.Category {
			data.Categories = append(data.Categories, d.Category)
		}
	}
	s.render(w, r, http.StatusOK, "toolkit/list", data)
	return nil
}

type toolkitFormPage struct {
	basePage
	Document   *toolkit.Document
	Version    *toolkit.Version
	Categories []string
	Errors     formErrors
}

func (s *Server) renderToolkitForm(w http.ResponseWriter, r *http.Request, status int, d *toolkit.Document, v *toolkit.Version, err error) error {
	data := toolkitFormPage{basePage: s.base(w, r, "toolkit.new"), Document: d, Version: v, Categories: toolkit.Categories}
	data.Errors = fieldErrors(data.P, err)
	s.render(w, r, status, "toolkit/form", data)
	return nil
}

func (s *Server) toolkitNew(w http.ResponseWriter, r *http.Request) error {
	if err := policy.Check(httpx.Actor(r.Context()), policy.ToolkitEdit, policy.Resource{}); err != nil {
		return err
	}
	return s.renderToolkitForm(w, r, http.StatusOK, &toolkit.Document{Visibility: toolkit.Public}, &toolkit.Version{}, nil)
}

// toolkitVersionForm reads a version's text, note and file.
func toolkitVersionForm(r *http.Request) *toolkit.Version {
	v := &toolkit.Version{Text: r.PostFormValue("text"), Note: r.PostFormValue("note")}
	if file := formUpload(r, "file"); file != nil {
		v.FileName = file.Filename
		if v.FileData, _ = file.ReadAll(needs.MaxAttachment); v.FileName == "" {
			v.FileName = "document"
		}
	}
	return v
}

func (s *Server) toolkitCreate(w http.ResponseWriter, r *http.Request) error {
	f := r.PostFormValue
	d := &toolkit.Document{Category: f("category"), Title: f("title"), Summary: f("summary"), Visibility: f("visibility")}
	v := toolkitVersionForm(r)
	err := s.Toolkit.CreateDocument(r.Context(), httpx.Actor(r.Context()), d, v)
	if isFormError(err) {
		return s.renderToolkitForm(w, r, http.StatusUnprocessableEntity, d, v, err)
	}
	if err != nil {
		return err
	}
	s.redirect(w, r, "/toolkit/"+strconv.FormatInt(d.ID, 10), "flash.saved")
	return nil
}

type toolkitShowPage struct {
	basePage
	Document *toolkit.Document
	Current  *toolkit.Version
	MayEdit  bool
	Draft    *toolkit.Version
	Errors   formErrors
}

func (s *Server) renderToolkitShow(w http.ResponseWriter, r *http.Request, status int, id int64, draft *toolkit.Version, ferr error) error {
	a := httpx.Actor(r.Context())
	d, err := s.Toolkit.Document(r.Context(), a, id)
	if err != nil {
		return err
	}
	data := toolkitShowPage{basePage: s.base(w, r, "toolkit.title"), Document: d, Draft: draft,
		MayEdit: policy.Can(a, policy.ToolkitEdit, policy.Resource{})}
	data.Title = d.Title
	if len(d.Versions) > 0 {
		data.Current = d.Versions[0]
	}
	data.Errors = fieldErrors(data.P, ferr)
	s.render(w, r, status, "toolkit/show", data)
	return nil
}

func (s *Server) toolkitShow(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	return s.renderToolkitShow(w, r, http.StatusOK, id, &toolkit.Version{}, nil)
}

func (s *Server) toolkitAddVersion(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	v := toolkitVersionForm(r)
	err = s.Toolkit.AddVersion(r.Context(), httpx.Actor(r.Context()), id, v)
	if isFormError(err) {
		return s.renderToolkitShow(w, r, http.StatusUnprocessableEntity, id, v, err)
	}
	if err != nil {
		return err
	}
	s.redirect(w, r, "/toolkit/"+strconv.FormatInt(id, 10), "toolkit.flash.version")
	return nil
}

// toolkitFile serves one version's file to whoever may see the document.
func (s *Server) toolkitFile(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	n, err := pathID(r, "n")
	if err != nil {
		return err
	}
	v, err := s.Toolkit.File(r.Context(), httpx.Actor(r.Context()), id, n)
	if err != nil {
		return err
	}
	return httpx.ServeDownload(w, v.FileName, v.FileType, v.FileData)
}

type newsListPage struct {
	basePage
	News []*toolkit.News
}

func (s *Server) newsList(w http.ResponseWriter, r *http.Request) error {
	ns, err := s.Toolkit.NewsItems(r.Context(), httpx.Actor(r.Context()), 100)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "toolkit/news", newsListPage{basePage: s.base(w, r, "news.title"), News: ns})
	return nil
}

type newsShowPage struct {
	basePage
	News *toolkit.News
}

func (s *Server) newsShow(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	n, err := s.Toolkit.NewsItem(r.Context(), httpx.Actor(r.Context()), id)
	if err != nil {
		return err
	}
	data := newsShowPage{basePage: s.base(w, r, "news.title"), News: n}
	data.Title = n.Title
	s.render(w, r, http.StatusOK, "toolkit/news_show", data)
	return nil
}

type newsFormPage struct {
	basePage
	News   *toolkit.News
	Langs  []string
	Errors formErrors
}

func (s *Server) renderNewsForm(w http.ResponseWriter, r *http.Request, status int, n *toolkit.News, err error) error {
	data := newsFormPage{basePage: s.base(w, r, "news.new"), News: n, Langs: toolkit.Langs}
	data.Errors = fieldErrors(data.P, err)
	s.render(w, r, status, "toolkit/news_form", data)
	return nil
}

func (s *Server) newsNew(w http.ResponseWriter, r *http.Request) error {
	if err := policy.Check(httpx.Actor(r.Context()), policy.NewsEdit, policy.Resource{}); err != nil {
		return err
	}
	return s.renderNewsForm(w, r, http.StatusOK, &toolkit.News{Lang: langOf(r)}, nil)
}

func (s *Server) newsCreate(w http.ResponseWriter, r *http.Request) error {
	f := r.PostFormValue
	n := &toolkit.News{Title: f("title"), Summary: f("summary"), Body: f("body"), Lang: f("lang")}
	err := s.Toolkit.PublishNews(r.Context(), httpx.Actor(r.Context()), n)
	if isFormError(err) {
		return s.renderNewsForm(w, r, http.StatusUnprocessableEntity, n, err)
	}
	if err != nil {
		return err
	}
	s.redirect(w, r, "/news/"+strconv.FormatInt(n.ID, 10), "news.flash.published")
	return nil
}

// atomFeed is an Atom 1.0 feed (RFC 4287).
type atomFeed struct {
	XMLName xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	Title   string      `xml:"title"`
	ID      string      `xml:"id"`
	Updated string      `xml:"updated"`
	Links   []atomLink  `xml:"link"`
	Author  atomPerson  `xml:"author"`
	Entries []atomEntry `xml:"entry"`
}

type atomLink struct {
	Rel  string `xml:"rel,attr,omitempty"`
	Type string `xml:"type,attr,omitempty"`
	Href string `xml:"href,attr"`
}

type atomPerson struct {
	Name string `xml:"name"`
}

type atomText struct {
	Type string `xml:"type,attr,omitempty"`
	Text string `xml:",chardata"`
}

type atomEntry struct {
	Title     string   `xml:"title"`
	ID        string   `xml:"id"`
	Link      atomLink `xml:"link"`
	Published string   `xml:"published"`
	Updated   string   `xml:"updated"`
	Lang      string   `xml:"http://www.w3.org/XML/1998/namespace lang,attr,omitempty"`
	Summary   atomText `xml:"summary"`
	Content   atomText `xml:"content"`
}

// newsFeed is the news as an Atom feed: the 50 newest items, each with its
// summary and its body as sanitised HTML.
func (s *Server) newsFeed(w http.ResponseWriter, r *http.Request) error {
	ns, err := s.Toolkit.NewsItems(r.Context(), httpx.Actor(r.Context()), 50)
	if err != nil {
		return err
	}
	p := s.Catalog.Printer(langOf(r))
	feed := atomFeed{Title: p.T("news.feed_title"), ID: s.absURL(r, "/news"), Updated: time.Unix(0, 0).UTC().Format(time.RFC3339),
		Links:  []atomLink{{Rel: "self", Type: "application/atom+xml", Href: s.absURL(r, "/news.atom")}, {Rel: "alternate", Type: "text/html", Href: s.absURL(r, "/news")}},
		Author: atomPerson{Name: p.T("news.feed_author")}}
	var updated time.Time
	for _, n := range ns {
		u := s.absURL(r, "/news/"+strconv.FormatInt(n.ID, 10))
		if n.UpdatedAt.After(updated) {
			updated = n.UpdatedAt
			feed.Updated = n.UpdatedAt.UTC().Format(time.RFC3339)
		}
		feed.Entries = append(feed.Entries, atomEntry{Title: n.Title, ID: u, Link: atomLink{Rel: "alternate", Href: u},
			Published: n.PublishedAt.UTC().Format(time.RFC3339), Updated: n.UpdatedAt.UTC().Format(time.RFC3339), Lang: n.Lang,
			Summary: atomText{Type: "text", Text: n.Summary}, Content: atomText{Type: "html", Text: meetings.Markdown(n.Body)}})
	}
	out, err := xml.MarshalIndent(feed, "", " ")
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/atom+xml; charset=utf-8")
	_, err = w.Write(append([]byte(xml.Header), out...))
	return err
}
