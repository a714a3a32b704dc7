package meetings

import (
	"bytes"
	"context"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/samstyr/samstyr/internal/errs"
	"github.com/samstyr/samstyr/internal/policy"
)

// ICS writes an iCalendar (RFC 5545) object with one event per meeting:
// a stable UID per meeting, SEQUENCE raised on every change, STATUS
// CANCELLED for cancelled meetings, times in UTC, lines folded at 75
// octets and ended by CRLF. method is PUBLISH for feeds, REQUEST or CANCEL
// for invitations. The agenda in the description uses public titles only.
func (s *Service) ICS(method, name string, ms []*Meeting, agendas map[int64][]*Case) []byte {
	var b bytes.Buffer
	w := func(line string) { foldLine(&b, line) }
	w("BEGIN:VCALENDAR")
	w("VERSION:2.0")
	w("PRODID:-//samstyr//meetings//NO")
	w("CALSCALE:GREGORIAN")
	w("METHOD:" + method)
	if name != "" {
		w("X-WR-CALNAME:" + icsText(name))
	}
	for _, m := range ms {
		s.writeEvent(w, method, m, agendas[m.ID])
	}
	w("END:VCALENDAR")
	return b.Bytes()
}

func (s *Service) writeEvent(w func(string), method string, m *Meeting, agenda []*Case) {
	w("BEGIN:VEVENT")
	w("UID:" + m.UID())
	w("DTSTAMP:" + icsTime(m.UpdatedAt))
	w("DTSTART:" + icsTime(m.StartsAt))
	w("DTEND:" + icsTime(m.EndsAt))
	w("SEQUENCE:" + itoa(int64(m.Sequence)))
	summary := m.BodyName
	if m.Title != "" {
		summary += ": " + m.Title
	}
	w("SUMMARY:" + icsText(summary))
	loc := m.Place
	if loc == "" {
		loc = m.VideoURL
	}
	if loc != "" {
		w("LOCATION:" + icsText(loc))
	}
	var d strings.Builder
	if m.VideoURL != "" {
		d.WriteString(m.VideoURL + "\n")
	}
	for _, c := range agenda {
		if c.State == CaseWithdrawn {
			continue
		}
		d.WriteString(c.Number + " " + c.Title + "\n")
	}
	link := strings.TrimRight(s.BaseURL, "/") + "/meetings/" + itoa(m.ID)
	d.WriteString(link)
	w("DESCRIPTION:" + icsText(d.String()))
	w("URL:" + link)
	if s.MailFrom != "" && method != "PUBLISH" {
		w("ORGANIZER;CN=" + icsParam(m.BodyName) + ":mailto:" + s.MailFrom)
	}
	switch {
	case m.State == MeetingCancelled:
		w("STATUS:CANCELLED")
	case m.State == MeetingPlanned:
		w("STATUS:TENTATIVE")
	default:
		w("STATUS:CONFIRMED")
	}
	w("TRANSP:OPAQUE")
	w("END:VEVENT")
}

// icsTime formats a time as UTC (form 2 of RFC 5545 §3.3.5).
func icsTime(t time.Time) string { return t.UTC().Format("20060102T150405Z") }

// icsText escapes a TEXT value (RFC 5545 §3.3.11).
func icsText(s string) string {
	r := strings.NewReplacer(`\`, `\\`, ";", `\;`, ",", `\,`, "\r\n", `\n`, "\n", `\n`, "\r", `\n`)
	return r.Replace(s)
}

// icsParam quotes a parameter value; DQUOTE cannot appear inside one.
func icsParam(s string) string {
	s = strings.NewReplacer(`"`, "'", "\r", " ", "\n", " ").Replace(s)
	return `"` + s + `"`
}

// foldLine writes a content line folded so that no line exceeds 75
// octets, never splitting a UTF-8 character, each ended by CRLF.
func foldLine(b *bytes.Buffer, line string) {
	limit := 75
	for len(line) > limit {
		cut := limit
		for cut > 0 && !utf8.RuneStart(line[cut]) {
			cut--
		}
		b.WriteString(line[:cut])
		b.WriteString("\r\n ")
		line = line[cut:]
		limit = 74 // the leading space of a continuation line counts
	}
	b.WriteString(line)
	b.WriteString("\r\n")
}

// BodyFeed returns the public calendar of a body: its published meetings,
// cancellations included.
func (s *Service) BodyFeed(ctx context.Context, a *policy.Actor, bodyID int64) ([]byte, error) {
	b, err := s.store.FindBodyByID(ctx, bodyID)
	if err != nil {
		return nil, err
	}
	if err := policy.Check(a, policy.BodyView, policy.Resource{BodyID: bodyID}); err != nil {
		return nil, err
	}
	ms, err := s.store.FindMeetings(ctx, MeetingFilter{BodyID: bodyID, Limit: 1000})
	if err != nil {
		return nil, err
	}
	if err := s.hideJoin(ctx, a, ms...); err != nil {
		return nil, err
	}
	return s.feed(ctx, b.NameNB, ms)
}

// PersonFeed returns the calendar of the person whose secret token is
// given: the meetings of the bodies they belong to, including those not
// yet announced. Errors: NotFound (unknown or revoked token).
func (s *Service) PersonFeed(ctx context.Context, token string) ([]byte, error) {
	if token == "" {
		return nil, errs.E(errs.NotFound, "error.not_found")
	}
	pid, err := s.store.FindCalendarFeed(ctx, tokenHash(token))
	if err != nil {
		return nil, err
	}
	a, err := s.store.FindActor(ctx, pid, s.Now())
	if err != nil {
		return nil, err
	}
	f := MeetingFilter{Scope: scope(a), Limit: 1000}
	if !f.Scope.All {
		for _, m := range a.Memberships {
			f.BodyIDs = append(f.BodyIDs, m.BodyID)
		}
	}
	if len(f.BodyIDs) == 0 && !f.Scope.All {
		return s.feed(ctx, a.Name, nil)
	}
	ms, err := s.store.FindMeetings(ctx, f)
	if err != nil {
		return nil, err
	}
	if err := s.hideJoin(ctx, a, ms...); err != nil {
		return nil, err
	}
	return s.feed(ctx, a.Name, ms)
}

func (s *Service) feed(ctx context.Context, name string, ms []*Meeting) ([]byte, error) {
	agendas := map[int64][]*Case{}
	for _, m := range ms {
		cases, err := s.store.FindCases(ctx, CaseFilter{MeetingID: m.ID, Scope: Scope{All: true}})
		if err != nil {
			return nil, err
		}
		for _, c := range cases {
			redactCase(c) // feeds leave the system: exempt titles are screened
		}
		agendas[m.ID] = cases
	}
	return s.ICS("PUBLISH", name, ms, agendas), nil
}
