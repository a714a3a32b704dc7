package policy

// Governance and meeting actions (issue 5): bodies, memberships, working
// groups, meetings, cases, decisions, attendance, minutes, follow-up actions
// and calendar feeds.
const (
	BodyCreate Action = "body.create" // create a body (a working group is created proposed)
	BodyUpdate Action = "body.update" // edit mandate, parent, secretariat, financing

	MembershipManage    Action = "membership.manage"     // add, edit and end memberships of a body
	MembershipApprove   Action = "membership.approve"    // approve proposed memberships by a decision of the body in Resource.BodyID
	WorkingGroupAppoint Action = "working_group.appoint" // appoint working groups by a decision of the body in Resource.BodyID

	MeetingList   Action = "meeting.list"   // list meetings (filtered by what the viewer may read)
	MeetingView   Action = "meeting.view"   // a meeting, its agenda and its documents
	MeetingManage Action = "meeting.manage" // plan, edit, publish the notice, hold, cancel; the agenda
	MeetingJoin   Action = "meeting.join"   // a meeting's join details: video link, dial-in, contact details

	CaseView     Action = "case.view"     // a case and its case paper
	CaseInternal Action = "case.internal" // non-public material of a body: exempt cases and attachments, drafts
	CaseManage   Action = "case.manage"   // register, prepare, put on the agenda, attachments, links

	DecisionRecord   Action = "decision.record"   // record a decision (vedtak) in a held meeting
	AttendanceRecord Action = "attendance.record" // record who attended
	MinutesEdit      Action = "minutes.edit"      // draft the minutes
	MinutesApprove   Action = "minutes.approve"   // approve the minutes by circulation

	ActionList     Action = "action.list"     // follow-up actions of a body
	ActionManage   Action = "action.manage"   // create follow-up actions from a decision
	ActionComplete Action = "action.complete" // mark a follow-up action done (its owner or the secretariat)

	CalendarFeed Action = "calendar.feed" // one's own secret calendar feed
)

var _ = register(map[Action]Rule{
	BodyCreate: roles(Secretariat, Admin),
	BodyUpdate: secretariatOf,

	MembershipManage:    secretariatOf,
	MembershipApprove:   secretariatOf,
	WorkingGroupAppoint: secretariatOf,

	MeetingList:   anyone,
	MeetingView:   either(published, bodyReader),
	MeetingManage: runsBody,
	MeetingJoin:   either(bodyReader, invited),

	CaseView:     either(published, bodyReader),
	CaseInternal: bodyReader,
	CaseManage:   runsBody,

	DecisionRecord:   runsBody,
	AttendanceRecord: runsBody,
	MinutesEdit:      runsBody,
	MinutesApprove:   runsBody,

	ActionList:     bodyReader,
	ActionManage:   runsBody,
	ActionComplete: either(owner, runsBody),

	CalendarFeed: signedIn,
})

// secretariatOf allows the programme secretariat and administrators for
// every body, and a body's own secretary (a member with the secretary
// function) for that body.
func secretariatOf(a *Actor, r Resource) bool {
	if a == nil || a.PersonID == 0 && !a.System {
		return false
	}
	if a.HasAny(Secretariat, Admin) {
		return true
	}
	if r.BodyID == 0 {
		return false
	}
	for _, m := range a.Memberships {
		if m.BodyID == r.BodyID && m.Function == FuncSecretary {
			return true
		}
	}
	return false
}

// runsBody allows those who run a body's meetings and cases: the
// programme secretariat (the programme manager and staff) and
// administrators for every body, and the body's own members with the
// secretary or the leader (chair) function for that body — a project
// manager who is the secretary of their project's steering group runs its
// meetings. The body's composition (body.update, memberships) stays with
// secretariatOf.
func runsBody(a *Actor, r Resource) bool {
	if secretariatOf(a, r) {
		return true
	}
	if a == nil || r.BodyID == 0 {
		return false
	}
	for _, m := range a.Memberships {
		if m.BodyID == r.BodyID && m.Function == FuncChair {
			return true
		}
	}
	return false
}

// bodyReader allows the secretariat of the body and its members, observers
// included: they read everything of their body that is not yet public.
func bodyReader(a *Actor, r Resource) bool {
	return secretariatOf(a, r) || (r.BodyID != 0 && a.MemberOf(r.BodyID, true))
}

// invited allows a signed-in person invited to the item (a meeting's guest).
func invited(a *Actor, r Resource) bool { return a != nil && a.PersonID != 0 && r.Invited }

// published allows anyone to read a published item.
func published(_ *Actor, r Resource) bool { return r.Public }
