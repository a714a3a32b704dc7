package web

import (
	"strings"
	"time"

	"github.com/samstyr/samstyr/internal/i18n"
	"github.com/samstyr/samstyr/internal/portfolio"
)

// roadmapChart is the roadmap picture, drawn on the server as SVG: a lane
// per need area (a heading row, then a row per initiative), a column per
// half-year, a bar from the start to the end of each initiative, today as
// a dashed line. A slipped initiative is hatched, its name starts with
// "!" and a text says by how much, so it is not told by colour alone. The
// page shows the same data as a table.
type roadmapChart struct {
	Width, Height int
	Left, Right   int
	Top, Bottom   int
	Columns       []roadmapColumn
	Lanes         []roadmapLane
	Rows          []roadmapRow
	TodayX        float64
}

type roadmapColumn struct {
	X, W  float64
	Label string
}

type roadmapLane struct {
	Y    float64
	Area string
}

type roadmapRow struct {
	Y        float64
	Name     string
	Label    string // Name cut to fit the label column
	X, W     float64
	Slipped  bool
	Done     bool
	SlipText string
}

const (
	roadmapW, roadmapLabel, roadmapRight = 1000, 300, 990
	roadmapRowH, roadmapTop              = 26, 40
	// roadmapMaxHalves bounds the columns (ten years).
	roadmapMaxHalves = 20
)

func newRoadmapChart(ins []*portfolio.Initiative, today time.Time, p *i18n.Printer) *roadmapChart {
	if len(ins) == 0 {
		return nil
	}
	now := portfolio.HalfOf(today).Index()
	lo, hi := now, now
	for _, in := range ins {
		if s, ok := portfolio.ParseHalf(in.Start); ok {
			lo = min(lo, s.Index())
		}
		if e, ok := portfolio.ParseHalf(in.End); ok {
			hi = max(hi, e.Index())
		}
		if f, ok := portfolio.ParseHalf(in.ForecastEnd); ok {
			hi = max(hi, f.Index())
		}
	}
	lo = max(lo, now-roadmapMaxHalves/2)
	hi = min(max(hi, lo), lo+roadmapMaxHalves-1)
	n := hi - lo + 1
	colW := float64(roadmapRight-roadmapLabel) / float64(n)
	x := func(i int) float64 { return roadmapLabel + float64(min(max(i, lo), hi+1)-lo)*colW }
	c := &roadmapChart{Width: roadmapW, Left: roadmapLabel, Right: roadmapRight, Top: roadmapTop}
	for i := lo; i <= hi; i++ {
		c.Columns = append(c.Columns, roadmapColumn{X: x(i), W: colW, Label: portfolio.HalfAt(i).String()})
	}
	y := float64(roadmapTop)
	for _, area := range portfolio.FocusAreas {
		first := true
		for _, in := range ins {
			if in.Area != area {
				continue
			}
			if first {
				c.Lanes = append(c.Lanes, roadmapLane{Y: y, Area: area})
				y += roadmapRowH
				first = false
			}
			s, _ := portfolio.ParseHalf(in.Start)
			e, _ := portfolio.ParseHalf(in.End)
			if f, ok := portfolio.ParseHalf(in.ForecastEnd); ok && f.Index() > e.Index() {
				e = f
			}
			row := roadmapRow{Y: y, Name: in.Title, Label: fitLabel(in.Title, in.Slipped), X: x(s.Index()), Slipped: in.Slipped, Done: in.Status == portfolio.InitiativeDone}
			row.W = max(x(e.Index()+1)-row.X, 2)
			if in.Slipped {
				row.SlipText = slipText(in, p)
			}
			c.Rows = append(c.Rows, row)
			y += roadmapRowH
		}
	}
	c.Bottom = int(y) + 4
	c.Height = c.Bottom + 20
	// Today within its half-year.
	h := portfolio.HalfOf(today)
	from := time.Date(h.Year, time.Month(1+6*(h.H-1)), 1, 0, 0, 0, 0, time.UTC)
	frac := today.Sub(from).Hours() / 24 / 182.5
	c.TodayX = x(now) + min(frac, 1)*colW
	return c
}

// roadmapLabelRunes is about what the label column holds at 12 px.
const roadmapLabelRunes = 44

// fitLabel cuts a long title with an ellipsis so that it does not run into
// the bars (the full title is the text's tooltip and in the table).
func fitLabel(title string, slipped bool) string {
	n := roadmapLabelRunes
	if slipped {
		n -= 2 // the "! " mark
	}
	r := []rune(title)
	if len(r) <= n {
		return title
	}
	return strings.TrimSpace(string(r[:n-1])) + "…"
}

// slipText says how much an initiative slipped, in days (a project's last
// milestone) or half-years (a delivery's forecast).
func slipText(in *portfolio.Initiative, p *i18n.Printer) string {
	if in.SlipDays > 0 {
		return p.N("roadmap.slip_days", int64(in.SlipDays))
	}
	return p.N("roadmap.slip_halves", int64(in.SlipHalves))
}
