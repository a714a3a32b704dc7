package policy

// Project control actions (issue 12 items 4–6): status reports,
// deviations and risks. The Resource carries the project (ProjectID) and
// its steering group (BodyID); a portfolio risk has no project.
const (
	ControlView      Action = "project_control.view"   // a project's reports, deviations and risks
	ReportWrite      Action = "status_report.write"    // draft, edit and submit a status report
	ReportReview     Action = "status_report.review"   // review a submitted report (the steering group)
	ReportLate       Action = "status_report.late"     // the list of late reports (the secretariat)
	DeviationWrite   Action = "deviation.write"        // report, assess, handle, escalate, refer a deviation
	DeviationDecide  Action = "deviation.decide"       // decide an escalated deviation (the steering group)
	RiskWrite        Action = "risk.write"             // a project's risks (or, without a project, the portfolio's)
	PortfolioRisks   Action = "risk.portfolio"         // the portfolio's risk register and heat map
	ControlReminders Action = "project_control.remind" // run the reminder job (the system)
)

// controlReaders read every project's control records: the secretariat,
// the councils and admin.
var controlReaders = roles(Secretariat, UserCouncil, StrategicCouncil, WorkingCommittee, Admin)

// managerOf allows the project's manager.
func managerOf(a *Actor, r Resource) bool {
	if a == nil || r.ProjectID == 0 {
		return false
	}
	for _, p := range a.ProjectRoles {
		if p.ProjectID == r.ProjectID && p.Role == "manager" {
			return true
		}
	}
	return false
}

// onProject allows anyone with a role in the project.
func onProject(a *Actor, r Resource) bool {
	if a == nil || r.ProjectID == 0 {
		return false
	}
	for _, p := range a.ProjectRoles {
		if p.ProjectID == r.ProjectID {
			return true
		}
	}
	return false
}

// steeringMember allows a current member of the project's steering group
// (any function but observer).
func steeringMember(a *Actor, r Resource) bool { return r.BodyID != 0 && a.MemberOf(r.BodyID, false) }

var _ = register(map[Action]Rule{
	ControlView:      either(controlReaders, onProject, bodyReader),
	ReportWrite:      either(roles(Secretariat), managerOf),
	ReportReview:     steeringMember,
	ReportLate:       roles(Secretariat, Admin),
	DeviationWrite:   either(roles(Secretariat), managerOf),
	DeviationDecide:  steeringMember,
	RiskWrite:        either(roles(Secretariat), managerOf),
	PortfolioRisks:   controlReaders,
	ControlReminders: func(*Actor, Resource) bool { return false }, // the system only
})
