package api

import (
	"net/http"
	"strconv"

	"github.com/samstyr/samstyr/internal/errs"
	"github.com/samstyr/samstyr/internal/httpx"
	"github.com/samstyr/samstyr/internal/projects"
)

// Project control through the API: status reports, deviations and risks,
// the same service as the pages.
func (s *Server) controlRoutes() []Route {
	return []Route{
		{"GET", "/projects/{id}/status-reports", s.reportList},
		{"POST", "/projects/{id}/status-reports", s.reportCreate},
		{"GET", "/projects/{id}/status-reports/{rid}", s.reportGet},
		{"PUT", "/projects/{id}/status-reports/{rid}", s.reportUpdate},
		{"POST", "/projects/{id}/status-reports/{rid}/submit", s.reportSubmit},
		{"POST", "/projects/{id}/status-reports/{rid}/review", s.reportReview},
		{"GET", "/status-reports/late", s.reportLate},
		{"GET", "/projects/{id}/deviations", s.deviationList},
		{"POST", "/projects/{id}/deviations", s.deviationCreate},
		{"GET", "/projects/{id}/deviations/{rid}", s.deviationGet},
		{"POST", "/projects/{id}/deviations/{rid}/move", s.deviationMove},
		{"GET", "/projects/{id}/risks", s.riskList},
		{"POST", "/projects/{id}/risks", s.riskCreate},
		{"PUT", "/projects/{id}/risks/{rid}", s.riskUpdate},
		{"POST", "/projects/{id}/risks/{rid}/move", s.riskMove},
		{"GET", "/risks", s.portfolioRiskList},
		{"POST", "/risks", s.portfolioRiskCreate},
	}
}

// ids parses {id} (the project) and {rid} (the item); malformed is NotFound.
func ids(r *http.Request) (int64, int64, error) {
	id, err := pathID(r)
	if err != nil {
		return 0, 0, err
	}
	rid, err := strconv.ParseInt(r.PathValue("rid"), 10, 64)
	if err != nil || rid <= 0 {
		return 0, 0, errs.E(errs.NotFound, "error.not_found")
	}
	return id, rid, nil
}

// notOf is the NotFound of an item asked for under another project.
func notOf() error { return errs.E(errs.NotFound, "error.not_found") }

func (s *Server) reportList(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	rs, summary, full, err := s.Control.VisibleReports(r.Context(), httpx.Actor(r.Context()), id)
	if err != nil {
		return err
	}
	if !full {
		return reply(w, http.StatusOK, summary)
	}
	return reply(w, http.StatusOK, rs)
}

func (s *Server) reportCreate(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var in projects.StatusReport
	if err := decode(r, &in); err != nil {
		return err
	}
	if err := s.Control.CreateReport(r.Context(), httpx.Actor(r.Context()), id, &in); err != nil {
		return err
	}
	w.Header().Set("Location", Prefix+"/projects/"+strconv.FormatInt(id, 10)+"/status-reports/"+strconv.FormatInt(in.ID, 10))
	return reply(w, http.StatusCreated, in)
}

func (s *Server) reportGet(w http.ResponseWriter, r *http.Request) error {
	id, rid, err := ids(r)
	if err != nil {
		return err
	}
	rep, _, err := s.Control.Report(r.Context(), httpx.Actor(r.Context()), rid)
	if err != nil {
		return err
	}
	if rep.ProjectID != id {
		return notOf()
	}
	return reply(w, http.StatusOK, rep)
}

func (s *Server) reportUpdate(w http.ResponseWriter, r *http.Request) error {
	rid, err := s.reportOf(r)
	if err != nil {
		return err
	}
	var in projects.StatusReport
	if err := decode(r, &in); err != nil {
		return err
	}
	if err := s.Control.UpdateReport(r.Context(), httpx.Actor(r.Context()), rid, &in); err != nil {
		return err
	}
	return reply(w, http.StatusOK, in)
}

// submitted is a submitted report's answer: the deviations the system
// raised from breached tolerances.
type submitted struct {
	Raised []*projects.Deviation `json:"raised_deviations"`
}

// reportOf checks that the report {rid} is one of project {id}'s.
func (s *Server) reportOf(r *http.Request) (int64, error) {
	id, rid, err := ids(r)
	if err != nil {
		return 0, err
	}
	rep, _, err := s.Control.Report(r.Context(), httpx.Actor(r.Context()), rid)
	if err != nil {
		return 0, err
	}
	if rep.ProjectID != id {
		return 0, notOf()
	}
	return rid, nil
}

// deviationOf checks that the deviation {rid} is one of project {id}'s.
func (s *Server) deviationOf(r *http.Request) (int64, error) {
	id, rid, err := ids(r)
	if err != nil {
		return 0, err
	}
	d, _, err := s.Control.Deviation(r.Context(), httpx.Actor(r.Context()), rid)
	if err != nil {
		return 0, err
	}
	if d.ProjectID != id {
		return 0, notOf()
	}
	return rid, nil
}

// riskOf checks that the risk {rid} is one of project {id}'s.
func (s *Server) riskOf(r *http.Request) (int64, error) {
	id, rid, err := ids(r)
	if err != nil {
		return 0, err
	}
	k, err := s.Control.Risk(r.Context(), httpx.Actor(r.Context()), rid)
	if err != nil {
		return 0, err
	}
	if k.ProjectID != id {
		return 0, notOf()
	}
	return rid, nil
}

func (s *Server) reportSubmit(w http.ResponseWriter, r *http.Request) error {
	rid, err := s.reportOf(r)
	if err != nil {
		return err
	}
	raised, err := s.Control.SubmitReport(r.Context(), httpx.Actor(r.Context()), rid)
	if err != nil {
		return err
	}
	if raised == nil {
		raised = []*projects.Deviation{}
	}
	return reply(w, http.StatusOK, submitted{Raised: raised})
}

func (s *Server) reportReview(w http.ResponseWriter, r *http.Request) error {
	rid, err := s.reportOf(r)
	if err != nil {
		return err
	}
	var in struct {
		Note string `json:"note"`
	}
	if r.ContentLength != 0 {
		if err := decode(r, &in); err != nil {
			return err
		}
	}
	if err := s.Control.ReviewReport(r.Context(), httpx.Actor(r.Context()), rid, in.Note); err != nil {
		return err
	}
	rep, _, err := s.Control.Report(r.Context(), httpx.Actor(r.Context()), rid)
	if err != nil {
		return err
	}
	return reply(w, http.StatusOK, rep)
}

func (s *Server) reportLate(w http.ResponseWriter, r *http.Request) error {
	late, err := s.Control.LateReports(r.Context(), httpx.Actor(r.Context()))
	if err != nil {
		return err
	}
	return reply(w, http.StatusOK, late)
}

func (s *Server) deviationList(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	ds, err := s.Control.Deviations(r.Context(), httpx.Actor(r.Context()), id, r.URL.Query().Get("open") == "true")
	if err != nil {
		return err
	}
	return reply(w, http.StatusOK, ds)
}

func (s *Server) deviationCreate(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var in projects.Deviation
	if err := decode(r, &in); err != nil {
		return err
	}
	if err := s.Control.CreateDeviation(r.Context(), httpx.Actor(r.Context()), id, &in); err != nil {
		return err
	}
	w.Header().Set("Location", Prefix+"/projects/"+strconv.FormatInt(id, 10)+"/deviations/"+strconv.FormatInt(in.ID, 10))
	return reply(w, http.StatusCreated, in)
}

func (s *Server) deviationGet(w http.ResponseWriter, r *http.Request) error {
	id, rid, err := ids(r)
	if err != nil {
		return err
	}
	d, _, err := s.Control.Deviation(r.Context(), httpx.Actor(r.Context()), rid)
	if err != nil {
		return err
	}
	if d.ProjectID != id {
		return notOf()
	}
	return reply(w, http.StatusOK, d)
}

// moveInput is a move of a deviation or a risk.
type moveInput struct {
	To         string `json:"to"`
	ReferredTo string `json:"referred_to,omitempty"`
	Type       string `json:"type,omitempty"`
}

func (s *Server) deviationMove(w http.ResponseWriter, r *http.Request) error {
	rid, err := s.deviationOf(r)
	if err != nil {
		return err
	}
	var in moveInput
	if err := decode(r, &in); err != nil {
		return err
	}
	d, err := s.Control.MoveDeviation(r.Context(), httpx.Actor(r.Context()), rid, in.To, in.ReferredTo)
	if err != nil {
		return err
	}
	return reply(w, http.StatusOK, d)
}

func (s *Server) risks(w http.ResponseWriter, r *http.Request, f projects.RiskFilter) error {
	rs, err := s.Control.Risks(r.Context(), httpx.Actor(r.Context()), f)
	if err != nil {
		return err
	}
	return reply(w, http.StatusOK, rs)
}

func (s *Server) riskList(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	return s.risks(w, r, projects.RiskFilter{ProjectID: id})
}

func (s *Server) portfolioRiskList(w http.ResponseWriter, r *http.Request) error {
	return s.risks(w, r, projects.RiskFilter{All: r.URL.Query().Get("scope") != "portfolio", Portfolio: true})
}

func (s *Server) createRisk(w http.ResponseWriter, r *http.Request, projectID int64) error {
	var in projects.Risk
	if err := decode(r, &in); err != nil {
		return err
	}
	in.ProjectID = projectID
	if err := s.Control.CreateRisk(r.Context(), httpx.Actor(r.Context()), &in); err != nil {
		return err
	}
	return reply(w, http.StatusCreated, in)
}

func (s *Server) riskCreate(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	return s.createRisk(w, r, id)
}

func (s *Server) portfolioRiskCreate(w http.ResponseWriter, r *http.Request) error {
	return s.createRisk(w, r, 0)
}

func (s *Server) riskUpdate(w http.ResponseWriter, r *http.Request) error {
	rid, err := s.riskOf(r)
	if err != nil {
		return err
	}
	var in projects.Risk
	if err := decode(r, &in); err != nil {
		return err
	}
	k, err := s.Control.UpdateRisk(r.Context(), httpx.Actor(r.Context()), rid, &in)
	if err != nil {
		return err
	}
	return reply(w, http.StatusOK, k)
}

func (s *Server) riskMove(w http.ResponseWriter, r *http.Request) error {
	rid, err := s.riskOf(r)
	if err != nil {
		return err
	}
	var in moveInput
	if err := decode(r, &in); err != nil {
		return err
	}
	k, err := s.Control.MoveRisk(r.Context(), httpx.Actor(r.Context()), rid, in.To, in.Type)
	if err != nil {
		return err
	}
	return reply(w, http.StatusOK, k)
}
