package policy

import (
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/samstyr/samstyr/internal/errs"
)

func TestRolesFromOrganisationAndMemberships(t *testing.T) {
	for _, tc := range []struct {
		name  string
		actor *Actor
		want  []Role
	}{
		{"public", nil, []Role{Anonymous}},
		{"municipal officer", &Actor{PersonID: 1, OrgKind: OrgMunicipality}, []Role{Person, OrgMember}},
		{"vendor", &Actor{PersonID: 1, OrgKind: OrgVendor}, []Role{Person, Vendor}},
		{"no organisation", &Actor{PersonID: 1}, []Role{Person}},
		{"user council member", &Actor{PersonID: 1, OrgKind: OrgCounty, Memberships: []Membership{{BodyID: 4, BodyKind: BodyUserCouncil, Function: FuncChair}}},
			[]Role{Person, OrgMember, UserCouncil}},
		{"observer gets no member role", &Actor{PersonID: 1, OrgKind: OrgStateAgency, Memberships: []Membership{{BodyID: 4, BodyKind: BodyUserCouncil, Function: FuncObserver}}},
			[]Role{Person, OrgMember, ProgrammeObserver}},
		{"secretariat", &Actor{PersonID: 1, OrgKind: OrgKS, Memberships: []Membership{{BodyID: 6, BodyKind: BodySecretariat, Function: FuncSecretary}}},
			[]Role{Person, OrgMember, Secretariat}},
		{"project manager", &Actor{PersonID: 1, ProjectRoles: []ProjectRole{{ProjectID: 1, Role: "manager"}}}, []Role{Person, ProjectManager}},
		{"admin without second factor", &Actor{PersonID: 1, Admin: true}, []Role{Person, AdminUnverified}},
		{"admin", &Actor{PersonID: 1, Admin: true, MFA: true}, []Role{Person, Admin}},
	} {
		got := tc.actor.Roles()
		slices.Sort(got)
		want := slices.Clone(tc.want)
		slices.Sort(want)
		if !slices.Equal(got, want) {
			t.Errorf("%s: roles %v, want %v", tc.name, got, want)
		}
	}
}

func TestCheckDeniesByDefault(t *testing.T) {
	admin := &Actor{PersonID: 1, Admin: true, MFA: true}
	if err := Check(admin, Action("no.such.action"), Resource{}); errs.CodeOf(err) != errs.Forbidden {
		t.Fatalf("unknown action: %v", err)
	}
	if err := Check(nil, PersonList, Resource{}); errs.CodeOf(err) != errs.Unauthenticated {
		t.Fatalf("public on a signed-in action: %v", err)
	}
	if err := Check(&Actor{PersonID: 2, OrgKind: OrgMunicipality}, PersonList, Resource{}); errs.CodeOf(err) != errs.Forbidden {
		t.Fatalf("member listing people: %v", err)
	}
	if err := Check(&Actor{PersonID: 1, Admin: true}, PersonList, Resource{}); errs.CodeOf(err) != errs.Forbidden {
		t.Fatal("an admin without the second factor must not act as admin")
	}
	if err := Check(admin, PersonList, Resource{}); err != nil {
		t.Fatal(err)
	}
	for _, act := range Actions() {
		if !Can(SystemActor, act, Resource{}) {
			t.Fatalf("the system actor may take every action; not %s", act)
		}
	}
	if Can(SystemActor, Action("no.such.action"), Resource{}) {
		t.Fatal("an action without a row is denied to everyone, the system too")
	}
	// Owners may revoke their own tokens; others may not.
	if !Can(&Actor{PersonID: 7}, TokenRevoke, Resource{OwnerID: 7}) || Can(&Actor{PersonID: 8}, TokenRevoke, Resource{OwnerID: 7}) {
		t.Fatal("token revocation by owner is wrong")
	}
}

func TestEveryActionHasARule(t *testing.T) {
	for _, a := range Actions() {
		if table[a] == nil {
			t.Errorf("action %s has a nil rule", a)
		}
	}
	if len(Actions()) < 15 {
		t.Fatalf("only %d actions", len(Actions()))
	}
}

// TestPolicyDocumentNamesEveryAction keeps docs/POLICY.md true to the table.
func TestPolicyDocumentNamesEveryAction(t *testing.T) {
	b, err := os.ReadFile("../../docs/POLICY.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range Actions() {
		if !strings.Contains(string(b), "`"+string(a)+"`") {
			t.Errorf("docs/POLICY.md does not name %s", a)
		}
	}
}

// TestRunnersOfABody: a body's secretary and leader run its meetings and
// cases (issue 10, item 11: the project manager as secretary of their
// steering group got "no access"), but not another body's, and the body's
// composition stays with its secretariat.
func TestRunnersOfABody(t *testing.T) {
	const sg, uc = 9, 4
	secretary := &Actor{PersonID: 1, OrgKind: OrgKS, ProjectRoles: []ProjectRole{{ProjectID: 1, Role: "manager"}},
		Memberships: []Membership{{BodyID: sg, BodyKind: BodySteeringGroup, Function: FuncSecretary}}}
	chair := &Actor{PersonID: 2, OrgKind: OrgStateAgency, Memberships: []Membership{{BodyID: sg, BodyKind: BodySteeringGroup, Function: FuncChair}}}
	member := &Actor{PersonID: 3, OrgKind: OrgStateAgency, Memberships: []Membership{{BodyID: sg, BodyKind: BodySteeringGroup, Function: FuncMember}}}
	programme := &Actor{PersonID: 4, OrgKind: OrgKS, Memberships: []Membership{{BodyID: 6, BodyKind: BodySecretariat, Function: FuncSecretary}}}
	run := []Action{MeetingManage, CaseManage, DecisionRecord, AttendanceRecord, MinutesEdit, MinutesApprove, ActionManage, ActionComplete}
	for _, act := range run {
		for _, a := range []*Actor{secretary, chair, programme} {
			if !Can(a, act, Resource{BodyID: sg}) {
				t.Errorf("person %d may not %s in their own body", a.PersonID, act)
			}
		}
		if !Can(programme, act, Resource{BodyID: uc}) {
			t.Errorf("the programme manager may not %s in every body", act)
		}
		for _, a := range []*Actor{secretary, chair} {
			if Can(a, act, Resource{BodyID: uc}) {
				t.Errorf("person %d may %s in another body", a.PersonID, act)
			}
		}
		if Can(member, act, Resource{BodyID: sg}) {
			t.Errorf("a plain member may %s", act)
		}
	}
	if Can(chair, MembershipManage, Resource{BodyID: sg}) || Can(chair, BodyUpdate, Resource{BodyID: sg}) || Can(chair, MembershipApprove, Resource{BodyID: sg}) {
		t.Error("the leader may change the body's composition; that stays with its secretariat")
	}
}
