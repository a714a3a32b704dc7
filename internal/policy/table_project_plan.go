package policy

// Project-plan actions (issue 12, items 1-3): the plan of activities and
// milestones, the staffing plan and the meeting plan of a project.
const (
	ProjectMilestoneList Action = "project.milestone.list" // a project's milestones, names and dates (public)
	ProjectPlanView      Action = "project.plan.view"      // the whole plan, the staffing plan and the meeting plan
	ProjectPlanEdit      Action = "project.plan.edit"      // change the plan, the staffing plan and the meeting plan
	ProjectMine          Action = "project.mine"           // my projects and roles
)

var _ = register(map[Action]Rule{
	ProjectMilestoneList: anyone,
	// The project's manager and members, its steering group (r.BodyID),
	// the secretariat, the councils and admin read the whole plan.
	ProjectPlanView: either(roles(Secretariat, UserCouncil, StrategicCouncil, WorkingCommittee, Admin), planMember, planSteering),
	// The project's manager and the secretariat write.
	ProjectPlanEdit: either(roles(Secretariat), planManager),
	ProjectMine:     signedIn,
})

// planManager allows the project manager of the resource's project.
func planManager(a *Actor, r Resource) bool {
	if a == nil || r.ProjectID == 0 {
		return false
	}
	for _, p := range a.ProjectRoles {
		if p.ProjectID == r.ProjectID && p.Role == "manager" {
			return true
		}
	}
	return false
}

// planMember allows anyone holding a role in the resource's project.
func planMember(a *Actor, r Resource) bool {
	if a == nil || r.ProjectID == 0 {
		return false
	}
	for _, p := range a.ProjectRoles {
		if p.ProjectID == r.ProjectID {
			return true
		}
	}
	return false
}

// planSteering allows the members (observers included) of the project's
// steering group, r.BodyID.
func planSteering(a *Actor, r Resource) bool { return r.BodyID != 0 && a.MemberOf(r.BodyID, true) }
