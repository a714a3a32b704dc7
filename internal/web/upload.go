package web

import (
	"bytes"
	"context"
	"crypto/subtle"
	"errors"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"

	"github.com/samstyr/samstyr/internal/errs"
)

// Upload limits. A multipart form (files and fields together) may be at
// most MaxUpload; its text fields at most uploadFieldMemory together; of its
// files the first uploadMemory bytes are kept in memory and the rest goes to
// files in the upload folder (Deps.UploadDir), which are removed when the
// request ends.
const (
	MaxUpload         = 32 << 20
	uploadMemory      = 8 << 20
	uploadFieldMemory = 1 << 20
	uploadFilePrefix  = "upload-"
)

// upload is one file of a multipart form.
type upload struct {
	Filename string
	Size     int64
	data     []byte // kept in memory, or
	path     string // in a file of the upload folder
}

// Open returns the file's content.
func (u *upload) Open() (io.ReadCloser, error) {
	if u.path != "" {
		return os.Open(u.path)
	}
	return io.NopCloser(bytes.NewReader(u.data)), nil
}

// ReadAll returns at most limit+1 bytes of the file, so that a caller can
// tell a file over the limit.
func (u *upload) ReadAll(limit int64) ([]byte, error) {
	f, err := u.Open()
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(io.LimitReader(f, limit+1))
}

type uploadsKey struct{}

// uploads is the files of a request's multipart form by field name and the
// temporary files that hold some of them.
type uploads struct {
	files map[string][]*upload
	temp  []string
}

func (u *uploads) remove() {
	for _, p := range u.temp {
		_ = os.Remove(p)
	}
}

// formUploads returns the files sent in a multipart form field, skipping an
// empty file input.
func formUploads(r *http.Request, field string) []*upload {
	u, _ := r.Context().Value(uploadsKey{}).(*uploads)
	if u == nil {
		return nil
	}
	var out []*upload
	for _, f := range u.files[field] {
		if f.Size > 0 || f.Filename != "" {
			out = append(out, f)
		}
	}
	return out
}

// formUpload returns the first file of a multipart form field, or nil.
func formUpload(r *http.Request, field string) *upload {
	if f := formUploads(r, field); len(f) > 0 {
		return f[0]
	}
	return nil
}

func isMultipart(r *http.Request) bool {
	return strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/form-data")
}

// readMultipart checks the CSRF token of a multipart form before it reads
// any file: the token must come in the X-CSRF-Token header or as a text
// field before the first file (every form's csrf template comes first), so
// a form without it is refused having read at most its text fields (1 MiB). It then reads the form once: text
// fields into r.PostForm and r.Form, files into the request's context
// (formUploads), larger ones into the upload folder. The caller removes
// the files with the returned uploads' remove, also on error.
func (s *Server) readMultipart(r *http.Request) (*http.Request, *uploads, error) {
	u := &uploads{files: map[string][]*upload{}}
	_, params, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || params["boundary"] == "" {
		return r, u, errs.E(errs.Forbidden, "error.csrf")
	}
	mr := multipart.NewReader(r.Body, params["boundary"])
	values := url.Values{}
	fieldsLeft := int64(uploadFieldMemory)
	token := r.Header.Get("X-CSRF-Token")
	for token == "" {
		// Text fields up to the token are read (within the fields' limit);
		// a file before it is refused unread.
		p, err := mr.NextPart()
		if err != nil || p.FileName() != "" {
			return r, u, s.bodyError(err, errs.E(errs.Forbidden, "error.csrf"))
		}
		if err := readField(p, values, &fieldsLeft); err != nil {
			return r, u, s.bodyError(err, errs.E(errs.Forbidden, "error.csrf"))
		}
		token = values.Get("csrf_token")
	}
	if !s.csrfValid(r, token) {
		return r, u, errs.E(errs.Forbidden, "error.csrf")
	}
	if err := s.readParts(mr, values, u, fieldsLeft); err != nil {
		return r, u, s.bodyError(err, errs.E(errs.Invalid, "error.body_unreadable"))
	}
	r = r.WithContext(context.WithValue(r.Context(), uploadsKey{}, u))
	r.PostForm = values
	r.Form = url.Values{}
	for k, v := range r.URL.Query() {
		r.Form[k] = v
	}
	for k, v := range values {
		r.Form[k] = append(v, r.Form[k]...)
	}
	r.MultipartForm = &multipart.Form{Value: values, File: map[string][]*multipart.FileHeader{}}
	return r, u, nil
}

// readParts reads the remaining parts of a multipart form.
func (s *Server) readParts(mr *multipart.Reader, values url.Values, u *uploads, fieldsLeft int64) error {
	memLeft := int64(uploadMemory)
	for {
		p, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
		name := p.FormName()
		if name == "" {
			continue
		}
		if p.FileName() == "" {
			if err := readField(p, values, &fieldsLeft); err != nil {
				return err
			}
			continue
		}
		f, err := s.readFile(p, &memLeft, u)
		if err != nil {
			return err
		}
		u.files[name] = append(u.files[name], f)
	}
}

// readField reads a text field into values, within what is left of the
// fields' memory.
func readField(p *multipart.Part, values url.Values, left *int64) error {
	b, err := io.ReadAll(io.LimitReader(p, *left+1))
	if err != nil {
		return err
	}
	if *left -= int64(len(b)); *left < 0 {
		return &http.MaxBytesError{Limit: uploadFieldMemory}
	}
	if name := p.FormName(); name != "" {
		values[name] = append(values[name], string(b))
	}
	return nil
}

// readFile keeps a file part in memory while the form's memory lasts and
// writes it to the upload folder otherwise.
func (s *Server) readFile(p *multipart.Part, memLeft *int64, u *uploads) (*upload, error) {
	f := &upload{Filename: p.FileName()}
	var buf bytes.Buffer
	n, err := io.CopyN(&buf, p, *memLeft+1)
	if err != nil && !errors.Is(err, io.EOF) {
		return nil, err
	}
	if n <= *memLeft {
		*memLeft -= n
		f.data, f.Size = buf.Bytes(), n
		return f, nil
	}
	tmp, err := os.CreateTemp(s.uploadDir(), uploadFilePrefix)
	if err != nil {
		return nil, err
	}
	u.temp = append(u.temp, tmp.Name())
	m, err := io.Copy(tmp, io.MultiReader(&buf, p))
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	f.path, f.Size = tmp.Name(), m
	return f, err
}

func (s *Server) uploadDir() string {
	if s.UploadDir != "" {
		return s.UploadDir
	}
	return os.TempDir()
}

// bodyError turns a body over the size limit into TooLarge and any other
// failure to read into other.
func (s *Server) bodyError(err, other error) error {
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		return errs.E(errs.TooLarge, "error.body_too_large")
	}
	return other
}

// csrfValid reports whether token is the CSRF token of the browser's cookie.
func (s *Server) csrfValid(r *http.Request, token string) bool {
	c := s.cookie(r, cookieCSRF)
	return len(c) >= 20 && subtle.ConstantTimeCompare([]byte(token), []byte(s.csrfFor(c))) == 1
}

// CleanUploadDir creates the upload folder and removes upload files left
// behind by a process that stopped in the middle of a request. serve calls
// it at start.
func CleanUploadDir(dir string) error {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	old, err := filepath.Glob(filepath.Join(dir, uploadFilePrefix+"*"))
	if err != nil {
		return err
	}
	for _, p := range old {
		if err := os.Remove(p); err != nil && !errors.Is(err, os.ErrNotExist) {
			return err
		}
	}
	return nil
}
