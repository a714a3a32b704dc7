package web

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/samstyr/samstyr/internal/directives"
	"github.com/samstyr/samstyr/internal/httpx"
	"github.com/samstyr/samstyr/internal/i18n"
	"github.com/samstyr/samstyr/internal/policy"
	"github.com/samstyr/samstyr/internal/projects"
)

// A project's staffing plan and a person's own projects.

type staffingPage struct {
	basePage
	Staffing *projects.Staffing
	Line     *projects.StaffLine
	Person   pickField
	Roles    []string
	Errors   formErrors
}

func (s *Server) renderStaffing(w http.ResponseWriter, r *http.Request, status int, id int64, l *projects.StaffLine, ferr error) error {
	a := httpx.Actor(r.Context())
	st, err := s.Plan.Staffing(r.Context(), a, id)
	if err != nil {
		return err
	}
	data := staffingPage{basePage: s.base(w, r, "staffing.title"), Staffing: st, Line: l, Roles: directives.StaffRoles}
	data.Title = data.T("staffing.title_of", "project", st.Project.Name)
	if st.MayEdit {
		if data.Person, err = s.newPick(r, data.P, pickField{Name: "person_id", Kind: "staffer", Label: "staffing.field.person",
			Help: "staffing.help.person", Action: fmt.Sprintf("/projects/%d/staffing#f-person_id", id), Exclude: id}); err != nil {
			return err
		}
	}
	data.Errors = fieldErrors(data.P, ferr)
	s.render(w, r, status, "project_plan/staffing", data)
	return nil
}

func (s *Server) staffingShow(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	return s.renderStaffing(w, r, http.StatusOK, id, &projects.StaffLine{}, nil)
}

func (s *Server) staffingCreate(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	l := &projects.StaffLine{Role: r.PostFormValue("role"), Organisation: r.PostFormValue("organisation"),
		From: r.PostFormValue("from"), To: r.PostFormValue("to")}
	l.PersonID, _ = strconv.ParseInt(r.PostFormValue("person_id"), 10, 64)
	if v := strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(r.PostFormValue("share_pct")), "%")); v != "" {
		if l.SharePct, err = strconv.ParseInt(v, 10, 64); err != nil {
			l.SharePct = -1
		}
	}
	err = s.Plan.AddStaffLine(r.Context(), httpx.Actor(r.Context()), id, l)
	if isFormError(err) {
		return s.renderStaffing(w, r, http.StatusUnprocessableEntity, id, l, err)
	}
	if err != nil {
		return err
	}
	s.redirect(w, r, fmt.Sprintf("/projects/%d/staffing", id), "staffing.flash.saved")
	return nil
}

func (s *Server) staffingDelete(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	lid, err := pathID(r, "lid")
	if err != nil {
		return err
	}
	if err := s.Plan.RemoveStaffLine(r.Context(), httpx.Actor(r.Context()), id, lid); err != nil {
		return err
	}
	s.redirect(w, r, fmt.Sprintf("/projects/%d/staffing", id), "staffing.flash.deleted")
	return nil
}

type myProjectsPage struct {
	basePage
	Projects []*projects.MyProject
}

func (s *Server) myProjects(w http.ResponseWriter, r *http.Request) error {
	ps, err := s.Plan.MyProjects(r.Context(), httpx.Actor(r.Context()))
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "project_plan/mine", myProjectsPage{basePage: s.base(w, r, "my_projects.title"), Projects: ps})
	return nil
}

// pickStaffers finds people for a staffing line of project exclude.
func pickStaffers(s *Server, ctx context.Context, a *policy.Actor, p *i18n.Printer, q string, exclude int64) ([]pickOption, error) {
	ps, err := s.Plan.People(ctx, a, exclude, q)
	if err != nil {
		return nil, err
	}
	out := []pickOption{}
	for _, l := range ps {
		out = append(out, pickOption{ID: l.PersonID, Label: l.PersonName, Detail: l.Organisation})
	}
	return out, nil
}
