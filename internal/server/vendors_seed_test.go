package server_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/samstyr/samstyr/internal/config"
	"github.com/samstyr/samstyr/internal/policy"
	"github.com/samstyr/samstyr/internal/seed"
	"github.com/samstyr/samstyr/internal/server"
	"github.com/samstyr/samstyr/internal/testutil"
	"github.com/samstyr/samstyr/internal/vendors"
)

// TestDemoVendors loads the demo twice: a vendor meeting and two state
// contacts, once, with one follow-up closed and the demo vendor's contacts.
func TestDemoVendors(t *testing.T) {
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
	sys := policy.SystemActor
	meetings, err := app.Vendors.Contacts(ctx, sys, vendors.Filter{Kind: vendors.KindVendorMeeting})
	if err != nil || len(meetings) != 1 || len(meetings[0].Orgs) != 2 {
		t.Fatalf("vendor meetings: %+v %v", meetings, err)
	}
	state, err := app.Vendors.Contacts(ctx, sys, vendors.Filter{Kind: vendors.KindStateContact})
	if err != nil || len(state) != 2 {
		t.Fatalf("state contacts: %d %v", len(state), err)
	}
	open, err := app.Vendors.Contacts(ctx, sys, vendors.Filter{OpenOnly: true})
	if err != nil || len(open) != 2 {
		t.Errorf("contacts with open follow-ups: %d %v", len(open), err)
	}
	list, err := app.Vendors.Vendors(ctx, nil, vendors.VendorFilter{Q: "Demo Leverandør"})
	if err != nil || len(list) != 1 {
		t.Fatalf("demo vendor: %+v %v", list, err)
	}
	v, err := app.Vendors.Vendor(ctx, sys, list[0].ID)
	if err != nil || len(v.People) != 2 || len(v.Contacts) != 1 {
		t.Errorf("demo vendor's details: %+v %v", v, err)
	}
}
