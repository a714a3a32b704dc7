package api

import (
	"encoding/json"
	"io"
	"net/http"
	"strconv"
	"strings"

	"github.com/samstyr/samstyr/internal/errs"
	"github.com/samstyr/samstyr/internal/httpx"
	"github.com/samstyr/samstyr/internal/listing"
	"github.com/samstyr/samstyr/internal/meetings"
)

func (s *Server) caseList(w http.ResponseWriter, r *http.Request) error {
	limit, after, err := pageParams(r)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	f := meetings.CaseFilter{State: q.Get("state"), Q: q.Get("q"), Limit: limit, After: after}
	for name, p := range map[string]*int64{"body": &f.BodyID, "meeting": &f.MeetingID} {
		if v := q.Get(name); v != "" {
			if *p, err = strconv.ParseInt(v, 10, 64); err != nil {
				return errs.InvalidField(name, "error.number")
			}
		}
	}
	page, err := s.Meetings.Cases(r.Context(), httpx.Actor(r.Context()), f)
	if err != nil {
		return err
	}
	return reply(w, http.StatusOK, page)
}

// caseInput is the body of POST /cases and PUT /cases/{id}. Number may be
// sent back unchanged on update; any other value is refused.
type caseInput struct {
	BodyID           int64  `json:"body_id"`
	Number           string `json:"number"`
	Kind             string `json:"kind"`
	Title            string `json:"title"`
	PresenterID      int64  `json:"presenter_id"`
	Presenter        string `json:"presenter"`
	Background       string `json:"background"`
	Assessment       string `json:"assessment"`
	Consequences     string `json:"consequences"`
	ProposedDecision string `json:"proposed_decision"`
	Exempt           bool   `json:"exempt"`
	LegalBasis       string `json:"legal_basis"`
	PublicTitle      string `json:"public_title"`
}

func (s *Server) caseCreate(w http.ResponseWriter, r *http.Request) error {
	var in caseInput
	if err := decode(r, &in); err != nil {
		return err
	}
	if in.Number != "" {
		return errs.InvalidField("number", "case.error.number_given")
	}
	c := &meetings.Case{BodyID: in.BodyID, Kind: in.Kind, Title: in.Title, PresenterID: in.PresenterID, Presenter: in.Presenter,
		Background: in.Background, Assessment: in.Assessment, Consequences: in.Consequences, ProposedDecision: in.ProposedDecision,
		Exempt: in.Exempt, LegalBasis: in.LegalBasis, PublicTitle: in.PublicTitle}
	if err := s.Meetings.CreateCase(r.Context(), httpx.Actor(r.Context()), c); err != nil {
		return err
	}
	w.Header().Set("Location", Prefix+"/cases/"+strconv.FormatInt(c.ID, 10))
	return reply(w, http.StatusCreated, c)
}

func (s *Server) caseShow(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	c, err := s.Meetings.Case(r.Context(), httpx.Actor(r.Context()), id)
	if err != nil {
		return err
	}
	return reply(w, http.StatusOK, c)
}

func (s *Server) caseUpdate(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var in caseInput
	if err := decode(r, &in); err != nil {
		return err
	}
	c, err := s.Meetings.UpdateCase(r.Context(), httpx.Actor(r.Context()), id, meetings.CaseUpdate{Number: in.Number, Kind: in.Kind,
		Title: in.Title, PresenterID: in.PresenterID, Presenter: in.Presenter, Background: in.Background, Assessment: in.Assessment,
		Consequences: in.Consequences, ProposedDecision: in.ProposedDecision, Exempt: in.Exempt, LegalBasis: in.LegalBasis, PublicTitle: in.PublicTitle})
	if err != nil {
		return err
	}
	return reply(w, http.StatusOK, c)
}

func (s *Server) caseMove(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var in struct {
		To        string `json:"to"`
		MeetingID int64  `json:"meeting_id"`
	}
	if err := decode(r, &in); err != nil {
		return err
	}
	c, err := s.Meetings.MoveCase(r.Context(), httpx.Actor(r.Context()), id, in.To, in.MeetingID)
	if err != nil {
		return err
	}
	return reply(w, http.StatusOK, c)
}

func (s *Server) caseLink(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var in meetings.Link
	if err := decode(r, &in); err != nil {
		return err
	}
	if err := s.Meetings.LinkItem(r.Context(), httpx.Actor(r.Context()), id, meetings.Link{ItemType: in.ItemType, ItemID: in.ItemID}, false); err != nil {
		return err
	}
	return s.caseShow(w, r)
}

func (s *Server) caseUnlink(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	item, err := strconv.ParseInt(r.PathValue("item"), 10, 64)
	if err != nil {
		return errs.E(errs.NotFound, "error.not_found")
	}
	if err := s.Meetings.LinkItem(r.Context(), httpx.Actor(r.Context()), id, meetings.Link{ItemType: r.PathValue("type"), ItemID: item}, true); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (s *Server) caseAttach(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var in struct {
		Name        string `json:"name"`
		Data        []byte `json:"data"` // base64
		Exempt      bool   `json:"exempt"`
		LegalBasis  string `json:"legal_basis"`
		PublicTitle string `json:"public_title"`
	}
	r.Body = http.MaxBytesReader(w, r.Body, 2*meetings.MaxAttachment)
	if err := decodeLarge(r, &in, 2*meetings.MaxAttachment); err != nil {
		return err
	}
	x := &meetings.Attachment{CaseID: id, Name: in.Name, Data: in.Data, Exempt: in.Exempt, LegalBasis: in.LegalBasis, PublicTitle: in.PublicTitle}
	if err := s.Meetings.AddAttachment(r.Context(), httpx.Actor(r.Context()), x); err != nil {
		return err
	}
	return reply(w, http.StatusCreated, x)
}

// decisionInput is the body of POST /cases/{id}/decision.
type decisionInput struct {
	Kind         string                  `json:"kind"`
	Text         string                  `json:"text"`
	Unanimous    bool                    `json:"unanimous"`
	VotesFor     int                     `json:"votes_for"`
	VotesAgainst int                     `json:"votes_against"`
	VotesAbstain int                     `json:"votes_abstaining"`
	Dissent      string                  `json:"dissent"`
	Disqualified []meetings.Disqualified `json:"disqualified"`
	Effects      []string                `json:"effects"`
	Priority     int64                   `json:"priority"`
	Choice       int64                   `json:"choice"`
}

func (s *Server) decisionCreate(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var in decisionInput
	if err := decode(r, &in); err != nil {
		return err
	}
	d := &meetings.Decision{Kind: in.Kind, Text: in.Text, Unanimous: in.Unanimous, VotesFor: in.VotesFor, VotesAgainst: in.VotesAgainst,
		VotesAbstain: in.VotesAbstain, Dissent: in.Dissent, Disqualified: in.Disqualified, Effects: in.Effects,
		Priority: in.Priority, Choice: in.Choice}
	if err := s.Meetings.RecordDecision(r.Context(), httpx.Actor(r.Context()), id, d); err != nil {
		return err
	}
	w.Header().Set("Location", Prefix+"/decisions/"+strconv.FormatInt(d.ID, 10))
	return reply(w, http.StatusCreated, d)
}

func (s *Server) decisionShow(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	d, err := s.Meetings.Decision(r.Context(), httpx.Actor(r.Context()), id)
	if err != nil {
		return err
	}
	return reply(w, http.StatusOK, d)
}

func (s *Server) actionList(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	xs, err := s.Meetings.Actions(r.Context(), httpx.Actor(r.Context()), id, r.URL.Query().Get("state"))
	if err != nil {
		return err
	}
	return reply(w, http.StatusOK, listing.Page[*meetings.Action]{Items: xs})
}

func (s *Server) actionCreate(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var in struct {
		Title    string `json:"title"`
		OwnerID  int64  `json:"owner_id"`
		Deadline date   `json:"deadline"`
	}
	if err := decode(r, &in); err != nil {
		return err
	}
	x := &meetings.Action{Title: in.Title, OwnerID: in.OwnerID, Deadline: in.Deadline.Time}
	if err := s.Meetings.CreateAction(r.Context(), httpx.Actor(r.Context()), id, x); err != nil {
		return err
	}
	w.Header().Set("Location", Prefix+"/actions/"+strconv.FormatInt(x.ID, 10))
	return reply(w, http.StatusCreated, x)
}

func (s *Server) actionShow(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	x, err := s.Meetings.Action(r.Context(), httpx.Actor(r.Context()), id)
	if err != nil {
		return err
	}
	return reply(w, http.StatusOK, x)
}

func (s *Server) actionDone(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var in struct {
		Done bool `json:"done"`
	}
	if err := decode(r, &in); err != nil {
		return err
	}
	x, err := s.Meetings.SetActionDone(r.Context(), httpx.Actor(r.Context()), id, in.Done)
	if err != nil {
		return err
	}
	return reply(w, http.StatusOK, x)
}

// decodeLarge is decode with a larger size limit (attachments in base64).
func decodeLarge(r *http.Request, v any, limit int64) error {
	if ct := r.Header.Get("Content-Type"); ct != "" && !strings.HasPrefix(ct, "application/json") {
		return errs.InvalidField("body", "error.json", "detail", "Content-Type must be application/json")
	}
	dec := json.NewDecoder(io.LimitReader(r.Body, limit))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return decodeError(err)
	}
	drain(r)
	return nil
}
