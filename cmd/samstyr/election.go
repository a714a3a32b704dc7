package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"

	"github.com/samstyr/samstyr/internal/forum"
)

func cmdElection(ctx context.Context, env *environment, args []string) error {
	return group{path: "election", about: "Elections of the user council, without a database.", verbs: []verb{
		{"recount", "count a published list of ballots (FILE.json) again and check it", cmdElectionRecount},
	}}.run(ctx, env, args)
}

// cmdElectionRecount runs `samstyr election recount FILE`: it reads the
// published list of an election (GET /elections/{id}/ballots.json or
// /api/v1/elections/{id}/ballots), checks every receipt, the order and
// the hash over the list, counts the votes and compares the tally and
// those elected with what the list says. Exit status 1 when they differ.
func cmdElectionRecount(_ context.Context, env *environment, args []string) error {
	sp := spec{path: "election recount", synopsis: "FILE", args: []string{"FILE"},
		about: "Counts the published ballots of an election again: recomputes every receipt, checks the\n" +
			"order and the hash over the list, tallies the votes and compares the tally, those elected\n" +
			"and the deputies with the list. Prints the tally; exits 1 when anything differs.",
		examples: []string{"samstyr election recount election-3-ballots.json"}}
	pos, err := sp.parse(env, newFlagSet(sp), args)
	if err != nil {
		return err
	}
	b, err := os.ReadFile(pos[0])
	if err != nil {
		return usageError("%v", err)
	}
	var p forum.Published
	if err := json.Unmarshal(b, &p); err != nil {
		return usageError("%s: not a published list of ballots: %v", pos[0], err)
	}
	rows, err := forum.Recount(&p)
	if err != nil {
		return fmt.Errorf("recount of election %d does not match: %w", p.ElectionID, err)
	}
	names := map[int64]string{}
	for _, c := range p.Candidates {
		names[c.ID] = c.Name
	}
	fmt.Fprintf(env.stdout, "election %d: %s\n%d ballots, hash %s (checked)\n", p.ElectionID, p.Title, len(p.Ballots), p.BallotsHash)
	for i, r := range rows {
		fmt.Fprintf(env.stdout, "%3d. %-40s %d\n", i+1, names[r.CandidateID], r.Votes)
	}
	fmt.Fprintf(env.stdout, "elected %v, deputies %v: matches the published result\n", p.Elected, p.DeputiesElected)
	return nil
}
