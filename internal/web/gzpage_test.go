package web

import (
	"bytes"
	"compress/gzip"
	"hash/crc32"
	"io"
	"math/rand/v2"
	"strings"
	"testing"
)

func TestCRC32Combine(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for range 200 {
		a, b := make([]byte, r.IntN(5000)), make([]byte, r.IntN(70000))
		for i := range a {
			a[i] = byte(r.Uint32())
		}
		for i := range b {
			b[i] = byte(r.Uint32())
		}
		want := crc32.ChecksumIEEE(append(bytes.Clone(a), b...))
		if got := crc32Combine(crc32.ChecksumIEEE(a), crc32.ChecksumIEEE(b), crc32Shift(len(b))); got != want {
			t.Fatalf("combine(%d, %d bytes) = %08x, want %08x", len(a), len(b), got, want)
		}
	}
}

// TestGzPage: the page comes back, with each visitor's token, as gzip that
// Go's reader checks (CRC and length) and as text.
func TestGzPage(t *testing.T) {
	const stored = "Tstored-token-of-this-visitor-43-characters"
	r := rand.New(rand.NewPCG(3, 4))
	words := []string{"<p class=\"ds-paragraph\">", "behov", "kommune", "</p>\n", "æøå", stored, "  ", "<a href=\"/needs/1\">"}
	for i := range 300 {
		var b strings.Builder
		for range r.IntN(3000) {
			b.WriteString(words[r.IntN(len(words))])
		}
		if i%3 == 0 {
			b.WriteString(stored) // ends in a token
		}
		body := b.String()
		p := newGzPage([]byte(body), []byte(stored))
		for _, tok := range []string{"Vvisitor-token-of-another-one-43-characters", "short", ""} {
			want := strings.ReplaceAll(body, stored, tok)
			var gz bytes.Buffer
			if err := p.writeGzip(&gz, []byte(tok)); err != nil {
				t.Fatal(err)
			}
			if gz.Len() != p.gzipLength(len(tok)) {
				t.Fatalf("gzip is %d bytes, gzipLength says %d", gz.Len(), p.gzipLength(len(tok)))
			}
			zr, err := gzip.NewReader(&gz)
			if err != nil {
				t.Fatal(err)
			}
			got, err := io.ReadAll(zr)
			if err != nil || string(got) != want {
				t.Fatalf("gunzip: %v; equal %v (%d bytes, want %d)", err, string(got) == want, len(got), len(want))
			}
			var text bytes.Buffer
			if err := p.writeText(&text, []byte(tok)); err != nil || text.String() != want {
				t.Fatalf("text: %v; equal %v", err, text.String() == want)
			}
			if p.length(len(tok)) != len(want) {
				t.Fatalf("length %d, want %d", p.length(len(tok)), len(want))
			}
		}
	}
}

func TestAcceptsGzip(t *testing.T) {
	for h, want := range map[string]bool{
		"gzip, deflate, br, zstd": true, "GZIP": true, "br;q=1.0, gzip;q=0.8": true, "": false, "identity": false,
		"gzip;q=0": false, "gzip; q=0.000": false, "x-gzip2": false, "deflate, br": false,
	} {
		if got := acceptsGzip(h); got != want {
			t.Errorf("acceptsGzip(%q) = %v, want %v", h, got, want)
		}
	}
}
