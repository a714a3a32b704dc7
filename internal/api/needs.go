package api

import (
	"io"
	"net/http"
	"strconv"
	"time"

	"github.com/samstyr/samstyr/internal/errs"
	"github.com/samstyr/samstyr/internal/httpx"
	"github.com/samstyr/samstyr/internal/needs"
)

func (s *Server) needRoutes() []Route {
	return []Route{
		{"GET", "/needs", s.needList},
		{"POST", "/needs", s.needCreate},
		{"GET", "/needs/similar", s.needSimilarTo},
		{"GET", "/needs/{id}", s.needShow},
		{"PUT", "/needs/{id}", s.needUpdate},
		{"POST", "/needs/{id}/backings", s.needBack},
		{"DELETE", "/needs/{id}/backings", s.needUnback},
		{"POST", "/needs/{id}/transitions", s.needTransition},
		{"POST", "/needs/{id}/merge", s.needMerge},
		{"GET", "/needs/{id}/similar", s.needSimilar},
		{"GET", "/needs/{id}/attachments", s.needAttachments},
		{"POST", "/needs/{id}/attachments", s.needAttach},
		{"GET", "/needs/{id}/attachments/{aid}", s.needAttachment},
	}
}

// needFilter reads the list filters shared by pages and API.
func needFilter(r *http.Request) (needs.Filter, error) { return needs.ParseFilter(r.URL.Query()) }

func (s *Server) needList(w http.ResponseWriter, r *http.Request) error {
	limit, after, err := pageParams(r)
	if err != nil {
		return err
	}
	f, err := needFilter(r)
	if err != nil {
		return err
	}
	f.Limit, f.After = limit, after
	page, err := s.Needs.List(r.Context(), httpx.Actor(r.Context()), f)
	if err != nil {
		return err
	}
	return replyPage(s, w, page)
}

// needInput is the JSON body of POST and PUT /needs; dates are YYYY-MM-DD.
type needInput struct {
	Title         string   `json:"title"`
	Problem       string   `json:"problem"`
	Affected      []string `json:"affected"`
	Area          string   `json:"area"`
	Source        string   `json:"source"`
	Benefit       string   `json:"benefit"`
	HoursSaved    int64    `json:"hours_saved"`
	NOKSaved      int64    `json:"nok_saved"`
	Urgency       string   `json:"urgency"`
	LegalDeadline string   `json:"legal_deadline"`
	Standards     []string `json:"standards"`
	Components    []string `json:"components"`
	Size          string   `json:"size"`
	ContactID     int64    `json:"contact_id"`
	Draft         bool     `json:"draft"`
}

func (in needInput) input() (needs.Input, error) {
	out := needs.Input{Title: in.Title, Problem: in.Problem, Affected: in.Affected, Area: in.Area, Source: in.Source, Benefit: in.Benefit,
		HoursSaved: in.HoursSaved, NOKSaved: in.NOKSaved, Urgency: in.Urgency, Standards: in.Standards, Components: in.Components,
		Size: in.Size, ContactID: in.ContactID, Draft: in.Draft}
	d, err := parseDate("legal_deadline", in.LegalDeadline)
	out.LegalDeadline = d
	return out, err
}

func parseDate(field, s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return t, errs.InvalidField(field, "error.date")
	}
	return t, nil
}

func (s *Server) needCreate(w http.ResponseWriter, r *http.Request) error {
	var body needInput
	if err := decode(r, &body); err != nil {
		return err
	}
	in, err := body.input()
	if err != nil {
		return err
	}
	n, err := s.Needs.Create(r.Context(), httpx.Actor(r.Context()), in)
	if err != nil {
		return err
	}
	w.Header().Set("Location", Prefix+"/needs/"+strconv.FormatInt(n.ID, 10))
	return reply(w, http.StatusCreated, n)
}

func (s *Server) needUpdate(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var body needInput
	if err := decode(r, &body); err != nil {
		return err
	}
	in, err := body.input()
	if err != nil {
		return err
	}
	n, err := s.Needs.Update(r.Context(), httpx.Actor(r.Context()), id, in)
	if err != nil {
		return err
	}
	return reply(w, http.StatusOK, n)
}

// needResponse is one need with its backing and history.
type needResponse struct {
	*needs.Need
	Backing  needs.Stats      `json:"backing"`
	Backings []*needs.Backing `json:"backings"`
	History  []*needs.Event   `json:"history"`
}

func (s *Server) needShow(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	v, err := s.Needs.View(r.Context(), httpx.Actor(r.Context()), id, 0)
	if err != nil {
		return err
	}
	if v.Backings == nil {
		v.Backings = []*needs.Backing{}
	}
	return reply(w, http.StatusOK, needResponse{Need: v.Need, Backing: v.Stats, Backings: v.Backings, History: v.History})
}

func (s *Server) needBack(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var body struct {
		Comment string `json:"comment"`
	}
	if r.ContentLength != 0 {
		if err := decode(r, &body); err != nil {
			return err
		}
	}
	b, err := s.Needs.Back(r.Context(), httpx.Actor(r.Context()), id, body.Comment)
	if err != nil {
		return err
	}
	return reply(w, http.StatusCreated, b)
}

func (s *Server) needUnback(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := s.Needs.Unback(r.Context(), httpx.Actor(r.Context()), id); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// transitionInput is the body of POST /needs/{id}/transitions.
type transitionInput struct {
	To         string `json:"to"`
	Comment    string `json:"comment"`
	Reason     string `json:"reason"`
	ReviewDate string `json:"review_date"`
	BodyID     int64  `json:"body_id"`
	DecisionID int64  `json:"decision_id"`
	Into       int64  `json:"into"`
}

func (s *Server) needTransition(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var in transitionInput
	if err := decode(r, &in); err != nil {
		return err
	}
	review, err := parseDate("review_date", in.ReviewDate)
	if err != nil {
		return err
	}
	n, err := s.Needs.Transition(r.Context(), httpx.Actor(r.Context()), id, needs.Transition{To: in.To, Comment: in.Comment, Reason: in.Reason,
		ReviewDate: review, BodyID: in.BodyID, DecisionID: in.DecisionID, Into: in.Into})
	if err != nil {
		return err
	}
	return reply(w, http.StatusOK, n)
}

func (s *Server) needMerge(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var in struct {
		Into    int64  `json:"into"`
		Comment string `json:"comment"`
	}
	if err := decode(r, &in); err != nil {
		return err
	}
	n, err := s.Needs.Merge(r.Context(), httpx.Actor(r.Context()), id, in.Into, in.Comment)
	if err != nil {
		return err
	}
	return reply(w, http.StatusOK, n)
}

func (s *Server) needSimilar(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	list, err := s.Needs.Similar(r.Context(), httpx.Actor(r.Context()), id, 10)
	if err != nil {
		return err
	}
	return reply(w, http.StatusOK, map[string]any{"items": list})
}

func (s *Server) needSimilarTo(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	list, err := s.Needs.SimilarTo(r.Context(), httpx.Actor(r.Context()), q.Get("title"), q.Get("problem"), 10)
	if err != nil {
		return err
	}
	return reply(w, http.StatusOK, map[string]any{"items": list})
}

func (s *Server) needAttachments(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	list, err := s.Needs.Attachments(r.Context(), httpx.Actor(r.Context()), id)
	if err != nil {
		return err
	}
	if list == nil {
		list = []*needs.Attachment{}
	}
	return reply(w, http.StatusOK, map[string]any{"items": list})
}

// needAttach takes the file as the raw body; the name comes from the
// "name" query parameter. The type is judged from the content.
func (s *Server) needAttach(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	data, err := io.ReadAll(io.LimitReader(r.Body, needs.MaxAttachment+1))
	if err != nil {
		return errs.InvalidField("file", "needs.error.file_empty")
	}
	a := &needs.Attachment{Name: r.URL.Query().Get("name"), Data: data}
	if err := s.Needs.Attach(r.Context(), httpx.Actor(r.Context()), id, a); err != nil {
		return err
	}
	return reply(w, http.StatusCreated, a)
}

func (s *Server) needAttachment(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	aid, err := strconv.ParseInt(r.PathValue("aid"), 10, 64)
	if err != nil || aid <= 0 {
		return errs.E(errs.NotFound, "error.not_found")
	}
	a, err := s.Needs.Attachment(r.Context(), httpx.Actor(r.Context()), id, aid)
	if err != nil {
		return err
	}
	return httpx.ServeDownload(w, a.Name, a.ContentType, a.Data)
}
