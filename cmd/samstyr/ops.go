package main

import (
	"bufio"
	"context"
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

func cmdMigrate(ctx context.Context, env *environment, args []string) error {
	cfg, err := loadConfig(env)
	if err != nil {
		return err
	}
	fs := flags(env, "migrate", "migrate [--data DIR | --database-url URL]", &cfg)
	if err := parse(fs, &cfg, args); err != nil {
		return err
	}
	a, err := server.Open(ctx, cfg, newLogger(cfg, env.stderr))
	if err != nil {
		return err
	}
	defer a.Close()
	cur, latest, err := a.DB.MigrationStatus(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(env.stdout, "database %s is at version %d of %d\n", a.DB.Dialect(), cur, latest)
	return nil
}

func cmdSeed(ctx context.Context, env *environment, args []string) error {
	if len(args) == 0 || (args[0] != "demo" && args[0] != "bench") {
		if len(args) > 0 && (args[0] == "-h" || args[0] == "--help") {
			fmt.Fprintln(env.stdout, "Usage: samstyr seed demo [--data DIR | --database-url URL]\n       samstyr seed bench --scale N [--seed S] [--data DIR | --database-url URL]")
			return nil
		}
		return usageError("say what to seed: demo or bench")
	}
	if args[0] == "bench" {
		return cmdSeedBench(ctx, env, args[1:])
	}
	cfg, err := loadConfig(env)
	if err != nil {
		return err
	}
	fs := flags(env, "seed demo", "seed demo [--data DIR | --database-url URL]", &cfg)
	if err := parse(fs, &cfg, args[1:]); err != nil {
		return err
	}
	a, err := server.Open(ctx, cfg, newLogger(cfg, env.stderr))
	if err != nil {
		return err
	}
	defer a.Close()
	res, err := seed.Demo(ctx, a.DB, a.Orgs, a.Auth, time.Now())
	if err != nil {
		return err
	}
	fmt.Fprintf(env.stdout, "demo data: %d organisations, %d bodies, %d people, %d memberships created\n",
		res.Organisations, res.Bodies, res.People, res.Memberships)
	nm, err := seed.DemoMeetings(ctx, a.DB, a.Gov, a.Meetings, time.Now())
	if err != nil {
		return err
	}
	fmt.Fprintf(env.stdout, "demo meetings: %d created\n", nm)
	if len(res.Accounts) > 0 {
		fmt.Fprintf(env.stdout, "\nDEMO SIGN-INS (for trying samstyr out only; never use them in production)\npassword for all: %s\n\n", seed.DemoPassword)
		tw := tabwriter.NewWriter(env.stdout, 2, 4, 2, ' ', 0)
		for _, acc := range res.Accounts {
			fmt.Fprintf(tw, "  %s\t%s\t%s\n", acc.Email, acc.Name, acc.Role)
		}
		tw.Flush()
		fmt.Fprintf(env.stdout, "\nThe administrator also needs a code from an authenticator app with the secret %s,\nor from: samstyr user totp-code --email admin@demo.samstyr.no\n", seed.DemoAdminTOTPSecret)
	}
	return nil
}

func cmdUser(ctx context.Context, env *environment, args []string) error {
	if len(args) == 0 {
		return usageError("say what to do: create, list, disable, enable or totp-code")
	}
	switch args[0] {
	case "create":
		return userCreate(ctx, env, args[1:])
	case "list":
		return userList(ctx, env, args[1:])
	case "disable", "enable":
		return userSetDisabled(ctx, env, args[1:], args[0] == "disable")
	case "totp-code":
		return userTOTPCode(ctx, env, args[1:])
	case "-h", "--help":
		fmt.Fprintln(env.stdout, "Usage: samstyr user create --email E --name N [--org NUMBER] [--admin] --password-stdin\n       samstyr user list\n       samstyr user disable --email E\n       samstyr user enable --email E\n       samstyr user totp-code --email E   (demo accounts only)")
		return nil
	}
	return usageError("unknown user command %q", args[0])
}

func userCreate(ctx context.Context, env *environment, args []string) error {
	cfg, err := loadConfig(env)
	if err != nil {
		return err
	}
	var email, name, orgNumber string
	var admin, pwStdin bool
	fs := flags(env, "user create", "user create --email E --name N [--org NUMBER] [--admin] --password-stdin", &cfg)
	fs.StringVar(&email, "email", "", "e-mail `address` (the sign-in name)")
	fs.StringVar(&name, "name", "", "full `name`")
	fs.StringVar(&orgNumber, "org", "", "organisation or municipality `number` of the person's organisation")
	fs.BoolVar(&admin, "admin", false, "make the person an administrator (must set up a second factor at first sign-in)")
	fs.BoolVar(&pwStdin, "password-stdin", false, "read the password from the first line of standard input")
	if err := parse(fs, &cfg, args); err != nil {
		return err
	}
	var pw string
	if pwStdin {
		line, err := bufio.NewReader(env.stdin).ReadString('\n')
		if err != nil && line == "" {
			return usageError("no password on standard input")
		}
		pw = strings.TrimRight(line, "\r\n")
	}
	a, err := server.Open(ctx, cfg, newLogger(cfg, env.stderr))
	if err != nil {
		return err
	}
	defer a.Close()
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
	fmt.Fprintf(env.stdout, "created person %d <%s>%s\n", p.ID, p.Email, map[bool]string{true: " (administrator)"}[p.Admin])
	return nil
}

func userList(ctx context.Context, env *environment, args []string) error {
	cfg, err := loadConfig(env)
	if err != nil {
		return err
	}
	fs := flags(env, "user list", "user list", &cfg)
	if err := parse(fs, &cfg, args); err != nil {
		return err
	}
	a, err := server.Open(ctx, cfg, newLogger(cfg, env.stderr))
	if err != nil {
		return err
	}
	defer a.Close()
	tw := tabwriter.NewWriter(env.stdout, 2, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tE-MAIL\tNAME\tORGANISATION\tADMIN\tSTATE")
	f := auth.PersonFilter{Limit: 500}
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
			break
		}
		last := page.Items[len(page.Items)-1]
		f.After = &listing.Cursor{Key: strings.ToLower(last.Name), ID: last.ID}
	}
	return tw.Flush()
}

func userSetDisabled(ctx context.Context, env *environment, args []string, disabled bool) error {
	cfg, err := loadConfig(env)
	if err != nil {
		return err
	}
	var email string
	verb := map[bool]string{true: "disable", false: "enable"}[disabled]
	fs := flags(env, "user "+verb, "user "+verb+" --email E", &cfg)
	fs.StringVar(&email, "email", "", "e-mail `address` of the person")
	if err := parse(fs, &cfg, args); err != nil {
		return err
	}
	a, err := server.Open(ctx, cfg, newLogger(cfg, env.stderr))
	if err != nil {
		return err
	}
	defer a.Close()
	p, err := a.Auth.FindPersonByEmail(ctx, policy.SystemActor, email)
	if err != nil {
		return inputError(a, err)
	}
	if err := a.Auth.SetDisabled(ctx, policy.SystemActor, p.ID, disabled); err != nil {
		return err
	}
	fmt.Fprintf(env.stdout, "%sd person %d <%s>\n", verb, p.ID, p.Email)
	return nil
}

// userTOTPCode prints the current second-factor code of a demo account, so
// the demo administrator can sign in without an authenticator app.
func userTOTPCode(ctx context.Context, env *environment, args []string) error {
	cfg, err := loadConfig(env)
	if err != nil {
		return err
	}
	var email string
	fs := flags(env, "user totp-code", "user totp-code --email E", &cfg)
	fs.StringVar(&email, "email", "", "e-mail `address` of a demo account")
	if err := parse(fs, &cfg, args); err != nil {
		return err
	}
	a, err := server.Open(ctx, cfg, newLogger(cfg, env.stderr))
	if err != nil {
		return err
	}
	defer a.Close()
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
}

func cmdToken(ctx context.Context, env *environment, args []string) error {
	if len(args) == 0 || (args[0] != "create" && args[0] != "revoke") {
		if len(args) > 0 && (args[0] == "-h" || args[0] == "--help") {
			fmt.Fprintln(env.stdout, "Usage: samstyr token create --email E [--name N]\n       samstyr token revoke --id N")
			return nil
		}
		return usageError("say what to do: create or revoke")
	}
	cfg, err := loadConfig(env)
	if err != nil {
		return err
	}
	var email, name string
	var id int64
	fs := flags(env, "token "+args[0], "token create --email E [--name N] | token revoke --id N", &cfg)
	if args[0] == "create" {
		fs.StringVar(&email, "email", "", "e-mail `address` of the token's owner")
		fs.StringVar(&name, "name", "command line", "`name` of the token, to tell it apart")
	} else {
		fs.Int64Var(&id, "id", 0, "`id` of the token to revoke")
	}
	if err := parse(fs, &cfg, args[1:]); err != nil {
		return err
	}
	a, err := server.Open(ctx, cfg, newLogger(cfg, env.stderr))
	if err != nil {
		return err
	}
	defer a.Close()
	if args[0] == "revoke" {
		if err := a.Auth.RevokeToken(ctx, policy.SystemActor, id); err != nil {
			return inputError(a, err)
		}
		fmt.Fprintf(env.stdout, "revoked token %d\n", id)
		return nil
	}
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
}

func cmdAudit(ctx context.Context, env *environment, args []string) error {
	if len(args) == 0 || args[0] != "verify" {
		if len(args) > 0 && (args[0] == "-h" || args[0] == "--help") {
			fmt.Fprintln(env.stdout, "Usage: samstyr audit verify [--data DIR | --database-url URL]\n\nExits 0 when the hash chain is intact, 1 naming the first bad event when not.")
			return nil
		}
		return usageError("say what to do: verify")
	}
	cfg, err := loadConfig(env)
	if err != nil {
		return err
	}
	fs := flags(env, "audit verify", "audit verify", &cfg)
	if err := parse(fs, &cfg, args[1:]); err != nil {
		return err
	}
	a, err := server.Open(ctx, cfg, newLogger(cfg, env.stderr))
	if err != nil {
		return err
	}
	defer a.Close()
	res, err := a.Audit.Verify(ctx, policy.SystemActor)
	if err != nil {
		return err
	}
	if !res.OK {
		return fmt.Errorf("audit chain broken at event %d: %s (%d events verified before it)", res.BadSeq, res.Problem, res.Count)
	}
	fmt.Fprintf(env.stdout, "ok: %d events, head %s\n", res.Count, res.Head)
	return nil
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
