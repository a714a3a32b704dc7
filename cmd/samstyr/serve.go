package main

import (
	"context"
	"fmt"
	"net"
	"os"
	"os/signal"
	"runtime/debug"
	"syscall"

	"github.com/samstyr/samstyr/internal/server"
)

// defaultMemoryLimit is the soft memory limit of serve unless GOMEMLIMIT
// gives one.
const defaultMemoryLimit = 128 << 20

func cmdServe(ctx context.Context, env *environment, args []string) error {
	cfg, err := loadConfig(env)
	if err != nil {
		return err
	}
	sp := spec{path: "serve", synopsis: "[--addr HOST:PORT] [--dev] [--data DIR | --database-url URL]",
		about: "Runs the web server (pages, JSON API, jobs, reminders), migrating the database first.\n" +
			"SIGINT or SIGTERM stops it. Other settings come from SAMSTYR_* variables (README.md).",
		examples: []string{"samstyr serve --data /var/lib/samstyr --addr 127.0.0.1:8080",
			"SAMSTYR_DATABASE_URL='postgres://samstyr@db/samstyr' samstyr serve --addr :8080"}}
	fs := newFlagSet(sp)
	commonFlags(fs, &cfg)
	fs.StringVar(&cfg.Addr, "addr", cfg.Addr, "listen `address` HOST:PORT (env SAMSTYR_ADDR, default 127.0.0.1:8080)")
	fs.BoolVar(&cfg.Dev, "dev", cfg.Dev, "development mode: templates and assets from disk, error details shown (env SAMSTYR_DEV)")
	if _, err := sp.parseConfig(env, fs, &cfg, args); err != nil {
		return err
	}
	log := newLogger(cfg, env.stderr)
	if os.Getenv("GOMEMLIMIT") == "" {
		// A soft memory limit: the garbage collector works harder near it
		// instead of letting the heap grow to twice what is live under a
		// burst of requests. GOMEMLIMIT (for example 1GiB) sets another.
		debug.SetMemoryLimit(defaultMemoryLimit)
	}
	a, err := server.Open(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer a.Close()
	handler, err := a.Handler(ctx)
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", cfg.Addr, err)
	}
	// Serve decides how to stop from the signal: SIGTERM (an orchestrator)
	// drains first, SIGINT (Ctrl-C) does not. main's context ends on both.
	sigs := make(chan os.Signal, 2)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	defer signal.Stop(sigs)
	log.Info("samstyr listening", "addr", "http://"+ln.Addr().String(), "database", a.DB.Dialect().String())
	return a.Serve(ctx, ln, handler, sigs)
}
