package policy

// Concept-phase actions (issue 11): project ideas and their concept
// mandate, project directives in versions, and the projects approval
// creates. The moves decided in meetings (start the concept phase,
// recommend, approve, return, reject) are decision effects: they need
// decision.record on the deciding body, and the area checks the body.
const (
	IdeaList      Action = "idea.list"      // the list of project ideas
	IdeaView      Action = "idea.view"      // one idea with its mandate
	IdeaCreate    Action = "idea.create"    // turn prioritised needs (or a decision) into an idea
	IdeaUpdate    Action = "idea.update"    // edit an idea and its mandate before the concept phase starts
	DirectiveList Action = "directive.list" // the list (drafts filtered in SQL)
	DirectiveView Action = "directive.view" // one directive: approved ones are public, drafts for their readers
	DirectiveEdit Action = "directive.edit" // draft a directive, edit its draft version, start a new version
	ProjectList   Action = "project.list"   // the projects (public)
	ProjectView   Action = "project.view"   // one project (public)
)

// directiveReaders may read every idea and every draft directive: the
// secretariat, the user council, the strategic council and admin.
var directiveReaders = roles(Secretariat, UserCouncil, StrategicCouncil, WorkingCommittee, Admin)

var _ = register(map[Action]Rule{
	IdeaList:   directiveReaders,
	IdeaView:   directiveReaders,
	IdeaCreate: roles(Secretariat),
	IdeaUpdate: roles(Secretariat),
	// The public reads approved directives; the named project manager
	// (OwnerID) reads the drafts naming them.
	DirectiveList: anyone,
	DirectiveView: either(published, directiveReaders, owner),
	DirectiveEdit: roles(Secretariat),
	ProjectList:   anyone,
	ProjectView:   anyone,
})
