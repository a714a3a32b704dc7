-- +goose Up
-- Project plans (issue 12, items 1-3): activities and milestones with
-- planned, forecast and actual dates, dependencies between them (also on
-- other projects' milestones), the staffing plan and other project
-- meetings.
CREATE TABLE project_activities (
    id             INTEGER PRIMARY KEY,
    project_id     INTEGER NOT NULL REFERENCES projects (id),
    kind           TEXT NOT NULL CHECK (kind IN ('activity','milestone')),
    name           TEXT NOT NULL,
    deliverable    TEXT NOT NULL DEFAULT '',
    planned_start  DATE NOT NULL,
    planned_end    DATE NOT NULL,
    forecast_start DATE,
    forecast_end   DATE,
    actual_start   DATE,
    actual_end     DATE,
    created_by     INTEGER REFERENCES people (id),
    created_at     TIMESTAMP NOT NULL,
    updated_at     TIMESTAMP NOT NULL
);
CREATE INDEX project_activities_project ON project_activities (project_id, planned_start);

CREATE TABLE project_activity_deps (
    activity_id   INTEGER NOT NULL REFERENCES project_activities (id),
    depends_on_id INTEGER NOT NULL REFERENCES project_activities (id),
    PRIMARY KEY (activity_id, depends_on_id)
);
CREATE INDEX project_activity_deps_on ON project_activity_deps (depends_on_id);

CREATE TABLE project_staffing (
    id           INTEGER PRIMARY KEY,
    project_id   INTEGER NOT NULL REFERENCES projects (id),
    person_id    INTEGER REFERENCES people (id),
    role         TEXT NOT NULL,
    organisation TEXT NOT NULL,
    share_pct    INTEGER NOT NULL CHECK (share_pct BETWEEN 1 AND 100),
    period_from  DATE NOT NULL,
    period_to    DATE NOT NULL,
    created_at   TIMESTAMP NOT NULL,
    updated_at   TIMESTAMP NOT NULL
);
CREATE INDEX project_staffing_project ON project_staffing (project_id);
CREATE INDEX project_staffing_person ON project_staffing (person_id);

CREATE TABLE project_meetings (
    id         INTEGER PRIMARY KEY,
    project_id INTEGER NOT NULL REFERENCES projects (id),
    title      TEXT NOT NULL,
    starts_at  TIMESTAMP NOT NULL,
    ends_at    TIMESTAMP NOT NULL,
    place      TEXT NOT NULL DEFAULT '',
    created_by INTEGER REFERENCES people (id),
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX project_meetings_project ON project_meetings (project_id, starts_at);

-- +goose Down
DROP TABLE project_meetings;
DROP TABLE project_staffing;
DROP TABLE project_activity_deps;
DROP TABLE project_activities;
