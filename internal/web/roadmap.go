package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"time"

	"github.com/samstyr/samstyr/internal/errs"
	"github.com/samstyr/samstyr/internal/httpx"
	"github.com/samstyr/samstyr/internal/i18n"
	"github.com/samstyr/samstyr/internal/policy"
	"github.com/samstyr/samstyr/internal/portfolio"
)

// The roadmap (veikart): /roadmap (public, the current roadmap as a
// picture and a table), /roadmap/manage (the secretariat), the frozen
// versions and the difference between two, over internal/portfolio.

func (s *Server) registerRoadmapRoutes(mux *http.ServeMux) {
	s.route(mux, "GET /roadmap", public, s.roadmapShow)
	s.route(mux, "GET /roadmap/versions", public, s.roadmapVersions)
	s.route(mux, "GET /roadmap/versions/{n}", public, s.roadmapVersionShow)
	s.route(mux, "GET /roadmap/diff", public, s.roadmapDiff)
	s.route(mux, "GET /roadmap/manage", signedIn, s.roadmapManage)
	s.route(mux, "POST /roadmap/initiatives", signedIn, s.initiativeCreate)
	s.route(mux, "POST /roadmap/initiatives/{id}", signedIn, s.initiativeUpdate)
	s.route(mux, "POST /roadmap/versions", signedIn, s.roadmapFreeze)
}

// roadmapView is the picture and the table of a list of initiatives.
type roadmapView struct {
	Items []*portfolio.Initiative
	Chart *roadmapChart
	Names map[int64]string
}

func newRoadmapView(ins []*portfolio.Initiative, today time.Time, p *i18n.Printer) roadmapView {
	v := roadmapView{Items: ins, Names: map[int64]string{}}
	for _, in := range ins {
		v.Names[in.ID] = in.Title
	}
	v.Chart = newRoadmapChart(ins, today, p)
	return v
}

type roadmapPage struct {
	basePage
	View     roadmapView
	Version  *portfolio.RoadmapVersion
	Versions []*portfolio.RoadmapVersion
	MayEdit  bool
}

func (s *Server) roadmapShow(w http.ResponseWriter, r *http.Request) error {
	a := httpx.Actor(r.Context())
	ins, err := s.Portfolio.Roadmap(r.Context(), a)
	if err != nil {
		return err
	}
	vs, err := s.Portfolio.RoadmapVersions(r.Context(), a)
	if err != nil {
		return err
	}
	b := s.base(w, r, "roadmap.title")
	s.render(w, r, http.StatusOK, "roadmap/show", &roadmapPage{basePage: b, View: newRoadmapView(ins, s.now(), b.P),
		Versions: vs, MayEdit: policy.Can(a, policy.RoadmapEdit, policy.Resource{})})
	return nil
}

func (s *Server) roadmapVersions(w http.ResponseWriter, r *http.Request) error {
	vs, err := s.Portfolio.RoadmapVersions(r.Context(), httpx.Actor(r.Context()))
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "roadmap/versions", &roadmapPage{basePage: s.base(w, r, "roadmap.versions.title"), Versions: vs})
	return nil
}

func (s *Server) roadmapVersionShow(w http.ResponseWriter, r *http.Request) error {
	n, err := pathID(r, "n")
	if err != nil {
		return err
	}
	v, err := s.Portfolio.RoadmapVersion(r.Context(), httpx.Actor(r.Context()), n)
	if err != nil {
		return err
	}
	b := s.base(w, r, "roadmap.version.title")
	b.Title = b.P.T("roadmap.version.title", "n", v.Number, "title", v.Title)
	s.render(w, r, http.StatusOK, "roadmap/version", &roadmapPage{basePage: b, View: newRoadmapView(v.Initiatives, s.now(), b.P), Version: v})
	return nil
}

type roadmapDiffPage struct {
	basePage
	From, To *portfolio.RoadmapVersion
	Rows     []portfolio.DiffRow
	Versions []*portfolio.RoadmapVersion
}

func (s *Server) roadmapDiff(w http.ResponseWriter, r *http.Request) error {
	a := httpx.Actor(r.Context())
	vs, err := s.Portfolio.RoadmapVersions(r.Context(), a)
	if err != nil {
		return err
	}
	data := &roadmapDiffPage{basePage: s.base(w, r, "roadmap.diff.title"), Versions: vs}
	from, e1 := strconv.ParseInt(r.URL.Query().Get("from"), 10, 64)
	to, e2 := strconv.ParseInt(r.URL.Query().Get("to"), 10, 64)
	if e1 == nil && e2 == nil {
		if data.From, data.To, data.Rows, err = s.Portfolio.RoadmapDiff(r.Context(), a, from, to); err != nil {
			return err
		}
	}
	s.render(w, r, http.StatusOK, "roadmap/diff", data)
	return nil
}

type roadmapManagePage struct {
	basePage
	Items   []*portfolio.Initiative
	Choices *portfolio.RoadmapChoices
	Areas   []string
	Status  []string
	Edit    *portfolio.Initiative
	Form    url.Values
	Deps    []int64
	Stds    []int64
	Errors  formErrors
	// VersionErrors are the freeze form's errors.
	VersionErrors formErrors
}

// Selected reports whether id is among ids (for checkboxes).
func (roadmapManagePage) Selected(ids []int64, id int64) bool { return slices.Contains(ids, id) }

// FormID is the form's value of an id field ("" for 0).
func (p roadmapManagePage) FormID(name string) int64 {
	n, _ := strconv.ParseInt(p.Form.Get(name), 10, 64)
	return n
}

func (s *Server) roadmapManagePage(w http.ResponseWriter, r *http.Request) (*roadmapManagePage, error) {
	a := httpx.Actor(r.Context())
	c, err := s.Portfolio.RoadmapChoices(r.Context(), a)
	if err != nil {
		return nil, err
	}
	ins, err := s.Portfolio.Roadmap(r.Context(), a)
	if err != nil {
		return nil, err
	}
	return &roadmapManagePage{basePage: s.base(w, r, "roadmap.manage.title"), Items: ins, Choices: c, Areas: portfolio.FocusAreas,
		Status: portfolio.InitiativeStatuses, Form: url.Values{}}, nil
}

func (s *Server) roadmapManage(w http.ResponseWriter, r *http.Request) error {
	data, err := s.roadmapManagePage(w, r)
	if err != nil {
		return err
	}
	if id, _ := strconv.ParseInt(r.URL.Query().Get("edit"), 10, 64); id > 0 {
		in, err := s.Portfolio.Initiative(r.Context(), httpx.Actor(r.Context()), id)
		if err != nil {
			return err
		}
		data.Edit, data.Form = in, initiativeForm(in)
		data.Deps = in.DependsOn
		for _, t := range in.Standards {
			data.Stds = append(data.Stds, t.ID)
		}
	}
	s.render(w, r, http.StatusOK, "roadmap/manage", data)
	return nil
}

// initiativeForm is a stored initiative as the form's values (the
// entered half-years, not those a project's plan gives).
func initiativeForm(in *portfolio.Initiative) url.Values {
	f := url.Values{}
	f.Set("title", in.Title)
	f.Set("description", in.Description)
	f.Set("area", in.Area)
	f.Set("actor_id", strconv.FormatInt(in.ActorID, 10))
	f.Set("project_id", strconv.FormatInt(in.ProjectID, 10))
	f.Set("start", in.Start)
	f.Set("end", in.End)
	f.Set("forecast_end", in.ForecastEnd)
	f.Set("status", in.Status)
	return f
}

// initiativeInput reads the manage form; an id that is not a number is 0
// (then refused naming the field).
func initiativeInput(r *http.Request) portfolio.InitiativeInput {
	in := portfolio.InitiativeInput{Title: r.PostFormValue("title"), Description: r.PostFormValue("description"), Area: r.PostFormValue("area"),
		Start: r.PostFormValue("start"), End: r.PostFormValue("end"), ForecastEnd: r.PostFormValue("forecast_end"), Status: r.PostFormValue("status")}
	in.ActorID, _ = strconv.ParseInt(r.PostFormValue("actor_id"), 10, 64)
	in.ProjectID, _ = strconv.ParseInt(r.PostFormValue("project_id"), 10, 64)
	in.DependsOn = formIDs(r.PostForm["depends_on"])
	in.Standards = formIDs(r.PostForm["standards"])
	return in
}

func formIDs(vs []string) []int64 {
	out := []int64{}
	for _, v := range vs {
		if n, err := strconv.ParseInt(v, 10, 64); err == nil {
			out = append(out, n)
		}
	}
	return out
}

func (s *Server) initiativeCreate(w http.ResponseWriter, r *http.Request) error {
	return s.initiativeSave(w, r, 0)
}

func (s *Server) initiativeUpdate(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	return s.initiativeSave(w, r, id)
}

func (s *Server) initiativeSave(w http.ResponseWriter, r *http.Request, id int64) error {
	a := httpx.Actor(r.Context())
	var err error
	if id == 0 {
		_, err = s.Portfolio.CreateInitiative(r.Context(), a, initiativeInput(r))
	} else {
		_, err = s.Portfolio.UpdateInitiative(r.Context(), a, id, initiativeInput(r))
	}
	if isFormError(err) {
		data, perr := s.roadmapManagePage(w, r)
		if perr != nil {
			return perr
		}
		if id != 0 {
			if data.Edit, perr = s.Portfolio.Initiative(r.Context(), a, id); perr != nil {
				return perr
			}
		}
		data.Errors, data.Form = fieldErrors(data.P, err), r.PostForm
		data.Deps, data.Stds = formIDs(r.PostForm["depends_on"]), formIDs(r.PostForm["standards"])
		s.render(w, r, http.StatusUnprocessableEntity, "roadmap/manage", data)
		return nil
	}
	if err != nil {
		return err
	}
	s.redirect(w, r, "/roadmap/manage", "roadmap.manage.saved")
	return nil
}

func (s *Server) roadmapFreeze(w http.ResponseWriter, r *http.Request) error {
	v, err := s.Portfolio.FreezeRoadmap(r.Context(), httpx.Actor(r.Context()), r.PostFormValue("version_title"))
	if isFormError(err) {
		data, perr := s.roadmapManagePage(w, r)
		if perr != nil {
			return perr
		}
		data.Errors, data.Form = fieldErrors(data.P, renameField(err, "title", "version_title")), r.PostForm
		s.render(w, r, http.StatusUnprocessableEntity, "roadmap/manage", data)
		return nil
	}
	if err != nil {
		return err
	}
	s.redirect(w, r, fmt.Sprintf("/roadmap/versions/%d", v.Number), "roadmap.manage.frozen")
	return nil
}

// renameField names a field error after the form's field.
func renameField(err error, from, to string) error {
	if e := errs.As(err); e != nil {
		for i := range e.Fields {
			if e.Fields[i].Field == from {
				e.Fields[i].Field = to
			}
		}
	}
	return err
}

// pickRoadmapVersions finds frozen roadmap versions, for linking a case
// of the strategic council to one.
func pickRoadmapVersions(s *Server, ctx context.Context, a *policy.Actor, p *i18n.Printer, q string, _ int64) ([]pickOption, error) {
	vs, err := s.Portfolio.RoadmapVersions(ctx, a)
	if err != nil {
		return nil, err
	}
	out := []pickOption{}
	for _, v := range vs {
		label := fmt.Sprintf("%d: %s", v.Number, v.Title)
		if v.State == portfolio.VersionFrozen && pickMatch(q, v.ID, label) && len(out) < 10 {
			out = append(out, pickOption{ID: v.ID, Label: label, Detail: p.T("roadmap.version.state." + v.State)})
		}
	}
	return out, nil
}
