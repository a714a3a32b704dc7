package projects_test

import (
	"slices"
	"testing"

	"github.com/samstyr/samstyr/internal/errs"
	"github.com/samstyr/samstyr/internal/projects"
)

func TestActivityCycle(t *testing.T) {
	edges := []projects.ActivityEdge{{From: 2, To: 1}, {From: 3, To: 2}, {From: 4, To: 3}, {From: 5, To: 1}}
	cases := []struct {
		name  string
		id    int64
		on    []int64
		cycle bool
	}{
		{"no dependencies", 1, nil, false},
		{"a chain forward", 6, []int64{4, 5}, false},
		{"direct back edge", 1, []int64{2}, true},
		{"long cycle", 1, []int64{4}, true},
		{"self", 3, []int64{3}, true},
		{"replacing an activity's own edges", 3, []int64{1}, false},
		{"a side branch", 5, []int64{4}, false},
		{"cycle through a replaced edge", 2, []int64{4}, true},
	}
	for _, c := range cases {
		path := projects.ActivityCycle(edges, c.id, c.on)
		if (path != nil) != c.cycle {
			t.Errorf("%s: cycle %v, want %v", c.name, path, c.cycle)
		}
		if path != nil && (path[0] != c.id || path[len(path)-1] != c.id) {
			t.Errorf("%s: path %v does not start and end at %d", c.name, path, c.id)
		}
	}
}

func TestActivityValidate(t *testing.T) {
	deliverables := []string{"Planregister", "Veileder"}
	cases := []struct {
		name   string
		x      projects.Activity
		fields []string
	}{
		{"good activity", projects.Activity{Kind: "activity", Name: "Bygg", PlannedStart: "2027-01-01", PlannedEnd: "2027-03-01", Deliverable: "Planregister"}, nil},
		{"good milestone", projects.Activity{Kind: "milestone", Name: "Ferdig", PlannedEnd: "2027-03-01", ForecastEnd: "2027-04-01"}, nil},
		{"no name, no dates", projects.Activity{Kind: "activity"}, []string{"name", "planned_start", "planned_end"}},
		{"end before start", projects.Activity{Kind: "activity", Name: "A", PlannedStart: "2027-03-01", PlannedEnd: "2027-01-01"}, []string{"planned_end"}},
		{"forecast end before start", projects.Activity{Kind: "activity", Name: "A", PlannedStart: "2027-01-01", PlannedEnd: "2027-02-01",
			ForecastStart: "2027-05-01", ForecastEnd: "2027-04-01"}, []string{"forecast_end"}},
		{"actual end before start", projects.Activity{Kind: "activity", Name: "A", PlannedStart: "2027-01-01", PlannedEnd: "2027-02-01",
			ActualStart: "2027-05-01", ActualEnd: "2027-04-30"}, []string{"actual_end"}},
		{"bad date", projects.Activity{Kind: "activity", Name: "A", PlannedStart: "1. mars", PlannedEnd: "2027-02-30"}, []string{"planned_start", "planned_end"}},
		{"unknown kind", projects.Activity{Kind: "fase", Name: "A", PlannedStart: "2027-01-01", PlannedEnd: "2027-01-02"}, []string{"kind"}},
		{"not a deliverable", projects.Activity{Kind: "activity", Name: "A", PlannedStart: "2027-01-01", PlannedEnd: "2027-01-02", Deliverable: "Noe annet"}, []string{"deliverable"}},
		{"depends on itself", projects.Activity{ID: 7, Kind: "activity", Name: "A", PlannedStart: "2027-01-01", PlannedEnd: "2027-01-02", DependsOn: []int64{7}}, []string{"depends_on"}},
	}
	for _, c := range cases {
		x := c.x
		x.Normalize()
		err := x.Validate(deliverables)
		var got []string
		if e := errs.As(err); e != nil {
			for _, f := range e.Fields {
				got = append(got, f.Field)
			}
		}
		slices.Sort(got)
		want := slices.Clone(c.fields)
		slices.Sort(want)
		if !slices.Equal(got, want) {
			t.Errorf("%s: fields %v, want %v (%v)", c.name, got, want, err)
		}
		if len(want) > 0 && errs.CodeOf(err) != errs.Invalid {
			t.Errorf("%s: code %v, want Invalid", c.name, errs.CodeOf(err))
		}
	}
}

func TestSlipped(t *testing.T) {
	x := projects.Activity{Kind: "milestone", PlannedEnd: "2027-03-01", ForecastEnd: "2027-03-11"}
	x.Normalize()
	if !x.Slipped() || x.SlipDays() != 10 {
		t.Errorf("forecast 10 days late: slipped %v, %d days", x.Slipped(), x.SlipDays())
	}
	x.ForecastEnd = "2027-02-20"
	if x.Slipped() || x.SlipDays() != 0 {
		t.Errorf("forecast early: slipped %v", x.Slipped())
	}
	x.ActualEnd = "2027-03-02"
	if !x.Slipped() || !x.Done() {
		t.Errorf("done a day late: slipped %v done %v", x.Slipped(), x.Done())
	}
}

func TestStaffLineAndRoles(t *testing.T) {
	bad := projects.StaffLine{Role: "boss", SharePct: 120, From: "2027-05-01", To: "2027-01-01"}
	e := errs.As(bad.Validate())
	var got []string
	for _, f := range e.Fields {
		got = append(got, f.Field)
	}
	if !slices.Equal(got, []string{"role", "organisation", "share_pct", "to"}) {
		t.Errorf("staff line fields %v", got)
	}
	lines := []*projects.StaffLine{{Role: "architect", PersonID: 3}, {Role: "expert"}, {Role: "expert"}, {Role: "process_leader"}, {Role: "process_leader", PersonID: 4}}
	st := projects.RoleStatuses(lines, nil)
	want := map[string]string{"process_leader": "filled", "architect": "filled", "expert": "open", "citizen_rep": "missing", "business_rep": "missing", "state_rep": "missing"}
	for _, s := range st {
		if want[s.Role] != s.Status {
			t.Errorf("role %s: %s, want %s", s.Role, s.Status, want[s.Role])
		}
	}
}

func TestICSFolds(t *testing.T) {
	b := string(projects.CalendarICS("Prosjekt", []projects.CalendarEvent{{UID: "x@y", Summary: "Et svært langt møtenavn med æøå som må brytes over flere linjer fordi det er lengre enn syttifem oktetter"}}))
	for _, line := range slices.Collect(func(yield func(string) bool) {
		for _, l := range splitCRLF(b) {
			if !yield(l) {
				return
			}
		}
	}) {
		if len(line) > 75 {
			t.Errorf("line longer than 75 octets: %q", line)
		}
	}
}

func splitCRLF(s string) []string {
	var out []string
	for len(s) > 0 {
		i := 0
		for i < len(s)-1 && !(s[i] == '\r' && s[i+1] == '\n') {
			i++
		}
		out = append(out, s[:i])
		if i+2 > len(s) {
			break
		}
		s = s[i+2:]
	}
	return out
}
