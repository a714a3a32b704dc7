// Package seed loads data into samstyr: the real reference data (every
// municipality and county, the state agencies of the field, KS) and demo
// content (governance bodies, demo people for every role), and the
// benchmark dataset. Every loader is idempotent: running it twice changes
// nothing.
package seed

import (
	"context"
	"fmt"
	"time"

	"github.com/samstyr/samstyr/internal/audit"
	"github.com/samstyr/samstyr/internal/auth"
	"github.com/samstyr/samstyr/internal/errs"
	"github.com/samstyr/samstyr/internal/governance"
	"github.com/samstyr/samstyr/internal/org"
	"github.com/samstyr/samstyr/internal/policy"
	"github.com/samstyr/samstyr/internal/store"
)

// DemoPassword is the password of every demo account. It is printed by
// `samstyr seed demo` and in README.md; demo accounts are for trying
// samstyr out and must not exist in production.
const DemoPassword = "samstyr-demo-2026"

// DemoAdminTOTPSecret is the second-factor secret of the demo
// administrator, so that the demo can be signed in to (add it to an
// authenticator app, or print a code with `samstyr user totp-code`).
const DemoAdminTOTPSecret = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"

// Result counts what a seed created.
type Result struct {
	Organisations int
	Bodies        int
	People        int
	Memberships   int
	Needs         int
	// Accounts are the demo sign-ins created now (empty when they existed).
	Accounts []Account
}

// Account is a demo sign-in to print.
type Account struct {
	Email, Name, Role string
}

// Reference loads every municipality and county, the state agencies of the
// field and KS. Existing organisations (by number) are left alone.
func Reference(ctx context.Context, db *store.DB, orgs *org.Service) (int, error) {
	ms, err := Municipalities()
	if err != nil {
		return 0, err
	}
	created := 0
	add := func(o *org.Organisation) error {
		key := o.OrgNumber
		if key == "" {
			key = o.MunicipalityNumber
		}
		if key != "" {
			if _, err := db.FindOrganisationByNumber(ctx, key); err == nil {
				return nil
			} else if !errs.Is(err, errs.NotFound) {
				return err
			}
		} else if found, err := db.FindOrganisations(ctx, org.Filter{Q: o.Name, Kind: o.Kind, Limit: 1}); err != nil || len(found) > 0 {
			return err
		}
		created++
		return orgs.Create(ctx, policy.SystemActor, o)
	}
	counties := map[string]bool{}
	for _, m := range ms {
		if !counties[m.CountyNumber] {
			counties[m.CountyNumber] = true
			c := &org.Organisation{Kind: policy.OrgCounty, Name: m.County, OfficialName: m.CountyOfficial, CountyNumber: m.CountyNumber, CountyName: m.County}
			if m.CountyNumber == "03" {
				c.Name, c.OfficialName = "Oslo (fylke)", "Oslo"
			}
			if err := add(c); err != nil {
				return created, fmt.Errorf("county %s: %w", m.County, err)
			}
		}
		o := &org.Organisation{Kind: policy.OrgMunicipality, Name: m.Name, OfficialName: m.OfficialName, OrgNumber: m.OrgNumber,
			MunicipalityNumber: m.Number, CountyNumber: m.CountyNumber, CountyName: m.County, Population: m.Population,
			PopulationDate: m.PopulationDate}
		if err := add(o); err != nil {
			return created, fmt.Errorf("municipality %s: %w", m.Number, err)
		}
	}
	for _, o := range []*org.Organisation{
		{Kind: policy.OrgStateAgency, Name: "Direktoratet for byggkvalitet (DiBK)", OrgNumber: "974760223", Website: "https://dibk.no"},
		{Kind: policy.OrgStateAgency, Name: "Kartverket", OrgNumber: "971040238", Website: "https://www.kartverket.no"},
		{Kind: policy.OrgStateAgency, Name: "Kommunal- og distriktsdepartementet (KDD)", OrgNumber: "972417858", Website: "https://www.regjeringen.no/no/dep/kdd/"},
		{Kind: policy.OrgStateAgency, Name: "Statistisk sentralbyrå (SSB)", OrgNumber: "971526920", Website: "https://www.ssb.no"},
		{Kind: policy.OrgStateAgency, Name: "Digitaliseringsdirektoratet (Digdir)", OrgNumber: "991825827", Website: "https://www.digdir.no"},
		{Kind: policy.OrgKS, Name: "KS – Kommunesektorens organisasjon", OrgNumber: "971032146", Website: "https://www.ks.no"},
	} {
		if err := add(o); err != nil {
			return created, fmt.Errorf("%s: %w", o.Name, err)
		}
	}
	return created, nil
}

// bodySpec describes a demo governance body.
type bodySpec struct {
	kind, slug, nb, nn, en, parent, mandate string
}

var demoBodies = []bodySpec{
	{policy.BodyMainBoard, "ks-hovedstyre", "KS Hovedstyre", "KS Hovudstyre", "KS Main Board", "",
		"KS' øverste organ mellom landstingene. Mottar periodiske porteføljerapporter."},
	{policy.BodyStrategicCouncil, "kommit-radet", "KommIT-rådet", "KommIT-rådet", "KommIT Council", "ks-hovedstyre",
		"Strategisk porteføljestyring, hovedføringer og prioritering av prosjekter. Formelle godkjenninger av medlemmer i Brukerrådet, bemanning og budsjett. Rapporterer til KS Hovedstyre."},
	{policy.BodyWorkingCommittee, "kommit-au", "KommIT-rådets arbeidsutvalg", "KommIT-rådets arbeidsutval", "KommIT Council working committee", "kommit-radet",
		"Eier metoden for behovshåndtering: kriterier, skalaer, vekter og tilstander."},
	{policy.BodyUserCouncil, "brukerradet", "Brukerrådet for plan, bygg og geodata", "Brukarrådet for plan, bygg og geodata", "User Council for planning, building and geodata", "kommit-radet",
		"Rådgivende. Prioriterer porteføljen, vurderer behov for nye prosjekter og arbeidsgrupper, oppnevner arbeidsgrupper med mandat og finansiering, gir styringssignaler og er referansegruppe for prosjektene."},
	{policy.BodyUserForum, "brukerforum", "Brukerforum for plan, bygg og geodata", "Brukarforum for plan, bygg og geodata", "User Forum for planning, building and geodata", "brukerradet",
		"Alle kommuner som vil delta, har representanter. Møtes én gang i året, velger representanter til Brukerrådet og gir innspill."},
	{policy.BodySecretariat, "sekretariatet", "Programsekretariatet", "Programsekretariatet", "Programme secretariat", "brukerradet",
		"Prosjektleder for plan, bygg og geodata med sekretariat: konseptfasen, operativ porteføljestyring, risiko og avhengigheter, gevinstoppfølging og formidling."},
	{policy.BodyWorkingGroup, "ag-digital-byggesoknad", "Arbeidsgruppe for digital byggesøknad", "Arbeidsgruppe for digital byggesøknad", "Working group on digital building applications", "brukerradet",
		"Kartlegge hindringer for heldigitale byggesøknader i kommunene og foreslå tiltak."},
	{policy.BodySteeringGroup, "sg-plandialog", "Styringsgruppe for Digital plandialog", "Styringsgruppe for Digital plandialog", "Steering group for Digital plan dialogue", "brukerradet",
		"Mottar statusrapporter, avgjør retningsvalg og håndterer eskalerte avvik i prosjektet Digital plandialog."},
}

// personSpec is a demo person and the membership that gives the role.
type personSpec struct {
	email, name, orgNumber, role string
	admin                        bool
	body, function, sector       string
	project                      string // project role, when not a body membership
}

var demoPeople = []personSpec{
	{email: "admin@demo.samstyr.no", name: "Ada Administrator", orgNumber: "971032146", role: "administrator", admin: true},
	{email: "programleder@demo.samstyr.no", name: "Per Programleder", orgNumber: "971032146", role: "programme manager (secretariat)", body: "sekretariatet", function: policy.FuncSecretary, sector: "other"},
	{email: "leder.brukerrad@demo.samstyr.no", name: "Liv Leder", orgNumber: "964338531", role: "user council chair (Bergen)", body: "brukerradet", function: policy.FuncChair, sector: "municipal"},
	{email: "medlem.brukerrad@demo.samstyr.no", name: "Mats Medlem", orgNumber: "942110464", role: "user council member (Trondheim)", body: "brukerradet", function: policy.FuncMember, sector: "municipal"},
	{email: "stat.brukerrad@demo.samstyr.no", name: "Siri Statlig", orgNumber: "974760223", role: "user council member (DiBK, state)", body: "brukerradet", function: policy.FuncMember, sector: "state"},
	{email: "kommit@demo.samstyr.no", name: "Kari KommIT", orgNumber: "958935420", role: "strategic council member (Oslo)", body: "kommit-radet", function: policy.FuncMember, sector: "municipal"},
	{email: "au@demo.samstyr.no", name: "Arne Arbeidsutvalg", orgNumber: "964965226", role: "working committee member (Stavanger)", body: "kommit-au", function: policy.FuncMember, sector: "municipal"},
	{email: "forum@demo.samstyr.no", name: "Frida Forum", orgNumber: "972418013", role: "user forum representative (Bodø)", body: "brukerforum", function: policy.FuncMember, sector: "municipal"},
	{email: "hovedstyre@demo.samstyr.no", name: "Henrik Hovedstyre", orgNumber: "971032146", role: "KS main board member", body: "ks-hovedstyre", function: policy.FuncMember, sector: "other"},
	{email: "arbeidsgruppe@demo.samstyr.no", name: "Aud Arbeidsgruppe", orgNumber: "964338531", role: "working group member (Bergen)", body: "ag-digital-byggesoknad", function: policy.FuncMember, sector: "municipal"},
	{email: "styringsgruppe@demo.samstyr.no", name: "Sverre Styringsgruppe", orgNumber: "971040238", role: "steering group member (Kartverket)", body: "sg-plandialog", function: policy.FuncChair, sector: "state"},
	{email: "prosjektleder@demo.samstyr.no", name: "Pia Prosjektleder", orgNumber: "971032146", role: "project manager (secretary of the steering group)", body: "sg-plandialog", function: policy.FuncSecretary, sector: "other", project: "manager"},
	{email: "deltaker@demo.samstyr.no", name: "Dag Deltaker", orgNumber: "942110464", role: "project participant (Trondheim)", project: "participant"},
	{email: "saksbehandler@demo.samstyr.no", name: "Sara Saksbehandler", orgNumber: "964965226", role: "municipal case officer (Stavanger)"},
	{email: "leverandor@demo.samstyr.no", name: "Lars Leverandør", orgNumber: "", role: "vendor (Demo Leverandør AS)"},
	{email: "observator@demo.samstyr.no", name: "Olav Observatør", orgNumber: "972417858", role: "observer in the user council (KDD)", body: "brukerradet", function: policy.FuncObserver, sector: "state"},
}

// Demo loads the reference data, the governance bodies of DESIGN.md §1, a
// demo vendor, a demo project and a demo person for every role. It is
// idempotent. today dates the memberships' terms.
func Demo(ctx context.Context, db *store.DB, orgs *org.Service, people *auth.Service, today time.Time) (Result, error) {
	var res Result
	n, err := Reference(ctx, db, orgs)
	if err != nil {
		return res, err
	}
	res.Organisations = n
	vendor, err := ensureVendor(ctx, db, orgs, &res)
	if err != nil {
		return res, err
	}
	bodies, err := ensureBodies(ctx, db, &res)
	if err != nil {
		return res, err
	}
	projectID, err := ensureProject(ctx, db)
	if err != nil {
		return res, err
	}
	termFrom := time.Date(today.Year()-1, 1, 1, 0, 0, 0, 0, time.UTC)
	termTo := time.Date(today.Year()+1, 12, 31, 0, 0, 0, 0, time.UTC)
	for _, ps := range demoPeople {
		orgID := vendor
		if ps.orgNumber != "" {
			o, err := db.FindOrganisationByNumber(ctx, ps.orgNumber)
			if err != nil {
				return res, fmt.Errorf("demo person %s: organisation %s: %w", ps.email, ps.orgNumber, err)
			}
			orgID = o.ID
		}
		p, created, err := ensurePerson(ctx, db, people, ps, orgID)
		if err != nil {
			return res, err
		}
		if created {
			res.People++
			res.Accounts = append(res.Accounts, Account{Email: ps.email, Name: ps.name, Role: ps.role})
		}
		if ps.body != "" {
			m := &governance.Membership{BodyID: bodies[ps.body], PersonID: p.ID, OrgID: orgID, Function: ps.function,
				Sector: ps.sector, TermFrom: termFrom, TermTo: termTo, Status: "active", AppointedBy: "Demodata"}
			ok, err := ensureMembership(ctx, db, m)
			if err != nil {
				return res, err
			}
			if ok {
				res.Memberships++
			}
		}
		if ps.project != "" {
			if err := ensureProjectRole(ctx, db, projectID, p.ID, ps.project, termFrom); err != nil {
				return res, err
			}
		}
	}
	if _, err := DemoPlan(ctx, db, projectID, today); err != nil {
		return res, fmt.Errorf("demo plan: %w", err)
	}
	if err := DemoDeps(ctx, db, projectID, today); err != nil {
		return res, fmt.Errorf("demo dependencies: %w", err)
	}
	if res.Needs, err = DemoNeeds(ctx, db, today); err != nil {
		return res, fmt.Errorf("demo needs: %w", err)
	}
	if err := DemoForum(ctx, db, people, today); err != nil {
		return res, fmt.Errorf("demo forum: %w", err)
	}
	if err := DemoStakeholders(ctx, db, today); err != nil {
		return res, fmt.Errorf("demo stakeholders: %w", err)
	}
	if err := DemoVendors(ctx, db, today); err != nil {
		return res, fmt.Errorf("demo vendors: %w", err)
	}
	if err := DemoPortfolio(ctx, db, today); err != nil {
		return res, fmt.Errorf("demo portfolio: %w", err)
	}
	return res, nil
}

func ensureVendor(ctx context.Context, db *store.DB, orgs *org.Service, res *Result) (int64, error) {
	var id int64
	for i, name := range []string{"Demo Leverandør AS", "Eksempel Geodata AS", "Prøve Saksbehandling AS"} {
		found, err := db.FindOrganisations(ctx, org.Filter{Q: name, Kind: policy.OrgVendor, Limit: 1})
		if err != nil {
			return 0, err
		}
		if len(found) > 0 {
			if i == 0 {
				id = found[0].ID
			}
			continue
		}
		o := &org.Organisation{Kind: policy.OrgVendor, Name: name}
		if err := orgs.Create(ctx, policy.SystemActor, o); err != nil {
			return 0, err
		}
		res.Organisations++
		if i == 0 {
			id = o.ID
		}
	}
	return id, nil
}

func ensureBodies(ctx context.Context, db *store.DB, res *Result) (map[string]int64, error) {
	ids := map[string]int64{}
	for _, spec := range demoBodies {
		if b, err := db.FindBodyBySlug(ctx, spec.slug); err == nil {
			ids[spec.slug] = b.ID
			continue
		} else if !errs.Is(err, errs.NotFound) {
			return nil, err
		}
		b := &governance.Body{Kind: spec.kind, Slug: spec.slug, NameNB: spec.nb, NameNN: spec.nn, NameEN: spec.en,
			Mandate: spec.mandate, ParentID: ids[spec.parent], SecretariatID: ids["sekretariatet"], Active: true}
		err := db.WithTx(ctx, func(ctx context.Context) error {
			if err := db.CreateBody(ctx, b); err != nil {
				return err
			}
			return db.Record(ctx, audit.Entry{Action: "body.create", ObjectType: "body", ObjectID: b.ID, After: b})
		})
		if err != nil {
			return nil, fmt.Errorf("body %s: %w", spec.slug, err)
		}
		ids[spec.slug] = b.ID
		res.Bodies++
	}
	return ids, nil
}

func ensurePerson(ctx context.Context, db *store.DB, people *auth.Service, ps personSpec, orgID int64) (*auth.Person, bool, error) {
	if p, err := db.FindPersonByEmail(ctx, ps.email); err == nil {
		return p, false, nil
	} else if !errs.Is(err, errs.NotFound) {
		return nil, false, err
	}
	p, err := people.CreatePerson(ctx, policy.SystemActor, auth.PersonInput{Email: ps.email, Name: ps.name, OrgID: orgID,
		Admin: ps.admin, Password: DemoPassword, Demo: true}, true)
	if err != nil {
		return nil, false, fmt.Errorf("demo person %s: %w", ps.email, err)
	}
	if ps.admin {
		p.TOTPSecret, p.TOTPEnabled = DemoAdminTOTPSecret, true
		if err := db.UpdatePerson(ctx, p); err != nil {
			return nil, false, err
		}
	}
	return p, true, nil
}

func ensureMembership(ctx context.Context, db *store.DB, m *governance.Membership) (bool, error) {
	existing, err := db.FindMemberships(ctx, governance.MembershipFilter{BodyID: m.BodyID, PersonID: m.PersonID})
	if err != nil || len(existing) > 0 {
		return false, err
	}
	return true, db.WithTx(ctx, func(ctx context.Context) error {
		if err := db.CreateMembership(ctx, m); err != nil {
			return err
		}
		return db.Record(ctx, audit.Entry{Action: "membership.create", ObjectType: "membership", ObjectID: m.ID, After: m})
	})
}

func ensureProject(ctx context.Context, db *store.DB) (int64, error) {
	return db.EnsureProject(ctx, "Digital plandialog")
}

func ensureProjectRole(ctx context.Context, db *store.DB, projectID, personID int64, role string, from time.Time) error {
	return db.EnsureProjectRole(ctx, projectID, personID, role, from)
}
