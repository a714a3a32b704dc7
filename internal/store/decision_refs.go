package store

import (
	"context"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/samstyr/samstyr/internal/audit"
)

// Free-text decision references (needs and their history from before
// decisions were linked: "Brukerrådet sak 14/26") are linked to the
// recorded decision they name, where exactly one matches, and flagged
// (decision_unmatched) where none or several do, so that the pages mark
// them and the secretariat links the right decision by hand.

// reCaseNumber finds a case number such as 14/26 or 14/2026.
var reCaseNumber = regexp.MustCompile(`(\d{1,4})\s*/\s*(\d{4}|\d{2})\b`)

// decisionCandidate is a recorded decision as a reference may name it.
type decisionCandidate struct {
	id, bodyID   int64
	number, year int
	names        []string // the body's names, lower case
}

// matchDecisionRef returns the one decision the text names, or 0: its
// case number and year must match, and when the text names a body, the
// decision must be of that body.
func matchDecisionRef(text string, cands []decisionCandidate) int64 {
	m := reCaseNumber.FindStringSubmatch(text)
	if m == nil {
		return 0
	}
	number, _ := strconv.Atoi(m[1])
	year, _ := strconv.Atoi(m[2])
	year %= 100
	lower := strings.ToLower(text)
	var byNumber, byBody []int64
	for _, c := range cands {
		if c.number != number || c.year%100 != year {
			continue
		}
		byNumber = append(byNumber, c.id)
		for _, n := range c.names {
			if n != "" && strings.Contains(lower, n) {
				byBody = append(byBody, c.id)
				break
			}
		}
	}
	switch {
	case len(byBody) == 1:
		return byBody[0]
	case len(byBody) == 0 && len(byNumber) == 1:
		return byNumber[0]
	}
	return 0
}

// LinkDecisionReferences links or flags the free-text decision references
// not yet looked at, each change audited, and returns how many it linked
// and flagged. It runs at start and costs one query when nothing is left.
func (db *DB) LinkDecisionReferences(ctx context.Context) (linked, flagged int, err error) {
	type ref struct {
		table string
		id    int64
		text  string
	}
	var refs []ref
	for _, table := range []string{"needs", "need_events"} {
		rows, err := db.query(ctx, `SELECT id, decision_ref FROM `+table+`
			WHERE decision_ref <> '' AND decision_id IS NULL AND decision_unmatched = FALSE ORDER BY id`)
		if err != nil {
			return 0, 0, err
		}
		for rows.Next() {
			r := ref{table: table}
			if err := rows.Scan(&r.id, &r.text); err != nil {
				rows.Close()
				return 0, 0, mapError(err)
			}
			refs = append(refs, r)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return 0, 0, mapError(err)
		}
	}
	if len(refs) == 0 {
		return 0, 0, nil
	}
	cands, err := db.decisionCandidates(ctx)
	if err != nil {
		return 0, 0, err
	}
	err = db.WithTx(ctx, func(ctx context.Context) error {
		for _, r := range refs {
			object := map[string]string{"needs": "need", "need_events": "need_event"}[r.table]
			if id := matchDecisionRef(r.text, cands); id != 0 {
				body := int64(0)
				for _, c := range cands {
					if c.id == id {
						body = c.bodyID
					}
				}
				if _, err := db.exec(ctx, `UPDATE `+r.table+` SET decision_id = ?, body_id = COALESCE(body_id, ?) WHERE id = ?`, id, body, r.id); err != nil {
					return err
				}
				linked++
				if err := db.Record(ctx, audit.Entry{Action: object + ".decision_linked", ObjectType: object, ObjectID: r.id,
					Before: map[string]any{"decision_ref": r.text}, After: map[string]any{"decision_id": id}}); err != nil {
					return err
				}
				continue
			}
			if _, err := db.exec(ctx, `UPDATE `+r.table+` SET decision_unmatched = TRUE WHERE id = ?`, r.id); err != nil {
				return err
			}
			flagged++
			if err := db.Record(ctx, audit.Entry{Action: object + ".decision_unmatched", ObjectType: object, ObjectID: r.id,
				After: map[string]any{"decision_ref": r.text}}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return 0, 0, fmt.Errorf("link decision references: %w", err)
	}
	return linked, flagged, nil
}

func (db *DB) decisionCandidates(ctx context.Context) ([]decisionCandidate, error) {
	rows, err := db.query(ctx, `SELECT d.id, d.body_id, c.number, c.year, b.name_nb, b.name_nn, b.name_en, COALESCE(b.short_name, '')
		FROM decisions d JOIN cases c ON c.id = d.case_id JOIN bodies b ON b.id = d.body_id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []decisionCandidate
	for rows.Next() {
		var c decisionCandidate
		names := make([]string, 4)
		if err := rows.Scan(&c.id, &c.bodyID, &c.number, &c.year, &names[0], &names[1], &names[2], &names[3]); err != nil {
			return nil, mapError(err)
		}
		for _, n := range names {
			c.names = append(c.names, strings.ToLower(strings.TrimSpace(n)))
		}
		out = append(out, c)
	}
	return out, mapError(rows.Err())
}
