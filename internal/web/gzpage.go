package web

import (
	"bytes"
	"compress/flate"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"io"
	"strings"
	"sync"
)

// A cached page is kept compressed (a third of the memory, and what a
// browser asks for anyway), cut where each visitor's CSRF token goes. Each
// part is compressed on its own, so that no part refers back into another
// or into a token; a gzip answer is then the parts with the visitor's token
// between them as stored (uncompressed) deflate blocks, and a CRC-32 of the
// whole combined from the parts' CRCs (RFC 1951 §3.2.4, RFC 1952). Clients
// that do not take gzip get the parts inflated.

// gzPage is a page in compressed parts: part 0, token, part 1 … part n.
type gzPage struct {
	parts [][]byte // raw deflate; all but the last end in a sync flush, the last in a final block
	crcs  []uint32 // CRC-32 of each part's text
	ops   []uint32 // crc32Shift of each part's length
	size  int      // bytes of text in the parts
	zsize int      // bytes of compressed parts
}

var flateWriters = sync.Pool{New: func() any {
	w, _ := flate.NewWriter(nil, flate.DefaultCompression)
	return w
}}

var flateReaders = sync.Pool{New: func() any { return flate.NewReader(bytes.NewReader(nil)) }}

// newGzPage compresses body cut at every occurrence of token.
func newGzPage(body, token []byte) *gzPage {
	texts := bytes.Split(body, token)
	p := &gzPage{}
	fw := flateWriters.Get().(*flate.Writer)
	defer flateWriters.Put(fw)
	for i, text := range texts {
		var buf bytes.Buffer
		fw.Reset(&buf)
		_, _ = fw.Write(text)
		if i < len(texts)-1 {
			_ = fw.Flush() // ends on a byte boundary, the stream still open
		} else {
			_ = fw.Close()
		}
		p.parts = append(p.parts, bytes.Clone(buf.Bytes()))
		p.crcs = append(p.crcs, crc32.ChecksumIEEE(text))
		p.ops = append(p.ops, crc32Shift(len(text)))
		p.size += len(text)
		p.zsize += buf.Len()
	}
	return p
}

// length is the length of the page's text with a token of n bytes.
func (p *gzPage) length(n int) int { return p.size + (len(p.parts)-1)*n }

// gzipLength is the length of the gzip answer with a token of n bytes.
func (p *gzPage) gzipLength(n int) int { return len(gzipHeader) + p.zsize + (len(p.parts)-1)*(5+n) + 8 }

var gzipHeader = []byte{0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff} // deflate, no name, no time, unknown OS

// writeGzip writes the page as one gzip member with token put in.
func (p *gzPage) writeGzip(w io.Writer, token []byte) error {
	if len(token) > 0xffff {
		return errors.New("token too long for a stored block")
	}
	stored := []byte{0, byte(len(token)), byte(len(token) >> 8), ^byte(len(token)), ^byte(len(token) >> 8)}
	tokCRC, tokOp := crc32.ChecksumIEEE(token), crc32Shift(len(token))
	crc := p.crcs[0]
	if _, err := w.Write(gzipHeader); err != nil {
		return err
	}
	for i, part := range p.parts {
		if i > 0 {
			if _, err := w.Write(stored); err != nil {
				return err
			}
			if _, err := w.Write(token); err != nil {
				return err
			}
			crc = crc32Combine(crc32Combine(crc, tokCRC, tokOp), p.crcs[i], p.ops[i])
		}
		if _, err := w.Write(part); err != nil {
			return err
		}
	}
	var trailer [8]byte
	binary.LittleEndian.PutUint32(trailer[:4], crc)
	binary.LittleEndian.PutUint32(trailer[4:], uint32(p.length(len(token))))
	_, err := w.Write(trailer[:])
	return err
}

// writeText writes the page's text with token put in.
func (p *gzPage) writeText(w io.Writer, token []byte) error {
	fr := flateReaders.Get().(io.ReadCloser)
	defer flateReaders.Put(fr)
	for i, part := range p.parts {
		if i > 0 {
			if _, err := w.Write(token); err != nil {
				return err
			}
		}
		_ = fr.(flate.Resetter).Reset(bytes.NewReader(part), nil)
		_, err := io.Copy(w, fr)
		if err != nil && !(errors.Is(err, io.ErrUnexpectedEOF) && i < len(p.parts)-1) {
			return err // a part but the last ends without a final block: its text is all out by then
		}
	}
	return nil
}

// acceptsGzip reports whether the request's Accept-Encoding takes gzip.
func acceptsGzip(header string) bool {
	for _, e := range strings.Split(header, ",") {
		name, params, _ := strings.Cut(strings.TrimSpace(e), ";")
		if !strings.EqualFold(strings.TrimSpace(name), "gzip") {
			continue
		}
		q := strings.ReplaceAll(strings.TrimSpace(params), " ", "")
		return !(q == "q=0" || q == "q=0.0" || q == "q=0.00" || q == "q=0.000")
	}
	return false
}

// crc32Combine returns the CRC-32 (IEEE) of A followed by B from crcA,
// crcB and opB = crc32Shift(len(B)) (zlib's crc32_combine_op).
func crc32Combine(crcA, crcB, opB uint32) uint32 { return multModP(opB, crcA) ^ crcB }

// crc32Shift returns x^(8n) modulo the CRC-32 polynomial: the operator
// that moves a CRC past n bytes (zlib's crc32_combine_gen).
func crc32Shift(n int) uint32 {
	p := uint32(1) << 31 // x^0
	for k := 3; n > 0; n, k = n>>1, k+1 {
		if n&1 != 0 {
			p = multModP(x2nTable[k&31], p)
		}
	}
	return p
}

// multModP multiplies a and b modulo the reflected CRC-32 polynomial.
func multModP(a, b uint32) uint32 {
	const poly = 0xedb88320
	var p uint32
	for m := uint32(1) << 31; m != 0; m >>= 1 {
		if a&m != 0 {
			p ^= b
			if a&(m-1) == 0 {
				break
			}
		}
		if b&1 != 0 {
			b = b>>1 ^ poly
		} else {
			b >>= 1
		}
	}
	return p
}

// x2nTable[k] is x^(2^k) modulo the CRC-32 polynomial.
var x2nTable = func() (t [32]uint32) {
	p := uint32(1) << 30 // x^1
	for k := range t {
		t[k] = p
		p = multModP(p, p)
	}
	return t
}()
