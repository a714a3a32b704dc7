package policy

// Roadmap (veikart) actions.
const (
	// RoadmapView reads the current roadmap and the endorsed versions:
	// the roadmap is public.
	RoadmapView Action = "roadmap.view"
	// RoadmapViewAll also reads the frozen versions not (yet) endorsed:
	// the secretariat, the councils and the working committee.
	RoadmapViewAll Action = "roadmap.view_all"
	// RoadmapEdit adds and changes initiatives and freezes versions; the
	// strategic council endorses a version by a decision (the
	// endorse_roadmap effect, decision.record on the body).
	RoadmapEdit Action = "roadmap.edit"
)

var _ = register(map[Action]Rule{
	RoadmapView:    anyone,
	RoadmapViewAll: roles(Secretariat, UserCouncil, StrategicCouncil, WorkingCommittee, Admin),
	RoadmapEdit:    roles(Secretariat),
})
