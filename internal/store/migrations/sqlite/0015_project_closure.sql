-- +goose Up
-- Project closure (issue 12 item 9): the state a project was in when it
-- was put on hold (to resume to), and per project the BP4 closing
-- recommendation with its checklist and the BP5 final report's texts, each
-- with the case put before the steering group and the decision on it.
ALTER TABLE projects ADD COLUMN hold_from TEXT NOT NULL DEFAULT '';

CREATE TABLE project_closures (
    project_id        INTEGER PRIMARY KEY REFERENCES projects (id),
    checklist         TEXT NOT NULL DEFAULT '[]',
    remaining_work    TEXT NOT NULL DEFAULT '',
    case_id           INTEGER REFERENCES cases (id),
    decision_id       INTEGER REFERENCES decisions (id),
    submitted_at      TIMESTAMP,
    approved_at       TIMESTAMP,
    evaluation        TEXT NOT NULL DEFAULT '',
    lessons           TEXT NOT NULL DEFAULT '',
    final_case_id     INTEGER REFERENCES cases (id),
    final_decision_id INTEGER REFERENCES decisions (id),
    final_submitted_at TIMESTAMP,
    accepted_at       TIMESTAMP,
    created_by        INTEGER REFERENCES people (id),
    created_at        TIMESTAMP NOT NULL,
    updated_at        TIMESTAMP NOT NULL
);
