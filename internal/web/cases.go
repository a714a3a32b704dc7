package web

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/samstyr/samstyr/internal/errs"
	"github.com/samstyr/samstyr/internal/governance"
	"github.com/samstyr/samstyr/internal/httpx"
	"github.com/samstyr/samstyr/internal/listing"
	"github.com/samstyr/samstyr/internal/meetings"
	"github.com/samstyr/samstyr/internal/policy"
)

func (s *Server) registerCaseRoutes(mux *http.ServeMux) {
	s.route(mux, "GET /cases", public, s.caseList)
	s.route(mux, "GET /cases/new", signedIn, s.caseNew)
	s.route(mux, "POST /cases", signedIn, s.caseCreate)
	s.route(mux, "GET /cases/{id}", public, s.caseShow)
	s.route(mux, "GET /cases/{id}/edit", signedIn, s.caseEdit)
	s.route(mux, "POST /cases/{id}", signedIn, s.caseUpdate)
	s.route(mux, "POST /cases/{id}/move", signedIn, s.caseMove)
	s.route(mux, "POST /cases/{id}/links", signedIn, s.caseLink)
	s.route(mux, "POST /cases/{id}/links/delete", signedIn, s.caseUnlink)
	s.route(mux, "POST /cases/{id}/attachments", signedIn, s.caseAttach)
	s.route(mux, "GET /attachments/{id}", public, s.attachmentGet)
	s.route(mux, "POST /cases/{id}/decision", signedIn, s.decisionCreate)
}

type caseListPage struct {
	basePage
	Bodies []*governance.Body
	Filter meetings.CaseFilter
	Cases  []*meetings.Case
	States []string
	Next   string
}

func (s *Server) caseList(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	a := httpx.Actor(r.Context())
	f := meetings.CaseFilter{State: q.Get("state"), Q: strings.TrimSpace(q.Get("q"))}
	f.BodyID, _ = strconv.ParseInt(q.Get("body"), 10, 64)
	after, err := listing.DecodeCursor(q.Get("cursor"))
	if err != nil {
		return err
	}
	f.After = after
	page, err := s.Meetings.Cases(r.Context(), a, f)
	if err != nil {
		return err
	}
	data := caseListPage{basePage: s.base(w, r, "cases.title"), Filter: f, Cases: page.Items, States: meetings.CaseStates}
	if data.Bodies, err = s.Gov.Bodies(r.Context(), a); err != nil {
		return err
	}
	if page.Next != "" {
		data.Next = url.Values{"body": {q.Get("body")}, "state": {f.State}, "q": {f.Q}, "cursor": {page.Next}}.Encode()
	}
	s.render(w, r, http.StatusOK, "cases/list", data)
	return nil
}

type caseFormPage struct {
	basePage
	Case   *meetings.Case
	Bodies []*governance.Body
	Kinds  []string
	New    bool
	Errors formErrors
}

func (s *Server) renderCaseForm(w http.ResponseWriter, r *http.Request, status int, c *meetings.Case, ferr error) error {
	title := "cases.edit"
	if c.ID == 0 {
		title = "cases.new"
	}
	data := caseFormPage{basePage: s.base(w, r, title), Case: c, Kinds: meetings.CaseKinds, New: c.ID == 0}
	data.Errors = fieldErrors(data.P, ferr)
	bs, err := s.Gov.Bodies(r.Context(), data.Actor)
	if err != nil {
		return err
	}
	for _, b := range bs {
		if data.CanOn(string(policy.CaseManage), b.ID) {
			data.Bodies = append(data.Bodies, b)
		}
	}
	s.render(w, r, status, "cases/form", data)
	return nil
}

func (s *Server) caseNew(w http.ResponseWriter, r *http.Request) error {
	if a := httpx.Actor(r.Context()); !anyBodyRole(a, policy.CaseManage) {
		return policy.Check(a, policy.CaseManage, policy.Resource{})
	}
	c := &meetings.Case{Kind: meetings.KindDecision}
	c.BodyID, _ = strconv.ParseInt(r.URL.Query().Get("body"), 10, 64)
	return s.renderCaseForm(w, r, http.StatusOK, c, nil)
}

// caseFromForm reads the case form.
func caseFromForm(r *http.Request) (*meetings.Case, error) {
	var v errs.Validation
	c := &meetings.Case{Kind: r.PostFormValue("kind"), Title: r.PostFormValue("title"), Presenter: r.PostFormValue("presenter"),
		Background: r.PostFormValue("background"), Assessment: r.PostFormValue("assessment"), Consequences: r.PostFormValue("consequences"),
		ProposedDecision: r.PostFormValue("proposed_decision"), Exempt: r.PostFormValue("exempt") != "",
		LegalBasis: r.PostFormValue("legal_basis"), PublicTitle: r.PostFormValue("public_title"), Number: r.PostFormValue("number")}
	c.BodyID = formInt(&v, r, "body_id")
	return c, v.Err()
}

func (s *Server) caseCreate(w http.ResponseWriter, r *http.Request) error {
	c, err := caseFromForm(r)
	if err == nil && c.Number != "" {
		err = errs.InvalidField("number", "case.error.number_given")
	}
	if err == nil {
		err = s.Meetings.CreateCase(r.Context(), httpx.Actor(r.Context()), c)
	}
	if isFormError(err) {
		return s.renderCaseForm(w, r, http.StatusUnprocessableEntity, c, err)
	}
	if err != nil {
		return err
	}
	s.redirect(w, r, "/cases/"+strconv.FormatInt(c.ID, 10), "flash.case_created")
	return nil
}

func (s *Server) caseEdit(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	a := httpx.Actor(r.Context())
	c, err := s.Meetings.Case(r.Context(), a, id)
	if err != nil {
		return err
	}
	if err := policy.Check(a, policy.CaseManage, policy.Resource{BodyID: c.BodyID}); err != nil {
		return err
	}
	return s.renderCaseForm(w, r, http.StatusOK, c, nil)
}

func (s *Server) caseUpdate(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	in, err := caseFromForm(r)
	in.ID = id
	if err == nil {
		_, err = s.Meetings.UpdateCase(r.Context(), httpx.Actor(r.Context()), id, meetings.CaseUpdate{Number: in.Number, Kind: in.Kind,
			Title: in.Title, Presenter: in.Presenter, Background: in.Background, Assessment: in.Assessment, Consequences: in.Consequences,
			ProposedDecision: in.ProposedDecision, Exempt: in.Exempt, LegalBasis: in.LegalBasis, PublicTitle: in.PublicTitle})
	}
	if errs.CodeOf(err) == errs.Invalid {
		cur, cerr := s.Meetings.Case(r.Context(), httpx.Actor(r.Context()), id)
		if cerr != nil {
			return cerr
		}
		in.Seq, in.Year, in.BodyID, in.State, in.Standing = cur.Seq, cur.Year, cur.BodyID, cur.State, cur.Standing
		in.Number = cur.Number
		return s.renderCaseForm(w, r, http.StatusUnprocessableEntity, in, err)
	}
	return s.caseDone(w, r, id, err, "flash.saved")
}

func (s *Server) caseDone(w http.ResponseWriter, r *http.Request, id int64, err error, flash string) error {
	if err != nil {
		return err
	}
	s.redirect(w, r, "/cases/"+strconv.FormatInt(id, 10), flash)
	return nil
}

// caseForms carries input and errors of the forms on the case page.
type caseForms struct {
	decision    *meetings.Decision
	decisionErr error
	link        *meetings.Link
	linkErr     error
	attachErr   error
	action      *meetings.Action
	actionErr   error
	moveErr     error
}

type caseShowPage struct {
	basePage
	Case          *meetings.Case
	Meeting       *meetings.Meeting
	Meetings      []*meetings.Meeting // open meetings of the body, to put the case on
	Members       []*governance.Membership
	Actions       []*meetings.Action
	Manage        bool
	Decide        bool
	DecisionKinds []string
	EffectKinds   []string
	ItemTypes     []string
	// LinkPick is the search-and-pick field of the link form; LinkType the
	// kind of item it searches.
	LinkPick pickField
	LinkType string
	Decision *meetings.Decision
	Link     *meetings.Link
	Action   *meetings.Action
	Errors   formErrors // one form at a time shows errors
	ErrForm  string
}

func (s *Server) caseShow(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	return s.renderCase(w, r, http.StatusOK, id, caseForms{})
}

func (s *Server) renderCase(w http.ResponseWriter, r *http.Request, status int, id int64, cf caseForms) error {
	a := httpx.Actor(r.Context())
	c, err := s.Meetings.Case(r.Context(), a, id)
	if err != nil {
		return err
	}
	data := caseShowPage{basePage: s.base(w, r, "cases.title"), Case: c, DecisionKinds: meetings.DecisionKinds,
		EffectKinds: s.Meetings.Effects.For(c), Decision: cf.decision, Link: cf.link, Action: cf.action}
	data.Title = c.Number + " " + data.CaseTitle(c)
	data.Manage = data.CanOn(string(policy.CaseManage), c.BodyID)
	for _, f := range []struct {
		name string
		err  error
	}{{"decision", cf.decisionErr}, {"link", cf.linkErr}, {"attach", cf.attachErr}, {"action", cf.actionErr}, {"move", cf.moveErr}} {
		if f.err != nil {
			data.Errors, data.ErrForm = fieldErrors(data.P, f.err), f.name
		}
	}
	if err := s.caseContext(r, &data); err != nil {
		return err
	}
	s.render(w, r, status, "cases/show", data)
	return nil
}

// caseContext loads the meeting, the open meetings, the members and the
// follow-up actions the case page shows.
func (s *Server) caseContext(r *http.Request, data *caseShowPage) error {
	ctx, a, c := r.Context(), data.Actor, data.Case
	var err error
	for t := range s.Meetings.Resolvers {
		data.ItemTypes = append(data.ItemTypes, t)
	}
	slices.Sort(data.ItemTypes)
	if data.Manage {
		// The link form searches items of one type (chosen in the search).
		data.LinkType = r.URL.Query().Get("pick_type")
		if data.LinkType == "" {
			data.LinkType = r.PostFormValue("item_type")
		}
		if !slices.Contains(data.ItemTypes, data.LinkType) {
			data.LinkType = ""
		}
		if data.LinkType != "" {
			f := pickField{Name: "item_id", Kind: data.LinkType, Label: "case.item", Help: "case.item_help", Action: "/cases/" + strconv.FormatInt(c.ID, 10) + "#links-h",
				Required: true, Keep: map[string]string{"pick_type": data.LinkType}}
			var err error
			if data.LinkPick, err = s.newPick(r, data.P, f); err != nil {
				return err
			}
		}
	}
	if c.MeetingID != 0 {
		if data.Meeting, err = s.Meetings.Meeting(ctx, a, c.MeetingID); err != nil {
			return err
		}
		data.Decide = data.Meeting.State == meetings.MeetingHeld && c.State == meetings.CaseOnAgenda && c.MinutesApproval == nil &&
			data.CanOn(string(policy.DecisionRecord), c.BodyID)
	}
	if !data.Manage {
		return nil
	}
	page, err := s.Meetings.Meetings(ctx, a, meetings.MeetingFilter{BodyID: c.BodyID, Limit: 20})
	if err != nil {
		return err
	}
	for _, m := range page.Items {
		if m.State == meetings.MeetingPlanned || m.State == meetings.MeetingNoticePublished {
			data.Meetings = append(data.Meetings, m)
		}
	}
	if data.Members, err = s.Gov.Members(ctx, a, c.BodyID, true); err != nil {
		return err
	}
	if c.Decision != nil {
		all, err := s.Meetings.Actions(ctx, a, c.BodyID, "")
		if err != nil {
			return err
		}
		for _, x := range all {
			if x.DecisionID == c.Decision.ID {
				data.Actions = append(data.Actions, x)
			}
		}
	}
	return nil
}

func (s *Server) caseMove(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var v errs.Validation
	meetingID := formInt(&v, r, "meeting_id")
	to := r.PostFormValue("to")
	_, err = s.Meetings.MoveCase(r.Context(), httpx.Actor(r.Context()), id, to, meetingID)
	if errs.CodeOf(err) == errs.Invalid {
		return s.renderCase(w, r, http.StatusUnprocessableEntity, id, caseForms{moveErr: err})
	}
	if back := r.PostFormValue("back"); err == nil && strings.HasPrefix(back, "/meetings/") {
		s.redirect(w, r, cleanPath(back), "flash.saved")
		return nil
	}
	return s.caseDone(w, r, id, err, "flash.case_moved")
}

func linkFromForm(r *http.Request) (meetings.Link, error) {
	var v errs.Validation
	l := meetings.Link{ItemType: r.PostFormValue("item_type")}
	l.ItemID = formInt(&v, r, "item_id")
	if l.ItemID <= 0 && !v.Has("item_id") {
		v.Add("item_id", "error.required")
	}
	return l, v.Err()
}

func (s *Server) caseLink(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	l, err := linkFromForm(r)
	if err == nil {
		err = s.Meetings.LinkItem(r.Context(), httpx.Actor(r.Context()), id, l, false)
	} else if perr := s.Meetings.MayManageCase(r.Context(), httpx.Actor(r.Context()), id); perr != nil {
		return perr // permission before the form's own errors
	}
	if errs.CodeOf(err) == errs.Invalid {
		return s.renderCase(w, r, http.StatusUnprocessableEntity, id, caseForms{link: &l, linkErr: err})
	}
	return s.caseDone(w, r, id, err, "flash.saved")
}

func (s *Server) caseUnlink(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	l, err := linkFromForm(r)
	if err == nil {
		err = s.Meetings.LinkItem(r.Context(), httpx.Actor(r.Context()), id, l, true)
	} else if perr := s.Meetings.MayManageCase(r.Context(), httpx.Actor(r.Context()), id); perr != nil {
		return perr // permission before the form's own errors
	}
	return s.caseDone(w, r, id, err, "flash.saved")
}

func (s *Server) caseAttach(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	x := &meetings.Attachment{CaseID: id}
	// The middleware has read the form (and its file); no file: the service
	// names the missing field.
	if file := formUpload(r, "file"); file != nil {
		x.Name = file.Filename
		x.Data, err = file.ReadAll(meetings.MaxAttachment)
	}
	x.Exempt, x.LegalBasis, x.PublicTitle = r.FormValue("exempt") != "", r.FormValue("legal_basis"), r.FormValue("public_title")
	if err == nil {
		err = s.Meetings.AddAttachment(r.Context(), httpx.Actor(r.Context()), x)
	}
	if errs.CodeOf(err) == errs.Invalid {
		return s.renderCase(w, r, http.StatusUnprocessableEntity, id, caseForms{attachErr: err})
	}
	return s.caseDone(w, r, id, err, "flash.saved")
}

func (s *Server) attachmentGet(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	x, err := s.Meetings.Attachment(r.Context(), httpx.Actor(r.Context()), id)
	if err != nil {
		return err
	}
	return httpx.ServeDownload(w, x.Name, x.ContentType, x.Data)
}

// decisionFromForm reads the decision form.
func decisionFromForm(r *http.Request) (*meetings.Decision, error) {
	var v errs.Validation
	d := &meetings.Decision{Kind: r.PostFormValue("kind"), Text: r.PostFormValue("text"), Unanimous: r.PostFormValue("unanimous") != "",
		Dissent: r.PostFormValue("dissent"), Effects: r.PostForm["effects"]}
	d.VotesFor = int(formInt(&v, r, "votes_for"))
	d.VotesAgainst = int(formInt(&v, r, "votes_against"))
	d.VotesAbstain = int(formInt(&v, r, "votes_abstaining"))
	d.Priority = formInt(&v, r, "priority")
	d.Choice = formInt(&v, r, "choice")
	reason := strings.TrimSpace(r.PostFormValue("disqualified_reason"))
	for _, p := range r.PostForm["disqualified"] {
		id, err := strconv.ParseInt(p, 10, 64)
		if err != nil {
			v.Add("disqualified", "decision.error.disqualified")
			continue
		}
		d.Disqualified = append(d.Disqualified, meetings.Disqualified{PersonID: id, Reason: reason})
	}
	return d, v.Err()
}

func (s *Server) decisionCreate(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	d, err := decisionFromForm(r)
	if err == nil {
		err = s.Meetings.RecordDecision(r.Context(), httpx.Actor(r.Context()), id, d)
	}
	switch errs.CodeOf(err) {
	case errs.Invalid:
		return s.renderCase(w, r, http.StatusUnprocessableEntity, id, caseForms{decision: d, decisionErr: err})
	case errs.Conflict:
		// Not decidable now (the minutes it would approve are approved
		// already, the meeting is not held): the case page says why.
		return s.renderCase(w, r, http.StatusConflict, id, caseForms{decision: d, decisionErr: err})
	}
	return s.caseDone(w, r, id, err, "flash.decision_recorded")
}
