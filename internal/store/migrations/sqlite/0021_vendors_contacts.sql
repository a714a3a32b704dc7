-- +goose Up
-- Vendors and state involvement (issue 15, items 2 and 5): the contact
-- people of vendor organisations, which vendors take part in which
-- projects, and one contact log for vendor meetings and consultations with
-- state agencies, with the organisations taking part and follow-up actions.
-- A vendor's products are the products of its conformance declarations.
CREATE TABLE vendor_contacts (
    id         INTEGER PRIMARY KEY,
    org_id     INTEGER NOT NULL REFERENCES organisations (id),
    name       TEXT NOT NULL,
    role       TEXT NOT NULL DEFAULT '',
    email      TEXT NOT NULL DEFAULT '',
    phone      TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX vendor_contacts_org ON vendor_contacts (org_id);

CREATE TABLE vendor_projects (
    org_id     INTEGER NOT NULL REFERENCES organisations (id),
    project_id INTEGER NOT NULL REFERENCES projects (id),
    role       TEXT NOT NULL,
    PRIMARY KEY (org_id, project_id)
);

CREATE TABLE contact_logs (
    id         INTEGER PRIMARY KEY,
    kind       TEXT NOT NULL CHECK (kind IN ('vendor_meeting','state_contact')),
    held_on    DATE NOT NULL,
    topic      TEXT NOT NULL,
    notes      TEXT NOT NULL DEFAULT '',
    project_id INTEGER REFERENCES projects (id),
    created_by INTEGER REFERENCES people (id),
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX contact_logs_held ON contact_logs (held_on);

CREATE TABLE contact_log_orgs (
    log_id INTEGER NOT NULL REFERENCES contact_logs (id),
    org_id INTEGER NOT NULL REFERENCES organisations (id),
    PRIMARY KEY (log_id, org_id)
);
CREATE INDEX contact_log_orgs_org ON contact_log_orgs (org_id);

CREATE TABLE contact_actions (
    id       INTEGER PRIMARY KEY,
    log_id   INTEGER NOT NULL REFERENCES contact_logs (id),
    text     TEXT NOT NULL,
    owner_id INTEGER NOT NULL REFERENCES people (id),
    due_on   DATE NOT NULL,
    state    TEXT NOT NULL CHECK (state IN ('open','done')),
    done_by  INTEGER REFERENCES people (id),
    done_at  TIMESTAMP
);
CREATE INDEX contact_actions_log ON contact_actions (log_id);
CREATE INDEX contact_actions_owner ON contact_actions (owner_id, state, due_on);
