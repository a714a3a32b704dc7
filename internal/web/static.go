package web

import (
	"crypto/sha256"
	"encoding/hex"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"sort"
	"strings"
)

// staticFiles serves the embedded assets under /static/<version>/…, where
// version is a hash of every file, so they can be cached for a year and a
// new build changes every URL.
type staticFiles struct {
	fsys   fs.FS
	prefix string // "/static/<version>/"
}

func newStaticFiles(root fs.FS) (*staticFiles, error) {
	sub, err := fs.Sub(root, "static")
	if err != nil {
		return nil, err
	}
	h := sha256.New()
	var names []string
	err = fs.WalkDir(sub, ".", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			names = append(names, p)
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	sort.Strings(names)
	for _, n := range names {
		b, err := fs.ReadFile(sub, n)
		if err != nil {
			return nil, err
		}
		h.Write([]byte(n))
		h.Write(b)
	}
	return &staticFiles{fsys: sub, prefix: "/static/" + hex.EncodeToString(h.Sum(nil))[:12] + "/"}, nil
}

// ServeHTTP serves /static/{version}/{path...}. An old version is still
// served (a page cached before a deploy keeps its look) but not cached long.
func (st *staticFiles) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	p := path.Clean(r.PathValue("path"))
	if p == "." || strings.HasPrefix(p, "..") {
		http.NotFound(w, r)
		return
	}
	b, err := fs.ReadFile(st.fsys, p)
	if err != nil {
		http.NotFound(w, r)
		return
	}
	if ct := mime.TypeByExtension(path.Ext(p)); ct != "" {
		w.Header().Set("Content-Type", ct)
	}
	if "/static/"+r.PathValue("version")+"/" == st.prefix {
		w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
	} else {
		w.Header().Set("Cache-Control", "public, max-age=60")
	}
	_, _ = w.Write(b)
}
