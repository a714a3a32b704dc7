package web

import (
	"fmt"
	"net/http"
	"strconv"

	"github.com/samstyr/samstyr/internal/errs"
	"github.com/samstyr/samstyr/internal/forum"
	"github.com/samstyr/samstyr/internal/httpx"
	"github.com/samstyr/samstyr/internal/policy"
)

// Input (innspill) around the forum: public list, the form, support and
// the secretariat's answer (internal/forum/input.go). Nothing is deleted.

func (s *Server) registerInputRoutes(mux *http.ServeMux) {
	s.route(mux, "GET /inputs", public, s.inputList)
	s.route(mux, "POST /inputs", signedIn, s.inputCreate)
	s.route(mux, "GET /inputs/{id}", public, s.inputShow)
	s.route(mux, "POST /inputs/{id}/support", signedIn, s.inputSupport)
	s.route(mux, "POST /inputs/{id}/answer", signedIn, s.inputAnswer)
}

type inputListPage struct {
	basePage
	Inputs    []*forum.Input
	Forums    []*forum.Forum
	Subjects  []string
	MayCreate bool
	Input     *forum.Input
	NeedPick  pickField
	Errors    formErrors
}

func (s *Server) renderInputs(w http.ResponseWriter, r *http.Request, status int, in *forum.Input, ferr error) error {
	a := httpx.Actor(r.Context())
	data := inputListPage{basePage: s.base(w, r, "input.title"), Subjects: forum.Subjects, Input: in,
		MayCreate: policy.Can(a, policy.InputCreate, policy.Resource{})}
	var err error
	if data.Inputs, err = s.Forum.Inputs(r.Context(), a, forum.InputFilter{ForumID: num(r.URL.Query().Get("forum"))}); err != nil {
		return err
	}
	for _, i := range data.Inputs {
		s.needTitle(r, i)
	}
	if data.MayCreate {
		if data.Forums, err = s.Forum.Forums(r.Context(), a); err != nil {
			return err
		}
		data.NeedPick = pickField{Name: "need_id", Kind: "need", Label: "input.field.need", Help: "input.help.need", Action: "/inputs#new-input"}
		if data.NeedPick, err = s.newPick(r, data.P, data.NeedPick); err != nil {
			return err
		}
	}
	data.Errors = fieldErrors(data.P, ferr)
	s.render(w, r, status, "forum/inputs", data)
	return nil
}

// needTitle names the input's need when the viewer may see it.
func (s *Server) needTitle(r *http.Request, in *forum.Input) {
	if in.NeedID == 0 {
		return
	}
	if n, err := s.Needs.Get(r.Context(), httpx.Actor(r.Context()), in.NeedID); err == nil {
		in.NeedTitle = n.Title
	}
}

func (s *Server) inputList(w http.ResponseWriter, r *http.Request) error {
	return s.renderInputs(w, r, http.StatusOK, &forum.Input{Subject: forum.SubjectTopic}, nil)
}

func (s *Server) inputCreate(w http.ResponseWriter, r *http.Request) error {
	f := r.PostFormValue
	in := &forum.Input{ForumID: num(f("forum_id")), Subject: f("subject"), NeedID: num(f("need_id")), Topic: f("topic"), Title: f("title"), Body: f("body")}
	err := s.Forum.CreateInput(r.Context(), httpx.Actor(r.Context()), in)
	if isFormError(err) {
		return s.renderInputs(w, r, http.StatusUnprocessableEntity, in, err)
	}
	if err != nil {
		return err
	}
	s.redirect(w, r, "/inputs/"+strconv.FormatInt(in.ID, 10), "input.flash.created")
	return nil
}

type inputShowPage struct {
	basePage
	Input      *forum.Input
	Outcomes   []string
	MaySupport bool
	MayAnswer  bool
	Answer     forum.Answer
	Errors     formErrors
}

func (s *Server) renderInput(w http.ResponseWriter, r *http.Request, status int, id int64, ans *forum.Answer, ferr error) error {
	a := httpx.Actor(r.Context())
	in, err := s.Forum.Input(r.Context(), a, id)
	if err != nil {
		return err
	}
	s.needTitle(r, in)
	data := inputShowPage{basePage: s.base(w, r, "input.title"), Input: in, Outcomes: forum.Outcomes,
		MaySupport: policy.Can(a, policy.InputSupport, policy.Resource{}), MayAnswer: policy.Can(a, policy.InputAnswer, policy.Resource{}),
		Answer: forum.Answer{Group: in.Group, Answer: in.Answer, Outcome: in.Outcome}}
	data.Title = in.Title
	if ans != nil {
		data.Answer = *ans
	}
	data.Errors = fieldErrors(data.P, ferr)
	s.render(w, r, status, "forum/input", data)
	return nil
}

func (s *Server) inputShow(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	return s.renderInput(w, r, http.StatusOK, id, nil, nil)
}

func (s *Server) inputSupport(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	err = s.Forum.Support(r.Context(), httpx.Actor(r.Context()), id)
	if errs.CodeOf(err) == errs.Conflict {
		return s.renderInput(w, r, http.StatusConflict, id, nil, err)
	}
	if err != nil {
		return err
	}
	s.redirect(w, r, fmt.Sprintf("/inputs/%d", id), "input.flash.supported")
	return nil
}

func (s *Server) inputAnswer(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	ans := forum.Answer{Group: r.PostFormValue("group"), Answer: r.PostFormValue("answer"), Outcome: r.PostFormValue("outcome")}
	_, err = s.Forum.AnswerInput(r.Context(), httpx.Actor(r.Context()), id, ans)
	if isFormError(err) {
		return s.renderInput(w, r, http.StatusUnprocessableEntity, id, &ans, err)
	}
	if err != nil {
		return err
	}
	s.redirect(w, r, fmt.Sprintf("/inputs/%d", id), "input.flash.answered")
	return nil
}
