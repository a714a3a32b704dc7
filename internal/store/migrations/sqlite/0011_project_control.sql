-- +goose Up
-- Project control (issue 12 items 4-6): status reports per period,
-- deviations (raised by hand or by a tolerance breach, escalated to the
-- steering group as a case), risks per project and for the portfolio, and
-- the reminders already sent (so that a daily job tells people once).
CREATE TABLE status_reports (
    id               INTEGER PRIMARY KEY,
    project_id       INTEGER NOT NULL REFERENCES projects (id),
    period           TEXT NOT NULL,
    state            TEXT NOT NULL CHECK (state IN ('draft','submitted','reviewed')),
    overall          TEXT NOT NULL CHECK (overall IN ('green','amber','red')),
    rating_time      TEXT NOT NULL CHECK (rating_time IN ('green','amber','red')),
    rating_cost      TEXT NOT NULL CHECK (rating_cost IN ('green','amber','red')),
    rating_scope     TEXT NOT NULL CHECK (rating_scope IN ('green','amber','red')),
    rating_quality   TEXT NOT NULL CHECK (rating_quality IN ('green','amber','red')),
    rating_risk      TEXT NOT NULL CHECK (rating_risk IN ('green','amber','red')),
    rating_benefits  TEXT NOT NULL CHECK (rating_benefits IN ('green','amber','red')),
    work_done        TEXT NOT NULL DEFAULT '',
    work_planned     TEXT NOT NULL DEFAULT '',
    changes          TEXT NOT NULL DEFAULT '',
    decisions_needed TEXT NOT NULL DEFAULT '',
    cost_lines       TEXT NOT NULL DEFAULT '[]',
    milestones       TEXT NOT NULL DEFAULT '[]',
    facts            TEXT NOT NULL DEFAULT '{}',
    review_note      TEXT NOT NULL DEFAULT '',
    author_id        INTEGER REFERENCES people (id),
    reviewer_id      INTEGER REFERENCES people (id),
    submitted_at     TIMESTAMP,
    reviewed_at      TIMESTAMP,
    created_at       TIMESTAMP NOT NULL,
    updated_at       TIMESTAMP NOT NULL,
    UNIQUE (project_id, period)
);

CREATE TABLE deviations (
    id                 INTEGER PRIMARY KEY,
    project_id         INTEGER NOT NULL REFERENCES projects (id),
    type               TEXT NOT NULL CHECK (type IN ('time','cost','scope','quality','dependency','out_of_scope')),
    state              TEXT NOT NULL CHECK (state IN ('reported','assessed','handled','escalated','decided','closed','documented','referred')),
    description        TEXT NOT NULL,
    cause              TEXT NOT NULL DEFAULT '',
    consequence        TEXT NOT NULL DEFAULT '',
    options            TEXT NOT NULL DEFAULT '',
    tolerance_breached BOOLEAN NOT NULL DEFAULT 0,
    report_id          INTEGER REFERENCES status_reports (id),
    risk_id            INTEGER,
    case_id            INTEGER REFERENCES cases (id),
    outcome            TEXT NOT NULL DEFAULT '',
    decision_id        INTEGER REFERENCES decisions (id),
    referred_to        TEXT NOT NULL DEFAULT '',
    created_by         INTEGER REFERENCES people (id),
    created_at         TIMESTAMP NOT NULL,
    updated_at         TIMESTAMP NOT NULL,
    decided_at         TIMESTAMP
);
CREATE INDEX deviations_project ON deviations (project_id, state);

CREATE TABLE risks (
    id           INTEGER PRIMARY KEY,
    project_id   INTEGER REFERENCES projects (id),
    title        TEXT NOT NULL,
    cause        TEXT NOT NULL DEFAULT '',
    probability  INTEGER NOT NULL CHECK (probability BETWEEN 1 AND 5),
    consequence  INTEGER NOT NULL CHECK (consequence BETWEEN 1 AND 5),
    owner_id     INTEGER REFERENCES people (id),
    measures     TEXT NOT NULL DEFAULT '',
    next_review  TEXT NOT NULL DEFAULT '',
    state        TEXT NOT NULL CHECK (state IN ('identified','assessed','mitigating','closed','occurred')),
    deviation_id INTEGER REFERENCES deviations (id),
    created_by   INTEGER REFERENCES people (id),
    created_at   TIMESTAMP NOT NULL,
    updated_at   TIMESTAMP NOT NULL
);
CREATE INDEX risks_project ON risks (project_id, state);

CREATE TABLE project_reminders (
    kind      TEXT NOT NULL,
    object_id INTEGER NOT NULL,
    period    TEXT NOT NULL,
    sent_at   TIMESTAMP NOT NULL,
    PRIMARY KEY (kind, object_id, period)
);

-- +goose Down
DROP TABLE project_reminders;
DROP TABLE risks;
DROP TABLE deviations;
DROP TABLE status_reports;
