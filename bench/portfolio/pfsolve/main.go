// Command pfsolve is a stand-in for "samstyr portfolio solve" used by the
// portfolio benchmark: "pfsolve solve FILE.json [flags]" behaves exactly
// like the subcommand because both call optimizecli.Run.
package main

import (
	"os"

	optimizecli "github.com/samstyr/samstyr/internal/optimize/cli"
)

func main() {
	os.Exit(optimizecli.Run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}
