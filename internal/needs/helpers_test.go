package needs_test

import (
	"archive/zip"
	"bytes"

	"github.com/samstyr/samstyr/internal/listing"
)

func decodeCursor(s string) (*listing.Cursor, error) { return listing.DecodeCursor(s) }

func zipOf(files map[string]string) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for name, content := range files {
		w, _ := zw.Create(name)
		_, _ = w.Write([]byte(content))
	}
	_ = zw.Close()
	return buf.Bytes()
}
