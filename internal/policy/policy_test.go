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
