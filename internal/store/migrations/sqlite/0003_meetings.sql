-- +goose Up
-- Working groups: mandate (bodies.mandate), financing, period and the
-- decision of the user council that appointed them.
ALTER TABLE bodies ADD COLUMN financing_nok INTEGER;
ALTER TABLE bodies ADD COLUMN financing_source TEXT NOT NULL DEFAULT '';
ALTER TABLE bodies ADD COLUMN period_from DATE;
ALTER TABLE bodies ADD COLUMN period_to DATE;
ALTER TABLE bodies ADD COLUMN decision_id INTEGER;
CREATE INDEX memberships_body_person ON memberships (body_id, person_id);

CREATE TABLE meetings (
    id            INTEGER PRIMARY KEY,
    body_id       INTEGER NOT NULL REFERENCES bodies (id),
    title         TEXT NOT NULL DEFAULT '',
    starts_at     TIMESTAMP NOT NULL,
    ends_at       TIMESTAMP NOT NULL,
    place         TEXT NOT NULL DEFAULT '',
    video_url     TEXT NOT NULL DEFAULT '',
    notice_text   TEXT NOT NULL DEFAULT '',
    state         TEXT NOT NULL DEFAULT 'planned' CHECK (state IN ('planned','notice_published','held','minutes_approved','cancelled')),
    sequence      INTEGER NOT NULL DEFAULT 0,
    published_at  TIMESTAMP,
    cancelled_at  TIMESTAMP,
    cancel_reason TEXT NOT NULL DEFAULT '',
    created_by    INTEGER REFERENCES people (id),
    created_at    TIMESTAMP NOT NULL,
    updated_at    TIMESTAMP NOT NULL
);
CREATE INDEX meetings_body_start ON meetings (body_id, starts_at, id);
CREATE INDEX meetings_start ON meetings (starts_at, id);

-- One counter per body and year: case numbers are taken from it in the
-- transaction that creates the case and are never given out again.
CREATE TABLE case_counters (
    body_id     INTEGER NOT NULL REFERENCES bodies (id),
    year        INTEGER NOT NULL,
    last_number INTEGER NOT NULL,
    PRIMARY KEY (body_id, year)
);

CREATE TABLE cases (
    id                 INTEGER PRIMARY KEY,
    body_id            INTEGER NOT NULL REFERENCES bodies (id),
    year               INTEGER NOT NULL,
    number             INTEGER NOT NULL,
    meeting_id         INTEGER REFERENCES meetings (id),
    agenda_order       INTEGER NOT NULL DEFAULT 0,
    kind               TEXT NOT NULL CHECK (kind IN ('decision','discussion','information','standing','aob')),
    standing           TEXT NOT NULL DEFAULT '' CHECK (standing IN ('','notice_agenda','previous_minutes')),
    minutes_meeting_id INTEGER REFERENCES meetings (id),
    title              TEXT NOT NULL,
    presenter_id       INTEGER REFERENCES people (id),
    presenter          TEXT NOT NULL DEFAULT '',
    background         TEXT NOT NULL DEFAULT '',
    assessment         TEXT NOT NULL DEFAULT '',
    consequences       TEXT NOT NULL DEFAULT '',
    proposed_decision  TEXT NOT NULL DEFAULT '',
    exempt             BOOLEAN NOT NULL DEFAULT 0,
    legal_basis        TEXT NOT NULL DEFAULT '',
    public_title       TEXT NOT NULL DEFAULT '',
    state              TEXT NOT NULL DEFAULT 'proposed' CHECK (state IN ('proposed','prepared','on_agenda','handled','deferred','withdrawn')),
    created_by         INTEGER REFERENCES people (id),
    created_at         TIMESTAMP NOT NULL,
    updated_at         TIMESTAMP NOT NULL,
    UNIQUE (body_id, year, number),
    CHECK (NOT exempt OR (legal_basis <> '' AND public_title <> ''))
);
CREATE INDEX cases_meeting ON cases (meeting_id, agenda_order);
CREATE INDEX cases_body ON cases (body_id, year, number);

-- +goose StatementBegin
CREATE TRIGGER cases_number_fixed BEFORE UPDATE OF body_id, year, number ON cases
WHEN NEW.body_id <> OLD.body_id OR NEW.year <> OLD.year OR NEW.number <> OLD.number
BEGIN
    SELECT RAISE(ABORT, 'a case number never changes');
END;
-- +goose StatementEnd

CREATE TABLE case_links (
    id        INTEGER PRIMARY KEY,
    case_id   INTEGER NOT NULL REFERENCES cases (id),
    item_type TEXT NOT NULL,
    item_id   INTEGER NOT NULL,
    UNIQUE (case_id, item_type, item_id)
);
CREATE INDEX case_links_item ON case_links (item_type, item_id);

CREATE TABLE case_attachments (
    id           INTEGER PRIMARY KEY,
    case_id      INTEGER NOT NULL REFERENCES cases (id),
    name         TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size         INTEGER NOT NULL,
    data         BLOB NOT NULL,
    exempt       BOOLEAN NOT NULL DEFAULT 0,
    legal_basis  TEXT NOT NULL DEFAULT '',
    public_title TEXT NOT NULL DEFAULT '',
    created_by   INTEGER REFERENCES people (id),
    created_at   TIMESTAMP NOT NULL,
    CHECK (NOT exempt OR (legal_basis <> '' AND public_title <> ''))
);
CREATE INDEX case_attachments_case ON case_attachments (case_id);

CREATE TABLE decisions (
    id            INTEGER PRIMARY KEY,
    case_id       INTEGER NOT NULL UNIQUE REFERENCES cases (id),
    meeting_id    INTEGER NOT NULL REFERENCES meetings (id),
    body_id       INTEGER NOT NULL REFERENCES bodies (id),
    kind          TEXT NOT NULL CHECK (kind IN ('approval','priority','appointment','budget','advice')),
    text          TEXT NOT NULL,
    unanimous     BOOLEAN NOT NULL DEFAULT 1,
    votes_for     INTEGER NOT NULL DEFAULT 0,
    votes_against INTEGER NOT NULL DEFAULT 0,
    votes_abstain INTEGER NOT NULL DEFAULT 0,
    dissent       TEXT NOT NULL DEFAULT '',
    effects       TEXT NOT NULL DEFAULT '',
    decided_at    TIMESTAMP NOT NULL,
    created_by    INTEGER REFERENCES people (id),
    created_at    TIMESTAMP NOT NULL,
    CHECK (votes_for >= 0 AND votes_against >= 0 AND votes_abstain >= 0)
);
CREATE INDEX decisions_meeting ON decisions (meeting_id);

CREATE TABLE decision_disqualified (
    decision_id INTEGER NOT NULL REFERENCES decisions (id),
    person_id   INTEGER NOT NULL REFERENCES people (id),
    reason      TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (decision_id, person_id)
);

CREATE TABLE attendance (
    id            INTEGER PRIMARY KEY,
    meeting_id    INTEGER NOT NULL REFERENCES meetings (id),
    kind          TEXT NOT NULL CHECK (kind IN ('present','absent_notice','absent','deputy','observer','secretariat','guest')),
    person_id     INTEGER REFERENCES people (id),
    name          TEXT NOT NULL DEFAULT '',
    organisation  TEXT NOT NULL DEFAULT '',
    for_person_id INTEGER REFERENCES people (id),
    case_id       INTEGER REFERENCES cases (id),
    created_at    TIMESTAMP NOT NULL,
    CHECK (person_id IS NOT NULL OR name <> ''),
    CHECK (kind <> 'deputy' OR for_person_id IS NOT NULL)
);
CREATE UNIQUE INDEX attendance_person ON attendance (meeting_id, person_id) WHERE person_id IS NOT NULL AND case_id IS NULL;
CREATE INDEX attendance_meeting ON attendance (meeting_id);

CREATE TABLE minutes (
    meeting_id           INTEGER PRIMARY KEY REFERENCES meetings (id),
    intro                TEXT NOT NULL DEFAULT '',
    state                TEXT NOT NULL DEFAULT 'draft' CHECK (state IN ('draft','approved')),
    approved_at          TIMESTAMP,
    approval_decision_id INTEGER REFERENCES decisions (id),
    circulation_date     DATE,
    circulation_note     TEXT NOT NULL DEFAULT '',
    frozen               TEXT NOT NULL DEFAULT '',
    created_at           TIMESTAMP NOT NULL,
    updated_at           TIMESTAMP NOT NULL
);

CREATE TABLE minutes_notes (
    meeting_id INTEGER NOT NULL REFERENCES minutes (meeting_id),
    case_id    INTEGER NOT NULL REFERENCES cases (id),
    note       TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (meeting_id, case_id)
);

-- Approved minutes are frozen.
-- +goose StatementBegin
CREATE TRIGGER minutes_frozen_update BEFORE UPDATE ON minutes WHEN OLD.state = 'approved'
BEGIN
    SELECT RAISE(ABORT, 'approved minutes are frozen');
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER minutes_frozen_delete BEFORE DELETE ON minutes WHEN OLD.state = 'approved'
BEGIN
    SELECT RAISE(ABORT, 'approved minutes are frozen');
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER minutes_notes_frozen_insert BEFORE INSERT ON minutes_notes
WHEN (SELECT state FROM minutes WHERE meeting_id = NEW.meeting_id) = 'approved'
BEGIN
    SELECT RAISE(ABORT, 'approved minutes are frozen');
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER minutes_notes_frozen_update BEFORE UPDATE ON minutes_notes
WHEN (SELECT state FROM minutes WHERE meeting_id = OLD.meeting_id) = 'approved'
BEGIN
    SELECT RAISE(ABORT, 'approved minutes are frozen');
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER minutes_notes_frozen_delete BEFORE DELETE ON minutes_notes
WHEN (SELECT state FROM minutes WHERE meeting_id = OLD.meeting_id) = 'approved'
BEGIN
    SELECT RAISE(ABORT, 'approved minutes are frozen');
END;
-- +goose StatementEnd

CREATE TABLE actions (
    id          INTEGER PRIMARY KEY,
    decision_id INTEGER NOT NULL REFERENCES decisions (id),
    body_id     INTEGER NOT NULL REFERENCES bodies (id),
    title       TEXT NOT NULL,
    owner_id    INTEGER NOT NULL REFERENCES people (id),
    deadline    DATE NOT NULL,
    state       TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open','done')),
    done_at     TIMESTAMP,
    reminded_on DATE,
    created_by  INTEGER REFERENCES people (id),
    created_at  TIMESTAMP NOT NULL,
    updated_at  TIMESTAMP NOT NULL
);
CREATE INDEX actions_body ON actions (body_id, state, deadline, id);
CREATE INDEX actions_owner ON actions (owner_id, state, deadline);
CREATE INDEX actions_decision ON actions (decision_id);

-- A person's secret calendar feed: only the hash of the token is kept.
CREATE TABLE calendar_feeds (
    person_id  INTEGER PRIMARY KEY REFERENCES people (id),
    token_hash TEXT NOT NULL UNIQUE,
    created_at TIMESTAMP NOT NULL
);
