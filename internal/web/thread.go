package web

import (
	"net/http"

	"github.com/samstyr/samstyr/internal/directives"
	"github.com/samstyr/samstyr/internal/errs"
	"github.com/samstyr/samstyr/internal/httpx"
	"github.com/samstyr/samstyr/internal/needs"
)

// The golden thread on the organisation's page: "what happened to our
// needs" — the needs it submitted or backs, each with its state and the
// idea, directive and project it reached (issue 11 item 7). The project
// is one click from the organisation's page.

// orgNeedRow is one need of an organisation with how far it got.
type orgNeedRow struct {
	Need *needs.Need
	Step *directives.NeedStep // nil: not (visibly) in the concept phase
}

// orgThread is the "what happened to our needs" section.
type orgThread struct {
	Rows []orgNeedRow
	// More: the organisation has more needs than the section lists (the
	// full list is on /organisations/{id}/needs).
	More bool
}

// orgThreadRecent is how many needs not (yet) in the concept phase the
// section lists besides those that got there; orgThreadSteps how many of
// those that got there.
const (
	orgThreadRecent = 10
	orgThreadSteps  = 50
)

// orgNeedThread gathers the section: the needs of the organisation that
// went into an idea (those that got furthest first), then its newest
// other needs; the needs as the viewer may see them (the needs service
// decides), the steps as the directives service shows them.
func (s *Server) orgNeedThread(r *http.Request, orgID int64) (*orgThread, error) {
	ctx, a := r.Context(), httpx.Actor(r.Context())
	t := &orgThread{}
	steps, err := s.Directives.StepsOfOrg(ctx, a, orgID)
	if err != nil {
		return nil, err
	}
	seen := map[int64]bool{}
	for _, st := range steps {
		if len(t.Rows) == orgThreadSteps {
			t.More = true
			break
		}
		n, err := s.Needs.Get(ctx, a, st.NeedID)
		if errs.Is(err, errs.NotFound) {
			continue
		}
		if err != nil {
			return nil, err
		}
		seen[n.ID] = true
		t.Rows = append(t.Rows, orgNeedRow{Need: n, Step: st})
	}
	page, err := s.Needs.List(ctx, a, needs.Filter{OrgID: orgID, Sort: "newest", Limit: orgThreadRecent + len(seen)})
	if errs.Is(err, errs.Forbidden) || errs.Is(err, errs.Unauthenticated) {
		return t, nil
	}
	if err != nil {
		return nil, err
	}
	added := 0
	for _, n := range page.Items {
		if seen[n.ID] {
			continue
		}
		if added == orgThreadRecent {
			t.More = true
			break
		}
		added++
		t.Rows = append(t.Rows, orgNeedRow{Need: n})
	}
	if page.Next != "" {
		t.More = true
	}
	return t, nil
}

// projectTeam returns a project's people for those who may see them (nil
// for the public).
func (s *Server) projectTeam(r *http.Request, p *directives.Project) (*directives.Team, error) {
	t, err := s.Directives.ProjectTeam(r.Context(), httpx.Actor(r.Context()), p)
	if errs.Is(err, errs.Forbidden) || errs.Is(err, errs.Unauthenticated) {
		return nil, nil
	}
	return t, err
}
