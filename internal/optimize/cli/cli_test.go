package optimizecli

import (
	"bytes"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
)

func ref(name string) string {
	return filepath.Join("..", "testdata", "portfolio", name)
}

func run(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code := Run(args, strings.NewReader(stdin), &out, &errOut)
	return code, out.String(), errOut.String()
}

func TestSolveReference(t *testing.T) {
	code, out, errOut := run(t, "", "solve", ref("pf-n100-t3-s42-k0.3-p1.5.json"))
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var res map[string]any
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatalf("output %q: %v", out, err)
	}
	for _, key := range []string{"objective", "selected", "cost_per_year", "optimal", "gap", "bound", "seconds"} {
		if _, ok := res[key]; !ok {
			t.Errorf("output lacks %q", key)
		}
	}
	if res["objective"] != 2587.0 || res["optimal"] != true || strings.Count(strings.TrimSpace(out), "\n") != 0 {
		t.Errorf("output %s", out)
	}
}

func TestSolveFlagsAfterFileAndExtras(t *testing.T) {
	code, out, errOut := run(t, "", "solve", ref("pf-n50-t3-s42-k0.3-p1.5.json"), "--time-limit", "10s", "--frontier", "3", "--explain")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var res struct {
		Objective int64 `json:"objective"`
		Frontier  []struct {
			Scale     float64 `json:"scale"`
			Objective int64   `json:"objective"`
		} `json:"frontier"`
		Explanations struct {
			Selected []json.RawMessage `json:"selected"`
			Rejected []json.RawMessage `json:"rejected"`
		} `json:"explanations"`
	}
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatal(err)
	}
	if len(res.Frontier) != 3 || res.Frontier[1].Scale != 0.8 || res.Objective != 1445 {
		t.Errorf("frontier %+v objective %d", res.Frontier, res.Objective)
	}
	if len(res.Explanations.Selected)+len(res.Explanations.Rejected) != 50 {
		t.Errorf("explanations cover %d+%d projects", len(res.Explanations.Selected), len(res.Explanations.Rejected))
	}
}

func TestSolveErrors(t *testing.T) {
	cases := []struct {
		name, stdin string
		args        []string
		want        []string
	}{
		{"missing file", "", []string{"solve", "/no/such/file.json"}, []string{"no such file"}},
		{"no file", "", []string{"solve"}, []string{"expected one instance file"}},
		{"two files", "", []string{"solve", "a.json", "b.json"}, []string{"expected one instance file, got 2"}},
		{"bad flag", "", []string{"solve", "--frontier", "-3", "x.json"}, []string{"--frontier"}},
		{"invalid instance", `{"format":"portfolio-instance/v1","years":1,"budget":[5],"projects":[{"id":"a","benefit":1,"cost":[-1]}],"exclusive_groups":[]}`,
			[]string{"solve", "-"}, []string{"projects[0].cost[0]", "cost_negative"}},
		{"bad json", `{"format":`, []string{"solve", "-"}, []string{"json"}},
		{"unknown subcommand", "", []string{"optimise"}, []string{"unknown or missing subcommand"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			code, out, errOut := run(t, c.stdin, c.args...)
			if code != 2 || out != "" {
				t.Fatalf("exit %d, stdout %q", code, out)
			}
			if strings.Count(strings.TrimSpace(errOut), "\n") != 0 {
				t.Errorf("error is not one line: %q", errOut)
			}
			for _, w := range c.want {
				if !strings.Contains(errOut, w) {
					t.Errorf("error %q lacks %q", errOut, w)
				}
			}
		})
	}
}

func TestHelp(t *testing.T) {
	for _, args := range [][]string{{"solve", "--help"}, {"--help"}} {
		code, out, _ := run(t, "", args...)
		if code != 0 || !strings.Contains(out, "usage: samstyr portfolio solve") {
			t.Errorf("%v: exit %d, %q", args, code, out)
		}
	}
}
