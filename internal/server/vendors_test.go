package server_test

import (
	"context"
	"testing"
	"time"

	"github.com/samstyr/samstyr/internal/errs"
	"github.com/samstyr/samstyr/internal/testutil/apptest"
	"github.com/samstyr/samstyr/internal/vendors"
)

// TestVendorsEndToEnd registers a contact at a vendor, holds a vendor
// meeting with a follow-up, links the vendor to a project, logs a state
// contact with DiBK and closes its follow-up; then checks who sees what
// and that every write was audited.
func TestVendorsEndToEnd(t *testing.T) {
	t.Parallel()
	a := apptest.New(t)
	ctx := context.Background()
	sec := a.ActorOf(a.People["secretariat"])
	vendor, dibk := a.Organisations["vendor"].ID, a.Organisations["dibk"].ID
	owner := a.People["secretariat"].ID
	cp := a.NewControlProject("Leverandørprosjekt", apptest.ControlContent())
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	before := a.AuditCount()

	must(a.Vendors.AddPerson(ctx, sec, &vendors.Person{OrgID: vendor, Name: "Kari Selger", Role: "Kundeansvarlig", Email: "kari@leverandor.no", Phone: "+47 22 33 44 55"}))
	meeting := &vendors.Contact{Kind: vendors.KindVendorMeeting, HeldOn: time.Now(), Topic: "Veikart 2027", Notes: "Notat <script>x</script>", OrgIDs: []int64{vendor}}
	must(a.Vendors.RecordContact(ctx, sec, meeting, []*vendors.Action{{Text: "Send kravliste", OwnerID: owner, DueOn: time.Now().AddDate(0, 0, 7)}}))
	must(a.Vendors.LinkProject(ctx, sec, &vendors.ProjectLink{OrgID: vendor, ProjectID: cp.Project.ID, Role: "Systemleverandør"}))
	state := &vendors.Contact{Kind: vendors.KindStateContact, HeldOn: time.Now(), Topic: "Byggesaksforskriften", OrgIDs: []int64{dibk}, ProjectID: cp.Project.ID}
	must(a.Vendors.RecordContact(ctx, sec, state, []*vendors.Action{{Text: "Avklar tolkning", OwnerID: owner, DueOn: time.Now().AddDate(0, 0, 3)}}))

	mine, err := a.Vendors.MyActions(ctx, sec, 14)
	must(err)
	if len(mine) != 2 {
		t.Fatalf("my actions = %d, want 2", len(mine))
	}
	if _, err := a.Vendors.CloseAction(ctx, sec, state.Actions[0].ID); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Vendors.CloseAction(ctx, sec, state.Actions[0].ID); !errs.Is(err, errs.Conflict) {
		t.Errorf("second close: %v, want Conflict", err)
	}
	open, err := a.Vendors.Contacts(ctx, sec, vendors.Filter{OpenOnly: true})
	must(err)
	if len(open) != 1 || open[0].ID != meeting.ID {
		t.Errorf("open contacts = %+v, want the vendor meeting only", open)
	}
	byOrg, err := a.Vendors.Contacts(ctx, sec, vendors.Filter{OrgID: dibk, Kind: vendors.KindStateContact})
	must(err)
	if len(byOrg) != 1 || byOrg[0].ID != state.ID || byOrg[0].ProjectName != "Leverandørprosjekt" {
		t.Errorf("DiBK contacts = %+v", byOrg)
	}
	if got := a.AuditCount() - before; got != 7 {
		t.Errorf("audit entries = %d, want 7 (contact person, 2 contacts, 2 actions, link, close)", got)
	}

	// Who sees what: the secretariat and the vendor itself see the details,
	// the public names and products only, another vendor's view nothing.
	v, err := a.Vendors.Vendor(ctx, sec, vendor)
	must(err)
	if !v.Details || len(v.People) != 1 || len(v.Projects) != 1 || len(v.Contacts) != 1 {
		t.Errorf("secretariat's view: details=%v people=%d projects=%d contacts=%d", v.Details, len(v.People), len(v.Projects), len(v.Contacts))
	}
	own, err := a.Vendors.Vendor(ctx, a.ActorOf(a.People["vendor"]), vendor)
	must(err)
	if !own.Details || len(own.People) != 1 {
		t.Errorf("the vendor's own view lacks details: %+v", own)
	}
	pub, err := a.Vendors.Vendor(ctx, nil, vendor)
	must(err)
	if pub.Details || pub.People != nil || pub.Contacts != nil || pub.Projects != nil {
		t.Errorf("the public sees details: %+v", pub)
	}
	if _, err := a.Vendors.Contacts(ctx, nil, vendors.Filter{}); !errs.Is(err, errs.Unauthenticated) {
		t.Errorf("public contact log: %v", err)
	}
	if _, err := a.Vendors.Contacts(ctx, a.ActorOf(a.People["member"]), vendors.Filter{}); !errs.Is(err, errs.Forbidden) {
		t.Errorf("member contact log: %v", err)
	}
	list, err := a.Vendors.Vendors(ctx, nil, vendors.VendorFilter{Q: a.Organisations["vendor"].Name[:3]})
	must(err)
	if len(list) == 0 {
		t.Errorf("search found no vendor")
	}
}

// TestVendorsBadInput: each bad input is refused naming the field, and
// nothing is stored; permission comes before the fields.
func TestVendorsBadInput(t *testing.T) {
	t.Parallel()
	a := apptest.New(t)
	ctx := context.Background()
	sec := a.ActorOf(a.People["secretariat"])
	vendor, dibk := a.Organisations["vendor"].ID, a.Organisations["dibk"].ID
	owner := a.People["secretariat"].ID
	due := time.Now().AddDate(0, 0, 5)
	ok := func() *vendors.Contact {
		return &vendors.Contact{Kind: vendors.KindStateContact, HeldOn: time.Now(), Topic: "Tema", OrgIDs: []int64{dibk}}
	}
	before := a.AuditCount()
	for _, tc := range []struct {
		name    string
		c       *vendors.Contact
		actions []*vendors.Action
		field   string
	}{
		{"no date", func() *vendors.Contact { c := ok(); c.HeldOn = time.Time{}; return c }(), nil, "held_on"},
		{"no topic", func() *vendors.Contact { c := ok(); c.Topic = " "; return c }(), nil, "topic"},
		{"no organisation", func() *vendors.Contact { c := ok(); c.OrgIDs = nil; return c }(), nil, "organisations"},
		{"unknown organisation", func() *vendors.Contact { c := ok(); c.OrgIDs = []int64{dibk, 987654}; return c }(), nil, "organisations"},
		{"state contact without agency", func() *vendors.Contact { c := ok(); c.OrgIDs = []int64{vendor}; return c }(), nil, "organisations"},
		{"unknown project", func() *vendors.Contact { c := ok(); c.ProjectID = 987654; return c }(), nil, "project_id"},
		{"follow-up without owner", ok(), []*vendors.Action{{Text: "Gjør", DueOn: due}}, "owner_id"},
		{"follow-up with unknown owner", ok(), []*vendors.Action{{Text: "Gjør", OwnerID: 987654, DueOn: due}}, "owner_id"},
		{"follow-up without due date", ok(), []*vendors.Action{{Text: "Gjør", OwnerID: owner}}, "due_on"},
	} {
		err := a.Vendors.RecordContact(ctx, sec, tc.c, tc.actions)
		if e := errs.As(err); e == nil || e.Code != errs.Invalid || len(e.Fields) != 1 || e.Fields[0].Field != tc.field {
			t.Errorf("%s: %v, want Invalid naming %s", tc.name, err, tc.field)
		}
	}
	if err := a.Vendors.AddPerson(ctx, sec, &vendors.Person{OrgID: dibk, Name: "Ikke leverandør"}); errs.CodeOf(err) != errs.Invalid {
		t.Errorf("contact at a state agency: %v", err)
	}
	if err := a.Vendors.AddPerson(ctx, sec, &vendors.Person{OrgID: vendor, Name: "X", Email: "x <x@y.no>"}); errs.CodeOf(err) != errs.Invalid {
		t.Errorf("bad e-mail: %v", err)
	}
	// A member may not record, even with bad input: 403 before 422.
	if err := a.Vendors.RecordContact(ctx, a.ActorOf(a.People["member"]), &vendors.Contact{}, nil); !errs.Is(err, errs.Forbidden) {
		t.Errorf("member with bad input: %v, want Forbidden", err)
	}
	if got := a.AuditCount() - before; got != 0 {
		t.Errorf("audit entries = %d after refused writes", got)
	}
	all, err := a.Vendors.Contacts(ctx, sec, vendors.Filter{})
	if err != nil || len(all) != 0 {
		t.Errorf("contacts stored after refused writes: %d, %v", len(all), err)
	}
}
