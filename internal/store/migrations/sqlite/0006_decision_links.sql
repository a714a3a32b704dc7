-- +goose Up
-- Decisions are cited by link (decision_id), not by free text. A free-text
-- reference from before (decision_ref without decision_id) is linked to
-- the recorded decision it names when one matches (at start, by
-- store.LinkDecisionReferences); one that matches none is flagged here so
-- that the pages mark it and the secretariat can link the right one.
ALTER TABLE needs ADD COLUMN decision_unmatched BOOLEAN NOT NULL DEFAULT 0;
ALTER TABLE need_events ADD COLUMN decision_unmatched BOOLEAN NOT NULL DEFAULT 0;

-- +goose Down
ALTER TABLE need_events DROP COLUMN decision_unmatched;
ALTER TABLE needs DROP COLUMN decision_unmatched;
