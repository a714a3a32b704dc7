package web

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/samstyr/samstyr/internal/errs"
	"github.com/samstyr/samstyr/internal/httpx"
	"github.com/samstyr/samstyr/internal/i18n"
	"github.com/samstyr/samstyr/internal/meetings"
	"github.com/samstyr/samstyr/internal/needs"
	"github.com/samstyr/samstyr/internal/policy"
	"github.com/samstyr/samstyr/internal/stakeholders"
)

// Inquiries' pages (internal/stakeholders): the public form and FAQ, the
// secretariat's queue, registration and the inquiry page with its
// actions.

func init() {
	pickKinds["project"] = pickProjects
	pickKinds["case"] = pickCases
	navItems = append(navItems,
		struct {
			href, key string
			action    policy.Action
		}{"/standards", "nav.standards", policy.StandardList},
		struct {
			href, key string
			action    policy.Action
		}{"/inquiries", "nav.inquiries", policy.InquiryList},
		struct {
			href, key string
			action    policy.Action
		}{"/faq", "nav.faq", policy.FAQList})
}

func (s *Server) registerInquiryRoutes(mux *http.ServeMux) {
	s.route(mux, "GET /inquiries/new", public, s.inquiryNew)
	s.route(mux, "POST /inquiries", public, s.inquirySubmit)
	s.route(mux, "GET /inquiries/sent", public, s.inquirySent)
	s.route(mux, "GET /faq", public, s.faqList)
	s.route(mux, "GET /inquiries", signedIn, s.inquiryList)
	s.route(mux, "GET /inquiries/register", signedIn, s.inquiryRegisterForm)
	s.route(mux, "POST /inquiries/register", signedIn, s.inquiryRegister)
	s.route(mux, "GET /inquiries/{id}", signedIn, s.inquiryShow)
	s.route(mux, "GET /inquiries/{id}/attachments/{aid}", signedIn, s.inquiryAttachment)
	s.route(mux, "POST /inquiries/{id}/assign", signedIn, s.inquiryAssign)
	s.route(mux, "POST /inquiries/{id}/links", signedIn, s.inquiryLink)
	s.route(mux, "POST /inquiries/{id}/answer", signedIn, s.inquiryAnswer)
	s.route(mux, "POST /inquiries/{id}/close", signedIn, s.inquiryClose)
	s.route(mux, "POST /inquiries/{id}/faq", signedIn, s.inquiryFAQ)
}

type inquiryFormPage struct {
	basePage
	Inquiry  *stakeholders.Inquiry
	Register bool // the secretariat's form (channel), not the public one
	Channels []string
	Errors   formErrors
	// MaxFiles files of at most MaxFileMB each.
	MaxFiles  int
	MaxFileMB int
}

func (s *Server) renderInquiryForm(w http.ResponseWriter, r *http.Request, status int, i *stakeholders.Inquiry, register bool, err error) error {
	data := inquiryFormPage{basePage: s.base(w, r, "inquiries.new"), Inquiry: i, Register: register, Channels: stakeholders.Channels,
		MaxFiles: stakeholders.MaxFiles, MaxFileMB: needs.MaxAttachment >> 20}
	if register {
		data.Title = data.T("inquiries.register")
	}
	data.Errors = fieldErrors(data.P, err)
	if e := errs.As(err); e != nil && e.Code == errs.TooMany {
		status = http.StatusTooManyRequests
		w.Header().Set("Retry-After", strconv.Itoa(e.RetryAfter))
	}
	s.render(w, r, status, "inquiries/form", data)
	return nil
}

// inquiryFromForm reads the form and its files (the service judges each
// file's type from its content).
func inquiryFromForm(r *http.Request) *stakeholders.Inquiry {
	f := r.PostFormValue
	i := &stakeholders.Inquiry{SenderName: f("sender_name"), SenderEmail: f("sender_email"), Organisation: f("organisation"),
		Topic: f("topic"), Text: f("text"), Channel: f("channel"), Locale: langOf(r)}
	for _, u := range formUploads(r, "files") {
		data, err := u.ReadAll(needs.MaxAttachment)
		if err != nil {
			data = nil // refused as empty
		}
		i.Files = append(i.Files, &stakeholders.Attachment{Name: u.Filename, Data: data})
	}
	return i
}

func (s *Server) inquiryNew(w http.ResponseWriter, r *http.Request) error {
	return s.renderInquiryForm(w, r, http.StatusOK, &stakeholders.Inquiry{}, false, nil)
}

// inquirySubmit takes the public form. The answer is the same whether or
// not the address is known to samstyr: the reference number.
func (s *Server) inquirySubmit(w http.ResponseWriter, r *http.Request) error {
	i := inquiryFromForm(r)
	err := s.Inquiries.Submit(r.Context(), httpx.Actor(r.Context()), httpx.ClientAddr(r, s.TrustProxy), i)
	if isFormError(err) {
		return s.renderInquiryForm(w, r, http.StatusUnprocessableEntity, i, false, err)
	}
	if err != nil {
		return err
	}
	s.redirect(w, r, "/inquiries/sent?ref="+url.QueryEscape(i.Reference), "")
	return nil
}

type inquirySentPage struct {
	basePage
	Reference string
}

func (s *Server) inquirySent(w http.ResponseWriter, r *http.Request) error {
	ref := r.URL.Query().Get("ref")
	if !stakeholders.ValidReference(ref) {
		return errNotFound
	}
	s.render(w, r, http.StatusOK, "inquiries/sent", inquirySentPage{basePage: s.base(w, r, "inquiries.sent.title"), Reference: ref})
	return nil
}

type faqPage struct {
	basePage
	FAQ []*stakeholders.FAQ
}

func (s *Server) faqList(w http.ResponseWriter, r *http.Request) error {
	fs, err := s.Inquiries.FAQ(r.Context(), httpx.Actor(r.Context()))
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "inquiries/faq", faqPage{basePage: s.base(w, r, "faq.title"), FAQ: fs})
	return nil
}

type inquiryListPage struct {
	basePage
	Inquiries []*stakeholders.Inquiry
	Stats     stakeholders.QueueStats
	States    []string
	State     string
	Overdue   bool
}

func (s *Server) inquiryList(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	f := stakeholders.Filter{State: q.Get("state"), Overdue: q.Get("overdue") == "1"}
	is, st, err := s.Inquiries.Queue(r.Context(), httpx.Actor(r.Context()), f)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "inquiries/list", inquiryListPage{basePage: s.base(w, r, "inquiries.title"), Inquiries: is, Stats: st,
		States: stakeholders.States, State: f.State, Overdue: f.Overdue})
	return nil
}

func (s *Server) inquiryRegisterForm(w http.ResponseWriter, r *http.Request) error {
	if err := policy.Check(httpx.Actor(r.Context()), policy.InquiryRegister, policy.Resource{}); err != nil {
		return err
	}
	return s.renderInquiryForm(w, r, http.StatusOK, &stakeholders.Inquiry{Channel: stakeholders.ChannelEmail}, true, nil)
}

func (s *Server) inquiryRegister(w http.ResponseWriter, r *http.Request) error {
	i := inquiryFromForm(r)
	err := s.Inquiries.Register(r.Context(), httpx.Actor(r.Context()), i)
	if isFormError(err) {
		return s.renderInquiryForm(w, r, http.StatusUnprocessableEntity, i, true, err)
	}
	if err != nil {
		return err
	}
	s.redirect(w, r, "/inquiries/"+strconv.FormatInt(i.ID, 10), "flash.saved")
	return nil
}

type inquiryShowPage struct {
	basePage
	Inquiry  *stakeholders.Inquiry
	Answers  []*stakeholders.Answer
	Files    []*stakeholders.Attachment
	Owners   []stakeholders.Owner
	MayEdit  bool
	Open     bool
	Picks    []pickField
	Errors   formErrors
	Form     string // the form the errors belong to
	Draft    map[string]string
	LinkPath map[string]string
	// DeadlineDay is the deadline's date in Oslo, for the date field.
	DeadlineDay string
}

func (s *Server) inquiryPage(w http.ResponseWriter, r *http.Request, id int64) (inquiryShowPage, error) {
	ctx, a := r.Context(), httpx.Actor(r.Context())
	data := inquiryShowPage{basePage: s.base(w, r, "inquiries.title"), Draft: map[string]string{},
		LinkPath: map[string]string{"need": "/needs/", "case": "/cases/", "project": "/projects/"}}
	var err error
	if data.Inquiry, err = s.Inquiries.Inquiry(ctx, a, id); err != nil {
		return data, err
	}
	data.Title = data.Inquiry.Reference + " " + data.Inquiry.Topic
	data.DeadlineDay = data.Inquiry.Deadline.In(i18n.Oslo()).Format("2006-01-02")
	if data.Answers, err = s.Inquiries.Answers(ctx, a, id); err != nil {
		return data, err
	}
	if data.Files, err = s.Inquiries.Attachments(ctx, a, id); err != nil {
		return data, err
	}
	data.MayEdit = policy.Can(a, policy.InquiryManage, policy.Resource{})
	data.Open = data.Inquiry.State == stakeholders.Open
	if !data.MayEdit {
		return data, nil
	}
	if data.Owners, err = s.Inquiries.Owners(ctx, a); err != nil {
		return data, err
	}
	path := "/inquiries/" + strconv.FormatInt(id, 10) + "#links"
	for _, k := range stakeholders.LinkTypes {
		f := pickField{Name: "item_" + k, Kind: k, Label: "inquiries.link." + k, Help: "inquiries.link.help", Action: path}
		if f, err = s.newPick(r, data.P, f); err != nil {
			return data, err
		}
		data.Picks = append(data.Picks, f)
	}
	return data, nil
}

func (s *Server) inquiryShow(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	data, err := s.inquiryPage(w, r, id)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "inquiries/show", data)
	return nil
}

// inquiryDone redirects after an action, or shows the page again with the
// action's errors (422, 409 as a form error).
func (s *Server) inquiryDone(w http.ResponseWriter, r *http.Request, id int64, form string, err error) error {
	if isFormError(err) {
		data, perr := s.inquiryPage(w, r, id)
		if perr != nil {
			return perr
		}
		data.Errors, data.Form = fieldErrors(data.P, err), form
		for k := range r.PostForm {
			data.Draft[k] = r.PostFormValue(k)
		}
		status := http.StatusUnprocessableEntity
		if errs.Is(err, errs.Conflict) {
			status = http.StatusConflict
		}
		s.render(w, r, status, "inquiries/show", data)
		return nil
	}
	if err != nil {
		return err
	}
	s.redirect(w, r, "/inquiries/"+strconv.FormatInt(id, 10), "flash.saved")
	return nil
}

// inquiryAction runs one action on the inquiry of the path.
func (s *Server) inquiryAction(form string, run func(ctx context.Context, a *policy.Actor, id int64, r *http.Request) error) func(http.ResponseWriter, *http.Request) error {
	return func(w http.ResponseWriter, r *http.Request) error {
		id, err := pathID(r, "id")
		if err != nil {
			return err
		}
		return s.inquiryDone(w, r, id, form, run(r.Context(), httpx.Actor(r.Context()), id, r))
	}
}

func (s *Server) inquiryAssign(w http.ResponseWriter, r *http.Request) error {
	return s.inquiryAction("assign", func(ctx context.Context, a *policy.Actor, id int64, r *http.Request) error {
		var deadline time.Time
		if v := strings.TrimSpace(r.PostFormValue("deadline")); v != "" {
			d, err := time.ParseInLocation("2006-01-02", v, i18n.Oslo())
			if err != nil {
				return errs.InvalidField("deadline", "inquiries.error.date")
			}
			deadline = d.Add(16 * time.Hour) // the end of the working day
		}
		_, err := s.Inquiries.Assign(ctx, a, id, num(r.PostFormValue("owner_id")), deadline)
		return err
	})(w, r)
}

func (s *Server) inquiryLink(w http.ResponseWriter, r *http.Request) error {
	return s.inquiryAction("links", func(ctx context.Context, a *policy.Actor, id int64, r *http.Request) error {
		for _, k := range stakeholders.LinkTypes {
			if v := num(r.PostFormValue("item_" + k)); v != 0 {
				_, err := s.Inquiries.Link(ctx, a, id, stakeholders.Link{Type: k, ID: v})
				return err
			}
		}
		if err := policy.Check(a, policy.InquiryManage, policy.Resource{}); err != nil {
			return err // permission before the missing choice (403, not 422)
		}
		return errs.InvalidField("item_need", "inquiries.error.pick")
	})(w, r)
}

func (s *Server) inquiryAnswer(w http.ResponseWriter, r *http.Request) error {
	return s.inquiryAction("answer", func(ctx context.Context, a *policy.Actor, id int64, r *http.Request) error {
		_, err := s.Inquiries.AnswerInquiry(ctx, a, id, r.PostFormValue("answer"))
		return err
	})(w, r)
}

func (s *Server) inquiryClose(w http.ResponseWriter, r *http.Request) error {
	return s.inquiryAction("close", func(ctx context.Context, a *policy.Actor, id int64, r *http.Request) error {
		_, err := s.Inquiries.Close(ctx, a, id)
		return err
	})(w, r)
}

func (s *Server) inquiryFAQ(w http.ResponseWriter, r *http.Request) error {
	return s.inquiryAction("faq", func(ctx context.Context, a *policy.Actor, id int64, r *http.Request) error {
		_, err := s.Inquiries.PublishFAQ(ctx, a, id, r.PostFormValue("faq_question"), r.PostFormValue("faq_answer"))
		return err
	})(w, r)
}

func (s *Server) inquiryAttachment(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	aid, err := pathID(r, "aid")
	if err != nil {
		return err
	}
	f, err := s.Inquiries.Attachment(r.Context(), httpx.Actor(r.Context()), id, aid)
	if err != nil {
		return err
	}
	return httpx.ServeDownload(w, f.Name, f.ContentType, f.Data)
}

func pickProjects(s *Server, ctx context.Context, a *policy.Actor, p *i18n.Printer, q string, _ int64) ([]pickOption, error) {
	ps, err := s.Directives.Projects(ctx, a)
	if err != nil {
		return nil, err
	}
	out := []pickOption{}
	for _, x := range ps {
		if strings.Contains(strings.ToLower(x.Name), strings.ToLower(q)) && len(out) < 10 {
			out = append(out, pickOption{ID: x.ID, Label: x.Name, Detail: p.T("project.state." + x.State)})
		}
	}
	return out, nil
}

func pickCases(s *Server, ctx context.Context, a *policy.Actor, p *i18n.Printer, q string, _ int64) ([]pickOption, error) {
	page, err := s.Meetings.Cases(ctx, a, meetings.CaseFilter{Q: q, Limit: 10})
	if err != nil {
		return nil, err
	}
	out := []pickOption{}
	for _, c := range page.Items {
		out = append(out, pickOption{ID: c.ID, Label: c.Number + " " + c.Title, Detail: c.BodyName})
	}
	return out, nil
}
