-- +goose Up
-- The roadmap (veikart, issue 13 item 5): initiatives by need area and
-- responsible actor, placed in half-years, with dependencies and the
-- standards they rest on; either a samstyr project (dates and status from
-- its plan) or another actor's delivery entered by the secretariat.
-- Versions are frozen snapshots; KommIT-rådet endorses one by a decision.
CREATE TABLE roadmap_initiatives (
    id           INTEGER PRIMARY KEY,
    title        TEXT NOT NULL,
    description  TEXT NOT NULL DEFAULT '',
    area         TEXT NOT NULL CHECK (area IN ('plan','bygg','geodata','cross_cutting')),
    actor_id     INTEGER NOT NULL REFERENCES organisations (id),
    start_half   TEXT NOT NULL,
    end_half     TEXT NOT NULL,
    forecast_end TEXT NOT NULL DEFAULT '',
    status       TEXT NOT NULL CHECK (status IN ('planned','ongoing','done','paused','cancelled')),
    project_id   INTEGER REFERENCES projects (id),
    created_by   INTEGER REFERENCES people (id),
    created_at   TIMESTAMP NOT NULL,
    updated_at   TIMESTAMP NOT NULL
);

CREATE TABLE roadmap_initiative_deps (
    initiative_id INTEGER NOT NULL REFERENCES roadmap_initiatives (id),
    depends_on_id INTEGER NOT NULL REFERENCES roadmap_initiatives (id),
    PRIMARY KEY (initiative_id, depends_on_id)
);

CREATE TABLE roadmap_initiative_standards (
    initiative_id INTEGER NOT NULL REFERENCES roadmap_initiatives (id),
    standard_id   INTEGER NOT NULL REFERENCES standards (id),
    PRIMARY KEY (initiative_id, standard_id)
);

CREATE TABLE roadmap_versions (
    id          INTEGER PRIMARY KEY,
    number      INTEGER NOT NULL UNIQUE,
    title       TEXT NOT NULL,
    snapshot    TEXT NOT NULL,
    state       TEXT NOT NULL CHECK (state IN ('frozen','endorsed')),
    decision_id INTEGER REFERENCES decisions (id),
    created_by  INTEGER REFERENCES people (id),
    created_at  TIMESTAMP NOT NULL,
    updated_at  TIMESTAMP NOT NULL
);

-- +goose Down
DROP TABLE roadmap_versions;
DROP TABLE roadmap_initiative_standards;
DROP TABLE roadmap_initiative_deps;
DROP TABLE roadmap_initiatives;
