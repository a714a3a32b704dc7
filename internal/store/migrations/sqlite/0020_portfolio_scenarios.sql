-- +goose Up
-- The optimiser on the live portfolio (issue 13, item 3): ideas marked as
-- exclusive alternatives (ideas sharing a non-empty group: at most one is
-- chosen), an idea's place in the adopted priority order (directives and
-- projects keep theirs in their own priority column), and scenarios: a
-- frozen instance and its result, adopted by a decision of the user
-- council or the strategic council (set_priorities).
ALTER TABLE project_ideas ADD COLUMN alternative_group TEXT NOT NULL DEFAULT '';
ALTER TABLE project_ideas ADD COLUMN portfolio_priority INTEGER NOT NULL DEFAULT 0;

CREATE TABLE portfolio_scenarios (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL,
    from_year   INTEGER NOT NULL,
    years       INTEGER NOT NULL,
    live        TEXT NOT NULL,
    result      TEXT NOT NULL,
    state       TEXT NOT NULL CHECK (state IN ('draft','adopted')),
    decision_id INTEGER REFERENCES decisions (id),
    created_by  INTEGER REFERENCES people (id),
    created_at  TIMESTAMP NOT NULL,
    updated_at  TIMESTAMP NOT NULL
);

-- +goose Down
DROP TABLE portfolio_scenarios;
ALTER TABLE project_ideas DROP COLUMN portfolio_priority;
ALTER TABLE project_ideas DROP COLUMN alternative_group;
