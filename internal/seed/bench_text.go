package seed

import (
	"math/rand/v2"
	"strings"
)

// Words and sentence patterns of the benchmark dataset's texts, so that
// full-text search meets realistic Norwegian text of the field: plan,
// building-permit and geodata processes.
var (
	benchObjects = []string{
		"byggesøknader", "reguleringsplaner", "planforslag", "nabovarsel", "ferdigattester", "midlertidige brukstillatelser",
		"dispensasjonssøknader", "situasjonskart", "matrikkelføring", "oppmålingsforretninger", "seksjoneringssaker",
		"tilsynsrapporter", "ulovlighetsoppfølging", "gebyrberegning", "byggesaksarkivet", "planregisteret", "arealplankart",
		"kommuneplanens arealdel", "detaljreguleringer", "høringsuttalelser", "innsigelser", "sjekklister for byggesak",
		"tegninger og snitt", "ansvarsretter", "avfallsplaner", "radonmålinger", "overvannsplaner", "adresseforslag",
		"eiendomsgrenser", "høydedata", "bygningsdata", "3D-modeller av bygg", "planbestemmelser", "konsekvensutredninger",
		"vann- og avløpsplaner", "kulturminnedata", "naturmangfolddata", "flomsonekart", "skredfarekart", "grunnforurensning",
	}
	benchSystems = []string{
		"Fellestjenester BYGG", "eByggeSak", "ByggSøk", "Geonorge", "matrikkelen", "Planslurpen", "Digital plandialog",
		"Fiks", "GeoIntegrasjon", "SOSI-formatet", "NPS-standarden", "DOK-datasettene", "sak-arkivsystemet", "kartløsningen",
		"Altinn", "Ebyggesøknad", "planregister-API-et", "FKB-dataene", "Norge digitalt-samarbeidet",
	}
	benchProblems = []string{
		"Saksbehandlere må taste inn %s på nytt fordi %s ikke henter dem automatisk.",
		"Kommunene mangler en felles måte å ta imot %s på, og hver kommune lager sin egen løsning mot %s.",
		"Innbyggere og foretak får ikke se status for %s, og kommunen må svare på mange henvendelser.",
		"Det tar for lang tid å kontrollere %s fordi kravene er uklare og %s ikke gir god nok støtte.",
		"Data om %s er spredt i flere systemer og ikke oppdatert, så avgjørelser bygger på gamle opplysninger fra %s.",
		"Mindre kommuner har ikke kapasitet til å følge opp %s, og mangler verktøy i %s.",
		"Når %s sendes som PDF, må innholdet tolkes for hånd i stedet for å leses maskinelt av %s.",
		"Statlige etater og kommuner bruker ulike begreper for %s, og %s kan ikke utveksle dem.",
	}
	benchBenefits = []string{
		"Kortere saksbehandlingstid og færre feil i %s.",
		"Bedre kvalitet på %s og mindre dobbeltarbeid i kommunene.",
		"Innbyggerne får raskere svar, og kommunene sparer timer på hver sak med %s.",
		"Felles løsning gir lavere kostnader enn at hver kommune utvikler sin egen for %s.",
		"Bedre datagrunnlag for planlegging og beredskap gjennom %s.",
	}
	benchTitleVerbs = []string{
		"Maskinlesbare", "Digital mottak av", "Automatisk kontroll av", "Felles standard for", "Bedre innsyn i", "Sanntidsoppdatering av",
		"Enklere utveksling av", "Nasjonal løsning for", "Kvalitetsheving av", "Selvbetjening for", "Varsling om", "Samordnet behandling av",
	}
	benchFirst = []string{"Anne", "Arne", "Bjørn", "Camilla", "Dag", "Eli", "Erik", "Frida", "Geir", "Guro", "Hanne", "Harald", "Ingrid",
		"Ivar", "Jon", "Kari", "Knut", "Linn", "Lars", "Marit", "Magnus", "Nina", "Ola", "Per", "Ragnhild", "Sigrid", "Silje", "Stein",
		"Tone", "Trond", "Turid", "Vegard", "Åse", "Øystein", "Astrid", "Halvor", "Kjersti", "Mona", "Rune", "Yngve"}
	benchLast = []string{"Hansen", "Johansen", "Olsen", "Larsen", "Andersen", "Pedersen", "Nilsen", "Kristiansen", "Jensen", "Karlsen",
		"Johnsen", "Pettersen", "Eriksen", "Berg", "Haugen", "Hagen", "Johannessen", "Andreassen", "Jacobsen", "Dahl", "Jørgensen",
		"Henriksen", "Lund", "Halvorsen", "Sørensen", "Jakobsen", "Moen", "Gundersen", "Iversen", "Strand", "Solberg", "Martinsen",
		"Bakken", "Kristoffersen", "Eide", "Knutsen", "Lie", "Rasmussen", "Lunde", "Aasen", "Bråthen", "Sæther", "Ødegård"}
	benchRationales = []string{
		"Stor nytte for saksbehandlere i små og store kommuner.", "Avhenger av statlige felleskomponenter som ikke er klare.",
		"Godt beskrevet behov med tydelig løsningsretning.", "Lovkrav med frist gjør dette viktig å prioritere.",
		"Få kommuner står bak behovet ennå.", "Passer godt med veikartet for plan, bygg og geodata.",
		"Usikker kostnad; bør utredes i en konseptfase.", "Overlapper delvis med pågående prosjekt.",
		"Berører mange innbyggere og næringsliv.", "Moden for gjennomføring.",
	}
	benchComments = []string{"Vi har samme utfordring.", "Dette bruker mye tid hos oss.", "Støttes av byggesaksavdelingen.",
		"Viktig for planarbeidet vårt.", "Vi kan bidra med testdata.", "Avklart med kommunedirektøren.", ""}
	benchVendors = []string{"Norkart", "Geodata", "Tieto", "Evry", "Acos", "Documaster", "Sikri", "Arkitektum", "Ambita", "Spacetec",
		"Kartverksted", "Byggesakskontoret", "Planløsninger", "Kommunedata", "Geomatikk", "Infoland", "Elements", "Digiplan", "Visma", "Powel"}
)

func pick[T any](r *rand.Rand, xs []T) T { return xs[r.IntN(len(xs))] }

// benchTitle makes a need title like "Maskinlesbare reguleringsplaner i planregisteret".
func benchTitle(r *rand.Rand) string {
	t := pick(r, benchTitleVerbs) + " " + pick(r, benchObjects)
	if r.IntN(2) == 0 {
		t += " i " + pick(r, benchSystems)
	}
	return t
}

// benchProblem makes two to four sentences describing a problem.
func benchProblem(r *rand.Rand) string {
	n := 2 + r.IntN(3)
	s := make([]string, n)
	for i := range s {
		p := pick(r, benchProblems)
		switch strings.Count(p, "%s") {
		case 1:
			s[i] = strings.Replace(p, "%s", pick(r, benchObjects), 1)
		case 2:
			s[i] = strings.Replace(strings.Replace(p, "%s", pick(r, benchObjects), 1), "%s", pick(r, benchSystems), 1)
		default:
			s[i] = p
		}
	}
	return strings.Join(s, " ")
}

func benchBenefit(r *rand.Rand) string {
	return strings.Replace(pick(r, benchBenefits), "%s", pick(r, benchObjects), 1)
}

func benchName(r *rand.Rand) string { return pick(r, benchFirst) + " " + pick(r, benchLast) }
