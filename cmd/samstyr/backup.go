package main

import (
	"context"
	"errors"
	"fmt"

	"github.com/samstyr/samstyr/internal/policy"
	"github.com/samstyr/samstyr/internal/server"
	"github.com/samstyr/samstyr/internal/store"
)

func cmdBackup(ctx context.Context, env *environment, args []string) error {
	return appCommand{spec: spec{path: "backup", synopsis: "FILE [--data DIR | --database-url URL]", args: []string{"FILE"},
		about: "Writes a consistent backup of the database to FILE, a new file, while samstyr keeps running:\n" +
			"a SQLite database file, or gzipped JSON of every table for PostgreSQL. Prints the audit\n" +
			"log's position (event number and head hash) that the backup holds.",
		examples: []string{"samstyr backup /var/backups/samstyr-$(date +%F).db --data /var/lib/samstyr",
			"samstyr backup samstyr.backup --database-url 'postgres://samstyr@db/samstyr'"}},
		existing: true,
		run: func(ctx context.Context, a *server.App, args []string) error {
			file := args[0]
			if err := a.DB.Backup(ctx, file); err != nil {
				return err
			}
			seq, head, err := store.BackupAuditHead(ctx, file)
			if err != nil {
				return fmt.Errorf("backup written to %s, but its audit position cannot be read: %w", file, err)
			}
			fmt.Fprintf(env.stdout, "backup of the %s database written to %s (audit log at event %d, head %s)\n", a.DB.Dialect(), file, seq, head)
			return nil
		}}.exec(ctx, env, args)
}

func cmdRestore(ctx context.Context, env *environment, args []string) error {
	cfg, err := loadConfig(env)
	if err != nil {
		return err
	}
	var force bool
	sp := spec{path: "restore", synopsis: "FILE [--force] [--data DIR | --database-url URL]", args: []string{"FILE"},
		about: "Stop samstyr first. Restores a backup FILE made by samstyr backup into an empty data\n" +
			"directory (SQLite backup) or database (PostgreSQL backup); --force overwrites one that\n" +
			"holds data. Then verifies the audit log of the restored database.",
		examples: []string{"samstyr restore /var/backups/samstyr-2026-11-28.db --data /var/lib/samstyr",
			"samstyr restore /var/backups/samstyr-2026-11-28.db --force --data /var/lib/samstyr",
			"samstyr restore samstyr.backup --database-url 'postgres://samstyr@db/samstyr'"}}
	fs := newFlagSet(sp)
	commonFlags(fs, &cfg)
	fs.BoolVar(&force, "force", false, "overwrite a data directory or database that already holds data")
	pos, err := sp.parseConfig(env, fs, &cfg, args)
	if err != nil {
		return err
	}
	file := pos[0]
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
