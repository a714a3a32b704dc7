package portfolio

import (
	"cmp"
	"slices"
	"strings"
	"time"

	"github.com/samstyr/samstyr/internal/governance"
)

// The portfolio overview (issue 13, item 1): every idea, concept,
// directive and project in one list, with its state, owner, the actor
// responsible, its budget per year and funding source (approved for
// projects, planned for the rest) and the benefits its directive plans;
// filtered, sorted and summed per year and source against the approved
// budget frames.

// Item kinds, in the order an idea goes through them.
const (
	KindIdea      = "idea"      // an idea waiting for the user council
	KindConcept   = "concept"   // in the concept phase, no directive yet
	KindDirective = "directive" // a directive not (yet) approved
	KindProject   = "project"   // an approved project
)

// Kinds lists the item kinds in order.
var Kinds = []string{KindIdea, KindConcept, KindDirective, KindProject}

// FundingSources are the funding sources of budget lines and frames (the
// same as a directive's budget lines).
var FundingSources = []string{"digifin", "ks", "state", "own"}

// Line is one year's amount from one funding source. Approved lines are a
// project's approved budget; the others are planned (a directive's
// current version).
type Line struct {
	Year      int64  `json:"year"`
	Source    string `json:"source"`
	AmountNOK int64  `json:"amount_nok"`
	Approved  bool   `json:"approved"`
}

// Item is one row of the portfolio: the furthest stage an idea reached
// (its project, else its directive, else the idea), or a project made
// without an idea.
type Item struct {
	Kind  string `json:"kind"`
	ID    int64  `json:"id"` // the id of the idea, directive or project
	Title string `json:"title"`
	// State is the state of that record; StateKey its i18n key.
	State    string `json:"state"`
	StateKey string `json:"state_key"`
	Path     string `json:"path"`
	// IdeaID is the idea the row comes from (0: a project without one).
	IdeaID int64 `json:"idea_id,omitempty"`
	// Owner is the owner's name (the project owner, or the owner the
	// idea names); Manager the project manager's.
	Owner   string `json:"owner"`
	Manager string `json:"manager,omitempty"`
	// ActorID and Actor are the organisation responsible (state agency or
	// KS); ActorType is where it is kept ("idea" or "project").
	ActorID   int64  `json:"actor_id,omitempty"`
	Actor     string `json:"actor,omitempty"`
	ActorType string `json:"-"`
	ActorItem int64  `json:"-"`
	Budget    []Line `json:"budget"`
	// Area is the focus area (the need area of most of the idea's needs;
	// "" when it has none).
	Area string `json:"area,omitempty"`
	// EstimateNOK is the idea's cost estimate (no years yet).
	EstimateNOK int64 `json:"estimate_nok,omitempty"`
	// Benefits are the benefits the directive plans (text, type, owner).
	Benefits   []Benefit               `json:"benefits"`
	Priority   int64                   `json:"priority,omitempty"`
	DecisionID int64                   `json:"decision_id,omitempty"`
	Decision   *governance.DecisionRef `json:"decision,omitempty"`
	// LastStatus is the overall rating (green, amber, red) of a project's
	// last reviewed status report, and Spent the actual cost to date per
	// year that report gives; both are empty before the first review.
	// OpenDeviations and TopRisks (the three open risks with the highest
	// score) come from the project's deviations and risks; they are null
	// for readers who see only the public overview.
	LastStatus     *string  `json:"last_status"`
	LastPeriod     string   `json:"last_period,omitempty"`
	Spent          []Spent  `json:"spent,omitempty"`
	OpenDeviations *int64   `json:"open_deviations"`
	TopRisks       []string `json:"top_risks"`
}

// Spent is the actual cost of one year to date, as the last reviewed
// status report gives it.
type Spent struct {
	Year      int64 `json:"year"`
	ActualNOK int64 `json:"actual_nok"`
}

// SpentIn is the actual cost reported for a year (0: every year).
func (it *Item) SpentIn(year int64) int64 {
	var n int64
	for _, s := range it.Spent {
		if year == 0 || s.Year == year {
			n += s.ActualNOK
		}
	}
	return n
}

// Benefit is a planned benefit from the directive.
type Benefit struct {
	Text  string `json:"text"`
	Type  string `json:"type"`
	Owner string `json:"owner,omitempty"`
}

// Total sums the budget lines of one year (and source, or all sources).
func (it *Item) Total(year int64, source string) (approved, planned int64) {
	for _, l := range it.Budget {
		if (year == 0 || l.Year == year) && (source == "" || l.Source == source) {
			if l.Approved {
				approved += l.AmountNOK
			} else {
				planned += l.AmountNOK
			}
		}
	}
	return approved, planned
}

// Sum is the item's whole budget (approved and planned), or its estimate.
func (it *Item) Sum() int64 {
	a, p := it.Total(0, "")
	if a+p == 0 {
		return it.EstimateNOK
	}
	return a + p
}

// Years lists the years of the item's budget lines.
func (it *Item) Years() []int64 {
	var ys []int64
	for _, l := range it.Budget {
		if !slices.Contains(ys, l.Year) {
			ys = append(ys, l.Year)
		}
	}
	slices.Sort(ys)
	return ys
}

// Filter selects and orders the overview's rows. Zero values select all.
type Filter struct {
	Kind    string `json:"kind,omitempty"`
	State   string `json:"state,omitempty"`
	ActorID int64  `json:"actor_id,omitempty"`
	Year    int64  `json:"year,omitempty"`
	Source  string `json:"source,omitempty"`
	// Sort is one of SortKeys; Desc reverses it.
	Sort string `json:"sort,omitempty"`
	Desc bool   `json:"desc,omitempty"`
}

// SortKeys are the orders the overview offers.
var SortKeys = []string{"title", "kind", "state", "actor", "owner", "budget"}

// Match reports whether an item passes the filter: of the kind and state,
// with the actor, and with a budget line in the year and from the source.
func (f Filter) Match(it *Item) bool {
	if f.Kind != "" && it.Kind != f.Kind || f.State != "" && it.State != f.State || f.ActorID != 0 && it.ActorID != f.ActorID {
		return false
	}
	if f.Year == 0 && f.Source == "" {
		return true
	}
	return slices.ContainsFunc(it.Budget, func(l Line) bool {
		return (f.Year == 0 || l.Year == f.Year) && (f.Source == "" || l.Source == f.Source)
	})
}

// Apply keeps the items matching the filter, in its order (by kind and
// title when none is given).
func (f Filter) Apply(items []*Item) []*Item {
	out := []*Item{}
	for _, it := range items {
		if f.Match(it) {
			out = append(out, it)
		}
	}
	kind := func(it *Item) int { return slices.Index(Kinds, it.Kind) }
	by := func(a, b *Item) int {
		switch f.Sort {
		case "kind":
			return cmp.Compare(kind(a), kind(b))
		case "state":
			return strings.Compare(a.State, b.State)
		case "actor":
			return strings.Compare(strings.ToLower(a.Actor), strings.ToLower(b.Actor))
		case "owner":
			return strings.Compare(strings.ToLower(a.Owner), strings.ToLower(b.Owner))
		case "budget":
			return cmp.Compare(a.Sum(), b.Sum())
		case "title":
			return strings.Compare(strings.ToLower(a.Title), strings.ToLower(b.Title))
		}
		return cmp.Or(-cmp.Compare(kind(a), kind(b)), strings.Compare(strings.ToLower(a.Title), strings.ToLower(b.Title)))
	}
	slices.SortStableFunc(out, func(a, b *Item) int {
		c := by(a, b)
		if f.Desc {
			c = -c
		}
		return cmp.Or(c, cmp.Compare(a.ID, b.ID))
	})
	return out
}

// Cell is the sum of one year and source over the shown items, with the
// approved frame it is held against.
type Cell struct {
	Year     int64  `json:"year"`
	Source   string `json:"source"`
	Approved int64  `json:"approved_nok"`
	Planned  int64  `json:"planned_nok"`
	// Frame is the approved frame (nil: none approved); Over is set when
	// approved and planned together exceed it, OverBy by how much.
	Frame   *int64 `json:"frame_nok"`
	FrameID int64  `json:"frame_id,omitempty"`
	Over    bool   `json:"over_frame"`
	OverBy  int64  `json:"over_by_nok,omitempty"`
}

// Overview is the portfolio view: the rows the filter keeps, the sums per
// year and source against the approved frames, and the frames.
type Overview struct {
	Filter Filter  `json:"filter"`
	Items  []*Item `json:"items"`
	// Full is false for readers who see approved projects only.
	Full    bool     `json:"full"`
	Years   []int64  `json:"years"`
	Sources []string `json:"sources"`
	// Cells holds every year × source with a line or a frame, by year
	// then source; YearTotals and SourceTotals sum them.
	Cells        []Cell   `json:"cells"`
	YearTotals   []Cell   `json:"year_totals"`
	SourceTotals []Cell   `json:"source_totals"`
	Frames       []*Frame `json:"frames"`
	// Actors are the organisations that may be responsible (for the
	// filter), with the ones used in the rows.
	Actors []Actor `json:"actors"`
	// Guideline is the latest adopted main guideline; Areas the budget per
	// focus area against its shares (full readers only).
	Guideline *Guideline `json:"guideline"`
	Areas     []AreaRow  `json:"areas"`
}

// Actor is an organisation that can be responsible for an item.
type Actor struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
	Kind string `json:"kind"`
}

// Cell returns the sum of a year and source (zero when none).
func (o *Overview) Cell(year int64, source string) Cell {
	for _, c := range o.Cells {
		if c.Year == year && c.Source == source {
			return c
		}
	}
	return Cell{Year: year, Source: source}
}

// sum fills the cells from the items' lines in the filter's year and
// source, held against the approved frames.
func (o *Overview) sum(frames []*Frame) {
	f := o.Filter
	cells := map[[2]any]*Cell{}
	cell := func(y int64, s string) *Cell {
		k := [2]any{y, s}
		if cells[k] == nil {
			cells[k] = &Cell{Year: y, Source: s}
		}
		return cells[k]
	}
	for _, it := range o.Items {
		for _, l := range it.Budget {
			if f.Year != 0 && l.Year != f.Year || f.Source != "" && l.Source != f.Source {
				continue
			}
			c := cell(l.Year, l.Source)
			if l.Approved {
				c.Approved += l.AmountNOK
			} else {
				c.Planned += l.AmountNOK
			}
		}
	}
	for _, fr := range frames {
		if fr.State != FrameApproved || f.Year != 0 && fr.Year != f.Year || f.Source != "" && fr.Source != f.Source {
			continue
		}
		c := cell(fr.Year, fr.Source)
		amount := fr.AmountNOK
		c.Frame, c.FrameID = &amount, fr.ID
	}
	o.Cells, o.Years, o.Sources = nil, []int64{}, []string{}
	for _, c := range cells {
		if c.Frame != nil && c.Approved+c.Planned > *c.Frame {
			c.Over, c.OverBy = true, c.Approved+c.Planned-*c.Frame
		}
		o.Cells = append(o.Cells, *c)
		if !slices.Contains(o.Years, c.Year) {
			o.Years = append(o.Years, c.Year)
		}
	}
	slices.SortFunc(o.Cells, func(a, b Cell) int {
		return cmp.Or(cmp.Compare(a.Year, b.Year), cmp.Compare(slices.Index(FundingSources, a.Source), slices.Index(FundingSources, b.Source)))
	})
	slices.Sort(o.Years)
	for _, s := range FundingSources {
		if f.Source == "" || f.Source == s {
			o.Sources = append(o.Sources, s)
		}
	}
	o.YearTotals, o.SourceTotals = []Cell{}, []Cell{}
	for _, y := range o.Years {
		o.YearTotals = append(o.YearTotals, total(o.Cells, func(c Cell) bool { return c.Year == y }, Cell{Year: y}))
	}
	for _, s := range o.Sources {
		o.SourceTotals = append(o.SourceTotals, total(o.Cells, func(c Cell) bool { return c.Source == s }, Cell{Source: s}))
	}
	if o.Cells == nil {
		o.Cells = []Cell{}
	}
}

func total(cells []Cell, keep func(Cell) bool, t Cell) Cell {
	var frame int64
	framed := false
	for _, c := range cells {
		if keep(c) {
			t.Approved += c.Approved
			t.Planned += c.Planned
			if c.Frame != nil {
				frame += *c.Frame
				framed = true
			}
		}
	}
	if framed {
		t.Frame = &frame
	}
	return t
}

// Sum is the sum of every cell.
func (o *Overview) Sum() Cell {
	return total(o.Cells, func(Cell) bool { return true }, Cell{})
}

// Frame states: a draft kept by the secretariat, approved by a decision of
// the strategic council (then frozen).
const (
	FrameDraft    = "draft"
	FrameApproved = "approved"
)

// Frame is the budget frame of one year and funding source.
type Frame struct {
	ID         int64                   `json:"id"`
	Year       int64                   `json:"year"`
	Source     string                  `json:"source"`
	AmountNOK  int64                   `json:"amount_nok"`
	Note       string                  `json:"note"`
	State      string                  `json:"state"`
	DecisionID int64                   `json:"decision_id,omitempty"`
	Decision   *governance.DecisionRef `json:"decision,omitempty"`
	CreatedBy  int64                   `json:"created_by,omitempty"`
	CreatedAt  time.Time               `json:"created_at"`
	UpdatedAt  time.Time               `json:"updated_at"`
}
