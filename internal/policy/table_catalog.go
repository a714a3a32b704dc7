package policy

// Standards catalogue and product conformance (issue 15): the adopted
// standards with versions and their adopting decisions, and vendors'
// declarations that a product version conforms, verified by the
// secretariat (KS's role of making sure off-the-shelf products comply).
const (
	StandardList       Action = "standard.list"       // the catalogue (public)
	StandardView       Action = "standard.view"       // one standard with versions and links (public)
	StandardEdit       Action = "standard.edit"       // add standards and versions, adopt, retire, link needs and projects
	ConformanceList    Action = "conformance.list"    // verified declarations (public); the rest filtered in SQL
	ConformanceDeclare Action = "conformance.declare" // declare that a product version conforms (a vendor for itself; the secretariat for a vendor)
	ConformanceVerify  Action = "conformance.verify"  // verify or reject a declaration
)

var _ = register(map[Action]Rule{
	StandardList:       anyone,
	StandardView:       anyone,
	StandardEdit:       roles(Secretariat),
	ConformanceList:    anyone,
	ConformanceDeclare: roles(Vendor, Secretariat),
	ConformanceVerify:  roles(Secretariat),
})
