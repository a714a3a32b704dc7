package optimize

// LP row layout built by buildLP: one budget row per year first, then one
// row per exclusive group, then one row x_i − x_j ≤ 0 per prerequisite edge.

// buildLP creates the LP relaxation of p with every column in [0, 1].
func buildLP(p *problem) *lp {
	c := make([]float64, p.n)
	for i, b := range p.benefit {
		c[i] = -float64(b)
	}
	var rows [][]lpEntry
	var rhs []float64
	for t := range p.years {
		var row []lpEntry
		for i := range p.n {
			if v := p.cost[i*p.years+t]; v != 0 {
				row = append(row, lpEntry{int32(i), float64(v)})
			}
		}
		rows = append(rows, row)
		rhs = append(rhs, float64(p.budget[t]))
	}
	for _, g := range p.groups {
		row := make([]lpEntry, len(g))
		for k, i := range g {
			row[k] = lpEntry{i, 1}
		}
		rows = append(rows, row)
		rhs = append(rhs, 1)
	}
	for i, pre := range p.pre {
		for _, j := range pre {
			rows = append(rows, []lpEntry{{int32(i), 1}, {j, -1}})
			rhs = append(rhs, 0)
		}
	}
	l := newLP(c, rows, rhs)
	for j := range l.up {
		l.up[j] = 1
	}
	l.reset()
	return l
}
