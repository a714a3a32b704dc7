package web

import (
	"fmt"
	"net/http"
	"strconv"

	"github.com/samstyr/samstyr/internal/directives"
	"github.com/samstyr/samstyr/internal/errs"
	"github.com/samstyr/samstyr/internal/httpx"
	"github.com/samstyr/samstyr/internal/policy"
	"github.com/samstyr/samstyr/internal/projects"
)

// Participants' input on a project (issue 12 item 8): the list with its
// filters and form, and one input with what the person may do with it.

func (s *Server) registerProjectInputRoutes(mux *http.ServeMux) {
	s.route(mux, "GET /projects/{id}/inputs", signedIn, s.pinputList)
	s.route(mux, "POST /projects/{id}/inputs", signedIn, s.pinputCreate)
	s.route(mux, "GET /projects/{id}/inputs/{n}", signedIn, s.pinputShow)
	s.route(mux, "POST /projects/{id}/inputs/{n}/move", signedIn, s.pinputMove)
}

// pinputOptionRows is how many option rows the form offers a veivalg.
const pinputOptionRows = 4

type pinputListPage struct {
	basePage
	Project *directives.Project
	Inputs  []*projects.Input
	Rights  projects.InputRights
	Kind    string
	State   string
	Kinds   []string
	States  []string
	New     *projects.Input
	Rows    []projects.InputOption
	Errors  formErrors
}

func (s *Server) renderPInputs(w http.ResponseWriter, r *http.Request, status int, in *projects.Input, ferr error) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	a := httpx.Actor(r.Context())
	q := r.URL.Query()
	data := pinputListPage{basePage: s.base(w, r, "pinput.list_title"), Kind: q.Get("kind"), State: q.Get("state"),
		Kinds: projects.InputKinds, States: projects.InputStates, New: in}
	data.Inputs, data.Rights, err = s.Control.Inputs(r.Context(), a, id, projects.InputFilter{Kind: data.Kind, State: data.State})
	if errs.CodeOf(err) == errs.Invalid {
		data.Kind, data.State = "", ""
		data.Inputs, data.Rights, err = s.Control.Inputs(r.Context(), a, id, projects.InputFilter{})
	}
	if err != nil {
		return err
	}
	if data.Project, err = s.Directives.Project(r.Context(), a, id); err != nil {
		return err
	}
	data.Title = data.T("pinput.list_title_of", "project", data.Project.Name)
	data.Rows = append([]projects.InputOption{}, in.Options...)
	for len(data.Rows) < pinputOptionRows {
		data.Rows = append(data.Rows, projects.InputOption{})
	}
	data.Errors = fieldErrors(data.P, ferr)
	s.render(w, r, status, "project_inputs/list", data)
	return nil
}

func (s *Server) pinputList(w http.ResponseWriter, r *http.Request) error {
	return s.renderPInputs(w, r, http.StatusOK, &projects.Input{}, nil)
}

func (s *Server) pinputCreate(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	f := r.PostFormValue
	in := &projects.Input{Kind: f("kind"), Title: f("title"), Text: f("text")}
	ds, cs := r.PostForm["option_description"], r.PostForm["option_consequence"]
	for i := range ds {
		o := projects.InputOption{Description: ds[i]}
		if i < len(cs) {
			o.Consequence = cs[i]
		}
		in.Options = append(in.Options, o)
	}
	err = s.Control.CreateInput(r.Context(), httpx.Actor(r.Context()), id, in)
	if isFormError(err) {
		return s.renderPInputs(w, r, http.StatusUnprocessableEntity, in, err)
	}
	if err != nil {
		return err
	}
	s.redirect(w, r, fmt.Sprintf("/projects/%d/inputs/%d", id, in.ID), "pinput.flash.created")
	return nil
}

type pinputShowPage struct {
	basePage
	Project  *directives.Project
	Input    *projects.Input
	Moves    []string
	Targets  []string
	Referral projects.Referral
	Project2 pickField
	Errors   formErrors
}

func (s *Server) renderPInput(w http.ResponseWriter, r *http.Request, status int, ref projects.Referral, ferr error) error {
	pid, err := pathID(r, "id")
	if err != nil {
		return err
	}
	n, err := pathID(r, "n")
	if err != nil {
		return err
	}
	a := httpx.Actor(r.Context())
	in, p, err := s.Control.Input(r.Context(), a, pid, n)
	if err != nil {
		return err
	}
	data := pinputShowPage{basePage: s.base(w, r, "pinput.title"), Project: p, Input: in, Targets: projects.ReferTargets, Referral: ref}
	data.Title = in.Title
	if projects.InputRightsFor(a, p).MayHandle {
		data.Moves = projects.InputMoves(in)
	}
	data.Errors = fieldErrors(data.P, ferr)
	if len(data.Moves) > 0 && data.Moves[0] == projects.InputReferred {
		data.Project2, err = s.newPick(r, data.P, pickField{Name: "referred_project_id", Kind: "project", Label: "pinput.field.referred_project",
			Help: "pinput.help.referred_project", Action: fmt.Sprintf("/projects/%d/inputs/%d#refer", p.ID, in.ID), Exclude: p.ID, Chosen: ref.ProjectID})
		if err != nil {
			return err
		}
	}
	s.render(w, r, status, "project_inputs/show", data)
	return nil
}

func (s *Server) pinputShow(w http.ResponseWriter, r *http.Request) error {
	return s.renderPInput(w, r, http.StatusOK, projects.Referral{}, nil)
}

func (s *Server) pinputMove(w http.ResponseWriter, r *http.Request) error {
	pid, err := pathID(r, "id")
	if err != nil {
		return err
	}
	n, err := pathID(r, "n")
	if err != nil {
		return err
	}
	f := r.PostFormValue
	ref := projects.Referral{To: f("referred_to"), ProjectID: num(f("referred_project_id")), Note: f("note")}
	in, err := s.Control.MoveInput(r.Context(), httpx.Actor(r.Context()), pid, n, f("to"), ref)
	if isFormError(err) {
		status := http.StatusUnprocessableEntity
		if errs.CodeOf(err) == errs.Conflict {
			status = http.StatusConflict
		}
		return s.renderPInput(w, r, status, ref, err)
	}
	if err != nil {
		return err
	}
	s.redirect(w, r, "/projects/"+strconv.FormatInt(pid, 10)+"/inputs/"+strconv.FormatInt(in.ID, 10), "pinput.flash."+in.State)
	return nil
}

// inputOfNeed is the project input a need was made from, for the need's
// page; nil when there is none or the person may not read it.
func (s *Server) inputOfNeed(r *http.Request, a *policy.Actor, needID int64) *projects.Input {
	if s.Control == nil {
		return nil
	}
	in, err := s.Control.InputForNeed(r.Context(), a, needID)
	if err != nil {
		return nil
	}
	return in
}
