-- +goose Up
-- A need nobody scored in a round is recorded as not assessed: no rank and
-- no score (before, it was ranked with score 0). A need's latest rank and
-- score come from the latest round that assessed it.
ALTER TABLE round_results ADD COLUMN not_assessed BOOLEAN NOT NULL DEFAULT 0;
UPDATE round_results SET not_assessed = 1, rank = 0, score = 0, spread = 0, score_range = 0, mandatory = 0 WHERE assessors = 0;
UPDATE needs SET latest_rank = 0, latest_score = 0, priority_key = 1125899906842624
WHERE id IN (SELECT need_id FROM round_results WHERE not_assessed);
UPDATE needs SET latest_rank = l.rank, latest_score = l.score,
    priority_key = l.rank * 100000 + (100000 - CAST(ROUND(l.score * 100) AS BIGINT))
FROM (SELECT need_id, rank, score FROM (SELECT rr.need_id, rr.rank, rr.score,
        ROW_NUMBER() OVER (PARTITION BY rr.need_id ORDER BY r.closed_at DESC, r.id DESC) AS rn
      FROM round_results rr JOIN rounds r ON r.id = rr.round_id WHERE NOT rr.not_assessed) x WHERE rn = 1) l
WHERE needs.id = l.need_id;
-- A standing item "approval of the previous minutes" whose minutes were
-- approved otherwise (by circulation) closes itself: it is handled, not
-- left on the agenda (the service does so from now on, with an audit event).
UPDATE cases SET state = 'handled'
WHERE standing = 'previous_minutes' AND state NOT IN ('handled', 'withdrawn')
  AND minutes_meeting_id IN (SELECT meeting_id FROM minutes WHERE state = 'approved');

-- +goose Down
ALTER TABLE round_results DROP COLUMN not_assessed;
