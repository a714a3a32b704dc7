package api

import (
	"net/http"
	"strconv"

	"github.com/samstyr/samstyr/internal/directives"
	"github.com/samstyr/samstyr/internal/errs"
	"github.com/samstyr/samstyr/internal/httpx"
	"github.com/samstyr/samstyr/internal/policy"
)

// The concept phase through the API: the same service as the pages.
func (s *Server) directiveRoutes() []Route {
	return []Route{
		{"GET", "/ideas", s.ideaList},
		{"POST", "/ideas", s.ideaCreate},
		{"GET", "/ideas/{id}", s.ideaGet},
		{"GET", "/directives", s.directiveList},
		{"POST", "/directives", s.directiveCreate},
		{"GET", "/directives/{id}", s.directiveGet},
		{"GET", "/directives/{id}/versions/{n}", s.directiveVersion},
		{"PUT", "/directives/{id}/versions/{n}", s.directiveVersionUpdate},
		{"POST", "/directives/{id}/versions", s.directiveNewVersion},
		{"GET", "/directives/{id}/diff", s.directiveDiff},
		{"GET", "/projects", s.projectList},
		{"GET", "/projects/{id}", s.projectGet},
	}
}

func (s *Server) ideaList(w http.ResponseWriter, r *http.Request) error {
	is, err := s.Directives.Ideas(r.Context(), httpx.Actor(r.Context()), directives.IdeaFilter{State: r.URL.Query().Get("state")})
	if err != nil {
		return err
	}
	if is == nil {
		is = []*directives.Idea{}
	}
	return reply(w, http.StatusOK, is)
}

func (s *Server) ideaCreate(w http.ResponseWriter, r *http.Request) error {
	if err := policy.Check(httpx.Actor(r.Context()), policy.IdeaCreate, policy.Resource{}); err != nil {
		return err
	}
	var in directives.Idea
	if err := decode(r, &in); err != nil {
		return err
	}
	if err := s.Directives.CreateIdea(r.Context(), httpx.Actor(r.Context()), &in); err != nil {
		return err
	}
	w.Header().Set("Location", Prefix+"/ideas/"+strconv.FormatInt(in.ID, 10))
	return reply(w, http.StatusCreated, in)
}

func (s *Server) ideaGet(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	i, err := s.Directives.Idea(r.Context(), httpx.Actor(r.Context()), id)
	if err != nil {
		return err
	}
	return reply(w, http.StatusOK, i)
}

func (s *Server) directiveList(w http.ResponseWriter, r *http.Request) error {
	ds, err := s.Directives.Directives(r.Context(), httpx.Actor(r.Context()), directives.DirectiveFilter{State: r.URL.Query().Get("state")})
	if err != nil {
		return err
	}
	return reply(w, http.StatusOK, ds)
}

// directiveInput is a new directive: the idea, a title and version 1.
type directiveInput struct {
	IdeaID   int64              `json:"idea_id"`
	Title    string             `json:"title"`
	Priority int64              `json:"priority"`
	Content  directives.Content `json:"content"`
}

func (s *Server) directiveCreate(w http.ResponseWriter, r *http.Request) error {
	if err := policy.Check(httpx.Actor(r.Context()), policy.DirectiveEdit, policy.Resource{}); err != nil {
		return err
	}
	var in directiveInput
	if err := decode(r, &in); err != nil {
		return err
	}
	d := &directives.Directive{IdeaID: in.IdeaID, Title: in.Title, Priority: in.Priority}
	if err := s.Directives.CreateDirective(r.Context(), httpx.Actor(r.Context()), d, &in.Content); err != nil {
		return err
	}
	w.Header().Set("Location", Prefix+"/directives/"+strconv.FormatInt(d.ID, 10))
	return reply(w, http.StatusCreated, d)
}

func (s *Server) directiveGet(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	d, err := s.Directives.Directive(r.Context(), httpx.Actor(r.Context()), id)
	if err != nil {
		return err
	}
	return reply(w, http.StatusOK, d)
}

// versionNumber reads {n}; a malformed one is NotFound.
func versionNumber(r *http.Request) (int64, error) {
	n, err := strconv.ParseInt(r.PathValue("n"), 10, 64)
	if err != nil || n <= 0 {
		return 0, errs.E(errs.NotFound, "error.not_found")
	}
	return n, nil
}

// versionView is a version with its required-role check.
type versionView struct {
	*directives.Version
	Roles []directives.RoleCheck `json:"required_roles"`
}

func (s *Server) directiveVersion(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	n, err := versionNumber(r)
	if err != nil {
		return err
	}
	v, err := s.Directives.Version(r.Context(), httpx.Actor(r.Context()), id, n)
	if err != nil {
		return err
	}
	return reply(w, http.StatusOK, versionView{Version: v, Roles: v.Content.RoleChecks()})
}

func (s *Server) directiveVersionUpdate(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	n, err := versionNumber(r)
	if err != nil {
		return err
	}
	// Permission before reading the body.
	if err := policy.Check(httpx.Actor(r.Context()), policy.DirectiveEdit, policy.Resource{}); err != nil {
		return err
	}
	var c directives.Content
	if err := decode(r, &c); err != nil {
		return err
	}
	if err := s.Directives.UpdateDraft(r.Context(), httpx.Actor(r.Context()), id, n, &c); err != nil {
		return err
	}
	v, err := s.Directives.Version(r.Context(), httpx.Actor(r.Context()), id, n)
	if err != nil {
		return err
	}
	return reply(w, http.StatusOK, versionView{Version: v, Roles: v.Content.RoleChecks()})
}

func (s *Server) directiveNewVersion(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	v, err := s.Directives.NewVersion(r.Context(), httpx.Actor(r.Context()), id)
	if err != nil {
		return err
	}
	w.Header().Set("Location", Prefix+"/directives/"+strconv.FormatInt(id, 10)+"/versions/"+strconv.FormatInt(v.Number, 10))
	return reply(w, http.StatusCreated, versionView{Version: v, Roles: v.Content.RoleChecks()})
}

func (s *Server) directiveDiff(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	from, ferr := strconv.ParseInt(q.Get("from"), 10, 64)
	to, terr := strconv.ParseInt(q.Get("to"), 10, 64)
	if ferr != nil || terr != nil {
		var v errs.Validation
		if ferr != nil {
			v.Add("from", "error.number")
		}
		if terr != nil {
			v.Add("to", "error.number")
		}
		return v.Err()
	}
	changes, err := s.Directives.Diff(r.Context(), httpx.Actor(r.Context()), id, from, to)
	if err != nil {
		return err
	}
	return reply(w, http.StatusOK, changes)
}

func (s *Server) projectList(w http.ResponseWriter, r *http.Request) error {
	ps, err := s.Directives.Projects(r.Context(), httpx.Actor(r.Context()))
	if err != nil {
		return err
	}
	return reply(w, http.StatusOK, ps)
}

func (s *Server) projectGet(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	p, err := s.Directives.Project(r.Context(), httpx.Actor(r.Context()), id)
	if err != nil {
		return err
	}
	return reply(w, http.StatusOK, p)
}
