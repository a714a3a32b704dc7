package web

import (
	"fmt"
	"math"
	"strings"

	"github.com/samstyr/samstyr/internal/i18n"
	"github.com/samstyr/samstyr/internal/optimize"
)

// frontierChart is a server-side SVG step chart of the efficient frontier:
// the best total benefit at each budget level. The template draws it from
// these coordinates, beside a table with the same figures.
type frontierChart struct {
	Width, Height int
	Path          string // the step line
	Points        []chartPoint
	XTicks        []chartTick
	YTicks        []chartTick
	Left, Bottom  int // plot area edges
	Right, Top    int
}

type chartPoint struct {
	X, Y      float64
	Scale     float64
	Objective int64
	Optimal   bool
	Feasible  bool
	Budget    int64
}

type chartTick struct {
	Pos   float64
	Label string
}

const (
	chartW, chartH          = 720, 340
	chartLeft, chartRight   = 80, 700
	chartTop, chartBottom   = 20, 290
	chartScaleMin, chartMax = 0.0, 1.6
)

func newFrontierChart(points []optimize.FrontierPoint, pr *i18n.Printer) *frontierChart {
	if len(points) == 0 {
		return nil
	}
	c := &frontierChart{Width: chartW, Height: chartH, Left: chartLeft, Right: chartRight, Top: chartTop, Bottom: chartBottom}
	var maxObj int64
	for _, p := range points {
		maxObj = max(maxObj, p.Objective)
	}
	top := niceCeil(float64(maxObj))
	x := func(scale float64) float64 {
		return chartLeft + (scale-chartScaleMin)/(chartMax-chartScaleMin)*(chartRight-chartLeft)
	}
	y := func(v float64) float64 { return chartBottom - v/top*(chartBottom-chartTop) }
	var path strings.Builder
	for i, p := range points {
		var budget int64
		for _, b := range p.Budget {
			budget += b
		}
		cp := chartPoint{X: x(p.Scale), Y: y(float64(p.Objective)), Scale: p.Scale, Objective: p.Objective, Optimal: p.Optimal, Feasible: p.Feasible, Budget: budget}
		c.Points = append(c.Points, cp)
		if i == 0 {
			fmt.Fprintf(&path, "M%.1f %.1f", cp.X, cp.Y)
		} else {
			fmt.Fprintf(&path, " H%.1f V%.1f", cp.X, cp.Y)
		}
	}
	c.Path = path.String()
	for s := 0.0; s <= 1.5001; s += 0.25 {
		c.XTicks = append(c.XTicks, chartTick{Pos: x(s), Label: pr.Percent(s, 0)})
	}
	for i := 0; i <= 4; i++ {
		v := top * float64(i) / 4
		c.YTicks = append(c.YTicks, chartTick{Pos: y(v), Label: pr.Int(int64(v))})
	}
	return c
}

// niceCeil rounds up to 1, 2 or 5 times a power of ten.
func niceCeil(v float64) float64 {
	if v <= 0 {
		return 1
	}
	p := math.Pow(10, math.Floor(math.Log10(v)))
	for _, m := range []float64{1, 2, 5, 10} {
		if m*p >= v {
			return m * p
		}
	}
	return 10 * p
}
