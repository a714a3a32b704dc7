package server_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/samstyr/samstyr/internal/audit"
	"github.com/samstyr/samstyr/internal/forum"
	"github.com/samstyr/samstyr/internal/governance"
	"github.com/samstyr/samstyr/internal/i18n"
	"github.com/samstyr/samstyr/internal/org"
	"github.com/samstyr/samstyr/internal/policy"
	"github.com/samstyr/samstyr/internal/testutil/apptest"
)

// electionFixture is a forum with an election taking nominations, voters
// registered as voting representatives of their municipalities, and four
// candidates (ids in nomination order).
type electionFixture struct {
	forumID, electionID int64
	voters              []*apptest.Client
	candidates          []int64
}

// newVoters creates n municipalities (small ones, in Innlandet) with one
// person each, returning the person keys.
func newVoters(t *testing.T, a *apptest.App, n int) []string {
	ctx := context.Background()
	var keys []string
	for i := range n {
		key := fmt.Sprintf("voter%d", i+1)
		o := &org.Organisation{Kind: "municipality", Name: fmt.Sprintf("Valgkommune %d", i+1), OrgNumber: fmt.Sprintf("9990000%02d", i),
			MunicipalityNumber: fmt.Sprintf("34%02d", 50+i), CountyNumber: "34", CountyName: "Innlandet", Population: int64(3000 + i), Active: true}
		if err := a.DB.CreateOrganisation(ctx, o); err != nil {
			t.Fatal(err)
		}
		a.Organisations[key] = o
		a.People[key] = a.NewPerson(key, key, "", false)
		keys = append(keys, key)
	}
	return keys
}

func wantAPI(t *testing.T, what string, res *apptest.Response, status int, into any) {
	t.Helper()
	wantStatus(t, what, res, status)
	if into != nil {
		if err := json.Unmarshal([]byte(res.Body), into); err != nil {
			t.Fatalf("%s: %v: %s", what, err, res.Body)
		}
	}
}

func setupElection(t *testing.T, a *apptest.App, voters int) electionFixture {
	t.Helper()
	sec := a.Client("secretariat")
	var fx electionFixture
	var f forum.Forum
	start := time.Now().Add(24 * time.Hour).UTC().Truncate(time.Hour)
	wantAPI(t, "create forum", sec.API("POST", "/api/v1/forums", fmt.Sprintf(`{"title":"Brukerforum %d","starts_at":%q,"ends_at":%q,"place":"Gardermoen"}`,
		start.Year(), start.Format(time.RFC3339), start.Add(6*time.Hour).Format(time.RFC3339))), http.StatusCreated, &f)
	fx.forumID = f.ID
	for _, key := range newVoters(t, a, voters) {
		c := a.Client(key)
		wantAPI(t, "register "+key, c.API("POST", fmt.Sprintf("/api/v1/forums/%d/registrations", f.ID), `{"role":"voting"}`), http.StatusCreated, nil)
		fx.voters = append(fx.voters, c)
	}
	var e forum.Election
	wantAPI(t, "create election", sec.API("POST", "/api/v1/elections", fmt.Sprintf(`{"forum_id":%d,"title":"Valg til Brukerrådet","seats":2,"deputies":1,
		"term_from":"2027-01-01","term_to":"2028-12-31","rule":"majority","balance":{"gender_law":true}}`, f.ID)), http.StatusCreated, &e)
	fx.electionID = e.ID
	for i, who := range []struct{ role, gender string }{{"member", "female"}, {"strategic_council", "female"}, {"working_committee", "male"}, {"admin", "male"}} {
		var c forum.Candidate
		wantAPI(t, "nominate", a.Client("member").API("POST", fmt.Sprintf("/api/v1/elections/%d/candidates", e.ID),
			fmt.Sprintf(`{"person_email":%q,"sector":"municipal","gender":%q,"consent":true,"motivation":"Kandidat %d"}`, a.People[who.role].Email, who.gender, i)),
			http.StatusCreated, &c)
		fx.candidates = append(fx.candidates, c.ID)
	}
	wantAPI(t, "roll", sec.API("PUT", fmt.Sprintf("/api/v1/elections/%d/roll", e.ID), `{"from_registrations":true}`), http.StatusOK, nil)
	return fx
}

func vote(c *apptest.Client, electionID int64, choices ...int64) *apptest.Response {
	b, _ := json.Marshal(map[string]any{"choices": choices})
	return c.API("POST", fmt.Sprintf("/api/v1/elections/%d/vote", electionID), string(b))
}

func ballotCount(t *testing.T, a *apptest.App, electionID int64) int {
	t.Helper()
	bs, err := a.DB.FindBallots(context.Background(), electionID)
	if err != nil {
		t.Fatal(err)
	}
	return len(bs)
}

// TestElectionRunsToAVerifiedResult: an election runs from nominations
// through voting by three municipalities to a published result that
// `samstyr election recount` (forum.Recount) reproduces; bad input is
// refused with nothing stored and audited without the ballot; the elected
// become proposed members of the user council, active only by
// KommIT-rådet's decision.
func TestElectionRunsToAVerifiedResult(t *testing.T) {
	a := apptest.New(t)
	ctx := context.Background()
	fx := setupElection(t, a, 3)
	sec := a.Client("secretariat")
	eid, c := fx.electionID, fx.candidates
	path := fmt.Sprintf("/api/v1/elections/%d", eid)

	// A nomination without consent is refused, naming the field.
	res := a.Client("member").API("POST", path+"/candidates", fmt.Sprintf(`{"person_email":%q,"sector":"state","gender":"male","consent":false}`, a.People["vendor"].Email))
	wantStatus(t, "no consent", res, http.StatusUnprocessableEntity)
	if !strings.Contains(res.Body, `"consent"`) {
		t.Fatalf("no consent: %s", res.Body)
	}
	if cs, _ := a.Forum.Candidates(ctx, nil, eid); len(cs) != 4 {
		t.Fatalf("%d candidates after a refused nomination", len(cs))
	}
	// No vote before opening.
	wantStatus(t, "vote before opening", vote(fx.voters[0], eid, c[0]), http.StatusConflict)
	wantAPI(t, "open", sec.API("POST", path+"/open", ""), http.StatusOK, nil)
	// The roll is frozen.
	wantStatus(t, "roll after opening", sec.API("PUT", path+"/roll", `{"numbers":["0301"]}`), http.StatusConflict)
	if roll, _ := a.Forum.Roll(ctx, nil, eid); len(roll) != 3 {
		t.Fatalf("roll %v", roll)
	}

	refusedBefore := countAudit(t, a, "election.vote_refused")
	// Bad ballots: too many choices, a candidate not on the list, a
	// repeated choice, no choice; a voter not on the roll.
	for what, res := range map[string]*apptest.Response{
		"too many":      vote(fx.voters[0], eid, c[0], c[1], c[2]),
		"not candidate": vote(fx.voters[0], eid, c[0], 999999),
		"repeated":      vote(fx.voters[0], eid, c[0], c[0]),
		"none":          vote(fx.voters[0], eid),
	} {
		wantStatus(t, what, res, http.StatusUnprocessableEntity)
		if !strings.Contains(res.Body, `"choices"`) {
			t.Fatalf("%s: %s", what, res.Body)
		}
	}
	wantStatus(t, "not on the roll", vote(a.Client("vendor"), eid, c[0]), http.StatusForbidden)
	wantStatus(t, "member of a municipality not registered", vote(a.Client("member"), eid, c[0]), http.StatusForbidden)
	if n := ballotCount(t, a, eid); n != 0 {
		t.Fatalf("%d ballots stored by refused votes", n)
	}

	// Three municipalities vote.
	var receipts []string
	for i, choices := range [][]int64{{c[0], c[1]}, {c[0], c[2]}, {c[1]}} {
		var out struct{ Receipt string }
		wantAPI(t, fmt.Sprintf("vote %d", i), vote(fx.voters[i], eid, choices...), http.StatusCreated, &out)
		if len(out.Receipt) != 64 {
			t.Fatalf("receipt %q", out.Receipt)
		}
		receipts = append(receipts, out.Receipt)
	}
	// A second vote is refused and changes nothing.
	wantStatus(t, "second vote", vote(fx.voters[0], eid, c[3]), http.StatusConflict)
	if n := ballotCount(t, a, eid); n != 3 {
		t.Fatalf("%d ballots after three votes and a second attempt", n)
	}
	// Four bad ballots and the second vote are audited with their reason;
	// the two voters not on the roll as every 403 is.
	if got := countAudit(t, a, "election.vote_refused") - refusedBefore; got != 5 {
		t.Fatalf("%d refusals audited, want 5", got)
	}
	if countAudit(t, a, audit.ActionRefused) < 2 {
		t.Fatal("the votes of people not on the roll are not in the audit log")
	}
	// The audit never holds a ballot: no receipt, no choices.
	events, err := a.DB.FindAuditEvents(ctx, audit.Filter{ObjectType: "election", Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range events {
		for _, r := range receipts {
			if strings.Contains(e.After, r[:16]) || strings.Contains(e.After, "choices") {
				t.Fatalf("audit event %s holds ballot contents: %s", e.Action, e.After)
			}
		}
	}
	// The receipt is in the box; a forged one is not; the list is not
	// published before closing.
	wantStatus(t, "receipt during voting", a.Client("anonymous").API("GET", path+"/receipts/"+receipts[1], ""), http.StatusOK)
	forged := strings.Repeat("ab", 32)
	wantStatus(t, "forged receipt", a.Client("anonymous").API("GET", path+"/receipts/"+forged, ""), http.StatusNotFound)
	wantStatus(t, "ballots before closing", a.Client("anonymous").API("GET", path+"/ballots", ""), http.StatusConflict)

	// Secrecy: the ballot table has no column that could name the voter.
	cols, err := a.DB.BallotColumns(ctx)
	if err != nil || strings.Join(cols, ",") != "id,election_id,choices,receipt" {
		t.Fatalf("ballot columns %v", cols)
	}

	var closed forum.Election
	wantAPI(t, "close", sec.API("POST", path+"/close", ""), http.StatusOK, &closed)
	wantStatus(t, "vote after closing", vote(fx.voters[2], eid, c[0]), http.StatusConflict)
	r := closed.Result
	if r == nil || fmt.Sprint(r.Elected) != fmt.Sprint([]int64{c[0], c[1]}) || fmt.Sprint(r.Deputies) != fmt.Sprint([]int64{c[2]}) || r.Voted != 3 {
		t.Fatalf("result %+v", r)
	}
	// Two women elected to two seats: § 28 needs one man; seat 2 breaks it.
	if len(r.Breaches) != 1 || r.Breaches[0].Rule != "gender" || r.Breaches[0].Group != "male" || r.Breaches[0].Seat != 2 || r.Breaches[0].CandidateID != c[1] {
		t.Fatalf("breaches %+v", r.Breaches)
	}

	// The published list recounts to the same result, from a file.
	res = a.Client("anonymous").API("GET", path+"/ballots", "")
	wantStatus(t, "ballots", res, http.StatusOK)
	var pub forum.Published
	if err := json.Unmarshal([]byte(res.Body), &pub); err != nil {
		t.Fatal(err)
	}
	if len(pub.Ballots) != 3 || pub.BallotsHash != closed.BallotsHash {
		t.Fatalf("published %d ballots, hash %s vs %s", len(pub.Ballots), pub.BallotsHash, closed.BallotsHash)
	}
	for i := 1; i < len(pub.Ballots); i++ {
		if pub.Ballots[i-1].Receipt >= pub.Ballots[i].Receipt {
			t.Fatal("published ballots are not sorted by receipt")
		}
	}
	file := filepath.Join(t.TempDir(), "ballots.json")
	if err := os.WriteFile(file, []byte(res.Body), 0o600); err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(file)
	var again forum.Published
	_ = json.Unmarshal(b, &again)
	if tally, err := forum.Recount(&again); err != nil || tally[0].Votes != 2 || tally[2].Votes != 1 {
		t.Fatalf("recount: %v %v", tally, err)
	}
	// A changed ballot is caught.
	again.Ballots[0].Choices = []int64{c[3]}
	if _, err := forum.Recount(&again); err == nil {
		t.Fatal("recount accepted a changed ballot")
	}
	// Each voter finds their ballot, with its choices, by the receipt.
	page := a.Client("anonymous").Get(fmt.Sprintf("/elections/%d/receipt?receipt=%s", eid, receipts[2]))
	wantStatus(t, "receipt page", page, http.StatusOK)
	if !strings.Contains(page.Body, "Test strategic_council") {
		t.Fatalf("receipt page does not show the choice")
	}
	wantStatus(t, "forged receipt page", a.Client("anonymous").Get(fmt.Sprintf("/elections/%d/receipt?receipt=%s", eid, forged)), http.StatusNotFound)

	// The elected and the deputy are proposed members of the user council
	// with the election as their source; only KommIT-rådet approves them.
	ids, err := a.DB.ElectionMemberships(ctx, eid)
	if err != nil || len(ids) != 3 {
		t.Fatalf("memberships %v %v", ids, err)
	}
	for _, id := range ids {
		m, err := a.DB.FindMembershipByID(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if m.Status != "proposed" || m.BodyKind != policy.BodyUserCouncil || !strings.Contains(m.AppointedBy, fmt.Sprintf("valg %d", eid)) {
			t.Fatalf("membership %+v", m)
		}
	}
	uc, sc := a.Bodies[policy.BodyUserCouncil], a.Bodies[policy.BodyStrategicCouncil]
	if err := a.Gov.ApproveMemberships(ctx, policy.SystemActor, ids, governance.DecisionRef{BodyID: uc.ID}); err == nil {
		t.Fatal("the user council approved its own members")
	}
	if err := a.Gov.ApproveMemberships(ctx, policy.SystemActor, ids, governance.DecisionRef{BodyID: sc.ID}); err != nil {
		t.Fatal(err)
	}
	if m, _ := a.DB.FindMembershipByID(ctx, ids[0]); m.Status != "active" {
		t.Fatalf("after approval: %s", m.Status)
	}
	a.VerifyAudit()
}

func countAudit(t *testing.T, a *apptest.App, action string) int {
	t.Helper()
	ev, err := a.DB.FindAuditEvents(context.Background(), audit.Filter{Action: action, Limit: 100000})
	if err != nil {
		t.Fatal(err)
	}
	return len(ev)
}

// TestFiftyParallelVotesCountOnce: 50 parallel attempts to vote for the
// same municipality store exactly one ballot (the database refuses the
// second row of the roll).
func TestFiftyParallelVotesCountOnce(t *testing.T) {
	a := apptest.New(t)
	fx := setupElection(t, a, 1)
	wantStatus(t, "open", a.Client("secretariat").API("POST", fmt.Sprintf("/api/v1/elections/%d/open", fx.electionID), ""), http.StatusOK)
	voter := fx.voters[0]
	var wg sync.WaitGroup
	var mu sync.Mutex
	codes := map[int]int{}
	for i := range 50 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			res := vote(voter, fx.electionID, fx.candidates[i%4])
			mu.Lock()
			codes[res.StatusCode]++
			mu.Unlock()
		}()
	}
	wg.Wait()
	if codes[http.StatusCreated] != 1 || codes[http.StatusConflict] != 49 {
		t.Fatalf("answers %v, want one 201 and 49 409", codes)
	}
	if n := ballotCount(t, a, fx.electionID); n != 1 {
		t.Fatalf("%d ballots", n)
	}
	roll, _ := a.Forum.Roll(context.Background(), nil, fx.electionID)
	if len(roll) != 1 || !roll[0].Voted {
		t.Fatalf("roll %+v", roll)
	}
	a.VerifyAudit()
}

// TestForumPagesAndRegistration: the public programme page with the reach
// per county, the calendar entry, one voting representative per
// municipality, and the pages' forms with their errors.
func TestForumPagesAndRegistration(t *testing.T) {
	a := apptest.New(t)
	fx := setupElection(t, a, 2)
	sec := a.Client("secretariat")
	fp := fmt.Sprintf("/forum/%d", fx.forumID)
	f, _ := a.Forum.Forum(context.Background(), nil, fx.forumID)
	at := f.StartsAt.In(i18n.Oslo()).Format("2006-01-02T15:04")
	wantStatus(t, "session", sec.PostForm(fp+"/sessions", url.Values{"session_starts_at": {at}, "session_title": {"Velkommen"}, "speakers": {"Programleder"}}), http.StatusSeeOther)
	wantStatus(t, "session without title", sec.PostForm(fp+"/sessions", url.Values{"session_starts_at": {at}}), http.StatusUnprocessableEntity)
	wantStatus(t, "adopt", a.Client("user_council").PostForm(fp+"/adopt", nil), http.StatusSeeOther)
	wantStatus(t, "session after adoption", sec.PostForm(fp+"/sessions", url.Values{"session_starts_at": {at}, "session_title": {"Sent"}}), http.StatusUnprocessableEntity)
	page := a.Client("anonymous").Get(fp)
	wantStatus(t, "programme", page, http.StatusOK)
	for _, want := range []string{"Velkommen", "Programleder", "Innlandet", "2 / 2", "100"} {
		if !strings.Contains(page.Body, want) {
			t.Errorf("programme page lacks %q", want)
		}
	}
	ics := a.Client("anonymous").Get(fp + "/calendar.ics")
	if ics.StatusCode != 200 || !strings.Contains(ics.Body, "BEGIN:VEVENT") || !strings.Contains(ics.Body, "Velkommen") {
		t.Fatalf("calendar: %d %s", ics.StatusCode, ics.Body)
	}
	// A second voting representative of the same municipality is refused.
	ctx := context.Background()
	a.People["voter1b"] = a.NewPerson("voter1b", "voter1", "", false)
	res := a.Client("voter1b").PostForm(fp+"/registrations", url.Values{"role": {"voting"}})
	wantStatus(t, "second voting representative", res, http.StatusUnprocessableEntity)
	wantStatus(t, "as observer", a.Client("voter1b").PostForm(fp+"/registrations", url.Values{"role": {"observer"}}), http.StatusSeeOther)
	regs, _ := a.Forum.Registrations(ctx, policy.SystemActor, fx.forumID)
	if len(regs) != 3 {
		t.Fatalf("%d registrations", len(regs))
	}
	// The election page for a voter, and the ballot cast with the form.
	wantStatus(t, "open", sec.PostForm(fmt.Sprintf("/elections/%d/open", fx.electionID), nil), http.StatusSeeOther)
	ballot := fx.voters[1].Get(fmt.Sprintf("/elections/%d/vote", fx.electionID))
	wantStatus(t, "ballot", ballot, http.StatusOK)
	res = fx.voters[1].PostForm(fmt.Sprintf("/elections/%d/vote", fx.electionID), url.Values{"choices": {fmt.Sprint(fx.candidates[0]), fmt.Sprint(fx.candidates[1]), fmt.Sprint(fx.candidates[2])}})
	wantStatus(t, "too many on the form", res, http.StatusUnprocessableEntity)
	res = fx.voters[1].PostForm(fmt.Sprintf("/elections/%d/vote", fx.electionID), url.Values{"choices": {fmt.Sprint(fx.candidates[0])}})
	wantStatus(t, "vote on the form", res, http.StatusOK)
	if !strings.Contains(res.Body, `id="receipt"`) {
		t.Fatal("no receipt shown")
	}
	for _, p := range []string{"/forum", fp, fmt.Sprintf("/elections/%d", fx.electionID)} {
		wantStatus(t, p, a.Client("anonymous").Get(p), http.StatusOK)
	}
	wantStatus(t, "registrations", sec.Get(fp+"/registrations"), http.StatusOK)
	pdf := sec.Get(fp + "/registrations.pdf")
	if pdf.StatusCode != 200 || !strings.HasPrefix(pdf.Body, "%PDF-") || pdf.Header.Get("Content-Type") != "application/pdf" {
		t.Fatalf("participant list PDF: %d %.40q", pdf.StatusCode, pdf.Body)
	}
	wantStatus(t, "new forum", sec.PostForm("/forum", url.Values{"title": {""}}), http.StatusUnprocessableEntity)
	wantStatus(t, "new election", sec.PostForm("/elections", url.Values{"forum_id": {fmt.Sprint(fx.forumID)}, "title": {"X"}, "seats": {"0"}}), http.StatusUnprocessableEntity)
	a.VerifyAudit()
}

// TestInputIsSupportedAndAnswered: input linked to a need, supported once
// per person, answered by the secretariat with an outcome; public; bad
// input names the field and stores nothing.
func TestInputIsSupportedAndAnswered(t *testing.T) {
	a := apptest.New(t)
	member := a.Client("member")
	var in forum.Input
	wantAPI(t, "input", member.API("POST", "/api/v1/inputs", `{"subject":"topic","topic":"Byggesak","title":"Felles maler","body":"Vi trenger felles maler."}`), http.StatusCreated, &in)
	for what, body := range map[string]string{
		"no need":       `{"subject":"need","title":"T","body":"B"}`,
		"unknown need":  `{"subject":"need","need_id":999999,"title":"T","body":"B"}`,
		"no subject":    `{"subject":"x","title":"T","body":"B"}`,
		"no title/body": `{"subject":"roadmap"}`,
	} {
		wantStatus(t, what, member.API("POST", "/api/v1/inputs", body), http.StatusUnprocessableEntity)
	}
	if ins, _ := a.Forum.Inputs(context.Background(), nil, forum.InputFilter{}); len(ins) != 1 {
		t.Fatalf("%d inputs after refusals", len(ins))
	}
	wantStatus(t, "support", a.Client("user_council").API("POST", fmt.Sprintf("/api/v1/inputs/%d/support", in.ID), ""), http.StatusOK)
	wantStatus(t, "support twice", a.Client("user_council").API("POST", fmt.Sprintf("/api/v1/inputs/%d/support", in.ID), ""), http.StatusConflict)
	wantStatus(t, "answer by member", member.API("POST", fmt.Sprintf("/api/v1/inputs/%d/answer", in.ID), `{"answer":"Nei","outcome":"case"}`), http.StatusForbidden)
	wantStatus(t, "answer without outcome", a.Client("secretariat").API("POST", fmt.Sprintf("/api/v1/inputs/%d/answer", in.ID), `{"answer":"Svar"}`), http.StatusUnprocessableEntity)
	wantStatus(t, "answer", a.Client("secretariat").PostForm(fmt.Sprintf("/inputs/%d/answer", in.ID), url.Values{"answer": {"Tas opp i Brukerrådet."}, "outcome": {"case"}, "group": {"Maler"}}), http.StatusSeeOther)
	page := a.Client("anonymous").Get(fmt.Sprintf("/inputs/%d", in.ID))
	wantStatus(t, "public input", page, http.StatusOK)
	for _, want := range []string{"Felles maler", "Tas opp i Brukerrådet.", "Sak for Brukerrådet", `<dd id="supports">1</dd>`} {
		if !strings.Contains(page.Body, want) {
			t.Errorf("input page lacks %q", want)
		}
	}
	wantStatus(t, "inputs page", a.Client("member").Get("/inputs"), http.StatusOK)
	wantStatus(t, "bad form", member.PostForm("/inputs", url.Values{"subject": {"topic"}}), http.StatusUnprocessableEntity)
	a.VerifyAudit()
}

// TestAcclamationAndVotingWindow: an election by acclamation has no vote
// and closes electing the candidates in nomination order; a vote after
// the window's closing time is refused and stores nothing.
func TestAcclamationAndVotingWindow(t *testing.T) {
	a := apptest.New(t)
	ctx := context.Background()
	fx := setupElection(t, a, 1)
	sec := a.Client("secretariat")
	var acc forum.Election
	wantAPI(t, "acclamation election", sec.API("POST", "/api/v1/elections", fmt.Sprintf(`{"forum_id":%d,"title":"Akklamasjon","seats":1,"deputies":1,
		"term_from":"2029-01-01","term_to":"2029-12-31","rule":"acclamation"}`, fx.forumID)), http.StatusCreated, &acc)
	for _, role := range []string{"working_committee", "strategic_council", "admin"} {
		wantStatus(t, "nominate", sec.API("POST", fmt.Sprintf("/api/v1/elections/%d/candidates", acc.ID),
			fmt.Sprintf(`{"person_email":%q,"sector":"state","gender":"male","consent":true}`, a.People[role].Email)), http.StatusCreated)
	}
	wantStatus(t, "open acclamation", sec.API("POST", fmt.Sprintf("/api/v1/elections/%d/open", acc.ID), ""), http.StatusConflict)
	wantStatus(t, "close with too many", sec.API("POST", fmt.Sprintf("/api/v1/elections/%d/close", acc.ID), ""), http.StatusConflict)
	// Three candidates for two places: a vote is needed. A new election
	// with two candidates closes by acclamation.
	var acc2 forum.Election
	wantAPI(t, "acclamation election", sec.API("POST", "/api/v1/elections", fmt.Sprintf(`{"forum_id":%d,"title":"Akklamasjon 2","seats":1,"deputies":1,
		"term_from":"2029-01-01","term_to":"2029-12-31","rule":"acclamation"}`, fx.forumID)), http.StatusCreated, &acc2)
	var ids []int64
	for _, role := range []string{"working_committee", "strategic_council"} {
		var c forum.Candidate
		wantAPI(t, "nominate", sec.API("POST", fmt.Sprintf("/api/v1/elections/%d/candidates", acc2.ID),
			fmt.Sprintf(`{"person_email":%q,"sector":"state","gender":"male","consent":true}`, a.People[role].Email)), http.StatusCreated, &c)
		ids = append(ids, c.ID)
	}
	var closed forum.Election
	wantAPI(t, "close acclamation", sec.API("POST", fmt.Sprintf("/api/v1/elections/%d/close", acc2.ID), ""), http.StatusOK, &closed)
	if fmt.Sprint(closed.Result.Elected) != fmt.Sprint(ids[:1]) || fmt.Sprint(closed.Result.Deputies) != fmt.Sprint(ids[1:]) {
		t.Fatalf("acclamation result %+v", closed.Result)
	}
	if ms, _ := a.DB.ElectionMemberships(ctx, acc2.ID); len(ms) != 2 {
		t.Fatalf("%d memberships proposed", len(ms))
	}
	// The voting window.
	closes := time.Now().Add(time.Hour).UTC().Format(time.RFC3339)
	wantStatus(t, "open with a window", sec.API("POST", fmt.Sprintf("/api/v1/elections/%d/open", fx.electionID), `{"closes_at":"`+closes+`"}`), http.StatusOK)
	a.Forum.Now = func() time.Time { return time.Now().Add(2 * time.Hour) }
	defer func() { a.Forum.Now = time.Now }()
	wantStatus(t, "vote after the window", vote(fx.voters[0], fx.electionID, fx.candidates[0]), http.StatusConflict)
	if n := ballotCount(t, a, fx.electionID); n != 0 {
		t.Fatalf("%d ballots after a vote outside the window", n)
	}
	a.Forum.Now = time.Now
	wantStatus(t, "vote in the window", vote(fx.voters[0], fx.electionID, fx.candidates[0]), http.StatusCreated)
	a.VerifyAudit()
}
