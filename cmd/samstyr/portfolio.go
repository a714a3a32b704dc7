package main

import (
	"context"

	optimizecli "github.com/samstyr/samstyr/internal/optimize/cli"
)

// cmdPortfolio runs `samstyr portfolio solve FILE.json`; the optimiser's
// command line prints its own output and errors.
func cmdPortfolio(ctx context.Context, env *environment, args []string) error {
	if code := optimizecli.Run(args, env.stdin, env.stdout, env.stderr); code != 0 {
		return &exitError{code: code}
	}
	return nil
}
