package web

import (
	"slices"
	"testing"
)

// TestEveryNavItemHasAGroup: an area that adds a navigation item places it
// in a group (an item left out would land under "More").
func TestEveryNavItemHasAGroup(t *testing.T) {
	for _, it := range navItems {
		g, ok := navGroupOf[it.href]
		if !ok {
			t.Errorf("navigation item %s (%s) has no group in navGroupOf", it.href, it.key)
			continue
		}
		if !slices.Contains(navGroupOrder, g) {
			t.Errorf("navigation item %s is in group %q, which navGroupOrder does not list", it.href, g)
		}
	}
}

// TestGroupNav: items keep their order within a group, groups come in
// navGroupOrder, empty groups are left out, an unknown address goes under
// "more", and the group of the current item is current.
func TestGroupNav(t *testing.T) {
	got := groupNav([]navItem{
		{Href: "/", Key: "nav.home"},
		{Href: "/audit", Key: "nav.audit"},
		{Href: "/needs", Key: "nav.needs"},
		{Href: "/projects", Key: "nav.projects", Current: true},
		{Href: "/somewhere-new", Key: "nav.new"},
		{Href: "/ideas", Key: "nav.ideas"},
	})
	var keys []string
	for _, g := range got {
		keys = append(keys, g.Key)
	}
	want := []string{"nav.group.home", "nav.group.needs", "nav.group.projects", "nav.group.more", "nav.group.admin"}
	if !slices.Equal(keys, want) {
		t.Fatalf("groups %v, want %v", keys, want)
	}
	p := got[2]
	if !p.Current || len(p.Items) != 2 || p.Items[0].Href != "/projects" || p.Items[1].Href != "/ideas" {
		t.Errorf("projects group: %+v", p)
	}
	for _, g := range got {
		if g.Key != "nav.group.projects" && g.Current {
			t.Errorf("group %s is marked current", g.Key)
		}
	}
}
