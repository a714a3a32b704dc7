// Package policy decides who may do what. It is the only place such rules
// live: services call Check before they change or return anything, and the
// web and API layers never decide access themselves.
//
// A person's rights follow from their organisation, their memberships of
// governance bodies (with a function and a term) and their project roles;
// Roles derives the named roles from those. The permission table maps every
// Action to a Rule; an action without a row is denied (deny by default).
package policy

import (
	"slices"

	"github.com/samstyr/samstyr/internal/errs"
)

// Role is a named role derived from an actor's organisation, memberships and
// project roles. Roles are not stored; they are computed for each request.
type Role string

// The roles of DESIGN.md §1.
const (
	Anonymous         Role = "anonymous"          // not signed in: the public
	Person            Role = "person"             // any signed-in person
	OrgMember         Role = "org_member"         // belongs to a member organisation (municipality, county, state agency, KS)
	Vendor            Role = "vendor"             // belongs to a vendor
	Secretariat       Role = "secretariat"        // the programme manager and the secretariat
	UserCouncil       Role = "user_council"       // member of Brukerrådet
	UserForum         Role = "user_forum"         // representative in Brukerforum
	StrategicCouncil  Role = "strategic_council"  // member of KommIT-rådet
	WorkingCommittee  Role = "working_committee"  // member of KommIT-rådets arbeidsutvalg
	MainBoard         Role = "main_board"         // KS Hovedstyre (reads reports)
	SteeringGroup     Role = "steering_group"     // member of a project steering group
	WorkingGroup      Role = "working_group"      // member of a working group
	ProjectManager    Role = "project_manager"    // manages a development project
	ProjectMember     Role = "project_member"     // participant in a project
	Admin             Role = "admin"              // system administrator (second factor verified)
	AdminUnverified   Role = "admin_unverified"   // administrator who has not passed the second factor
	ProgrammeObserver Role = "programme_observer" // observer function in a body
)

// Body kinds, as stored on governance bodies.
const (
	BodyMainBoard        = "main_board"
	BodyStrategicCouncil = "strategic_council"
	BodyWorkingCommittee = "working_committee"
	BodyUserCouncil      = "user_council"
	BodyUserForum        = "user_forum"
	BodyWorkingGroup     = "working_group"
	BodySteeringGroup    = "steering_group"
	BodySecretariat      = "secretariat"
)

// Membership functions.
const (
	FuncChair        = "chair"
	FuncDeputyChair  = "deputy_chair"
	FuncMember       = "member"
	FuncDeputyMember = "deputy_member"
	FuncSecretary    = "secretary"
	FuncObserver     = "observer"
)

// Organisation kinds.
const (
	OrgMunicipality = "municipality"
	OrgCounty       = "county"
	OrgStateAgency  = "state_agency"
	OrgVendor       = "vendor"
	OrgKS           = "ks"
	OrgOther        = "other"
)

// Membership is one current membership of the actor in a body.
type Membership struct {
	BodyID   int64
	BodyKind string
	Function string
}

// ProjectRole is one current role of the actor in a project.
type ProjectRole struct {
	ProjectID int64
	Role      string // manager, participant, owner
}

// Actor is who is making a request. A nil *Actor is the public.
type Actor struct {
	// System is the command-line operator or a background job: it may do
	// everything. Only cmd/samstyr and internal/jobs construct it.
	System       bool
	PersonID     int64
	Name         string
	Email        string
	OrgID        int64 // 0 when the person has no organisation
	OrgKind      string
	Admin        bool // has the administrator flag
	MFA          bool // passed the second factor in this session (tokens count as verified)
	TOTP         bool // has a second factor set up
	Locale       string
	Memberships  []Membership // current (term covers today, approved) memberships only
	ProjectRoles []ProjectRole
}

// SystemActor is the actor of command-line operations and jobs.
var SystemActor = &Actor{System: true, MFA: true}

// ID returns the actor's person id, 0 for the public.
func (a *Actor) ID() int64 {
	if a == nil {
		return 0
	}
	return a.PersonID
}

// Roles returns the roles the actor holds, always including Anonymous for
// nil and Person for anyone signed in.
func (a *Actor) Roles() []Role {
	if a == nil || a.PersonID == 0 {
		return []Role{Anonymous}
	}
	roles := []Role{Person}
	add := func(r Role) {
		if !slices.Contains(roles, r) {
			roles = append(roles, r)
		}
	}
	switch a.OrgKind {
	case OrgMunicipality, OrgCounty, OrgStateAgency, OrgKS:
		add(OrgMember)
	case OrgVendor:
		add(Vendor)
	}
	for _, m := range a.Memberships {
		if m.Function == FuncObserver {
			add(ProgrammeObserver)
			continue
		}
		switch m.BodyKind {
		case BodySecretariat:
			add(Secretariat)
		case BodyUserCouncil:
			add(UserCouncil)
		case BodyUserForum:
			add(UserForum)
		case BodyStrategicCouncil:
			add(StrategicCouncil)
		case BodyWorkingCommittee:
			add(WorkingCommittee)
		case BodyMainBoard:
			add(MainBoard)
		case BodySteeringGroup:
			add(SteeringGroup)
		case BodyWorkingGroup:
			add(WorkingGroup)
		}
	}
	for _, p := range a.ProjectRoles {
		if p.Role == "manager" {
			add(ProjectManager)
		} else {
			add(ProjectMember)
		}
	}
	if a.Admin {
		if a.MFA {
			add(Admin)
		} else {
			add(AdminUnverified)
		}
	}
	return roles
}

// Has reports whether the actor holds role r.
func (a *Actor) Has(r Role) bool { return slices.Contains(a.Roles(), r) }

// HasAny reports whether the actor holds any of roles.
func (a *Actor) HasAny(roles ...Role) bool {
	have := a.Roles()
	for _, r := range roles {
		if slices.Contains(have, r) {
			return true
		}
	}
	return false
}

// MemberOf reports whether the actor holds a current membership of body
// (any function but observer unless observers is true).
func (a *Actor) MemberOf(bodyID int64, observers bool) bool {
	if a == nil {
		return false
	}
	for _, m := range a.Memberships {
		if m.BodyID == bodyID && (observers || m.Function != FuncObserver) {
			return true
		}
	}
	return false
}

// Resource carries what a rule may need to know about the item acted on.
// Fields not relevant to an action are left zero.
type Resource struct {
	OrgID     int64  // owning organisation (e.g. the submitting organisation of a need)
	OwnerID   int64  // owning person (e.g. the person of an API token)
	BodyID    int64  // body the item belongs to (meeting, case, membership)
	ProjectID int64  // project the item belongs to
	State     string // the item's current state, for state-dependent rules
	Public    bool   // the item is published (visible to the public)
	Invited   bool   // the actor is invited to the item (a guest of a meeting)
}

// Rule decides one action for an actor and a resource.
type Rule func(a *Actor, r Resource) bool

// Check returns nil when the actor may take the action on the resource,
// Unauthenticated when the public asks for something that needs sign-in,
// and Forbidden otherwise.
func Check(a *Actor, act Action, r Resource) error {
	if Can(a, act, r) {
		return nil
	}
	if a == nil || a.PersonID == 0 {
		return errs.E(errs.Unauthenticated, "error.unauthenticated")
	}
	return errs.E(errs.Forbidden, "error.forbidden")
}

// Can reports whether the actor may take the action on the resource.
func Can(a *Actor, act Action, r Resource) bool {
	rule, ok := table[act]
	if !ok {
		return false
	}
	if a != nil && a.System {
		return true
	}
	return rule(a, r)
}

// Known reports whether the action has a row in the table.
func Known(act Action) bool {
	_, ok := table[act]
	return ok
}

// Actions returns every action of the table, for tests and documentation.
func Actions() []Action {
	out := make([]Action, 0, len(table))
	for a := range table {
		out = append(out, a)
	}
	slices.Sort(out)
	return out
}

// anyone allows everyone, signed in or not.
func anyone(*Actor, Resource) bool { return true }

// roles allows actors holding any of the roles.
func roles(rs ...Role) Rule {
	return func(a *Actor, _ Resource) bool { return a.HasAny(rs...) }
}

// signedIn allows any signed-in person.
func signedIn(a *Actor, _ Resource) bool { return a != nil && a.PersonID != 0 }

// owner allows the person who owns the resource.
func owner(a *Actor, r Resource) bool { return a != nil && a.PersonID != 0 && a.PersonID == r.OwnerID }

// either combines rules with OR.
func either(rules ...Rule) Rule {
	return func(a *Actor, r Resource) bool {
		for _, rule := range rules {
			if rule(a, r) {
				return true
			}
		}
		return false
	}
}
