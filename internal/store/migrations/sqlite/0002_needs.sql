-- +goose Up
-- Needs (issue 4): needs with their history, backings and attachments; the
-- assessment method's versions and criteria; prioritisation rounds with
-- scores and frozen results. Nothing here is ever deleted.

CREATE TABLE needs (
    id             INTEGER PRIMARY KEY,
    title          TEXT NOT NULL,
    problem        TEXT NOT NULL DEFAULT '',
    affected       TEXT NOT NULL DEFAULT '',
    area           TEXT NOT NULL DEFAULT '' CHECK (area IN ('', 'plan', 'bygg', 'geodata', 'cross_cutting')),
    source         TEXT NOT NULL DEFAULT '',
    benefit        TEXT NOT NULL DEFAULT '',
    hours_saved    INTEGER,
    nok_saved      INTEGER,
    urgency        TEXT NOT NULL DEFAULT '',
    legal_deadline DATE,
    standards      TEXT NOT NULL DEFAULT '',
    components     TEXT NOT NULL DEFAULT '',
    size           TEXT NOT NULL DEFAULT '',
    org_id         INTEGER NOT NULL REFERENCES organisations (id),
    contact_id     INTEGER REFERENCES people (id),
    submitter_id   INTEGER REFERENCES people (id),
    state          TEXT NOT NULL CHECK (state IN ('draft','submitted','in_triage','returned','rejected','under_assessment','assessed',
                       'prioritised','parked','in_concept','in_project','resolved','withdrawn','merged')),
    merged_into    INTEGER REFERENCES needs (id),
    review_date    DATE,
    body_id        INTEGER REFERENCES bodies (id),
    decision_id    INTEGER,
    decision_ref   TEXT NOT NULL DEFAULT '',
    submitted_at   TIMESTAMP,
    created_at     TIMESTAMP NOT NULL,
    updated_at     TIMESTAMP NOT NULL,
    CHECK (state <> 'merged' OR merged_into IS NOT NULL)
);
CREATE INDEX needs_org ON needs (org_id);
CREATE INDEX needs_state ON needs (state, id);

CREATE TABLE need_events (
    id           INTEGER PRIMARY KEY,
    need_id      INTEGER NOT NULL REFERENCES needs (id),
    from_state   TEXT NOT NULL DEFAULT '',
    to_state     TEXT NOT NULL,
    actor_id     INTEGER REFERENCES people (id),
    comment      TEXT NOT NULL DEFAULT '',
    reason       TEXT NOT NULL DEFAULT '',
    review_date  DATE,
    body_id      INTEGER REFERENCES bodies (id),
    decision_id  INTEGER,
    decision_ref TEXT NOT NULL DEFAULT '',
    merged_into  INTEGER REFERENCES needs (id),
    at           TIMESTAMP NOT NULL
);
CREATE INDEX need_events_need ON need_events (need_id, id);

CREATE TABLE need_backings (
    id           INTEGER PRIMARY KEY,
    need_id      INTEGER NOT NULL REFERENCES needs (id),
    org_id       INTEGER NOT NULL REFERENCES organisations (id),
    person_id    INTEGER REFERENCES people (id),
    comment      TEXT NOT NULL DEFAULT '',
    moved_from   INTEGER REFERENCES needs (id),
    created_at   TIMESTAMP NOT NULL,
    withdrawn_at TIMESTAMP,
    withdrawn_by INTEGER REFERENCES people (id)
);
-- One current backing per organisation and need; withdrawn ones are kept.
CREATE UNIQUE INDEX need_backings_one ON need_backings (need_id, org_id) WHERE withdrawn_at IS NULL;
CREATE INDEX need_backings_org ON need_backings (org_id);

CREATE TABLE need_attachments (
    id           INTEGER PRIMARY KEY,
    need_id      INTEGER NOT NULL REFERENCES needs (id),
    name         TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size         INTEGER NOT NULL,
    data         BLOB NOT NULL,
    uploaded_by  INTEGER REFERENCES people (id),
    created_at   TIMESTAMP NOT NULL
);
CREATE INDEX need_attachments_need ON need_attachments (need_id);

CREATE TABLE method_versions (
    id                     INTEGER PRIMARY KEY,
    version                INTEGER NOT NULL UNIQUE,
    name                   TEXT NOT NULL,
    notes                  TEXT NOT NULL DEFAULT '',
    backing_weight         INTEGER NOT NULL DEFAULT 0,
    backing_share_pct      INTEGER NOT NULL DEFAULT 25,
    backing_municipalities INTEGER NOT NULL DEFAULT 50,
    mandatory_first        BOOLEAN NOT NULL DEFAULT 1,
    public_states          TEXT NOT NULL DEFAULT '',
    created_by             INTEGER REFERENCES people (id),
    created_at             TIMESTAMP NOT NULL,
    updated_at             TIMESTAMP NOT NULL
);

CREATE TABLE method_criteria (
    id                 INTEGER PRIMARY KEY,
    method_id          INTEGER NOT NULL REFERENCES method_versions (id),
    position           INTEGER NOT NULL,
    key                TEXT NOT NULL,
    name_nb            TEXT NOT NULL,
    name_nn            TEXT NOT NULL,
    name_en            TEXT NOT NULL,
    guidance           TEXT NOT NULL DEFAULT '',
    scale_min          INTEGER NOT NULL,
    scale_max          INTEGER NOT NULL,
    anchors            TEXT NOT NULL DEFAULT '',
    weight             INTEGER NOT NULL,
    inverse            BOOLEAN NOT NULL DEFAULT 0,
    mandatory_override BOOLEAN NOT NULL DEFAULT 0,
    UNIQUE (method_id, key),
    CHECK (scale_max > scale_min)
);

CREATE TABLE rounds (
    id        INTEGER PRIMARY KEY,
    name      TEXT NOT NULL,
    method_id INTEGER NOT NULL REFERENCES method_versions (id),
    state     TEXT NOT NULL CHECK (state IN ('open', 'closed')),
    opened_by INTEGER REFERENCES people (id),
    opened_at TIMESTAMP NOT NULL,
    closed_by INTEGER REFERENCES people (id),
    closed_at TIMESTAMP
);

CREATE TABLE round_needs (
    round_id INTEGER NOT NULL REFERENCES rounds (id),
    need_id  INTEGER NOT NULL REFERENCES needs (id),
    PRIMARY KEY (round_id, need_id)
);
CREATE INDEX round_needs_need ON round_needs (need_id);

CREATE TABLE round_scores (
    id           INTEGER PRIMARY KEY,
    round_id     INTEGER NOT NULL REFERENCES rounds (id),
    need_id      INTEGER NOT NULL REFERENCES needs (id),
    assessor_id  INTEGER NOT NULL REFERENCES people (id),
    criterion    TEXT NOT NULL,
    score        INTEGER NOT NULL,
    rationale    TEXT NOT NULL,
    submitted_at TIMESTAMP NOT NULL,
    UNIQUE (round_id, need_id, assessor_id, criterion)
);

-- The frozen ranked list of a closed round.
CREATE TABLE round_results (
    round_id      INTEGER NOT NULL REFERENCES rounds (id),
    need_id       INTEGER NOT NULL REFERENCES needs (id),
    rank          INTEGER NOT NULL,
    score         REAL NOT NULL,
    spread        REAL NOT NULL,
    score_range   REAL NOT NULL,
    assessors     INTEGER NOT NULL,
    mandatory     BOOLEAN NOT NULL,
    backing_score REAL NOT NULL,
    PRIMARY KEY (round_id, need_id)
);
CREATE INDEX round_results_need ON round_results (need_id);

-- The default method, version 1 (DOMAIN.md §2 [P]).
INSERT INTO method_versions (id, version, name, notes, backing_weight, backing_share_pct, backing_municipalities, mandatory_first, public_states, created_at, updated_at)
VALUES (1, 1, 'Standardmetode 2026', 'Kriterier etter Skate-praksis: nytte, tilslutning, lovkrav, veikart og standarder, hastegrad, modenhet, kostnad og avhengigheter. Tilslutning regnes ut fra befolkningsandel og antall kommuner.',
    15, 25, 50, 1, 'submitted,in_triage,under_assessment,assessed,prioritised,parked,in_concept,in_project,resolved,merged', '2026-01-01 00:00:00+00:00', '2026-01-01 00:00:00+00:00');
INSERT INTO method_criteria (method_id, position, key, name_nb, name_nn, name_en, guidance, scale_min, scale_max, anchors, weight, inverse, mandatory_override) VALUES
(1, 1, 'benefit', 'Bruker- og samfunnsnytte', 'Brukar- og samfunnsnytte', 'User and societal benefit',
 'Hvor stor nytte gir en løsning for innbyggere, næringsliv, saksbehandlere og staten? Ta med tids- og kostnadsbesparelser.', 1, 5,
 'Liten nytte for få
Noe nytte for en gruppe
Tydelig nytte for flere grupper
Stor nytte for mange
Svært stor nytte for hele sektoren', 25, 0, 0),
(1, 2, 'legal', 'Lovkrav eller frist', 'Lovkrav eller frist', 'Legal obligation or deadline',
 'Følger behovet av lov, forskrift eller tildelingsbrev, og er det en frist? Toppskår betyr at behovet er pålagt og ikke kan velges bort.', 1, 5,
 'Ingen lovkrav
Anbefalt i veiledning
Ventet lovendring
Lovkrav uten nær frist
Lovkrav med frist (pålagt)', 15, 0, 1),
(1, 3, 'roadmap', 'Passer med veikart og standarder', 'Passar med vegkart og standardar', 'Fit with roadmap and standards',
 'Støtter behovet veikartet for plan, bygg og geodata og vedtatte standarder (NPS, GeoIntegrasjon, Fiks, SOSI)?', 1, 5,
 'Strider mot veikart eller standarder
Svak kobling
Delvis i tråd
I tråd med veikartet
Kjerne i veikartet og standardene', 10, 0, 0),
(1, 4, 'urgency', 'Hastegrad', 'Hastegrad', 'Urgency',
 'Hvor raskt må behovet løses for å unngå tap eller ulemper?', 1, 5,
 'Kan vente flere år
Innen to til tre år
Innen ett til to år
Innen ett år
Haster nå', 10, 0, 0),
(1, 5, 'maturity', 'Modenhet', 'Modnad', 'Maturity',
 'Er behovet godt nok beskrevet og forstått til å starte en konseptfase?', 1, 5,
 'Uklart behov
Beskrevet, men ikke forankret
Beskrevet og forankret
Løsningsretning kjent
Klart for konseptfase', 10, 0, 0),
(1, 6, 'cost', 'Kostnad (lav er best)', 'Kostnad (låg er best)', 'Cost (lower is better)',
 'Grovt anslag over kostnaden ved å løse behovet. Lav kostnad gir høyere samlet skår.', 1, 5,
 'Under 1 million kroner
1–5 millioner kroner
5–20 millioner kroner
20–50 millioner kroner
Over 50 millioner kroner', 10, 1, 0),
(1, 7, 'dependencies', 'Avhengigheter av statlige initiativ', 'Avhengnader av statlege initiativ', 'Dependencies on state initiatives',
 'Kan behovet løses uten å vente på statlige etater eller felleskomponenter?', 1, 5,
 'Avhenger av usikre statlige initiativ
Avhenger av planlagte statlige initiativ
Avhenger av initiativ under arbeid
Få avhengigheter
Ingen avhengigheter', 5, 0, 0);

-- Full-text search: title, problem and benefit of every need (rowid = need id),
-- kept in step by the store. unicode61 keeps æ, ø and å apart from a and o.
CREATE VIRTUAL TABLE needs_fts USING fts5(title, problem, benefit, tokenize = 'unicode61 remove_diacritics 0');
