package web

import (
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/samstyr/samstyr/internal/errs"
	"github.com/samstyr/samstyr/internal/httpx"
	"github.com/samstyr/samstyr/internal/needs"
	"github.com/samstyr/samstyr/internal/policy"
)

func (s *Server) registerAssessmentRoutes(mux *http.ServeMux) {
	s.route(mux, "GET /assessment/methods", public, s.methodList)
	s.route(mux, "GET /assessment/methods/{id}", public, s.methodShow)
	s.route(mux, "GET /assessment/methods/{id}/edit", signedIn, s.methodEdit)
	s.route(mux, "POST /assessment/methods/{id}", signedIn, s.methodSave)
	s.route(mux, "GET /assessment/rounds", signedIn, s.roundList)
	s.route(mux, "GET /assessment/rounds/new", signedIn, s.roundNew)
	s.route(mux, "POST /assessment/rounds", signedIn, s.roundOpen)
	s.route(mux, "GET /assessment/rounds/{id}", signedIn, s.roundShow)
	s.route(mux, "GET /assessment/rounds/{id}/close", signedIn, s.roundCloseConfirm)
	s.route(mux, "POST /assessment/rounds/{id}/close", signedIn, s.roundClose)
	s.route(mux, "GET /assessment/rounds/{id}/needs/{need}", signedIn, s.scoreForm)
	s.route(mux, "POST /assessment/rounds/{id}/needs/{need}", signedIn, s.scoreSubmit)
}

type methodListPage struct {
	basePage
	Methods []*needs.Method
}

func (s *Server) methodList(w http.ResponseWriter, r *http.Request) error {
	ms, err := s.Needs.Methods(r.Context(), httpx.Actor(r.Context()))
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "assessment/methods", methodListPage{basePage: s.base(w, r, "assessment.methods.title"), Methods: ms})
	return nil
}

type methodPage struct {
	basePage
	Method *needs.Method
	States []string
	Rows   []needs.Criterion // the criteria and blank rows for new ones
	Errors formErrors
}

// CritName returns a criterion's name in the page's language.
func (p methodPage) CritName(c needs.Criterion) string { return c.Name(p.Lang) }

// Texts returns a criterion's guidance and scale in the page's language,
// or in bokmål with Fallback set.
func (p methodPage) Texts(c needs.Criterion) needs.Texts { return c.TextsIn(p.Lang) }

// Public reports whether the method makes a state public.
func (p methodPage) Public(state string) bool { return slices.Contains(p.Method.PublicStates, state) }

func (s *Server) methodShow(w http.ResponseWriter, r *http.Request) error {
	return s.methodPageOf(w, r, "assessment/method", false)
}

func (s *Server) methodEdit(w http.ResponseWriter, r *http.Request) error {
	if err := s.canOrg(r, string(policy.MethodEdit)); err != nil {
		return err
	}
	return s.methodPageOf(w, r, "assessment/method_form", true)
}

func (s *Server) methodPageOf(w http.ResponseWriter, r *http.Request, tmpl string, edit bool) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	m, err := s.Needs.Method(r.Context(), httpx.Actor(r.Context()), id)
	if err != nil {
		return err
	}
	data := methodPage{basePage: s.base(w, r, "assessment.method.title"), Method: m, States: needs.States, Rows: m.Criteria}
	data.Title = data.P.T("assessment.method.heading", "version", m.Version)
	if edit {
		data.Rows = append(slices.Clone(m.Criteria), needs.Criterion{Min: 1, Max: 5}, needs.Criterion{Min: 1, Max: 5})
	}
	s.render(w, r, http.StatusOK, tmpl, data)
	return nil
}

// methodFromForm reads the method form; blank and removed criterion rows
// are left out.
func methodFromForm(r *http.Request) (*needs.Method, []needs.Criterion, error) {
	f := r.PostForm
	m := &needs.Method{Name: f.Get("name"), Notes: f.Get("notes"), MandatoryFirst: f.Get("mandatory_first") == "on", PublicStates: f["public_states"]}
	if m.PublicStates == nil {
		m.PublicStates = []string{}
	}
	var v errs.Validation
	num := func(field string) int64 {
		n, err := strconv.ParseInt(strings.TrimSpace(f.Get(field)), 10, 64)
		if err != nil {
			v.Add(field, "error.number")
		}
		return n
	}
	m.BackingWeight, m.BackingSharePct, m.BackingMunicipalities = num("backing_weight"), num("backing_share_full_pct"), num("backing_municipalities_full")
	var rows []needs.Criterion
	for i := 0; f.Has(fmt.Sprintf("criteria.%d.key", i)); i++ {
		p := fmt.Sprintf("criteria.%d.", i)
		c := needs.Criterion{Key: f.Get(p + "key"), NameNB: f.Get(p + "name_nb"), NameNN: f.Get(p + "name_nn"), NameEN: f.Get(p + "name_en"),
			Guidance: f.Get(p + "guidance"), GuidanceNN: f.Get(p + "guidance_nn"), GuidanceEN: f.Get(p + "guidance_en"),
			Anchors: needs.ParseAnchors(f.Get(p + "anchors")), AnchorsNN: needs.ParseAnchors(f.Get(p + "anchors_nn")),
			AnchorsEN: needs.ParseAnchors(f.Get(p + "anchors_en")), Inverse: f.Get(p+"inverse") == "on",
			MandatoryOverride: f.Get(p+"mandatory_override") == "on", Min: num(p + "min"), Max: num(p + "max"), Weight: num(p + "weight")}
		rows = append(rows, c)
		if strings.TrimSpace(c.Key+c.NameNB+c.NameNN+c.NameEN) != "" && f.Get(p+"remove") != "on" {
			m.Criteria = append(m.Criteria, c)
		}
	}
	return m, rows, v.Err()
}

func (s *Server) methodSave(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	m, rows, err := methodFromForm(r)
	var saved *needs.Method
	created := false
	if err == nil {
		saved, created, err = s.Needs.SaveMethod(r.Context(), httpx.Actor(r.Context()), id, m)
	} else if perr := s.Needs.MayEditMethod(httpx.Actor(r.Context())); perr != nil {
		return perr // permission before the form's own errors
	}
	if isFormError(err) {
		m.ID, m.Version = id, 0
		data := methodPage{basePage: s.base(w, r, "assessment.method.edit"), Method: m, States: needs.States, Rows: rows}
		data.Errors = fieldErrors(data.P, err)
		s.render(w, r, http.StatusUnprocessableEntity, "assessment/method_form", data)
		return nil
	}
	if err != nil {
		return err
	}
	flash := "flash.saved"
	if created {
		flash = "assessment.flash.new_version"
	}
	s.redirect(w, r, "/assessment/methods/"+strconv.FormatInt(saved.ID, 10), flash)
	return nil
}

type roundListPage struct {
	basePage
	Rounds []*needs.Round
}

func (s *Server) roundList(w http.ResponseWriter, r *http.Request) error {
	rs, err := s.Needs.Rounds(r.Context(), httpx.Actor(r.Context()))
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "assessment/rounds", roundListPage{basePage: s.base(w, r, "assessment.rounds.title"), Rounds: rs})
	return nil
}

type roundFormPage struct {
	basePage
	Methods  []*needs.Method
	Eligible []*needs.Need
	Input    needs.RoundInput
	Errors   formErrors
}

// Chosen reports whether a need is ticked.
func (p roundFormPage) Chosen(id int64) bool { return slices.Contains(p.Input.NeedIDs, id) }

func (s *Server) roundForm(w http.ResponseWriter, r *http.Request, in needs.RoundInput, err error) error {
	a := httpx.Actor(r.Context())
	data := roundFormPage{basePage: s.base(w, r, "assessment.rounds.new"), Input: in}
	data.Errors = fieldErrors(data.P, err)
	var lerr error
	if data.Eligible, lerr = s.Needs.Eligible(r.Context(), a); lerr != nil {
		return lerr
	}
	if data.Methods, lerr = s.Needs.Methods(r.Context(), a); lerr != nil {
		return lerr
	}
	if data.Input.MethodID == 0 && len(data.Methods) > 0 {
		data.Input.MethodID = data.Methods[0].ID
	}
	s.render(w, r, statusFor(data.Errors), "assessment/round_form", data)
	return nil
}

func (s *Server) roundNew(w http.ResponseWriter, r *http.Request) error {
	return s.roundForm(w, r, needs.RoundInput{}, nil)
}

func (s *Server) roundOpen(w http.ResponseWriter, r *http.Request) error {
	in := needs.RoundInput{Name: r.PostFormValue("name")}
	in.MethodID, _ = strconv.ParseInt(r.PostFormValue("method_id"), 10, 64)
	for _, x := range r.PostForm["need_ids"] {
		if id, err := strconv.ParseInt(x, 10, 64); err == nil {
			in.NeedIDs = append(in.NeedIDs, id)
		}
	}
	rd, err := s.Needs.OpenRound(r.Context(), httpx.Actor(r.Context()), in)
	if isFormError(err) {
		return s.roundForm(w, r, in, err)
	}
	if err != nil {
		return err
	}
	s.redirect(w, r, "/assessment/rounds/"+strconv.FormatInt(rd.ID, 10), "assessment.flash.opened")
	return nil
}

type roundPage struct {
	basePage
	Round  *needs.Round
	Method *needs.Method
	Mine   []int64 // needs the viewer has scored
	// Progress is the scoring progress per need and assessor, for the
	// secretariat while the round is open (nil for others).
	Progress *needs.RoundProgress
}

// Ranked returns the results with a rank (all of an open round's).
func (p roundPage) Ranked() []needs.Result {
	var out []needs.Result
	for _, x := range p.Round.Results {
		if !x.NotAssessed {
			out = append(out, x)
		}
	}
	return out
}

// NotAssessed returns the needs of a closed round nobody scored.
func (p roundPage) NotAssessed() []needs.Result {
	var out []needs.Result
	for _, x := range p.Round.Results {
		if x.NotAssessed {
			out = append(out, x)
		}
	}
	return out
}

// PartlyScored returns the needs some but not all assessors have scored.
func (p roundPage) PartlyScored() []needs.NeedProgress {
	var out []needs.NeedProgress
	if p.Progress != nil {
		for _, n := range p.Progress.Needs {
			if len(n.Scored) > 0 && len(n.Missing) > 0 {
				out = append(out, n)
			}
		}
	}
	return out
}

// Unscored reports whether nobody has scored a need yet.
func (p roundPage) Unscored(id int64) bool {
	return p.Progress != nil && slices.Contains(p.Progress.Unscored, id)
}

// Scored reports whether the viewer has scored a need.
func (p roundPage) Scored(id int64) bool { return slices.Contains(p.Mine, id) }

func (s *Server) roundShow(w http.ResponseWriter, r *http.Request) error {
	data, err := s.roundPageOf(w, r)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "assessment/round", data)
	return nil
}

func (s *Server) roundPageOf(w http.ResponseWriter, r *http.Request) (roundPage, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return roundPage{}, err
	}
	a := httpx.Actor(r.Context())
	rd, err := s.Needs.Round(r.Context(), a, id)
	if err != nil {
		return roundPage{}, err
	}
	m, err := s.Needs.Method(r.Context(), a, rd.MethodID)
	if err != nil {
		return roundPage{}, err
	}
	data := roundPage{basePage: s.base(w, r, "assessment.round.title"), Round: rd, Method: m}
	for _, x := range rd.Results {
		if !x.Hidden && x.Assessors > 0 && rd.State == needs.RoundOpen {
			data.Mine = append(data.Mine, x.NeedID)
		}
	}
	if rd.State == needs.RoundOpen && data.Can(string(policy.RoundClose)) {
		if data.Progress, err = s.Needs.RoundProgress(r.Context(), a, id); err != nil {
			return roundPage{}, err
		}
	}
	data.Title = rd.Name
	return data, nil
}

// roundCloseConfirm is the step before closing: it lists what is missing
// (needs nobody scored, assessors who have not scored a need) and asks to
// confirm.
func (s *Server) roundCloseConfirm(w http.ResponseWriter, r *http.Request) error {
	if err := s.canOrg(r, string(policy.RoundClose)); err != nil {
		return err
	}
	data, err := s.roundPageOf(w, r)
	if err != nil {
		return err
	}
	if data.Round.State != needs.RoundOpen {
		s.redirect(w, r, "/assessment/rounds/"+strconv.FormatInt(data.Round.ID, 10), "")
		return nil
	}
	data.Title = data.P.T("assessment.close.heading", "name", data.Round.Name)
	s.render(w, r, http.StatusOK, "assessment/round_close", data)
	return nil
}

func (s *Server) roundClose(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	where := "/assessment/rounds/" + strconv.FormatInt(id, 10)
	_, err = s.Needs.CloseRound(r.Context(), httpx.Actor(r.Context()), id, r.PostFormValue("confirm") == "yes")
	if e := errs.As(err); e != nil && e.Key == "needs.error.round_incomplete" {
		s.redirect(w, r, where+"/close", "") // not confirmed: show what is missing
		return nil
	}
	if err != nil {
		return err
	}
	s.redirect(w, r, where, "assessment.flash.closed")
	return nil
}
