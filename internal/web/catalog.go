package web

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/samstyr/samstyr/internal/catalog"
	"github.com/samstyr/samstyr/internal/errs"
	"github.com/samstyr/samstyr/internal/httpx"
	"github.com/samstyr/samstyr/internal/needs"
	"github.com/samstyr/samstyr/internal/org"
	"github.com/samstyr/samstyr/internal/policy"
)

// The standards catalogue and product conformance (internal/catalog).

func (s *Server) registerCatalogRoutes(mux *http.ServeMux) {
	s.route(mux, "GET /standards", public, s.standardList)
	s.route(mux, "GET /standards/new", signedIn, s.standardNew)
	s.route(mux, "POST /standards", signedIn, s.standardCreate)
	s.route(mux, "GET /standards/{id}", public, s.standardShow)
	s.route(mux, "POST /standards/{id}/versions", signedIn, s.standardAddVersion)
	s.route(mux, "POST /standards/{id}/adopt", signedIn, s.standardAdopt)
	s.route(mux, "POST /standards/{id}/retire", signedIn, s.standardRetire)
	s.route(mux, "POST /standards/{id}/links", signedIn, s.standardLink)
	s.route(mux, "GET /conformance", public, s.conformanceList)
	s.route(mux, "GET /conformance/new", signedIn, s.conformanceNew)
	s.route(mux, "POST /conformance", signedIn, s.conformanceCreate)
	s.route(mux, "GET /conformance/{id}/evidence", public, s.conformanceEvidence)
	s.route(mux, "POST /conformance/{id}/verify", signedIn, s.conformanceVerify)
	s.route(mux, "POST /conformance/{id}/reject", signedIn, s.conformanceReject)
}

type standardListPage struct {
	basePage
	Standards []*catalog.Standard
}

func (s *Server) standardList(w http.ResponseWriter, r *http.Request) error {
	ss, err := s.Standards.Standards(r.Context(), httpx.Actor(r.Context()))
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "catalog/list", standardListPage{basePage: s.base(w, r, "standards.title"), Standards: ss})
	return nil
}

type standardFormPage struct {
	basePage
	Standard *catalog.Standard
	Errors   formErrors
}

func (s *Server) renderStandardForm(w http.ResponseWriter, r *http.Request, status int, st *catalog.Standard, err error) error {
	data := standardFormPage{basePage: s.base(w, r, "standards.new"), Standard: st, Errors: fieldErrors(s.printer(r), err)}
	s.render(w, r, status, "catalog/form", data)
	return nil
}

func (s *Server) standardNew(w http.ResponseWriter, r *http.Request) error {
	if err := policy.Check(httpx.Actor(r.Context()), policy.StandardEdit, policy.Resource{}); err != nil {
		return err
	}
	return s.renderStandardForm(w, r, http.StatusOK, &catalog.Standard{}, nil)
}

func (s *Server) standardCreate(w http.ResponseWriter, r *http.Request) error {
	f := r.PostFormValue
	st := &catalog.Standard{Code: f("code"), Name: f("name"), Owner: f("owner"), Scope: f("scope"), URL: f("url")}
	err := s.Standards.CreateStandard(r.Context(), httpx.Actor(r.Context()), st)
	if isFormError(err) {
		return s.renderStandardForm(w, r, http.StatusUnprocessableEntity, st, err)
	}
	if err != nil {
		return err
	}
	s.redirect(w, r, "/standards/"+strconv.FormatInt(st.ID, 10), "flash.saved")
	return nil
}

type standardShowPage struct {
	basePage
	Standard     *catalog.Standard
	MayEdit      bool
	Drafts       []*catalog.Version
	Retirable    []*catalog.Version
	Decision     pickField
	Picks        []pickField
	Errors       formErrors
	Draft        map[string]string
	LinkPath     map[string]string
	Declarations map[int64]int // verified declarations per version
}

func (s *Server) standardPage(w http.ResponseWriter, r *http.Request, id int64) (standardShowPage, error) {
	ctx, a := r.Context(), httpx.Actor(r.Context())
	data := standardShowPage{basePage: s.base(w, r, "standards.title"), Draft: map[string]string{},
		LinkPath: map[string]string{"need": "/needs/", "project": "/projects/"}, Declarations: map[int64]int{}}
	var err error
	if data.Standard, err = s.Standards.Standard(ctx, a, id); err != nil {
		return data, err
	}
	data.Title = data.Standard.Code + " – " + data.Standard.Name
	if data.Declarations, err = s.Standards.VerifiedCounts(ctx, a); err != nil {
		return data, err
	}
	for _, v := range data.Standard.Versions {
		if v.Status == catalog.Draft {
			data.Drafts = append(data.Drafts, v)
		}
		if v.Status != catalog.Retired {
			data.Retirable = append(data.Retirable, v)
		}
	}
	data.MayEdit = policy.Can(a, policy.StandardEdit, policy.Resource{})
	if !data.MayEdit {
		return data, nil
	}
	path := "/standards/" + strconv.FormatInt(id, 10)
	data.Decision = pickField{Name: "decision_id", Kind: "decision", Label: "standards.adopt.decision", Help: "standards.adopt.decision_help",
		Action: path + "#adopt", Required: true}
	if data.Decision, err = s.newPick(r, data.P, data.Decision); err != nil {
		return data, err
	}
	for _, k := range []string{catalog.LinkNeed, catalog.LinkProject} {
		f := pickField{Name: "item_" + k, Kind: k, Label: "inquiries.link." + k, Help: "standards.link.help", Action: path + "#links"}
		if f, err = s.newPick(r, data.P, f); err != nil {
			return data, err
		}
		data.Picks = append(data.Picks, f)
	}
	return data, nil
}

func (s *Server) standardShow(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	data, err := s.standardPage(w, r, id)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "catalog/show", data)
	return nil
}

// standardAction runs one action on the standard of the path and shows
// the page again with its errors, or redirects.
func (s *Server) standardAction(w http.ResponseWriter, r *http.Request, run func(ctx context.Context, a *policy.Actor, id int64) error) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	err = run(r.Context(), httpx.Actor(r.Context()), id)
	if isFormError(err) {
		data, perr := s.standardPage(w, r, id)
		if perr != nil {
			return perr
		}
		data.Errors = fieldErrors(data.P, err)
		for k := range r.PostForm {
			data.Draft[k] = r.PostFormValue(k)
		}
		status := http.StatusUnprocessableEntity
		if errs.Is(err, errs.Conflict) {
			status = http.StatusConflict
		}
		s.render(w, r, status, "catalog/show", data)
		return nil
	}
	if err != nil {
		return err
	}
	s.redirect(w, r, "/standards/"+strconv.FormatInt(id, 10), "flash.saved")
	return nil
}

// optDate reads an optional date field (YYYY-MM-DD).
func optDate(r *http.Request, field string) (time.Time, error) {
	v := strings.TrimSpace(r.PostFormValue(field))
	if v == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse(time.DateOnly, v)
	if err != nil {
		return t, errs.InvalidField(field, "inquiries.error.date")
	}
	return t, nil
}

// versionOf reads the chosen version id and checks it belongs to the
// standard.
func (s *Server) versionOf(ctx context.Context, a *policy.Actor, standardID int64, r *http.Request) (int64, error) {
	vid := num(r.PostFormValue("version_id"))
	st, err := s.Standards.Standard(ctx, a, standardID)
	if err != nil {
		return 0, err
	}
	for _, v := range st.Versions {
		if v.ID == vid {
			return vid, nil
		}
	}
	return 0, errs.InvalidField("version_id", "error.required")
}

func (s *Server) standardAddVersion(w http.ResponseWriter, r *http.Request) error {
	return s.standardAction(w, r, func(ctx context.Context, a *policy.Actor, id int64) error {
		on, err := optDate(r, "published_on")
		if err != nil {
			return err
		}
		return s.Standards.AddVersion(ctx, a, &catalog.Version{StandardID: id, Version: r.PostFormValue("version"), PublishedOn: on})
	})
}

func (s *Server) standardAdopt(w http.ResponseWriter, r *http.Request) error {
	return s.standardAction(w, r, func(ctx context.Context, a *policy.Actor, id int64) error {
		if err := policy.Check(a, policy.StandardEdit, policy.Resource{}); err != nil {
			return err
		}
		vid, err := s.versionOf(ctx, a, id, r)
		if err != nil {
			return err
		}
		on, err := optDate(r, "adopted_on")
		if err != nil {
			return err
		}
		_, err = s.Standards.Adopt(ctx, a, vid, num(r.PostFormValue("decision_id")), on)
		return err
	})
}

func (s *Server) standardRetire(w http.ResponseWriter, r *http.Request) error {
	return s.standardAction(w, r, func(ctx context.Context, a *policy.Actor, id int64) error {
		if err := policy.Check(a, policy.StandardEdit, policy.Resource{}); err != nil {
			return err
		}
		vid, err := s.versionOf(ctx, a, id, r)
		if err != nil {
			return err
		}
		_, err = s.Standards.Retire(ctx, a, vid, time.Time{})
		return err
	})
}

func (s *Server) standardLink(w http.ResponseWriter, r *http.Request) error {
	return s.standardAction(w, r, func(ctx context.Context, a *policy.Actor, id int64) error {
		for _, k := range []string{catalog.LinkNeed, catalog.LinkProject} {
			if v := num(r.PostFormValue("item_" + k)); v != 0 {
				return s.Standards.Link(ctx, a, id, catalog.Link{Type: k, ID: v})
			}
		}
		if err := policy.Check(a, policy.StandardEdit, policy.Resource{}); err != nil {
			return err
		}
		return errs.InvalidField("item_need", "inquiries.error.pick")
	})
}

type conformancePage struct {
	basePage
	Versions     []*catalog.Version
	Version      *catalog.Version
	Declarations []*catalog.Declaration
	Pending      []*catalog.Declaration
	Q            string
	// More and MorePending say that a list holds more rows than are shown
	// (conformanceRows): the reader narrows with the search or a standard.
	More, MorePending bool
	Rows              int
	MayVerify         bool
	MayDeclare        bool
}

// conformanceRows bounds each table of the conformance page.
const conformanceRows = 100

// conformanceList answers "which products meet NPS 3.1?": the verified
// declarations, for one standard version when ?version= names it.
func (s *Server) conformanceList(w http.ResponseWriter, r *http.Request) error {
	ctx, a := r.Context(), httpx.Actor(r.Context())
	data := conformancePage{basePage: s.base(w, r, "conformance.title")}
	var err error
	if data.Versions, err = s.Standards.Versions(ctx, a); err != nil {
		return err
	}
	f := catalog.DeclarationFilter{}
	if v := num(r.URL.Query().Get("version")); v > 0 {
		for _, x := range data.Versions {
			if x.ID == v {
				data.Version, f.StandardVersionID = x, v
				data.Title = data.T("conformance.title_for", "standard", x.Label())
			}
		}
	}
	data.Q = strings.TrimSpace(r.URL.Query().Get("q"))
	f.Q, f.Limit, data.Rows = data.Q, conformanceRows+1, conformanceRows
	f.State = catalog.Verified
	if data.Declarations, err = s.Standards.Declarations(ctx, a, f); err != nil {
		return err
	}
	f.State = catalog.Declared
	if data.Pending, err = s.Standards.Declarations(ctx, a, f); err != nil {
		return err
	}
	if data.More = len(data.Declarations) > conformanceRows; data.More {
		data.Declarations = data.Declarations[:conformanceRows]
	}
	if data.MorePending = len(data.Pending) > conformanceRows; data.MorePending {
		data.Pending = data.Pending[:conformanceRows]
	}
	data.MayVerify = policy.Can(a, policy.ConformanceVerify, policy.Resource{})
	data.MayDeclare = policy.Can(a, policy.ConformanceDeclare, policy.Resource{})
	s.render(w, r, http.StatusOK, "catalog/conformance", data)
	return nil
}

type declarationFormPage struct {
	basePage
	Declaration *catalog.Declaration
	Versions    []*catalog.Version
	Vendors     []*org.Organisation
	Errors      formErrors
}

func (s *Server) renderDeclarationForm(w http.ResponseWriter, r *http.Request, status int, d *catalog.Declaration, err error) error {
	ctx, a := r.Context(), httpx.Actor(r.Context())
	data := declarationFormPage{basePage: s.base(w, r, "conformance.new"), Declaration: d}
	vs, verr := s.Standards.Versions(ctx, a)
	if verr != nil {
		return verr
	}
	for _, v := range vs {
		if v.Status != catalog.Retired {
			data.Versions = append(data.Versions, v)
		}
	}
	if a.Has(policy.Secretariat) {
		page, oerr := s.Orgs.List(ctx, a, org.Filter{Kind: policy.OrgVendor, Limit: 500})
		if oerr != nil {
			return oerr
		}
		data.Vendors = page.Items
	}
	data.Errors = fieldErrors(data.P, err)
	s.render(w, r, status, "catalog/declare", data)
	return nil
}

func (s *Server) conformanceNew(w http.ResponseWriter, r *http.Request) error {
	if err := policy.Check(httpx.Actor(r.Context()), policy.ConformanceDeclare, policy.Resource{}); err != nil {
		return err
	}
	return s.renderDeclarationForm(w, r, http.StatusOK, &catalog.Declaration{StandardVersionID: num(r.URL.Query().Get("version"))}, nil)
}

func (s *Server) conformanceCreate(w http.ResponseWriter, r *http.Request) error {
	f := r.PostFormValue
	d := &catalog.Declaration{VendorID: num(f("vendor_id")), Product: f("product"), ProductVersion: f("product_version"),
		StandardVersionID: num(f("standard_version_id")), EvidenceURL: f("evidence_url")}
	if file := formUpload(r, "evidence_file"); file != nil {
		d.EvidenceName = file.Filename
		if d.EvidenceData, _ = file.ReadAll(needs.MaxAttachment); d.EvidenceName == "" {
			d.EvidenceName = "evidence"
		}
	}
	err := s.Standards.Declare(r.Context(), httpx.Actor(r.Context()), d)
	if isFormError(err) {
		return s.renderDeclarationForm(w, r, http.StatusUnprocessableEntity, d, err)
	}
	if err != nil {
		return err
	}
	s.redirect(w, r, "/conformance?version="+strconv.FormatInt(d.StandardVersionID, 10), "conformance.flash.declared")
	return nil
}

func (s *Server) conformanceDecide(w http.ResponseWriter, r *http.Request, verify bool) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	a := httpx.Actor(r.Context())
	if verify {
		_, err = s.Standards.Verify(r.Context(), a, id)
	} else {
		_, err = s.Standards.Reject(r.Context(), a, id, r.PostFormValue("reason"))
	}
	if err != nil {
		return err
	}
	s.redirect(w, r, "/conformance", "flash.saved")
	return nil
}

// conformanceEvidence serves a declaration's test report to whoever may
// see the declaration.
func (s *Server) conformanceEvidence(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	d, err := s.Standards.Evidence(r.Context(), httpx.Actor(r.Context()), id)
	if err != nil {
		return err
	}
	return httpx.ServeDownload(w, d.EvidenceName, d.EvidenceType, d.EvidenceData)
}

func (s *Server) conformanceVerify(w http.ResponseWriter, r *http.Request) error {
	return s.conformanceDecide(w, r, true)
}

func (s *Server) conformanceReject(w http.ResponseWriter, r *http.Request) error {
	return s.conformanceDecide(w, r, false)
}
