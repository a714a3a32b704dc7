package optimize

import (
	"errors"
	"math"
)

// errSingular reports a numerically singular working basis.
var errSingular = errors.New("optimize: singular basis")

// singletonTol is the smallest pivot accepted from the singleton phases;
// smaller ones are left to the dense kernel, which pivots partially.
const singletonTol = 1e-7

// basisLU factorises the square working basis M = A[W,F] (rows by W
// position, columns by F position). Portfolio bases are nearly triangular:
// precedence rows have two entries, so most of M is eliminated by row
// singletons (taken first, in order) and column singletons (taken last, in
// reverse). What is left, a kernel made of the budget rows and a few
// others, is factorised densely with partial pivoting. Solves then cost
// O(nnz(M) + kernel²) instead of O(k²).
type basisLU struct {
	k          int
	rs, cs     []int32 // row and column starts
	rc, cr     []int32 // column of each row entry, row of each column entry
	rv, cv     []float64
	first      []luPivot // row-singleton pivots, in order
	last       []luPivot // column-singleton pivots, in elimination order
	kr, kc     []int32   // kernel rows and columns
	kpos       []int32   // column → kernel index, or −1
	dense      []float64 // kernel LU, row-major nk×nk
	perm       []int32
	cnt, ccnt  []int32
	rowGone    []bool
	colGone    []bool
	queue, tmp []int32
	t, z, w    []float64
}

type luPivot struct {
	row, col int32
	val      float64
}

// factor builds the factorisation from M given by columns: entries of
// column b are (rows[e], vals[e]) for e in starts[b]..starts[b+1].
func (f *basisLU) factor(k int, starts, rows []int32, vals []float64) error {
	f.k = k
	f.cs, f.cr, f.cv = starts, rows, vals
	f.buildRows()
	f.first, f.last = f.first[:0], f.last[:0]
	f.cnt = resizeI32(f.cnt, k)
	f.ccnt = resizeI32(f.ccnt, k)
	f.rowGone = resizeBool(f.rowGone, k)
	f.colGone = resizeBool(f.colGone, k)
	for a := range k {
		f.cnt[a] = f.rs[a+1] - f.rs[a]
	}
	if err := f.rowSingletons(); err != nil {
		return err
	}
	f.colSingletons()
	return f.factorKernel()
}

func (f *basisLU) buildRows() {
	k := f.k
	f.rs = resizeI32(f.rs, k+1)
	for _, r := range f.cr[:f.cs[k]] {
		f.rs[r+1]++
	}
	for a := range k {
		f.rs[a+1] += f.rs[a]
	}
	nnz := int(f.cs[k])
	f.rc = resizeI32(f.rc, nnz)
	f.rv = resizeF64(f.rv, nnz)
	f.tmp = resizeI32(f.tmp, k)
	copy(f.tmp, f.rs[:k])
	for b := range k {
		for e := f.cs[b]; e < f.cs[b+1]; e++ {
			r := f.cr[e]
			f.rc[f.tmp[r]] = int32(b)
			f.rv[f.tmp[r]] = f.cv[e]
			f.tmp[r]++
		}
	}
}

// rowSingletons repeatedly pivots on rows with one remaining column.
func (f *basisLU) rowSingletons() error {
	f.queue = f.queue[:0]
	for a := range int32(f.k) {
		if f.cnt[a] == 1 {
			f.queue = append(f.queue, a)
		}
	}
	for len(f.queue) > 0 {
		a := f.queue[len(f.queue)-1]
		f.queue = f.queue[:len(f.queue)-1]
		if f.rowGone[a] || f.cnt[a] != 1 {
			continue
		}
		col, val := int32(-1), 0.0
		for e := f.rs[a]; e < f.rs[a+1]; e++ {
			if !f.colGone[f.rc[e]] {
				col, val = f.rc[e], f.rv[e]
			}
		}
		if math.Abs(val) < singletonTol {
			continue
		}
		f.rowGone[a], f.colGone[col] = true, true
		f.first = append(f.first, luPivot{a, col, val})
		for e := f.cs[col]; e < f.cs[col+1]; e++ {
			if r := f.cr[e]; !f.rowGone[r] {
				f.cnt[r]--
				switch f.cnt[r] {
				case 0:
					return errSingular
				case 1:
					f.queue = append(f.queue, r)
				}
			}
		}
	}
	return nil
}

// colSingletons repeatedly pivots on columns with one remaining row.
func (f *basisLU) colSingletons() {
	f.queue = f.queue[:0]
	for b := range int32(f.k) {
		if f.colGone[b] {
			continue
		}
		n := int32(0)
		for e := f.cs[b]; e < f.cs[b+1]; e++ {
			if !f.rowGone[f.cr[e]] {
				n++
			}
		}
		f.ccnt[b] = n
		if n == 1 {
			f.queue = append(f.queue, b)
		}
	}
	for len(f.queue) > 0 {
		b := f.queue[len(f.queue)-1]
		f.queue = f.queue[:len(f.queue)-1]
		if f.colGone[b] || f.ccnt[b] != 1 {
			continue
		}
		row, val := int32(-1), 0.0
		for e := f.cs[b]; e < f.cs[b+1]; e++ {
			if !f.rowGone[f.cr[e]] {
				row, val = f.cr[e], f.cv[e]
			}
		}
		if math.Abs(val) < singletonTol {
			continue
		}
		f.rowGone[row], f.colGone[b] = true, true
		f.last = append(f.last, luPivot{row, b, val})
		for e := f.rs[row]; e < f.rs[row+1]; e++ {
			if c := f.rc[e]; !f.colGone[c] {
				f.ccnt[c]--
				if f.ccnt[c] == 1 {
					f.queue = append(f.queue, c)
				}
			}
		}
	}
}

// factorKernel collects the rows and columns left and factorises them
// densely (PK = LU with partial pivoting).
func (f *basisLU) factorKernel() error {
	f.kr, f.kc = f.kr[:0], f.kc[:0]
	f.kpos = resizeI32(f.kpos, f.k)
	for b := range int32(f.k) {
		f.kpos[b] = -1
		if !f.colGone[b] {
			f.kpos[b] = int32(len(f.kc))
			f.kc = append(f.kc, b)
		}
	}
	for a := range int32(f.k) {
		if !f.rowGone[a] {
			f.kr = append(f.kr, a)
		}
	}
	nk := len(f.kr)
	if nk != len(f.kc) {
		return errSingular
	}
	f.dense = resizeF64(f.dense, nk*nk)
	for i, a := range f.kr {
		for e := f.rs[a]; e < f.rs[a+1]; e++ {
			if j := f.kpos[f.rc[e]]; j >= 0 {
				f.dense[i*nk+int(j)] += f.rv[e]
			}
		}
	}
	f.perm = resizeI32(f.perm, nk)
	return denseLU(f.dense, f.perm, nk)
}

// denseLU factorises the n×n matrix m in place as P·m = L·U (unit L).
func denseLU(m []float64, perm []int32, n int) error {
	for i := range perm {
		perm[i] = int32(i)
	}
	for c := range n {
		p, best := -1, 1e-11
		for r := c; r < n; r++ {
			if v := math.Abs(m[r*n+c]); v > best {
				p, best = r, v
			}
		}
		if p < 0 {
			return errSingular
		}
		if p != c {
			for j := range n {
				m[p*n+j], m[c*n+j] = m[c*n+j], m[p*n+j]
			}
			perm[p], perm[c] = perm[c], perm[p]
		}
		piv := m[c*n+c]
		for r := c + 1; r < n; r++ {
			l := m[r*n+c] / piv
			if l == 0 {
				continue
			}
			m[r*n+c] = l
			for j := c + 1; j < n; j++ {
				m[r*n+j] -= l * m[c*n+j]
			}
		}
	}
	return nil
}

func resizeI32(s []int32, n int) []int32 {
	if cap(s) < n {
		return make([]int32, n, 2*n)
	}
	s = s[:n]
	clear(s)
	return s
}

func resizeF64(s []float64, n int) []float64 {
	if cap(s) < n {
		return make([]float64, n, 2*n)
	}
	s = s[:n]
	clear(s)
	return s
}

func resizeBool(s []bool, n int) []bool {
	if cap(s) < n {
		return make([]bool, n, 2*n)
	}
	s = s[:n]
	clear(s)
	return s
}
