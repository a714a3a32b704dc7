-- +goose Up
-- Participants' input on a project (issue 12 item 8): facts, problems,
-- choices of direction (veivalg, with options, put before the steering
-- group as a case and decided there) and challenges outside the project's
-- scope (documented, then referred to another project, the secretariat or
-- a new need). Inputs are never deleted.
CREATE TABLE project_inputs (
    id                  INTEGER PRIMARY KEY,
    project_id          INTEGER NOT NULL REFERENCES projects (id),
    kind                TEXT NOT NULL CHECK (kind IN ('fact','problem','veivalg','out_of_scope')),
    state               TEXT NOT NULL CHECK (state IN ('recorded','acknowledged','put_before_steering_group','decided','documented','referred')),
    title               TEXT NOT NULL,
    body                TEXT NOT NULL,
    options             TEXT NOT NULL DEFAULT '[]',
    author_id           INTEGER NOT NULL REFERENCES people (id),
    case_id             INTEGER REFERENCES cases (id),
    decision_id         INTEGER REFERENCES decisions (id),
    chosen_option       INTEGER NOT NULL DEFAULT 0,
    referred_to         TEXT NOT NULL DEFAULT '' CHECK (referred_to IN ('','project','secretariat','need')),
    referred_project_id INTEGER REFERENCES projects (id),
    need_id             INTEGER REFERENCES needs (id),
    referral_note       TEXT NOT NULL DEFAULT '',
    handled_by          INTEGER REFERENCES people (id),
    created_at          TIMESTAMP NOT NULL,
    updated_at          TIMESTAMP NOT NULL
);
CREATE INDEX project_inputs_project ON project_inputs (project_id, id);
CREATE INDEX project_inputs_need ON project_inputs (need_id);

-- +goose Down
DROP TABLE project_inputs;
