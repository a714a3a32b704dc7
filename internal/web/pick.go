package web

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/samstyr/samstyr/internal/errs"
	"github.com/samstyr/samstyr/internal/httpx"
	"github.com/samstyr/samstyr/internal/i18n"
	"github.com/samstyr/samstyr/internal/needs"
	"github.com/samstyr/samstyr/internal/policy"
)

// Search-and-pick: nobody types a database id. A field that refers to a
// record (the need to merge into, the decision a need rests on, the item a
// case concerns) is a search box and a list of matches to choose from.
//
// Without JavaScript the search box belongs to a small GET form of its own
// (the HTML form attribute: forms cannot nest): searching reloads the page
// with ?pick_NAME=words and the matches as radio buttons inside the main
// form. With JavaScript (static/js/pick.js) the matches come from
// GET /pick/{kind} as one types, in the same list. Either way the services
// search as the person, so only what they may see is offered, and the
// action that uses the chosen id checks it again.

// pickOption is one match.
type pickOption struct {
	ID     int64  `json:"id"`
	Label  string `json:"label"`
	Detail string `json:"detail,omitempty"`
}

// pickField is one search-and-pick field of a form.
type pickField struct {
	Name     string // the form field that carries the chosen id
	Kind     string // what is searched (pickKinds)
	Label    string // i18n key of the field's label
	Help     string // i18n key of its help text
	Action   string // the page the search reloads (path#anchor)
	Query    string // the words searched for
	Searched bool
	Chosen   int64
	Exclude  int64
	Options  []pickOption
	Required bool
	// Keep are query values the search keeps (the search form's own
	// hidden fields), such as the type of item searched.
	Keep map[string]string
}

// Form is the id of the field's search form.
func (f pickField) Form() string { return "pick-" + f.Name }

// pickKinds are the kinds of record a field may pick, each searched by its
// owning area's service as the person.
var pickKinds = map[string]func(s *Server, ctx context.Context, a *policy.Actor, p *i18n.Printer, q string, exclude int64) ([]pickOption, error){
	"need":                 pickNeeds,
	"priority_decision":    pickDecisions(policy.BodyUserCouncil, policy.BodyStrategicCouncil),
	"decision":             pickDecisions(),
	"membership":           pickMemberships,
	"working_group":        pickWorkingGroups,
	"prioritisation_round": pickRounds,
	"project_idea":         pickIdeas,
	"directive":            pickDirectives,
	"person":               pickPeople,
	"budget_frame":         pickFrames,
	"guideline":            pickGuidelines,
	"roadmap_version":      pickRoadmapVersions,
	"portfolio_scenario":   pickScenarios,
}

// newPick reads a pick field's search (?pick_NAME=) and its chosen id
// (the posted NAME, when a form is shown again) and runs the search.
func (s *Server) newPick(r *http.Request, p *i18n.Printer, f pickField) (pickField, error) {
	f.Query = strings.TrimSpace(r.URL.Query().Get("pick_" + f.Name))
	if v := r.PostFormValue("pick_" + f.Name); f.Query == "" && v != "" {
		f.Query = strings.TrimSpace(v)
	}
	f.Chosen, _ = strconv.ParseInt(r.PostFormValue(f.Name), 10, 64)
	if f.Query == "" && f.Chosen == 0 {
		return f, nil
	}
	search := pickKinds[f.Kind]
	if search == nil {
		return f, fmt.Errorf("pick: unknown kind %q", f.Kind)
	}
	f.Searched = f.Query != ""
	var err error
	f.Options, err = search(s, r.Context(), httpx.Actor(r.Context()), p, f.Query, f.Exclude)
	if errs.CodeOf(err) == errs.Invalid {
		return f, nil
	}
	return f, err
}

// pickSearch answers GET /pick/{kind}?q=&exclude= with the matches as JSON,
// for pick.js.
func (s *Server) pickSearch(w http.ResponseWriter, r *http.Request) error {
	search := pickKinds[r.PathValue("kind")]
	if search == nil {
		return errNotFound
	}
	q := strings.TrimSpace(r.URL.Query().Get("q"))
	exclude, _ := strconv.ParseInt(r.URL.Query().Get("exclude"), 10, 64)
	opts := []pickOption{}
	if q != "" {
		var err error
		if opts, err = search(s, r.Context(), httpx.Actor(r.Context()), s.printer(r), q, exclude); err != nil {
			return err
		}
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	return json.NewEncoder(w).Encode(opts)
}

// printer returns the request's printer.
func (s *Server) printer(r *http.Request) *i18n.Printer { return s.Catalog.Printer(langOf(r)) }

func pickNeeds(s *Server, ctx context.Context, a *policy.Actor, p *i18n.Printer, q string, exclude int64) ([]pickOption, error) {
	var rows []*needs.Need
	// A number (with or without #) is that need.
	if id, err := strconv.ParseInt(strings.TrimPrefix(q, "#"), 10, 64); err == nil && id > 0 {
		n, err := s.Needs.Get(ctx, a, id)
		if err != nil && !errs.Is(err, errs.NotFound) {
			return nil, err
		}
		if n != nil {
			rows = append(rows, n)
		}
	} else {
		page, err := s.Needs.List(ctx, a, needs.Filter{Q: q, Limit: 10})
		if err != nil {
			return nil, err
		}
		rows = page.Items
	}
	out := []pickOption{}
	for _, n := range rows {
		if n.ID == exclude || n.State == needs.Draft || !needs.IsOpen(n.State) {
			continue
		}
		out = append(out, pickOption{ID: n.ID, Label: p.T("needs.need_no", "id", n.ID) + ": " + n.Title,
			Detail: p.T("need.state."+n.State) + " · " + n.OrgName})
	}
	return out, nil
}

func pickDecisions(kinds ...string) func(s *Server, ctx context.Context, a *policy.Actor, p *i18n.Printer, q string, exclude int64) ([]pickOption, error) {
	return func(s *Server, ctx context.Context, a *policy.Actor, p *i18n.Printer, q string, _ int64) ([]pickOption, error) {
		ds, err := s.Meetings.PickDecisions(ctx, a, q, kinds, 10)
		if err != nil {
			return nil, err
		}
		out := []pickOption{}
		for _, d := range ds {
			out = append(out, pickOption{ID: d.ID, Label: p.T("decision.pick_label", "case", d.Case.Number, "title", d.Case.Title),
				Detail: d.Case.BodyName + " · " + p.Date(d.Case.MeetingStart)})
		}
		return out, nil
	}
}

func pickMemberships(s *Server, ctx context.Context, a *policy.Actor, p *i18n.Printer, q string, _ int64) ([]pickOption, error) {
	ms, err := s.Gov.PickMemberships(ctx, a, q, "", 10)
	if err != nil {
		return nil, err
	}
	out := []pickOption{}
	for _, m := range ms {
		out = append(out, pickOption{ID: m.ID, Label: m.PersonName + " – " + m.BodyName,
			Detail: p.T("function."+m.Function) + " · " + p.T("membership.status."+m.Status) + " · " + p.Date(m.TermFrom)})
	}
	return out, nil
}

func pickWorkingGroups(s *Server, ctx context.Context, a *policy.Actor, p *i18n.Printer, q string, _ int64) ([]pickOption, error) {
	bs, err := s.Gov.Bodies(ctx, a)
	if err != nil {
		return nil, err
	}
	out := []pickOption{}
	for _, b := range bs {
		if b.Kind == policy.BodyWorkingGroup && strings.Contains(strings.ToLower(b.Name(p.Lang)), strings.ToLower(q)) {
			status := "body.status.proposed"
			if b.DecisionID != 0 {
				status = "body.status.appointed"
			}
			out = append(out, pickOption{ID: b.ID, Label: b.Name(p.Lang), Detail: p.T(status)})
		}
	}
	return out, nil
}

func pickRounds(s *Server, ctx context.Context, a *policy.Actor, p *i18n.Printer, q string, _ int64) ([]pickOption, error) {
	rs, err := s.Needs.Rounds(ctx, a)
	if err != nil {
		return nil, err
	}
	out := []pickOption{}
	for _, r := range rs {
		if strings.Contains(strings.ToLower(r.Name), strings.ToLower(q)) {
			out = append(out, pickOption{ID: r.ID, Label: r.Name, Detail: p.T("assessment.round.state." + r.State)})
		}
	}
	return out, nil
}
