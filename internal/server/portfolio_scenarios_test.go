package server_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/samstyr/samstyr/internal/directives"
	"github.com/samstyr/samstyr/internal/policy"
	"github.com/samstyr/samstyr/internal/portfolio"
	"github.com/samstyr/samstyr/internal/testutil/apptest"
)

// scFixture is newPortfolio's portfolio plus two assessed needs behind
// two ideas that are alternatives (group "søknad"), and an approved frame
// for 2027 (6 MNOK DigiFin); 2028 has none.
type scFixture struct {
	*pfFixture
	altA, altB *directives.Idea
	frame      int64
}

func newScenarioPortfolio(t *testing.T, a *apptest.App) *scFixture {
	t.Helper()
	f := &scFixture{pfFixture: newPortfolio(t, a)}
	f.altA, f.altB, f.frame = scenarioCandidates(t, a, 2027)
	return f
}

// scenarioCandidates adds two assessed needs behind two ideas that are
// alternatives (group "søknad": A 4 MNOK, B 1.5 MNOK over a year) and an
// approved frame for the year (6 MNOK from the state).
func scenarioCandidates(t *testing.T, a *apptest.App, year int) (altA, altB *directives.Idea, frame int64) {
	t.Helper()
	ctx := context.Background()
	sec := a.Client("secretariat")
	need := func(title string, rank int, score float64) int64 {
		t.Helper()
		id, err := createdID(a.Client("member").API("POST", "/api/v1/needs", fmt.Sprintf(`{"title":%q,"problem":"P","area":"bygg"}`, title)), http.StatusCreated)
		if err != nil {
			t.Fatal(err)
		}
		// The need's score from a closed round (the round itself is tested
		// with the needs; here only its result on the need matters).
		if _, err := a.DB.ExecForTest(ctx, `UPDATE needs SET latest_rank = ?, latest_score = ? WHERE id = ?`, rank, score, id); err != nil {
			t.Fatal(err)
		}
		return id
	}
	n1, n2 := need("Søknad om tiltak uten ansvarsrett", 1, 62.5), need("Nabovarsel digitalt", 2, 41)
	altA = &directives.Idea{Title: "Søknadsløsning A", Source: directives.SourceNeeds, Purpose: "A", State: directives.IdeaIdea,
		CostNOK: 4_000_000, DurationMonths: 12, NeedIDs: []int64{n1}}
	altB = &directives.Idea{Title: "Søknadsløsning B", Source: directives.SourceNeeds, Purpose: "B", State: directives.IdeaIdea,
		CostNOK: 1_500_000, DurationMonths: 12, NeedIDs: []int64{n2}}
	for _, i := range []*directives.Idea{altA, altB} {
		if err := a.DB.CreateIdea(ctx, i); err != nil {
			t.Fatal(err)
		}
		if _, err := a.DB.ExecForTest(ctx, `UPDATE project_ideas SET alternative_group = 'søknad' WHERE id = ?`, i.ID); err != nil {
			t.Fatal(err)
		}
	}
	if res := sec.PostForm("/portfolio/frames", url.Values{"year": {fmt.Sprint(year)}, "source": {"state"}, "amount_nok": {"6000000"}}); res.StatusCode != 303 {
		t.Fatalf("frame: %d", res.StatusCode)
	}
	fs, _ := a.DB.FindBudgetFrames(ctx)
	for _, fr := range fs {
		if fr.Year == int64(year) && fr.Source == "state" {
			frame = fr.ID
		}
	}
	decideOn(t, a, sec, policy.BodyStrategicCouncil, "budget_frame", frame, portfolio.EffectApproveBudgetFrame, 201)
	return altA, altB, frame
}

func scenarioCount(t *testing.T, a *apptest.App) int {
	t.Helper()
	list, err := a.DB.FindScenarios(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return len(list)
}

// TestPortfolioLive: the live page shows the instance built from the
// portfolio (the running project mandatory, the alternatives as a group,
// the idea without assessed needs excluded with the reason, the formula),
// a year without an approved frame is refused naming the year, and the
// solver runs on it.
func TestPortfolioLive(t *testing.T) {
	a := apptest.New(t)
	f := newScenarioPortfolio(t, a)
	sec := a.Client("secretariat")
	res := sec.Get("/portfolio/live?from_year=2027&years=1")
	if res.StatusCode != 200 {
		t.Fatalf("live: %d", res.StatusCode)
	}
	doc := htmlDoc(t, res)
	proj := doc.Find(fmt.Sprintf("#cand-project-%d", f.proj.ID))
	if !strings.Contains(proj.Text(), "Obligatorisk: prosjektet pågår") || !strings.Contains(proj.Text(), "2\u00a0000") {
		t.Errorf("running project row: %q", proj.Text())
	}
	altA := doc.Find(fmt.Sprintf("#cand-idea-%d", f.altA.ID))
	if !strings.Contains(altA.Text(), "Alternativgruppe «søknad»") || !strings.Contains(altA.Text(), "62,5") || !strings.Contains(altA.Text(), "4\u00a0000") {
		t.Errorf("alternative A row: %q", altA.Text())
	}
	if ex := doc.Find(fmt.Sprintf("#excl-idea-%d", f.idea.ID)).Text(); !strings.Contains(ex, "Ingen av behovene er vurdert") {
		t.Errorf("the idea without assessed needs: %q", ex)
	}
	if ex := doc.Find(fmt.Sprintf("#excl-directive-%d", f.dir.ID)).Text(); !strings.Contains(ex, "Ingen av behovene er vurdert") {
		t.Errorf("the directive without assessed needs: %q", ex)
	}
	if !strings.Contains(doc.Find("#formula").Text(), "S = 100") {
		t.Error("the formula is not shown")
	}

	res = sec.Get("/portfolio/live?from_year=2027&years=2")
	if res.StatusCode != 422 || !strings.Contains(htmlDoc(t, res).Find("#e-years").Text(), "ingen vedtatt budsjettramme for 2028") {
		t.Errorf("a year without a frame: %d", res.StatusCode)
	}

	res = sec.PostForm("/portfolio/live", url.Values{"from_year": {"2027"}, "years": {"1"}, "time_limit": {"5"}})
	if res.StatusCode != 200 {
		t.Fatalf("run: %d %s", res.StatusCode, res.Body)
	}
	chosen := htmlDoc(t, res).Find("#chosen").Parent().Text()
	// Budget 6000 kNOK: the project (2000) is mandatory; A (4000, benefit
	// 63) beats B (1500, benefit 41), and only one of them may be chosen.
	if !strings.Contains(chosen, "Felles planregister") || !strings.Contains(chosen, "Søknadsløsning A") || strings.Contains(chosen, "Søknadsløsning B") {
		t.Errorf("selection: %q", chosen)
	}
	for role, want := range map[string]int{"member": 403, "working_committee": 403, "user_council": 200, "strategic_council": 200} {
		if res := a.Client(role).Get("/portfolio/live?from_year=2027&years=1"); res.StatusCode != want {
			t.Errorf("%s: %d, want %d", role, res.StatusCode, want)
		}
	}
}

// TestPortfolioScenarios: bad input stores nothing; two scenarios are
// saved (the second after the alternatives' figures changed) and
// compared; the API lists, creates and returns them.
func TestPortfolioScenarios(t *testing.T) {
	a := apptest.New(t)
	f := newScenarioPortfolio(t, a)
	sec := a.Client("secretariat")
	before := a.AuditCount()
	for _, bad := range []url.Values{
		{"name": {"Over to år"}, "from_year": {"2027"}, "years": {"2"}},
		{"name": {"  "}, "from_year": {"2027"}, "years": {"1"}},
		{"name": {"Feil år"}, "from_year": {"tjuesju"}, "years": {"1"}},
	} {
		if res := sec.PostForm("/portfolio/scenarios", bad); res.StatusCode != 422 {
			t.Errorf("%v: %d", bad, res.StatusCode)
		}
	}
	res := sec.API("POST", "/api/v1/portfolio/scenarios", `{"name":"Over to år","from_year":2027,"years":2}`)
	if res.StatusCode != 422 || !strings.Contains(res.Body, `"field":"years"`) || !strings.Contains(res.Body, "2028") {
		t.Errorf("API over a missing frame: %d %s", res.StatusCode, res.Body)
	}
	if scenarioCount(t, a) != 0 || a.AuditCount() != before {
		t.Fatal("bad scenarios were stored")
	}
	if res := a.Client("working_committee").PostForm("/portfolio/scenarios", url.Values{"name": {"X"}, "from_year": {"2027"}, "years": {"1"}}); res.StatusCode != 403 {
		t.Errorf("working committee saves: %d", res.StatusCode)
	}

	res = sec.PostForm("/portfolio/scenarios", url.Values{"name": {"Scenario A"}, "from_year": {"2027"}, "years": {"1"}, "time_limit": {"5"}})
	if res.StatusCode != 303 {
		t.Fatalf("save: %d %s", res.StatusCode, res.Body)
	}
	// B gets cheaper and more useful: the second scenario picks it.
	if _, err := a.DB.ExecForTest(context.Background(), `UPDATE needs SET latest_score = 90 WHERE id = ?`, f.altB.NeedIDs[0]); err != nil {
		t.Fatal(err)
	}
	res = sec.API("POST", "/api/v1/portfolio/scenarios", `{"name":"Scenario B","from_year":2027,"years":1,"time_limit_seconds":5}`)
	if res.StatusCode != 201 {
		t.Fatalf("API save: %d %s", res.StatusCode, res.Body)
	}
	var b portfolio.Scenario
	if err := json.Unmarshal([]byte(res.Body), &b); err != nil || b.Result == nil || b.Live == nil || b.State != portfolio.ScenarioDraft {
		t.Fatalf("API scenario: %v %s", err, res.Body)
	}
	list, _ := a.DB.FindScenarios(context.Background())
	if len(list) != 2 {
		t.Fatalf("%d scenarios", len(list))
	}
	ida := list[1].ID
	if res := sec.API("GET", fmt.Sprintf("/api/v1/portfolio/scenarios/%d", ida), ""); res.StatusCode != 200 || !strings.Contains(res.Body, `"Scenario A"`) {
		t.Errorf("API one: %d", res.StatusCode)
	}
	if res := sec.API("GET", "/api/v1/portfolio/scenarios", ""); res.StatusCode != 200 || !strings.Contains(res.Body, `"Scenario B"`) {
		t.Errorf("API list: %d", res.StatusCode)
	}
	if res := a.Client("member").API("GET", "/api/v1/portfolio/scenarios", ""); res.StatusCode != 403 {
		t.Errorf("member API list: %d", res.StatusCode)
	}
	doc := htmlDoc(t, sec.Get("/portfolio/scenarios"))
	if doc.Find("#scenarios tbody tr").Length() != 2 {
		t.Error("the list does not show both scenarios")
	}
	doc = htmlDoc(t, sec.Get(fmt.Sprintf("/portfolio/scenarios/%d", ida)))
	if order := doc.Find("#order li").First().Text(); !strings.Contains(order, "Felles planregister") {
		t.Errorf("the order does not start with the mandatory project: %q", order)
	}
	res = sec.Get(fmt.Sprintf("/portfolio/scenarios/compare?a=%d&b=%d", ida, b.ID))
	doc = htmlDoc(t, res)
	if both := doc.Find("#both").Text(); !strings.Contains(both, "Felles planregister") {
		t.Errorf("both: %q", both)
	}
	if onlyA, onlyB := doc.Find("#only-a").Text(), doc.Find("#only-b").Text(); !strings.Contains(onlyA, "Søknadsløsning A") || !strings.Contains(onlyB, "Søknadsløsning B") {
		t.Errorf("only in A: %q; only in B: %q", onlyA, onlyB)
	}
	totals := doc.Find("#totals").Text()
	if !strings.Contains(totals, "Kostnad 2027") || !strings.Contains(totals, "6\u00a0000") || !strings.Contains(totals, "3\u00a0500") {
		t.Errorf("totals: %q", totals)
	}
	if res := sec.Get(fmt.Sprintf("/portfolio/scenarios/%d/paper.pdf", ida)); res.StatusCode != 200 || !strings.HasPrefix(res.Body, "%PDF") {
		t.Errorf("paper: %d", res.StatusCode)
	}
	a.VerifyAudit()
}

// TestScenarioSetPriorities: a case linking the scenario carries its
// paper; a working-committee decision with set_priorities is refused and
// changes nothing; Brukerrådet's decision adopts the scenario with the
// decision link and writes the order onto the candidates.
func TestScenarioSetPriorities(t *testing.T) {
	a := apptest.New(t)
	f := newScenarioPortfolio(t, a)
	ctx := context.Background()
	sec := a.Client("secretariat")
	res := sec.API("POST", "/api/v1/portfolio/scenarios", `{"name":"Prioritering 2027","from_year":2027,"years":1,"time_limit_seconds":5}`)
	id, err := createdID(res, 201)
	if err != nil {
		t.Fatal(err)
	}
	decideOn(t, a, sec, policy.BodyWorkingCommittee, "portfolio_scenario", id, portfolio.EffectSetPriorities, 422)
	if sc, _ := a.DB.FindScenarioByID(ctx, id, false); sc.State != portfolio.ScenarioDraft || sc.DecisionID != 0 {
		t.Fatalf("after the working committee: %+v", sc)
	}
	d := decideOn(t, a, sec, policy.BodyUserCouncil, "portfolio_scenario", id, portfolio.EffectSetPriorities, 201)
	sc, err := a.DB.FindScenarioByID(ctx, id, false)
	if err != nil || sc.State != portfolio.ScenarioAdopted || sc.DecisionID != int64(d["id"].(float64)) || sc.Decision == nil {
		t.Fatalf("after Brukerrådet: %+v %v", sc, err)
	}
	items, _ := a.DB.FindPortfolioItems(ctx, false)
	prio := map[string]int64{}
	for _, it := range items {
		prio[fmt.Sprintf("%s-%d", it.Kind, it.ID)] = it.Priority
	}
	if prio[fmt.Sprintf("project-%d", f.proj.ID)] != 1 {
		t.Errorf("project priority %d, want 1 (mandatory first)", prio[fmt.Sprintf("project-%d", f.proj.ID)])
	}
	var pa, pb int64
	for _, i := range []struct {
		id int64
		to *int64
	}{{f.altA.ID, &pa}, {f.altB.ID, &pb}} {
		got, err := a.DB.FindIdeaPortfolioPriority(ctx, i.id)
		if err != nil {
			t.Fatal(err)
		}
		*i.to = got
	}
	if pa != 2 || pb != 0 {
		t.Errorf("ideas' priorities A %d B %d, want 2 and 0 (B not selected)", pa, pb)
	}
	// The case page lists the scenario's paper and links the scenario.
	doc := htmlDoc(t, sec.Get(fmt.Sprintf("/cases/%d", sc.Decision.CaseID)))
	if !strings.Contains(doc.Text(), portfolio.ScenarioPDFName(sc)) {
		t.Error("the case does not carry the scenario's paper")
	}
	if doc.Find(fmt.Sprintf(`a[href="/portfolio/scenarios/%d"]`, id)).Length() == 0 {
		t.Error("the case does not link the scenario")
	}
	// The scenario page links the decision; a second adoption is refused.
	if htmlDoc(t, sec.Get(fmt.Sprintf("/portfolio/scenarios/%d", id))).Find(`#scenario-state a[href^="/cases/"]`).Length() != 1 {
		t.Error("the scenario does not link its decision")
	}
	decideOn(t, a, sec, policy.BodyStrategicCouncil, "portfolio_scenario", id, portfolio.EffectSetPriorities, 409)
	a.VerifyAudit()
}
