package seed

import (
	"context"
	"fmt"
	"time"

	"github.com/samstyr/samstyr/internal/audit"
	"github.com/samstyr/samstyr/internal/catalog"
	"github.com/samstyr/samstyr/internal/org"
	"github.com/samstyr/samstyr/internal/policy"
	"github.com/samstyr/samstyr/internal/stakeholders"
	"github.com/samstyr/samstyr/internal/store"
)

// demoStandard is a standard of DOMAIN.md §6 with its versions; adopted
// versions without a date in samstyr were adopted before it (no decision
// is recorded for them).
type demoStandard struct {
	code, name, owner, scope, url string
	versions                      []demoVersion
}

type demoVersion struct {
	version   string
	published time.Time
	status    string
}

func stdDay(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

var demoStandards = []demoStandard{
	{"NPS", "Nasjonal produktspesifikasjon for ePlansak og eByggesak", "KS (DiBK godkjenner mottak og sjekklister, SSB KOSTRA-rapportering)",
		"Krav til saksbehandlingssystemer for plan- og byggesak", "https://www.dibk.no/saksbehandling-tilsyn-og-kontroll/ebyggesaksleverandorer",
		[]demoVersion{{"3.0", stdDay(2021, 6, 1), catalog.Retired}, {"3.1", stdDay(2023, 11, 24), catalog.Adopted}}},
	{"SOSI", "SOSI, med SOSI Plan og produktspesifikasjoner", "Kartverket (SOSI-sekretariatet)", "Utveksling av geodata", "https://www.kartverket.no/geodataarbeid/standardisering",
		[]demoVersion{{"Plan 5.0", stdDay(2019, 1, 1), catalog.Adopted}}},
	{"GI", "GeoIntegrasjon: GI-Arkiv, -Sak, -Plan, -Matrikkel, -Kart, -Link, -Skjema", "KS (arkivdelen) og Kartverket (geodelen)", "Grensesnitt mellom fagsystemer",
		"http://geointegrasjon.no/standard/", []demoVersion{{"1.1", stdDay(2012, 1, 31), catalog.Adopted}}},
	{"FIKS-ARKIV", "Fiks Arkiv (Noark 5-basert, erstatter GI-Arkiv)", "KS", "Arkivering fra fagsystemer", "https://developers.fiks.ks.no/",
		[]demoVersion{{"1.0", stdDay(2022, 1, 1), catalog.Adopted}}},
	{"FIKS-MATRIKKEL", "Fiks Matrikkelføring", "KS", "Matrikkelføring fra kommunale fagsystemer", "https://developers.fiks.ks.no/tjenester/fiksprotokoll/matrikkelfoering/",
		[]demoVersion{{"2", stdDay(2023, 1, 1), catalog.Adopted}}},
	{"NOARK5", "Noark 5 med tjenestegrensesnitt", "Arkivverket", "Arkivdanning; offentlige organer skal bruke godkjente systemer",
		"https://www.arkivverket.no/forvaltning-og-utvikling/noark-standarden/noark5-standarden", []demoVersion{{"5.0", stdDay(2018, 12, 1), catalog.Adopted}}},
}

// DemoStakeholders adds the standards catalogue, a vendor's verified and
// another's pending declaration for NPS 3.1, and a few inquiries (one
// answered and in the FAQ). It does nothing when standards exist.
func DemoStakeholders(ctx context.Context, db *store.DB, today time.Time) error {
	cat := catalog.NewService(db)
	sys := policy.SystemActor
	existing, err := db.FindStandards(ctx)
	if err != nil || len(existing) > 0 {
		return err
	}
	var nps31 int64
	for _, ds := range demoStandards {
		st := &catalog.Standard{Code: ds.code, Name: ds.name, Owner: ds.owner, Scope: ds.scope, URL: ds.url}
		if err := cat.CreateStandard(ctx, sys, st); err != nil {
			return fmt.Errorf("standard %s: %w", ds.code, err)
		}
		for _, dv := range ds.versions {
			v := &catalog.Version{StandardID: st.ID, Version: dv.version, PublishedOn: dv.published}
			if err := cat.AddVersion(ctx, sys, v); err != nil {
				return err
			}
			if err := demoVersionStatus(ctx, db, v, dv); err != nil {
				return err
			}
			if ds.code == "NPS" && dv.version == "3.1" {
				nps31 = v.ID
			}
		}
	}
	if err := demoDeclarations(ctx, db, cat, nps31); err != nil {
		return err
	}
	return demoInquiries(ctx, db)
}

// demoVersionStatus marks a version adopted (or retired) as it was before
// samstyr, audited.
func demoVersionStatus(ctx context.Context, db *store.DB, v *catalog.Version, dv demoVersion) error {
	if dv.status == catalog.Draft {
		return nil
	}
	return db.WithTx(ctx, func(ctx context.Context) error {
		v.Status, v.AdoptedOn = dv.status, dv.published
		if dv.status == catalog.Retired {
			v.RetiredOn = dv.published.AddDate(2, 5, 0)
		}
		if err := db.UpdateStandardVersion(ctx, v); err != nil {
			return err
		}
		return db.Record(ctx, audit.Entry{Action: "standard.version_" + dv.status, ObjectType: "standard_version", ObjectID: v.ID, After: v})
	})
}

func demoDeclarations(ctx context.Context, db *store.DB, cat *catalog.Service, versionID int64) error {
	sys := policy.SystemActor
	for i, name := range []string{"Demo Leverandør AS", "Prøve Saksbehandling AS"} {
		found, err := db.FindOrganisations(ctx, org.Filter{Q: name, Kind: policy.OrgVendor, Limit: 1})
		if err != nil || len(found) == 0 {
			return err
		}
		d := &catalog.Declaration{VendorID: found[0].ID, Product: []string{"Demo Byggesak", "Prøve Sak"}[i],
			ProductVersion: []string{"8.1", "2.0"}[i], StandardVersionID: versionID,
			EvidenceURL: fmt.Sprintf("https://test.example.org/nps31/run/%d", 100+i)}
		if err := cat.Declare(ctx, sys, d); err != nil {
			return err
		}
		if i == 0 {
			if _, err := cat.Verify(ctx, sys, d.ID); err != nil {
				return err
			}
		}
	}
	return nil
}

func demoInquiries(ctx context.Context, db *store.DB) error {
	inq := stakeholders.NewService(db)
	sys := policy.SystemActor
	for i, spec := range []stakeholders.Inquiry{
		{Channel: stakeholders.ChannelEmail, SenderName: "Guri Innbygger", SenderEmail: "guri@example.org", Topic: "Digital byggesøknad",
			Text: "Kan jeg sende byggesøknaden digitalt til kommunen min?"},
		{Channel: stakeholders.ChannelPhone, SenderName: "Ole Utbygger", Organisation: "Utbygger AS", Topic: "Planregister",
			Text: "Når blir det digitale planregisteret tatt i bruk i alle kommuner?"},
		{Channel: stakeholders.ChannelEmail, SenderName: "Nina Næringsliv", SenderEmail: "nina@example.org", Organisation: "Arkitektkontoret",
			Topic: "NPS-versjon", Text: "Hvilken versjon av NPS må systemene oppfylle?"},
	} {
		in := spec
		if err := inq.Register(ctx, sys, &in); err != nil {
			return fmt.Errorf("demo inquiry %d: %w", i, err)
		}
		if i == 2 {
			if _, err := inq.AnswerInquiry(ctx, sys, in.ID, "Systemene skal oppfylle NPS 3.1 fra 24. november 2023. Se standardkatalogen."); err != nil {
				return err
			}
			if _, err := inq.PublishFAQ(ctx, sys, in.ID, "Hvilken versjon av NPS må saksbehandlingssystemene oppfylle?",
				"NPS 3.1, fra 24. november 2023. Standardkatalogen viser hvilke produkter som er kontrollert."); err != nil {
				return err
			}
		}
	}
	return nil
}
