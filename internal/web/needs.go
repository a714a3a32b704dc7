package web

import (
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/samstyr/samstyr/internal/directives"
	"github.com/samstyr/samstyr/internal/errs"
	"github.com/samstyr/samstyr/internal/geo"
	"github.com/samstyr/samstyr/internal/httpx"
	"github.com/samstyr/samstyr/internal/listing"
	"github.com/samstyr/samstyr/internal/needs"
	"github.com/samstyr/samstyr/internal/org"
	"github.com/samstyr/samstyr/internal/policy"
	"github.com/samstyr/samstyr/internal/projects"
)

func (s *Server) registerNeedRoutes(mux *http.ServeMux) {
	s.route(mux, "GET /needs", public, s.needList)
	s.route(mux, "GET /needs/export", public, s.needExport)
	s.route(mux, "GET /needs/new", signedIn, s.needNew)
	s.route(mux, "POST /needs", signedIn, s.needCreate)
	s.route(mux, "GET /needs/similar", public, s.needSimilar)
	s.route(mux, "GET /needs/{id}", public, s.needShow)
	s.route(mux, "GET /needs/{id}/edit", signedIn, s.needEdit)
	s.route(mux, "POST /needs/{id}", signedIn, s.needUpdate)
	s.route(mux, "POST /needs/{id}/transitions", signedIn, s.needTransition)
	s.route(mux, "POST /needs/{id}/merge", signedIn, s.needMerge)
	s.route(mux, "POST /needs/{id}/backing", signedIn, s.needBack)
	s.route(mux, "POST /needs/{id}/backing/withdraw", signedIn, s.needUnback)
	s.route(mux, "POST /needs/{id}/attachments", signedIn, s.needAttach)
	s.route(mux, "GET /needs/{id}/attachments/{aid}", signedIn, s.needAttachment)
	s.route(mux, "GET /organisations/{id}/needs", public, s.orgNeeds)
}

// needEnums are the choices of the need forms and filters.
type needEnums struct {
	States, Areas, Affected, Sources, Urgencies, Sizes, Sorts []string
}

var enums = needEnums{needs.States, needs.Areas, needs.AffectedGroups, needs.Sources, needs.Urgencies, needs.Sizes, needs.Sorts}

// needQuery reads the list filters (needs.ParseFilter, shared with the
// API) and the page's cursor from the query string.
func needQuery(q url.Values) (needs.Filter, error) {
	f, err := needs.ParseFilter(q)
	c, cerr := listing.DecodeCursor(q.Get("cursor"))
	if cerr != nil {
		var v errs.Validation
		if e := errs.As(err); e != nil {
			for _, fe := range e.Fields {
				v.Add(fe.Field, fe.Key)
			}
		}
		v.Add("cursor", "error.cursor")
		return f, v.Err()
	}
	f.After = c
	return f, err
}

type needListPage struct {
	basePage
	needEnums
	Filter   needs.Filter
	Needs    []*needs.Need
	Counties []org.County
	Rounds   []*needs.Round
	Query    url.Values // the filters, for the export links
	Next     string
	Errors   formErrors
}

func (s *Server) needList(w http.ResponseWriter, r *http.Request) error {
	a := httpx.Actor(r.Context())
	f, err := needQuery(r.URL.Query())
	data := needListPage{basePage: s.base(w, r, "needs.title"), needEnums: enums, Filter: f, Query: exportQuery(r.URL.Query())}
	if err == nil {
		var page listing.Page[*needs.Need]
		page, err = s.Needs.List(r.Context(), a, f)
		data.Needs, data.Next = page.Items, nextQuery(r.URL.Query(), page.Next)
	}
	if err != nil && !isFormError(err) {
		return err
	}
	data.Errors = fieldErrors(data.P, err)
	if data.Counties, err = s.Orgs.Counties(r.Context(), a); err != nil {
		return err
	}
	if policy.Can(a, policy.RoundList, policy.Resource{}) {
		if data.Rounds, err = s.Needs.Rounds(r.Context(), a); err != nil {
			return err
		}
	}
	s.render(w, r, statusFor(data.Errors), "needs/list", data)
	return nil
}

func statusFor(e formErrors) int {
	if e.Any() {
		return http.StatusUnprocessableEntity
	}
	return http.StatusOK
}

// nextQuery is the query string of the next page, "" on the last.
func nextQuery(q url.Values, next string) string {
	if next == "" {
		return ""
	}
	nq := exportQuery(q)
	nq.Set("cursor", next)
	return nq.Encode()
}

// exportQuery keeps the filters of a list query (no cursor).
func exportQuery(q url.Values) url.Values {
	out := url.Values{}
	for _, k := range []string{"state", "area", "county", "organisation", "round", "backing", "q", "sort"} {
		if v := q.Get(k); v != "" {
			out.Set(k, v)
		}
	}
	return out
}

type needShowPage struct {
	basePage
	needEnums
	*needs.View
	Map       template.HTML
	MaxFileMB int
	Form      url.Values // the form as posted, when re-rendered
	Errors    formErrors
	// Merge and Decision are the search-and-pick fields of the merge and
	// prioritise forms (only when the person may take those moves).
	Merge, Decision pickField
	// OpenForm is the action form to show open (the one posted or searched).
	OpenForm string
	// Thread is what became of the need: its idea, directive and project
	// (nil before an idea was made of it).
	Thread *directives.Thread
	// FromInput is the project input the need was made from, if any.
	FromInput *projects.Input
}

// Open reports whether the need can still change.
func (p needShowPage) Open() bool { return needs.IsOpen(p.Need.State) }

// FieldID is the id of a field of one of the page's action forms: the
// field's own name in the form that was posted (so that the error summary
// links to it), prefixed by the form elsewhere (ids are unique).
func (p needShowPage) FieldID(form, name string) string {
	if p.OpenForm == form && p.Form != nil {
		return name
	}
	return form + "-" + name
}

// FormFor returns a posted value of form (the action form posted, shown
// again with its errors), "" for the other forms of the page.
func (p needShowPage) FormFor(form, field string) string {
	if p.Form == nil || p.Form.Get("form") != form {
		return ""
	}
	return p.Form.Get(field)
}

func (s *Server) needShow(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	data, err := s.needPage(w, r, id)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "needs/show", data)
	return nil
}

// needPage gathers everything the need page shows: the service's View
// (the need, read once, and what this person may do with it) and the
// search-and-pick fields of the actions they may take.
func (s *Server) needPage(w http.ResponseWriter, r *http.Request, id int64) (needShowPage, error) {
	ctx, a := r.Context(), httpx.Actor(r.Context())
	data := needShowPage{basePage: s.base(w, r, "needs.title"), needEnums: enums, MaxFileMB: needs.MaxAttachment >> 20}
	var err error
	if data.View, err = s.Needs.View(ctx, a, id, 5); err != nil {
		return data, err
	}
	data.Title = data.Need.Title
	dependsOn(r, data.View.Depends()...)
	path := "/needs/" + strconv.FormatInt(id, 10)
	if data.Allowed.Merge {
		data.Merge = pickField{Name: "into", Kind: "need", Label: "needs.merge.into", Help: "needs.merge.into_help", Action: path + "#merge",
			Exclude: id, Required: true}
		if data.Merge, err = s.newPick(r, data.P, data.Merge); err != nil {
			return data, err
		}
		if data.Merge.Searched {
			data.OpenForm = "merge"
		}
	}
	if _, ok := data.Allowed.Move(needs.Prioritised); ok {
		data.Decision = pickField{Name: "decision_id", Kind: "priority_decision", Label: "needs.move.decision", Help: "needs.move.decision_help",
			Action: path + "#move-prioritised", Required: true}
		if data.Decision, err = s.newPick(r, data.P, data.Decision); err != nil {
			return data, err
		}
		if data.Decision.Searched {
			data.OpenForm = "move-prioritised"
		}
	}
	if data.Thread, err = s.Directives.ThreadOfNeed(r.Context(), data.Actor, id); err != nil {
		return data, err
	}
	data.FromInput = s.inputOfNeed(r, data.Actor, id)
	data.Map, err = s.backingMap(data.P, data.Backings, data.Stats)
	return data, err
}

// backingMap draws the map of Norway with the backing municipalities shaded.
func (s *Server) backingMap(p interface {
	T(string, ...any) string
	N(string, int64, ...any) string
	Percent(float64, int) string
}, bs []*needs.Backing, st needs.Stats) (template.HTML, error) {
	shaded := map[string]string{}
	for _, b := range bs {
		if b.MunicipalityNumber != "" {
			shaded[b.MunicipalityNumber] = b.OrgName
		}
	}
	svg, err := geo.SVG(geo.Map{ID: "backing-map", Title: p.T("needs.map.title"),
		Desc:     p.N("needs.map.desc", st.Municipalities, "share", p.Percent(st.PopulationShare, 1)),
		Shaded:   shaded,
		Classes:  [2]string{"map-muni", "map-muni map-muni--backing"},
		BaseHref: s.mapHref})
	return template.HTML(svg), err // built from escaped text and numbers only
}

type needFormPage struct {
	basePage
	needEnums
	Need      *needs.Need
	Input     needs.Input
	Contacts  []needs.Contact
	Similar   []*needs.Need
	Checked   bool // the similar-needs check has run
	New       bool
	Standards string
	Comps     string
	Errors    formErrors
}

func (s *Server) needForm(w http.ResponseWriter, r *http.Request, title string, n *needs.Need, in needs.Input, err error) error {
	data := needFormPage{basePage: s.base(w, r, title), needEnums: enums, Need: n, Input: in, New: n == nil,
		Standards: strings.Join(in.Standards, "\n"), Comps: strings.Join(in.Components, "\n")}
	data.Errors = fieldErrors(data.P, err)
	var cerr error
	if data.Contacts, cerr = s.Needs.Colleagues(r.Context(), httpx.Actor(r.Context())); cerr != nil && n == nil {
		return cerr
	}
	if r.PostFormValue("action") == "check" {
		data.Checked = true
		if data.Similar, cerr = s.Needs.SimilarTo(r.Context(), httpx.Actor(r.Context()), in.Title, in.Problem, 8); cerr != nil {
			return cerr
		}
	}
	status := http.StatusOK
	if err != nil {
		status = http.StatusUnprocessableEntity
	}
	s.render(w, r, status, "needs/form", data)
	return nil
}

func (s *Server) needNew(w http.ResponseWriter, r *http.Request) error {
	if err := s.canOrg(r, string(policy.NeedCreate)); err != nil {
		if a := httpx.Actor(r.Context()); a != nil && a.OrgID == 0 {
			return errs.E(errs.Forbidden, "needs.error.no_org")
		}
		return err
	}
	return s.needForm(w, r, "needs.new", nil, needs.Input{Affected: []string{}}, nil)
}

// needInput reads the need form.
// formFiles reads the files of a multipart field (each at most one byte
// over the limit, so the service can say the file is too large).
func formFiles(r *http.Request, field string) ([]*needs.Attachment, error) {
	var out []*needs.Attachment
	for _, h := range formUploads(r, field) {
		data, err := h.ReadAll(needs.MaxAttachment)
		if err != nil {
			return nil, err
		}
		out = append(out, &needs.Attachment{Name: h.Filename, Data: data})
	}
	return out, nil
}

func needInput(r *http.Request) (needs.Input, error) {
	f := r.PostForm
	in := needs.Input{Title: f.Get("title"), Problem: f.Get("problem"), Affected: f["affected"], Area: f.Get("area"), Source: f.Get("source"),
		Benefit: f.Get("benefit"), Urgency: f.Get("urgency"), Size: f.Get("size"), Standards: needs.SplitList(f.Get("standards")),
		Components: needs.SplitList(f.Get("components")), Draft: f.Get("action") == "draft"}
	var v errs.Validation
	for name, p := range map[string]*int64{"hours_saved": &in.HoursSaved, "nok_saved": &in.NOKSaved, "contact_id": &in.ContactID} {
		if x := strings.ReplaceAll(strings.TrimSpace(f.Get(name)), " ", ""); x != "" {
			n, err := strconv.ParseInt(x, 10, 64)
			if err != nil {
				v.Add(name, "error.number")
			}
			*p = n
		}
	}
	if d := strings.TrimSpace(f.Get("legal_deadline")); d != "" {
		t, err := time.Parse(time.DateOnly, d)
		if err != nil {
			v.Add("legal_deadline", "error.date")
		}
		in.LegalDeadline = t
	}
	return in, v.Err()
}

func (s *Server) needCreate(w http.ResponseWriter, r *http.Request) error {
	in, err := needInput(r)
	if err == nil {
		in.Attachments, err = formFiles(r, "attachments")
	}
	if r.PostFormValue("action") == "check" {
		in.Normalize()
		return s.needForm(w, r, "needs.new", nil, in, err)
	}
	var n *needs.Need
	if err == nil {
		n, err = s.Needs.Create(r.Context(), httpx.Actor(r.Context()), in)
	}
	if isFormError(err) {
		return s.needForm(w, r, "needs.new", nil, in, err)
	}
	if err != nil {
		return err
	}
	flash := "needs.flash.submitted"
	if n.State == needs.Draft {
		flash = "needs.flash.draft"
	}
	s.redirect(w, r, "/needs/"+strconv.FormatInt(n.ID, 10), flash)
	return nil
}

func (s *Server) needEdit(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	n, err := s.Needs.Get(r.Context(), httpx.Actor(r.Context()), id)
	if err != nil {
		return err
	}
	if !policy.Can(httpx.Actor(r.Context()), policy.NeedUpdate, policy.Resource{OrgID: n.OrgID, State: n.State}) {
		return errs.E(errs.Forbidden, "error.forbidden")
	}
	if n.State != needs.Draft && n.State != needs.Returned {
		return errs.E(errs.Conflict, "needs.error.not_editable")
	}
	return s.needForm(w, r, "needs.edit", n, needs.InputOf(n), nil)
}

func (s *Server) needUpdate(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	in, err := needInput(r)
	var n *needs.Need
	if err == nil && r.PostFormValue("action") != "check" {
		n, err = s.Needs.Update(r.Context(), httpx.Actor(r.Context()), id, in)
	}
	if isFormError(err) || r.PostFormValue("action") == "check" {
		old, gerr := s.Needs.Get(r.Context(), httpx.Actor(r.Context()), id)
		if gerr != nil {
			return gerr
		}
		in.Normalize()
		return s.needForm(w, r, "needs.edit", old, in, err)
	}
	if err != nil {
		return err
	}
	s.redirect(w, r, "/needs/"+strconv.FormatInt(n.ID, 10), "flash.saved")
	return nil
}

type needSimilarPage struct {
	basePage
	TitleQ, ProblemQ string
	Similar          []*needs.Need
}

func (s *Server) needSimilar(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	data := needSimilarPage{basePage: s.base(w, r, "needs.similar.title"), TitleQ: q.Get("title"), ProblemQ: q.Get("problem")}
	var err error
	if data.Similar, err = s.Needs.SimilarTo(r.Context(), httpx.Actor(r.Context()), data.TitleQ, data.ProblemQ, 10); err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "needs/similar", data)
	return nil
}
