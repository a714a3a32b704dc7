// Package mailtest starts a real SMTP server (emersion/go-smtp) for tests
// and keeps every message it receives, parsed.
package mailtest

import (
	"bytes"
	"io"
	"mime"
	"mime/multipart"
	"net"
	"net/mail"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-smtp"
)

// Message is a received message.
type Message struct {
	From, To    string
	Subject     string
	Header      mail.Header
	Text        string // the text/plain part
	HTML        string
	Attachments map[string][]byte // by file name
	Raw         []byte
}

// Server is a running SMTP server.
type Server struct {
	Host string
	Port int
	mu   sync.Mutex
	msgs []*Message
	srv  *smtp.Server
}

// Start starts a server on a free local port, stopped when the test ends.
func Start(t testing.TB) *Server {
	t.Helper()
	s := &Server{}
	s.srv = smtp.NewServer(&backend{s: s})
	s.srv.Domain = "localhost"
	s.srv.AllowInsecureAuth = true
	s.srv.ReadTimeout = 10 * time.Second
	s.srv.WriteTimeout = 10 * time.Second
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().(*net.TCPAddr)
	s.Host, s.Port = "127.0.0.1", addr.Port
	go func() { _ = s.srv.Serve(ln) }()
	t.Cleanup(func() { s.srv.Close() })
	return s
}

// Messages returns what has arrived so far.
func (s *Server) Messages() []*Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]*Message(nil), s.msgs...)
}

// Wait waits up to 10 s for at least n messages and returns them.
func (s *Server) Wait(t testing.TB, n int) []*Message {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		if m := s.Messages(); len(m) >= n {
			return m
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("mailtest: %d messages arrived, want %d", len(s.Messages()), n)
	return nil
}

type backend struct{ s *Server }

func (b *backend) NewSession(*smtp.Conn) (smtp.Session, error) { return &session{s: b.s}, nil }

type session struct {
	s        *Server
	from, to string
}

func (x *session) AuthMechanisms() []string                    { return nil }
func (x *session) Mail(from string, _ *smtp.MailOptions) error { x.from = from; return nil }
func (x *session) Rcpt(to string, _ *smtp.RcptOptions) error   { x.to = to; return nil }
func (x *session) Reset()                                      {}
func (x *session) Logout() error                               { return nil }

func (x *session) Data(r io.Reader) error {
	raw, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	m, err := parse(raw)
	if err != nil {
		return err
	}
	m.From, m.To = x.from, x.to
	x.s.mu.Lock()
	x.s.msgs = append(x.s.msgs, m)
	x.s.mu.Unlock()
	return nil
}

func parse(raw []byte) (*Message, error) {
	pm, err := mail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		return nil, err
	}
	dec := new(mime.WordDecoder)
	subj, _ := dec.DecodeHeader(pm.Header.Get("Subject"))
	m := &Message{Subject: subj, Header: pm.Header, Raw: raw, Attachments: map[string][]byte{}}
	err = walk(m, pm.Header.Get("Content-Type"), pm.Header.Get("Content-Transfer-Encoding"), "", pm.Body)
	return m, err
}

func walk(m *Message, ctype, cte, disposition string, body io.Reader) error {
	mt, params, err := mime.ParseMediaType(ctype)
	if err != nil {
		mt = "text/plain"
	}
	if strings.HasPrefix(mt, "multipart/") {
		mr := multipart.NewReader(body, params["boundary"])
		for {
			p, err := mr.NextRawPart()
			if err == io.EOF {
				return nil
			}
			if err != nil {
				return err
			}
			if err := walk(m, p.Header.Get("Content-Type"), p.Header.Get("Content-Transfer-Encoding"), p.Header.Get("Content-Disposition"), p); err != nil {
				return err
			}
		}
	}
	data, err := decodeBody(cte, body)
	if err != nil {
		return err
	}
	dec := new(mime.WordDecoder)
	if _, dp, err := mime.ParseMediaType(disposition); err == nil && dp["filename"] != "" {
		name, _ := dec.DecodeHeader(dp["filename"])
		m.Attachments[name] = data
		return nil
	}
	if name := params["name"]; name != "" && !strings.HasPrefix(mt, "text/plain") && !strings.HasPrefix(mt, "text/html") {
		name, _ = dec.DecodeHeader(name)
		m.Attachments[name] = data
		return nil
	}
	switch mt {
	case "text/plain":
		m.Text += string(data)
	case "text/html":
		m.HTML += string(data)
	}
	return nil
}
