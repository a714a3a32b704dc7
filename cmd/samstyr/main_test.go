package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/samstyr/samstyr/internal/auth"
	"github.com/samstyr/samstyr/internal/config"
	"github.com/samstyr/samstyr/internal/server"
	"github.com/samstyr/samstyr/internal/store"
	"github.com/samstyr/samstyr/internal/testutil"
)

// cli runs samstyr with args against one database (a temp data directory,
// or a fresh PostgreSQL schema when SAMSTYR_TEST_DATABASE_URL is set).
type cli struct {
	t   *testing.T
	env map[string]string
}

func newCLI(t *testing.T) *cli {
	c := &cli{t: t, env: map[string]string{"SAMSTYR_DATA": t.TempDir()}}
	if base := testutil.PostgresURL(); base != "" {
		c.env["SAMSTYR_DATABASE_URL"] = testutil.NewPostgresSchema(t, base)
	}
	return c
}

func (c *cli) run(stdin string, args ...string) (int, string, string) {
	c.t.Helper()
	var out, errb bytes.Buffer
	env := &environment{stdin: strings.NewReader(stdin), stdout: &out, stderr: &errb,
		getenv: func(k string) (string, bool) { v, ok := c.env[k]; return v, ok }}
	code := run(context.Background(), env, args)
	return code, out.String(), errb.String()
}

func (c *cli) app() *server.App {
	cfg := config.Default()
	cfg.DataDir, cfg.DatabaseURL = c.env["SAMSTYR_DATA"], c.env["SAMSTYR_DATABASE_URL"]
	a, err := server.Open(context.Background(), cfg, nil)
	if err != nil {
		c.t.Fatal(err)
	}
	c.t.Cleanup(func() { a.Close() })
	return a
}

func TestUsageAndHelp(t *testing.T) {
	c := newCLI(t)
	if code, out, _ := c.run(""); code != 2 || !strings.Contains(out, "Commands:") {
		t.Fatalf("no args: %d %q", code, out)
	}
	if code, _, errOut := c.run("", "frobnicate"); code != 2 || !strings.Contains(errOut, "unknown command") {
		t.Fatalf("unknown: %d %q", code, errOut)
	}
	for _, args := range [][]string{{"serve", "--help"}, {"migrate", "--help"}, {"seed", "--help"}, {"user", "--help"}, {"user", "create", "--help"},
		{"token", "--help"}, {"backup", "--help"}, {"restore", "--help"}, {"audit", "--help"}, {"portfolio", "--help"}} {
		code, out, errOut := c.run("", args...)
		if code != 0 || !strings.Contains(out+errOut, "samstyr") {
			t.Errorf("%v: %d %q %q", args, code, out, errOut)
		}
	}
}

func TestUserTokenAndAuditVerify(t *testing.T) {
	c := newCLI(t)
	if code, out, errOut := c.run("", "migrate"); code != 0 || !strings.Contains(out, "version 1 of") && !strings.Contains(out, "version") {
		t.Fatalf("migrate: %d %q %q", code, out, errOut)
	}
	// Bad input: exit 2 with the problem named.
	for _, tc := range []struct {
		stdin string
		args  []string
		want  string
	}{
		{"a good passphrase\n", []string{"user", "create", "--email", "not-an-address", "--name", "X", "--password-stdin"}, "email"},
		{"password\n", []string{"user", "create", "--email", "a@b.no", "--name", "X", "--password-stdin"}, "too common"},
		{"a good passphrase\n", []string{"user", "create", "--email", "a@b.no", "--name", "X", "--org", "999999999", "--password-stdin"}, "organisation"},
		{"", []string{"user", "create", "--email", "a@b.no", "--name", "X", "--password-stdin"}, "no password"},
		{"", []string{"token", "create", "--email", "nobody@b.no"}, "not found"},
		{"", []string{"user", "create", "--bogus"}, "flag provided but not defined"},
	} {
		code, _, errOut := c.run(tc.stdin, tc.args...)
		if code != 2 || !strings.Contains(strings.ToLower(errOut), tc.want) {
			t.Errorf("%v: exit %d, stderr %q; want 2 mentioning %q", tc.args, code, errOut, tc.want)
		}
	}
	code, out, errOut := c.run("a good passphrase\n", "user", "create", "--email", "Admin@KS.no", "--name", "Ada", "--admin", "--password-stdin")
	if code != 0 || !strings.Contains(out, "<admin@ks.no> (administrator)") {
		t.Fatalf("user create: %d %q %q", code, out, errOut)
	}
	if code, out, _ := c.run("", "user", "list"); code != 0 || !strings.Contains(out, "admin@ks.no") {
		t.Fatalf("user list: %d %q", code, out)
	}
	code, out, _ = c.run("", "token", "create", "--email", "admin@ks.no")
	lines := strings.Split(strings.TrimSpace(out), "\n")
	token := lines[len(lines)-1]
	if code != 0 || !strings.HasPrefix(token, auth.TokenPrefix) {
		t.Fatalf("token create: %d %q", code, out)
	}
	a := c.app()
	actor, err := a.Auth.AuthenticateToken(context.Background(), token)
	if err != nil || actor.Email != "admin@ks.no" || !actor.Admin {
		t.Fatalf("token does not authenticate: %+v %v", actor, err)
	}
	if code, out, _ := c.run("", "audit", "verify"); code != 0 || !strings.HasPrefix(out, "ok: 2 events") {
		t.Fatalf("audit verify: %d %q", code, out)
	}
	if err := a.DB.TamperForTest(context.Background(), `UPDATE audit_events SET action = 'forged' WHERE seq = 1`); err != nil {
		t.Fatal(err)
	}
	if code, _, errOut := c.run("", "audit", "verify"); code != 1 || !strings.Contains(errOut, "broken at event 1") {
		t.Fatalf("audit verify after tampering: %d %q", code, errOut)
	}
	if code, _, _ := c.run("", "user", "disable", "--email", "admin@ks.no"); code != 0 {
		t.Fatal("disable")
	}
	if _, err := a.Auth.AuthenticateToken(context.Background(), token); err == nil {
		t.Fatal("token of a disabled person still works")
	}
}

func TestSeedDemoIsIdempotent(t *testing.T) {
	c := newCLI(t)
	code, out, errOut := c.run("", "seed", "demo")
	if code != 0 || !strings.Contains(out, "381 organisations") || !strings.Contains(out, "samstyr-demo-2026") || !strings.Contains(out, "admin@demo.samstyr.no") {
		t.Fatalf("seed demo: %d %q %q", code, out, errOut)
	}
	a := c.app()
	before, err := a.DB.Checksums(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	code, out, _ = c.run("", "seed", "demo")
	if code != 0 || !strings.Contains(out, "0 organisations, 0 bodies, 0 people, 0 memberships") || strings.Contains(out, "DEMO SIGN-INS") {
		t.Fatalf("second seed: %d %q", code, out)
	}
	after, _ := a.DB.Checksums(context.Background())
	for k, v := range before {
		if after[k] != v {
			t.Errorf("table %s changed on the second seed: %s → %s", k, v, after[k])
		}
	}
	if code, out, _ := c.run("", "user", "totp-code", "--email", "admin@demo.samstyr.no"); code != 0 || len(strings.TrimSpace(out)) != 6 {
		t.Fatalf("totp-code: %d %q", code, out)
	}
}

func TestBackupRestoreRoundTrip(t *testing.T) {
	src := newCLI(t)
	if code, _, errOut := src.run("", "seed", "demo"); code != 0 {
		t.Fatal(errOut)
	}
	file := filepath.Join(t.TempDir(), "samstyr.backup")
	if code, out, errOut := src.run("", "backup", file); code != 0 || !strings.Contains(out, "written to") {
		t.Fatalf("backup: %d %q %q", code, out, errOut)
	}
	if code, _, errOut := src.run("", "backup", file); code == 0 || !strings.Contains(errOut, "exists") {
		t.Fatalf("backup over an existing file: %d %q", code, errOut)
	}
	want, err := src.app().DB.Checksums(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	dst := newCLI(t)
	code, out, errOut := dst.run("", "restore", file)
	if code != 0 || !strings.Contains(out, "audit log intact") {
		t.Fatalf("restore: %d %q %q", code, out, errOut)
	}
	got, err := dst.app().DB.Checksums(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(want) {
		t.Fatalf("tables: got %d, want %d", len(got), len(want))
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("table %s: restored %s, source %s", k, got[k], v)
		}
	}
	// The foreign keys deferred for the load are as a migration made them.
	if db := dst.app().DB; db.Dialect() == store.Postgres {
		var deferrable int
		if err := db.QueryRowForTest(context.Background(), `SELECT COUNT(*) FROM pg_constraint WHERE contype = 'f' AND condeferrable AND connamespace = current_schema()::regnamespace`).Scan(&deferrable); err != nil {
			t.Fatal(err)
		}
		if deferrable != 0 {
			t.Errorf("%d foreign keys are still deferrable after the restore", deferrable)
		}
	}
	// Restoring over data refuses, unless forced.
	if code, _, errOut := dst.run("", "restore", file); code != 2 || !strings.Contains(errOut, "--force") {
		t.Fatalf("restore over data: %d %q", code, errOut)
	}
	if code, _, errOut := dst.run("", "restore", "--force", file); code != 0 {
		t.Fatalf("forced restore: %d %q", code, errOut)
	}
	// New rows get fresh ids after a restore.
	if code, out, errOut := dst.run("a good passphrase\n", "user", "create", "--email", "after@restore.no", "--name", "After", "--password-stdin"); code != 0 {
		t.Fatalf("create after restore: %d %q %q", code, out, errOut)
	}
	junk := filepath.Join(t.TempDir(), "junk")
	os.WriteFile(junk, []byte("not a backup"), 0o600)
	if code, _, errOut := dst.run("", "restore", junk); code != 2 || !strings.Contains(errOut, "not a samstyr backup") {
		t.Fatalf("restore junk: %d %q", code, errOut)
	}
}

func TestPortfolioSolve(t *testing.T) {
	c := newCLI(t)
	code, out, errOut := c.run("", "portfolio", "solve", "../../internal/optimize/testdata/portfolio/pf-n50-t3-s42-k0.3-p1.5.json")
	var res struct {
		Objective int64 `json:"objective"`
		Optimal   bool  `json:"optimal"`
	}
	if code != 0 || json.Unmarshal([]byte(out), &res) != nil || res.Objective != 1445 || !res.Optimal {
		t.Fatalf("solve: %d %q %q", code, out, errOut)
	}
	bad := filepath.Join(t.TempDir(), "bad.json")
	os.WriteFile(bad, []byte(`{"format":"portfolio-instance/v1","years":1,"budget":[-5],"projects":[]}`), 0o600)
	if code, _, errOut := c.run("", "portfolio", "solve", bad); code != 2 || errOut == "" {
		t.Fatalf("bad instance: %d %q", code, errOut)
	}
}

func TestSeedBenchRefusesBadInput(t *testing.T) {
	c := newCLI(t)
	for _, args := range [][]string{{"seed", "bench"}, {"seed", "bench", "--scale", "0"}, {"seed", "bench", "--scale", "1001"}, {"seed", "bench", "--scale", "ten"}} {
		if code, _, errOut := c.run("", args...); code != 2 || !strings.Contains(errOut, "scale") {
			t.Errorf("%v: exit %d, %q; want 2 naming the scale", args, code, errOut)
		}
	}
}
