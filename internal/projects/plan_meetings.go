package projects

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/samstyr/samstyr/internal/errs"
	"github.com/samstyr/samstyr/internal/policy"
)

// ProjectMeeting is a project meeting other than the steering group's (those
// are the meetings area's, on the steering group body): a working
// meeting, a workshop, a demonstration.
type ProjectMeeting struct {
	ID        int64     `json:"id"`
	ProjectID int64     `json:"project_id"`
	Title     string    `json:"title"`
	StartsAt  time.Time `json:"starts_at"`
	EndsAt    time.Time `json:"ends_at"`
	Place     string    `json:"place,omitempty"`
	CreatedBy int64     `json:"-"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// Validate checks a project meeting. Errors: Invalid.
func (m *ProjectMeeting) Validate() error {
	m.Title, m.Place = strings.TrimSpace(m.Title), strings.TrimSpace(m.Place)
	var v errs.Validation
	if m.Title == "" {
		v.Add("title", "plan.error.title")
	} else if utf8.RuneCountInString(m.Title) > 300 {
		v.Add("title", "plan.error.too_long")
	}
	if m.StartsAt.IsZero() {
		v.Add("starts_at", "plan.error.time")
	}
	if m.EndsAt.IsZero() {
		v.Add("ends_at", "plan.error.time")
	} else if !m.StartsAt.IsZero() && !m.EndsAt.After(m.StartsAt) {
		v.Add("ends_at", "plan.error.end_before_start")
	}
	return v.Err()
}

// Meetings returns a project's own planned meetings. Errors:
// Unauthenticated, Forbidden, NotFound.
func (s *PlanService) Meetings(ctx context.Context, a *policy.Actor, projectID int64) ([]*ProjectMeeting, error) {
	p, err := s.project(ctx, projectID)
	if err != nil {
		return nil, err
	}
	if err := policy.Check(a, policy.ProjectPlanView, PlanResource(p)); err != nil {
		return nil, err
	}
	return s.store.FindProjectMeetings(ctx, p.ID)
}

// PlanMeeting adds a project meeting. Errors: Unauthenticated,
// Forbidden, NotFound, Invalid.
func (s *PlanService) PlanMeeting(ctx context.Context, a *policy.Actor, projectID int64, m *ProjectMeeting) error {
	p, err := s.project(ctx, projectID)
	if err != nil {
		return err
	}
	if err := policy.Check(a, policy.ProjectPlanEdit, PlanResource(p)); err != nil {
		return err
	}
	if err := m.Validate(); err != nil {
		return err
	}
	m.ID, m.ProjectID, m.CreatedBy = 0, p.ID, a.ID()
	return s.store.WithTx(ctx, func(ctx context.Context) error {
		if err := s.store.CreateProjectMeeting(ctx, m); err != nil {
			return err
		}
		return s.record(ctx, a, "project_meeting.create", "project_meeting", m.ID, nil, m)
	})
}

// CalendarEvent is one entry of a project's calendar feed.
type CalendarEvent struct {
	UID      string
	Start    time.Time
	End      time.Time
	Updated  time.Time
	Summary  string
	Location string
	URL      string
	Status   string // TENTATIVE, CONFIRMED or CANCELLED
}

// CalendarICS writes an iCalendar (RFC 5545) feed of events: UTC times, lines
// folded at 75 octets and ended by CRLF.
func CalendarICS(name string, events []CalendarEvent) []byte {
	var b bytes.Buffer
	w := func(line string) {
		for len(line) > 75 {
			cut := 75
			for cut > 0 && !utf8.RuneStart(line[cut]) {
				cut--
			}
			b.WriteString(line[:cut] + "\r\n")
			line = " " + line[cut:]
		}
		b.WriteString(line + "\r\n")
	}
	w("BEGIN:VCALENDAR")
	w("VERSION:2.0")
	w("PRODID:-//samstyr//projects//NO")
	w("CALSCALE:GREGORIAN")
	w("METHOD:PUBLISH")
	w("X-WR-CALNAME:" + planICSText(name))
	for _, e := range events {
		w("BEGIN:VEVENT")
		w("UID:" + e.UID)
		w("DTSTAMP:" + planICSTime(e.Updated))
		w("DTSTART:" + planICSTime(e.Start))
		w("DTEND:" + planICSTime(e.End))
		w("SUMMARY:" + planICSText(e.Summary))
		if e.Location != "" {
			w("LOCATION:" + planICSText(e.Location))
		}
		if e.URL != "" {
			w("URL:" + e.URL)
		}
		if e.Status != "" {
			w("STATUS:" + e.Status)
		}
		w("END:VEVENT")
	}
	w("END:VCALENDAR")
	return b.Bytes()
}

func planICSTime(t time.Time) string { return t.UTC().Format("20060102T150405Z") }

func planICSText(s string) string {
	r := strings.NewReplacer(`\`, `\\`, ";", `\;`, ",", `\,`, "\r\n", `\n`, "\n", `\n`)
	return r.Replace(s)
}

// MeetingUID is the stable UID of a project meeting in feeds.
func MeetingUID(m *ProjectMeeting, host string) string {
	return fmt.Sprintf("project-meeting-%d@%s", m.ID, host)
}
