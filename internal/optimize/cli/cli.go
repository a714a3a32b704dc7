// Package optimizecli implements the "samstyr portfolio" command line: it
// reads an instance file, runs the optimiser and prints one JSON object.
// It is the only part of the optimiser that does I/O.
package optimizecli

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/samstyr/samstyr/internal/optimize"
)

const usage = `usage: samstyr portfolio solve FILE.json [flags]

Solves a portfolio-instance/v1 file (FILE "-" reads standard input) to
proven optimality and prints one JSON object:
  {"objective", "selected", "cost_per_year", "optimal", "gap", "bound", "seconds"}
plus "frontier" with --frontier and "explanations" with --explain.
Exit status: 0 on success, 2 on bad usage, unreadable or invalid input.

flags:
`

// Run executes "samstyr portfolio <args>": args[0] must be "solve". It
// returns the process exit status.
func Run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] != "solve" {
		if len(args) > 0 && (args[0] == "-h" || args[0] == "--help" || args[0] == "help") {
			fmt.Fprint(stdout, usage)
			return 0
		}
		fmt.Fprintln(stderr, "samstyr portfolio: unknown or missing subcommand; try \"samstyr portfolio solve --help\"")
		return 2
	}
	return RunSolve(args[1:], stdin, stdout, stderr)
}

// solveFlags are the options of "portfolio solve".
type solveFlags struct {
	timeLimit time.Duration
	frontier  int
	explain   bool
	file      string
}

func parseSolveFlags(args []string, stdout io.Writer) (solveFlags, error) {
	var f solveFlags
	fs := flag.NewFlagSet("samstyr portfolio solve", flag.ContinueOnError)
	fs.SetOutput(stdout)
	fs.DurationVar(&f.timeLimit, "time-limit", 0, "stop after this long and report the best selection found (e.g. 10s; 0: no limit)")
	fs.IntVar(&f.frontier, "frontier", 0, "also solve K budget levels from 10 % to 150 % of the budget")
	fs.BoolVar(&f.explain, "explain", false, "also explain the selection: cost of leaving out each chosen project, threshold of each left-out one")
	fs.Usage = func() {
		fmt.Fprint(stdout, usage)
		fs.PrintDefaults()
	}
	// Flags may come before or after the file name.
	var files []string
	for {
		if err := fs.Parse(args); err != nil {
			return f, err
		}
		if fs.NArg() == 0 {
			break
		}
		files = append(files, fs.Arg(0))
		args = fs.Args()[1:]
	}
	if len(files) != 1 {
		return f, fmt.Errorf("expected one instance file, got %d", len(files))
	}
	if f.frontier < 0 || f.frontier > 1000 {
		return f, fmt.Errorf("--frontier must be between 0 and 1000, got %d", f.frontier)
	}
	f.file = files[0]
	return f, nil
}

// RunSolve executes "samstyr portfolio solve <args>" and returns the exit
// status.
func RunSolve(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	f, err := parseSolveFlags(args, stdout)
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	if err != nil {
		fmt.Fprintf(stderr, "samstyr portfolio solve: %v\n", err)
		return 2
	}
	data, err := readInput(f.file, stdin)
	if err != nil {
		fmt.Fprintf(stderr, "samstyr portfolio solve: %v\n", err)
		return 2
	}
	out, err := solve(data, f)
	if err != nil {
		fmt.Fprintf(stderr, "samstyr portfolio solve: %s: %s\n", f.file, describe(err))
		return 2
	}
	enc := json.NewEncoder(stdout)
	if err := enc.Encode(out); err != nil {
		fmt.Fprintf(stderr, "samstyr portfolio solve: %v\n", err)
		return 1
	}
	return 0
}

func readInput(file string, stdin io.Reader) ([]byte, error) {
	if file == "-" {
		return io.ReadAll(stdin)
	}
	return os.ReadFile(file)
}

// describe renders an error on one line, naming field and code for input
// errors.
func describe(err error) string {
	var in *optimize.InputError
	if errors.As(err, &in) {
		field := in.Field
		if field == "" {
			field = "(document)"
		}
		return fmt.Sprintf("%s: %s: %s", field, in.Code, in.Message)
	}
	return strings.ReplaceAll(err.Error(), "\n", "; ")
}
