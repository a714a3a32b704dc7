package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/samstyr/samstyr/internal/errs"
	"github.com/samstyr/samstyr/internal/governance"
	"github.com/samstyr/samstyr/internal/httpx"
	"github.com/samstyr/samstyr/internal/i18n"
	"github.com/samstyr/samstyr/internal/listing"
	"github.com/samstyr/samstyr/internal/meetings"
	"github.com/samstyr/samstyr/internal/policy"
)

func (s *Server) registerMeetingRoutes(mux *http.ServeMux) {
	s.route(mux, "GET /meetings", public, s.meetingList)
	s.route(mux, "GET /meetings/new", signedIn, s.meetingNew)
	s.route(mux, "POST /meetings", signedIn, s.meetingCreate)
	s.route(mux, "GET /meetings/{id}", public, s.meetingShow)
	s.route(mux, "GET /meetings/{id}/edit", signedIn, s.meetingEdit)
	s.route(mux, "POST /meetings/{id}", signedIn, s.meetingUpdate)
	s.route(mux, "POST /meetings/{id}/publish", signedIn, s.meetingPublish)
	s.route(mux, "POST /meetings/{id}/hold", signedIn, s.meetingHold)
	s.route(mux, "POST /meetings/{id}/cancel", signedIn, s.meetingCancel)
	s.route(mux, "GET /meetings/{id}/attendance", signedIn, s.attendanceForm)
	s.route(mux, "POST /meetings/{id}/attendance", signedIn, s.attendanceAdd)
	s.route(mux, "POST /meetings/{id}/attendance/{aid}/delete", signedIn, s.attendanceRemove)
	s.route(mux, "GET /meetings/{id}/notice", public, s.docHTML(false))
	s.route(mux, "GET /meetings/{id}/notice.pdf", public, s.docPDF(false))
	s.route(mux, "GET /meetings/{id}/minutes", public, s.docHTML(true))
	s.route(mux, "GET /meetings/{id}/minutes.pdf", public, s.docPDF(true))
	s.route(mux, "GET /meetings/{id}/minutes/edit", signedIn, s.minutesEdit)
	s.route(mux, "POST /meetings/{id}/minutes", signedIn, s.minutesUpdate)
	s.route(mux, "POST /meetings/{id}/minutes/approve", signedIn, s.minutesApprove)
	s.route(mux, "GET /meetings/calendar", signedIn, s.calendarPage)
	s.route(mux, "POST /meetings/calendar", signedIn, s.calendarCreate)
	s.route(mux, "POST /meetings/calendar/revoke", signedIn, s.calendarRevoke)
	s.route(mux, "GET /calendar/{token}/meetings.ics", public, s.calendarPerson)
	s.route(mux, "GET /bodies/{id}/calendar.ics", public, s.calendarBody)
	s.route(mux, "GET /bodies/{id}/actions", signedIn, s.actionList)
	s.route(mux, "GET /actions/{id}", signedIn, s.actionShow)
	s.route(mux, "POST /actions/{id}/done", signedIn, s.actionDone)
	s.route(mux, "POST /decisions/{id}/actions", signedIn, s.actionCreate)
}

// CanOn reports whether the viewer may take an action on a body's items
// (to show or hide links; the service checks again).
func (b basePage) CanOn(act string, bodyID int64) bool {
	return policy.Can(b.Actor, policy.Action(act), policy.Resource{BodyID: bodyID})
}

// BodyName returns a meeting's body name in the page's language.
func (b basePage) BodyName(m *meetings.Meeting) string { return m.BodyNameIn(b.Lang) }

// CaseTitle returns a case's title in the page's language (standing items
// are named by the catalogue).
func (b basePage) CaseTitle(c *meetings.Case) string {
	if c.Standing != "" {
		return b.T("case.standing." + c.Standing)
	}
	return c.Title
}

// dtLocal formats a time for a datetime-local input, in Europe/Oslo.
func dtLocal(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(i18n.Oslo()).Format("2006-01-02T15:04")
}

// formTime reads a datetime-local value as Europe/Oslo time.
func formTime(v *errs.Validation, r *http.Request, name string) time.Time {
	s := strings.TrimSpace(r.FormValue(name))
	if s == "" {
		return time.Time{}
	}
	t, err := time.ParseInLocation("2006-01-02T15:04", s, i18n.Oslo())
	if err != nil {
		v.Add(name, "meeting.error.datetime")
	}
	return t
}

type meetingListPage struct {
	basePage
	Bodies   []*governance.Body
	BodyID   int64
	Meetings []*meetings.Meeting
	Next     string
}

func (s *Server) meetingList(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	a := httpx.Actor(r.Context())
	f := meetings.MeetingFilter{}
	f.BodyID, _ = strconv.ParseInt(q.Get("body"), 10, 64)
	after, err := listing.DecodeCursor(q.Get("cursor"))
	if err != nil {
		return err
	}
	f.After = after
	page, err := s.Meetings.Meetings(r.Context(), a, f)
	if err != nil {
		return err
	}
	data := meetingListPage{basePage: s.base(w, r, "meetings.title"), BodyID: f.BodyID, Meetings: page.Items}
	if data.Bodies, err = s.Gov.Bodies(r.Context(), a); err != nil {
		return err
	}
	if page.Next != "" {
		data.Next = url.Values{"body": {q.Get("body")}, "cursor": {page.Next}}.Encode()
	}
	s.render(w, r, http.StatusOK, "meetings/list", data)
	return nil
}

type meetingFormPage struct {
	basePage
	Meeting *meetings.Meeting
	Bodies  []*governance.Body
	New     bool
	Errors  formErrors
}

func (s *Server) renderMeetingForm(w http.ResponseWriter, r *http.Request, status int, m *meetings.Meeting, err error) error {
	title := "meetings.edit"
	if m.ID == 0 {
		title = "meetings.new"
	}
	data := meetingFormPage{basePage: s.base(w, r, title), Meeting: m, New: m.ID == 0}
	data.Errors = fieldErrors(data.P, err)
	bs, lerr := s.Gov.Bodies(r.Context(), data.Actor)
	for _, b := range bs {
		if data.CanOn(string(policy.MeetingManage), b.ID) {
			data.Bodies = append(data.Bodies, b)
		}
	}
	if lerr != nil {
		return lerr
	}
	s.render(w, r, status, "meetings/form", data)
	return nil
}

func (s *Server) meetingNew(w http.ResponseWriter, r *http.Request) error {
	if a := httpx.Actor(r.Context()); !anyBodyRole(a, policy.MeetingManage) {
		return policy.Check(a, policy.MeetingManage, policy.Resource{})
	}
	m := &meetings.Meeting{}
	m.BodyID, _ = strconv.ParseInt(r.URL.Query().Get("body"), 10, 64)
	return s.renderMeetingForm(w, r, http.StatusOK, m, nil)
}

// anyBodyRole reports whether the actor may take act on some body: every
// body (BodyID -1 matches no membership, so only body-independent rules
// allow it), or one they belong to (a body's own secretary).
func anyBodyRole(a *policy.Actor, act policy.Action) bool {
	if a == nil {
		return false
	}
	if policy.Can(a, act, policy.Resource{BodyID: -1}) {
		return true
	}
	for _, m := range a.Memberships {
		if policy.Can(a, act, policy.Resource{BodyID: m.BodyID}) {
			return true
		}
	}
	return false
}

// meetingFromForm reads the meeting form.
func meetingFromForm(r *http.Request) (*meetings.Meeting, error) {
	var v errs.Validation
	m := &meetings.Meeting{Title: r.PostFormValue("title"), Place: r.PostFormValue("place"), VideoURL: r.PostFormValue("video_url"),
		NoticeText: r.PostFormValue("notice_text")}
	m.BodyID = formInt(&v, r, "body_id")
	m.StartsAt = formTime(&v, r, "starts_at")
	m.EndsAt = formTime(&v, r, "ends_at")
	return m, v.Err()
}

func (s *Server) meetingCreate(w http.ResponseWriter, r *http.Request) error {
	m, err := meetingFromForm(r)
	if err == nil {
		err = s.Meetings.CreateMeeting(r.Context(), httpx.Actor(r.Context()), m)
	} else if perr := s.Meetings.MayManageMeetings(httpx.Actor(r.Context()), m.BodyID); perr != nil {
		return perr // permission before the form's own errors
	}
	if isFormError(err) {
		return s.renderMeetingForm(w, r, http.StatusUnprocessableEntity, m, err)
	}
	if err != nil {
		return err
	}
	s.redirect(w, r, "/meetings/"+strconv.FormatInt(m.ID, 10), "flash.saved")
	return nil
}

func (s *Server) meetingEdit(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	a := httpx.Actor(r.Context())
	m, err := s.Meetings.Meeting(r.Context(), a, id)
	if err != nil {
		return err
	}
	if err := policy.Check(a, policy.MeetingManage, policy.Resource{BodyID: m.BodyID}); err != nil {
		return err
	}
	return s.renderMeetingForm(w, r, http.StatusOK, m, nil)
}

func (s *Server) meetingUpdate(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	in, err := meetingFromForm(r)
	in.ID = id
	if err == nil {
		_, err = s.Meetings.UpdateMeeting(r.Context(), httpx.Actor(r.Context()), id, meetings.MeetingUpdate{Title: in.Title,
			StartsAt: in.StartsAt, EndsAt: in.EndsAt, Place: in.Place, VideoURL: in.VideoURL, NoticeText: in.NoticeText})
	} else if perr := s.Meetings.MayManageMeeting(r.Context(), httpx.Actor(r.Context()), id); perr != nil {
		return perr // permission before the form's own errors
	}
	if isFormError(err) && errs.CodeOf(err) == errs.Invalid {
		return s.renderMeetingForm(w, r, http.StatusUnprocessableEntity, in, err)
	}
	return s.meetingDone(w, r, id, err, "flash.saved")
}

// meetingDone redirects to the meeting after a change, or shows the error.
func (s *Server) meetingDone(w http.ResponseWriter, r *http.Request, id int64, err error, flash string) error {
	if err != nil {
		return err
	}
	s.redirect(w, r, "/meetings/"+strconv.FormatInt(id, 10), flash)
	return nil
}

func (s *Server) meetingPublish(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	_, err = s.Meetings.PublishNotice(r.Context(), httpx.Actor(r.Context()), id)
	return s.meetingDone(w, r, id, err, "flash.meeting_published")
}

func (s *Server) meetingHold(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	_, err = s.Meetings.Hold(r.Context(), httpx.Actor(r.Context()), id)
	return s.meetingDone(w, r, id, err, "flash.meeting_held")
}

func (s *Server) meetingCancel(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	_, err = s.Meetings.Cancel(r.Context(), httpx.Actor(r.Context()), id, strings.TrimSpace(r.PostFormValue("cancel_reason")))
	return s.meetingDone(w, r, id, err, "flash.meeting_cancelled")
}

type meetingShowPage struct {
	basePage
	Meeting    *meetings.Meeting
	Agenda     []*meetings.Case
	Attendance []*meetings.Attendee
	Minutes    *meetings.Minutes
	Prepared   []*meetings.Case // cases that can be put on the agenda
	Errors     formErrors
	Manage     bool
	Internal   bool
}

func (s *Server) meetingShow(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	a := httpx.Actor(r.Context())
	m, err := s.Meetings.Meeting(r.Context(), a, id)
	if err != nil {
		return err
	}
	data := meetingShowPage{basePage: s.base(w, r, "meetings.title"), Meeting: m}
	data.Title = m.BodyNameIn(data.Lang) + " – " + data.P.Date(m.StartsAt)
	data.Manage = data.CanOn(string(policy.MeetingManage), m.BodyID)
	data.Internal = data.CanOn(string(policy.CaseInternal), m.BodyID)
	if data.Agenda, err = s.Meetings.Agenda(r.Context(), a, m); err != nil {
		return err
	}
	if data.Attendance, err = s.Meetings.Attendance(r.Context(), a, m); err != nil {
		return err
	}
	if data.Minutes, err = s.Meetings.MinutesOf(r.Context(), a, m); err != nil && !errs.Is(err, errs.NotFound) {
		return err
	}
	if data.Manage && (m.State == meetings.MeetingPlanned || m.State == meetings.MeetingNoticePublished) {
		page, err := s.Meetings.Cases(r.Context(), a, meetings.CaseFilter{BodyID: m.BodyID, Unscheduled: true})
		if err != nil {
			return err
		}
		for _, c := range page.Items {
			if meetings.CanMoveCase(c.State, meetings.CaseOnAgenda) {
				data.Prepared = append(data.Prepared, c)
			}
		}
	}
	s.render(w, r, http.StatusOK, "meetings/show", data)
	return nil
}

// TimeRange formats a meeting's time: "3. mars 2026 kl. 10:00–12:00" on
// one day, both dates and times across days (Europe/Oslo).
func (b basePage) TimeRange(start, end time.Time) string {
	s, e := start.In(i18n.Oslo()), end.In(i18n.Oslo())
	if s.Format(time.DateOnly) == e.Format(time.DateOnly) {
		return b.P.DateTime(start) + "–" + e.Format("15:04")
	}
	return b.P.DateTime(start) + " – " + b.P.DateTime(end)
}
