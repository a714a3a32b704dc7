package api

import (
	"net/http"
	"strconv"

	"github.com/samstyr/samstyr/internal/directives"
	"github.com/samstyr/samstyr/internal/httpx"
	"github.com/samstyr/samstyr/internal/policy"
)

// The directive's and the concept mandate's documents, and the mandate's
// editing, through the API (internal/directives).
func (s *Server) directiveDocRoutes() []Route {
	return []Route{
		{"GET", "/directives/{id}/versions/{n}/pdf", s.directiveVersionPDF},
		{"GET", "/ideas/{id}/mandate/pdf", s.ideaMandatePDF},
		{"PUT", "/ideas/{id}/mandate", s.ideaMandateUpdate},
	}
}

// sendPDF answers with a PDF document to download.
func sendPDF(w http.ResponseWriter, name string, doc []byte) error {
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("Content-Disposition", `attachment; filename="`+name+`"`)
	w.Header().Set("Content-Length", strconv.Itoa(len(doc)))
	_, err := w.Write(doc)
	return err
}

func (s *Server) directiveVersionPDF(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	n, err := versionNumber(r)
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
	id, err := pathID(r)
	if err != nil {
		return err
	}
	doc, err := s.Directives.MandatePDF(r.Context(), httpx.Actor(r.Context()), id, s.printer(r))
	if err != nil {
		return err
	}
	return sendPDF(w, directives.MandatePDFName(&directives.Idea{ID: id}), doc)
}

func (s *Server) ideaMandateUpdate(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	// Permission before reading the body.
	if err := policy.Check(httpx.Actor(r.Context()), policy.IdeaUpdate, policy.Resource{}); err != nil {
		return err
	}
	var m directives.Mandate
	if err := decode(r, &m); err != nil {
		return err
	}
	if err := s.Directives.UpdateMandate(r.Context(), httpx.Actor(r.Context()), id, &m); err != nil {
		return err
	}
	i, err := s.Directives.Idea(r.Context(), httpx.Actor(r.Context()), id)
	if err != nil {
		return err
	}
	return reply(w, http.StatusOK, i)
}
