package policy

// The golden thread (issue 11 item 7): a project's people. The project
// itself is public with the names of its owner and manager; its roles and
// its steering group's members are for those signed in.
const (
	ProjectPeople Action = "project.people" // a project's roles and steering group members
)

var _ = register(map[Action]Rule{
	ProjectPeople: signedIn,
})
