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
	name, usage string
	flags       func(fs *flag.FlagSet)
	check       func(fs *flag.FlagSet) error // before the database is opened
	run         func(ctx context.Context, a *server.App, fs *flag.FlagSet) error
}

func (c appCommand) exec(ctx context.Context, env *environment, args []string) error {
	cfg, err := loadConfig(env)
	if err != nil {
		return err
	}
	fs := flags(env, c.name, c.usage, &cfg)
	if c.flags != nil {
		c.flags(fs)
	}
	if err := parse(fs, &cfg, args); err != nil {
		return err
	}
	if c.check != nil {
		if err := c.check(fs); err != nil {
			return err
		}
	}
	a, err := server.Open(ctx, cfg, newLogger(cfg, env.stderr))
	if err != nil {
		return err
	}
	defer a.Close()
	return c.run(ctx, a, fs)
}

// subcommand dispatches "samstyr NAME VERB …" to the verb's command.
func subcommand(ctx context.Context, env *environment, name string, args []string, help string, verbs map[string]func(context.Context, *environment, []string) error) error {
	if len(args) > 0 && (args[0] == "-h" || args[0] == "--help" || args[0] == "help") {
		fmt.Fprintln(env.stdout, help)
		return nil
	}
	if len(args) == 0 || verbs[args[0]] == nil {
		return usageError("unknown or missing %s command\n%s", name, help)
	}
	return verbs[args[0]](ctx, env, args[1:])
}

func cmdMigrate(ctx context.Context, env *environment, args []string) error {
	return appCommand{name: "migrate", usage: "migrate [--data DIR | --database-url URL]",
		run: func(ctx context.Context, a *server.App, _ *flag.FlagSet) error {
			cur, latest, err := a.DB.MigrationStatus(ctx)
			if err != nil {
				return err
			}
			fmt.Fprintf(env.stdout, "database %s is at version %d of %d\n", a.DB.Dialect(), cur, latest)
			return nil
		}}.exec(ctx, env, args)
}

func cmdSeed(ctx context.Context, env *environment, args []string) error {
	return subcommand(ctx, env, "seed", args,
		"Usage: samstyr seed demo [--data DIR | --database-url URL]\n       samstyr seed bench --scale N [--seed S] [--data DIR | --database-url URL]",
		map[string]func(context.Context, *environment, []string) error{"demo": cmdSeedDemo, "bench": cmdSeedBench})
}

func cmdSeedDemo(ctx context.Context, env *environment, args []string) error {
	return appCommand{name: "seed demo", usage: "seed demo [--data DIR | --database-url URL]",
		run: func(ctx context.Context, a *server.App, _ *flag.FlagSet) error {
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
	return subcommand(ctx, env, "user", args,
		"Usage: samstyr user create --email E --name N [--org NUMBER] [--admin] --password-stdin\n       samstyr user list\n       samstyr user disable --email E\n       samstyr user enable --email E\n       samstyr user totp-code --email E   (demo accounts only)",
		map[string]func(context.Context, *environment, []string) error{
			"create": userCreate, "list": userList, "totp-code": userTOTPCode,
			"disable": func(ctx context.Context, env *environment, args []string) error {
				return userSetDisabled(ctx, env, args, true)
			},
			"enable": func(ctx context.Context, env *environment, args []string) error {
				return userSetDisabled(ctx, env, args, false)
			},
		})
}

func userCreate(ctx context.Context, env *environment, args []string) error {
	var email, name, orgNumber, pw string
	var admin, pwStdin bool
	return appCommand{name: "user create", usage: "user create --email E --name N [--org NUMBER] [--admin] --password-stdin",
		flags: func(fs *flag.FlagSet) {
			fs.StringVar(&email, "email", "", "e-mail `address` (the sign-in name)")
			fs.StringVar(&name, "name", "", "full `name`")
			fs.StringVar(&orgNumber, "org", "", "organisation or municipality `number` of the person's organisation")
			fs.BoolVar(&admin, "admin", false, "make the person an administrator (must set up a second factor at first sign-in)")
			fs.BoolVar(&pwStdin, "password-stdin", false, "read the password from the first line of standard input")
		},
		check: func(*flag.FlagSet) error {
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
		run: func(ctx context.Context, a *server.App, _ *flag.FlagSet) error {
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
	return appCommand{name: "user list", usage: "user list",
		run: func(ctx context.Context, a *server.App, _ *flag.FlagSet) error {
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
	return appCommand{name: "user " + verb, usage: "user " + verb + " --email E",
		flags: func(fs *flag.FlagSet) { fs.StringVar(&email, "email", "", "e-mail `address` of the person") },
		run: func(ctx context.Context, a *server.App, _ *flag.FlagSet) error {
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
	return appCommand{name: "user totp-code", usage: "user totp-code --email E",
		flags: func(fs *flag.FlagSet) { fs.StringVar(&email, "email", "", "e-mail `address` of a demo account") },
		run: func(ctx context.Context, a *server.App, _ *flag.FlagSet) error {
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
	return subcommand(ctx, env, "token", args, "Usage: samstyr token create --email E [--name N]\n       samstyr token revoke --id N",
		map[string]func(context.Context, *environment, []string) error{"create": tokenCreate, "revoke": tokenRevoke})
}

func tokenCreate(ctx context.Context, env *environment, args []string) error {
	var email, name string
	return appCommand{name: "token create", usage: "token create --email E [--name N]",
		flags: func(fs *flag.FlagSet) {
			fs.StringVar(&email, "email", "", "e-mail `address` of the token's owner")
			fs.StringVar(&name, "name", "command line", "`name` of the token, to tell it apart")
		},
		run: func(ctx context.Context, a *server.App, _ *flag.FlagSet) error {
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
	return appCommand{name: "token revoke", usage: "token revoke --id N",
		flags: func(fs *flag.FlagSet) { fs.Int64Var(&id, "id", 0, "`id` of the token to revoke") },
		run: func(ctx context.Context, a *server.App, _ *flag.FlagSet) error {
			if err := a.Auth.RevokeToken(ctx, policy.SystemActor, id); err != nil {
				return inputError(a, err)
			}
			fmt.Fprintf(env.stdout, "revoked token %d\n", id)
			return nil
		}}.exec(ctx, env, args)
}

func cmdAudit(ctx context.Context, env *environment, args []string) error {
	return subcommand(ctx, env, "audit", args,
		"Usage: samstyr audit verify [--data DIR | --database-url URL]\n\nExits 0 when the hash chain is intact, 1 naming the first bad event when not.",
		map[string]func(context.Context, *environment, []string) error{"verify": auditVerify})
}

func auditVerify(ctx context.Context, env *environment, args []string) error {
	return appCommand{name: "audit verify", usage: "audit verify",
		run: func(ctx context.Context, a *server.App, _ *flag.FlagSet) error {
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
