package web

import (
	"bytes"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/samstyr/samstyr/internal/errs"
	"github.com/samstyr/samstyr/internal/httpx"
	"github.com/samstyr/samstyr/internal/listing"
	"github.com/samstyr/samstyr/internal/needs"
	"github.com/samstyr/samstyr/internal/org"
	"github.com/samstyr/samstyr/internal/sheet"
)

// needAction runs an action on a need and redirects to it with a flash, or
// re-renders the need page with the error (422 or 409).
func (s *Server) needAction(w http.ResponseWriter, r *http.Request, flash string, act func(id int64) error) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	err = act(id)
	if isFormError(err) {
		data, perr := s.needPage(w, r, id)
		if perr != nil {
			return perr
		}
		data.Errors, data.Form = fieldErrors(data.P, err), r.PostForm
		data.OpenForm = r.PostFormValue("form")
		status := http.StatusUnprocessableEntity
		if errs.Is(err, errs.Conflict) {
			status = http.StatusConflict
		}
		s.render(w, r, status, "needs/show", data)
		return nil
	}
	if err != nil {
		return err
	}
	s.redirect(w, r, "/needs/"+strconv.FormatInt(id, 10), flash)
	return nil
}

func (s *Server) needTransition(w http.ResponseWriter, r *http.Request) error {
	f := r.PostForm
	t := needs.Transition{To: f.Get("to"), Comment: f.Get("comment"), Reason: f.Get("reason")}
	// A date or number that does not parse is left empty: the service names
	// the field once it has checked that the person may take the move.
	if d := strings.TrimSpace(f.Get("review_date")); d != "" {
		t.ReviewDate, _ = time.Parse(time.DateOnly, d)
	}
	t.DecisionID, _ = strconv.ParseInt(strings.TrimSpace(f.Get("decision_id")), 10, 64)
	return s.needAction(w, r, "needs.flash.moved", func(id int64) error {
		_, err := s.Needs.Transition(r.Context(), httpx.Actor(r.Context()), id, t)
		return err
	})
}

func (s *Server) needMerge(w http.ResponseWriter, r *http.Request) error {
	// A number that does not parse is no need: the service names the field
	// once it has checked that the person may merge.
	into, _ := strconv.ParseInt(strings.TrimSpace(strings.TrimPrefix(r.PostFormValue("into"), "#")), 10, 64)
	return s.needAction(w, r, "needs.flash.merged", func(id int64) error {
		_, err := s.Needs.Merge(r.Context(), httpx.Actor(r.Context()), id, into, r.PostFormValue("merge_comment"))
		return err
	})
}

func (s *Server) needBack(w http.ResponseWriter, r *http.Request) error {
	return s.needAction(w, r, "needs.flash.backed", func(id int64) error {
		_, err := s.Needs.Back(r.Context(), httpx.Actor(r.Context()), id, r.PostFormValue("backing_comment"))
		return formField(err, "comment", "backing_comment")
	})
}

// formField renames a field of a validation error to the name of the form
// field it came from (the need page has several forms, so the backing
// comment is backing_comment), so the error summary links to it and the
// field is marked invalid.
func formField(err error, from, to string) error {
	e := errs.As(err)
	if e == nil {
		return err
	}
	for i := range e.Fields {
		if e.Fields[i].Field == from {
			e.Fields[i].Field = to
		}
	}
	return err
}

func (s *Server) needUnback(w http.ResponseWriter, r *http.Request) error {
	return s.needAction(w, r, "needs.flash.unbacked", func(id int64) error {
		return s.Needs.Unback(r.Context(), httpx.Actor(r.Context()), id)
	})
}

// needAttach takes one file from a multipart form (the middleware has
// read it). The type is judged from the content.
func (s *Server) needAttach(w http.ResponseWriter, r *http.Request) error {
	return s.needAction(w, r, "needs.flash.attached", func(id int64) error {
		att := &needs.Attachment{}
		if file := formUpload(r, "file"); file != nil {
			var err error
			if att.Data, err = file.ReadAll(needs.MaxAttachment); err != nil {
				return errs.InvalidField("file", "needs.error.file_empty")
			}
			att.Name = file.Filename
		}
		return s.Needs.Attach(r.Context(), httpx.Actor(r.Context()), id, att)
	})
}

func (s *Server) needAttachment(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	aid, err := pathID(r, "aid")
	if err != nil {
		return err
	}
	a, err := s.Needs.Attachment(r.Context(), httpx.Actor(r.Context()), id, aid)
	if err != nil {
		return err
	}
	return httpx.ServeDownload(w, a.Name, a.ContentType, a.Data)
}

type orgNeedsPage struct {
	basePage
	Org   *org.Organisation
	Needs []*needs.Need
	Next  string
}

func (s *Server) orgNeeds(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	a := httpx.Actor(r.Context())
	o, err := s.Orgs.Get(r.Context(), a, id)
	if err != nil {
		return err
	}
	after, err := listing.DecodeCursor(r.URL.Query().Get("cursor"))
	if err != nil {
		return err
	}
	page, err := s.Needs.List(r.Context(), a, needs.Filter{OrgID: id, Sort: "newest", After: after})
	if err != nil {
		return err
	}
	data := orgNeedsPage{basePage: s.base(w, r, "needs.org.title"), Org: o, Needs: page.Items}
	if page.Next != "" {
		data.Next = url.Values{"cursor": {page.Next}}.Encode()
	}
	data.Title = data.P.T("needs.org.heading", "name", o.Name)
	s.render(w, r, http.StatusOK, "needs/org", data)
	return nil
}

// exportLimit bounds an export.
const exportLimit = 10000

// needExport writes the filtered list (same filters, same visibility as the
// page) as CSV or XLSX.
func (s *Server) needExport(w http.ResponseWriter, r *http.Request) error {
	f, err := needQuery(r.URL.Query())
	if err != nil {
		return err
	}
	format := r.URL.Query().Get("format")
	if format != "csv" && format != "xlsx" {
		return errs.InvalidField("format", "needs.error.format")
	}
	rows, err := s.exportRows(r, f)
	if err != nil {
		return err
	}
	name := "behov-" + s.now().Format("2006-01-02") + "." + format
	w.Header().Set("Content-Disposition", `attachment; filename="`+name+`"`)
	w.Header().Set("Cache-Control", "no-store")
	if format == "csv" {
		w.Header().Set("Content-Type", "text/csv; charset=utf-8")
		return sheet.WriteCSV(w, rows)
	}
	return writeXLSX(w, rows)
}

// exportRows fetches every page of the filtered list and lays it out with
// translated headings.
func (s *Server) exportRows(r *http.Request, f needs.Filter) ([][]string, error) {
	p := s.Catalog.Printer(langOf(r))
	head := []string{"needs.col.id", "needs.col.title", "needs.col.state", "needs.col.area", "needs.col.organisation", "needs.col.backers",
		"needs.col.reach", "needs.col.rank", "needs.col.score", "needs.col.urgency", "needs.col.submitted", "needs.col.link"}
	out := [][]string{make([]string, len(head))}
	for i, k := range head {
		out[0][i] = p.T(k)
	}
	f.Limit = listing.MaxLimit
	for len(out) <= exportLimit {
		page, err := s.Needs.List(r.Context(), httpx.Actor(r.Context()), f)
		if err != nil {
			return nil, err
		}
		for _, n := range page.Items {
			area, urgency, rank, score, submitted := "", "", "", "", ""
			if n.Area != "" {
				area = p.T("need.area." + n.Area)
			}
			if n.Urgency != "" {
				urgency = p.T("need.urgency." + n.Urgency)
			}
			if n.Rank > 0 {
				rank, score = strconv.FormatInt(n.Rank, 10), strconv.FormatFloat(n.Score, 'f', 1, 64)
			}
			if !n.SubmittedAt.IsZero() {
				submitted = n.SubmittedAt.Format(time.DateOnly)
			}
			out = append(out, []string{strconv.FormatInt(n.ID, 10), n.Title, p.T("need.state." + n.State), area, n.OrgName,
				strconv.FormatInt(n.Backers, 10), strconv.FormatInt(n.Reach, 10), rank, score, urgency, submitted, "/needs/" + strconv.FormatInt(n.ID, 10)})
		}
		if page.Next == "" {
			break
		}
		f.After, _ = listing.DecodeCursor(page.Next)
	}
	return out, nil
}

func writeXLSX(w http.ResponseWriter, rows [][]string) error {
	x := excelize.NewFile()
	defer x.Close()
	sheet := x.GetSheetName(0)
	for i, row := range rows {
		vals := make([]any, len(row))
		for j, c := range row {
			if n, err := strconv.ParseFloat(c, 64); err == nil && i > 0 && j != 1 && j != 4 {
				vals[j] = n
			} else {
				vals[j] = c
			}
		}
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := x.SetSheetRow(sheet, cell, &vals); err != nil {
			return err
		}
	}
	_ = x.SetColWidth(sheet, "B", "B", 60)
	_ = x.SetColWidth(sheet, "C", "E", 22)
	_ = x.SetPanes(sheet, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"})
	var buf bytes.Buffer
	if err := x.Write(&buf); err != nil {
		return fmt.Errorf("write xlsx: %w", err)
	}
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	_, err := w.Write(buf.Bytes())
	return err
}
