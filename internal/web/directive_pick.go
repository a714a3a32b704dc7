package web

import (
	"context"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/samstyr/samstyr/internal/auth"
	"github.com/samstyr/samstyr/internal/directives"
	"github.com/samstyr/samstyr/internal/httpx"
	"github.com/samstyr/samstyr/internal/i18n"
	"github.com/samstyr/samstyr/internal/policy"
)

// Search-and-pick of the people a directive names (owner, project
// manager, steering group): nobody types an e-mail address or an id; the
// form posts the chosen people's ids, which the service checks.

// pickPeople finds active people by name or e-mail address (for those who
// administer people: the secretariat and administrators).
func pickPeople(s *Server, ctx context.Context, a *policy.Actor, _ *i18n.Printer, q string, exclude int64) ([]pickOption, error) {
	active := false
	page, err := s.Auth.ListPeople(ctx, a, auth.PersonFilter{Q: q, Disabled: &active, Limit: 10})
	if err != nil {
		return nil, err
	}
	out := []pickOption{}
	for _, p := range page.Items {
		if p.ID == exclude {
			continue
		}
		detail := p.Email
		if p.OrgName != "" {
			detail = p.OrgName + " · " + p.Email
		}
		out = append(out, pickOption{ID: p.ID, Label: p.Name, Detail: detail})
	}
	return out, nil
}

// personPick is a person field of the directive form: the search (when one
// was made) and the chosen person, who is always offered, so that saving
// keeps them.
func (s *Server) personPick(r *http.Request, p *i18n.Printer, name, label, help, action string, keep map[string]string,
	chosen int64, people map[int64]directives.Person) (pickField, error) {
	f := pickField{Name: name, Kind: "person", Label: label, Help: help, Action: action, Keep: keep, Chosen: chosen}
	f.Query = strings.TrimSpace(r.URL.Query().Get("pick_" + name))
	if f.Query != "" {
		f.Searched = true
		var err error
		if f.Options, err = pickPeople(s, r.Context(), httpx.Actor(r.Context()), p, f.Query, 0); err != nil {
			return f, err
		}
	}
	if f.Chosen != 0 && !slices.ContainsFunc(f.Options, func(o pickOption) bool { return o.ID == f.Chosen }) {
		if pp, ok := people[f.Chosen]; ok {
			f.Options = append([]pickOption{{ID: f.Chosen, Label: pp.Name, Detail: pp.Email}}, f.Options...)
		}
	}
	return f, nil
}

// steeringMember is a member of the steering group shown as a checkbox
// (untick to remove).
type steeringMember struct {
	ID   int64
	Name string
}

// directivePicks fills the directive form's person fields.
func (s *Server) directivePicks(r *http.Request, data *directiveFormPage) error {
	c := data.Content
	people, err := s.Directives.People(r.Context(), data.Actor, c)
	if err != nil {
		return err
	}
	action, keep := "/directives/new", map[string]string{"idea": strconv.FormatInt(data.Directive.IdeaID, 10)}
	if !data.New {
		action, keep = "/directives/"+strconv.FormatInt(data.Directive.ID, 10)+"/edit", nil
	}
	if data.OwnerPick, err = s.personPick(r, data.P, "owner_id", "directives.field.owner_pick", "directives.help.owner_pick", action+"#f-owner_id", keep, c.OwnerID, people); err != nil {
		return err
	}
	if data.ManagerPick, err = s.personPick(r, data.P, "manager_id", "directives.field.manager_pick", "directives.help.manager_pick", action+"#f-manager_id", keep, c.ManagerID, people); err != nil {
		return err
	}
	if data.SteeringPick, err = s.personPick(r, data.P, "steering_add", "directives.field.steering_add", "directives.help.steering_add", action+"#f-steering_add", keep, 0, people); err != nil {
		return err
	}
	for _, id := range c.SteeringIDs {
		data.Steering = append(data.Steering, steeringMember{ID: id, Name: people[id].Name})
	}
	return nil
}

// peopleFromForm reads the chosen people of the directive form.
func peopleFromForm(r *http.Request, c *directives.Content) {
	c.OwnerID, c.ManagerID = num(r.PostFormValue("owner_id")), num(r.PostFormValue("manager_id"))
	for _, v := range r.PostForm["steering_ids"] {
		if id := num(v); id != 0 && !slices.Contains(c.SteeringIDs, id) {
			c.SteeringIDs = append(c.SteeringIDs, id)
		}
	}
	if id := num(r.PostFormValue("steering_add")); id != 0 && !slices.Contains(c.SteeringIDs, id) {
		c.SteeringIDs = append(c.SteeringIDs, id)
	}
}
