package web

import (
	"fmt"
	"math"
	"net/http"
	"strings"

	"github.com/samstyr/samstyr/internal/benefits"
	"github.com/samstyr/samstyr/internal/directives"
	"github.com/samstyr/samstyr/internal/errs"
	"github.com/samstyr/samstyr/internal/httpx"
	"github.com/samstyr/samstyr/internal/policy"
)

// Benefit realisation's pages (internal/benefits): the programme's
// overview, a project's benefits, a benefit with its chart, measurements
// and plan.

func (s *Server) registerBenefitRoutes(mux *http.ServeMux) {
	s.route(mux, "GET /benefits", public, s.benefitOverview)
	s.route(mux, "GET /benefits/{id}", public, s.benefitShow)
	s.route(mux, "GET /projects/{id}/benefits", signedIn, s.benefitProject)
	s.route(mux, "POST /projects/{id}/benefits/import", signedIn, s.benefitImport)
	s.route(mux, "POST /benefits/{id}/measurements", signedIn, s.benefitMeasure)
	s.route(mux, "GET /benefits/{id}/edit", signedIn, s.benefitEdit)
	s.route(mux, "POST /benefits/{id}", signedIn, s.benefitUpdate)
	s.route(mux, "POST /benefits/{id}/move", signedIn, s.benefitMove)
	s.route(mux, "POST /benefits/{id}/propose", signedIn, s.benefitPropose)
}

// benefitBase adds number formatting to a benefit page.
type benefitBase struct{ basePage }

// Num formats a value (float64 or *float64, nil as "–") with at most two
// decimals.
func (b benefitBase) Num(v any) string {
	var f float64
	switch x := v.(type) {
	case float64:
		f = x
	case *float64:
		if x == nil {
			return "–"
		}
		f = *x
	default:
		return fmt.Sprint(v)
	}
	if f == math.Trunc(f) && math.Abs(f) < 1e15 {
		return b.P.Int(int64(f))
	}
	return strings.TrimRight(strings.TrimRight(b.P.Float(f, 2), "0"), ",.")
}

type benefitOverviewPage struct {
	benefitBase
	O *benefits.Overview
}

func (s *Server) benefitOverview(w http.ResponseWriter, r *http.Request) error {
	o, err := s.Benefits.Overview(r.Context(), httpx.Actor(r.Context()))
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "benefits/overview", benefitOverviewPage{benefitBase: benefitBase{s.base(w, r, "benefit.overview_title")}, O: o})
	return nil
}

type benefitProjectPage struct {
	benefitBase
	Project   *directives.Project
	Benefits  []*benefits.Benefit
	MayManage bool
	Today     string
}

func (s *Server) benefitProject(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	a := httpx.Actor(r.Context())
	p, bs, err := s.Benefits.ProjectBenefits(r.Context(), a, id)
	if err != nil {
		return err
	}
	data := benefitProjectPage{benefitBase: benefitBase{s.base(w, r, "benefit.project_title")}, Project: p, Benefits: bs, Today: s.Benefits.Today(),
		MayManage: policy.Can(a, policy.BenefitManage, benefits.ProjectResource(p))}
	data.Title = data.T("benefit.project_title", "project", p.Name)
	s.render(w, r, http.StatusOK, "benefits/project", data)
	return nil
}

func (s *Server) benefitImport(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if _, err := s.Benefits.Import(r.Context(), httpx.Actor(r.Context()), id); err != nil {
		return err
	}
	s.redirect(w, r, fmt.Sprintf("/projects/%d/benefits", id), "benefit.flash.imported")
	return nil
}

type benefitPage struct {
	benefitBase
	B          *benefits.Benefit
	Project    *directives.Project
	Chart      *benefitChart
	MayManage  bool
	MayMeasure bool
	Measure    benefits.MeasurementInput
	Outcome    string
	Explain    string
	Moves      []string
	Outcomes   []string
	Today      string
	AtRisk     bool
	Errors     formErrors
}

// renderBenefit shows a benefit; forms posted from it come back with
// their input and errors.
func (s *Server) renderBenefit(w http.ResponseWriter, r *http.Request, status int, fill func(*benefitPage), ferr error) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	a := httpx.Actor(r.Context())
	b, p, err := s.Benefits.Benefit(r.Context(), a, id)
	if err != nil {
		return err
	}
	data := benefitPage{benefitBase: benefitBase{s.base(w, r, "benefit.title")}, B: b, Project: p, Outcomes: benefits.Outcomes,
		MayManage: policy.Can(a, policy.BenefitManage, benefits.Resource(b, p)), MayMeasure: benefits.MayMeasure(a, b, p),
		Today: s.Benefits.Today(), Outcome: b.Proposed, Explain: b.Explanation}
	data.Title = b.Description
	data.AtRisk = b.AtRisk(data.Today)
	data.Measure.On = data.Today
	for _, to := range []string{benefits.Planned, benefits.Baselined} {
		if benefits.CanMove(b.State, to) {
			data.Moves = append(data.Moves, to)
		}
	}
	data.Chart = newBenefitChart(b, data.P)
	if fill != nil {
		fill(&data)
	}
	data.Errors = fieldErrors(data.P, ferr)
	s.render(w, r, status, "benefits/show", data)
	return nil
}

func (s *Server) benefitShow(w http.ResponseWriter, r *http.Request) error {
	return s.renderBenefit(w, r, http.StatusOK, nil, nil)
}

// formStatus is the status of a form shown again: 409 for the state
// machine, else 422.
func formStatus(err error) int {
	if errs.CodeOf(err) == errs.Conflict {
		return http.StatusConflict
	}
	return http.StatusUnprocessableEntity
}

func (s *Server) benefitMeasure(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	in := benefits.MeasurementInput{Value: r.PostFormValue("value"), On: r.PostFormValue("date"), Comment: r.PostFormValue("comment")}
	_, err = s.Benefits.Measure(r.Context(), httpx.Actor(r.Context()), id, in)
	if isFormError(err) {
		return s.renderBenefit(w, r, formStatus(err), func(p *benefitPage) { p.Measure = in }, err)
	}
	if err != nil {
		return err
	}
	s.redirect(w, r, fmt.Sprintf("/benefits/%d#measurements", id), "benefit.flash.measured")
	return nil
}

func (s *Server) benefitMove(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	_, err = s.Benefits.Move(r.Context(), httpx.Actor(r.Context()), id, r.PostFormValue("to"))
	if isFormError(err) {
		return s.renderBenefit(w, r, formStatus(err), nil, err)
	}
	if err != nil {
		return err
	}
	s.redirect(w, r, fmt.Sprintf("/benefits/%d", id), "flash.saved")
	return nil
}

func (s *Server) benefitPropose(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	outcome, text := r.PostFormValue("proposed_outcome"), r.PostFormValue("explanation")
	_, err = s.Benefits.Propose(r.Context(), httpx.Actor(r.Context()), id, outcome, text)
	if isFormError(err) {
		return s.renderBenefit(w, r, formStatus(err), func(p *benefitPage) { p.Outcome, p.Explain = outcome, text }, err)
	}
	if err != nil {
		return err
	}
	s.redirect(w, r, fmt.Sprintf("/benefits/%d#bp6", id), "flash.saved")
	return nil
}

type benefitFormPage struct {
	benefitBase
	B           *benefits.Benefit
	In          benefits.PlanInput
	Owner       pickField
	Types       []string
	Frequencies []string
	Errors      formErrors
}

func (s *Server) renderBenefitForm(w http.ResponseWriter, r *http.Request, status int, b *benefits.Benefit, in benefits.PlanInput, ferr error) error {
	data := benefitFormPage{benefitBase: benefitBase{s.base(w, r, "benefit.edit")}, B: b, In: in, Types: benefits.Types, Frequencies: benefits.Frequencies}
	data.Errors = fieldErrors(data.P, ferr)
	var err error
	data.Owner, err = s.newPick(r, data.P, pickField{Name: "owner_id", Kind: "person", Label: "benefit.field.owner", Help: "benefit.help.owner",
		Action: fmt.Sprintf("/benefits/%d/edit", b.ID), Chosen: in.OwnerID})
	if err != nil {
		return err
	}
	if data.Owner.Chosen == 0 {
		data.Owner.Chosen = in.OwnerID
	}
	if len(data.Owner.Options) == 0 && b.OwnerID != 0 && in.OwnerID == b.OwnerID {
		data.Owner.Options = []pickOption{{ID: b.OwnerID, Label: b.OwnerName, Detail: b.OwnerOrg}}
	}
	s.render(w, r, status, "benefits/form", data)
	return nil
}

// planInput is a benefit's plan as its form shows it.
func planInput(b *benefits.Benefit) benefits.PlanInput {
	f := func(v *float64) string {
		if v == nil {
			return ""
		}
		return strings.TrimSuffix(strings.TrimRight(fmt.Sprintf("%.6f", *v), "0"), ".")
	}
	return benefits.PlanInput{Description: b.Description, Type: b.Type, Indicator: b.Indicator, Unit: b.Unit, Baseline: f(b.Baseline),
		BaselineOn: b.BaselineOn, Target: f(b.Target), TargetOn: b.TargetOn, Method: b.Method, Frequency: b.Frequency, OwnerID: b.OwnerID}
}

func (s *Server) benefitEdit(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	a := httpx.Actor(r.Context())
	b, p, err := s.Benefits.Benefit(r.Context(), a, id)
	if err != nil {
		return err
	}
	if err := policy.Check(a, policy.BenefitManage, benefits.Resource(b, p)); err != nil {
		return err
	}
	return s.renderBenefitForm(w, r, http.StatusOK, b, planInput(b), nil)
}

func (s *Server) benefitUpdate(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	f := r.PostFormValue
	in := benefits.PlanInput{Description: f("description"), Type: f("type"), Indicator: f("indicator"), Unit: f("unit"),
		Baseline: f("baseline_value"), BaselineOn: f("baseline_date"), Target: f("target_value"), TargetOn: f("target_date"),
		Method: f("method"), Frequency: f("frequency"), OwnerID: num(f("owner_id"))}
	a := httpx.Actor(r.Context())
	_, err = s.Benefits.Plan(r.Context(), a, id, in)
	if isFormError(err) {
		b, _, lerr := s.Benefits.Benefit(r.Context(), a, id)
		if lerr != nil {
			return lerr
		}
		return s.renderBenefitForm(w, r, formStatus(err), b, in, err)
	}
	if err != nil {
		return err
	}
	s.redirect(w, r, fmt.Sprintf("/benefits/%d", id), "flash.saved")
	return nil
}
