package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"

	"github.com/samstyr/samstyr/internal/config"
)

// The command line is parsed with the standard flag package. A flag set
// stops at the first argument that is not a flag, so parseFlags parses
// again after each positional argument: flags may come before, between or
// after the arguments, as in "samstyr backup FILE --data DIR".

// spec describes a command for its --help and its arguments.
type spec struct {
	path     string   // the command words: "user create"
	synopsis string   // what follows the words in the usage line
	about    string   // what the command does, a paragraph or two
	examples []string // whole command lines
	args     []string // the positional arguments, each required: "FILE"
}

// helpRequested is returned once a command has printed its --help.
var helpRequested = flag.ErrHelp

// newFlagSet returns a silent flag set: parse reports errors and help
// itself.
func newFlagSet(s spec) *flag.FlagSet {
	fs := flag.NewFlagSet("samstyr "+s.path, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	return fs
}

// commonFlags binds --data and --database-url to cfg.
func commonFlags(fs *flag.FlagSet, cfg *config.Config) {
	fs.StringVar(&cfg.DataDir, "data", cfg.DataDir, "data directory `DIR` of the SQLite database DIR/samstyr.db (env SAMSTYR_DATA, default ./data)")
	fs.StringVar(&cfg.DatabaseURL, "database-url", cfg.DatabaseURL, "PostgreSQL `URL`, postgres://…; switches from SQLite (env SAMSTYR_DATABASE_URL)")
}

// parse parses args for the command s: flags anywhere, then exactly the
// positional arguments s names. --help prints the command's help on
// stdout and returns helpRequested; anything else wrong is a usage error
// (exit status 2) that says what is wrong.
func (s spec) parse(env *environment, fs *flag.FlagSet, args []string) ([]string, error) {
	pos, err := parseFlags(fs, args)
	if errors.Is(err, flag.ErrHelp) {
		s.printHelp(env.stdout, fs)
		return nil, helpRequested
	}
	if err != nil {
		return nil, s.usageError("%v", err)
	}
	if len(pos) < len(s.args) {
		return nil, s.usageError("missing %s", strings.Join(s.args[len(pos):], " "))
	}
	if len(pos) > len(s.args) {
		return nil, s.usageError("unexpected argument %q", pos[len(s.args)])
	}
	return pos, nil
}

// parseConfig parses args like parse and then validates cfg, which the
// flags may have changed.
func (s spec) parseConfig(env *environment, fs *flag.FlagSet, cfg *config.Config, args []string) ([]string, error) {
	pos, err := s.parse(env, fs, args)
	if err != nil {
		return nil, err
	}
	if err := cfg.Validate(); err != nil {
		return nil, &exitError{code: 2, err: err}
	}
	return pos, nil
}

// parseFlags parses flags wherever they are among args and returns the
// other arguments in order. "--" ends the flags: what follows is
// positional even when it starts with a dash.
func parseFlags(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		rest := fs.Args()
		if len(rest) == 0 {
			return pos, nil
		}
		if n := len(args) - len(rest); n > 0 && args[n-1] == "--" {
			return append(pos, rest...), nil
		}
		pos = append(pos, rest[0])
		args = rest[1:]
	}
}

// usageError is bad command-line input for s: exit status 2, and a pointer
// to the command's help.
func (s spec) usageError(format string, args ...any) error {
	return &exitError{code: 2, err: fmt.Errorf(format, args...), cmd: s.path, help: true}
}

// printHelp writes the usage line, the description, the flags and the
// examples of s.
func (s spec) printHelp(w io.Writer, fs *flag.FlagSet) {
	fmt.Fprintf(w, "Usage: samstyr %s %s\n", s.path, s.synopsis)
	if s.about != "" {
		fmt.Fprintf(w, "\n%s\n", s.about)
	}
	if fs != nil {
		fmt.Fprintln(w, "\nFlags (before or after the arguments):")
		printFlags(w, fs)
	}
	if len(s.examples) > 0 {
		fmt.Fprintln(w, "\nExamples:")
		for _, e := range s.examples {
			fmt.Fprintf(w, "  %s\n", e)
		}
	}
}

// printFlags lists the flags of fs with two dashes, as the documentation
// writes them. Defaults are shown only for the command's own flags: the
// common ones may come from the environment and hold a password.
func printFlags(w io.Writer, fs *flag.FlagSet) {
	tw := tabwriter.NewWriter(w, 2, 4, 2, ' ', 0)
	fs.VisitAll(func(f *flag.Flag) {
		name, usage := flag.UnquoteUsage(f)
		def := ""
		if f.Name != "data" && f.Name != "database-url" && f.DefValue != "" && f.DefValue != "0" && f.DefValue != "false" && f.DefValue != "0s" {
			def = fmt.Sprintf(" (default %s)", f.DefValue)
		}
		fmt.Fprintf(tw, "  --%s %s\t%s%s\n", f.Name, name, usage, def)
	})
	tw.Flush()
}

// helpArg reports whether arg asks for help.
func helpArg(arg string) bool {
	return arg == "-h" || arg == "-help" || arg == "--help" || arg == "help"
}

// verb is one command of a group such as "user".
type verb struct {
	name, summary string
	run           func(ctx context.Context, env *environment, args []string) error
}

// group is a command made of verbs: "samstyr user create …".
type group struct {
	path, about string
	verbs       []verb
}

// run dispatches to the verb named in args. The verb normally comes
// first; after flags ("samstyr user --data DIR list") the first argument
// that names a verb is taken.
func (g group) run(ctx context.Context, env *environment, args []string) error {
	if len(args) > 0 && helpArg(args[0]) {
		g.printHelp(env.stdout)
		return helpRequested
	}
	for i, a := range args {
		if a == "--" || i > 0 && !strings.HasPrefix(args[0], "-") {
			break
		}
		for _, v := range g.verbs {
			if v.name == a {
				return v.run(ctx, env, append(append([]string{}, args[:i]...), args[i+1:]...))
			}
		}
	}
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		return &exitError{code: 2, err: fmt.Errorf("unknown command %q; one of: %s", args[0], g.names()), cmd: g.path, help: true}
	}
	return &exitError{code: 2, err: fmt.Errorf("missing command, one of: %s", g.names()), cmd: g.path, help: true}
}

func (g group) names() string {
	var names []string
	for _, v := range g.verbs {
		names = append(names, v.name)
	}
	return strings.Join(names, ", ")
}

func (g group) printHelp(w io.Writer) {
	fmt.Fprintf(w, "Usage: samstyr %s COMMAND [flags]\n\n%s\n\nCommands:\n", g.path, g.about)
	tw := tabwriter.NewWriter(w, 2, 4, 2, ' ', 0)
	for _, v := range g.verbs {
		fmt.Fprintf(tw, "  %s\t%s\n", v.name, v.summary)
	}
	tw.Flush()
	fmt.Fprintf(w, "\nRun samstyr %s COMMAND --help for a command's flags and examples.\n", g.path)
}

// requireDatabase refuses a SQLite database that does not exist, for the
// commands that need data to be there: opening it would create an empty
// database (and the data directory) where the person mistyped --data.
// PostgreSQL databases are not created by samstyr, so they pass.
func requireDatabase(cfg config.Config) error {
	if cfg.DatabaseURL != "" {
		return nil
	}
	path := cfg.SQLitePath()
	fi, err := os.Stat(path)
	if errors.Is(err, os.ErrNotExist) {
		return &exitError{code: 2, err: fmt.Errorf("no database at %s: give the data directory with --data DIR or SAMSTYR_DATA "+
			"(or PostgreSQL with --database-url); this command does not create one", path)}
	}
	if err != nil {
		return err
	}
	if fi.IsDir() {
		return &exitError{code: 2, err: fmt.Errorf("%s is a directory, not a database", path)}
	}
	return nil
}
