package server_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/samstyr/samstyr/internal/directives"
	"github.com/samstyr/samstyr/internal/needs"
	"github.com/samstyr/samstyr/internal/testutil/apptest"
)

// TestNeedPageShowsItsIdea: once an idea is made of a prioritised need,
// the need's page links the idea for those who may read ideas, and not
// for the public; the idea's page links back to the need.
func TestNeedPageShowsItsIdea(t *testing.T) {
	a := apptest.New(t)
	ctx := context.Background()
	member, _ := a.DB.FindActor(ctx, a.People["member"].ID, time.Now())
	sec, _ := a.DB.FindActor(ctx, a.People["secretariat"].ID, time.Now())
	n, err := a.Needs.Create(ctx, member, needs.Input{Title: "Tråd-behov", Problem: "P", Area: "plan", Affected: []string{"citizens"}})
	if err != nil {
		t.Fatal(err)
	}
	n.State = needs.Prioritised
	if err := a.DB.UpdateNeed(ctx, n); err != nil {
		t.Fatal(err)
	}
	before := a.Client("secretariat").Get(fmt.Sprintf("/needs/%d", n.ID))
	if strings.Contains(before.Body, `id="h-thread"`) {
		t.Fatal("need page shows a thread before any idea")
	}
	i := &directives.Idea{Title: "Trådidé", Source: directives.SourceNeeds, NeedIDs: []int64{n.ID}, Purpose: "Formål"}
	if err := a.Directives.CreateIdea(ctx, sec, i); err != nil {
		t.Fatal(err)
	}
	page := a.Client("secretariat").Get(fmt.Sprintf("/needs/%d", n.ID))
	if page.StatusCode != 200 || !strings.Contains(page.Body, fmt.Sprintf(`href="/ideas/%d"`, i.ID)) {
		t.Fatalf("need page for the secretariat: %d, no link to the idea", page.StatusCode)
	}
	pub := a.Client("anonymous").Get(fmt.Sprintf("/needs/%d", n.ID))
	if pub.StatusCode != 200 || strings.Contains(pub.Body, fmt.Sprintf(`href="/ideas/%d"`, i.ID)) {
		t.Fatalf("public need page: %d, links the idea", pub.StatusCode)
	}
	ip := a.Client("user_council").Get(fmt.Sprintf("/ideas/%d", i.ID))
	if ip.StatusCode != 200 || !strings.Contains(ip.Body, fmt.Sprintf(`href="/needs/%d"`, n.ID)) {
		t.Fatalf("idea page: %d, no link to the need", ip.StatusCode)
	}
}
