package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/samstyr/samstyr/internal/auth"
	"github.com/samstyr/samstyr/internal/errs"
	"github.com/samstyr/samstyr/internal/listing"
	"github.com/samstyr/samstyr/internal/policy"
	"github.com/samstyr/samstyr/internal/seed"
	"github.com/samstyr/samstyr/internal/server"
)

// appCommand is a subcommand that works on the opened application: it
// parses the common flags and its own, checks them, opens the database
// (migrating it) and runs.
type appCommand struct {
	spec
	// existing: the command needs data that is already there, so a missing
	// SQLite database is refused rather than created.
	existing bool
	flags    func(fs *flag.FlagSet)
	check    func(args []string) error // before the database is opened
	run      func(ctx context.Context, a *server.App, args []string) error
}

func (c appCommand) exec(ctx context.Context, env *environment, args []string) error {
	return inCommand(c.path, c.execute(ctx, env, args))
}

func (c appCommand) execute(ctx context.Context, env *environment, args []string) error {
	cfg, err := loadConfig(env)
	if err != nil {
		return err
	}
	fs := newFlagSet(c.spec)
	commonFlags(fs, &cfg)
	if c.flags != nil {
		c.flags(fs)
	}
	pos, err := c.parseConfig(env, fs, &cfg, args)
	if err != nil {
		return err
	}
	if c.check != nil {
		if err := c.check(pos); err != nil {
			return err
		}
	}
	if c.existing {
		if err := requireDatabase(cfg); err != nil {
			return err
		}
	}
	a, err := server.Open(ctx, cfg, newLogger(cfg, env.stderr))
	if err != nil {
		return err
	}
	defer a.Close()
	return c.run(ctx, a, pos)
}

// need returns a usage error naming flag when value is empty.
func (s spec) need(flag, value, what string) error {
	if value == "" {
		return s.usageError("give --%s: %s", flag, what)
	}
	return nil
}

func cmdMigrate(ctx context.Context, env *environment, args []string) error {
	return appCommand{spec: spec{path: "migrate", synopsis: "[--data DIR | --database-url URL]",
		about: "Creates the database when there is none and applies the migrations this build has\n" +
			"(serve does the same at start), then prints the schema version.",
		examples: []string{"samstyr migrate --data /var/lib/samstyr", "samstyr migrate --database-url 'postgres://samstyr@db/samstyr'"}},
		run: func(ctx context.Context, a *server.App, _ []string) error {
			cur, latest, err := a.DB.MigrationStatus(ctx)
			if err != nil {
				return err
			}
			fmt.Fprintf(env.stdout, "database %s is at version %d of %d\n", a.DB.Dialect(), cur, latest)
			return nil
		}}.exec(ctx, env, args)
}

func cmdSeed(ctx context.Context, env *environment, args []string) error {
	return group{path: "seed", about: "Loads data into the database (creating it when there is none).", verbs: []verb{
		{"demo", "reference data (municipalities, counties), bodies and demo people; idempotent", cmdSeedDemo},
		{"bench", "the benchmark dataset, N times the real size, into an empty database", cmdSeedBench},
	}}.run(ctx, env, args)
}

func cmdSeedDemo(ctx context.Context, env *environment, args []string) error {
	return appCommand{spec: spec{path: "seed demo", synopsis: "[--data DIR | --database-url URL]",
		about: "Loads every municipality and county, the programme's bodies, demo people with\n" +
			"demo sign-ins, needs and meetings. Running it again adds nothing.",
		examples: []string{"samstyr seed demo --data ./data"}},
		run: func(ctx context.Context, a *server.App, _ []string) error {
			res, err := seed.Demo(ctx, a.DB, a.Orgs, a.Auth, time.Now())
			if err != nil {
				return err
			}
			nm, err := seed.DemoMeetings(ctx, a.DB, a.Gov, a.Meetings, time.Now())
			if err != nil {
				return err
			}
			printDemo(env, res)
			fmt.Fprintf(env.stdout, "demo meetings: %d created\n", nm)
			if ni, err := seed.DemoDirectives(ctx, a.DB, a.Meetings, a.Directives, time.Now()); err != nil {
				return err
			} else if ni > 0 {
				fmt.Fprintf(env.stdout, "demo concept phase: %d project ideas, directives and projects created\n", ni)
			}
			if nr, err := seed.DemoRoadmap(ctx, a.DB, a.Meetings, a.Portfolio, time.Now()); err != nil {
				return err
			} else if nr > 0 {
				fmt.Fprintf(env.stdout, "demo roadmap: %d initiatives, one version endorsed by KommIT-rådet and a revised draft\n", nr)
			}
			if nb, err := seed.DemoBenefits(ctx, a.DB, a.Benefits, time.Now()); err != nil {
				return err
			} else if nb > 0 {
				fmt.Fprintf(env.stdout, "demo benefits: %d measurements recorded\n", nb)
			}
			return nil
		}}.exec(ctx, env, args)
}

func printDemo(env *environment, res seed.Result) {
	fmt.Fprintf(env.stdout, "demo data: %d organisations, %d bodies, %d people, %d memberships, %d needs created\n",
		res.Organisations, res.Bodies, res.People, res.Memberships, res.Needs)
	if len(res.Accounts) == 0 {
		return
	}
	fmt.Fprintf(env.stdout, "\nDEMO SIGN-INS (for trying samstyr out only; never use them in production)\npassword for all: %s\n\n", seed.DemoPassword)
	tw := tabwriter.NewWriter(env.stdout, 2, 4, 2, ' ', 0)
	for _, acc := range res.Accounts {
		fmt.Fprintf(tw, "  %s\t%s\t%s\n", acc.Email, acc.Name, acc.Role)
	}
	tw.Flush()
	fmt.Fprintf(env.stdout, "\nThe administrator also needs a code from an authenticator app with the secret %s,\nor from: samstyr user totp-code --email admin@demo.samstyr.no\n", seed.DemoAdminTOTPSecret)
}

func cmdUser(ctx context.Context, env *environment, args []string) error {
	return group{path: "user", about: "Manages people.", verbs: []verb{
		{"create", "create a person, optionally an administrator", userCreate},
		{"list", "list everyone", userList},
		{"disable", "disable a person: signs them out and stops their tokens", func(ctx context.Context, env *environment, args []string) error {
			return userSetDisabled(ctx, env, args, true)
		}},
		{"enable", "enable a disabled person again", func(ctx context.Context, env *environment, args []string) error {
			return userSetDisabled(ctx, env, args, false)
		}},
		{"totp-code", "print the current second-factor code of a demo account", userTOTPCode},
	}}.run(ctx, env, args)
}

func userCreate(ctx context.Context, env *environment, args []string) error {
	var email, name, orgNumber, pw string
	var admin, pwStdin bool
	return appCommand{spec: spec{path: "user create", synopsis: "--email E --name N [--org NUMBER] [--admin] --password-stdin",
		about: "Creates a person who signs in with the e-mail address and the password read from the\n" +
			"first line of standard input. An administrator must set up a second factor at the first sign-in.",
		examples: []string{
			"printf '%s\\n' \"$PASSWORD\" | samstyr user create --email kari@ks.no --name 'Kari Nordmann' --admin --password-stdin",
			"samstyr user create --email ola@trondheim.kommune.no --name 'Ola Nordmann' --org 5001 --data /var/lib/samstyr --password-stdin < pw.txt"}},
		flags: func(fs *flag.FlagSet) {
			fs.StringVar(&email, "email", "", "e-mail address `E` (the sign-in name)")
			fs.StringVar(&name, "name", "", "full name `N`")
			fs.StringVar(&orgNumber, "org", "", "organisation or municipality number `NUMBER` of the person's organisation")
			fs.BoolVar(&admin, "admin", false, "make the person an administrator (must set up a second factor at first sign-in)")
			fs.BoolVar(&pwStdin, "password-stdin", false, "read the password from the first line of standard input")
		},
		check: func([]string) error {
			if !pwStdin {
				return nil
			}
			line, err := bufio.NewReader(env.stdin).ReadString('\n')
			if err != nil && line == "" {
				return usageError("no password on standard input")
			}
			pw = strings.TrimRight(line, "\r\n")
			return nil
		},
		run: func(ctx context.Context, a *server.App, _ []string) error {
			in := auth.PersonInput{Email: email, Name: name, Admin: admin, Password: pw}
			if orgNumber != "" {
				o, err := a.DB.FindOrganisationByNumber(ctx, orgNumber)
				if err != nil {
					return usageError("organisation %s: %v", orgNumber, message(a, err))
				}
				in.OrgID = o.ID
			}
			p, err := a.Auth.CreatePerson(ctx, policy.SystemActor, in, pwStdin)
			if err != nil {
				return inputError(a, err)
			}
			role := ""
			if p.Admin {
				role = " (administrator)"
			}
			fmt.Fprintf(env.stdout, "created person %d <%s>%s\n", p.ID, p.Email, role)
			return nil
		}}.exec(ctx, env, args)
}

func userList(ctx context.Context, env *environment, args []string) error {
	return appCommand{spec: spec{path: "user list", synopsis: "[--data DIR | --database-url URL]",
		about:    "Lists everyone: id, e-mail address, name, organisation, administrator, state.",
		examples: []string{"samstyr user list --data /var/lib/samstyr"}},
		existing: true,
		run: func(ctx context.Context, a *server.App, _ []string) error {
			tw := tabwriter.NewWriter(env.stdout, 2, 4, 2, ' ', 0)
			fmt.Fprintln(tw, "ID\tE-MAIL\tNAME\tORGANISATION\tADMIN\tSTATE")
			f := auth.PersonFilter{Limit: listing.MaxLimit}
			for {
				page, err := a.Auth.ListPeople(ctx, policy.SystemActor, f)
				if err != nil {
					return err
				}
				for _, p := range page.Items {
					state := "active"
					if p.Disabled() {
						state = "disabled"
					}
					fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%v\t%s\n", p.ID, p.Email, p.Name, p.OrgName, p.Admin, state)
				}
				if page.Next == "" {
					return tw.Flush()
				}
				if f.After, err = listing.DecodeCursor(page.Next); err != nil {
					return err
				}
			}
		}}.exec(ctx, env, args)
}

func userSetDisabled(ctx context.Context, env *environment, args []string, disabled bool) error {
	var email string
	verb := map[bool]string{true: "disable", false: "enable"}[disabled]
	about := "Disables a person: their sessions end and their API tokens stop working."
	if !disabled {
		about = "Enables a disabled person again."
	}
	sp := spec{path: "user " + verb, synopsis: "--email E", about: about,
		examples: []string{"samstyr user " + verb + " --email kari@ks.no --data /var/lib/samstyr"}}
	return appCommand{spec: sp, existing: true,
		flags: func(fs *flag.FlagSet) { fs.StringVar(&email, "email", "", "e-mail address `E` of the person") },
		check: func([]string) error { return sp.need("email", email, "the person's e-mail address") },
		run: func(ctx context.Context, a *server.App, _ []string) error {
			p, err := a.Auth.FindPersonByEmail(ctx, policy.SystemActor, email)
			if err != nil {
				return inputError(a, err)
			}
			if err := a.Auth.SetDisabled(ctx, policy.SystemActor, p.ID, disabled); err != nil {
				return err
			}
			fmt.Fprintf(env.stdout, "%sd person %d <%s>\n", verb, p.ID, p.Email)
			return nil
		}}.exec(ctx, env, args)
}

// userTOTPCode prints the current second-factor code of a demo account, so
// the demo administrator can sign in without an authenticator app.
func userTOTPCode(ctx context.Context, env *environment, args []string) error {
	var email string
	sp := spec{path: "user totp-code", synopsis: "--email E",
		about:    "Prints the current second-factor code of a demo account (made by seed demo or seed bench),\nso the demo administrator can sign in without an authenticator app.",
		examples: []string{"samstyr user totp-code --email admin@demo.samstyr.no --data ./data"}}
	return appCommand{spec: sp, existing: true,
		flags: func(fs *flag.FlagSet) { fs.StringVar(&email, "email", "", "e-mail address `E` of a demo account") },
		check: func([]string) error { return sp.need("email", email, "the demo account's e-mail address") },
		run: func(ctx context.Context, a *server.App, _ []string) error {
			p, err := a.DB.FindPersonByEmail(ctx, strings.ToLower(email))
			if err != nil {
				return inputError(a, err)
			}
			if !p.Demo || !p.TOTPEnabled {
				return usageError("%s is not a demo account with a second factor", email)
			}
			code, err := auth.TOTPCode(p.TOTPSecret, time.Now())
			if err != nil {
				return err
			}
			fmt.Fprintln(env.stdout, code)
			return nil
		}}.exec(ctx, env, args)
}

func cmdToken(ctx context.Context, env *environment, args []string) error {
	return group{path: "token", about: "Manages API tokens (Authorization: Bearer …).", verbs: []verb{
		{"create", "create a token for a person and print it once", tokenCreate},
		{"revoke", "revoke a token by its id", tokenRevoke},
	}}.run(ctx, env, args)
}

func tokenCreate(ctx context.Context, env *environment, args []string) error {
	var email, name string
	sp := spec{path: "token create", synopsis: "--email E [--name N]",
		about: "Creates an API token for the person and prints it as the last line; it is shown only once.",
		examples: []string{"samstyr token create --email kari@ks.no --name 'nightly export'",
			"TOKEN=$(samstyr token create --email kari@ks.no --data /var/lib/samstyr | tail -n 1)"}}
	return appCommand{spec: sp, existing: true,
		flags: func(fs *flag.FlagSet) {
			fs.StringVar(&email, "email", "", "e-mail address `E` of the token's owner")
			fs.StringVar(&name, "name", "command line", "name `N` of the token, to tell it apart")
		},
		check: func([]string) error { return sp.need("email", email, "the e-mail address of the token's owner") },
		run: func(ctx context.Context, a *server.App, _ []string) error {
			p, err := a.Auth.FindPersonByEmail(ctx, policy.SystemActor, email)
			if err != nil {
				return inputError(a, err)
			}
			raw, t, err := a.Auth.CreateToken(ctx, policy.SystemActor, p.ID, name)
			if err != nil {
				return inputError(a, err)
			}
			fmt.Fprintf(env.stdout, "token %d for %s (shown once; send it as Authorization: Bearer …):\n%s\n", t.ID, p.Email, raw)
			return nil
		}}.exec(ctx, env, args)
}

func tokenRevoke(ctx context.Context, env *environment, args []string) error {
	var id int64
	sp := spec{path: "token revoke", synopsis: "--id N",
		about:    "Revokes the API token with that id (the number token create printed).",
		examples: []string{"samstyr token revoke --id 12 --data /var/lib/samstyr"}}
	return appCommand{spec: sp, existing: true,
		flags: func(fs *flag.FlagSet) { fs.Int64Var(&id, "id", 0, "id `N` of the token to revoke") },
		check: func([]string) error {
			if id <= 0 {
				return sp.usageError("give --id N: the id of the token")
			}
			return nil
		},
		run: func(ctx context.Context, a *server.App, _ []string) error {
			if err := a.Auth.RevokeToken(ctx, policy.SystemActor, id); err != nil {
				return inputError(a, err)
			}
			fmt.Fprintf(env.stdout, "revoked token %d\n", id)
			return nil
		}}.exec(ctx, env, args)
}

func cmdAudit(ctx context.Context, env *environment, args []string) error {
	return group{path: "audit", about: "Works on the hash-chained audit log.", verbs: []verb{
		{"verify", "check the hash chain of the audit log", auditVerify},
	}}.run(ctx, env, args)
}

func auditVerify(ctx context.Context, env *environment, args []string) error {
	return appCommand{spec: spec{path: "audit verify", synopsis: "[--data DIR | --database-url URL]",
		about: "Checks every event of the audit log against the hash chain. Exits 0 when it is intact,\n" +
			"1 naming the first bad event when not, 2 when there is no database at --data.",
		examples: []string{"samstyr audit verify --data /var/lib/samstyr", "samstyr audit verify --database-url \"$SAMSTYR_DATABASE_URL\""}},
		existing: true,
		run: func(ctx context.Context, a *server.App, _ []string) error {
			res, err := a.Audit.Verify(ctx, policy.SystemActor)
			if err != nil {
				return err
			}
			if !res.OK {
				return fmt.Errorf("audit chain broken at event %d: %s (%d events verified before it)", res.BadSeq, res.Problem, res.Count)
			}
			fmt.Fprintf(env.stdout, "ok: %d events, head %s\n", res.Count, res.Head)
			return nil
		}}.exec(ctx, env, args)
}

// message translates an application error into English for the terminal.
func message(a *server.App, err error) string {
	if e := errs.As(err); e != nil {
		p := a.Catalog.Printer("en")
		msg := p.TMap(e.Key, e.Args)
		for _, f := range e.Fields {
			msg += fmt.Sprintf(" %s: %s", f.Field, p.TMap(f.Key, f.Args))
		}
		return msg
	}
	return err.Error()
}

// inputError turns invalid input and missing items into exit status 2 with
// a readable message.
func inputError(a *server.App, err error) error {
	switch errs.CodeOf(err) {
	case errs.Invalid, errs.NotFound, errs.Conflict:
		return usageError("%s", message(a, err))
	}
	return err
}
