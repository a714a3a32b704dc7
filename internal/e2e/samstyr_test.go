package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/samstyr/samstyr/internal/testutil"
)

// long runs the long modes: 200 kill cycles on each database.
var long = flag.Bool("long", false, "run the long modes (200 kill cycles on each database)")

var bin struct {
	once sync.Once
	dir  string
	path string
	err  error
}

func TestMain(m *testing.M) {
	flag.Parse()
	code := m.Run()
	if bin.dir != "" {
		os.RemoveAll(bin.dir)
	}
	os.Exit(code)
}

// samstyrBinary builds cmd/samstyr once per test binary (with -race when
// the tests run with it) and returns its path.
func samstyrBinary(t *testing.T) string {
	t.Helper()
	bin.once.Do(func() {
		bin.dir, bin.err = os.MkdirTemp("", "samstyr-e2e")
		if bin.err != nil {
			return
		}
		bin.path = filepath.Join(bin.dir, "samstyr")
		args := []string{"build", "-o", bin.path}
		if raceEnabled {
			args = append(args, "-race")
		}
		cmd := exec.Command("go", append(args, "../../cmd/samstyr")...)
		out, err := cmd.CombinedOutput()
		if err != nil {
			bin.err = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if bin.err != nil {
		t.Fatal(bin.err)
	}
	return bin.path
}

// target is one database for the binary: a data directory (SQLite) or a
// fresh PostgreSQL schema when SAMSTYR_TEST_DATABASE_URL is set.
type target struct {
	Data string // SAMSTYR_DATA
	URL  string // SAMSTYR_DATABASE_URL, "" for SQLite
}

func newTarget(t *testing.T) target {
	t.Helper()
	tg := target{Data: t.TempDir()}
	if base := testutil.PostgresURL(); base != "" {
		tg.URL = testutil.NewPostgresSchema(t, base)
	}
	return tg
}

func (tg target) env() []string {
	// GORACE: a race-enabled binary otherwise sleeps a second at exit.
	// No drain phase on SIGTERM unless a test asks for one (shutdown_test.go).
	env := append(os.Environ(), "SAMSTYR_DATA="+tg.Data, "SAMSTYR_LOG_LEVEL=warn", "GORACE=atexit_sleep_ms=0", "SAMSTYR_SHUTDOWN_DRAIN=0s")
	env = append(env, "SAMSTYR_DATABASE_URL="+tg.URL)
	return env
}

// postgres reports whether the target is a PostgreSQL database.
func (tg target) postgres() bool { return tg.URL != "" }

// cli runs a samstyr command against the target and returns its exit
// status and output.
func cli(t *testing.T, tg target, stdin string, args ...string) (int, string, string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, samstyrBinary(t), args...)
	cmd.Env = tg.env()
	cmd.Stdin = strings.NewReader(stdin)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatalf("samstyr %v: %v", args, err)
	}
	checkRace(t, "samstyr "+strings.Join(args, " "), errb.String())
	return code, out.String(), errb.String()
}

// mustCLI runs a command that must succeed.
func mustCLI(t *testing.T, tg target, stdin string, args ...string) string {
	t.Helper()
	code, out, errOut := cli(t, tg, stdin, args...)
	if code != 0 {
		t.Fatalf("samstyr %v: exit %d\n%s%s", args, code, out, errOut)
	}
	return out
}

// checkRace fails the test when the race detector reported in output.
func checkRace(t *testing.T, what, output string) {
	t.Helper()
	if i := strings.Index(output, "WARNING: DATA RACE"); i >= 0 {
		t.Errorf("%s: the race detector reported:\n%s", what, output[i:min(len(output), i+6000)])
	}
}

// newAdminToken creates an administrator on the command line and returns an
// API token of theirs.
func newAdminToken(t *testing.T, tg target, email string) string {
	t.Helper()
	mustCLI(t, tg, "a long enough passphrase\n", "user", "create", "--email", email, "--name", "Admin "+email, "--admin", "--password-stdin")
	// An administrator's token acts as one only when the person has a
	// second factor (issue 9): set it up as they would in their account.
	db := tg.open(t)
	if _, err := db.ExecForTest(context.Background(), `UPDATE people SET totp_secret = ?, totp_enabled_at = ? WHERE email = ?`,
		"JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP", time.Now().UTC(), email); err != nil {
		t.Fatal(err)
	}
	db.Close()
	out := strings.Split(strings.TrimSpace(mustCLI(t, tg, "", "token", "create", "--email", email)), "\n")
	return out[len(out)-1]
}

// server is a running `samstyr serve`.
type server struct {
	t      *testing.T
	cmd    *exec.Cmd
	URL    string
	stderr *syncBuffer
	done   chan struct{}
}

// syncBuffer is a buffer written by the child's stderr copier.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// startServer starts `samstyr serve` on a free port and waits until it is
// ready.
func startServer(t *testing.T, tg target, env ...string) *server {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	s := &server{t: t, URL: "http://" + addr, stderr: &syncBuffer{}, done: make(chan struct{})}
	s.cmd = exec.Command(samstyrBinary(t), "serve", "--addr", addr)
	s.cmd.Env = append(tg.env(), env...)
	s.cmd.Stderr = s.stderr
	s.cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	if err := s.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { s.cmd.Wait(); close(s.done) }()
	t.Cleanup(func() { s.kill() })
	deadline := time.Now().Add(60 * time.Second)
	for {
		res, err := http.Get(s.URL + "/readyz")
		if err == nil {
			res.Body.Close()
			if res.StatusCode == 200 {
				return s
			}
		}
		select {
		case <-s.done:
			t.Fatalf("samstyr serve exited at start:\n%s", s.stderr.String())
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("samstyr serve not ready after 60 s:\n%s", s.stderr.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// kill stops the server with SIGKILL, as a crash or the OOM killer would.
func (s *server) kill() {
	select {
	case <-s.done:
		return
	default:
	}
	_ = s.cmd.Process.Signal(syscall.SIGKILL)
	<-s.done
	checkRace(s.t, "samstyr serve", s.stderr.String())
}

// stop stops the server cleanly (SIGTERM) and waits for it.
func (s *server) stop() {
	_ = s.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-s.done:
	case <-time.After(30 * time.Second):
		s.t.Errorf("samstyr serve did not stop within 30 s of SIGTERM")
		s.kill()
	}
	checkRace(s.t, "samstyr serve", s.stderr.String())
}

// client calls the API of a server with a token.
type client struct {
	base  string
	token string
	http  *http.Client
}

func newClient(base, token string) *client {
	return &client{base: base, token: token, http: &http.Client{Timeout: 30 * time.Second,
		Transport: &http.Transport{MaxIdleConnsPerHost: 4, DisableCompression: true}}}
}

// call sends a request with a JSON body (none when body is nil) and decodes
// a JSON answer into out (when not nil). It returns the status; transport
// errors (the server was killed) are returned as err.
func (c *client) call(ctx context.Context, method, path string, body any, out any) (int, error) {
	var r io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return 0, err
		}
		r = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, c.base+path, r)
	if err != nil {
		return 0, err
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if c.token != "" {
		req.Header.Set("Authorization", "Bearer "+c.token)
	}
	res, err := c.http.Do(req)
	if err != nil {
		return 0, err
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		return res.StatusCode, err
	}
	if out != nil && res.StatusCode < 300 {
		if err := json.Unmarshal(b, out); err != nil {
			return res.StatusCode, fmt.Errorf("%s %s: %w: %.200s", method, path, err, b)
		}
	}
	return res.StatusCode, nil
}
