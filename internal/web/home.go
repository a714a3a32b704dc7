package web

import (
	"net/http"

	"github.com/samstyr/samstyr/internal/errs"
	"github.com/samstyr/samstyr/internal/governance"
	"github.com/samstyr/samstyr/internal/httpx"
	"github.com/samstyr/samstyr/internal/meetings"
	"github.com/samstyr/samstyr/internal/needs"
)

var errNotFound = errs.E(errs.NotFound, "error.page_not_found")

// homePage is the start page: for a signed-in person their tasks, each list
// from the service that owns it (needs, meetings) and their roles
// (governance); for the public an introduction.
type homePage struct {
	basePage
	Memberships  []*governance.Membership
	NeedTasks    *needs.Tasks
	MeetingTasks *meetings.Tasks
}

// HasTasks reports whether any list of tasks has an item.
func (p homePage) HasTasks() bool {
	n, m := p.NeedTasks, p.MeetingTasks
	return n != nil && (len(n.Triage) > 0 || len(n.ScoresDue) > 0) ||
		m != nil && (len(m.Upcoming) > 0 || len(m.Actions) > 0 || len(m.MinutesToApprove) > 0)
}

func (s *Server) home(w http.ResponseWriter, r *http.Request) error {
	data := homePage{basePage: s.base(w, r, "home.title")}
	a := httpx.Actor(r.Context())
	if a == nil {
		s.render(w, r, http.StatusOK, "home", data)
		return nil
	}
	ms, err := s.Gov.MyMemberships(r.Context(), a)
	if err != nil {
		return err
	}
	for _, m := range ms {
		if m.Current(s.now()) {
			data.Memberships = append(data.Memberships, m)
		}
	}
	if data.NeedTasks, err = s.Needs.Tasks(r.Context(), a); err != nil {
		return err
	}
	if data.MeetingTasks, err = s.Meetings.Tasks(r.Context(), a); err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "home", data)
	return nil
}
