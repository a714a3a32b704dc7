package policy

// Benefit realisation actions (issue 13 item 4, internal/benefits). The
// Resource carries the benefit's project (ProjectID) and steering group
// (BodyID), its owner (OwnerID) and Public once it is realised.
const (
	BenefitOverview Action = "benefit.overview" // the programme's benefits overview (the public: totals and realised benefits)
	BenefitViewAll  Action = "benefit.view_all" // every project's rows in the overview
	BenefitView     Action = "benefit.view"     // a project's benefits, one benefit with its measurements and chart
	BenefitManage   Action = "benefit.manage"   // import from the directive, plan, baseline, propose the BP6 outcome
	BenefitMeasure  Action = "benefit.measure"  // record a measurement
	BenefitRemind   Action = "benefit.remind"   // run the reminder job (the system)
)

var _ = register(map[Action]Rule{
	BenefitOverview: anyone,
	BenefitViewAll:  controlReaders,
	BenefitView:     either(controlReaders, onProject, bodyReader, owner, published),
	BenefitManage:   roles(Secretariat),
	BenefitMeasure:  either(roles(Secretariat), managerOf, owner),
	BenefitRemind:   func(*Actor, Resource) bool { return false }, // the system only
})
