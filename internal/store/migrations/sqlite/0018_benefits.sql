-- +goose Up
-- Benefit realisation (issue 13 item 4, DOMAIN.md §4 and §8G): a
-- project's benefits, taken from its approved directive (source: the
-- benefit's place in the directive's list, imported once), planned,
-- baselined, measured over time and concluded at BP6 by a decision of
-- KommIT-rådet (conclude_benefits).
CREATE TABLE benefits (
    id               INTEGER PRIMARY KEY,
    project_id       INTEGER NOT NULL REFERENCES projects (id),
    source           INTEGER,
    description      TEXT NOT NULL,
    type             TEXT NOT NULL CHECK (type IN ('nok','quality','others')),
    indicator        TEXT NOT NULL DEFAULT '',
    unit             TEXT NOT NULL DEFAULT '',
    baseline_value   REAL,
    baseline_date    TEXT NOT NULL DEFAULT '',
    target_value     REAL,
    target_date      TEXT NOT NULL DEFAULT '',
    method           TEXT NOT NULL DEFAULT '',
    frequency        TEXT NOT NULL DEFAULT '' CHECK (frequency IN ('','monthly','quarterly','half_yearly','yearly')),
    owner_id         INTEGER REFERENCES people (id),
    owner_note       TEXT NOT NULL DEFAULT '',
    state            TEXT NOT NULL CHECK (state IN ('identified','planned','baselined','measuring','realised','partly_realised','not_realised')),
    proposed_outcome TEXT NOT NULL DEFAULT '' CHECK (proposed_outcome IN ('','realised','partly_realised','not_realised')),
    explanation      TEXT NOT NULL DEFAULT '',
    decision_id      INTEGER REFERENCES decisions (id),
    created_at       TIMESTAMP NOT NULL,
    updated_at       TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX benefits_source ON benefits (project_id, source);
CREATE INDEX benefits_state ON benefits (state);

CREATE TABLE benefit_measurements (
    id          INTEGER PRIMARY KEY,
    benefit_id  INTEGER NOT NULL REFERENCES benefits (id),
    value       REAL NOT NULL,
    measured_on TEXT NOT NULL,
    comment     TEXT NOT NULL DEFAULT '',
    recorded_by INTEGER REFERENCES people (id),
    recorded_at TIMESTAMP NOT NULL
);
CREATE INDEX benefit_measurements_benefit ON benefit_measurements (benefit_id, measured_on);

-- +goose Down
DROP TABLE benefit_measurements;
DROP TABLE benefits;
