package policy

// Brukerforum and elections (issue 14): the yearly forum, its programme
// and registrations, and the elections of the user council's members.
// Whether a person may vote is a fact of the election (the registered
// voting representative of a municipality on the roll), which the forum
// service checks after election.vote lets any signed-in person try.
const (
	ForumList          Action = "forum.list"          // the forums (public)
	ForumView          Action = "forum.view"          // one forum, its programme and reach per county (public)
	ForumManage        Action = "forum.manage"        // plan a forum and its programme, register others
	ForumAdopt         Action = "forum.adopt"         // adopt the programme (the user council as programme committee)
	ForumRegister      Action = "forum.register"      // register oneself for one's member organisation
	ForumRegistrations Action = "forum.registrations" // the list of registered participants
	ElectionList       Action = "election.list"       // the elections (public)
	ElectionView       Action = "election.view"       // one election, its candidates, roll, result and published ballots (public)
	ElectionManage     Action = "election.manage"     // set up an election, its roll, open and close voting
	ElectionNominate   Action = "election.nominate"   // put a candidate forward (with the candidate's consent)
	ElectionVote       Action = "election.vote"       // cast the municipality's ballot (the service checks the roll)
	InputList          Action = "input.list"          // input and its answers (public)
	InputCreate        Action = "input.create"        // give input (representatives of member organisations)
	InputSupport       Action = "input.support"       // support another's input
	InputAnswer        Action = "input.answer"        // group and answer input with its outcome
)

// ownOrgMember allows a member organisation's people for their own
// organisation (Resource.OrgID).
func ownOrgMember(a *Actor, r Resource) bool {
	return a.Has(OrgMember) && r.OrgID != 0 && a.OrgID == r.OrgID
}

var _ = register(map[Action]Rule{
	ForumList:          anyone,
	ForumView:          anyone,
	ForumManage:        roles(Secretariat),
	ForumAdopt:         roles(UserCouncil, Secretariat),
	ForumRegister:      either(roles(Secretariat), ownOrgMember),
	ForumRegistrations: roles(OrgMember, Secretariat, UserCouncil, StrategicCouncil, Admin),
	ElectionList:       anyone,
	ElectionView:       anyone,
	ElectionManage:     roles(Secretariat),
	ElectionNominate:   roles(OrgMember, Secretariat),
	ElectionVote:       signedIn,
	InputList:          anyone,
	InputCreate:        roles(OrgMember, Secretariat),
	InputSupport:       roles(OrgMember, Secretariat),
	InputAnswer:        roles(Secretariat),
})
