package policy

// Portfolio scenario actions: the optimiser on the live portfolio.
const (
	// PortfolioScenarioView sees the instance built from the live
	// portfolio (candidates with their inputs), runs it, and reads the
	// saved scenarios and their comparison: the secretariat prepares, the
	// user council and the strategic council prioritise.
	PortfolioScenarioView Action = "portfolio.scenario_view"
	// PortfolioScenarioSave saves a run as a named scenario, to be put
	// before the user council or the strategic council as a case; their
	// decision (the set_priorities effect, decision.record on the body)
	// adopts it.
	PortfolioScenarioSave Action = "portfolio.scenario_save"
)

var _ = register(map[Action]Rule{
	PortfolioScenarioView: roles(Secretariat, UserCouncil, StrategicCouncil, Admin),
	PortfolioScenarioSave: roles(Secretariat, UserCouncil, StrategicCouncil),
})
