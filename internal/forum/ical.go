package forum

import (
	"bytes"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"
)

// ICS returns an iCalendar (RFC 5545) object with the forum as one event,
// its programme in the description, lines folded at 75 octets and ended
// by CRLF (as internal/meetings/ical.go writes meetings).
func (s *Service) ICS(f *Forum) []byte {
	var b bytes.Buffer
	w := func(line string) { fold(&b, line) }
	utc := func(t time.Time) string { return t.UTC().Format("20060102T150405Z") }
	w("BEGIN:VCALENDAR")
	w("VERSION:2.0")
	w("PRODID:-//samstyr//forum//NO")
	w("CALSCALE:GREGORIAN")
	w("METHOD:PUBLISH")
	w("BEGIN:VEVENT")
	w(fmt.Sprintf("UID:forum-%d@samstyr", f.ID))
	w("DTSTAMP:" + utc(f.UpdatedAt))
	w("DTSTART:" + utc(f.StartsAt))
	w("DTEND:" + utc(f.EndsAt))
	w("SUMMARY:" + text(f.Title))
	if loc := f.Place; loc != "" {
		w("LOCATION:" + text(loc))
	} else if f.VideoURL != "" {
		w("LOCATION:" + text(f.VideoURL))
	}
	var d strings.Builder
	if f.VideoURL != "" {
		d.WriteString(f.VideoURL + "\n")
	}
	for _, ss := range f.Sessions {
		d.WriteString(ss.StartsAt.In(oslo()).Format("15:04") + " " + ss.Title)
		if ss.Speakers != "" {
			d.WriteString(" (" + ss.Speakers + ")")
		}
		d.WriteString("\n")
	}
	link := fmt.Sprintf("%s/forum/%d", strings.TrimRight(s.BaseURL, "/"), f.ID)
	d.WriteString(link)
	w("DESCRIPTION:" + text(d.String()))
	w("URL:" + link)
	w("STATUS:CONFIRMED")
	w("END:VEVENT")
	w("END:VCALENDAR")
	return b.Bytes()
}

func oslo() *time.Location {
	if l, err := time.LoadLocation("Europe/Oslo"); err == nil {
		return l
	}
	return time.UTC
}

func text(s string) string {
	return strings.NewReplacer(`\`, `\\`, ";", `\;`, ",", `\,`, "\r\n", `\n`, "\n", `\n`, "\r", `\n`).Replace(s)
}

func fold(b *bytes.Buffer, line string) {
	limit := 75
	for len(line) > limit {
		cut := limit
		for cut > 0 && !utf8.RuneStart(line[cut]) {
			cut--
		}
		b.WriteString(line[:cut])
		b.WriteString("\r\n ")
		line = line[cut:]
		limit = 74
	}
	b.WriteString(line)
	b.WriteString("\r\n")
}
