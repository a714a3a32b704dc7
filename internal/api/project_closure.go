package api

import (
	"net/http"

	"github.com/samstyr/samstyr/internal/httpx"
	"github.com/samstyr/samstyr/internal/policy"
	"github.com/samstyr/samstyr/internal/projects"
)

// Project states and closure through the API: start, hold, resume; the
// BP4 closing recommendation and the BP5 final report, the same service as
// the pages. Their decisions come from the steering group's decision
// effects approve_closure and accept_final_report.
func (s *Server) closureRoutes() []Route {
	return []Route{
		{"POST", "/projects/{id}/move", s.projectMove},
		{"GET", "/projects/{id}/closure", s.closureGet},
		{"PUT", "/projects/{id}/closure", s.closurePut},
		{"POST", "/projects/{id}/closure/submit", s.closureSubmit},
		{"GET", "/projects/{id}/final-report", s.closureGet},
		{"PUT", "/projects/{id}/final-report", s.finalReportPut},
		{"POST", "/projects/{id}/final-report/submit", s.finalReportSubmit},
	}
}

// projectMoveIn is a direct state move: start, hold (with a reason) or resume.
type projectMoveIn struct {
	Move   string `json:"move"`
	Reason string `json:"reason"`
}

func (s *Server) projectMove(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var in projectMoveIn
	if err := decode(r, &in); err != nil {
		return err
	}
	p, err := s.Control.MoveProject(r.Context(), httpx.Actor(r.Context()), id, in.Move, in.Reason)
	if err != nil {
		return err
	}
	return reply(w, http.StatusOK, p)
}

func (s *Server) closureGet(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	v, err := s.Control.Closure(r.Context(), httpx.Actor(r.Context()), id)
	if err != nil {
		return err
	}
	return reply(w, http.StatusOK, v)
}

// closureIn is what a person writes: the checklist and the remaining work
// (BP4), the evaluation and the lessons learned (BP5).
type closureIn struct {
	Checklist     []projects.CheckItem `json:"checklist"`
	RemainingWork string               `json:"remaining_work"`
	Evaluation    string               `json:"evaluation"`
	Lessons       string               `json:"lessons_learned"`
}

func (c closureIn) closure() *projects.Closure {
	return &projects.Closure{Checklist: c.Checklist, RemainingWork: c.RemainingWork, Evaluation: c.Evaluation, Lessons: c.Lessons}
}

// closureBody reads the body; an empty one (a bare submit) is nil.
func closureBody(r *http.Request) (*projects.Closure, error) {
	if r.ContentLength == 0 {
		return nil, nil
	}
	var in closureIn
	if err := decode(r, &in); err != nil {
		return nil, err
	}
	return in.closure(), nil
}

// closureWrite runs a write with the body and answers the closure as the
// person now sees it.
func (s *Server) closureWrite(w http.ResponseWriter, r *http.Request, bare bool,
	write func(a *policy.Actor, id int64, c *projects.Closure) error) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	c, err := closureBody(r)
	if err != nil {
		return err
	}
	if c == nil && !bare {
		c = &projects.Closure{}
	}
	a := httpx.Actor(r.Context())
	if err := write(a, id, c); err != nil {
		return err
	}
	v, err := s.Control.Closure(r.Context(), a, id)
	if err != nil {
		return err
	}
	return reply(w, http.StatusOK, v)
}

func (s *Server) closurePut(w http.ResponseWriter, r *http.Request) error {
	return s.closureWrite(w, r, false, func(a *policy.Actor, id int64, c *projects.Closure) error {
		return s.Control.SaveClosure(r.Context(), a, id, c)
	})
}

func (s *Server) closureSubmit(w http.ResponseWriter, r *http.Request) error {
	return s.closureWrite(w, r, true, func(a *policy.Actor, id int64, c *projects.Closure) error {
		_, err := s.Control.SubmitClosure(r.Context(), a, id, c)
		return err
	})
}

func (s *Server) finalReportPut(w http.ResponseWriter, r *http.Request) error {
	return s.closureWrite(w, r, false, func(a *policy.Actor, id int64, c *projects.Closure) error {
		return s.Control.SaveFinalReport(r.Context(), a, id, c)
	})
}

func (s *Server) finalReportSubmit(w http.ResponseWriter, r *http.Request) error {
	return s.closureWrite(w, r, true, func(a *policy.Actor, id int64, c *projects.Closure) error {
		_, err := s.Control.SubmitFinalReport(r.Context(), a, id, c)
		return err
	})
}
