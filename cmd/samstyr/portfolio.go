package main

import (
	"context"
	"fmt"

	optimizecli "github.com/samstyr/samstyr/internal/optimize/cli"
)

func cmdPortfolio(ctx context.Context, env *environment, args []string) error {
	return group{path: "portfolio", about: "Portfolio optimisation without a database.", verbs: []verb{
		{"solve", "solve a portfolio-instance/v1 file to proven optimality", cmdPortfolioSolve},
	}}.run(ctx, env, args)
}

// cmdPortfolioSolve runs `samstyr portfolio solve FILE.json`; the
// optimiser's command line parses its flags (before or after the file) and
// prints its own output and errors.
func cmdPortfolioSolve(_ context.Context, env *environment, args []string) error {
	code := optimizecli.RunSolve(args, env.stdin, env.stdout, env.stderr)
	if code == 0 && asksHelp(args) {
		fmt.Fprint(env.stdout, `
Examples:
  samstyr portfolio solve instance.json
  samstyr portfolio solve instance.json --time-limit 10s --frontier 5 --explain
  samstyr portfolio solve - < instance.json
`)
	}
	if code != 0 {
		return &exitError{code: code}
	}
	return nil
}

// asksHelp reports whether args hold a help flag before any "--".
func asksHelp(args []string) bool {
	for _, a := range args {
		if a == "--" {
			return false
		}
		if a == "-h" || a == "-help" || a == "--help" {
			return true
		}
	}
	return false
}
