package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/samstyr/samstyr/internal/policy"
	"github.com/samstyr/samstyr/internal/store"
)

// where returns the flags that name c's database on the command line.
func (c *cli) where() []string {
	if url := c.env["SAMSTYR_DATABASE_URL"]; url != "" {
		return []string{"--database-url", url}
	}
	return []string{"--data", c.env["SAMSTYR_DATA"]}
}

// bare returns a cli whose environment names no database but an empty
// decoy data directory, so only flags on the command line reach the
// database; a command that ignored them would write into the decoy.
func bare(t *testing.T) (*cli, string) {
	decoy := t.TempDir()
	return &cli{t: t, env: map[string]string{"SAMSTYR_DATA": decoy}}, decoy
}

func emptyDir(t *testing.T, dir string) {
	t.Helper()
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("%s holds %d entries (%s …); want it untouched", dir, len(entries), entries[0].Name())
	}
}

func join(words []string, more ...string) []string {
	return append(append([]string{}, words...), more...)
}

// TestFlagsAfterArguments runs the commands the way the README writes
// them, with --data or --database-url after the file argument or before
// the verb.
func TestFlagsAfterArguments(t *testing.T) {
	src := newCLI(t)
	if code, out, errOut := src.run("a good passphrase\n", "user", "create", "--email", "ada@ks.no", "--name", "Ada", "--password-stdin"); code != 0 {
		t.Fatalf("user create: %d %q %q", code, out, errOut)
	}
	b, decoy := bare(t)
	file := filepath.Join(t.TempDir(), "samstyr.backup")
	code, out, errOut := b.run("", join([]string{"backup", file}, src.where()...)...)
	if code != 0 || !strings.Contains(out, "written to "+file) {
		t.Fatalf("backup FILE --data/--database-url: exit %d, %q %q", code, out, errOut)
	}
	want, err := src.app().DB.Checksums(context.Background())
	if err != nil {
		t.Fatal(err)
	}

	dst := newCLI(t)
	code, out, errOut = b.run("", join([]string{"restore", file}, dst.where()...)...)
	if code != 0 || !strings.Contains(out, "audit log intact") {
		t.Fatalf("restore FILE --data/--database-url: exit %d, %q %q", code, out, errOut)
	}
	if code, _, errOut := b.run("", join([]string{"restore", file}, dst.where()...)...); code != 2 || !strings.Contains(errOut, "--force") {
		t.Fatalf("restore over data without --force: exit %d, %q", code, errOut)
	}
	code, out, errOut = b.run("", join([]string{"restore", file, "--force"}, dst.where()...)...)
	if code != 0 || !strings.Contains(out, "audit log intact") {
		t.Fatalf("restore FILE --force --data/--database-url: exit %d, %q %q", code, out, errOut)
	}
	got, err := dst.app().DB.Checksums(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("table %s: restored %s, source %s", k, got[k], v)
		}
	}

	// Flags before the verb, and before the command.
	if code, out, errOut := b.run("", join(join([]string{"user"}, dst.where()...), "list")...); code != 0 || !strings.Contains(out, "ada@ks.no") {
		t.Errorf("user --data DIR list: exit %d, %q %q", code, out, errOut)
	}
	if code, out, errOut := b.run("", join(dst.where(), "audit", "verify")...); code != 0 || !strings.HasPrefix(out, "ok: ") {
		t.Errorf("--data DIR audit verify: exit %d, %q %q", code, out, errOut)
	}
	emptyDir(t, decoy)
}

// TestEveryCommandHasHelp asks every command and group for --help.
func TestEveryCommandHasHelp(t *testing.T) {
	c := newCLI(t)
	leaves := []string{"serve", "migrate", "seed demo", "seed bench", "user create", "user list", "user disable", "user enable",
		"user totp-code", "token create", "token revoke", "backup", "restore", "audit verify", "portfolio solve"}
	for _, path := range leaves {
		words := strings.Fields(path)
		for _, a := range [][]string{join(words, "--help"), join(words, "-h"), join([]string{"help"}, words...)} {
			code, out, errOut := c.run("", a...)
			if code != 0 || !strings.Contains(out, "samstyr "+path) || !strings.Contains(out, "Examples:") || errOut != "" {
				t.Errorf("%v: exit %d, stdout %q, stderr %q; want 0 with usage and examples on stdout", a, code, out, errOut)
			}
		}
	}
	for _, a := range [][]string{{"backup", "FILE", "--help"}, {"restore", "x.backup", "--force", "--help"}} {
		if code, out, _ := c.run("", a...); code != 0 || !strings.Contains(out, "Usage: samstyr "+a[0]+" FILE") {
			t.Errorf("%v: exit %d, %q", a, code, out)
		}
	}
	for _, g := range []string{"seed", "user", "token", "audit", "portfolio"} {
		code, out, _ := c.run("", g, "--help")
		if code != 0 || !strings.Contains(out, "Usage: samstyr "+g+" COMMAND") {
			t.Errorf("%s --help: exit %d, %q", g, code, out)
		}
	}
	if c.env["SAMSTYR_DATABASE_URL"] == "" {
		emptyDir(t, c.env["SAMSTYR_DATA"])
	}
}

// TestBadUsageSaysWhatIsWrong: exit 2, the problem named, a pointer to
// --help, and no database created.
func TestBadUsageSaysWhatIsWrong(t *testing.T) {
	c := newCLI(t)
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"backup"}, "missing FILE"},
		{[]string{"backup", "a.db", "b.db"}, `unexpected argument "b.db"`},
		{[]string{"restore"}, "missing FILE"},
		{[]string{"user", "list", "everyone"}, `unexpected argument "everyone"`},
		{[]string{"migrate", "now"}, `unexpected argument "now"`},
		{[]string{"user", "frob"}, `unknown command "frob"`},
		{[]string{"user"}, "missing command"},
		{[]string{"user", "disable"}, "give --email"},
		{[]string{"user", "enable", "--email"}, "flag needs an argument"},
		{[]string{"user", "totp-code"}, "give --email"},
		{[]string{"token", "create", "--name", "x"}, "give --email"},
		{[]string{"token", "revoke"}, "give --id"},
		{[]string{"token", "revoke", "--id", "seven"}, "invalid value"},
		{[]string{"seed", "bench", "--scale"}, "flag needs an argument"},
		{[]string{"audit", "verify", "--bogus"}, "flag provided but not defined"},
	} {
		code, _, errOut := c.run("", tc.args...)
		if code != 2 || !strings.Contains(errOut, tc.want) || !strings.Contains(errOut, "--help' for usage") {
			t.Errorf("%v: exit %d, stderr %q; want 2 naming %q and pointing to --help", tc.args, code, errOut, tc.want)
		}
	}
	if c.env["SAMSTYR_DATABASE_URL"] == "" {
		emptyDir(t, c.env["SAMSTYR_DATA"])
	}
}

// TestReadingCommandsRefuseAMissingDatabase: a mistyped --data must not
// create an empty database and report on it ("ok: 0 events").
func TestReadingCommandsRefuseAMissingDatabase(t *testing.T) {
	for _, dir := range []string{filepath.Join(t.TempDir(), "missing"), t.TempDir()} {
		c := &cli{t: t, env: map[string]string{"SAMSTYR_DATA": dir}} // SQLite: a missing PostgreSQL database cannot be created by samstyr
		file := filepath.Join(t.TempDir(), "b.db")
		for _, a := range [][]string{{"audit", "verify"}, {"user", "list"}, {"user", "totp-code", "--email", "admin@demo.samstyr.no"},
			{"user", "disable", "--email", "a@b.no"}, {"user", "enable", "--email", "a@b.no"},
			{"token", "create", "--email", "a@b.no"}, {"token", "revoke", "--id", "1"}, {"backup", file}} {
			code, out, errOut := c.run("", a...)
			if code != 2 || !strings.Contains(errOut, "no database at "+filepath.Join(dir, "samstyr.db")) || out != "" {
				t.Errorf("%v on %s: exit %d, %q %q; want 2 saying there is no database", a, dir, code, out, errOut)
			}
		}
		if _, err := os.Stat(file); err == nil {
			t.Errorf("backup wrote %s from a missing database", file)
		}
		if entries, err := os.ReadDir(dir); err == nil && len(entries) != 0 || err != nil && !os.IsNotExist(err) {
			t.Errorf("%s: %v %v; want it as it was", dir, entries, err)
		}
	}
}

var reBackupPosition = regexp.MustCompile(`audit log at event (\d+), head ([0-9a-f]{64})`)

// TestBackupPrintsTheFilesAuditPosition backs up while another process
// writes audited changes; the position backup prints must be the one in
// the file, checked against the file's audit_head row.
func TestBackupPrintsTheFilesAuditPosition(t *testing.T) {
	c := newCLI(t)
	if code, _, errOut := c.run("a good passphrase\n", "user", "create", "--email", "ada@ks.no", "--name", "Ada", "--password-stdin"); code != 0 {
		t.Fatal(errOut)
	}
	a := c.app()
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	wg.Add(1)
	go func() { // a writer: each change is one audit event
		defer wg.Done()
		p, err := a.Auth.FindPersonByEmail(ctx, policy.SystemActor, "ada@ks.no")
		if err != nil {
			t.Error(err)
			return
		}
		for i := 0; ctx.Err() == nil; i++ {
			if err := a.Auth.SetDisabled(ctx, policy.SystemActor, p.ID, i%2 == 0); err != nil && ctx.Err() == nil {
				t.Error(err)
				return
			}
		}
	}()
	defer func() { cancel(); wg.Wait() }()

	dir := t.TempDir()
	var firstSeq int64
	for i := range 12 {
		file := filepath.Join(dir, fmt.Sprintf("b%d.backup", i))
		code, out, errOut := c.run("", "backup", file)
		m := reBackupPosition.FindStringSubmatch(out)
		if code != 0 || m == nil {
			t.Fatalf("backup: exit %d, %q %q", code, out, errOut)
		}
		seq, _ := strconv.ParseInt(m[1], 10, 64)
		if i == 0 {
			firstSeq = seq
		}
		sums, err := store.BackupChecksums(context.Background(), file)
		if err != nil {
			t.Fatal(err)
		}
		// The checksum of a one-row table is the hash of the row as JSON.
		row, _ := json.Marshal([]any{1, seq, m[2]})
		h := sha256.Sum256(append(row, '\n'))
		if want := "1:" + hex.EncodeToString(h[:])[:16]; sums["audit_head"] != want {
			t.Fatalf("backup %d printed event %d, head %s, which is not the audit head in the file", i, seq, m[2])
		}
	}
	cancel()
	wg.Wait()
	seq, _, err := a.DB.AuditHead(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if seq <= firstSeq {
		t.Fatalf("no audited writes during the backups (head %d, first backup at %d)", seq, firstSeq)
	}
}

func TestParseFlagsAnywhere(t *testing.T) {
	for _, tc := range []struct {
		args      []string
		pos       []string
		data      string
		force     bool
		wantError bool
	}{
		{[]string{"a.db", "--data", "d", "--force"}, []string{"a.db"}, "d", true, false},
		{[]string{"--force", "a.db", "-data=d"}, []string{"a.db"}, "d", true, false},
		{[]string{"a.db", "b.db", "--data", "d"}, []string{"a.db", "b.db"}, "d", false, false},
		{[]string{"--data", "d", "--", "-odd.db", "--force"}, []string{"-odd.db", "--force"}, "d", false, false},
		{[]string{"-", "--force"}, []string{"-"}, "", true, false},
		{[]string{"a.db", "--nope"}, nil, "", false, true},
	} {
		fs := newFlagSet(spec{path: "x"})
		var data string
		var force bool
		fs.StringVar(&data, "data", "", "")
		fs.BoolVar(&force, "force", false, "")
		pos, err := parseFlags(fs, tc.args)
		if (err != nil) != tc.wantError || strings.Join(pos, " ") != strings.Join(tc.pos, " ") || data != tc.data || force != tc.force {
			t.Errorf("%q: positional %q, data %q, force %v, error %v", tc.args, pos, data, force, err)
		}
	}
}
