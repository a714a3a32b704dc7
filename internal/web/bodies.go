package web

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/samstyr/samstyr/internal/errs"
	"github.com/samstyr/samstyr/internal/governance"
	"github.com/samstyr/samstyr/internal/httpx"
	"github.com/samstyr/samstyr/internal/meetings"
	"github.com/samstyr/samstyr/internal/policy"
)

func (s *Server) registerBodyRoutes(mux *http.ServeMux) {
	s.route(mux, "GET /bodies", public, s.bodyList)
	s.route(mux, "GET /bodies/new", signedIn, s.bodyNew)
	s.route(mux, "POST /bodies", signedIn, s.bodyCreate)
	s.route(mux, "GET /bodies/{id}", public, s.bodyShow)
	s.route(mux, "GET /bodies/{id}/edit", signedIn, s.bodyEdit)
	s.route(mux, "POST /bodies/{id}", signedIn, s.bodyUpdate)
	s.route(mux, "GET /bodies/{id}/members/new", signedIn, s.memberNew)
	s.route(mux, "POST /bodies/{id}/members", signedIn, s.memberCreate)
	s.route(mux, "GET /memberships/{id}", public, s.membershipShow)
	s.route(mux, "POST /memberships/{id}", signedIn, s.membershipUpdate)
}

type bodyListPage struct {
	basePage
	Bodies []*governance.Body
}

func (s *Server) bodyList(w http.ResponseWriter, r *http.Request) error {
	bs, err := s.Gov.Bodies(r.Context(), httpx.Actor(r.Context()))
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "bodies/list", bodyListPage{basePage: s.base(w, r, "bodies.title"), Bodies: bs})
	return nil
}

type bodyShowPage struct {
	basePage
	Body        *governance.Body
	Parent      *governance.Body
	Current     []*governance.Membership
	History     []*governance.Membership
	Composition governance.Composition
	Meetings    []*meetings.Meeting
	Decisions   []*meetings.Case
}

func (s *Server) bodyShow(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	a := httpx.Actor(r.Context())
	b, err := s.Gov.Body(r.Context(), a, id)
	if err != nil {
		return err
	}
	all, err := s.Gov.Members(r.Context(), a, id, false)
	if err != nil {
		return err
	}
	data := bodyShowPage{basePage: s.base(w, r, "bodies.title"), Body: b}
	data.Title = b.Name(data.Lang)
	if b.ParentID != 0 {
		if data.Parent, err = s.Gov.Body(r.Context(), a, b.ParentID); err != nil {
			return err
		}
	}
	for _, m := range all {
		if m.Current(s.now()) {
			data.Current = append(data.Current, m)
		} else {
			data.History = append(data.History, m)
		}
	}
	data.Composition = governance.CompositionOf(data.Current, s.now())
	page, err := s.Meetings.Meetings(r.Context(), a, meetings.MeetingFilter{BodyID: id, Limit: 10})
	if err != nil {
		return err
	}
	data.Meetings = page.Items
	s.render(w, r, http.StatusOK, "bodies/show", data)
	return nil
}

type bodyFormPage struct {
	basePage
	Body   *governance.Body
	Bodies []*governance.Body
	Kinds  []string
	New    bool
	Errors formErrors
}

func (s *Server) bodyFormData(w http.ResponseWriter, r *http.Request, title string, b *governance.Body, err error) (bodyFormPage, error) {
	bs, lerr := s.Gov.Bodies(r.Context(), httpx.Actor(r.Context()))
	data := bodyFormPage{basePage: s.base(w, r, title), Body: b, Bodies: bs, Kinds: governance.BodyKinds, New: b.ID == 0}
	data.Errors = fieldErrors(data.P, err)
	return data, lerr
}

func (s *Server) bodyNew(w http.ResponseWriter, r *http.Request) error {
	if err := s.canOrg(r, string(policy.BodyCreate)); err != nil {
		return err
	}
	b := &governance.Body{Kind: r.URL.Query().Get("kind")}
	if b.Kind == "" {
		b.Kind = policy.BodyWorkingGroup
	}
	data, err := s.bodyFormData(w, r, "bodies.new", b, nil)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "bodies/form", data)
	return nil
}

func (s *Server) bodyEdit(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	a := httpx.Actor(r.Context())
	if !policy.Can(a, policy.BodyUpdate, policy.Resource{BodyID: id}) {
		return policy.Check(a, policy.BodyUpdate, policy.Resource{BodyID: id})
	}
	b, err := s.Gov.Body(r.Context(), a, id)
	if err != nil {
		return err
	}
	data, err := s.bodyFormData(w, r, "bodies.edit", b, nil)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "bodies/form", data)
	return nil
}

// bodyFromForm reads the body form.
func bodyFromForm(r *http.Request) (*governance.Body, error) {
	var v errs.Validation
	b := &governance.Body{Kind: r.PostFormValue("kind"), Slug: r.PostFormValue("slug"), NameNB: r.PostFormValue("name_nb"),
		NameNN: r.PostFormValue("name_nn"), NameEN: r.PostFormValue("name_en"), ShortName: r.PostFormValue("short_name"),
		Mandate: r.PostFormValue("mandate"), FinancingSource: r.PostFormValue("financing_source")}
	b.ParentID = formInt(&v, r, "parent_id")
	b.SecretariatID = formInt(&v, r, "secretariat_id")
	b.FinancingNOK = formInt(&v, r, "financing_nok")
	b.PeriodFrom = formDate(&v, r, "period_from")
	b.PeriodTo = formDate(&v, r, "period_to")
	return b, v.Err()
}

func (s *Server) bodyCreate(w http.ResponseWriter, r *http.Request) error {
	b, err := bodyFromForm(r)
	if err == nil {
		err = s.Gov.CreateBody(r.Context(), httpx.Actor(r.Context()), b)
	}
	return s.bodySaved(w, r, "bodies.new", b, err)
}

func (s *Server) bodyUpdate(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	b, err := bodyFromForm(r)
	b.ID = id
	if err == nil {
		err = s.Gov.UpdateBody(r.Context(), httpx.Actor(r.Context()), b)
	}
	return s.bodySaved(w, r, "bodies.edit", b, err)
}

func (s *Server) bodySaved(w http.ResponseWriter, r *http.Request, title string, b *governance.Body, err error) error {
	if isFormError(err) {
		data, lerr := s.bodyFormData(w, r, title, b, err)
		if lerr != nil {
			return lerr
		}
		s.render(w, r, http.StatusUnprocessableEntity, "bodies/form", data)
		return nil
	}
	if err != nil {
		return err
	}
	s.redirect(w, r, "/bodies/"+strconv.FormatInt(b.ID, 10), "flash.saved")
	return nil
}

type memberFormPage struct {
	basePage
	Body       *governance.Body
	Membership *governance.Membership
	Cases      []*meetings.Case
	Functions  []string
	Sectors    []string
	EndStates  []string
	Errors     formErrors
}

func (s *Server) memberNew(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	a := httpx.Actor(r.Context())
	if err := policy.Check(a, policy.MembershipManage, policy.Resource{BodyID: id}); err != nil {
		return err
	}
	b, err := s.Gov.Body(r.Context(), a, id)
	if err != nil {
		return err
	}
	m := &governance.Membership{BodyID: id, Function: policy.FuncMember, Sector: "municipal", TermFrom: dateOnly(s.now())}
	s.renderMember(w, r, http.StatusOK, "members.new", b, m, nil)
	return nil
}

func (s *Server) renderMember(w http.ResponseWriter, r *http.Request, status int, title string, b *governance.Body, m *governance.Membership, err error) {
	data := memberFormPage{basePage: s.base(w, r, title), Body: b, Membership: m, Functions: governance.Functions,
		Sectors: governance.Sectors, EndStates: governance.EndStates}
	data.Errors = fieldErrors(data.P, err)
	if m.ID != 0 {
		data.Cases, _ = s.Meetings.CasesAbout(r.Context(), data.Actor, "membership", m.ID)
	}
	s.render(w, r, status, "bodies/membership", data)
}

// membershipFromForm reads the membership form.
func membershipFromForm(r *http.Request) (*governance.Membership, governance.MembershipUpdate, error) {
	var v errs.Validation
	m := &governance.Membership{Function: r.PostFormValue("function"), Sector: r.PostFormValue("sector"), AppointedBy: r.PostFormValue("appointed_by"),
		PersonEmail: r.PostFormValue("person_email"), OrgNumber: r.PostFormValue("organisation_number")}
	m.OrgID = formInt(&v, r, "organisation_id")
	m.TermFrom = formDate(&v, r, "term_from")
	m.TermTo = formDate(&v, r, "term_to")
	u := governance.MembershipUpdate{OrgID: m.OrgID, OrgNumber: m.OrgNumber, Function: m.Function, Sector: m.Sector, TermFrom: m.TermFrom, TermTo: m.TermTo,
		AppointedBy: m.AppointedBy, EndStatus: r.PostFormValue("end_status")}
	return m, u, v.Err()
}

func (s *Server) memberCreate(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	a := httpx.Actor(r.Context())
	m, _, err := membershipFromForm(r)
	m.BodyID = id
	if err == nil {
		err = s.Gov.CreateMembership(r.Context(), a, m)
	}
	if isFormError(err) {
		b, berr := s.Gov.Body(r.Context(), a, id)
		if berr != nil {
			return berr
		}
		s.renderMember(w, r, http.StatusUnprocessableEntity, "members.new", b, m, err)
		return nil
	}
	if err != nil {
		return err
	}
	s.redirect(w, r, "/memberships/"+strconv.FormatInt(m.ID, 10), "flash.saved")
	return nil
}

func (s *Server) membershipShow(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	a := httpx.Actor(r.Context())
	m, err := s.Gov.Membership(r.Context(), a, id)
	if err != nil {
		return err
	}
	b, err := s.Gov.Body(r.Context(), a, m.BodyID)
	if err != nil {
		return err
	}
	s.renderMember(w, r, http.StatusOK, "members.title", b, m, nil)
	return nil
}

func (s *Server) membershipUpdate(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	a := httpx.Actor(r.Context())
	_, u, err := membershipFromForm(r)
	var m *governance.Membership
	if err == nil {
		m, err = s.Gov.UpdateMembership(r.Context(), a, id, u)
	}
	if isFormError(err) {
		cur, cerr := s.Gov.Membership(r.Context(), a, id)
		if cerr != nil {
			return cerr
		}
		cur.OrgID, cur.Function, cur.Sector, cur.TermFrom, cur.TermTo, cur.AppointedBy = u.OrgID, u.Function, u.Sector, u.TermFrom, u.TermTo, u.AppointedBy
		b, berr := s.Gov.Body(r.Context(), a, cur.BodyID)
		if berr != nil {
			return berr
		}
		s.renderMember(w, r, http.StatusUnprocessableEntity, "members.title", b, cur, err)
		return nil
	}
	if err != nil {
		return err
	}
	s.redirect(w, r, "/memberships/"+strconv.FormatInt(m.ID, 10), "flash.saved")
	return nil
}

// formInt reads an optional whole number; a bad one is a field error.
func formInt(v *errs.Validation, r *http.Request, name string) int64 {
	s := strings.ReplaceAll(strings.TrimSpace(r.FormValue(name)), " ", "")
	s = strings.ReplaceAll(s, "\u00a0", "")
	if s == "" {
		return 0
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		v.Add(name, "error.number")
	}
	return n
}

// formDate reads an optional date (YYYY-MM-DD).
func formDate(v *errs.Validation, r *http.Request, name string) time.Time {
	s := strings.TrimSpace(r.FormValue(name))
	if s == "" {
		return time.Time{}
	}
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		v.Add(name, "error.date")
	}
	return t
}

func dateOnly(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}
