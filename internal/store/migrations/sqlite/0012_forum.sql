-- +goose Up
-- Brukerforum and elections (issue 14): the yearly forum with its
-- programme and registrations, and elections of the user council.
-- Secrecy (DOMAIN.md §10a): the roll (election_roll, election_voted) and
-- the ballot box (election_ballots) are separate tables written in one
-- transaction; a ballot row has no voter, municipality, time or sequence:
-- its key is random and the table has no rowid (WITHOUT ROWID), so rows
-- are kept in key order, not insertion order.
CREATE TABLE forums (
    id          INTEGER PRIMARY KEY,
    year        INTEGER NOT NULL,
    title       TEXT NOT NULL,
    starts_at   TIMESTAMP NOT NULL,
    ends_at     TIMESTAMP NOT NULL,
    place       TEXT NOT NULL DEFAULT '',
    video_url   TEXT NOT NULL DEFAULT '',
    description TEXT NOT NULL DEFAULT '',
    programme   TEXT NOT NULL CHECK (programme IN ('draft','adopted')),
    adopted_by  INTEGER REFERENCES people (id),
    created_at  TIMESTAMP NOT NULL,
    updated_at  TIMESTAMP NOT NULL
);

CREATE TABLE forum_sessions (
    id        INTEGER PRIMARY KEY,
    forum_id  INTEGER NOT NULL REFERENCES forums (id),
    starts_at TIMESTAMP NOT NULL,
    title     TEXT NOT NULL,
    speakers  TEXT NOT NULL DEFAULT ''
);
CREATE INDEX forum_sessions_forum ON forum_sessions (forum_id, starts_at);

CREATE TABLE forum_registrations (
    id         INTEGER PRIMARY KEY,
    forum_id   INTEGER NOT NULL REFERENCES forums (id),
    person_id  INTEGER NOT NULL REFERENCES people (id),
    org_id     INTEGER NOT NULL REFERENCES organisations (id),
    role       TEXT NOT NULL CHECK (role IN ('voting','observer')),
    created_at TIMESTAMP NOT NULL,
    UNIQUE (forum_id, person_id)
);
-- One voting representative per municipality and forum.
CREATE UNIQUE INDEX forum_registrations_voting ON forum_registrations (forum_id, org_id) WHERE role = 'voting';

CREATE TABLE elections (
    id           INTEGER PRIMARY KEY,
    forum_id     INTEGER NOT NULL REFERENCES forums (id),
    body_id      INTEGER NOT NULL REFERENCES bodies (id),
    title        TEXT NOT NULL,
    seats        INTEGER NOT NULL CHECK (seats > 0),
    deputies     INTEGER NOT NULL CHECK (deputies >= 0),
    term_from    DATE NOT NULL,
    term_to      DATE NOT NULL,
    rule         TEXT NOT NULL CHECK (rule IN ('majority','acclamation')),
    balance      TEXT NOT NULL DEFAULT '{}',
    state        TEXT NOT NULL CHECK (state IN ('nominating','voting','closed')),
    closes_at    TIMESTAMP,
    ballots_hash TEXT NOT NULL DEFAULT '',
    result       TEXT NOT NULL DEFAULT '',
    created_at   TIMESTAMP NOT NULL,
    updated_at   TIMESTAMP NOT NULL
);
CREATE INDEX elections_forum ON elections (forum_id);

CREATE TABLE election_roll (
    election_id INTEGER NOT NULL REFERENCES elections (id),
    org_id      INTEGER NOT NULL REFERENCES organisations (id),
    PRIMARY KEY (election_id, org_id)
);

-- That a municipality voted: one row at most, kept by the primary key.
CREATE TABLE election_voted (
    election_id INTEGER NOT NULL,
    org_id      INTEGER NOT NULL,
    PRIMARY KEY (election_id, org_id),
    FOREIGN KEY (election_id, org_id) REFERENCES election_roll (election_id, org_id)
) WITHOUT ROWID;

CREATE TABLE election_ballots (
    id          TEXT PRIMARY KEY,
    election_id INTEGER NOT NULL REFERENCES elections (id),
    choices     TEXT NOT NULL,
    receipt     TEXT NOT NULL UNIQUE
) WITHOUT ROWID;
CREATE INDEX election_ballots_election ON election_ballots (election_id, receipt);

CREATE TABLE election_candidates (
    id           INTEGER PRIMARY KEY,
    election_id  INTEGER NOT NULL REFERENCES elections (id),
    person_id    INTEGER NOT NULL REFERENCES people (id),
    org_id       INTEGER NOT NULL REFERENCES organisations (id),
    sector       TEXT NOT NULL CHECK (sector IN ('municipal','state')),
    gender       TEXT NOT NULL CHECK (gender IN ('female','male','other')),
    nominator_id INTEGER REFERENCES people (id),
    consent      BOOLEAN NOT NULL CHECK (consent),
    motivation   TEXT NOT NULL DEFAULT '',
    created_at   TIMESTAMP NOT NULL,
    UNIQUE (election_id, person_id)
);

CREATE TABLE election_memberships (
    election_id   INTEGER NOT NULL REFERENCES elections (id),
    membership_id INTEGER NOT NULL REFERENCES memberships (id),
    PRIMARY KEY (election_id, membership_id)
);

-- Input (innspill) from representatives, linked to a need, the roadmap or a
-- topic; supported by others; answered by the secretariat with an outcome.
-- Nothing is deleted.
CREATE TABLE forum_inputs (
    id             INTEGER PRIMARY KEY,
    forum_id       INTEGER REFERENCES forums (id),
    subject        TEXT NOT NULL CHECK (subject IN ('need','roadmap','topic')),
    need_id        INTEGER REFERENCES needs (id),
    topic          TEXT NOT NULL DEFAULT '',
    title          TEXT NOT NULL,
    body           TEXT NOT NULL,
    author_id      INTEGER NOT NULL REFERENCES people (id),
    org_id         INTEGER REFERENCES organisations (id),
    group_label    TEXT NOT NULL DEFAULT '',
    answer         TEXT NOT NULL DEFAULT '',
    outcome        TEXT NOT NULL DEFAULT '' CHECK (outcome IN ('','new_need','case','no_action')),
    answered_by    INTEGER REFERENCES people (id),
    answered_at    TIMESTAMP,
    created_at     TIMESTAMP NOT NULL,
    updated_at     TIMESTAMP NOT NULL
);
CREATE INDEX forum_inputs_forum ON forum_inputs (forum_id, id);
CREATE INDEX forum_inputs_need ON forum_inputs (need_id);

CREATE TABLE forum_input_supports (
    input_id   INTEGER NOT NULL REFERENCES forum_inputs (id),
    person_id  INTEGER NOT NULL REFERENCES people (id),
    PRIMARY KEY (input_id, person_id)
);

-- +goose Down
DROP TABLE forum_input_supports;
DROP TABLE forum_inputs;
DROP TABLE election_memberships;
DROP TABLE election_candidates;
DROP TABLE election_ballots;
DROP TABLE election_voted;
DROP TABLE election_roll;
DROP TABLE elections;
DROP TABLE forum_registrations;
DROP TABLE forum_sessions;
DROP TABLE forums;
