package e2e

// Shutdown (issue 9, item 5): on SIGTERM samstyr serve first drains
// (/readyz 503, requests still served), then stops accepting and lets the
// requests in flight finish; a request longer than the limit is cancelled;
// the process exits 0 either way.

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"syscall"
	"testing"
	"time"
)

// slowPost sends a form POST whose body trickles in over d and returns the
// status line of the answer, or the error that ended the exchange.
func slowPost(addr, path string, d time.Duration) (string, error) {
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		return "", err
	}
	defer conn.Close()
	const n = 20
	body := strings.Repeat("x", n)
	if _, err := fmt.Fprintf(conn, "POST %s HTTP/1.1\r\nHost: %s\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: %d\r\n\r\n", path, addr, len("email=")+n); err != nil {
		return "", err
	}
	if _, err := io.WriteString(conn, "email="); err != nil {
		return "", err
	}
	for i := range n {
		time.Sleep(d / n)
		if _, err := io.WriteString(conn, body[i:i+1]); err != nil {
			return "", fmt.Errorf("writing the body: %w", err)
		}
	}
	_ = conn.SetReadDeadline(time.Now().Add(60 * time.Second))
	line, err := bufio.NewReader(conn).ReadString('\n')
	return strings.TrimSpace(line), err
}

func readyStatus(url string) int {
	res, err := http.Get(url + "/readyz")
	if err != nil {
		return 0
	}
	res.Body.Close()
	return res.StatusCode
}

func TestShutdownDrainsAndFinishesRequests(t *testing.T) {
	tg := newTarget(t)
	mustCLI(t, tg, "", "migrate")
	s := startServer(t, tg, "SAMSTYR_SHUTDOWN_DRAIN=1500ms", "SAMSTYR_SHUTDOWN_TIMEOUT=10s")
	addr := strings.TrimPrefix(s.URL, "http://")
	type result struct {
		line string
		err  error
	}
	done := make(chan result, 1)
	go func() {
		line, err := slowPost(addr, "/login", 3*time.Second)
		done <- result{line, err}
	}()
	time.Sleep(500 * time.Millisecond)
	start := time.Now()
	if err := s.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	time.Sleep(300 * time.Millisecond)
	if st := readyStatus(s.URL); st != http.StatusServiceUnavailable {
		t.Errorf("readyz while draining: %d, want 503", st)
	}
	if res, err := http.Get(s.URL + "/healthz"); err != nil {
		t.Errorf("a new request while draining: %v", err)
	} else {
		res.Body.Close()
		if res.StatusCode != 200 || !res.Close {
			t.Errorf("a new request while draining: %d, Connection: close %v (want served, with keep-alive off)", res.StatusCode, res.Close)
		}
	}
	r := <-done
	if r.err != nil || !strings.HasPrefix(r.line, "HTTP/1.1 ") {
		t.Errorf("the request in flight at SIGTERM: %q, %v (want a whole answer, not a reset)", r.line, r.err)
	}
	select {
	case <-s.done:
	case <-time.After(20 * time.Second):
		t.Fatal("samstyr serve did not exit")
	}
	if code := s.cmd.ProcessState.ExitCode(); code != 0 {
		t.Errorf("exit status %d after SIGTERM, want 0:\n%s", code, s.stderr.String())
	}
	if took := time.Since(start); took < 1500*time.Millisecond {
		t.Errorf("stopped %v after SIGTERM: the drain phase was skipped", took)
	}
}

func TestShutdownCancelsRequestsPastTheLimit(t *testing.T) {
	tg := newTarget(t)
	mustCLI(t, tg, "", "migrate")
	s := startServer(t, tg, "SAMSTYR_SHUTDOWN_DRAIN=0s", "SAMSTYR_SHUTDOWN_TIMEOUT=1s")
	addr := strings.TrimPrefix(s.URL, "http://")
	go func() { _, _ = slowPost(addr, "/login", 30*time.Second) }()
	time.Sleep(500 * time.Millisecond)
	start := time.Now()
	if err := s.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	select {
	case <-s.done:
	case <-time.After(20 * time.Second):
		t.Fatal("samstyr serve did not exit with a request past the shutdown limit")
	}
	if code := s.cmd.ProcessState.ExitCode(); code != 0 {
		t.Errorf("exit status %d with a request past the shutdown limit, want 0:\n%s", code, s.stderr.String())
	}
	if took := time.Since(start); took > 12*time.Second {
		t.Errorf("exit %v after SIGTERM with a 1 s limit", took)
	}
}
