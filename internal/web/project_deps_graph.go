package web

import (
	"cmp"
	"fmt"
	"slices"

	"github.com/samstyr/samstyr/internal/projects"
)

// depsGraph is the dependency view drawn as a server-side SVG: a layered
// left-to-right layout of projects and national components. A node's
// layer is one more than the deepest layer of what it depends on (the
// components and projects that depend on nothing stand left), so the
// arrows run from a dependency to the project that waits for it. An
// edge is one or more dependencies between two nodes: dashed with "!"
// when one of them has slipped, thick when one lies on a critical chain.
// The page shows the same as tables.
type depsGraph struct {
	Width, Height int
	Nodes         []depsNode
	Edges         []depsEdge
	Slipped       int
}

type depsNode struct {
	Key       string
	X, Y      int
	W, H      int
	Name      string
	Detail    string // the component's owner, or ""
	Component bool
	Slipped   bool // something it waits for, or it (a component), slipped
	Href      string
}

type depsEdge struct {
	X1, Y1, X2, Y2 int
	MidX, MidY     int
	Slipped        bool
	Critical       bool
	Count          int
	Label          string // text alternative of the edge (from → to)
}

const (
	depsNodeW, depsNodeH = 210, 44
	depsColGap, depsRowG = 90, 22
	depsMargin           = 16
)

func depsProjectKey(id int64) string   { return fmt.Sprint("p", id) }
func depsComponentKey(id int64) string { return fmt.Sprint("c", id) }

// newDepsGraph lays out the view (nil when there is nothing to draw).
func newDepsGraph(v *projects.DependencyView) *depsGraph {
	if len(v.Links) == 0 {
		return nil
	}
	nodes := map[string]*depsNode{}
	for _, p := range v.Projects {
		nodes[depsProjectKey(p.ID)] = &depsNode{Key: depsProjectKey(p.ID), Name: ganttName(p.Name), Slipped: p.SlippedDeps,
			Href: fmt.Sprintf("/projects/%d/plan", p.ID)}
	}
	used := map[int64]bool{}
	for _, l := range v.Links {
		if l.OnKind == projects.NodeComponent {
			used[l.OnID] = true
		}
	}
	for _, c := range v.Components {
		if used[c.ID] {
			nodes[depsComponentKey(c.ID)] = &depsNode{Key: depsComponentKey(c.ID), Name: ganttName(c.Name), Detail: c.Owner,
				Component: true, Slipped: c.Slipped(), Href: "/portfolio/components"}
		}
	}
	// Edges between nodes: from what is waited for to who waits.
	type pair struct{ from, to string }
	edges := map[pair]*depsEdge{}
	var order []pair
	for _, l := range v.Links {
		from := depsProjectKey(l.OnProjectID)
		if l.OnKind == projects.NodeComponent {
			from = depsComponentKey(l.OnID)
		}
		k := pair{from, depsProjectKey(l.ProjectID)}
		e := edges[k]
		if e == nil {
			e = &depsEdge{}
			edges[k] = e
			order = append(order, k)
		}
		e.Count++
		e.Slipped = e.Slipped || l.Slipped && !l.Done
		e.Critical = e.Critical || l.Critical
	}
	layer := depsLayers(nodes, order, func(p pair) (string, string) { return p.from, p.to })
	g := &depsGraph{}
	cols := map[int][]*depsNode{}
	for _, n := range nodes {
		cols[layer[n.Key]] = append(cols[layer[n.Key]], n)
	}
	rows := 0
	for c, ns := range cols {
		slices.SortFunc(ns, func(a, b *depsNode) int {
			if a.Component != b.Component {
				if a.Component {
					return -1
				}
				return 1
			}
			return cmp.Or(cmp.Compare(a.Name, b.Name), cmp.Compare(a.Key, b.Key))
		})
		for i, n := range ns {
			n.X, n.Y, n.W, n.H = depsMargin+c*(depsNodeW+depsColGap), depsMargin+i*(depsNodeH+depsRowG), depsNodeW, depsNodeH
		}
		rows = max(rows, len(ns))
		g.Width = max(g.Width, depsMargin*2+(c+1)*depsNodeW+c*depsColGap)
	}
	g.Height = depsMargin*2 + rows*(depsNodeH+depsRowG) - depsRowG
	keys := make([]string, 0, len(nodes))
	for k := range nodes {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		g.Nodes = append(g.Nodes, *nodes[k])
	}
	for _, k := range order {
		a, b, e := nodes[k.from], nodes[k.to], edges[k]
		if a == nil || b == nil {
			continue
		}
		e.X1, e.Y1, e.X2, e.Y2 = a.X+a.W, a.Y+a.H/2, b.X, b.Y+b.H/2
		e.MidX, e.MidY = (e.X1+e.X2)/2, (e.Y1+e.Y2)/2
		e.Label = a.Name + " → " + b.Name
		if e.Slipped {
			g.Slipped++
		}
		g.Edges = append(g.Edges, *e)
	}
	return g
}

// depsLayers gives each node its layer: 0 for a node that depends on
// nothing, else one more than the deepest of what it depends on. Projects
// may depend on each other both ways (through different activities), so
// the relaxation stops after as many rounds as there are nodes.
func depsLayers[P any](nodes map[string]*depsNode, edges []P, ends func(P) (from, to string)) map[string]int {
	layer := map[string]int{}
	for range len(nodes) {
		changed := false
		for _, e := range edges {
			from, to := ends(e)
			if layer[to] < layer[from]+1 && layer[from]+1 < len(nodes) {
				layer[to] = layer[from] + 1
				changed = true
			}
		}
		if !changed {
			break
		}
	}
	return layer
}
