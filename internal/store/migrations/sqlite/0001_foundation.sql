-- +goose Up
CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE organisations (
    id                  INTEGER PRIMARY KEY,
    kind                TEXT NOT NULL CHECK (kind IN ('municipality','county','state_agency','vendor','ks','other')),
    name                TEXT NOT NULL,
    official_name       TEXT NOT NULL DEFAULT '',
    search_name         TEXT NOT NULL,
    org_number          TEXT UNIQUE,
    municipality_number TEXT UNIQUE,
    county_number       TEXT,
    county_name         TEXT NOT NULL DEFAULT '',
    population          INTEGER,
    population_date     DATE,
    website             TEXT NOT NULL DEFAULT '',
    active              BOOLEAN NOT NULL DEFAULT 1,
    created_at          TIMESTAMP NOT NULL,
    updated_at          TIMESTAMP NOT NULL
);
CREATE INDEX organisations_kind_name ON organisations (kind, search_name);
CREATE INDEX organisations_county ON organisations (county_number);
CREATE INDEX organisations_search ON organisations (search_name, id);

CREATE TABLE people (
    id                  INTEGER PRIMARY KEY,
    email               TEXT NOT NULL UNIQUE,
    name                TEXT NOT NULL,
    search_name         TEXT NOT NULL,
    organisation_id     INTEGER REFERENCES organisations (id),
    is_admin            BOOLEAN NOT NULL DEFAULT 0,
    password_hash       TEXT,
    password_changed_at TIMESTAMP,
    totp_secret         TEXT,
    totp_enabled_at     TIMESTAMP,
    totp_last_step      INTEGER NOT NULL DEFAULT 0,
    locale              TEXT NOT NULL DEFAULT 'nb' CHECK (locale IN ('nb','nn','en')),
    notify_mode         TEXT NOT NULL DEFAULT 'immediate' CHECK (notify_mode IN ('immediate','digest')),
    demo                BOOLEAN NOT NULL DEFAULT 0,
    disabled_at         TIMESTAMP,
    created_at          TIMESTAMP NOT NULL,
    updated_at          TIMESTAMP NOT NULL
);
CREATE INDEX people_org ON people (organisation_id);
CREATE INDEX people_search ON people (search_name, id);

CREATE TABLE oidc_identities (
    id         INTEGER PRIMARY KEY,
    person_id  INTEGER NOT NULL REFERENCES people (id),
    provider   TEXT NOT NULL,
    issuer     TEXT NOT NULL,
    subject    TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    UNIQUE (issuer, subject)
);

CREATE TABLE oidc_logins (
    state_hash TEXT PRIMARY KEY,
    provider   TEXT NOT NULL,
    nonce      TEXT NOT NULL,
    verifier   TEXT NOT NULL,
    return_to  TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL
);

CREATE TABLE recovery_codes (
    id        INTEGER PRIMARY KEY,
    person_id INTEGER NOT NULL REFERENCES people (id),
    code_hash TEXT NOT NULL,
    used_at   TIMESTAMP
);
CREATE INDEX recovery_codes_person ON recovery_codes (person_id);

CREATE TABLE sessions (
    id_hash      TEXT PRIMARY KEY,
    person_id    INTEGER NOT NULL REFERENCES people (id),
    mfa_ok       BOOLEAN NOT NULL DEFAULT 0,
    created_at   TIMESTAMP NOT NULL,
    last_seen_at TIMESTAMP NOT NULL,
    expires_at   TIMESTAMP NOT NULL,
    address      TEXT NOT NULL DEFAULT '',
    user_agent   TEXT NOT NULL DEFAULT ''
);
CREATE INDEX sessions_person ON sessions (person_id);

CREATE TABLE api_tokens (
    id           INTEGER PRIMARY KEY,
    person_id    INTEGER NOT NULL REFERENCES people (id),
    name         TEXT NOT NULL,
    token_hash   TEXT NOT NULL UNIQUE,
    prefix       TEXT NOT NULL,
    created_at   TIMESTAMP NOT NULL,
    last_used_at TIMESTAMP,
    revoked_at   TIMESTAMP
);
CREATE INDEX api_tokens_person ON api_tokens (person_id);

CREATE TABLE login_failures (
    id    INTEGER PRIMARY KEY,
    scope TEXT NOT NULL CHECK (scope IN ('account','address')),
    key   TEXT NOT NULL,
    at    TIMESTAMP NOT NULL
);
CREATE INDEX login_failures_key ON login_failures (scope, key, at);

CREATE TABLE bodies (
    id               INTEGER PRIMARY KEY,
    kind             TEXT NOT NULL CHECK (kind IN ('main_board','strategic_council','working_committee','user_council','user_forum','working_group','steering_group','secretariat')),
    slug             TEXT NOT NULL UNIQUE,
    name_nb          TEXT NOT NULL,
    name_nn          TEXT NOT NULL,
    name_en          TEXT NOT NULL,
    short_name       TEXT NOT NULL DEFAULT '',
    mandate          TEXT NOT NULL DEFAULT '',
    parent_id        INTEGER REFERENCES bodies (id),
    secretariat_id   INTEGER REFERENCES bodies (id),
    active           BOOLEAN NOT NULL DEFAULT 1,
    created_at       TIMESTAMP NOT NULL,
    updated_at       TIMESTAMP NOT NULL
);

CREATE TABLE memberships (
    id              INTEGER PRIMARY KEY,
    body_id         INTEGER NOT NULL REFERENCES bodies (id),
    person_id       INTEGER NOT NULL REFERENCES people (id),
    organisation_id INTEGER REFERENCES organisations (id),
    function        TEXT NOT NULL CHECK (function IN ('chair','deputy_chair','member','deputy_member','secretary','observer')),
    sector          TEXT NOT NULL DEFAULT 'municipal' CHECK (sector IN ('municipal','state','other')),
    term_from       DATE NOT NULL,
    term_to         DATE,
    status          TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('proposed','active','ended','resigned','replaced','rejected')),
    appointed_by    TEXT NOT NULL DEFAULT '',
    decision_id     INTEGER,
    created_at      TIMESTAMP NOT NULL,
    updated_at      TIMESTAMP NOT NULL,
    CHECK (term_to IS NULL OR term_to >= term_from)
);
CREATE INDEX memberships_person ON memberships (person_id);
CREATE INDEX memberships_body ON memberships (body_id);

CREATE TABLE projects (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL,
    state      TEXT NOT NULL DEFAULT 'planning',
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);

CREATE TABLE project_roles (
    id         INTEGER PRIMARY KEY,
    project_id INTEGER NOT NULL REFERENCES projects (id),
    person_id  INTEGER NOT NULL REFERENCES people (id),
    role       TEXT NOT NULL CHECK (role IN ('owner','manager','participant','process_leader','architect','expert','citizen_rep','business_rep','state_rep')),
    term_from  DATE NOT NULL,
    term_to    DATE,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX project_roles_person ON project_roles (person_id);

CREATE TABLE jobs (
    id           INTEGER PRIMARY KEY,
    kind         TEXT NOT NULL,
    payload      TEXT NOT NULL DEFAULT '{}',
    unique_key   TEXT UNIQUE,
    run_at       TIMESTAMP NOT NULL,
    attempts     INTEGER NOT NULL DEFAULT 0,
    locked_until TIMESTAMP,
    last_error   TEXT NOT NULL DEFAULT '',
    done_at      TIMESTAMP,
    failed       BOOLEAN NOT NULL DEFAULT 0,
    created_at   TIMESTAMP NOT NULL
);
CREATE INDEX jobs_due ON jobs (done_at, run_at);

CREATE TABLE notifications (
    id          INTEGER PRIMARY KEY,
    person_id   INTEGER NOT NULL REFERENCES people (id),
    kind        TEXT NOT NULL,
    subject_key TEXT NOT NULL,
    body_key    TEXT NOT NULL,
    args        TEXT NOT NULL DEFAULT '{}',
    link        TEXT NOT NULL DEFAULT '',
    object_type TEXT NOT NULL DEFAULT '',
    object_id   INTEGER NOT NULL DEFAULT 0,
    created_at  TIMESTAMP NOT NULL,
    read_at     TIMESTAMP,
    emailed_at  TIMESTAMP
);
CREATE INDEX notifications_person ON notifications (person_id, id);
CREATE INDEX notifications_unmailed ON notifications (emailed_at, person_id);

CREATE TABLE notification_attachments (
    id              INTEGER PRIMARY KEY,
    notification_id INTEGER NOT NULL REFERENCES notifications (id),
    name            TEXT NOT NULL,
    content_type    TEXT NOT NULL,
    data            BLOB NOT NULL
);
CREATE INDEX notification_attachments_n ON notification_attachments (notification_id);

CREATE TABLE audit_head (
    id   INTEGER PRIMARY KEY CHECK (id = 1),
    seq  INTEGER NOT NULL,
    hash TEXT NOT NULL
);
INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');

CREATE TABLE audit_events (
    seq         INTEGER PRIMARY KEY,
    at          TIMESTAMP NOT NULL,
    actor_id    INTEGER,
    action      TEXT NOT NULL,
    object_type TEXT NOT NULL,
    object_id   TEXT NOT NULL,
    before      TEXT NOT NULL DEFAULT '',
    after       TEXT NOT NULL DEFAULT '',
    request_id  TEXT NOT NULL DEFAULT '',
    prev_hash   TEXT NOT NULL,
    hash        TEXT NOT NULL
);
CREATE INDEX audit_events_object ON audit_events (object_type, object_id, seq);
CREATE INDEX audit_events_actor ON audit_events (actor_id, seq);

-- +goose StatementBegin
CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events
BEGIN
    SELECT RAISE(ABORT, 'audit_events is append-only');
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events
BEGIN
    SELECT RAISE(ABORT, 'audit_events is append-only');
END;
-- +goose StatementEnd
