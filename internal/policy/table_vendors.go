package policy

// Vendors and state involvement (issue 15, items 2 and 5): the vendor
// register (organisations of kind vendor with contacts, products and the
// projects they take part in) and one contact log for vendor meetings and
// consultations with state agencies, with follow-up actions.
//
// Who sees what: the public sees vendors' names and products (the products
// of their verified conformance declarations); a vendor sees its own
// contacts, meetings and projects; the councils (Brukerrådet,
// KommIT-rådet and its working committee) read the register and the
// contact log; the secretariat manages both. Contact people are private
// people, so the public never sees them.
const (
	VendorList    Action = "vendor.list"    // the register: names and products (public)
	VendorView    Action = "vendor.view"    // one vendor's name and products (public)
	VendorDetails Action = "vendor.details" // a vendor's contacts, meetings and projects (Resource.OrgID: the vendor)
	VendorManage  Action = "vendor.manage"  // add contacts, link a vendor to a project
	ContactList   Action = "contact.list"   // the contact log (vendor meetings and state contacts)
	ContactView   Action = "contact.view"   // one contact with notes and follow-up actions
	ContactRecord Action = "contact.record" // record a contact and add follow-up actions
	ContactClose  Action = "contact.close"  // mark a follow-up action done (Resource.OwnerID: its owner)
)

var _ = register(map[Action]Rule{
	VendorList:    anyone,
	VendorView:    anyone,
	VendorDetails: either(roles(Secretariat, Admin, UserCouncil, StrategicCouncil, WorkingCommittee), ownVendor),
	VendorManage:  roles(Secretariat),
	ContactList:   roles(Secretariat, Admin, UserCouncil, StrategicCouncil, WorkingCommittee),
	ContactView:   roles(Secretariat, Admin, UserCouncil, StrategicCouncil, WorkingCommittee),
	ContactRecord: roles(Secretariat),
	ContactClose:  either(roles(Secretariat), owner),
})

// ownVendor allows a person of the vendor organisation r.OrgID.
func ownVendor(a *Actor, r Resource) bool {
	return a != nil && a.PersonID != 0 && a.OrgKind == OrgVendor && r.OrgID != 0 && a.OrgID == r.OrgID
}
