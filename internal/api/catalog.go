package api

import (
	"net/http"
	"strconv"
	"time"

	"github.com/samstyr/samstyr/internal/catalog"
	"github.com/samstyr/samstyr/internal/errs"
	"github.com/samstyr/samstyr/internal/httpx"
	"github.com/samstyr/samstyr/internal/policy"
)

// The standards catalogue and product conformance through the API. The
// catalogue and the verified declarations are public.
func (s *Server) catalogRoutes() []Route {
	return []Route{
		{"GET", "/standards", s.standardList},
		{"POST", "/standards", s.standardCreate},
		{"GET", "/standards/{id}", s.standardGet},
		{"POST", "/standards/{id}/versions", s.standardAddVersion},
		{"POST", "/standards/{id}/links", s.standardLink},
		{"POST", "/standard-versions/{id}/adopt", s.standardAdopt},
		{"POST", "/standard-versions/{id}/retire", s.standardRetire},
		{"GET", "/conformance", s.conformanceList},
		{"POST", "/conformance", s.conformanceCreate},
		{"POST", "/conformance/{id}/verify", s.conformanceVerify},
		{"POST", "/conformance/{id}/reject", s.conformanceReject},
	}
}

func (s *Server) standardList(w http.ResponseWriter, r *http.Request) error {
	ss, err := s.Standards.Standards(r.Context(), httpx.Actor(r.Context()))
	if err != nil {
		return err
	}
	return reply(w, http.StatusOK, ss)
}

func (s *Server) standardGet(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	st, err := s.Standards.Standard(r.Context(), httpx.Actor(r.Context()), id)
	if err != nil {
		return err
	}
	return reply(w, http.StatusOK, st)
}

// checked runs the policy check of an action, then decodes the body into
// in (when not nil).
func checked(r *http.Request, act policy.Action, in any) error {
	if err := policy.Check(httpx.Actor(r.Context()), act, policy.Resource{}); err != nil {
		return err
	}
	if in == nil {
		return nil
	}
	return decode(r, in)
}

func (s *Server) standardCreate(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		Code  string `json:"code"`
		Name  string `json:"name"`
		Owner string `json:"owner"`
		Scope string `json:"scope"`
		URL   string `json:"url"`
	}
	if err := checked(r, policy.StandardEdit, &in); err != nil {
		return err
	}
	st := &catalog.Standard{Code: in.Code, Name: in.Name, Owner: in.Owner, Scope: in.Scope, URL: in.URL}
	if err := s.Standards.CreateStandard(r.Context(), httpx.Actor(r.Context()), st); err != nil {
		return err
	}
	w.Header().Set("Location", Prefix+"/standards/"+strconv.FormatInt(st.ID, 10))
	return reply(w, http.StatusCreated, st)
}

// apiDate reads an optional YYYY-MM-DD.
func apiDate(field, v string) (time.Time, error) {
	if v == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse(time.DateOnly, v)
	if err != nil {
		return t, errs.InvalidField(field, "inquiries.error.date")
	}
	return t, nil
}

func (s *Server) standardAddVersion(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		Version     string `json:"version"`
		PublishedOn string `json:"published_on"`
	}
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := checked(r, policy.StandardEdit, &in); err != nil {
		return err
	}
	on, err := apiDate("published_on", in.PublishedOn)
	if err != nil {
		return err
	}
	v := &catalog.Version{StandardID: id, Version: in.Version, PublishedOn: on}
	if err := s.Standards.AddVersion(r.Context(), httpx.Actor(r.Context()), v); err != nil {
		return err
	}
	return reply(w, http.StatusCreated, v)
}

func (s *Server) standardLink(w http.ResponseWriter, r *http.Request) error {
	var in catalog.Link
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := checked(r, policy.StandardEdit, &in); err != nil {
		return err
	}
	if err := s.Standards.Link(r.Context(), httpx.Actor(r.Context()), id, catalog.Link{Type: in.Type, ID: in.ID}); err != nil {
		return err
	}
	st, err := s.Standards.Standard(r.Context(), httpx.Actor(r.Context()), id)
	if err != nil {
		return err
	}
	return reply(w, http.StatusOK, st)
}

func (s *Server) standardAdopt(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		DecisionID int64  `json:"decision_id"`
		AdoptedOn  string `json:"adopted_on"`
	}
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := checked(r, policy.StandardEdit, &in); err != nil {
		return err
	}
	on, err := apiDate("adopted_on", in.AdoptedOn)
	if err != nil {
		return err
	}
	v, err := s.Standards.Adopt(r.Context(), httpx.Actor(r.Context()), id, in.DecisionID, on)
	if err != nil {
		return err
	}
	return reply(w, http.StatusOK, v)
}

func (s *Server) standardRetire(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	v, err := s.Standards.Retire(r.Context(), httpx.Actor(r.Context()), id, time.Time{})
	if err != nil {
		return err
	}
	return reply(w, http.StatusOK, v)
}

func (s *Server) conformanceList(w http.ResponseWriter, r *http.Request) error {
	f := catalog.DeclarationFilter{State: r.URL.Query().Get("state"), Q: r.URL.Query().Get("q")}
	if v := r.URL.Query().Get("version"); v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n <= 0 {
			return errs.InvalidField("version", "catalog.error.version")
		}
		f.StandardVersionID = n
	}
	ds, err := s.Standards.Declarations(r.Context(), httpx.Actor(r.Context()), f)
	if err != nil {
		return err
	}
	return reply(w, http.StatusOK, ds)
}

func (s *Server) conformanceCreate(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		VendorID          int64  `json:"vendor_id"`
		Product           string `json:"product"`
		ProductVersion    string `json:"product_version"`
		StandardVersionID int64  `json:"standard_version_id"`
		EvidenceURL       string `json:"evidence_url"`
	}
	if err := checked(r, policy.ConformanceDeclare, &in); err != nil {
		return err
	}
	d := &catalog.Declaration{VendorID: in.VendorID, Product: in.Product, ProductVersion: in.ProductVersion,
		StandardVersionID: in.StandardVersionID, EvidenceURL: in.EvidenceURL}
	if err := s.Standards.Declare(r.Context(), httpx.Actor(r.Context()), d); err != nil {
		return err
	}
	return reply(w, http.StatusCreated, d)
}

func (s *Server) conformanceVerify(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	d, err := s.Standards.Verify(r.Context(), httpx.Actor(r.Context()), id)
	if err != nil {
		return err
	}
	return reply(w, http.StatusOK, d)
}

func (s *Server) conformanceReject(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		Reason string `json:"reason"`
	}
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := checked(r, policy.ConformanceVerify, &in); err != nil {
		return err
	}
	d, err := s.Standards.Reject(r.Context(), httpx.Actor(r.Context()), id, in.Reason)
	if err != nil {
		return err
	}
	return reply(w, http.StatusOK, d)
}
