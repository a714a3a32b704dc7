package api

import (
	"net/http"
	"strconv"
	"time"

	"github.com/samstyr/samstyr/internal/audit"
	"github.com/samstyr/samstyr/internal/auth"
	"github.com/samstyr/samstyr/internal/errs"
	"github.com/samstyr/samstyr/internal/governance"
	"github.com/samstyr/samstyr/internal/httpx"
	"github.com/samstyr/samstyr/internal/listing"
	"github.com/samstyr/samstyr/internal/org"
	"github.com/samstyr/samstyr/internal/policy"
)

// meResponse is who the caller is.
type meResponse struct {
	*auth.Person
	Roles       []policy.Role            `json:"roles"`
	Memberships []*governance.Membership `json:"memberships"`
}

func (s *Server) me(w http.ResponseWriter, r *http.Request) error {
	a := httpx.Actor(r.Context())
	if a == nil {
		return errs.E(errs.Unauthenticated, "auth.error.token")
	}
	p, err := s.Auth.GetPerson(r.Context(), a, a.PersonID)
	if err != nil {
		return err
	}
	ms, err := s.Gov.MyMemberships(r.Context(), a)
	if err != nil {
		return err
	}
	if ms == nil {
		ms = []*governance.Membership{}
	}
	return reply(w, http.StatusOK, meResponse{Person: p, Roles: a.Roles(), Memberships: ms})
}

// pageParams reads limit and cursor.
func pageParams(r *http.Request) (int, *listing.Cursor, error) {
	var v errs.Validation
	limit, err := listing.Limit(r.URL.Query().Get("limit"))
	if err != nil {
		v.Add("limit", "error.limit", "max", listing.MaxLimit)
	}
	c, err := listing.DecodeCursor(r.URL.Query().Get("cursor"))
	if err != nil {
		v.Add("cursor", "error.cursor")
	}
	return limit, c, v.Err()
}

func (s *Server) orgRoutes() []Route {
	return []Route{
		{"GET", "/organisations", s.orgList},
		{"POST", "/organisations", s.orgCreate},
		{"GET", "/organisations/{id}", s.orgShow},
	}
}

func (s *Server) orgList(w http.ResponseWriter, r *http.Request) error {
	limit, after, err := pageParams(r)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	page, err := s.Orgs.List(r.Context(), httpx.Actor(r.Context()), org.Filter{Kind: q.Get("kind"), County: q.Get("county"), Q: q.Get("q"), Limit: limit, After: after})
	if err != nil {
		return err
	}
	return reply(w, http.StatusOK, page)
}

func (s *Server) orgShow(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	o, err := s.Orgs.Get(r.Context(), httpx.Actor(r.Context()), id)
	if err != nil {
		return err
	}
	return reply(w, http.StatusOK, o)
}

// orgInput is the body of POST /organisations.
type orgInput struct {
	Kind               string `json:"kind"`
	Name               string `json:"name"`
	OfficialName       string `json:"official_name"`
	OrgNumber          string `json:"org_number"`
	MunicipalityNumber string `json:"municipality_number"`
	CountyNumber       string `json:"county_number"`
	CountyName         string `json:"county_name"`
	Population         int64  `json:"population"`
	Website            string `json:"website"`
}

func (s *Server) orgCreate(w http.ResponseWriter, r *http.Request) error {
	var in orgInput
	if err := decode(r, &in); err != nil {
		return err
	}
	o := &org.Organisation{Kind: in.Kind, Name: in.Name, OfficialName: in.OfficialName, OrgNumber: in.OrgNumber,
		MunicipalityNumber: in.MunicipalityNumber, CountyNumber: in.CountyNumber, CountyName: in.CountyName,
		Population: in.Population, Website: in.Website}
	if err := s.Orgs.Create(r.Context(), httpx.Actor(r.Context()), o); err != nil {
		return err
	}
	w.Header().Set("Location", Prefix+"/organisations/"+strconv.FormatInt(o.ID, 10))
	return reply(w, http.StatusCreated, o)
}

func (s *Server) bodyRoutes() []Route {
	return []Route{
		{"GET", "/bodies", s.bodyList},
		{"GET", "/bodies/{id}", s.bodyShow},
	}
}

func (s *Server) bodyList(w http.ResponseWriter, r *http.Request) error {
	bs, err := s.Gov.Bodies(r.Context(), httpx.Actor(r.Context()))
	if err != nil {
		return err
	}
	if bs == nil {
		bs = []*governance.Body{}
	}
	return reply(w, http.StatusOK, listing.Page[*governance.Body]{Items: bs})
}

// bodyResponse is a body with its current members (or, with
// ?history=true, every membership) and its current composition.
type bodyResponse struct {
	*governance.Body
	Members     []*governance.Membership `json:"members"`
	Composition governance.Composition   `json:"composition"`
}

func (s *Server) bodyShow(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	a := httpx.Actor(r.Context())
	b, err := s.Gov.Body(r.Context(), a, id)
	if err != nil {
		return err
	}
	ms, err := s.Gov.Members(r.Context(), a, id, r.URL.Query().Get("history") != "true")
	if err != nil {
		return err
	}
	if ms == nil {
		ms = []*governance.Membership{}
	}
	var current []*governance.Membership
	for _, m := range ms {
		if m.Current(time.Now()) {
			current = append(current, m)
		}
	}
	return reply(w, http.StatusOK, bodyResponse{Body: b, Members: ms, Composition: governance.CompositionOf(current, time.Now())})
}

func (s *Server) peopleRoutes() []Route {
	return []Route{
		{"GET", "/people", s.personList},
		{"POST", "/people", s.personCreate},
		{"POST", "/people/{id}/disable", s.personDisable},
		{"POST", "/people/{id}/enable", s.personEnable},
	}
}

func (s *Server) personDisable(w http.ResponseWriter, r *http.Request) error {
	return s.personSetDisabled(w, r, true)
}

func (s *Server) personEnable(w http.ResponseWriter, r *http.Request) error {
	return s.personSetDisabled(w, r, false)
}

// personSetDisabled disables or re-enables an account (admins, and the
// secretariat for accounts that are not administrators').
func (s *Server) personSetDisabled(w http.ResponseWriter, r *http.Request, disabled bool) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := s.Auth.SetDisabled(r.Context(), httpx.Actor(r.Context()), id, disabled); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (s *Server) personList(w http.ResponseWriter, r *http.Request) error {
	limit, after, err := pageParams(r)
	if err != nil {
		return err
	}
	page, err := s.Auth.ListPeople(r.Context(), httpx.Actor(r.Context()), auth.PersonFilter{Q: r.URL.Query().Get("q"), Limit: limit, After: after})
	if err != nil {
		return err
	}
	return reply(w, http.StatusOK, page)
}

// personInput is the body of POST /people.
type personInput struct {
	Email          string `json:"email"`
	Name           string `json:"name"`
	OrganisationID int64  `json:"organisation_id"`
	Admin          bool   `json:"admin"`
	Locale         string `json:"locale"`
	NotifyMode     string `json:"notify_mode"`
	Password       string `json:"password"`
}

func (s *Server) personCreate(w http.ResponseWriter, r *http.Request) error {
	var in personInput
	if err := decode(r, &in); err != nil {
		return err
	}
	p, err := s.Auth.CreatePerson(r.Context(), httpx.Actor(r.Context()), auth.PersonInput{Email: in.Email, Name: in.Name,
		OrgID: in.OrganisationID, Admin: in.Admin, Locale: in.Locale, NotifyMode: in.NotifyMode, Password: in.Password}, false)
	if err != nil {
		return err
	}
	w.Header().Set("Location", Prefix+"/people/"+strconv.FormatInt(p.ID, 10))
	return reply(w, http.StatusCreated, p)
}

func (s *Server) auditRoutes() []Route {
	return []Route{
		{"GET", "/audit", s.auditList},
		{"GET", "/audit/verify", s.auditVerify},
	}
}

func (s *Server) auditList(w http.ResponseWriter, r *http.Request) error {
	limit, c, err := pageParams(r)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	f := audit.Filter{ObjectType: q.Get("type"), ObjectID: q.Get("id"), Action: q.Get("action"), Limit: limit}
	if v := q.Get("actor"); v != "" {
		if f.ActorID, err = strconv.ParseInt(v, 10, 64); err != nil {
			return errs.InvalidField("actor", "error.number")
		}
	}
	if c != nil {
		f.Before = c.ID
	}
	page, err := s.Audit.List(r.Context(), httpx.Actor(r.Context()), f)
	if err != nil {
		return err
	}
	return reply(w, http.StatusOK, page)
}

func (s *Server) auditVerify(w http.ResponseWriter, r *http.Request) error {
	res, err := s.Audit.Verify(r.Context(), httpx.Actor(r.Context()))
	if err != nil {
		return err
	}
	return reply(w, http.StatusOK, res)
}
