package policy

// Project state and closure actions (issue 12 item 9): starting execution,
// putting on hold and resuming; the BP4 closing recommendation and the BP5
// final report, decided by the project's steering group. The Resource
// carries the project (ProjectID) and its steering group (BodyID).
const (
	ProjectMove   Action = "project.move"           // start execution, put on hold, resume
	ClosureView   Action = "project_closure.view"   // the closing recommendation and the final report
	ClosureWrite  Action = "project_closure.write"  // draft and submit the recommendation and the final report
	ClosureDecide Action = "project_closure.decide" // approve the closure (BP4), accept the final report (BP5)
)

var _ = register(map[Action]Rule{
	ProjectMove:   either(roles(Secretariat), managerOf),
	ClosureView:   either(controlReaders, onProject, bodyReader),
	ClosureWrite:  either(roles(Secretariat), managerOf),
	ClosureDecide: steeringMember,
})
