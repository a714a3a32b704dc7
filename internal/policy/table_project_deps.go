package policy

// Cross-project dependency actions (issue 12, item 7): the portfolio-wide
// dependency view, the register of national components and a project's
// dependencies on them.
const (
	DepsView                Action = "portfolio.dependencies.view" // the dependency view: graph, chains, table
	ComponentList           Action = "component.list"              // the register of national components
	ComponentManage         Action = "component.manage"            // add and change components
	ProjectComponentDepEdit Action = "project.component_dep.edit"  // record or remove a project's dependency on a component
)

var _ = register(map[Action]Rule{
	// Everyone signed in reads the view and the register: the
	// programme's participants coordinate across projects. The public
	// sees nothing of them (the chains name activities, not only
	// milestones); a project's own page and plan show the public its
	// milestones and the slipped-dependency notice.
	DepsView:      signedIn,
	ComponentList: signedIn,
	// The secretariat keeps the register.
	ComponentManage: roles(Secretariat),
	// As the plan: the project's manager and the secretariat.
	ProjectComponentDepEdit: either(roles(Secretariat), planManager),
})
