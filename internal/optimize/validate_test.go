package optimize

import (
	"context"
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"
)

// validJSON is a small valid instance: p3 needs p2, which needs p1; p4 and
// p5 are exclusive; p1 is mandatory.
const validJSON = `{
 "format": "portfolio-instance/v1",
 "name": "tiny",
 "cost_unit": "kNOK",
 "years": 2,
 "budget": [100, 100],
 "projects": [
  {"id": "p1", "benefit": 5, "cost": [10, 10], "mandatory": true},
  {"id": "p2", "benefit": 6, "cost": [20, 10], "prerequisites": ["p1"]},
  {"id": "p3", "benefit": 9, "cost": [30, 30], "prerequisites": ["p2"]},
  {"id": "p4", "benefit": 7, "cost": [40, 20]},
  {"id": "p5", "benefit": 8, "cost": [50, 20]}
 ],
 "exclusive_groups": [["p4", "p5"]],
 "generator": {"seed": 1, "anything": [1, 2]}
}`

// mutate decodes validJSON into a generic tree, applies f and re-encodes.
func mutate(t *testing.T, f func(m map[string]any)) []byte {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal([]byte(validJSON), &m); err != nil {
		t.Fatal(err)
	}
	f(m)
	data, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func project(m map[string]any, i int) map[string]any {
	return m["projects"].([]any)[i].(map[string]any)
}

func TestParseInstanceValid(t *testing.T) {
	inst, err := ParseInstance([]byte(validJSON))
	if err != nil {
		t.Fatal(err)
	}
	if len(inst.Projects) != 5 || inst.Years != 2 || !inst.Projects[0].Mandatory || len(inst.Generator) == 0 {
		t.Fatalf("decoded %+v", inst)
	}
	res, err := Solve(context.Background(), inst, Options{})
	if err != nil {
		t.Fatal(err)
	}
	// Best: p1, p2, p3 (60, 50) + p4 (40, 20) = 27; p5 instead of p4 breaks year 1.
	if want := []string{"p1", "p2", "p3", "p4"}; !reflect.DeepEqual(res.Selected, want) || res.Objective != 27 {
		t.Fatalf("got %v = %d, want %v = 27", res.Selected, res.Objective, want)
	}
}

func TestValidationCodes(t *testing.T) {
	cases := []struct {
		name, code, field string
		data              []byte
	}{
		{"syntax", CodeJSON, "", []byte(`{"format": `)},
		{"not an object", CodeJSON, "", []byte(`[1, 2]`)},
		{"wrong type", CodeJSON, "projects.benefit", mutate(t, func(m map[string]any) { project(m, 0)["benefit"] = 1.5 })},
		{"unknown field", CodeJSON, "colour", mutate(t, func(m map[string]any) { m["colour"] = "red" })},
		{"unknown project field", CodeJSON, "weight", mutate(t, func(m map[string]any) { project(m, 1)["weight"] = 3 })},
		{"trailing data", CodeJSON, "", []byte(validJSON + ` {}`)},
		{"format", CodeFormat, "format", mutate(t, func(m map[string]any) { m["format"] = "portfolio-instance/v2" })},
		{"years zero", CodeYears, "years", mutate(t, func(m map[string]any) { m["years"] = 0 })},
		{"years too many", CodeYears, "years", mutate(t, func(m map[string]any) { m["years"] = MaxYears + 1 })},
		{"budget length", CodeBudgetLength, "budget", mutate(t, func(m map[string]any) { m["budget"] = []int{1} })},
		{"budget negative", CodeBudgetNegative, "budget[1]", mutate(t, func(m map[string]any) { m["budget"] = []int{1, -1} })},
		{"budget too large", CodeValueTooLarge, "budget[0]", mutate(t, func(m map[string]any) { m["budget"] = []int64{MaxValue + 1, 1} })},
		{"empty id", CodeEmptyID, "projects[2].id", mutate(t, func(m map[string]any) { project(m, 2)["id"] = " " })},
		{"duplicate id", CodeDuplicateID, "projects[3].id", mutate(t, func(m map[string]any) { project(m, 3)["id"] = "p1" })},
		{"benefit negative", CodeBenefitNegative, "projects[1].benefit", mutate(t, func(m map[string]any) { project(m, 1)["benefit"] = -2 })},
		{"benefit too large", CodeValueTooLarge, "projects[1].benefit", mutate(t, func(m map[string]any) { project(m, 1)["benefit"] = int64(MaxValue) + 1 })},
		{"cost length", CodeCostLength, "projects[4].cost", mutate(t, func(m map[string]any) { project(m, 4)["cost"] = []int{1, 2, 3} })},
		{"cost negative", CodeCostNegative, "projects[3].cost[1]", mutate(t, func(m map[string]any) { project(m, 3)["cost"] = []int{1, -2} })},
		{"cost too large", CodeValueTooLarge, "projects[3].cost[0]", mutate(t, func(m map[string]any) { project(m, 3)["cost"] = []int64{MaxValue + 1, 2} })},
		{"unknown prerequisite", CodeUnknownID, "projects[1].prerequisites[1]", mutate(t, func(m map[string]any) { project(m, 1)["prerequisites"] = []string{"p1", "p9"} })},
		{"duplicate prerequisite", CodeDuplicatePrereq, "projects[2].prerequisites[1]", mutate(t, func(m map[string]any) { project(m, 2)["prerequisites"] = []string{"p2", "p2"} })},
		{"self prerequisite", CodePrerequisiteCycle, "projects[3].prerequisites", mutate(t, func(m map[string]any) { project(m, 3)["prerequisites"] = []string{"p4"} })},
		{"cycle", CodePrerequisiteCycle, "projects[0].prerequisites", mutate(t, func(m map[string]any) { project(m, 0)["prerequisites"] = []string{"p3"} })},
		{"group empty", CodeGroupEmpty, "exclusive_groups[1]", mutate(t, func(m map[string]any) { m["exclusive_groups"] = [][]string{{"p4", "p5"}, {}} })},
		{"group unknown id", CodeUnknownID, "exclusive_groups[0][1]", mutate(t, func(m map[string]any) { m["exclusive_groups"] = [][]string{{"p4", "p7"}} })},
		{"group duplicate", CodeDuplicateGroupMember, "exclusive_groups[0][2]", mutate(t, func(m map[string]any) { m["exclusive_groups"] = [][]string{{"p4", "p5", "p4"}} })},
		{"mandatory exclusive", CodeMandatoryExclusive, "exclusive_groups[0]", mutate(t, func(m map[string]any) {
			project(m, 3)["mandatory"] = true
			project(m, 4)["mandatory"] = true
		})},
		{"mandatory exclusive via prerequisite", CodeMandatoryExclusive, "exclusive_groups[2]", mutate(t, func(m map[string]any) {
			project(m, 2)["mandatory"] = true
			m["exclusive_groups"] = [][]string{{"p1", "p4"}, {"p2", "p5"}, {"p3", "p1"}}
		})},
		{"mandatory infeasible", CodeMandatoryInfeasible, "budget[0]", mutate(t, func(m map[string]any) { project(m, 2)["mandatory"] = true; m["budget"] = []int{59, 100} })},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := ParseInstance(c.data)
			var in *InputError
			if !errors.As(err, &in) {
				t.Fatalf("error %v (%T), want *InputError", err, err)
			}
			if in.Code != c.code || in.Field != c.field {
				t.Fatalf("got code %q field %q (%s), want %q %q", in.Code, in.Field, in.Message, c.code, c.field)
			}
			if in.Message == "" || in.Args == nil {
				t.Fatalf("missing message or args: %+v", in)
			}
		})
	}
}

func TestValidationDetails(t *testing.T) {
	_, err := ParseInstance(mutate(t, func(m map[string]any) {
		project(m, 0)["prerequisites"] = []string{"p3"}
	}))
	var in *InputError
	errors.As(err, &in)
	if cycle, _ := in.Args["cycle"].([]string); !reflect.DeepEqual(cycle, []string{"p1", "p3", "p2", "p1"}) {
		t.Errorf("cycle %v, want p1 → p3 → p2 → p1 (%s)", in.Args["cycle"], in.Message)
	}
	// p3 with its prerequisites costs 60 in year 1; the budget is 59.
	_, err = ParseInstance(mutate(t, func(m map[string]any) {
		project(m, 2)["mandatory"] = true
		m["budget"] = []int{59, 100}
	}))
	errors.As(err, &in)
	if in.Args["year"] != 1 || in.Args["excess"] != int64(1) || in.Args["cost"] != int64(60) {
		t.Errorf("args %v", in.Args)
	}
	if !strings.Contains(in.Message, "year 1") || !strings.Contains(in.Message, "by 1") {
		t.Errorf("message %q should name the year and the excess", in.Message)
	}
}

func TestTooManyProjects(t *testing.T) {
	inst := &Instance{Format: FormatV1, Years: 1, Budget: []int64{1}, Projects: make([]Project, MaxProjects+1)}
	var in *InputError
	if err := inst.Validate(); !errors.As(err, &in) || in.Code != CodeTooManyProjects {
		t.Fatalf("got %v", err)
	}
}

func TestOptionErrors(t *testing.T) {
	inst, err := ParseInstance([]byte(validJSON))
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name, code, field string
		opts              Options
	}{
		{"unknown force", CodeUnknownID, "force[0]", Options{Force: []string{"p9"}}},
		{"unknown forbid", CodeUnknownID, "forbid[1]", Options{Forbid: []string{"p4", "p9"}}},
		{"forbid mandatory", CodeForceConflict, "forbid[0]", Options{Forbid: []string{"p1"}}},
		{"forbid prerequisite of forced", CodeForceConflict, "forbid[0]", Options{Force: []string{"p3"}, Forbid: []string{"p2"}}},
		{"force exclusive pair", CodeForceConflict, "exclusive_groups[0]", Options{Force: []string{"p4", "p5"}}},
		{"force over budget", CodeForceInfeasible, "budget[0]", Options{Force: []string{"p3", "p5"}}},
		{"negative scale", CodeBudgetScale, "budget_scale", Options{BudgetScale: -1}},
		{"scale shrinks below mandatory", CodeMandatoryInfeasible, "budget[0]", Options{BudgetScale: 0.05}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := Solve(context.Background(), inst, c.opts)
			var in *InputError
			if !errors.As(err, &in) || in.Code != c.code || in.Field != c.field {
				t.Fatalf("got %v (%+v), want %s at %s", err, in, c.code, c.field)
			}
		})
	}
}
