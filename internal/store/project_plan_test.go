package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/samstyr/samstyr/internal/audit"
	"github.com/samstyr/samstyr/internal/auth"
	"github.com/samstyr/samstyr/internal/directives"
	"github.com/samstyr/samstyr/internal/errs"
	"github.com/samstyr/samstyr/internal/governance"
	"github.com/samstyr/samstyr/internal/policy"
	"github.com/samstyr/samstyr/internal/projects"
	"github.com/samstyr/samstyr/internal/store"
	"github.com/samstyr/samstyr/internal/testutil"
)

// planProject creates an approved project whose directive names two
// deliverables and waives the citizens' representative.
func planProject(t *testing.T, db *store.DB, name string) *directives.Project {
	t.Helper()
	ctx := context.Background()
	idea := &directives.Idea{Title: name, Source: directives.SourceGuideline, Purpose: "P", State: directives.IdeaProject}
	if err := db.CreateIdea(ctx, idea); err != nil {
		t.Fatal(err)
	}
	d := &directives.Directive{IdeaID: idea.ID, Title: name, State: directives.Draft, Version: 1}
	if err := db.CreateDirective(ctx, d); err != nil {
		t.Fatal(err)
	}
	c := directives.Content{Purpose: "P", Deliverables: []directives.Deliverable{{Name: "Planregister"}, {Name: "Veileder"}},
		Waivers: []directives.Waiver{{Role: "citizen_rep", Reason: "Ingen innbyggerflate"}}}
	if err := db.CreateDirectiveVersion(ctx, &directives.Version{DirectiveID: d.ID, Number: 1, Content: c}); err != nil {
		t.Fatal(err)
	}
	p := &directives.Project{Name: name, State: directives.ProjectPlanning, IdeaID: idea.ID, DirectiveID: d.ID}
	if err := db.CreateApprovedProject(ctx, p); err != nil {
		t.Fatal(err)
	}
	d.State, d.ProjectID, d.ApprovedVersion = directives.Approved, p.ID, 1
	if err := db.UpdateDirective(ctx, d); err != nil {
		t.Fatal(err)
	}
	return p
}

func planPerson(t *testing.T, db *store.DB, name, email string) *auth.Person {
	t.Helper()
	p := &auth.Person{Email: email, Name: name, Locale: "nb", NotifyMode: "immediate"}
	if err := db.CreatePerson(context.Background(), p); err != nil {
		t.Fatal(err)
	}
	return p
}

func planAuditCount(t *testing.T, db *store.DB, action string) int {
	t.Helper()
	ev, err := db.FindAuditEvents(context.Background(), audit.Filter{Action: action, Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	return len(ev)
}

// TestProjectPlan runs the plan's use cases on a real database (SQLite,
// and PostgreSQL with the env): activities with dates and a deliverable,
// dependencies inside and across projects, a refused cycle that stores
// nothing, the public's milestones-only view, the staffing plan with the
// required roles and "my projects", and project meetings; every change
// audited.
func TestProjectPlan(t *testing.T) {
	db := testutil.NewDB(t)
	ctx := context.Background()
	svc := projects.NewPlanService(db)
	p := planProject(t, db, "Felles planregister")
	other := planProject(t, db, "Matrikkel 2")
	mgrP := planPerson(t, db, "Mona Leder", "mona@example.org")
	sec := &policy.Actor{PersonID: planPerson(t, db, "Siri Sekretær", "siri@example.org").ID, Memberships: []policy.Membership{{BodyKind: policy.BodySecretariat}}}
	mgr := &policy.Actor{PersonID: mgrP.ID, ProjectRoles: []policy.ProjectRole{{ProjectID: p.ID, Role: "manager"}}}
	outsider := &policy.Actor{PersonID: planPerson(t, db, "Ola Utenfor", "ola@example.org").ID}

	a1 := &projects.Activity{Kind: "activity", Name: "Analyse", PlannedStart: "2027-01-04", PlannedEnd: "2027-02-26", Deliverable: "Veileder"}
	if err := svc.CreateActivity(ctx, mgr, p.ID, a1); err != nil {
		t.Fatal(err)
	}
	a2 := &projects.Activity{Kind: "activity", Name: "Bygging", PlannedStart: "2027-03-01", PlannedEnd: "2027-06-30", DependsOn: []int64{a1.ID}}
	if err := svc.CreateActivity(ctx, sec, p.ID, a2); err != nil {
		t.Fatal(err)
	}
	m := &projects.Activity{Kind: "milestone", Name: "Planregister i drift", PlannedEnd: "2027-07-01", ForecastEnd: "2027-08-15",
		Deliverable: "Planregister", DependsOn: []int64{a2.ID}}
	if err := svc.CreateActivity(ctx, mgr, p.ID, m); err != nil {
		t.Fatal(err)
	}
	if err := svc.CreateActivity(ctx, outsider, p.ID, &projects.Activity{Kind: "activity", Name: "X", PlannedStart: "2027-01-01", PlannedEnd: "2027-01-02"}); errs.CodeOf(err) != errs.Forbidden {
		t.Fatalf("an outsider writes the plan: %v", err)
	}
	bad := &projects.Activity{Kind: "activity", Name: "Feil", PlannedStart: "2027-05-01", PlannedEnd: "2027-04-01", Deliverable: "Ukjent"}
	if err := svc.CreateActivity(ctx, mgr, p.ID, bad); errs.CodeOf(err) != errs.Invalid || !planHasField(err, "planned_end") || !planHasField(err, "deliverable") {
		t.Fatalf("dates out of order and an unknown deliverable: %v", err)
	}
	// Across projects: another project's milestone may be depended on,
	// its activities may not.
	oa := &projects.Activity{Kind: "activity", Name: "Matrikkel-API", PlannedStart: "2027-01-01", PlannedEnd: "2027-03-01"}
	om := &projects.Activity{Kind: "milestone", Name: "Matrikkel-API klart", PlannedEnd: "2027-03-01"}
	for _, x := range []*projects.Activity{oa, om} {
		if err := svc.CreateActivity(ctx, sec, other.ID, x); err != nil {
			t.Fatal(err)
		}
	}
	deps := []int64{a1.ID, oa.ID}
	if _, err := svc.UpdateActivity(ctx, mgr, p.ID, a2.ID, &projects.ActivityPatch{DependsOn: &deps}); !planHasField(err, "depends_on") {
		t.Fatalf("a dependency on another project's activity: %v", err)
	}
	if _, err := svc.AddDependency(ctx, mgr, p.ID, a2.ID, om.ID); err != nil {
		t.Fatalf("a dependency on another project's milestone: %v", err)
	}
	// A cycle: Analyse waits for the milestone, which waits for Bygging,
	// which waits for Analyse. Refused, nothing stored.
	before := planAuditCount(t, db, "activity.update")
	name := "Analyse endret"
	cyc := []int64{m.ID}
	if _, err := svc.UpdateActivity(ctx, mgr, p.ID, a1.ID, &projects.ActivityPatch{Name: &name, DependsOn: &cyc}); errs.CodeOf(err) != errs.Invalid || !planHasField(err, "depends_on") {
		t.Fatalf("a cycle: %v", err)
	}
	got, err := db.FindActivityByID(ctx, a1.ID)
	if err != nil || got.Name != "Analyse" || len(got.DependsOn) != 0 || planAuditCount(t, db, "activity.update") != before {
		t.Fatalf("after the refused cycle: %+v, %v", got, err)
	}
	// Across projects too: the other project's milestone may not wait for
	// an activity that (through Bygging) waits for it.
	if _, err := svc.AddDependency(ctx, sec, other.ID, om.ID, m.ID); !planHasField(err, "depends_on") {
		t.Fatalf("a cycle across projects: %v", err)
	}
	full, err := svc.Plan(ctx, mgr, p.ID)
	if err != nil || !full.Full || !full.MayEdit || len(full.Activities) != 3 || len(full.Dependencies) != 3 || len(full.Deliverables) != 2 {
		t.Fatalf("the manager's plan: %+v, %v", full, err)
	}
	if x := full.Activities[2]; x.Name != m.Name || !x.Slipped() || x.SlipDays() != 45 || x.Deliverable != "Planregister" {
		t.Fatalf("milestone read back: %+v", x)
	}
	pub, err := svc.Plan(ctx, nil, p.ID)
	if err != nil || pub.Full || pub.MayEdit || len(pub.Activities) != 1 || pub.Activities[0].Deliverable != "" || len(pub.Dependencies) != 0 {
		t.Fatalf("the public's plan: %+v, %v", pub, err)
	}
	if _, err := svc.Dependencies(ctx, outsider, p.ID); errs.CodeOf(err) != errs.Forbidden {
		t.Fatalf("an outsider reads the dependencies: %v", err)
	}
	ms, err := svc.Milestones(ctx, mgr, "matrikkel klart", p.ID)
	if err != nil || len(ms) != 1 || ms[0].ID != om.ID {
		t.Fatalf("milestone search: %+v, %v", ms, err)
	}
	if n := planAuditCount(t, db, "activity.create"); n != 5 {
		t.Errorf("activity.create audited %d times, want 5", n)
	}

	// Staffing plan.
	arch := planPerson(t, db, "Arne Arkitekt", "arne@example.org")
	if err := svc.AddStaffLine(ctx, mgr, p.ID, &projects.StaffLine{PersonID: arch.ID, Role: "architect", Organisation: "KS", SharePct: 50, From: "2027-01-01", To: "2027-12-31"}); err != nil {
		t.Fatal(err)
	}
	if err := svc.AddStaffLine(ctx, mgr, p.ID, &projects.StaffLine{Role: "expert", Organisation: "Bergen kommune", SharePct: 20, From: "2027-01-01", To: "2027-06-30"}); err != nil {
		t.Fatal(err)
	}
	if err := svc.AddStaffLine(ctx, mgr, p.ID, &projects.StaffLine{Role: "expert", Organisation: "", SharePct: 0, From: "2027-01-01", To: "2026-01-01"}); !planHasField(err, "organisation") || !planHasField(err, "share_pct") || !planHasField(err, "to") {
		t.Fatalf("a bad staffing line: %v", err)
	}
	st, err := svc.Staffing(ctx, sec, p.ID)
	if err != nil || len(st.Lines) != 2 {
		t.Fatalf("staffing: %+v, %v", st, err)
	}
	status := map[string]string{}
	for _, r := range st.Required {
		status[r.Role] = r.Status
	}
	if status["architect"] != "filled" || status["expert"] != "open" || status["citizen_rep"] != "waived" || status["state_rep"] != "missing" {
		t.Fatalf("required roles: %v", status)
	}
	mine, err := svc.MyProjects(ctx, &policy.Actor{PersonID: arch.ID})
	if err != nil || len(mine) != 1 || mine[0].ProjectID != p.ID || mine[0].Roles[0] != "architect" {
		t.Fatalf("the architect's projects: %+v, %v", mine, err)
	}
	// A seat in the project's steering group shows too.
	b := &governance.Body{Kind: policy.BodySteeringGroup, Slug: "sg-plan", NameNB: "SG", NameNN: "SG", NameEN: "SG", Active: true}
	if err := db.CreateBody(ctx, b); err != nil {
		t.Fatal(err)
	}
	if err := db.SetProjectSteeringBody(ctx, p.ID, b.ID); err != nil {
		t.Fatal(err)
	}
	if err := db.CreateMembership(ctx, &governance.Membership{BodyID: b.ID, PersonID: arch.ID, Function: policy.FuncMember, Sector: "municipal",
		TermFrom: time.Now().AddDate(0, -1, 0), Status: "active"}); err != nil {
		t.Fatal(err)
	}
	if mine, err = svc.MyProjects(ctx, &policy.Actor{PersonID: arch.ID}); err != nil || len(mine) != 1 || len(mine[0].Roles) != 2 || mine[0].Roles[1] != "steering_group" {
		t.Fatalf("the architect's projects with a steering seat: %+v, %v", mine, err)
	}
	if err := svc.RemoveStaffLine(ctx, mgr, p.ID, st.Lines[1].ID); err != nil {
		t.Fatal(err)
	}
	if planAuditCount(t, db, "staffing.create") != 2 || planAuditCount(t, db, "staffing.delete") != 1 {
		t.Errorf("staffing changes not audited")
	}

	// Meeting plan.
	start := time.Date(2027, 2, 1, 9, 0, 0, 0, time.UTC)
	if err := svc.PlanMeeting(ctx, mgr, p.ID, &projects.ProjectMeeting{Title: "Arbeidsmøte", StartsAt: start, EndsAt: start.Add(-time.Hour)}); !planHasField(err, "ends_at") {
		t.Fatalf("a meeting ending before it starts: %v", err)
	}
	if err := svc.PlanMeeting(ctx, mgr, p.ID, &projects.ProjectMeeting{Title: "Arbeidsmøte", StartsAt: start, EndsAt: start.Add(2 * time.Hour), Place: "KS-huset"}); err != nil {
		t.Fatal(err)
	}
	mts, err := svc.Meetings(ctx, sec, p.ID)
	if err != nil || len(mts) != 1 || !mts[0].StartsAt.Equal(start) || mts[0].Place != "KS-huset" {
		t.Fatalf("meetings: %+v, %v", mts, err)
	}
	if planAuditCount(t, db, "project_meeting.create") != 1 {
		t.Errorf("meeting not audited")
	}
	if res, err := db.VerifyAudit(ctx); err != nil || !res.OK {
		t.Fatalf("audit chain: %+v, %v", res, err)
	}
}

func planHasField(err error, field string) bool {
	if e := errs.As(err); e != nil {
		for _, f := range e.Fields {
			if f.Field == field {
				return true
			}
		}
	}
	return false
}
