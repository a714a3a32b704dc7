package policy

// Portfolio actions.
const (
	// PortfolioOptimize runs the optimiser: strategic portfolio management
	// is the strategic council's task, prepared by the secretariat and the
	// user council.
	PortfolioOptimize Action = "portfolio.optimize"
)

var _ = register(map[Action]Rule{
	PortfolioOptimize: roles(Secretariat, StrategicCouncil, UserCouncil, WorkingCommittee, Admin),
})
