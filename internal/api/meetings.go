package api

import (
	"net/http"
	"strconv"
	"time"

	"github.com/samstyr/samstyr/internal/errs"
	"github.com/samstyr/samstyr/internal/governance"
	"github.com/samstyr/samstyr/internal/httpx"
	"github.com/samstyr/samstyr/internal/listing"
	"github.com/samstyr/samstyr/internal/meetings"
)

func (s *Server) meetingRoutes() []Route {
	return []Route{
		{"POST", "/bodies", s.bodyCreate},
		{"PUT", "/bodies/{id}", s.bodyUpdate},
		{"POST", "/bodies/{id}/memberships", s.membershipCreate},
		{"GET", "/memberships/{id}", s.membershipShow},
		{"PUT", "/memberships/{id}", s.membershipUpdate},
		{"GET", "/bodies/{id}/actions", s.actionList},
		{"GET", "/meetings", s.meetingList},
		{"POST", "/meetings", s.meetingCreate},
		{"GET", "/meetings/{id}", s.meetingShow},
		{"PUT", "/meetings/{id}", s.meetingUpdate},
		{"POST", "/meetings/{id}/publish", s.meetingPublish},
		{"POST", "/meetings/{id}/hold", s.meetingHold},
		{"POST", "/meetings/{id}/cancel", s.meetingCancel},
		{"GET", "/meetings/{id}/attendance", s.attendanceList},
		{"POST", "/meetings/{id}/attendance", s.attendanceAdd},
		{"DELETE", "/meetings/{id}/attendance/{aid}", s.attendanceRemove},
		{"GET", "/meetings/{id}/minutes", s.minutesShow},
		{"PUT", "/meetings/{id}/minutes", s.minutesUpdate},
		{"POST", "/meetings/{id}/minutes/approve", s.minutesApprove},
		{"GET", "/cases", s.caseList},
		{"POST", "/cases", s.caseCreate},
		{"GET", "/cases/{id}", s.caseShow},
		{"PUT", "/cases/{id}", s.caseUpdate},
		{"POST", "/cases/{id}/move", s.caseMove},
		{"POST", "/cases/{id}/links", s.caseLink},
		{"DELETE", "/cases/{id}/links/{type}/{item}", s.caseUnlink},
		{"POST", "/cases/{id}/attachments", s.caseAttach},
		{"POST", "/cases/{id}/decision", s.decisionCreate},
		{"GET", "/decisions/{id}", s.decisionShow},
		{"POST", "/decisions/{id}/actions", s.actionCreate},
		{"GET", "/actions/{id}", s.actionShow},
		{"POST", "/actions/{id}/done", s.actionDone},
	}
}

// date is a JSON date (YYYY-MM-DD); "" or null is the zero date.
type date struct{ time.Time }

func (d *date) UnmarshalJSON(b []byte) error {
	s := string(b)
	if s == "null" || s == `""` {
		d.Time = time.Time{}
		return nil
	}
	t, err := time.Parse(`"`+time.DateOnly+`"`, s)
	if err != nil {
		return errs.InvalidField("date", "error.date")
	}
	d.Time = t
	return nil
}

// bodyInput is the body of POST /bodies and PUT /bodies/{id}.
type bodyInput struct {
	Kind            string `json:"kind"`
	Slug            string `json:"slug"`
	NameNB          string `json:"name_nb"`
	NameNN          string `json:"name_nn"`
	NameEN          string `json:"name_en"`
	ShortName       string `json:"short_name"`
	Mandate         string `json:"mandate"`
	ParentID        int64  `json:"parent_id"`
	SecretariatID   int64  `json:"secretariat_id"`
	FinancingNOK    int64  `json:"financing_nok"`
	FinancingSource string `json:"financing_source"`
	PeriodFrom      date   `json:"period_from"`
	PeriodTo        date   `json:"period_to"`
}

func (in bodyInput) body() *governance.Body {
	return &governance.Body{Kind: in.Kind, Slug: in.Slug, NameNB: in.NameNB, NameNN: in.NameNN, NameEN: in.NameEN, ShortName: in.ShortName,
		Mandate: in.Mandate, ParentID: in.ParentID, SecretariatID: in.SecretariatID, FinancingNOK: in.FinancingNOK,
		FinancingSource: in.FinancingSource, PeriodFrom: in.PeriodFrom.Time, PeriodTo: in.PeriodTo.Time}
}

func (s *Server) bodyCreate(w http.ResponseWriter, r *http.Request) error {
	var in bodyInput
	if err := decode(r, &in); err != nil {
		return err
	}
	b := in.body()
	if err := s.Gov.CreateBody(r.Context(), httpx.Actor(r.Context()), b); err != nil {
		return err
	}
	w.Header().Set("Location", Prefix+"/bodies/"+strconv.FormatInt(b.ID, 10))
	return reply(w, http.StatusCreated, b)
}

func (s *Server) bodyUpdate(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var in bodyInput
	if err := decode(r, &in); err != nil {
		return err
	}
	b := in.body()
	b.ID = id
	if err := s.Gov.UpdateBody(r.Context(), httpx.Actor(r.Context()), b); err != nil {
		return err
	}
	return reply(w, http.StatusOK, b)
}

// membershipInput is the body of membership create and update.
type membershipInput struct {
	PersonID       int64  `json:"person_id"`
	PersonEmail    string `json:"person_email"`
	OrganisationID int64  `json:"organisation_id"`
	OrgNumber      string `json:"organisation_number"`
	Function       string `json:"function"`
	Sector         string `json:"sector"`
	TermFrom       date   `json:"term_from"`
	TermTo         date   `json:"term_to"`
	AppointedBy    string `json:"appointed_by"`
	EndStatus      string `json:"end_status"`
}

func (s *Server) membershipCreate(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var in membershipInput
	if err := decode(r, &in); err != nil {
		return err
	}
	m := &governance.Membership{BodyID: id, PersonID: in.PersonID, PersonEmail: in.PersonEmail, OrgID: in.OrganisationID, OrgNumber: in.OrgNumber,
		Function: in.Function, Sector: in.Sector, TermFrom: in.TermFrom.Time, TermTo: in.TermTo.Time, AppointedBy: in.AppointedBy}
	if err := s.Gov.CreateMembership(r.Context(), httpx.Actor(r.Context()), m); err != nil {
		return err
	}
	w.Header().Set("Location", Prefix+"/memberships/"+strconv.FormatInt(m.ID, 10))
	return reply(w, http.StatusCreated, m)
}

func (s *Server) membershipShow(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	m, err := s.Gov.Membership(r.Context(), httpx.Actor(r.Context()), id)
	if err != nil {
		return err
	}
	return reply(w, http.StatusOK, m)
}

func (s *Server) membershipUpdate(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var in membershipInput
	if err := decode(r, &in); err != nil {
		return err
	}
	m, err := s.Gov.UpdateMembership(r.Context(), httpx.Actor(r.Context()), id, governance.MembershipUpdate{OrgID: in.OrganisationID,
		OrgNumber: in.OrgNumber, Function: in.Function, Sector: in.Sector, TermFrom: in.TermFrom.Time, TermTo: in.TermTo.Time,
		AppointedBy: in.AppointedBy, EndStatus: in.EndStatus})
	if err != nil {
		return err
	}
	return reply(w, http.StatusOK, m)
}

func (s *Server) meetingList(w http.ResponseWriter, r *http.Request) error {
	limit, after, err := pageParams(r)
	if err != nil {
		return err
	}
	f := meetings.MeetingFilter{Limit: limit, After: after}
	if v := r.URL.Query().Get("body"); v != "" {
		if f.BodyID, err = strconv.ParseInt(v, 10, 64); err != nil {
			return errs.InvalidField("body", "error.number")
		}
	}
	page, err := s.Meetings.Meetings(r.Context(), httpx.Actor(r.Context()), f)
	if err != nil {
		return err
	}
	return reply(w, http.StatusOK, page)
}

// meetingInput is the body of POST /meetings and PUT /meetings/{id}.
type meetingInput struct {
	BodyID     int64     `json:"body_id"`
	Title      string    `json:"title"`
	StartsAt   time.Time `json:"starts_at"`
	EndsAt     time.Time `json:"ends_at"`
	Place      string    `json:"place"`
	VideoURL   string    `json:"video_url"`
	NoticeText string    `json:"notice_text"`
}

func (s *Server) meetingCreate(w http.ResponseWriter, r *http.Request) error {
	var in meetingInput
	if err := decode(r, &in); err != nil {
		return err
	}
	m := &meetings.Meeting{BodyID: in.BodyID, Title: in.Title, StartsAt: in.StartsAt, EndsAt: in.EndsAt, Place: in.Place,
		VideoURL: in.VideoURL, NoticeText: in.NoticeText}
	if err := s.Meetings.CreateMeeting(r.Context(), httpx.Actor(r.Context()), m); err != nil {
		return err
	}
	w.Header().Set("Location", Prefix+"/meetings/"+strconv.FormatInt(m.ID, 10))
	return reply(w, http.StatusCreated, m)
}

// meetingResponse is a meeting with its agenda and attendance.
type meetingResponse struct {
	*meetings.Meeting
	Agenda     []*meetings.Case     `json:"agenda"`
	Attendance []*meetings.Attendee `json:"attendance"`
}

func (s *Server) meetingShow(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	a := httpx.Actor(r.Context())
	m, err := s.Meetings.Meeting(r.Context(), a, id)
	if err != nil {
		return err
	}
	res := meetingResponse{Meeting: m}
	if res.Agenda, err = s.Meetings.Agenda(r.Context(), a, m); err != nil {
		return err
	}
	if res.Attendance, err = s.Meetings.Attendance(r.Context(), a, m); err != nil {
		return err
	}
	return reply(w, http.StatusOK, res)
}

func (s *Server) meetingUpdate(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var in meetingInput
	if err := decode(r, &in); err != nil {
		return err
	}
	m, err := s.Meetings.UpdateMeeting(r.Context(), httpx.Actor(r.Context()), id, meetings.MeetingUpdate{Title: in.Title,
		StartsAt: in.StartsAt, EndsAt: in.EndsAt, Place: in.Place, VideoURL: in.VideoURL, NoticeText: in.NoticeText})
	if err != nil {
		return err
	}
	return reply(w, http.StatusOK, m)
}

func (s *Server) meetingPublish(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	m, err := s.Meetings.PublishNotice(r.Context(), httpx.Actor(r.Context()), id)
	if err != nil {
		return err
	}
	return reply(w, http.StatusOK, m)
}

func (s *Server) meetingHold(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	m, err := s.Meetings.Hold(r.Context(), httpx.Actor(r.Context()), id)
	if err != nil {
		return err
	}
	return reply(w, http.StatusOK, m)
}

func (s *Server) meetingCancel(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var in struct {
		Reason string `json:"cancel_reason"`
	}
	if err := decode(r, &in); err != nil {
		return err
	}
	m, err := s.Meetings.Cancel(r.Context(), httpx.Actor(r.Context()), id, in.Reason)
	if err != nil {
		return err
	}
	return reply(w, http.StatusOK, m)
}

func (s *Server) attendanceList(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	a := httpx.Actor(r.Context())
	m, err := s.Meetings.Meeting(r.Context(), a, id)
	if err != nil {
		return err
	}
	list, err := s.Meetings.Attendance(r.Context(), a, m)
	if err != nil {
		return err
	}
	return reply(w, http.StatusOK, listing.Page[*meetings.Attendee]{Items: list})
}

// attendeeInput is the body of POST /meetings/{id}/attendance.
type attendeeInput struct {
	Kind         string `json:"kind"`
	PersonID     int64  `json:"person_id"`
	Name         string `json:"name"`
	Organisation string `json:"organisation"`
	ForPersonID  int64  `json:"for_person_id"`
	CaseID       int64  `json:"case_id"`
}

func (s *Server) attendanceAdd(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var in attendeeInput
	if err := decode(r, &in); err != nil {
		return err
	}
	t := &meetings.Attendee{Kind: in.Kind, PersonID: in.PersonID, Name: in.Name, Organisation: in.Organisation, ForPersonID: in.ForPersonID, CaseID: in.CaseID}
	if err := s.Meetings.RecordAttendance(r.Context(), httpx.Actor(r.Context()), id, t); err != nil {
		return err
	}
	return reply(w, http.StatusCreated, t)
}

func (s *Server) attendanceRemove(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	aid, err := strconv.ParseInt(r.PathValue("aid"), 10, 64)
	if err != nil {
		return errs.E(errs.NotFound, "error.not_found")
	}
	if err := s.Meetings.RemoveAttendee(r.Context(), httpx.Actor(r.Context()), id, aid); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (s *Server) minutesShow(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	doc, err := s.Meetings.MinutesDocument(r.Context(), httpx.Actor(r.Context()), id)
	if err != nil {
		return err
	}
	return reply(w, http.StatusOK, doc)
}

func (s *Server) minutesUpdate(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var in struct {
		Intro string            `json:"intro"`
		Notes map[string]string `json:"notes"`
	}
	if err := decode(r, &in); err != nil {
		return err
	}
	edit := meetings.MinutesEditInput{Intro: in.Intro, Notes: map[int64]string{}}
	for k, v := range in.Notes {
		cid, err := strconv.ParseInt(k, 10, 64)
		if err != nil {
			return errs.InvalidField("notes", "error.number")
		}
		edit.Notes[cid] = v
	}
	if err := s.Meetings.EditMinutes(r.Context(), httpx.Actor(r.Context()), id, edit); err != nil {
		return err
	}
	return s.minutesShow(w, r)
}

func (s *Server) minutesApprove(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var in struct {
		Date date   `json:"circulation_date"`
		Note string `json:"circulation_note"`
	}
	if err := decode(r, &in); err != nil {
		return err
	}
	if err := s.Meetings.ApproveByCirculation(r.Context(), httpx.Actor(r.Context()), id, in.Date.Time, in.Note); err != nil {
		return err
	}
	return s.minutesShow(w, r)
}
