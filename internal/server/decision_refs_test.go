package server_test

// Decisions are cited by link (issue 10, item 3): a need is prioritised by
// a recorded decision and shows it (body, case number, meeting) as a link;
// free-text references from before are linked where they match a recorded
// decision and flagged where they do not; the demo data has none left.

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/samstyr/samstyr/internal/config"
	"github.com/samstyr/samstyr/internal/needs"
	"github.com/samstyr/samstyr/internal/policy"
	"github.com/samstyr/samstyr/internal/seed"
	"github.com/samstyr/samstyr/internal/server"
	"github.com/samstyr/samstyr/internal/testutil"
	"github.com/samstyr/samstyr/internal/testutil/apptest"
)

func TestFreeTextDecisionReferencesAreLinkedOrFlagged(t *testing.T) {
	a := apptest.New(t)
	ctx := context.Background()
	sec := a.Client("secretariat")
	m, c := meetingWithCase(t, a)
	apiJSON(t, sec.API("POST", fmt.Sprintf("/api/v1/meetings/%d/publish", m), ""), 200)
	apiJSON(t, sec.API("POST", fmt.Sprintf("/api/v1/meetings/%d/hold", m), ""), 200)
	d := apiJSON(t, sec.API("POST", fmt.Sprintf("/api/v1/cases/%d/decision", c), `{"kind":"priority","text":"Prioritert.","unanimous":true}`), 201)
	cs := apiJSON(t, sec.API("GET", fmt.Sprintf("/api/v1/cases/%d", c), ""), 200)
	number := cs["number"].(string)

	matching := harnessNeed(t, a, "Behov med gammel vedtakstekst som stemmer")
	dangling := harnessNeed(t, a, "Behov med gammel vedtakstekst som ikke stemmer")
	// As stored before decisions were linked: free text, no decision id.
	for id, text := range map[int64]string{matching.ID: "Brukerrådet sak " + number, dangling.ID: "Brukerrådet sak 99/" + number[strings.Index(number, "/")+1:]} {
		if _, err := a.DB.ExecForTest(ctx, `UPDATE needs SET decision_ref = ?, decision_id = NULL WHERE id = ?`, text, id); err != nil {
			t.Fatal(err)
		}
	}
	linked, flagged, err := a.DB.LinkDecisionReferences(ctx)
	if err != nil || linked != 1 || flagged != 1 {
		t.Fatalf("linked %d, flagged %d, %v: want 1 and 1", linked, flagged, err)
	}
	got, err := a.Needs.Get(ctx, policy.SystemActor, matching.ID)
	if err != nil || got.DecisionID != idOf(d) || got.Decision == nil || got.Decision.Case != number || got.DecisionUnmatched {
		t.Fatalf("matching reference: %+v %v", got, err)
	}
	got, err = a.Needs.Get(ctx, policy.SystemActor, dangling.ID)
	if err != nil || got.DecisionID != 0 || !got.DecisionUnmatched {
		t.Fatalf("dangling reference: %+v %v", got, err)
	}
	// Run again: nothing is left to look at.
	if l, f, err := a.DB.LinkDecisionReferences(ctx); err != nil || l+f != 0 {
		t.Fatalf("second run: %d %d %v", l, f, err)
	}
	// The pages link the decision and mark the dangling reference.
	page := htmlDoc(t, expect(t, sec.Get(fmt.Sprintf("/needs/%d", matching.ID)), 200))
	if page.Find(fmt.Sprintf(`a[href="/cases/%d"]`, c)).Length() == 0 {
		t.Errorf("the need page does not link the decision's case")
	}
	body := expect(t, sec.Get(fmt.Sprintf("/needs/%d", dangling.ID)), 200).Body
	if !strings.Contains(body, "ikke et registrert vedtak") {
		t.Errorf("the need page does not flag the dangling reference")
	}
	a.VerifyAudit()
}

// TestDemoDataCitesRealDecisions loads the demo data and checks that every
// decision a need cites is a recorded decision.
func TestDemoDataCitesRealDecisions(t *testing.T) {
	ctx := context.Background()
	opts := testutil.NewDBOptions(t)
	cfg := config.Default()
	cfg.DatabaseURL, cfg.DataDir = opts.URL, ""
	if opts.Path != "" {
		cfg.DataDir = strings.TrimSuffix(opts.Path, "/samstyr.db")
	}
	app, err := server.Open(ctx, cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer app.Close()
	if _, err := seed.Demo(ctx, app.DB, app.Orgs, app.Auth, time.Now()); err != nil {
		t.Fatal(err)
	}
	if _, err := seed.DemoMeetings(ctx, app.DB, app.Gov, app.Meetings, time.Now()); err != nil {
		t.Fatal(err)
	}
	for _, table := range []string{"needs", "need_events"} {
		if n, err := app.DB.CountRowsForTest(ctx, table, "decision_ref <> '' AND decision_id IS NULL"); err != nil || n != 0 {
			t.Errorf("%s: %d free-text decision references without a decision (%v)", table, n, err)
		}
	}
	page, err := app.Needs.List(ctx, policy.SystemActor, needs.Filter{State: needs.Prioritised, Limit: 10})
	if err != nil || len(page.Items) == 0 {
		t.Fatalf("the demo has no prioritised need: %v", err)
	}
	for _, n := range page.Items {
		got, err := app.Needs.Get(ctx, policy.SystemActor, n.ID)
		if err != nil || got.Decision == nil || !strings.HasPrefix(got.Decision.BodyName, "Brukerrådet") {
			t.Errorf("prioritised demo need %q cites %+v (%v), want a decision of Brukerrådet", n.Title, got.Decision, err)
		}
	}
}
