package web

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/samstyr/samstyr/internal/directives"
	"github.com/samstyr/samstyr/internal/httpx"
	"github.com/samstyr/samstyr/internal/i18n"
	"github.com/samstyr/samstyr/internal/policy"
	"github.com/samstyr/samstyr/internal/projects"
)

// A project's plan (Gantt chart and table, XLSX), staffing plan, meeting
// plan with its calendar feed, and a person's own projects
// (internal/projects.PlanService).

func (s *Server) registerPlanRoutes(mux *http.ServeMux) {
	s.route(mux, "GET /projects/{id}/plan", public, s.planShow)
	s.route(mux, "GET /projects/{id}/plan.xlsx", public, s.planXLSX)
	s.route(mux, "GET /projects/{id}/activities/new", signedIn, s.activityNew)
	s.route(mux, "POST /projects/{id}/activities", signedIn, s.activityCreate)
	s.route(mux, "GET /projects/{id}/activities/{aid}/edit", signedIn, s.activityEdit)
	s.route(mux, "POST /projects/{id}/activities/{aid}", signedIn, s.activityUpdate)
	s.route(mux, "GET /projects/{id}/staffing", signedIn, s.staffingShow)
	s.route(mux, "POST /projects/{id}/staffing", signedIn, s.staffingCreate)
	s.route(mux, "POST /projects/{id}/staffing/{lid}/delete", signedIn, s.staffingDelete)
	s.route(mux, "GET /projects/{id}/meetings", public, s.projectMeetings)
	s.route(mux, "POST /projects/{id}/meetings", signedIn, s.projectMeetingCreate)
	s.route(mux, "GET /projects/{id}/calendar.ics", public, s.projectCalendar)
	s.route(mux, "GET /account/projects", signedIn, s.myProjects)
}

func init() {
	pickKinds["milestone"] = pickMilestones
	pickKinds["staffer"] = pickStaffers
}

type planPage struct {
	basePage
	Plan  *projects.Plan
	Gantt *ganttChart
	Names map[int64]string
}

func (s *Server) planShow(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	pl, err := s.Plan.Plan(r.Context(), httpx.Actor(r.Context()), id)
	if err != nil {
		return err
	}
	data := planPage{basePage: s.base(w, r, "plan.title"), Plan: pl, Names: map[int64]string{}}
	data.Title = data.T("plan.title_of", "project", pl.Project.Name)
	data.Gantt = newGantt(pl, data.Now, data.P)
	for _, x := range pl.Activities {
		data.Names[x.ID] = x.Name
	}
	for _, d := range pl.Dependencies {
		data.Names[d.DependsOnID] = d.DependsOnName
		if d.DependsOnProject != pl.Project.ID {
			data.Names[d.DependsOnID] = d.DependsOnName + " (" + d.ProjectName + ")"
		}
	}
	s.render(w, r, http.StatusOK, "project_plan/plan", data)
	return nil
}

type activityFormPage struct {
	basePage
	Project   *directives.Project
	Activity  *projects.Activity
	Plan      *projects.Plan
	Milestone pickField
	Kinds     []string
	Names     map[int64]string
	New       bool
	Errors    formErrors
}

func (s *Server) renderActivityForm(w http.ResponseWriter, r *http.Request, status int, pl *projects.Plan, x *projects.Activity, err error) error {
	data := activityFormPage{basePage: s.base(w, r, "plan.activity_new"), Project: pl.Project, Activity: x, Plan: pl, Kinds: projects.ActivityKinds,
		New: x.ID == 0, Names: map[int64]string{}}
	if !data.New {
		data.Title = data.T("plan.activity_edit")
	}
	action := fmt.Sprintf("/projects/%d/activities/new#f-depends_on_milestone", pl.Project.ID)
	if !data.New {
		action = fmt.Sprintf("/projects/%d/activities/%d/edit#f-depends_on_milestone", pl.Project.ID, x.ID)
	}
	var perr error
	data.Milestone, perr = s.newPick(r, data.P, pickField{Name: "depends_on_milestone", Kind: "milestone", Label: "plan.field.depends_on_milestone",
		Help: "plan.help.depends_on_milestone", Action: action, Exclude: pl.Project.ID})
	if perr != nil {
		return perr
	}
	for _, d := range pl.Dependencies {
		if d.DependsOnProject != pl.Project.ID {
			data.Names[d.DependsOnID] = d.DependsOnName + " (" + d.ProjectName + ")"
		}
	}
	data.Errors = fieldErrors(data.P, err)
	s.render(w, r, status, "project_plan/activity_form", data)
	return nil
}

// editablePlan returns the project's plan for one who may edit it.
func (s *Server) editablePlan(r *http.Request) (*projects.Plan, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return nil, err
	}
	a := httpx.Actor(r.Context())
	pl, err := s.Plan.Plan(r.Context(), a, id)
	if err != nil {
		return nil, err
	}
	if err := policy.Check(a, policy.ProjectPlanEdit, projects.PlanResource(pl.Project)); err != nil {
		return nil, err
	}
	return pl, nil
}

func (s *Server) activityNew(w http.ResponseWriter, r *http.Request) error {
	pl, err := s.editablePlan(r)
	if err != nil {
		return err
	}
	return s.renderActivityForm(w, r, http.StatusOK, pl, &projects.Activity{Kind: projects.KindActivity}, nil)
}

// activityFromForm reads the activity form; other projects' milestones
// come from the pick (and the ones already chosen, kept as checkboxes).
func activityFromForm(r *http.Request) *projects.Activity {
	x := &projects.Activity{Kind: r.PostFormValue("kind"), Name: r.PostFormValue("name"), Deliverable: r.PostFormValue("deliverable"),
		PlannedStart: r.PostFormValue("planned_start"), PlannedEnd: r.PostFormValue("planned_end"),
		ForecastStart: r.PostFormValue("forecast_start"), ForecastEnd: r.PostFormValue("forecast_end"),
		ActualStart: r.PostFormValue("actual_start"), ActualEnd: r.PostFormValue("actual_end"), DependsOn: []int64{}}
	for _, v := range append(r.PostForm["depends_on"], r.PostFormValue("depends_on_milestone")) {
		if n, err := strconv.ParseInt(v, 10, 64); err == nil && n > 0 {
			x.DependsOn = append(x.DependsOn, n)
		}
	}
	return x
}

func (s *Server) activityCreate(w http.ResponseWriter, r *http.Request) error {
	pl, err := s.editablePlan(r)
	if err != nil {
		return err
	}
	x := activityFromForm(r)
	err = s.Plan.CreateActivity(r.Context(), httpx.Actor(r.Context()), pl.Project.ID, x)
	if isFormError(err) {
		return s.renderActivityForm(w, r, http.StatusUnprocessableEntity, pl, x, err)
	}
	if err != nil {
		return err
	}
	s.redirect(w, r, fmt.Sprintf("/projects/%d/plan", pl.Project.ID), "plan.flash.saved")
	return nil
}

func (s *Server) activityEdit(w http.ResponseWriter, r *http.Request) error {
	pl, err := s.editablePlan(r)
	if err != nil {
		return err
	}
	aid, err := pathID(r, "aid")
	if err != nil {
		return err
	}
	x, err := s.Plan.Activity(r.Context(), httpx.Actor(r.Context()), pl.Project.ID, aid)
	if err != nil {
		return err
	}
	return s.renderActivityForm(w, r, http.StatusOK, pl, x, nil)
}

func (s *Server) activityUpdate(w http.ResponseWriter, r *http.Request) error {
	pl, err := s.editablePlan(r)
	if err != nil {
		return err
	}
	aid, err := pathID(r, "aid")
	if err != nil {
		return err
	}
	in := activityFromForm(r)
	patch := &projects.ActivityPatch{Kind: &in.Kind, Name: &in.Name, Deliverable: &in.Deliverable, PlannedStart: &in.PlannedStart,
		PlannedEnd: &in.PlannedEnd, ForecastStart: &in.ForecastStart, ForecastEnd: &in.ForecastEnd, ActualStart: &in.ActualStart,
		ActualEnd: &in.ActualEnd, DependsOn: &in.DependsOn}
	_, err = s.Plan.UpdateActivity(r.Context(), httpx.Actor(r.Context()), pl.Project.ID, aid, patch)
	if isFormError(err) {
		in.ID = aid
		return s.renderActivityForm(w, r, http.StatusUnprocessableEntity, pl, in, err)
	}
	if err != nil {
		return err
	}
	s.redirect(w, r, fmt.Sprintf("/projects/%d/plan", pl.Project.ID), "plan.flash.saved")
	return nil
}

func (s *Server) planXLSX(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	pl, err := s.Plan.Plan(r.Context(), httpx.Actor(r.Context()), id)
	if err != nil {
		return err
	}
	b, err := planWorkbook(pl, s.printer(r))
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="plan-%d.xlsx"`, id))
	_, err = w.Write(b)
	return err
}

// planWorkbook writes the plan as one sheet: a header row, then one row
// per activity with its dates (as dates), slip in days and dependencies.
func planWorkbook(pl *projects.Plan, p *i18n.Printer) ([]byte, error) {
	x := excelize.NewFile()
	defer x.Close()
	sheet := x.GetSheetName(0)
	head := []any{p.T("plan.col.name"), p.T("plan.col.kind"), p.T("plan.col.deliverable"), p.T("plan.col.planned_start"),
		p.T("plan.col.planned_end"), p.T("plan.col.forecast_end"), p.T("plan.col.actual_end"), p.T("plan.col.slip_days"), p.T("plan.col.depends_on")}
	if err := x.SetSheetRow(sheet, "A1", &head); err != nil {
		return nil, err
	}
	names := map[int64]string{}
	for _, a := range pl.Activities {
		names[a.ID] = a.Name
	}
	for _, d := range pl.Dependencies {
		if _, ok := names[d.DependsOnID]; !ok {
			names[d.DependsOnID] = d.DependsOnName + " (" + d.ProjectName + ")"
		}
	}
	dateStyle, _ := x.NewStyle(&excelize.Style{NumFmt: 14, CustomNumFmt: planPtr("yyyy-mm-dd")})
	for i, a := range pl.Activities {
		var deps []string
		for _, on := range a.DependsOn {
			deps = append(deps, names[on])
		}
		row := []any{a.Name, p.T("plan.kind." + a.Kind), a.Deliverable, xlDate(a.PlannedStart), xlDate(a.PlannedEnd),
			xlDate(a.ForecastEnd), xlDate(a.ActualEnd), a.SlipDays(), strings.Join(deps, "; ")}
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		if err := x.SetSheetRow(sheet, cell, &row); err != nil {
			return nil, err
		}
	}
	if n := len(pl.Activities); n > 0 {
		_ = x.SetCellStyle(sheet, "D2", fmt.Sprintf("G%d", n+1), dateStyle)
	}
	_ = x.SetColWidth(sheet, "A", "A", 40)
	_ = x.SetColWidth(sheet, "C", "C", 30)
	_ = x.SetColWidth(sheet, "D", "G", 14)
	_ = x.SetColWidth(sheet, "I", "I", 50)
	_ = x.SetPanes(sheet, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"})
	var buf bytes.Buffer
	if err := x.Write(&buf); err != nil {
		return nil, fmt.Errorf("write xlsx: %w", err)
	}
	return buf.Bytes(), nil
}

func planPtr[T any](v T) *T { return &v }

// xlDate is a plan date as a spreadsheet date ("" stays empty).
func xlDate(s string) any {
	t, err := time.Parse(projects.PlanDateLayout, s)
	if err != nil {
		return ""
	}
	return t
}

// pickMilestones finds other projects' milestones (exclude: the project
// whose plan is edited).
func pickMilestones(s *Server, ctx context.Context, a *policy.Actor, p *i18n.Printer, q string, exclude int64) ([]pickOption, error) {
	ms, err := s.Plan.Milestones(ctx, a, q, exclude)
	if err != nil {
		return nil, err
	}
	out := []pickOption{}
	for _, m := range ms {
		out = append(out, pickOption{ID: m.ID, Label: m.Name + " (" + m.ProjectName + ")", Detail: m.PlannedEnd})
	}
	return out, nil
}
