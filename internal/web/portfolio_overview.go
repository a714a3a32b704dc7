package web

import (
	"bytes"
	"context"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/samstyr/samstyr/internal/errs"
	"github.com/samstyr/samstyr/internal/httpx"
	"github.com/samstyr/samstyr/internal/i18n"
	"github.com/samstyr/samstyr/internal/policy"
	"github.com/samstyr/samstyr/internal/portfolio"
)

// The portfolio overview (/portfolio/overview, its XLSX) and the budget
// frames (/portfolio/frames), over internal/portfolio.

func (s *Server) registerPortfolioOverviewRoutes(mux *http.ServeMux) {
	s.route(mux, "GET /portfolio/overview", public, s.portfolioOverview)
	s.route(mux, "GET /portfolio/overview.xlsx", public, s.portfolioOverviewXLSX)
	s.route(mux, "POST /portfolio/actors", signedIn, s.portfolioActorSet)
	s.route(mux, "GET /portfolio/frames", signedIn, s.frameList)
	s.route(mux, "POST /portfolio/frames", signedIn, s.frameCreate)
	s.route(mux, "POST /portfolio/frames/{id}", signedIn, s.frameUpdate)
	s.route(mux, "GET /portfolio/guidelines", signedIn, s.guidelineList)
	s.route(mux, "POST /portfolio/guidelines", signedIn, s.guidelineCreate)
}

// overviewFilter reads the overview's filter from the query; a value that
// is not a number is ignored (shown unfiltered), an unknown one refused.
func overviewFilter(q url.Values) portfolio.Filter {
	f := portfolio.Filter{Kind: q.Get("kind"), State: q.Get("state"), Source: q.Get("source"), Sort: q.Get("sort"), Desc: q.Get("desc") == "1"}
	f.ActorID, _ = strconv.ParseInt(q.Get("actor"), 10, 64)
	f.Year, _ = strconv.ParseInt(q.Get("year"), 10, 64)
	return f
}

// overviewQuery is the query string of a filter, for links and the export.
func overviewQuery(f portfolio.Filter) string {
	q := url.Values{}
	for k, v := range map[string]string{"kind": f.Kind, "state": f.State, "source": f.Source, "sort": f.Sort} {
		if v != "" {
			q.Set(k, v)
		}
	}
	if f.ActorID != 0 {
		q.Set("actor", strconv.FormatInt(f.ActorID, 10))
	}
	if f.Year != 0 {
		q.Set("year", strconv.FormatInt(f.Year, 10))
	}
	if f.Desc {
		q.Set("desc", "1")
	}
	return q.Encode()
}

type overviewPage struct {
	basePage
	O        *portfolio.Overview
	Query    template.URL
	States   []stateOpt
	YearOpts []int64
	Errors   formErrors
	MayActor bool
	MayFrame bool
}

// SortLink is the query that sorts by key (reversing the order when the
// view is already sorted by it).
func (p overviewPage) SortLink(key string) template.URL {
	f := p.O.Filter
	f.Desc = f.Sort == key && !f.Desc
	f.Sort = key
	return template.URL(overviewQuery(f))
}

// SortState is the aria-sort value of a column.
func (p overviewPage) SortState(key string) string {
	if p.O.Filter.Sort != key {
		return "none"
	}
	if p.O.Filter.Desc {
		return "descending"
	}
	return "ascending"
}

// Line returns an item's approved and planned amounts of a year (all
// sources, or the filter's).
func (p overviewPage) Line(it *portfolio.Item, year int64) [2]int64 {
	a, pl := it.Total(year, p.O.Filter.Source)
	return [2]int64{a, pl}
}

func (s *Server) overview(w http.ResponseWriter, r *http.Request) (*overviewPage, error) {
	a := httpx.Actor(r.Context())
	f := overviewFilter(r.URL.Query())
	o, err := s.Portfolio.Overview(r.Context(), a, f)
	data := &overviewPage{basePage: s.base(w, r, "portfolio.overview.title"), MayActor: policy.Can(a, policy.PortfolioActorSet, policy.Resource{}),
		MayFrame: policy.Can(a, policy.PortfolioFrameEdit, policy.Resource{})}
	if errs.CodeOf(err) == errs.Invalid {
		// An unknown filter value: show the whole portfolio with the error.
		data.Errors = fieldErrors(data.P, err)
		o, err = s.Portfolio.Overview(r.Context(), a, portfolio.Filter{})
	}
	if err != nil {
		return nil, err
	}
	data.O, data.Query = o, template.URL(overviewQuery(o.Filter))
	all, err := s.Portfolio.Overview(r.Context(), a, portfolio.Filter{})
	if err != nil {
		return nil, err
	}
	for _, it := range all.Items {
		if !slices.ContainsFunc(data.States, func(o stateOpt) bool { return o.Value == it.State }) {
			data.States = append(data.States, stateOpt{it.State, it.StateKey})
		}
	}
	data.YearOpts = all.Years
	return data, nil
}

// stateOpt is a state in the filter, with its label's key.
type stateOpt struct{ Value, Key string }

// Deref is the value of an optional amount.
func (p overviewPage) Deref(n *int64) int64 {
	if n == nil {
		return 0
	}
	return *n
}

func (s *Server) portfolioOverview(w http.ResponseWriter, r *http.Request) error {
	data, err := s.overview(w, r)
	if err != nil {
		return err
	}
	status := http.StatusOK
	if data.Errors.Any() {
		status = http.StatusUnprocessableEntity
	}
	s.render(w, r, status, "portfolio/overview", data)
	return nil
}

// portfolioOverviewXLSX writes the rows the page shows (same filter and
// order) as a workbook: one sheet of items, one of the sums per year and
// source against the frames.
func (s *Server) portfolioOverviewXLSX(w http.ResponseWriter, r *http.Request) error {
	o, err := s.Portfolio.Overview(r.Context(), httpx.Actor(r.Context()), overviewFilter(r.URL.Query()))
	if err != nil {
		return err
	}
	b, err := OverviewWorkbook(o, s.printer(r))
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	w.Header().Set("Content-Disposition", `attachment; filename="portfolio.xlsx"`)
	_, err = w.Write(b)
	return err
}

// OverviewWorkbook is the overview as an XLSX workbook: sheet 1 the items
// (kind, title, state, owner, manager, actor, then approved, planned and
// spent NOK per year, the estimate, the benefits, the last status rating,
// open deviations and top risks), sheet 2 the sums per year
// and source with the approved frame and whether it is exceeded.
func OverviewWorkbook(o *portfolio.Overview, p *i18n.Printer) ([]byte, error) {
	x := excelize.NewFile()
	defer x.Close()
	items := p.T("portfolio.overview.sheet_items")
	if err := x.SetSheetName(x.GetSheetName(0), items); err != nil {
		return nil, err
	}
	head := []any{p.T("portfolio.overview.col.kind"), p.T("portfolio.overview.col.title"), p.T("portfolio.overview.col.state"),
		p.T("portfolio.overview.col.owner"), p.T("portfolio.overview.col.manager"), p.T("portfolio.overview.col.actor")}
	for _, y := range o.Years {
		head = append(head, p.T("portfolio.overview.col.approved_year", "year", fmt.Sprint(y)), p.T("portfolio.overview.col.planned_year", "year", fmt.Sprint(y)),
			p.T("portfolio.overview.col.spent_year", "year", fmt.Sprint(y)))
	}
	head = append(head, p.T("portfolio.overview.col.estimate"), p.T("portfolio.overview.col.benefits"),
		p.T("portfolio.overview.col.status"), p.T("portfolio.overview.col.deviations"), p.T("portfolio.overview.col.risks"))
	rows := [][]any{head}
	for _, it := range o.Items {
		row := []any{p.T("portfolio.kind." + it.Kind), it.Title, p.T(it.StateKey), it.Owner, it.Manager, it.Actor}
		for _, y := range o.Years {
			a, pl := it.Total(y, o.Filter.Source)
			row = append(row, a, pl, it.SpentIn(y))
		}
		var bs []string
		for _, b := range it.Benefits {
			bs = append(bs, b.Text)
		}
		var status, devs any = "", ""
		if it.LastStatus != nil {
			status = p.T("report.rating."+*it.LastStatus) + " (" + it.LastPeriod + ")"
		}
		if it.OpenDeviations != nil {
			devs = *it.OpenDeviations
		}
		row = append(row, it.EstimateNOK, strings.Join(bs, "; "), status, devs, strings.Join(it.TopRisks, "; "))
		rows = append(rows, row)
	}
	if err := sheetRows(x, items, rows); err != nil {
		return nil, err
	}
	sums := p.T("portfolio.overview.sheet_sums")
	if _, err := x.NewSheet(sums); err != nil {
		return nil, err
	}
	rows = [][]any{{p.T("portfolio.overview.col.year"), p.T("portfolio.overview.col.source"), p.T("portfolio.overview.col.approved"),
		p.T("portfolio.overview.col.planned"), p.T("portfolio.overview.col.frame"), p.T("portfolio.overview.col.over")}}
	for _, c := range o.Cells {
		var frame any = ""
		if c.Frame != nil {
			frame = *c.Frame
		}
		over := ""
		if c.Over {
			over = p.T("portfolio.overview.over_by", "amount", p.NOK(c.OverBy))
		}
		rows = append(rows, []any{c.Year, p.T("directive.source." + c.Source), c.Approved, c.Planned, frame, over})
	}
	if err := sheetRows(x, sums, rows); err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if err := x.Write(&buf); err != nil {
		return nil, fmt.Errorf("write xlsx: %w", err)
	}
	return buf.Bytes(), nil
}

func sheetRows(x *excelize.File, sheet string, rows [][]any) error {
	for i, row := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := x.SetSheetRow(sheet, cell, &row); err != nil {
			return err
		}
	}
	_ = x.SetColWidth(sheet, "B", "B", 40)
	return x.SetPanes(sheet, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"})
}

// portfolioActorSet names the actor of an idea or a project (a select of
// state agencies and KS) and goes back to the overview.
func (s *Server) portfolioActorSet(w http.ResponseWriter, r *http.Request) error {
	item := strings.SplitN(r.PostFormValue("item"), ":", 2)
	var id, org int64
	if len(item) == 2 {
		id, _ = strconv.ParseInt(item[1], 10, 64)
	} else {
		item = []string{"", ""}
	}
	org, _ = strconv.ParseInt(r.PostFormValue("actor_id"), 10, 64)
	err := s.Portfolio.SetActor(r.Context(), httpx.Actor(r.Context()), item[0], id, org)
	back := "/portfolio/overview?" + r.PostFormValue("back")
	if isFormError(err) {
		data, oerr := s.overview(w, r)
		if oerr != nil {
			return oerr
		}
		data.Errors = fieldErrors(data.P, err)
		s.render(w, r, http.StatusUnprocessableEntity, "portfolio/overview", data)
		return nil
	}
	if err != nil {
		return err
	}
	s.redirect(w, r, back, "portfolio.actor.saved")
	return nil
}

type framePage struct {
	basePage
	Frames   []*portfolio.Frame
	Sources  []string
	Form     url.Values
	Errors   formErrors
	MayEdit  bool
	EditID   int64
	Overview *portfolio.Overview
}

func (s *Server) framePage(w http.ResponseWriter, r *http.Request) (*framePage, error) {
	a := httpx.Actor(r.Context())
	fs, err := s.Portfolio.Frames(r.Context(), a)
	if err != nil {
		return nil, err
	}
	o, err := s.Portfolio.Overview(r.Context(), a, portfolio.Filter{})
	if err != nil {
		return nil, err
	}
	return &framePage{basePage: s.base(w, r, "portfolio.frames.title"), Frames: fs, Sources: portfolio.FundingSources, Form: url.Values{},
		MayEdit: policy.Can(a, policy.PortfolioFrameEdit, policy.Resource{}), Overview: o}, nil
}

func (s *Server) frameList(w http.ResponseWriter, r *http.Request) error {
	data, err := s.framePage(w, r)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "portfolio/frames", data)
	return nil
}

func frameInput(r *http.Request) portfolio.FrameInput {
	return portfolio.FrameInput{Year: r.PostFormValue("year"), Source: r.PostFormValue("source"), Amount: r.PostFormValue("amount_nok"),
		Note: r.PostFormValue("note")}
}

func (s *Server) frameCreate(w http.ResponseWriter, r *http.Request) error {
	return s.frameSave(w, r, 0, func(ctx context.Context, a *policy.Actor) error {
		if err := policy.Check(a, policy.PortfolioFrameEdit, policy.Resource{}); err != nil {
			return err
		}
		f, err := frameInput(r).Parse()
		if err != nil {
			return err
		}
		return s.Portfolio.CreateFrame(ctx, a, f)
	})
}

func (s *Server) frameUpdate(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	return s.frameSave(w, r, id, func(ctx context.Context, a *policy.Actor) error {
		_, err := s.Portfolio.UpdateFrame(ctx, a, id, frameInput(r))
		return err
	})
}

// frameSave runs a frame change and redirects to the frames, or shows the
// page again with the errors (422, or 409 for a frozen frame).
func (s *Server) frameSave(w http.ResponseWriter, r *http.Request, id int64, save func(ctx context.Context, a *policy.Actor) error) error {
	err := save(r.Context(), httpx.Actor(r.Context()))
	if isFormError(err) {
		data, perr := s.framePage(w, r)
		if perr != nil {
			return perr
		}
		data.Errors, data.Form, data.EditID = fieldErrors(data.P, err), r.PostForm, id
		status := http.StatusUnprocessableEntity
		if errs.Is(err, errs.Conflict) {
			status = http.StatusConflict
		}
		s.render(w, r, status, "portfolio/frames", data)
		return nil
	}
	if err != nil {
		return err
	}
	s.redirect(w, r, "/portfolio/frames", "portfolio.frames.saved")
	return nil
}

// pickFrames finds draft budget frames, for linking a case to them (the
// strategic council approves them); the query is the year or source.
func pickFrames(s *Server, ctx context.Context, a *policy.Actor, p *i18n.Printer, q string, _ int64) ([]pickOption, error) {
	fs, err := s.Portfolio.Frames(ctx, a)
	if err != nil {
		return nil, err
	}
	out := []pickOption{}
	for _, f := range fs {
		label := fmt.Sprintf("%d %s: %s", f.Year, p.T("directive.source."+f.Source), p.NOK(f.AmountNOK))
		if f.State == portfolio.FrameDraft && pickMatch(q, f.ID, label) && len(out) < 10 {
			out = append(out, pickOption{ID: f.ID, Label: label, Detail: p.T("portfolio.frame.state." + f.State)})
		}
	}
	return out, nil
}

type guidelinePage struct {
	basePage
	Guidelines []*portfolio.Guideline
	Areas      []string
	Form       url.Values
	Errors     formErrors
	MayEdit    bool
}

func (s *Server) guidelinePage(w http.ResponseWriter, r *http.Request) (*guidelinePage, error) {
	a := httpx.Actor(r.Context())
	gs, err := s.Portfolio.Guidelines(r.Context(), a)
	if err != nil {
		return nil, err
	}
	return &guidelinePage{basePage: s.base(w, r, "portfolio.guidelines.title"), Guidelines: gs, Areas: portfolio.FocusAreas, Form: url.Values{},
		MayEdit: policy.Can(a, policy.PortfolioFrameEdit, policy.Resource{})}, nil
}

func (s *Server) guidelineList(w http.ResponseWriter, r *http.Request) error {
	data, err := s.guidelinePage(w, r)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "portfolio/guidelines", data)
	return nil
}

func (s *Server) guidelineCreate(w http.ResponseWriter, r *http.Request) error {
	in := portfolio.GuidelineInput{Title: r.PostFormValue("title"), Goals: r.PostFormValue("goals"), Shares: map[string]string{}}
	for _, a := range portfolio.FocusAreas {
		in.Shares[a] = r.PostFormValue("share_" + a)
	}
	_, err := s.Portfolio.CreateGuideline(r.Context(), httpx.Actor(r.Context()), in)
	if isFormError(err) {
		data, perr := s.guidelinePage(w, r)
		if perr != nil {
			return perr
		}
		data.Errors, data.Form = fieldErrors(data.P, err), r.PostForm
		s.render(w, r, http.StatusUnprocessableEntity, "portfolio/guidelines", data)
		return nil
	}
	if err != nil {
		return err
	}
	s.redirect(w, r, "/portfolio/guidelines", "portfolio.guidelines.saved")
	return nil
}

// pickGuidelines finds draft guidelines, for linking a case to them.
func pickGuidelines(s *Server, ctx context.Context, a *policy.Actor, p *i18n.Printer, q string, _ int64) ([]pickOption, error) {
	gs, err := s.Portfolio.Guidelines(ctx, a)
	if err != nil {
		return nil, err
	}
	out := []pickOption{}
	for _, g := range gs {
		if g.State == portfolio.GuidelineDraft && pickMatch(q, g.ID, g.Title) && len(out) < 10 {
			out = append(out, pickOption{ID: g.ID, Label: g.Title, Detail: p.T("portfolio.guideline.state." + g.State)})
		}
	}
	return out, nil
}

// Abs is the absolute value (percentage points under a share).
func (p overviewPage) Abs(f float64) float64 {
	if f < 0 {
		return -f
	}
	return f
}
