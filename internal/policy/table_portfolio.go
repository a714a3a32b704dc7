package policy

// Portfolio actions.
const (
	// PortfolioOptimize runs the optimiser: strategic portfolio management
	// is the strategic council's task, prepared by the secretariat and the
	// user council.
	PortfolioOptimize Action = "portfolio.optimize"
	// PortfolioView is the portfolio overview (page, XLSX, API). Everyone
	// may open it; what it shows depends on PortfolioViewAll.
	PortfolioView Action = "portfolio.view"
	// PortfolioViewAll sees every idea, concept, directive and project with
	// owners, actors, budgets and the budget frames; the others (the
	// public, members, vendors) see approved projects only, with the names
	// of their owner and manager only.
	PortfolioViewAll Action = "portfolio.view_all"
	// PortfolioFrameEdit keeps the budget frames per year and funding
	// source and the main guidelines as drafts; the strategic council
	// approves or adopts them by a decision (the approve_budget_frame and
	// adopt_guideline effects, decision.record on the body).
	PortfolioFrameEdit Action = "portfolio.frame_edit"
	// PortfolioActorSet names the actor responsible (a state agency or KS)
	// for an idea or a project.
	PortfolioActorSet Action = "portfolio.actor_set"
)

// portfolioReaders see the whole portfolio.
var portfolioReaders = roles(Secretariat, UserCouncil, StrategicCouncil, WorkingCommittee, Admin)

var _ = register(map[Action]Rule{
	PortfolioOptimize:  roles(Secretariat, StrategicCouncil, UserCouncil, WorkingCommittee, Admin),
	PortfolioView:      anyone,
	PortfolioViewAll:   portfolioReaders,
	PortfolioFrameEdit: roles(Secretariat),
	PortfolioActorSet:  roles(Secretariat),
})
