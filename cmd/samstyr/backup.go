package main

import (
	"context"
	"errors"
	"flag"
	"fmt"

	"github.com/samstyr/samstyr/internal/policy"
	"github.com/samstyr/samstyr/internal/server"
	"github.com/samstyr/samstyr/internal/store"
)

func cmdBackup(ctx context.Context, env *environment, args []string) error {
	return appCommand{name: "backup", usage: "backup FILE [--data DIR | --database-url URL]",
		check: func(fs *flag.FlagSet) error {
			if fs.NArg() != 1 {
				return usageError("give the backup file name: samstyr backup FILE")
			}
			return nil
		},
		run: func(ctx context.Context, a *server.App, fs *flag.FlagSet) error {
			if err := a.DB.Backup(ctx, fs.Arg(0)); err != nil {
				return err
			}
			seq, head, err := a.DB.AuditHead(ctx)
			if err != nil {
				return err
			}
			fmt.Fprintf(env.stdout, "backup of the %s database written to %s (audit log at event %d, head %s)\n", a.DB.Dialect(), fs.Arg(0), seq, head)
			return nil
		}}.exec(ctx, env, args)
}

func cmdRestore(ctx context.Context, env *environment, args []string) error {
	cfg, err := loadConfig(env)
	if err != nil {
		return err
	}
	var force bool
	fs := flags(env, "restore", "restore FILE [--force] [--data DIR | --database-url URL]\n\nStop samstyr first. Restores into an empty data directory or database; --force overwrites.", &cfg)
	fs.BoolVar(&force, "force", false, "overwrite a data directory or database that already holds data")
	if err := parse(fs, &cfg, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return usageError("give the backup file: samstyr restore FILE")
	}
	file := fs.Arg(0)
	dialect, err := store.BackupDialect(file)
	if err != nil {
		return usageError("%v", err)
	}
	switch {
	case dialect == store.SQLite && cfg.DatabaseURL != "":
		return usageError("%s is a SQLite backup; restore it with --data DIR, not --database-url", file)
	case dialect == store.SQLite:
		err = store.RestoreSQLite(ctx, file, cfg.SQLitePath(), force)
	case cfg.DatabaseURL == "":
		return usageError("%s is a PostgreSQL backup; give --database-url", file)
	default:
		err = restorePostgres(ctx, cfg.DatabaseURL, file, force)
	}
	if errors.Is(err, store.ErrNotEmpty) {
		return usageError("%v", err)
	}
	if err != nil {
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
		return fmt.Errorf("restored, but the audit chain is broken at event %d: %s", res.BadSeq, res.Problem)
	}
	fmt.Fprintf(env.stdout, "restored %s; audit log intact: %d events, head %s\n", file, res.Count, res.Head)
	return nil
}

func restorePostgres(ctx context.Context, url, file string, force bool) error {
	db, err := store.Open(ctx, store.Options{URL: url})
	if err != nil {
		return err
	}
	defer db.Close()
	return db.RestorePostgres(ctx, file, force)
}
