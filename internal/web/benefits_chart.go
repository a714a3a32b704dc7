package web

import (
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/samstyr/samstyr/internal/benefits"
	"github.com/samstyr/samstyr/internal/i18n"
)

// benefitChart is a server-side SVG of a benefit's measurements over
// time against its baseline, its target and the straight line between
// them. The page gives the same figures as a table.
type benefitChart struct {
	Width, Height            int
	Left, Right, Top, Bottom int
	Line                     string  // the planned line, baseline to target
	Path                     string  // the measurements
	BaseY                    float64 // the baseline's level
	TargetX, TargetY         float64
	Points                   []benefitPoint
	XTicks, YTicks           []chartTick
}

type benefitPoint struct {
	X, Y   float64
	Behind bool
}

func chartDate(s string) (time.Time, bool) {
	d, err := time.Parse(time.DateOnly, s)
	return d, err == nil
}

// newBenefitChart lays out the chart; nil without a baseline and a target
// (nothing to draw against).
func newBenefitChart(b *benefits.Benefit, pr *i18n.Printer) *benefitChart {
	bd, ok1 := chartDate(b.BaselineOn)
	td, ok2 := chartDate(b.TargetOn)
	if b.Baseline == nil || b.Target == nil || !ok1 || !ok2 || !td.After(bd) {
		return nil
	}
	c := &benefitChart{Width: chartW, Height: chartH, Left: chartLeft, Right: chartRight, Top: chartTop, Bottom: chartBottom}
	lo, hi := math.Min(*b.Baseline, *b.Target), math.Max(*b.Baseline, *b.Target)
	end := td
	for _, m := range b.Measurements {
		lo, hi = math.Min(lo, m.Value), math.Max(hi, m.Value)
		if d, ok := chartDate(m.On); ok && d.After(end) {
			end = d
		}
	}
	if lo > 0 && lo < hi/2 {
		lo = 0
	}
	pad := (hi - lo) * 0.1
	if pad == 0 {
		pad = math.Max(math.Abs(hi)*0.1, 1)
	}
	lo, hi = lo-pad, hi+pad
	if lo < 0 && math.Min(*b.Baseline, *b.Target) >= 0 {
		lo = 0
	}
	span := end.Sub(bd).Hours()
	x := func(d time.Time) float64 { return chartLeft + d.Sub(bd).Hours()/span*(chartRight-chartLeft) }
	y := func(v float64) float64 { return chartBottom - (v-lo)/(hi-lo)*(chartBottom-chartTop) }
	c.BaseY, c.TargetX, c.TargetY = y(*b.Baseline), x(td), y(*b.Target)
	c.Line = fmt.Sprintf("M%.1f %.1f L%.1f %.1f", x(bd), c.BaseY, c.TargetX, c.TargetY)
	var path strings.Builder
	fmt.Fprintf(&path, "M%.1f %.1f", x(bd), c.BaseY)
	for _, m := range b.Measurements {
		d, ok := chartDate(m.On)
		if !ok {
			continue
		}
		p := benefitPoint{X: x(d), Y: y(m.Value)}
		if want, ok := b.Expected(m.On); ok {
			p.Behind = (*b.Target >= *b.Baseline && m.Value < want) || (*b.Target < *b.Baseline && m.Value > want)
		}
		c.Points = append(c.Points, p)
		fmt.Fprintf(&path, " L%.1f %.1f", p.X, p.Y)
	}
	c.Path = path.String()
	for i := 0; i <= 4; i++ {
		v := lo + (hi-lo)*float64(i)/4
		c.YTicks = append(c.YTicks, chartTick{Pos: y(v), Label: pr.Float(v, decimalsFor(hi-lo))})
	}
	for i := 0; i <= 4; i++ {
		d := bd.Add(time.Duration(float64(end.Sub(bd)) * float64(i) / 4))
		c.XTicks = append(c.XTicks, chartTick{Pos: x(d), Label: d.Format("2006-01")})
	}
	return c
}

// decimalsFor gives the decimals a tick label needs over a range.
func decimalsFor(span float64) int {
	switch {
	case span >= 20:
		return 0
	case span >= 2:
		return 1
	}
	return 2
}
