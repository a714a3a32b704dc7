package directives

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/samstyr/samstyr/internal/governance"
	"github.com/samstyr/samstyr/internal/i18n"
	"github.com/samstyr/samstyr/internal/meetings"
	"github.com/samstyr/samstyr/internal/policy"
)

// The directive and the concept mandate as documents in the programme's
// layout (the meeting documents' layout, internal/meetings): a title page
// with the programme, the title, the version, its date and the decisions
// on it, then every structured field, long Markdown texts rendered as
// readable text. They are offered as downloads and attached as the case
// paper when a case links the directive or the idea.

// VersionPDF renders version n of a directive the actor may read (the
// public: the approved version). Errors: NotFound.
func (s *Service) VersionPDF(ctx context.Context, a *policy.Actor, id, n int64, p *i18n.Printer) ([]byte, error) {
	v, err := s.Version(ctx, a, id, n)
	if err != nil {
		return nil, err
	}
	d, err := s.Directive(ctx, a, id)
	if err != nil {
		return nil, err
	}
	return s.directivePDF(ctx, d, v, p, policy.Can(a, policy.DirectiveView, policy.Resource{}))
}

// MandatePDF renders an idea's concept mandate. Errors: Unauthenticated,
// Forbidden, NotFound.
func (s *Service) MandatePDF(ctx context.Context, a *policy.Actor, id int64, p *i18n.Printer) ([]byte, error) {
	i, err := s.Idea(ctx, a, id)
	if err != nil {
		return nil, err
	}
	return s.mandatePDF(i, p)
}

// PDFName is the file name of a directive version's document.
func PDFName(d *Directive, n int64) string {
	return fmt.Sprintf("styringsdokument-%d-v%d.pdf", d.ID, n)
}

// MandatePDFName is the file name of an idea's mandate document.
func MandatePDFName(i *Idea) string { return fmt.Sprintf("mandat-konseptfase-%d.pdf", i.ID) }

// decisionLine describes a decision for the title page: body, case
// number, meeting date.
func decisionLine(p *i18n.Printer, ref *governance.DecisionRef) string {
	if ref == nil {
		return ""
	}
	return p.T("directive.doc.decision_line", "body", ref.Name(p.Lang), "case", ref.Case, "date", p.Date(ref.MeetingStart))
}

// directivePDF writes the document; internal names the steering group
// (only for readers of the drafts, as on the page).
func (s *Service) directivePDF(ctx context.Context, d *Directive, v *Version, p *i18n.Printer, internal bool) ([]byte, error) {
	c := v.Content
	title := p.T("directive.doc.title", "title", d.Title, "n", v.Number)
	w := meetings.NewPDFWriter(p, title, p.T("directive.doc.footer", "title", d.Title, "n", v.Number))
	// Title page.
	w.Space(40)
	w.Text(p.T("directive.doc.programme"))
	w.Space(6)
	w.Heading(p.T("directive.doc.kind"), 14, -1)
	w.Heading(d.Title, 22, 0)
	w.Space(4)
	w.Label(p.T("directives.col.version"), strconv.FormatInt(v.Number, 10)+frozenNote(p, v))
	w.Label(p.T("directive.doc.date"), p.Date(v.UpdatedAt))
	w.Label(p.T("directives.col.state"), p.T("directive.state."+d.State))
	if d.RecommendedVersion == v.Number {
		w.Label(p.T("directives.recommended_by"), decisionLine(p, d.RecommendDecision))
	}
	if d.ApprovedVersion == v.Number && d.ApproveDecision != nil {
		w.SetSubject(title + " – " + p.T("directives.approved_by") + " " + decisionLine(p, d.ApproveDecision))
		w.Label(p.T("directives.approved_by"), decisionLine(p, d.ApproveDecision))
		if d.Priority > 0 {
			w.Label(p.T("projects.priority"), strconv.FormatInt(d.Priority, 10))
		}
	} else {
		w.Space(4)
		w.Text(p.T("directive.doc.not_approved"))
	}
	people := map[int64]string{}
	ids := []int64{c.OwnerID, c.ManagerID}
	if internal {
		ids = append(ids, c.SteeringIDs...)
	}
	for _, id := range ids {
		if id != 0 {
			name, _, err := s.store.PersonContact(ctx, id)
			if err != nil {
				return nil, err
			}
			people[id] = name
		}
	}
	w.Label(p.T("directives.field.owner"), people[c.OwnerID])
	w.Label(p.T("directives.field.manager"), people[c.ManagerID])

	// The fields.
	w.NewPage()
	w.Heading(p.T("directives.content"), 15, 0)
	w.Section(p.T("directives.field.background"), c.Background)
	w.Section(p.T("directives.field.purpose"), c.Purpose)
	if len(c.Goals) > 0 {
		w.Heading(p.T("directives.goals"), 12, 1)
		var rows [][]string
		for _, g := range c.Goals {
			rows = append(rows, []string{p.T("directive.goal_level." + g.Level), g.Text, g.Indicator})
		}
		w.Table([]string{p.T("directives.goal.level"), p.T("directives.goal.text"), p.T("directives.goal.indicator")}, []float64{32, 74, 64}, rows)
	}
	if len(c.Deliverables) > 0 {
		w.Heading(p.T("directives.deliverables"), 12, 1)
		var rows [][]string
		for _, x := range c.Deliverables {
			rows = append(rows, []string{x.Name, x.Acceptance})
		}
		w.Table([]string{p.T("directives.deliverable.name"), p.T("directives.deliverable.acceptance")}, []float64{70, 100}, rows)
	}
	w.Section(p.T("directives.field.scope"), c.Scope)
	w.Section(p.T("directives.field.exclusions"), c.Exclusions)
	if c.Start != "" || c.End != "" {
		w.Label(p.T("directives.period"), c.Start+" – "+c.End)
		w.Space(2)
	}
	if len(c.Milestones) > 0 {
		w.Heading(p.T("directives.milestones"), 12, 1)
		var rows [][]string
		for _, m := range c.Milestones {
			rows = append(rows, []string{m.Name, m.Date})
		}
		w.Table([]string{p.T("directives.milestone.name"), p.T("directives.milestone.date")}, []float64{130, 40}, rows)
	}
	if len(c.Budget) > 0 {
		w.Heading(p.T("directives.budget"), 12, 1)
		var rows [][]string
		for _, b := range c.Budget {
			rows = append(rows, []string{strconv.FormatInt(b.Year, 10), p.T("directive.source." + b.Source), p.NOK(b.AmountNOK)})
		}
		rows = append(rows, []string{p.T("directives.budget.total"), "", p.NOK(c.BudgetTotal)})
		w.Table([]string{p.T("directives.budget.year"), p.T("directives.budget.source"), p.T("directives.budget.amount_nok")}, []float64{30, 80, 60}, rows)
	}
	if len(c.Staffing) > 0 || len(c.Waivers) > 0 {
		w.Heading(p.T("directives.staffing"), 12, 1)
		var rows [][]string
		for _, st := range c.Staffing {
			rows = append(rows, []string{p.T("directive.role." + st.Role), st.Organisation, st.Name, hours(p, st.EffortHours)})
		}
		w.Table([]string{p.T("directives.staff.role"), p.T("directives.staff.organisation"), p.T("directives.staff.name"), p.T("directives.staff.effort_hours")},
			[]float64{48, 50, 46, 26}, rows)
		if len(c.Waivers) > 0 {
			var rows [][]string
			for _, x := range c.Waivers {
				rows = append(rows, []string{p.T("directive.role." + x.Role), x.Reason})
			}
			w.Text(p.T("directives.field.waivers"))
			w.Table([]string{p.T("directives.staff.role"), p.T("directives.waiver.reason")}, []float64{60, 110}, rows)
		}
	}
	w.Heading(p.T("directive.doc.organisation"), 12, 1)
	w.Label(p.T("directives.field.owner"), people[c.OwnerID])
	w.Label(p.T("directives.field.manager"), people[c.ManagerID])
	if internal {
		var names []string
		for _, id := range c.SteeringIDs {
			names = append(names, people[id])
		}
		w.Label(p.T("directives.field.steering_ids"), strings.Join(names, ", "))
	}
	if c.UserCouncilReference {
		w.Label(p.T("directives.reference_group"), p.T("directives.reference_group_uc"))
	}
	w.Space(2)
	w.Section(p.T("directives.field.dependencies"), c.Dependencies)
	w.Section(p.T("directives.field.risks"), c.Risks)
	if len(c.Benefits) > 0 {
		w.Heading(p.T("directives.benefits"), 12, 1)
		var rows [][]string
		for _, b := range c.Benefits {
			rows = append(rows, []string{b.Text, p.T("directive.benefit_type." + b.Type), b.Owner})
		}
		w.Table([]string{p.T("directives.benefit.text"), p.T("directives.benefit.type"), p.T("directives.benefit.owner")}, []float64{90, 35, 45}, rows)
	}
	if len(c.Standards) > 0 {
		w.Section(p.T("directives.field.standards"), "- "+strings.Join(c.Standards, "\n- "))
	}
	w.Section(p.T("directives.field.stakeholders"), c.Stakeholders)
	w.Section(p.T("directives.field.vendors"), c.Vendors)
	if c.Reporting != "" {
		w.Label(p.T("directives.field.reporting"), p.T("directive.reporting."+c.Reporting))
	}
	w.Label(p.T("directives.tolerances"), p.T("directives.tolerances_text", "time", p.Float(c.Tolerances.TimePct, 1),
		"cost", p.Float(c.Tolerances.CostPct, 1), "scope", p.Float(c.Tolerances.ScopePct, 1)))
	return w.Bytes()
}

func frozenNote(p *i18n.Printer, v *Version) string {
	if v.Frozen {
		return " (" + p.T("directives.frozen") + ")"
	}
	return ""
}

// mandatePDF writes the concept mandate of an idea.
func (s *Service) mandatePDF(i *Idea, p *i18n.Printer) ([]byte, error) {
	m := i.Mandate
	title := p.T("directive.doc.mandate_title", "title", i.Title)
	w := meetings.NewPDFWriter(p, title, title)
	w.Space(40)
	w.Text(p.T("directive.doc.programme"))
	w.Space(6)
	w.Heading(p.T("ideas.mandate"), 14, -1)
	w.Heading(i.Title, 22, 0)
	w.Space(4)
	w.Label(p.T("directives.col.state"), p.T("idea.state."+i.State))
	w.Label(p.T("directive.doc.date"), p.Date(i.UpdatedAt))
	w.Label(p.T("ideas.field.concept_decision"), decisionLine(p, i.ConceptDecision))
	w.Label(p.T("ideas.field.owner"), i.Owner)
	w.NewPage()
	w.Heading(p.T("ideas.mandate"), 15, 0)
	w.Section(p.T("ideas.mandate.background"), m.Background)
	w.Section(p.T("ideas.mandate.purpose"), m.Purpose)
	w.Section(p.T("ideas.mandate.constraints"), m.Constraints)
	w.Section(p.T("ideas.mandate.lessons"), m.Lessons)
	w.Section(p.T("ideas.mandate.organisation"), m.Organisation)
	w.Section(p.T("ideas.mandate.results"), m.Results)
	if m.CostNOK > 0 {
		w.Label(p.T("ideas.mandate.cost_nok"), p.NOK(m.CostNOK))
	}
	w.Label(p.T("ideas.mandate.time"), m.Time)
	w.Space(4)
	w.Heading(p.T("directive.doc.idea"), 12, 1)
	w.Section(p.T("ideas.field.purpose"), i.Purpose)
	w.Section(p.T("ideas.field.benefits"), i.Benefits)
	w.Section(p.T("ideas.field.alternatives"), i.Alternatives)
	if i.CostNOK > 0 {
		w.Label(p.T("ideas.field.cost_nok"), p.NOK(i.CostNOK))
	}
	if i.DurationMonths > 0 {
		w.Label(p.T("ideas.field.duration_months"), strconv.FormatInt(i.DurationMonths, 10))
	}
	return w.Bytes()
}

func hours(p *i18n.Printer, h int64) string {
	if h == 0 {
		return ""
	}
	return p.Int(h)
}
