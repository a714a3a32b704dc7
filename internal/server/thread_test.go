package server_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/samstyr/samstyr/internal/directives"
	"github.com/samstyr/samstyr/internal/meetings"
	"github.com/samstyr/samstyr/internal/needs"
	"github.com/samstyr/samstyr/internal/policy"
	"github.com/samstyr/samstyr/internal/testutil/apptest"
)

// golden is a need carried all the way to a project by decisions in
// meetings (the golden thread), and a second need whose directive is
// still a draft, both backed by Bergen.
type golden struct {
	need, draftNeed, idea, draftIdea, directive, draft, project int64
	concept, recommend, approve                                 *meetings.Case
	owner, manager, participant                                 string // names
}

// decideIn holds a meeting of the body (days ago) with one case linking
// the item and records a decision with the effect; it returns the case.
func decideIn(t testing.TB, a *apptest.App, daysAgo int, bodyKind, itemType string, itemID int64, effect string) *meetings.Case {
	t.Helper()
	ctx, sys := context.Background(), policy.SystemActor
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatalf("decide %s: %v", effect, err)
		}
	}
	start := time.Now().AddDate(0, 0, -daysAgo).Truncate(time.Minute)
	m := &meetings.Meeting{BodyID: a.Bodies[bodyKind].ID, StartsAt: start, EndsAt: start.Add(2 * time.Hour), Place: "KS-huset"}
	must(a.Meetings.CreateMeeting(ctx, sys, m))
	c := &meetings.Case{BodyID: m.BodyID, Kind: meetings.KindDecision, Title: "Sak " + effect, Background: "Bakgrunn", ProposedDecision: "Forslag"}
	must(a.Meetings.CreateCase(ctx, sys, c))
	_, err := a.Meetings.MoveCase(ctx, sys, c.ID, meetings.CaseOnAgenda, m.ID)
	must(err)
	must(a.Meetings.LinkItem(ctx, sys, c.ID, meetings.Link{ItemType: itemType, ItemID: itemID}, false))
	_, err = a.Meetings.PublishNotice(ctx, sys, m.ID)
	must(err)
	_, err = a.Meetings.Hold(ctx, sys, m.ID)
	must(err)
	must(a.Meetings.RecordDecision(ctx, sys, c.ID, &meetings.Decision{Kind: "approval", Text: "Vedtatt.", Unanimous: true, Effects: []string{effect}}))
	c, err = a.Meetings.Case(ctx, sys, c.ID)
	must(err)
	return c
}

func goldenThread(t testing.TB, a *apptest.App) *golden {
	t.Helper()
	ctx, sys := context.Background(), policy.SystemActor
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatalf("golden thread: %v", err)
		}
	}
	member, err := a.DB.FindActor(ctx, a.People["member"].ID, time.Now())
	must(err)
	need := func(title string) *needs.Need {
		n, err := a.Needs.Create(ctx, member, needs.Input{Title: title, Problem: "P", Area: "plan", Affected: []string{"citizens"},
			Standards: []string{"SOSI Plan 5.0", "NPS v3.1"}})
		must(err)
		n.State = needs.Prioritised
		must(a.DB.UpdateNeed(ctx, n))
		must(a.DB.CreateBacking(ctx, &needs.Backing{NeedID: n.ID, OrgID: a.Organisations["bergen"].ID}))
		return n
	}
	g := &golden{}
	n, dn := need("Gylden tråd: felles planregister"), need("Gylden tråd: utkastbehov")
	g.need, g.draftNeed = n.ID, dn.ID
	// The participant gets a project role through the staffing plan.
	part := a.NewPerson("participant", "bergen", "", false)
	owner, manager := a.People["strategic_council"], a.People["user_council"]
	g.owner, g.manager, g.participant = owner.Name, manager.Name, part.Name
	idea := &directives.Idea{Title: "Gylden idé", Source: directives.SourceNeeds, NeedIDs: []int64{n.ID}, Purpose: "Formål"}
	must(a.Directives.CreateIdea(ctx, sys, idea))
	draftIdea := &directives.Idea{Title: "Utkastidé", Source: directives.SourceNeeds, NeedIDs: []int64{dn.ID}, Purpose: "Formål"}
	must(a.Directives.CreateIdea(ctx, sys, draftIdea))
	g.idea, g.draftIdea = idea.ID, draftIdea.ID
	g.concept = decideIn(t, a, 30, policy.BodyUserCouncil, "project_idea", idea.ID, directives.EffectStartConcept)
	decideIn(t, a, 29, policy.BodyUserCouncil, "project_idea", draftIdea.ID, directives.EffectStartConcept)
	c := &directives.Content{Purpose: "Et felles planregister", Start: "2027-01-01", End: "2028-12-31",
		Budget:      []directives.BudgetLine{{Year: 2027, Source: "digifin", AmountNOK: 3000000}},
		BudgetTotal: 3000000, OwnerID: owner.ID, ManagerID: manager.ID, SteeringIDs: []int64{owner.ID, a.People["secretariat"].ID},
		Staffing: []directives.Staff{{Role: "process_leader", Organisation: "Bergen kommune", PersonID: part.ID}, {Role: "architect", Organisation: "KS"},
			{Role: "expert", Organisation: "Oslo kommune"}, {Role: "state_rep", Organisation: "Kartverket"}},
		Waivers:   []directives.Waiver{{Role: "citizen_rep", Reason: "Ingen innbyggerflate"}, {Role: "business_rep", Reason: "Høres i referansegruppen"}},
		Reporting: "monthly"}
	d := &directives.Directive{IdeaID: idea.ID, Title: "Gyldent styringsdokument"}
	must(a.Directives.CreateDirective(ctx, sys, d, c))
	_, err = a.Directives.NewVersion(ctx, sys, d.ID)
	must(err)
	dd := &directives.Directive{IdeaID: draftIdea.ID, Title: "Utkast til styringsdokument"}
	must(a.Directives.CreateDirective(ctx, sys, dd, &directives.Content{Purpose: "Formål", Reporting: "monthly"}))
	g.directive, g.draft = d.ID, dd.ID
	g.recommend = decideIn(t, a, 20, policy.BodyUserCouncil, "directive", d.ID, directives.EffectRecommendDirective)
	g.approve = decideIn(t, a, 10, policy.BodyStrategicCouncil, "directive", d.ID, directives.EffectApproveDirective)
	got, err := a.Directives.Directive(ctx, nil, d.ID)
	must(err)
	if got.State != directives.Approved || got.ProjectID == 0 || got.ApprovedVersion != 2 {
		t.Fatalf("golden directive: %+v", got)
	}
	g.project = got.ProjectID
	return g
}

// TestGoldenThreadPages: the need page shows its idea, concept, directive
// version and project, each with its decision linked to the case and the
// meeting; the organisation's page reaches the project in one click; the
// project page shows its needs, backers, roles and steering group with
// the approving decision. The public sees no idea, no draft and no people
// beyond the owner and the manager.
func TestGoldenThreadPages(t *testing.T) {
	a := apptest.New(t)
	g := goldenThread(t, a)
	has := func(who, path, body string, want bool, parts ...string) {
		t.Helper()
		for _, p := range parts {
			if strings.Contains(body, p) != want {
				t.Errorf("%s %s: contains %q = %v, want %v", who, path, p, !want, want)
			}
		}
	}
	get := func(role, path string) string {
		t.Helper()
		res := a.Client(role).Get(path)
		if res.StatusCode != 200 {
			t.Fatalf("%s %s: %d", role, path, res.StatusCode)
		}
		return res.Body
	}
	caseLink := func(c *meetings.Case) string { return fmt.Sprintf(`href="/cases/%d"`, c.ID) }
	meetingLink := func(c *meetings.Case) string { return fmt.Sprintf(`href="/meetings/%d"`, c.MeetingID) }

	needPath := fmt.Sprintf("/needs/%d", g.need)
	sec := get("secretariat", needPath)
	has("secretariat", needPath, sec, true, fmt.Sprintf(`href="/ideas/%d"`, g.idea), caseLink(g.concept), meetingLink(g.concept),
		fmt.Sprintf(`href="/directives/%d?v=2"`, g.directive), caseLink(g.recommend), meetingLink(g.recommend),
		caseLink(g.approve), meetingLink(g.approve), fmt.Sprintf(`href="/projects/%d"`, g.project))
	pub := get("anonymous", needPath)
	has("anonymous", needPath, pub, true, fmt.Sprintf(`href="/directives/%d?v=2"`, g.directive), caseLink(g.approve), fmt.Sprintf(`href="/projects/%d"`, g.project))
	has("anonymous", needPath, pub, false, fmt.Sprintf(`href="/ideas/%d"`, g.idea), caseLink(g.concept))
	// The draft's need: the public sees no directive, the secretariat does.
	draftPath := fmt.Sprintf("/needs/%d", g.draftNeed)
	has("anonymous", draftPath, get("anonymous", draftPath), false, fmt.Sprintf(`href="/directives/%d`, g.draft), `id="h-thread"`)
	has("secretariat", draftPath, get("secretariat", draftPath), true, fmt.Sprintf(`href="/directives/%d`, g.draft))

	orgPath := fmt.Sprintf("/organisations/%d", a.Organisations["bergen"].ID)
	for _, role := range []string{"anonymous", "member", "secretariat"} {
		body := get(role, orgPath)
		has(role, orgPath, body, true, `id="h-our-needs"`, fmt.Sprintf(`href="/needs/%d"`, g.need), fmt.Sprintf(`href="/needs/%d"`, g.draftNeed),
			fmt.Sprintf(`href="/projects/%d"`, g.project), fmt.Sprintf(`href="/directives/%d"`, g.directive))
		readers := role == "secretariat"
		has(role, orgPath, body, readers, fmt.Sprintf(`href="/ideas/%d"`, g.idea), fmt.Sprintf(`href="/directives/%d"`, g.draft))
	}

	projPath := fmt.Sprintf("/projects/%d", g.project)
	pp := get("anonymous", projPath)
	has("anonymous", projPath, pp, true, g.owner, g.manager, fmt.Sprintf(`href="/needs/%d"`, g.need),
		fmt.Sprintf(`href="/organisations/%d"`, a.Organisations["bergen"].ID), caseLink(g.approve))
	has("anonymous", projPath, pp, false, `id="h-roles"`, g.participant, a.People["secretariat"].Name)
	mp := get("member", projPath)
	has("member", projPath, mp, true, `id="h-roles"`, `id="h-steering"`, g.participant, a.People["secretariat"].Name, meetingLink(g.approve))
	if n := strings.Count(mp, caseLink(g.approve)); n < 1+3+2 { // the facts, three roles, two steering members
		t.Errorf("member %s: the approving decision is linked %d times, want one per role and member", projPath, n)
	}
}

// TestDirectiveFormOffersNeedStandards: the new directive form for an
// idea in the concept phase is filled with the covered needs' standards.
func TestDirectiveFormOffersNeedStandards(t *testing.T) {
	a := apptest.New(t)
	ctx, sys := context.Background(), policy.SystemActor
	member, err := a.DB.FindActor(ctx, a.People["member"].ID, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	n, err := a.Needs.Create(ctx, member, needs.Input{Title: "Standardbehov", Problem: "P", Area: "plan", Affected: []string{"citizens"},
		Standards: []string{"SOSI Plan 5.0", "eByggesak dokumenttyper"}})
	if err != nil {
		t.Fatal(err)
	}
	n.State = needs.Prioritised
	if err := a.DB.UpdateNeed(ctx, n); err != nil {
		t.Fatal(err)
	}
	i := &directives.Idea{Title: "Standardidé", Source: directives.SourceNeeds, NeedIDs: []int64{n.ID}, Purpose: "p"}
	if err := a.Directives.CreateIdea(ctx, sys, i); err != nil {
		t.Fatal(err)
	}
	decideIn(t, a, 3, policy.BodyUserCouncil, "project_idea", i.ID, directives.EffectStartConcept)
	res := a.Client("secretariat").Get(fmt.Sprintf("/directives/new?idea=%d", i.ID))
	if res.StatusCode != 200 || !strings.Contains(res.Body, "SOSI Plan 5.0") || !strings.Contains(res.Body, "eByggesak dokumenttyper") {
		t.Fatalf("directive form: %d, without the needs' standards", res.StatusCode)
	}
}
