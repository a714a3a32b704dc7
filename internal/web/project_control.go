package web

import (
	"fmt"
	"net/http"
	"strconv"

	"github.com/samstyr/samstyr/internal/directives"
	"github.com/samstyr/samstyr/internal/httpx"
	"github.com/samstyr/samstyr/internal/policy"
	"github.com/samstyr/samstyr/internal/projects"
)

// Project control's pages (internal/projects): status reports, deviations
// and risk registers with their heat map.

func init() { pickKinds["risk_owner"] = pickRiskOwners }

func (s *Server) registerControlRoutes(mux *http.ServeMux) {
	s.route(mux, "GET /projects/{id}/status-reports", signedIn, s.reportList)
	s.route(mux, "GET /projects/{id}/status-reports/new", signedIn, s.reportNew)
	s.route(mux, "POST /projects/{id}/status-reports", signedIn, s.reportCreate)
	s.route(mux, "GET /status-reports/late", signedIn, s.reportLate)
	s.route(mux, "GET /status-reports/{id}", signedIn, s.reportShow)
	s.route(mux, "GET /status-reports/{id}/edit", signedIn, s.reportEdit)
	s.route(mux, "POST /status-reports/{id}", signedIn, s.reportUpdate)
	s.route(mux, "POST /status-reports/{id}/submit", signedIn, s.reportSubmit)
	s.route(mux, "POST /status-reports/{id}/review", signedIn, s.reportReview)
	s.route(mux, "GET /projects/{id}/deviations", signedIn, s.deviationList)
	s.route(mux, "POST /projects/{id}/deviations", signedIn, s.deviationCreate)
	s.route(mux, "GET /projects/{pid}/deviations/{id}", signedIn, s.deviationShow)
	s.route(mux, "POST /projects/{pid}/deviations/{id}/move", signedIn, s.deviationMove)
	s.route(mux, "GET /projects/{id}/risks", signedIn, s.riskList)
	s.route(mux, "POST /projects/{id}/risks", signedIn, s.riskCreate)
	s.route(mux, "GET /risks", signedIn, s.riskList)
	s.route(mux, "POST /risks", signedIn, s.riskCreate)
	s.route(mux, "GET /risks/{id}/edit", signedIn, s.riskEdit)
	s.route(mux, "POST /risks/{id}", signedIn, s.riskUpdate)
	s.route(mux, "POST /risks/{id}/move", signedIn, s.riskMove)
}

type reportListPage struct {
	basePage
	Project  *directives.Project
	Reports  []*projects.StatusReport
	MayWrite bool
}

func (s *Server) reportList(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	a := httpx.Actor(r.Context())
	rs, err := s.Control.Reports(r.Context(), a, id)
	if err != nil {
		return err
	}
	p, err := s.Directives.Project(r.Context(), a, id)
	if err != nil {
		return err
	}
	data := reportListPage{basePage: s.base(w, r, "report.list_title"), Project: p, Reports: rs,
		MayWrite: policy.Can(a, policy.ReportWrite, policy.Resource{ProjectID: p.ID, BodyID: p.SteeringBodyID})}
	s.render(w, r, http.StatusOK, "project_control/reports", data)
	return nil
}

type reportFormPage struct {
	basePage
	Project    *directives.Project
	Report     *projects.StatusReport
	Ratings    []string
	Dimensions []string
	Errors     formErrors
}

func (s *Server) renderReportForm(w http.ResponseWriter, r *http.Request, status int, p *directives.Project, rep *projects.StatusReport, err error) error {
	data := reportFormPage{basePage: s.base(w, r, "report.new"), Project: p, Report: rep, Ratings: projects.Ratings, Dimensions: projects.Dimensions}
	if rep.ID != 0 {
		data.Title = data.T("report.edit_title", "period", rep.Period)
	}
	data.Errors = fieldErrors(data.P, err)
	s.render(w, r, status, "project_control/report_form", data)
	return nil
}

func (s *Server) reportNew(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	a := httpx.Actor(r.Context())
	rep, err := s.Control.NewReport(r.Context(), a, id)
	if err != nil {
		return err
	}
	p, err := s.Directives.Project(r.Context(), a, id)
	if err != nil {
		return err
	}
	return s.renderReportForm(w, r, http.StatusOK, p, rep, nil)
}

// reportFromForm reads the report form; the budget and planned dates are
// the records', the form sends only the manager's figures and dates.
func reportFromForm(r *http.Request) *projects.StatusReport {
	f := r.PostFormValue
	rep := &projects.StatusReport{Period: f("period"), Overall: f("overall"), Rating: map[string]string{}, WorkDone: f("work_done"),
		WorkPlanned: f("work_planned"), Changes: f("changes"), DecisionsNeeded: f("decisions_needed")}
	for _, d := range projects.Dimensions {
		rep.Rating[d] = f("rating_" + d)
	}
	for i := 0; i < rowsIn(r, "costs"); i++ {
		k := fmt.Sprintf("costs.%d.", i)
		rep.Costs = append(rep.Costs, projects.CostLine{Year: num(f(k + "year")), ActualNOK: num(f(k + "actual_nok")), ForecastNOK: num(f(k + "forecast_nok"))})
	}
	for i := 0; i < rowsIn(r, "milestones"); i++ {
		k := fmt.Sprintf("milestones.%d.", i)
		rep.Milestones = append(rep.Milestones, projects.MilestoneForecast{Name: f(k + "name"), Forecast: f(k + "forecast"), Actual: f(k + "actual")})
	}
	return rep
}

func (s *Server) reportCreate(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	a := httpx.Actor(r.Context())
	rep := reportFromForm(r)
	err = s.Control.CreateReport(r.Context(), a, id, rep)
	if isFormError(err) {
		p, perr := s.Directives.Project(r.Context(), a, id)
		if perr != nil {
			return perr
		}
		full, nerr := s.Control.NewReport(r.Context(), a, id)
		if nerr != nil {
			return nerr
		}
		full.Period, full.Overall, full.Rating, full.WorkDone, full.WorkPlanned, full.Changes, full.DecisionsNeeded =
			rep.Period, rep.Overall, rep.Rating, rep.WorkDone, rep.WorkPlanned, rep.Changes, rep.DecisionsNeeded
		return s.renderReportForm(w, r, http.StatusUnprocessableEntity, p, full, err)
	}
	if err != nil {
		return err
	}
	s.redirect(w, r, "/status-reports/"+strconv.FormatInt(rep.ID, 10), "flash.saved")
	return nil
}

func (s *Server) reportEdit(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	a := httpx.Actor(r.Context())
	rep, p, err := s.Control.Report(r.Context(), a, id)
	if err != nil {
		return err
	}
	if err := policy.Check(a, policy.ReportWrite, policy.Resource{ProjectID: p.ID, BodyID: p.SteeringBodyID}); err != nil {
		return err
	}
	return s.renderReportForm(w, r, http.StatusOK, p, rep, nil)
}

func (s *Server) reportUpdate(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	a := httpx.Actor(r.Context())
	in := reportFromForm(r)
	err = s.Control.UpdateReport(r.Context(), a, id, in)
	if isFormError(err) {
		rep, p, rerr := s.Control.Report(r.Context(), a, id)
		if rerr != nil {
			return rerr
		}
		rep.Overall, rep.Rating, rep.WorkDone, rep.WorkPlanned, rep.Changes, rep.DecisionsNeeded =
			in.Overall, in.Rating, in.WorkDone, in.WorkPlanned, in.Changes, in.DecisionsNeeded
		return s.renderReportForm(w, r, http.StatusUnprocessableEntity, p, rep, err)
	}
	if err != nil {
		return err
	}
	s.redirect(w, r, "/status-reports/"+strconv.FormatInt(id, 10), "flash.saved")
	return nil
}

type reportShowPage struct {
	basePage
	Project   *directives.Project
	Report    *projects.StatusReport
	MaySubmit bool
	MayReview bool
}

func (s *Server) reportShow(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	a := httpx.Actor(r.Context())
	rep, p, err := s.Control.Report(r.Context(), a, id)
	if err != nil {
		return err
	}
	rs := policy.Resource{ProjectID: p.ID, BodyID: p.SteeringBodyID}
	data := reportShowPage{basePage: s.base(w, r, "report.title"), Project: p, Report: rep,
		MaySubmit: rep.State == projects.ReportDraft && policy.Can(a, policy.ReportWrite, rs),
		MayReview: rep.State == projects.ReportSubmitted && policy.Can(a, policy.ReportReview, rs)}
	data.Title = data.T("report.title_of", "project", p.Name, "period", rep.Period)
	s.render(w, r, http.StatusOK, "project_control/report", data)
	return nil
}

func (s *Server) reportSubmit(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	raised, err := s.Control.SubmitReport(r.Context(), httpx.Actor(r.Context()), id)
	if err != nil {
		return err
	}
	flash := "report.flash.submitted"
	if len(raised) > 0 {
		flash = "report.flash.breach"
	}
	s.redirect(w, r, "/status-reports/"+strconv.FormatInt(id, 10), flash)
	return nil
}

func (s *Server) reportReview(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := s.Control.ReviewReport(r.Context(), httpx.Actor(r.Context()), id, r.PostFormValue("note")); err != nil {
		return err
	}
	s.redirect(w, r, "/status-reports/"+strconv.FormatInt(id, 10), "report.flash.reviewed")
	return nil
}

type reportLatePage struct {
	basePage
	Late []projects.LateReport
}

func (s *Server) reportLate(w http.ResponseWriter, r *http.Request) error {
	late, err := s.Control.LateReports(r.Context(), httpx.Actor(r.Context()))
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "project_control/late", reportLatePage{basePage: s.base(w, r, "report.late_title"), Late: late})
	return nil
}

type deviationListPage struct {
	basePage
	Project    *directives.Project
	Deviations []*projects.Deviation
	New        *projects.Deviation
	Types      []string
	MayWrite   bool
	Errors     formErrors
}

func (s *Server) renderDeviations(w http.ResponseWriter, r *http.Request, status int, id int64, d *projects.Deviation, ferr error) error {
	a := httpx.Actor(r.Context())
	ds, err := s.Control.Deviations(r.Context(), a, id, false)
	if err != nil {
		return err
	}
	p, err := s.Directives.Project(r.Context(), a, id)
	if err != nil {
		return err
	}
	data := deviationListPage{basePage: s.base(w, r, "deviation.list_title"), Project: p, Deviations: ds, New: d, Types: projects.DeviationTypes,
		MayWrite: policy.Can(a, policy.DeviationWrite, policy.Resource{ProjectID: p.ID, BodyID: p.SteeringBodyID})}
	data.Errors = fieldErrors(data.P, ferr)
	s.render(w, r, status, "project_control/deviations", data)
	return nil
}

func (s *Server) deviationList(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	return s.renderDeviations(w, r, http.StatusOK, id, &projects.Deviation{Type: "time"}, nil)
}

func (s *Server) deviationCreate(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	f := r.PostFormValue
	d := &projects.Deviation{Type: f("type"), Description: f("description"), Cause: f("cause"), Consequence: f("consequence"), Options: f("options")}
	err = s.Control.CreateDeviation(r.Context(), httpx.Actor(r.Context()), id, d)
	if isFormError(err) {
		return s.renderDeviations(w, r, http.StatusUnprocessableEntity, id, d, err)
	}
	if err != nil {
		return err
	}
	s.redirect(w, r, fmt.Sprintf("/projects/%d/deviations/%d", id, d.ID), "flash.saved")
	return nil
}

type deviationShowPage struct {
	basePage
	Project   *directives.Project
	Deviation *projects.Deviation
	Moves     []string
}

func (s *Server) deviationShow(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	a := httpx.Actor(r.Context())
	d, p, err := s.Control.Deviation(r.Context(), a, id)
	if err != nil {
		return err
	}
	data := deviationShowPage{basePage: s.base(w, r, "deviation.title"), Project: p, Deviation: d}
	if policy.Can(a, policy.DeviationWrite, policy.Resource{ProjectID: p.ID, BodyID: p.SteeringBodyID}) {
		for _, to := range []string{projects.DevAssessed, projects.DevHandled, projects.DevEscalated, projects.DevClosed, projects.DevDocumented, projects.DevReferred} {
			if projects.CanMoveDeviation(d, to) {
				data.Moves = append(data.Moves, to)
			}
		}
	}
	s.render(w, r, http.StatusOK, "project_control/deviation", data)
	return nil
}

func (s *Server) deviationMove(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	d, err := s.Control.MoveDeviation(r.Context(), httpx.Actor(r.Context()), id, r.PostFormValue("to"), r.PostFormValue("referred_to"))
	if err != nil {
		return err
	}
	s.redirect(w, r, fmt.Sprintf("/projects/%d/deviations/%d", d.ProjectID, d.ID), "flash.saved")
	return nil
}

// controlBox is the project page's control section: whether the project
// is outside its approval, the overall rating of its last reviewed report
// (public), and links to the registers for those who may read them.
type controlBox struct {
	ProjectID int64
	Outside   bool
	Rating    string
	Period    string
	MayView   bool
	// MayPortfolio and MayLate link the portfolio's risk register and the
	// list of late reports for those who may read them.
	MayPortfolio bool
	MayLate      bool
}

func (s *Server) controlBox(r *http.Request, p *directives.Project) *controlBox {
	if s.Control == nil {
		return nil
	}
	a := httpx.Actor(r.Context())
	b := &controlBox{ProjectID: p.ID, MayView: policy.Can(a, policy.ControlView, policy.Resource{ProjectID: p.ID, BodyID: p.SteeringBodyID})}
	b.MayPortfolio = policy.Can(a, policy.PortfolioRisks, policy.Resource{})
	b.MayLate = policy.Can(a, policy.ReportLate, policy.Resource{})
	var err error
	if b.Rating, b.Period, err = s.Control.PublicRating(r.Context(), a, p.ID); err != nil {
		return nil
	}
	if b.Outside, err = s.Control.OutsideApproval(r.Context(), p.ID); err != nil {
		return nil
	}
	return b
}
