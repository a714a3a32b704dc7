package api

import (
	"net/http"
	"strconv"

	"github.com/samstyr/samstyr/internal/httpx"
	"github.com/samstyr/samstyr/internal/policy"
	"github.com/samstyr/samstyr/internal/toolkit"
)

// The toolkit and the news through the API. Public documents and the news
// are readable without a token; a version's file is uploaded on the page
// (the API takes Markdown text).
func (s *Server) toolkitRoutes() []Route {
	return []Route{
		{"GET", "/toolkit", s.toolkitList},
		{"POST", "/toolkit", s.toolkitCreate},
		{"GET", "/toolkit/{id}", s.toolkitGet},
		{"POST", "/toolkit/{id}/versions", s.toolkitAddVersion},
		{"GET", "/news", s.newsList},
		{"POST", "/news", s.newsCreate},
		{"GET", "/news/{id}", s.newsGet},
	}
}

func (s *Server) toolkitList(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	ds, err := s.Toolkit.Documents(r.Context(), httpx.Actor(r.Context()), toolkit.Filter{Query: q.Get("q"), Category: q.Get("category")})
	if err != nil {
		return err
	}
	return reply(w, http.StatusOK, ds)
}

func (s *Server) toolkitGet(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	d, err := s.Toolkit.Document(r.Context(), httpx.Actor(r.Context()), id)
	if err != nil {
		return err
	}
	return reply(w, http.StatusOK, d)
}

type toolkitVersionIn struct {
	Text string `json:"text"`
	Note string `json:"note"`
}

func (s *Server) toolkitCreate(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		Category   string `json:"category"`
		Title      string `json:"title"`
		Summary    string `json:"summary"`
		Visibility string `json:"visibility"`
		toolkitVersionIn
	}
	if err := checked(r, policy.ToolkitEdit, &in); err != nil {
		return err
	}
	d := &toolkit.Document{Category: in.Category, Title: in.Title, Summary: in.Summary, Visibility: in.Visibility}
	if err := s.Toolkit.CreateDocument(r.Context(), httpx.Actor(r.Context()), d, &toolkit.Version{Text: in.Text, Note: in.Note}); err != nil {
		return err
	}
	return s.toolkitReply(w, r, d.ID, http.StatusCreated)
}

func (s *Server) toolkitReply(w http.ResponseWriter, r *http.Request, id int64, status int) error {
	d, err := s.Toolkit.Document(r.Context(), httpx.Actor(r.Context()), id)
	if err != nil {
		return err
	}
	w.Header().Set("Location", Prefix+"/toolkit/"+strconv.FormatInt(id, 10))
	return reply(w, status, d)
}

func (s *Server) toolkitAddVersion(w http.ResponseWriter, r *http.Request) error {
	var in toolkitVersionIn
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := checked(r, policy.ToolkitEdit, &in); err != nil {
		return err
	}
	if err := s.Toolkit.AddVersion(r.Context(), httpx.Actor(r.Context()), id, &toolkit.Version{Text: in.Text, Note: in.Note}); err != nil {
		return err
	}
	return s.toolkitReply(w, r, id, http.StatusCreated)
}

func (s *Server) newsList(w http.ResponseWriter, r *http.Request) error {
	ns, err := s.Toolkit.NewsItems(r.Context(), httpx.Actor(r.Context()), 100)
	if err != nil {
		return err
	}
	return reply(w, http.StatusOK, ns)
}

func (s *Server) newsGet(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	n, err := s.Toolkit.NewsItem(r.Context(), httpx.Actor(r.Context()), id)
	if err != nil {
		return err
	}
	return reply(w, http.StatusOK, n)
}

func (s *Server) newsCreate(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		Title   string `json:"title"`
		Summary string `json:"summary"`
		Body    string `json:"body"`
		Lang    string `json:"lang"`
	}
	if err := checked(r, policy.NewsEdit, &in); err != nil {
		return err
	}
	n := &toolkit.News{Title: in.Title, Summary: in.Summary, Body: in.Body, Lang: in.Lang}
	if err := s.Toolkit.PublishNews(r.Context(), httpx.Actor(r.Context()), n); err != nil {
		return err
	}
	w.Header().Set("Location", Prefix+"/news/"+strconv.FormatInt(n.ID, 10))
	return reply(w, http.StatusCreated, n)
}
