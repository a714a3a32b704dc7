-- +goose Up
-- The portfolio overview (issue 13): the actor responsible for an idea or
-- a project (an organisation of kind state agency or KS), and the budget
-- frames per year and funding source, kept by the secretariat as drafts
-- and approved (then frozen) by a decision of the strategic council.
CREATE TABLE portfolio_actors (
    item_type TEXT NOT NULL CHECK (item_type IN ('idea','project')),
    item_id   INTEGER NOT NULL,
    org_id    INTEGER NOT NULL REFERENCES organisations (id),
    PRIMARY KEY (item_type, item_id)
);

CREATE TABLE budget_frames (
    id          INTEGER PRIMARY KEY,
    year        INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 2100),
    source      TEXT NOT NULL CHECK (source IN ('digifin','ks','state','own')),
    amount_nok  INTEGER NOT NULL CHECK (amount_nok >= 0),
    note        TEXT NOT NULL DEFAULT '',
    state       TEXT NOT NULL CHECK (state IN ('draft','approved')),
    decision_id INTEGER REFERENCES decisions (id),
    created_by  INTEGER REFERENCES people (id),
    created_at  TIMESTAMP NOT NULL,
    updated_at  TIMESTAMP NOT NULL,
    UNIQUE (year, source)
);

-- KommIT-rådet's main guidelines: strategic goals, and the share of the
-- budget per focus area (the need areas), adopted by a decision.
CREATE TABLE portfolio_guidelines (
    id          INTEGER PRIMARY KEY,
    title       TEXT NOT NULL,
    goals       TEXT NOT NULL DEFAULT '',
    state       TEXT NOT NULL CHECK (state IN ('draft','adopted')),
    decision_id INTEGER REFERENCES decisions (id),
    created_by  INTEGER REFERENCES people (id),
    created_at  TIMESTAMP NOT NULL,
    updated_at  TIMESTAMP NOT NULL
);

CREATE TABLE portfolio_guideline_areas (
    guideline_id INTEGER NOT NULL REFERENCES portfolio_guidelines (id),
    area         TEXT NOT NULL,
    share_pct    INTEGER NOT NULL CHECK (share_pct BETWEEN 0 AND 100),
    PRIMARY KEY (guideline_id, area)
);

-- +goose Down
DROP TABLE portfolio_guideline_areas;
DROP TABLE portfolio_guidelines;
DROP TABLE budget_frames;
DROP TABLE portfolio_actors;
