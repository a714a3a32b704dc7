package projects

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/samstyr/samstyr/internal/errs"
)

// act builds an activity of a project (pid, project name "P<pid>").
func act(id, pid int64, kind, name, start, end, forecast string, on ...int64) *Activity {
	x := &Activity{ID: id, ProjectID: pid, ProjectName: "P" + string(rune('A'-1+pid)), Kind: kind, Name: name,
		PlannedStart: start, PlannedEnd: end, ForecastEnd: forecast, DependsOn: on}
	if kind == KindMilestone {
		x.PlannedStart, x.ForecastStart = end, forecast
	}
	return x
}

// chainText writes a chain as "name<name<…" from the first step to the
// end milestone, with * after each tight step.
func chainText(c *Chain) string {
	var b []string
	for _, s := range c.Steps {
		t := s.Name
		if s.Tight {
			t += "*"
		}
		b = append(b, t)
	}
	return strings.Join(b, " > ")
}

func TestChains(t *testing.T) {
	fiks := &Component{ID: 1, Name: "Fiks", Owner: "KS", Status: ComponentDevelopment, PlannedDate: "2027-03-01", ForecastDate: "2027-05-01"}
	for _, tc := range []struct {
		name     string
		g        *PlanGraph
		project  int64
		want     string // the project's chain
		critical bool
		external bool
		err      error
	}{
		{name: "no dependencies: the end milestone alone",
			g:       &PlanGraph{Activities: []*Activity{act(1, 1, KindActivity, "a1", "2027-01-01", "2027-02-01", ""), act(2, 1, KindMilestone, "end", "", "2027-03-01", "", 1)}},
			project: 1, want: "a1 > end"},
		{name: "another project's slipped milestone with no slack: critical",
			g: &PlanGraph{Activities: []*Activity{
				act(1, 1, KindActivity, "build", "2027-03-01", "2027-05-01", "", 10), act(2, 1, KindMilestone, "A end", "", "2027-06-01", "", 1),
				act(10, 2, KindMilestone, "B api", "", "2027-02-15", "2027-04-01")}},
			project: 1, want: "B api* > build* > A end", critical: true, external: true},
		{name: "another project's milestone well before it is needed: not critical",
			g: &PlanGraph{Activities: []*Activity{
				act(1, 1, KindActivity, "build", "2027-03-01", "2027-05-01", "", 10), act(2, 1, KindMilestone, "A end", "", "2027-06-01", "", 1),
				act(10, 2, KindMilestone, "B api", "", "2027-01-15", "")}},
			project: 1, want: "B api > build > A end", external: true},
		{name: "slack at the end: the slip does not reach the end milestone",
			g: &PlanGraph{Activities: []*Activity{
				act(1, 1, KindActivity, "build", "2027-03-01", "2027-05-01", "", 10), act(2, 1, KindMilestone, "A end", "", "2027-09-01", "", 1),
				act(3, 1, KindActivity, "after", "2027-08-01", "2027-08-15", "", 1), act(10, 2, KindMilestone, "B api", "", "2027-03-15", "")}},
			project: 1, want: "B api* > build > A end", external: true},
		{name: "a component that slipped past the need: critical, from the component",
			g: &PlanGraph{Activities: []*Activity{
				act(1, 1, KindActivity, "integrate", "2027-04-01", "2027-06-01", "2027-07-01"), act(2, 1, KindMilestone, "A end", "", "2027-06-15", "2027-07-15", 1)},
				Components: []*Component{fiks}, ComponentDeps: []*ComponentDep{{ProjectID: 1, ActivityID: 1, ComponentID: 1}}},
			project: 1, want: "Fiks* > integrate* > A end", critical: true, external: true},
		{name: "of two dependencies the chain follows the later",
			g: &PlanGraph{Activities: []*Activity{
				act(1, 1, KindActivity, "build", "2027-03-01", "2027-05-01", "", 10, 20), act(2, 1, KindMilestone, "A end", "", "2027-06-01", "", 1),
				act(10, 2, KindMilestone, "B early", "", "2027-01-15", ""), act(20, 3, KindMilestone, "C late", "", "2027-02-01", "2027-04-01")}},
			project: 1, want: "C late* > build* > A end", critical: true, external: true},
		{name: "a chain through two projects",
			g: &PlanGraph{Activities: []*Activity{
				act(1, 1, KindActivity, "build", "2027-05-01", "2027-06-01", "", 11), act(2, 1, KindMilestone, "A end", "", "2027-06-01", "", 1),
				act(10, 2, KindActivity, "B work", "2027-02-01", "2027-05-01", "", 20), act(11, 2, KindMilestone, "B end", "", "2027-05-01", "", 10),
				act(20, 3, KindMilestone, "C data", "", "2027-02-01", "2027-02-10")}},
			project: 1, want: "C data* > B work* > B end* > build* > A end", critical: true, external: true},
		{name: "a cycle across projects is refused",
			g: &PlanGraph{Activities: []*Activity{
				act(1, 1, KindActivity, "a", "2027-01-01", "2027-02-01", "", 10), act(10, 2, KindMilestone, "b", "", "2027-03-01", "", 1)}},
			err: ErrDependencyCycle},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cs, err := Chains(tc.g)
			if tc.err != nil {
				if !errors.Is(err, tc.err) {
					t.Fatalf("err %v, want %v", err, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			for _, c := range cs {
				if c.ProjectID != tc.project {
					continue
				}
				if got := chainText(c); got != tc.want || c.Critical != tc.critical || c.External != tc.external {
					t.Errorf("chain %q critical %v external %v, want %q %v %v", got, c.Critical, c.External, tc.want, tc.critical, tc.external)
				}
				return
			}
			t.Fatalf("no chain for project %d in %v", tc.project, cs)
		})
	}
}

func TestSlippedFor(t *testing.T) {
	b := act(10, 2, KindMilestone, "B api", "", "2027-02-15", "2027-04-01")
	fiks := &Component{ID: 1, Name: "Fiks", Owner: "KS", Status: ComponentDevelopment, PlannedDate: "2027-03-01"}
	g := &PlanGraph{Activities: []*Activity{act(1, 1, KindActivity, "build", "2027-03-01", "2027-05-01", "", 10), b},
		Components: []*Component{fiks}, ComponentDeps: []*ComponentDep{{ProjectID: 1, ActivityID: 1, ComponentID: 1}}}
	got := SlippedFor(1, g)
	if len(got) != 1 || got[0].Name != "B api" || got[0].ProjectID != 2 || got[0].SlipDays != 45 {
		t.Fatalf("slipped %+v, want B api of project 2, 45 days", got)
	}
	if s := SlippedFor(2, g); len(s) != 0 {
		t.Errorf("project 2 depends on nothing, got %+v", s)
	}
	fiks.ForecastDate = "2027-03-20"
	if got := SlippedFor(1, g); len(got) != 2 || got[0].Kind != NodeComponent || got[0].SlipDays != 19 {
		t.Errorf("with Fiks slipped: %+v", got)
	}
	// The forecast is back: the flag is gone.
	b.ForecastEnd, b.ForecastStart, fiks.ForecastDate = "2027-02-15", "2027-02-15", ""
	if got := SlippedFor(1, g); len(got) != 0 {
		t.Errorf("forecast back on plan, still flagged: %+v", got)
	}
	// Done late: no longer waited for.
	b.ForecastEnd, b.ActualEnd = "2027-04-01", "2027-04-01"
	if got := SlippedFor(1, g); len(got) != 0 {
		t.Errorf("a milestone done is still flagged: %+v", got)
	}
}

func TestComponentValidate(t *testing.T) {
	for _, tc := range []struct {
		c     Component
		field string
	}{
		{Component{Name: "Fiks", Owner: "KS", Status: "production"}, ""},
		{Component{Owner: "KS"}, "name"},
		{Component{Name: "X", Owner: "Statens vegvesen"}, "owner"},
		{Component{Name: "X", Owner: "KS", Status: "gone"}, "status"},
		{Component{Name: "X", Owner: "KS", PlannedDate: "2027-13-01"}, "planned_date"},
		{Component{Name: "X", Owner: "KS", ForecastDate: "2027-01-01"}, "planned_date"},
	} {
		tc.c.Normalize()
		err := tc.c.Validate()
		if tc.field == "" && err != nil || tc.field != "" && !hasField(err, tc.field) {
			t.Errorf("%+v: %v, want field %q", tc.c, err, tc.field)
		}
	}
}

func hasField(err error, field string) bool {
	e := errs.As(err)
	return e != nil && slices.ContainsFunc(e.Fields, func(f errs.FieldError) bool { return f.Field == field })
}
