package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/samstyr/samstyr/internal/auth"
	"github.com/samstyr/samstyr/internal/errs"
	"github.com/samstyr/samstyr/internal/httpx"
	"github.com/samstyr/samstyr/internal/listing"
	"github.com/samstyr/samstyr/internal/org"
)

func (s *Server) registerPeopleRoutes(mux *http.ServeMux) {
	s.route(mux, "GET /admin/people", signedIn, s.personList)
	s.route(mux, "GET /admin/people/new", signedIn, s.personNew)
	s.route(mux, "POST /admin/people", signedIn, s.personCreate)
	s.route(mux, "GET /admin/people/{id}", signedIn, s.personShow)
	s.route(mux, "POST /admin/people/{id}", signedIn, s.personUpdate)
	s.route(mux, "POST /admin/people/{id}/disable", signedIn, s.personDisable)
	s.route(mux, "POST /admin/people/{id}/enable", signedIn, s.personEnable)
	s.route(mux, "POST /admin/people/{id}/totp-reset", signedIn, s.personTOTPReset)
}

type personListPage struct {
	basePage
	Q      string
	People []*auth.Person
	Next   string
}

func (s *Server) personList(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	after, err := listing.DecodeCursor(q.Get("cursor"))
	if err != nil {
		return err
	}
	f := auth.PersonFilter{Q: strings.TrimSpace(q.Get("q")), After: after}
	page, err := s.Auth.ListPeople(r.Context(), httpx.Actor(r.Context()), f)
	if err != nil {
		return err
	}
	data := personListPage{basePage: s.base(w, r, "people.title"), Q: f.Q, People: page.Items}
	if page.Next != "" {
		data.Next = url.Values{"q": {f.Q}, "cursor": {page.Next}}.Encode()
	}
	s.render(w, r, http.StatusOK, "people/list", data)
	return nil
}

type personFormPage struct {
	basePage
	Person  *auth.Person
	Orgs    []*org.Organisation
	OrgName string
	New     bool
	Errors  formErrors
}

func (s *Server) personNew(w http.ResponseWriter, r *http.Request) error {
	if err := s.canOrg(r, "person.create"); err != nil {
		return err
	}
	data := personFormPage{basePage: s.base(w, r, "people.new"), Person: &auth.Person{Locale: "nb", NotifyMode: "immediate"}, New: true}
	s.render(w, r, http.StatusOK, "people/form", data)
	return nil
}

func (s *Server) personShow(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	p, err := s.Auth.GetPerson(r.Context(), httpx.Actor(r.Context()), id)
	if err != nil {
		return err
	}
	data := personFormPage{basePage: s.base(w, r, "people.edit"), Person: p}
	data.Title = p.Name
	s.render(w, r, http.StatusOK, "people/form", data)
	return nil
}

// personInput reads the person form; the organisation is given by its
// organisation or municipality number.
func (s *Server) personInput(r *http.Request) (auth.PersonInput, string, error) {
	in := auth.PersonInput{Email: r.PostFormValue("email"), Name: r.PostFormValue("name"), Admin: r.PostFormValue("admin") == "on",
		Locale: r.PostFormValue("locale"), NotifyMode: r.PostFormValue("notify_mode"), Password: r.PostFormValue("password")}
	orgRef := strings.TrimSpace(r.PostFormValue("organisation"))
	if orgRef != "" {
		page, err := s.Orgs.List(r.Context(), httpx.Actor(r.Context()), org.Filter{Q: orgRef, Limit: 2})
		if err != nil {
			return in, orgRef, err
		}
		if len(page.Items) != 1 {
			return in, orgRef, errs.InvalidField("organisation", "people.error.organisation")
		}
		in.OrgID = page.Items[0].ID
	}
	return in, orgRef, nil
}

func (s *Server) personCreate(w http.ResponseWriter, r *http.Request) error {
	in, orgRef, err := s.personInput(r)
	var p *auth.Person
	if err == nil {
		p, err = s.Auth.CreatePerson(r.Context(), httpx.Actor(r.Context()), in, false)
	}
	if isFormError(err) {
		data := personFormPage{basePage: s.base(w, r, "people.new"), New: true, OrgName: orgRef,
			Person: &auth.Person{Email: in.Email, Name: in.Name, Admin: in.Admin, Locale: in.Locale, NotifyMode: in.NotifyMode}}
		data.Errors = fieldErrors(data.P, err)
		s.render(w, r, http.StatusUnprocessableEntity, "people/form", data)
		return nil
	}
	if err != nil {
		return err
	}
	s.redirect(w, r, "/admin/people/"+strconv.FormatInt(p.ID, 10), "people.invited")
	return nil
}

func (s *Server) personUpdate(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	in, orgRef, err := s.personInput(r)
	if err == nil {
		_, err = s.Auth.UpdatePerson(r.Context(), httpx.Actor(r.Context()), id, in)
	}
	if isFormError(err) {
		p, gerr := s.Auth.GetPerson(r.Context(), httpx.Actor(r.Context()), id)
		if gerr != nil {
			return gerr
		}
		p.Email, p.Name, p.Admin, p.Locale, p.NotifyMode = in.Email, in.Name, in.Admin, in.Locale, in.NotifyMode
		data := personFormPage{basePage: s.base(w, r, "people.edit"), Person: p, OrgName: orgRef}
		data.Errors = fieldErrors(data.P, err)
		s.render(w, r, http.StatusUnprocessableEntity, "people/form", data)
		return nil
	}
	if err != nil {
		return err
	}
	s.redirect(w, r, "/admin/people/"+strconv.FormatInt(id, 10), "flash.saved")
	return nil
}

func (s *Server) personDisable(w http.ResponseWriter, r *http.Request) error {
	return s.personSetDisabled(w, r, true)
}

func (s *Server) personEnable(w http.ResponseWriter, r *http.Request) error {
	return s.personSetDisabled(w, r, false)
}

func (s *Server) personSetDisabled(w http.ResponseWriter, r *http.Request, disabled bool) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := s.Auth.SetDisabled(r.Context(), httpx.Actor(r.Context()), id, disabled); err != nil {
		return err
	}
	flash := "flash.enabled"
	if disabled {
		flash = "flash.disabled"
	}
	s.redirect(w, r, "/admin/people/"+strconv.FormatInt(id, 10), flash)
	return nil
}

func (s *Server) personTOTPReset(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := s.Auth.ResetTOTP(r.Context(), httpx.Actor(r.Context()), id); err != nil {
		return err
	}
	s.redirect(w, r, "/admin/people/"+strconv.FormatInt(id, 10), "flash.totp_reset")
	return nil
}
