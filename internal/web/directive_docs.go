package web

import (
	"net/http"
	"strconv"

	"github.com/samstyr/samstyr/internal/directives"
	"github.com/samstyr/samstyr/internal/errs"
	"github.com/samstyr/samstyr/internal/httpx"
	"github.com/samstyr/samstyr/internal/policy"
)

// The directive's and the concept mandate's documents, and the mandate's
// own form (internal/directives).

func (s *Server) registerDirectiveDocRoutes(mux *http.ServeMux) {
	s.route(mux, "GET /directives/{id}/versions/{n}/pdf", public, s.directiveVersionPDF)
	s.route(mux, "GET /ideas/{id}/mandate.pdf", signedIn, s.ideaMandatePDF)
	s.route(mux, "GET /ideas/{id}/mandate", signedIn, s.ideaMandateEdit)
	s.route(mux, "POST /ideas/{id}/mandate", signedIn, s.ideaMandateUpdate)
}

// sendPDF sends a document to download.
func sendPDF(w http.ResponseWriter, name string, doc []byte) error {
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("Content-Disposition", `attachment; filename="`+name+`"`)
	w.Header().Set("Content-Length", strconv.Itoa(len(doc)))
	_, err := w.Write(doc)
	return err
}

func (s *Server) directiveVersionPDF(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	n, err := pathID(r, "n")
	if err != nil {
		return err
	}
	doc, err := s.Directives.VersionPDF(r.Context(), httpx.Actor(r.Context()), id, n, s.printer(r))
	if err != nil {
		return err
	}
	return sendPDF(w, directives.PDFName(&directives.Directive{ID: id}, n), doc)
}

func (s *Server) ideaMandatePDF(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	doc, err := s.Directives.MandatePDF(r.Context(), httpx.Actor(r.Context()), id, s.printer(r))
	if err != nil {
		return err
	}
	return sendPDF(w, directives.MandatePDFName(&directives.Idea{ID: id}), doc)
}

type mandateFormPage struct {
	basePage
	Idea   *directives.Idea
	Errors formErrors
}

func (s *Server) renderMandateForm(w http.ResponseWriter, r *http.Request, status int, i *directives.Idea, err error) error {
	data := mandateFormPage{basePage: s.base(w, r, "ideas.mandate_edit"), Idea: i}
	data.Errors = fieldErrors(data.P, err)
	data.Title = data.T("ideas.mandate_edit_of", "title", i.Title)
	s.render(w, r, status, "directives/mandate_form", data)
	return nil
}

func (s *Server) ideaMandateEdit(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	a := httpx.Actor(r.Context())
	if err := policy.Check(a, policy.IdeaUpdate, policy.Resource{}); err != nil {
		return err
	}
	i, err := s.Directives.Idea(r.Context(), a, id)
	if err != nil {
		return err
	}
	if !s.Directives.MayEditMandate(a, i) {
		return errs.E(errs.Conflict, "idea.error.mandate_closed")
	}
	return s.renderMandateForm(w, r, http.StatusOK, i, nil)
}

func (s *Server) ideaMandateUpdate(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	a := httpx.Actor(r.Context())
	m := ideaFromForm(r).Mandate
	err = s.Directives.UpdateMandate(r.Context(), a, id, &m)
	if isFormError(err) {
		i, ierr := s.Directives.Idea(r.Context(), a, id)
		if ierr != nil {
			return ierr
		}
		i.Mandate = m
		return s.renderMandateForm(w, r, http.StatusUnprocessableEntity, i, err)
	}
	if err != nil {
		return err
	}
	s.redirect(w, r, "/ideas/"+strconv.FormatInt(id, 10)+"#h-mandate", "flash.saved")
	return nil
}
