package web

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/samstyr/samstyr/internal/directives"
	"github.com/samstyr/samstyr/internal/httpx"
	"github.com/samstyr/samstyr/internal/i18n"
	"github.com/samstyr/samstyr/internal/meetings"
	"github.com/samstyr/samstyr/internal/policy"
	"github.com/samstyr/samstyr/internal/projects"
)

// A project's meeting plan: the steering group's meetings, other
// project meetings and the iCalendar feed of both.

type projectMeetingsPage struct {
	basePage
	Project  *directives.Project
	Steering []*meetings.Meeting
	Own      []*projects.ProjectMeeting
	MayRead  bool
	MayEdit  bool
	Meeting  *projects.ProjectMeeting
	Errors   formErrors
}

func (s *Server) renderProjectMeetings(w http.ResponseWriter, r *http.Request, status int, id int64, m *projects.ProjectMeeting, ferr error) error {
	a := httpx.Actor(r.Context())
	p, err := s.Directives.Project(r.Context(), a, id)
	if err != nil {
		return err
	}
	data := projectMeetingsPage{basePage: s.base(w, r, "project_meetings.title"), Project: p, Meeting: m,
		MayRead: s.Plan.MayRead(a, p), MayEdit: s.Plan.MayEdit(a, p)}
	data.Title = data.T("project_meetings.title_of", "project", p.Name)
	if data.Steering, err = s.steeringMeetings(r.Context(), a, p); err != nil {
		return err
	}
	if data.MayRead {
		if data.Own, err = s.Plan.Meetings(r.Context(), a, id); err != nil {
			return err
		}
	}
	data.Errors = fieldErrors(data.P, ferr)
	s.render(w, r, status, "project_plan/meetings", data)
	return nil
}

// steeringMeetings lists the project's steering-group meetings the actor
// may see (the meetings area decides).
func (s *Server) steeringMeetings(ctx context.Context, a *policy.Actor, p *directives.Project) ([]*meetings.Meeting, error) {
	if p.SteeringBodyID == 0 {
		return nil, nil
	}
	page, err := s.Meetings.Meetings(ctx, a, meetings.MeetingFilter{BodyID: p.SteeringBodyID, Limit: 100})
	return page.Items, err
}

func (s *Server) projectMeetings(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	return s.renderProjectMeetings(w, r, http.StatusOK, id, &projects.ProjectMeeting{}, nil)
}

func (s *Server) projectMeetingCreate(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	m := &projects.ProjectMeeting{Title: r.PostFormValue("title"), Place: r.PostFormValue("place")}
	m.StartsAt, _ = planLocalTime(r.PostFormValue("starts_at"))
	m.EndsAt, _ = planLocalTime(r.PostFormValue("ends_at"))
	err = s.Plan.PlanMeeting(r.Context(), httpx.Actor(r.Context()), id, m)
	if isFormError(err) {
		return s.renderProjectMeetings(w, r, http.StatusUnprocessableEntity, id, m, err)
	}
	if err != nil {
		return err
	}
	s.redirect(w, r, fmt.Sprintf("/projects/%d/meetings", id), "project_meetings.flash.saved")
	return nil
}

// planLocalTime reads a datetime-local value in Europe/Oslo.
func planLocalTime(v string) (time.Time, error) {
	return time.ParseInLocation("2006-01-02T15:04", strings.TrimSpace(v), i18n.Oslo())
}

func (s *Server) projectCalendar(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	a := httpx.Actor(r.Context())
	p, err := s.Directives.Project(r.Context(), a, id)
	if err != nil {
		return err
	}
	steering, err := s.steeringMeetings(r.Context(), a, p)
	if err != nil {
		return err
	}
	var events []projects.CalendarEvent
	for _, m := range steering {
		st := "CONFIRMED"
		if m.State == meetings.MeetingCancelled {
			st = "CANCELLED"
		}
		summary := m.BodyName
		if m.Title != "" {
			summary += ": " + m.Title
		}
		events = append(events, projects.CalendarEvent{UID: m.UID(), Start: m.StartsAt, End: m.EndsAt, Updated: m.UpdatedAt,
			Summary: summary, Location: m.Place, URL: fmt.Sprintf("/meetings/%d", m.ID), Status: st})
	}
	if s.Plan.MayRead(a, p) {
		own, err := s.Plan.Meetings(r.Context(), a, id)
		if err != nil {
			return err
		}
		for _, m := range own {
			events = append(events, projects.CalendarEvent{UID: projects.MeetingUID(m, r.Host), Start: m.StartsAt, End: m.EndsAt, Updated: m.UpdatedAt,
				Summary: p.Name + ": " + m.Title, Location: m.Place, Status: "CONFIRMED"})
		}
	}
	return writeICS(w, projects.CalendarICS(p.Name, events))
}
