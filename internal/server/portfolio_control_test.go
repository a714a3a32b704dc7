package server_test

import (
	"context"
	"strings"
	"testing"

	"github.com/samstyr/samstyr/internal/projects"
	"github.com/samstyr/samstyr/internal/testutil/apptest"
)

// TestPortfolioOverviewControl: the overview's status, spent, deviation
// and risk columns come from the project's records — the last reviewed
// report (not a later draft or submitted one), open deviations only, the
// three open risks with the highest score — and the public sees the
// rating but not the deviations and risks.
func TestPortfolioOverviewControl(t *testing.T) {
	a := apptest.New(t)
	f := newPortfolio(t, a)
	ctx := context.Background()
	pid := f.proj.ID
	rating := func(v string) map[string]string {
		m := map[string]string{}
		for _, d := range projects.Dimensions {
			m[d] = v
		}
		return m
	}
	for _, r := range []*projects.StatusReport{
		{Period: "2027-01", State: projects.ReportReviewed, Overall: "green", Costs: []projects.CostLine{{Year: 2027, BudgetNOK: 2000000, ActualNOK: 100000}}},
		{Period: "2027-02", State: projects.ReportReviewed, Overall: "amber", Costs: []projects.CostLine{{Year: 2027, BudgetNOK: 2000000, ActualNOK: 350000}}},
		{Period: "2027-03", State: projects.ReportSubmitted, Overall: "red", Costs: []projects.CostLine{{Year: 2027, BudgetNOK: 2000000, ActualNOK: 900000}}},
	} {
		r.ProjectID, r.Rating = pid, rating(r.Overall)
		if err := a.DB.CreateStatusReport(ctx, r); err != nil {
			t.Fatal(err)
		}
	}
	for _, st := range []string{projects.DevReported, projects.DevEscalated, projects.DevClosed, projects.DevHandled} {
		if err := a.DB.CreateDeviation(ctx, &projects.Deviation{ProjectID: pid, Type: "time", State: st, Description: "Forsinkelse " + st}); err != nil {
			t.Fatal(err)
		}
	}
	for _, r := range []struct {
		title string
		p, c  int64
		state string
	}{{"Lav", 1, 2, projects.RiskIdentified}, {"Høy", 4, 5, projects.RiskMitigating}, {"Lukket", 5, 5, projects.RiskClosed},
		{"Middels", 3, 3, projects.RiskAssessed}, {"Inntruffet", 5, 4, projects.RiskOccurred}, {"Nest høyest", 4, 4, projects.RiskAssessed}} {
		if err := a.DB.CreateRisk(ctx, &projects.Risk{ProjectID: pid, Title: r.title, Probability: r.p, Consequence: r.c, State: r.state}); err != nil {
			t.Fatal(err)
		}
	}

	type row struct {
		status, period string
		spent          int64
		devs           *int64
		risks          []string
	}
	item := func(c *apptest.Client) row {
		t.Helper()
		for _, it := range overviewJSON(t, c, "").Items {
			if it.Kind == "project" {
				out := row{period: it.LastPeriod, spent: it.SpentIn(2027), devs: it.OpenDeviations, risks: it.TopRisks}
				if it.LastStatus != nil {
					out.status = *it.LastStatus
				}
				return out
			}
		}
		t.Fatal("no project row")
		return row{}
	}
	sec := item(a.Client("secretariat"))
	if sec.status != "amber" || sec.period != "2027-02" || sec.spent != 350000 {
		t.Errorf("secretariat: status %q period %q spent %d; want the last reviewed report (amber, 2027-02, 350000)", sec.status, sec.period, sec.spent)
	}
	if sec.devs == nil || *sec.devs != 2 {
		t.Errorf("open deviations: %v, want 2 (reported and escalated)", sec.devs)
	}
	if strings.Join(sec.risks, ",") != "Høy,Nest høyest,Middels" {
		t.Errorf("top risks: %v", sec.risks)
	}
	pub := item(a.NewClient())
	if pub.status != "amber" || pub.devs != nil || pub.risks != nil {
		t.Errorf("public: status %q, deviations %v, risks %v; want the rating only", pub.status, pub.devs, pub.risks)
	}

	doc := htmlDoc(t, a.Client("secretariat").Get("/portfolio/overview?kind=project"))
	tr := doc.Find("#portfolio-items tbody tr").First()
	text := strings.Join(strings.Fields(tr.Text()), " ")
	for _, want := range []string{"Høy", "Nest høyest", "2027-02", "350 000"} {
		if !strings.Contains(text, want) {
			t.Errorf("the project row lacks %q: %s", want, text)
		}
	}
	if strings.Contains(text, "Lukket") || strings.Contains(text, "Inntruffet") {
		t.Errorf("the project row shows a closed or occurred risk: %s", text)
	}
	if tr.Find(".rag--amber").Length() != 1 {
		t.Errorf("the project row has no amber rating: %s", text)
	}
	if doc.Find(`a[href="/risks"]`).Length() == 0 {
		t.Error("the overview does not link to the portfolio's risk register and heat map")
	}
	pubText := a.NewClient().Get("/portfolio/overview").Body
	if strings.Contains(pubText, "Nest høyest") || !strings.Contains(pubText, "rag--amber") {
		t.Error("the public overview shows risks, or no rating")
	}
}
