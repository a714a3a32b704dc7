package server_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/samstyr/samstyr/internal/meetings"
	"github.com/samstyr/samstyr/internal/policy"
	"github.com/samstyr/samstyr/internal/testutil/apptest"
)

// TestMeetingJoinLinkOnlyForMembersAndGuests: the video link of an
// upcoming, published meeting reaches the body's members and the guests
// invited to it, on the page, in the API (one meeting and the list), in
// the notice and its PDF and in the calendar; the public and other
// signed-in people see only that there is one.
func TestMeetingJoinLinkOnlyForMembersAndGuests(t *testing.T) {
	a := apptest.New(t)
	ctx := context.Background()
	sec, err := a.DB.FindActor(ctx, a.People["secretariat"].ID, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	const link = "https://video.example/hemmelig-rom-4711"
	start := time.Now().Add(7 * 24 * time.Hour).Truncate(time.Hour)
	body := a.Bodies[policy.BodyUserCouncil].ID
	m := &meetings.Meeting{BodyID: body, StartsAt: start, EndsAt: start.Add(2 * time.Hour), Place: "KS-huset", VideoURL: link}
	if err := a.Meetings.CreateMeeting(ctx, sec, m); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Meetings.PublishNotice(ctx, sec, m.ID); err != nil {
		t.Fatal(err)
	}
	guest := a.NewPerson("guest", "bergen", "", false)
	a.People["guest"] = guest
	if err := a.Meetings.RecordAttendance(ctx, sec, m.ID, &meetings.Attendee{Kind: "guest", PersonID: guest.ID}); err != nil {
		t.Fatal(err)
	}
	page := fmt.Sprintf("/meetings/%d", m.ID)
	for _, tc := range []struct {
		role string
		sees bool
	}{{"anonymous", false}, {"vendor", false}, {"member", false}, {"working_committee", false},
		{"user_council", true}, {"guest", true}, {"secretariat", true}} {
		c := a.Client(tc.role)
		for _, path := range []string{page, page + "/notice", "/api/v1/meetings/" + fmt.Sprint(m.ID), fmt.Sprintf("/api/v1/meetings?body_id=%d", body)} {
			var res *apptest.Response
			if strings.HasPrefix(path, "/api/") {
				res = c.API("GET", path, "")
			} else {
				res = c.Get(path)
			}
			if res.StatusCode != 200 {
				t.Fatalf("%s %s: status %d", tc.role, path, res.StatusCode)
			}
			if got := strings.Contains(res.Body, link); got != tc.sees {
				t.Errorf("%s %s: shows the video link %v, want %v", tc.role, path, got, tc.sees)
			}
			if !tc.sees && !strings.Contains(res.Body, "join_hidden") && !strings.Contains(res.Body, "Vises for organets medlemmer") {
				t.Errorf("%s %s: does not say that the link is for members", tc.role, path)
			}
		}
	}
	// The public calendar of the body and the notice's PDF: no link.
	anon := a.Client("anonymous")
	if res := anon.Get(fmt.Sprintf("/bodies/%d/calendar.ics", body)); res.StatusCode != 200 || strings.Contains(res.Body, "hemmelig-rom") ||
		!strings.Contains(res.Body, "BEGIN:VEVENT") {
		t.Errorf("public body calendar: %d, link shown %v", res.StatusCode, strings.Contains(res.Body, "hemmelig-rom"))
	}
	// The PDF is composed from the same document as the notice page; its
	// text is checked where pdftotext is installed.
	if res := anon.Get(page + "/notice.pdf"); res.StatusCode != 200 {
		t.Errorf("public notice PDF: %d", res.StatusCode)
	} else if text := pdfText(t, []byte(res.Body)); text != "" && strings.Contains(text, "hemmelig-rom") {
		t.Errorf("public notice PDF shows the video link")
	}
	// The rule is one function: members and guests may join, others not.
	for role, want := range map[string]bool{"user_council": true, "guest": true, "vendor": false} {
		ac, _ := a.DB.FindActor(ctx, a.People[role].ID, time.Now())
		if ok, err := a.Meetings.MayJoin(ctx, ac, m); err != nil || ok != want {
			t.Errorf("MayJoin(%s) = %v, %v; want %v", role, ok, err, want)
		}
	}
	if ok, _ := a.Meetings.MayJoin(ctx, nil, m); ok {
		t.Error("the public may join")
	}
}
