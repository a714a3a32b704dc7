package web

import (
	"fmt"
	"net/http"
	"strconv"

	"github.com/samstyr/samstyr/internal/httpx"
	"github.com/samstyr/samstyr/internal/policy"
	"github.com/samstyr/samstyr/internal/projects"
)

// Cross-project dependencies (issue 12, item 7): the portfolio-wide view
// (graph, critical chains, table), the register of national components,
// and a project's dependencies on them (internal/projects.PlanService).

func (s *Server) registerDepsRoutes(mux *http.ServeMux) {
	s.route(mux, "GET /portfolio/dependencies", signedIn, s.depsView)
	s.route(mux, "GET /portfolio/components", signedIn, s.componentList)
	s.route(mux, "POST /portfolio/components", signedIn, s.componentCreate)
	s.route(mux, "GET /portfolio/components/{cid}/edit", signedIn, s.componentEdit)
	s.route(mux, "POST /portfolio/components/{cid}", signedIn, s.componentUpdate)
	s.route(mux, "GET /projects/{id}/component-dependencies", signedIn, s.componentDepsShow)
	s.route(mux, "POST /projects/{id}/component-dependencies", signedIn, s.componentDepCreate)
	s.route(mux, "POST /projects/{id}/component-dependencies/{did}/delete", signedIn, s.componentDepDelete)
}

type depsViewPage struct {
	basePage
	View  *projects.DependencyView
	Graph *depsGraph
}

func (s *Server) depsView(w http.ResponseWriter, r *http.Request) error {
	v, err := s.Plan.DependencyView(r.Context(), httpx.Actor(r.Context()))
	if err != nil {
		return err
	}
	data := depsViewPage{basePage: s.base(w, r, "deps.title"), View: v}
	data.Graph = newDepsGraph(v)
	s.render(w, r, http.StatusOK, "project_deps/view", data)
	return nil
}

type componentsPage struct {
	basePage
	Components []*projects.Component
	Component  *projects.Component
	MayManage  bool
	Owners     []string
	Statuses   []string
	Errors     formErrors
}

func (s *Server) renderComponents(w http.ResponseWriter, r *http.Request, status int, c *projects.Component, ferr error, page string) error {
	a := httpx.Actor(r.Context())
	cs, err := s.Plan.Components(r.Context(), a)
	if err != nil {
		return err
	}
	data := componentsPage{basePage: s.base(w, r, "deps.components"), Components: cs, Component: c, MayManage: s.Plan.MayManageComponents(a),
		Owners: projects.ComponentOwners, Statuses: projects.ComponentStatuses}
	if page == "project_deps/component_form" {
		data.Title = data.T("deps.component_edit", "name", c.Name)
	}
	data.Errors = fieldErrors(data.P, ferr)
	s.render(w, r, status, page, data)
	return nil
}

func (s *Server) componentList(w http.ResponseWriter, r *http.Request) error {
	return s.renderComponents(w, r, http.StatusOK, &projects.Component{Status: projects.ComponentProduction}, nil, "project_deps/components")
}

// componentForm reads a component's fields from the form.
func componentForm(r *http.Request) *projects.Component {
	return &projects.Component{Name: r.PostFormValue("name"), Owner: r.PostFormValue("owner"), Status: r.PostFormValue("status"),
		Description: r.PostFormValue("description"), PlannedDate: r.PostFormValue("planned_date"), ForecastDate: r.PostFormValue("forecast_date")}
}

func (s *Server) componentCreate(w http.ResponseWriter, r *http.Request) error {
	c := componentForm(r)
	err := s.Plan.CreateComponent(r.Context(), httpx.Actor(r.Context()), c)
	if isFormError(err) {
		return s.renderComponents(w, r, http.StatusUnprocessableEntity, c, err, "project_deps/components")
	}
	if err != nil {
		return err
	}
	s.redirect(w, r, "/portfolio/components", "deps.flash.component_saved")
	return nil
}

func (s *Server) componentEdit(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "cid")
	if err != nil {
		return err
	}
	a := httpx.Actor(r.Context())
	c, err := s.Plan.Component(r.Context(), a, id)
	if err != nil {
		return err
	}
	if err := policy.Check(a, policy.ComponentManage, policy.Resource{}); err != nil {
		return err
	}
	return s.renderComponents(w, r, http.StatusOK, c, nil, "project_deps/component_form")
}

func (s *Server) componentUpdate(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "cid")
	if err != nil {
		return err
	}
	c := componentForm(r)
	c.ID = id
	_, err = s.Plan.UpdateComponent(r.Context(), httpx.Actor(r.Context()), id, &projects.ComponentPatch{Name: &c.Name, Owner: &c.Owner,
		Status: &c.Status, Description: &c.Description, PlannedDate: &c.PlannedDate, ForecastDate: &c.ForecastDate})
	if isFormError(err) {
		return s.renderComponents(w, r, http.StatusUnprocessableEntity, c, err, "project_deps/component_form")
	}
	if err != nil {
		return err
	}
	s.redirect(w, r, "/portfolio/components", "deps.flash.component_saved")
	return nil
}

type componentDepsPage struct {
	basePage
	Plan    *projects.Plan
	Dep     *projects.ComponentDep
	MayEdit bool
	Errors  formErrors
}

func (s *Server) renderComponentDeps(w http.ResponseWriter, r *http.Request, status int, d *projects.ComponentDep, ferr error) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	a := httpx.Actor(r.Context())
	pl, err := s.Plan.Plan(r.Context(), a, id)
	if err != nil {
		return err
	}
	if err := policy.Check(a, policy.ProjectPlanView, projects.PlanResource(pl.Project)); err != nil {
		return err
	}
	data := componentDepsPage{basePage: s.base(w, r, "deps.project_title"), Plan: pl, Dep: d, MayEdit: pl.Components != nil}
	data.Title = data.T("deps.project_title_of", "project", pl.Project.Name)
	data.Errors = fieldErrors(data.P, ferr)
	s.render(w, r, status, "project_deps/project", data)
	return nil
}

func (s *Server) componentDepsShow(w http.ResponseWriter, r *http.Request) error {
	return s.renderComponentDeps(w, r, http.StatusOK, &projects.ComponentDep{}, nil)
}

func (s *Server) componentDepCreate(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	d := &projects.ComponentDep{Note: r.PostFormValue("note")}
	d.ActivityID, _ = strconv.ParseInt(r.PostFormValue("activity_id"), 10, 64)
	d.ComponentID, _ = strconv.ParseInt(r.PostFormValue("component_id"), 10, 64)
	err = s.Plan.AddComponentDep(r.Context(), httpx.Actor(r.Context()), id, d)
	if isFormError(err) {
		return s.renderComponentDeps(w, r, http.StatusUnprocessableEntity, d, err)
	}
	if err != nil {
		return err
	}
	s.redirect(w, r, fmt.Sprintf("/projects/%d/component-dependencies", id), "deps.flash.dep_saved")
	return nil
}

func (s *Server) componentDepDelete(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	did, err := pathID(r, "did")
	if err != nil {
		return err
	}
	if err := s.Plan.RemoveComponentDep(r.Context(), httpx.Actor(r.Context()), id, did); err != nil {
		return err
	}
	s.redirect(w, r, fmt.Sprintf("/projects/%d/component-dependencies", id), "deps.flash.dep_deleted")
	return nil
}
