package optimize

// ftran solves M·u = r (r by row position, u by column position).
func (f *basisLU) ftran(r, u []float64) {
	for _, p := range f.first {
		u[p.col] = f.rowRest(p, r[p.row], u) / p.val
	}
	nk := len(f.kr)
	if nk > 0 {
		f.t = resizeF64(f.t, nk)
		for i, a := range f.kr {
			s := r[a]
			for e := f.rs[a]; e < f.rs[a+1]; e++ {
				if c := f.rc[e]; f.kpos[c] < 0 {
					s -= f.rv[e] * u[c]
				}
			}
			f.t[i] = s
		}
		f.z = resizeF64(f.z, nk)
		luSolve(f.dense, f.perm, nk, f.t, f.z)
		for j, c := range f.kc {
			u[c] = f.z[j]
		}
	}
	for i := len(f.last) - 1; i >= 0; i-- {
		p := f.last[i]
		u[p.col] = f.rowRest(p, r[p.row], u) / p.val
	}
}

// rowRest returns s minus the row's entries other than the pivot times u.
func (f *basisLU) rowRest(p luPivot, s float64, u []float64) float64 {
	for e := f.rs[p.row]; e < f.rs[p.row+1]; e++ {
		if c := f.rc[e]; c != p.col {
			s -= f.rv[e] * u[c]
		}
	}
	return s
}

// colRest returns s minus the column's entries other than the pivot times v.
func (f *basisLU) colRest(p luPivot, s float64, v []float64) float64 {
	for e := f.cs[p.col]; e < f.cs[p.col+1]; e++ {
		if r := f.cr[e]; r != p.row {
			s -= f.cv[e] * v[r]
		}
	}
	return s
}

// btran solves vᵀ·M = sᵀ (s by column position, v by row position).
func (f *basisLU) btran(s, v []float64) {
	for _, p := range f.last {
		v[p.row] = 0
	}
	for _, p := range f.first {
		v[p.row] = 0
	}
	for _, a := range f.kr {
		v[a] = 0
	}
	for _, p := range f.last {
		v[p.row] = f.colRest(p, s[p.col], v) / p.val
	}
	nk := len(f.kr)
	if nk > 0 {
		f.t = resizeF64(f.t, nk)
		for j, c := range f.kc {
			t := s[c]
			for e := f.cs[c]; e < f.cs[c+1]; e++ {
				t -= f.cv[e] * v[f.cr[e]] // kernel rows are still zero here
			}
			f.t[j] = t
		}
		f.z = resizeF64(f.z, nk)
		f.w = resizeF64(f.w, nk)
		luSolveT(f.dense, f.perm, nk, f.t, f.z, f.w)
		for i, a := range f.kr {
			v[a] = f.z[i]
		}
	}
	for i := len(f.first) - 1; i >= 0; i-- {
		p := f.first[i]
		v[p.row] = f.colRest(p, s[p.col], v) / p.val
	}
}

// luSolve solves K·z = t given P·K = L·U in m.
func luSolve(m []float64, perm []int32, n int, t, z []float64) {
	for i := range n {
		s := t[perm[i]]
		for j := range i {
			s -= m[i*n+j] * z[j]
		}
		z[i] = s
	}
	for i := n - 1; i >= 0; i-- {
		s := z[i]
		for j := i + 1; j < n; j++ {
			s -= m[i*n+j] * z[j]
		}
		z[i] = s / m[i*n+i]
	}
}

// luSolveT solves Kᵀ·z = t given P·K = L·U in m: Uᵀ w = t, Lᵀ y = w,
// z = Pᵀ y.
func luSolveT(m []float64, perm []int32, n int, t, z, w []float64) {
	for i := range n {
		s := t[i]
		for j := range i {
			s -= m[j*n+i] * w[j]
		}
		w[i] = s / m[i*n+i]
	}
	for i := n - 1; i >= 0; i-- {
		s := w[i]
		for j := i + 1; j < n; j++ {
			s -= m[j*n+i] * w[j]
		}
		w[i] = s
	}
	for i := range n {
		z[perm[i]] = w[i]
	}
}
