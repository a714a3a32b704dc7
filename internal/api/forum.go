package api

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/samstyr/samstyr/internal/errs"
	"github.com/samstyr/samstyr/internal/forum"
	"github.com/samstyr/samstyr/internal/httpx"
)

// Brukerforum and elections through the API: the same service as the
// pages (internal/forum).
func (s *Server) forumRoutes() []Route {
	return []Route{
		{"GET", "/forums", s.forumList},
		{"POST", "/forums", s.forumCreate},
		{"GET", "/forums/{id}", s.forumGet},
		{"POST", "/forums/{id}/sessions", s.forumSessionAdd},
		{"POST", "/forums/{id}/adopt", s.forumAdopt},
		{"GET", "/forums/{id}/registrations", s.forumRegistrations},
		{"POST", "/forums/{id}/registrations", s.forumRegister},
		{"GET", "/forums/{id}/reach", s.forumReach},
		{"GET", "/elections", s.electionList},
		{"POST", "/elections", s.electionCreate},
		{"GET", "/elections/{id}", s.electionGet},
		{"PUT", "/elections/{id}/roll", s.electionRoll},
		{"GET", "/elections/{id}/candidates", s.electionCandidates},
		{"POST", "/elections/{id}/candidates", s.electionNominate},
		{"POST", "/elections/{id}/open", s.electionOpen},
		{"POST", "/elections/{id}/close", s.electionClose},
		{"POST", "/elections/{id}/vote", s.electionVote},
		{"GET", "/elections/{id}/ballots", s.electionBallots},
		{"GET", "/elections/{id}/receipts/{receipt}", s.electionReceipt},
		{"GET", "/inputs", s.inputList},
		{"POST", "/inputs", s.inputCreate},
		{"GET", "/inputs/{id}", s.inputGet},
		{"POST", "/inputs/{id}/support", s.inputSupport},
		{"POST", "/inputs/{id}/answer", s.inputAnswer},
	}
}

func (s *Server) forumList(w http.ResponseWriter, r *http.Request) error {
	fs, err := s.Forum.Forums(r.Context(), httpx.Actor(r.Context()))
	if err != nil {
		return err
	}
	return reply(w, http.StatusOK, fs)
}

func (s *Server) forumCreate(w http.ResponseWriter, r *http.Request) error {
	var in forum.Forum
	if err := decode(r, &in); err != nil {
		return err
	}
	in.ID = 0
	if err := s.Forum.CreateForum(r.Context(), httpx.Actor(r.Context()), &in); err != nil {
		return err
	}
	w.Header().Set("Location", Prefix+"/forums/"+strconv.FormatInt(in.ID, 10))
	return reply(w, http.StatusCreated, in)
}

func (s *Server) forumGet(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	f, err := s.Forum.Forum(r.Context(), httpx.Actor(r.Context()), id)
	if err != nil {
		return err
	}
	return reply(w, http.StatusOK, f)
}

func (s *Server) forumSessionAdd(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var in struct {
		StartsAt time.Time `json:"starts_at"`
		Title    string    `json:"title"`
		Speakers string    `json:"speakers"`
	}
	if err := decode(r, &in); err != nil {
		return err
	}
	ss := &forum.Session{StartsAt: in.StartsAt, Title: in.Title, Speakers: in.Speakers}
	if err := s.Forum.AddSession(r.Context(), httpx.Actor(r.Context()), id, ss); err != nil {
		return err
	}
	return reply(w, http.StatusCreated, ss)
}

func (s *Server) forumAdopt(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := s.Forum.AdoptProgramme(r.Context(), httpx.Actor(r.Context()), id); err != nil {
		return err
	}
	f, err := s.Forum.Forum(r.Context(), httpx.Actor(r.Context()), id)
	if err != nil {
		return err
	}
	return reply(w, http.StatusOK, f)
}

func (s *Server) forumRegistrations(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	rs, err := s.Forum.Registrations(r.Context(), httpx.Actor(r.Context()), id)
	if err != nil {
		return err
	}
	return reply(w, http.StatusOK, rs)
}

func (s *Server) forumRegister(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var in struct {
		Role        string `json:"role"`
		PersonEmail string `json:"person_email"`
	}
	if err := decode(r, &in); err != nil {
		return err
	}
	reg := &forum.Registration{Role: in.Role, PersonEmail: in.PersonEmail}
	if err := s.Forum.Register(r.Context(), httpx.Actor(r.Context()), id, reg); err != nil {
		return err
	}
	return reply(w, http.StatusCreated, reg)
}

func (s *Server) forumReach(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	rows, err := s.Forum.Reach(r.Context(), httpx.Actor(r.Context()), id)
	if err != nil {
		return err
	}
	return reply(w, http.StatusOK, rows)
}

func (s *Server) electionList(w http.ResponseWriter, r *http.Request) error {
	var forumID int64
	if v := r.URL.Query().Get("forum"); v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n <= 0 {
			return errs.InvalidField("forum", "error.number")
		}
		forumID = n
	}
	es, err := s.Forum.Elections(r.Context(), httpx.Actor(r.Context()), forumID)
	if err != nil {
		return err
	}
	return reply(w, http.StatusOK, es)
}

// electionInput is a new election; the term is given as dates.
type electionInput struct {
	ForumID  int64         `json:"forum_id"`
	Title    string        `json:"title"`
	Seats    int           `json:"seats"`
	Deputies int           `json:"deputies"`
	TermFrom string        `json:"term_from"`
	TermTo   string        `json:"term_to"`
	Rule     string        `json:"rule"`
	Balance  forum.Balance `json:"balance"`
}

// day reads a YYYY-MM-DD date; a bad one is Invalid naming the field.
func day(field, v string) (time.Time, error) {
	if strings.TrimSpace(v) == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse(time.DateOnly, strings.TrimSpace(v))
	if err != nil {
		return t, errs.InvalidField(field, "error.date")
	}
	return t, nil
}

func (s *Server) electionCreate(w http.ResponseWriter, r *http.Request) error {
	var in electionInput
	if err := decode(r, &in); err != nil {
		return err
	}
	from, err := day("term_from", in.TermFrom)
	if err != nil {
		return err
	}
	to, err := day("term_to", in.TermTo)
	if err != nil {
		return err
	}
	e := &forum.Election{ForumID: in.ForumID, Title: in.Title, Seats: in.Seats, Deputies: in.Deputies, TermFrom: from, TermTo: to,
		Rule: in.Rule, Balance: in.Balance}
	if err := s.Forum.CreateElection(r.Context(), httpx.Actor(r.Context()), e); err != nil {
		return err
	}
	w.Header().Set("Location", Prefix+"/elections/"+strconv.FormatInt(e.ID, 10))
	return reply(w, http.StatusCreated, e)
}

// electionView is an election with its roll and the caller's status.
type electionView struct {
	*forum.Election
	Roll  []forum.RollEntry `json:"roll"`
	Voter forum.VoterStatus `json:"voter"`
}

func (s *Server) electionGet(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	a := httpx.Actor(r.Context())
	e, err := s.Forum.Election(r.Context(), a, id)
	if err != nil {
		return err
	}
	v := electionView{Election: e}
	if v.Roll, err = s.Forum.Roll(r.Context(), a, id); err != nil {
		return err
	}
	if v.Voter, err = s.Forum.Voter(r.Context(), a, e); err != nil {
		return err
	}
	return reply(w, http.StatusOK, v)
}

func (s *Server) electionRoll(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var in struct {
		Numbers           []string `json:"numbers"`
		FromRegistrations bool     `json:"from_registrations"`
	}
	if err := decode(r, &in); err != nil {
		return err
	}
	a := httpx.Actor(r.Context())
	if err := s.Forum.SetRoll(r.Context(), a, id, in.Numbers, in.FromRegistrations); err != nil {
		return err
	}
	roll, err := s.Forum.Roll(r.Context(), a, id)
	if err != nil {
		return err
	}
	return reply(w, http.StatusOK, roll)
}

func (s *Server) electionCandidates(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	cs, err := s.Forum.Candidates(r.Context(), httpx.Actor(r.Context()), id)
	if err != nil {
		return err
	}
	return reply(w, http.StatusOK, cs)
}

func (s *Server) electionNominate(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var in struct {
		PersonEmail string `json:"person_email"`
		Sector      string `json:"sector"`
		Gender      string `json:"gender"`
		Consent     bool   `json:"consent"`
		Motivation  string `json:"motivation"`
	}
	if err := decode(r, &in); err != nil {
		return err
	}
	c := &forum.Candidate{PersonEmail: in.PersonEmail, Sector: in.Sector, Gender: in.Gender, Consent: in.Consent, Motivation: in.Motivation}
	if err := s.Forum.Nominate(r.Context(), httpx.Actor(r.Context()), id, c); err != nil {
		return err
	}
	return reply(w, http.StatusCreated, c)
}

func (s *Server) electionOpen(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var in struct {
		ClosesAt time.Time `json:"closes_at"`
	}
	if r.ContentLength != 0 {
		if err := decode(r, &in); err != nil {
			return err
		}
	}
	a := httpx.Actor(r.Context())
	if err := s.Forum.OpenVoting(r.Context(), a, id, in.ClosesAt); err != nil {
		return err
	}
	e, err := s.Forum.Election(r.Context(), a, id)
	if err != nil {
		return err
	}
	return reply(w, http.StatusOK, e)
}

func (s *Server) electionClose(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	a := httpx.Actor(r.Context())
	if err := s.Forum.Close(r.Context(), a, id); err != nil {
		return err
	}
	e, err := s.Forum.Election(r.Context(), a, id)
	if err != nil {
		return err
	}
	return reply(w, http.StatusOK, e)
}

func (s *Server) electionVote(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var in struct {
		Choices []int64 `json:"choices"`
	}
	if err := decode(r, &in); err != nil {
		return err
	}
	receipt, err := s.Forum.Vote(r.Context(), httpx.Actor(r.Context()), id, in.Choices)
	if err != nil {
		return err
	}
	return reply(w, http.StatusCreated, map[string]string{"receipt": receipt})
}

func (s *Server) electionBallots(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	p, err := s.Forum.Published(r.Context(), httpx.Actor(r.Context()), id)
	if err != nil {
		return err
	}
	return reply(w, http.StatusOK, p)
}

func (s *Server) electionReceipt(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	b, err := s.Forum.CheckReceipt(r.Context(), httpx.Actor(r.Context()), id, r.PathValue("receipt"))
	if err != nil {
		return err
	}
	return reply(w, http.StatusOK, b)
}

func (s *Server) inputList(w http.ResponseWriter, r *http.Request) error {
	var f forum.InputFilter
	for name, p := range map[string]*int64{"forum": &f.ForumID, "need": &f.NeedID} {
		if v := r.URL.Query().Get(name); v != "" {
			n, err := strconv.ParseInt(v, 10, 64)
			if err != nil || n <= 0 {
				return errs.InvalidField(name, "error.number")
			}
			*p = n
		}
	}
	ins, err := s.Forum.Inputs(r.Context(), httpx.Actor(r.Context()), f)
	if err != nil {
		return err
	}
	return reply(w, http.StatusOK, ins)
}

func (s *Server) inputCreate(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		ForumID int64  `json:"forum_id"`
		Subject string `json:"subject"`
		NeedID  int64  `json:"need_id"`
		Topic   string `json:"topic"`
		Title   string `json:"title"`
		Body    string `json:"body"`
	}
	if err := decode(r, &in); err != nil {
		return err
	}
	i := &forum.Input{ForumID: in.ForumID, Subject: in.Subject, NeedID: in.NeedID, Topic: in.Topic, Title: in.Title, Body: in.Body}
	if err := s.Forum.CreateInput(r.Context(), httpx.Actor(r.Context()), i); err != nil {
		return err
	}
	w.Header().Set("Location", Prefix+"/inputs/"+strconv.FormatInt(i.ID, 10))
	return reply(w, http.StatusCreated, i)
}

func (s *Server) inputGet(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	i, err := s.Forum.Input(r.Context(), httpx.Actor(r.Context()), id)
	if err != nil {
		return err
	}
	return reply(w, http.StatusOK, i)
}

func (s *Server) inputSupport(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	a := httpx.Actor(r.Context())
	if err := s.Forum.Support(r.Context(), a, id); err != nil {
		return err
	}
	i, err := s.Forum.Input(r.Context(), a, id)
	if err != nil {
		return err
	}
	return reply(w, http.StatusOK, i)
}

func (s *Server) inputAnswer(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var in forum.Answer
	if err := decode(r, &in); err != nil {
		return err
	}
	i, err := s.Forum.AnswerInput(r.Context(), httpx.Actor(r.Context()), id, in)
	if err != nil {
		return err
	}
	return reply(w, http.StatusOK, i)
}
