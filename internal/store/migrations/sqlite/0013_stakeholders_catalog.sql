-- +goose Up
-- Stakeholders and the standards catalogue (issue 15): inquiries with a
-- reference number gap-free per year, their links and answers (kept), the
-- public FAQ written by the secretariat; the standards with versions and
-- their adopting decisions, the needs and projects resting on them, and
-- vendors' conformance declarations.
CREATE TABLE inquiries (
    id               INTEGER PRIMARY KEY,
    year             INTEGER NOT NULL,
    seq              INTEGER NOT NULL,
    reference        TEXT NOT NULL UNIQUE,
    channel          TEXT NOT NULL CHECK (channel IN ('web','email','phone','api')),
    sender_name      TEXT NOT NULL,
    sender_email     TEXT NOT NULL DEFAULT '',
    organisation     TEXT NOT NULL DEFAULT '',
    topic            TEXT NOT NULL,
    body             TEXT NOT NULL,
    locale           TEXT NOT NULL DEFAULT 'nb',
    state            TEXT NOT NULL CHECK (state IN ('open','answered','closed')),
    owner_id         INTEGER REFERENCES people (id),
    deadline         TIMESTAMP NOT NULL,
    answer           TEXT NOT NULL DEFAULT '',
    answered_at      TIMESTAMP,
    answered_by      INTEGER REFERENCES people (id),
    closed_at        TIMESTAMP,
    faq_question     TEXT NOT NULL DEFAULT '',
    faq_answer       TEXT NOT NULL DEFAULT '',
    faq_published_at TIMESTAMP,
    ack_mailed_at    TIMESTAMP,
    reminded_at      TIMESTAMP,
    escalated_at     TIMESTAMP,
    created_by       INTEGER REFERENCES people (id),
    created_at       TIMESTAMP NOT NULL,
    updated_at       TIMESTAMP NOT NULL,
    UNIQUE (year, seq)
);
CREATE INDEX inquiries_state ON inquiries (state, deadline);
CREATE INDEX inquiries_faq ON inquiries (faq_published_at);

CREATE TABLE inquiry_links (
    inquiry_id INTEGER NOT NULL REFERENCES inquiries (id),
    item_type  TEXT NOT NULL CHECK (item_type IN ('need','case','project')),
    item_id    INTEGER NOT NULL,
    title      TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (inquiry_id, item_type, item_id)
);

CREATE TABLE inquiry_answers (
    id         INTEGER PRIMARY KEY,
    inquiry_id INTEGER NOT NULL REFERENCES inquiries (id),
    body       TEXT NOT NULL,
    sent_by    INTEGER REFERENCES people (id),
    sent_at    TIMESTAMP NOT NULL,
    mailed_at  TIMESTAMP
);
CREATE INDEX inquiry_answers_inquiry ON inquiry_answers (inquiry_id);

CREATE TABLE inquiry_attachments (
    id         INTEGER PRIMARY KEY,
    inquiry_id   INTEGER NOT NULL REFERENCES inquiries (id),
    name         TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size         INTEGER NOT NULL,
    data         BLOB NOT NULL,
    created_at   TIMESTAMP NOT NULL
);
CREATE INDEX inquiry_attachments_inquiry ON inquiry_attachments (inquiry_id);

CREATE TABLE standards (
    id         INTEGER PRIMARY KEY,
    code       TEXT NOT NULL UNIQUE,
    name       TEXT NOT NULL,
    owner      TEXT NOT NULL,
    scope      TEXT NOT NULL DEFAULT '',
    url        TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);

CREATE TABLE standard_versions (
    id           INTEGER PRIMARY KEY,
    standard_id  INTEGER NOT NULL REFERENCES standards (id),
    version      TEXT NOT NULL,
    published_on DATE,
    status       TEXT NOT NULL CHECK (status IN ('draft','adopted','retired')),
    decision_id  INTEGER REFERENCES decisions (id),
    adopted_on   DATE,
    retired_on   DATE,
    UNIQUE (standard_id, version)
);

CREATE TABLE standard_links (
    standard_id INTEGER NOT NULL REFERENCES standards (id),
    item_type   TEXT NOT NULL CHECK (item_type IN ('need','project')),
    item_id     INTEGER NOT NULL,
    title       TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (standard_id, item_type, item_id)
);

CREATE TABLE conformance_declarations (
    id                  INTEGER PRIMARY KEY,
    vendor_id           INTEGER NOT NULL REFERENCES organisations (id),
    product             TEXT NOT NULL,
    product_version     TEXT NOT NULL,
    standard_version_id INTEGER NOT NULL REFERENCES standard_versions (id),
    evidence_url        TEXT NOT NULL DEFAULT '',
    evidence_name       TEXT NOT NULL DEFAULT '',
    evidence_type       TEXT NOT NULL DEFAULT '',
    evidence_size       INTEGER NOT NULL DEFAULT 0,
    evidence_data       BLOB,
    state               TEXT NOT NULL CHECK (state IN ('declared','verified','rejected','expired')),
    reason              TEXT NOT NULL DEFAULT '',
    declared_by         INTEGER REFERENCES people (id),
    declared_at         TIMESTAMP NOT NULL,
    decided_by          INTEGER REFERENCES people (id),
    decided_at          TIMESTAMP
);
CREATE INDEX conformance_version ON conformance_declarations (standard_version_id, state);
CREATE INDEX conformance_vendor ON conformance_declarations (vendor_id);

-- +goose Down
DROP TABLE conformance_declarations;
DROP TABLE standard_links;
DROP TABLE standard_versions;
DROP TABLE standards;
DROP TABLE inquiry_attachments;
DROP TABLE inquiry_answers;
DROP TABLE inquiry_links;
DROP TABLE inquiries;
