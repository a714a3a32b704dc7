package seed

import (
	"context"
	"fmt"
	"time"

	"github.com/samstyr/samstyr/internal/org"
	"github.com/samstyr/samstyr/internal/policy"
	"github.com/samstyr/samstyr/internal/store"
	"github.com/samstyr/samstyr/internal/vendors"
)

// DemoVendors adds contact people at the demo vendors, a vendor meeting
// with a follow-up action, and two state contacts (DiBK and Kartverket),
// one follow-up closed. It does nothing when the contact log has entries.
func DemoVendors(ctx context.Context, db *store.DB, today time.Time) error {
	svc := vendors.NewService(db)
	svc.Now = func() time.Time { return today }
	sys := policy.SystemActor
	if existing, err := db.FindContacts(ctx, vendors.Filter{}); err != nil || len(existing) > 0 {
		return err
	}
	find := func(kind, name string) (int64, error) {
		found, err := db.FindOrganisations(ctx, org.Filter{Q: name, Kind: kind, Limit: 1})
		if err != nil || len(found) == 0 {
			return 0, fmt.Errorf("demo organisation %q: %w", name, err)
		}
		return found[0].ID, nil
	}
	demo, err := find(policy.OrgVendor, "Demo Leverandør AS")
	if err != nil {
		return err
	}
	geo, err := find(policy.OrgVendor, "Eksempel Geodata AS")
	if err != nil {
		return err
	}
	dibk, err := find(policy.OrgStateAgency, "DiBK")
	if err != nil {
		return err
	}
	kv, err := find(policy.OrgStateAgency, "Kartverket")
	if err != nil {
		return err
	}
	owner, err := db.FindPersonIDByEmail(ctx, "programleder@demo.samstyr.no")
	if err != nil {
		return err
	}
	for _, p := range []*vendors.Person{
		{OrgID: demo, Name: "Lars Leverandør", Role: "Kundeansvarlig", Email: "leverandor@demo.samstyr.no", Phone: "+47 22 00 00 01"},
		{OrgID: demo, Name: "Tone Teknisk", Role: "Produktansvarlig eByggesak", Email: "tone@demo-leverandor.example", Phone: "+47 22 00 00 02"},
		{OrgID: geo, Name: "Geir Geodata", Role: "Daglig leder", Email: "geir@eksempel-geodata.example"},
	} {
		if err := svc.AddPerson(ctx, sys, p); err != nil {
			return err
		}
	}
	day := func(d int) time.Time { return today.AddDate(0, 0, d) }
	for _, c := range []struct {
		c       *vendors.Contact
		actions []*vendors.Action
		close   bool
	}{
		{&vendors.Contact{Kind: vendors.KindVendorMeeting, HeldOn: day(-14), Topic: "Veikart for NPS 3.1 i saksbehandlingssystemene",
			Notes:  "Leverandørene la fram planene for **NPS 3.1**.\n\n- Demo Leverandør AS: klar i neste hovedversjon\n- Eksempel Geodata AS: SOSI Plan 5.0 først",
			OrgIDs: []int64{demo, geo}}, []*vendors.Action{{Text: "Sende oppdatert kravliste til leverandørene", OwnerID: owner, DueOn: day(7)}}, false},
		{&vendors.Contact{Kind: vendors.KindStateContact, HeldOn: day(-30), Topic: "Endringer i byggesaksforskriften og eByggesak",
			Notes: "DiBK orienterte om kommende endringer og tidsplan.", OrgIDs: []int64{dibk}},
			[]*vendors.Action{{Text: "Avklare konsekvenser for NPS med DiBK", OwnerID: owner, DueOn: day(-5)}}, true},
		{&vendors.Contact{Kind: vendors.KindStateContact, HeldOn: day(-3), Topic: "SOSI Plan og nasjonal arealplankatalog",
			Notes: "Kartverket ønsker innspill fra kommunene på produktspesifikasjonen.", OrgIDs: []int64{kv}},
			[]*vendors.Action{{Text: "Samle innspill fra Brukerrådet", OwnerID: owner, DueOn: day(21)}}, false},
	} {
		if err := svc.RecordContact(ctx, sys, c.c, c.actions); err != nil {
			return err
		}
		if c.close {
			if _, err := svc.CloseAction(ctx, sys, c.actions[0].ID); err != nil {
				return err
			}
		}
	}
	return nil
}
