package server_test

import (
	"bytes"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/samstyr/samstyr/internal/config"
	"github.com/samstyr/samstyr/internal/testutil/apptest"
)

// countFiles returns the number of files in the folders.
func countFiles(t *testing.T, dirs ...string) int {
	t.Helper()
	n := 0
	for _, d := range dirs {
		es, err := os.ReadDir(d)
		if err != nil && !os.IsNotExist(err) {
			t.Fatal(err)
		}
		n += len(es)
	}
	return n
}

// multipartBody writes a form with the fields in order and one file of
// size bytes (a PNG header and zeros).
func multipartBody(fields [][2]string, file string, size int) (*bytes.Buffer, string) {
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for _, f := range fields {
		_ = mw.WriteField(f[0], f[1])
	}
	fw, _ := mw.CreateFormFile(file, "bilde.png")
	data := make([]byte, size)
	copy(data, "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01")
	_, _ = fw.Write(data)
	_ = mw.Close()
	return &buf, mw.FormDataContentType()
}

// send posts body with the client's cookies; a server that answers before
// reading the body may close the connection, which counts as its answer
// when it came with a status.
func send(t *testing.T, a *apptest.App, c *apptest.Client, path, ctype string, body io.Reader, length int64) int {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, a.URL+path, body)
	req.Header.Set("Content-Type", ctype)
	req.Header.Set("Origin", a.URL)
	req.ContentLength = length
	for _, ck := range c.Cookies() {
		req.AddCookie(ck)
	}
	cl := &http.Client{Timeout: 60 * time.Second, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err := cl.Do(req)
	if err != nil {
		return 0 // refused without an answer the client could read
	}
	_, _ = io.Copy(io.Discard, res.Body)
	res.Body.Close()
	return res.StatusCode
}

// Uploads: the public's large multipart posts are refused before their
// body is read; a person's upload over 8 MiB is kept in the data
// directory's tmp folder while it is read and removed after; the folder is
// emptied at start; nothing goes to the system's temp folder.
func TestUploadsLeaveNoFiles(t *testing.T) {
	sysTmp := t.TempDir()
	t.Setenv("TMPDIR", sysTmp)
	var dataTmp string
	a := apptest.NewWith(t, apptest.Options{Config: func(c *config.Config) {
		dataTmp = c.UploadDir()
		_ = os.MkdirAll(dataTmp, 0o700)
		_ = os.WriteFile(filepath.Join(dataTmp, "upload-left-by-a-crash"), []byte("x"), 0o600)
	}})
	if n := countFiles(t, dataTmp); n != 0 {
		t.Fatalf("upload folder not emptied at start: %d files", n)
	}
	const big = 31 << 20
	anon := a.Client("anonymous")
	anon.Get("/login")
	for i, fields := range [][][2]string{
		nil, // no token at all
		{{"csrf_token", "wrong-token-wrong-token"}, {"email", "x@example.org"}},
		{{"csrf_token", anon.CSRF()}, {"email", "x@example.org"}, {"password", "x"}}, // a valid token
	} {
		body, ctype := multipartBody(fields, "file", big)
		status := send(t, a, anon, "/login", ctype, body, int64(body.Len()))
		if status == http.StatusSeeOther || status == http.StatusOK {
			t.Fatalf("anonymous multipart post %d: status %d", i, status)
		}
		if n := countFiles(t, dataTmp, sysTmp); n != 0 {
			t.Fatalf("anonymous multipart post %d (status %d) left %d files", i, status, n)
		}
	}
	// Over the limit: refused on the announced length.
	body, ctype := multipartBody([][2]string{{"csrf_token", anon.CSRF()}}, "file", 33<<20)
	if status := send(t, a, anon, "/login", ctype, body, int64(body.Len())); status != http.StatusRequestEntityTooLarge {
		t.Fatalf("33 MiB post: status %d, want 413", status)
	}

	// A member attaches a 9 MiB file: in the data directory's tmp folder
	// while it is read, gone afterwards.
	member := a.Client("member")
	res := member.PostForm("/needs", url.Values{"title": {"Vedlegg"}, "action": {"draft"}})
	wantStatus(t, "draft", res, http.StatusSeeOther)
	loc := res.Header.Get("Location")
	member.Get(loc)
	body, ctype = multipartBody([][2]string{{"csrf_token", member.CSRF()}}, "file", 9<<20)
	total := int64(body.Len())
	pr, pw := io.Pipe()
	seen := make(chan int, 1)
	go func() {
		_, _ = io.CopyN(pw, body, total-(64<<10)) // all but the end
		n := 0
		for deadline := time.Now().Add(5 * time.Second); n == 0 && time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
			n = countFiles(t, dataTmp)
		}
		seen <- n
		_, _ = io.Copy(pw, body)
		pw.Close()
	}()
	if status := send(t, a, member, loc+"/attachments", ctype, pr, total); status != http.StatusSeeOther {
		t.Fatalf("9 MiB attachment: status %d", status)
	}
	if n := <-seen; n != 1 {
		t.Fatalf("while reading a 9 MiB upload the data directory's tmp folder held %d files, want 1", n)
	}
	if n := countFiles(t, dataTmp, sysTmp); n != 0 {
		t.Fatalf("a 9 MiB attachment left %d files", n)
	}
	if !strings.Contains(member.Get(loc).Body, "bilde.png") {
		t.Fatal("the attachment is not on the need")
	}
}
