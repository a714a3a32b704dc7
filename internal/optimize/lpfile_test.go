package optimize

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestWriteLPMatchesReference checks that WriteLP reproduces every reference
// .lp file byte for byte from its .json.
func TestWriteLPMatchesReference(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join("testdata", "portfolio", "*.json"))
	if len(files) == 0 {
		t.Fatal("no reference instances")
	}
	for _, path := range files {
		inst := loadInstance(t, path)
		var buf bytes.Buffer
		if err := WriteLP(&buf, inst); err != nil {
			t.Fatal(err)
		}
		want, err := os.ReadFile(strings.TrimSuffix(path, ".json") + ".lp")
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(buf.Bytes(), want) {
			got := strings.Split(buf.String(), "\n")
			exp := strings.Split(string(want), "\n")
			for i := range min(len(got), len(exp)) {
				if got[i] != exp[i] {
					t.Fatalf("%s line %d:\n got %q\nwant %q", path, i+1, got[i], exp[i])
				}
			}
			t.Fatalf("%s: %d lines, want %d", path, len(got), len(exp))
		}
	}
}
