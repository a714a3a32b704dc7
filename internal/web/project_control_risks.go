package web

import (
	"context"
	"fmt"
	"net/http"
	"strconv"

	"github.com/samstyr/samstyr/internal/auth"
	"github.com/samstyr/samstyr/internal/directives"
	"github.com/samstyr/samstyr/internal/httpx"
	"github.com/samstyr/samstyr/internal/i18n"
	"github.com/samstyr/samstyr/internal/policy"
	"github.com/samstyr/samstyr/internal/projects"
)

// The risk registers' pages: a project's, the portfolio's, the heat map
// and the edit form (routes in project_control.go).

type riskListPage struct {
	basePage
	Project  *directives.Project // nil: the portfolio
	Risks    []*projects.Risk
	Heat     [][]projects.HeatCell
	New      *projects.Risk
	Owner    pickField
	Action   string
	MayWrite bool
	Errors   formErrors
	DevTypes []string
	// SVG and Labels draw the heat map; Scale heads the table's columns.
	SVG       []heatRect
	Labels    []heatLabel
	Scale     []int
	RiskMoves []string
}

type heatRect struct {
	X, Y, Count int
	Level       string
}

type heatLabel struct{ X, Y, N int }

// heatSVG lays out the heat map: probability 5 at the top, consequence 1
// at the left, with the scale along both axes.
func heatSVG(rows [][]projects.HeatCell) ([]heatRect, []heatLabel) {
	var rects []heatRect
	var labels []heatLabel
	for i, row := range rows {
		for j, c := range row {
			rects = append(rects, heatRect{X: 40 + j*60, Y: i * 60, Count: len(c.Risks), Level: c.Level()})
		}
		labels = append(labels, heatLabel{X: 20, Y: i*60 + 35, N: 5 - i})
	}
	for j := range 5 {
		labels = append(labels, heatLabel{X: 69 + j*60, Y: 318, N: j + 1})
	}
	return rects, labels
}

func (s *Server) renderRisks(w http.ResponseWriter, r *http.Request, status int, nr *projects.Risk, ferr error) error {
	a := httpx.Actor(r.Context())
	pid := int64(0)
	if r.PathValue("id") != "" {
		var err error
		if pid, err = pathID(r, "id"); err != nil {
			return err
		}
	}
	f := projects.RiskFilter{ProjectID: pid, All: pid == 0}
	rs, err := s.Control.Risks(r.Context(), a, f)
	if err != nil {
		return err
	}
	data := riskListPage{basePage: s.base(w, r, "risk.portfolio_title"), Risks: rs, Heat: projects.HeatMap(rs), New: nr, Action: "/risks",
		DevTypes: projects.DeviationTypes[:5], Scale: []int{1, 2, 3, 4, 5},
		RiskMoves: []string{projects.RiskAssessed, projects.RiskMitigating, projects.RiskClosed, projects.RiskOccurred}}
	data.SVG, data.Labels = heatSVG(data.Heat)
	rsrc := policy.Resource{}
	if pid != 0 {
		if data.Project, err = s.Directives.Project(r.Context(), a, pid); err != nil {
			return err
		}
		data.Title = data.T("risk.list_title", "project", data.Project.Name)
		data.Action = fmt.Sprintf("/projects/%d/risks", pid)
		rsrc = policy.Resource{ProjectID: pid, BodyID: data.Project.SteeringBodyID}
	}
	data.MayWrite = policy.Can(a, policy.RiskWrite, rsrc)
	data.Errors = fieldErrors(data.P, ferr)
	if data.MayWrite {
		data.Owner, err = s.newPick(r, data.P, pickField{Name: "owner_id", Kind: "risk_owner", Label: "risk.field.owner", Help: "risk.help.owner",
			Action: data.Action + "#new-risk", Required: true, Chosen: nr.OwnerID})
		if err != nil {
			return err
		}
	}
	s.render(w, r, status, "project_control/risks", data)
	return nil
}

func (s *Server) riskList(w http.ResponseWriter, r *http.Request) error {
	return s.renderRisks(w, r, http.StatusOK, &projects.Risk{Probability: 3, Consequence: 3}, nil)
}

func (s *Server) riskCreate(w http.ResponseWriter, r *http.Request) error {
	f := r.PostFormValue
	nr := &projects.Risk{Title: f("title"), Cause: f("cause"), Probability: num(f("probability")), Consequence: num(f("consequence")),
		OwnerID: num(f("owner_id")), Measures: f("measures"), NextReview: f("next_review")}
	back := "/risks"
	if r.PathValue("id") != "" {
		id, err := pathID(r, "id")
		if err != nil {
			return err
		}
		nr.ProjectID, back = id, fmt.Sprintf("/projects/%d/risks", id)
	}
	err := s.Control.CreateRisk(r.Context(), httpx.Actor(r.Context()), nr)
	if isFormError(err) {
		return s.renderRisks(w, r, http.StatusUnprocessableEntity, nr, err)
	}
	if err != nil {
		return err
	}
	s.redirect(w, r, back+"#risk-"+strconv.FormatInt(nr.ID, 10), "flash.saved")
	return nil
}

func (s *Server) riskMove(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	k, err := s.Control.MoveRisk(r.Context(), httpx.Actor(r.Context()), id, r.PostFormValue("to"), r.PostFormValue("type"))
	if err != nil {
		return err
	}
	if k.DeviationID != 0 {
		s.redirect(w, r, fmt.Sprintf("/projects/%d/deviations/%d", k.ProjectID, k.DeviationID), "risk.flash.occurred")
		return nil
	}
	back := "/risks"
	if k.ProjectID != 0 {
		back = fmt.Sprintf("/projects/%d/risks", k.ProjectID)
	}
	s.redirect(w, r, back, "flash.saved")
	return nil
}

// pickRiskOwners offers people as a risk's owner to those who keep a risk
// register (the secretariat and project managers): names only.
func pickRiskOwners(s *Server, ctx context.Context, a *policy.Actor, _ *i18n.Printer, q string, _ int64) ([]pickOption, error) {
	out := []pickOption{}
	if !a.HasAny(policy.Secretariat, policy.ProjectManager, policy.Admin) {
		return out, nil
	}
	no := false
	page, err := s.Auth.ListPeople(ctx, policy.SystemActor, auth.PersonFilter{Q: q, Disabled: &no, Limit: 10})
	if err != nil {
		return nil, err
	}
	for _, p := range page.Items {
		out = append(out, pickOption{ID: p.ID, Label: p.Name})
	}
	return out, nil
}

type riskFormPage struct {
	basePage
	Risk   *projects.Risk
	Owner  pickField
	Back   string
	Errors formErrors
}

func riskBack(k *projects.Risk) string {
	if k.ProjectID != 0 {
		return fmt.Sprintf("/projects/%d/risks", k.ProjectID)
	}
	return "/risks"
}

func (s *Server) renderRiskForm(w http.ResponseWriter, r *http.Request, status int, k *projects.Risk, ferr error) error {
	data := riskFormPage{basePage: s.base(w, r, "risk.edit"), Risk: k, Back: riskBack(k)}
	data.Errors = fieldErrors(data.P, ferr)
	var err error
	data.Owner, err = s.newPick(r, data.P, pickField{Name: "owner_id", Kind: "risk_owner", Label: "risk.field.owner", Help: "risk.help.owner",
		Action: fmt.Sprintf("/risks/%d/edit", k.ID), Required: true, Chosen: k.OwnerID})
	if err != nil {
		return err
	}
	if len(data.Owner.Options) == 0 && k.OwnerID != 0 {
		// The current owner is offered as chosen without a search.
		data.Owner.Options = []pickOption{{ID: k.OwnerID, Label: k.OwnerName}}
	}
	s.render(w, r, status, "project_control/risk_form", data)
	return nil
}

func (s *Server) riskEdit(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	a := httpx.Actor(r.Context())
	k, err := s.Control.Risk(r.Context(), a, id)
	if err != nil {
		return err
	}
	rs := policy.Resource{ProjectID: k.ProjectID}
	if err := policy.Check(a, policy.RiskWrite, rs); err != nil {
		return err
	}
	return s.renderRiskForm(w, r, http.StatusOK, k, nil)
}

func (s *Server) riskUpdate(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	f := r.PostFormValue
	in := &projects.Risk{ID: id, Title: f("title"), Cause: f("cause"), Probability: num(f("probability")), Consequence: num(f("consequence")),
		OwnerID: num(f("owner_id")), Measures: f("measures"), NextReview: f("next_review")}
	k, err := s.Control.UpdateRisk(r.Context(), httpx.Actor(r.Context()), id, in)
	if isFormError(err) && k != nil {
		in.ProjectID = k.ProjectID
		return s.renderRiskForm(w, r, http.StatusUnprocessableEntity, in, err)
	}
	if err != nil {
		return err
	}
	s.redirect(w, r, riskBack(k)+"#risk-"+strconv.FormatInt(k.ID, 10), "flash.saved")
	return nil
}
