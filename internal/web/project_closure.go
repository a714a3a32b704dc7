package web

import (
	"fmt"
	"net/http"

	"github.com/samstyr/samstyr/internal/httpx"
	"github.com/samstyr/samstyr/internal/projects"
)

// Project closure's pages (internal/projects, closure_service.go): the
// state moves (start, hold, resume), the BP4 closing recommendation with
// its checklist and the BP5 final report computed from the records.

func (s *Server) registerClosureRoutes(mux *http.ServeMux) {
	s.route(mux, "GET /projects/{id}/closure", signedIn, s.closureShow)
	s.route(mux, "POST /projects/{id}/closure", signedIn, s.closureSave)
	s.route(mux, "GET /projects/{id}/final-report", signedIn, s.finalReportShow)
	s.route(mux, "POST /projects/{id}/final-report", signedIn, s.finalReportSave)
	s.route(mux, "POST /projects/{id}/move", signedIn, s.projectMove)
}

type closurePage struct {
	basePage
	*projects.ClosureView
	Items  []string
	Reason string
	Errors formErrors
}

// renderClosure shows the closure page or the final report page; in
// (when not nil) is what the person typed, kept on a refusal.
func (s *Server) renderClosure(w http.ResponseWriter, r *http.Request, status int, page string, in *projects.Closure, reason string, ferr error) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	v, err := s.Control.Closure(r.Context(), httpx.Actor(r.Context()), id)
	if err != nil {
		return err
	}
	if in != nil {
		if page == "closure" {
			v.Closure.Checklist, v.Closure.RemainingWork = in.Checklist, in.RemainingWork
		} else {
			v.Closure.Evaluation, v.Closure.Lessons = in.Evaluation, in.Lessons
		}
	}
	title := "closure.title"
	if page == "final_report" {
		title = "closure.final_title"
	}
	data := closurePage{basePage: s.base(w, r, title), ClosureView: v, Items: projects.ChecklistItems, Reason: reason}
	data.Title = data.T(title+"_of", "project", v.Project.Name)
	data.Errors = fieldErrors(data.P, ferr)
	s.render(w, r, status, "project_closure/"+page, data)
	return nil
}

func (s *Server) closureShow(w http.ResponseWriter, r *http.Request) error {
	return s.renderClosure(w, r, http.StatusOK, "closure", nil, "", nil)
}

// closureFromForm reads the checklist (answer_<key>, comment_<key>) and
// the remaining work.
func closureFromForm(r *http.Request) *projects.Closure {
	f := r.PostFormValue
	c := &projects.Closure{RemainingWork: f("remaining_work"), Evaluation: f("evaluation"), Lessons: f("lessons_learned")}
	for _, k := range projects.ChecklistItems {
		c.Checklist = append(c.Checklist, projects.CheckItem{Key: k, Answer: f("checklist." + k + ".answer"), Comment: f("checklist." + k + ".comment")})
	}
	return c
}

func (s *Server) closureSave(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	a, in := httpx.Actor(r.Context()), closureFromForm(r)
	flash := "flash.saved"
	if r.PostFormValue("action") == "submit" {
		flash = "closure.flash.submitted"
		_, err = s.Control.SubmitClosure(r.Context(), a, id, in)
	} else {
		err = s.Control.SaveClosure(r.Context(), a, id, in)
	}
	if isFormError(err) {
		return s.renderClosure(w, r, http.StatusUnprocessableEntity, "closure", in, "", err)
	}
	if err != nil {
		return err
	}
	s.redirect(w, r, fmt.Sprintf("/projects/%d/closure", id), flash)
	return nil
}

func (s *Server) finalReportShow(w http.ResponseWriter, r *http.Request) error {
	return s.renderClosure(w, r, http.StatusOK, "final_report", nil, "", nil)
}

func (s *Server) finalReportSave(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	a, in := httpx.Actor(r.Context()), closureFromForm(r)
	flash := "flash.saved"
	if r.PostFormValue("action") == "submit" {
		flash = "closure.flash.final_submitted"
		_, err = s.Control.SubmitFinalReport(r.Context(), a, id, in)
	} else {
		err = s.Control.SaveFinalReport(r.Context(), a, id, in)
	}
	if isFormError(err) {
		return s.renderClosure(w, r, http.StatusUnprocessableEntity, "final_report", in, "", err)
	}
	if err != nil {
		return err
	}
	s.redirect(w, r, fmt.Sprintf("/projects/%d/final-report", id), flash)
	return nil
}

func (s *Server) projectMove(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	reason := r.PostFormValue("reason")
	_, err = s.Control.MoveProject(r.Context(), httpx.Actor(r.Context()), id, r.PostFormValue("move"), reason)
	if isFormError(err) {
		return s.renderClosure(w, r, http.StatusUnprocessableEntity, "closure", nil, reason, err)
	}
	if err != nil {
		return err
	}
	s.redirect(w, r, fmt.Sprintf("/projects/%d/closure", id), "project.flash.moved")
	return nil
}
