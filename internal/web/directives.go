package web

import (
	"context"
	"fmt"
	"math"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/samstyr/samstyr/internal/directives"
	"github.com/samstyr/samstyr/internal/errs"
	"github.com/samstyr/samstyr/internal/httpx"
	"github.com/samstyr/samstyr/internal/i18n"
	"github.com/samstyr/samstyr/internal/meetings"
	"github.com/samstyr/samstyr/internal/needs"
	"github.com/samstyr/samstyr/internal/policy"
	"github.com/samstyr/samstyr/internal/projects"
)

// The concept phase's pages: project ideas, directives with their
// versions and diff, and projects (internal/directives).

func (s *Server) registerDirectiveRoutes(mux *http.ServeMux) {
	s.route(mux, "GET /ideas", signedIn, s.ideaList)
	s.route(mux, "GET /ideas/new", signedIn, s.ideaNew)
	s.route(mux, "POST /ideas", signedIn, s.ideaCreate)
	s.route(mux, "GET /ideas/{id}", signedIn, s.ideaShow)
	s.route(mux, "GET /ideas/{id}/edit", signedIn, s.ideaEdit)
	s.route(mux, "POST /ideas/{id}", signedIn, s.ideaUpdate)
	s.route(mux, "GET /directives", public, s.directiveList)
	s.route(mux, "GET /directives/new", signedIn, s.directiveNew)
	s.route(mux, "POST /directives", signedIn, s.directiveCreate)
	s.route(mux, "GET /directives/{id}", public, s.directiveShow)
	s.route(mux, "GET /directives/{id}/edit", signedIn, s.directiveEdit)
	s.route(mux, "POST /directives/{id}", signedIn, s.directiveUpdate)
	s.route(mux, "POST /directives/{id}/versions", signedIn, s.directiveNewVersion)
	s.route(mux, "GET /projects", public, s.projectList)
	s.route(mux, "GET /projects/{id}", public, s.projectShow)
	s.registerDirectiveDocRoutes(mux)
}

type ideaListPage struct {
	basePage
	Ideas     []*directives.Idea
	MayCreate bool
}

func (s *Server) ideaList(w http.ResponseWriter, r *http.Request) error {
	a := httpx.Actor(r.Context())
	is, err := s.Directives.Ideas(r.Context(), a, directives.IdeaFilter{})
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "directives/ideas", ideaListPage{basePage: s.base(w, r, "ideas.title"), Ideas: is,
		MayCreate: policy.Can(a, policy.IdeaCreate, policy.Resource{})})
	return nil
}

type ideaShowPage struct {
	basePage
	Idea      *directives.Idea
	Needs     []*needs.Need
	Directive *directives.Directive
	Cases     []*meetings.Case
	MayEdit   bool
	// MayEditMandate: the mandate may be changed (idea or concept phase).
	MayEditMandate bool
}

func (s *Server) ideaShow(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	a := httpx.Actor(r.Context())
	i, err := s.Directives.Idea(r.Context(), a, id)
	if err != nil {
		return err
	}
	data := ideaShowPage{basePage: s.base(w, r, "ideas.title"), Idea: i, MayEdit: policy.Can(a, policy.IdeaUpdate, policy.Resource{})}
	data.Title = i.Title
	data.MayEditMandate = s.Directives.MayEditMandate(a, i)
	data.Needs = s.needsOf(r, i.NeedIDs)
	if ds, err := s.Directives.Directives(r.Context(), a, directives.DirectiveFilter{IdeaID: id}); err == nil && len(ds) > 0 {
		data.Directive = ds[0]
	}
	data.Cases, _ = s.Meetings.CasesAbout(r.Context(), a, "project_idea", id)
	s.render(w, r, http.StatusOK, "directives/idea", data)
	return nil
}

// needsOf returns the needs the viewer may see of ids.
func (s *Server) needsOf(r *http.Request, ids []int64) []*needs.Need {
	var out []*needs.Need
	for _, id := range ids {
		if n, err := s.Needs.Get(r.Context(), httpx.Actor(r.Context()), id); err == nil {
			out = append(out, n)
		}
	}
	return out
}

type ideaFormPage struct {
	basePage
	Idea       *directives.Idea
	Candidates []*needs.Need
	Sources    []string
	New        bool
	Errors     formErrors
	// DecisionPick picks the decision an idea from a working group or a
	// guideline rests on.
	DecisionPick pickField
}

func (s *Server) renderIdeaForm(w http.ResponseWriter, r *http.Request, status int, i *directives.Idea, err error) error {
	data := ideaFormPage{basePage: s.base(w, r, "ideas.new"), Idea: i, Sources: directives.Sources, New: i.ID == 0}
	if !data.New {
		data.Title = data.T("ideas.edit")
	} else {
		page, lerr := s.Needs.List(r.Context(), data.Actor, needs.Filter{State: needs.Prioritised, Limit: 200})
		if lerr != nil {
			return lerr
		}
		data.Candidates = page.Items
		f := pickField{Name: "source_decision_id", Kind: "decision", Label: "ideas.field.source_decision", Help: "ideas.help.source_decision_id",
			Action: "/ideas/new#f-source_decision_id"}
		var perr error
		if data.DecisionPick, perr = s.newPick(r, data.P, f); perr != nil {
			return perr
		}
	}
	data.Errors = fieldErrors(data.P, err)
	s.render(w, r, status, "directives/idea_form", data)
	return nil
}

func (s *Server) ideaNew(w http.ResponseWriter, r *http.Request) error {
	if err := policy.Check(httpx.Actor(r.Context()), policy.IdeaCreate, policy.Resource{}); err != nil {
		return err
	}
	i := &directives.Idea{Source: directives.SourceNeeds}
	if n, err := strconv.ParseInt(r.URL.Query().Get("need"), 10, 64); err == nil {
		i.NeedIDs = []int64{n}
	}
	return s.renderIdeaForm(w, r, http.StatusOK, i, nil)
}

// ideaFromForm reads the idea form; bad numbers become -1, which the
// service refuses naming the field.
func ideaFromForm(r *http.Request) *directives.Idea {
	f := r.PostFormValue
	i := &directives.Idea{Title: f("title"), Source: f("source"), Purpose: f("purpose"), Benefits: f("benefits"),
		Alternatives: f("alternatives"), Owner: f("owner"), CostNOK: num(f("cost_nok")), DurationMonths: num(f("duration_months")),
		SourceDecisionID: num(f("source_decision_id")),
		Mandate: directives.Mandate{Background: f("mandate.background"), Purpose: f("mandate.purpose"), Constraints: f("mandate.constraints"),
			Lessons: f("mandate.lessons"), Organisation: f("mandate.organisation"), Results: f("mandate.results"),
			CostNOK: num(f("mandate.cost_nok")), Time: f("mandate.time")}}
	for _, v := range r.PostForm["need_ids"] {
		i.NeedIDs = append(i.NeedIDs, num(v))
	}
	return i
}

// num reads a whole number (spaces allowed); empty is 0, anything else
// that is not a number is -1.
func num(s string) int64 {
	s = strings.NewReplacer(" ", "", "\u00a0", "").Replace(strings.TrimSpace(s))
	if s == "" {
		return 0
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return -1
	}
	return n
}

// pct reads a number of per cent (comma or point); empty is 0, anything
// else that is not a number is NaN.
func pct(s string) float64 {
	s = strings.ReplaceAll(strings.TrimSpace(s), ",", ".")
	if s == "" {
		return 0
	}
	x, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return math.NaN()
	}
	return x
}

func (s *Server) ideaCreate(w http.ResponseWriter, r *http.Request) error {
	i := ideaFromForm(r)
	err := s.Directives.CreateIdea(r.Context(), httpx.Actor(r.Context()), i)
	return s.ideaSaved(w, r, i, err)
}

func (s *Server) ideaEdit(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	a := httpx.Actor(r.Context())
	if err := policy.Check(a, policy.IdeaUpdate, policy.Resource{}); err != nil {
		return err
	}
	i, err := s.Directives.Idea(r.Context(), a, id)
	if err != nil {
		return err
	}
	return s.renderIdeaForm(w, r, http.StatusOK, i, nil)
}

func (s *Server) ideaUpdate(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	i := ideaFromForm(r)
	i.ID = id
	err = s.Directives.UpdateIdea(r.Context(), httpx.Actor(r.Context()), id, i)
	return s.ideaSaved(w, r, i, err)
}

func (s *Server) ideaSaved(w http.ResponseWriter, r *http.Request, i *directives.Idea, err error) error {
	if isFormError(err) {
		return s.renderIdeaForm(w, r, http.StatusUnprocessableEntity, i, err)
	}
	if err != nil {
		return err
	}
	s.redirect(w, r, "/ideas/"+strconv.FormatInt(i.ID, 10), "flash.saved")
	return nil
}

type directiveListPage struct {
	basePage
	Directives []*directives.Directive
	States     []string
	State      string
}

func (s *Server) directiveList(w http.ResponseWriter, r *http.Request) error {
	state := r.URL.Query().Get("state")
	ds, err := s.Directives.Directives(r.Context(), httpx.Actor(r.Context()), directives.DirectiveFilter{State: state})
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "directives/list", directiveListPage{basePage: s.base(w, r, "directives.title"), Directives: ds,
		States: directives.States, State: state})
	return nil
}

type directiveShowPage struct {
	basePage
	Directive *directives.Directive
	Version   *directives.Version
	Versions  []*directives.Version
	Checks    []directives.RoleCheck
	People    map[int64]directives.Person
	Diff      []diffRow
	From, To  int64
	Cases     []*meetings.Case
	MayEdit   bool
	// MayNewVersion: the secretariat may start a new draft version.
	MayNewVersion bool
	Sources       []string
}

func (s *Server) directiveShow(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	a, q := httpx.Actor(r.Context()), r.URL.Query()
	d, err := s.Directives.Directive(r.Context(), a, id)
	if err != nil {
		return err
	}
	data := directiveShowPage{basePage: s.base(w, r, "directives.title"), Directive: d, Sources: directives.FundingSources}
	data.Title = d.Title
	if data.Versions, err = s.Directives.Versions(r.Context(), a, id); err != nil {
		return err
	}
	n := num(q.Get("v"))
	if n <= 0 && len(data.Versions) > 0 {
		n = data.Versions[len(data.Versions)-1].Number
	}
	if data.Version, err = s.Directives.Version(r.Context(), a, id, n); err != nil {
		return err
	}
	data.Checks = data.Version.Content.RoleChecks()
	if data.People, err = s.Directives.People(r.Context(), a, &data.Version.Content); err != nil {
		return err
	}
	if data.From, data.To = num(q.Get("from")), num(q.Get("to")); data.From > 0 && data.To > 0 {
		changes, err := s.Directives.Diff(r.Context(), a, id, data.From, data.To)
		if err != nil {
			return err
		}
		data.Diff = diffRows(changes)
	}
	data.MayEdit = s.Directives.MayEdit(a) && d.State == directives.Draft && n == d.Version && !data.Version.Frozen
	data.MayNewVersion = s.Directives.MayEdit(a) && (d.State == directives.Draft || d.State == directives.Revise)
	data.Cases, _ = s.Meetings.CasesAbout(r.Context(), a, "directive", id)
	s.render(w, r, http.StatusOK, "directives/show", data)
	return nil
}

type directiveFormPage struct {
	basePage
	Directive *directives.Directive
	Number    int64
	Content   *directives.Content
	Ideas     []*directives.Idea
	Errors    formErrors
	New       bool
	// The choices of the form's lists.
	GoalLevels, Sources, StaffRoles, RequiredRoles, BenefitTypes, Reporting []string
	// Rows: the content's list rows plus blank ones to fill in.
	Goals        []directives.Goal
	Deliverables []directives.Deliverable
	Milestones   []directives.Milestone
	Budget       []directives.BudgetLine
	Staffing     []directives.Staff
	Waivers      []directives.Waiver
	Benefits     []directives.Benefit
	// The people: picked from a search (web/directive_pick.go).
	OwnerPick, ManagerPick, SteeringPick pickField
	Steering                             []steeringMember
}

// blank is how many empty rows each list of the form offers.
const blank = 2

func (s *Server) renderDirectiveForm(w http.ResponseWriter, r *http.Request, status int, d *directives.Directive, n int64, c *directives.Content, err error) error {
	data := directiveFormPage{basePage: s.base(w, r, "directives.new"), Directive: d, Number: n, Content: c, New: d.ID == 0,
		GoalLevels: directives.GoalLevels, Sources: directives.FundingSources, StaffRoles: directives.StaffRoles,
		RequiredRoles: directives.RequiredRoles, BenefitTypes: directives.BenefitTypes, Reporting: directives.ReportingFrequencies}
	if data.New {
		is, lerr := s.Directives.Ideas(r.Context(), data.Actor, directives.IdeaFilter{State: directives.IdeaConcept})
		if lerr != nil {
			return lerr
		}
		data.Ideas = is
	} else {
		data.Title = data.T("directives.edit", "n", n)
	}
	if err := s.directivePicks(r, &data); err != nil {
		return err
	}
	data.Goals = append(c.Goals, make([]directives.Goal, blank)...)
	data.Deliverables = append(c.Deliverables, make([]directives.Deliverable, blank)...)
	data.Milestones = append(c.Milestones, make([]directives.Milestone, blank)...)
	data.Budget = append(c.Budget, make([]directives.BudgetLine, blank)...)
	data.Staffing = append(c.Staffing, make([]directives.Staff, blank)...)
	data.Waivers = append(c.Waivers, make([]directives.Waiver, blank)...)
	data.Benefits = append(c.Benefits, make([]directives.Benefit, blank)...)
	data.Errors = fieldErrors(data.P, err)
	s.render(w, r, status, "directives/form", data)
	return nil
}

func (s *Server) directiveNew(w http.ResponseWriter, r *http.Request) error {
	if err := policy.Check(httpx.Actor(r.Context()), policy.DirectiveEdit, policy.Resource{}); err != nil {
		return err
	}
	d := &directives.Directive{IdeaID: num(r.URL.Query().Get("idea"))}
	c := &directives.Content{UserCouncilReference: true, Reporting: "monthly"}
	if d.IdeaID > 0 { // standards to follow: the covered needs' (the service fills them on create too)
		c.Standards, _ = s.Directives.Standards(r.Context(), httpx.Actor(r.Context()), d.IdeaID)
	}
	return s.renderDirectiveForm(w, r, http.StatusOK, d, 1, c, nil)
}

func (s *Server) directiveCreate(w http.ResponseWriter, r *http.Request) error {
	d := &directives.Directive{IdeaID: num(r.PostFormValue("idea_id")), Title: r.PostFormValue("title")}
	c := contentFromForm(r)
	err := s.Directives.CreateDirective(r.Context(), httpx.Actor(r.Context()), d, c)
	if isFormError(err) {
		return s.renderDirectiveForm(w, r, http.StatusUnprocessableEntity, d, 1, c, err)
	}
	if err != nil {
		return err
	}
	s.redirect(w, r, "/directives/"+strconv.FormatInt(d.ID, 10), "flash.saved")
	return nil
}

func (s *Server) directiveEdit(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	a := httpx.Actor(r.Context())
	if err := policy.Check(a, policy.DirectiveEdit, policy.Resource{}); err != nil {
		return err
	}
	d, err := s.Directives.Directive(r.Context(), a, id)
	if err != nil {
		return err
	}
	v, err := s.Directives.Version(r.Context(), a, id, d.Version)
	if err != nil {
		return err
	}
	return s.renderDirectiveForm(w, r, http.StatusOK, d, v.Number, &v.Content, nil)
}

func (s *Server) directiveUpdate(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	a := httpx.Actor(r.Context())
	n, c := num(r.PostFormValue("version")), contentFromForm(r)
	err = s.Directives.UpdateDraft(r.Context(), a, id, n, c)
	if errs.CodeOf(err) == errs.Invalid { // a frozen version (409) is an error page that says so

		d, derr := s.Directives.Directive(r.Context(), a, id)
		if derr != nil {
			return derr
		}
		return s.renderDirectiveForm(w, r, http.StatusUnprocessableEntity, d, n, c, err)
	}
	if err != nil {
		return err
	}
	s.redirect(w, r, fmt.Sprintf("/directives/%d", id), "flash.saved")
	return nil
}

func (s *Server) directiveNewVersion(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	v, err := s.Directives.NewVersion(r.Context(), httpx.Actor(r.Context()), id)
	if err != nil {
		return err
	}
	s.redirect(w, r, fmt.Sprintf("/directives/%d/edit?v=%d", id, v.Number), "directives.flash.version")
	return nil
}

// contentFromForm reads the directive form: its lists come as numbered
// fields (goals.0.level); blank rows are dropped by the service.
func contentFromForm(r *http.Request) *directives.Content {
	f := r.PostFormValue
	c := &directives.Content{Background: f("background"), Purpose: f("purpose"), Scope: f("scope"), Exclusions: f("exclusions"),
		Start: f("start"), End: f("end"), BudgetTotal: num(f("budget_total")),
		UserCouncilReference: f("user_council_reference") != "", Dependencies: f("dependencies"), Risks: f("risks"),
		Stakeholders: f("stakeholders"), Vendors: f("vendors"), Reporting: f("reporting"),
		Tolerances: directives.Tolerances{TimePct: pct(f("tolerances.time_pct")), CostPct: pct(f("tolerances.cost_pct")), ScopePct: pct(f("tolerances.scope_pct"))}}
	peopleFromForm(r, c)
	c.Standards = lines(f("standards"))
	row := func(list string, i int, field string) string { return f(fmt.Sprintf("%s.%d.%s", list, i, field)) }
	for i := range rowsIn(r, "goals") {
		c.Goals = append(c.Goals, directives.Goal{Level: row("goals", i, "level"), Text: row("goals", i, "text"), Indicator: row("goals", i, "indicator")})
	}
	for i := range rowsIn(r, "deliverables") {
		c.Deliverables = append(c.Deliverables, directives.Deliverable{Name: row("deliverables", i, "name"), Acceptance: row("deliverables", i, "acceptance")})
	}
	for i := range rowsIn(r, "milestones") {
		c.Milestones = append(c.Milestones, directives.Milestone{Name: row("milestones", i, "name"), Date: row("milestones", i, "date")})
	}
	for i := range rowsIn(r, "budget") {
		c.Budget = append(c.Budget, directives.BudgetLine{Year: num(row("budget", i, "year")), Source: row("budget", i, "source"), AmountNOK: num(row("budget", i, "amount_nok"))})
	}
	for i := range rowsIn(r, "staffing") {
		c.Staffing = append(c.Staffing, directives.Staff{Role: row("staffing", i, "role"), Organisation: row("staffing", i, "organisation"),
			Name: row("staffing", i, "name"), EffortHours: num(row("staffing", i, "effort_hours"))})
	}
	for i := range rowsIn(r, "waivers") {
		c.Waivers = append(c.Waivers, directives.Waiver{Role: row("waivers", i, "role"), Reason: row("waivers", i, "reason")})
	}
	for i := range rowsIn(r, "benefits") {
		c.Benefits = append(c.Benefits, directives.Benefit{Text: row("benefits", i, "text"), Type: row("benefits", i, "type"), Owner: row("benefits", i, "owner")})
	}
	return c
}

// rowsIn counts the numbered rows of a list in the form (at most 100).
func rowsIn(r *http.Request, list string) int {
	n := 0
	for k := range r.PostForm {
		rest, ok := strings.CutPrefix(k, list+".")
		if !ok {
			continue
		}
		idx, _, _ := strings.Cut(rest, ".")
		if i, err := strconv.Atoi(idx); err == nil && i >= n && i < 100 {
			n = i + 1
		}
	}
	return n
}

// lines splits a text area into its non-empty lines.
func lines(s string) []string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

type projectListPage struct {
	basePage
	Projects []*directives.Project
}

func (s *Server) projectList(w http.ResponseWriter, r *http.Request) error {
	ps, err := s.Directives.Projects(r.Context(), httpx.Actor(r.Context()))
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "directives/projects", projectListPage{basePage: s.base(w, r, "projects.title"), Projects: ps})
	return nil
}

type projectShowPage struct {
	basePage
	Project   *directives.Project
	Needs     []*needs.Need
	Directive *directives.Directive
	Team      *directives.Team // roles and steering group (web/thread.go)
	Backers   []directives.OrgRef
	Control   *controlBox
	// SlippedDeps: what the project waits for that slipped (web/project_deps.go).
	SlippedDeps []*projects.SlippedDependency
}

func (s *Server) projectShow(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	a := httpx.Actor(r.Context())
	p, err := s.Directives.Project(r.Context(), a, id)
	if err != nil {
		return err
	}
	data := projectShowPage{basePage: s.base(w, r, "projects.title"), Project: p, Needs: s.needsOf(r, p.NeedIDs)}
	data.Title = p.Name
	if p.DirectiveID != 0 {
		data.Directive, _ = s.Directives.Directive(r.Context(), a, p.DirectiveID)
	}
	if data.Team, err = s.projectTeam(r, p); err != nil {
		return err
	}
	if data.Backers, err = s.Directives.Backers(r.Context(), a, p); err != nil {
		return err
	}
	data.Control = s.controlBox(r, p)
	data.SlippedDeps, _ = s.Plan.SlippedDependencies(r.Context(), a, p.ID)
	s.render(w, r, http.StatusOK, "directives/project", data)
	return nil
}

// diffURL is the address of the difference between version to and the
// one before.
func diffURL(id, to int64) string {
	from := to - 1
	return fmt.Sprintf("/directives/%d?%s", id, url.Values{"from": {strconv.FormatInt(from, 10)}, "to": {strconv.FormatInt(to, 10)}}.Encode())
}

// pickIdeas finds ideas by number or words of the title, for linking a
// case to one (the start_concept decision).
func pickIdeas(s *Server, ctx context.Context, a *policy.Actor, p *i18n.Printer, q string, _ int64) ([]pickOption, error) {
	is, err := s.Directives.Ideas(ctx, a, directives.IdeaFilter{})
	if err != nil {
		return nil, err
	}
	out := []pickOption{}
	for _, i := range is {
		if pickMatch(q, i.ID, i.Title) && len(out) < 10 {
			out = append(out, pickOption{ID: i.ID, Label: i.Title, Detail: p.T("idea.state." + i.State)})
		}
	}
	return out, nil
}

// pickDirectives finds directives the person may see, for linking a case
// to one (recommend, approve, return, reject).
func pickDirectives(s *Server, ctx context.Context, a *policy.Actor, p *i18n.Printer, q string, _ int64) ([]pickOption, error) {
	ds, err := s.Directives.Directives(ctx, a, directives.DirectiveFilter{})
	if err != nil {
		return nil, err
	}
	out := []pickOption{}
	for _, d := range ds {
		if pickMatch(q, d.ID, d.Title) && len(out) < 10 {
			out = append(out, pickOption{ID: d.ID, Label: fmt.Sprintf("%s (v%d)", d.Title, d.Version), Detail: p.T("directive.state." + d.State)})
		}
	}
	return out, nil
}

// pickMatch: the query is the id, or every word of it is in the title.
func pickMatch(q string, id int64, title string) bool {
	q = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(q), "#"))
	if n, err := strconv.ParseInt(q, 10, 64); err == nil {
		return n == id
	}
	t := strings.ToLower(title)
	for _, w := range strings.Fields(strings.ToLower(q)) {
		if !strings.Contains(t, w) {
			return false
		}
	}
	return true
}

// diffRow is a changed field of the version comparison, line by line: a
// line that both versions have is shown plain, the others as removed or
// added, so a long field with one changed line reads as that change.
type diffRow struct {
	Field    string
	From, To []diffLine
}

type diffLine struct {
	Text    string
	Changed bool
}

func diffRows(changes []directives.Change) []diffRow {
	out := make([]diffRow, 0, len(changes))
	for _, c := range changes {
		row := diffRow{Field: c.Field}
		for _, l := range c.From {
			row.From = append(row.From, diffLine{Text: l, Changed: !slices.Contains(c.To, l)})
		}
		for _, l := range c.To {
			row.To = append(row.To, diffLine{Text: l, Changed: !slices.Contains(c.From, l)})
		}
		out = append(out, row)
	}
	return out
}
