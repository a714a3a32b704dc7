-- +goose Up
-- The latest closed round's rank and score of each need, kept on the need
-- (set when a round closes) so that lists read and sort by them without a
-- subquery per need. priority_key is needs.PriorityKey(rank, score): rank
-- first, then score; needs never ranked last.
ALTER TABLE needs ADD COLUMN latest_rank INTEGER NOT NULL DEFAULT 0;
ALTER TABLE needs ADD COLUMN latest_score REAL NOT NULL DEFAULT 0;
ALTER TABLE needs ADD COLUMN priority_key BIGINT NOT NULL DEFAULT 1125899906842624;
UPDATE needs SET latest_rank = l.rank, latest_score = l.score,
    priority_key = CASE WHEN l.rank = 0 THEN 1125899906842624 ELSE l.rank * 100000 + (100000 - CAST(ROUND(l.score * 100) AS BIGINT)) END
FROM (SELECT need_id, rank, score FROM (SELECT rr.need_id, rr.rank, rr.score,
        ROW_NUMBER() OVER (PARTITION BY rr.need_id ORDER BY r.closed_at DESC, r.id DESC) AS rn
      FROM round_results rr JOIN rounds r ON r.id = rr.round_id) x WHERE rn = 1) l
WHERE needs.id = l.need_id;
CREATE INDEX needs_priority ON needs (priority_key, id);
CREATE INDEX needs_area_priority ON needs (area, priority_key, id);
-- How many needs hold each word of the search index: similar needs are
-- first looked for among those sharing the rarest words.
CREATE VIRTUAL TABLE needs_fts_vocab USING fts5vocab(needs_fts, 'row');

-- +goose Down
DROP TABLE needs_fts_vocab;
DROP INDEX needs_area_priority;
DROP INDEX needs_priority;
ALTER TABLE needs DROP COLUMN priority_key;
ALTER TABLE needs DROP COLUMN latest_score;
ALTER TABLE needs DROP COLUMN latest_rank;
