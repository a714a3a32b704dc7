package policy

// Participants' input on a project (issue 12 item 8): facts, problems,
// choices of direction (veivalg) and out-of-scope challenges. The Resource
// carries the project (ProjectID) and its steering group (BodyID).
const (
	ProjectInputView   Action = "project_input.view"   // a project's inputs
	ProjectInputCreate Action = "project_input.create" // record one's own input
	ProjectInputHandle Action = "project_input.handle" // acknowledge, put before the steering group, refer
	ProjectInputDecide Action = "project_input.decide" // choose a veivalg's direction (the steering group's decision)
)

var _ = register(map[Action]Rule{
	// The project's people, its steering group, the
	// secretariat, the councils and admin read; the public does not.
	ProjectInputView: either(controlReaders, onProject, bodyReader),
	// Any member: a role in the project (the manager, the staffing plan)
	// or a seat in its steering group.
	ProjectInputCreate: either(onProject, steeringMember),
	ProjectInputHandle: either(roles(Secretariat), managerOf),
	ProjectInputDecide: steeringMember,
})
