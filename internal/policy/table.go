package policy

// Action names one thing a person can do. The names are stable: they appear
// in the route table test and in docs/POLICY.md.
type Action string

// Foundation actions.
const (
	OrgList   Action = "org.list"
	OrgView   Action = "org.view"
	OrgCreate Action = "org.create"
	OrgUpdate Action = "org.update"

	BodyList Action = "body.list"
	BodyView Action = "body.view"

	PersonSelf    Action = "person.self"    // my page, my settings, password change
	PersonList    Action = "person.list"    // people administration
	PersonView    Action = "person.view"    // another person's full record
	PersonCreate  Action = "person.create"  // create (invite) an account; the administrator flag only by admins
	PersonUpdate  Action = "person.update"  // change name, organisation, admin flag
	PersonDisable Action = "person.disable" // disable or enable an account

	TokenCreate Action = "token.create" // create an API token for oneself
	TokenRevoke Action = "token.revoke" // revoke a token (own, or any for admins)

	AuditList   Action = "audit.list"   // the whole audit log
	AuditItem   Action = "audit.item"   // the history of one item
	AuditVerify Action = "audit.verify" // verify the hash chain
)

// table is the one permission table. Each area adds its rows in its own file
// (table_<area>.go) through register, so that merges stay small; there is
// still exactly one table and one Check.
var table = map[Action]Rule{
	OrgList:   anyone,
	OrgView:   anyone,
	OrgCreate: roles(Admin),
	OrgUpdate: roles(Admin, Secretariat),

	BodyList: anyone,
	BodyView: anyone,

	PersonSelf:    signedIn,
	PersonList:    roles(Admin, Secretariat),
	PersonView:    roles(Admin, Secretariat),
	PersonCreate:  accountManager,
	PersonUpdate:  roles(Admin),
	PersonDisable: accountManager,

	TokenCreate: signedIn,
	TokenRevoke: either(owner, roles(Admin)),

	AuditList:   roles(Admin, Secretariat),
	AuditItem:   roles(Admin, Secretariat),
	AuditVerify: roles(Admin),
}

// AdminAccount is the Resource.State of a person with the administrator
// flag (or about to get it): only administrators act on such accounts.
const AdminAccount = "admin"

// accountManager allows administrators, and the secretariat (the
// programme manager) for accounts that are not administrators': they
// invite, disable and re-enable people without the administrator.
func accountManager(a *Actor, r Resource) bool {
	return a.Has(Admin) || r.State != AdminAccount && a.Has(Secretariat)
}

// register adds rows to the table; it panics on a duplicate so that two areas
// cannot silently define the same action. It returns true so that an area can
// write `var _ = register(...)`.
func register(rows map[Action]Rule) bool {
	for act, rule := range rows {
		if _, dup := table[act]; dup {
			panic("policy: duplicate action " + string(act))
		}
		table[act] = rule
	}
	return true
}
