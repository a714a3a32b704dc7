package web

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/samstyr/samstyr/internal/errs"
	"github.com/samstyr/samstyr/internal/forum"
	"github.com/samstyr/samstyr/internal/httpx"
	"github.com/samstyr/samstyr/internal/policy"
)

// Brukerforum's pages: the forums with programme, registrations and
// reach, and the elections with nomination, voting, the published
// ballots and the receipt check (internal/forum).

func (s *Server) registerForumRoutes(mux *http.ServeMux) {
	s.route(mux, "GET /forum", public, s.forumList)
	s.route(mux, "GET /forum/new", signedIn, s.forumNew)
	s.route(mux, "POST /forum", signedIn, s.forumCreate)
	s.route(mux, "GET /forum/{id}", public, s.forumShow)
	s.route(mux, "GET /forum/{id}/calendar.ics", public, s.forumICS)
	s.route(mux, "POST /forum/{id}/sessions", signedIn, s.forumSessionAdd)
	s.route(mux, "POST /forum/{id}/adopt", signedIn, s.forumAdopt)
	s.route(mux, "GET /forum/{id}/registrations", signedIn, s.forumRegistrations)
	s.route(mux, "POST /forum/{id}/registrations", signedIn, s.forumRegister)
	s.route(mux, "GET /forum/{id}/registrations.pdf", signedIn, s.forumParticipantsPDF)
	s.route(mux, "GET /elections/new", signedIn, s.electionNew)
	s.route(mux, "POST /elections", signedIn, s.electionCreate)
	s.route(mux, "GET /elections/{id}", public, s.electionShow)
	s.route(mux, "POST /elections/{id}/roll", signedIn, s.electionRoll)
	s.route(mux, "POST /elections/{id}/candidates", signedIn, s.electionNominate)
	s.route(mux, "POST /elections/{id}/open", signedIn, s.electionOpen)
	s.route(mux, "POST /elections/{id}/close", signedIn, s.electionClose)
	s.route(mux, "GET /elections/{id}/vote", signedIn, s.electionBallot)
	s.route(mux, "POST /elections/{id}/vote", signedIn, s.electionVote)
	s.route(mux, "GET /elections/{id}/receipt", public, s.electionReceipt)
	s.route(mux, "GET /elections/{id}/ballots.json", public, s.electionBallotsJSON)
	s.registerInputRoutes(mux)
}

type forumListPage struct {
	basePage
	Forums    []*forum.Forum
	Elections []*forum.Election
	MayCreate bool
}

func (s *Server) forumList(w http.ResponseWriter, r *http.Request) error {
	a := httpx.Actor(r.Context())
	fs, err := s.Forum.Forums(r.Context(), a)
	if err != nil {
		return err
	}
	es, err := s.Forum.Elections(r.Context(), a, 0)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "forum/list", forumListPage{basePage: s.base(w, r, "forum.title"), Forums: fs, Elections: es,
		MayCreate: policy.Can(a, policy.ForumManage, policy.Resource{})})
	return nil
}

type forumFormPage struct {
	basePage
	Forum  *forum.Forum
	Errors formErrors
}

func (s *Server) forumNew(w http.ResponseWriter, r *http.Request) error {
	if err := policy.Check(httpx.Actor(r.Context()), policy.ForumManage, policy.Resource{}); err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "forum/form", forumFormPage{basePage: s.base(w, r, "forum.new"), Forum: &forum.Forum{}})
	return nil
}

func (s *Server) forumCreate(w http.ResponseWriter, r *http.Request) error {
	if err := policy.Check(httpx.Actor(r.Context()), policy.ForumManage, policy.Resource{}); err != nil {
		return err
	}
	var v errs.Validation
	f := &forum.Forum{Title: r.PostFormValue("title"), StartsAt: formTime(&v, r, "starts_at"), EndsAt: formTime(&v, r, "ends_at"),
		Place: r.PostFormValue("place"), VideoURL: r.PostFormValue("video_url"), Description: r.PostFormValue("description")}
	err := v.Err()
	if err == nil {
		err = s.Forum.CreateForum(r.Context(), httpx.Actor(r.Context()), f)
	}
	if isFormError(err) {
		data := forumFormPage{basePage: s.base(w, r, "forum.new"), Forum: f, Errors: fieldErrors(s.printer(r), err)}
		data.Errors = fieldErrors(data.P, err)
		s.render(w, r, http.StatusUnprocessableEntity, "forum/form", data)
		return nil
	}
	if err != nil {
		return err
	}
	s.redirect(w, r, fmt.Sprintf("/forum/%d", f.ID), "flash.saved")
	return nil
}

type forumShowPage struct {
	basePage
	Forum     *forum.Forum
	Reach     []forum.CountyShare
	Elections []*forum.Election
	Roles     []string
	MayManage bool
	MayAdopt  bool
	MayList   bool
	// MayRegister: a member organisation's person may register.
	MayRegister bool
	Errors      formErrors
	Session     forum.Session
}

func (s *Server) renderForum(w http.ResponseWriter, r *http.Request, status int, id int64, ss *forum.Session, ferr error) error {
	a := httpx.Actor(r.Context())
	f, err := s.Forum.Forum(r.Context(), a, id)
	if err != nil {
		return err
	}
	data := forumShowPage{basePage: s.base(w, r, "forum.title"), Forum: f, Roles: forum.Roles,
		MayManage:   policy.Can(a, policy.ForumManage, policy.Resource{}),
		MayAdopt:    policy.Can(a, policy.ForumAdopt, policy.Resource{}) && f.Programme == forum.ProgrammeDraft && len(f.Sessions) > 0,
		MayList:     policy.Can(a, policy.ForumRegistrations, policy.Resource{}),
		MayRegister: a != nil && policy.Can(a, policy.ForumRegister, policy.Resource{OrgID: a.OrgID}) && s.now().Before(f.EndsAt)}
	data.Title = f.Title
	if ss != nil {
		data.Session = *ss
	}
	data.Errors = fieldErrors(data.P, ferr)
	if data.Reach, err = s.Forum.Reach(r.Context(), a, id); err != nil {
		return err
	}
	if data.Elections, err = s.Forum.Elections(r.Context(), a, id); err != nil {
		return err
	}
	s.render(w, r, status, "forum/show", data)
	return nil
}

func (s *Server) forumShow(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	return s.renderForum(w, r, http.StatusOK, id, nil, nil)
}

func (s *Server) forumICS(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	f, err := s.Forum.Forum(r.Context(), httpx.Actor(r.Context()), id)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "text/calendar; charset=utf-8")
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="brukerforum-%d.ics"`, f.Year))
	_, _ = w.Write(s.Forum.ICS(f))
	return nil
}

func (s *Server) forumSessionAdd(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := policy.Check(httpx.Actor(r.Context()), policy.ForumManage, policy.Resource{}); err != nil {
		return err
	}
	var v errs.Validation
	ss := &forum.Session{StartsAt: formTime(&v, r, "session_starts_at"), Title: r.PostFormValue("session_title"), Speakers: r.PostFormValue("speakers")}
	err = v.Err()
	if err == nil {
		err = s.Forum.AddSession(r.Context(), httpx.Actor(r.Context()), id, ss)
	}
	if isFormError(err) {
		return s.renderForum(w, r, http.StatusUnprocessableEntity, id, ss, err)
	}
	if err != nil {
		return err
	}
	s.redirect(w, r, fmt.Sprintf("/forum/%d#programme", id), "flash.saved")
	return nil
}

func (s *Server) forumAdopt(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	err = s.Forum.AdoptProgramme(r.Context(), httpx.Actor(r.Context()), id)
	if isFormError(err) {
		return s.renderForum(w, r, http.StatusConflict, id, nil, err)
	}
	if err != nil {
		return err
	}
	s.redirect(w, r, fmt.Sprintf("/forum/%d", id), "forum.flash.adopted")
	return nil
}

func (s *Server) forumRegister(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	reg := &forum.Registration{Role: r.PostFormValue("role"), PersonEmail: r.PostFormValue("person_email")}
	err = s.Forum.Register(r.Context(), httpx.Actor(r.Context()), id, reg)
	if isFormError(err) {
		return s.renderForum(w, r, http.StatusUnprocessableEntity, id, nil, err)
	}
	if err != nil {
		return err
	}
	s.redirect(w, r, fmt.Sprintf("/forum/%d", id), "forum.flash.registered")
	return nil
}

type forumRegistrationsPage struct {
	basePage
	Forum         *forum.Forum
	Registrations []*forum.Registration
}

func (s *Server) forumRegistrations(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	a := httpx.Actor(r.Context())
	rs, err := s.Forum.Registrations(r.Context(), a, id)
	if err != nil {
		return err
	}
	f, err := s.Forum.Forum(r.Context(), a, id)
	if err != nil {
		return err
	}
	data := forumRegistrationsPage{basePage: s.base(w, r, "forum.registrations"), Forum: f, Registrations: rs}
	s.render(w, r, http.StatusOK, "forum/registrations", data)
	return nil
}

func (s *Server) forumParticipantsPDF(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	b, err := s.Forum.ParticipantsPDF(r.Context(), httpx.Actor(r.Context()), id, s.printer(r))
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("Content-Disposition", fmt.Sprintf(`inline; filename="deltakere-%d.pdf"`, id))
	_, _ = w.Write(b)
	return nil
}

type electionFormPage struct {
	basePage
	Election *forum.Election
	Forums   []*forum.Forum
	Rules    []string
	Errors   formErrors
}

func (s *Server) renderElectionForm(w http.ResponseWriter, r *http.Request, status int, e *forum.Election, err error) error {
	a := httpx.Actor(r.Context())
	fs, ferr := s.Forum.Forums(r.Context(), a)
	if ferr != nil {
		return ferr
	}
	data := electionFormPage{basePage: s.base(w, r, "election.new"), Election: e, Forums: fs, Rules: forum.Rules}
	data.Errors = fieldErrors(data.P, err)
	s.render(w, r, status, "forum/election_form", data)
	return nil
}

func (s *Server) electionNew(w http.ResponseWriter, r *http.Request) error {
	if err := policy.Check(httpx.Actor(r.Context()), policy.ElectionManage, policy.Resource{}); err != nil {
		return err
	}
	e := &forum.Election{ForumID: num(r.URL.Query().Get("forum")), Seats: 5, Deputies: 2, Rule: forum.RuleMajority, Balance: forum.Balance{GenderLaw: true}}
	return s.renderElectionForm(w, r, http.StatusOK, e, nil)
}

func smallInt(r *http.Request, name string) int {
	n := num(r.PostFormValue(name))
	if n > 1000 || n < -1000 {
		return -1
	}
	return int(n)
}

func (s *Server) electionCreate(w http.ResponseWriter, r *http.Request) error {
	if err := policy.Check(httpx.Actor(r.Context()), policy.ElectionManage, policy.Resource{}); err != nil {
		return err
	}
	var v errs.Validation
	e := &forum.Election{ForumID: num(r.PostFormValue("forum_id")), Title: r.PostFormValue("title"), Seats: smallInt(r, "seats"),
		Deputies: smallInt(r, "deputies"), TermFrom: formDate(&v, r, "term_from"), TermTo: formDate(&v, r, "term_to"), Rule: r.PostFormValue("rule"),
		Balance: forum.Balance{GenderLaw: r.PostFormValue("gender_law") != "", MinMunicipal: smallInt(r, "min_municipal"), MinState: smallInt(r, "min_state"),
			MinCounties: smallInt(r, "min_counties"), MinSmall: smallInt(r, "min_small"), MinLarge: smallInt(r, "min_large")}}
	err := v.Err()
	if err == nil {
		err = s.Forum.CreateElection(r.Context(), httpx.Actor(r.Context()), e)
	}
	if isFormError(err) {
		return s.renderElectionForm(w, r, http.StatusUnprocessableEntity, e, err)
	}
	if err != nil {
		return err
	}
	s.redirect(w, r, fmt.Sprintf("/elections/%d", e.ID), "flash.saved")
	return nil
}

type electionShowPage struct {
	basePage
	Election    *forum.Election
	Forum       *forum.Forum
	Candidates  []*forum.Candidate
	Names       map[int64]*forum.Candidate
	Roll        []forum.RollEntry
	Voted       int
	Voter       forum.VoterStatus
	MayManage   bool
	MayNominate bool
	Genders     []string
	Sectors     []string
	Nominee     forum.Candidate
	Numbers     string
	Errors      formErrors
	// Receipt: a receipt checked, and the ballot found (nil: not checked).
	Receipt string
	Found   *forum.Ballot
	Choices []int64
}

// renderElection shows an election; ferr and the fields hold a form's
// refused input.
func (s *Server) renderElection(w http.ResponseWriter, r *http.Request, status int, id int64, fill func(*electionShowPage), ferr error) error {
	a := httpx.Actor(r.Context())
	e, err := s.Forum.Election(r.Context(), a, id)
	if err != nil {
		return err
	}
	data := electionShowPage{basePage: s.base(w, r, "election.title"), Election: e, Genders: forum.Genders, Sectors: forum.Sectors,
		MayManage: policy.Can(a, policy.ElectionManage, policy.Resource{}), Names: map[int64]*forum.Candidate{}}
	data.MayNominate = policy.Can(a, policy.ElectionNominate, policy.Resource{}) && e.State == forum.StateNominating
	data.Title = e.Title
	if data.Forum, err = s.Forum.Forum(r.Context(), a, e.ForumID); err != nil {
		return err
	}
	if data.Candidates, err = s.Forum.Candidates(r.Context(), a, id); err != nil {
		return err
	}
	for _, c := range data.Candidates {
		data.Names[c.ID] = c
	}
	if data.Roll, err = s.Forum.Roll(r.Context(), a, id); err != nil {
		return err
	}
	for _, x := range data.Roll {
		if x.Voted {
			data.Voted++
		}
	}
	if data.Voter, err = s.Forum.Voter(r.Context(), a, e); err != nil {
		return err
	}
	if fill != nil {
		fill(&data)
	}
	data.Errors = fieldErrors(data.P, ferr)
	s.render(w, r, status, "forum/election", data)
	return nil
}

func (s *Server) electionShow(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	return s.renderElection(w, r, http.StatusOK, id, nil, nil)
}

// electionDone answers a secretariat's or nominator's form: back to the
// election, or the page again with the refusal.
func (s *Server) electionDone(w http.ResponseWriter, r *http.Request, id int64, fill func(*electionShowPage), err error, flash string) error {
	if isFormError(err) {
		status := http.StatusUnprocessableEntity
		if errs.CodeOf(err) == errs.Conflict {
			status = http.StatusConflict
		}
		return s.renderElection(w, r, status, id, fill, err)
	}
	if err != nil {
		return err
	}
	s.redirect(w, r, fmt.Sprintf("/elections/%d", id), flash)
	return nil
}

func (s *Server) electionRoll(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	text := r.PostFormValue("numbers")
	numbers := strings.FieldsFunc(text, func(c rune) bool { return c == '\n' || c == ',' || c == ';' || c == '\r' })
	err = s.Forum.SetRoll(r.Context(), httpx.Actor(r.Context()), id, numbers, r.PostFormValue("from_registrations") != "")
	return s.electionDone(w, r, id, func(p *electionShowPage) { p.Numbers = text }, err, "election.flash.roll")
}

func (s *Server) electionNominate(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	c := &forum.Candidate{PersonEmail: r.PostFormValue("person_email"), Sector: r.PostFormValue("sector"), Gender: r.PostFormValue("gender"),
		Consent: r.PostFormValue("consent") != "", Motivation: r.PostFormValue("motivation")}
	err = s.Forum.Nominate(r.Context(), httpx.Actor(r.Context()), id, c)
	return s.electionDone(w, r, id, func(p *electionShowPage) { p.Nominee = *c }, err, "election.flash.nominated")
}

func (s *Server) electionOpen(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := policy.Check(httpx.Actor(r.Context()), policy.ElectionManage, policy.Resource{}); err != nil {
		return err
	}
	var v errs.Validation
	closes := formTime(&v, r, "closes_at")
	err = v.Err()
	if err == nil {
		err = s.Forum.OpenVoting(r.Context(), httpx.Actor(r.Context()), id, closes)
	}
	return s.electionDone(w, r, id, nil, err, "election.flash.opened")
}

func (s *Server) electionClose(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	err = s.Forum.Close(r.Context(), httpx.Actor(r.Context()), id)
	return s.electionDone(w, r, id, nil, err, "election.flash.closed")
}

type ballotPage struct {
	basePage
	Election   *forum.Election
	Candidates []*forum.Candidate
	Voter      forum.VoterStatus
	Choices    []int64
	Errors     formErrors
	Receipt    string
}

func (s *Server) renderBallot(w http.ResponseWriter, r *http.Request, status int, id int64, choices []int64, receipt string, ferr error) error {
	a := httpx.Actor(r.Context())
	e, err := s.Forum.Election(r.Context(), a, id)
	if err != nil {
		return err
	}
	data := ballotPage{basePage: s.base(w, r, "election.ballot"), Election: e, Choices: choices, Receipt: receipt}
	if data.Candidates, err = s.Forum.Candidates(r.Context(), a, id); err != nil {
		return err
	}
	if data.Voter, err = s.Forum.Voter(r.Context(), a, e); err != nil {
		return err
	}
	data.Errors = fieldErrors(data.P, ferr)
	s.render(w, r, status, "forum/ballot", data)
	return nil
}

func (s *Server) electionBallot(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := policy.Check(httpx.Actor(r.Context()), policy.ElectionVote, policy.Resource{}); err != nil {
		return err
	}
	return s.renderBallot(w, r, http.StatusOK, id, nil, "", nil)
}

// electionVote casts the ballot and shows the receipt on the page (it is
// not kept anywhere the voter could find it again).
func (s *Server) electionVote(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var choices []int64
	for _, v := range r.PostForm["choices"] {
		choices = append(choices, num(v))
	}
	receipt, err := s.Forum.Vote(r.Context(), httpx.Actor(r.Context()), id, choices)
	if isFormError(err) {
		status := http.StatusUnprocessableEntity
		if errs.CodeOf(err) == errs.Conflict {
			status = http.StatusConflict
		}
		return s.renderBallot(w, r, status, id, choices, "", err)
	}
	if err != nil {
		return err
	}
	return s.renderBallot(w, r, http.StatusOK, id, nil, receipt, nil)
}

func (s *Server) electionReceipt(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	receipt := r.URL.Query().Get("receipt")
	b, err := s.Forum.CheckReceipt(r.Context(), httpx.Actor(r.Context()), id, receipt)
	fill := func(p *electionShowPage) { p.Receipt = receipt; p.Found = b }
	switch {
	case err == nil:
		return s.renderElection(w, r, http.StatusOK, id, fill, nil)
	case errs.CodeOf(err) == errs.NotFound && errs.As(err).Key == "election.error.receipt_unknown":
		return s.renderElection(w, r, http.StatusNotFound, id, fill, errs.InvalidField("receipt", "election.error.receipt_unknown"))
	case errs.CodeOf(err) == errs.Invalid:
		return s.renderElection(w, r, http.StatusUnprocessableEntity, id, fill, err)
	}
	return err
}

func (s *Server) electionBallotsJSON(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	p, err := s.Forum.Published(r.Context(), httpx.Actor(r.Context()), id)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Content-Disposition", "attachment; filename=\"election-"+strconv.FormatInt(id, 10)+"-ballots.json\"")
	enc := json.NewEncoder(w)
	enc.SetIndent("", " ")
	return enc.Encode(p)
}
