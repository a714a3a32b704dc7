// Package geo draws the map of Norway's municipalities as SVG, from the
// bundled, simplified boundaries of 2024 (© Kartverket, CC BY 4.0; see
// README.md). The boundaries are parsed, projected to UTM zone 33 and
// simplified once; each municipality's path is kept, so a map costs only
// string concatenation.
package geo

import (
	"crypto/sha256"
	_ "embed"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"html"
	"math"
	"sort"
	"strconv"
	"strings"
	"sync"
)

//go:embed kommuner-2024.geojson
var geojson []byte

// Height is the map's height in SVG units; the width follows the shape.
const Height = 600

// tolerance is the Douglas–Peucker tolerance in SVG units.
const tolerance = 0.6

type feature struct {
	Properties struct {
		Number string `json:"kommunenummer"`
	} `json:"properties"`
	Geometry struct {
		Type        string          `json:"type"`
		Coordinates json.RawMessage `json:"coordinates"`
	} `json:"geometry"`
}

// base is the parsed, projected map.
type base struct {
	width float64
	paths map[string]string // municipality number → SVG path data
	order []string          // numbers in drawing order
	all   string            // every path, in order
	doc   string            // the standalone SVG of Base
	hash  string
}

var (
	once    sync.Once
	theMap  *base
	loadErr error
)

func load() (*base, error) {
	once.Do(func() {
		theMap, loadErr = parse(geojson)
		if loadErr == nil {
			theMap.finish()
		}
	})
	return theMap, loadErr
}

// finish builds the whole map as one document for Base.
func (b *base) finish() {
	var sb strings.Builder
	for _, n := range b.order {
		sb.WriteString(`<path d="` + b.paths[n] + `"/>`)
	}
	b.all = sb.String()
	b.doc = fmt.Sprintf(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %d %d"><g id="base">%s</g></svg>`, int(b.width), Height, b.all)
	sum := sha256.Sum256([]byte(b.doc))
	b.hash = hex.EncodeToString(sum[:6])
}

type pt struct{ x, y float64 }

func parse(data []byte) (*base, error) {
	var fc struct {
		Features []feature `json:"features"`
	}
	if err := json.Unmarshal(data, &fc); err != nil {
		return nil, fmt.Errorf("geo: %w", err)
	}
	rings := map[string][][]pt{}
	minX, minY, maxX, maxY := math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)
	for _, f := range fc.Features {
		polys, err := polygons(f)
		if err != nil {
			return nil, fmt.Errorf("geo: %s: %w", f.Properties.Number, err)
		}
		for _, poly := range polys {
			for _, ring := range poly {
				r := make([]pt, len(ring))
				for i, c := range ring {
					x, y := utm33(c[0], c[1])
					r[i] = pt{x, y}
					minX, minY, maxX, maxY = math.Min(minX, x), math.Min(minY, y), math.Max(maxX, x), math.Max(maxY, y)
				}
				rings[f.Properties.Number] = append(rings[f.Properties.Number], r)
			}
		}
	}
	scale := Height / (maxY - minY)
	b := &base{width: math.Ceil((maxX - minX) * scale), paths: map[string]string{}}
	for num, rs := range rings {
		var sb strings.Builder
		for _, r := range rs {
			for i := range r {
				r[i] = pt{(r[i].x - minX) * scale, (maxY - r[i].y) * scale}
			}
			writeRing(&sb, simplify(r, tolerance))
		}
		b.paths[num] = sb.String()
		b.order = append(b.order, num)
	}
	sort.Strings(b.order)
	return b, nil
}

func polygons(f feature) ([][][][2]float64, error) {
	switch f.Geometry.Type {
	case "Polygon":
		var p [][][2]float64
		err := json.Unmarshal(f.Geometry.Coordinates, &p)
		return [][][][2]float64{p}, err
	case "MultiPolygon":
		var mp [][][][2]float64
		err := json.Unmarshal(f.Geometry.Coordinates, &mp)
		return mp, err
	}
	return nil, fmt.Errorf("geometry %q", f.Geometry.Type)
}

func writeRing(sb *strings.Builder, r []pt) {
	if len(r) < 3 {
		return
	}
	for i, p := range r {
		if i == 0 {
			sb.WriteByte('M')
		} else {
			sb.WriteByte('L')
		}
		sb.WriteString(num(p.x))
		sb.WriteByte(' ')
		sb.WriteString(num(p.y))
	}
	sb.WriteByte('Z')
}

func num(f float64) string { return strconv.FormatFloat(math.Round(f*10)/10, 'f', -1, 64) }

// simplify is Douglas–Peucker on a closed ring; it keeps at least the
// first point and the point farthest from it, so small islands survive.
func simplify(r []pt, eps float64) []pt {
	if len(r) <= 4 {
		return r
	}
	far, best := 0, -1.0
	for i, p := range r {
		if d := math.Hypot(p.x-r[0].x, p.y-r[0].y); d > best {
			far, best = i, d
		}
	}
	a := dp(r[:far+1], eps)
	b := dp(r[far:], eps)
	return append(a[:len(a)-1], b...)
}

func dp(ps []pt, eps float64) []pt {
	if len(ps) < 3 {
		return ps
	}
	first, last := ps[0], ps[len(ps)-1]
	idx, dmax := 0, 0.0
	for i := 1; i < len(ps)-1; i++ {
		if d := segDist(ps[i], first, last); d > dmax {
			idx, dmax = i, d
		}
	}
	if dmax <= eps {
		return []pt{first, last}
	}
	left := dp(ps[:idx+1], eps)
	right := dp(ps[idx:], eps)
	return append(left[:len(left)-1], right...)
}

func segDist(p, a, b pt) float64 {
	dx, dy := b.x-a.x, b.y-a.y
	l2 := dx*dx + dy*dy
	if l2 == 0 {
		return math.Hypot(p.x-a.x, p.y-a.y)
	}
	t := math.Max(0, math.Min(1, ((p.x-a.x)*dx+(p.y-a.y)*dy)/l2))
	return math.Hypot(p.x-a.x-t*dx, p.y-a.y-t*dy)
}

// utm33 projects WGS84 longitude and latitude (degrees) to UTM zone 33
// easting and northing in metres (transverse Mercator, Snyder 1987).
func utm33(lon, lat float64) (float64, float64) {
	const (
		a  = 6378137.0
		f  = 1 / 298.257223563
		k0 = 0.9996
	)
	e2 := f * (2 - f)
	ep2 := e2 / (1 - e2)
	phi, lam := lat*math.Pi/180, (lon-15)*math.Pi/180
	sin, cos, tan := math.Sin(phi), math.Cos(phi), math.Tan(phi)
	n := a / math.Sqrt(1-e2*sin*sin)
	t, c, A := tan*tan, ep2*cos*cos, cos*lam
	e4, e6 := e2*e2, e2*e2*e2
	m := a * ((1-e2/4-3*e4/64-5*e6/256)*phi - (3*e2/8+3*e4/32+45*e6/1024)*math.Sin(2*phi) +
		(15*e4/256+45*e6/1024)*math.Sin(4*phi) - (35*e6/3072)*math.Sin(6*phi))
	x := k0*n*(A+(1-t+c)*A*A*A/6+(5-18*t+t*t+72*c-58*ep2)*math.Pow(A, 5)/120) + 500000
	y := k0 * (m + n*tan*(A*A/2+(5-t+9*c+4*c*c)*math.Pow(A, 4)/24+(61-58*t+t*t+600*c-330*ep2)*math.Pow(A, 6)/720))
	return x, y
}

// Map is what to draw: the title and description (plain text), and the
// municipalities to shade by number, with the name to show on hover.
type Map struct {
	ID      string // id prefix for the title and description elements
	Title   string
	Desc    string
	Shaded  map[string]string // municipality number → name
	Classes [2]string         // CSS classes of municipalities and of shaded ones
	// BaseHref, when set, is the URL of the Base document: the unshaded
	// map is then referenced instead of written into every page.
	BaseHref string
}

// SVG returns the map as an inline SVG element with role="img", a <title>
// and a <desc>. Shaded municipalities are drawn last, with their name as a
// tooltip.
func SVG(m Map) (string, error) {
	b, err := load()
	if err != nil {
		return "", err
	}
	id := html.EscapeString(m.ID)
	var sb strings.Builder
	size := 1024 + 200*len(m.Shaded)
	if m.BaseHref == "" {
		size += len(b.all)
	}
	sb.Grow(size)
	fmt.Fprintf(&sb, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %d %d" role="img" aria-labelledby="%s-title %s-desc" class="map" focusable="false">`,
		int(b.width), Height, id, id)
	fmt.Fprintf(&sb, `<title id="%s-title">%s</title><desc id="%s-desc">%s</desc>`, id, html.EscapeString(m.Title), id, html.EscapeString(m.Desc))
	sb.WriteString(`<g class="` + html.EscapeString(m.Classes[0]) + `">`)
	if m.BaseHref != "" {
		// The unshaded map is one cached file; only the shading is inline.
		sb.WriteString(`<use href="` + html.EscapeString(m.BaseHref) + `#base"/>`)
	} else {
		for _, n := range b.order {
			if _, shaded := m.Shaded[n]; !shaded {
				sb.WriteString(`<path d="` + b.paths[n] + `"/>`)
			}
		}
	}
	sb.WriteString(`</g><g class="` + html.EscapeString(m.Classes[1]) + `">`)
	for _, n := range b.order {
		if name, shaded := m.Shaded[n]; shaded {
			sb.WriteString(`<path d="` + b.paths[n] + `"><title>` + html.EscapeString(name) + `</title></path>`)
		}
	}
	sb.WriteString(`</g></svg>`)
	return sb.String(), nil
}

// Base returns the whole map as an SVG document whose group "base" holds
// every municipality, for pages to reference with <use href="…#base">, and
// a hash of it for a cacheable URL.
func Base() (doc, hash string, err error) {
	b, err := load()
	if err != nil {
		return "", "", err
	}
	return b.doc, b.hash, nil
}

// Numbers returns every municipality number on the map.
func Numbers() ([]string, error) {
	b, err := load()
	if err != nil {
		return nil, err
	}
	return b.order, nil
}
