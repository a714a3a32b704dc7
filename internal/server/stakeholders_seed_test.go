package server_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/samstyr/samstyr/internal/catalog"
	"github.com/samstyr/samstyr/internal/config"
	"github.com/samstyr/samstyr/internal/seed"
	"github.com/samstyr/samstyr/internal/server"
	"github.com/samstyr/samstyr/internal/testutil"
)

// TestDemoStakeholders loads the demo twice: the catalogue of DOMAIN.md §6
// with NPS 3.1 adopted, a verified product for it, and an FAQ entry, once.
func TestDemoStakeholders(t *testing.T) {
	ctx := context.Background()
	opts := testutil.NewDBOptions(t)
	cfg := config.Default()
	cfg.DatabaseURL, cfg.DataDir = opts.URL, ""
	if opts.Path != "" {
		cfg.DataDir = strings.TrimSuffix(opts.Path, "/samstyr.db")
	}
	app, err := server.Open(ctx, cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer app.Close()
	for range 2 {
		if _, err := seed.Demo(ctx, app.DB, app.Orgs, app.Auth, time.Now()); err != nil {
			t.Fatal(err)
		}
	}
	sts, err := app.Standards.Standards(ctx, nil)
	if err != nil || len(sts) != 6 {
		t.Fatalf("standards: %d %v", len(sts), err)
	}
	var nps31 *catalog.Version
	for _, st := range sts {
		for _, v := range st.Versions {
			if v.Label() == "NPS 3.1" {
				nps31 = v
			}
		}
	}
	if nps31 == nil || nps31.Status != catalog.Adopted {
		t.Fatalf("NPS 3.1: %+v", nps31)
	}
	ds, err := app.Standards.Declarations(ctx, nil, catalog.DeclarationFilter{StandardVersionID: nps31.ID})
	if err != nil || len(ds) != 1 || ds[0].Product != "Demo Byggesak" {
		t.Fatalf("public declarations for NPS 3.1: %+v %v", ds, err)
	}
	faq, err := app.Inquiries.FAQ(ctx, nil)
	if err != nil || len(faq) != 1 {
		t.Fatalf("FAQ: %d %v", len(faq), err)
	}
}
