-- +goose Up
-- Project closure (issue 12 item 9): the state a project was in when it
-- was put on hold (to resume to), and per project the BP4 closing
-- recommendation with its checklist and the BP5 final report's texts, each
-- with the case put before the steering group and the decision on it.
ALTER TABLE projects ADD COLUMN hold_from TEXT NOT NULL DEFAULT '';

CREATE TABLE project_closures (
    project_id        BIGINT PRIMARY KEY REFERENCES projects (id),
    checklist         TEXT NOT NULL DEFAULT '[]',
    remaining_work    TEXT NOT NULL DEFAULT '',
    case_id           BIGINT REFERENCES cases (id),
    decision_id       BIGINT REFERENCES decisions (id),
    submitted_at      TIMESTAMPTZ,
    approved_at       TIMESTAMPTZ,
    evaluation        TEXT NOT NULL DEFAULT '',
    lessons           TEXT NOT NULL DEFAULT '',
    final_case_id     BIGINT REFERENCES cases (id),
    final_decision_id BIGINT REFERENCES decisions (id),
    final_submitted_at TIMESTAMPTZ,
    accepted_at       TIMESTAMPTZ,
    created_by        BIGINT REFERENCES people (id),
    created_at        TIMESTAMPTZ NOT NULL,
    updated_at        TIMESTAMPTZ NOT NULL
);
