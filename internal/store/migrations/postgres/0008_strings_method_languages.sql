-- +goose Up
-- The default method's guidance and scale steps in nynorsk and English
-- (bokmål stays in guidance and anchors). A criterion without them shows
-- the bokmål text with a note that says so. The cost criterion's name no
-- longer repeats what its "inverse" flag already says.
ALTER TABLE method_criteria ADD COLUMN guidance_nn TEXT NOT NULL DEFAULT '';
ALTER TABLE method_criteria ADD COLUMN guidance_en TEXT NOT NULL DEFAULT '';
ALTER TABLE method_criteria ADD COLUMN anchors_nn TEXT NOT NULL DEFAULT '';
ALTER TABLE method_criteria ADD COLUMN anchors_en TEXT NOT NULL DEFAULT '';

UPDATE method_criteria SET
 guidance_nn = 'Kor stor nytte gir ei løysing for innbyggjarar, næringsliv, saksbehandlarar og staten? Ta med innsparingar i tid og kostnader.',
 guidance_en = 'How much does a solution benefit residents, businesses, caseworkers and the state? Include savings in time and cost.',
 anchors_nn = 'Lita nytte for få
Noko nytte for ei gruppe
Tydeleg nytte for fleire grupper
Stor nytte for mange
Svært stor nytte for heile sektoren',
 anchors_en = 'Little benefit for a few
Some benefit for one group
Clear benefit for several groups
Great benefit for many
Very great benefit for the whole sector'
WHERE method_id = 1 AND key = 'benefit';

UPDATE method_criteria SET
 guidance_nn = 'Følgjer behovet av lov, forskrift eller tildelingsbrev, og er det ein frist? Toppskår tyder at behovet er pålagt og ikkje kan veljast bort.',
 guidance_en = 'Does the need follow from an act, a regulation or an allocation letter, and is there a deadline? The top score means that the need is mandatory and cannot be left out.',
 anchors_nn = 'Ingen lovkrav
Tilrådd i rettleiing
Venta lovendring
Lovkrav utan nær frist
Lovkrav med frist (pålagt)',
 anchors_en = 'No legal requirement
Recommended in guidance
Expected change in the law
Legal requirement without a near deadline
Legal requirement with a deadline (mandatory)'
WHERE method_id = 1 AND key = 'legal';

UPDATE method_criteria SET
 guidance_nn = 'Støttar behovet vegkartet for plan, bygg og geodata og vedtekne standardar (NPS, GeoIntegrasjon, Fiks, SOSI)?',
 guidance_en = 'Does the need support the roadmap for planning, building and geodata and the adopted standards (NPS, GeoIntegrasjon, Fiks, SOSI)?',
 anchors_nn = 'Strir mot vegkart eller standardar
Svak kopling
Delvis i tråd
I tråd med vegkartet
Kjerne i vegkartet og standardane',
 anchors_en = 'Conflicts with the roadmap or the standards
Weak link
Partly in line
In line with the roadmap
Core of the roadmap and the standards'
WHERE method_id = 1 AND key = 'roadmap';

UPDATE method_criteria SET
 guidance_nn = 'Kor raskt må behovet løysast for å unngå tap eller ulemper?',
 guidance_en = 'How soon must the need be met to avoid losses or drawbacks?',
 anchors_nn = 'Kan vente fleire år
Innan to til tre år
Innan eitt til to år
Innan eitt år
Hastar no',
 anchors_en = 'Can wait several years
Within two to three years
Within one to two years
Within a year
Urgent now'
WHERE method_id = 1 AND key = 'urgency';

UPDATE method_criteria SET
 guidance_nn = 'Er behovet godt nok skildra og forstått til å starte ein konseptfase?',
 guidance_en = 'Is the need described and understood well enough to start a concept phase?',
 anchors_nn = 'Uklart behov
Skildra, men ikkje forankra
Skildra og forankra
Løysingsretning kjend
Klart for konseptfase',
 anchors_en = 'Unclear need
Described, but not anchored
Described and anchored
Direction of the solution known
Ready for a concept phase'
WHERE method_id = 1 AND key = 'maturity';

UPDATE method_criteria SET
 name_nb = 'Kostnad', name_nn = 'Kostnad', name_en = 'Cost',
 guidance_nn = 'Grovt overslag over kostnaden ved å løyse behovet. Låg kostnad gir høgare samla skår.',
 guidance_en = 'A rough estimate of the cost of meeting the need. A low cost gives a higher total score.',
 anchors_nn = 'Under 1 million kroner
1–5 millionar kroner
5–20 millionar kroner
20–50 millionar kroner
Over 50 millionar kroner',
 anchors_en = 'Under NOK 1 million
NOK 1–5 million
NOK 5–20 million
NOK 20–50 million
Over NOK 50 million'
WHERE method_id = 1 AND key = 'cost' AND name_nb = 'Kostnad (lav er best)';

UPDATE method_criteria SET
 guidance_nn = 'Kan behovet løysast utan å vente på statlege etatar eller felleskomponentar?',
 guidance_en = 'Can the need be met without waiting for state agencies or shared components?',
 anchors_nn = 'Avheng av usikre statlege initiativ
Avheng av planlagde statlege initiativ
Avheng av initiativ under arbeid
Få avhengnader
Ingen avhengnader',
 anchors_en = 'Depends on uncertain state initiatives
Depends on planned state initiatives
Depends on initiatives under way
Few dependencies
No dependencies'
WHERE method_id = 1 AND key = 'dependencies';

-- +goose Down
ALTER TABLE method_criteria DROP COLUMN anchors_en;
ALTER TABLE method_criteria DROP COLUMN anchors_nn;
ALTER TABLE method_criteria DROP COLUMN guidance_en;
ALTER TABLE method_criteria DROP COLUMN guidance_nn;
