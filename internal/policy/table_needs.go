package policy

// Needs actions (issue 4): submission, backing, triage and the later moves of
// the need's state machine, the assessment method and prioritisation rounds.
const (
	NeedList        Action = "need.list"        // the list and search (visibility filtered in SQL)
	NeedView        Action = "need.view"        // one need (drafts only for their organisation)
	NeedCreate      Action = "need.create"      // submit a need for one's own member organisation
	NeedUpdate      Action = "need.update"      // edit a draft or returned need of one's organisation
	NeedSubmit      Action = "need.submit"      // draft/returned → submitted
	NeedTriage      Action = "need.triage"      // submitted → in triage → returned/rejected/under assessment; parked → under assessment
	NeedAssess      Action = "need.assess"      // under assessment → assessed
	NeedPrioritise  Action = "need.prioritise"  // assessed/parked → prioritised/parked (records body and decision)
	NeedAdvance     Action = "need.advance"     // prioritised → in concept → in project → resolved
	NeedWithdraw    Action = "need.withdraw"    // any open state → withdrawn
	NeedMerge       Action = "need.merge"       // merge a duplicate into another need
	NeedBack        Action = "need.back"        // back a need as one's organisation, or withdraw the backing
	NeedAttach      Action = "need.attach"      // add an attachment
	NeedAttachments Action = "need.attachments" // read attachments
	NeedHistory     Action = "need.history"     // comments and names in a need's history

	MethodView Action = "method.view" // the assessment method's versions
	MethodEdit Action = "method.edit" // change the method (a used version is frozen: edits make a new one)

	RoundList  Action = "round.list"  // prioritisation rounds and their frozen results
	RoundOpen  Action = "round.open"  // open a round with a method version and needs
	RoundScore Action = "round.score" // score the needs of an open round
	RoundClose Action = "round.close" // close a round, freezing its ranked list
)

// sameOrgMember allows a person of a member organisation acting on an item
// of that organisation (a need it submitted).
func sameOrgMember(a *Actor, r Resource) bool {
	return a != nil && a.OrgID != 0 && a.OrgID == r.OrgID && a.Has(OrgMember)
}

func init() { registerNeeds() }

func registerNeeds() {
	register(map[Action]Rule{
		NeedList:        anyone,
		NeedView:        anyone,
		NeedCreate:      roles(OrgMember),
		NeedUpdate:      either(sameOrgMember, roles(Secretariat)),
		NeedSubmit:      sameOrgMember,
		NeedTriage:      roles(Secretariat),
		NeedAssess:      roles(Secretariat),
		NeedPrioritise:  roles(Secretariat),
		NeedAdvance:     roles(Secretariat),
		NeedWithdraw:    either(sameOrgMember, roles(Secretariat)),
		NeedMerge:       roles(Secretariat),
		NeedBack:        roles(OrgMember),
		NeedAttach:      either(sameOrgMember, roles(Secretariat)),
		NeedAttachments: signedIn,
		NeedHistory:     signedIn,

		MethodView: anyone,
		MethodEdit: roles(WorkingCommittee),

		RoundList:  roles(Secretariat, UserCouncil, WorkingCommittee, StrategicCouncil, Admin),
		RoundOpen:  roles(Secretariat),
		RoundScore: roles(Secretariat, UserCouncil),
		RoundClose: roles(Secretariat),
	})
}
