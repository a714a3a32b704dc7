package optimize

import (
	"context"
	"errors"
	"testing"
	"time"
)

// FuzzParseInstance feeds arbitrary bytes to ParseInstance: it must never
// panic, must report problems as *InputError, and a valid small instance
// must solve to a feasible selection (proven optimal ones are checked
// against brute force).
func FuzzParseInstance(f *testing.F) {
	f.Add([]byte(validJSON))
	f.Add([]byte(`{"format":"portfolio-instance/v1","years":1,"budget":[0],"projects":[],"exclusive_groups":[]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		inst, err := ParseInstance(data)
		if err != nil {
			var in *InputError
			if !errors.As(err, &in) || in.Code == "" || in.Message == "" {
				t.Fatalf("error %v (%T) is not a complete *InputError", err, err)
			}
			return
		}
		if err := inst.Validate(); err != nil {
			t.Fatalf("parsed instance fails validation: %v", err)
		}
		if len(inst.Projects) > 40 || inst.Years > 10 {
			return
		}
		res, err := Solve(context.Background(), inst, Options{TimeLimit: time.Second})
		if err != nil {
			t.Fatalf("valid instance does not solve: %v", err)
		}
		if err := Check(inst, res.Selected); err != nil {
			t.Fatalf("infeasible selection: %v", err)
		}
		if res.Bound < res.Objective {
			t.Fatalf("bound %d below objective %d", res.Bound, res.Objective)
		}
		if len(inst.Projects) <= 12 && res.Optimal {
			if want := bruteForce(inst, Options{}); want != res.Objective {
				t.Fatalf("objective %d, brute force %d", res.Objective, want)
			}
		}
	})
}
