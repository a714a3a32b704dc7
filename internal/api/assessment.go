package api

import (
	"net/http"
	"strconv"

	"github.com/samstyr/samstyr/internal/errs"
	"github.com/samstyr/samstyr/internal/httpx"
	"github.com/samstyr/samstyr/internal/needs"
)

func (s *Server) assessmentRoutes() []Route {
	return []Route{
		{"GET", "/assessment/methods", s.methodList},
		{"POST", "/assessment/methods", s.methodCreate},
		{"GET", "/assessment/methods/{id}", s.methodShow},
		{"PUT", "/assessment/methods/{id}", s.methodUpdate},
		{"GET", "/assessment/rounds", s.roundList},
		{"POST", "/assessment/rounds", s.roundOpen},
		{"GET", "/assessment/rounds/{id}", s.roundShow},
		{"GET", "/assessment/rounds/{id}/progress", s.roundProgress},
		{"POST", "/assessment/rounds/{id}/close", s.roundClose},
		{"GET", "/assessment/rounds/{id}/scores", s.roundScores},
		{"POST", "/assessment/rounds/{id}/scores", s.roundScore},
	}
}

func (s *Server) methodList(w http.ResponseWriter, r *http.Request) error {
	ms, err := s.Needs.Methods(r.Context(), httpx.Actor(r.Context()))
	if err != nil {
		return err
	}
	if ms == nil {
		ms = []*needs.Method{}
	}
	return reply(w, http.StatusOK, map[string]any{"items": ms})
}

func (s *Server) methodShow(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	m, err := s.Needs.Method(r.Context(), httpx.Actor(r.Context()), id)
	if err != nil {
		return err
	}
	return reply(w, http.StatusOK, m)
}

// methodInput is the body of POST and PUT /assessment/methods.
type methodInput struct {
	Name                  string            `json:"name"`
	Notes                 string            `json:"notes"`
	BackingWeight         int64             `json:"backing_weight"`
	BackingSharePct       int64             `json:"backing_share_full_pct"`
	BackingMunicipalities int64             `json:"backing_municipalities_full"`
	MandatoryFirst        bool              `json:"mandatory_first"`
	PublicStates          []string          `json:"public_states"`
	Criteria              []needs.Criterion `json:"criteria"`
}

func (in methodInput) method() *needs.Method {
	return &needs.Method{Name: in.Name, Notes: in.Notes, BackingWeight: in.BackingWeight, BackingSharePct: in.BackingSharePct,
		BackingMunicipalities: in.BackingMunicipalities, MandatoryFirst: in.MandatoryFirst, PublicStates: in.PublicStates, Criteria: in.Criteria}
}

func (s *Server) methodCreate(w http.ResponseWriter, r *http.Request) error {
	var in methodInput
	if err := decode(r, &in); err != nil {
		return err
	}
	m, _, err := s.Needs.SaveMethod(r.Context(), httpx.Actor(r.Context()), 0, in.method())
	if err != nil {
		return err
	}
	w.Header().Set("Location", Prefix+"/assessment/methods/"+strconv.FormatInt(m.ID, 10))
	return reply(w, http.StatusCreated, m)
}

// methodUpdate changes a version; a version used in a round is frozen, so
// the change is saved as a new version (201 with its Location).
func (s *Server) methodUpdate(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var in methodInput
	if err := decode(r, &in); err != nil {
		return err
	}
	m, created, err := s.Needs.SaveMethod(r.Context(), httpx.Actor(r.Context()), id, in.method())
	if err != nil {
		return err
	}
	if created {
		w.Header().Set("Location", Prefix+"/assessment/methods/"+strconv.FormatInt(m.ID, 10))
		return reply(w, http.StatusCreated, m)
	}
	return reply(w, http.StatusOK, m)
}

func (s *Server) roundList(w http.ResponseWriter, r *http.Request) error {
	rs, err := s.Needs.Rounds(r.Context(), httpx.Actor(r.Context()))
	if err != nil {
		return err
	}
	if rs == nil {
		rs = []*needs.Round{}
	}
	return reply(w, http.StatusOK, map[string]any{"items": rs})
}

func (s *Server) roundOpen(w http.ResponseWriter, r *http.Request) error {
	var in needs.RoundInput
	if err := decode(r, &in); err != nil {
		return err
	}
	rd, err := s.Needs.OpenRound(r.Context(), httpx.Actor(r.Context()), in)
	if err != nil {
		return err
	}
	w.Header().Set("Location", Prefix+"/assessment/rounds/"+strconv.FormatInt(rd.ID, 10))
	return reply(w, http.StatusCreated, rd)
}

func (s *Server) roundShow(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	rd, err := s.Needs.Round(r.Context(), httpx.Actor(r.Context()), id)
	if err != nil {
		return err
	}
	return reply(w, http.StatusOK, rd)
}

// roundProgress is the scoring progress per need and assessor.
func (s *Server) roundProgress(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	p, err := s.Needs.RoundProgress(r.Context(), httpx.Actor(r.Context()), id)
	if err != nil {
		return err
	}
	return reply(w, http.StatusOK, p)
}

// closeInput is the optional body of POST /assessment/rounds/{id}/close:
// confirm closes even though scores are missing.
type closeInput struct {
	Confirm bool `json:"confirm"`
}

func (s *Server) roundClose(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var in closeInput
	if r.ContentLength != 0 {
		if err := s.Needs.MayCloseRound(httpx.Actor(r.Context())); err != nil {
			return err // permission before the body
		}
		if err := decode(r, &in); err != nil {
			return err
		}
	}
	rd, err := s.Needs.CloseRound(r.Context(), httpx.Actor(r.Context()), id, in.Confirm)
	if err != nil {
		return err
	}
	return reply(w, http.StatusOK, rd)
}

// roundScores lists the scores of one need (?need=ID) the caller may see.
func (s *Server) roundScores(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	need, err := strconv.ParseInt(r.URL.Query().Get("need"), 10, 64)
	if err != nil || need <= 0 {
		return errs.InvalidField("need", "error.number")
	}
	sc, err := s.Needs.Scores(r.Context(), httpx.Actor(r.Context()), id, need)
	if err != nil {
		return err
	}
	return reply(w, http.StatusOK, map[string]any{"items": sc})
}

// scoreInput is the body of POST /assessment/rounds/{id}/scores.
type scoreInput struct {
	NeedID int64              `json:"need_id"`
	Scores []needs.ScoreInput `json:"scores"`
}

func (s *Server) roundScore(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var in scoreInput
	if err := decode(r, &in); err != nil {
		return err
	}
	a := httpx.Actor(r.Context())
	if err := s.Needs.SubmitScores(r.Context(), a, id, in.NeedID, in.Scores); err != nil {
		return err
	}
	sc, err := s.Needs.Scores(r.Context(), a, id, in.NeedID)
	if err != nil {
		return err
	}
	return reply(w, http.StatusCreated, map[string]any{"items": sc})
}
