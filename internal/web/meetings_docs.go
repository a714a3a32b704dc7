package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/samstyr/samstyr/internal/errs"
	"github.com/samstyr/samstyr/internal/governance"
	"github.com/samstyr/samstyr/internal/httpx"
	"github.com/samstyr/samstyr/internal/meetings"
	"github.com/samstyr/samstyr/internal/policy"
)

type attendancePage struct {
	basePage
	Meeting    *meetings.Meeting
	Attendance []*meetings.Attendee
	Members    []*governance.Membership
	Agenda     []*meetings.Case
	Kinds      []string
	Input      *meetings.Attendee
	Errors     formErrors
}

func (s *Server) renderAttendance(w http.ResponseWriter, r *http.Request, status int, id int64, in *meetings.Attendee, ferr error) error {
	a := httpx.Actor(r.Context())
	m, err := s.Meetings.Meeting(r.Context(), a, id)
	if err != nil {
		return err
	}
	if err := policy.Check(a, policy.AttendanceRecord, policy.Resource{BodyID: m.BodyID}); err != nil {
		return err
	}
	data := attendancePage{basePage: s.base(w, r, "attendance.title"), Meeting: m, Kinds: meetings.AttendanceKinds, Input: in}
	data.Errors = fieldErrors(data.P, ferr)
	if data.Attendance, err = s.Meetings.Attendance(r.Context(), a, m); err != nil {
		return err
	}
	if data.Members, err = s.Gov.Members(r.Context(), a, m.BodyID, true); err != nil {
		return err
	}
	if data.Agenda, err = s.Meetings.Agenda(r.Context(), a, m); err != nil {
		return err
	}
	s.render(w, r, status, "meetings/attendance", data)
	return nil
}

func (s *Server) attendanceForm(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	return s.renderAttendance(w, r, http.StatusOK, id, &meetings.Attendee{Kind: "present"}, nil)
}

func (s *Server) attendanceAdd(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var v errs.Validation
	t := &meetings.Attendee{Kind: r.PostFormValue("kind"), Name: r.PostFormValue("name"), Organisation: r.PostFormValue("organisation")}
	t.PersonID = formInt(&v, r, "person_id")
	t.ForPersonID = formInt(&v, r, "for_person_id")
	t.CaseID = formInt(&v, r, "case_id")
	err = v.Err()
	if err == nil {
		err = s.Meetings.RecordAttendance(r.Context(), httpx.Actor(r.Context()), id, t)
	}
	if errs.CodeOf(err) == errs.Invalid {
		return s.renderAttendance(w, r, http.StatusUnprocessableEntity, id, t, err)
	}
	if err != nil {
		return err
	}
	s.redirect(w, r, "/meetings/"+strconv.FormatInt(id, 10)+"/attendance", "flash.saved")
	return nil
}

func (s *Server) attendanceRemove(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	aid, err := pathID(r, "aid")
	if err != nil {
		return err
	}
	if err := s.Meetings.RemoveAttendee(r.Context(), httpx.Actor(r.Context()), id, aid); err != nil {
		return err
	}
	s.redirect(w, r, "/meetings/"+strconv.FormatInt(id, 10)+"/attendance", "flash.saved")
	return nil
}

// docPage is the printable notice or minutes.
type docPage struct {
	basePage
	Doc     *meetings.Document
	Minutes bool
}

// document reads the notice (or the minutes) of the meeting in the path.
func (s *Server) document(r *http.Request, minutes bool) (*meetings.Document, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return nil, err
	}
	if minutes {
		return s.Meetings.MinutesDocument(r.Context(), httpx.Actor(r.Context()), id)
	}
	return s.Meetings.NoticeDocument(r.Context(), httpx.Actor(r.Context()), id)
}

// docHTML shows the notice or the minutes as a printable page.
func (s *Server) docHTML(minutes bool) func(http.ResponseWriter, *http.Request) error {
	title, docTitle := "doc.notice", "doc.notice_title"
	if minutes {
		title, docTitle = "doc.minutes", "doc.minutes_title"
	}
	return func(w http.ResponseWriter, r *http.Request) error {
		doc, err := s.document(r, minutes)
		if err != nil {
			return err
		}
		data := docPage{basePage: s.base(w, r, title), Doc: doc, Minutes: minutes}
		data.Title = data.T(docTitle, "body", doc.Meeting.BodyNameIn(data.Lang), "date", doc.Meeting.StartsAt)
		s.render(w, r, http.StatusOK, "meetings/document", data)
		return nil
	}
}

// docPDF sends the notice or the minutes as PDF.
func (s *Server) docPDF(minutes bool) func(http.ResponseWriter, *http.Request) error {
	name := "innkalling"
	if minutes {
		name = "referat"
	}
	return func(w http.ResponseWriter, r *http.Request) error {
		doc, err := s.document(r, minutes)
		if err != nil {
			return err
		}
		return s.writePDF(w, r, doc, minutes, name)
	}
}

func (s *Server) writePDF(w http.ResponseWriter, r *http.Request, doc *meetings.Document, minutes bool, name string) error {
	b, err := meetings.PDF(doc, s.Catalog.Printer(langOf(r)), minutes)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("Content-Disposition", `inline; filename="`+name+"-"+strconv.FormatInt(doc.Meeting.ID, 10)+`.pdf"`)
	w.Header().Set("Cache-Control", "no-store")
	_, err = w.Write(b)
	return err
}

type minutesFormPage struct {
	basePage
	Doc    *meetings.Document
	Errors formErrors
}

func (s *Server) minutesEdit(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	return s.renderMinutesForm(w, r, http.StatusOK, id, nil, nil)
}

func (s *Server) renderMinutesForm(w http.ResponseWriter, r *http.Request, status int, id int64, in *meetings.MinutesEditInput, ferr error) error {
	a := httpx.Actor(r.Context())
	doc, err := s.Meetings.MinutesDocument(r.Context(), a, id)
	if err != nil {
		return err
	}
	if err := policy.Check(a, policy.MinutesEdit, policy.Resource{BodyID: doc.Meeting.BodyID}); err != nil {
		return err
	}
	if in != nil {
		doc.Minutes.Intro, doc.Minutes.Notes = in.Intro, in.Notes
	}
	data := minutesFormPage{basePage: s.base(w, r, "minutes.edit"), Doc: doc}
	data.Errors = fieldErrors(data.P, ferr)
	s.render(w, r, status, "meetings/minutes_form", data)
	return nil
}

func (s *Server) minutesUpdate(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	in := meetings.MinutesEditInput{Intro: r.PostFormValue("intro"), Notes: map[int64]string{}}
	for k, vs := range r.PostForm {
		if n, ok := strings.CutPrefix(k, "note_"); ok {
			if cid, err := strconv.ParseInt(n, 10, 64); err == nil && len(vs) > 0 {
				in.Notes[cid] = vs[0]
			}
		}
	}
	err = s.Meetings.EditMinutes(r.Context(), httpx.Actor(r.Context()), id, in)
	if errs.CodeOf(err) == errs.Invalid {
		return s.renderMinutesForm(w, r, http.StatusUnprocessableEntity, id, &in, err)
	}
	if err != nil {
		return err
	}
	s.redirect(w, r, "/meetings/"+strconv.FormatInt(id, 10)+"/minutes", "flash.saved")
	return nil
}

func (s *Server) minutesApprove(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var v errs.Validation
	date := formDate(&v, r, "circulation_date")
	err = v.Err()
	if err == nil {
		err = s.Meetings.ApproveByCirculation(r.Context(), httpx.Actor(r.Context()), id, date, r.PostFormValue("circulation_note"))
	}
	if errs.CodeOf(err) == errs.Invalid {
		return s.renderMinutesForm(w, r, http.StatusUnprocessableEntity, id, nil, err)
	}
	return s.meetingDone(w, r, id, err, "flash.minutes_approved")
}

type calendarPage struct {
	basePage
	Has bool
	URL string // the feed address just created, shown once
}

func (s *Server) calendarPage(w http.ResponseWriter, r *http.Request) error {
	has, err := s.Meetings.HasCalendarToken(r.Context(), httpx.Actor(r.Context()))
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "meetings/calendar", calendarPage{basePage: s.base(w, r, "calendar.title"), Has: has})
	return nil
}

func (s *Server) calendarCreate(w http.ResponseWriter, r *http.Request) error {
	raw, err := s.Meetings.CalendarToken(r.Context(), httpx.Actor(r.Context()))
	if err != nil {
		return err
	}
	data := calendarPage{basePage: s.base(w, r, "calendar.title"), Has: true}
	data.URL = s.absURL(r, "/calendar/"+raw+"/meetings.ics")
	s.render(w, r, http.StatusOK, "meetings/calendar", data)
	return nil
}

// absURL makes an absolute address of a path on this site.
func (s *Server) absURL(r *http.Request, p string) string {
	if s.Meetings.BaseURL != "" {
		return strings.TrimRight(s.Meetings.BaseURL, "/") + p
	}
	scheme := "http"
	if s.Secure {
		scheme = "https"
	}
	return scheme + "://" + r.Host + p
}

func (s *Server) calendarRevoke(w http.ResponseWriter, r *http.Request) error {
	if err := s.Meetings.RevokeCalendarToken(r.Context(), httpx.Actor(r.Context())); err != nil {
		return err
	}
	s.redirect(w, r, "/meetings/calendar", "flash.calendar_revoked")
	return nil
}

func writeICS(w http.ResponseWriter, b []byte) error {
	w.Header().Set("Content-Type", "text/calendar; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	_, err := w.Write(b)
	return err
}

func (s *Server) calendarPerson(w http.ResponseWriter, r *http.Request) error {
	b, err := s.Meetings.PersonFeed(r.Context(), r.PathValue("token"))
	if err != nil {
		return err
	}
	return writeICS(w, b)
}

func (s *Server) calendarBody(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	b, err := s.Meetings.BodyFeed(r.Context(), httpx.Actor(r.Context()), id)
	if err != nil {
		return err
	}
	return writeICS(w, b)
}

type actionListPage struct {
	basePage
	Body    *governance.Body
	Actions []*meetings.Action
	State   string
}

func (s *Server) actionList(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	a := httpx.Actor(r.Context())
	state := r.URL.Query().Get("state")
	if state == "" {
		state = meetings.ActionOpen
	} else if state == "all" {
		state = ""
	}
	xs, err := s.Meetings.Actions(r.Context(), a, id, state)
	if err != nil {
		return err
	}
	b, err := s.Gov.Body(r.Context(), a, id)
	if err != nil {
		return err
	}
	data := actionListPage{basePage: s.base(w, r, "actions.title"), Body: b, Actions: xs, State: state}
	s.render(w, r, http.StatusOK, "meetings/actions", data)
	return nil
}

type actionShowPage struct {
	basePage
	Action *meetings.Action
}

func (s *Server) actionShow(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	x, err := s.Meetings.Action(r.Context(), httpx.Actor(r.Context()), id)
	if err != nil {
		return err
	}
	data := actionShowPage{basePage: s.base(w, r, "actions.one"), Action: x}
	data.Title = x.Title
	s.render(w, r, http.StatusOK, "meetings/action", data)
	return nil
}

func (s *Server) actionDone(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if _, err := s.Meetings.SetActionDone(r.Context(), httpx.Actor(r.Context()), id, r.PostFormValue("done") != "0"); err != nil {
		return err
	}
	s.redirect(w, r, "/actions/"+strconv.FormatInt(id, 10), "flash.saved")
	return nil
}

func (s *Server) actionCreate(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var v errs.Validation
	x := &meetings.Action{Title: r.PostFormValue("title")}
	x.OwnerID = formInt(&v, r, "owner_id")
	x.Deadline = formDate(&v, r, "deadline")
	caseID := formInt(&v, r, "case_id")
	err = v.Err()
	if err == nil {
		err = s.Meetings.CreateAction(r.Context(), httpx.Actor(r.Context()), id, x)
	}
	if errs.CodeOf(err) == errs.Invalid && caseID != 0 {
		return s.renderCase(w, r, http.StatusUnprocessableEntity, caseID, caseForms{action: x, actionErr: err})
	}
	if err != nil {
		return err
	}
	s.redirect(w, r, "/actions/"+strconv.FormatInt(x.ID, 10), "flash.saved")
	return nil
}
