package portfolio

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/samstyr/samstyr/internal/i18n"
	"github.com/samstyr/samstyr/internal/meetings"
	"github.com/samstyr/samstyr/internal/policy"
)

// ScenarioPDFName is the file name of a scenario's case paper.
func ScenarioPDFName(sc *Scenario) string { return fmt.Sprintf("portefoljescenario-%d.pdf", sc.ID) }

// ScenarioPDF renders a scenario as the case paper put before the user
// council or the strategic council: the horizon and budgets, the proposed
// priority order (the selected candidates), the candidates left out and
// excluded, and the method's formula. Errors: Unauthenticated, Forbidden,
// NotFound.
func (s *Service) ScenarioPDF(ctx context.Context, a *policy.Actor, id int64, p *i18n.Printer) (name string, doc []byte, err error) {
	sc, err := s.Scenario(ctx, a, id)
	if err != nil {
		return "", nil, err
	}
	title := p.T("portfolio.scenario.doc.title", "name", sc.Name)
	w := meetings.NewPDFWriter(p, title, title)
	w.Space(30)
	w.Text(p.T("directive.doc.programme"))
	w.Space(6)
	w.Heading(p.T("portfolio.scenario.doc.kind"), 14, -1)
	w.Heading(sc.Name, 22, 0)
	w.Space(4)
	l, out := sc.Live, sc.Result
	w.Label(p.T("portfolio.scenario.horizon"), fmt.Sprintf("%d–%d", l.FromYear, l.FromYear+int64(len(l.Years))-1))
	w.Label(p.T("portfolio.scenario.created"), sc.Creator+", "+p.Date(sc.CreatedAt))
	w.Label(p.T("portfolio.objective"), p.Int(out.Objective))
	if out.Optimal {
		w.Label(p.T("portfolio.proof"), p.T("portfolio.optimal"))
	} else {
		w.Label(p.T("portfolio.proof"), p.T("portfolio.not_proven", "gap", p.Percent(out.Gap, 1), "bound", p.Int(out.Bound)))
	}
	w.Space(4)
	w.Section(p.T("portfolio.live.formula_title"), p.T("portfolio.live.formula"))

	w.Heading(p.T("portfolio.years"), 12, 1)
	var rows [][]string
	for i, y := range l.Years {
		cost := int64(0)
		if i < len(out.CostPerYear) {
			cost = out.CostPerYear[i]
		}
		rows = append(rows, []string{strconv.FormatInt(y, 10), p.Int(l.Instance.Budget[i]), p.Int(cost)})
	}
	w.Table([]string{p.T("portfolio.year"), p.T("portfolio.budget") + " (" + CostUnit + ")", p.T("portfolio.cost")}, []float64{40, 65, 65}, rows)

	w.Heading(p.T("portfolio.scenario.order"), 12, 1)
	rows = nil
	for i, c := range sc.Order() {
		rows = append(rows, []string{strconv.Itoa(i + 1), c.Title, p.T("portfolio.live.kind." + c.Kind), p.Int(c.Benefit), p.Int(sum(c.Cost)), mandatoryText(p, c)})
	}
	w.Table([]string{"#", p.T("portfolio.live.candidate"), p.T("portfolio.live.kind"), p.T("portfolio.benefit"), p.T("portfolio.total_cost"), p.T("portfolio.live.mandatory")},
		[]float64{10, 62, 24, 22, 26, 26}, rows)

	chosen := map[string]bool{}
	for _, id := range out.Selected {
		chosen[id] = true
	}
	rows = nil
	for _, c := range l.Candidates {
		if !chosen[c.ID] {
			rows = append(rows, []string{c.Title, p.T("portfolio.live.kind." + c.Kind), p.Int(c.Benefit), p.Int(sum(c.Cost))})
		}
	}
	if len(rows) > 0 {
		w.Heading(p.T("portfolio.rejected_title"), 12, 1)
		w.Table([]string{p.T("portfolio.live.candidate"), p.T("portfolio.live.kind"), p.T("portfolio.benefit"), p.T("portfolio.total_cost")}, []float64{80, 30, 30, 30}, rows)
	}
	if len(l.Excluded) > 0 {
		w.Heading(p.T("portfolio.live.excluded_title"), 12, 1)
		rows = nil
		for _, c := range l.Excluded {
			rows = append(rows, []string{c.Title, p.T("portfolio.live.kind." + c.Kind), p.T(c.Excluded)})
		}
		w.Table([]string{p.T("portfolio.live.candidate"), p.T("portfolio.live.kind"), p.T("portfolio.live.reason")}, []float64{70, 30, 70}, rows)
	}
	doc, err = w.Bytes()
	return ScenarioPDFName(sc), doc, err
}

func mandatoryText(p *i18n.Printer, c *Candidate) string {
	if c.Mandatory == "" {
		return ""
	}
	return p.T("portfolio.live.mandatory." + c.Mandatory)
}

func sum(xs []int64) int64 {
	var t int64
	for _, x := range xs {
		t += x
	}
	return t
}

// Names of the kinds, for logs.
func (c *Candidate) String() string { return strings.Join([]string{c.ID, c.Title}, " ") }
