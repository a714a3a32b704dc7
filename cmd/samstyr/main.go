// Command samstyr runs the governance and portfolio platform of the KS
// programme for planning, building and geodata: the web server and its
// command-line operations.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"sort"
	"strconv"
	"strings"
	"syscall"
	_ "time/tzdata" // Europe/Oslo on machines without a zoneinfo database

	"github.com/samstyr/samstyr/internal/config"
)

// command is one subcommand.
type command struct {
	name    string
	summary string
	run     func(ctx context.Context, env *environment, args []string) error
}

// environment is what every subcommand gets: streams and the environment.
type environment struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	getenv         config.Getenv
}

// exitError carries a specific exit status (2 for bad input) and, for bad
// command-line usage, the command that shows the right usage.
type exitError struct {
	code int
	err  error
	cmd  string // the command words, "user create", when not the first alone
	help bool   // bad usage: point to the command's --help
}

func (e *exitError) Error() string {
	if e.err == nil {
		return "exit status " + strconv.Itoa(e.code)
	}
	return e.err.Error()
}
func (e *exitError) Unwrap() error { return e.err }

// inCommand names the command words an error comes from ("user create"),
// for the message, keeping its exit status (1 unless it has one).
func inCommand(path string, err error) error {
	var ee *exitError
	switch {
	case err == nil || errors.Is(err, helpRequested):
		return err
	case errors.As(err, &ee):
		if ee.cmd == "" {
			ee.cmd = path
		}
		return err
	}
	return &exitError{code: 1, err: err, cmd: path}
}

// usageError marks bad input (exit status 2).
func usageError(format string, args ...any) error {
	return &exitError{code: 2, err: fmt.Errorf(format, args...)}
}

func commands() []command {
	return []command{
		{"serve", "run the web server", cmdServe},
		{"migrate", "apply database migrations", cmdMigrate},
		{"seed", "load data: demo (reference data, bodies and demo people) or bench (benchmark dataset)", cmdSeed},
		{"user", "manage people: create, list, disable, enable, totp-code", cmdUser},
		{"token", "manage API tokens: create, revoke", cmdToken},
		{"backup", "write a consistent backup of the database to FILE", cmdBackup},
		{"restore", "restore a backup FILE into an empty data directory or database", cmdRestore},
		{"audit", "audit log: verify", cmdAudit},
		{"portfolio", "portfolio optimisation: solve FILE.json", cmdPortfolio},
		{"election", "elections: recount FILE.json (the published ballots)", cmdElection},
	}
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	env := &environment{stdin: os.Stdin, stdout: os.Stdout, stderr: os.Stderr, getenv: os.LookupEnv}
	code := run(ctx, env, os.Args[1:])
	stop()
	os.Exit(code)
}

// run dispatches to a subcommand and returns the exit status: 0 on
// success, 1 when the command failed (a broken audit chain, a database
// error), 2 on bad usage or bad input (including a missing database for
// the commands that need one).
func run(ctx context.Context, env *environment, args []string) int {
	if len(args) == 0 || helpArg(args[0]) && len(args) == 1 {
		usage(env.stdout)
		if len(args) == 0 {
			return 2
		}
		return 0
	}
	if args[0] == "help" { // samstyr help user create
		return run(ctx, env, append(append([]string{}, args[1:]...), "--help"))
	}
	c, rest := findCommand(args)
	if c == nil {
		if helpArg(args[0]) {
			usage(env.stdout)
			return 0
		}
		if strings.HasPrefix(args[0], "-") {
			fmt.Fprintf(env.stderr, "samstyr: missing command (flags go with a command)\n\n")
		} else {
			fmt.Fprintf(env.stderr, "samstyr: unknown command %q\n\n", args[0])
		}
		usage(env.stderr)
		return 2
	}
	err := c.run(ctx, env, rest)
	if err == nil || errors.Is(err, helpRequested) {
		return 0
	}
	var ee *exitError
	if errors.As(err, &ee) && ee.err == nil {
		return ee.code // the command printed its own message
	}
	name := c.name
	if ee != nil && ee.cmd != "" {
		name = ee.cmd
	}
	fmt.Fprintf(env.stderr, "samstyr %s: %v\n", name, err)
	if ee == nil {
		return 1
	}
	if ee.help {
		fmt.Fprintf(env.stderr, "Run 'samstyr %s --help' for usage.\n", name)
	}
	return ee.code
}

// findCommand returns the command args name and the other arguments. The
// command normally comes first; after flags ("samstyr --data DIR backup
// FILE") the first argument that names a command is taken.
func findCommand(args []string) (*command, []string) {
	cs := commands()
	for i, a := range args {
		if a == "--" || i > 0 && !strings.HasPrefix(args[0], "-") {
			break
		}
		for _, c := range cs {
			if c.name == a {
				return &c, append(append([]string{}, args[:i]...), args[i+1:]...)
			}
		}
	}
	return nil, nil
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "Usage: samstyr COMMAND [arguments] [flags]\n\nCommands:")
	cs := commands()
	sort.Slice(cs, func(i, j int) bool { return cs[i].name < cs[j].name })
	for _, c := range cs {
		fmt.Fprintf(w, "  %-10s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w, `
Every command takes --data DIR (SAMSTYR_DATA, default ./data) and --database-url URL
(SAMSTYR_DATABASE_URL, postgres://… switches to PostgreSQL). Flags may come before
or after the arguments. Run samstyr COMMAND --help (or samstyr help COMMAND) for a
command's flags and examples.

Exit status: 0 done, 1 failed, 2 bad usage or input (a missing database included).

Examples:
  samstyr seed demo --data ./data
  samstyr serve --data ./data --addr 127.0.0.1:8080
  samstyr backup /var/backups/samstyr.db --data /var/lib/samstyr
  samstyr portfolio solve instance.json --time-limit 10s`)
}

// loadConfig reads the environment into a configuration.
func loadConfig(env *environment) (config.Config, error) {
	cfg, err := config.Load(env.getenv)
	if err != nil {
		return cfg, usageError("%v", err)
	}
	return cfg, nil
}

// newLogger returns the process logger.
func newLogger(cfg config.Config, w io.Writer) *slog.Logger {
	var level slog.Level
	_ = level.UnmarshalText([]byte(strings.ToUpper(cfg.LogLevel)))
	opts := &slog.HandlerOptions{Level: level}
	if cfg.LogFormat == "json" {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}
