-- +goose Up
-- Cross-project dependencies (issue 12, item 7): the register of national
-- components and external systems (Fellestjenester BYGG and PLAN, Fiks,
-- matrikkel …) and the activities of project plans that wait for them.
CREATE TABLE external_components (
    id            INTEGER PRIMARY KEY,
    name          TEXT NOT NULL UNIQUE,
    owner         TEXT NOT NULL,
    status        TEXT NOT NULL CHECK (status IN ('planned','development','production','retiring')),
    description   TEXT NOT NULL DEFAULT '',
    planned_date  DATE,
    forecast_date DATE,
    created_at    TIMESTAMP NOT NULL,
    updated_at    TIMESTAMP NOT NULL
);

CREATE TABLE project_component_deps (
    id           INTEGER PRIMARY KEY,
    project_id   INTEGER NOT NULL REFERENCES projects (id),
    activity_id  INTEGER NOT NULL REFERENCES project_activities (id),
    component_id INTEGER NOT NULL REFERENCES external_components (id),
    note         TEXT NOT NULL DEFAULT '',
    created_by   INTEGER REFERENCES people (id),
    created_at   TIMESTAMP NOT NULL,
    UNIQUE (activity_id, component_id)
);
CREATE INDEX project_component_deps_project ON project_component_deps (project_id);
CREATE INDEX project_component_deps_component ON project_component_deps (component_id);

-- +goose Down
DROP TABLE project_component_deps;
DROP TABLE external_components;
