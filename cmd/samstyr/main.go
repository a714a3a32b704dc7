// Command samstyr runs the governance and portfolio platform of the KS
// programme for planning, building and geodata: the web server and its
// command-line operations.
package main

import (
	"context"
	"errors"
	"flag"
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

// exitError carries a specific exit status (2 for bad input).
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string {
	if e.err == nil {
		return "exit status " + strconv.Itoa(e.code)
	}
	return e.err.Error()
}
func (e *exitError) Unwrap() error { return e.err }

// usageError marks bad command-line input (exit status 2).
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
	}
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	env := &environment{stdin: os.Stdin, stdout: os.Stdout, stderr: os.Stderr, getenv: os.LookupEnv}
	code := run(ctx, env, os.Args[1:])
	stop()
	os.Exit(code)
}

// run dispatches to a subcommand and returns the exit status.
func run(ctx context.Context, env *environment, args []string) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		usage(env.stdout)
		if len(args) == 0 {
			return 2
		}
		return 0
	}
	for _, c := range commands() {
		if c.name == args[0] {
			err := c.run(ctx, env, args[1:])
			if err == nil || errors.Is(err, flag.ErrHelp) {
				return 0
			}
			var ee *exitError
			if errors.As(err, &ee) && ee.err == nil {
				return ee.code // the command printed its own message
			}
			fmt.Fprintf(env.stderr, "samstyr %s: %v\n", c.name, err)
			if ee != nil {
				return ee.code
			}
			return 1
		}
	}
	fmt.Fprintf(env.stderr, "samstyr: unknown command %q\n\n", args[0])
	usage(env.stderr)
	return 2
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "Usage: samstyr COMMAND [flags]\n\nCommands:")
	cs := commands()
	sort.Slice(cs, func(i, j int) bool { return cs[i].name < cs[j].name })
	for _, c := range cs {
		fmt.Fprintf(w, "  %-10s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w, "\nEvery command takes --data DIR (SAMSTYR_DATA, default ./data) and --database-url URL\n(SAMSTYR_DATABASE_URL, postgres://… switches to PostgreSQL). Run samstyr COMMAND --help for its flags.")
}

// flags returns a flag set with the common flags bound to cfg.
func flags(env *environment, name, usageLine string, cfg *config.Config) *flag.FlagSet {
	fs := flag.NewFlagSet("samstyr "+name, flag.ContinueOnError)
	fs.SetOutput(env.stderr)
	fs.StringVar(&cfg.DataDir, "data", cfg.DataDir, "data `directory` of the SQLite database (env SAMSTYR_DATA)")
	fs.StringVar(&cfg.DatabaseURL, "database-url", cfg.DatabaseURL, "PostgreSQL `URL`; switches from SQLite (env SAMSTYR_DATABASE_URL)")
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "Usage: samstyr %s\n\nFlags:\n", usageLine)
		fs.PrintDefaults()
	}
	return fs
}

// loadConfig reads the environment into a configuration.
func loadConfig(env *environment) (config.Config, error) {
	cfg, err := config.Load(env.getenv)
	if err != nil {
		return cfg, usageError("%v", err)
	}
	return cfg, nil
}

// parse parses flags and validates the configuration; bad input is exit 2.
func parse(fs *flag.FlagSet, cfg *config.Config, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return usageError("%v", err)
	}
	if err := cfg.Validate(); err != nil {
		return usageError("%v", err)
	}
	return nil
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
