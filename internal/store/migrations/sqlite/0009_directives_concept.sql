-- +goose Up
-- The concept phase (issue 11): project ideas made from needs (or a
-- decision), the concept mandate, directives in versions (content as JSON,
-- a version frozen once recommended), and the projects their approval
-- creates, each pointing at its decision.
CREATE TABLE project_ideas (
    id                  INTEGER PRIMARY KEY,
    title               TEXT NOT NULL,
    source              TEXT NOT NULL CHECK (source IN ('needs','working_group','guideline')),
    source_decision_id  INTEGER REFERENCES decisions (id),
    purpose             TEXT NOT NULL,
    benefits            TEXT NOT NULL DEFAULT '',
    alternatives        TEXT NOT NULL DEFAULT '',
    cost_nok            INTEGER NOT NULL DEFAULT 0,
    duration_months     INTEGER NOT NULL DEFAULT 0,
    owner               TEXT NOT NULL DEFAULT '',
    state               TEXT NOT NULL CHECK (state IN ('idea','concept','project')),
    mandate             TEXT NOT NULL DEFAULT '{}',
    concept_decision_id INTEGER REFERENCES decisions (id),
    created_by          INTEGER REFERENCES people (id),
    created_at          TIMESTAMP NOT NULL,
    updated_at          TIMESTAMP NOT NULL
);

CREATE TABLE project_idea_needs (
    idea_id INTEGER NOT NULL REFERENCES project_ideas (id),
    need_id INTEGER NOT NULL REFERENCES needs (id),
    PRIMARY KEY (idea_id, need_id)
);
CREATE INDEX project_idea_needs_need ON project_idea_needs (need_id);

ALTER TABLE projects ADD COLUMN idea_id INTEGER REFERENCES project_ideas (id);
ALTER TABLE projects ADD COLUMN decision_id INTEGER REFERENCES decisions (id);
ALTER TABLE projects ADD COLUMN steering_body_id INTEGER REFERENCES bodies (id);
ALTER TABLE projects ADD COLUMN owner_id INTEGER REFERENCES people (id);
ALTER TABLE projects ADD COLUMN manager_id INTEGER REFERENCES people (id);
ALTER TABLE projects ADD COLUMN priority INTEGER NOT NULL DEFAULT 0;

CREATE TABLE directives (
    id                    INTEGER PRIMARY KEY,
    idea_id               INTEGER NOT NULL UNIQUE REFERENCES project_ideas (id),
    title                 TEXT NOT NULL,
    state                 TEXT NOT NULL CHECK (state IN ('draft','recommended','approved','revise','rejected')),
    version               INTEGER NOT NULL DEFAULT 1,
    recommended_version   INTEGER,
    approved_version      INTEGER,
    recommend_decision_id INTEGER REFERENCES decisions (id),
    approve_decision_id   INTEGER REFERENCES decisions (id),
    return_decision_id    INTEGER REFERENCES decisions (id),
    project_id            INTEGER REFERENCES projects (id),
    manager_id            INTEGER REFERENCES people (id),
    priority              INTEGER NOT NULL DEFAULT 0,
    created_by            INTEGER REFERENCES people (id),
    created_at            TIMESTAMP NOT NULL,
    updated_at            TIMESTAMP NOT NULL
);
CREATE INDEX directives_state ON directives (state);

CREATE TABLE directive_versions (
    id           INTEGER PRIMARY KEY,
    directive_id INTEGER NOT NULL REFERENCES directives (id),
    number       INTEGER NOT NULL,
    content      TEXT NOT NULL,
    frozen       BOOLEAN NOT NULL DEFAULT 0,
    created_by   INTEGER REFERENCES people (id),
    created_at   TIMESTAMP NOT NULL,
    updated_at   TIMESTAMP NOT NULL,
    UNIQUE (directive_id, number)
);

ALTER TABLE projects ADD COLUMN directive_id INTEGER REFERENCES directives (id);

CREATE TABLE project_budget (
    id          INTEGER PRIMARY KEY,
    project_id  INTEGER NOT NULL REFERENCES projects (id),
    year        INTEGER NOT NULL,
    source      TEXT NOT NULL CHECK (source IN ('digifin','ks','state','own')),
    amount_nok  INTEGER NOT NULL CHECK (amount_nok >= 0),
    decision_id INTEGER REFERENCES decisions (id),
    UNIQUE (project_id, year, source)
);

-- +goose Down
DROP TABLE project_budget;
ALTER TABLE projects DROP COLUMN directive_id;
DROP TABLE directive_versions;
DROP TABLE directives;
ALTER TABLE projects DROP COLUMN priority;
ALTER TABLE projects DROP COLUMN manager_id;
ALTER TABLE projects DROP COLUMN owner_id;
ALTER TABLE projects DROP COLUMN steering_body_id;
ALTER TABLE projects DROP COLUMN decision_id;
ALTER TABLE projects DROP COLUMN idea_id;
DROP TABLE project_idea_needs;
DROP TABLE project_ideas;
