// Command profile writes a CPU profile of a page's first views: it opens a
// samstyr data directory (loaded with `samstyr seed bench`), and asks the
// handler, in this process, for each public need page once (each a first
// view, nothing cached), or for the JSON API's need with a token, while
// runtime/pprof records. Read the profile with `go tool pprof -top`.
//
// Usage (from the repository root):
//
//	go run ./bench/profile -data bench-data/load -what need-page -out /tmp/need.prof
//	go run ./bench/profile -data bench-data/load -what api-need -token samstyr_… -out /tmp/api.prof
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"runtime/pprof"
	"time"

	"github.com/samstyr/samstyr/internal/config"
	"github.com/samstyr/samstyr/internal/server"
)

func main() {
	data := flag.String("data", "bench-data/load", "SQLite data `directory`")
	what := flag.String("what", "need-page", "need-page (first views) or api-need (with -token, repeated)")
	token := flag.String("token", "", "API token for api-need")
	out := flag.String("out", "cpu.prof", "profile `file`")
	n := flag.Int("n", 2000, "requests")
	flag.Parse()
	ctx := context.Background()
	cfg := config.Default()
	cfg.DataDir = *data
	a, err := server.Open(ctx, cfg, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		fail(err)
	}
	defer a.Close()
	h, err := a.Handler(ctx)
	if err != nil {
		fail(err)
	}
	ids := publicNeeds(h)
	f, err := os.Create(*out)
	if err != nil {
		fail(err)
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		fail(err)
	}
	start := time.Now()
	done := 0
	for i := 0; i < *n && i < len(ids) || *what == "api-need" && i < *n; i++ {
		id := ids[i%len(ids)]
		var req *http.Request
		if *what == "api-need" {
			req = httptest.NewRequest("GET", fmt.Sprintf("/api/v1/needs/%d", id), nil)
			req.Header.Set("Authorization", "Bearer "+*token)
		} else {
			req = httptest.NewRequest("GET", fmt.Sprintf("/needs/%d", id), nil)
		}
		req.Header.Set("Accept-Encoding", "gzip")
		w := httptest.NewRecorder()
		h.ServeHTTP(w, req)
		if w.Code != http.StatusOK {
			fail(fmt.Errorf("%s: %d", req.URL, w.Code))
		}
		done++
	}
	pprof.StopCPUProfile()
	f.Close()
	fmt.Printf("%d requests in %v (%.2f ms each)\n", done, time.Since(start), float64(time.Since(start).Microseconds())/1000/float64(done))
}

// publicNeeds lists the public needs' ids through the API.
func publicNeeds(h http.Handler) []int64 {
	var ids []int64
	cursor := ""
	for {
		w := httptest.NewRecorder()
		h.ServeHTTP(w, httptest.NewRequest("GET", "/api/v1/needs?limit=500&cursor="+url.QueryEscape(cursor), nil))
		var page struct {
			Items []struct {
				ID int64 `json:"id"`
			} `json:"items"`
			Next string `json:"next_cursor"`
		}
		if err := json.Unmarshal(w.Body.Bytes(), &page); err != nil {
			fail(fmt.Errorf("list needs: %d %v", w.Code, err))
		}
		for _, n := range page.Items {
			ids = append(ids, n.ID)
		}
		if cursor = page.Next; cursor == "" {
			return ids
		}
	}
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "bench/profile:", err)
	os.Exit(1)
}
