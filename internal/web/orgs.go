package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/samstyr/samstyr/internal/errs"
	"github.com/samstyr/samstyr/internal/httpx"
	"github.com/samstyr/samstyr/internal/listing"
	"github.com/samstyr/samstyr/internal/org"
)

func (s *Server) registerOrgRoutes(mux *http.ServeMux) {
	s.route(mux, "GET /organisations", public, s.orgList)
	s.route(mux, "GET /organisations/new", signedIn, s.orgNew)
	s.route(mux, "POST /organisations", signedIn, s.orgCreate)
	s.route(mux, "GET /organisations/{id}", public, s.orgShow)
	s.route(mux, "GET /organisations/{id}/edit", signedIn, s.orgEdit)
	s.route(mux, "POST /organisations/{id}", signedIn, s.orgUpdate)
}

type orgListPage struct {
	basePage
	Filter   org.Filter
	Orgs     []*org.Organisation
	Counties []org.County
	Kinds    []string
	Next     string // query string of the next page, "" on the last
	Errors   formErrors
}

func (s *Server) orgList(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	f := org.Filter{Kind: q.Get("kind"), County: q.Get("county"), Q: strings.TrimSpace(q.Get("q"))}
	data := orgListPage{basePage: s.base(w, r, "orgs.title"), Filter: f, Kinds: org.Kinds}
	var err error
	if f.After, err = listing.DecodeCursor(q.Get("cursor")); err == nil {
		var page listing.Page[*org.Organisation]
		page, err = s.Orgs.List(r.Context(), httpx.Actor(r.Context()), f)
		data.Orgs = page.Items
		if page.Next != "" {
			nq := url.Values{}
			for _, k := range []string{"kind", "county", "q"} {
				if v := q.Get(k); v != "" {
					nq.Set(k, v)
				}
			}
			nq.Set("cursor", page.Next)
			data.Next = nq.Encode()
		}
	}
	if err != nil && !isFormError(err) {
		return err
	}
	data.Errors = fieldErrors(data.P, err)
	if data.Counties, err = s.Orgs.Counties(r.Context(), httpx.Actor(r.Context())); err != nil {
		return err
	}
	status := http.StatusOK
	if data.Errors.Any() {
		status = http.StatusUnprocessableEntity
	}
	s.render(w, r, status, "orgs/list", data)
	return nil
}

type orgShowPage struct {
	basePage
	Org *org.Organisation
	// Thread is "what happened to our needs" (web/thread.go).
	Thread *orgThread
}

func (s *Server) orgShow(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	o, err := s.Orgs.Get(r.Context(), httpx.Actor(r.Context()), id)
	if err != nil {
		return err
	}
	data := orgShowPage{basePage: s.base(w, r, "orgs.title"), Org: o}
	if data.Thread, err = s.orgNeedThread(r, id); err != nil {
		return err
	}
	data.Title = o.Name
	s.render(w, r, http.StatusOK, "orgs/show", data)
	return nil
}

type orgFormPage struct {
	basePage
	Org    *org.Organisation
	Kinds  []string
	New    bool
	Errors formErrors
}

func (s *Server) orgNew(w http.ResponseWriter, r *http.Request) error {
	if err := s.canOrg(r, "org.create"); err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "orgs/form", orgFormPage{basePage: s.base(w, r, "orgs.new"), Org: &org.Organisation{Kind: "vendor"}, Kinds: org.Kinds, New: true})
	return nil
}

func (s *Server) orgEdit(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := s.canOrg(r, "org.update"); err != nil {
		return err
	}
	o, err := s.Orgs.Get(r.Context(), httpx.Actor(r.Context()), id)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "orgs/form", orgFormPage{basePage: s.base(w, r, "orgs.edit"), Org: o, Kinds: org.Kinds})
	return nil
}

// canOrg shows a form only to those who may submit it (the service checks
// again on submit).
func (s *Server) canOrg(r *http.Request, act string) error {
	b := basePage{Actor: httpx.Actor(r.Context())}
	if !b.Can(act) {
		return errs.E(errs.Forbidden, "error.forbidden")
	}
	return nil
}

// orgFromForm reads the organisation form.
func orgFromForm(r *http.Request) (*org.Organisation, error) {
	o := &org.Organisation{Kind: r.PostFormValue("kind"), Name: r.PostFormValue("name"), OfficialName: r.PostFormValue("official_name"),
		OrgNumber: r.PostFormValue("org_number"), MunicipalityNumber: r.PostFormValue("municipality_number"),
		CountyNumber: r.PostFormValue("county_number"), CountyName: r.PostFormValue("county_name"), Website: r.PostFormValue("website"),
		Active: r.PostFormValue("active") != "" || r.PostFormValue("active_present") == ""}
	var v errs.Validation
	if p := strings.TrimSpace(r.PostFormValue("population")); p != "" {
		n, err := strconv.ParseInt(strings.ReplaceAll(p, " ", ""), 10, 64)
		if err != nil {
			v.Add("population", "error.number")
		}
		o.Population = n
	}
	if d := strings.TrimSpace(r.PostFormValue("population_date")); d != "" {
		t, err := time.Parse(time.DateOnly, d)
		if err != nil {
			v.Add("population_date", "error.date")
		}
		o.PopulationDate = t
	}
	return o, v.Err()
}

func (s *Server) orgCreate(w http.ResponseWriter, r *http.Request) error {
	o, err := orgFromForm(r)
	if err == nil {
		err = s.Orgs.Create(r.Context(), httpx.Actor(r.Context()), o)
	}
	if isFormError(err) {
		data := orgFormPage{basePage: s.base(w, r, "orgs.new"), Org: o, Kinds: org.Kinds, New: true}
		data.Errors = fieldErrors(data.P, err)
		s.render(w, r, http.StatusUnprocessableEntity, "orgs/form", data)
		return nil
	}
	if err != nil {
		return err
	}
	s.redirect(w, r, "/organisations/"+strconv.FormatInt(o.ID, 10), "flash.saved")
	return nil
}

func (s *Server) orgUpdate(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	o, err := orgFromForm(r)
	o.ID = id
	if err == nil {
		err = s.Orgs.Update(r.Context(), httpx.Actor(r.Context()), o)
	}
	if isFormError(err) {
		data := orgFormPage{basePage: s.base(w, r, "orgs.edit"), Org: o, Kinds: org.Kinds}
		data.Errors = fieldErrors(data.P, err)
		s.render(w, r, http.StatusUnprocessableEntity, "orgs/form", data)
		return nil
	}
	if err != nil {
		return err
	}
	s.redirect(w, r, "/organisations/"+strconv.FormatInt(id, 10), "flash.saved")
	return nil
}
