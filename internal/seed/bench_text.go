package seed

import (
	"math"
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
		"tiltaksklasser", "uavhengig kontroll", "energiattester", "brannkonsepter", "universell utforming", "utomhusplaner",
		"ledningskart", "gravemeldinger", "bruksendringer", "rammetillatelser", "igangsettingstillatelser", "riving",
		"deling av eiendom", "grensejusteringer", "arealoverføringer", "klagesaker", "ankeprosesser", "byggeplasskontroll",
		"samordnet planprosess", "planprogram", "oppstartsmøter", "forhåndskonferanser", "referater fra forhåndskonferanser",
		"sakskart", "planbeskrivelser", "ROS-analyser", "støykart", "trafikkanalyser", "mobilitetsplaner", "parkeringsnormer",
		"kartutsnitt", "ortofoto", "laserdata", "terrengmodeller", "stedsnavn", "vegadresser", "bygningsnummer",
		"bruksenheter", "festegrunner", "jordskiftesaker", "konsesjonssaker", "boligtilskudd", "sosiale boliger",
		"leiligheter i sokkel", "fritidsboliger", "strandsonen", "landbruksareal", "dyrka mark", "omdisponering",
		"kommunedelplaner", "områdereguleringer", "plankonsulenter", "arkitektkontor", "ansvarlig søker", "tilsynsmyndigheten",
		"statsforvalterens uttalelser", "innsynskrav", "offentlig journal", "arkivplan", "bevaring og kassasjon",
		"geodataplan", "kartverkets tjenester", "WMS-tjenester", "nedlastingstjenester", "metadata", "koordinatsystemer",
		"høydereferanser", "eiendomsskatt", "takstgrunnlag", "boligregister", "adresseregister", "folkeregisteret",
	}
	benchSystems = []string{
		"Fellestjenester BYGG", "eByggeSak", "ByggSøk", "Geonorge", "matrikkelen", "Planslurpen", "Digital plandialog",
		"Fiks", "GeoIntegrasjon", "SOSI-formatet", "NPS-standarden", "DOK-datasettene", "sak-arkivsystemet", "kartløsningen",
		"Altinn", "Ebyggesøknad", "planregister-API-et", "FKB-dataene", "Norge digitalt-samarbeidet", "KOSTRA", "SEFRAK",
		"Arealplaner.no", "Seeiendom", "Kommunekart", "ePlansak", "Ambita Infoland", "Norkart-portalen", "Elements",
		"Websak", "Public 360", "ESA", "Acos WebSak", "ArcGIS", "QGIS", "Gemini", "ISY Sak", "DIBK-veilederen",
		"byggteknisk forskrift", "plan- og bygningsloven", "matrikkellova", "geodataloven", "eierseksjonsloven",
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
		"Vi får mange klager på %s fordi søkerne ikke forstår hva som kreves.",
		"Oppdateringer av %s kommer månedsvis for sent til %s.",
		"Hver sak om %s krever manuell sammenstilling av opplysninger fra %s.",
		"Kvaliteten på %s varierer mye mellom kommunene.",
		"Det finnes ingen maskinlesbar oversikt over %s, verken i %s eller andre steder.",
		"Nye krav i %s gjør at dagens rutiner for %s ikke lenger holder.",
		"Søkere må sende de samme opplysningene om %s flere ganger.",
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

// pickSkewed picks like real text does: the first items often, the rest
// less and less (a Zipf-like long tail).
func pickSkewed[T any](r *rand.Rand, xs []T) T {
	i := int(float64(len(xs)) * math.Pow(r.Float64(), 2.2))
	return xs[min(i, len(xs)-1)]
}

// benchTitle makes a need title like "Maskinlesbare reguleringsplaner i planregisteret".
func benchTitle(r *rand.Rand) string {
	t := pick(r, benchTitleVerbs) + " " + pickSkewed(r, benchObjects)
	if r.IntN(2) == 0 {
		t += " i " + pickSkewed(r, benchSystems)
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
			s[i] = strings.Replace(p, "%s", pickSkewed(r, benchObjects), 1)
		case 2:
			s[i] = strings.Replace(strings.Replace(p, "%s", pickSkewed(r, benchObjects), 1), "%s", pickSkewed(r, benchSystems), 1)
		default:
			s[i] = p
		}
	}
	return strings.Join(s, " ")
}

func benchBenefit(r *rand.Rand) string {
	return strings.Replace(pick(r, benchBenefits), "%s", pickSkewed(r, benchObjects), 1)
}

func benchName(r *rand.Rand) string { return pick(r, benchFirst) + " " + pick(r, benchLast) }
